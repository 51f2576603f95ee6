//! trybuild's unindenting steps: the excerpts of notes, helps and suggestions moved
//! left as its later versions write them.

use super::*;

/// How a line takes part in unindenting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// `error…:`/`warning…:` (and, opening a block from `HeadingNote`, `note: `).
    Heading,
    /// A gutter line; how many spaces it could lose.
    Gutter(usize),
    /// A `note:` or `help:` line, a multi-line note's continuation, or `...`.
    Note,
    /// Anything else; its leading spaces (none if it starts with a number).
    Prose(usize),
}

/// The text with each heading's gutter block made as narrow as its line numbers allow.
pub(super) fn unindent(text: &str, step: Step) -> String {
    if step < Step::Unindent {
        return text.to_owned();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = String::with_capacity(text.len());
    let mut next = 0;
    while let Some(line) = lines.get(next) {
        out.push_str(line);
        out.push('\n');
        next += 1;
        if shape(line, true, &mut false, step) != Shape::Heading {
            continue;
        }
        if let Some((count, cut)) = block_after(&lines[next..], step) {
            shift_block(&mut out, &lines[next..next + count], cut, step);
            next += count;
        }
    }
    out
}

/// The block after a heading, if it opens with a ` --> ` line: how many lines it has and
/// how many spaces all of its gutter lines can lose.
pub(super) fn block_after(rest: &[&str], step: Step) -> Option<(usize, usize)> {
    let first = rest.first()?;
    let Shape::Gutter(least) = shape(first, false, &mut false, step) else {
        return None;
    };
    if !first
        .get(least + 1..)
        .is_some_and(|r| r.starts_with("--> "))
    {
        return None;
    }
    let (mut count, mut least, mut after_note) = (1, least, false);
    for line in &rest[1..] {
        match shape(line, false, &mut after_note, step) {
            Shape::Heading => break,
            Shape::Gutter(spare) => least = least.min(spare),
            Shape::Note => {}
            Shape::Prose(spaces) if spaces > 10 => {}
            Shape::Prose(_) => break,
        }
        count += 1;
    }
    Some((count, least))
}

/// Writes a block's lines with `cut` spaces gone after the first space of each gutter and
/// prose line.
pub(super) fn shift_block(out: &mut String, block: &[&str], cut: usize, step: Step) {
    let mut after_note = false;
    for line in block {
        match shape(line, false, &mut after_note, step) {
            Shape::Gutter(_) | Shape::Prose(_) => match line.find(' ') {
                Some(space) => {
                    out.push_str(&line[..space]);
                    out.push_str(line.get(space + cut..).unwrap_or(""));
                }
                None => out.push_str(line),
            },
            Shape::Heading | Shape::Note => out.push_str(line),
        }
        out.push('\n');
    }
}

/// A line's shape. `opens_block`: the line is looked at as a possible heading;
/// `after_note` says whether the line before was a note, and is set for the next line.
pub(super) fn shape(line: &str, opens_block: bool, after_note: &mut bool, step: Step) -> Shape {
    let follows_note = std::mem::take(after_note);
    let heading = ["error", "warning"].iter().any(|level| {
        line.strip_prefix(level)
            .is_some_and(|rest| rest.starts_with([':', '[']))
    });
    if heading || (opens_block && step >= Step::HeadingNote && line.starts_with("note: ")) {
        return Shape::Heading;
    }
    if line.starts_with("note:")
        || line == "..."
        || (step >= Step::UnindentAfterHelp && line.starts_with("help:"))
        || (step >= Step::UnindentMultilineNote && follows_note && line.starts_with("      "))
    {
        *after_note = true;
        return Shape::Note;
    }
    gutter_shape(line, step)
}

/// A line's shape when it is neither heading nor note.
pub(super) fn gutter_shape(line: &str, step: Step) -> Shape {
    let spaces_in = |text: &str| text.bytes().take_while(|b| *b == b' ').count();
    if let Some(rest) = line.strip_prefix("... ") {
        return Shape::Gutter(spaces_in(rest));
    }
    let lead = spaces_in(line);
    let digits = line[lead..].bytes().take_while(u8::is_ascii_digit).count();
    let spaces = lead + spaces_in(&line[lead + digits..]);
    let rest = &line[digits + spaces..];
    let suggestion = step >= Step::UnindentSuggestion
        && digits > 0
        && ["~", "+", "-"].iter().any(|mark| {
            rest.strip_prefix(mark)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        });
    let placed = digits == 0 && ["--> ", "::: ", "= "].iter().any(|p| rest.starts_with(p));
    let bar = rest
        .strip_prefix('|')
        .is_some_and(|r| r.is_empty() || r.starts_with(' '));
    if spaces > 0 && (bar || suggestion || placed) {
        Shape::Gutter(spaces - 1)
    } else {
        Shape::Prose(if digits == 0 { spaces } else { 0 })
    }
}
