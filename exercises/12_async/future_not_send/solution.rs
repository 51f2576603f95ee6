use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

fn spawn_task<F: Future + Send>(fut: F) -> F::Output { // stands in for a multi-threaded runtime
    let mut cx = Context::from_waker(Waker::noop());
    let mut fut = pin!(fut);
    loop {
        if let Poll::Ready(value) = fut.as_mut().poll(&mut cx) { return value; }
    }
}

async fn save(line: &str) -> usize { line.len() }

async fn handler() -> usize {
    let session = Arc::new(String::from("user=ana"));
    let written = save(&session).await;
    written + session.len()
}

fn main() {
    println!("wrote {} bytes", spawn_task(handler()));
}
