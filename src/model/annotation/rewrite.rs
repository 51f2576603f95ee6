//! `bless --annotations`: a file's `//~` annotations rewritten to say what rustc reported,
//! written the way the file writes them. Matching is compiletest's (an annotation matches a
//! diagnostic on its target line, of its kind, whose message contains its text or whose
//! code it names), as a maximum matching. A matched annotation stays byte for byte; an
//! unmatched one moves to the line where a diagnostic of its kind and words now is, or
//! takes the words of a diagnostic of its kind left on its line, or goes; every diagnostic
//! that must be annotated and is not gets an annotation. Lines that come and go shift the
//! others: every `^`, `v` and `|` is recomputed so each annotation points where it should.
//! Nothing here compiles: the caller gives rustc's diagnostics.

mod layout;
mod plan;
mod written;

pub(crate) use written::renumbered;

use crate::model::annotation::{Annotated, Kind};

/// A diagnostic rustc reported, as the rewrite needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reported {
    /// Its kind: `ERROR`, `WARN`, `NOTE` or `HELP`.
    pub(crate) kind: Kind,
    /// Its 1-based line in this file; `None` when it has none here (no span, another
    /// file).
    pub(crate) line: Option<u32>,
    /// rustc's message (the first line is what an added annotation says).
    pub(crate) message: String,
    /// Its code: `E0308`, or a lint's name.
    pub(crate) code: Option<String>,
    /// Whether it must be annotated: an error or a checked warning that nothing else
    /// expects. An annotation may match any diagnostic, but only these get new ones.
    pub(crate) required: bool,
}

/// A file with its annotations rewritten.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rewritten {
    /// Its new text.
    pub(crate) text: String,
    /// For each line of the new text, in order, the line of the old text it was (1-based);
    /// `None` for a line the rewrite added. rustc's lines, of the old text, are compared
    /// with the new annotations through it.
    pub(crate) origin: Vec<Option<u32>>,
}

impl Rewritten {
    /// The line of the old text that line `line` (1-based) of the new text was; `None` for
    /// a line the rewrite added.
    pub(crate) fn old_line(&self, line: u32) -> Option<u32> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.origin.get(index).copied().flatten()
    }
}

/// `text`, whose annotations `annotated` holds, with its annotations rewritten to match
/// `reported`; `None` when nothing changes. A file with revisions is not rewritten (its
/// annotations differ by revision, and one compile tells of one revision only).
pub(crate) fn rewrite(
    text: &str,
    annotated: &Annotated,
    reported: &[Reported],
) -> Option<Rewritten> {
    if !annotated.revisions.is_empty() {
        return None;
    }
    let plan = plan::plan(&annotated.annotations, reported);
    if plan.is_unchanged() {
        return None;
    }
    let new = layout::apply(text, &annotated.annotations, &plan);
    (new.text != text).then_some(new)
}

// They compile with the real rustc, which the Windows unit tests (run under wine) lack.
#[cfg(all(test, unix))]
mod tests {
    // The rewrite against the real rustc: each text is compiled as an annotated file is
    // (metadata only, `-A unused`), rewritten from rustc's diagnostics, read back to see
    // where every annotation points, and compiled again to see that it needs no more.

    use std::path::Path;
    use std::process::Command;

    use super::*;
    use crate::compile::diagnostic::{self, Diagnostic};
    use crate::engine::annotate;
    use crate::model::annotated::exhaustive;
    use crate::model::annotation::expect::diagnostics;
    use crate::model::annotation::{parse, Kind};
    use crate::model::expectation::{CodeRule, Expectation, WarningPolicy};

    /// The file name the texts are compiled and read as.
    const FILE: &str = "t.rs";

