fn main() {
    let mut price = 100;
    let shown = price;
    price = 120;
    println!("shown: {}, now: {}", shown, price);
}
