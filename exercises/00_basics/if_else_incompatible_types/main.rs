// Describe the size of an order. Make this compile and print `3 items: small order`.
fn main() {
    let items = 3;
    let size = if items < 10 { "small" } else { items };
    println!("{} items: {} order", items, size);
}
