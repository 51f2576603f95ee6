//! Expectations that survive a Rust release, taken from a trybuild `.stderr`: each error's
//! code, primary line (in the case file) and message, written beside the case as
//! `NAME.expect.toml` in `exercise.toml`'s `[expect]` syntax. A case with such a file is
//! checked against it instead of its `.stderr`, so a reworded note or a moved help line no
//! longer breaks it; an error's code, line or message still does.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::model::expectation::{CodeRule, Expectation, Outcome};
use crate::model::linemap;
use crate::model::manifest::ConfigError;

/// What a case's expectations file is called: `tests/ui/x.rs` has `tests/ui/x.expect.toml`.
pub(crate) fn sidecar_of(case: &Path) -> PathBuf {
    case.with_extension("expect.toml")
}

/// One error of a `.stderr`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ImportedError {
    /// Its code, when it has one.
    pub(crate) code: Option<String>,
    /// Its primary line, when it points into the case file.
    pub(crate) line: Option<u32>,
    /// Its message, up to the first placeholder trybuild wrote (`$CRATE`, `$DIR`, ...).
    pub(crate) message: String,
}

/// The errors of a trybuild `.stderr` for the case whose file is named `case_name`
/// (`missing-display.rs`), in order, a repeated one as often as it is repeated.
pub(crate) fn errors(stderr: &str, case_name: &str) -> Vec<ImportedError> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((code, message)) = error_heading(line) else {
            continue;
        };
        let error = ImportedError {
            code,
            line: primary_line(&lines[i + 1..], case_name),
            message: literal_prefix(message),
        };
        // One entry per occurrence: rustc repeats some errors (once per macro
        // expansion), and each must be accounted for.
        found.push(error);
    }
    found
}

/// `error[E0277]: msg` or `error: msg` at the start of a line: its code and message.
fn error_heading(line: &str) -> Option<(Option<String>, &str)> {
    let rest = line.strip_prefix("error")?;
    if let Some(rest) = rest.strip_prefix('[') {
        let (code, message) = rest.split_once("]: ")?;
        return Some((Some(code.to_owned()), message));
    }
    rest.strip_prefix(": ").map(|message| (None, message))
}

/// The line of the first ` --> FILE:LINE:COL` of a diagnostic, when FILE is the case.
fn primary_line(after: &[&str], case_name: &str) -> Option<u32> {
    let arrow = after
        .iter()
        .take_while(|l| error_heading(l).is_none() && !l.starts_with("warning"))
        .find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = arrow.rsplitn(3, ':');
    let (_column, line, file) = (parts.next()?, parts.next()?, parts.next()?);
    let file_name = file.rsplit(['/', '\\']).next()?;
    (file_name == case_name)
        .then(|| line.parse().ok())
        .flatten()
}

/// The message up to trybuild's first placeholder, trimmed: the part rustc prints as is.
fn literal_prefix(message: &str) -> String {
    let cut = message.find('$').unwrap_or(message.len());
    message[..cut].trim_end().to_owned()
}

/// The `NAME.expect.toml` text for `errors`, imported from `stderr_name`.
pub(crate) fn expect_toml(errors: &[ImportedError], stderr_name: &str) -> String {
    let codes: BTreeSet<&str> = errors.iter().filter_map(|e| e.code.as_deref()).collect();
    let mut out = format!(
        "# Imported from {stderr_name} by `snipcheck import trybuild`: each error's code, line and\n\
         # message. snipcheck checks these instead of the .stderr; trybuild still reads the .stderr.\n\n\
         [expect]\noutcome = \"compile-fail\"\n"
    );
    let list: Vec<String> = codes.iter().map(|c| format!("\"{c}\"")).collect();
    out.push_str(&format!("errors = [{}]\n", list.join(", ")));
    for error in errors {
        out.push_str("\n[[expect.diagnostic]]\n");
        if let Some(code) = &error.code {
            out.push_str(&format!("code = \"{code}\"\n"));
        }
        if let Some(line) = error.line {
            out.push_str(&format!("line = {line}\n"));
        }
        if !error.message.is_empty() {
            let quoted = toml::Value::String(error.message.clone()).to_string();
            out.push_str(&format!("message = {quoted}\n"));
        }
    }
    out
}

/// A `NAME.expect.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectToml {
    expect: Spanned<Expectation>,
}

/// Reads the expectations file of a case: its `[expect]`, whose codes are the exact set.
pub(crate) fn read(path: &Path) -> Result<Expectation, ConfigError> {
    let error = |position, message: String| ConfigError {
        file: path.to_path_buf(),
        position,
        message,
    };
    let text =
        fs::read_to_string(path).map_err(|e| error(None, format!("cannot read the file: {e}")))?;
    let parsed: ExpectToml = toml::from_str(&text).map_err(|e| {
        let at = e.span().map(|s| linemap::line_col(&text, s.start));
        error(at, e.message().trim().replace('\n', " "))
    })?;
    let mut expect = parsed.expect.into_inner();
    if expect.outcome != Outcome::CompileFail {
        return Err(error(
            None,
            "a trybuild compile-fail case expects outcome = \"compile-fail\"".into(),
        ));
    }
    expect.codes = CodeRule::Exact;
    Ok(expect)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STDERR: &str = "error[E0277]: `MyError` doesn't implement `std::fmt::Display`\n --> tests/ui/missing-display.rs:4:10\n  |\n4 | #[derive(Error, Debug)]\n  |          ^^^^^ `MyError` cannot be formatted\n  |\nnote: required by a bound in `$CRATE::Error`\n --> src/lib.rs\n  |\n  | pub trait Error: Debug + Display {\n\nerror: expected one of: string literal, `transparent`\n --> tests/ui/missing-display.rs:7:13\n  |\n7 |     #[error(concat!(\"x\"))]\n  |             ^^^^^^\n\nerror[E0599]: the method `as_dyn_error` exists for reference `&$DIR/x`, but its trait bounds were not satisfied\n --> src/lib.rs\n\nerror[E0277]: `MyError` doesn't implement `std::fmt::Display`\n --> tests/ui/missing-display.rs:4:10\n";

    #[test]
    fn errors_are_read_with_their_lines_and_literal_messages() {
        let found = errors(STDERR, "missing-display.rs");
        assert_eq!(found.len(), 4, "{found:#?}");
        assert_eq!(found[3], found[0], "a repeated error is listed again");
        assert_eq!(found[0].code.as_deref(), Some("E0277"));
        assert_eq!(found[0].line, Some(4));
        assert_eq!(found[1].code, None);
        assert_eq!(found[1].line, Some(7));
        assert_eq!(found[2].line, None, "a line outside the case is not kept");
        assert_eq!(
            found[2].message,
            "the method `as_dyn_error` exists for reference `&"
        );
    }

    #[test]
    fn the_written_file_reads_back() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("x.expect.toml");
        let text = expect_toml(&errors(STDERR, "missing-display.rs"), "x.stderr");
        fs::write(&path, &text).expect("write");
        let expect = read(&path).expect("reads back");
        assert_eq!(expect.error_codes(), ["E0277", "E0599"]);
        assert_eq!(expect.diagnostics.len(), 4);
        assert_eq!(expect.codes, CodeRule::Exact);
        assert_eq!(
            sidecar_of(Path::new("tests/ui/x.rs")),
            Path::new("tests/ui/x.expect.toml")
        );
    }
}
