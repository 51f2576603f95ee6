// Collect the words of the sentence as owned Strings. Make this compile.
fn main() {
    let sentence = String::from("the quick brown fox");
    let words: Vec<String> = sentence.split(' ').collect();
    drop(sentence);
    println!("{} words, the last is {}", words.len(), words[3]);
}
