//! Exercises with `[dependencies]`: crates are built once with cargo and passed to rustc
//! with `--extern`; a set that cannot be built is an error with cargo's message, never a
//! pass. These tests need the crates.io registry (as CI has).

use assert_cmd::Command;
use serde_json::Value;

fn snipcheck() -> Command {
    let mut cmd = Command::cargo_bin("snipcheck").expect("binary is built");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SNIPCHECK_NO_CACHE", "1");
    cmd
}

#[test]
fn tokio_exercises_compile_against_the_prebuilt_crate() {
    let out = snipcheck()
        .args(["check", "--format", "json", "exercises/09_async_and_crates"])
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(doc["summary"]["passed"], 4, "{doc:#}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn prefetch_builds_every_set_once() {
    let out = snipcheck()
        .args(["deps", "prefetch", "exercises"])
        .output()
        .expect("snipcheck runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("1 dependency sets ready, 0 failed"),
        "{stdout}"
    );
}

#[test]
fn an_unknown_crate_is_an_error_with_cargos_message() {
    let out = snipcheck()
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
fn path_dependencies_are_refused() {
    let out = snipcheck()
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
        message.contains("dependency `secrets` sets `path`"),
        "{message}"
    );
    assert!(message.contains("exercise.toml:6:1"), "{message}");
}
