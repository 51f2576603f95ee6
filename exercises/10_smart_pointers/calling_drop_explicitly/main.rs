// Release the connection before the end of `main`. Make this compile.
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
    conn.drop();
    println!("end of main");
}
