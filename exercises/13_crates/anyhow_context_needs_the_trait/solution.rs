// Say which setting failed to parse. Make this compile.
use anyhow::Context;
use std::collections::HashMap;

fn setting(settings: &HashMap<&str, &str>, key: &str) -> anyhow::Result<u16> {
    let text = settings.get(key).context("setting is missing")?;
    let value = text.parse().with_context(|| format!("`{key}` is not a number: {text}"))?;
    Ok(value)
}

fn main() {
    let settings = HashMap::from([("port", "8080"), ("workers", "many")]);
    println!("port: {}", setting(&settings, "port").unwrap());
    println!("workers: {:#}", setting(&settings, "workers").unwrap_err());
    println!("timeout: {:#}", setting(&settings, "timeout").unwrap_err());
}
