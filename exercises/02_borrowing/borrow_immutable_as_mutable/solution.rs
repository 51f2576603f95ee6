fn main() {
    let mut cart = Vec::new();
    cart.push("apple");
    cart.push("bread");
    println!("{} items: {:?}", cart.len(), cart);
}
