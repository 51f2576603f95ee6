// Log a message on a background thread. Make this compile.
use std::thread;

fn log_in_background(msg: &str) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        println!("[log] {}", msg);
    })
}

fn main() {
    let user = "ana";
    let msg = format!("{} logged in", user);
    log_in_background(&msg).join().unwrap();
}
