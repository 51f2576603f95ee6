//! What becomes of each annotation and which diagnostics get new ones. The matching is the
//! one a check makes (each annotation read as the expectation a check reads it as, then a
//! maximum matching, so no annotation takes the only diagnostic another could match);
//! after it, unmatched annotations move to their diagnostic's new line or take its new
//! words, and the rest go.

use crate::model::annotation::expect::{diagnostics, split_code};
use crate::model::annotation::rewrite::Reported;
use crate::model::annotation::{Annotation, Kind};
use crate::model::expectation::{
    is_error_code, maximum_matching, DiagnosticExpectation, ExpectedLevel,
};

/// What becomes of one annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fate {
    /// It matches a diagnostic (or is of a kind never checked): it stays as written.
    Keep,
    /// A diagnostic of its kind and words is now at this 1-based line: it points there.
    Move(u32),
    /// A diagnostic of its kind is on its line, in other words: these replace its own.
    Reword(String),
    /// Nothing it could mean is left: it goes.
    Remove,
}

/// A new annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Added {
    /// Its kind: `ERROR` or `WARN`; `NOTE` or `HELP` where every one of them must be
    /// annotated.
    pub(super) kind: Kind,
    /// The 1-based line it is for; `None` for a diagnostic without one here (`//~?`).
    pub(super) line: Option<u32>,
    /// The first line of rustc's message.
    pub(super) message: String,
}

/// The rewrite to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Plan {
    /// The fate of each annotation, in the file's order.
    pub(super) fates: Vec<Fate>,
    /// The annotations to add, by line, those without a line last.
    pub(super) added: Vec<Added>,
}

impl Plan {
    /// Whether the file stays as it is.
    pub(super) fn is_unchanged(&self) -> bool {
        self.added.is_empty() && self.fates.iter().all(|f| *f == Fate::Keep)
    }
}

/// Which diagnostic each annotation took (per diagnostic: the annotation's index), and
/// each annotation's fate once decided.
struct Claims {
    /// Per diagnostic, the annotation that took it.
    owner: Vec<Option<usize>>,
    /// Per annotation, its fate once decided.
    fates: Vec<Option<Fate>>,
}

impl Claims {
    /// `annotation` takes `diagnostic`, with this fate.
    fn claim(&mut self, diagnostic: usize, annotation: usize, fate: Fate) {
        self.owner[diagnostic] = Some(annotation);
        self.fates[annotation] = Some(fate);
    }
}

/// The rewrite that makes `annotations` match `reported`.
pub(super) fn plan(annotations: &[Annotation], reported: &[Reported]) -> Plan {
    let expected: Vec<Option<DiagnosticExpectation>> = annotations
        .iter()
        .map(|a| diagnostics(&[a]).pop().map(toml::Spanned::into_inner))
        .collect();
    let owner = assign(&expected, reported);
    let mut fates: Vec<Option<Fate>> = expected
        .iter()
        .map(|e| e.is_none().then_some(Fate::Keep))
        .collect();
    for &a in owner.iter().flatten() {
        fates[a] = Some(Fate::Keep);
    }
    let mut claims = Claims { owner, fates };
    moves(annotations, &expected, reported, &mut claims);
    rewords(annotations, &expected, reported, &mut claims);
    let mut added: Vec<Added> = reported
        .iter()
        .zip(&claims.owner)
        .filter(|(d, owner)| d.required && owner.is_none())
        .map(|(d, _)| Added {
            kind: d.kind,
            line: d.line,
            message: first_line(&d.message),
        })
        .collect();
    added.sort_by_key(|a| (a.line.is_none(), a.line));
    Plan {
        fates: claims
            .fates
            .into_iter()
            .map(|f| f.unwrap_or(Fate::Remove))
            .collect(),
        added,
    }
}

