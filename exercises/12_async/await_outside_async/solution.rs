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

async fn price_of(item: &str) -> u32 { if item == "book" { 25 } else { 12 } }

async fn order_total(items: &[&str]) -> u32 {
    let mut total = 0;
    for item in items { total += price_of(item).await; }
    total
}

async fn checkout() { println!("total: {}", order_total(&["book", "pen"]).await); }

fn main() { block_on(checkout()); }
