//! The shipped catalog is product: every exercise in `exercises/` must pass `check`, and
//! every exercise must carry what a learner needs (title, hint, solution, line-level
//! expectation).

use serde_json::Value;

mod common;
use common::snipcheck_at_root;

#[test]
fn every_catalog_exercise_passes() {
    let out = snipcheck_at_root()
        .args(["check", "--format", "json", "exercises"])
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let failing: Vec<&Value> = doc["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .filter(|e| e["status"] != "pass")
        .collect();
    assert!(
        failing.is_empty(),
        "failing catalog exercises: {failing:#?}"
    );
    assert_eq!(out.status.code(), Some(0));
    let total = doc["summary"]["passed"].as_u64().expect("count");
    assert!(total >= 100, "the catalog has {total} exercises");
    for ex in doc["exercises"].as_array().expect("exercises") {
        let targets: Vec<&str> = ex["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter_map(|c| c["target"].as_str())
            .collect();
        assert!(
            targets.contains(&"solution.rs"),
            "{} has no solution.rs",
            ex["path"]
        );
    }
}

/// No lazy answer meets a catalog exercise's `[solution]` (`check --audit`, README,
/// "Auditing exercises"): the shipped snippet, every body `Default::default()` or
/// `todo!()`, and each solution function returning `Default::default()` are all refused.
#[test]
fn every_catalog_exercise_passes_the_audit() {
    let out = snipcheck_at_root()
        .args(["check", "--audit", "--format", "json", "exercises"])
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let exercises = doc["exercises"].as_array().expect("exercises");
    let accepted: Vec<String> = exercises
        .iter()
        .filter(|e| e["status"] != "pass")
        .map(|e| format!("{}: {}", e["path"], e["checks"]))
        .collect();
    assert!(
        accepted.is_empty(),
        "exercises that fail the audit: {accepted:#?}"
    );
    assert_eq!(out.status.code(), Some(0));
    let refused = exercises
        .iter()
        .flat_map(|e| e["checks"].as_array().expect("checks"))
        .filter(|c| c.get("audit").is_some() && c["status"] == "pass")
        .count();
    assert!(
        refused >= 3 * exercises.len(),
        "{refused} lazy answers refused"
    );
}

/// A class of one, who submits every exercise's `solution.rs`, earns every point: the
/// expectations `grade` checks a submission against (`[solution]`, its hidden tests, and
/// `-F unsafe_code` unless the exercise says `allow-unsafe = true`) accept the reference
/// answer.
#[test]
fn every_solution_earns_full_points_when_graded() {
    let class = tempfile::tempdir().expect("temp dir");
    for entry in entries() {
        let to = class.path().join("perfect").join(&entry.name);
        std::fs::create_dir_all(&to).expect("mkdir");
        let file = entry
            .toml
            .get("file")
            .and_then(|f| f.as_str())
            .unwrap_or("main.rs");
        std::fs::copy(entry.dir.join("solution.rs"), to.join(file)).expect("submit");
    }
    let out = snipcheck_at_root()
        .args(["grade", "--format", "json", "--exercises", "exercises"])
        .arg("--submissions")
        .arg(class.path())
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let student = &doc["students"][0];
    let lost: Vec<&Value> = student["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .filter(|e| e["status"] != "pass")
        .collect();
    assert!(lost.is_empty(), "solutions that lose points: {lost:#?}");
    assert_eq!(student["score"], student["max_score"], "{student:#}");
    assert_eq!(out.status.code(), Some(0));
}

/// What every catalog exercise carries, read from its files directly.
#[test]
fn every_catalog_exercise_teaches() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises");
    let mut count = 0;
    for entry in walkdir::WalkDir::new(&root).sort_by_file_name() {
        let entry = entry.expect("walk exercises");
        if entry.file_name() != "exercise.toml" {
            continue;
        }
        count += 1;
        let dir = entry.path().parent().expect("exercise dir");
        let name = dir
            .strip_prefix(&root)
            .expect("inside exercises")
            .display()
            .to_string();
        let text = std::fs::read_to_string(entry.path()).expect("read exercise.toml");
        let toml: toml::Table = toml::from_str(&text).expect("valid TOML");
        let title = toml["title"].as_str().unwrap_or("");
        assert!(title.len() >= 8, "{name}: title too short: {title:?}");
        let hint = toml.get("hint").and_then(|h| h.as_str()).unwrap_or("");
        assert!(
            hint.contains("The Rust Programming Language"),
            "{name}: the hint must point to the book"
        );
        assert!(dir.join("solution.rs").is_file(), "{name}: no solution.rs");
        let snippet = std::fs::read_to_string(dir.join("main.rs")).expect("main.rs");
        assert!(
            snippet.lines().count() <= 25,
            "{name}: main.rs is longer than 25 lines"
        );
        let concepts: Vec<&str> = toml["concepts"]
            .as_array()
            .expect("concepts")
            .iter()
            .filter_map(|c| c.as_str())
            .collect();
        let expect = toml["expect"].as_table().expect("[expect]");
        for code in expect
            .get("errors")
            .and_then(|e| e.as_array())
            .into_iter()
            .flatten()
        {
            let code = code.as_str().expect("code");
            assert!(
                concepts.contains(&code),
                "{name}: {code} is not among the concepts"
            );
        }
        if expect["outcome"].as_str() == Some("compile-fail") {
            let diagnostics = expect.get("diagnostic").and_then(|d| d.as_array());
            let has_line = diagnostics
                .into_iter()
                .flatten()
                .any(|d| d.get("line").is_some());
            // An inline annotation (`//~ ERROR`) is a line-level expectation too.
            let annotated = snippet.contains("//~");
            assert!(
                has_line || annotated,
                "{name}: a compile-fail exercise needs a line-level [[expect.diagnostic]] or an annotation"
            );
        }
    }
    assert!(count >= 100, "only {count} exercises");
}

/// Codes a learner meets early, which the catalog must teach.
const REQUIRED_CODES: &[&str] = &[
    "E0004", "E0005", "E0023", "E0061", "E0063", "E0072", "E0133", "E0261", "E0277", "E0308",
    "E0369", "E0381", "E0423", "E0425", "E0503", "E0605", "E0614", "E0658", "E0726", "E0733",
];

/// One exercise as the catalog tests read it: its directory and its `exercise.toml`.
struct Entry {
    name: String,
    dir: std::path::PathBuf,
    toml: toml::Table,
}

fn catalog_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises")
}

/// Every exercise of the catalog, in path order.
fn entries() -> Vec<Entry> {
    let root = catalog_root();
    walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk exercises"))
        .filter(|e| e.file_name() == "exercise.toml")
        .map(|e| {
            let dir = e.path().parent().expect("exercise dir").to_path_buf();
            let name = dir
                .strip_prefix(&root)
                .expect("inside")
                .display()
                .to_string();
            let text = std::fs::read_to_string(e.path()).expect("read exercise.toml");
            let toml = toml::from_str(&text).expect("valid TOML");
            Entry { name, dir, toml }
        })
        .collect()
}

fn expectation<'t>(entry: &'t Entry, table: &str) -> Option<&'t toml::Table> {
    entry.toml.get(table).and_then(|t| t.as_table())
}

