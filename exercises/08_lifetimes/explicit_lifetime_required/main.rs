// Use the fallback label when the preferred one is empty. Make this compile.
fn pick_label<'a>(preferred: &'a str, fallback: &str) -> &'a str {
    if preferred.is_empty() {
        fallback
    } else {
        preferred
    }
}

fn main() {
    println!("{}", pick_label("", "untitled"));
    println!("{}", pick_label("report", "untitled"));
}
