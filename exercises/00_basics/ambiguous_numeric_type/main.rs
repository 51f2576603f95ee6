// Print the length of the diagonal of a unit square. Make this compile.
fn main() {
    let side = 1.0;
    let diagonal = (side * side + side * side).sqrt(); //~ ERROR can't call method `sqrt` on ambiguous numeric type `{float}` [E0689]
    println!("diagonal: {:.3}", diagonal);
}
