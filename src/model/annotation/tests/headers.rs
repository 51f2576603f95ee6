//! `//@` headers: every typed one, the defaults, revisions, and their problems.

use super::{parsed, problem, problems};
use crate::model::annotation::headers::{Headers, Other};
use crate::model::annotation::skip::{Condition, ConditionKind};
use crate::model::annotation::spec::{
    AuxHow, EditionSpec, Expectation, Meaning, Mode, Normalization, Outcome,
};
use crate::model::annotation::Kind;
use crate::model::manifest::Edition;

/// The file's own headers.
fn headers(text: &str) -> Headers {
    parsed(text).headers
}

#[test]
fn without_headers_a_test_must_fail_to_check_in_2015() {
    let h = headers("fn main() { let x: i32 = \"\"; } //~ ERROR mismatched\n");
    assert_eq!(h.expected(), Expectation::DEFAULT);
    assert_eq!(
        h.expected(),
        Expectation {
            mode: Mode::Check,
            outcome: Outcome::Fail
        }
    );
    assert!(h.metadata_only() && h.allow_unused());
    assert_eq!(h.edition(Edition::E2015), Edition::E2015);
    assert_eq!(h.edition(Edition::E2024), Edition::E2024);
    assert_eq!(h, Headers::default());
}

#[test]
fn every_mode_header_sets_the_expectation() {
    let cases = [
        ("check-pass", Mode::Check, Outcome::Pass),
        ("build-pass", Mode::Build, Outcome::Pass),
        ("run-pass", Mode::Run, Outcome::Pass),
        ("check-fail", Mode::Check, Outcome::Fail),
        ("build-fail", Mode::Build, Outcome::Fail),
        ("run-fail", Mode::Run, Outcome::Fail),
        ("run-crash", Mode::Run, Outcome::Crash),
        ("run-fail-or-crash", Mode::Run, Outcome::FailOrCrash),
    ];
    for (name, mode, outcome) in cases {
        let h = headers(&format!("//@ {name}\nfn main() {{}}\n"));
        assert_eq!(h.expectation, Some(Expectation { mode, outcome }), "{name}");
        assert_eq!(h.metadata_only(), mode == Mode::Check, "{name}");
        assert_eq!(h.allow_unused(), name != "run-pass", "{name}");
    }
    let ui_test = headers("//@run: 1\n");
    assert_eq!(ui_test.expected().outcome, Outcome::Fail);
    assert_eq!(ui_test.failure_status, Some(1));
    assert_eq!(headers("//@run\n").expected().outcome, Outcome::Pass);
}

#[test]
fn editions_and_their_ranges_resolve_as_compiletest_resolves_them() {
    let exact = headers("//@ edition:2021\n");
    assert_eq!(exact.edition, Some(EditionSpec::Exact(Edition::E2021)));
    assert_eq!(exact.edition(Edition::E2015), Edition::E2021);
    let from = headers("//@ edition: 2018..\n");
    assert_eq!(from.edition(Edition::E2015), Edition::E2018);
    assert_eq!(from.edition(Edition::E2024), Edition::E2024);
    let range = headers("//@ edition: 2018..2024\n");
    assert_eq!(range.edition(Edition::E2021), Edition::E2021);
    assert_eq!(range.edition(Edition::E2024), Edition::E2018);
    assert_eq!(
        headers("//@ edition: 2021..future\n").edition(Edition::E2024),
        Edition::E2024
    );
    let last = headers("//@ edition: 2018\n//@ edition: 2024\n");
    assert_eq!(last.edition(Edition::E2015), Edition::E2024);
    let future = headers("//@ edition: future\n");
    assert_eq!(future.edition, None);
    assert_eq!(future.others[0].value.as_deref(), Some("future"));
}

