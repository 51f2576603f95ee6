// Print `hello and hello`, then `hello, world`. Reorder the lines: don't add or remove any.
fn main() {
    let mut s = String::from("hello");

    let r1 = &s;
    let r2 = &s;
    let r3 = &mut s;
    r3.push_str(", world");
    println!("{} and {}", r1, r2);
    println!("{}", r3);
}
