use std::cell::RefCell;

pub trait Messenger { fn send(&self, msg: &str); }

/// Sends a warning through `messenger` once `used` reaches 90% of `max`.
pub fn check_quota(messenger: &dyn Messenger, used: u32, max: u32) {
    if used * 10 >= max * 9 {
        messenger.send("Warning: you've used over 90% of your quota!");
    }
}

pub struct MockMessenger { sent: RefCell<Vec<String>> }

impl MockMessenger {
    pub fn new() -> MockMessenger { MockMessenger { sent: RefCell::new(vec![]) } }
    pub fn sent(&self) -> Vec<String> { self.sent.borrow().clone() }
}

impl Messenger for MockMessenger {
    fn send(&self, msg: &str) {
        self.sent.borrow_mut().push(String::from(msg));
    }
}

fn main() { check_quota(&MockMessenger::new(), 95, 100); }
