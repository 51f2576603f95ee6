// Share the config with a worker thread. Make this compile.
use std::rc::Rc;
use std::thread;

fn main() {
    let config = Rc::new(String::from("workers=4"));
    let for_worker = Rc::clone(&config);

    let worker = thread::spawn(move || {
        format!("worker sees {}", for_worker)
    });

    println!("{}", worker.join().unwrap());
    println!("main sees {}", config);
}
