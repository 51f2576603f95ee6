fn numbers(even: bool) -> Box<dyn Iterator<Item = u32>> {
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
