//! The grade layer's one error type: why a class cannot be graded at all, found while the
//! plan is worked out or when the run needs confinement this machine cannot give. A
//! submission that cannot be graded is not one of these: it is a result. Each message is
//! the sentence the app prints after `error:`, its causes following as `: cause`.

use std::error::Error;
use std::io;
use std::path::PathBuf;

use crate::engine::pipeline::Unconfined;
use crate::model::expectation::Outcome;

/// Why `grade` stops before or instead of grading.
#[derive(Debug, thiserror::Error)]
pub(crate) enum GradeError {
    /// The `--submissions` directory could not be listed.
    #[error("cannot read {}", dir.display())]
    ReadSubmissions {
        /// The `--submissions` directory.
        dir: PathBuf,
        /// Why listing it failed.
        #[source]
        source: io::Error,
    },
    /// The `--submissions` directory has no sub-directory, so no student to grade.
    #[error(
        "{}: no submissions (every sub-directory is one student's submission)",
        dir.display()
    )]
    NoSubmissions {
        /// The `--submissions` directory.
        dir: PathBuf,
    },
    /// `--submissions` given one submission, or `--submission` a class: every exercise
    /// would be missing, so the run stops and says which option was meant.
    #[error("{} holds {holds} ({why}): grade it with {meant} {}", dir.display(), dir.display())]
    MixedUp {
        /// The directory given.
        dir: PathBuf,
        /// What it holds: `one submission` or `a class`.
        holds: &'static str,
        /// How that shows.
        why: &'static str,
        /// The option meant.
        meant: &'static str,
    },
    /// `--hidden` holds tests for an exercise whose `[solution]` outcome runs no harness.
    #[error(
        "--hidden: {} adds tests to {}, whose [solution] outcome is \"{}\": hidden tests need outcome = \"test-pass\"",
        file.display(),
        exercise.display(),
        outcome.as_str()
    )]
    HiddenWithoutHarness {
        /// The hidden test file.
        file: PathBuf,
        /// The exercise directory.
        exercise: PathBuf,
        /// The exercise's `[solution]` outcome.
        outcome: Outcome,
    },
    /// The exercises could not be found (a missing `--exercises` path, an unreadable
    /// directory); the model's error, which names the path, after the option.
    #[error("--exercises {0}")]
    Exercises(Box<dyn Error + Send + Sync>),
    /// `--filter` keeps none of the exercises.
    #[error(transparent)]
    NoMatch(Box<dyn Error + Send + Sync>),
    /// Confinement was required and this machine cannot give it.
    #[error(transparent)]
    Unconfined(#[from] Unconfined),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The app prints these sentences; tests of the binary match on them.
    #[test]
    fn messages_keep_their_words() {
        let read = GradeError::ReadSubmissions {
            dir: PathBuf::from("class"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(read.to_string(), "cannot read class");
        assert!(read.source().is_some(), "the I/O error is the cause");
        let none = GradeError::NoSubmissions {
            dir: PathBuf::from("class"),
        };
        assert_eq!(
            none.to_string(),
            "class: no submissions (every sub-directory is one student's submission)"
        );
    }
}
