// The tests below say that `Guess::new(200)` must panic. Make them pass.
pub struct Guess { value: i32 }

impl Guess {
    pub fn new(value: i32) -> Guess {
        Guess { value }
    }
    pub fn value(&self) -> i32 { self.value }
}

fn main() {
    println!("guess: {}", Guess::new(42).value());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[should_panic(expected = "between 1 and 100")]
    fn greater_than_100() { Guess::new(200); }

    #[test]
    fn in_range() { assert_eq!(Guess::new(42).value(), 42); }
}
