//! `//~` annotations: found in line comments, read as written (`//~^^ ERROR msg`,
//! `//[a,b]~| NOTE: msg`, ui_test's `//~[a]v E0308`), then given the line each points at.
//! A `//~|` takes the line of the annotation before it that is not itself a `|` one, as
//! compiletest resolves it for each revision; where revisions disagree on that line,
//! the annotation is split into one per line, each for its revisions.

use crate::model::annotation::comments::LineComment;
use crate::model::annotation::directive::{is_header, undeclared};
use crate::model::annotation::{applies, runs, Annotation, AnnotationError, Kind, Problem};

/// Where an annotation points, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Anchor {
    /// `//~`: its own line.
    Here,
    /// `//~^^`: this many lines up.
    Up(u32),
    /// `//~vv`: this many lines down.
    Down(u32),
    /// `//~|`: the line of the previous annotation.
    Follow,
    /// `//~?`: no line.
    Unspanned,
}

/// An annotation as written, before its line is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Written {
    /// Where it points.
    anchor: Anchor,
    /// Its kind; `None` for ui_test's code form.
    kind: Option<Kind>,
    /// Its message, trimmed.
    message: String,
    /// Its revisions; empty for all.
    revisions: Vec<String>,
    /// Whether the revisions are written ui_test's way, after the `~` (`//~[a]|`).
    ui_test: bool,
    /// 1-based line and column of its `//`.
    position: (u32, u32),
    /// Byte range from its `//` to the end of the comment.
    span: (usize, usize),
}

/// Where a comment's annotation marker is: the byte offset of its `//`, the revisions
/// between brackets (`//[a,b]~`), and the text after the `~`. The first `//` that starts
/// a marker counts, as compiletest's regex finds it anywhere in the line.
pub(super) fn marker(text: &str) -> Option<(usize, Option<&str>, &str)> {
    (0..text.len())
        .filter(|&i| text.is_char_boundary(i))
        .find_map(|i| {
            let after = text[i..].strip_prefix("//")?;
            if let Some(rest) = after.strip_prefix('~') {
                return Some((i, None, rest));
            }
            let (revisions, rest) = bracketed(after)?;
            Some((i, Some(revisions), rest.strip_prefix('~')?))
        })
}

/// The revision list of `[a,b]` at the start of `text`, and what follows the `]`.
fn bracketed(text: &str) -> Option<(&str, &str)> {
    let (list, rest) = text.strip_prefix('[')?.split_once(']')?;
    let valid = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | ',' | ' ');
    (list.chars().any(|c| c != ',' && c != ' ') && list.chars().all(valid)).then_some((list, rest))
}

/// The annotations among `comments` (headers excluded), as written; the problems of
/// those that cannot be read go to `problems`.
pub(super) fn read_all(comments: &[LineComment<'_>], problems: &mut Vec<Problem>) -> Vec<Written> {
    let mut out = Vec::new();
    for comment in comments {
        if is_header(comment) {
            continue;
        }
        let Some((offset, revisions, rest)) = marker(comment.text) else {
            continue;
        };
        let position = (
            comment.line,
            comment.column + count(&comment.text[..offset]),
        );
        let span = (comment.start + offset, comment.start + comment.text.len());
        match written(revisions, rest, position, span) {
            Ok(written) => out.push(written),
            Err(error) => problems.push(Problem { position, error }),
        }
    }
    out
}

/// The number of characters of `text`, as a column offset.
fn count(text: &str) -> u32 {
    u32::try_from(text.chars().count()).unwrap_or(u32::MAX)
}

/// Reads an annotation from its bracketed revisions (if written before the `~`) and the
/// text after the `~`: ui_test's `[revs]` (when none came before), the anchor, the kind
/// and the message.
fn written(
    before: Option<&str>,
    rest: &str,
    position: (u32, u32),
    span: (usize, usize),
) -> Result<Written, AnnotationError> {
    let after = before.is_none().then(|| bracketed(rest)).flatten();
    let (list, rest) = match after {
        Some((list, rest)) => (Some(list), rest),
        None => (before, rest),
    };
    let revisions = list.map_or_else(Vec::new, |l| {
        l.split(',')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned)
            .collect()
    });
    let (anchor, body) = anchor(rest);
    let (kind, message) = kind_and_message(body.trim_start())?;
    Ok(Written {
        anchor,
        kind,
        message,
        revisions,
        ui_test: after.is_some(),
        position,
        span,
    })
}

/// The anchor at the start of `text`, and the text after it.
pub(super) fn anchor(text: &str) -> (Anchor, &str) {
    let run = |c: char| {
        let n = text.chars().take_while(|&x| x == c).count();
        (u32::try_from(n).unwrap_or(u32::MAX), &text[n..])
    };
    match text.chars().next() {
        Some('|') => (Anchor::Follow, &text[1..]),
        Some('?') => (Anchor::Unspanned, &text[1..]),
        Some('^') => {
            let (n, rest) = run('^');
            (Anchor::Up(n), rest)
        }
        Some('v') => {
            let (n, rest) = run('v');
            (Anchor::Down(n), rest)
        }
        _ => (Anchor::Here, text),
    }
}

/// The kind and the message of `body`: a kind word (compiletest's letters and `_`),
/// then the message after an optional `:`. Without a kind word, a lone code (`E0308`,
/// `dead_code`, `clippy::needless_return`) is ui_test's code form.
fn kind_and_message(body: &str) -> Result<(Option<Kind>, String), AnnotationError> {
    if body.trim().is_empty() {
        return Err(AnnotationError::NoKind);
    }
    let end = body
        .find(|c: char| c != '_' && !c.is_ascii_alphabetic())
        .unwrap_or(body.len());
    if let Some(kind) = Kind::from_word(&body[..end]) {
        let rest = &body[end..];
        let message = rest.strip_prefix(':').unwrap_or(rest).trim();
        return Ok((Some(kind), message.to_owned()));
    }
    let token = body.trim_end();
    if is_code(token) {
        return Ok((None, token.to_owned()));
    }
    Err(AnnotationError::UnknownKind {
        word: body
            .split_whitespace()
            .next()
            .unwrap_or("")
            .trim_end_matches(':')
            .to_owned(),
    })
}

