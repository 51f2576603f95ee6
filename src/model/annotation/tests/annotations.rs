//! `//~` annotations: anchors, kinds, spellings, revisions, and their problems.

use super::{brief, parsed, problem, problems};
use crate::model::annotation::{is_annotated, Kind};

/// The (line, kind, message) of every annotation of `text`.
fn all(text: &str) -> Vec<(Option<u32>, Option<Kind>, String)> {
    parsed(text)
        .annotations
        .iter()
        .map(|a| (a.line, a.kind, a.message.clone()))
        .collect()
}

/// (line, kind, message) with an owned message, for comparing with `all`.
fn e(line: u32, kind: Kind, message: &str) -> (Option<u32>, Option<Kind>, String) {
    (Some(line), Some(kind), message.to_owned())
}

#[test]
fn carets_count_one_line_up_each() {
    let text = "fn main() {\n    let x: u8 = 256;\n    //~^ ERROR literal out of range\n    //~^^^ NOTE main\n}\n";
    assert_eq!(
        all(text),
        [
            e(2, Kind::Error, "literal out of range"),
            e(1, Kind::Note, "main")
        ]
    );
    let read = parsed(text);
    assert_eq!((read.annotations[0].at, read.annotations[1].at), (3, 4));
}

#[test]
fn a_bar_shares_the_line_of_the_annotation_before_it() {
    let text = "let a = 1;\n//~^ ERROR E0308\n//~| NOTE expected\n\n//~| HELP try\nlet b = 2; //~ WARN w\n//~| HELP h\n//~vv ERROR below\n//~| NOTE same\n\nlet c;\n";
    assert_eq!(
        all(text),
        [
            e(1, Kind::Error, "E0308"),
            e(1, Kind::Note, "expected"),
            e(1, Kind::Help, "try"),
            e(6, Kind::Warn, "w"),
            e(6, Kind::Help, "h"),
            e(10, Kind::Error, "below"),
            e(10, Kind::Note, "same"),
        ]
    );
}

#[test]
fn a_v_counts_one_line_down_each() {
    let text = "//~v ERROR one\nfn f() {}\n//~vv ERROR two\n\nfn g() {}\n";
    assert_eq!(
        all(text),
        [e(2, Kind::Error, "one"), e(5, Kind::Error, "two")]
    );
}

#[test]
fn both_spellings_and_lowercase_kinds_are_read_alike() {
    let text = "x //~ ERROR msg here\nx //~ ERROR: msg here\nx //~ERROR:msg here\nx //~ error: msg here\nx //~ WARNING w\nx //~ warn: w\nx //~ SUGGESTION s\nx //~ help: h\n";
    assert_eq!(
        all(text),
        [
            e(1, Kind::Error, "msg here"),
            e(2, Kind::Error, "msg here"),
            e(3, Kind::Error, "msg here"),
            e(4, Kind::Error, "msg here"),
            e(5, Kind::Warn, "w"),
            e(6, Kind::Warn, "w"),
            e(7, Kind::Suggestion, "s"),
            e(8, Kind::Help, "h"),
        ]
    );
}

#[test]
fn a_kind_may_have_no_message_and_a_code_may_stand_alone() {
    let text =
        "x //~ ERROR\nx //~ ERROR E0382\nx //~ E0382\nx //~ needless_return\nx //~ clippy::all\n";
    let read = parsed(text);
    let found: Vec<_> = read.annotations.iter().map(brief).collect();
    assert_eq!(
        found,
        [
            (Some(1), Some(Kind::Error), ""),
            (Some(2), Some(Kind::Error), "E0382"),
            (Some(3), None, "E0382"),
            (Some(4), None, "needless_return"),
            (Some(5), None, "clippy::all"),
        ]
    );
}

#[test]
fn a_question_mark_expects_a_diagnostic_without_a_line() {
    let read = parsed("//~? ERROR cannot find crate\n//~? RAW panicked\nfn main() {}\n");
    let found: Vec<_> = read.annotations.iter().map(brief).collect();
    assert_eq!(
        found,
        [
            (None, Some(Kind::Error), "cannot find crate"),
            (None, Some(Kind::Raw), "panicked")
        ]
    );
}

#[test]
fn a_marker_counts_anywhere_in_a_line_comment_but_a_doc_comment() {
    let text = "x // the error: //~ ERROR E0599\nx /// doc //~^ NOTE n\n";
    assert_eq!(all(text), [e(1, Kind::Error, "E0599")]);
}

#[test]
fn markers_in_strings_and_block_comments_are_text() {
    // compiletest's regex would take both; rustc's lexer says they are not comments.
    let text = "let s = \"//~ ERROR not one\";\n/* //~ ERROR nor this */\nlet r = r#\"\n//~^ ERROR x\n\"#;\n";
    assert!(parsed(text).annotations.is_empty());
    assert!(!is_annotated(text));
}

#[test]
fn the_span_covers_the_marker_to_the_end_of_the_line() {
    let text = "let x = y; // why //~ ERROR E0425\r\nz //~^ ERROR w\n";
    let read = parsed(text);
    let spans: Vec<&str> = read
        .annotations
        .iter()
        .map(|a| &text[a.span.0..a.span.1])
        .collect();
    assert_eq!(spans, ["//~ ERROR E0425", "//~^ ERROR w"]);
}

