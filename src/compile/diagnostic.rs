//! rustc's JSON diagnostics: the serde model, parsing a compile's stderr, and the canonical
//! one-line form (`error[E0382] main.rs:5: borrow of moved value: `s1``) used in diffs.

use serde::{Deserialize, Serialize};

/// Severity as rustc reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Level {
    /// `error`
    #[serde(rename = "error")]
    Error,
    /// `warning`
    #[serde(rename = "warning")]
    Warning,
    /// `note`
    #[serde(rename = "note")]
    Note,
    /// `help`
    #[serde(rename = "help")]
    Help,
    /// `failure-note`: the "For more information" trailer.
    #[serde(rename = "failure-note")]
    FailureNote,
    /// `error: internal compiler error`
    #[serde(rename = "error: internal compiler error")]
    Ice,
    /// Any level this version does not know.
    #[serde(other)]
    Other,
}

impl Level {
    /// The word rustc prints for this level.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
            Self::Help => "help",
            Self::FailureNote => "failure-note",
            Self::Ice => "internal compiler error",
            Self::Other => "other",
        }
    }
}

/// One diagnostic, reduced to what matching and reporting need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Diagnostic {
    /// Severity.
    pub(crate) level: Level,
    /// Error code (`E0382`) or lint name (`unused_variables`).
    pub(crate) code: Option<String>,
    /// The top line of the message.
    pub(crate) message: String,
    /// File of the primary span, as rustc names it (relative to the temp dir).
    pub(crate) file: Option<String>,
    /// 1-based line of the primary span.
    pub(crate) line: Option<u32>,
    /// 1-based column of the primary span.
    pub(crate) column: Option<u32>,
    /// The primary span's label (`expected `u32`, found `&str``), when it has one.
    #[serde(default)]
    pub(crate) label: Option<String>,
    /// Attached notes and helps.
    pub(crate) children: Vec<Diagnostic>,
    /// rustc's rendered text (with ANSI colour), empty for children.
    pub(crate) rendered: String,
    /// Every span with a label, primary or not, in rustc's order (compiletest counts each
    /// as a NOTE at its line).
    #[serde(default)]
    pub(crate) labels: Vec<SpanLabel>,
}

/// A labelled span of a diagnostic: `value moved here` under line 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SpanLabel {
    /// The span's file, as rustc names it.
    pub(crate) file: String,
    /// Its 1-based first line.
    pub(crate) line: u32,
    /// The label.
    pub(crate) text: String,
}

#[derive(Deserialize)]
struct RawDiagnostic {
    message: String,
    code: Option<RawCode>,
    level: Level,
    #[serde(default)]
    spans: Vec<RawSpan>,
    #[serde(default)]
    children: Vec<RawDiagnostic>,
    rendered: Option<String>,
}

#[derive(Deserialize)]
struct RawCode {
    code: String,
}

#[derive(Deserialize)]
struct RawSpan {
    file_name: String,
    line_start: u32,
    column_start: u32,
    is_primary: bool,
    #[serde(default)]
    label: Option<String>,
    expansion: Option<Box<RawExpansion>>,
}

#[derive(Deserialize)]
struct RawExpansion {
    span: RawSpan,
}

impl RawSpan {
    /// The span itself when it is in the user's files, otherwise the nearest macro call
    /// site that is (an error inside `println!` points at the `println!` line).
    fn in_user_code(&self) -> &RawSpan {
        let mut span = self;
        while !is_user_file(&span.file_name) {
            match &span.expansion {
                Some(exp) => span = &exp.span,
                None => return self,
            }
        }
        span
    }
}

/// Files of the snippet are named relative to the temp dir; std's are absolute or `<...>`.
fn is_user_file(name: &str) -> bool {
    !(name.starts_with('/')
        || name.starts_with('<')
        || name.contains(':')
        || name.starts_with(".."))
}

/// A file name as expectations and reports write it, with `/`: rustc on Windows joins a
/// module's directory with `\` (`sub\mod.rs`). Elsewhere `\` is part of a name.
fn portable(name: &str) -> String {
    if cfg!(windows) {
        name.replace('\\', "/")
    } else {
        name.to_owned()
    }
}

impl From<RawDiagnostic> for Diagnostic {
    fn from(raw: RawDiagnostic) -> Self {
        let original = raw.spans.iter().find(|s| s.is_primary);
        let primary = original.map(RawSpan::in_user_code);
        let label = original
            .and_then(|s| s.label.clone())
            .or_else(|| primary.and_then(|s| s.label.clone()));
        let labels = raw
            .spans
            .iter()
            .filter_map(|s| {
                let text = s.label.as_deref().filter(|l| !l.is_empty())?;
                Some(SpanLabel {
                    file: portable(&s.file_name),
                    line: s.line_start,
                    text: text.to_owned(),
                })
            })
            .collect();
        Diagnostic {
            level: raw.level,
            code: raw.code.map(|c| c.code),
            message: raw.message,
            file: primary.map(|s| portable(&s.file_name)),
            line: primary.map(|s| s.line_start),
            column: primary.map(|s| s.column_start),
            label,
            children: raw.children.into_iter().map(Diagnostic::from).collect(),
            rendered: raw.rendered.unwrap_or_default(),
            labels,
        }
        .with_children_placed()
    }
}

