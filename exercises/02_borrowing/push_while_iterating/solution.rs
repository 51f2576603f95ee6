fn main() {
    let mut files = vec![String::from("a.txt"), String::from("b.txt")];
    let copies: Vec<String> = files.iter().map(|f| format!("{}-copy", f)).collect();
    files.extend(copies);
    println!("{:?}", files);
}
