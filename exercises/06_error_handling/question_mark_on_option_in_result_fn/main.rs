// Return the upper-cased first letter of a name, or an error for an empty name.
fn first_initial(name: &str) -> Result<char, String> {
    let first = name.chars().next()?;
    Ok(first.to_ascii_uppercase())
}

fn main() {
    println!("{:?}", first_initial("ferris"));
    println!("empty is an error: {}", first_initial("").is_err());
}
