//! One run, several reports: the `--format` reporter to stdout or to `--output`, the human
//! report on the terminal beside it when the former goes to a file, and a JUnit report to
//! `--junit`. A reader that goes away (`snipcheck check | head`) ends its sink quietly.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use super::error::ReportError;
use super::reveal::{redact, Reveal};
use super::{reporter, Format, ReportEvent, Reporter, Settings};

/// Where one run's reports go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Destinations {
    /// `--format`.
    pub(crate) format: Format,
    /// `--output`: the report goes to this file, the human report to the terminal.
    pub(crate) output: Option<PathBuf>,
    /// `--junit`: a JUnit report also goes to this file.
    pub(crate) junit: Option<PathBuf>,
}

/// Every reporter of a run and the writer each renders to.
pub(crate) struct Sinks {
    sinks: Vec<Sink>,
    /// What every reporter may show of hidden tests.
    reveal: Reveal,
}

impl std::fmt::Debug for Sinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sinks")
            .field("count", &self.sinks.len())
            .finish()
    }
}

/// A reporter and the writer it renders to.
type Sink = (Box<dyn Reporter>, PipeAware<Box<dyn Write>>);

impl Sinks {
    /// The reporters of `to`.
    pub(crate) fn new(to: &Destinations, settings: &Settings) -> Result<Sinks, ReportError> {
        let out: Box<dyn Write> = match &to.output {
            Some(path) => Box::new(create(path)?),
            None => Box::new(io::stdout().lock()),
        };
        let mut sinks = vec![(reporter(to.format, settings), PipeAware::new(out))];
        if to.output.is_some() && to.format != Format::Human {
            let stdout: Box<dyn Write> = Box::new(io::stdout().lock());
            let human = reporter(Format::Human, settings);
            sinks.push((human, PipeAware::new(stdout)));
        }
        if let Some(path) = &to.junit {
            let file: Box<dyn Write> = Box::new(create(path)?);
            sinks.push((reporter(Format::Junit, settings), PipeAware::new(file)));
        }
        Ok(Sinks {
            sinks,
            reveal: settings.reveal,
        })
    }

    /// Lets every reporter render `event`; a student redacted once to what `--reveal`
    /// lets reports show.
    pub(crate) fn report(&mut self, event: ReportEvent<'_>) {
        let redacted;
        let event = match event {
            ReportEvent::Student(student) if self.reveal != Reveal::Full => {
                redacted = redact(student, self.reveal);
                ReportEvent::Student(&redacted)
            }
            other => other,
        };
        for (reporter, out) in &mut self.sinks {
            out.write_with(|w| reporter.report(event, w));
        }
    }

    /// Flushes every writer; the first write error that was not a closed pipe.
    pub(crate) fn close(mut self) -> Result<(), ReportError> {
        for (_, out) in &mut self.sinks {
            out.write_with(|w| w.flush());
        }
        self.sinks.into_iter().try_for_each(|(_, out)| out.result())
    }
}

fn create(path: &Path) -> Result<BufWriter<File>, ReportError> {
    let file = File::create(path).map_err(|source| ReportError::Create {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(BufWriter::new(file))
}

/// A writer that stops quietly once the reader went away (`snipcheck check | head`), and
/// remembers any other write error for the end.
#[derive(Debug)]
pub(crate) struct PipeAware<W: Write> {
    inner: W,
    closed: bool,
    error: Option<io::Error>,
}

impl<W: Write> PipeAware<W> {
    /// Wraps `inner`.
    pub(crate) fn new(inner: W) -> Self {
        PipeAware {
            inner,
            closed: false,
            error: None,
        }
    }

    /// Runs `f` on the writer unless it is closed; a broken pipe closes it silently.
    pub(crate) fn write_with(&mut self, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        if self.closed {
            return;
        }
        if let Err(e) = f(&mut self.inner) {
            self.closed = true;
            if e.kind() != io::ErrorKind::BrokenPipe {
                self.error = Some(e);
            }
        }
    }

    /// The write error, if one happened that was not a closed pipe.
    pub(crate) fn result(self) -> Result<(), ReportError> {
        match self.error {
            Some(e) => Err(ReportError::Write(e)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_pipe_is_not_an_error() {
        let mut out = PipeAware::new(Closed);
        out.write_with(|w| w.write_all(b"x"));
        out.write_with(|_| panic!("no write after the pipe closed"));
        assert!(out.result().is_ok());
    }
}
