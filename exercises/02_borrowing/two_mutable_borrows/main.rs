// Give both players a bonus point. Make this compile.
fn main() {
    let mut scores = vec![10, 20];
    let first = &mut scores[0];
    let second = &mut scores[1];
    *first += 1;
    *second += 1;
    println!("{:?}", scores);
}
