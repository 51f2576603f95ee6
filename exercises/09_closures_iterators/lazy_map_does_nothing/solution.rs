fn send_reminder(user: &str) {
    println!("reminder sent to {}", user);
}

fn main() {
    let users = vec!["ana", "bo", "cy"];
    for user in &users {
        send_reminder(user);
    }
    println!("done");
}
