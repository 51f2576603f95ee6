// Tweets use the default `summarize`, articles override it. Make the tests pass.
pub trait Summary {
    fn summarize_author(&self) -> String;

    fn summarize(&self) -> String {
        format!("(Read more from {}...)", self.summarize_author())
    }
}

pub struct Tweet { pub username: String }
pub struct Article { pub headline: String, pub author: String }

impl Summary for Tweet {
    fn summarize_author(&self) -> String { format!("@{}", self.username) }
    fn summarize(&self) -> String { self.summarize_author() }
}

impl Summary for Article {
    fn summarize_author(&self) -> String { self.author.clone() }
}

fn main() {
    let tweet = Tweet { username: String::from("horse_ebooks") };
    println!("1 new tweet: {}", tweet.summarize());
}
