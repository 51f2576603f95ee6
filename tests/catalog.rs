//! The shipped catalog is product: every exercise in `exercises/` must pass `check`, and
//! every exercise must carry what a learner needs (title, hint, solution, line-level
//! expectation).

use assert_cmd::Command;
use serde_json::Value;

#[test]
fn every_catalog_exercise_passes() {
    let out = Command::cargo_bin("snipcheck")
        .expect("binary is built")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SNIPCHECK_NO_CACHE", "1")
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
    assert!(total >= 45, "the catalog has {total} exercises");
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
            assert!(
                has_line,
                "{name}: a compile-fail exercise needs a line-level [[expect.diagnostic]]"
            );
        }
    }
    assert!(count >= 45, "only {count} exercises");
}
