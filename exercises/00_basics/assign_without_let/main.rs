// Add up the prices in the basket. Make this compile and print `total: 469`.
fn main() {
    let prices = [120, 250, 99];
    total = 0;
    for price in prices {
        total += price;
    }
    println!("total: {}", total);
}
