fn latest<'a>(current: &'a str, candidate: &'a str) -> &'a str {
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
