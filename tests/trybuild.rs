//! trybuild suites run as they are: from a package root, `check` finds the `TestCases` of
//! `tests/*.rs` and checks each case as trybuild does. The fixture's `.stderr` files were
//! written by trybuild itself (`TRYBUILD=overwrite`), so passing them, and writing the same
//! bytes on `bless`, is agreement with the peer. A `.stderr` changed by one line number,
//! code or word fails; a glob that matches nothing and a `.stderr` without its case are
//! errors naming the file.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{
    cached, copy_tree, placed, report_of, snipcheck_cached, snipcheck_process, statuses_by,
};

const FIXTURE: &str = "fixtures/trybuild/greet";

/// A copy of the fixture package in a temp dir; the dir, and the package's path.
fn package() -> (tempfile::TempDir, PathBuf) {
    copy_of(FIXTURE)
}

/// A copy of the package at `fixture` in a temp dir; the dir, and the package's path.
fn copy_of(fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    let root = dir.path().join(from.file_name().expect("name"));
    copy_tree(&from, &root);
    (dir, root)
}

/// `snipcheck COMMAND --format json` in `root`; the report and the exit code.
fn run(root: &Path, command: &str) -> (Value, Option<i32>) {
    let mut cmd = snipcheck_process();
    cmd.current_dir(root).arg(command);
    report(cmd)
}

/// `cmd --format json` run to its end: the report and the exit code.
fn report(mut cmd: std::process::Command) -> (Value, Option<i32>) {
    report_of(
        &cmd.args(["--format", "json"])
            .output()
            .expect("snipcheck runs"),
    )
}

