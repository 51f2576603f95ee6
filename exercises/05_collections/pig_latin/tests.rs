use super::*;

#[test]
fn a_consonant_moves_to_the_end() {
    assert_eq!(pig_latin("first"), "irst-fay");
    assert_eq!(pig_latin("rust"), "ust-ray");
}

#[test]
fn a_vowel_gets_hay() {
    assert_eq!(pig_latin("apple"), "apple-hay");
    assert_eq!(pig_latin("Ocean"), "Ocean-hay");
}

#[test]
fn letters_are_chars_not_bytes() {
    assert_eq!(pig_latin("émigré"), "migré-éay");
    assert_eq!(pig_latin("ñu"), "u-ñay");
}

#[test]
fn the_empty_word_stays_empty() {
    assert_eq!(pig_latin(""), "");
}
