// Implement `TryFrom<u8>` for `Weekday` (1 is Monday), so that the tests pass.
#[derive(Debug, PartialEq)]
pub enum Weekday { Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday }

impl TryFrom<u8> for Weekday {
    type Error = String;

    /// 1 to 7 are Monday to Sunday; anything else is the error "no weekday number N".
    fn try_from(number: u8) -> Result<Self, Self::Error> {
        todo!("convert {number}")
    }
}

fn main() {
    println!("{:?}", Weekday::try_from(5));
}
