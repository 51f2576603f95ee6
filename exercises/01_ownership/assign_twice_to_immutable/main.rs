// Make this compile so that it counts the retries.
fn main() {
    let retries = 0;
    for attempt in 1..=3 {
        println!("attempt {}", attempt);
        retries += 1;
    }
    println!("retries: {}", retries);
}
