fn full_name(first: &str, last: &str) -> String {
    format!("{} {}", first, last)
}

fn main() {
    println!("{}", full_name("Grace", "Hopper"));
}
