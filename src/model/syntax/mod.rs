//! Reading Rust source text, for every part of snipcheck that needs to: batching (what
//! behaves differently one module down), hidden tests (their `#[test]` functions),
//! rustdoc's doctest wrapper (the top-level items and crate attributes of a block). All
//! of it stands on rustc's own lexer (`lex`), so a comment or literal ends exactly where
//! rustc ends it, and none of it needs the text to parse: snippets are often broken on
//! purpose. The reference API check (`api`, with `index` and `shape`) is the one
//! reader that parses, with syn: it compares signatures, and a submission it checks
//! must compile anyway.

pub(crate) mod api;
pub(crate) mod attributes;
#[cfg(test)]
mod fuzz;
pub(crate) mod index;
pub(crate) mod items;
pub(crate) mod lex;
pub(crate) mod outline;
pub(crate) mod shape;
