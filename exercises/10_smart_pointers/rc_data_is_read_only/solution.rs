use std::cell::RefCell;
use std::rc::Rc;

fn main() {
    let messages = Rc::new(RefCell::new(vec![String::from("hello")]));
    let archive = Rc::clone(&messages);
    messages.borrow_mut().push(String::from("are you there?"));
    println!("archive has {} messages: {:?}", archive.borrow().len(), archive.borrow());
}
