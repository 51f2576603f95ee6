use std::num::ParseIntError;

fn parse_quantity(input: &str) -> Result<u32, ParseIntError> {
    input.trim().parse()
}

fn main() {
    let quantity: u32 = parse_quantity(" 3 ").expect("quantity must be a number");
    println!("total: {} cents", quantity * 250);
}
