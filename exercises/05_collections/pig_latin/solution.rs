/// Pig Latin: "first" becomes "irst-fay" (the first consonant moves to the end, plus
/// "ay"), and words that start with a vowel get "-hay" added: "apple" becomes "apple-hay".
pub fn pig_latin(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        None => String::new(),
        Some(first) if "aeiouAEIOU".contains(first) => format!("{}-hay", word),
        Some(first) => format!("{}-{}ay", chars.as_str(), first),
    }
}

fn main() {
    for word in ["first", "apple", "rust"] {
        println!("{} -> {}", word, pig_latin(word));
    }
}
