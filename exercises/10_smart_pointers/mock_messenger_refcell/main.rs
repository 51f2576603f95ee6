// The mock must record what it is sent through `&self`. Make the exercise's tests pass.
pub trait Messenger { fn send(&self, msg: &str); }

/// Sends a warning through `messenger` once `used` reaches 90% of `max`.
pub fn check_quota(messenger: &dyn Messenger, used: u32, max: u32) {
    if used * 10 >= max * 9 {
        messenger.send("Warning: you've used over 90% of your quota!");
    }
}

pub struct MockMessenger { sent: Vec<String> }

impl MockMessenger {
    pub fn new() -> MockMessenger { MockMessenger { sent: vec![] } }
    pub fn sent(&self) -> Vec<String> { self.sent.clone() }
}

impl Messenger for MockMessenger {
    fn send(&self, msg: &str) {
        // `self.sent.push(...)` is refused here: `self` is a shared reference.
        let _ = msg;
    }
}

fn main() { check_quota(&MockMessenger::new(), 95, 100); }