#[test]
fn flags_environment_patterns_and_aux_files_are_collected_in_order() {
    let h = headers(
        "//@ compile-flags: -Z unstable-options --cfg 'feature=\"a b\"'\n//@compile-flags: -O\n\
         //@ rustc-env: RUST_BACKTRACE=0\n//@ rustc-env:BARE\n//@ error-pattern: cannot find\n\
         //@error-in-other-file: aborting\n//@ aux-build: helper.rs\n",
    );
    assert_eq!(
        h.compile_flags,
        ["-Z", "unstable-options", "--cfg", "feature=\"a b\"", "-O"]
    );
    assert_eq!(
        h.rustc_env,
        [
            ("RUST_BACKTRACE".to_owned(), "0".to_owned()),
            ("BARE".to_owned(), String::new())
        ]
    );
    assert_eq!(h.error_patterns, ["cannot find", "aborting"]);
    let aux: Vec<&str> = h.aux.iter().map(|a| a.file.as_str()).collect();
    assert_eq!(aux, ["helper.rs"]);
    assert_eq!((h.aux[0].how.clone(), h.aux[0].line), (AuxHow::Build, 7));
}

#[test]
fn normalisation_rules_take_both_separators_and_both_streams() {
    let h = headers(
        "//@ normalize-stderr: \"\\d+ bytes\" -> \"N bytes\"\n\
         //@ normalize-stderr-test \"a\\\"b\" -> \"c\\nd\"\n\
         //@ normalize-stderr-64bit: \"8\" -> \"SIZE\"\n\
         //@ normalize-stdout: \"x\" -> \"y\\nz\"\n",
    );
    let rule = |from: &str, to: &str, pointer_width| Normalization {
        from: from.to_owned(),
        to: to.to_owned(),
        pointer_width,
    };
    assert_eq!(
        h.normalize_stderr,
        [
            rule("\\d+ bytes", "N bytes", None),
            rule("a\\\"b", "c\\nd", None),
            rule("8", "SIZE", Some(64))
        ]
    );
    assert_eq!(h.normalize_stdout, [rule("x", "y\nz", None)]);
}

#[test]
fn status_known_bug_and_unrequired_kinds_are_typed() {
    let h = headers(
        "//@ failure-status: 101\n//@ known-bug: #1234, chalk#5\n\
         //@ dont-require-annotations: NOTE\n//@ dont-require-annotations: HELP\n",
    );
    assert_eq!(h.failure_status, Some(101));
    assert!(h.known_bug);
    assert_eq!(h.dont_require_annotations, [Kind::Note, Kind::Help]);
    assert!(headers("//@ known-bug: unknown\n").known_bug);
}

#[test]
fn skip_conditions_are_kept_as_data() {
    let h = headers(
        "//@ ignore-windows FIXME later\n//@ only-64bit\n//@ needs-unwind\n\
         //@ignore-target: apple linux\n//@ min-llvm-version: 19\n//@ ignore-pass\n",
    );
    let condition = |kind, what: &str, value: Option<&str>, line| Condition {
        kind,
        what: what.to_owned(),
        value: value.map(str::to_owned),
        line,
    };
    assert_eq!(
        h.conditions,
        [
            condition(ConditionKind::Ignore, "windows", Some("FIXME later"), 1),
            condition(ConditionKind::Only, "64bit", None, 2),
            condition(ConditionKind::Needs, "unwind", None, 3),
            condition(ConditionKind::Ignore, "target", Some("apple linux"), 4),
            condition(ConditionKind::Needs, "min-llvm-version", Some("19"), 5),
        ]
    );
    assert_eq!(h.others[0].name, "ignore-pass");
}

#[test]
fn known_headers_without_a_typed_meaning_are_others() {
    let h = headers(
        "//@ run-rustfix\n//@ aux-bin: tool.rs\n//@no-rustfix\n\
         //@ exec-env: A=1\n//@require-annotations-for-level: WARN\n",
    );
    let other = |name: &str, value: Option<&str>, line| Other {
        name: name.to_owned(),
        value: value.map(str::to_owned),
        line,
    };
    assert_eq!(
        h.others,
        [
            other("run-rustfix", None, 1),
            other("aux-bin", Some("tool.rs"), 2),
            other("no-rustfix", None, 3),
            other("exec-env", Some("A=1"), 4),
            other("require-annotations-for-level", Some("WARN"), 5),
        ]
    );
    assert!(h.has_other("no-rustfix") && !h.has_other("run-pass"));
}

