struct Connection {
    name: String,
}

impl Drop for Connection {
    fn drop(&mut self) {
        println!("closing {}", self.name);
    }
}

fn main() {
    let conn = Connection { name: String::from("db") };
    println!("connected to {}", conn.name);
    drop(conn);
    println!("end of main");
}
