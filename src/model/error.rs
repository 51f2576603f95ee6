//! The model layer's errors, two kinds because they end in different places: an
//! `InputError` (a file of an exercise or a submission that cannot reach rustc, or a
//! trybuild suite's call that gives no case) becomes the error of one check and is
//! reported with it, while a `FindError` (a path the user
//! gave holds nothing to check) ends the command before anything runs. A malformed
//! `exercise.toml` or `snipcheck.toml` is a `ConfigError` (`exercise.rs`), reported as the
//! exercise's own result. Each message is the sentence users read; the OS's reason is kept
//! as its text, so the errors can be cloned into every result that shares them.

use std::path::{Path, PathBuf};

use crate::model::annotation::error::AnnotationError;
use crate::model::hidden::HiddenTestsError;

/// What `snipcheck` says where the default path `exercises` is missing.
const NO_DEFAULT_DIR_HINT: &str =
    " (run snipcheck where exercises/ is, name a PATH, or create a course with `snipcheck init`)";

/// Why a file of an exercise or a submission cannot be compiled. Each variant keeps the
/// file it is about, as the message names it (relative to the exercise where it is one of
/// its sources).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum InputError {
    /// `exercise.toml` has a `[solution]` table but `solution.rs` is not there, so the
    /// solution `check` promises to prove cannot be.
    #[error("{} not found: [solution] needs the reference fix to prove it; add the file, or remove [solution]", file.display())]
    NoSolution {
        /// Where `solution.rs` was looked for.
        file: PathBuf,
    },
    /// A directory could not be resolved to its real path, which is needed to tell
    /// whether symlinks lead out of it.
    #[error("cannot resolve {}: {reason}", file.display())]
    Unresolved {
        /// The directory.
        file: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// Walking the exercise directory failed.
    #[error("cannot read the exercise directory: {reason}")]
    Walk {
        /// The entry the walk failed at (the directory when the walk does not say).
        file: PathBuf,
        /// The walk's reason, naming the entry.
        reason: String,
    },
    /// A symlink whose target cannot be resolved.
    #[error("`{}` is a broken symlink: {reason}", file.display())]
    BrokenLink {
        /// The symlink.
        file: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// A symlink leading outside the exercise or the submission: the file would be read
    /// from wherever it points, and a submission could read the grader's files.
    #[error(
        "`{}` is a symlink to a file outside the {owner} ({}): copy the file into the {owner} instead",
        file.display(),
        target.display()
    )]
    LinkOutside {
        /// The symlink.
        file: PathBuf,
        /// Where it resolves to.
        target: PathBuf,
        /// What it should stay inside: `exercise` or `submission`.
        owner: &'static str,
    },
    /// A file could not be read.
    #[error("cannot read {}: {reason}", file.display())]
    Unreadable {
        /// The file.
        file: PathBuf,
        /// The OS's reason.
        reason: String,
    },
    /// A submitted path that is a directory or a special file.
    #[error("{} is not a regular file", file.display())]
    NotAFile {
        /// The path.
        file: PathBuf,
    },
    /// A source that is not UTF-8, which rustc would refuse with an error no expectation
    /// accounts for.
    #[error(
        "{} is not valid UTF-8 (bad byte at offset {offset}): save it as UTF-8",
        file.display()
    )]
    NotUtf8 {
        /// The file.
        file: PathBuf,
        /// Byte offset of the first bad byte.
        offset: usize,
        /// 1-based line and column of the first bad byte.
        position: (usize, usize),
    },
    /// The hidden test file has tests the driver cannot run.
    #[error("{}: {problem}", file.display())]
    HiddenTests {
        /// The hidden test file.
        file: PathBuf,
        /// 1-based line and column of the offending test.
        position: (usize, usize),
        /// What is wrong with it.
        problem: HiddenTestsError,
    },
    /// A `//~` annotation or a `//@` header of an annotated test file that cannot be
    /// read as compiletest means it.
    #[error("{}:{}: {problem}", file.display(), position.0)]
    Annotation {
        /// The test file.
        file: PathBuf,
        /// 1-based line and column of the comment.
        position: (usize, usize),
        /// What is wrong with it.
        problem: AnnotationError,
    },
    /// A tests file that creates trybuild suites but does not parse, so they cannot be
    /// found.
    #[error(
        "{}:{}: cannot parse this tests file ({reason}), and it creates trybuild suites: fix it, or declare its suites in snipcheck.toml with [[suite]]",
        file.display(),
        position.0
    )]
    SuiteUnparsed {
        /// The tests file, package-relative.
        file: PathBuf,
        /// 1-based line and column where parsing failed.
        position: (usize, usize),
        /// The parser's reason.
        reason: String,
    },
    /// `t.compile_fail(..)` or `t.pass(..)` given something other than a string literal,
    /// whose files snipcheck cannot know without running the test.
    #[error(
        "{}:{line}: `{call}` is not given a string literal: snipcheck reads only string-literal paths; declare this suite in snipcheck.toml with [[suite]]",
        file.display()
    )]
    SuiteNotLiteral {
        /// The tests file, package-relative.
        file: PathBuf,
        /// 1-based line of the call.
        line: usize,
        /// The call, as `NAME.METHOD(..)`.
        call: String,
    },
    /// A `TestCases::new()` that is not bound with `let NAME = ...` in a function, so
    /// its calls cannot be followed.
    #[error(
        "{}:{line}: this `TestCases::new()` is not bound with `let NAME = ...` in a function: snipcheck follows only suites held in a variable; declare this suite in snipcheck.toml with [[suite]]",
        file.display()
    )]
    SuiteUnbound {
        /// The tests file, package-relative.
        file: PathBuf,
        /// 1-based line of the call.
        line: usize,
    },
    /// A glob of a suite that matches no file: trybuild would run nothing for it and
    /// pass, which hides a misspelt path.
    #[error(
        "{}:{line}: `{pattern}` matches no file: fix the path, or {}",
        file.display(),
        removal(file)
    )]
    GlobNoMatch {
        /// The suite's file.
        file: PathBuf,
        /// 1-based line of the call.
        line: usize,
        /// The pattern.
        pattern: String,
    },
    /// A pattern the `glob` crate (trybuild's) refuses.
    #[error(
        "{}:{line}: `{pattern}` is not a valid glob ({reason}): fix the pattern",
        file.display()
    )]
    GlobInvalid {
        /// The suite's file.
        file: PathBuf,
        /// 1-based line of the call.
        line: usize,
        /// The pattern.
        pattern: String,
        /// The glob crate's reason.
        reason: String,
    },
    /// A directory a glob walks that cannot be read.
    #[error("{}:{line}: cannot expand `{pattern}`: {reason}", file.display())]
    GlobUnreadable {
        /// The suite's file.
        file: PathBuf,
        /// 1-based line of the call.
        line: usize,
        /// The pattern.
        pattern: String,
        /// The glob crate's reason, naming the directory.
        reason: String,
    },
    /// A plain path of a suite (no `*`) that does not exist.
    #[error(
        "{}:{line}: `{}` does not exist: fix the path, or {}",
        file.display(),
        path.display(),
        removal(file)
    )]
    CaseMissing {
        /// The suite's file.
        file: PathBuf,
        /// 1-based line of the call.
        line: usize,
        /// The path, package-relative as given.
        path: PathBuf,
    },
    /// A path of a suite, given or matched, that is a directory or a special file.
    #[error(
        "{}:{line}: `{}` is not a regular file: a trybuild case is one .rs file; fix the path",
        file.display(),
        path.display()
    )]
    CaseNotAFile {
        /// The suite's file.
        file: PathBuf,
        /// 1-based line of the call.
        line: usize,
        /// The path, package-relative.
        path: PathBuf,
    },
    /// A `.stderr` file with no `.rs` beside it, in a directory a suite's globs match
    /// files in: the expectation of a test that was renamed or deleted, which trybuild
    /// never reads.
    #[error(
        "`{}` has no `{}` beside it (in a directory of the suite at {}:{line}): rename it after its test, or delete it",
        file.display(),
        file.with_extension("rs").display(),
        suite.display()
    )]
    OrphanStderr {
        /// The `.stderr` file, package-relative.
        file: PathBuf,
        /// The suite's file.
        suite: PathBuf,
        /// 1-based line of the suite.
        line: usize,
    },
}

