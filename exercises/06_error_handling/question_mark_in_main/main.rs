// Keep the `?`, and make this compile.
fn main() {
    let port: u16 = "8080".parse()?;
    println!("listening on port {}", port);
}
