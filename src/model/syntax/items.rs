//! The top-level items of a text as far as rustdoc's doctest wrapper asks about them
//! (its `doctest/make.rs` parses them): whether a `fn main` is among them, whether a
//! macro call could hide one, and where a crate attribute `#![...]` ends. Items are read
//! from tokens, without a full parse, up to the first statement, where rustdoc's item
//! parse stops too.

use crate::model::syntax::lex::{self, group_end, Kind, LexError, Token};

/// What rustdoc's item parse learns: a top-level `fn main`, and whether a macro call was
/// seen (a `main` could hide inside one).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scan {
    /// A top-level item `fn main`.
    pub(crate) has_main: bool,
    /// A macro call or `macro_rules!` among the items or inside a function's body.
    pub(crate) found_macro: bool,
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
/// Items that end with a brace group rather than a `;`.
const BRACED: &[&str] = &[
    "struct", "enum", "union", "trait", "impl", "mod", "extern", "macro",
];
/// Words that may come before `fn`.
const QUALIFIERS: &[&str] = &["const", "async", "unsafe", "extern", "default", "safe"];

/// Reads the top-level items of `text` until something that is not an item (a
/// statement). An error when rustc's lexer gives up on the text: a literal or comment
/// never ends, or the delimiters do not balance.
pub(crate) fn scan_items(text: &str) -> Result<Scan, LexError> {
    let tokens = lex::tokens(text);
    lex::well_formed(&tokens)?;
    let mut scan = Scan::default();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].is_punct(';') {
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

/// The name of the crate attribute at the start of `text` (after `#![`), once its
/// brackets close in `text` (`""` when it starts with no name); `None` while they do not,
/// or when a literal or comment in `text` never ends.
pub(crate) fn inner_attribute_name(text: &str) -> Option<String> {
    let start = text.find("#![")? + 3;
    let tokens = lex::tokens(&text[start..]);
    lex::terminated(&tokens).ok()?;
    let mut depth = 1usize;
    for token in &tokens {
        match token.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            let name = tokens.first().and_then(Token::name).unwrap_or("");
            return Some(name.to_owned());
        }
    }
    None
}

/// The end of the item that starts at `i`, or `None` when no item starts there.
fn item_at(tokens: &[Token<'_>], mut i: usize, scan: &mut Scan) -> Option<usize> {
    i = skip_attributes(tokens, i);
    if word(tokens, i) == Some("pub") {
        i += 1;
        if tokens.get(i).is_some_and(|t| t.kind == Kind::Open('(')) {
            i = group_end(tokens, i);
        }
    }
    i = skip_qualifiers(tokens, i);
    let keyword = word(tokens, i)?;
    let is_fn = keyword == "fn";
    let macro_call =
        keyword == "macro_rules" || (!ITEM_KEYWORDS.contains(&keyword) && is_macro_call(tokens, i));
    let braced = is_fn || macro_call || BRACED.contains(&keyword);
    if is_fn && tokens.get(i + 1).and_then(Token::name) == Some("main") {
        scan.has_main = true;
    }
    if !ITEM_KEYWORDS.contains(&keyword) && !macro_call {
        return None;
    }
    scan.found_macro |= macro_call;
    Some(item_end(tokens, i, braced, is_fn, scan))
}

/// Past `const`, `async`, `unsafe`, `extern "C"`... when an item keyword follows them
/// (`unsafe impl`, `async fn`), else at `i`.
fn skip_qualifiers(tokens: &[Token<'_>], i: usize) -> usize {
    let mut j = i;
    while word(tokens, j).is_some_and(|w| QUALIFIERS.contains(&w)) {
        j += 1;
        if tokens
            .get(j)
            .is_some_and(|t| matches!(t.kind, Kind::Literal(..) | Kind::Lifetime))
        {
            j += 1; // extern "C"
        }
    }
    let follows = word(tokens, j).is_some_and(|w| ITEM_KEYWORDS.contains(&w) && w != "crate");
    if j > i && follows && word(tokens, i + 1) != Some("crate") {
        j
    } else {
        i
    }
}

/// Past the outer and inner attributes at `i`.
fn skip_attributes(tokens: &[Token<'_>], mut i: usize) -> usize {
    while tokens.get(i).is_some_and(|t| t.is_punct('#')) {
        let mut j = i + 1;
        if tokens.get(j).is_some_and(|t| t.is_punct('!')) {
            j += 1;
        }
        if tokens.get(j).map(|t| t.kind) != Some(Kind::Open('[')) {
            break;
        }
        i = group_end(tokens, j);
    }
    i
}

/// The identifier at `i` as written: a raw one (`r#fn`) is no keyword.
fn word<'a>(tokens: &[Token<'a>], i: usize) -> Option<&'a str> {
    tokens
        .get(i)
        .filter(|t| t.kind == Kind::Ident)
        .map(|t| t.text)
}

