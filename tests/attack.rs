//! A class that attacks its grader (`fixtures/attack/`): one exercise with three hidden
//! tests, and students who forge libtest's output, replace the assertion macros, turn
//! panics into a clean exit, hang in one test, read the hidden tests, other submissions
//! and /etc/passwd, append to every file they can, kill the grader, and leave a process
//! behind. Every student also submits a right answer to a second exercise with a hidden
//! test, so each attack whose text may share a test binary is built into one with it and
//! runs while its neighbour runs. Graded as whoever runs the tests and, when that is
//! root, also as a fresh unprivileged user: the common case of a GitHub runner or a
//! teacher's laptop.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
mod untrusted;
use common::copy_tree;
use untrusted::{confinement_switch, passwd_lines, processes_with, runners, Runner};

const FIXTURE: &str = "fixtures/attack";
/// A line of the hidden tests that must never reach a report.
const HIDDEN_MARKER: &str = "HIDDEN-TESTS-MARKER-7c1e";
/// A line of another student's submission that must never reach a report.
const OTHER_MARKER: &str = "HONEST-SUBMISSION-MARKER-41d2";
/// The argument that marks a process left behind.
const STRAGGLER: &str = "47.1234";

/// The tests look for processes left behind: they take turns.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// The attacked class, copied into a fresh directory the runner owns, with the students
/// whose attacks name this directory's absolute paths written in.
fn class(runner: &Runner) -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("temp dir");
    let root = home.path();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE), root);
    std::fs::create_dir_all(root.join("tmp")).expect("tmp");
    std::fs::copy(env!("CARGO_BIN_EXE_snipcheck"), root.join("snipcheck"))
        .expect("copy the binary");
    let honest = root.join("submissions/honest/sum/main.rs");
    let mut text = std::fs::read_to_string(&honest).expect("honest submission");
    text.push_str(&format!("// {OTHER_MARKER}\n"));
    std::fs::write(&honest, text).expect("mark the honest submission");
    for (student, body) in attacks(root) {
        let dir = root.join("submissions").join(student).join("sum");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("main.rs"), body).expect("write the attack");
    }
    let right = root.join("exercises/double/solution.rs");
    for student in std::fs::read_dir(root.join("submissions")).expect("submissions") {
        let dir = student.expect("student").path().join("double");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::copy(&right, dir.join("main.rs")).expect("submit the second exercise");
    }
    runner.own(root);
    home
}

/// A correct `sum` after `attack`, so only the attack can cost points.
fn with_attack(attack: &str) -> String {
    format!(
        "pub fn sum(counts: &[u32]) -> Option<u32> {{\n{attack}\n    counts.iter().try_fold(0u32, |total, &n| total.checked_add(n))\n}}\n\nfn main() {{}}\n"
    )
}

/// The students whose attacks need absolute paths: (name, snippet).
fn attacks(root: &Path) -> Vec<(&'static str, String)> {
    let hidden = root.join("hidden/sum/tests.rs");
    let other = root.join("submissions/honest/sum/main.rs");
    let reader = format!(
        r#"    for path in [{hidden:?}, {other:?}, "/etc/passwd"] {{
        match std::fs::read_to_string(path) {{
            Ok(text) => eprintln!("read {{path}}:\n{{text}}"),
            Err(e) => eprintln!("cannot read {{path}}: {{e}}"),
        }}
    }}
    if counts.is_empty() {{
        return None;
    }}"#
    );
    let writer = format!(
        r#"    fn spoil(dir: &std::path::Path) {{
        let Ok(entries) = std::fs::read_dir(dir) else {{ return }};
        for entry in entries.flatten() {{
            let path = entry.path();
            if path.is_dir() {{
                spoil(&path);
            }} else if path.extension().is_some_and(|x| x == "rs" || x == "toml") {{
                if let Ok(mut file) = std::fs::OpenOptions::new().append(true).open(&path) {{
                    let _ = std::io::Write::write_all(&mut file, b"// spoiled\n");
                }}
            }}
        }}
    }}
    spoil(std::path::Path::new({root:?}));"#
    );
    let killer = r#"    let _ = std::process::Command::new("/bin/sh")
        .args(["-c", "for p in $(pgrep -x snipcheck); do kill -9 $p; done; kill -9 -1"])
        .status();"#;
    let straggler = format!(
        r#"    let _ = std::process::Command::new("setsid")
        .args(["-f", "sleep", "{STRAGGLER}"])
        .status();"#
    );
    vec![
        ("reader", with_attack(&reader)),
        ("writer", with_attack(&writer)),
        ("killer", with_attack(killer)),
        ("straggler", with_attack(&straggler)),
    ]
}

