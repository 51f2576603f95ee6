use std::fmt;

struct Scores(Vec<u32>);

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|s| s.to_string()).collect();
        write!(f, "{}", parts.join(", "))
    }
}

fn main() {
    let scores = Scores(vec![1, 2, 3]);
    println!("{}", scores);
}
