//! One `//@` header: a line comment that starts its line with `//@`, then an optional
//! `[rev,...]`, then a name that ends at the first `:` or blank, then the value after a
//! `:` (or a remark after a blank), as compiletest splits it. Each known name gets its
//! typed meaning here; the revisions a file declares are checked against those its
//! headers name.

use crate::model::annotation::comments::LineComment;
use crate::model::annotation::error::closest;
use crate::model::annotation::skip::Condition;
use crate::model::annotation::spec::{Expectation, Meaning, Value};
use crate::model::annotation::{names, values, AnnotationError, Kind, Problem};

/// A header as written, and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Directive {
    /// Its name (`compile-flags`).
    pub(crate) name: String,
    /// What follows the name after `:` or a blank, trimmed; `None` when nothing does.
    pub(crate) value: Option<String>,
    /// The revisions of `//@[a,b]`; empty for all.
    pub(crate) revisions: Vec<String>,
    /// 1-based line it is on.
    pub(crate) line: u32,
    /// 1-based column of its `//@`.
    pub(crate) column: u32,
    /// What it means.
    pub(crate) meaning: Meaning,
}

/// Whether a comment is a header: `//@` with only blank space before it on its line.
pub(super) fn is_header(comment: &LineComment<'_>) -> bool {
    comment.leads && comment.text.starts_with("//@")
}

