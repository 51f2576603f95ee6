use std::collections::HashMap;

fn main() {
    let settings = HashMap::from([("host", "localhost"), ("port", "8080")]);
    let host = settings.get("host").unwrap();
    let port = settings.get("port").expect("the port is always configured");
    println!("host: {}", host);
    println!("port: {}", port);
    let timeout = settings.get("timeout").copied().unwrap_or("30");
    println!("timeout: {} s", timeout);
}