#[test]
fn revision_headers_apply_to_their_revisions_only() {
    let text = "//@ revisions: old new\n//@ compile-flags: -Dwarnings\n\
                //@[old] edition: 2015\n//@[new] edition: 2021\n//@[new] compile-flags: -Zfoo\n\
                //@[old, new] aux-build: both.rs\n//@[new] check-pass\n";
    let read = parsed(text);
    assert_eq!(read.headers.revisions, ["old", "new"]);
    assert_eq!(read.headers.compile_flags, ["-Dwarnings"]);
    let (_, old) = read.for_revision(Some("old"));
    let (_, new) = read.for_revision(Some("new"));
    assert_eq!(old.edition(Edition::E2024), Edition::E2015);
    assert_eq!(new.edition(Edition::E2015), Edition::E2021);
    assert_eq!(new.compile_flags, ["-Dwarnings", "-Zfoo"]);
    assert_eq!((old.aux.len(), new.aux.len()), (1, 1));
    assert_eq!(
        (old.expectation, new.expected().outcome),
        (None, Outcome::Pass)
    );
    let directive = &read.directives[2];
    assert_eq!(
        (directive.revisions.as_slice(), directive.line),
        (&["old".to_owned()][..], 3)
    );
    assert_eq!(
        directive.meaning,
        Meaning::Edition(EditionSpec::Exact(Edition::E2015))
    );
}

#[test]
fn implied_flags_are_compiletest_s() {
    let read = parsed("//@ revisions: a-b c\n");
    let (_, h) = read.for_revision(Some("a-b"));
    let flags = h.implied_flags(Some("a-b"));
    assert_eq!(
        flags[..4],
        ["--cfg", "a_b", "--check-cfg", "cfg(test,FALSE,a_b,c)"]
    );
    assert_eq!(flags[4..8], ["-A", "unused", "-W", "unused_attributes"]);
    assert_eq!(flags.len(), 16);
    let run = headers("//@ run-pass\n//@ no-auto-check-cfg\n").implied_flags(None);
    assert_eq!(run[..2], ["-A", "internal_features"]);
    assert_eq!(run.len(), 8);
}

#[test]
fn an_unknown_header_is_a_problem_with_a_suggestion() {
    problem(
        "//@ check-pas\n",
        1,
        "unknown header `check-pas`: did you mean `check-pass`?",
    );
    problem("//@ compile-fail\n", 1, "unknown header `compile-fail`");
    problem(
        "fn f() {}\n//@ ignore-beos\n",
        2,
        "unknown header `ignore-beos`",
    );
    problem("//@\n", 1, "unknown header ``");
}

#[test]
fn a_missing_or_bad_edition_is_a_problem() {
    problem(
        "//@ edition:\n",
        1,
        "`//@ edition` needs a value: `//@ edition: 2021`",
    );
    problem("//@ edition 2021\n", 1, "`//@ edition` needs a value");
    problem(
        "//@ edition: 2099\n",
        1,
        "`2099` is not an edition rustc knows",
    );
    problem(
        "//@ edition: 2021..2018\n",
        1,
        "`2021..2018` is not an edition",
    );
    problem("//@ edition: ..2021\n", 1, "`` is not an edition");
}

#[test]
fn values_without_their_form_are_problems() {
    problem("//@ compile-flags:\n", 1, "needs a value");
    problem(
        "//@ compile-flags: --edition=2021\n",
        1,
        "use `//@ edition: 2021`",
    );
    problem(
        "//@ compile-flags: -C incremental=x\n",
        1,
        "use `//@ incremental`",
    );
    problem(
        "//@ normalize-stderr: \"a\" => \"b\"\n",
        1,
        "two quoted strings",
    );
    problem(
        "//@ normalize-stderr: \"a\" -> \"b\" c\n",
        1,
        "two quoted strings",
    );
    problem("//@ failure-status: one\n", 1, "an exit code");
    problem("//@ known-bug: soon\n", 1, "issue references");
    problem("//@ known-bug\n", 1, "needs a value");
    problem(
        "//@ dont-require-annotations: LABEL\n",
        1,
        "does not name a kind",
    );
    problem("//@ revisions:\n", 1, "needs a value");
    problem(
        "//@ only-linux only-x86_64\n",
        1,
        "`only-x86_64` follows another header",
    );
}