fn diagnostics(table: &toml::Table) -> impl Iterator<Item = &toml::Table> {
    table
        .get("diagnostic")
        .and_then(|d| d.as_array())
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_table())
}

fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The `E####` codes an exercise's `[expect]` names, in `errors` or error-level diagnostics.
fn expected_codes(entry: &Entry) -> Vec<String> {
    let Some(expect) = expectation(entry, "expect") else {
        return Vec::new();
    };
    let listed = expect
        .get("errors")
        .and_then(|e| e.as_array())
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str());
    let detailed = diagnostics(expect)
        .filter(|d| d.get("level").and_then(|l| l.as_str()).unwrap_or("error") == "error")
        .filter_map(|d| d.get("code").and_then(|c| c.as_str()));
    listed
        .chain(detailed)
        .filter(|c| is_error_code(c))
        .map(str::to_owned)
        .collect()
}

fn outcome<'t>(entry: &'t Entry, table: &str) -> Option<&'t str> {
    expectation(entry, table)?.get("outcome")?.as_str()
}

/// `[expect]` proves the hidden tests fail on the snippet, `[solution]` that they pass.
fn has_hidden_tests(entry: &Entry) -> bool {
    let tests = |table: &str| {
        expectation(entry, table)
            .and_then(|t| t.get("tests"))
            .and_then(|t| t.as_str())
            .map(str::to_owned)
    };
    let (expect, solution) = (tests("expect"), tests("solution"));
    outcome(entry, "expect") == Some("test-fail")
        && outcome(entry, "solution") == Some("test-pass")
        && expect.is_some()
        && expect == solution
        && expect.is_some_and(|file| entry.dir.join(file).is_file())
}

fn expects_warning_help_or_note(entry: &Entry) -> bool {
    expectation(entry, "expect").is_some_and(|expect| {
        diagnostics(expect).any(|d| {
            matches!(
                d.get("level").and_then(|l| l.as_str()),
                Some("warning" | "help" | "note")
            )
        })
    })
}

