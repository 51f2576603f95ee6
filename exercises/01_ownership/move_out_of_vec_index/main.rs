// Make this compile: show the first name in the list and how many names there are.
fn main() {
    let names = vec![String::from("ana"), String::from("bo")];
    let first = names[0];
    println!("first: {}, total: {}", first, names.len());
}
