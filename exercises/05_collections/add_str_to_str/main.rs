// Build a full name from two string slices. Make this compile.
fn full_name(first: &str, last: &str) -> String {
    first + " " + last
}

fn main() {
    println!("{}", full_name("Grace", "Hopper"));
}