/// How to drop a bad pattern: a call in a tests file, an entry in `snipcheck.toml`.
fn removal(file: &Path) -> &'static str {
    if file.extension().is_some_and(|x| x == "toml") {
        "remove it from the [[suite]]"
    } else {
        "remove the call"
    }
}

impl InputError {
    /// The file the error is about.
    pub(crate) fn file(&self) -> &Path {
        match self {
            Self::Unresolved { file, .. }
            | Self::Walk { file, .. }
            | Self::BrokenLink { file, .. }
            | Self::LinkOutside { file, .. }
            | Self::Unreadable { file, .. }
            | Self::NotAFile { file }
            | Self::NoSolution { file }
            | Self::NotUtf8 { file, .. }
            | Self::HiddenTests { file, .. }
            | Self::Annotation { file, .. }
            | Self::SuiteUnparsed { file, .. }
            | Self::SuiteNotLiteral { file, .. }
            | Self::SuiteUnbound { file, .. }
            | Self::GlobNoMatch { file, .. }
            | Self::GlobInvalid { file, .. }
            | Self::GlobUnreadable { file, .. }
            | Self::CaseMissing { file, .. }
            | Self::CaseNotAFile { file, .. }
            | Self::OrphanStderr { file, .. } => file,
        }
    }

    /// The message without the `FILE:LINE:COL: ` (or `FILE:LINE: `, `FILE: `) its display
    /// starts with, for reports that name the place apart.
    pub(crate) fn without_place(&self) -> String {
        let text = self.to_string();
        let Some(mut rest) = text.strip_prefix(&format!("{}:", self.file().display())) else {
            return text;
        };
        // At most a line and a column, each digits and a colon.
        for _ in 0..2 {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            match rest[digits..].strip_prefix(':') {
                Some(after) if digits > 0 => rest = after,
                _ => break,
            }
        }
        rest.strip_prefix(' ').unwrap_or(rest).to_owned()
    }

