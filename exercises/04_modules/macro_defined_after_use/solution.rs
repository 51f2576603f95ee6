macro_rules! log {
    ($($arg:tt)*) => {
        println!("[log] {}", format!($($arg)*))
    };
}

fn main() {
    log!("started");
    log!("stopped after {} ms", 42);
}
