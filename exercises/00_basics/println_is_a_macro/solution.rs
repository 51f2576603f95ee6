fn main() {
    let name = "Ferris";
    println!("Hello, {}!", name);
}
