// Send a reminder to every user. This compiles but sends nothing: make it send them.
fn send_reminder(user: &str) {
    println!("reminder sent to {}", user);
}

fn main() {
    let users = vec!["ana", "bo", "cy"];
    users.iter().map(|user| send_reminder(user));
    println!("done");
}
