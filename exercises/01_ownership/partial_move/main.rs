// Make this compile: print the customer, then the whole order.
#[derive(Debug)]
struct Order {
    customer: String,
    items: u32,
}

fn main() {
    let order = Order { customer: String::from("Ana"), items: 3 };
    let customer = order.customer;
    println!("customer: {}", customer);
    println!("order: {:?}", order);
}
