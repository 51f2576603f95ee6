//! Reading Rust source text, for every part of snipcheck that needs to: batching (what
//! behaves differently one module down), hidden tests (their `#[test]` functions),
//! rustdoc's doctest wrapper (the top-level items and crate attributes of a block). All
//! of it stands on rustc's own lexer (`lex`), so a comment or literal ends exactly where
//! rustc ends it, and none of it needs the text to parse: snippets are often broken on
//! purpose. Two readers parse, with syn: the reference API check (`api`, with `index`
//! and `shape`), which compares signatures of a submission that must compile anyway, and
//! the lazy rewrites of the audit (`lazy`), which replace function bodies of a text that
//! parses and say where one that does not stops.

pub(crate) mod api;
pub(crate) mod attributes;
#[cfg(test)]
mod fuzz;
pub(crate) mod index;
pub(crate) mod items;
pub(crate) mod lazy;
pub(crate) mod lex;
pub(crate) mod outline;
pub(crate) mod shape;
