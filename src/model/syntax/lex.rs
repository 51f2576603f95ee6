//! Rust source text as tokens, split by rustc's own lexer (`ra-ap-rustc_lexer`): any text
//! at all, a broken snippet too, is read exactly as rustc reads it (where a comment, a
//! string or a char ends, what is a lifetime) without having to parse. Blank space and
//! comments, doc comments too, are left out; `::` is one token. Also the two ways a text
//! can be unreadable before any parse: a literal or comment that never ends, and
//! delimiters that do not balance.

use ra_ap_rustc_lexer::{Cursor, FrontmatterAllowed, LiteralKind, TokenKind};

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier or keyword; a raw identifier (`r#type`) too, see `Token::name`.
    Ident,
    /// A lifetime or a label (`'a`).
    Lifetime,
    /// A literal, and whether it ends before the text does.
    Literal(Literal, bool),
    /// `(`, `[` or `{`.
    Open(char),
    /// `)`, `]` or `}`.
    Close(char),
    /// `::`.
    PathSep,
    /// Any other punctuation (`#`, `!`, `:`, `;`...), one character a token, or a
    /// character rustc does not know.
    Punct(char),
    /// A block comment that never ends: the rest of the text.
    UnterminatedComment,
}

/// The kinds of literal that the readers tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Literal {
    /// An integer or a float.
    Number,
    /// A char or a byte (`'x'`, `b'x'`).
    Char,
    /// A plain string, `"..."`.
    Str,
    /// A byte, C or raw string.
    OtherStr,
}

/// One token and where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token<'a> {
    /// What it is.
    pub(crate) kind: Kind,
    /// Its text, as written.
    pub(crate) text: &'a str,
    /// Its byte offset in the text.
    pub(crate) start: usize,
    /// Whether it directly follows the token before it, with no space or comment between.
    pub(crate) joint: bool,
}

impl<'a> Token<'a> {
    /// Whether this is the identifier or keyword `word` as written (`r#fn` is not `fn`).
    pub(crate) fn is_word(&self, word: &str) -> bool {
        self.kind == Kind::Ident && self.text == word
    }

    /// Whether this is the punctuation `c`.
    pub(crate) fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    /// An identifier's name, a raw identifier's without its `r#`.
    pub(crate) fn name(&self) -> Option<&'a str> {
        (self.kind == Kind::Ident).then(|| self.text.strip_prefix("r#").unwrap_or(self.text))
    }
}

/// Why a text cannot be read as tokens: rustc's lexer stops there before any parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub(crate) enum LexError {
    /// A string, char or block comment runs to the end of the text.
    #[error("a literal or comment at byte {0} never ends")]
    Unterminated(usize),
    /// A closing delimiter that does not match, or an opening one never closed.
    #[error("the delimiter at byte {0} does not balance")]
    Unbalanced(usize),
}

/// The tokens of `text`, in order. Never fails: an unterminated literal is a token that
/// runs to the end, as in rustc.
pub(crate) fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::new();
    let mut at = 0;
    let mut joint = false;
    let mut cursor = Cursor::new(text, FrontmatterAllowed::No);
    loop {
        let token = cursor.advance_token();
        let mut len = token.len as usize;
        if token.kind == TokenKind::Eof {
            return out;
        }
        if token.kind == TokenKind::GuardedStrPrefix {
            // Before edition 2024 rustc reads `#"` and `##` as a `#` and lexes on after it;
            // a 2024 guarded string is an error whichever way it is read.
            len = 1;
            cursor = Cursor::new(&text[at + len..], FrontmatterAllowed::No);
        }
        let piece = &text[at..at + len];
        match kind_of(token.kind, piece) {
            None => joint = false,
            Some(Kind::Punct(':')) if joint && out.last().is_some_and(|t| t.is_punct(':')) => {
                if let Some(last) = out.last_mut() {
                    last.kind = Kind::PathSep;
                    last.text = &text[last.start..at + len];
                }
            }
            Some(kind) => {
                out.push(Token {
                    kind,
                    text: piece,
                    start: at,
                    joint,
                });
                joint = true;
            }
        }
        at += len;
    }
}

/// The token kind of rustc's `kind` with text `piece`; `None` for space and comments.
fn kind_of(kind: TokenKind, piece: &str) -> Option<Kind> {
    let first = piece.chars().next().unwrap_or(' ');
    Some(match kind {
        TokenKind::Whitespace
        | TokenKind::LineComment { .. }
        | TokenKind::BlockComment {
            terminated: true, ..
        }
        | TokenKind::Frontmatter { .. }
        | TokenKind::Eof => return None,
        TokenKind::BlockComment { .. } => Kind::UnterminatedComment,
        TokenKind::Ident
        | TokenKind::RawIdent
        | TokenKind::InvalidIdent
        | TokenKind::ForcedKeywordIdent
        | TokenKind::UnknownPrefix => Kind::Ident,
        TokenKind::Lifetime { .. } | TokenKind::RawLifetime | TokenKind::UnknownPrefixLifetime => {
            Kind::Lifetime
        }
        TokenKind::Literal { kind, .. } => literal(kind),
        TokenKind::OpenParen | TokenKind::OpenBracket | TokenKind::OpenBrace => Kind::Open(first),
        TokenKind::CloseParen | TokenKind::CloseBracket | TokenKind::CloseBrace => {
            Kind::Close(first)
        }
        _ => Kind::Punct(first),
    })
}

