//! The code rustdoc compiles for a Rust block (its `doctest/make.rs`), with the origin of
//! every line: hidden lines (`# x`, a lone `#`, the `##` escape), crate attributes and
//! `extern crate` hoisted to the top, and the `fn main` wrapper unless the block has its
//! own `main` (or uses `test_harness`), in its `Result` form when the block ends in
//! `(())`. rustdoc's `#![allow(unused)]` is passed to rustc as `-A unused` instead (see
//! `docs`), which means the same and lets blocks share a batch.

use crate::model::linemap::Origin;

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
    let Some(name) = complete_attribute(&text) else {
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

/// The name of the attribute `#![name...]` when its brackets close in `text`.
fn complete_attribute(text: &str) -> Option<String> {
    let start = text.find("#![")? + 3;
    let body = &text[start..];
    let tokens = tokens_of(body).ok()?;
    let mut depth = 1;
    for token in &tokens {
        match token {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            return match tokens.first() {
                Some(Tok::Ident(name)) => Some(name.clone()),
                _ => Some(String::new()),
            };
        }
    }
    None
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
    let Ok(scan) = scan_items(&scanned) else {
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

/// A token of Rust source, as far as finding items needs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Open(char),
    Close(char),
    Punct(char),
    /// A literal or a lifetime.
    Other,
}

/// Splits `text` into tokens; `Err` when a string, character or comment never ends or
/// the delimiters do not balance (where rustc's parser gives up before any item).
fn lex(text: &str) -> Result<Vec<Tok>, ()> {
    let tokens = tokens_of(text)?;
    balanced(&tokens).then_some(tokens).ok_or(())
}

/// The tokens of `text`, balanced or not.
fn tokens_of(text: &str) -> Result<Vec<Tok>, ()> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i = match c {
            c if c.is_whitespace() => i + 1,
            '/' if chars.get(i + 1) == Some(&'/') => skip_line(&chars, i),
            '/' if chars.get(i + 1) == Some(&'*') => skip_block_comment(&chars, i)?,
            '"' => {
                tokens.push(Tok::Other);
                skip_string(&chars, i + 1)?
            }
            '\'' => {
                tokens.push(Tok::Other);
                skip_quote(&chars, i)?
            }
            c if c.is_alphanumeric() || c == '_' => lex_word(&chars, i, &mut tokens)?,
            '(' | '[' | '{' => {
                tokens.push(Tok::Open(c));
                i + 1
            }
            ')' | ']' | '}' => {
                tokens.push(Tok::Close(c));
                i + 1
            }
            c => {
                tokens.push(Tok::Punct(c));
                i + 1
            }
        };
    }
    Ok(tokens)
}

fn balanced(tokens: &[Tok]) -> bool {
    let mut stack = Vec::new();
    for token in tokens {
        match token {
            Tok::Open(c) => stack.push(*c),
            Tok::Close(c) => {
                let open = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                if stack.pop() != Some(open) {
                    return false;
                }
            }
            _ => {}
        }
    }
    stack.is_empty()
}

fn skip_line(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() && chars[i] != '\n' {
        i += 1;
    }
    i
}

fn skip_block_comment(chars: &[char], mut i: usize) -> Result<usize, ()> {
    let mut depth = 0;
    while i + 1 < chars.len() {
        match (chars[i], chars[i + 1]) {
            ('/', '*') => (depth, i) = (depth + 1, i + 2),
            ('*', '/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => i += 1,
        }
    }
    Err(())
}

/// Past the closing quote of a string whose text starts at `i`.
fn skip_string(chars: &[char], mut i: usize) -> Result<usize, ()> {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return Ok(i + 1),
            _ => i += 1,
        }
    }
    Err(())
}

/// Past a character literal or a lifetime starting at the quote `i`.
fn skip_quote(chars: &[char], i: usize) -> Result<usize, ()> {
    match (chars.get(i + 1), chars.get(i + 2)) {
        (Some('\\'), _) => {
            let end = (i + 2..chars.len()).find(|&j| chars[j] == '\'' && chars[j - 1] != '\\');
            end.map(|j| j + 1).ok_or(())
        }
        (Some(_), Some('\'')) => Ok(i + 3),
        _ => {
            let mut j = i + 1;
            while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                j += 1;
            }
            Ok(j)
        }
    }
}

/// An identifier, keyword or number at `i`, and the raw, byte and C strings that start
/// with a letter.
fn lex_word(chars: &[char], i: usize, tokens: &mut Vec<Tok>) -> Result<usize, ()> {
    let mut j = i;
    while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
        j += 1;
    }
    let word: String = chars[i..j].iter().collect();
    let next = chars.get(j).copied();
    if matches!(word.as_str(), "r" | "br" | "cr") && matches!(next, Some('#' | '"')) {
        tokens.push(Tok::Other);
        return skip_raw_string(chars, j);
    }
    if matches!(word.as_str(), "b" | "c") && next == Some('"') {
        tokens.push(Tok::Other);
        return skip_string(chars, j + 1);
    }
    if word == "b" && next == Some('\'') {
        tokens.push(Tok::Other);
        return skip_quote(chars, j);
    }
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        tokens.push(Tok::Other);
    } else {
        tokens.push(Tok::Ident(word));
    }
    Ok(j)
}

fn skip_raw_string(chars: &[char], mut i: usize) -> Result<usize, ()> {
    let mut hashes = 0;
    while chars.get(i) == Some(&'#') {
        hashes += 1;
        i += 1;
    }
    if chars.get(i) != Some(&'"') {
        return Ok(i);
    }
    i += 1;
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
            return Ok(i + 1 + hashes);
        }
        i += 1;
    }
    Err(())
}

