// Show the first two letters of each city. This panics: make it work for every name.
fn prefix(name: &str) -> &str {
    &name[0..2]
}

fn main() {
    for city in ["Paris", "Zürich", "Łódź"] {
        println!("{} -> {}", city, prefix(city));
    }
}
