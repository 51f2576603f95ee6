trait Summary {
    fn summarize_author(&self) -> String;
    fn summarize(&self) -> String;
}

struct Tweet {
    username: String,
    content: String,
}

impl Summary for Tweet {
    fn summarize_author(&self) -> String {
        format!("@{}", self.username)
    }

    fn summarize(&self) -> String {
        format!("{}: {}", self.summarize_author(), self.content)
    }
}

fn main() {
    let tweet = Tweet { username: String::from("rustlang"), content: String::from("1.95 is out") };
    println!("{}", tweet.summarize());
}
