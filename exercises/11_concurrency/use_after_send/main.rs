// The worker sends its report to main and returns the report's length. Make this compile.
use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        let report = String::from("42 rows imported");
        tx.send(report).unwrap();
        report.len()
    });

    let received = rx.recv().unwrap();
    let len = worker.join().unwrap();
    println!("got '{}' ({} bytes)", received, len);
}
