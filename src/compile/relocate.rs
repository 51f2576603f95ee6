//! A compile of a snippet generated from Markdown, told in the Markdown's terms: every
//! diagnostic's file, line and column, rustc's rendered output (` --> docs/a.md:45:9`,
//! the line-number gutters, re-aligned when the numbers grow) and a program's panic
//! location (`panicked at docs/a.md:45:9`) go back to the line they came from, through
//! the block's line map. ANSI colour in the rendered output is kept.

use crate::compile::diagnostic::Diagnostic;
use crate::compile::rustc::Compiled;
use crate::model::linemap::LineMap;

/// The compile with every place moved to the Markdown.
pub(crate) fn compiled(mut compiled: Compiled, map: &LineMap) -> Compiled {
    for d in &mut compiled.diagnostics {
        diagnostic(d, map);
    }
    compiled
}

fn diagnostic(d: &mut Diagnostic, map: &LineMap) {
    if d.file.as_deref() == Some(map.generated.as_str()) {
        if let Some(line) = d.line {
            let place = map.place(line, d.column);
            d.file = Some(place.file.to_owned());
            d.line = Some(place.line);
            d.column = place.column;
        }
    }
    d.rendered = rendered(&d.rendered, map);
    for label in d.labels.iter_mut().filter(|l| l.file == map.generated) {
        let place = map.place(label.line, None);
        label.file = place.file.to_owned();
        label.line = place.line;
    }
    for child in &mut d.children {
        diagnostic(child, map);
    }
}

/// A program's stderr with `main.rs:LINE:COL` (a panic's location) moved.
pub(crate) fn program_output(text: &str, map: &LineMap) -> String {
    each_place(text, &map.generated, |line, column| {
        let place = map.place(line, Some(column));
        format!(
            "{}:{}:{}",
            place.file,
            place.line,
            place.column.unwrap_or(1)
        )
    })
}

/// `text` with every place in file `from` (`from:LINE:COL`, as in rustc's ` --> main.rs:4:5`,
/// `::: main.rs:…` and a panic's `panicked at main.rs:4:5`, coloured or not) naming `to`
/// instead: the file as the reader knows it, not as it was in the temp dir.
pub(crate) fn renamed(text: &str, from: &str, to: &str) -> String {
    each_place(text, from, |line, column| format!("{to}:{line}:{column}"))
}

/// `text` with each `file:LINE:COL` replaced by what `place` makes of the line and column.
/// `file` counts only as a whole name: not preceded by a letter, digit, `_`, `.`, `/` or
/// a backslash, except the final letter of an ANSI colour escape.
fn each_place(text: &str, file: &str, place: impl Fn(u32, u32) -> String) -> String {
    let needle = format!("{file}:");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let before = &rest[..at];
        let after = &rest[at + needle.len()..];
        match (starts_a_name(before), line_and_column(after)) {
            (true, Some((line, column, len))) => {
                out.push_str(before);
                out.push_str(&place(line, column));
                rest = &after[len..];
            }
            _ => {
                out.push_str(&rest[..at + needle.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a file name may start right after `before`.
fn starts_a_name(before: &str) -> bool {
    let Some(last) = before.chars().last() else {
        return true;
    };
    let ends_escape = before.rfind('\x1b').is_some_and(|at| {
        let seq = &before[at + 1..];
        seq.starts_with('[')
            && seq.ends_with('m')
            && seq[1..seq.len() - 1]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b';')
    });
    ends_escape || !(last.is_alphanumeric() || matches!(last, '_' | '.' | '/' | '\\'))
}

/// `LINE:COL` at the start of `text`, and its length.
fn line_and_column(text: &str) -> Option<(u32, u32, usize)> {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits(text);
    let line = text[..n].parse().ok()?;
    let rest = text[n..].strip_prefix(':')?;
    let m = digits(rest);
    let column = rest[..m].parse().ok()?;
    Some((line, column, n + 1 + m))
}

/// A line of rendered output split into what is seen and the ANSI escapes around it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Styled {
    /// The visible text.
    visible: String,
    /// For each visible character, the escapes written just before it; then those after
    /// the last one.
    escapes: Vec<String>,
}

impl Styled {
    fn parse(line: &str) -> Styled {
        let mut visible = String::new();
        let mut escapes = vec![String::new()];
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                let last = escapes.last_mut().expect("never empty");
                last.push(c);
                for e in chars.by_ref() {
                    last.push(e);
                    if e.is_ascii_alphabetic() {
                        break;
                    }
                }
            } else {
                visible.push(c);
                escapes.push(String::new());
            }
        }
        Styled { visible, escapes }
    }

    /// The line with its first `old` visible characters replaced by `new`; the escapes
    /// met on the way are kept, in order, before the rest.
    fn replace_prefix(&self, old: usize, new: &str) -> String {
        let mut out = String::new();
        let chars: Vec<char> = self.visible.chars().collect();
        // The escapes of the replaced part (colour of the number) go first.
        for escape in &self.escapes[..=old.min(chars.len())] {
            out.push_str(escape);
        }
        out.push_str(new);
        for (i, c) in chars.iter().enumerate().skip(old) {
            if i > old {
                out.push_str(&self.escapes[i]);
            }
            out.push(*c);
        }
        if chars.len() > old {
            out.push_str(&self.escapes[chars.len()]);
        }
        out
    }
}

/// What a rendered line is, as far as places go.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// ` --> file:line:col` or ` ::: file:line:col`, after `indent` spaces.
    Arrow {
        indent: usize,
        marker: &'static str,
        file: String,
        line: u32,
        column: u32,
    },
    /// `12 | code` (or `+`, `-`, `~` in a suggestion).
    Numbered { number: u32, width: usize },
    /// `   | ...` or `   = note: ...`: indentation up to the marker.
    Gutter { width: usize },
    /// Anything else: a message line, `...`.
    Other,
}

