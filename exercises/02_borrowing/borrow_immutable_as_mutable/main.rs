// Fill the shopping cart. Make this compile.
fn main() {
    let cart = Vec::new();
    cart.push("apple");
    cart.push("bread");
    println!("{} items: {:?}", cart.len(), cart);
}
