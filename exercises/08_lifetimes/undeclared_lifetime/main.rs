// Return the shorter of two names. Make this compile.
fn shorter(a: &'a str, b: &'a str) -> &'a str {
    if a.len() <= b.len() { a } else { b }
}

fn main() {
    let first = String::from("Bartholomew");
    println!("shorter: {}", shorter(&first, "Ana"));
}