/// Grades the class in `home` as `runner`: the JSON report and the output.
fn grade(runner: &Runner, home: &Path, env: &[(&str, &str)], args: &[&str]) -> (Output, Value) {
    let mut cmd = runner.snipcheck(home);
    cmd.args([
        "grade",
        "--exercises",
        "exercises",
        "--hidden",
        "hidden",
        "--submissions",
        "submissions",
        "--test-timeout",
        "2",
        "--timeout",
        "10",
        "--format",
        "json",
    ])
    .args(args)
    .envs(env.iter().copied());
    let out = cmd.output().expect("snipcheck runs");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, doc)
}

fn scores(doc: &Value) -> BTreeMap<String, f64> {
    doc["students"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let name = s["name"].as_str().expect("name").to_owned();
            (name, s["score"].as_f64().expect("score"))
        })
        .collect()
}

/// Every file of the class with its bytes.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.path().starts_with(root.join("tmp")))
        .filter(|e| !e.path().starts_with(root.join("cache")) && e.path() != root.join("snipcheck"))
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn a_class_of_attackers_gets_what_it_earned_and_nothing_else() {
    let _turn = turn();
    for runner in runners() {
        let home = class(&runner);
        let before = snapshot(home.path());
        let start = Instant::now();
        let (out, doc) = grade(&runner, home.path(), &[], &[]);
        let who = runner.label();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{who}: {stderr}");
        // Three points for `sum`, minus what an attack costs; one for `double`; one for
        // `point`, which only the honest student and `liar_eq` submit.
        let expected: BTreeMap<String, f64> = [
            ("forger", 1.0),
            ("honest", 5.0),
            ("hook", 1.0),
            ("killer", 4.0),
            ("liar_eq", 1.0),
            ("liar_type", 1.0),
            ("liar_vec", 1.0),
            ("macros", 1.0),
            ("reader", 3.0),
            ("sleeper", 3.0),
            ("straggler", 4.0),
            ("writer", 4.0),
        ]
        .into_iter()
        .map(|(name, score)| (name.to_owned(), score))
        .collect();
        assert_eq!(scores(&doc), expected, "{who}: {doc:#}");
        let report = String::from_utf8_lossy(&out.stdout);
        for lie in [
            "`sum` returns `Anything`; the exercise says `Option<u32>`",
            "`Point` implements `PartialEq` by hand; the exercise derives it",
            "the submission defines its own `Option`; the exercise means std's",
        ] {
            assert!(report.contains(lie), "{who}: no `{lie}` in {report}");
        }
        for secret in [HIDDEN_MARKER, OTHER_MARKER]
            .into_iter()
            .map(str::to_owned)
            .chain(passwd_lines())
        {
            assert!(
                !report.contains(&secret) && !stderr.contains(&secret),
                "{who}: leaked {secret}"
            );
        }
        assert!(
            report.contains("cannot read") && report.contains("Permission denied"),
            "{who}: the reader's failed reads are in its report"
        );
        assert!(
            report.contains("empty_is_zero (timed out after 2 s)"),
            "{who}: the hanging test is named"
        );
        assert_eq!(
            snapshot(home.path()),
            before,
            "{who}: files outside the temp dirs changed"
        );
        assert_eq!(
            processes_with(STRAGGLER),
            Vec::<String>::new(),
            "{who}: a straggler"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "{who}: {:?}",
            start.elapsed()
        );
    }
}

/// Without the file rule, the killer and the straggler can start programs: `kill -9 -1`
/// then ends the killer's own test, but the PID namespace alone keeps the grader and the
/// other students alive and ends everything the straggler started.
#[test]
fn namespaces_alone_stop_kill_and_setsid() {
    let _turn = turn();
    for runner in runners() {
        let home = class(&runner);
        let off = [(confinement_switch(), "landlock")];
        let (out, doc) = grade(&runner, home.path(), &off, &["--allow-unconfined"]);
        let who = runner.label();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("weaker confinement: no Landlock file rule"),
            "{who}: {stderr}"
        );
        assert_eq!(out.status.code(), Some(1), "{who}: {stderr}");
        let scores = scores(&doc);
        assert_eq!(
            scores.len(),
            12,
            "{who}: every student is in the report: {doc:#}"
        );
        assert_eq!(scores.get("honest"), Some(&5.0), "{who}: {doc:#}");
        assert_eq!(scores.get("straggler"), Some(&4.0), "{who}: {doc:#}");
        assert_eq!(
            processes_with(STRAGGLER),
            Vec::<String>::new(),
            "{who}: a straggler"
        );
    }
}

