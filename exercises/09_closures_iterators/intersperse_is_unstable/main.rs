// Print the tags separated by commas, on stable Rust. Make this compile.
fn main() {
    let tags = ["rust", "cli", "diagnostics"];
    let line: String = tags.iter().copied().intersperse(", ").collect();
    println!("tags: {}", line);
}