impl Diagnostic {
    /// A note or help without a span of its own stands at its parent's place, as rustc
    /// prints it under the parent (and as compiletest counts it).
    fn with_children_placed(mut self) -> Self {
        for child in &mut self.children {
            if child.file.is_none() && child.line.is_none() {
                child.file.clone_from(&self.file);
                child.line = self.line;
            }
        }
        self
    }
}

/// What rustc wrote to stderr, split into diagnostics and any other lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Parsed {
    /// Every diagnostic, summaries included, in the order rustc emitted them.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Lines that were not JSON diagnostics (panics of an ICE, linker output...).
    pub(crate) other: Vec<String>,
}

/// Parses rustc's `--error-format=json` stderr.
pub(crate) fn parse(stderr: &str) -> Parsed {
    let mut parsed = Parsed::default();
    for line in stderr.lines() {
        let diagnostic = line
            .starts_with('{')
            .then(|| serde_json::from_str::<RawDiagnostic>(line).ok())
            .flatten();
        match diagnostic {
            Some(raw) => parsed.diagnostics.push(raw.into()),
            None if line.trim().is_empty() => {}
            None => parsed.other.push(line.to_owned()),
        }
    }
    parsed
}

impl Diagnostic {
    /// rustc's closing summaries ("aborting due to...", "For more information...",
    /// "N warnings emitted"), which are never diagnostics of the snippet.
    pub(crate) fn is_summary(&self) -> bool {
        let m = self.message.as_str();
        self.level == Level::FailureNote
            || m.starts_with("aborting due to")
            || m.starts_with("For more information about")
            || m.starts_with("Some errors have detailed explanations")
            || (self.level == Level::Warning && self.code.is_none() && is_warning_count(m))
    }

    /// Whether the code is an `E####` error code (not a lint name).
    pub(crate) fn has_error_code(&self) -> bool {
        self.code
            .as_deref()
            .is_some_and(crate::model::expectation::is_error_code)
    }

    /// The canonical one-line form used in reports and diffs.
    pub(crate) fn canonical(&self) -> String {
        canonical_line(
            self.level.as_str(),
            self.code.as_deref(),
            self.file.as_deref().zip(self.line),
            Some(&self.message),
        )
    }

    /// The canonical line with the primary span's label, `... [label]`, for checks whose
    /// expectations name labels.
    pub(crate) fn canonical_labelled(&self) -> String {
        with_label(self.canonical(), self.label.as_deref())
    }
}

fn is_warning_count(message: &str) -> bool {
    let mut words = message.split(' ');
    let count = words.next().is_some_and(|w| w.parse::<u32>().is_ok());
    count && matches!(words.next(), Some("warning" | "warnings")) && words.next() == Some("emitted")
}

/// `level[code] file:line: message`, leaving out the parts that are `None`.
pub(crate) fn canonical_line(
    level: &str,
    code: Option<&str>,
    location: Option<(&str, u32)>,
    message: Option<&str>,
) -> String {
    let mut line = level.to_owned();
    if let Some(code) = code {
        line.push_str(&format!("[{code}]"));
    }
    if let Some((file, n)) = location {
        line.push_str(&format!(" {file}:{n}"));
    }
    if let Some(message) = message {
        let first = message.lines().next().unwrap_or("");
        line.push_str(&format!(": {first}"));
    }
    line
}

