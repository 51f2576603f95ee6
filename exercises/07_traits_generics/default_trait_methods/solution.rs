// This one already compiles although the impl doesn't define `summarize`.
// Predict what it prints.
trait Summary {
    fn summarize_author(&self) -> String;

    fn summarize(&self) -> String {
        format!("(Read more from {}...)", self.summarize_author())
    }
}

struct Tweet {
    username: String,
}

impl Summary for Tweet {
    fn summarize_author(&self) -> String {
        format!("@{}", self.username)
    }
}

fn main() {
    let tweet = Tweet { username: String::from("horse_ebooks") };
    println!("1 new tweet: {}", tweet.summarize());
}
