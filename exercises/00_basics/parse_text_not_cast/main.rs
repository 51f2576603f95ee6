// The user typed a quantity. Turn the text into a number: print `double: 42`.
fn main() {
    let input = String::from("21\n");
    let quantity = input as u32;
    println!("double: {}", quantity * 2);
}
