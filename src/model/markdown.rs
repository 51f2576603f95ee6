//! The code blocks of a Markdown document, found by pulldown-cmark as rustdoc finds them
//! (the same parser and options): fenced blocks of backticks or tildes of any length,
//! indented blocks, blocks inside lists and block quotes. Each block keeps its info
//! string, its opening line, the headings above it, and the origin of every code line.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::model::doctest::CodeLine;
use crate::model::linemap::Origin;

/// One code block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// The info string of a fenced block; `None` for an indented block.
    pub(crate) info: Option<String>,
    /// The opening fence's line (an indented block's first line).
    pub(crate) fence: Origin,
    /// The code lines, each with its origin.
    pub(crate) lines: Vec<CodeLine>,
    /// The headings the block is under, outermost first.
    pub(crate) headings: Vec<String>,
    /// A fenced block that runs to the end of its document or container without a
    /// closing fence.
    pub(crate) unterminated: bool,
}

/// rustdoc's parser options (`main_body_opts`): they decide what is a table or a
/// footnote, and so where code blocks are.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Byte offsets of the start of each line of `text`.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts }
    }

    /// 0-based line and character column of byte `offset`.
    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let column = text.get(start..offset).map_or(0, |t| t.chars().count());
        (line, column)
    }
}

/// The code blocks of `text`. `origins[i]` is where line `i` (0-based) of `text` comes
/// from (the document itself, or a file an include brought in).
pub(crate) fn blocks(text: &str, origins: &[Origin]) -> Vec<Block> {
    let lines = Lines::new(text);
    let origin_of = |offset: usize, extra_shift: usize| {
        let (line, column) = lines.position(text, offset);
        let mut origin = origins.get(line).copied().unwrap_or(Origin {
            file: 0,
            line: line as u32 + 1,
            shift: 0,
        });
        origin.shift += (column + extra_shift) as i32;
        origin
    };
    let mut found = Vec::new();
    let mut headings = Headings::default();
    let mut current: Option<(Block, Builder)> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match &kind {
                    CodeBlockKind::Fenced(info) => Some(info.to_string()),
                    CodeBlockKind::Indented => None,
                };
                let unterminated = info.is_some() && !closed(text, &range);
                let block = Block {
                    info,
                    fence: origin_of(range.start, 0),
                    lines: Vec::new(),
                    headings: headings.names(),
                    unterminated,
                };
                current = Some((block, Builder::default()));
            }
            Event::Text(code) if current.is_some() => {
                if let Some((block, builder)) = current.as_mut() {
                    builder.push(&code, range.start, text, &origin_of, block);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((mut block, builder)) = current.take() {
                    builder.finish(&mut block);
                    found.push(block);
                }
            }
            Event::Start(Tag::Heading { level, .. }) => headings.open(level as usize),
            Event::Text(t) | Event::Code(t) => headings.push_text(&t),
            Event::End(TagEnd::Heading(_)) => headings.close(),
            _ => {}
        }
    }
    found
}

/// The headings above the current point of the document, outermost first, and the one
/// being read.
#[derive(Debug, Default)]
struct Headings {
    above: Vec<(usize, String)>,
    open: Option<(usize, String)>,
}

impl Headings {
    fn open(&mut self, level: usize) {
        self.open = Some((level, String::new()));
    }

    /// Text inside a heading is its title; elsewhere it is no heading's.
    fn push_text(&mut self, text: &str) {
        if let Some((_, title)) = self.open.as_mut() {
            title.push_str(text);
        }
    }

    /// A heading ends those of its level and below.
    fn close(&mut self) {
        if let Some((level, title)) = self.open.take() {
            self.above.retain(|(l, _)| *l < level);
            self.above.push((level, title.trim().to_owned()));
        }
    }

    fn names(&self) -> Vec<String> {
        self.above.iter().map(|(_, h)| h.clone()).collect()
    }
}

/// Builds a block's lines from its text events, which pulldown-cmark gives line by line
/// inside containers and as one piece at the top level.
#[derive(Debug, Default)]
struct Builder {
    partial: Option<CodeLine>,
}

