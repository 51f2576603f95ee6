// Read a port from the settings. Make this compile and print `port: 8080`.
fn lookup(key: &str) -> Result<String, String> {
    match key {
        "port" => Ok("8080".to_owned()),
        other => Err(format!("no setting named {other}")),
    }
}

fn port() -> anyhow::Result<u16> {
    let text = lookup("port").map_err(anyhow::Error::msg)?;
    Ok(text.parse()?)
}

fn main() {
    println!("port: {}", port().unwrap());
}
