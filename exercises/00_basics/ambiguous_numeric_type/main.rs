// Print the length of the diagonal of a unit square. Make this compile.
fn main() {
    let side = 1.0;
    let diagonal = (side * side + side * side).sqrt();
    println!("diagonal: {:.3}", diagonal);
}