/// The floors the catalog keeps: size, codes, and every kind of expectation the engine has.
#[test]
fn the_catalog_covers_enough_ground() {
    let entries = entries();
    assert!(entries.len() >= 100, "only {} exercises", entries.len());
    let codes: std::collections::BTreeSet<String> =
        entries.iter().flat_map(expected_codes).collect();
    assert!(
        codes.len() >= 55,
        "only {} distinct codes: {codes:?}",
        codes.len()
    );
    for code in REQUIRED_CODES {
        assert!(codes.contains(*code), "no exercise expects {code}");
    }
    let count = |pred: &dyn Fn(&Entry) -> bool| entries.iter().filter(|e| pred(e)).count();
    let hidden = count(&has_hidden_tests);
    assert!(
        hidden >= 12,
        "only {hidden} exercises graded by hidden tests"
    );
    let run_fail = count(&|e| outcome(e, "expect") == Some("run-fail"));
    assert!(run_fail >= 4, "only {run_fail} run-fail exercises");
    for entry in &entries {
        for diagnostic in expectation(entry, "expect")
            .into_iter()
            .flat_map(diagnostics)
        {
            let code = diagnostic.get("code").and_then(|c| c.as_str());
            assert!(
                code != Some("E0308") || diagnostic.get("label").is_some(),
                "{}: an E0308 expectation must name its label (expected `X`, found `Y`)",
                entry.name
            );
        }
    }
    let notes = count(&expects_warning_help_or_note);
    assert!(
        notes >= 4,
        "only {notes} exercises expect a warning, help or note"
    );
}

/// Each exercise asks for a change, and its tests use only std's assertion macros.
#[test]
fn every_solution_differs_from_its_snippet() {
    for entry in entries() {
        let file = entry
            .toml
            .get("file")
            .and_then(|f| f.as_str())
            .unwrap_or("main.rs");
        let snippet = std::fs::read(entry.dir.join(file)).expect("snippet");
        let solution = std::fs::read(entry.dir.join("solution.rs")).expect("solution.rs");
        assert!(
            snippet != solution,
            "{}: solution.rs is the snippet",
            entry.name
        );
        let first = String::from_utf8_lossy(&snippet);
        assert!(
            first.lines().next().is_some_and(|l| l.starts_with("// ")),
            "{}: the snippet must open with a comment saying what to achieve",
            entry.name
        );
        if has_hidden_tests(&entry) {
            let tests = std::fs::read_to_string(entry.dir.join("tests.rs")).expect("tests.rs");
            assert!(tests.contains("use super::*;"), "{}: tests.rs", entry.name);
            for mac in macro_calls(&tests) {
                assert!(
                    ["assert", "assert_eq", "assert_ne", "panic"].contains(&mac),
                    "{}: tests.rs uses {mac}!, a macro a snippet could shadow",
                    entry.name
                );
            }
        }
    }
}

/// The names of the macros `code` invokes: an identifier, `!`, then a delimiter.
fn macro_calls(code: &str) -> Vec<&str> {
    let mut calls = Vec::new();
    for (at, _) in code.match_indices('!') {
        let called = code[at + 1..].trim_start().starts_with(['(', '[', '{']);
        let start = code[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(at, |(i, _)| i);
        if called && start < at {
            calls.push(&code[start..at]);
        }
    }
    calls
}

/// `order` in every `group.toml` lists each exercise directory of the group exactly once.
#[test]
fn every_group_lists_its_exercises_in_teaching_order() {
    let mut groups: Vec<std::path::PathBuf> = std::fs::read_dir(catalog_root())
        .expect("read exercises/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir())
        .collect();
    groups.sort();
    assert!(groups.len() >= 14, "only {} groups", groups.len());
    for group in groups {
        let text = std::fs::read_to_string(group.join("group.toml")).expect("group.toml");
        let table: toml::Table = toml::from_str(&text).expect("group.toml is TOML");
        assert!(
            table.get("title").and_then(|t| t.as_str()).is_some(),
            "{group:?}: no title"
        );
        let mut order: Vec<&str> = table
            .get("order")
            .and_then(|o| o.as_array())
            .unwrap_or_else(|| panic!("{group:?}: group.toml has no order"))
            .iter()
            .map(|n| n.as_str().expect("order lists names"))
            .collect();
        let mut dirs: Vec<String> = std::fs::read_dir(&group)
            .expect("read group")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.join("exercise.toml").is_file())
            .map(|p| p.file_name().expect("name").to_string_lossy().into_owned())
            .collect();
        let listed = order.len();
        order.sort_unstable();
        order.dedup();
        assert_eq!(
            listed,
            order.len(),
            "{group:?}: order names an exercise twice"
        );
        dirs.sort();
        assert_eq!(
            order, dirs,
            "{group:?}: order must list exactly the group's exercises"
        );
    }
}
