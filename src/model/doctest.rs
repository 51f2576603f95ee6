//! The code rustdoc compiles for a Rust block (its `doctest/make.rs`), with the origin of
//! every line: hidden lines (`# x`, a lone `#`, the `##` escape), crate attributes and
//! `extern crate` hoisted to the top, and the `fn main` wrapper unless the block has its
//! own `main` (or uses `test_harness`), in its `Result` form when the block ends in
//! `(())`. rustdoc's `#![allow(unused)]` is passed to rustc as `-A unused` instead (see
//! `docs`), which means the same and lets blocks share a batch.

use crate::model::linemap::Origin;
use crate::model::syntax::items;

/// One line of a block with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeLine {
    /// The text, without its line break.
    pub(crate) text: String,
    /// Its place in the Markdown (or an included file).
    pub(crate) origin: Origin,
}

/// The code rustdoc would compile, and each line's origin (`None`: the wrapper's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Generated {
    /// The snippet's text.
    pub(crate) code: String,
    /// Per line of `code`, its origin.
    pub(crate) lines: Vec<Option<Origin>>,
}

/// The opening line of the wrapper, and of its form for blocks that end in `(())`.
const MAIN: &str = "fn main() {";
const MAIN_RESULT: &str =
    "fn main() { fn _inner() -> core::result::Result<(), impl core::fmt::Debug> {";
/// Their closing lines.
const MAIN_END: &str = "}";
const MAIN_RESULT_END: &str = "} _inner().unwrap() }";

/// A block's lines as rustdoc compiles them: `# x` is `x` (trimmed), a lone `#` an empty
/// line, `##x` is `#x`; every other line as written.
pub(crate) fn unhide(lines: Vec<CodeLine>) -> Vec<CodeLine> {
    lines.into_iter().map(unhide_line).collect()
}

fn unhide_line(mut line: CodeLine) -> CodeLine {
    let trimmed = line.text.trim();
    if trimmed.starts_with("##") {
        line.text = line.text.replacen("##", "#", 1);
        line.origin.shift += 1;
    } else if let Some(code) = trimmed.strip_prefix("# ") {
        let lost = line.text.len() - line.text.trim_start().len() + 2;
        line.origin.shift += chars_before(&line.text, lost);
        line.text = code.to_owned();
    } else if trimmed == "#" {
        line.text = String::new();
    }
    line
}

/// How many characters the first `bytes` bytes of `text` hold.
fn chars_before(text: &str, bytes: usize) -> i32 {
    text.get(..bytes).map_or(0, |t| t.chars().count() as i32)
}

/// The block's parts, as `partition_source` splits them.
#[derive(Debug, Default)]
struct Parts {
    crate_attrs: Vec<CodeLine>,
    lint_attrs: Vec<CodeLine>,
    crates: Vec<CodeLine>,
    rest: Vec<CodeLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Attrs,
    Crates,
    Other,
}

fn is_comment_or_blank(trimmed: &str) -> bool {
    trimmed.is_empty() || (trimmed.starts_with("//") && !trimmed.starts_with("///"))
}

fn is_extern_crate(trimmed: &str) -> bool {
    trimmed.starts_with("extern crate") || trimmed.starts_with("#[macro_use] extern crate")
}

/// Splits the block into crate attributes, `extern crate`s and the rest; `None` when an
/// inner attribute never ends (rustdoc then compiles the block as written).
fn partition(lines: Vec<CodeLine>) -> Option<Parts> {
    let mut parts = Parts::default();
    let mut state = State::Attrs;
    let mut pending: Vec<CodeLine> = Vec::new();
    for line in lines {
        let trimmed = line.text.trim();
        if state == State::Attrs {
            if trimmed.starts_with("#![") {
                pending = vec![line];
                settle(&mut pending, &mut parts);
                continue;
            } else if is_comment_or_blank(trimmed) {
            } else if is_extern_crate(trimmed) {
                state = State::Crates;
            } else if !pending.is_empty() {
                pending.push(line);
                settle(&mut pending, &mut parts);
                continue;
            } else {
                state = State::Other;
            }
        } else if state == State::Crates
            && !(is_extern_crate(trimmed) || is_comment_or_blank(trimmed))
        {
            state = State::Other;
        }
        match state {
            State::Attrs => parts.crate_attrs.push(line),
            State::Crates => parts.crates.push(line),
            State::Other => parts.rest.push(line),
        }
    }
    pending.is_empty().then_some(parts)
}

