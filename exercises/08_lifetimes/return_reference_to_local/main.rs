// Make `greeting` compile.
fn greeting(name: &str) -> &str {
    let message = format!("Hello, {}!", name);
    &message
}

fn main() {
    println!("{}", greeting("Ferris"));
}
