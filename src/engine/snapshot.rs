//! `expected.stderr` snapshots (README, "How matching works"): comparing rustc's normalised rendered output
//! (`compile::normalize::snapshot`) with the file, and writing it on `bless`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::compile::error::CheckError;
use crate::compile::normalize;

/// `Ok(None)` when the snapshot at `path` equals `actual`, else the unified diff.
pub(crate) fn compare(path: &Path, actual: &str) -> Result<Option<String>, CheckError> {
    let expected = fs::read_to_string(path)
        .map_err(|e| CheckError::io(format!("cannot read {}", path.display()), e))?;
    let expected = normalize::snapshot(&expected);
    if expected == actual {
        return Ok(None);
    }
    let diff = similar::TextDiff::from_lines(&expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected.stderr", "actual")
        .to_string();
    Ok(Some(diff))
}

/// A file `bless` is to write: a snapshot, or on `bless --annotations` a snippet with its
/// annotations rewritten. Judging only proposes it: the caller writes it once the result is
/// final, so a result that is judged and then dropped (a batched cache hit that fails and
/// is compiled again alone) writes nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SnapshotWrite {
    /// The exercise's `expected.stderr` (a trybuild case's `.stderr`), or the snippet.
    pub(crate) path: PathBuf,
    /// rustc's rendered output, normalised; or the snippet's new text.
    pub(crate) contents: String,
}

impl SnapshotWrite {
    /// Writes the file unless it already holds the contents; true when the file changed.
    pub(crate) fn write(&self) -> Result<bool, CheckError> {
        bless(&self.path, &self.contents)
    }
}

/// Writes `actual` to `path` unless it already holds it; true when the file changed.
pub(crate) fn bless(path: &Path, actual: &str) -> Result<bool, CheckError> {
    match fs::read_to_string(path) {
        Ok(current) if current == actual => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(CheckError::io(format!("cannot read {}", path.display()), e)),
    }
    fs::write(path, actual)
        .map_err(|e| CheckError::io(format!("cannot write {}", path.display()), e))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compare_and_bless_round_trip() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("expected.stderr");
        assert!(bless(&path, "error: x\n").expect("bless"));
        assert!(!bless(&path, "error: x\n").expect("bless again"));
        assert_eq!(compare(&path, "error: x\n").expect("compare"), None);
        let diff = compare(&path, "error: y\n")
            .expect("compare")
            .expect("a diff");
        assert!(
            diff.contains("-error: x") && diff.contains("+error: y"),
            "{diff}"
        );
    }
}
