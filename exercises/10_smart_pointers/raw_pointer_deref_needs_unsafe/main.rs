// Read the number through both raw pointers. Make this compile.
fn main() {
    let mut num = 5;
    let r1 = &raw const num;
    let r2 = &raw mut num;
    println!("r1 is: {}", *r1);
    println!("r2 is: {}", *r2);
}
