// Decide whether pens need restocking. Make this compile.
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

fn block_on<F: Future>(fut: F) -> F::Output { // a minimal executor: poll until ready
    let mut cx = Context::from_waker(Waker::noop());
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(value) = fut.as_mut().poll(&mut cx) { return value; }
    }
}

async fn fetch_stock(item: &str) -> u32 { if item == "pen" { 12 } else { 40 } }

async fn needs_restock(item: &str) -> bool {
    let stock: u32 = fetch_stock(item);
    stock < 20
}

fn main() {
    println!("restock pens: {}", block_on(needs_restock("pen")));
    println!("restock paper: {}", block_on(needs_restock("paper")));
}
