//! `snipcheck check --audit` end to end, on `fixtures/audit/` (one exercise per case) with
//! the real rustc: lazy answers that meet a weak `[solution]` fail the exercise, named in
//! every format; a strong `[solution]` refuses them all; what is left out is said.

use std::process::Output;

use serde_json::Value;

mod common;
use common::snipcheck_at_root;

/// The fixtures whose `[solution]` a lazy answer meets.
const WEAK: [&str; 3] = [
    "fixtures/audit/compiles_only",
    "fixtures/audit/tests_without_asserts",
    "fixtures/audit/snippet_as_is",
];

/// The fixtures whose `[solution]` refuses every lazy answer.
const STRONG: [&str; 6] = [
    "fixtures/audit/strong",
    "fixtures/audit/main_differs",
    "fixtures/audit/contrast",
    "fixtures/audit/unparsed",
    "fixtures/audit/no_solution",
    "fixtures/audit/loops",
];

fn run(args: &[&str]) -> Output {
    snipcheck_at_root()
        .args(args)
        .output()
        .expect("snipcheck runs")
}

fn text(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

/// `check --audit --format json` of `paths` (and `extra` options): exit code, report.
fn audit_json(paths: &[&str], extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--audit", "--format", "json"];
    args.extend_from_slice(extra);
    args.extend_from_slice(paths);
    let out = run(&args);
    let doc = serde_json::from_slice(&out.stdout).expect("one JSON document");
    (out.status.code().expect("exit code"), doc)
}

fn exercise<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no exercise {name} in {doc:#}"))
}

/// The audit checks of an exercise.
fn audits(ex: &Value) -> Vec<&Value> {
    ex["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c.get("audit").is_some())
        .collect()
}

/// The lazy answers of an exercise's failing audit checks.
fn passing_answers(ex: &Value) -> Vec<String> {
    audits(ex)
        .into_iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["audit"]["answer"].as_str().expect("an answer").to_owned())
        .collect()
}

const EVERY_DEFAULT: &str =
    "main.rs with every function returning Default::default() and an empty `main`";
const EVERY_TODO: &str = "main.rs with every function body todo!() and an empty `main`";

#[test]
fn weak_solutions_fail_the_audit_naming_the_answer_that_passed() {
    let (code, doc) = audit_json(&WEAK, &[]);
    assert_eq!(code, 1, "an audit that fails is a failed check: {doc:#}");
    assert_eq!(doc["summary"]["failed"], 3, "{doc:#}");
    // A run-pass [solution] without stdout: whatever compiles and runs meets it.
    let compiles_only = exercise(&doc, "compiles_only");
    assert_eq!(compiles_only["status"], "fail");
    assert_eq!(
        passing_answers(compiles_only),
        [
            EVERY_DEFAULT,
            EVERY_TODO,
            "solution.rs with `fn area` returning Default::default()",
        ]
    );
    // Hidden tests that call without asserting: a default value passes them, a panic
    // does not.
    let untested = exercise(&doc, "tests_without_asserts");
    assert_eq!(
        passing_answers(untested),
        [
            EVERY_DEFAULT,
            "solution.rs with `fn area` returning Default::default()",
        ]
    );
    let failing = audits(untested)
        .into_iter()
        .find(|c| c["status"] == "fail")
        .expect("a failing audit check");
    assert_eq!(failing["target"], "main.rs");
    assert_eq!(failing["expect"], "test-pass");
    assert_eq!(
        failing["mismatches"][0],
        format!("lazy answer passes [solution]: {EVERY_DEFAULT}")
    );
    // The shipped snippet itself meets [solution]: only its warning was to be fixed.
    let as_is = exercise(&doc, "snippet_as_is");
    assert_eq!(passing_answers(as_is), ["main.rs as shipped"]);
}

#[test]
fn without_audit_the_weak_solutions_pass() {
    let mut args = vec!["check"];
    args.extend_from_slice(&WEAK);
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn strong_solutions_refuse_every_lazy_answer() {
    let (code, doc) = audit_json(&STRONG, &[]);
    assert_eq!(code, 0, "{doc:#}");
    assert_eq!(doc["summary"]["passed"], 6, "{doc:#}");
    let strong = exercise(&doc, "strong");
    let answers: Vec<&Value> = audits(strong);
    assert_eq!(answers.len(), 4, "{strong:#}");
    for check in answers {
        assert_eq!(check["status"], "pass", "{check:#}");
        let note = check["note"].as_str().expect("a note");
        assert!(
            note.starts_with("rejected: expected outcome test-pass, got test-fail"),
            "{note}"
        );
    }
}

/// A test-graded solution whose `main` does something else is not lazy: `main` is never
/// given a lazy body in the solution, since the hidden tests never call it.
#[test]
fn a_solution_whose_main_differs_is_not_a_lazy_answer() {
    let (code, doc) = audit_json(&["fixtures/audit/main_differs"], &[]);
    assert_eq!(code, 0, "{doc:#}");
    let answers: Vec<String> = audits(exercise(&doc, "main_differs"))
        .into_iter()
        .map(|c| c["audit"]["answer"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        answers,
        [
            "main.rs as shipped",
            EVERY_DEFAULT,
            EVERY_TODO,
            "solution.rs with `fn larger` returning Default::default()",
        ]
    );
}

#[test]
fn a_contrast_exercise_leaves_its_shipped_snippet_out() {
    let (code, doc) = audit_json(&["fixtures/audit/contrast"], &[]);
    assert_eq!(code, 0, "{doc:#}");
    let contrast = exercise(&doc, "contrast");
    let shipped = audits(contrast)
        .into_iter()
        .find(|c| c["audit"]["answer"] == "main.rs as shipped")
        .expect("the shipped snippet's check");
    assert_eq!(shipped["status"], "skipped");
    assert_eq!(
        shipped["note"],
        "[expect] and [solution] ask for the same: the shipped snippet meets [solution] on purpose"
    );
    assert_eq!(contrast["status"], "pass", "a check left out fails nothing");
}

#[test]
fn verbose_says_what_was_left_out_and_why() {
    let out = run(&[
        "check",
        "--audit",
        "--verbose",
        "fixtures/audit/no_solution",
        "fixtures/audit/unparsed",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let report = text(&out);
    for line in [
        "        skipped audit (compile-pass) (nothing to audit: exercise.toml has no [solution])",
        "        pass audit of main.rs as shipped (run-pass) (rejected: it does not compile, as its [expect] check shows)",
        "        skipped audit of main.rs with every function body todo!() and an empty `main` (run-pass) (main.rs does not parse (line 8: expected `;`))",
    ] {
        assert!(report.contains(line), "no line {line:?} in:\n{report}");
    }
    let quiet = run(&["check", "--audit", "fixtures/audit/no_solution"]);
    assert!(
        !text(&quiet).contains("nothing to audit"),
        "{}",
        text(&quiet)
    );
}

/// A lazy answer whose program never ends fails its `[solution]` when time runs out.
#[test]
fn an_answer_that_runs_out_of_time_is_refused() {
    // Long enough for rustc on a loaded machine, short enough for the test.
    let (code, doc) = audit_json(&["fixtures/audit/loops"], &["--timeout", "6"]);
    assert_eq!(code, 0, "{doc:#}");
    let step = audits(exercise(&doc, "loops"))
        .into_iter()
        .find(|c| c["audit"]["answer"] == "solution.rs with `fn step` returning Default::default()")
        .expect("the check of `fn step`");
    assert_eq!(step["status"], "pass");
    assert_eq!(
        step["note"],
        "rejected: timeout: the program ran longer than 6 s"
    );
}

#[test]
fn every_format_names_the_answer_that_passed() {
    let sentence = "lazy answer passes [solution]: main.rs as shipped";
    for format in ["human", "junit", "github", "exercism", "html"] {
        let out = run(&[
            "check",
            "--audit",
            "--format",
            format,
            "fixtures/audit/snippet_as_is",
        ]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(text(&out).contains(sentence), "{format}:\n{}", text(&out));
    }
}

/// A JSON report read back (`merge`) keeps the audit's checks and their answers.
#[test]
fn a_report_read_back_keeps_the_audit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.json");
    let out = run(&[
        "check",
        "--audit",
        "--format",
        "json",
        "--output",
        report.to_str().expect("utf-8 path"),
        "fixtures/audit/snippet_as_is",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let merged = run(&["merge", "--verbose", report.to_str().expect("utf-8 path")]);
    assert_eq!(merged.status.code(), Some(1));
    let human = text(&merged);
    assert!(
        human.contains("        fail audit of main.rs as shipped (run-pass)"),
        "{human}"
    );
    assert!(
        human.contains("  audit (run-pass): lazy answer passes [solution]: main.rs as shipped"),
        "{human}"
    );
}

/// Lazy answers are cached like every check: a second run compiles nothing.
#[test]
fn a_second_audit_comes_from_the_cache() {
    let cache = tempfile::tempdir().expect("cache dir");
    let cached = || {
        let out = snipcheck_at_root()
            .env_remove("SNIPCHECK_NO_CACHE")
            .args(["check", "--audit", "--format", "json", "--cache-dir"])
            .arg(cache.path())
            .arg("fixtures/audit/strong")
            .output()
            .expect("snipcheck runs");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        audits(exercise(&doc, "strong"))
            .into_iter()
            .map(|c| (c["status"].clone(), c["cached"].clone()))
            .collect::<Vec<_>>()
    };
    let cold = cached();
    assert!(
        cold.iter()
            .all(|(status, cached)| *status == "pass" && *cached == false),
        "{cold:?}"
    );
    let warm = cached();
    assert!(
        warm.iter()
            .all(|(status, cached)| *status == "pass" && *cached == true),
        "{warm:?}"
    );
}

/// Batching never changes the audit's verdicts: every check of the audit fixtures and of
/// two catalog groups has the same status and note batched and with `--no-batch`.
#[test]
fn batched_audits_equal_audits_compiled_alone() {
    let verdicts = |batched: bool| {
        let mut paths = vec![
            "fixtures/audit",
            "exercises/00_basics",
            "exercises/09_closures_iterators",
        ];
        if !batched {
            paths.push("--no-batch");
        }
        // The default timeout: rustc shares it, and a loaded machine must not turn a slow
        // compile into an error on one side only.
        let (_, doc) = audit_json(&paths, &[]);
        let mut found = Vec::new();
        for ex in doc["exercises"].as_array().expect("exercises") {
            for check in ex["checks"].as_array().expect("checks") {
                found.push(format!(
                    "{} {} {} {}: {} {} {}",
                    ex["path"],
                    check["target"],
                    check["audit"],
                    check["expect"],
                    check["status"],
                    check["note"],
                    check["error"]
                ));
            }
        }
        found
    };
    let (batched, alone) = (verdicts(true), verdicts(false));
    assert!(batched.len() > 60, "{batched:#?}");
    assert_eq!(batched, alone);
}
