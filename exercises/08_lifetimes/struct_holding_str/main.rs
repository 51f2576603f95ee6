// A `Highlight` points into a longer text without copying it. Make this compile.
struct Highlight {
    part: &str,
}

fn main() {
    let novel = String::from("Call me Ishmael. Some years ago...");
    let first_sentence = novel.split('.').next().unwrap();
    let highlight = Highlight { part: first_sentence };
    println!("{}", highlight.part);
}
