//! `snipcheck grade` end to end, with the real rustc, on `fixtures/grade/`: four exercises
//! (7 points) and three submissions — `perfect`, `partial` (a failing hidden test, a wrong
//! stdout) and `broken` (missing files, a snippet that does not compile) — plus hidden tests
//! in `fixtures/grade/hidden/`. Also the new report formats of `check`.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;
use std::sync::OnceLock;

use serde_json::Value;

mod common;
use common::snipcheck_at_root;

const EXERCISES: &str = "fixtures/grade/exercises";
const SUBMISSIONS: &str = "fixtures/grade/submissions";
const HIDDEN: &str = "fixtures/grade/hidden";

fn snipcheck(args: &[&str]) -> Output {
    snipcheck_at_root()
        .args(args)
        .output()
        .expect("snipcheck runs")
}

/// `grade --exercises ... --hidden ...` plus `args`.
fn grade(args: &[&str]) -> Output {
    let mut all = vec!["grade", "--exercises", EXERCISES, "--hidden", HIDDEN];
    all.extend_from_slice(args);
    snipcheck(&all)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)))
}

/// The JSON report of the whole class, computed once.
fn class() -> &'static Value {
    static CLASS: OnceLock<Value> = OnceLock::new();
    CLASS.get_or_init(|| {
        let out = grade(&["--submissions", SUBMISSIONS, "--format", "json"]);
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        json_of(&out)
    })
}

fn student<'a>(doc: &'a Value, name: &str) -> &'a Value {
    doc["students"]
        .as_array()
        .expect("students")
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no student {name}"))
}

/// What a student got for one exercise: status, score, hidden tests passed / total.
type Row = (String, f64, Option<(u64, u64)>);

/// exercise -> its row
fn scores(student: &Value) -> BTreeMap<String, Row> {
    let exercises = student["exercises"].as_array().expect("exercises");
    exercises
        .iter()
        .map(|e| {
            let tests = e["tests"].as_object().map(|t| {
                (
                    t["passed"].as_u64().expect("passed"),
                    t["total"].as_u64().expect("total"),
                )
            });
            let key = e["exercise"].as_str().expect("exercise").to_owned();
            let status = e["status"].as_str().expect("status").to_owned();
            (key, (status, e["score"].as_f64().expect("score"), tests))
        })
        .collect()
}

fn row(status: &str, score: f64, tests: Option<(u64, u64)>) -> Row {
    (status.to_owned(), score, tests)
}

/// Expected rows of a student, by exercise.
fn table<const N: usize>(rows: [(&str, Row); N]) -> BTreeMap<String, Row> {
    rows.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

#[test]
fn every_student_gets_the_exact_score() {
    let doc = class();
    assert_eq!(doc["version"], 1);
    let summary = &doc["summary"];
    assert_eq!(
        (summary["score"].as_f64(), summary["max_score"].as_u64()),
        (Some(12.0), Some(21))
    );
    assert_eq!(summary["students"], 3);
    assert_eq!(
        [
            &summary["passed"],
            &summary["failed"],
            &summary["missing"],
            &summary["errors"]
        ],
        [6, 4, 2, 0]
    );
    let names: Vec<&str> = doc["students"]
        .as_array()
        .expect("students")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["broken", "partial", "perfect"]);

    let perfect = student(doc, "perfect");
    assert_eq!(
        (perfect["score"].as_f64(), perfect["max_score"].as_u64()),
        (Some(7.0), Some(7))
    );
    assert_eq!(
        scores(perfect),
        table([
            ("01_basics/add_cents", row("pass", 2.0, Some((2, 2)))),
            ("01_basics/greeting", row("pass", 1.0, None)),
            // The submission's own failing #[test] is not run: only hidden tests count.
            ("02_more/checked_div", row("pass", 3.0, Some((3, 3)))),
            ("02_more/longest", row("pass", 1.0, None)),
        ])
    );

    let partial = student(doc, "partial");
    assert_eq!(partial["score"].as_f64(), Some(4.0));
    assert_eq!(
        scores(partial),
        table([
            ("01_basics/add_cents", row("fail", 1.0, Some((1, 2)))),
            ("01_basics/greeting", row("fail", 0.0, None)),
            ("02_more/checked_div", row("fail", 2.0, Some((2, 3)))),
            ("02_more/longest", row("pass", 1.0, None)),
        ])
    );

    let broken = student(doc, "broken");
    assert_eq!(broken["score"].as_f64(), Some(1.0));
    assert_eq!(
        scores(broken),
        table([
            ("01_basics/add_cents", row("fail", 0.0, None)),
            ("01_basics/greeting", row("missing", 0.0, None)),
            ("02_more/checked_div", row("missing", 0.0, None)),
            ("02_more/longest", row("pass", 1.0, None)),
        ])
    );
}

