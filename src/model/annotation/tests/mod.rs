//! Tests of reading annotations and headers, one small text per rule and per problem,
//! and a run over real ui_test files where they are installed.

use std::path::Path;

use crate::model::annotation::{parse, Annotated, Annotation, Kind};

mod annotations;
mod corpus;
mod headers;
mod skip;

/// The file name the texts are read as.
const FILE: &str = "t.rs";

/// `text` read; fails the test with the problems when there are any.
fn parsed(text: &str) -> Annotated {
    parse(Path::new(FILE), text)
        .unwrap_or_else(|errors| panic!("unexpected problems: {errors:#?}\nin:\n{text}"))
}

/// The messages of `text`'s problems; fails the test when it has none.
fn problems(text: &str) -> Vec<String> {
    match parse(Path::new(FILE), text) {
        Ok(read) => panic!("expected problems, read {read:#?}\nfrom:\n{text}"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    }
}

/// The single problem of `text`, which must start with `t.rs:LINE: ` and contain
/// `needle`.
fn problem(text: &str, line: u32, needle: &str) {
    let found = problems(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let prefix = format!("{FILE}:{line}: ");
    assert!(
        found[0].starts_with(&prefix) && found[0].contains(needle),
        "`{}` should start with `{prefix}` and contain `{needle}`",
        found[0]
    );
}

/// An annotation's line, kind and message, for short assertions.
fn brief(a: &Annotation) -> (Option<u32>, Option<Kind>, &str) {
    (a.line, a.kind, a.message.as_str())
}
