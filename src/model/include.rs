//! mdBook's includes, expanded as its `links` preprocessor expands them before `mdbook
//! test` hands a chapter to rustdoc: `{{#include file}}`, `{{#include file:anchor}}`, line
//! ranges (`file:3`, `file:3:7`, `file:3:`, `file::7`), and `{{#rustdoc_include ...}}`,
//! which brings the whole file and hides (`# `) the lines outside the range or anchor.
//! Included files are expanded in turn, ten deep at most. Every line of the result keeps
//! its origin, so errors point into the file the line came from.

use std::path::{Component, Path, PathBuf};

use crate::model::linemap::Origin;

/// How deep includes may nest (mdBook's limit).
const MAX_DEPTH: usize = 10;

/// A document with its includes expanded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expanded {
    /// The text.
    pub(crate) text: String,
    /// Per line of `text`, where it comes from.
    pub(crate) origins: Vec<Origin>,
    /// The files lines come from, as shown: the document first.
    pub(crate) files: Vec<String>,
    /// Includes that could not be carried out: the directive's line (left in the text as
    /// it was), and why.
    pub(crate) problems: Vec<(Origin, String)>,
}

/// A file being expanded: how it is shown, and where it is.
#[derive(Debug, Clone, Copy)]
struct Source<'a> {
    shown: &'a str,
    path: &'a Path,
}

/// Expands the includes of `text`, the document at `path` shown as `shown`.
pub(crate) fn expand(text: &str, path: &Path, shown: &str) -> Expanded {
    let mut out = Expanded {
        files: vec![shown.to_owned()],
        ..Expanded::default()
    };
    let lines: Vec<(String, Origin)> = numbered(text, 0);
    let source = Source { shown, path };
    for (line, origin) in expand_lines(lines, source, 0, &mut out) {
        out.text.push_str(&line);
        out.text.push('\n');
        out.origins.push(origin);
    }
    out
}

/// The lines of `text`, each with its origin in file `index`.
fn numbered(text: &str, index: usize) -> Vec<(String, Origin)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            let origin = Origin {
                file: index,
                line: i as u32 + 1,
                shift: 0,
            };
            (l.to_owned(), origin)
        })
        .collect()
}

fn expand_lines(
    lines: Vec<(String, Origin)>,
    source: Source<'_>,
    depth: usize,
    out: &mut Expanded,
) -> Vec<(String, Origin)> {
    let mut result = Vec::new();
    for (line, origin) in lines {
        match find_directive(&line) {
            Some(found) => {
                let included = include(&found, source, origin, depth, out);
                splice(&mut result, &line, &found, origin, included);
            }
            None => result.push((unescape(&line), origin)),
        }
    }
    result
}

/// `\{{#...}}` is mdBook's way to write a directive as text.
fn unescape(line: &str) -> String {
    line.replace("\\{{#", "{{#")
}

/// A directive on a line: where it is, its kind and its argument.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    range: std::ops::Range<usize>,
    rustdoc: bool,
    argument: String,
}

fn find_directive(line: &str) -> Option<Directive> {
    let mut from = 0;
    while let Some(at) = line[from..].find("{{").map(|i| i + from) {
        from = at + 2;
        if line[..at].ends_with('\\') {
            continue;
        }
        let end = line[at..].find("}}").map(|i| i + at)?;
        let inner = line[at + 2..end].trim_start();
        let Some(body) = inner.strip_prefix('#') else {
            continue;
        };
        let (kind, argument) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
        if kind == "include" || kind == "rustdoc_include" {
            return Some(Directive {
                range: at..end + 2,
                rustdoc: kind == "rustdoc_include",
                argument: argument.trim().to_owned(),
            });
        }
    }
    None
}

/// Puts the included lines where the directive was: the text before it joins the first
/// included line, the text after it the last.
fn splice(
    result: &mut Vec<(String, Origin)>,
    line: &str,
    found: &Directive,
    origin: Origin,
    included: Option<Vec<(String, Origin)>>,
) {
    let before = &line[..found.range.start];
    let after = &line[found.range.end..];
    let Some(mut included) = included else {
        result.push((line.to_owned(), origin));
        return;
    };
    if included.is_empty() {
        included.push((String::new(), origin));
    }
    let last = included.len() - 1;
    for (i, (text, mut from)) in included.into_iter().enumerate() {
        let mut text = text;
        if i == 0 {
            from.shift -= before.chars().count() as i32;
            text = format!("{before}{text}");
        }
        if i == last {
            text.push_str(after);
        }
        result.push((text, from));
    }
}

