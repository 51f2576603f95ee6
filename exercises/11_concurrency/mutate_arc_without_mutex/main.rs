// Let each worker thread add its processed orders to a shared total. Make this compile.
use std::sync::Arc;
use std::thread;

fn main() {
    let total = Arc::new(0);
    let mut handles = Vec::new();

    for orders in [3, 5, 7] {
        let total = Arc::clone(&total);
        handles.push(thread::spawn(move || {
            *total += orders;
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    println!("orders processed: {}", total);
}
