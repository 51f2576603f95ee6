fn main() {
    let mut balance = 100;
    let before = balance;
    let account = &mut balance;
    *account -= 30;
    println!("before: {}, after: {}", before, balance);
}