/// The lines a directive brings in, expanded in turn; `None` (with a problem recorded)
/// when it cannot be carried out.
fn include(
    found: &Directive,
    source: Source<'_>,
    at: Origin,
    depth: usize,
    out: &mut Expanded,
) -> Option<Vec<(String, Origin)>> {
    let (file, selection) = parse_argument(&found.argument);
    let dir = source.path.parent().unwrap_or(Path::new(""));
    let path = dir.join(file);
    let problem = |why: String| (at, format!("cannot include `{}`: {why}", found.argument));
    if depth >= MAX_DEPTH {
        out.problems
            .push(problem(format!("includes nest deeper than {MAX_DEPTH}")));
        return None;
    }
    let text = match std::fs::read(&path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        Ok(Err(_)) => {
            out.problems.push(problem("it is not valid UTF-8".into()));
            return None;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            out.problems
                .push(problem(format!("no such file: {}", path.display())));
            return None;
        }
        Err(e) => {
            out.problems
                .push(problem(format!("cannot read {}: {e}", path.display())));
            return None;
        }
    };
    let shown_dir = Path::new(source.shown).parent().unwrap_or(Path::new(""));
    let shown = normalized(&shown_dir.join(file));
    out.files.push(shown.clone());
    let index = out.files.len() - 1;
    let lines = select(numbered(&text, index), &selection, found.rustdoc);
    let source = Source {
        shown: &shown,
        path: &path,
    };
    Some(expand_lines(lines, source, depth + 1, out))
}

/// `a/./b/../c` as `a/c`, without touching the file system.
fn normalized(path: &Path) -> String {
    let mut parts: Vec<Component<'_>> = Vec::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts
        .iter()
        .collect::<PathBuf>()
        .to_string_lossy()
        .replace('\\', "/")
}

/// Which lines of a file an include takes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Selection {
    /// 0-based, end exclusive; `None` is open.
    Range(Option<usize>, Option<usize>),
    /// The lines between `ANCHOR: name` and `ANCHOR_END: name`.
    Anchor(String),
}

/// `file`, `file:anchor`, `file:3`, `file:3:7`, `file:3:`, `file::7`, as mdBook reads them.
fn parse_argument(argument: &str) -> (&str, Selection) {
    let (file, rest) = argument.split_once(':').unwrap_or((argument, ""));
    let mut parts = rest.splitn(3, ':');
    let first = parts.next().filter(|_| !rest.is_empty());
    let start = match first {
        Some(text) if text.parse::<usize>().is_ok() => {
            text.parse::<usize>().ok().map(|n| n.saturating_sub(1))
        }
        Some("") | None => None,
        Some(anchor) => return (file, Selection::Anchor(anchor.to_owned())),
    };
    let end = parts.next().map(str::parse::<usize>);
    let selection = match (start, end) {
        (Some(s), Some(Ok(e))) => Selection::Range(Some(s), Some(e)),
        (Some(s), Some(Err(_))) => Selection::Range(Some(s), None),
        (Some(s), None) => Selection::Range(Some(s), Some(s + 1)),
        (None, Some(Ok(e))) => Selection::Range(None, Some(e)),
        (None, _) => Selection::Range(None, None),
    };
    (file, selection)
}

