// Return either the even or the odd numbers below 10, as one iterator type. Make this compile.
fn numbers(even: bool) -> Box<dyn Iterator> {
    if even {
        Box::new((0..10).filter(|n| n % 2 == 0))
    } else {
        Box::new((0..10).filter(|n| n % 2 == 1))
    }
}

fn main() {
    let evens: Vec<u32> = numbers(true).collect();
    let odds: Vec<u32> = numbers(false).collect();
    println!("even: {:?}\nodd: {:?}", evens, odds);
}
