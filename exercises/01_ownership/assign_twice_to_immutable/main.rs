// Make this compile so that it counts the retries.
fn main() {
    let retries = 0;
    for attempt in 1..=3 {
        println!("attempt {}", attempt);
        retries += 1; //~ ERROR cannot assign twice to immutable variable `retries` [E0384]
    }
    println!("retries: {}", retries);
}
