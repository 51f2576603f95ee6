fn send(user: &str, message: &str) {
    println!("to {}: {}", user, message);
}

fn main() {
    let message = String::from("Welcome aboard!");
    for user in ["ana", "bo", "cy"] {
        send(user, &message);
    }
}
