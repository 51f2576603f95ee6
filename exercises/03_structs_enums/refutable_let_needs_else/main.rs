// Read the port from a `host:port` address, or report that it's missing. Make this compile.
fn port_of(address: &str) -> Result<u16, String> {
    let Some((_, port)) = address.split_once(':');
    port.parse().map_err(|_| format!("bad port in {address}"))
}

fn main() {
    println!("{:?}", port_of("localhost:8080"));
    println!("{:?}", port_of("localhost"));
}