/// The expectation level of a diagnostic's kind.
fn level(kind: Kind) -> Option<ExpectedLevel> {
    match kind {
        Kind::Error => Some(ExpectedLevel::Error),
        Kind::Warn => Some(ExpectedLevel::Warning),
        Kind::Note => Some(ExpectedLevel::Note),
        Kind::Help => Some(ExpectedLevel::Help),
        Kind::Suggestion | Kind::Raw => None,
    }
}

/// Whether `d` satisfies `e` at `line` (`None`: at any line), as a check decides it.
fn fits(e: &DiagnosticExpectation, d: &Reported, line: Option<u32>) -> bool {
    level(d.kind) == Some(e.level)
        && e.code.as_ref().is_none_or(|c| d.code.as_ref() == Some(c))
        && line.is_none_or(|l| d.line == Some(l))
        && e.message
            .as_ref()
            .is_none_or(|m| d.message.contains(m.as_str()))
}

/// A maximum matching of annotations to distinct diagnostics (augmenting paths): for each
/// diagnostic, the annotation it satisfies.
fn assign(expected: &[Option<DiagnosticExpectation>], reported: &[Reported]) -> Vec<Option<usize>> {
    let edges: Vec<Vec<usize>> = expected
        .iter()
        .map(|e| match e {
            Some(e) => (0..reported.len())
                .filter(|&d| fits(e, &reported[d], e.line))
                .collect(),
            None => Vec::new(),
        })
        .collect();
    maximum_matching(&edges, reported.len())
}

/// Each unmatched annotation whose kind and words fit an unclaimed diagnostic on another
/// line of this file moves there (to the nearest such line).
fn moves(
    annotations: &[Annotation],
    expected: &[Option<DiagnosticExpectation>],
    reported: &[Reported],
    claims: &mut Claims,
) {
    for (a, e) in expected.iter().enumerate() {
        let (Some(e), None, Some(at)) = (e, &claims.fates[a], annotations[a].line) else {
            continue;
        };
        let nearest = (0..reported.len())
            .filter(|&d| claims.owner[d].is_none() && fits(e, &reported[d], None))
            .filter_map(|d| Some((reported[d].line?.abs_diff(at), d)))
            .min();
        if let Some((_, d)) = nearest {
            let line = reported[d].line.unwrap_or(at);
            claims.claim(d, a, Fate::Move(line));
        }
    }
}

/// Each unmatched annotation whose line still has an unclaimed diagnostic of its kind
/// takes that diagnostic's words.
fn rewords(
    annotations: &[Annotation],
    expected: &[Option<DiagnosticExpectation>],
    reported: &[Reported],
    claims: &mut Claims,
) {
    for (a, e) in expected.iter().enumerate() {
        let (Some(e), None) = (e, &claims.fates[a]) else {
            continue;
        };
        let found = (0..reported.len()).find(|&d| {
            claims.owner[d].is_none()
                && level(reported[d].kind) == Some(e.level)
                && reported[d].line == annotations[a].line
        });
        if let Some((d, words)) =
            found.and_then(|d| Some((d, words(&annotations[a], &reported[d])?)))
        {
            claims.claim(d, a, Fate::Reword(words));
        }
    }
}

/// The words that make annotation `a` match `d`, in the form `a` is written in: a code
/// for a code (`E0308`, or ui_test's lint name), `message [E0308]` for compiletest's
/// message with its code, else the first line of the message. `None` for ui_test's code
/// form when `d` has no code.
fn words(a: &Annotation, d: &Reported) -> Option<String> {
    if a.kind.is_none() {
        return d.code.clone();
    }
    let first = first_line(&d.message);
    let code = d.code.as_deref().filter(|c| is_error_code(c));
    Some(match (split_code(a.message.trim()), code) {
        ((Some(_), None), Some(code)) => code.to_owned(),
        ((Some(_), Some(_)), Some(code)) => format!("{first} [{code}]"),
        _ => first,
    })
}

/// The first line of a message, trimmed: what an annotation quotes of it.
fn first_line(message: &str) -> String {
    message.lines().next().unwrap_or("").trim().to_owned()
}
