//! A child's stdout and stderr, each read to its end on a thread of its own, keeping a
//! capped number of bytes and dropping the rest, so no child can flood snipcheck's memory.

use std::io::{self, Read};
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

/// A pipe being read on its own thread: what was kept, and whether some was dropped.
#[derive(Debug)]
pub(super) struct Captured(mpsc::Receiver<(Vec<u8>, bool)>);

impl Captured {
    /// The output, once the pipe is closed; `None` when it is still open at `deadline`
    /// (the reading thread is then left to end with the process).
    pub(super) fn finish(self, deadline: Instant) -> Option<(Vec<u8>, bool)> {
        let left = deadline.saturating_duration_since(Instant::now());
        self.0.recv_timeout(left).ok()
    }
}

/// Reads a pipe to its end on a thread, keeping `cap` bytes and dropping the rest.
pub(super) fn reader<R: Read + Send + 'static>(pipe: Option<R>, cap: usize) -> Captured {
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        let _ = send.send(read_capped(pipe, cap));
    });
    Captured(receive)
}

fn read_capped<R: Read>(pipe: Option<R>, cap: usize) -> (Vec<u8>, bool) {
    let Some(mut pipe) = pipe else {
        return (Vec::new(), false);
    };
    let mut kept = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let mut truncated = false;
    loop {
        match pipe.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&chunk[..n.min(room)]);
                truncated |= n > room;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => break,
        }
    }
    (kept, truncated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_cap_and_flags_the_rest() {
        let (kept, cut) = read_capped(Some(&[7u8; 100_000][..]), 1000);
        assert_eq!((kept.len(), cut), (1000, true));
        let (kept, cut) = read_capped(Some(&b"short"[..]), 1000);
        assert_eq!((kept.as_slice(), cut), (&b"short"[..], false));
        assert_eq!(read_capped(None::<&[u8]>, 10), (Vec::new(), false));
    }
}
