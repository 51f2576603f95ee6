fn main() {
    let mut num = 5;
    let r1 = &raw const num;
    let r2 = &raw mut num;
    // SAFETY: both pointers come from `num`, which is alive and not borrowed otherwise.
    unsafe {
        println!("r1 is: {}", *r1);
        println!("r2 is: {}", *r2);
    }
}
