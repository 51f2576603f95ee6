//! Golden files of every report format, so any change to a reporter shows as a reviewed
//! diff: `check` over `fixtures/fail` and `grade` over `fixtures/grade`, rendered by the
//! real binary with the real rustc, durations written as 0. The files live in
//! `tests/snapshots/`; after an intended change, `INSTA_UPDATE=always cargo test --test
//! golden` rewrites them, and `git diff` shows what changed.

use assert_cmd::Command;

mod common;
use common::durations_as_zero;

const GRADE: &[&str] = &[
    "grade",
    "--exercises",
    "fixtures/grade/exercises",
    "--hidden",
    "fixtures/grade/hidden",
];

/// Runs snipcheck at the repository root, with no cache and no CI environment.
fn render(args: &[&str]) -> String {
    let out = Command::cargo_bin("snipcheck")
        .expect("binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SNIPCHECK_NO_CACHE", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR")
        .args(args)
        .args(["--color", "never", "--jobs", "2"])
        .output()
        .expect("snipcheck runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    durations_as_zero(&String::from_utf8(out.stdout).expect("UTF-8 report"))
}

fn check_report(format: &str) -> String {
    render(&["check", "--format", format, "fixtures/fail"])
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
