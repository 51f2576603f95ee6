fn main() {
    let tags = ["rust", "cli", "diagnostics"];
    let line: String = tags.join(", ");
    println!("tags: {}", line);
}
