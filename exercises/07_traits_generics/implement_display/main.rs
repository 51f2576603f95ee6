// Make `Money` display as dollars and cents (`$19.99`), so that the tests pass.
use std::fmt;

pub struct Money {
    pub cents: u64,
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "{} cents", self.cents)
    }
}

fn main() {
    let price = Money { cents: 1999 };
    println!("price: {}", price);
}
