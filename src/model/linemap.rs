//! Where each line of a snippet generated from a Markdown code block comes from: the
//! Markdown file's line (or an included file's), or nowhere for the lines rustdoc's wrapper
//! adds, which then stand for the block's opening fence; and the line and column of a
//! byte offset in any text, as every error with a position counts them.

/// The source of one generated line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    /// Index into `LineMap::files`.
    pub(crate) file: usize,
    /// 1-based line in that file.
    pub(crate) line: u32,
    /// Characters the generated line lost (positive) or gained (negative) before its code,
    /// added to a column to find the column in the file: a hidden line's `# `, a list's
    /// indentation.
    pub(crate) shift: i32,
}

/// A generated snippet's lines, each with its origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineMap {
    /// The name of the generated file as rustc sees it (`main.rs`).
    pub(crate) generated: String,
    /// The files lines come from, as the user reached them: the Markdown file first.
    pub(crate) files: Vec<String>,
    /// Per generated line (index 0 is line 1), its origin; `None` for the wrapper's lines.
    pub(crate) lines: Vec<Option<Origin>>,
    /// The opening fence, where the wrapper's lines (and anything unmapped) point.
    pub(crate) fence: Origin,
}

/// A place in the files a block comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Place<'a> {
    /// The file, as shown.
    pub(crate) file: &'a str,
    /// 1-based line.
    pub(crate) line: u32,
    /// 1-based column, when the generated place had one.
    pub(crate) column: Option<u32>,
}

impl LineMap {
    /// The place that generated `line` (1-based) and `column` stand for.
    pub(crate) fn place(&self, line: u32, column: Option<u32>) -> Place<'_> {
        let origin = line
            .checked_sub(1)
            .and_then(|i| self.lines.get(i as usize).copied().flatten());
        let (origin, column) = match origin {
            Some(o) => (o, column.map(|c| shifted(c, o.shift))),
            None => (self.fence, column.map(|_| 1)),
        };
        Place {
            file: self.files.get(origin.file).map_or("", String::as_str),
            line: origin.line,
            column,
        }
    }
}

fn shifted(column: u32, shift: i32) -> u32 {
    (i64::from(column) + i64::from(shift)).clamp(1, i64::from(u32::MAX)) as u32
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 9), (2, 4));
    }

    #[test]
    fn wrapper_lines_point_at_the_fence() {
        let at = |line, shift| {
            Some(Origin {
                file: 0,
                line,
                shift,
            })
        };
        let map = LineMap {
            generated: "main.rs".into(),
            files: vec!["docs/a.md".into()],
            lines: vec![None, at(12, 2), at(13, 0), None],
            fence: Origin {
                file: 0,
                line: 10,
                shift: 0,
            },
        };
        let place = map.place(2, Some(5));
        assert_eq!(
            (place.file, place.line, place.column),
            ("docs/a.md", 12, Some(7))
        );
        assert_eq!(map.place(1, Some(3)).line, 10);
        assert_eq!(map.place(4, None).line, 10);
        assert_eq!(map.place(99, None).line, 10);
    }
}
