// Run the farewell task twice. Make this compile and print the farewell both times.
fn run_twice<F: Fn()>(task: F) {
    task();
    task();
}

fn main() {
    let farewell = String::from("goodbye");
    let task = move || {
        let owned = farewell;
        println!("{}", owned);
    };
    run_twice(task);
}
