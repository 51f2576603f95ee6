// Return whichever version string sorts last. Make this compile.
fn latest<'a, 'b>(current: &'a str, candidate: &'b str) -> &'a str {
    if candidate > current {
        candidate
    } else {
        current
    }
}

fn main() {
    let installed = String::from("2024-05");
    println!("latest: {}", latest(&installed, "2025-01"));
}
