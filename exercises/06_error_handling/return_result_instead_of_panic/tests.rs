use super::*;

#[test]
fn accepts_whole_percentages() {
    assert_eq!(parse_percent("0"), Ok(0));
    assert_eq!(parse_percent(" 42 "), Ok(42));
    assert_eq!(parse_percent("100"), Ok(100));
}

#[test]
fn text_is_not_a_number() {
    assert_eq!(parse_percent("lots"), Err(String::from("not a number: lots")));
    assert_eq!(parse_percent(" -5 "), Err(String::from("not a number: -5")));
}

#[test]
fn more_than_a_hundred_is_an_error() {
    assert_eq!(parse_percent("150"), Err(String::from("150 is more than 100%")));
}
