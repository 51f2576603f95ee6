// Show the price the customer saw and the new price. Make this compile.
fn main() {
    let mut price = 100;
    let shown = &price;
    price = 120; //~ ERROR cannot assign to `price` because it is borrowed [E0506]
    println!("shown: {}, now: {}", shown, price);
}
