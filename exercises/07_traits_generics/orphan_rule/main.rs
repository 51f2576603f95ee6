// Print the scores as `1, 2, 3` with `{}`. Make this compile.
use std::fmt;

impl fmt::Display for Vec<u32> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let parts: Vec<String> = self.iter().map(|s| s.to_string()).collect();
        write!(f, "{}", parts.join(", "))
    }
}

fn main() {
    let scores = vec![1, 2, 3];
    println!("{}", scores);
}
