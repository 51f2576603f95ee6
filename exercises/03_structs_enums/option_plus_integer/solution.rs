fn main() {
    let points: i8 = 5;
    let bonus: Option<i8> = Some(2);
    let total = points + bonus.unwrap_or(0);
    println!("total: {}", total);
}
