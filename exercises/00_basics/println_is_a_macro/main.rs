// Greet Ferris: make this compile and print `Hello, Ferris!`.
fn main() {
    let name = "Ferris";
    println("Hello, {}!", name);
}