#[test]
fn failures_say_why() {
    let partial = student(class(), "partial");
    let exercise = |name: &str| {
        partial["exercises"]
            .as_array()
            .expect("exercises")
            .iter()
            .find(|e| e["exercise"] == name)
            .cloned()
            .expect("exercise")
    };
    let add = exercise("01_basics/add_cents");
    assert_eq!(
        add["submission"],
        "fixtures/grade/submissions/partial/01_basics/add_cents/main.rs"
    );
    let mismatches = add["checks"][0]["mismatches"].to_string();
    assert!(
        mismatches.contains("1 of 2 tests failed: refuses_overflow"),
        "{mismatches}"
    );
    let greeting = exercise("01_basics/greeting");
    let diff = greeting["checks"][0]["diff"].as_str().expect("diff");
    assert!(
        diff.contains("-stdout: \"Hello, Ferris!\\n\"\n+stdout: \"Hello, ferris!\\n\""),
        "{diff}"
    );
    let broken = student(class(), "broken");
    let missing = &broken["exercises"][1];
    assert_eq!(missing["status"], "missing");
    assert_eq!(missing["points"], 1);
    assert!(missing["message"].to_string().contains("no submission"));
}

#[test]
fn a_perfect_submission_exits_zero() {
    let out = grade(&["--submission", "fixtures/grade/submissions/perfect"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("perfect: 7/7"), "{stdout}");
    assert!(stdout.ends_with("\n4 passed, 0 failed\n"), "{stdout}");
}

/// The document shape JUnit consumers share: testsuites > testsuite > (properties,
/// testcase > (failure | error | skipped)), with the counting attributes.
fn check_junit_shape(doc: &roxmltree::Document<'_>) {
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    for suite in root.children().filter(roxmltree::Node::is_element) {
        assert_eq!(suite.tag_name().name(), "testsuite");
        for attribute in ["name", "tests", "failures", "errors", "skipped", "time"] {
            assert!(
                suite.attribute(attribute).is_some(),
                "testsuite without {attribute}"
            );
        }
        let mut counted = [0_usize; 4];
        for child in suite.children().filter(roxmltree::Node::is_element) {
            match child.tag_name().name() {
                "properties" => continue,
                "testcase" => counted[0] += 1,
                other => panic!("unexpected <{other}> in a testsuite"),
            }
            for attribute in ["name", "classname", "time"] {
                assert!(
                    child.attribute(attribute).is_some(),
                    "testcase without {attribute}"
                );
            }
            for verdict in child.children().filter(roxmltree::Node::is_element) {
                match verdict.tag_name().name() {
                    "failure" => counted[1] += 1,
                    "error" => counted[2] += 1,
                    "skipped" => counted[3] += 1,
                    other => panic!("unexpected <{other}> in a testcase"),
                }
                assert!(verdict.attribute("message").is_some());
            }
        }
        let declared: [usize; 4] = ["tests", "failures", "errors", "skipped"].map(|a| {
            suite
                .attribute(a)
                .and_then(|v| v.parse().ok())
                .expect("a count")
        });
        assert_eq!(declared, counted, "counts of {:?}", suite.attribute("name"));
    }
}

#[test]
fn junit_has_a_suite_per_student_and_a_case_per_exercise() {
    let out = grade(&["--submissions", SUBMISSIONS, "--format", "junit"]);
    assert_eq!(out.status.code(), Some(1));
    let xml = text(&out.stdout);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    check_junit_shape(&doc);
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .collect();
    let names: Vec<_> = suites.iter().filter_map(|s| s.attribute("name")).collect();
    assert_eq!(names, ["broken", "partial", "perfect"]);
    let broken = suites[0];
    let property = |name: &str| {
        broken
            .descendants()
            .find(|n| n.has_tag_name("property") && n.attribute("name") == Some(name))
            .and_then(|n| n.attribute("value"))
    };
    assert_eq!(
        (property("score"), property("max_score")),
        (Some("1"), Some("7"))
    );
    let case = |name: &str| {
        broken
            .children()
            .find(|n| n.attribute("name") == Some(name))
            .expect("testcase")
    };
    let add = case("01_basics/add_cents");
    assert_eq!(add.attribute("classname"), Some("broken"));
    assert_eq!(
        (add.attribute("file"), add.attribute("line")),
        (
            Some("fixtures/grade/submissions/broken/01_basics/add_cents/main.rs"),
            Some("2")
        )
    );
    let failure = add.first_element_child().expect("failure");
    assert_eq!(failure.tag_name().name(), "failure");
    let message = failure.attribute("message").expect("message");
    assert!(
        message.starts_with("--- expected\n+++ actual\n"),
        "the message is the diff: {message}"
    );
    assert!(
        message.contains("+error[E0308] main.rs:2: mismatched types"),
        "{message}"
    );
    assert!(failure
        .text()
        .is_some_and(|t| t.contains("rustc's output:")));
    let missing = case("01_basics/greeting")
        .first_element_child()
        .expect("failure");
    assert_eq!(missing.attribute("type"), Some("missing"));
    let perfect = suites[2];
    assert_eq!(perfect.attribute("failures"), Some("0"));
}

#[test]
fn github_annotates_the_submitted_lines_and_writes_a_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let summary = dir.path().join("summary.md");
    let out = snipcheck_at_root()
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["grade", "--exercises", EXERCISES, "--hidden", HIDDEN])
        .args(["--submissions", SUBMISSIONS, "--format", "github"])
        .output()
        .expect("runs");
    let stdout = text(&out.stdout);
    let annotations: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error"))
        .collect();
    assert!(annotations.contains(
        &"::error file=fixtures/grade/submissions/broken/01_basics/add_cents/main.rs,line=2,title=broken%3A 01_basics/add_cents::main.rs (test-pass): error E0308 was reported but not expected%0Amain.rs (test-pass): expected outcome test-pass, got compile-fail"
    ), "{stdout}");
    assert!(annotations.iter().any(|a| a.starts_with(
        "::error file=fixtures/grade/submissions/partial/01_basics/greeting/main.rs,line=1,title=partial%3A 01_basics/greeting::"
    )), "{stdout}");
    assert!(annotations
        .iter()
        .any(|a| a.starts_with("::error title=broken%3A 01_basics/greeting::no submission")));
    assert_eq!(
        annotations.len(),
        6,
        "one per failing or missing exercise: {stdout}"
    );
    assert!(stdout.contains("::notice title=snipcheck grade::partial: 4/7\n"));
    let markdown = std::fs::read_to_string(&summary).expect("a job summary");
    assert!(
        markdown.starts_with("## snipcheck grade: 12/21 points\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| partial | 4/7 | 1 | 3 | 0 | 0 |"),
        "{markdown}"
    );
    assert!(markdown.contains("### broken: 1/7"), "{markdown}");
    assert!(markdown.contains("```diff\n--- expected"), "{markdown}");
}

