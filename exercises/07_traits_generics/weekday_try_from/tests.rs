use super::*;

#[test]
fn one_to_seven_are_the_days_of_the_week() {
    assert_eq!(Weekday::try_from(1), Ok(Weekday::Monday));
    assert_eq!(Weekday::try_from(3), Ok(Weekday::Wednesday));
    assert_eq!(Weekday::try_from(7), Ok(Weekday::Sunday));
}

#[test]
fn other_numbers_are_refused() {
    assert_eq!(Weekday::try_from(0), Err(String::from("no weekday number 0")));
    assert_eq!(Weekday::try_from(8), Err(String::from("no weekday number 8")));
}

#[test]
fn try_into_comes_for_free() {
    let day: Result<Weekday, String> = 6u8.try_into();
    assert_eq!(day, Ok(Weekday::Saturday));
}