/// Moves a complete inner attribute from `pending` to the crate attributes (lint levels
/// to their own list, which comes after).
fn settle(pending: &mut Vec<CodeLine>, parts: &mut Parts) {
    let text: String = pending.iter().map(|l| format!("{}\n", l.text)).collect();
    let Some(name) = items::inner_attribute_name(&text) else {
        return;
    };
    let lint_level = ["allow", "warn", "deny", "forbid"].contains(&name.as_str())
        && !(name == "allow" && text.contains("internal_features"));
    let to = if lint_level {
        &mut parts.lint_attrs
    } else {
        &mut parts.crate_attrs
    };
    to.append(pending);
}

/// Removes leading and trailing blank lines and the whitespace around the rest, as
/// rustdoc's `trim` of the block's body does.
fn trim(mut lines: Vec<CodeLine>) -> Vec<CodeLine> {
    while lines.last().is_some_and(|l| l.text.trim().is_empty()) {
        lines.pop();
    }
    let blank = lines
        .iter()
        .take_while(|l| l.text.trim().is_empty())
        .count();
    lines.drain(..blank);
    if let Some(first) = lines.first_mut() {
        let lost = first.text.len() - first.text.trim_start().len();
        first.origin.shift += chars_before(&first.text, lost);
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = lines.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    lines
}

/// The code rustdoc compiles from a block's (unhidden) lines; `test_harness` blocks get no
/// `fn main` wrapper.
pub(crate) fn generate(lines: Vec<CodeLine>, test_harness: bool) -> Generated {
    let Some(parts) = partition(lines.clone()) else {
        return assemble(lines.into_iter().map(Some).collect());
    };
    let head: Vec<CodeLine> = [&parts.crate_attrs, &parts.lint_attrs, &parts.crates]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    let rest = trim(parts.rest);
    let scanned: String = parts
        .crates
        .iter()
        .chain(&rest)
        .map(|l| format!("{}\n", l.text))
        .collect();
    let Ok(scan) = items::scan_items(&scanned) else {
        // rustc's parser gives up on this text: rustdoc compiles it as written.
        return assemble(lines.into_iter().map(Some).collect());
    };
    let head_text: String = head.iter().map(|l| l.text.as_str()).collect();
    let no_std = head_text.contains("![no_std]");
    let has_main = scan.has_main || (scan.found_macro && mentions_main(&rest));
    let mut out: Vec<Option<CodeLine>> = head.into_iter().map(Some).collect();
    if test_harness || has_main || no_std {
        out.extend(rest.into_iter().map(Some));
        return assemble(out);
    }
    let returns_result = rest.last().is_some_and(|l| l.text.ends_with("(())"));
    let (open, close) = if returns_result {
        (MAIN_RESULT, MAIN_RESULT_END)
    } else {
        (MAIN, MAIN_END)
    };
    out.push(wrapper(open));
    if rest.is_empty() {
        out.push(wrapper(""));
    }
    out.extend(rest.into_iter().map(Some));
    out.push(wrapper(close));
    assemble(out)
}

/// A line of the wrapper (its origin is the fence, filled in by `assemble`).
fn wrapper(text: &str) -> Option<CodeLine> {
    Some(CodeLine {
        text: text.to_owned(),
        origin: Origin {
            file: usize::MAX,
            line: 0,
            shift: 0,
        },
    })
}

fn assemble(lines: Vec<Option<CodeLine>>) -> Generated {
    let mut code = String::new();
    let mut origins = Vec::with_capacity(lines.len());
    for line in lines.into_iter().flatten() {
        code.push_str(&line.text);
        code.push('\n');
        origins.push((line.origin.file != usize::MAX).then_some(line.origin));
    }
    Generated {
        code,
        lines: origins,
    }
}

/// rustdoc's fallback for a `main` hidden by a macro: a line (outside `//` comments) that
/// says `fn main`.
fn mentions_main(lines: &[CodeLine]) -> bool {
    lines.iter().any(|l| {
        let code = l
            .text
            .find("//")
            .map_or(l.text.as_str(), |at| &l.text[..at]);
        code.contains("fn main")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<CodeLine> {
        text.lines()
            .enumerate()
            .map(|(i, l)| CodeLine {
                text: l.to_owned(),
                origin: Origin {
                    file: 0,
                    line: i as u32 + 11,
                    shift: 0,
                },
            })
            .collect()
    }

    fn code(text: &str) -> Generated {
        generate(unhide(lines(text)), false)
    }

    #[test]
    fn hidden_lines_are_compiled() {
        let out = unhide(lines(
            "# use std::io;\n#\n    # let x = 1;\n## not hidden\n#[derive(Debug)]\n#x",
        ));
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "use std::io;",
                "",
                "let x = 1;",
                "# not hidden",
                "#[derive(Debug)]",
                "#x"
            ]
        );
        assert_eq!(out[0].origin.shift, 2);
        assert_eq!(out[2].origin.shift, 6);
    }

    #[test]
    fn statements_are_wrapped_in_main() {
        let out = code("let x = 5;\nprintln!(\"{x}\");");
        assert_eq!(out.code, "fn main() {\nlet x = 5;\nprintln!(\"{x}\");\n}\n");
        assert_eq!(out.lines[0], None);
        assert_eq!(out.lines[1].map(|o| o.line), Some(11));
        assert_eq!(out.lines[2].map(|o| o.line), Some(12));
        assert_eq!(out.lines[3], None);
    }

    #[test]
    fn a_main_of_its_own_is_kept() {
        let text = "use std::fmt;\n\n#[derive(Debug)]\nstruct S;\n\nfn main() {\n    let s = S;\n}";
        let out = code(text);
        assert_eq!(out.code, format!("{text}\n"));
        assert!(out.lines.iter().all(Option::is_some));
        let nested = code("fn helper() { fn main() {} }\nhelper();");
        assert!(nested.code.starts_with("fn main() {\n"), "{}", nested.code);
        let after_statement = code("let x = 1;\nfn main() {}");
        assert!(after_statement.code.starts_with("fn main() {\n"));
        let in_macro = code("macro_rules! m { () => { fn main() {} } }\nm!();");
        assert!(
            !in_macro.code.starts_with("fn main() {\n"),
            "{}",
            in_macro.code
        );
    }

    #[test]
    fn a_block_ending_in_unit_ok_returns_a_result() {
        let out = code("let n: i32 = \"5\".parse()?;\nOk::<(), std::num::ParseIntError>(())");
        assert_eq!(
            out.code,
            format!("{MAIN_RESULT}\nlet n: i32 = \"5\".parse()?;\nOk::<(), std::num::ParseIntError>(())\n{MAIN_RESULT_END}\n")
        );
    }

    #[test]
    fn crate_attributes_and_extern_crates_are_hoisted() {
        let out = code("#![allow(dead_code)]\n#![feature(never_type)]\n// note\nextern crate core;\nlet x = 1;");
        assert_eq!(
            out.code,
            "#![feature(never_type)]\n// note\n#![allow(dead_code)]\nextern crate core;\nfn main() {\nlet x = 1;\n}\n"
        );
        let lines: Vec<Option<u32>> = out.lines.iter().map(|o| o.map(|o| o.line)).collect();
        assert_eq!(
            lines,
            [Some(12), Some(13), Some(11), Some(14), None, Some(15), None]
        );
        let multi = code("#![doc = \"a\n\"]\nlet y = 2;");
        assert!(
            multi.code.starts_with("#![doc = \"a\n\"]\nfn main() {"),
            "{}",
            multi.code
        );
    }

    #[test]
    fn unclosed_attributes_and_delimiters_pass_through() {
        assert_eq!(
            code("#![feature(x\nlet a = 1;").code,
            "#![feature(x\nlet a = 1;\n"
        );
        assert_eq!(code("let a = {;").code, "let a = {;\n");
    }

    #[test]
    fn test_harness_and_no_std_are_not_wrapped() {
        let harness = generate(lines("#[test]\nfn t() {}"), true);
        assert_eq!(harness.code, "#[test]\nfn t() {}\n");
        assert!(!code("#![no_std]\nlet x = 1;").code.contains("fn main"));
    }

    #[test]
    fn the_body_is_trimmed() {
        // Blank lines before the code count as crate attributes, as in rustdoc.
        let out = code("\n\n    let x = 1;\n  let y = 2;  \n\n");
        assert_eq!(out.code, "\n\nfn main() {\nlet x = 1;\n  let y = 2;\n}\n");
        assert_eq!(out.lines[3].map(|o| (o.line, o.shift)), Some((13, 4)));
    }
}
