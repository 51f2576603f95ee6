//! `snipcheck check` end to end: the built binary, the real rustc, and the fixtures in
//! `fixtures/` (one directory per outcome).

use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use serde_json::Value;

mod common;
use common::snipcheck_at_root;

fn run(args: &[&str]) -> Output {
    snipcheck_at_root()
        .args(args)
        .output()
        .expect("snipcheck runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("utf-8 output")
}

fn last_line(out: &Output) -> String {
    stdout(out).lines().last().unwrap_or("").to_owned()
}

fn json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    let doc = serde_json::from_slice(&out.stdout).expect("stdout is one JSON document");
    (out.status.code().expect("exit code"), doc)
}

/// The JSON report of one fixture group, computed once per test binary.
fn group(name: &'static str) -> &'static Value {
    static PASS: OnceLock<Value> = OnceLock::new();
    static FAIL: OnceLock<Value> = OnceLock::new();
    static MALFORMED: OnceLock<Value> = OnceLock::new();
    let (cell, expected_code) = match name {
        "pass" => (&PASS, 0),
        "fail" => (&FAIL, 1),
        _ => (&MALFORMED, 2),
    };
    cell.get_or_init(|| {
        let (code, doc) = json(&[&format!("fixtures/{name}")]);
        assert_eq!(code, expected_code, "exit code of fixtures/{name}");
        doc
    })
}

fn exercise<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["exercises"]
        .as_array()
        .expect("exercises array")
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("no exercise {name} in {doc:#}"))
}

fn check<'a>(ex: &'a Value, target: &str) -> &'a Value {
    ex["checks"]
        .as_array()
        .expect("checks array")
        .iter()
        .find(|c| c["target"] == target)
        .unwrap_or_else(|| panic!("no check of {target} in {ex:#}"))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The single failing check of a failing fixture, with its mismatches joined.
fn failure(name: &str, target: &str) -> (String, String) {
    let ex = exercise(group("fail"), name);
    assert_eq!(ex["status"], "fail", "{ex:#}");
    let c = check(ex, target);
    assert_eq!(c["status"], "fail", "{c:#}");
    let diff = c["diff"]
        .as_str()
        .expect("a failing check has a diff")
        .to_owned();
    (strings(&c["mismatches"]).join("\n"), diff)
}

#[test]
fn passing_fixtures_pass_with_every_check() {
    let doc = group("pass");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["passed"], 11);
    assert_eq!(doc["summary"]["failed"], 0);
    let ex = exercise(doc, "use_after_move");
    assert_eq!(ex["path"], "fixtures/pass/use_after_move");
    assert_eq!(
        (ex["points"].as_u64(), ex["score"].as_u64()),
        (Some(1), Some(1))
    );
    let main = check(ex, "main.rs");
    assert_eq!(main["expect"], "compile-fail");
    assert_eq!(
        strings(&main["expected"]),
        [
            "error[E0382]",
            "error[E0382] main.rs:4: borrow of moved value"
        ]
    );
    assert!(strings(&main["actual"])
        .contains(&"error[E0382] main.rs:4: borrow of moved value: `s1`".to_owned()));
    assert_eq!(main["diff"], Value::Null);
    assert_eq!(main["cached"], false);
    assert_eq!(check(ex, "solution.rs")["expect"], "run-pass");
}

#[test]
fn codeless_syntax_errors_match_by_message() {
    let ex = exercise(group("pass"), "syntax_error_codeless");
    assert_eq!(ex["status"], "pass");
    assert!(strings(&check(ex, "main.rs")["actual"])
        .iter()
        .any(|l| l.starts_with("error main.rs:2: expected `;`")));
}

#[test]
fn codegen_only_errors_are_found_by_the_full_build_retry() {
    let ex = exercise(group("pass"), "codegen_only_error");
    assert_eq!(ex["status"], "pass", "{ex:#}");
}

#[test]
fn lib_crates_with_module_files_compile_together() {
    assert_eq!(exercise(group("pass"), "module_and_lib")["status"], "pass");
}

#[test]
fn run_fail_and_exact_warnings_pass() {
    assert_eq!(exercise(group("pass"), "run_fail_panics")["status"], "pass");
    assert_eq!(exercise(group("pass"), "warnings_exact")["status"], "pass");
}

