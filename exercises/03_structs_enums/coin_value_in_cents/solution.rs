#[derive(Debug, PartialEq)]
pub enum UsState { Alabama, Alaska }

#[derive(Debug)]
pub enum Coin { Penny, Nickel, Dime, Quarter(UsState) }

/// A coin's value in cents: 1, 5, 10 or 25.
pub fn value_in_cents(coin: &Coin) -> u8 {
    match coin {
        Coin::Penny => 1,
        Coin::Nickel => 5,
        Coin::Dime => 10,
        Coin::Quarter(_) => 25,
    }
}

/// The state on a quarter, `None` for other coins.
pub fn quarter_state(coin: &Coin) -> Option<&UsState> {
    match coin {
        Coin::Quarter(state) => Some(state),
        _ => None,
    }
}

fn main() {
    let coin = Coin::Quarter(UsState::Alaska);
    println!("{:?} is worth {} cents", coin, value_in_cents(&coin));
}
