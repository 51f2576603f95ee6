use std::collections::HashMap;

fn main() {
    let text = "to be or not to be";
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word).or_insert(0) += 1;
    }
    println!("'to' appears {} times", counts["to"]);
}
