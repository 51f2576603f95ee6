fn main() {
    let quiet: u16 = 30;
    let loud: u16 = 300;
    println!("quiet: {}, loud: {}", quiet, loud);
}
