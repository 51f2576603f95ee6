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
}

impl Summary for Article {
    fn summarize_author(&self) -> String { self.author.clone() }
    fn summarize(&self) -> String { format!("{}, by {}", self.headline, self.author) }
}

fn main() {
    let tweet = Tweet { username: String::from("horse_ebooks") };
    println!("1 new tweet: {}", tweet.summarize());
}
