// Send an order as JSON. Make this compile and print `{"id":7,"placed":1700000000}`.
use serde::Serialize;

struct Timestamp(u64);

#[derive(Serialize)]
struct Order {
    id: u32,
    placed: Timestamp,
}

fn main() {
    let order = Order { id: 7, placed: Timestamp(1_700_000_000) };
    println!("{}", serde_json::to_string(&order).unwrap());
}
