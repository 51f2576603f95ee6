fn title_of(pages: &[String], page: usize) -> String {
    match pages.get(page) {
        Some(title) => title.clone(),
        None => String::from("none"),
    }
}

fn main() {
    let pages = vec![String::from("intro"), String::from("setup"), String::from("usage")];
    println!("page 1: {}", title_of(&pages, 1));
    println!("page 7: {}", title_of(&pages, 7));
}
