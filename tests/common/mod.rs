//! What the integration tests share: snipcheck started the one way every test starts it,
//! durations written as 0 (they differ from one run to the next) for tests that compare
//! whole reports, copying a fixture tree, and reading each exercise's status out of a JSON
//! report. Each test crate uses some of it.
#![allow(dead_code)]

use std::path::Path;

/// The snipcheck binary Cargo built for these tests.
pub const BINARY: &str = env!("CARGO_BIN_EXE_snipcheck");

/// `program` (the built snipcheck, or a copy of it) started the way every test starts
/// snipcheck: at the repository root, with no cache and none of the environment that
/// changes its reports (`GITHUB_STEP_SUMMARY`, `NO_COLOR`). A test that needs another
/// working directory, a cache or temp dir, or a variable set adds it with `Command`'s own
/// builder methods, so this stays the one place that decides the common environment.
pub fn snipcheck_program(program: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(program);
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("SNIPCHECK_NO_CACHE", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("NO_COLOR");
    cmd
}

/// The built snipcheck as `snipcheck_program` starts it, for tests that spawn it and hold
/// its pipes or terminal while it runs.
pub fn snipcheck_process() -> std::process::Command {
    snipcheck_program(Path::new(BINARY))
}

/// The built snipcheck as `snipcheck_process` starts it, but in `root` and with a result
/// cache of its own at `cache`, for tests that look at what a run cached or reused.
pub fn snipcheck_cached(root: &Path, cache: &Path) -> std::process::Command {
    let mut cmd = snipcheck_process();
    cmd.current_dir(root)
        .env_remove("SNIPCHECK_NO_CACHE")
        .env("SNIPCHECK_CACHE_DIR", cache);
    cmd
}

/// The built snipcheck as `snipcheck_program` starts it, run to its end with `assert_cmd`.
pub fn snipcheck_at_root() -> assert_cmd::Command {
    assert_cmd::Command::from_std(snipcheck_process())
}

/// Copies the tree at `from` (directories and files) to `to`, creating `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every duration a report holds, written as 0: JSON `*_ms` fields, JUnit `time`
/// attributes, Exercism's and the human report's seconds, and the HTML report's `took`.
pub fn durations_as_zero(text: &str) -> String {
    let mut out = text.to_owned();
    for (before, digits_end) in [
        ("_ms\": ", ",}\n"),
        (" time=\"", "\""),
        ("time\": ", ",}\n"),
        ("took ", " "),
    ] {
        out = zero_after(&out, before, digits_end);
    }
    out
}

/// Replaces the number after every `marker` (up to one of `ends`) with `0`.
fn zero_after(text: &str, marker: &str, ends: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        out.push_str(&rest[..at + marker.len()]);
        rest = &rest[at + marker.len()..];
        let len = rest.find(|c: char| ends.contains(c)).unwrap_or(rest.len());
        if rest[..len].chars().all(|c| c.is_ascii_digit() || c == '.') && len > 0 {
            out.push('0');
            rest = &rest[len..];
        }
    }
    out.push_str(rest);
    out
}

/// `snipcheck ARGS --format json` from the repository root, run to its end: the report
/// and the exit code.
pub fn json_report(args: &[&str]) -> (serde_json::Value, Option<i32>) {
    let out = snipcheck_at_root()
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("snipcheck runs");
    report_of(&out)
}

/// The JSON report a run printed, and its exit code; a run that printed none panics with
/// what it said on stderr.
pub fn report_of(out: &std::process::Output) -> (serde_json::Value, Option<i32>) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (doc, out.status.code())
}

/// `(PATH, STATUS)` pairs for files below `dir`, as `statuses_by(doc, "path")` gives them.
pub fn under(dir: &str, statuses: &[(&str, &str)]) -> Vec<(String, String)> {
    statuses
        .iter()
        .map(|(p, s)| (format!("{dir}/{p}"), (*s).to_owned()))
        .collect()
}

/// Each entry of a JSON report's `exercises`, as its `key` (`path` or `name`) and status.
pub fn statuses_by(doc: &serde_json::Value, key: &str) -> Vec<(String, String)> {
    doc["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .map(|e| {
            let id = e[key].as_str().unwrap_or_default().to_owned();
            (id, e["status"].as_str().unwrap_or_default().to_owned())
        })
        .collect()
}

/// Every cached result under `cache`: its key, and where it came from with what rustc
/// printed.
pub fn cached(cache: &Path) -> std::collections::BTreeMap<String, (String, serde_json::Value)> {
    walkdir::WalkDir::new(cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .filter_map(|e| {
            serde_json::from_slice::<serde_json::Value>(&std::fs::read(e.path()).ok()?).ok()
        })
        .filter_map(|v| {
            let key = v["key"].as_str()?.to_owned();
            let origin = v["origin"].as_str()?.to_owned();
            Some((key, (origin, v["recorded"].clone())))
        })
        .collect()
}

/// A recorded result's diagnostics that point into a file: rustc's closing summaries
/// (`aborting due to …`, `For more information …`), which trybuild leaves out, are the
/// batch's own and not kept for its members.
pub fn placed(recorded: &serde_json::Value) -> Vec<serde_json::Value> {
    let diagnostics = recorded["Compiled"]["compiled"]["diagnostics"].as_array();
    let placed = diagnostics
        .into_iter()
        .flatten()
        .filter(|d| !d["file"].is_null());
    placed.cloned().collect()
}

/// Whether a nightly toolchain is installed (`rustc +nightly -V`), for the tests that
/// crash rustc with `-Z treat-err-as-bug`; where there is none, says that the test is
/// skipped.
pub fn has_nightly() -> bool {
    let nightly = std::process::Command::new("rustc")
        .args(["+nightly", "-V"])
        .output();
    let found = nightly.is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped: no nightly toolchain to crash rustc with -Z treat-err-as-bug");
    }
    found
}
