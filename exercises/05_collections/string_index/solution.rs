fn main() {
    let name = String::from("Zoë");
    let first = name.chars().next().unwrap();
    println!("{} starts with {}", name, first);
}
