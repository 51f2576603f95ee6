#[derive(Debug, PartialEq)]
pub enum Weekday { Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday }

impl TryFrom<u8> for Weekday {
    type Error = String;

    /// 1 to 7 are Monday to Sunday; anything else is the error "no weekday number N".
    fn try_from(number: u8) -> Result<Self, Self::Error> {
        match number {
            1 => Ok(Weekday::Monday),
            2 => Ok(Weekday::Tuesday),
            3 => Ok(Weekday::Wednesday),
            4 => Ok(Weekday::Thursday),
            5 => Ok(Weekday::Friday),
            6 => Ok(Weekday::Saturday),
            7 => Ok(Weekday::Sunday),
            other => Err(format!("no weekday number {}", other)),
        }
    }
}

fn main() {
    println!("{:?}", Weekday::try_from(5));
}
