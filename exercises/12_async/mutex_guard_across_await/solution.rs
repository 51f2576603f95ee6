// Record an order from a background task. Make this compile and print `orders: 2`.
use std::sync::{Arc, Mutex};

async fn save(count: u32) -> u32 {
    count
}

#[tokio::main]
async fn main() {
    let orders = Arc::new(Mutex::new(1));
    let task = tokio::spawn({
        let orders = Arc::clone(&orders);
        async move {
            let count = {
                let mut count = orders.lock().unwrap();
                *count += 1;
                *count
            };
            save(count).await
        }
    });
    println!("orders: {}", task.await.unwrap());
}
