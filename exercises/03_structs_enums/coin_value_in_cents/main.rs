// Implement `value_in_cents` with a `match`, so that the exercise's tests pass.
#[derive(Debug, PartialEq)]
pub enum UsState { Alabama, Alaska }

#[derive(Debug)]
pub enum Coin { Penny, Nickel, Dime, Quarter(UsState) }

/// A coin's value in cents: 1, 5, 10 or 25.
pub fn value_in_cents(coin: &Coin) -> u8 {
    todo!("match on {coin:?}")
}

/// The state on a quarter, `None` for other coins.
pub fn quarter_state(coin: &Coin) -> Option<&UsState> {
    todo!("match on {coin:?} and bind the state of a quarter")
}

fn main() {
    let coin = Coin::Quarter(UsState::Alaska);
    println!("{:?} is worth {} cents", coin, value_in_cents(&coin));
}
