// Read an order from JSON. Make this compile and print `order 7: 3 x tea`.
use serde::Serialize;

#[derive(Serialize)]
struct Order {
    id: u32,
    item: String,
    quantity: u32,
}

fn main() {
    let json = r#"{"id": 7, "item": "tea", "quantity": 3}"#;
    let order: Order = serde_json::from_str(json).unwrap();
    println!("order {}: {} x {}", order.id, order.quantity, order.item);
}