/// `line [label]`, or `line` when there is no label.
pub(crate) fn with_label(line: String, label: Option<&str>) -> String {
    match label {
        Some(label) => format!("{line} [{}]", label.lines().next().unwrap_or("")),
        None => line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_files_are_named_with_slashes_on_windows() {
        let expected = if cfg!(windows) {
            "sub/mod.rs"
        } else {
            "sub\\mod.rs"
        };
        assert_eq!(portable("sub\\mod.rs"), expected);
        assert_eq!(portable("sub/mod.rs"), "sub/mod.rs");
    }

    /// Captured from rustc 1.95 on a use-after-move snippet (explanation text shortened).
    const MOVE_ERROR: &str = r#"{"$message_type":"diagnostic","message":"borrow of moved value: `s`","code":{"code":"E0382","explanation":"..."},"level":"error","spans":[{"file_name":"main.rs","byte_start":63,"byte_end":64,"line_start":4,"line_end":4,"column_start":20,"column_end":21,"is_primary":true,"text":[],"label":"value borrowed here after move","suggested_replacement":null,"suggestion_applicability":null,"expansion":null}],"children":[{"message":"consider cloning the value if the performance cost is acceptable","code":null,"level":"help","spans":[{"file_name":"main.rs","byte_start":47,"byte_end":47,"line_start":3,"line_end":3,"column_start":14,"column_end":14,"is_primary":true,"text":[],"label":null,"suggested_replacement":".clone()","suggestion_applicability":"MachineApplicable","expansion":null}],"children":[],"rendered":null}],"rendered":"\u001b[0m\u001b[1m\u001b[38;5;9merror[E0382]\u001b[0m: borrow of moved value\n"}
{"$message_type":"diagnostic","message":"aborting due to 1 previous error","code":null,"level":"error","spans":[],"children":[],"rendered":"error: aborting due to 1 previous error\n\n"}
{"$message_type":"diagnostic","message":"For more information about this error, try `rustc --explain E0382`.","code":null,"level":"failure-note","spans":[],"children":[],"rendered":"For more information about this error, try `rustc --explain E0382`.\n"}
"#;

    /// An error inside `println!`: the primary span is in std, the call site in main.rs.
    const MACRO_ERROR: &str = r#"{"message":"`NoDisplay` doesn't implement `std::fmt::Display`","code":{"code":"E0277","explanation":null},"level":"error","spans":[{"file_name":"/rustc/abc/library/core/src/macros/mod.rs","byte_start":1,"byte_end":2,"line_start":900,"line_end":900,"column_start":1,"column_end":2,"is_primary":true,"text":[],"label":null,"suggested_replacement":null,"suggestion_applicability":null,"expansion":{"span":{"file_name":"main.rs","byte_start":1,"byte_end":2,"line_start":7,"line_end":7,"column_start":5,"column_end":6,"is_primary":false,"text":[],"label":null,"suggested_replacement":null,"suggestion_applicability":null,"expansion":null},"macro_decl_name":"println!","def_site_span":null}}],"children":[],"rendered":"error[E0277]\n"}"#;

    #[test]
    fn parses_codes_spans_children_and_summaries() {
        let parsed = parse(MOVE_ERROR);
        assert!(parsed.other.is_empty());
        let [error, aborting, more] = parsed.diagnostics.as_slice() else {
            panic!("expected three diagnostics, got {:?}", parsed.diagnostics);
        };
        assert_eq!(error.level, Level::Error);
        assert_eq!(error.code.as_deref(), Some("E0382"));
        assert_eq!(
            (error.file.as_deref(), error.line, error.column),
            (Some("main.rs"), Some(4), Some(20))
        );
        assert_eq!(error.children[0].level, Level::Help);
        assert_eq!(error.children[0].line, Some(3));
        assert!(!error.is_summary());
        assert!(aborting.is_summary() && more.is_summary());
        assert_eq!(
            error.canonical(),
            "error[E0382] main.rs:4: borrow of moved value: `s`"
        );
        assert_eq!(
            error.canonical_labelled(),
            "error[E0382] main.rs:4: borrow of moved value: `s` [value borrowed here after move]"
        );
    }

    #[test]
    fn follows_macro_expansions_back_to_the_snippet() {
        let d = &parse(MACRO_ERROR).diagnostics[0];
        assert_eq!((d.file.as_deref(), d.line), (Some("main.rs"), Some(7)));
    }

    #[test]
    fn keeps_non_json_lines() {
        let parsed = parse("thread 'rustc' panicked at foo.rs:1:1\n{not json\n\n");
        assert_eq!(parsed.other.len(), 2);
        assert!(parsed.diagnostics.is_empty());
    }

    #[test]
    fn warning_counts_are_summaries() {
        let warn = |message: &str| Diagnostic {
            level: Level::Warning,
            code: None,
            message: message.to_owned(),
            file: None,
            line: None,
            column: None,
            label: None,
            children: vec![],
            rendered: String::new(),
            labels: Vec::new(),
        };
        assert!(warn("1 warning emitted").is_summary());
        assert!(warn("3 warnings emitted").is_summary());
        assert!(!warn("unused variable: `x`").is_summary());
    }

    #[test]
    fn canonical_lines_leave_out_unset_fields() {
        assert_eq!(
            canonical_line("error", Some("E0382"), None, None),
            "error[E0382]"
        );
        assert_eq!(
            canonical_line(
                "error",
                None,
                Some(("main.rs", 3)),
                Some("expected `;`\nmore")
            ),
            "error main.rs:3: expected `;`"
        );
    }
}
