//! The learn screen in a small terminal: the header and the key line stay in view, and
//! what lies between them (rustc's output, the hint, the list) scrolls, a line or a page
//! at a time, as rustlings' list does.

use crate::compile::normalize::strip_ansi;

/// A terminal's size in character cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Size {
    /// Columns.
    pub(crate) cols: usize,
    /// Rows.
    pub(crate) rows: usize,
}

/// The part of the scrolling text that fits, and where it lies in the whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Window<'a> {
    /// The lines shown.
    pub(crate) lines: Vec<&'a str>,
    /// How many lines are above them.
    pub(crate) above: usize,
    /// How many lines are below them.
    pub(crate) below: usize,
    /// The first line shown, after clamping.
    pub(crate) scroll: usize,
    /// The largest first line that still fills the window.
    pub(crate) max_scroll: usize,
}

/// Rows a line takes on a terminal `cols` wide, which wraps it.
fn rows_of(line: &str, cols: usize) -> usize {
    let width = strip_ansi(line).chars().count();
    width.div_ceil(cols.max(1)).max(1)
}

/// Rows the lines of `text` take.
pub(crate) fn rows(text: &str, cols: usize) -> usize {
    text.lines().map(|l| rows_of(l, cols)).sum()
}

/// The lines of `body` to show from line `scroll` in `room` rows, when all of them do not
/// fit; `None` when they do. One of the rows goes to the line that tells what is hidden.
pub(crate) fn window(body: &str, cols: usize, room: usize, scroll: usize) -> Option<Window<'_>> {
    let lines: Vec<&str> = body.lines().collect();
    let heights: Vec<usize> = lines.iter().map(|l| rows_of(l, cols)).collect();
    if heights.iter().sum::<usize>() <= room {
        return None;
    }
    let room = room.saturating_sub(1).max(1);
    // The last start whose lines fill the window to the end.
    let mut max_scroll = lines.len();
    let mut used = 0;
    while max_scroll > 0 && used + heights[max_scroll - 1] <= room {
        max_scroll -= 1;
        used += heights[max_scroll];
    }
    let max_scroll = max_scroll.min(lines.len().saturating_sub(1));
    let scroll = scroll.min(max_scroll);
    let mut shown = 0;
    let mut used = 0;
    for &need in &heights[scroll..] {
        if used + need > room && shown > 0 {
            break;
        }
        used += need;
        shown += 1;
    }
    Some(Window {
        lines: lines[scroll..scroll + shown].to_vec(),
        above: scroll,
        below: lines.len() - scroll - shown,
        scroll,
        max_scroll,
    })
}

/// The index of the first line of `body` that starts with `marker` once colour is gone.
pub(crate) fn line_starting(body: &str, marker: &str) -> Option<usize> {
    body.lines().position(|l| strip_ansi(l).starts_with(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: usize) -> String {
        (1..=n).map(|i| format!("line {i}\n")).collect()
    }

    #[test]
    fn text_that_fits_is_left_alone() {
        assert_eq!(window(&numbered(5), 80, 5, 0), None);
    }

    #[test]
    fn a_long_text_shows_a_window_and_what_is_hidden() {
        let body = numbered(30);
        let top = window(&body, 80, 10, 0).expect("a window");
        assert_eq!(
            top.lines,
            (1..=9).map(|i| format!("line {i}")).collect::<Vec<_>>()
        );
        assert_eq!((top.above, top.below, top.max_scroll), (0, 21, 21));
        let end = window(&body, 80, 10, 999).expect("a window");
        assert_eq!((end.scroll, end.above, end.below), (21, 21, 0));
        assert_eq!(end.lines.last(), Some(&"line 30"));
    }

    #[test]
    fn wrapped_lines_take_their_rows() {
        assert_eq!(rows("\x1b[1mabcdef\x1b[0m\n\nabc\n", 3), 2 + 1 + 1);
        let body = format!("{}\nb\nc\nd\n", "a".repeat(12));
        let w = window(&body, 4, 4, 0).expect("a window");
        assert_eq!(
            w.lines,
            ["a".repeat(12)],
            "the 3-row line and the status line fill 4 rows"
        );
    }

    #[test]
    fn the_marked_line_is_found_through_colour() {
        assert_eq!(line_starting("a\n  b\n\x1b[1m> c\n", "> "), Some(2));
    }
}
