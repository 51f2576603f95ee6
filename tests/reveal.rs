//! `grade --reveal full|names|none` end to end on `fixtures/reveal/`: one exercise whose
//! hidden tests (`fixtures/reveal/hidden/`) compare with `SECRET-EXPECTED-42`, and two
//! students — `wrong` fails the test `distinctive_hidden_probe`, whose assertion prints the
//! secret, and `typed` makes the hidden tests fail to compile, so rustc quotes their code.
//! Every format, the GitHub step summary included, is rendered at every level and searched
//! for what the level must hide or show.

use std::path::Path;

mod common;
use common::snipcheck_at_root;

const EXERCISES: &str = "fixtures/reveal/exercises";
const SUBMISSIONS: &str = "fixtures/reveal/submissions";
const HIDDEN: &str = "fixtures/reveal/hidden";

/// The failing hidden test's name: `names` shows it, `none` does not.
const TEST_NAME: &str = "distinctive_hidden_probe";

/// What only `full` may show: the expected value, the assertion's message, the hidden
/// file's name (rustc's output and panics quote it) and a panic.
const SECRETS: [&str; 5] = [
    "SECRET-EXPECTED-42",
    "SECRET-MESSAGE-hint",
    "snipcheck_hidden_tests",
    "secret/answer/tests.rs",
    "panicked at",
];

/// One report of one run: which format it is, and its text.
struct Report {
    format: &'static str,
    text: String,
}

/// `grade` at `level` with `args`, its stdout; the cache in `cache` is shared by the runs
/// of one level, so only the first compiles.
fn grade(cache: &Path, level: &str, args: &[&str], summary: Option<&Path>) -> String {
    let mut cmd = snipcheck_at_root();
    cmd.env_remove("SNIPCHECK_NO_CACHE")
        .args(["grade", "--exercises", EXERCISES, "--hidden", HIDDEN])
        .args(["--reveal", level, "--cache-dir"])
        .arg(cache)
        .args(args);
    if let Some(path) = summary {
        cmd.env("GITHUB_STEP_SUMMARY", path);
    }
    let out = cmd.output().expect("snipcheck runs");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every format's report of the class at `level`.
fn reports(level: &str) -> Vec<Report> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cache, path) = (dir.path().join("cache"), |name: &str| dir.path().join(name));
    let class = ["--submissions", SUBMISSIONS];
    let (github, junit, summary) = (path("github.txt"), path("junit.xml"), path("summary.md"));
    let to = |p: &Path| p.to_str().expect("utf-8 path").to_owned();
    let (github_arg, junit_arg) = (to(&github), to(&junit));
    let human = grade(
        &cache,
        level,
        &[
            &class[..],
            &[
                "--format",
                "github",
                "--output",
                &github_arg,
                "--junit",
                &junit_arg,
            ],
        ]
        .concat(),
        Some(&summary),
    );
    let mut exercism = String::new();
    for student in ["wrong", "typed"] {
        let one = format!("{SUBMISSIONS}/{student}");
        exercism += &grade(
            &cache,
            level,
            &["--submission", &one, "--format", "exercism"],
            None,
        );
    }
    let of = |format| {
        grade(
            &cache,
            level,
            &[&class[..], &["--format", format]].concat(),
            None,
        )
    };
    vec![
        Report {
            format: "human",
            text: human,
        },
        Report {
            format: "github",
            text: read(&github),
        },
        Report {
            format: "step summary",
            text: read(&summary),
        },
        Report {
            format: "junit",
            text: read(&junit),
        },
        Report {
            format: "json",
            text: of("json"),
        },
        Report {
            format: "html",
            text: of("html"),
        },
        Report {
            format: "exercism",
            text: exercism,
        },
    ]
}

fn assert_hidden(reports: &[Report], words: &[&str]) {
    for report in reports {
        for word in words {
            assert!(
                !report.text.contains(word),
                "{} shows {word}:\n{}",
                report.format,
                report.text
            );
        }
    }
}

fn assert_shown(reports: &[Report], formats: &[&str], word: &str) {
    for report in reports.iter().filter(|r| formats.contains(&r.format)) {
        assert!(
            report.text.contains(word),
            "{} does not show {word}:\n{}",
            report.format,
            report.text
        );
    }
}

const EVERY_FORMAT: [&str; 7] = [
    "human",
    "github",
    "step summary",
    "junit",
    "json",
    "html",
    "exercism",
];

#[test]
fn none_shows_neither_names_nor_secrets() {
    let reports = reports("none");
    assert_hidden(&reports, &SECRETS);
    assert_hidden(&reports, &[TEST_NAME]);
    // The score and the count of hidden tests stay.
    assert_shown(&reports, &["human"], "0.5/1  (1 of 2 hidden tests passed)");
    assert_shown(&reports, &["json"], "\"reveal\": \"none\"");
    assert_shown(&reports, &EVERY_FORMAT, "hidden tests did not compile");
}

#[test]
fn names_show_the_failing_test_but_no_secret() {
    let reports = reports("names");
    assert_hidden(&reports, &SECRETS);
    assert_shown(&reports, &EVERY_FORMAT, TEST_NAME);
    assert_shown(&reports, &["json"], "\"reveal\": \"names\"");
}

#[test]
fn full_shows_everything() {
    let reports = reports("full");
    assert_shown(&reports, &EVERY_FORMAT, TEST_NAME);
    assert_shown(&reports, &EVERY_FORMAT, "snipcheck_hidden_tests");
    // rustc's output and the program's stderr: the formats that carry them, naming the
    // grader's file as given, not the name it was compiled under.
    let tests_file = format!("{HIDDEN}/secret/answer/tests.rs:10:");
    for secret in ["SECRET-EXPECTED-42", "SECRET-MESSAGE-hint", &tests_file] {
        assert_shown(&reports, &["human", "junit", "json", "html"], secret);
    }
    assert_hidden(&reports, &["\"reveal\""]);
}

/// Shard `k` of 2 at `level`, as a JSON report in `dir`; its path.
fn shard(dir: &Path, k: u32, level: &str) -> String {
    let file = dir.join(format!("shard-{k}-{level}.json"));
    let path = file.to_str().expect("utf-8 path").to_owned();
    let partition = format!("{k}/2");
    let args = ["--submissions", SUBMISSIONS, "--partition", &partition];
    let args = [&args[..], &["--format", "json", "--output", &path]].concat();
    grade(&dir.join("cache"), level, &args, None);
    path
}

#[test]
fn merge_keeps_the_level_and_refuses_mixed_levels() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (one, two) = (shard(dir.path(), 1, "names"), shard(dir.path(), 2, "names"));
    let merged = snipcheck_at_root()
        .args(["merge", &one, &two, "--format", "json"])
        .output()
        .expect("merge runs");
    let text = String::from_utf8(merged.stdout).expect("utf-8");
    assert!(text.contains("\"reveal\": \"names\""), "{text}");
    assert!(
        text.contains(TEST_NAME) && !text.contains("SECRET-EXPECTED-42"),
        "{text}"
    );
    let other = shard(dir.path(), 2, "full");
    let refused = snipcheck_at_root()
        .args(["merge", &one, &other])
        .output()
        .expect("merge runs");
    assert_eq!(refused.status.code(), Some(2));
    let error = String::from_utf8_lossy(&refused.stderr);
    assert!(
        error.contains("--reveal names") && error.contains("--reveal full"),
        "{error}"
    );
}
