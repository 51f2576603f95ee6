fn main() {
    let sentence = String::from("the quick brown fox");
    let words: Vec<String> = sentence.split(' ').map(String::from).collect();
    drop(sentence);
    println!("{} words, the last is {}", words.len(), words[3]);
}
