//! The model, the bottom layer: what an exercise is (the `exercise.toml` model and its
//! validation), which files of an exercise or a submission reach rustc, and finding and
//! selecting exercises below the user's paths; and the Markdown front-end, which turns
//! every Rust code block of a document into an exercise of the same shape (rustdoc's
//! meaning of info strings and of the code it compiles, mdBook's includes, the line map
//! back to the Markdown); trybuild suites, found in a package's tests or declared in
//! `snipcheck.toml`, and expanded into cases by trybuild's rules (`suite`); reading Rust
//! source text (`syntax`), which all of them and batching share; the lazy answers the
//! audit tries against an exercise's `[solution]` (`audit`); and the typed errors of
//! finding and reading inputs (`error`). It imports nothing else of the crate.

pub(crate) mod annotated;
pub(crate) mod annotation;
pub(crate) mod audit;
pub(crate) mod auxiliary;
pub(crate) mod discover;
pub(crate) mod docs;
pub(crate) mod doctest;
pub(crate) mod error;
pub(crate) mod exercise;
pub(crate) mod expectation;
pub(crate) mod hidden;
pub(crate) mod include;
pub(crate) mod infostring;
pub(crate) mod linemap;
pub(crate) mod manifest;
pub(crate) mod markdown;
pub(crate) mod shown;
pub(crate) mod source;
pub(crate) mod suite;
pub(crate) mod syntax;
