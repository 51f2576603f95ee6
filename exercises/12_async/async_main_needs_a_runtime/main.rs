// Greet from async code. Make this compile and print `greeting: hello, async`.
async fn greeting() -> String {
    String::from("hello, async")
}

async fn main() {
    println!("greeting: {}", greeting().await);
}
