use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let handled = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();

    for _ in 0..3 {
        let handled = Arc::clone(&handled);
        handles.push(thread::spawn(move || {
            *handled.lock().unwrap() += 1;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("handled: {}", handled.lock().unwrap());
}
