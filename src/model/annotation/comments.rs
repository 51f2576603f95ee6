//! The line comments of a Rust text, found by rustc's own lexer: a `//~` or `//@` inside a
//! string literal or a block comment is text, not an annotation. (compiletest reads lines
//! with a regex and would take those too; a test that relies on it is rare and would be
//! misleading to read.)

use ra_ap_rustc_lexer::{Cursor, FrontmatterAllowed, TokenKind};

/// One `//` comment (not a doc comment), without its line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LineComment<'a> {
    /// The comment's text, from its `//` to the end of its line (a `\r` left out).
    pub(crate) text: &'a str,
    /// Byte offset of its `//` in the file.
    pub(crate) start: usize,
    /// 1-based line it is on.
    pub(crate) line: u32,
    /// 1-based column (in characters) of its `//`.
    pub(crate) column: u32,
    /// Whether only blank space stands before it on its line, as a header needs.
    pub(crate) leads: bool,
}

/// The line comments of `text`, in order, and its number of lines (as `str::lines`
/// counts them, so a last line without `\n` counts and a final `\n` adds none).
pub(super) fn line_comments(text: &str) -> (Vec<LineComment<'_>>, u32) {
    let mut out = Vec::new();
    let mut line_start = 0;
    let mut leads = true;
    walk(text, |kind, at, piece, line| {
        // Doc comments (`///`, `//!`) document; they never annotate.
        if kind == (TokenKind::LineComment { doc_style: None }) {
            let column = text[line_start..at].chars().count() + 1;
            out.push(LineComment {
                text: piece.strip_suffix('\r').unwrap_or(piece),
                start: at,
                line,
                column: u32::try_from(column).unwrap_or(u32::MAX),
                leads,
            });
        }
        if let Some(last) = piece.rfind('\n') {
            line_start = at + last + 1;
        }
        leads = kind == TokenKind::Whitespace && (leads || piece.contains('\n'));
    });
    (out, lines_of(text))
}

/// How a line ends, for a comment to be added after its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tail {
    /// In code (or blank space): a `//` comment may follow.
    Open,
    /// In a line comment (a doc comment too) that starts at this byte offset.
    Comment(usize),
    /// Inside a token that goes on past the line's end: a string literal, a block
    /// comment.
    Inside,
}

/// How each line of `text` ends, in order, one entry per line as `str::lines` counts
/// them.
pub(super) fn tails(text: &str) -> Vec<Tail> {
    let mut tails = vec![Tail::Open; lines_of(text) as usize];
    walk(text, |kind, at, piece, line| {
        let first = line as usize - 1;
        match kind {
            TokenKind::LineComment { .. } => {
                if let Some(tail) = tails.get_mut(first) {
                    *tail = Tail::Comment(at);
                }
            }
            TokenKind::Whitespace => {}
            _ => {
                let last = first + count_newlines(piece) as usize;
                for tail in tails.iter_mut().take(last).skip(first) {
                    *tail = Tail::Inside;
                }
            }
        }
    });
    tails
}

/// Calls `visit` with each token of `text` as rustc's lexer reads it: its kind, its byte
/// offset, its text and the 1-based line it starts on.
fn walk<'a>(text: &'a str, mut visit: impl FnMut(TokenKind, usize, &'a str, u32)) {
    let mut at = ra_ap_rustc_lexer::strip_shebang(text).unwrap_or(0);
    let mut cursor = Cursor::new(&text[at..], FrontmatterAllowed::Yes);
    let mut line: u32 = 1;
    loop {
        let token = cursor.advance_token();
        let mut len = token.len as usize;
        match token.kind {
            TokenKind::Eof => break,
            TokenKind::GuardedStrPrefix => {
                // Before edition 2024 rustc reads `#"` as `#` and lexes on after it.
                len = 1;
                cursor = Cursor::new(&text[at + len..], FrontmatterAllowed::No);
            }
            _ => {}
        }
        let piece = &text[at..at + len];
        visit(token.kind, at, piece, line);
        line += count_newlines(piece);
        at += len;
    }
}

/// How many `\n` a piece of text holds, as a line count.
fn count_newlines(piece: &str) -> u32 {
    u32::try_from(piece.bytes().filter(|&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

/// The number of lines of `text`, as `str::lines` counts them.
pub(super) fn lines_of(text: &str) -> u32 {
    u32::try_from(text.lines().count()).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, u32, u32, bool)> {
        let (comments, _) = line_comments(text);
        comments
            .iter()
            .map(|c| (c.text, c.line, c.column, c.leads))
            .collect()
    }

    #[test]
    fn comments_have_their_line_column_and_whether_they_lead() {
        let text = "//@ a\r\nfn f() {} //~ b\n  /* x\n */ // c\n\t/// d\n";
        assert_eq!(
            found(text),
            [
                ("//@ a", 1, 1, true),
                ("//~ b", 2, 11, false),
                ("// c", 4, 5, false),
            ],
            "a doc comment is not among them"
        );
        assert_eq!(line_comments(text).0[1].start, 17);
    }

    #[test]
    fn strings_and_block_comments_hide_comment_markers() {
        let text =
            "let s = \"//~ ERROR x\";\nlet r = r#\"\n//@ check-pass\n\"#;\n/* //~ ERROR y */\n";
        assert!(found(text).is_empty());
    }

    #[test]
    fn guarded_string_prefixes_and_shebangs_are_read_as_rustc_reads_them() {
        assert_eq!(found("#\"//~ x\"#\n// y")[0].0, "// y");
        assert_eq!(found("#!/usr/bin/env run\n//@ a")[0], ("//@ a", 2, 1, true));
    }

    #[test]
    fn tails_tell_code_from_comments_and_open_tokens() {
        let text = "let a = 1;\nlet s = \"x\n  y\"; // c\n/* b\n*/ f(); /// d\r\nlet c = 2;";
        assert_eq!(
            tails(text),
            [
                Tail::Open,
                Tail::Inside,
                Tail::Comment(28),
                Tail::Inside,
                Tail::Comment(46),
                Tail::Open,
            ]
        );
    }

    #[test]
    fn lines_are_counted_as_str_lines_counts_them() {
        assert_eq!(lines_of("a\nb"), 2);
        assert_eq!(lines_of("a\nb\n"), 2);
        assert_eq!(lines_of(""), 0);
        assert_eq!(line_comments("a\n\n// c\n").1, 3);
    }
}
