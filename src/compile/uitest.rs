//! rustc's rendered output as compiletest keeps it in a UI test's `.stderr`, which nightly
//! rustc writes under `-Z ui-testing`: here made from stable rustc's ordinary output. Every
//! line number of the gutter is `LL` (the gutter is then 2 wide), quoted source lines lose
//! their `//~` annotations, the test's own files are `$DIR/NAME`, std's sources
//! `$SRC_DIR/...:LL:COL`, with no colour, `\n` line ends and no trailing whitespace.

use super::normalize::{snapshot, strip_ansi};

/// How compiletest writes a line number of the gutter.
const ANONYMIZED: &str = "LL";

/// `rendered` as compiletest's `.stderr` holds it.
pub(crate) fn normalized(rendered: &str) -> String {
    let text = snapshot(&strip_ansi(rendered));
    let mut width = None;
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if starts_diagnostic(line) {
            width = None;
        }
        if width.is_none() {
            width = arrow_width(line);
        }
        let line = match width {
            Some(w) => gutter(line, w),
            None => line.to_owned(),
        };
        out.push_str(&places(&line));
        out.push('\n');
    }
    out
}

/// `error[E0382]: ...`, `warning: ...`: a diagnostic's first line, at the left margin (its
/// notes and helps share its gutter).
fn starts_diagnostic(line: &str) -> bool {
    ["error", "warning"].iter().any(|level| {
        line.strip_prefix(level)
            .is_some_and(|rest| rest.starts_with(':') || rest.starts_with('['))
    })
}

/// The gutter's width, told by a ` --> ` or ` ::: ` line's indentation.
fn arrow_width(line: &str) -> Option<usize> {
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[spaces..];
    (spaces > 0 && (rest.starts_with("--> ") || rest.starts_with("::: "))).then_some(spaces)
}

/// A line of the snippet display with its gutter, `width` wide, made 2 wide: a line
/// number becomes `LL`, spaces stay spaces.
fn gutter(line: &str, width: usize) -> String {
    let Some(head) = line.get(..width) else {
        return line.to_owned();
    };
    let rest = &line[width..];
    let is_gutter = head.bytes().all(|b| b == b' ' || b.is_ascii_digit())
        && (rest.is_empty()
            || [" |", " =", " -->", " :::", " ..."]
                .iter()
                .any(|p| rest.starts_with(p))
            || rest.starts_with("--> ")
            || rest.starts_with("::: "));
    if !is_gutter {
        return line.to_owned();
    }
    if head.bytes().any(|b| b.is_ascii_digit()) {
        format!("{ANONYMIZED}{}", without_annotation(rest))
    } else {
        format!("  {rest}").trim_end().to_owned()
    }
}

/// A quoted source line without its `//~` (or `//[rev]~`) annotation, as rustc quotes a UI
/// test's lines under `-Z ui-testing`.
fn without_annotation(line: &str) -> &str {
    let mut from = 0;
    while let Some(at) = line[from..].find("//").map(|i| i + from) {
        let after = &line[at + 2..];
        let marker = after
            .strip_prefix('[')
            .and_then(|r| r.split_once(']'))
            .map_or(after, |(_, r)| r);
        if marker.starts_with('~') {
            return line[..at].trim_end();
        }
        from = at + 2;
    }
    line.trim_end()
}

/// ` --> main.rs:4:20` as ` --> $DIR/main.rs:4:20`, and std's `/rustc/HASH/library/x.rs:N:M`
/// as `$SRC_DIR/x.rs:LL:COL`.
fn places(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    for arrow in ["--> ", "::: "] {
        if let Some(place) = trimmed.strip_prefix(arrow) {
            return format!("{indent}{arrow}{}", place_of(place));
        }
    }
    line.to_owned()
}

fn place_of(place: &str) -> String {
    if let Some(rest) = place.strip_prefix("/rustc/") {
        if let Some((_, path)) = rest.split_once("/library/") {
            let file = path.split(':').next().unwrap_or(path);
            return format!("$SRC_DIR/{file}:LL:COL");
        }
    }
    if place.starts_with('/') || place.starts_with('<') || place.starts_with('$') {
        return place.to_owned();
    }
    format!("$DIR/{place}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_output_becomes_compiletests() {
        let rendered = "\x1b[1merror[E0384]\x1b[0m: cannot assign twice to immutable variable `v`\n \
            --> assign.rs:7:5\n  |\n5 |     v = 1;\n  |     ----- first assignment to `v`\n\
            6 |     v.clone();\n7 |     v = 2; //~ ERROR cannot assign\n  |     ^^^^^ cannot assign twice\n  |\n\
            help: consider making this binding mutable\n  |\n4 |     let mut v: isize;\n  |         +++\n\n\
            error: aborting due to 1 previous error\n";
        assert_eq!(
            normalized(rendered),
            "error[E0384]: cannot assign twice to immutable variable `v`\n  \
             --> $DIR/assign.rs:7:5\n   |\nLL |     v = 1;\n   |     ----- first assignment to `v`\n\
             LL |     v.clone();\nLL |     v = 2;\n   |     ^^^^^ cannot assign twice\n   |\n\
             help: consider making this binding mutable\n   |\nLL |     let mut v: isize;\n   |         +++\n\n\
             error: aborting due to 1 previous error\n"
        );
    }

    #[test]
    fn wide_gutters_narrow_and_std_is_src_dir() {
        let rendered = "error[E0277]: x\n   --> src/a.rs:104:9\n    |\n104 |     f(); //[a]~ ERROR x\n    |     ^\n    = note: y\n   \
            ::: /rustc/0123abcd/library/core/src/ops/function.rs:250:5\n";
        assert_eq!(
            normalized(rendered),
            "error[E0277]: x\n  --> $DIR/src/a.rs:104:9\n   |\nLL |     f();\n   |     ^\n   = note: y\n  \
             ::: $SRC_DIR/core/src/ops/function.rs:LL:COL\n"
        );
    }
}
