// Store the two volume settings. Make this compile and print both.
fn main() {
    let quiet: u8 = 30;
    let loud: u8 = 300;
    println!("quiet: {}, loud: {}", quiet, loud);
}
