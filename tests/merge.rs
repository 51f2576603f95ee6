//! `snipcheck merge`: the JSON reports of three `--partition` shards, merged, give the
//! report of the unsharded run in every format (durations written as 0) and its exit code —
//! for `check` over `fixtures/fail`, `grade --submissions` over `fixtures/grade` (students
//! sharded) and `grade --submission` (exercises sharded). Reports that are not the shards
//! of one run are refused with exit code 2 and the files named.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

mod common;
use common::{durations_as_zero, snipcheck_at_root};

const FORMATS: [&str; 6] = ["human", "json", "junit", "github", "exercism", "html"];
const CHECK: &[&str] = &["check", "fixtures/fail"];
const CLASS: &[&str] = &[
    "grade",
    "--exercises",
    "fixtures/grade/exercises",
    "--hidden",
    "fixtures/grade/hidden",
    "--submissions",
    "fixtures/grade/submissions",
];
const ONE: &[&str] = &[
    "grade",
    "--exercises",
    "fixtures/grade/exercises",
    "--hidden",
    "fixtures/grade/hidden",
    "--submission",
    "fixtures/grade/submissions/partial",
];

/// Runs snipcheck at the repository root, with no cache, colour or CI environment.
fn snipcheck(args: &[&str]) -> Output {
    snipcheck_at_root()
        .args(args)
        .args(["--color", "never"])
        .output()
        .expect("snipcheck runs")
}

/// Exit code and report (durations as 0) of a run.
fn report(args: &[&str]) -> (Option<i32>, String) {
    let out = snipcheck(args);
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 report");
    (out.status.code(), durations_as_zero(&stdout))
}

/// A directory of this test's own below cargo's temp dir.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("merge")
        .join(name);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// The JSON reports of shards 1/3, 2/3 and 3/3 of the run `args`, written into `name`.
fn shards(name: &str, args: &[&str]) -> Vec<PathBuf> {
    (1..=3).map(|k| shard(name, args, k)).collect()
}

/// The JSON report of shard `k`/3 of the run `args`, written into `name`.
fn shard(name: &str, args: &[&str], k: usize) -> PathBuf {
    let file = scratch(name).join(format!("shard-{k}.json"));
    let partition = format!("{k}/3");
    let mut all = args.to_vec();
    all.extend(["--format", "json", "--partition", &partition, "--output"]);
    all.push(file.to_str().expect("UTF-8 path"));
    let out = snipcheck(&all);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{all:?}: {out:?}"
    );
    file
}

/// The shards of `check fixtures/fail`, made once.
fn check_shards() -> &'static [PathBuf] {
    static SHARDS: OnceLock<Vec<PathBuf>> = OnceLock::new();
    SHARDS.get_or_init(|| shards("check", CHECK))
}

/// `merge` of `files` (given last first, so order does not matter) in `format`.
fn merged(files: &[PathBuf], format: &str) -> (Option<i32>, String) {
    let mut args = vec!["merge", "--format", format];
    args.extend(files.iter().rev().map(|f| f.to_str().expect("UTF-8 path")));
    report(&args)
}

/// The merged shards of `files` equal the unsharded run `args` in every one of `formats`.
fn assert_merge_is_whole(files: &[PathBuf], args: &[&str], formats: &[&str]) {
    for format in formats {
        let mut whole = args.to_vec();
        whole.extend(["--format", format]);
        let (code, text) = report(&whole);
        assert!(!text.is_empty(), "{format}: no report");
        assert_eq!(merged(files, format), (code, text), "{format}");
    }
}

#[test]
fn merged_check_shards_are_the_whole_run() {
    assert_merge_is_whole(check_shards(), CHECK, &FORMATS);
}

#[test]
fn merged_class_shards_are_the_whole_run() {
    let files = shards("class", CLASS);
    let formats: Vec<&str> = FORMATS.into_iter().filter(|f| *f != "exercism").collect();
    assert_merge_is_whole(&files, CLASS, &formats);
    let (code, _) = merged(&files, "exercism");
    assert_eq!(code, Some(2), "exercism describes one submission");
}

#[test]
fn merged_exercise_shards_of_one_submission_are_the_whole_run() {
    let files = shards("one", ONE);
    assert_merge_is_whole(&files, ONE, &["json", "human", "exercism"]);
}

#[test]
fn merged_filtered_check_shards_are_the_whole_run() {
    let filtered = [CHECK, &["--filter", "wrong"]].concat();
    let files = shards("filtered", &filtered);
    assert_merge_is_whole(&files, &filtered, &["json", "junit"]);
}

/// `merge` of `files` fails with exit code 2 and an error naming `named`, saying `what`.
fn assert_refused(files: &[&Path], named: &[&Path], what: &str) {
    let mut args = vec!["merge", "--format", "json"];
    args.extend(files.iter().map(|f| f.to_str().expect("UTF-8 path")));
    let out = snipcheck(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(what), "{stderr}");
    for file in named {
        assert!(stderr.contains(&file.display().to_string()), "{stderr}");
    }
    assert!(out.stdout.is_empty(), "no report when refused");
}

#[test]
fn shards_that_do_not_make_one_run_are_refused() {
    let [one, two, three] = <&[PathBuf; 3]>::try_from(check_shards()).expect("three shards");
    let (one, two, three) = (one.as_path(), two.as_path(), three.as_path());
    assert_refused(&[one, two, one, three], &[one], "are both shard 1/3");
    assert_refused(&[one, three], &[one, three], "shard 2/3 missing");
    let newer = scratch("refused").join("newer.json");
    let text = std::fs::read_to_string(two).expect("shard");
    let version = format!("\"snipcheck\": \"{}\"", env!("CARGO_PKG_VERSION"));
    assert!(text.contains(&version));
    std::fs::write(&newer, text.replace(&version, "\"snipcheck\": \"99.0.0\"")).expect("write");
    assert_refused(&[one, &newer, three], &[one, &newer], "by snipcheck 99.0.0");
    let other = shards("other", &["check", "fixtures/pass"]);
    assert_refused(
        &[one, &other[1], three],
        &[one, &other[1]],
        "different exercise sets",
    );
    let grade = &shards("grade", CLASS)[1];
    assert_refused(&[one, grade, three], &[one, grade], "different commands");
}

#[test]
fn files_that_are_not_reports_are_refused() {
    let dir = scratch("not-reports");
    let junit = dir.join("report.xml");
    std::fs::write(&junit, "<testsuites/>\n").expect("write");
    assert_refused(&[&junit], &[&junit], "not a snipcheck JSON report");
    let older = dir.join("older.json");
    std::fs::write(&older, r#"{"version": 1, "summary": {}, "exercises": []}"#).expect("write");
    assert_refused(&[&older], &[&older], "\"run\" object");
    let gone = dir.join("gone.json");
    assert_refused(&[&gone], &[&gone], "cannot read");
}

#[test]
fn a_whole_run_is_read_back_alone_but_never_with_shards() {
    let dir = scratch("whole");
    let whole = dir.join("whole.json");
    let path = whole.to_str().expect("UTF-8 path");
    let out = snipcheck(&[CHECK, &["--format", "json", "--output", path]].concat());
    assert_eq!(out.status.code(), Some(1));
    let (code, human) = merged(std::slice::from_ref(&whole), "human");
    assert_eq!(
        (code, human),
        report(&[CHECK, &["--format", "human"]].concat())
    );
    let shard = check_shards()[0].as_path();
    assert_refused(&[&whole, shard], &[&whole], "whole run");
}