fn classify(visible: &str) -> Kind {
    let indent = visible.len() - visible.trim_start_matches(' ').len();
    let rest = &visible[indent..];
    for marker in ["--> ", "::: "] {
        if let Some(place) = rest.strip_prefix(marker) {
            if let Some(kind) = arrow(indent, marker, place) {
                return kind;
            }
        }
    }
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 {
        let after = &rest[digits..];
        let marked = after.len() > 1
            && after.starts_with(' ')
            && matches!(after.as_bytes()[1], b'|' | b'+' | b'-' | b'~');
        if marked {
            let number = rest[..digits].parse().unwrap_or(0);
            return Kind::Numbered {
                number,
                width: indent + digits + 1,
            };
        }
        return Kind::Other;
    }
    if indent > 0
        && matches!(
            rest.as_bytes().first(),
            Some(b'|' | b'=' | b'+' | b'-' | b'~')
        )
    {
        return Kind::Gutter { width: indent };
    }
    Kind::Other
}

fn arrow(indent: usize, marker: &'static str, place: &str) -> Option<Kind> {
    let mut parts = place.trim_end().rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line = parts.next()?.parse().ok()?;
    let file = parts.next()?.to_owned();
    Some(Kind::Arrow {
        indent,
        marker,
        file,
        line,
        column,
    })
}

