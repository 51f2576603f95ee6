use super::*;

#[test]
fn over_90_percent_sends_one_warning() {
    let mock = MockMessenger::new();
    check_quota(&mock, 95, 100);
    assert_eq!(mock.sent(), [String::from("Warning: you've used over 90% of your quota!")]);
}

#[test]
fn under_90_percent_sends_nothing() {
    let mock = MockMessenger::new();
    check_quota(&mock, 50, 100);
    assert!(mock.sent().is_empty());
}

#[test]
fn every_message_is_recorded() {
    let mock = MockMessenger::new();
    mock.send("one");
    mock.send("two");
    assert_eq!(mock.sent().len(), 2);
}
