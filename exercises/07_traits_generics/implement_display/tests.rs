use super::*;

#[test]
fn dollars_and_cents() {
    assert_eq!(Money { cents: 1999 }.to_string(), "$19.99");
}

#[test]
fn cents_always_have_two_digits() {
    assert_eq!(Money { cents: 5 }.to_string(), "$0.05");
    assert_eq!(Money { cents: 120 }.to_string(), "$1.20");
}

#[test]
fn large_amounts_keep_every_dollar() {
    assert_eq!(Money { cents: 100000 }.to_string(), "$1000.00");
}
