//! Every normalisation of compiler and program output, in one place, each with its own
//! test: the temp dir written as `$DIR`, ANSI colour removed, `\r\n` as `\n`, trailing
//! whitespace trimmed (snapshots), thread ids left out of panic messages, hidden tests
//! named without their driver's module path, and a batch's module prefixes left out of
//! type paths. Results and snapshots then read the same
//! whatever machine, run or batch produced them.

use std::path::Path;

use crate::model::hidden::{DRIVER_MODULE, HIDDEN_MODULE};

/// What the temp dir of a compile is called in every kept result.
pub(crate) const DIR_PLACEHOLDER: &str = "$DIR";

/// `\r\n` becomes `\n`.
pub(crate) fn line_endings(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Removes ANSI escape sequences (CSI `ESC [ ... letter` and two-byte `ESC x`).
pub(crate) fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        if chars.next() == Some('[') {
            for c in chars.by_ref() {
                if ('@'..='~').contains(&c) {
                    break;
                }
            }
        }
    }
    out
}

/// The temp dir (as given, and as resolved through symlinks) written as `$DIR`, so no
/// result names a directory that is gone, and cached results do not depend on where they
/// were made.
pub(crate) fn temp_dir(text: &str, dir: &Path) -> String {
    let mut names = vec![dir.display().to_string()];
    if let Ok(real) = dir.canonicalize() {
        names.push(real.display().to_string());
    }
    let mut out = text.to_owned();
    for name in names.iter().filter(|n| !n.is_empty()) {
        if out.contains(name.as_str()) {
            out = out.replace(name.as_str(), DIR_PLACEHOLDER);
        }
    }
    out
}

/// Rendered output as a snapshot holds it (README, "How matching works"): `\r\n` becomes `\n`, trailing
/// whitespace goes, and the text ends with exactly one newline (or is empty).
pub(crate) fn snapshot(text: &str) -> String {
    let text = line_endings(text);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let joined = lines.join("\n");
    let trimmed = joined.trim_end_matches('\n');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// Panic messages name the thread's numeric id (`thread 'main' (31288) panicked`), which
/// changes from run to run; reports leave it out so they stay the same.
pub(crate) fn thread_ids(stderr: &str) -> String {
    stderr
        .lines()
        .map(|line| without_thread_id(line).unwrap_or_else(|| line.to_owned()) + "\n")
        .collect()
}

fn without_thread_id(line: &str) -> Option<String> {
    let rest = line.strip_prefix("thread '")?;
    let (name, after) = rest.split_once("' (")?;
    let (id, tail) = after.split_once(") ")?;
    id.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| format!("thread '{name}' {tail}"))
}

/// A hidden test's output names its wrapper (`thread 'snipcheck_hidden_tests::
/// snipcheck_driver::adds' panicked`); reports name the test as the grader wrote it.
pub(crate) fn driver_paths(text: &str) -> String {
    text.replace(&format!("{HIDDEN_MODULE}::{DRIVER_MODULE}::"), "")
}

/// A message of a batched compile as the snippet alone would read: without the batch
/// crate's `CRATE::` prefix and the members' `sNNNN::` module prefixes.
pub(crate) fn batch_modules(message: &str, crate_name: &str) -> String {
    let mut out = message.replace(&format!("{crate_name}::"), "");
    let mut i = 0;
    while let Some(pos) = out[i..].find("::").map(|p| p + i) {
        let start = pos.saturating_sub(5);
        let candidate = &out[start..pos];
        let boundary =
            start == 0 || !out[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let is_module = candidate.len() == 5
            && candidate.starts_with('s')
            && candidate[1..].bytes().all(|b| b.is_ascii_digit());
        if is_module && boundary {
            out.replace_range(start..pos + 2, "");
            i = start;
        } else {
            i = pos + 2;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(line_endings("a\r\nb\r\n"), "a\nb\n");
        assert_eq!(line_endings("a\rb"), "a\rb");
    }

    #[test]
    fn ansi_sequences_go() {
        assert_eq!(
            strip_ansi("\x1b[0m\x1b[1m\x1b[38;5;9merror\x1b[0m: x"),
            "error: x"
        );
        assert_eq!(strip_ansi("plain"), "plain");
    }

    #[test]
    fn the_temp_dir_becomes_dir() {
        assert_eq!(
            temp_dir(
                "error: at /tmp/snipcheck-x/main.rs:1\n",
                Path::new("/tmp/snipcheck-x")
            ),
            "error: at $DIR/main.rs:1\n"
        );
        let real = tempfile::tempdir().expect("temp dir");
        let shown = format!("{}/main.rs", real.path().display());
        assert_eq!(temp_dir(&shown, real.path()), "$DIR/main.rs");
    }

    #[test]
    fn snapshots_lose_trailing_space_and_blank_ends() {
        assert_eq!(snapshot("a  \r\nb\t\r\n\r\n\n"), "a\nb\n");
        assert_eq!(snapshot("\n\n"), "");
        assert_eq!(snapshot("x"), "x\n");
    }

    #[test]
    fn thread_ids_leave_panic_messages() {
        let stderr = "\nthread 'main' (31288) panicked at main.rs:3:21:\nindex out of bounds\n";
        assert_eq!(
            thread_ids(stderr),
            "\nthread 'main' panicked at main.rs:3:21:\nindex out of bounds\n"
        );
        assert_eq!(thread_ids("thread 'x' (y) z\n"), "thread 'x' (y) z\n");
    }

    #[test]
    fn hidden_tests_are_named_as_written() {
        assert_eq!(
            driver_paths("thread 'snipcheck_hidden_tests::snipcheck_driver::adds' panicked"),
            "thread 'adds' panicked"
        );
    }

    #[test]
    fn batch_module_prefixes_leave_messages() {
        assert_eq!(
            batch_modules(
                "expected `s0003::User`, found `snipcheck_batch::s0003::Id`",
                "snipcheck_batch"
            ),
            "expected `User`, found `Id`"
        );
        assert_eq!(
            batch_modules("uses1234::x and vs0001::y", "snipcheck_batch"),
            "uses1234::x and vs0001::y"
        );
    }
}
