//! Auxiliary crates of annotated files (`fixtures/aux_crates/`): compiletest's `aux-build`,
//! `aux-crate` and `proc-macro` headers build crates from `auxiliary/` beside the test,
//! each with its own headers and auxiliary crates, per revision; rustc quotes their lines
//! as compiletest's `.stderr` shows them; a missing, escaping, broken or hostile auxiliary
//! file is an error naming it, never a pass; files in `auxiliary/` are not tests; and a
//! changed auxiliary file changes the verdict, however warm the cache; rustc's own UI
//! tests with auxiliary crates are all judged. Hostile files are
//! run as whoever runs the tests and, when that is root, as a fresh unprivileged user.

use std::path::Path;

use serde_json::Value;

mod common;
mod untrusted;
use common::{copy_tree, json_report, snipcheck_cached, statuses_by, under};
use untrusted::{passwd_lines, runners};

const FIXTURE: &str = "fixtures/aux_crates";

/// `snipcheck check ARGS --format json`; the report and the exit code.
fn check(args: &[&str]) -> (Value, Option<i32>) {
    json_report(&[&["check"], args].concat())
}

#[test]
fn auxiliary_crates_are_built_as_compiletest_builds_them() {
    let (doc, code) = check(&[FIXTURE]);
    let expected = under(
        FIXTURE,
        &[
            ("aux_crate.rs", "pass"),
            ("bad/broken.rs", "error"),
            ("bad/missing.rs", "error"),
            ("bad/outside.rs", "error"),
            ("bad/reads_outside.rs", "error"),
            ("declared.rs", "pass"),
            ("extern_crate.rs", "pass"),
            ("proc_macro.rs", "pass"),
            ("revisions.rs#strict", "pass"),
            ("revisions.rs#lenient", "pass"),
        ],
    );
    assert_eq!(statuses_by(&doc, "path"), expected, "{doc:#}");
    assert_eq!(code, Some(2));
    let text = doc.to_string();
    for said in [
        "the auxiliary crate auxiliary/broken.rs does not build",
        "bad/missing.rs:2:1: cannot read auxiliary file",
        "bad/outside.rs:1:1: ",
        "outside.rs does not lie in an `auxiliary/` directory",
    ] {
        assert!(text.contains(said), "`{said}` in {doc:#}");
    }
}

/// compiletest's `.stderr` beside `extern_crate.rs` quotes a line of `helper.rs` as
/// `$DIR/auxiliary/helper.rs`: the test passes only when rustc saw the file there.
#[test]
fn rustc_quotes_auxiliary_files_where_compiletest_shows_them() {
    let stderr = std::fs::read_to_string(Path::new(FIXTURE).join("extern_crate.stderr"))
        .expect("the fixture's .stderr");
    assert!(
        stderr
            .contains("--> $DIR/auxiliary/helper.rs:8:8\n   |\nLL | pub fn takes(x: u32) -> u32 {"),
        "{stderr}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(Path::new(FIXTURE), dir.path());
    let test = dir.path().join("extern_crate.rs");
    assert_eq!(check(&[test.to_str().expect("utf-8")]).1, Some(0));
    let quoted = dir.path().join("auxiliary/helper.rs");
    let text = std::fs::read_to_string(&quoted).expect("read");
    let changed = "pub fn takes(x: u32) -> u32 { // changed";
    std::fs::write(
        &quoted,
        text.replace("pub fn takes(x: u32) -> u32 {", changed),
    )
    .expect("write");
    let (doc, code) = check(&[test.to_str().expect("utf-8")]);
    assert_eq!(code, Some(1), "{doc:#}");
    assert!(doc.to_string().contains(changed), "{doc:#}");
}

/// A changed auxiliary crate changes the test's verdict even with the result cache warm:
/// its text is part of every cache key of the tests that use it.
#[test]
fn a_changed_auxiliary_crate_is_never_read_from_the_cache() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = dir.path().join("tree");
    copy_tree(Path::new(FIXTURE), &tree);
    let cache = dir.path().join("cache");
    let test = tree.join("aux_crate.rs");
    let run = || {
        snipcheck_cached(&tree, &cache)
            .args(["check", test.to_str().expect("utf-8")])
            .output()
            .expect("snipcheck runs")
            .status
            .code()
    };
    assert_eq!(run(), Some(0));
    assert_eq!(run(), Some(0), "again, from the cache");
    // `wrapper.rs` is the test's crate; `helper.rs` is that crate's own auxiliary crate:
    // with `takes` private, `wrapper.rs` does not build.
    let nested = tree.join("auxiliary/helper.rs");
    let text = std::fs::read_to_string(&nested).expect("read");
    std::fs::write(&nested, text.replace("pub fn takes", "fn takes")).expect("write");
    assert_eq!(run(), Some(2), "an auxiliary crate that does not build");
    std::fs::write(&nested, text).expect("write");
    assert_eq!(run(), Some(0), "as before");
    let direct = tree.join("auxiliary/wrapper.rs");
    let text = std::fs::read_to_string(&direct).expect("read");
    std::fs::write(&direct, text.replace("fn double", "fn triple")).expect("write");
    assert_eq!(run(), Some(1), "`twice::double` is gone");
}

/// An auxiliary file that reads outside its directory is refused by the file rule, as a
/// snippet is, and nothing of the file reaches the report: as root and as a user.
#[test]
fn a_hostile_auxiliary_file_reads_nothing() {
    let secrets = passwd_lines();
    for runner in runners() {
        let home = tempfile::tempdir().expect("temp dir");
        let tree = home.path().join("tree");
        copy_tree(&Path::new(FIXTURE).join("bad"), &tree);
        std::fs::create_dir_all(home.path().join("tmp")).expect("tmp");
        std::fs::copy(
            env!("CARGO_BIN_EXE_snipcheck"),
            home.path().join("snipcheck"),
        )
        .expect("copy the binary");
        runner.own(home.path());
        let out = runner
            .snipcheck(home.path())
            .args(["check", "tree/reads_outside.rs", "--format", "json"])
            .output()
            .expect("snipcheck runs");
        let report = String::from_utf8_lossy(&out.stdout);
        let label = runner.label();
        assert_eq!(out.status.code(), Some(2), "{label}: {report}");
        assert!(
            report.contains("couldn't read `/etc/passwd`: Permission denied"),
            "{label}: {report}"
        );
        for line in &secrets {
            assert!(!report.contains(line.as_str()), "{label}: {line} leaked");
        }
    }
}

/// rustc's own UI tests with auxiliary crates (`fixtures/rustc-ui-aux/`): every one is
/// built and judged, none is an `error`, files in `auxiliary/` are not tests, and all but
/// the few whose wording rustc has changed since pass (38 of 41 on rustc 1.95).
#[test]
fn rustc_s_own_tests_with_auxiliary_crates_are_judged() {
    let (doc, _) = check(&["fixtures/rustc-ui-aux"]);
    let statuses = statuses_by(&doc, "path");
    assert_eq!(statuses.len(), 41, "{statuses:#?}");
    for (path, status) in &statuses {
        assert!(!path.contains("/auxiliary/"), "{path} is an auxiliary file");
        assert_ne!(status, "error", "{path}: {doc:#}");
    }
    let passed = statuses.iter().filter(|(_, s)| s == "pass").count();
    assert!(passed >= 35, "{passed} of 41 pass: {statuses:#?}");
}