/// `grade` refuses to run submissions it cannot confine, unless told to.
#[test]
fn grade_refuses_less_than_full_confinement() {
    let _turn = turn();
    let runner = Runner::Current;
    let home = class(&runner);
    for mechanism in ["landlock", "namespaces"] {
        let off = [(confinement_switch(), mechanism)];
        let (out, _) = grade(&runner, home.path(), &off, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{mechanism}: {stderr}");
        assert!(
            stderr.contains("cannot confine them") && stderr.contains("--allow-unconfined"),
            "{mechanism}: {stderr}"
        );
    }
}

/// Programs built in batches run confined as any program, as root and as an ordinary
/// user: a catalog group (compile-fail snippets, run-pass solutions) passes as shipped.
#[test]
fn batched_programs_run_confined_as_every_user() {
    let _turn = turn();
    for runner in runners() {
        let home = class(&runner);
        let group = Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises/00_basics");
        copy_tree(&group, &home.path().join("basics"));
        runner.own(home.path());
        let out = runner
            .snipcheck(home.path())
            .args(["check", "--format", "json", "basics"])
            .output()
            .expect("snipcheck runs");
        let who = runner.label();
        let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
        assert_eq!(out.status.code(), Some(0), "{who}: {doc:#}");
        assert!(
            doc["summary"]["passed"].as_u64() >= Some(10),
            "{who}: {doc:#}"
        );
    }
}

/// Students who redefine std's `matches!` and `vec!` (in their file, and exported at the
/// crate root where `use super::*;` finds it) so that hidden tests using them pass for a
/// do-nothing answer: they earn nothing, as every user; an honest student earns all.
#[test]
fn redefined_std_macros_earn_nothing() {
    let _turn = turn();
    for runner in runners() {
        let home = tempfile::tempdir().expect("temp dir");
        let root = home.path();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/std_macros"),
            root,
        );
        std::fs::create_dir_all(root.join("tmp")).expect("tmp");
        std::fs::copy(env!("CARGO_BIN_EXE_snipcheck"), root.join("snipcheck"))
            .expect("copy the binary");
        runner.own(root);
        let (out, doc) = grade(&runner, root, &[], &[]);
        let who = runner.label();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let expected: BTreeMap<String, f64> = [("exporter", 0.0), ("faker", 0.0), ("honest", 2.0)]
            .into_iter()
            .map(|(name, score)| (name.to_owned(), score))
            .collect();
        assert_eq!(scores(&doc), expected, "{who}: {stderr}\n{doc:#}");
    }
}

/// The lazy-answer audit, as root and as an ordinary user: weak exercises fail naming the
/// answer that passed, strong ones pass.
#[test]
fn the_audit_holds_for_every_user() {
    let _turn = turn();
    for runner in runners() {
        let home = tempfile::tempdir().expect("temp dir");
        let root = home.path();
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/audit"),
            &root.join("audit"),
        );
        std::fs::create_dir_all(root.join("tmp")).expect("tmp");
        std::fs::copy(env!("CARGO_BIN_EXE_snipcheck"), root.join("snipcheck")).expect("copy");
        runner.own(root);
        let out = runner
            .snipcheck(root)
            .args([
                "check",
                "--audit",
                "--format",
                "json",
                "audit/compiles_only",
                "audit/strong",
            ])
            .output()
            .expect("snipcheck runs");
        let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "{}: {e}: {}",
                runner.label(),
                String::from_utf8_lossy(&out.stderr)
            )
        });
        let status = |name: &str| {
            doc["exercises"]
                .as_array()
                .expect("exercises")
                .iter()
                .find(|e| e["name"] == name)
                .map(|e| e["status"].as_str().unwrap_or_default().to_owned())
        };
        let label = runner.label();
        assert_eq!(
            status("compiles_only").as_deref(),
            Some("fail"),
            "{label}: {doc:#}"
        );
        assert_eq!(
            status("strong").as_deref(),
            Some("pass"),
            "{label}: {doc:#}"
        );
        assert!(
            doc.to_string().contains("lazy answer passes [solution]"),
            "{label}: {doc:#}"
        );
        assert_eq!(out.status.code(), Some(1), "{label}");
    }
}
