// Make this compile: print the customer, then describe the whole order.
struct Order {
    customer: String,
    items: u32,
}

fn describe(order: &Order) -> String {
    format!("{} item(s) for {}", order.items, order.customer)
}

fn main() {
    let order = Order { customer: String::from("Ana"), items: 3 };
    let customer = order.customer;
    println!("customer: {}", customer);
    println!("order: {}", describe(&order));
}
