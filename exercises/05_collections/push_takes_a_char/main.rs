// Build the greeting `Hello, world!`. Make this compile.
fn main() {
    let mut greeting = String::from("Hello");
    greeting.push_str(", world");
    greeting.push("!");
    println!("{}", greeting);
}
