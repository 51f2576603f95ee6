fn price(cents: u32, member: bool) -> u32 {
    let discount = if member { cents / 10 } else { 0 };
    cents - discount
}

fn main() {
    println!("member: {}", price(2000, true));
    println!("guest: {}", price(2000, false));
}