/// The name after `marker` (`ANCHOR:` or `ANCHOR_END:`) on a line, if any.
fn anchor(line: &str, marker: &str) -> Option<String> {
    let at = line.find(marker)? + marker.len();
    let name: String = line[at..]
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The lines an include takes; a `rustdoc_include` keeps the others as hidden lines.
fn select(
    lines: Vec<(String, Origin)>,
    selection: &Selection,
    rustdoc: bool,
) -> Vec<(String, Origin)> {
    let hide = |(text, mut origin): (String, Origin)| {
        origin.shift -= 2;
        (format!("# {text}"), origin)
    };
    match selection {
        Selection::Range(start, end) => {
            let inside = |i: usize| start.is_none_or(|s| i >= s) && end.is_none_or(|e| i < e);
            lines
                .into_iter()
                .enumerate()
                .filter_map(|(i, line)| match (inside(i), rustdoc) {
                    (true, _) => Some(line),
                    (false, true) => Some(hide(line)),
                    (false, false) => None,
                })
                .collect()
        }
        Selection::Anchor(name) => anchored(lines, name, rustdoc, hide),
    }
}

fn anchored(
    lines: Vec<(String, Origin)>,
    name: &str,
    rustdoc: bool,
    hide: impl Fn((String, Origin)) -> (String, Origin),
) -> Vec<(String, Origin)> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in lines {
        let start = anchor(&line.0, "ANCHOR:");
        let end = anchor(&line.0, "ANCHOR_END:");
        if inside {
            if end.as_deref() == Some(name) {
                inside = false;
                if !rustdoc {
                    break;
                }
            } else if start.is_none() && end.is_none() {
                out.push(line);
            }
        } else if start.as_deref() == Some(name) {
            inside = true;
        } else if rustdoc && end.is_none() && start.is_none() {
            out.push(hide(line));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        let listing = "use std::io;\n// ANCHOR: body\nfn main() {\n    // ANCHOR: inner\n    let x = 1;\n    // ANCHOR_END: inner\n}\n// ANCHOR_END: body\n";
        std::fs::create_dir(dir.path().join("src")).expect("mkdir");
        std::fs::write(dir.path().join("listing.rs"), listing).expect("write");
        dir
    }

    fn expanded(dir: &Path, text: &str) -> Expanded {
        let doc = dir.join("src/ch.md");
        expand(text, &doc, "book/src/ch.md")
    }

    #[test]
    fn arguments_parse_like_mdbook() {
        assert_eq!(parse_argument("a.rs").1, Selection::Range(None, None));
        assert_eq!(
            parse_argument("a.rs:3").1,
            Selection::Range(Some(2), Some(3))
        );
        assert_eq!(
            parse_argument("a.rs:3:7").1,
            Selection::Range(Some(2), Some(7))
        );
        assert_eq!(parse_argument("a.rs:3:").1, Selection::Range(Some(2), None));
        assert_eq!(parse_argument("a.rs::7").1, Selection::Range(None, Some(7)));
        assert_eq!(
            parse_argument("a.rs:body").1,
            Selection::Anchor("body".into())
        );
    }

    #[test]
    fn includes_bring_lines_with_their_origin() {
        let dir = book();
        let out = expanded(
            dir.path(),
            "```rust\n{{#include ../listing.rs:inner}}\n```\n",
        );
        assert_eq!(out.text, "```rust\n    let x = 1;\n```\n");
        assert_eq!(out.files, ["book/src/ch.md", "book/listing.rs"]);
        assert_eq!((out.origins[1].file, out.origins[1].line), (1, 5));
        assert_eq!((out.origins[2].file, out.origins[2].line), (0, 3));
        let ranged = expanded(dir.path(), "{{#include ../listing.rs:1:1}}");
        assert_eq!(ranged.text, "use std::io;\n");
        let whole = expanded(dir.path(), "{{#include ../listing.rs}}");
        assert_eq!(whole.text.lines().count(), 8);
    }

    #[test]
    fn rustdoc_include_hides_the_rest() {
        let dir = book();
        let out = expanded(dir.path(), "{{#rustdoc_include ../listing.rs:inner}}");
        assert_eq!(
            out.text,
            "# use std::io;\n# fn main() {\n    let x = 1;\n# }\n"
        );
        assert_eq!(out.origins[0].shift, -2);
        let lines = expanded(dir.path(), "{{#rustdoc_include ../listing.rs:5}}");
        assert!(
            lines.text.contains("\n    let x = 1;\n# "),
            "{}",
            lines.text
        );
    }

    #[test]
    fn missing_files_are_problems_and_escapes_stay_text() {
        let dir = book();
        let out = expanded(
            dir.path(),
            "a\n{{#include nowhere.rs}}\n\\{{#include x.rs}}\n",
        );
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].0.line, 2);
        assert!(
            out.problems[0].1.contains("cannot include `nowhere.rs`"),
            "{:?}",
            out.problems
        );
        assert!(out.text.ends_with("{{#include x.rs}}\n"));
    }
}
