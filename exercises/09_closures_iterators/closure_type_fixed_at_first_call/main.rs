// Label a name and a number with the same closure. Make this compile.
fn main() {
    let label = |value| format!("[{}]", value);
    let name = label(String::from("ferris"));
    let count = label(5);
    println!("{} {}", name, count);
}
