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

async fn count_down(n: u32) {
    if n == 0 {
        println!("liftoff!");
        return;
    }
    println!("{}...", n);
    Box::pin(count_down(n - 1)).await;
}

fn main() {
    block_on(count_down(3));
}
