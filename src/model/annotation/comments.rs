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
    let mut at = ra_ap_rustc_lexer::strip_shebang(text).unwrap_or(0);
    let mut cursor = Cursor::new(&text[at..], FrontmatterAllowed::Yes);
    let mut line: u32 = 1;
    let mut line_start = 0;
    let mut leads = true;
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
            // Doc comments (`///`, `//!`) document; they never annotate.
            TokenKind::LineComment { doc_style: None } => {
                let piece = &text[at..at + len];
                let column = text[line_start..at].chars().count() + 1;
                out.push(LineComment {
                    text: piece.strip_suffix('\r').unwrap_or(piece),
                    start: at,
                    line,
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                    leads,
                });
            }
            _ => {}
        }
        let piece = &text[at..at + len];
        if let Some(last) = piece.rfind('\n') {
            line += count_newlines(piece);
            line_start = at + last + 1;
        }
        leads = token.kind == TokenKind::Whitespace && (leads || piece.contains('\n'));
        at += len;
    }
    (out, lines_of(text))
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
    fn lines_are_counted_as_str_lines_counts_them() {
        assert_eq!(lines_of("a\nb"), 2);
        assert_eq!(lines_of("a\nb\n"), 2);
        assert_eq!(lines_of(""), 0);
        assert_eq!(line_comments("a\n\n// c\n").1, 3);
    }
}
