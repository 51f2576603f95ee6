fn main() {
    let names = vec![String::from("ana"), String::from("bo")];
    let first = &names[0];
    println!("first: {}, total: {}", first, names.len());
}