/// The headers among `comments`; the problems of those that cannot be read go to
/// `problems`.
pub(super) fn read_all(
    comments: &[LineComment<'_>],
    problems: &mut Vec<Problem>,
) -> Vec<Directive> {
    let mut out = Vec::new();
    for comment in comments.iter().filter(|c| is_header(c)) {
        match read(comment) {
            Ok(directive) => out.push(directive),
            Err(error) => problems.push(Problem {
                position: (comment.line, comment.column),
                error,
            }),
        }
    }
    out
}

/// One header comment, read.
fn read(comment: &LineComment<'_>) -> Result<Directive, AnnotationError> {
    let body = comment.text["//@".len()..].trim();
    let (revisions, body) = revision_prefix(body)?;
    let name_len = body
        .find(|c: char| c == ':' || c.is_whitespace())
        .unwrap_or(body.len());
    let (name, rest) = body.split_at(name_len);
    let text = rest.get(1..).map(str::trim).filter(|t| !t.is_empty());
    let value = Value {
        text,
        colon: rest.starts_with(':'),
    };
    if !names::is_known(name) {
        let suggestion = closest(name, names::all().iter().map(String::as_str));
        return Err(AnnotationError::UnknownHeader {
            name: name.to_owned(),
            suggestion,
        });
    }
    trailing_header(value)?;
    if name == "revisions" && !revisions.is_empty() {
        return Err(AnnotationError::RevisionsUnderRevision);
    }
    Ok(Directive {
        name: name.to_owned(),
        value: text.map(str::to_owned),
        revisions,
        line: comment.line,
        column: comment.column,
        meaning: meaning(name, value, comment.line)?,
    })
}

/// The revisions of a `[a,b]` prefix, and the text after it.
fn revision_prefix(body: &str) -> Result<(Vec<String>, &str), AnnotationError> {
    let Some(inner) = body.strip_prefix('[') else {
        return Ok((Vec::new(), body));
    };
    let (list, rest) = inner
        .split_once(']')
        .ok_or(AnnotationError::BadRevisionBracket)?;
    let revisions: Vec<String> = list
        .split(',')
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .collect();
    if revisions.is_empty() {
        return Err(AnnotationError::BadRevisionBracket);
    }
    Ok((revisions, rest.trim_start()))
}

/// Refuses a remark that starts with another header's name (`//@ only-linux
/// only-x86_64`): compiletest would read the first and drop the second.
fn trailing_header(value: Value<'_>) -> Result<(), AnnotationError> {
    let first = value
        .text
        .filter(|_| !value.colon)
        .and_then(|t| t.split_whitespace().next());
    match first {
        Some(word) if names::is_known(word) => Err(AnnotationError::TrailingHeader {
            second: word.to_owned(),
        }),
        _ => Ok(()),
    }
}

/// What a known header means.
fn meaning(name: &str, value: Value<'_>, line: u32) -> Result<Meaning, AnnotationError> {
    let required = |example| values::required(name, value, example);
    Ok(match name {
        "revisions" => Meaning::Revisions(values::words(required("a b")?)),
        "edition" => match values::edition(required("2021")?)? {
            Some(spec) => Meaning::Edition(spec),
            None => Meaning::Other,
        },
        "compile-flags" => Meaning::CompileFlags(values::flags(required("-O")?)?),
        "rustc-env" => {
            let (key, val) = values::env(required("NAME=value")?);
            Meaning::RustcEnv(key, val)
        }
        "error-pattern" => Meaning::ErrorPattern(required("text")?.to_owned()),
        // ui_test takes an empty pattern, which any output holds.
        "error-in-other-file" => Meaning::ErrorPattern(value.text.unwrap_or("").to_owned()),
        "aux-build" | "aux-crate" | "proc-macro" => {
            let example = if name == "aux-crate" {
                "name=file.rs"
            } else {
                "file.rs"
            };
            Meaning::Aux(values::aux(name, required(example)?, line)?)
        }
        "failure-status" => Meaning::FailureStatus(values::code(name, required("101")?)?),
        "known-bug" => values::known_bug(required("#123")?).map(|()| Meaning::KnownBug)?,
        "dont-require-annotations" => {
            let word = required("NOTE")?;
            let kind = Kind::from_word(word)
                .ok_or_else(|| AnnotationError::BadKindValue(word.to_owned()))?;
            Meaning::DontRequire(kind)
        }
        "run" => values::run(value)?,
        _ if name.starts_with("normalize-") => values::normalization(name, value)?,
        _ => match Expectation::from_header(name) {
            Some(expectation) => Meaning::Expect {
                expectation,
                status: None,
            },
            None => Condition::from_header(name, value.text, line)
                .map_or(Meaning::Other, Meaning::Condition),
        },
    })
}

/// The revisions the file declares, in order; a revision declared twice, under a
/// revision, or named `true`/`false` is a problem.
pub(super) fn declared_revisions(
    directives: &[Directive],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let mut declared: Vec<String> = Vec::new();
    for directive in directives {
        let Meaning::Revisions(names) = &directive.meaning else {
            continue;
        };
        for name in names {
            let error = if declared.contains(name) {
                AnnotationError::DuplicateRevision(name.clone())
            } else if name == "true" || name == "false" {
                AnnotationError::ForbiddenRevision(name.clone())
            } else {
                declared.push(name.clone());
                continue;
            };
            problems.push(Problem {
                position: (directive.line, directive.column),
                error,
            });
        }
    }
    declared
}

/// Checks that every revision a header names is declared.
pub(super) fn check_revisions(
    directives: &[Directive],
    declared: &[String],
    problems: &mut Vec<Problem>,
) {
    for directive in directives {
        if let Err(error) = undeclared(&directive.revisions, declared) {
            problems.push(Problem {
                position: (directive.line, directive.column),
                error,
            });
        }
    }
}

/// The problem of the first of `named` that is not among `declared`.
pub(super) fn undeclared(named: &[String], declared: &[String]) -> Result<(), AnnotationError> {
    match named.iter().find(|r| !declared.contains(r)) {
        None => Ok(()),
        Some(revision) if declared.is_empty() => Err(AnnotationError::NoRevisions {
            revision: revision.clone(),
        }),
        Some(revision) => Err(AnnotationError::UndeclaredRevision {
            revision: revision.clone(),
            declared: declared.to_vec(),
        }),
    }
}
