//! What a text's tokens say about where it sits in its crate: word sequences (`crate ::`,
//! `extern crate`), crate attributes `#![...]`, where `use` paths start, paths from the
//! root (`::std`), `super` paths and the `mod name { }` blocks around them, `mod name;`
//! declarations, and its `fn main`. Batching asks these questions; the answers count
//! only code, never what is inside a comment or a literal.

use crate::model::syntax::lex::{Kind, Literal, Token};

/// Whether `words` stand one after another in `tokens`, each an identifier, keyword or
/// punctuation written exactly so (`["extern", "crate"]`, `["crate", "::"]`).
pub(crate) fn has_sequence(tokens: &[Token<'_>], words: &[&str]) -> bool {
    !words.is_empty()
        && tokens.windows(words.len()).any(|window| {
            window
                .iter()
                .zip(words)
                .all(|(t, w)| t.text == *w && !matches!(t.kind, Kind::Literal(..)))
        })
}

/// One `#!` of a text: what a crate attribute `#![name(...)]` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InnerAttribute<'a> {
    /// The attribute's name; `None` when no `[` and name follow the `#!` (a shebang).
    pub(crate) name: Option<&'a str>,
    /// Whether the name is followed by `(`, as a lint level's is.
    pub(crate) called: bool,
}

/// Every `#!` of `tokens`, in order.
pub(crate) fn inner_attributes<'a>(tokens: &[Token<'a>]) -> Vec<InnerAttribute<'a>> {
    let at = |i: usize| tokens.get(i);
    (0..tokens.len())
        .filter(|&i| tokens[i].is_punct('#') && at(i + 1).is_some_and(|t| t.is_punct('!')))
        .map(|i| {
            let bracket = at(i + 2).is_some_and(|t| t.kind == Kind::Open('['));
            let name = at(i + 3).filter(|t| bracket && t.kind == Kind::Ident);
            InnerAttribute {
                name: name.map(|t| t.text),
                called: name.is_some() && at(i + 4).is_some_and(|t| t.kind == Kind::Open('(')),
            }
        })
        .collect()
}

/// The first segment of every `use` path, in order (`""` when the path starts with `::`,
/// `{`, `*` or a macro variable). `use<..>` bounds (precise capturing) are no paths.
pub(crate) fn use_roots<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_word("use"))
        .filter_map(|(i, _)| match tokens.get(i + 1) {
            Some(t) if t.is_punct('<') => None,
            Some(t) if t.kind == Kind::Ident => Some(t.text),
            _ => Some(""),
        })
        .collect()
}

/// A `::` that does not directly follow a name, a lifetime, a number, a `>`, a `)` or a
/// `:`: a path from the crate root (in edition 2015, and `::crate_name` after it).
pub(crate) fn has_absolute_path(tokens: &[Token<'_>]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        t.kind == Kind::PathSep
            && !(t.joint
                && i > 0
                && matches!(
                    tokens[i - 1].kind,
                    Kind::Ident
                        | Kind::Lifetime
                        | Kind::Literal(Literal::Number, _)
                        | Kind::Close(')')
                        | Kind::Punct('>' | ':')
                        | Kind::PathSep
                ))
    })
}

/// Whether `tokens` declare a module in a file of its own: `mod name;` (a macro's `mod
/// $name;` too), which rustc reads relative to the text's file.
pub(crate) fn declares_module_file(tokens: &[Token<'_>]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        let mut next = i + 1;
        if tokens.get(next).is_some_and(|n| n.is_punct('$')) {
            next += 1;
        }
        t.is_word("mod")
            && tokens.get(next).is_some_and(|n| n.kind == Kind::Ident)
            && tokens.get(next + 1).is_some_and(|n| n.is_punct(';'))
    })
}

/// A run of `super`s in a path (`super::super::x`), and how many `mod name { }` blocks
/// of the text are around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SuperPath {
    /// How many `super`s follow one another.
    pub(crate) chain: usize,
    /// The `mod name { ... }` blocks it sits in.
    pub(crate) modules: usize,
}

