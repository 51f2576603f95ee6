// Members get 10% off. Make this compile and print the price for both customers.
fn price(cents: u32, member: bool) -> u32 {
    let discount: u32;
    if member {
        discount = cents / 10;
    }
    cents - discount
}

fn main() {
    println!("member: {}", price(2000, true));
    println!("guest: {}", price(2000, false));
}
