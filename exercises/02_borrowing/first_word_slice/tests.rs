use super::*;

#[test]
fn stops_at_the_first_space() {
    assert_eq!(first_word("hello world"), "hello");
    assert_eq!(first_word("a b c"), "a");
}

#[test]
fn a_single_word_is_the_whole_text() {
    assert_eq!(first_word("ferris"), "ferris");
    assert_eq!(first_word(""), "");
}

#[test]
fn leading_and_trailing_spaces_count() {
    assert_eq!(first_word(" indented"), "");
    assert_eq!(first_word("trailing "), "trailing");
}
