//! `bless`'s writes. Judging only proposes each file to write (`CheckResult::bless`): a
//! snapshot, or on `bless --annotations` a snippet with its annotations rewritten. Here,
//! once a result is final and before it is reported, the file is written and the check
//! noted `written` or `unchanged`, or made an error when the file cannot be written. The
//! run's counts follow the results as reported.

use std::borrow::Cow;

use crate::engine::results::{CheckResult, ExerciseResult, Status, Summary};

/// What a check says after its file was written, and after it already held the text.
const WRITTEN: &str = "written";
/// See `WRITTEN`.
const UNCHANGED: &str = "unchanged";

/// Writes the proposed files of each result as it comes, and counts the results.
#[derive(Debug, Default)]
pub(crate) struct Snapshots {
    counts: Summary,
}

impl Snapshots {
    /// `result` with its proposed files written; borrowed as it is when it has none.
    pub(crate) fn settle<'r>(&mut self, result: &'r ExerciseResult) -> Cow<'r, ExerciseResult> {
        let settled = if result.checks.iter().any(|c| c.bless.is_some()) {
            Cow::Owned(written(result.clone()))
        } else {
            Cow::Borrowed(result)
        };
        self.counts.count(settled.status);
        settled
    }

    /// The run's totals, counted from the results as settled: a file that could not be
    /// written made its exercise an error after the runner counted it.
    pub(crate) fn summary(self, run: Summary) -> Summary {
        Summary {
            duration: run.duration,
            ..self.counts
        }
    }
}

/// Writes every proposed file of `result` and notes the outcome on its check.
fn written(mut result: ExerciseResult) -> ExerciseResult {
    for check in &mut result.checks {
        let Some(file) = check.bless.take() else {
            continue;
        };
        match file.write() {
            Ok(changed) => {
                check.note = Some(if changed { WRITTEN } else { UNCHANGED }.to_owned());
            }
            Err(e) => {
                *check = CheckResult {
                    cached: check.cached,
                    ..CheckResult::error(check.checked.clone(), check.expect, e)
                };
                result.status = result.status.max(Status::Error);
            }
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::results::{Checked, Expected};
    use crate::engine::snapshot::SnapshotWrite;

    fn proposing(path: std::path::PathBuf) -> ExerciseResult {
        let mut check = CheckResult::new(Checked::Snapshot, Expected::Snapshot, Status::Pass);
        check.bless = Some(SnapshotWrite {
            path,
            contents: "error: x\n".into(),
        });
        ExerciseResult::sample("exercises/a", Status::Pass, vec![check])
    }

    #[test]
    fn snapshots_are_written_then_left_unchanged() {
        let dir = tempfile::tempdir().expect("temp dir");
        let result = proposing(dir.path().join("expected.stderr"));
        let mut snapshots = Snapshots::default();
        let first = snapshots.settle(&result).into_owned();
        assert_eq!(first.checks[0].note.as_deref(), Some(WRITTEN));
        assert!(first.checks[0].bless.is_none());
        let second = snapshots.settle(&result).into_owned();
        assert_eq!(second.checks[0].note.as_deref(), Some(UNCHANGED));
        let summary = snapshots.summary(Summary::default());
        assert_eq!((summary.passed, summary.errors), (2, 0));
    }

    #[test]
    fn a_snapshot_that_cannot_be_written_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let result = proposing(dir.path().join("no/such/dir/expected.stderr"));
        let mut snapshots = Snapshots::default();
        let settled = snapshots.settle(&result).into_owned();
        assert_eq!(settled.status, Status::Error);
        assert_eq!(settled.checks[0].status, Status::Error);
        assert_eq!(snapshots.summary(Summary::default()).errors, 1);
    }

    #[test]
    fn results_without_snapshots_are_passed_on_as_they_are() {
        let result = ExerciseResult::sample("exercises/b", Status::Fail, vec![]);
        let mut snapshots = Snapshots::default();
        assert!(matches!(snapshots.settle(&result), Cow::Borrowed(_)));
        assert_eq!(snapshots.summary(Summary::default()).failed, 1);
    }
}
