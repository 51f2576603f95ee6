use std::fmt::Debug;
use std::thread;

fn print_in_background<T: Debug + Send + 'static>(value: T) -> thread::JoinHandle<()> {
    thread::spawn(move || println!("background: {:?}", value))
}

fn main() {
    print_in_background(vec!["a", "b"]).join().unwrap();
    print_in_background(7).join().unwrap();
}
