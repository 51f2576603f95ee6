fn run_twice<F: Fn()>(task: F) {
    task();
    task();
}

fn main() {
    let farewell = String::from("goodbye");
    let task = move || {
        let borrowed = &farewell;
        println!("{}", borrowed);
    };
    run_twice(task);
}
