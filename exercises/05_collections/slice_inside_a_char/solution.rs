fn prefix(name: &str) -> &str {
    match name.char_indices().nth(2) {
        Some((end, _)) => &name[..end],
        None => name,
    }
}

fn main() {
    for city in ["Paris", "Zürich", "Łódź"] {
        println!("{} -> {}", city, prefix(city));
    }
}
