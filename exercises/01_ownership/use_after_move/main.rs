// Make this compile without removing a `println!`: print `s2 = hello`, then `s1 = hello`.
fn main() {
    let s1 = String::from("hello");
    let s2 = s1;
    println!("s2 = {}", s2);
    println!("s1 = {}", s1);
}
