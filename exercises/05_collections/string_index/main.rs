// Print the first letter of the name. Make this compile.
fn main() {
    let name = String::from("Zoë");
    let first = name[0];
    println!("{} starts with {}", name, first);
}
