fn main() {
    let name = "  Ferris  ";
    let upper = name.to_uppercase();
    let trimmed: &str = upper.trim();
    println!("[{}]", trimmed);
}