/// One rendered diagnostic with its places moved and its gutter re-aligned: the gutter
/// is as wide as the widest line number it shows, as rustc makes it.
fn rendered(text: &str, map: &LineMap) -> String {
    if text.is_empty() {
        return String::new();
    }
    let lines: Vec<Styled> = text
        .split_inclusive('\n')
        .map(|l| Styled::parse(l.trim_end_matches('\n')))
        .collect();
    let kinds: Vec<Kind> = lines.iter().map(|l| classify(&l.visible)).collect();
    let numbers = new_numbers(&kinds, map);
    let old = kinds.iter().find_map(|k| match k {
        Kind::Arrow { indent, .. } => Some(*indent),
        Kind::Numbered { width, .. } | Kind::Gutter { width } => Some(width.saturating_sub(1)),
        Kind::Other => None,
    });
    let Some(old) = old else {
        return text.to_owned();
    };
    let widest = numbers.iter().flatten().map(|n| n.to_string().len()).max();
    let gutter = Gutter {
        old,
        width: widest.unwrap_or(old).max(1),
    };
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_note = false;
    for (i, (line, kind)) in lines.iter().zip(&kinds).enumerate() {
        let continues_note =
            in_note && matches!(kind, Kind::Other) && line.visible.starts_with(' ');
        out.push_str(&gutter.rewrite(line, kind, numbers[i], continues_note, map));
        in_note = continues_note
            || (matches!(kind, Kind::Gutter { .. }) && line.visible.trim_start().starts_with('='));
        if i + 1 < lines.len() || text.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// The line number each numbered line shows after the move: lines of the generated file
/// (those after an arrow into it) move; others keep theirs.
fn new_numbers(kinds: &[Kind], map: &LineMap) -> Vec<Option<u32>> {
    let mut ours = true;
    kinds
        .iter()
        .map(|kind| match kind {
            Kind::Arrow { file, .. } => {
                ours = *file == map.generated;
                None
            }
            Kind::Numbered { number, .. } if ours => Some(map.place(*number, None).line),
            Kind::Numbered { number, .. } => Some(*number),
            Kind::Other => {
                // A new message (`help: ...`) speaks of the snippet again.
                ours = true;
                None
            }
            Kind::Gutter { .. } => None,
        })
        .collect()
}

/// The gutter's width before and after the move.
#[derive(Debug, Clone, Copy)]
struct Gutter {
    old: usize,
    width: usize,
}

impl Gutter {
    fn rewrite(
        self,
        line: &Styled,
        kind: &Kind,
        number: Option<u32>,
        continues_note: bool,
        map: &LineMap,
    ) -> String {
        let width = self.width;
        match kind {
            Kind::Arrow {
                marker,
                file,
                line: at,
                column,
                ..
            } => {
                let (file, at, column) = if *file == map.generated {
                    let place = map.place(*at, Some(*column));
                    (place.file.to_owned(), place.line, place.column.unwrap_or(1))
                } else {
                    (file.clone(), *at, *column)
                };
                let new = format!("{:width$}{marker}{file}:{at}:{column}", "");
                line.replace_prefix(line.visible.chars().count(), &new)
            }
            Kind::Numbered { width: old, .. } => {
                let new = format!("{:>width$} ", number.unwrap_or(0));
                line.replace_prefix(*old, &new)
            }
            Kind::Gutter { width: indent } => line.replace_prefix(*indent, &" ".repeat(width + 1)),
            // A note's further lines are aligned under its text.
            Kind::Other if continues_note && width > self.old => {
                line.replace_prefix(0, &" ".repeat(width - self.old))
            }
            Kind::Other if continues_note => line.replace_prefix(self.old - width, ""),
            Kind::Other => line.replace_prefix(0, ""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::diagnostic::Level;
    use crate::model::linemap::Origin;

    fn map() -> LineMap {
        let at = |line| {
            Some(Origin {
                file: 0,
                line,
                shift: 2,
            })
        };
        LineMap {
            generated: "main.rs".into(),
            files: vec!["docs/a.md".into()],
            lines: vec![None, at(41), at(42), at(44), None],
            fence: Origin {
                file: 0,
                line: 40,
                shift: 0,
            },
        }
    }

    const RENDERED: &str = "error[E0382]: borrow of moved value: `s`
 --> main.rs:4:20
  |
2 |     let s = String::new();
  |         - move occurs because `s` has type `String`
3 |     let t = s;
  |             - value moved here
4 |     println!(\"{}\", s);
  |                    ^ value borrowed here after move
  |
  = note: this error originates in the macro
          which comes from std
help: consider cloning the value
  |
3 |     let t = s.clone();
  |              ++++++++

";

    #[test]
    fn places_in_a_file_are_renamed_as_whole_names_only() {
        let text = " \x1b[1m\x1b[94m--> \x1b[0mmain.rs:2:18\n  ::: main.rs:3:1\n\
                    thread 'main' panicked at main.rs:4:5:\nsee domain.rs:1:1, src/main.rs:1:1, main.rs:x\n";
        assert_eq!(
            renamed(text, "main.rs", "exercises/a/main.rs"),
            " \x1b[1m\x1b[94m--> \x1b[0mexercises/a/main.rs:2:18\n  ::: exercises/a/main.rs:3:1\n\
             thread 'main' panicked at exercises/a/main.rs:4:5:\nsee domain.rs:1:1, src/main.rs:1:1, main.rs:x\n"
        );
    }

    #[test]
    fn rendered_places_and_gutters_move_to_the_markdown() {
        let out = rendered(RENDERED, &map());
        let expected = "error[E0382]: borrow of moved value: `s`
  --> docs/a.md:44:22
   |
41 |     let s = String::new();
   |         - move occurs because `s` has type `String`
42 |     let t = s;
   |             - value moved here
44 |     println!(\"{}\", s);
   |                    ^ value borrowed here after move
   |
   = note: this error originates in the macro
           which comes from std
help: consider cloning the value
   |
42 |     let t = s.clone();
   |              ++++++++

";
        assert_eq!(out, expected);
    }

    #[test]
    fn colour_is_kept() {
        let line = "\x1b[0m\x1b[1m\x1b[38;5;12m4\x1b[0m\x1b[0m \x1b[0m\x1b[0m\x1b[1m\x1b[38;5;12m|\x1b[0m\x1b[0m code";
        let text = format!(" \x1b[1m-->\x1b[0m main.rs:4:1\n{line}\n");
        let out = rendered(&text, &map());
        let plain = crate::compile::normalize::strip_ansi(&out);
        assert_eq!(plain, "  --> docs/a.md:44:3\n44 | code\n");
        assert!(out.contains("\x1b[38;5;12m44"), "{out:?}");
    }

    #[test]
    fn other_files_keep_their_numbers() {
        let text =
            "error: x\n --> main.rs:2:1\n  |\n2 | a\n  |\n ::: /rustc/lib.rs:7:5\n  |\n7 | b\n";
        let out = rendered(text, &map());
        assert!(out.contains("41 | a"), "{out}");
        assert!(out.contains(" 7 | b"), "{out}");
        assert!(out.contains("\n  ::: /rustc/lib.rs:7:5\n"), "{out}");
    }

    #[test]
    fn diagnostics_and_panics_move() {
        let d = Diagnostic {
            level: Level::Error,
            code: None,
            message: "m".into(),
            file: Some("main.rs".into()),
            line: Some(3),
            column: Some(5),
            label: None,
            children: vec![],
            rendered: String::new(),
            labels: Vec::new(),
        };
        let out = compiled(
            Compiled {
                success: false,
                diagnostics: vec![d],
            },
            &map(),
        );
        let d = &out.diagnostics[0];
        assert_eq!(
            (d.file.as_deref(), d.line, d.column),
            (Some("docs/a.md"), Some(42), Some(7))
        );
        let stderr = "thread 'main' panicked at main.rs:4:9:\nboom\n(from xmain.rs:1:1)";
        assert_eq!(
            program_output(stderr, &map()),
            "thread 'main' panicked at docs/a.md:44:11:\nboom\n(from xmain.rs:1:1)"
        );
    }
}
