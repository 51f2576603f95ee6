//! An annotation's text in its parts, so a rewrite changes one part and keeps the others as
//! written: the head up to the anchor (`//~`), the anchor (`^^`), and the body (` ERROR:
//! msg`), whose kind word, `:` and spacing stay when its words change.

use crate::model::annotation::parse::{anchor, marker, Anchor};
use crate::model::annotation::{Annotation, Kind};

/// An annotation's text cut at its anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Parts<'a> {
    /// From the `//` to the anchor: `//~`.
    pub(super) head: &'a str,
    /// The anchor as written.
    pub(super) anchor: Anchor,
    /// After the anchor: ` ERROR msg`.
    pub(super) body: &'a str,
}

/// `text` (an annotation, from its `//` to the end of its line) in its parts.
pub(super) fn parts(text: &str) -> Parts<'_> {
    let rest = marker(text).map_or("", |(_, _, rest)| rest);
    let (anchor, body) = anchor(rest);
    Parts {
        head: &text[..text.len() - rest.len()],
        anchor,
        body,
    }
}

/// The text an anchor is written as.
pub(super) fn anchor_text(anchor: Anchor) -> String {
    match anchor {
        Anchor::Here => String::new(),
        Anchor::Up(n) => "^".repeat(n as usize),
        Anchor::Down(n) => "v".repeat(n as usize),
        Anchor::Follow => "|".to_owned(),
        Anchor::Unspanned => "?".to_owned(),
    }
}

/// A body cut around its kind word: the blank space before it, the word (empty for
/// ui_test's code form), and what follows it.
fn around_kind(body: &str) -> (&str, &str, &str) {
    let rest = body.trim_start();
    let lead = &body[..body.len() - rest.len()];
    let end = rest
        .find(|c: char| c != '_' && !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    match Kind::from_word(&rest[..end]) {
        Some(_) => (lead, &rest[..end], &rest[end..]),
        None => (lead, "", rest),
    }
}

/// `body` with its words replaced by `words`: the kind word, the `:` and the blank space
/// after them kept (one space when there was none and no `:`); for ui_test's code form,
/// the code replaced.
pub(super) fn reworded(body: &str, words: &str) -> String {
    let (lead, kind, after) = around_kind(body);
    if kind.is_empty() {
        return format!("{lead}{words}");
    }
    let (colon, after) = match after.strip_prefix(':') {
        Some(after) => (":", after),
        None => ("", after),
    };
    let space = &after[..after.len() - after.trim_start().len()];
    let space = if space.is_empty() && colon.is_empty() {
        " "
    } else {
        space
    };
    if words.is_empty() {
        return format!("{lead}{kind}{colon}");
    }
    format!("{lead}{kind}{colon}{space}{words}")
}

/// Whether the file writes its annotations ui_test's way, `//~ ERROR: msg`: more of its
/// annotations with a kind have a `:` after it than have none.
pub(super) fn ui_test_style(text: &str, annotations: &[Annotation]) -> bool {
    let (mut colon, mut plain) = (0, 0);
    for a in annotations.iter().filter(|a| a.kind.is_some()) {
        let (_, kind, after) = around_kind(parts(&text[a.span.0..a.span.1]).body);
        if kind.is_empty() {
            continue;
        }
        if after.starts_with(':') {
            colon += 1;
        } else {
            plain += 1;
        }
    }
    colon > plain
}

/// The body of a new annotation: ` ERROR msg`, or ` ERROR: msg` in ui_test's style.
pub(super) fn new_body(kind: Kind, message: &str, ui_test: bool) -> String {
    let colon = if ui_test { ":" } else { "" };
    if message.is_empty() {
        format!(" {}{colon}", kind.as_str())
    } else {
        format!(" {}{colon} {message}", kind.as_str())
    }
}

/// `text` with each line number it cites (`line 36`, as in rustc's `this `continue`
/// advances the loop at line 36`) replaced by `renumber`'s (`None`: kept): rustc cites the
/// lines where they are, so a rewrite that moves lines moves its citations too.
pub(crate) fn renumbered(text: &str, renumber: impl Fn(u32) -> Option<u32>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("line ") {
        let word_start = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = &rest[at + "line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(&rest[..at + "line ".len()]);
        rest = after;
        if !word_start || digits == 0 {
            continue;
        }
        let number = &after[..digits];
        match number.parse().ok().and_then(&renumber) {
            Some(new) => out.push_str(&new.to_string()),
            None => out.push_str(number),
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_annotation_is_cut_at_its_anchor() {
        let cut = parts("//~^^ ERROR: msg");
        assert_eq!(
            (cut.head, cut.anchor, cut.body),
            ("//~", Anchor::Up(2), " ERROR: msg")
        );
        assert_eq!(
            format!("{}{}{}", cut.head, anchor_text(cut.anchor), cut.body),
            "//~^^ ERROR: msg"
        );
        assert_eq!(parts("//~| NOTE n").anchor, Anchor::Follow);
    }

    #[test]
    fn new_words_keep_the_kind_colon_and_spacing() {
        assert_eq!(reworded(" ERROR old words", "new"), " ERROR new");
        assert_eq!(reworded(" ERROR:  old", "new"), " ERROR:  new");
        assert_eq!(reworded("ERROR:old", "new"), "ERROR:new");
        assert_eq!(reworded(" error", "new"), " error new");
        assert_eq!(reworded(" E0308", "E0277"), " E0277");
        assert_eq!(reworded(" WARN x", ""), " WARN");
    }

    #[test]
    fn cited_lines_are_renumbered() {
        let moved = |n: u32| (n == 36).then_some(30);
        assert_eq!(
            renumbered(" NOTE advances the loop at line 36", moved),
            " NOTE advances the loop at line 30"
        );
        assert_eq!(
            renumbered("line 36, line 7; inline 36", moved),
            "line 30, line 7; inline 36"
        );
        assert_eq!(
            renumbered("a line without a number", moved),
            "a line without a number"
        );
    }

    #[test]
    fn new_bodies_follow_the_file_s_style() {
        assert_eq!(new_body(Kind::Error, "m", false), " ERROR m");
        assert_eq!(new_body(Kind::Warn, "m", true), " WARN: m");
    }
}