impl Builder {
    fn push(
        &mut self,
        code: &str,
        offset: usize,
        text: &str,
        origin_of: &dyn Fn(usize, usize) -> Origin,
        block: &mut Block,
    ) {
        // Where in the source each piece starts, when the event is the source's own text.
        let verbatim = text.get(offset..offset + code.len()) == Some(code);
        let mut at = offset;
        for piece in code.split_inclusive('\n') {
            let line = self.partial.get_or_insert_with(|| CodeLine {
                text: String::new(),
                origin: origin_of(at, 0),
            });
            line.text.push_str(piece.trim_end_matches('\n'));
            if piece.ends_with('\n') {
                block.lines.extend(self.partial.take());
            }
            at = if verbatim { at + piece.len() } else { at };
            if !verbatim && piece.ends_with('\n') {
                // A synthetic piece: the next line starts on the next source line.
                at = next_line_start(text, at);
            }
        }
    }

    fn finish(mut self, block: &mut Block) {
        if let Some(line) = self.partial.take() {
            block.lines.push(line);
        }
    }
}

fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// Whether a fenced block's source ends with a closing fence: its last line holds only
/// the fence character, at least as many as open it.
fn closed(text: &str, range: &Range<usize>) -> bool {
    let source = &text[range.clone()];
    let mut lines = source.lines();
    let Some(opening) = lines.next() else {
        return false;
    };
    let opening = opening.trim_start();
    let Some(fence) = opening.chars().next().filter(|c| *c == '`' || *c == '~') else {
        return false;
    };
    let width = opening.chars().take_while(|c| *c == fence).count();
    let Some(last) = lines.last() else {
        return false;
    };
    let last = last.trim_start_matches(|c: char| c.is_whitespace() || c == '>');
    let run = last.chars().take_while(|c| *c == fence).count();
    run >= width && last[run * fence.len_utf8()..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Vec<Block> {
        blocks(text, &[])
    }

    fn texts(block: &Block) -> Vec<(&str, u32, i32)> {
        block
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.origin.line, l.origin.shift))
            .collect()
    }

    #[test]
    fn fences_of_any_kind_and_length() {
        let text = "# Title\n\n```rust\nlet a = 1;\n```\n\n~~~~ no_run\nlet b = 2;\n~~~~\n\n````\n```\nlet c;\n````\n";
        let found = of(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].info.as_deref(), Some("rust"));
        assert_eq!(found[0].fence.line, 3);
        assert_eq!(texts(&found[0]), [("let a = 1;", 4, 0)]);
        assert_eq!(found[1].info.as_deref(), Some("no_run"));
        assert_eq!(texts(&found[2]), [("```", 12, 0), ("let c;", 13, 0)]);
        assert_eq!(found[0].headings, ["Title"]);
        assert!(found.iter().all(|b| !b.unterminated));
    }

    #[test]
    fn lists_and_quotes_keep_lines_and_columns() {
        let text = "- item\n\n  ```rust\n  let a = 1;\n  let b = 2;\n  ```\n\n> ```\n> let q = 3;\n> ```\n";
        let found = of(text);
        assert_eq!(
            texts(&found[0]),
            [("let a = 1;", 4, 2), ("let b = 2;", 5, 2)]
        );
        assert_eq!(found[0].fence.line, 3);
        assert_eq!(texts(&found[1]), [("let q = 3;", 9, 2)]);
    }

    #[test]
    fn an_unclosed_fence_is_unterminated() {
        let found = of("text\n\n```rust\nlet a = 1;\n");
        assert!(found[0].unterminated);
        assert!(!of("```\nx\n```")[0].unterminated);
    }

    #[test]
    fn indented_blocks_and_nested_headings() {
        let found = of("# A\n## B\n### C\n## D\n\n    let x = 1;\n");
        assert_eq!(found[0].info, None);
        assert_eq!(found[0].headings, ["A", "D"]);
        assert_eq!(texts(&found[0]), [("let x = 1;", 6, 4)]);
    }
}
