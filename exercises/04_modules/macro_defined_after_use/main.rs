// Log two events with the `log!` macro. Make this compile.
fn main() {
    log!("started");
    log!("stopped after {} ms", 42);
}

macro_rules! log {
    ($($arg:tt)*) => {
        println!("[log] {}", format!($($arg)*))
    };
}