/// Each case's path and status.
fn statuses(doc: &Value) -> Vec<(String, String)> {
    statuses_by(doc, "path")
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn a_package_suite_passes_as_trybuild_passes_it() {
    let (_dir, root) = package();
    let (doc, code) = run(&root, "check");
    let expected = pairs(&[
        ("tests/ui/private_token.rs", "pass"),
        ("tests/ui/wrong_type.rs", "pass"),
        ("tests/run-pass/greets.rs", "pass"),
    ]);
    assert_eq!(statuses(&doc), expected, "{doc:#}");
    assert_eq!(code, Some(0));
}

/// Every small change to a `.stderr` is caught: a line number, an error code, a word.
#[test]
fn a_stderr_changed_by_one_number_code_or_word_fails() {
    let (_dir, root) = package();
    let stderr = root.join("tests/ui/private_token.stderr");
    let good = std::fs::read_to_string(&stderr).expect("read");
    for (from, to) in [
        ("4:19", "5:19"),
        ("E0423", "E0424"),
        ("private field", "public field"),
    ] {
        assert!(good.contains(from), "{from} not in {good}");
        std::fs::write(&stderr, good.replacen(from, to, 1)).expect("write");
        let (doc, code) = run(&root, "check");
        let status = &statuses(&doc)[0];
        assert_eq!(status.1, "fail", "{from} -> {to}: {doc:#}");
        assert!(
            doc.to_string().contains("differs from rustc's output"),
            "{doc:#}"
        );
        assert_eq!(code, Some(1));
    }
}

/// A missing `.stderr` fails and shows what would be written; `bless` writes exactly what
/// trybuild wrote.
#[test]
fn bless_writes_what_trybuild_writes() {
    let (_dir, root) = package();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    for case in ["private_token", "wrong_type"] {
        std::fs::remove_file(root.join(format!("tests/ui/{case}.stderr"))).expect("remove");
    }
    let (doc, code) = run(&root, "check");
    assert_eq!(code, Some(1));
    let text = doc.to_string();
    assert!(text.contains("the .stderr is missing"), "{doc:#}");
    assert!(
        text.contains("+ --> tests/ui/wrong_type.rs:2:22"),
        "{doc:#}"
    );
    let (_, code) = run(&root, "bless");
    assert_eq!(code, Some(0));
    for case in ["private_token", "wrong_type"] {
        let name = format!("tests/ui/{case}.stderr");
        let written = std::fs::read_to_string(root.join(&name)).expect("written");
        let trybuilds = std::fs::read_to_string(fixture.join(&name)).expect("fixture");
        assert_eq!(written, trybuilds, "{name}");
    }
    let (_, code) = run(&root, "check");
    assert_eq!(code, Some(0));
}

#[test]
fn a_glob_without_files_and_a_stderr_without_its_case_are_errors() {
    let (_dir, root) = package();
    let tests = root.join("tests/compiletest.rs");
    let text = std::fs::read_to_string(&tests).expect("read");
    let text = text.replace(
        "    t.pass(\"tests/run-pass/*.rs\");\n",
        "    t.pass(\"tests/run-pass/*.rs\");\n    t.pass(\"tests/nothing/*.rs\");\n",
    );
    std::fs::write(&tests, text).expect("write");
    std::fs::write(root.join("tests/ui/gone.stderr"), "error: gone\n").expect("write");
    let (doc, code) = run(&root, "check");
    assert_eq!(code, Some(2), "{doc:#}");
    let errors: Vec<String> = doc["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .filter(|e| e["status"] == "error")
        .map(|e| e["message"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(errors.len(), 2, "{doc:#}");
    assert!(
        errors
            .iter()
            .any(|m| m.contains("tests/compiletest.rs:6") && m.contains("tests/nothing/*.rs")),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|m| m.contains("gone.stderr")),
        "{errors:?}"
    );
    // The good cases still ran.
    let passed = statuses(&doc).iter().filter(|(_, s)| s == "pass").count();
    assert_eq!(passed, 3, "{doc:#}");
}

/// `import trybuild` writes each error's code, line and message beside the case; the case
/// then survives a reworded note (its `.stderr` no longer decides) and still fails when an
/// error moves to another line.
#[test]
fn imported_expectations_survive_a_reworded_note_but_not_a_moved_error() {
    let (_dir, root) = package();
    let out = snipcheck_process()
        .current_dir(&root)
        .args(["import", "trybuild"])
        .output()
        .expect("snipcheck runs");
    assert_eq!(out.status.code(), Some(0));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("wrote 2 expectation files"), "{said}");
    let sidecar = root.join("tests/ui/private_token.expect.toml");
    let text = std::fs::read_to_string(&sidecar).expect("written");
    assert!(
        text.contains("code = \"E0423\"") && text.contains("line = 4"),
        "{text}"
    );
    // A note rustc words differently no longer matters.
    let stderr = root.join("tests/ui/private_token.stderr");
    let reworded = std::fs::read_to_string(&stderr).expect("read").replace(
        "constructor is not visible here",
        "the constructor is hidden",
    );
    std::fs::write(&stderr, reworded).expect("write");
    let (doc, code) = run(&root, "check");
    assert_eq!(code, Some(0), "{doc:#}");
    // An error on another line does.
    let case = root.join("tests/ui/private_token.rs");
    let moved = format!("\n{}", std::fs::read_to_string(&case).expect("read"));
    std::fs::write(&case, moved).expect("write");
    let (doc, code) = run(&root, "check");
    assert_eq!(code, Some(1), "{doc:#}");
    assert_eq!(statuses(&doc)[0].1, "fail", "{doc:#}");
}

/// `snipcheck ARGS --format json` in `root` with the result cache at `cache`; the report
/// and the exit code.
fn run_cached(root: &Path, cache: &Path, args: &[&str]) -> (Value, Option<i32>) {
    let mut cmd = snipcheck_cached(root, cache);
    cmd.args(args);
    report(cmd)
}

/// Cases that share a rustc print what each prints alone. Every result a batch gave (the
/// cache records where a result came from) equals, rendered text and all, the result of a
/// compile alone; the cases a batch cannot tell (a type named through its module in a
/// label, a batch stopped by another case's macro) compile alone. A `.stderr` changed by
/// a word still fails, and a failure a batch told is the output alone too. The `.stderr` files are written by compiles alone (`bless
/// --no-batch`), as trybuild would write them.
#[test]
fn batched_cases_print_exactly_what_they_print_alone() {
    let (dir, root) = copy_of("fixtures/trybuild/shelf");
    let scratch = dir.path().join("scratch-cache");
    let (_, code) = run_cached(&root, &scratch, &["bless", "--no-batch"]);
    assert_eq!(code, Some(0));
    let (batched_dir, alone_dir) = (dir.path().join("batched"), dir.path().join("alone"));
    let (doc, code) = run_cached(&root, &batched_dir, &["check", "--jobs", "2"]);
    assert_eq!(code, Some(0), "{doc:#}");
    assert_eq!(statuses(&doc).len(), 6, "{doc:#}");
    let (doc, code) = run_cached(&root, &alone_dir, &["check", "--no-batch"]);
    assert_eq!(code, Some(0), "{doc:#}");
    let (batched, alone) = (cached(&batched_dir), cached(&alone_dir));
    let from_batches: Vec<_> = batched
        .iter()
        .filter(|(_, (o, _))| o == "Rendered")
        .collect();
    assert!(from_batches.len() >= 4, "{batched:#?}");
    for (key, (_, recorded)) in from_batches {
        let (origin, solo) = alone.get(key).expect("the same check alone");
        assert_eq!(origin, "Solo");
        assert_eq!(
            placed(recorded),
            placed(solo),
            "a batch printed what a compile alone does not"
        );
    }
    let stderr = root.join("tests/ui/moved.stderr");
    let good = std::fs::read_to_string(&stderr).expect("read");
    std::fs::write(&stderr, good.replacen("moved value", "moved values", 1)).expect("write");
    let changed_dir = dir.path().join("changed");
    let (doc, code) = run_cached(&root, &changed_dir, &["check", "--jobs", "2"]);
    assert_eq!(code, Some(1), "{doc:#}");
    let failed: Vec<_> = statuses(&doc)
        .into_iter()
        .filter(|(_, s)| s != "pass")
        .collect();
    assert_eq!(failed, pairs(&[("tests/ui/moved.rs", "fail")]), "{doc:#}");
    // A failure told by a batch stands, and is what the case prints alone.
    for (key, (origin, recorded)) in cached(&changed_dir) {
        let (_, solo) = alone.get(&key).expect("the same check alone");
        if origin == "Rendered" {
            assert_eq!(placed(&recorded), placed(solo));
        }
    }
}
