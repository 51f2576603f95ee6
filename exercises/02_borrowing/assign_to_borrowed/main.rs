// Show the price the customer saw and the new price. Make this compile.
fn main() {
    let mut price = 100;
    let shown = &price;
    price = 120;
    println!("shown: {}, now: {}", shown, price);
}
