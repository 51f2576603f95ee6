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
    assert!(failing.is_empty(), "failing catalog exercises: {failing:#?}");
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
        assert!(targets.contains(&"solution.rs"), "{} has no solution.rs", ex["path"]);
    }
}
