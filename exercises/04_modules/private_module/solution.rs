mod network {
    pub mod server {
        pub fn start(port: u16) -> String {
            format!("listening on {}", port)
        }
    }
}

fn main() {
    println!("{}", network::server::start(8080));
}
