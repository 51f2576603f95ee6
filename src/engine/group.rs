//! Which checks may share a batch: the key of their group.

use std::path::PathBuf;

use crate::compile::batch;
use crate::engine::job::{BatchKind, Job};

/// Snippets that may share a batch: same edition and rustc arguments, the same kind of
/// batch (a compile-pass batch is trusted only when it is free of errors), in `grade`
/// the same student (one student's programs never share a binary with another's), and
/// lazy answers apart: many do not compile, and each that does not is sent alone and its
/// batch compiled again without it, which the other checks need not wait for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct GroupKey {
    edition: &'static str,
    rustc_args: Vec<String>,
    kind: BatchKind,
    student: Option<PathBuf>,
    lazy: bool,
    /// In a told batch, the crates the member's text names (`--extern` crates, `core`):
    /// rustc prints a type by its bare name only when no crate named directly exports
    /// the same name, so members share a batch only when they name the same crates.
    externs: Vec<String>,
}

impl GroupKey {
    pub(crate) fn of(job: &Job<'_>, kind: BatchKind) -> GroupKey {
        GroupKey {
            edition: job.ex.edition.as_str(),
            rustc_args: job.extra.clone(),
            kind,
            student: job.submission.map(|s| s.student.clone()),
            lazy: job.answer.is_some(),
            externs: match kind {
                BatchKind::Told => batch::named_externs(&job.inputs, &job.extra),
                _ => Vec::new(),
            },
        }
    }
}
