// Make this compile without removing the `println!`. It should print `hello`.
fn main() {
    let s1 = String::from("hello");
    let s2 = s1;

    println!("{}", s1);
}
