//! What can be wrong with one `//~` annotation or one `//@` header: each problem is
//! reported as an `InputError::Annotation` naming the file, line and column of the
//! comment, so a test file's every problem is listed at once.

/// Why one annotation or header cannot be read. The message is the sentence users read
/// after `FILE:LINE:`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum AnnotationError {
    /// `//~^^^` counting more lines up than there are above the comment.
    #[error("`//~{}` points {count} line(s) up, above line 1", "^".repeat(*count as usize))]
    AboveFirstLine {
        /// How many `^`.
        count: u32,
    },
    /// `//~vvv` counting more lines down than the file has.
    #[error("`//~{}` points to line {target}, but the file has {lines} line(s)", "v".repeat(*count as usize))]
    BelowLastLine {
        /// How many `v`.
        count: u32,
        /// The line it points to.
        target: u32,
        /// The file's number of lines.
        lines: u32,
    },
    /// `//~|` with no `//~`, `//~^` or `//~v` annotation before it to share a line with
    /// (in the revision named, when the file has revisions).
    #[error("`//~|` has no annotation before it to share its line with{}", in_revision(revision.as_deref()))]
    FollowWithoutPrevious {
        /// The revision it lacks a previous annotation in.
        revision: Option<String>,
    },
    /// Nothing after the `//~` marker.
    #[error(
        "the annotation names no diagnostic: write a kind and a message (`//~ ERROR message`)"
    )]
    NoKind,
    /// The word after `//~` is no diagnostic kind.
    #[error("`{word}` is not a diagnostic kind: write ERROR, WARN, NOTE, HELP, SUGGESTION or RAW (`//~ ERROR message`)")]
    UnknownKind {
        /// The word as written.
        word: String,
    },
    /// `//[rev]~` or `//@[rev]` in a file with no `//@ revisions:` header.
    #[error("`[{revision}]` names a revision, but the file declares none: add `//@ revisions: {revision}`")]
    NoRevisions {
        /// The revision named.
        revision: String,
    },
    /// A revision not among those `//@ revisions:` declares.
    #[error("revision `{revision}` is not declared (declared: {})", declared.join(", "))]
    UndeclaredRevision {
        /// The revision named.
        revision: String,
        /// Those declared.
        declared: Vec<String>,
    },
    /// A revision declared twice.
    #[error("revision `{0}` is declared twice")]
    DuplicateRevision(String),
    /// A revision name compiletest forbids (it becomes a `--cfg`).
    #[error("`{0}` cannot be a revision name: it would become `--cfg {0}`")]
    ForbiddenRevision(String),
    /// `//@[rev] revisions:`.
    #[error("`revisions` cannot be declared for one revision: drop the `[...]`")]
    RevisionsUnderRevision,
    /// `//@[rev` without its `]`, or `//@[]`.
    #[error("`//@[` needs a revision name and a closing `]`: `//@[rev] NAME`")]
    BadRevisionBracket,
    /// A header name compiletest does not know.
    #[error("unknown header `{name}`{}", suggestion.as_ref().map(|s| format!(": did you mean `{s}`?")).unwrap_or_default())]
    UnknownHeader {
        /// The name as written.
        name: String,
        /// The closest known name, when one is close.
        suggestion: Option<String>,
    },
    /// Two headers on one line: compiletest reads only the first.
    #[error("`{second}` follows another header on the same line: put it on a line of its own (`//@ {second}`)")]
    TrailingHeader {
        /// The second header's name.
        second: String,
    },
    /// A header that needs `: value` without one.
    #[error("`//@ {name}` needs a value: `//@ {name}: {example}`")]
    MissingValue {
        /// The header.
        name: String,
        /// What a value looks like.
        example: &'static str,
    },
    /// An edition rustc does not know.
    #[error("`{0}` is not an edition rustc knows: write 2015, 2018, 2021 or 2024 (or a range such as `2018..`)")]
    BadEdition(String),
    /// A value that does not have the header's form.
    #[error("`//@ {name}: {value}` is malformed: {expected}")]
    BadValue {
        /// The header.
        name: String,
        /// The value as written.
        value: String,
        /// The form it must have.
        expected: &'static str,
    },
    /// A compile flag that a header of its own must set.
    #[error("`{flag}` cannot be a compile flag here: use `//@ {header}` instead")]
    FlagNeedsHeader {
        /// The flag.
        flag: String,
        /// The header to use.
        header: &'static str,
    },
    /// Two `*-pass`/`*-fail` headers for the same test (or revision).
    #[error("`{second}` conflicts with `{first}` on line {first_line}{}: a test has one mode", in_revision(revision.as_deref()))]
    ConflictingModes {
        /// The earlier header's name.
        first: String,
        /// Its line.
        first_line: u32,
        /// This header's name.
        second: String,
        /// The revision both apply to, when the file has revisions.
        revision: Option<String>,
    },
    /// `//@ dont-require-annotations:` naming a kind that is not one.
    #[error("`//@ dont-require-annotations: {0}` does not name a kind: write ERROR, WARN, NOTE, HELP or SUGGESTION")]
    BadKindValue(String),
}

/// ` in revision `rev`` when there is one.
fn in_revision(revision: Option<&str>) -> String {
    revision
        .map(|r| format!(" in revision `{r}`"))
        .unwrap_or_default()
}

/// The known name closest to `name`, when it is within a few edits (a typo).
pub(crate) fn closest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Option<String> {
    let limit = (name.len() / 3).clamp(1, 3);
    known
        .map(|k| (distance(name, k), k))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, k)| k.to_owned())
}

/// Levenshtein distance between two ASCII-ish names, by characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}
