// Add the bonus points, if there are any. Make this compile and print `total: 7`.
fn main() {
    let points: i8 = 5;
    let bonus: Option<i8> = Some(2);
    let total = points + bonus;
    println!("total: {}", total);
}
