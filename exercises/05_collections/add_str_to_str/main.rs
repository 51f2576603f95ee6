// Build a full name from two string slices. Make this compile.
fn full_name(first: &str, last: &str) -> String {
    first + " " + last //~ ERROR cannot add `&str` to `&str` [E0369]
}

fn main() {
    println!("{}", full_name("Grace", "Hopper"));
}