/// Every run of `super`s in `tokens` (`pub(super)` too), in order.
pub(crate) fn super_paths(tokens: &[Token<'_>]) -> Vec<SuperPath> {
    let mut found = Vec::new();
    let mut braces: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].kind {
            Kind::Open('{') => {
                let module =
                    i >= 2 && tokens[i - 2].is_word("mod") && tokens[i - 1].kind == Kind::Ident;
                braces.push(module);
            }
            Kind::Close('}') => {
                braces.pop();
            }
            _ if tokens[i].is_word("super") => {
                let mut chain = 1;
                while tokens.get(i + 1).is_some_and(|t| t.kind == Kind::PathSep)
                    && tokens.get(i + 2).is_some_and(|t| t.is_word("super"))
                {
                    chain += 1;
                    i += 2;
                }
                let modules = braces.iter().filter(|&&m| m).count();
                found.push(SuperPath { chain, modules });
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// A `fn main` item at the top level of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Main {
    /// `fn main() {`: no return type and no `where`.
    pub(crate) plain: bool,
}

/// Every `fn main()` at the top level of `tokens`, after nothing but attributes and a
/// plain `pub`: not `unsafe`, `const`, `async`, `extern` or `pub(crate)`, and without
/// generics or parameters (alone such a `main` is refused as the entry point, which in a
/// batch it is not).
pub(crate) fn mains(tokens: &[Token<'_>]) -> Vec<Main> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let at = |k: usize| tokens.get(i + k);
        let starts_main = depth == 0
            && token.is_word("fn")
            && at(1).is_some_and(|t| t.is_word("main"))
            && at(2).is_some_and(|t| t.kind == Kind::Open('('));
        let takes_nothing = at(3).is_some_and(|t| t.kind == Kind::Close(')'));
        if starts_main && takes_nothing && item_starts_before(tokens, i) {
            let plain = at(4).is_some_and(|t| t.kind == Kind::Open('{'));
            found.push(Main { plain });
        }
    }
    found
}

/// Whether the `fn` at `i` (after a plain `pub`) is the first word of its item: the text
/// starts there, or a `;`, a `}` or an attribute's `]` ends what comes before.
fn item_starts_before(tokens: &[Token<'_>], i: usize) -> bool {
    let mut before = i.checked_sub(1);
    if before.is_some_and(|b| tokens[b].is_word("pub")) {
        before = before.and_then(|b| b.checked_sub(1));
    }
    before.is_none_or(|b| matches!(tokens[b].kind, Kind::Punct(';') | Kind::Close('}' | ']')))
}

/// The namespace a name lives in, as rustc keeps names apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Namespace {
    /// Types, traits and modules (a tuple or unit struct is in both).
    Type,
    /// Functions, constants and statics.
    Value,
    /// Macros.
    Macro,
}

/// Keywords that open an item with a name, and the namespace of that name.
const NAMING: &[(&str, Namespace)] = &[
    ("fn", Namespace::Value),
    ("const", Namespace::Value),
    ("static", Namespace::Value),
    ("struct", Namespace::Type),
    ("enum", Namespace::Type),
    ("union", Namespace::Type),
    ("trait", Namespace::Type),
    ("type", Namespace::Type),
    ("mod", Namespace::Type),
];

/// Words that may follow a naming keyword without being the name.
const SKIPPED: &[&str] = &["unsafe", "async", "extern", "mut", "for"];

/// The names of the items `tokens` define, at any depth (in functions, modules, blocks),
/// with their namespace: the word after `fn`, `struct`, `enum`, `union`, `trait`, `type`,
/// `const`, `static`, `mod`, and `macro_rules!`. `use` and `extern crate` define no item
/// of their own; `_` (`const _`) and a keyword that follows (`const fn`) are skipped. A
/// superset at worst (a `const` generic parameter counts).
pub(crate) fn defined_names<'a>(tokens: &[Token<'a>]) -> Vec<(Namespace, &'a str)> {
    let mut names = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        let bang = tokens.get(i + 1).is_some_and(|t| t.is_punct('!'));
        let after = if token.is_word("macro_rules") && bang {
            tokens.get(i + 2).map(|t| (Namespace::Macro, t))
        } else {
            NAMING
                .iter()
                .find(|(k, _)| token.is_word(k))
                .and_then(|&(_, ns)| Some((ns, tokens.get(i + 1)?)))
        };
        let Some((ns, mut name)) = after.and_then(|(ns, t)| Some((ns, t.name()?))) else {
            continue;
        };
        if name == "mut" {
            match tokens.get(i + 2).and_then(Token::name) {
                Some(after_mut) => name = after_mut,
                None => continue,
            }
        }
        let keyword = NAMING.iter().any(|(k, _)| *k == name) || SKIPPED.contains(&name);
        if name != "_" && !keyword {
            names.push((ns, name));
        }
    }
    names
}

