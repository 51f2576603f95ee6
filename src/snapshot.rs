//! `expected.stderr` snapshots (SPEC §4.4): normalising rustc's rendered output, comparing
//! it with the file, and writing it on `bless`.

use std::fs;
use std::io;
use std::path::Path;

/// Normalises rendered output: the temp dir becomes `$DIR`, `\r\n` becomes `\n`, trailing
/// whitespace goes, and the text ends with exactly one newline (or is empty).
pub(crate) fn normalise(text: &str, temp_dir: &Path) -> String {
    let mut text = text.replace("\r\n", "\n");
    let mut dirs = vec![temp_dir.display().to_string()];
    if let Ok(real) = temp_dir.canonicalize() {
        dirs.push(real.display().to_string());
    }
    for dir in dirs.iter().filter(|d| !d.is_empty()) {
        text = text.replace(dir.as_str(), "$DIR");
    }
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
    let expected = normalise(&expected, Path::new(""));
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
    fn temp_dir_paths_become_dir() {
        let out = normalise(
            "error: at /tmp/snipcheck-x/main.rs:1\n",
            Path::new("/tmp/snipcheck-x"),
        );
        assert_eq!(out, "error: at $DIR/main.rs:1\n");
    }

    #[test]
    fn line_endings_and_trailing_space_are_normalised() {
        assert_eq!(
            normalise("a  \r\nb\t\r\n\r\n\n", Path::new("/nowhere")),
            "a\nb\n"
        );
        assert_eq!(normalise("\n\n", Path::new("/nowhere")), "");
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