/// What rustdoc's item parse learns: a top-level `fn main`, and whether a macro call was
/// seen (a `main` could hide inside one).
#[derive(Debug, Default, PartialEq, Eq)]
struct Scan {
    has_main: bool,
    found_macro: bool,
}

/// Keywords that start an item (after attributes, visibility and qualifiers).
const ITEM_KEYWORDS: &[&str] = &[
    "struct",
    "enum",
    "union",
    "trait",
    "impl",
    "mod",
    "use",
    "static",
    "const",
    "type",
    "extern",
    "macro_rules",
    "auto",
    "fn",
    "macro",
];
/// Words that may come before `fn`.
const QUALIFIERS: &[&str] = &["const", "async", "unsafe", "extern", "default", "safe"];

/// Reads the top-level items of `text` until something that is not an item (a statement:
/// rustdoc's parse stops there too).
fn scan_items(text: &str) -> Result<Scan, ()> {
    let tokens = lex(text)?;
    let mut scan = Scan::default();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == Tok::Punct(';') {
            i += 1;
            continue;
        }
        match item_at(&tokens, i, &mut scan) {
            Some(end) => i = end,
            None => break,
        }
    }
    Ok(scan)
}

/// The end of the item that starts at `i`, or `None` when no item starts there.
fn item_at(tokens: &[Tok], mut i: usize, scan: &mut Scan) -> Option<usize> {
    i = skip_attributes(tokens, i);
    if ident(tokens, i) == Some("pub") {
        i += 1;
        if tokens.get(i) == Some(&Tok::Open('(')) {
            i = group_end(tokens, i);
        }
    }
    i = skip_qualifiers(tokens, i);
    let word = ident(tokens, i)?;
    let is_fn = word == "fn";
    let macro_call =
        word == "macro_rules" || (!ITEM_KEYWORDS.contains(&word) && is_macro_call(tokens, i));
    let braced_kind = is_fn
        || macro_call
        || [
            "struct", "enum", "union", "trait", "impl", "mod", "extern", "macro",
        ]
        .contains(&word);
    if is_fn && ident(tokens, i + 1) == Some("main") {
        scan.has_main = true;
    }
    if !ITEM_KEYWORDS.contains(&word) && !macro_call {
        return None;
    }
    scan.found_macro |= macro_call;
    Some(item_end(tokens, i, braced_kind, is_fn, scan))
}

/// Past `const`, `async`, `unsafe`, `extern "C"`... when an item keyword follows them
/// (`unsafe impl`, `async fn`), else at `i`.
fn skip_qualifiers(tokens: &[Tok], i: usize) -> usize {
    let mut j = i;
    while ident(tokens, j).is_some_and(|w| QUALIFIERS.contains(&w)) {
        j += 1;
        if matches!(tokens.get(j), Some(Tok::Other)) {
            j += 1; // extern "C"
        }
    }
    let follows = ident(tokens, j).is_some_and(|w| ITEM_KEYWORDS.contains(&w) && w != "crate");
    if j > i && follows && ident(tokens, i + 1) != Some("crate") {
        j
    } else {
        i
    }
}

fn skip_attributes(tokens: &[Tok], mut i: usize) -> usize {
    while tokens.get(i) == Some(&Tok::Punct('#')) {
        let mut j = i + 1;
        if tokens.get(j) == Some(&Tok::Punct('!')) {
            j += 1;
        }
        if tokens.get(j) != Some(&Tok::Open('[')) {
            break;
        }
        i = group_end(tokens, j);
    }
    i
}

fn ident(tokens: &[Tok], i: usize) -> Option<&str> {
    match tokens.get(i) {
        Some(Tok::Ident(word)) => Some(word),
        _ => None,
    }
}

/// `name!` or `path::to::name!` at `i`.
fn is_macro_call(tokens: &[Tok], mut i: usize) -> bool {
    loop {
        if ident(tokens, i).is_none() {
            return false;
        }
        i += 1;
        match (tokens.get(i), tokens.get(i + 1)) {
            (Some(Tok::Punct('!')), _) => return true,
            (Some(Tok::Punct(':')), Some(Tok::Punct(':'))) => i += 2,
            _ => return false,
        }
    }
}

/// Past the group that opens at `i`.
fn group_end(tokens: &[Tok], i: usize) -> usize {
    let mut depth = 0;
    for (j, token) in tokens.iter().enumerate().skip(i) {
        match token {
            Tok::Open(_) => depth += 1,
            Tok::Close(_) => {
                depth -= 1;
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

/// Past the item that starts at `i`: at its `;`, or at the end of its first brace group
/// for items that end with one. A function's body is looked into for macro calls.
fn item_end(tokens: &[Tok], mut i: usize, braced: bool, is_fn: bool, scan: &mut Scan) -> usize {
    while i < tokens.len() {
        match &tokens[i] {
            Tok::Punct(';') => return i + 1,
            Tok::Open('{') if braced => {
                let end = group_end(tokens, i);
                if is_fn && (i..end).any(|j| is_macro_call(tokens, j)) {
                    scan.found_macro = true;
                }
                return end;
            }
            Tok::Open(_) => i = group_end(tokens, i),
            _ => i += 1,
        }
    }
    i
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

    #[test]
    fn strings_comments_and_lifetimes_do_not_confuse_the_scan() {
        let scan = scan_items("fn f<'a>(x: &'a str) -> char { '}' }\n// fn main\nconst S: &str = \"fn main() {\";\nfn main() {}").expect("lexes");
        assert!(scan.has_main);
        assert!(scan_items("let s = r#\"}\"#;").is_ok());
        assert!(scan_items("/* unclosed").is_err());
    }
}
