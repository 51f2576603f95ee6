// Fetch the status page on a background task, and print the body. Make this compile.
async fn http_get(url: &str) -> String { // stands in for an HTTP client such as reqwest
    format!("200 OK from {url}")
}

#[tokio::main]
async fn main() {
    let url = "https://example.com/status";
    let request = tokio::spawn(http_get(url));
    println!("sent the request to {url}");
    let body: String = request.await.expect("the request task panicked");
    println!("{}", body);
}
