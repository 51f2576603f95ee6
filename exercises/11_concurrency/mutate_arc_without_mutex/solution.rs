use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let total = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();

    for orders in [3, 5, 7] {
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            *total.lock().unwrap() += orders;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("orders processed: {}", total.lock().unwrap());
}
