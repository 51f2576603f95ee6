use std::fmt::Debug;
use std::thread;

fn print_later<T: Debug + Send + 'static>(value: T) -> thread::JoinHandle<()> {
    thread::spawn(move || println!("later: {:?}", value))
}

fn main() {
    let order_ids = vec![101, 102];
    print_later(order_ids).join().unwrap();
}