    /// rustc's diagnostics of `text` (a binary, edition 2021), as the rewrite reads them
    /// for an annotated file: every error and warning must be annotated, and every note
    /// or help (span labels as notes) once the file annotates one.
    fn reported(text: &str) -> Vec<Reported> {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(FILE), text).expect("write");
        let out = Command::new("rustc")
            .current_dir(dir.path())
            .args(["--edition=2021", "--crate-type=bin", "--error-format=json"])
            .args(["--emit=metadata", "-A", "unused", FILE])
            .output()
            .expect("rustc runs");
        let parsed = diagnostic::parse(&String::from_utf8_lossy(&out.stderr));
        let top: Vec<&Diagnostic> = parsed
            .diagnostics
            .iter()
            .filter(|d| !d.is_summary())
            .collect();
        let read = parse(Path::new(FILE), text).expect("the text reads");
        let own = diagnostics(&read.for_revision(None).0);
        let base = Expectation {
            codes: CodeRule::Annotated,
            warnings: WarningPolicy::Exact,
            exhaustive: exhaustive(&own, &read.headers),
            ..Expectation::default()
        };
        annotate::reported(&base, &top, FILE)
    }

    /// `text` rewritten from its compile (as it is when nothing changes); the result,
    /// compiled again, needs no more change.
    fn blessed(text: &str) -> String {
        let read = parse(Path::new(FILE), text).expect("the text reads");
        let new = rewrite(text, &read, &reported(text)).map_or_else(|| text.to_owned(), |r| r.text);
        let again = parse(Path::new(FILE), &new).expect("the rewritten text reads");
        assert_eq!(
            rewrite(&new, &again, &reported(&new)),
            None,
            "the rewrite settles:\n{new}"
        );
        new
    }

    /// Where each annotation of `text` points, with its kind and message.
    fn targets(text: &str) -> Vec<(Option<u32>, Kind, String)> {
        let read = parse(Path::new(FILE), text).expect("reads");
        read.annotations
            .iter()
            .map(|a| (a.line, a.kind.unwrap_or(Kind::Error), a.message.clone()))
            .collect()
    }

    /// An expected (line, kind, message).
    fn at(line: u32, kind: Kind, message: &str) -> (Option<u32>, Kind, String) {
        (Some(line), kind, message.to_owned())
    }

    #[test]
    fn a_caret_left_one_line_short_is_counted_again() {
        let text = "fn main() {\n    let x: u32 = \"a\";\n    let y = 1;\n    //~^ ERROR mismatched types\n}\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "fn main() {\n    let x: u32 = \"a\";\n    let y = 1;\n    //~^^ ERROR mismatched types\n}\n"
        );
        assert_eq!(targets(&new), [at(2, Kind::Error, "mismatched types")]);
    }

    #[test]
    fn changed_words_are_replaced_in_the_form_written() {
        let text = "fn main() {\n    let s = String::new();\n    let t = s;\n    println!(\"{s}\"); //~ ERROR: use of moved value [E0382]\n}\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "fn main() {\n    let s = String::new();\n    let t = s;\n    println!(\"{s}\"); //~ ERROR: borrow of moved value: `s` [E0382]\n}\n"
        );
        assert_eq!(
            targets(&new),
            [at(4, Kind::Error, "borrow of moved value: `s` [E0382]")]
        );
        let code = "fn main() {\n    let n: u8 = 300u16; //~ ERROR E0599\n    let m: u8 = 300u16; //~ E0599\n}\n";
        let new = blessed(code);
        assert_eq!(
            new,
            "fn main() {\n    let n: u8 = 300u16; //~ ERROR E0308\n    let m: u8 = 300u16; //~ E0308\n}\n"
        );
        assert_eq!(targets(&new)[0], at(2, Kind::Error, "E0308"));
    }

    #[test]
    fn an_annotation_follows_its_error_to_another_line() {
        let text = "fn main() {\n    let a: u32 = 1; //~ ERROR mismatched types\n    let b: u32 = \"two\";\n    let c = 3;\n    //~^^^ WARN unused\n}\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "fn main() {\n    let a: u32 = 1;\n    let b: u32 = \"two\"; //~ ERROR mismatched types\n    let c = 3;\n}\n"
        );
        assert_eq!(targets(&new), [at(3, Kind::Error, "mismatched types")]);
    }

    #[test]
    fn an_annotation_of_its_own_line_stays_when_its_error_lies_the_same_way() {
        let down = "fn main() {\n    //~v ERROR mismatched types\n    let a: u32 = 1;\n    let b: u32 = \"b\";\n}\n";
        let new = blessed(down);
        assert_eq!(
            new,
            "fn main() {\n    //~vv ERROR mismatched types\n    let a: u32 = 1;\n    let b: u32 = \"b\";\n}\n"
        );
        assert_eq!(targets(&new), [at(4, Kind::Error, "mismatched types")]);
        let flipped = "fn main() {\n    let a: u32 = 1;\n    //~^ ERROR mismatched types\n    let b: u32 = \"b\"; // b\n}\n";
        let new = blessed(flipped);
        assert_eq!(
            new,
            "fn main() {\n    let a: u32 = 1;\n    let b: u32 = \"b\"; // b\n    //~^ ERROR mismatched types\n}\n"
        );
        assert_eq!(targets(&new), [at(3, Kind::Error, "mismatched types")]);
    }

    #[test]
    fn new_errors_are_annotated_at_their_lines() {
        let text = "fn main() {\n    let a: u32 = \"a\";\n    let b: u8 = \"b\"; // a comment\n    let c: u8 = \"c\"; let d: u8 = \"d\";\n    let s: u32 = \"one\ntwo\";\n}\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "fn main() {\n    let a: u32 = \"a\"; //~ ERROR mismatched types\n    let b: u8 = \"b\"; // a comment\n    //~^ ERROR mismatched types\n    let c: u8 = \"c\"; let d: u8 = \"d\"; //~ ERROR mismatched types\n    //~| ERROR mismatched types\n    let s: u32 = \"one\ntwo\";\n    //~^^ ERROR mismatched types\n}\n"
        );
        let error = |line| at(line, Kind::Error, "mismatched types");
        assert_eq!(
            targets(&new),
            [error(2), error(3), error(5), error(5), error(7)]
        );
    }

    #[test]
    fn stale_annotations_go_and_the_rest_still_point_right() {
        let text = "fn main() {\n    let a = 1; //~ ERROR mismatched types\n    let b = 2;\n    //~^ ERROR cannot find value\n    let c: u32 = \"c\";\n    //~^ WARN stale warning\n    //~^^ ERROR mismatched types\n    let d: u32 = \"d\"; //~ WARN stale warning\n    //~| ERROR mismatched types\n}\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "fn main() {\n    let a = 1;\n    let b = 2;\n    let c: u32 = \"c\";\n    //~^ ERROR mismatched types\n    let d: u32 = \"d\";\n    //~^ ERROR mismatched types\n}\n"
        );
        let read = parse(Path::new(FILE), text).expect("reads");
        let lines = rewrite(text, &read, &reported(text)).expect("a rewrite");
        let old = |n| lines.old_line(n);
        assert_eq!(
            (old(4), old(5), old(6), old(7), old(9)),
            (Some(5), Some(7), Some(8), Some(9), None)
        );
        let error = |line| at(line, Kind::Error, "mismatched types");
        assert_eq!(targets(&new), [error(4), error(6)]);
    }

    #[test]
    fn notes_are_added_where_the_file_must_annotate_every_note() {
        let text = "fn main() {\n    let s = String::new(); //~ NOTE move occurs because\n    let t = s; //~ NOTE value moved\n    println!(\"{s}\"); //~ ERROR borrow of moved value\n    drop(t);\n}\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "fn main() {\n    let s = String::new(); //~ NOTE move occurs because\n    let t = s; //~ NOTE value moved\n    println!(\"{s}\"); //~ ERROR borrow of moved value\n    //~| NOTE value borrowed here after move\n    drop(t);\n}\n"
        );
        assert_eq!(
            targets(&new)[3],
            at(4, Kind::Note, "value borrowed here after move")
        );
        let freed = format!("//@ dont-require-annotations: NOTE\n{text}");
        assert_eq!(blessed(&freed), freed, "notes are not required");
    }

    #[test]
    fn a_ui_test_file_keeps_its_style() {
        let text = "#![warn(unused_parens)]\nfn main() {\n    let a: u32 = \"a\"; //~ ERROR: mismatched types\n    let b = (1);\n    let c: u8 = \"c\";\n}\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "#![warn(unused_parens)]\nfn main() {\n    let a: u32 = \"a\"; //~ ERROR: mismatched types\n    let b = (1); //~ WARN: unnecessary parentheses around assigned value\n    let c: u8 = \"c\"; //~ ERROR: mismatched types\n}\n"
        );
        assert_eq!(
            targets(&new)[1],
            at(
                4,
                Kind::Warn,
                "unnecessary parentheses around assigned value"
            )
        );
    }

    #[test]
    fn a_crlf_file_keeps_its_line_ends() {
        let text = "fn main() {\r\n    let a: u32 = \"a\";\r\n    let b: u8 = \"b\"; // b\r\n}\r\n";
        let new = blessed(text);
        assert_eq!(
            new,
            "fn main() {\r\n    let a: u32 = \"a\"; //~ ERROR mismatched types\r\n    let b: u8 = \"b\"; // b\r\n    //~^ ERROR mismatched types\r\n}\r\n"
        );
        let error = |line| at(line, Kind::Error, "mismatched types");
        assert_eq!(targets(&new), [error(2), error(3)]);
    }

    #[test]
    fn a_last_line_without_a_line_end_keeps_none() {
        let text = "fn main() { let a: u32 = \"a\"; } // done";
        assert_eq!(
            blessed(text),
            "fn main() { let a: u32 = \"a\"; } // done\n//~^ ERROR mismatched types"
        );
    }

    #[test]
    fn a_file_that_matches_is_left_alone() {
        let text = "fn main() {\n    let s = String::from(\"hi\");\n    let t = s;\n    println!(\"{s} {t}\"); //~ ERROR borrow of moved value\n}\n";
        let read = parse(Path::new(FILE), text).expect("reads");
        assert_eq!(rewrite(text, &read, &reported(text)), None);
        let revisions = "//@ revisions: a b\nfn main() { let a: u32 = \"a\"; }\n";
        let read = parse(Path::new(FILE), revisions).expect("reads");
        assert_eq!(rewrite(revisions, &read, &reported(revisions)), None);
    }
}
