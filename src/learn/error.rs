//! The learn layer's one error type: why a learner command cannot do its work — no
//! course here, an exercise name that matches nothing, a file that cannot be written, a
//! terminal that cannot be read. An exercise that does not compile is not one of these:
//! it is an attempt. Each message is the sentence the app prints after `error:`, its
//! causes following as `: cause`; the watch loop shows the same text as a notice.

use std::error::Error;
use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

use notify_debouncer_full::notify;

use super::layout::{EXERCISES_DIR, PROJECT_FILE, SHIPPED_DIR, STATE_DIR};
use crate::model::manifest::ConfigError;

/// Why a learner command stops.
#[derive(Debug, thiserror::Error)]
pub(crate) enum LearnError {
    /// A path that cannot be resolved or listed; the message is the path alone, the cause
    /// says why.
    #[error("{}", path.display())]
    Inaccessible {
        /// The path.
        path: PathBuf,
        /// Why it cannot be used.
        #[source]
        source: io::Error,
    },
    /// No directory at or above the path given has `exercises/`.
    #[error(
        "{} is not inside a course (a directory with {EXERCISES_DIR}/): create one with `snipcheck init`, then cd into it",
        start.display()
    )]
    NotACourse {
        /// Where the search started, as an absolute path: `.` tells the learner nothing.
        start: PathBuf,
    },
    /// `init` was pointed at a directory that holds a course already.
    #[error(
        "a course is already set up in {}/: init never overwrites one (run `snipcheck learn` there, or pick another directory)",
        dir.display().to_string().trim_end_matches('/')
    )]
    CourseExists {
        /// The directory.
        dir: PathBuf,
    },
    /// `init` was pointed at a directory with files in it.
    #[error(
        "{} exists and is not empty: pick a new directory for the course",
        dir.display()
    )]
    NotEmpty {
        /// The directory.
        dir: PathBuf,
    },
    /// No exercise of the course has this name.
    #[error("no exercise named `{name}`: `snipcheck list` shows them all")]
    NoExercise {
        /// The name asked for.
        name: String,
    },
    /// The name is the directory name of several exercises.
    #[error(
        "`{name}` names {} exercises ({}): write the full name",
        ids.len(),
        ids.join(", ")
    )]
    AmbiguousName {
        /// The name asked for.
        name: String,
        /// The ids of the exercises it names.
        ids: Vec<String>,
    },
    /// `hint` without a name, when every exercise is done.
    #[error("no current exercise: name one, e.g. `snipcheck hint use_after_move`")]
    NoCurrentExercise,
    /// The exercise's `exercise.toml` is malformed (file, line and column).
    #[error("{0}")]
    Malformed(ConfigError),
    /// `reset` has no shipped copy of the snippet to write back.
    #[error(
        "no shipped copy of {id} (neither in {STATE_DIR}/{SHIPPED_DIR}/ nor bundled): restore it from where the course came from"
    )]
    NoShippedCopy {
        /// The exercise's id.
        id: String,
    },
    /// A file of the course could not be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why writing it failed.
        #[source]
        source: io::Error,
    },
    /// rust-analyzer's project file could not be put together.
    #[error("cannot write {PROJECT_FILE}")]
    ProjectFile(#[source] serde_json::Error),
    /// The progress file could not be written.
    #[error("cannot save progress in {}", path.display())]
    SaveProgress {
        /// The progress file.
        path: PathBuf,
        /// Why writing it failed.
        #[source]
        source: io::Error,
    },
    /// The progress could not be put into TOML.
    #[error("cannot save progress in {}", path.display())]
    EncodeProgress {
        /// The progress file.
        path: PathBuf,
        /// Why encoding failed.
        #[source]
        source: toml::ser::Error,
    },
    /// The course's exercises cannot be watched for changes.
    #[error("cannot watch {}", path.display())]
    Watch {
        /// The directory watched.
        path: PathBuf,
        /// The watcher's error.
        #[source]
        source: notify::Error,
    },
    /// The terminal cannot be put into raw mode to read keys.
    #[error("cannot read keys from the terminal")]
    Keys(#[source] io::Error),
    /// The watch loop's screen cannot be drawn.
    #[error("cannot write to the terminal")]
    Draw(#[source] io::Error),
    /// A command's output cannot be written (a reader that went away is not an error).
    #[error("cannot write")]
    Output(#[source] io::Error),
    /// `reset`'s question cannot be answered: stdin cannot be read.
    #[error("cannot read the answer")]
    Answer(#[source] io::Error),
    /// Ctrl-C or SIGTERM stopped the checks that rebuild the progress.
    #[error("interrupted")]
    Interrupted,
    /// No Rust toolchain: the compile layer's error, which says what was tried.
    #[error(transparent)]
    Toolchain(Box<dyn Error + Send + Sync>),
    /// The course's exercises cannot be found; the model's error, which names the path.
    #[error(transparent)]
    Exercises(Box<dyn Error + Send + Sync>),
}

impl LearnError {
    /// The message followed by each cause, `: `-separated: the text the app prints after
    /// `error:`, for the watch loop's notices.
    pub(crate) fn with_causes(&self) -> String {
        let mut text = self.to_string();
        let mut cause = self.source();
        while let Some(e) = cause {
            // Writing to a String cannot fail.
            let _ = write!(text, ": {e}");
            cause = e.source();
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Notices in the watch loop read like the app's `error:` lines.
    #[test]
    fn causes_follow_the_message() {
        let error = LearnError::SaveProgress {
            path: PathBuf::from(".snipcheck/state.toml"),
            source: io::Error::other("disk full"),
        };
        assert_eq!(
            error.to_string(),
            "cannot save progress in .snipcheck/state.toml"
        );
        assert_eq!(
            error.with_causes(),
            "cannot save progress in .snipcheck/state.toml: disk full"
        );
        let ambiguous = LearnError::AmbiguousName {
            name: "b".into(),
            ids: vec!["a/b".into(), "c/b".into()],
        };
        assert_eq!(
            ambiguous.with_causes(),
            "`b` names 2 exercises (a/b, c/b): write the full name"
        );
    }
}
