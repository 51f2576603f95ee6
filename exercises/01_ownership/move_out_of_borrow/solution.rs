struct User {
    name: String,
    email: String,
}

impl User {
    fn name(&self) -> &str {
        &self.name
    }
}

fn main() {
    let user = User { name: String::from("Ferris"), email: String::from("ferris@example.com") };
    println!("{} <{}>", user.name(), user.email);
}
