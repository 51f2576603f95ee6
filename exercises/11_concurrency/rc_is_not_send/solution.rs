use std::sync::Arc;
use std::thread;

fn main() {
    let config = Arc::new(String::from("workers=4"));
    let for_worker = Arc::clone(&config);

    let worker = thread::spawn(move || {
        format!("worker sees {}", for_worker)
    });

    println!("{}", worker.join().unwrap());
    println!("main sees {}", config);
}
