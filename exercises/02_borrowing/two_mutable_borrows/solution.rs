fn main() {
    let mut scores = vec![10, 20];
    let first = &mut scores[0];
    *first += 1;
    let second = &mut scores[1];
    *second += 1;
    println!("{:?}", scores);
}
