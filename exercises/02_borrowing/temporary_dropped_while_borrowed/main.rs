// Print the user name upper-cased and trimmed. Make this compile.
fn main() {
    let name = "  Ferris  ";
    let trimmed: &str = name.to_uppercase().trim();
    println!("[{}]", trimmed);
}
