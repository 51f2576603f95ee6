// This compiles, but panics for a page past the end. Make it print `page 7: none`.
fn title_of(pages: &[String], page: usize) -> String {
    pages[page].clone()
}

fn main() {
    let pages = vec![String::from("intro"), String::from("setup"), String::from("usage")];
    println!("page 1: {}", title_of(&pages, 1));
    println!("page 7: {}", title_of(&pages, 7));
}
