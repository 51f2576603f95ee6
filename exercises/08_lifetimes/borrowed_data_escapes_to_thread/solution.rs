use std::thread;

fn log_in_background(msg: String) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        println!("[log] {}", msg);
    })
}

fn main() {
    let user = "ana";
    let msg = format!("{} logged in", user);
    log_in_background(msg).join().unwrap();
}