/// `name!` or `path::to::name!` at `i`.
fn is_macro_call(tokens: &[Token<'_>], mut i: usize) -> bool {
    loop {
        if word(tokens, i).is_none() {
            return false;
        }
        i += 1;
        match tokens.get(i).map(|t| t.kind) {
            Some(Kind::Punct('!')) => return true,
            Some(Kind::PathSep) => i += 1,
            _ => return false,
        }
    }
}

/// Past the item that starts at `i`: at its `;`, or at the end of its first brace group
/// for items that end with one. A function's body is looked into for macro calls.
fn item_end(
    tokens: &[Token<'_>],
    mut i: usize,
    braced: bool,
    is_fn: bool,
    scan: &mut Scan,
) -> usize {
    while i < tokens.len() {
        match tokens[i].kind {
            Kind::Punct(';') => return i + 1,
            Kind::Open('{') if braced => {
                let end = group_end(tokens, i);
                if is_fn && (i..end).any(|j| is_macro_call(tokens, j)) {
                    scan.found_macro = true;
                }
                return end;
            }
            Kind::Open(_) => i = group_end(tokens, i),
            _ => i += 1,
        }
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_comments_and_lifetimes_do_not_confuse_the_scan() {
        let scan = scan_items("fn f<'a>(x: &'a str) -> char { '}' }\n// fn main\nconst S: &str = \"fn main() {\";\nfn main() {}").expect("lexes");
        assert!(scan.has_main);
        assert!(scan_items("let s = r#\"}\"#;").is_ok());
        assert!(scan_items("/* unclosed").is_err());
    }

    #[test]
    fn items_stop_at_the_first_statement() {
        let scan = |text: &str| scan_items(text).expect("lexes");
        assert!(
            scan("use std::fmt;\n#[derive(Debug)]\npub(crate) struct S;\nfn main() {}").has_main
        );
        assert!(scan("unsafe extern \"C\" fn f() {}\nasync fn g() {}\nfn main() {}").has_main);
        assert!(!scan("let x = 1;\nfn main() {}").has_main);
        assert!(!scan("fn helper() { fn main() {} }").has_main);
        assert!(scan("fn r#fn() {}\nfn main() {}").has_main);
        assert!(
            !scan("r#fn main() {}").has_main,
            "a raw identifier is no keyword"
        );
        assert!(scan("fn r#main() {}").has_main, "rustdoc compares the name");
        let macros = scan("macro_rules! m { () => {} }\nm!();");
        assert!(macros.found_macro && !macros.has_main);
        assert!(scan("fn f() { std::println!(\"x\"); }").found_macro);
        assert!(!scan("fn f() { let x = 1; }").found_macro);
    }

    #[test]
    fn what_rustc_cannot_lex_is_an_error() {
        for broken in [
            "\"open",
            "b\"open",
            "r#\"open\"",
            "'\\n",
            "/* a /* b */",
            "(]",
            "{",
            "r##x",
        ] {
            assert!(scan_items(broken).is_err(), "{broken}");
        }
        for fine in [
            "'a",
            "'static",
            "b'x'",
            "c\"x\"",
            "r\"x\"",
            "/* a /* b */ */",
            "';'",
        ] {
            assert!(scan_items(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn inner_attributes_end_where_their_brackets_close() {
        assert_eq!(
            inner_attribute_name("#![allow(unused)]\n").as_deref(),
            Some("allow")
        );
        assert_eq!(
            inner_attribute_name("#![doc = \"a]\n\"]\n").as_deref(),
            Some("doc")
        );
        assert_eq!(inner_attribute_name("#![feature(x\n"), None);
        assert_eq!(inner_attribute_name("#![doc = \"open\n"), None);
        assert_eq!(inner_attribute_name("#![]").as_deref(), Some(""));
        assert_eq!(inner_attribute_name("let x;"), None);
    }
}
