// This one already compiles: predict what it prints, then explain why
// `x` is still usable after `let y = x;` while a `String` would not be.
fn main() {
    let x = 5;
    let y = x;

    println!("x = {}, y = {}", x, y);
}
