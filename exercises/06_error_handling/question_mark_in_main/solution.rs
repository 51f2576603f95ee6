use std::num::ParseIntError;

fn main() -> Result<(), ParseIntError> {
    let port: u16 = "8080".parse()?;
    println!("listening on port {}", port);
    Ok(())
}
