//! The process tree of a child on Windows: the child starts suspended in a Job Object of
//! its own (process-wrap's `JobObject`), so every process it starts is in the job too, and
//! terminating the job ends them all. Its waiter polls the child, and terminates the job at
//! the timeout, on Ctrl-C, and once the child itself has exited. Ctrl-C, Ctrl-Break and the
//! console closing only mark the run interrupted (the `ctrlc` crate); each waiter then ends
//! its own job, so the temp dirs are removed on the way out.

use std::io;
use std::process::{ChildStderr, ChildStdin, ChildStdout, Command, ExitStatus};
use std::sync::Once;
use std::thread;
use std::time::{Duration, Instant};

use process_wrap::std::{ChildWrapper, CommandWrap, JobObject};

use super::cancel::{cancel, cancelled};

/// The longest pause between two looks at a running child: how late a timeout or Ctrl-C
/// may act.
const LONGEST_PAUSE: Duration = Duration::from_millis(20);

/// A started child in a Job Object of its own.
#[derive(Debug)]
pub(super) struct Tree(Box<dyn ChildWrapper>);

/// The pipes of a started child.
pub(super) type Pipes = (Option<ChildStdin>, Option<ChildStdout>, Option<ChildStderr>);

/// Starts `cmd` in a new Job Object. The command moves into the job's wrapper; `cmd` is left
/// a fresh command of the same program.
pub(super) fn spawn(cmd: &mut Command) -> io::Result<(Tree, Pipes)> {
    let program = Command::new(cmd.get_program());
    let mut wrapped = CommandWrap::from(std::mem::replace(cmd, program));
    let mut child = wrapped.wrap(JobObject).spawn()?;
    if cancelled() {
        let _ = child.start_kill();
    }
    let pipes = (
        child.stdin().take(),
        child.stdout().take(),
        child.stderr().take(),
    );
    Ok((Tree(child), pipes))
}

impl Tree {
    /// Waits for the child, terminating its job if `timeout` passes or the run is
    /// interrupted first, then terminates what is left of the job; its status, and whether
    /// the timeout ended it.
    pub(super) fn wait(self, timeout: Duration) -> io::Result<(ExitStatus, bool)> {
        let Tree(mut child) = self;
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(1);
        let mut timed_out = false;
        let status = loop {
            if let Some(status) = child.try_wait()? {
                break status;
            }
            let now = Instant::now();
            if now >= deadline || cancelled() {
                timed_out = now >= deadline;
                break end(&mut child)?;
            }
            thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(LONGEST_PAUSE);
        };
        // What the child started and left running ends with it, as its group does on Unix.
        end(&mut child)?;
        Ok((status, timed_out))
    }
}

/// Terminates every process of the job and waits for the child.
fn end(child: &mut Box<dyn ChildWrapper>) -> io::Result<ExitStatus> {
    // Terminating a job whose processes have all ended is no error worth telling.
    let _ = child.start_kill();
    child.wait()
}

/// Windows has no resource-limit signals.
pub(super) fn limit_signal(_status: &ExitStatus) -> Option<&'static str> {
    None
}

/// Turns Ctrl-C, Ctrl-Break and the console closing into a cancelled run instead of ending
/// snipcheck on the spot (which would leave temp dirs behind). Children share the console
/// and get the same event; their waiters end their jobs.
pub(super) fn handle_interrupts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a console there is no Ctrl-C to handle.
        let _ = ctrlc::set_handler(cancel);
    });
}
