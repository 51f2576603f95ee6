// Look a user's score up, inserting 0 for a new user. Make this compile.
use std::collections::HashMap;

fn score_of<'m>(scores: &'m mut HashMap<String, u32>, name: &str) -> &'m mut u32 {
    if let Some(score) = scores.get_mut(name) {
        return score;
    }
    scores.insert(name.to_string(), 0);
    scores.get_mut(name).unwrap()
}

fn main() {
    let mut scores = HashMap::new();
    *score_of(&mut scores, "ana") += 10;
    *score_of(&mut scores, "ana") += 5;
    *score_of(&mut scores, "bo") += 1;
    println!("ana: {}, bo: {}", scores["ana"], scores["bo"]);
}
