//! Inline annotations as expectations: each annotation an expected diagnostic at its
//! line, for an annotated file's check or added to an exercise snippet's `[expect]`.

use std::path::Path;

use toml::Spanned;

use crate::model::annotation::{self, Annotation, Kind};
use crate::model::error::InputError;
use crate::model::expectation::{is_error_code, DiagnosticExpectation, ExpectedLevel};
use crate::model::manifest::ConfigError;

/// Each annotation as an expected diagnostic at its line: a message substring, or a code
/// (`//~ ERROR E0382`, and compiletest's `msg [E0382]`); ui_test's code form (`//~ E0308`,
/// `//~ dead_code`) names a code, an error's or a lint's. SUGGESTION and RAW annotations
/// are not checked.
pub(crate) fn diagnostics(annotations: &[&Annotation]) -> Vec<Spanned<DiagnosticExpectation>> {
    annotations
        .iter()
        .filter_map(|a| {
            let (code, message) = match a.kind {
                None => (Some(a.message.trim().to_owned()), None),
                Some(_) => split_code(a.message.trim()),
            };
            let level = match a.kind {
                Some(Kind::Error) => ExpectedLevel::Error,
                Some(Kind::Warn) => ExpectedLevel::Warning,
                Some(Kind::Note) => ExpectedLevel::Note,
                Some(Kind::Help) => ExpectedLevel::Help,
                Some(Kind::Suggestion | Kind::Raw) => return None,
                None if code.as_deref().is_some_and(is_error_code) => ExpectedLevel::Error,
                None => ExpectedLevel::Warning,
            };
            let expectation = DiagnosticExpectation {
                level,
                code,
                line: a.line,
                message,
                label: None,
            };
            Some(Spanned::new(a.span.0..a.span.1, expectation))
        })
        .collect()
}

/// `E0382`, `[E0382]`, `msg [E0382]` or `msg [lint_name]` as a code and the message's
/// rest; other text is a message. compiletest matches a message against rustc's message
/// followed by ` [CODE]` whenever the diagnostic has a code, a lint's name included.
pub(crate) fn split_code(text: &str) -> (Option<String>, Option<String>) {
    let bare = text.trim_start_matches('[').trim_end_matches(']');
    if is_error_code(bare) {
        return (Some(bare.to_owned()), None);
    }
    if let Some(rest) = text.strip_suffix(']') {
        if let Some((message, code)) = rest.rsplit_once(" [") {
            if is_error_code(code) || is_lint_name(code) {
                return (Some(code.to_owned()), Some(message.trim().to_owned()));
            }
        }
    }
    let message = (!text.is_empty()).then(|| text.to_owned());
    (None, message)
}

/// A lint's name as rustc gives it as a diagnostic's code: `while_true`,
/// `clippy::needless_return`.
fn is_lint_name(code: &str) -> bool {
    code.split("::").all(|part| {
        part.starts_with(|c: char| c.is_ascii_lowercase())
            && part
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    })
}

/// The annotations of an exercise's snippet as expected diagnostics for its `[expect]`;
/// empty when it has none. Revisions do not apply to an exercise's snippet.
pub(crate) fn snippet_expectations(
    path: &Path,
    text: &str,
) -> Result<Vec<Spanned<DiagnosticExpectation>>, ConfigError> {
    if !annotation::is_annotated(text) {
        return Ok(Vec::new());
    }
    let parsed = annotation::parse(path, text).map_err(|problems| ConfigError {
        file: path.to_path_buf(),
        position: problems.first().and_then(|p| p.position()),
        message: problems
            .first()
            .map(InputError::without_place)
            .unwrap_or_default(),
    })?;
    let (annotations, _) = parsed.for_revision(None);
    Ok(diagnostics(&annotations))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_messages_are_told_apart() {
        assert_eq!(split_code("E0382"), (Some("E0382".into()), None));
        assert_eq!(split_code("[E0596]"), (Some("E0596".into()), None));
        assert_eq!(
            split_code("mismatched types [E0308]"),
            (Some("E0308".into()), Some("mismatched types".into()))
        );
        assert_eq!(
            split_code("borrow of moved value"),
            (None, Some("borrow of moved value".into()))
        );
        assert_eq!(
            split_code("denote infinite loops with `loop { ... }` [while_true]"),
            (
                Some("while_true".into()),
                Some("denote infinite loops with `loop { ... }`".into())
            )
        );
        assert_eq!(
            split_code("needless return [clippy::needless_return]")
                .0
                .as_deref(),
            Some("clippy::needless_return")
        );
        assert_eq!(
            split_code("index with [Index]"),
            (None, Some("index with [Index]".into()))
        );
    }

    #[test]
    fn ui_test_s_code_form_names_a_lint_or_an_error_code() {
        let text = "fn f() {} //~ dead_code\nfn g() -> u8 { 1u16 } //~ E0308\n";
        let found = snippet_expectations(Path::new("lib.rs"), text).expect("parses");
        let brief = |i: usize| {
            let e = found[i].get_ref();
            (e.level, e.code.as_deref(), e.message.as_deref(), e.line)
        };
        assert_eq!(
            brief(0),
            (ExpectedLevel::Warning, Some("dead_code"), None, Some(1))
        );
        assert_eq!(
            brief(1),
            (ExpectedLevel::Error, Some("E0308"), None, Some(2))
        );
    }

    #[test]
    fn annotations_become_expectations_at_their_lines() {
        let text = "fn main() {\n    let s = String::new();\n    let t = s;\n    println!(\"{s}\"); //~ ERROR borrow of moved value\n    //~^ ERROR E0382\n}\n";
        let found = snippet_expectations(Path::new("main.rs"), text).expect("parses");
        assert_eq!(found.len(), 2);
        let first = found[0].get_ref();
        assert_eq!((first.line, first.level), (Some(4), ExpectedLevel::Error));
        assert_eq!(first.message.as_deref(), Some("borrow of moved value"));
        assert_eq!(found[1].get_ref().code.as_deref(), Some("E0382"));
        assert_eq!(found[1].get_ref().line, Some(4), "one line up from line 5");
    }
}
