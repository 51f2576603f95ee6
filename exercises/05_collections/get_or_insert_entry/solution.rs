use std::collections::HashMap;

fn score_of<'m>(scores: &'m mut HashMap<String, u32>, name: &str) -> &'m mut u32 {
    scores.entry(name.to_string()).or_insert(0)
}

fn main() {
    let mut scores = HashMap::new();
    *score_of(&mut scores, "ana") += 10;
    *score_of(&mut scores, "ana") += 5;
    *score_of(&mut scores, "bo") += 1;
    println!("ana: {}, bo: {}", scores["ana"], scores["bo"]);
}