    /// The 1-based line and column in `file` the error points at, when it points inside it
    /// (column 1 where only the line of a call is known).
    pub(crate) fn position(&self) -> Option<(usize, usize)> {
        match self {
            Self::NotUtf8 { position, .. }
            | Self::HiddenTests { position, .. }
            | Self::Annotation { position, .. }
            | Self::SuiteUnparsed { position, .. } => Some(*position),
            Self::SuiteNotLiteral { line, .. }
            | Self::SuiteUnbound { line, .. }
            | Self::GlobNoMatch { line, .. }
            | Self::GlobInvalid { line, .. }
            | Self::GlobUnreadable { line, .. }
            | Self::CaseMissing { line, .. }
            | Self::CaseNotAFile { line, .. } => Some((*line, 1)),
            _ => None,
        }
    }
}

/// Why the paths the user gave hold nothing to check.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum FindError {
    /// A path that does not exist.
    #[error("{}: no such file or directory", .0.display())]
    Missing(PathBuf),
    /// The default path `exercises` does not exist: the user most likely is not where the
    /// course is, so the message says how to get going.
    #[error("{}: no such file or directory{NO_DEFAULT_DIR_HINT}", .0.display())]
    MissingDefault(PathBuf),
    /// A path with no exercise directory at or below it. The marker file is spelt out:
    /// `source`, which names it, imports this module.
    #[error(
        "{}: no exercises found (an exercise is a directory with an exercise.toml)",
        .0.display()
    )]
    NoExercises(PathBuf),
    /// A path with no Markdown file at or below it.
    #[error("{}: no Markdown files (*.md) found", .0.display())]
    NoMarkdown(PathBuf),
    /// `--filter TEXT` that keeps nothing: most likely a typo, which must not pass as an
    /// empty, successful run.
    #[error("no {what} matches `{filter}`")]
    NoMatch {
        /// What was filtered: exercises, or Markdown blocks.
        what: &'static str,
        /// The filter.
        filter: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_goes_without_its_place() {
        let error = InputError::GlobNoMatch {
            file: PathBuf::from("tests/compiletest.rs"),
            line: 6,
            pattern: "tests/ui/*.rs".into(),
        };
        let whole = error.to_string();
        let bare = error.without_place();
        assert!(whole.starts_with("tests/compiletest.rs:6"), "{whole}");
        assert!(whole.ends_with(&bare), "{whole} / {bare}");
        assert!(
            bare.starts_with('`') || bare.starts_with("tests/ui"),
            "{bare}"
        );
        assert!(!bare.starts_with(':') && !bare.starts_with(' '), "{bare}");
    }

    /// Reports and `grade`'s `refused:` lines quote these sentences; they must not drift.
    #[test]
    fn messages_are_the_reported_sentences() {
        let link = InputError::LinkOutside {
            file: "main.rs".into(),
            target: "/etc/passwd".into(),
            owner: "exercise",
        };
        assert_eq!(
            link.to_string(),
            "`main.rs` is a symlink to a file outside the exercise (/etc/passwd): copy the file into the exercise instead"
        );
        assert_eq!(link.file(), Path::new("main.rs"));
        let hidden = InputError::HiddenTests {
            file: "t.rs".into(),
            position: (2, 5),
            problem: HiddenTestsError::NotTopLevel(12),
        };
        assert_eq!(hidden.position(), Some((2, 5)));
        assert_eq!(
            hidden.to_string(),
            "t.rs: hidden tests must be functions at the top level of the test file, not inside a module"
        );
        assert_eq!(
            FindError::MissingDefault("exercises".into()).to_string(),
            format!("exercises: no such file or directory{NO_DEFAULT_DIR_HINT}")
        );
    }

    /// A trybuild suite's errors point at the call's line, where reporters annotate it.
    #[test]
    fn suite_errors_point_at_their_call() {
        let no_match = InputError::GlobNoMatch {
            file: "tests/compiletest.rs".into(),
            line: 6,
            pattern: "tests/ui/*.rs".to_owned(),
        };
        assert_eq!(no_match.position(), Some((6, 1)));
        assert_eq!(no_match.file(), Path::new("tests/compiletest.rs"));
        assert_eq!(
            no_match.to_string(),
            "tests/compiletest.rs:6: `tests/ui/*.rs` matches no file: fix the path, or remove the call"
        );
        let stale = InputError::OrphanStderr {
            file: "tests/ui/old.stderr".into(),
            suite: "tests/compiletest.rs".into(),
            line: 5,
        };
        assert_eq!(stale.position(), None);
        assert_eq!(stale.file(), Path::new("tests/ui/old.stderr"));
    }
}