#[test]
fn test_outcomes_run_the_harness() {
    assert_eq!(exercise(group("pass"), "tests_pass")["status"], "pass");
    assert_eq!(
        exercise(group("pass"), "test_fail_expected")["status"],
        "pass"
    );
}

#[test]
fn hidden_tests_fail_the_snippet_and_pass_the_solution() {
    let ex = exercise(group("pass"), "hidden_tests");
    assert_eq!(check(ex, "main.rs")["expect"], "test-fail");
    assert_eq!(check(ex, "solution.rs")["expect"], "test-pass");
    assert_eq!(ex["status"], "pass", "{ex:#}");
}

#[test]
fn a_failing_test_is_named() {
    let (mismatches, diff) = failure("failing_test", "main.rs");
    assert_eq!(
        mismatches,
        "expected outcome test-pass, got test-fail (1 of 2 tests failed: refuses_overflow)"
    );
    assert!(
        diff.contains("+outcome: test-fail (1 of 2 tests failed: refuses_overflow)"),
        "{diff}"
    );
}

#[test]
fn matching_snapshot_is_its_own_check() {
    let ex = exercise(group("pass"), "snapshot_matches");
    assert_eq!(check(ex, "expected.stderr")["status"], "pass");
}

#[test]
fn wrong_code_shows_both_codes() {
    let (mismatches, diff) = failure("wrong_code", "main.rs");
    assert!(
        mismatches.contains("expected error E0499 was not reported"),
        "{mismatches}"
    );
    assert!(
        mismatches.contains("error E0382 was reported but not expected"),
        "{mismatches}"
    );
    assert!(
        diff.contains("-error[E0499]") && diff.contains("+error[E0382] main.rs:4"),
        "{diff}"
    );
}

#[test]
fn extra_error_is_reported() {
    let (mismatches, diff) = failure("extra_error", "main.rs");
    assert!(
        mismatches.contains("error E0308 was reported but not expected"),
        "{mismatches}"
    );
    assert!(
        diff.contains("+error[E0308] main.rs:5: mismatched types"),
        "{diff}"
    );
}

#[test]
fn missing_error_is_reported() {
    let (mismatches, diff) = failure("missing_error", "main.rs");
    assert_eq!(mismatches, "expected error E0502 was not reported");
    assert!(
        diff.contains("-error[E0502]") && diff.contains(" error[E0382]"),
        "{diff}"
    );
}

#[test]
fn wrong_line_shows_the_actual_line() {
    let (mismatches, diff) = failure("wrong_line", "main.rs");
    assert_eq!(mismatches, "no diagnostic matches `error[E0382] main.rs:3`");
    assert!(
        diff.contains("-error[E0382] main.rs:3\n") && diff.contains("+error[E0382] main.rs:4: "),
        "{diff}"
    );
}

#[test]
fn wrong_message_is_unmatched() {
    let (mismatches, _) = failure("wrong_message", "main.rs");
    assert_eq!(
        mismatches,
        "no diagnostic matches `error[E0382]: use of moved value`"
    );
}

/// rustc's message says only "mismatched types"; the primary span's label says which.
#[test]
fn a_wrong_label_is_unmatched_and_the_diff_shows_the_real_one() {
    let (mismatches, diff) = failure("wrong_label", "main.rs");
    assert_eq!(
        mismatches,
        "no diagnostic matches `error[E0308] main.rs:2: mismatched types [expected `u32`, found `char`]`"
    );
    assert!(
        diff.contains("+error[E0308] main.rs:2: mismatched types [expected `u32`, found `&str`]"),
        "{diff}"
    );
}

#[test]
fn forbidden_warning_fails() {
    let (mismatches, diff) = failure("unexpected_warning", "main.rs");
    assert!(
        mismatches.starts_with("unexpected warning: warning[unused_variables] main.rs:2"),
        "{mismatches}"
    );
    assert!(
        diff.contains("+warning[unused_variables] main.rs:2"),
        "{diff}"
    );
}

#[test]
fn unexpected_codeless_error_fails() {
    let (mismatches, _) = failure("unexpected_codeless_error", "main.rs");
    assert_eq!(
        mismatches,
        "unexpected error: error main.rs:3: expected `;`, found `}`"
    );
}

