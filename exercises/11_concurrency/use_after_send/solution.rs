use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();

    let worker = thread::spawn(move || {
        let report = String::from("42 rows imported");
        let len = report.len();
        tx.send(report).unwrap();
        len
    });

    let received = rx.recv().unwrap();
    let len = worker.join().unwrap();
    println!("got '{}' ({} bytes)", received, len);
}
