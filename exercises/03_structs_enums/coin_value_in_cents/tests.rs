use super::*;

#[test]
fn each_coin_has_its_value() {
    assert_eq!(value_in_cents(&Coin::Penny), 1);
    assert_eq!(value_in_cents(&Coin::Nickel), 5);
    assert_eq!(value_in_cents(&Coin::Dime), 10);
    assert_eq!(value_in_cents(&Coin::Quarter(UsState::Alabama)), 25);
}

#[test]
fn a_quarter_names_its_state() {
    assert_eq!(quarter_state(&Coin::Quarter(UsState::Alaska)), Some(&UsState::Alaska));
    assert_eq!(quarter_state(&Coin::Quarter(UsState::Alabama)), Some(&UsState::Alabama));
}

#[test]
fn other_coins_have_no_state() {
    assert_eq!(quarter_state(&Coin::Dime), None);
    assert_eq!(quarter_state(&Coin::Penny), None);
}