#[test]
fn compile_pass_on_broken_snippet_fails_on_outcome() {
    let (mismatches, diff) = failure("compile_pass_on_broken", "main.rs");
    assert!(
        mismatches.contains("expected outcome compile-pass, got compile-fail"),
        "{mismatches}"
    );
    assert!(
        diff.contains("-outcome: compile-pass") && diff.contains("+outcome: compile-fail"),
        "{diff}"
    );
}

#[test]
fn snapshot_mismatch_shows_a_diff_of_the_rendered_output() {
    let (mismatches, diff) = failure("snapshot_mismatch", "expected.stderr");
    assert!(mismatches.contains("run `snipcheck bless`"), "{mismatches}");
    assert!(
        diff.contains("-2 |     let n: u32 = \"four\";")
            && diff.contains("+2 |     let n: u32 = \"three\";"),
        "{diff}"
    );
    let ex = exercise(group("fail"), "snapshot_mismatch");
    assert_eq!(check(ex, "main.rs")["status"], "pass");
}

#[test]
fn wrong_stdout_of_the_solution_fails() {
    let (mismatches, diff) = failure("wrong_stdout", "solution.rs");
    assert_eq!(mismatches, "the program's stdout differs from `stdout`");
    assert!(
        diff.contains("-stdout: \"hello\\n\"") && diff.contains("+stdout: \"hello hello\\n\""),
        "{diff}"
    );
}

#[test]
fn broken_solution_fails() {
    let (mismatches, _) = failure("solution_does_not_compile", "solution.rs");
    assert!(
        mismatches.contains("expected outcome compile-pass, got compile-fail"),
        "{mismatches}"
    );
}

fn config_error(name: &str) -> String {
    let ex = exercise(group("malformed"), name);
    assert_eq!(ex["status"], "error", "{ex:#}");
    assert_eq!(ex["checks"], Value::Array(vec![]));
    ex["message"].as_str().expect("an error message").to_owned()
}

#[test]
fn malformed_exercises_are_errors_with_file_line_and_column() {
    let cases = [
        ("bad_toml", "bad_toml/exercise.toml:3:8: unclosed table, expected `]`"),
        ("unknown_key", "unknown_key/exercise.toml:4:1: unknown field `outcom`, expected one of `outcome`"),
        ("wrong_type", "wrong_type/exercise.toml:9:8: invalid type: string \"four\", expected u32"),
        ("missing_snippet", "missing_snippet/exercise.toml:2:8: snippet file `lesson.rs` not found"),
        ("compile_fail_without_codes", "compile_fail_without_codes/exercise.toml:3:1: [expect] has outcome = \"compile-fail\" but names no error: add errors"),
        ("unknown_outcome", "unknown_outcome/exercise.toml:4:11: unknown variant `compile-error`, expected one of `compile-fail`"),
    ];
    for (name, expected) in cases {
        let message = config_error(name);
        assert!(message.starts_with("fixtures/malformed/"), "{message}");
        assert!(message.contains(expected), "{name}: {message}");
    }
    assert_eq!(group("malformed")["summary"]["errors"], 7);
}

