fn main() {
    let input = "rust,cli,diagnostics";
    let tags: Vec<&str> = input.split(',').collect();
    println!("{} tags", tags.len());
}
