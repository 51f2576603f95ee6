// Return the first word of `text` as a slice of it, so that the exercise's tests pass.
/// The first word of `text`: everything before the first space, or all of it.
pub fn first_word(text: &str) -> &str {
    todo!("return the slice of {text:?} before its first space")
}

fn main() {
    let sentence = String::from("hello world");
    println!("first word: {}", first_word(&sentence));
}
