use std::num::ParseIntError;

#[derive(Debug)]
enum ConfigError {
    BadPort(ParseIntError),
}

impl From<ParseIntError> for ConfigError {
    fn from(err: ParseIntError) -> Self {
        ConfigError::BadPort(err)
    }
}

fn parse_port(value: &str) -> Result<u16, ConfigError> {
    let port = value.parse::<u16>()?;
    Ok(port)
}

fn main() {
    println!("{:?}", parse_port("8080"));
    match parse_port("http") {
        Err(ConfigError::BadPort(e)) => println!("bad port: {}", e),
        Ok(port) => println!("port {}", port),
    }
}
