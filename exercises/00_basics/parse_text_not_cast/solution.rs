fn main() {
    let input = String::from("21\n");
    let quantity: u32 = input.trim().parse().expect("the quantity must be a number");
    println!("double: {}", quantity * 2);
}
