// Both the inbox and the archive share one message list. Make adding a message compile.
use std::rc::Rc;

fn main() {
    let messages = Rc::new(vec![String::from("hello")]);
    let archive = Rc::clone(&messages);
    messages.push(String::from("are you there?"));
    println!("archive has {} messages: {:?}", archive.len(), archive);
}
