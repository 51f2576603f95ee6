/// The first word of `text`: everything before the first space, or all of it.
pub fn first_word(text: &str) -> &str {
    for (i, byte) in text.bytes().enumerate() {
        if byte == b' ' {
            return &text[..i];
        }
    }
    text
}

fn main() {
    let sentence = String::from("hello world");
    println!("first word: {}", first_word(&sentence));
}
