// Read the stock level. Make this compile and print `pens in stock: 12`.
async fn fetch_stock(item: &str) -> u32 {
    if item == "pen" { 12 } else { 0 }
}

#[tokio::main]
async fn main() {
    let pens: u32 = fetch_stock("pen").await;
    println!("pens in stock: {pens}");
}
