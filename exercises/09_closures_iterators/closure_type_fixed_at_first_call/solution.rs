fn main() {
    let label = |value| format!("[{}]", value);
    let name = label(String::from("ferris"));
    let count = label(5.to_string());
    println!("{} {}", name, count);
}