fn literal(kind: LiteralKind) -> Kind {
    match kind {
        LiteralKind::Int { .. } | LiteralKind::Float { .. } => Kind::Literal(Literal::Number, true),
        LiteralKind::Char { terminated } | LiteralKind::Byte { terminated } => {
            Kind::Literal(Literal::Char, terminated)
        }
        LiteralKind::Str { terminated } => Kind::Literal(Literal::Str, terminated),
        LiteralKind::ByteStr { terminated } | LiteralKind::CStr { terminated } => {
            Kind::Literal(Literal::OtherStr, terminated)
        }
        LiteralKind::RawStr { n_hashes }
        | LiteralKind::RawByteStr { n_hashes }
        | LiteralKind::RawCStr { n_hashes } => Kind::Literal(Literal::OtherStr, n_hashes.is_some()),
    }
}

/// Every literal and comment of `tokens` ends.
pub(crate) fn terminated(tokens: &[Token<'_>]) -> Result<(), LexError> {
    match tokens
        .iter()
        .find(|t| matches!(t.kind, Kind::UnterminatedComment | Kind::Literal(_, false)))
    {
        Some(t) => Err(LexError::Unterminated(t.start)),
        None => Ok(()),
    }
}

/// Every literal and comment ends and the delimiters balance: what rustc's lexer needs
/// before its parser starts.
pub(crate) fn well_formed(tokens: &[Token<'_>]) -> Result<(), LexError> {
    terminated(tokens)?;
    let mut open: Vec<(char, usize)> = Vec::new();
    for token in tokens {
        match token.kind {
            Kind::Open(c) => open.push((c, token.start)),
            Kind::Close(c) => {
                let matches = open.pop().is_some_and(|(o, _)| closer(o) == c);
                if !matches {
                    return Err(LexError::Unbalanced(token.start));
                }
            }
            _ => {}
        }
    }
    match open.pop() {
        Some((_, at)) => Err(LexError::Unbalanced(at)),
        None => Ok(()),
    }
}

fn closer(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Just past the group that opens at `i` (the end of the tokens when it never closes);
/// delimiters of every kind count.
pub(crate) fn group_end(tokens: &[Token<'_>], i: usize) -> usize {
    let mut depth = 0usize;
    for (j, token) in tokens.iter().enumerate().skip(i) {
        match token.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j + 1;
                }
            }
            _ => {}
        }
    }
    tokens.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&str> {
        tokens(text).iter().filter_map(Token::name).collect()
    }

    #[test]
    fn literals_and_comments_hide_their_contents() {
        let text = r####"a "super {" b r#"super "quoted" }"# c r##"x"##
            /* super /* nested */ super */ d // super
            e 'x' '\'' '\\' '\u{1F600}' 'é' b'{' b"super" br#"super"# f"####;
        assert_eq!(names(text), ["a", "b", "c", "d", "e", "f"]);
        assert!(!tokens(text).iter().any(|t| t.kind == Kind::Open('{')));
    }

    #[test]
    fn lifetimes_raw_identifiers_and_paths() {
        let text = "fn f<'a>(x: &'a str) -> r#type { super::g::<'a>() }";
        assert_eq!(names(text), ["fn", "f", "x", "str", "type", "super", "g"]);
        let of = |kind: Kind| tokens(text).iter().filter(|t| t.kind == kind).count();
        assert_eq!(of(Kind::Lifetime), 3);
        assert_eq!(of(Kind::PathSep), 2);
        assert!(tokens("r#type").iter().all(|t| !t.is_word("type")));
    }

    #[test]
    fn path_separators_are_glued_only_when_joint() {
        let kinds = |text: &str| -> Vec<Kind> { tokens(text).iter().map(|t| t.kind).collect() };
        assert_eq!(kinds("a::b"), [Kind::Ident, Kind::PathSep, Kind::Ident]);
        assert_eq!(kinds(": :"), [Kind::Punct(':'), Kind::Punct(':')]);
        assert_eq!(kinds(":::"), [Kind::PathSep, Kind::Punct(':')]);
        let spaced = tokens("x: ::std");
        assert!(spaced[2].kind == Kind::PathSep && !spaced[2].joint);
    }

    #[test]
    fn guarded_string_prefixes_split_as_before_2024() {
        let found = tokens("#\"a {\"#");
        assert_eq!(found[0].kind, Kind::Punct('#'));
        assert_eq!(found[1].kind, Kind::Literal(Literal::Str, true));
        assert_eq!(found[2].kind, Kind::Punct('#'));
    }

    #[test]
    fn unterminated_and_unbalanced_text() {
        assert_eq!(terminated(&tokens("a \"b")), Err(LexError::Unterminated(2)));
        assert_eq!(
            terminated(&tokens("/* /* */")),
            Err(LexError::Unterminated(0))
        );
        assert_eq!(well_formed(&tokens("f(]")), Err(LexError::Unbalanced(2)));
        assert_eq!(well_formed(&tokens("{ (")), Err(LexError::Unbalanced(2)));
        assert_eq!(well_formed(&tokens("{ [()] } 'a' \"}\"")), Ok(()));
    }
}
