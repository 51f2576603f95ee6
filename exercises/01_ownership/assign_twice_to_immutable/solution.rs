fn main() {
    let mut retries = 0;
    for attempt in 1..=3 {
        println!("attempt {}", attempt);
        retries += 1;
    }
    println!("retries: {}", retries);
}
