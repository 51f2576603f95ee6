fn main() {
    let prices = [120, 250, 99];
    let mut total = 0;
    for price in prices {
        total += price;
    }
    println!("total: {}", total);
}
