//! Just enough of Rust's lexical structure to read items out of source text without a
//! parser: braces, outer attributes, words (identifiers and keywords) and `::`, with
//! comments (nested block comments too) and every kind of literal skipped — strings, raw
//! strings, byte and C strings, chars and byte chars (a lifetime is not a char).

/// One token of interest; all other punctuation is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// `{`.
    Open,
    /// `}`.
    Close,
    /// The inside of an outer attribute `#[...]`, trimmed.
    Attribute(&'a str),
    /// An identifier or keyword; a raw identifier (`r#type`) without its `r#`.
    Word(&'a str),
    /// `::`.
    PathSep,
}

/// The tokens of `text`, in order.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_to(bytes, i, b'\n'),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_block_comment(bytes, i),
            b'"' => i = skip_string(bytes, i + 1),
            b'\'' => i = skip_char(text, i),
            b'{' => {
                out.push(Token::Open);
                i += 1;
            }
            b'}' => {
                out.push(Token::Close);
                i += 1;
            }
            b'#' if bytes.get(i + 1) == Some(&b'[') => {
                let end = matching_bracket(bytes, i + 1);
                out.push(Token::Attribute(text[i + 2..end.min(text.len())].trim()));
                i = end + 1;
            }
            b':' if bytes.get(i + 1) == Some(&b':') => {
                out.push(Token::PathSep);
                i += 2;
            }
            b if b.is_ascii_digit() => i = word_end(bytes, i),
            b if is_word_byte(b) => i = word(text, i, &mut out),
            _ => i += 1,
        }
    }
    out
}

/// Reads the word at `start`, or the literal it prefixes (`r"…"`, `b'x'`, `r#ident`...);
/// returns where it ends.
fn word<'a>(text: &'a str, start: usize, out: &mut Vec<Token<'a>>) -> usize {
    let bytes = text.as_bytes();
    let end = word_end(bytes, start);
    let next = bytes.get(end).copied();
    match (&text[start..end], next) {
        ("r" | "br" | "cr", Some(b'#' | b'"')) => {
            let hashes = bytes[end..].iter().take_while(|&&b| b == b'#').count();
            let quote = end + hashes;
            if bytes.get(quote) == Some(&b'"') {
                return skip_raw_string(bytes, quote + 1, hashes);
            }
            if text[start..end] == *"r" && hashes == 1 {
                // A raw identifier.
                let name_end = word_end(bytes, quote);
                out.push(Token::Word(&text[quote..name_end]));
                return name_end;
            }
            out.push(Token::Word(&text[start..end]));
            end
        }
        ("b" | "c", Some(b'"')) => skip_string(bytes, end + 1),
        ("b", Some(b'\'')) => skip_char(text, end),
        (word, _) => {
            out.push(Token::Word(word));
            end
        }
    }
}

/// Bytes of identifiers: ASCII letters, digits, `_`, and anything outside ASCII (the
/// UTF-8 bytes of a non-ASCII identifier).
fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn word_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| !is_word_byte(b))
        .map_or(bytes.len(), |p| from + p)
}

/// Just past the next `end` byte from `from` (or the end of the text).
fn skip_to(bytes: &[u8], from: usize, end: u8) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == end)
        .map_or(bytes.len(), |p| from + p + 1)
}

/// Past the block comment opening at `at`; block comments nest.
fn skip_block_comment(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Past the closing quote of a string whose body starts at `from`.
pub(crate) fn skip_string(bytes: &[u8], mut from: usize) -> usize {
    while from < bytes.len() {
        match bytes[from] {
            b'\\' => from += 2,
            b'"' => return from + 1,
            _ => from += 1,
        }
    }
    bytes.len()
}

/// Past the `"` followed by `hashes` `#`s that closes a raw string whose body starts at
/// `from`.
fn skip_raw_string(bytes: &[u8], from: usize, hashes: usize) -> usize {
    let mut i = from;
    while i < bytes.len() {
        if bytes[i] == b'"' && bytes[i + 1..].iter().take(hashes).all(|&b| b == b'#') {
            let end = i + 1 + hashes;
            if end <= bytes.len() {
                return end;
            }
        }
        i += 1;
    }
    bytes.len()
}

/// Past a char literal at `at` (`'x'`, `'\n'`, `'\u{1F600}'`, `'é'`), or just past the
/// quote of a lifetime (`'a`).
fn skip_char(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    match bytes.get(at + 1) {
        Some(b'\\') => skip_to(bytes, at + 3, b'\''),
        Some(_) => {
            let width = text[at + 1..].chars().next().map_or(1, char::len_utf8);
            if bytes.get(at + 1 + width) == Some(&b'\'') {
                at + 2 + width
            } else {
                at + 1
            }
        }
        None => at + 1,
    }
}

/// The index of the `]` closing the `[` at `open` (or the end of the text).
fn matching_bracket(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            b'"' => {
                i = skip_string(bytes, i + 1);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokens(text)
            .into_iter()
            .filter_map(|t| match t {
                Token::Word(w) => Some(w),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn literals_and_comments_hide_their_contents() {
        let text = r####"a "super {" b r#"super "quoted" }"# c r##"x"##
            /* super /* nested */ super */ d // super
            e 'x' '\'' '\\' '\u{1F600}' 'é' b'{' b"super" br#"super"# f"####;
        assert_eq!(words(text), ["a", "b", "c", "d", "e", "f"]);
        assert!(!tokens(text).contains(&Token::Open));
    }

    #[test]
    fn lifetimes_raw_identifiers_and_paths() {
        let text = "fn f<'a>(x: &'a str) -> r#type { super::g::<'a>() }";
        assert_eq!(
            words(text),
            ["fn", "f", "a", "x", "a", "str", "type", "super", "g", "a"]
        );
        let seps = tokens(text)
            .iter()
            .filter(|t| **t == Token::PathSep)
            .count();
        assert_eq!(seps, 2);
    }

    #[test]
    fn attributes_braces_and_numbers() {
        let text = "#[cfg(test)]\nmod m { const N: u32 = 0x1f_u32; #[doc = \"]\"] fn g() {} }";
        assert_eq!(
            tokens(text),
            [
                Token::Attribute("cfg(test)"),
                Token::Word("mod"),
                Token::Word("m"),
                Token::Open,
                Token::Word("const"),
                Token::Word("N"),
                Token::Word("u32"),
                Token::Attribute("doc = \"]\""),
                Token::Word("fn"),
                Token::Word("g"),
                Token::Open,
                Token::Close,
                Token::Close,
            ]
        );
    }
}
