// Withdraw 30 from the balance and print the balance before and after. Make this compile.
fn main() {
    let mut balance = 100;
    let account = &mut balance;
    let before = balance;
    *account -= 30;
    println!("before: {}, after: {}", before, balance);
}