#[test]
fn exercism_results_describe_one_submission() {
    let out = grade(&[
        "--submission",
        "fixtures/grade/submissions/partial",
        "--format",
        "exercism",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json_of(&out);
    assert_eq!(
        (doc["version"].as_u64(), doc["status"].as_str()),
        (Some(2), Some("fail"))
    );
    let tests = doc["tests"].as_array().expect("tests");
    let statuses: Vec<(&str, &str)> = tests
        .iter()
        .map(|t| {
            (
                t["name"].as_str().expect("name"),
                t["status"].as_str().expect("status"),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("01_basics/add_cents", "fail"),
            ("01_basics/greeting", "fail"),
            ("02_more/checked_div", "fail"),
            ("02_more/longest", "pass")
        ]
    );
    assert!(tests[1]["message"].to_string().contains("stdout differs"));

    let many = grade(&["--submissions", SUBMISSIONS, "--format", "exercism"]);
    assert_eq!(many.status.code(), Some(2));
    assert!(text(&many.stderr).contains("--format exercism describes one submission"));
}

fn graded_exercises(args: &[&str]) -> Vec<String> {
    let out = grade(args);
    let doc = json_of(&out);
    doc["students"]
        .as_array()
        .expect("students")
        .iter()
        .flat_map(|s| s["exercises"].as_array().expect("exercises").iter())
        .map(|e| e["exercise"].as_str().expect("exercise").to_owned())
        .collect()
}

#[test]
fn partitions_cover_every_exercise_and_student_once() {
    let mut exercises = Vec::new();
    let mut students = Vec::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let one = [
            "--submission",
            "fixtures/grade/submissions/perfect",
            "--format",
            "json",
        ];
        let mut args = one.to_vec();
        args.extend(["--partition", shard]);
        exercises.extend(graded_exercises(&args));
        let out = grade(&[
            "--submissions",
            SUBMISSIONS,
            "--format",
            "json",
            "--partition",
            shard,
        ]);
        let doc = json_of(&out);
        for s in doc["students"].as_array().expect("students") {
            students.push(s["name"].as_str().expect("name").to_owned());
            assert_eq!(
                s["exercises"].as_array().map(Vec::len),
                Some(4),
                "whole students"
            );
        }
    }
    exercises.sort();
    assert_eq!(
        exercises,
        [
            "01_basics/add_cents",
            "01_basics/greeting",
            "02_more/checked_div",
            "02_more/longest"
        ]
    );
    students.sort();
    assert_eq!(students, ["broken", "partial", "perfect"]);
}

#[test]
fn output_takes_the_report_and_the_terminal_the_human_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report.xml");
    let file_arg = file.to_str().expect("utf-8 path");
    let out = grade(&[
        "--submission",
        "fixtures/grade/submissions/broken",
        "--format",
        "junit",
        "--output",
        file_arg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let xml = std::fs::read_to_string(&file).expect("the report file");
    check_junit_shape(&roxmltree::Document::parse(&xml).expect("XML"));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(" MISS 01_basics/greeting"), "{stdout}");
    assert!(stdout.contains("broken: 1/7"), "{stdout}");
}

/// In CI with `--verbose`, progress lines count the students done beside the exercises.
#[test]
fn progress_counts_students_and_exercises() {
    let out = snipcheck_at_root()
        .env("CI", "true")
        .args(["grade", "--exercises", EXERCISES, "--hidden", HIDDEN])
        .args([
            "--submissions",
            SUBMISSIONS,
            "--verbose",
            "--format",
            "json",
        ])
        .output()
        .expect("snipcheck runs");
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("progress: "))
        .collect();
    let last = lines.last().expect("progress lines");
    assert!(
        last.starts_with("progress: 12/12 exercises graded · 3/3 students done in "),
        "{stderr}"
    );
}

/// A submission of `add_cents` (failing one hidden test) in a temp dir, plus `extra` files.
fn submission_with(extra: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let ex = dir.path().join("student/01_basics/add_cents");
    std::fs::create_dir_all(&ex).expect("mkdir");
    std::fs::copy(
        "fixtures/grade/submissions/partial/01_basics/add_cents/main.rs",
        ex.join("main.rs"),
    )
    .expect("copy");
    for (name, content) in extra {
        std::fs::write(ex.join(name), content).expect("write");
    }
    dir
}

#[test]
fn a_submission_cannot_replace_the_hidden_tests() {
    let always_passes = "use super::*;\n#[test]\nfn adds() {}\n#[test]\nfn refuses_overflow() {}\n";
    let dir = submission_with(&[
        ("tests.rs", always_passes),
        ("snipcheck_hidden_tests.rs", always_passes),
    ]);
    let student = dir.path().join("student");
    let out = grade(&[
        "--submission",
        student.to_str().expect("utf-8"),
        "--format",
        "json",
        "--filter",
        "add_cents",
    ]);
    let doc = json_of(&out);
    let ex = &doc["students"][0]["exercises"][0];
    assert_eq!(ex["status"], "fail", "{ex:#}");
    assert_eq!(ex["tests"]["passed"], 1);
    assert_eq!(ex["score"], 1);
}

#[test]
fn a_symlink_out_of_the_submission_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ex = dir.path().join("student/02_more/longest");
    std::fs::create_dir_all(&ex).expect("mkdir");
    std::os::unix::fs::symlink("/etc/passwd", ex.join("main.rs")).expect("symlink");
    let student = dir.path().join("student");
    let out = grade(&[
        "--submission",
        student.to_str().expect("utf-8"),
        "--format",
        "json",
        "--filter",
        "longest",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json_of(&out);
    let result = &doc["students"][0]["exercises"][0];
    assert_eq!(result["status"], "fail");
    let message = result["message"].as_str().expect("message");
    assert!(
        message.contains("symlink to a file outside the submission"),
        "{message}"
    );
    assert!(!text(&out.stdout).contains("root:"), "no passwd content");
}

#[test]
fn grader_errors_exit_two() {
    let perfect = "fixtures/grade/submissions/perfect";
    let out = snipcheck(&[
        "grade",
        "--exercises",
        "fixtures/malformed",
        "--submission",
        perfect,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let doc = json_of(&out);
    let statuses: Vec<&Value> = doc["students"][0]["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .map(|e| &e["status"])
        .collect();
    assert!(
        !statuses.is_empty() && statuses.iter().all(|s| *s == "error"),
        "{statuses:?}"
    );

    let hidden = tempfile::tempdir().expect("temp dir");
    let greeting = hidden.path().join("01_basics/greeting");
    std::fs::create_dir_all(&greeting).expect("mkdir");
    std::fs::write(greeting.join("tests.rs"), "").expect("write");
    let hidden_arg = hidden.path().to_str().expect("utf-8");
    let out = snipcheck(&[
        "grade",
        "--exercises",
        EXERCISES,
        "--hidden",
        hidden_arg,
        "--submission",
        perfect,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("hidden tests need outcome = \"test-pass\""));

    let out = snipcheck(&["grade", "--exercises", EXERCISES]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "--submission or --submissions is required"
    );
}

#[test]
fn check_speaks_every_format() {
    let out = snipcheck(&["check", "fixtures/fail", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for expected in [
        "::error file=fixtures/fail/wrong_line/main.rs,line=4,title=fixtures/fail/wrong_line::",
        "::error file=fixtures/fail/solution_does_not_compile/solution.rs,line=4,",
        "::error file=fixtures/fail/snapshot_mismatch/expected.stderr,line=1,",
    ] {
        assert!(stdout.contains(expected), "{expected} in {stdout}");
    }
    assert!(stdout.ends_with("0 passed, 14 failed\n"), "{stdout}");

    let out = snipcheck(&["check", EXERCISES, "--format", "junit"]);
    assert_eq!(out.status.code(), Some(0));
    let xml = text(&out.stdout);
    let doc = roxmltree::Document::parse(&xml).expect("XML");
    check_junit_shape(&doc);
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .collect();
    assert_eq!(suites.len(), 1, "one testsuite for a check run");
    assert_eq!(suites[0].attribute("tests"), Some("4"));

    let out = snipcheck(&["check", EXERCISES, "--format", "exercism"]);
    assert_eq!(json_of(&out)["status"], "pass");
}

#[test]
fn check_json_keeps_the_spec_shape() {
    let out = snipcheck(&["check", EXERCISES, "--format", "json"]);
    let doc = json_of(&out);
    let mut keys: Vec<&String> = doc["summary"]
        .as_object()
        .expect("summary")
        .keys()
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        ["duration_ms", "errors", "failed", "passed", "skipped"]
    );
    assert_eq!(doc["exercises"][0]["score"], 2, "scores stay integers");
    assert!(Path::new(EXERCISES).is_dir());
}

#[test]
fn one_run_gives_annotations_and_a_junit_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let junit = dir.path().join("junit.xml");
    let junit_arg = junit.to_str().expect("utf-8 path");
    let out = snipcheck(&[
        "grade",
        "--exercises",
        EXERCISES,
        "--hidden",
        HIDDEN,
        "--submissions",
        SUBMISSIONS,
        "--format",
        "github",
        "--junit",
        junit_arg,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("::error file="),
        "{}",
        text(&out.stdout)
    );
    let xml = std::fs::read_to_string(&junit).expect("the JUnit file is written");
    let doc = roxmltree::Document::parse(&xml).expect("XML");
    let suites: Vec<_> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 3, "one testsuite per student: {xml}");
}

/// One student's programs never share a binary with another's. A batch program's member
/// is started under its member's name (`./s0000`, `./s0001`): two students with two
/// run-pass exercises each, whose programs print that name, pass only when each student's
/// two programs were one batch of their own (a shared batch would name the second
/// student's `s0002` and `s0003`, and a program alone is `./snippet-program`).
#[test]
fn each_students_programs_are_a_batch_of_their_own() {
    let root = tempfile::tempdir().expect("temp dir");
    let program =
        "fn main() {\n    println!(\"{}\", std::env::args().next().unwrap_or_default());\n}\n";
    two_students_two_exercises(root.path(), program, |i, dir| {
        std::fs::write(dir.join("main.rs"), "fn main() {}\n").expect("write");
        let toml = format!(
            "title = \"Prints the name it runs under\"\n[expect]\noutcome = \"compile-pass\"\n[solution]\noutcome = \"run-pass\"\nstdout = \"./s000{i}\\n\"\n"
        );
        std::fs::write(dir.join("exercise.toml"), toml).expect("write");
    });
    let (code, doc) = grade_two_students(root.path(), &[]);
    assert_eq!(doc["summary"]["score"], 4, "{doc:#}");
    assert_eq!(code, Some(0), "{doc:#}");
}

/// A class of two students, `ann` and `bob`, who both submit `submission` to the two
/// exercises `a_first` and `b_second`; `write_exercise(i, dir)` writes exercise `i`.
fn two_students_two_exercises(
    root: &Path,
    submission: &str,
    write_exercise: impl Fn(usize, &Path),
) {
    for (i, name) in ["a_first", "b_second"].iter().enumerate() {
        let dir = root.join("exercises").join(name);
        std::fs::create_dir_all(&dir).expect("mkdir");
        write_exercise(i, &dir);
        for student in ["ann", "bob"] {
            let sub = root.join("class").join(student).join(name);
            std::fs::create_dir_all(&sub).expect("mkdir");
            std::fs::write(sub.join("main.rs"), submission).expect("write");
        }
    }
}

/// `grade --jobs 1 --format json` of the class `two_students_two_exercises` wrote, with
/// `extra`: the exit code and the report.
fn grade_two_students(root: &Path, extra: &[&str]) -> (Option<i32>, Value) {
    let exercises = root.join("exercises");
    let class = root.join("class");
    let mut args = vec![
        "grade",
        "--jobs",
        "1",
        "--format",
        "json",
        "--exercises",
        exercises.to_str().expect("utf-8"),
        "--submissions",
        class.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let out = snipcheck(&args);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    (out.status.code(), doc)
}

/// Hidden tests build in batches too, one student's apart from another's: a hidden test
/// that asserts the module it is compiled in passes only as member `s000N` of a `--test`
/// batch holding just its student's two exercises (a test alone is compiled in
/// `snipcheck_hidden_tests` at the crate root, and a shared batch would number the
/// second student's members `s0002` and `s0003`).
#[test]
fn each_students_hidden_tests_are_a_batch_of_their_own() {
    let root = tempfile::tempdir().expect("temp dir");
    let snippet = "pub fn answer() -> u32 {\n    42\n}\n\nfn main() {}\n";
    two_students_two_exercises(root.path(), snippet, |i, dir| {
        std::fs::write(dir.join("main.rs"), snippet).expect("write");
        let toml = "title = \"Knows where its tests run\"\n[expect]\noutcome = \"compile-pass\"\n[solution]\noutcome = \"test-pass\"\ntests = \"tests.rs\"\n";
        std::fs::write(dir.join("exercise.toml"), toml).expect("write");
        let tests = format!(
            "use super::*;\n\n#[test]\nfn runs_in_its_students_batch() {{\n    assert_eq!(answer(), 42);\n    assert_eq!(module_path!(), \"snipcheck_batch::s000{i}::snipcheck_hidden_tests\");\n}}\n"
        );
        std::fs::write(dir.join("tests.rs"), tests).expect("write");
    });
    let grade = |extra: &[&str]| grade_two_students(root.path(), extra);
    let (code, doc) = grade(&[]);
    assert_eq!(doc["summary"]["score"], 4, "{doc:#}");
    assert_eq!(code, Some(0), "{doc:#}");
    // Built alone, each test sees the module it has alone, and fails.
    let (code, doc) = grade(&["--no-batch"]);
    assert_eq!(doc["summary"]["score"], 0, "{doc:#}");
    assert_eq!(code, Some(1), "{doc:#}");
}

/// A malformed exercise keeps its points in every student's maximum (a student must not
/// read 2/2 as full marks when a third point could not be graded), is an error for every
/// student in every format, and the human report prints its error once.
#[test]
fn a_malformed_exercise_keeps_its_points_and_is_said_once() {
    let tmp = tempfile::tempdir().expect("temp dir");
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/grade"),
        tmp.path(),
    );
    let toml = tmp
        .path()
        .join("exercises/01_basics/greeting/exercise.toml");
    let mut text_of_toml = std::fs::read_to_string(&toml).expect("exercise.toml");
    text_of_toml.push_str("bogus = 1\n");
    std::fs::write(&toml, text_of_toml).expect("break exercise.toml");
    let root = tmp.path().to_str().expect("utf-8 path").to_owned();
    let (exercises, submissions) = (format!("{root}/exercises"), format!("{root}/submissions"));
    let run = |format: &str| {
        snipcheck(&[
            "grade",
            "--exercises",
            &exercises,
            "--submissions",
            &submissions,
            "--format",
            format,
        ])
    };
    let out = run("json");
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let doc = json_of(&out);
    let intact = class();
    for s in doc["students"].as_array().expect("students") {
        let name = s["name"].as_str().expect("name");
        assert_eq!(
            s["max_score"],
            student(intact, name)["max_score"],
            "{name}: the broken exercise's point stays in the maximum"
        );
        let greeting = s["exercises"]
            .as_array()
            .expect("exercises")
            .iter()
            .find(|e| e["path"].as_str().is_some_and(|p| p.ends_with("greeting")))
            .expect("greeting");
        assert_eq!(greeting["status"], "error", "{greeting:#}");
    }
    let human = text(&run("human").stdout);
    assert_eq!(human.matches("unknown field `bogus`").count(), 1, "{human}");
    assert!(human.contains("(the same error as above)"), "{human}");
}