#[test]
fn a_second_mode_is_a_problem() {
    problem(
        "//@ check-pass\n//@ run-pass\n",
        2,
        "`run-pass` conflicts with `check-pass` on line 1",
    );
    problem(
        "//@ check-pass\n//@ check-pass\n",
        2,
        "conflicts with `check-pass`",
    );
    problem(
        "//@ revisions: a b\n//@ check-fail\n//@[b] run-pass\n",
        3,
        "conflicts with `check-fail` on line 2 in revision `b`",
    );
    assert_eq!(
        parsed("//@ revisions: a b\n//@[a] check-pass\n//@[b] run-pass\n").revisions,
        ["a", "b"]
    );
}

#[test]
fn revision_declarations_and_uses_are_checked() {
    problem(
        "//@[a] compile-flags: -O\n",
        1,
        "`[a]` names a revision, but the file declares none",
    );
    problem(
        "//@ revisions: a\n//@[b] check-pass\n",
        2,
        "revision `b` is not declared",
    );
    problem("//@ revisions: a a\n", 1, "revision `a` is declared twice");
    problem("//@ revisions: a\n//@ revisions: a\n", 2, "declared twice");
    problem(
        "//@ revisions: true\n",
        1,
        "`true` cannot be a revision name",
    );
    problem(
        "//@ revisions: a\n//@[a] revisions: b\n",
        2,
        "for one revision",
    );
    problem(
        "//@[a check-pass\n",
        1,
        "`//@[` needs a revision name and a closing `]`",
    );
    problem("//@[] check-pass\n", 1, "closing `]`");
    let later = parsed("//@[b] check-pass\n//@ revisions: a b\n");
    assert_eq!(later.revisions, ["a", "b"]);
}

#[test]
fn headers_after_code_or_in_strings_are_not_headers() {
    let read = parsed("fn main() {} //@ check-pass\nlet s = \"\n//@ run-pass\n\";\n");
    assert!(read.directives.is_empty());
    assert_eq!(problems("//@ bogus\n//@ edition: 1\n").len(), 2);
}

#[test]
fn auxiliary_crates_are_read_as_compiletest_splits_them() {
    let h = headers(
        "//@ aux-build: sub/helper.rs\n//@ aux-crate: priv:dep=dep-lib.rs\n\
         //@ aux-crate:other=other.rs\n//@ proc-macro: noprelude:derive.rs\n//@ proc-macro: m.rs\n",
    );
    let read: Vec<(AuxHow, &str, u32)> = h
        .aux
        .iter()
        .map(|a| (a.how.clone(), a.file.as_str(), a.line))
        .collect();
    let named = |name: &str, modifiers: Option<&str>| AuxHow::Crate {
        name: name.to_owned(),
        modifiers: modifiers.map(str::to_owned),
    };
    let macros = |modifiers: Option<&str>| AuxHow::ProcMacro {
        modifiers: modifiers.map(str::to_owned),
    };
    assert_eq!(
        read,
        [
            (AuxHow::Build, "sub/helper.rs", 1),
            (named("dep", Some("priv")), "dep-lib.rs", 2),
            (named("other", None), "other.rs", 3),
            (macros(Some("noprelude")), "derive.rs", 4),
            (macros(None), "m.rs", 5),
        ]
    );
}

#[test]
fn an_absolute_auxiliary_path_a_file_not_rust_or_a_crate_without_a_name_is_a_problem() {
    for (text, expected) in [
        ("//@ aux-build: /etc/helper.rs\n", "in `auxiliary/`"),
        ("//@ aux-build: ../../etc/passwd\n", "a `.rs` file"),
        ("//@ aux-crate: dep.rs\n", "`name=file.rs`"),
        ("//@ aux-crate: =dep.rs\n", "`name=file.rs`"),
    ] {
        problem(text, 1, expected);
    }
}
