// Fetch the status page on a background task. Make this compile.
async fn http_get(url: &str) -> String { // stands in for an HTTP client such as reqwest
    format!("200 OK from {url}")
}

#[tokio::main]
async fn main() {
    let url = String::from("https://example.com/status");
    let request = tokio::spawn(async {
        http_get(&url).await
    });
    println!("{}", request.await.unwrap());
}
