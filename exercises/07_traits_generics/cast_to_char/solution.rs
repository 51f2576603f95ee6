fn main() {
    let digits: Vec<u32> = vec![2, 0, 2, 4];
    let text: String = digits
        .iter()
        .map(|&d| char::from_digit(d, 10).expect("a digit is below 10"))
        .collect();
    println!("digits: {}", text);
}
