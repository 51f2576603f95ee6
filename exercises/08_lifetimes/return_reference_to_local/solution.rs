fn greeting(name: &str) -> String {
    let message = format!("Hello, {}!", name);
    message
}

fn main() {
    println!("{}", greeting("Ferris"));
}
