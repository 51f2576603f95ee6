//! `expected.stderr` snapshots (SPEC §4.4): normalising rustc's rendered output, comparing
//! it with the file, and writing it on `bless`.

use std::fs;
use std::io;
use std::path::Path;

/// Normalises rendered output: `\r\n` becomes `\n`, trailing whitespace goes, and the text
/// ends with exactly one newline (or is empty). The temp dir is already `$DIR`: compiles
/// replace it as they finish (`Compiled::without_dir`).
pub(crate) fn normalise(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let joined = lines.join("\n");
    let trimmed = joined.trim_end_matches('\n');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// `Ok(None)` when the snapshot at `path` equals `actual`, else the unified diff.
pub(crate) fn compare(path: &Path, actual: &str) -> Result<Option<String>, String> {
    let expected =
        fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let expected = normalise(&expected);
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

/// Writes `actual` to `path` unless it already holds it; true when the file changed.
pub(crate) fn bless(path: &Path, actual: &str) -> Result<bool, String> {
    match fs::read_to_string(path) {
        Ok(current) if current == actual => return Ok(false),
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    }
    fs::write(path, actual).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_and_trailing_space_are_normalised() {
        assert_eq!(normalise("a  \r\nb\t\r\n\r\n\n"), "a\nb\n");
        assert_eq!(normalise("\n\n"), "");
    }

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