#[test]
fn one_bad_exercise_does_not_stop_the_others() {
    let out = run(&[
        "check",
        "fixtures/malformed/unknown_key",
        "fixtures/pass/use_after_move",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains("ERROR fixtures/malformed/unknown_key"),
        "{text}"
    );
    assert!(
        text.contains(" PASS fixtures/pass/use_after_move"),
        "{text}"
    );
    assert_eq!(last_line(&out), "1 passed, 0 failed, 1 error");
}

#[test]
fn human_report_ends_with_the_summary_and_no_colour_in_a_pipe() {
    let out = run(&[
        "check",
        "fixtures/fail/wrong_line",
        "fixtures/pass/use_after_move",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(!text.contains('\x1b'), "{text}");
    assert!(
        text.contains(
            " FAIL fixtures/fail/wrong_line\n  main.rs (compile-fail): no diagnostic matches"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "rustc's output:\nerror[E0382]: borrow of moved value: `s1`\n --> fixtures/fail/wrong_line/main.rs:4:20"
        ),
        "{text}"
    );
    assert_eq!(last_line(&out), "1 passed, 1 failed");
}

#[test]
fn colour_can_be_forced() {
    let out = run(&["check", "--color", "always", "fixtures/fail/wrong_line"]);
    let text = stdout(&out);
    assert!(text.contains("\x1b[1;31m FAIL"), "{text}");
    // rustc's own colours are kept.
    assert!(
        text.contains("\x1b[0m\x1b[1m\x1b[38;5;9merror[E0382]")
            || text.contains("\x1b[1m\x1b[91merror[E0382]"),
        "{text}"
    );
}

/// A `[solution]` with no `solution.rs` cannot be proven: an error naming the file, never
/// a pass.
#[test]
fn a_solution_table_without_its_file_is_an_error() {
    let (code, doc) = json(&["fixtures/no_solution"]);
    assert_eq!(code, 2, "{doc:#}");
    let ex = exercise(&doc, "declared_without_file");
    assert_eq!(ex["status"], "error", "{ex:#}");
    let solution = check(ex, "solution.rs");
    assert_eq!(solution["status"], "error", "{ex:#}");
    assert!(
        solution["error"].as_str().is_some_and(
            |e| e.contains("solution.rs not found: [solution] needs the reference fix")
        ),
        "{ex:#}"
    );
    assert_eq!(
        check(ex, "main.rs")["status"],
        "pass",
        "the snippet is still checked"
    );
}

/// A mistyped option gets a suggestion and the true usage, which does not make the
/// suggested option look required.
#[test]
fn a_mistyped_option_shows_the_real_usage() {
    let out = run(&["check", "--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("a similar argument exists: '--format'"),
        "{said}"
    );
    assert!(
        said.contains("Usage: snipcheck check [OPTIONS] [PATH]..."),
        "{said}"
    );
    assert!(!said.contains("check --format <FORMAT>"), "{said}");
}

/// `--submission` given a class, or `--submissions` given one submission: every exercise
/// would be missing, so grade stops and names the option meant.
#[test]
fn grade_names_the_submission_option_meant() {
    let exercises = ["grade", "--exercises", "fixtures/attack/exercises"];
    let cases = [
        (
            "--submission",
            "fixtures/attack/submissions",
            "holds a class",
            "--submissions fixtures/attack/submissions",
        ),
        (
            "--submissions",
            "fixtures/attack/submissions/honest",
            "holds one submission",
            "--submission fixtures/attack/submissions/honest",
        ),
    ];
    for (option, dir, holds, meant) in cases {
        let args: Vec<&str> = exercises.iter().copied().chain([option, dir]).collect();
        let out = run(&args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{option} {dir}: {said}");
        assert!(
            said.contains(holds) && said.contains(meant),
            "{option} {dir}: {said}"
        );
    }
}

/// A missing `--exercises` path is named with its option.
#[test]
fn grade_names_the_option_of_a_missing_path() {
    let out = run(&[
        "grade",
        "--exercises",
        "nowhere",
        "--submission",
        "fixtures",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: --exercises nowhere: no such file or directory\n"
    );
}

/// A `--filter` that keeps nothing is a typo, not an empty run that passes CI: exit 2,
/// naming the filter, for `check`, `doc` and `grade`.
#[test]
fn a_filter_that_matches_nothing_is_an_error() {
    let runs: [&[&str]; 3] = [
        &["check", "fixtures/pass", "--filter", "zzz"],
        &["doc", "fixtures/doc", "--filter", "zzz"],
        &[
            "grade",
            "--exercises",
            "fixtures/attack/exercises",
            "--submissions",
            "fixtures/attack/submissions",
            "--filter",
            "zzz",
        ],
    ];
    for args in runs {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("matches `zzz`"), "{args:?}: {stderr}");
        assert!(stdout(&out).is_empty(), "{args:?}: nothing is checked");
    }
}

#[test]
fn filter_and_partition_skip_the_rest() {
    let out = run(&["check", "fixtures/pass", "--filter", "use_after"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(last_line(&out), "1 passed, 0 failed, 10 skipped");
    let mut covered = Vec::new();
    for k in 1..=3 {
        let (code, doc) = json(&["fixtures/pass", "--partition", &format!("{k}/3")]);
        assert_eq!(code, 0);
        for ex in doc["exercises"].as_array().expect("array") {
            if ex["status"] != "skipped" {
                covered.push(ex["name"].as_str().expect("name").to_owned());
            }
        }
    }
    covered.sort();
    let mut all: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pass"))
            .expect("fixtures/pass")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
    all.sort();
    assert_eq!(
        covered, all,
        "partitions 1/3..3/3 cover every exercise exactly once"
    );
}

#[test]
fn parallel_output_is_deterministic() {
    let one = stdout(&run(&["check", "--jobs", "1", "fixtures/fail"]));
    let four = stdout(&run(&["check", "--jobs", "4", "fixtures/fail"]));
    assert_eq!(one, four);
}

#[test]
fn usage_errors_exit_2() {
    let missing = run(&["check", "fixtures/does_not_exist"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr)
        .contains("fixtures/does_not_exist: no such file or directory"));
    let bad_partition = run(&["check", "--partition", "4/3"]);
    assert_eq!(bad_partition.status.code(), Some(2));
    let empty = tempfile::tempdir().expect("temp dir");
    let nothing_here = snipcheck_at_root()
        .current_dir(empty.path())
        .arg("check")
        .output()
        .expect("runs");
    assert_eq!(nothing_here.status.code(), Some(2));
    let said = String::from_utf8_lossy(&nothing_here.stderr);
    assert!(
        said.contains("exercises: no such file or directory (run snipcheck where exercises/ is"),
        "{said}"
    );
    let no_exercises = run(&["check", "src"]);
    assert_eq!(no_exercises.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_exercises.stderr).contains("no exercises found"));
}

#[test]
fn missing_rustc_is_an_error_never_a_pass() {
    let out = snipcheck_at_root()
        .args(["check", "fixtures/pass/use_after_move"])
        .env("PATH", "/nonexistent")
        .output()
        .expect("snipcheck runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot run `rustc`"));
    assert!(stdout(&out).contains("ERROR fixtures/pass/use_after_move"));
    assert_eq!(last_line(&out), "0 passed, 0 failed, 1 error");
}

#[test]
fn unknown_toolchain_is_an_error() {
    let out = run(&[
        "check",
        "--toolchain",
        "no-such-toolchain-1.0",
        "fixtures/pass/use_after_move",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("toolchain `no-such-toolchain-1.0`"));
}

#[test]
fn a_program_that_hangs_is_a_timeout_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ex = dir.path().join("hangs");
    std::fs::create_dir(&ex).expect("mkdir");
    std::fs::write(
        ex.join("main.rs"),
        "fn main() { loop { std::hint::spin_loop(); } }\n",
    )
    .expect("write");
    std::fs::write(
        ex.join("exercise.toml"),
        "title = \"Hangs\"\n[expect]\noutcome = \"run-pass\"\n",
    )
    .expect("write");
    // rustc shares the timeout: 3 s leave a loaded machine time to compile; the bound on
    // the whole run only says the loop was stopped.
    let start = std::time::Instant::now();
    let out = run(&["check", "--timeout", "3", ex.to_str().expect("utf-8 path")]);
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stdout(&out).contains("timeout: the program ran longer than 3 s"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn no_temp_dirs_are_left_behind() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = snipcheck_at_root()
        .args(["check", "fixtures/pass", "fixtures/fail"])
        .env("TMPDIR", tmp.path())
        .output()
        .expect("snipcheck runs");
    assert_eq!(out.status.code(), Some(1));
    let left: Vec<_> = std::fs::read_dir(tmp.path()).expect("read").collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn bless_writes_only_the_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ex = dir.path().join("use_after_move");
    std::fs::create_dir(&ex).expect("mkdir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pass/use_after_move");
    for name in ["exercise.toml", "main.rs", "solution.rs"] {
        std::fs::copy(fixture.join(name), ex.join(name)).expect("copy");
    }
    let path = ex.to_str().expect("utf-8 path");
    let blessed = run(&["bless", path]);
    assert_eq!(blessed.status.code(), Some(0), "{}", stdout(&blessed));
    let snapshot = std::fs::read_to_string(ex.join("expected.stderr")).expect("snapshot written");
    assert!(
        snapshot.starts_with("error[E0382]: borrow of moved value: `s1`\n --> main.rs:4:20\n"),
        "{snapshot}"
    );
    assert!(!snapshot.contains('\x1b'));
    for name in ["exercise.toml", "main.rs", "solution.rs"] {
        assert_eq!(
            std::fs::read(fixture.join(name)).ok(),
            std::fs::read(ex.join(name)).ok(),
            "{name} changed"
        );
    }
    assert_eq!(run(&["check", path]).status.code(), Some(0));
}

#[test]
fn new_scaffolds_an_exercise_that_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ex = dir.path().join("03_types/mismatched_number");
    let path = ex.to_str().expect("utf-8 path");
    let created = run(&["new", path]);
    assert_eq!(created.status.code(), Some(0));
    let toml = std::fs::read_to_string(ex.join("exercise.toml")).expect("exercise.toml");
    assert!(toml.starts_with("title = \"Mismatched number\""), "{toml}");
    let checked = run(&["check", path]);
    assert_eq!(checked.status.code(), Some(0), "{}", stdout(&checked));
    assert_eq!(
        run(&["new", path]).status.code(),
        Some(2),
        "refuses to overwrite"
    );
}

#[test]
fn explain_shows_rustcs_explanation() {
    let out = run(&["explain", "0382"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("A variable was used after its contents have been moved elsewhere.")
    );
    let bad = run(&["explain", "E99999"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not an error code"));
    // A well-formed code rustc does not know: rustc's own sentence, said once.
    let unknown = run(&["explain", "E9999"]);
    assert_eq!(unknown.status.code(), Some(2));
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert_eq!(said.matches("error:").count(), 1, "{said}");
    assert!(said.starts_with("error: E9999 "), "{said}");
}

/// A real rustc crash: nightly's `-Z treat-err-as-bug` panics on the first error. Needs a
/// nightly toolchain; where there is none, the test says so and checks nothing.
#[test]
fn a_rustc_crash_is_an_error_never_a_pass() {
    if !common::has_nightly() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let ex = dir.path().join("crashes");
    std::fs::create_dir(&ex).expect("mkdir");
    std::fs::write(
        ex.join("main.rs"),
        "fn main() {\n    let n: u32 = \"three\";\n}\n",
    )
    .expect("write");
    let toml = "title = \"Crashes rustc\"\nrustc-args = [\"-Z\", \"treat-err-as-bug=1\"]\n\
                [expect]\noutcome = \"compile-fail\"\nerrors = [\"E0308\"]\n";
    std::fs::write(ex.join("exercise.toml"), toml).expect("write");
    let (code, doc) = json(&["--toolchain", "nightly", ex.to_str().expect("utf-8 path")]);
    assert_eq!(code, 2, "{doc:#}");
    let c = check(&doc["exercises"][0], "main.rs");
    assert_eq!(c["status"], "error");
    let error = c["error"].as_str().expect("error message");
    assert!(error.starts_with("rustc crashed"), "{error}");
    assert!(error.contains("treat-err-as-bug"), "{error}");
}

#[test]
fn a_panicking_program_shows_its_stderr() {
    let ex = exercise(group("fail"), "panics_at_run");
    let c = check(ex, "main.rs");
    assert_eq!(c["status"], "fail");
    let stderr = c["program_stderr"].as_str().expect("the program's stderr");
    assert!(
        stderr.contains("index out of bounds: the len is 0 but the index is 3"),
        "{stderr}"
    );
    let out = run(&["check", "fixtures/fail/panics_at_run"]);
    let text = stdout(&out);
    assert!(text.contains("the program's stderr:\n"), "{text}");
    assert!(
        text.contains("panicked at fixtures/fail/panics_at_run/main.rs:3:"),
        "the panic names the snippet as given: {text}"
    );
}

/// In CI with `--verbose`, the progress count ends at the number of results, malformed
/// and skipped exercises included.
#[test]
fn progress_counts_every_result() {
    let out = snipcheck_at_root()
        .env("CI", "true")
        .args([
            "check",
            "fixtures/malformed",
            "fixtures/pass",
            "--verbose",
            "--format",
            "json",
        ])
        .output()
        .expect("snipcheck runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let results = doc["exercises"].as_array().map_or(0, Vec::len);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let last = stderr
        .lines()
        .rfind(|l| l.starts_with("progress: "))
        .expect("progress lines");
    assert!(
        last.starts_with(&format!("progress: {results}/{results} exercises in ")),
        "{stderr}"
    );
}
