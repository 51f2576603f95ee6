// Implement `pig_latin`, so that the exercise's tests pass.
/// Pig Latin: "first" becomes "irst-fay" (the first consonant moves to the end, plus
/// "ay"), and words that start with a vowel get "-hay" added: "apple" becomes "apple-hay".
pub fn pig_latin(word: &str) -> String {
    todo!("translate {word:?}")
}

fn main() {
    for word in ["first", "apple", "rust"] {
        println!("{} -> {}", word, pig_latin(word));
    }
}
