//! Golden files of every report format, so any change to a reporter shows as a reviewed
//! diff: `check` over `fixtures/fail`, `grade` over `fixtures/grade` and `doc` over the
//! Markdown of `fixtures/doc` (bad input and an mdBook book included), rendered by the
//! real binary with the real rustc, durations written as 0. The files live in
//! `tests/snapshots/`; after an intended change, `INSTA_UPDATE=always cargo test --test
//! golden` rewrites them, and `git diff` shows what changed.

mod common;
use common::{durations_as_zero, snipcheck_at_root};

const GRADE: &[&str] = &[
    "grade",
    "--exercises",
    "fixtures/grade/exercises",
    "--hidden",
    "fixtures/grade/hidden",
];

/// Runs snipcheck at the repository root, with no cache and no CI environment; it must
/// exit 0 or 1 (failures).
fn render(args: &[&str]) -> String {
    render_exiting(args, 1)
}

/// `render`, accepting exit codes up to `worst` (2: errors, such as bad input).
fn render_exiting(args: &[&str], worst: i32) -> String {
    let out = snipcheck_at_root()
        .args(args)
        .args(["--color", "never", "--jobs", "2"])
        .output()
        .expect("snipcheck runs");
    assert!(
        out.status.code().is_some_and(|c| c <= worst),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    durations_as_zero(&String::from_utf8(out.stdout).expect("UTF-8 report"))
}

fn check_report(format: &str) -> String {
    render(&["check", "--format", format, "fixtures/fail"])
}

/// The Markdown fixtures that need no crates: every attribute, hidden lines, wrapping,
/// failing blocks at their lines, bad input, and a book with includes.
const DOC: &[&str] = &[
    "fixtures/doc/attributes.md",
    "fixtures/doc/exact.md",
    "fixtures/doc/failing.md",
    "fixtures/doc/hidden.md",
    "fixtures/doc/wrapping.md",
    "fixtures/doc/bad",
    "fixtures/doc/book",
];

fn doc_report(format: &str) -> String {
    let mut args = vec!["doc", "--format", format];
    args.extend_from_slice(DOC);
    // The bad input makes errors: exit code 2.
    render_exiting(&args, 2)
}

fn grade_report(format: &str) -> String {
    let mut args = GRADE.to_vec();
    args.extend([
        "--submissions",
        "fixtures/grade/submissions",
        "--format",
        format,
    ]);
    render(&args)
}

#[test]
fn check_human() {
    insta::assert_snapshot!(check_report("human"));
}

#[test]
fn check_json() {
    insta::assert_snapshot!(check_report("json"));
}

#[test]
fn check_junit() {
    insta::assert_snapshot!(check_report("junit"));
}

#[test]
fn check_github() {
    insta::assert_snapshot!(check_report("github"));
}

#[test]
fn check_exercism() {
    insta::assert_snapshot!(check_report("exercism"));
}

#[test]
fn grade_human() {
    insta::assert_snapshot!(grade_report("human"));
}

#[test]
fn grade_json() {
    insta::assert_snapshot!(grade_report("json"));
}

#[test]
fn grade_junit() {
    insta::assert_snapshot!(grade_report("junit"));
}

#[test]
fn grade_github() {
    insta::assert_snapshot!(grade_report("github"));
}

#[test]
fn check_html() {
    insta::assert_snapshot!(check_report("html"));
}

#[test]
fn grade_html() {
    insta::assert_snapshot!(grade_report("html"));
}

#[test]
fn doc_human() {
    insta::assert_snapshot!(doc_report("human"));
}

#[test]
fn doc_json() {
    insta::assert_snapshot!(doc_report("json"));
}

#[test]
fn doc_github() {
    insta::assert_snapshot!(doc_report("github"));
}

#[test]
fn doc_junit() {
    insta::assert_snapshot!(doc_report("junit"));
}

/// Exercism's format describes one submission.
#[test]
fn grade_exercism() {
    let mut args = GRADE.to_vec();
    args.extend([
        "--submission",
        "fixtures/grade/submissions/partial",
        "--format",
        "exercism",
    ]);
    insta::assert_snapshot!(render(&args));
}

#[test]
fn durations_become_zero() {
    assert_eq!(
        durations_as_zero("\"duration_ms\": 48,\n<x time=\"0.032\">"),
        "\"duration_ms\": 0,\n<x time=\"0\">"
    );
    assert_eq!(durations_as_zero("· took 1.5 s</p>"), "· took 0 s</p>");
    assert_eq!(
        durations_as_zero("\"name\": \"time\""),
        "\"name\": \"time\""
    );
}
