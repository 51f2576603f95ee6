// Count page visits from several threads. Make this compile.
use std::cell::RefCell;
use std::sync::Arc;
use std::thread;

fn main() {
    let visits = Arc::new(RefCell::new(0));
    let mut handles = Vec::new();

    for _ in 0..4 {
        let visits = Arc::clone(&visits);
        handles.push(thread::spawn(move || {
            *visits.borrow_mut() += 1;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("visits: {}", visits.borrow());
}