/// Whether `token` is a diagnostic code as ui_test's code form takes it: letters, digits,
/// `_` and `:`, and not a bare uppercase word (a misspelt kind, `EROR`).
fn is_code(token: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':';
    let marked = token.contains(|c: char| c.is_ascii_digit() || c == '_' || c == ':');
    !token.is_empty()
        && token.chars().all(allowed)
        && (marked || !token.contains(|c: char| c.is_ascii_uppercase()))
}

/// The annotations with their lines: `lines` is the file's number of lines, `revisions`
/// those it declares. Problems (a line outside the file, an undeclared revision, a `|`
/// with nothing before it) go to `problems`.
pub(super) fn resolve(
    written: &[Written],
    revisions: &[String],
    lines: u32,
    problems: &mut Vec<Problem>,
) -> Vec<Annotation> {
    let mut targets: Vec<Option<Option<u32>>> = Vec::with_capacity(written.len());
    let mut out = Vec::new();
    for (i, w) in written.iter().enumerate() {
        let found = undeclared(&w.revisions, revisions).and_then(|()| match w.anchor {
            Anchor::Follow => follow(written, &targets, i, revisions),
            _ => target(w, lines).map(|t| vec![(t, w.revisions.clone())]),
        });
        match found {
            Ok(groups) => {
                targets.push(
                    groups
                        .first()
                        .map(|g| g.0)
                        .filter(|_| w.anchor != Anchor::Follow),
                );
                out.extend(
                    groups
                        .into_iter()
                        .map(|(line, revs)| annotation(w, line, revs)),
                );
            }
            Err(error) => {
                targets.push(None);
                problems.push(Problem {
                    position: w.position,
                    error,
                });
            }
        }
    }
    out
}

/// The annotation `w` becomes at `line`, for `revisions`.
fn annotation(w: &Written, line: Option<u32>, revisions: Vec<String>) -> Annotation {
    Annotation {
        line,
        kind: w.kind,
        message: w.message.clone(),
        revisions,
        at: w.position.0,
        span: w.span,
    }
}

/// The line a non-`|` annotation points at (`None` for `//~?`).
fn target(w: &Written, lines: u32) -> Result<Option<u32>, AnnotationError> {
    let at = w.position.0;
    match w.anchor {
        Anchor::Here => Ok(Some(at)),
        Anchor::Unspanned | Anchor::Follow => Ok(None),
        Anchor::Up(count) => at
            .checked_sub(count)
            .filter(|&l| l >= 1)
            .map(Some)
            .ok_or(AnnotationError::AboveFirstLine { count }),
        Anchor::Down(count) => match at.saturating_add(count) {
            target if target <= lines => Ok(Some(target)),
            target => Err(AnnotationError::BelowLastLine {
                count,
                target,
                lines,
            }),
        },
    }
}

/// Lines an annotation points at, each with the revisions it points there in.
type Lines = Vec<(Option<u32>, Vec<String>)>;

/// The lines the `|` annotation `written[i]` takes, each with the revisions it takes it
/// in: one entry with the annotation's own revisions when every revision agrees.
/// `targets` holds the lines of the annotations before it (`None`: a problem, already
/// reported, or a `|` one). Written ui_test's way (`//~[a]|`) it takes ui_test's
/// meaning, the line of the chain of annotations right above it; written
/// compiletest's way, ui_test's meaning is taken only where compiletest has none.
fn follow(
    written: &[Written],
    targets: &[Option<Option<u32>>],
    i: usize,
    revisions: &[String],
) -> Result<Lines, AnnotationError> {
    let own = written[i].revisions.clone();
    let chained = chain(written, targets, i);
    let missing = |run: Option<&str>| AnnotationError::FollowWithoutPrevious {
        revision: run.map(str::to_owned),
    };
    if written[i].ui_test {
        return chained
            .map(|line| vec![(Some(line), own)])
            .ok_or(missing(None));
    }
    let mut groups: Lines = Vec::new();
    for run in runs(revisions).into_iter().filter(|r| applies(&own, *r)) {
        let previous = (0..i)
            .rev()
            .find(|&j| written[j].anchor != Anchor::Follow && applies(&written[j].revisions, run));
        let line = match previous.map(|j| targets[j]) {
            Some(Some(Some(line))) => line,
            // That annotation's own problem is reported already.
            Some(None) => continue,
            Some(Some(None)) => return Err(missing(run)),
            None => chained.ok_or_else(|| missing(run))?,
        };
        let name = run.map(str::to_owned).into_iter();
        match groups.iter_mut().find(|g| g.0 == Some(line)) {
            Some(group) => group.1.extend(name),
            None => groups.push((Some(line), name.collect())),
        }
    }
    if groups.len() == 1 {
        groups[0].1 = own;
    }
    Ok(groups)
}

/// ui_test's line for the `|` annotation `written[i]`: that of the nearest annotation
/// that is not a `|` one, through annotations on the lines right above, whatever their
/// revisions.
fn chain(written: &[Written], targets: &[Option<Option<u32>>], i: usize) -> Option<u32> {
    let mut j = i;
    while j > 0 && written[j - 1].position.0 + 1 == written[j].position.0 {
        j -= 1;
        if written[j].anchor != Anchor::Follow {
            return targets[j].flatten();
        }
    }
    None
}
