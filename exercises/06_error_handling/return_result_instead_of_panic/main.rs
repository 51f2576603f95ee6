// `parse_percent` panics on bad input: return an `Err` instead, so the tests pass.
/// Parses a whole percentage, 0 to 100, ignoring surrounding spaces. Errors are
/// "not a number: <text>" and "<n> is more than 100%".
pub fn parse_percent(text: &str) -> Result<u8, String> {
    let value: u8 = text.trim().parse().unwrap();
    if value > 100 {
        panic!("{} is more than 100%", value);
    }
    Ok(value)
}

fn main() {
    println!("{:?}", parse_percent(" 42 "));
}
