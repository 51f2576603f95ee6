/// Parses a whole percentage, 0 to 100, ignoring surrounding spaces. Errors are
/// "not a number: <text>" and "<n> is more than 100%".
pub fn parse_percent(text: &str) -> Result<u8, String> {
    let value: u8 = text
        .trim()
        .parse()
        .map_err(|_| format!("not a number: {}", text.trim()))?;
    if value > 100 {
        return Err(format!("{} is more than 100%", value));
    }
    Ok(value)
}

fn main() {
    println!("{:?}", parse_percent(" 42 "));
}