#[test]
fn revisions_select_annotations_in_both_spellings() {
    let text = "//@ revisions: a b\nx //[a]~ ERROR one\nx //[a, b]~^ ERROR two\n//~[b]v ERROR three\nx //~ ERROR four\n";
    let read = parsed(text);
    assert_eq!(read.revisions, ["a", "b"]);
    assert_eq!(read.runs(), [Some("a"), Some("b")]);
    let messages = |rev: Option<&str>| -> Vec<(Option<u32>, String)> {
        let (annotations, _) = read.for_revision(rev);
        annotations
            .iter()
            .map(|a| (a.line, a.message.clone()))
            .collect()
    };
    let at = |line: u32, m: &str| (Some(line), m.to_owned());
    assert_eq!(
        messages(Some("a")),
        [at(2, "one"), at(2, "two"), at(5, "four")]
    );
    assert_eq!(
        messages(Some("b")),
        [at(2, "two"), at(5, "three"), at(5, "four")]
    );
    assert_eq!(messages(None), [at(5, "four")]);
    assert_eq!(read.annotations[1].revisions, ["a", "b"]);
}

#[test]
fn a_bar_follows_each_revision_s_own_previous_annotation() {
    let text = "//@ revisions: a b\nx //[a]~ ERROR one\ny //[b]~ ERROR two\n//~| NOTE shared\n";
    let read = parsed(text);
    let shared: Vec<_> = read
        .annotations
        .iter()
        .filter(|a| a.message == "shared")
        .map(|a| (a.line, a.revisions.clone()))
        .collect();
    assert_eq!(
        shared,
        [
            (Some(2), vec!["a".to_owned()]),
            (Some(3), vec!["b".to_owned()])
        ]
    );
    let agreed = parsed("//@ revisions: a b\nx //~ ERROR one\n//[b]~| NOTE n\n");
    assert_eq!(agreed.annotations[1].line, Some(2));
    assert_eq!(agreed.annotations[1].revisions, ["b"]);
    let all = parsed("//@ revisions: a b\nx //~ ERROR one\n//~| NOTE n\n");
    assert_eq!(all.annotations[1].line, Some(2));
    assert!(all.annotations[1].revisions.is_empty());
}

#[test]
fn a_bar_written_ui_test_s_way_follows_the_chain_right_above_it() {
    let text = "//@revisions: a b\nx //~[b] early\ny\n//~[a]^ lint\n//~[b]| lint\n";
    let read = parsed(text);
    let last = &read.annotations[2];
    assert_eq!(
        (last.line, last.revisions.as_slice()),
        (Some(3), &["b".to_owned()][..])
    );
    // Written compiletest's way, a revision with no annotation before it takes the chain.
    let fallback = parsed("//@ revisions: a b\nx\n//[a]~^ ERROR e\n//[b]~| NOTE n\n");
    assert_eq!(fallback.annotations[1].line, Some(2));
    problem(
        "//@revisions: a b\nx\n\n//~[b]| lint\n",
        4,
        "no annotation before it",
    );
}

#[test]
fn kinds_read_back_from_their_words() {
    for kind in [
        Kind::Error,
        Kind::Warn,
        Kind::Note,
        Kind::Help,
        Kind::Suggestion,
        Kind::Raw,
    ] {
        assert_eq!(Kind::from_word(kind.as_str()), Some(kind));
    }
    assert_eq!(Kind::from_word("Warning"), None);
}

#[test]
fn is_annotated_sees_markers_and_leading_headers_only() {
    assert!(is_annotated("fn main() {} //~ ERROR x\n"));
    assert!(is_annotated("  //@ check-pass\nfn main() {}\n"));
    assert!(is_annotated("//[a]~^ ERROR x\n"));
    assert!(!is_annotated("fn main() {} // ~ not one\n"));
    assert!(!is_annotated("let x = 1; //@ check-pass\n"));
    assert!(!is_annotated("fn main() { let s = \"//@ check-pass\"; }\n"));
}

#[test]
fn a_caret_above_line_one_is_a_problem() {
    problem(
        "fn f() {}\n//~^^ ERROR x\n",
        2,
        "`//~^^` points 2 line(s) up, above line 1",
    );
}

#[test]
fn a_v_below_the_last_line_is_a_problem() {
    problem(
        "//~vv ERROR x\nfn f() {}\n",
        1,
        "`//~vv` points to line 3, but the file has 2 line(s)",
    );
}

#[test]
fn a_bar_with_nothing_before_it_is_a_problem() {
    problem(
        "fn f() {}\n//~| ERROR x\n",
        2,
        "`//~|` has no annotation before it",
    );
    problem(
        "//~? ERROR x\n//~| NOTE y\n",
        2,
        "`//~|` has no annotation before it",
    );
    problem(
        "//@ revisions: a b\nx //[a]~ ERROR x\n\n//~| NOTE y\n",
        4,
        "before it to share its line with in revision `b`",
    );
}

#[test]
fn an_unknown_kind_is_a_problem() {
    problem("x //~ EROR msg\n", 1, "`EROR` is not a diagnostic kind");
    problem("x //~ Error: msg\n", 1, "`Error` is not a diagnostic kind");
    problem(
        "fn f() {}\nx //~^\n",
        2,
        "the annotation names no diagnostic",
    );
}

#[test]
fn an_undeclared_revision_is_a_problem() {
    problem(
        "//@ revisions: a\nx //[b]~ ERROR x\n",
        2,
        "revision `b` is not declared (declared: a)",
    );
    problem(
        "x //[a]~ ERROR x\n",
        1,
        "`[a]` names a revision, but the file declares none",
    );
}

#[test]
fn every_problem_is_listed_in_line_order_with_its_column() {
    let found = problems("//~^ ERROR a\nx //~ BAD b\n    //@ edition: 2099\n");
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("t.rs:1: "));
    assert!(found[1].starts_with("t.rs:2: "));
    assert!(found[2].starts_with("t.rs:3: "));
    let errors = crate::model::annotation::parse(std::path::Path::new("t.rs"), "x //~ BAD b\n")
        .expect_err("a problem");
    assert_eq!(errors[0].position(), Some((1, 3)));
}
