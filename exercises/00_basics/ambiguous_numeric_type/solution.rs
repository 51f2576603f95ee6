fn main() {
    let side: f64 = 1.0;
    let diagonal = (side * side + side * side).sqrt();
    println!("diagonal: {:.3}", diagonal);
}
