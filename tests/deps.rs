//! Exercises with `[dependencies]`: crates are built once with cargo and passed to rustc
//! with `--extern`; a set that cannot be built is an error with cargo's message, never a
//! pass. These tests need the crates.io registry (as CI has): tokio, serde, serde_json and
//! anyhow.

use serde_json::Value;

mod common;
use common::{snipcheck_at_root, snipcheck_process};

#[test]
fn crate_exercises_compile_against_the_prebuilt_crates() {
    let out = snipcheck_at_root()
        .args(["check", "--format", "json", "exercises/13_crates"])
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(doc["summary"]["passed"], 6, "{doc:#}");
    assert_eq!(out.status.code(), Some(0));
}

/// Sets built under one `CARGO_HOME` are used under another (as the official rust image
/// sets it): what rustc may read and diagnostics may quote follows the sources the set was
/// built from, not the current environment.
#[test]
fn prebuilt_sets_work_under_another_cargo_home() {
    let prefetch = snipcheck_at_root()
        .args(["deps", "prefetch", "exercises/13_crates"])
        .output()
        .expect("snipcheck runs");
    assert_eq!(prefetch.status.code(), Some(0));
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let out = snipcheck_at_root()
        .env("CARGO_HOME", elsewhere.path())
        .args(["check", "--format", "json", "exercises/13_crates"])
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(doc["summary"]["passed"], 6, "{doc:#}");
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains("reads files outside"),
        "{doc:#}"
    );
}

#[test]
fn prefetch_builds_every_set_once() {
    let out = snipcheck_at_root()
        .args(["deps", "prefetch", "exercises"])
        .output()
        .expect("snipcheck runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("3 dependency sets ready, 0 failed"),
        "{stdout}"
    );
    // Each set is named by its crates, not only by its hashed directory.
    let ready: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("ready: "))
        .collect();
    assert_eq!(ready.len(), 3, "{stdout}");
    assert!(
        ready.iter().any(|l| l.starts_with("ready: serde")),
        "{stdout}"
    );
}

#[test]
fn an_unknown_crate_is_an_error_with_cargos_message() {
    let out = snipcheck_at_root()
        .args(["check", "--format", "json", "fixtures/deps/unknown_crate"])
        .output()
        .expect("snipcheck runs");
    assert_eq!(out.status.code(), Some(2));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let check = &doc["exercises"][0]["checks"][0];
    assert_eq!(check["status"], "error");
    let error = check["error"].as_str().expect("error");
    assert!(
        error.contains("building the dependencies failed"),
        "{error}"
    );
    assert!(error.contains("snipcheck-no-such-crate-exists"), "{error}");
}

#[test]
fn path_dependencies_outside_the_repository_are_refused() {
    let out = snipcheck_at_root()
        .args([
            "check",
            "--format",
            "json",
            "fixtures/malformed/path_dependency",
        ])
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let message = doc["exercises"][0]["message"].as_str().expect("message");
    assert!(
        message.contains("dependency `secrets`: path `/etc` leads outside the repository"),
        "{message}"
    );
    assert!(message.contains("exercise.toml:6:1"), "{message}");
}

const ANYHOW: &str = "exercises/13_crates/anyhow_needs_a_std_error";

fn check_verbose(cache: &std::path::Path) -> std::process::Child {
    snipcheck_process()
        .env("SNIPCHECK_CACHE_DIR", cache)
        .args(["check", "-v", ANYHOW])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("snipcheck starts")
}

fn stderr_of(child: std::process::Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().expect("snipcheck ends");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_set_is_built_once_then_reused() {
    let cache = tempfile::tempdir().expect("cache dir");
    let (code, first) = stderr_of(check_verbose(cache.path()));
    assert_eq!(code, Some(0), "{first}");
    assert!(first.contains("dependencies: anyhow: built in"), "{first}");
    let (code, second) = stderr_of(check_verbose(cache.path()));
    assert_eq!(code, Some(0), "{second}");
    assert!(
        second.contains("dependencies: anyhow: reused from"),
        "{second}"
    );
}

#[test]
fn concurrent_runs_build_a_set_once() {
    let cache = tempfile::tempdir().expect("cache dir");
    let runs = [check_verbose(cache.path()), check_verbose(cache.path())];
    let outputs: Vec<(Option<i32>, String)> = runs.into_iter().map(stderr_of).collect();
    for (code, stderr) in &outputs {
        assert_eq!(*code, Some(0), "{stderr}");
    }
    let built = outputs
        .iter()
        .filter(|(_, e)| e.contains("anyhow: built in"))
        .count();
    let reused = outputs
        .iter()
        .filter(|(_, e)| e.contains("anyhow: reused from"))
        .count();
    assert_eq!((built, reused), (1, 1), "{outputs:?}");
}

#[test]
fn a_submission_cannot_change_the_dependencies() {
    let submission = tempfile::tempdir().expect("submission dir");
    let answer = submission.path().join("anyhow_needs_a_std_error");
    std::fs::create_dir(&answer).expect("mkdir");
    let solution = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(ANYHOW)
        .join("solution.rs");
    std::fs::copy(solution, answer.join("main.rs")).expect("copy");
    let evil = "title = \"Mine\"\n[expect]\noutcome = \"compile-pass\"\n[dependencies]\nevil = { path = \"/etc\" }\n";
    std::fs::write(answer.join("exercise.toml"), evil).expect("write");
    let out = snipcheck_at_root()
        .args([
            "grade",
            "--format",
            "json",
            "--exercises",
            "exercises/13_crates",
        ])
        .arg("--submission")
        .arg(submission.path())
        .output()
        .expect("snipcheck runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("evil") && !text.contains("evil"),
        "{stderr}"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let graded = doc.to_string();
    assert!(graded.contains("anyhow_needs_a_std_error"), "{graded}");
    let exercises = doc["students"][0]["exercises"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let anyhow = exercises
        .iter()
        .find(|e| e["name"] == "anyhow_needs_a_std_error")
        .unwrap_or_else(|| panic!("no anyhow exercise in {graded}"));
    assert_eq!(anyhow["status"], "pass", "{anyhow:#}");
}
