//! Collects what ui_test says of every test run (a file, one of its revisions, or the run of
//! its binary) so that `main` can print one verdict per file.

use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use ui_test::status_emitter::{RevisionStyle, StatusEmitter, Summary, TestStatus};
use ui_test::test_result::{TestOk, TestResult};

/// How one run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It passed.
    Pass,
    /// An `only`/`ignore` rule left it out.
    Ignored,
    /// It failed; the text says why, shortly.
    Fail(String),
}

/// One finished run.
#[derive(Debug, Clone)]
pub struct Run {
    /// The test file (in the rewritten tree).
    pub path: PathBuf,
    /// The revision, `""` for none; a run of the binary adds `run`.
    pub revision: String,
    /// How it ended.
    pub outcome: Outcome,
}

/// The shared list of finished runs.
pub type Runs = Arc<Mutex<Vec<Run>>>;

/// A status emitter that records every run and prints nothing.
#[derive(Clone, Default)]
pub struct Collector {
    /// Where runs are recorded.
    pub runs: Runs,
}

impl StatusEmitter for Collector {
    fn register_test(&self, path: PathBuf) -> Box<dyn TestStatus + 'static> {
        Box::new(Status {
            path,
            revision: String::new(),
            runs: self.runs.clone(),
        })
    }

    fn finalize(&self, _: usize, _: usize, _: usize, _: usize, _: bool) -> Box<dyn Summary> {
        Box::new(())
    }
}

/// One test run's status.
struct Status {
    path: PathBuf,
    revision: String,
    runs: Runs,
}

impl TestStatus for Status {
    fn for_revision(&self, revision: &str, _: RevisionStyle) -> Box<dyn TestStatus> {
        Box::new(Status {
            path: self.path.clone(),
            revision: revision.to_owned(),
            runs: self.runs.clone(),
        })
    }

    fn for_path(&self, path: &Path) -> Box<dyn TestStatus> {
        Box::new(Status {
            path: path.to_owned(),
            revision: self.revision.clone(),
            runs: self.runs.clone(),
        })
    }

    fn failed_test<'a>(&'a self, _: &'a str, _: &'a [u8], _: &'a [u8]) -> Box<dyn Debug + 'a> {
        Box::new(())
    }

    fn done(&self, result: &TestResult, _aborted: bool) {
        let outcome = match result {
            Ok(TestOk::Ok) => Outcome::Pass,
            Ok(TestOk::Ignored) => Outcome::Ignored,
            Err(errored) => Outcome::Fail(summary(&errored.errors)),
        };
        let run = Run {
            path: self.path.clone(),
            revision: self.revision.clone(),
            outcome,
        };
        self.runs.lock().expect("no poisoned lock").push(run);
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn revision(&self) -> &str {
        &self.revision
    }
}

/// The errors of a failed run, each on one short line.
fn summary(errors: &[ui_test::Error]) -> String {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| {
            let text = format!("{e:?}")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            text.chars().take(240).collect()
        })
        .collect();
    if lines.is_empty() {
        "failed".into()
    } else {
        lines.join(" | ")
    }
}
