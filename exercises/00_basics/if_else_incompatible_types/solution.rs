fn main() {
    let items = 3;
    let size = if items < 10 { "small" } else { "large" };
    println!("{} items: {} order", items, size);
}
