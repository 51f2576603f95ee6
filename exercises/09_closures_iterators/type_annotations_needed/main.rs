// Split the tag list and count the tags. Make this compile.
fn main() {
    let input = "rust,cli,diagnostics";
    let tags = input.split(',').collect();
    println!("{} tags", tags.len());
}
