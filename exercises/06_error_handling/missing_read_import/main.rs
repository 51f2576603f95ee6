// Make `read_file` compile. (It reports a missing file as an error.)
use std::fs::File;
use std::io;

fn read_file(path: &str) -> Result<String, io::Error> {
    let mut file = File::open(path)?;
    let mut s = String::new();
    file.read_to_string(&mut s)?; //~ ERROR no method named `read_to_string` found for struct `File` [E0599]
    Ok(s)
}

fn main() {
    println!("missing: {}", read_file("/nonexistent/snipcheck").is_err());
}
