// This panics on the second config, which has no timeout. Default it to 30 s.
use serde::Deserialize;

#[derive(Deserialize)]
struct Config {
    host: String,
    timeout: Option<u32>,
}

fn main() {
    for json in [r#"{"host": "a.example", "timeout": 5}"#, r#"{"host": "b.example"}"#] {
        let config: Config = serde_json::from_str(json).unwrap();
        println!("{}: timeout {} s", config.host, config.timeout.unwrap_or(30));
    }
}
