// Describe each message. Make this compile.
enum Message {
    Quit,
    Move(i32, i32),
    Write(String),
}

fn describe(msg: &Message) -> String {
    match msg {
        Message::Quit => String::from("quit"),
        Message::Move(x) => format!("move to {}", x),
        Message::Write(text) => format!("write {:?}", text),
    }
}

fn main() {
    let messages = [Message::Move(3, 4), Message::Write(String::from("hi")), Message::Quit];
    for msg in &messages {
        println!("{}", describe(msg));
    }
}
