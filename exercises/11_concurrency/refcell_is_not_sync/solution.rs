use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let visits = Arc::new(Mutex::new(0));
    let mut handles = Vec::new();

    for _ in 0..4 {
        let visits = Arc::clone(&visits);
        handles.push(thread::spawn(move || {
            *visits.lock().unwrap() += 1;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("visits: {}", visits.lock().unwrap());
}
