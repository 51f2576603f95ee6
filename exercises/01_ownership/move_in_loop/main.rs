// Send the same welcome message to every user. Make this compile.
fn send(user: &str, message: String) {
    println!("to {}: {}", user, message);
}

fn main() {
    let message = String::from("Welcome aboard!");
    for user in ["ana", "bo", "cy"] {
        send(user, message);
    }
}
