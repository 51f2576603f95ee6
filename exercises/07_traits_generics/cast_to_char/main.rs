// Turn the digits into text: print `digits: 2024`. Make this compile.
fn main() {
    let digits: Vec<u32> = vec![2, 0, 2, 4];
    let text: String = digits.iter().map(|&d| (d + 48) as char).collect(); //~ ERROR only `u8` can be cast as `char`, not `u32` [E0604]
    println!("digits: {}", text);
}
