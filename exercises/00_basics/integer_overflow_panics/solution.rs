fn total_sold(sales: &[u8]) -> u32 {
    let mut total = 0;
    for &count in sales {
        total += u32::from(count);
    }
    total
}

fn main() {
    let sales = [120, 90, 75];
    println!("counters: {}", sales.len());
    println!("tickets sold: {}", total_sold(&sales));
}
