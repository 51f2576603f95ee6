// The order is never saved. Make this print `saved order 7`, then `done`.
async fn save_order(id: u32) {
    println!("saved order {id}");
}

#[tokio::main]
async fn main() {
    save_order(7);
    println!("done");
}