/// Whether a `use` imports with a glob (`::*`): the names it brings in are not known
/// from the text.
pub(crate) fn has_glob_import(tokens: &[Token<'_>]) -> bool {
    tokens
        .windows(2)
        .any(|w| w[0].kind == Kind::PathSep && w[1].is_punct('*'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::lex::tokens;

    #[test]
    fn sequences_count_code_only() {
        let found = tokens("// crate::x\nlet s = \"extern crate\"; extern  /* c */ crate core;");
        assert!(has_sequence(&found, &["extern", "crate"]));
        assert!(!has_sequence(&found, &["crate", "::"]));
        assert!(!has_sequence(&found, &[]));
    }

    #[test]
    fn inner_attributes_roots_and_absolute_paths() {
        let attributes = inner_attributes(&tokens("#![allow(x)]\n#!/bin/sh\n# ! [no_std]"));
        let names: Vec<_> = attributes.iter().map(|a| (a.name, a.called)).collect();
        assert_eq!(
            names,
            [
                (Some("allow"), true),
                (None, false),
                (Some("no_std"), false)
            ]
        );
        let roots = use_roots(&tokens(
            "use std::x; pub(crate) use a::b; use ::c; use {d}; fn f() -> impl Sized + use<> {}",
        ));
        assert_eq!(roots, ["std", "a", "", ""]);
        assert!(!has_absolute_path(&tokens(
            "Vec::<u8>::new(); <T as X>::f(); 'a: loop {}"
        )));
        assert!(has_absolute_path(&tokens("let x = ::std::mem::drop;")));
        assert!(has_absolute_path(&tokens("f(::a)")));
        assert!(!has_absolute_path(&tokens("let s = \"::x\";")));
    }

    #[test]
    fn super_paths_and_their_modules() {
        let found = super_paths(&tokens(
            "mod a { mod b { use super :: super::x; } }\npub(super) fn f() {}",
        ));
        assert_eq!(
            found,
            [
                SuperPath {
                    chain: 2,
                    modules: 2
                },
                SuperPath {
                    chain: 1,
                    modules: 0
                }
            ]
        );
        assert!(super_paths(&tokens("// super\n\"super\"")).is_empty());
    }

    #[test]
    fn defined_names_are_items_with_their_namespace() {
        fn names(text: &str) -> Vec<(Namespace, &str)> {
            defined_names(&tokens(text))
        }
        assert_eq!(
            names("pub struct Error;\nconst fn f() {}\nstatic mut N: u8 = 0;\nconst _: () = ();"),
            [
                (Namespace::Type, "Error"),
                (Namespace::Value, "f"),
                (Namespace::Value, "N")
            ]
        );
        assert_eq!(
            names("macro_rules! m { () => {} }\nfn g() { enum Inner {} }\nuse a::B;"),
            [
                (Namespace::Macro, "m"),
                (Namespace::Value, "g"),
                (Namespace::Type, "Inner")
            ]
        );
        assert!(names("// struct Hidden;\nlet s = \"enum Nope\";").is_empty());
    }

    #[test]
    fn glob_imports_are_found_in_code_only() {
        assert!(has_glob_import(&tokens("use std::fmt::*;")));
        assert!(has_glob_import(&tokens("use a::{b::*, c};")));
        assert!(!has_glob_import(&tokens("use std::fmt; // ::*")));
        assert!(!has_glob_import(&tokens("let x = a * b;")));
    }
}
