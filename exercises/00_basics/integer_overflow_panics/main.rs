// This compiles, but panics when it runs. Make it print the day's ticket total.
fn total_sold(sales: &[u8]) -> u8 {
    let mut total = 0;
    for &count in sales {
        total += count;
    }
    total
}

fn main() {
    let sales = [120, 90, 75];
    println!("counters: {}", sales.len());
    println!("tickets sold: {}", total_sold(&sales));
}
