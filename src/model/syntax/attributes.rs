//! Outer attributes, `#[path(args)]`, read from tokens: the path that names one and the
//! `key = "value"` strings among its arguments (`should_panic(expected = "boom")`).

use crate::model::syntax::lex::{group_end, Kind, Literal, Token};

/// One outer attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Attribute<'t, 'a> {
    /// The tokens between its brackets.
    pub(crate) body: &'t [Token<'a>],
    /// The index just past its closing `]` (or the end of the tokens).
    pub(crate) end: usize,
}

/// The outer attribute whose `#` is at `i`: a `#` then `[` (not `#!`).
pub(crate) fn outer_attribute_at<'t, 'a>(
    tokens: &'t [Token<'a>],
    i: usize,
) -> Option<Attribute<'t, 'a>> {
    let open = i + 1;
    let is_attribute = tokens.get(i).is_some_and(|t| t.is_punct('#'))
        && tokens.get(open).is_some_and(|t| t.kind == Kind::Open('['));
    if !is_attribute {
        return None;
    }
    let end = group_end(tokens, open);
    let close = if tokens
        .get(end - 1)
        .is_some_and(|t| t.kind == Kind::Close(']'))
    {
        end - 1
    } else {
        end
    };
    Some(Attribute {
        body: &tokens[open + 1..close.max(open + 1)],
        end,
    })
}

impl Attribute<'_, '_> {
    /// The path that names it, as written without spaces: `test`, `tokio::test`.
    pub(crate) fn path(&self) -> String {
        self.body
            .iter()
            .take_while(|t| matches!(t.kind, Kind::Ident | Kind::PathSep))
            .map(|t| t.text)
            .collect()
    }

    /// The string given as `key = "..."` among its arguments, with `\"` and `\\`
    /// unescaped; `None` when there is none or it is no plain string.
    pub(crate) fn string_value(&self, key: &str) -> Option<String> {
        let at = self.body.iter().position(|t| t.is_word(key))?;
        let (eq, value) = (self.body.get(at + 1)?, self.body.get(at + 2)?);
        if !eq.is_punct('=') || value.kind != Kind::Literal(Literal::Str, true) {
            return None;
        }
        let inner = value.text.strip_prefix('"')?;
        let inner = &inner[..inner.rfind('"')?];
        Some(inner.replace("\\\"", "\"").replace("\\\\", "\\"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::lex::tokens;

    #[test]
    fn attributes_and_their_strings() {
        let text = "#[cfg(test)]\nmod m { #[doc = \"]\"] fn g() {} }";
        let found = tokens(text);
        let cfg = outer_attribute_at(&found, 0).expect("an attribute");
        assert_eq!(cfg.path(), "cfg");
        assert!(found[cfg.end].is_word("mod"));
        let at = found.iter().position(|t| t.is_punct('#') && t.start > 0);
        let doc = outer_attribute_at(&found, at.expect("a second #")).expect("an attribute");
        assert_eq!(
            (doc.path(), doc.string_value("doc")),
            ("doc".into(), Some("]".into()))
        );
        assert!(found[doc.end].is_word("fn"));
        assert!(outer_attribute_at(&tokens("#![allow(x)]"), 0).is_none());
    }

    #[test]
    fn paths_and_expected_messages() {
        let found = tokens(r#"#[should_panic(expected = "a \"quoted\" \\ text")]"#);
        let attribute = outer_attribute_at(&found, 0).expect("an attribute");
        assert_eq!(attribute.path(), "should_panic");
        assert_eq!(
            attribute.string_value("expected").as_deref(),
            Some(r#"a "quoted" \ text"#)
        );
        assert_eq!(attribute.string_value("missing"), None);
        let found = tokens("#[tokio::test] #[should_panic(expected = r\"raw\")]");
        assert_eq!(
            outer_attribute_at(&found, 0).map(|a| a.path()).as_deref(),
            Some("tokio::test")
        );
        let raw = outer_attribute_at(&found, 6).expect("an attribute");
        assert_eq!(raw.string_value("expected"), None);
        let open = tokens("#[test");
        assert_eq!(outer_attribute_at(&open, 0).map(|a| a.end), Some(3));
    }
}
