// Add a "-copy" entry for every file name already in the list. Make this compile.
fn main() {
    let mut files = vec![String::from("a.txt"), String::from("b.txt")];
    for f in &files {
        files.push(format!("{}-copy", f));
    }
    println!("{:?}", files);
}
