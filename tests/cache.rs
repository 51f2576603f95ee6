//! The result cache end to end: a rerun is served from it, an edited `exercise.toml` is
//! matched again without a compile, corrupt entries are ignored and rewritten, and
//! `--no-cache` / `cache clear` / `cache stats` do what they say.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::snipcheck_at_root;

fn snipcheck(cache: &Path) -> Command {
    let mut cmd = snipcheck_at_root();
    cmd.env_remove("SNIPCHECK_NO_CACHE")
        .env("SNIPCHECK_CACHE_DIR", cache);
    cmd
}

/// (status, cached) of every check, in report order.
fn checks(cache: &Path, args: &[&str]) -> Vec<(String, bool)> {
    let out = snipcheck(cache)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    doc["exercises"]
        .as_array()
        .expect("exercises")
        .iter()
        .flat_map(|e| e["checks"].as_array().cloned().unwrap_or_default())
        .map(|c| {
            (
                c["status"].as_str().unwrap_or("").to_owned(),
                c["cached"] == true,
            )
        })
        .collect()
}

/// A copy of a fixture that the test may edit.
fn copy_fixture(name: &str, to: &Path) -> String {
    let from = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pass")
        .join(name);
    let dest = to.join(name);
    fs::create_dir_all(&dest).expect("mkdir");
    for entry in fs::read_dir(&from).expect("fixture") {
        let entry = entry.expect("entry");
        fs::copy(entry.path(), dest.join(entry.file_name())).expect("copy");
    }
    dest.to_str().expect("utf-8 path").to_owned()
}

fn entry_files(cache: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(cache)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn a_rerun_comes_from_the_cache_with_the_same_verdicts() {
    let cache = tempfile::tempdir().expect("cache dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let paths = [fixtures.join("pass"), fixtures.join("fail")];
    let args: Vec<&str> = paths.iter().map(|p| p.to_str().expect("utf-8")).collect();
    let cold = checks(cache.path(), &args);
    assert!(cold.iter().all(|(_, cached)| !cached), "{cold:?}");
    let warm = checks(cache.path(), &args);
    let statuses = |v: &[(String, bool)]| v.iter().map(|c| c.0.clone()).collect::<Vec<_>>();
    assert_eq!(statuses(&cold), statuses(&warm));
    assert!(warm.iter().all(|(_, cached)| *cached), "{warm:?}");
}

#[test]
fn editing_the_expectation_rematches_the_cached_result() {
    let cache = tempfile::tempdir().expect("cache dir");
    let work = tempfile::tempdir().expect("work dir");
    let ex = copy_fixture("use_after_move", work.path());
    assert_eq!(
        checks(cache.path(), &[&ex]),
        [("pass".into(), false), ("pass".into(), false)]
    );
    let toml = Path::new(&ex).join("exercise.toml");
    let text = fs::read_to_string(&toml).expect("read");
    fs::write(
        &toml,
        text.replace("stdout = \"hello hello\\n\"", "stdout = \"bye\\n\""),
    )
    .expect("write");
    // The solution was compiled and run alone: its cached run is matched against the new
    // stdout without compiling again.
    assert_eq!(
        checks(cache.path(), &[&ex]),
        [("pass".into(), true), ("fail".into(), true)]
    );
}

#[test]
fn corrupt_entries_are_ignored_and_rewritten() {
    let cache = tempfile::tempdir().expect("cache dir");
    let work = tempfile::tempdir().expect("work dir");
    let ex = copy_fixture("use_after_move", work.path());
    checks(cache.path(), &[&ex]);
    let entries = entry_files(cache.path());
    assert_eq!(entries.len(), 2);
    for entry in &entries {
        fs::write(entry, "{\"schema\": 1, \"truncated").expect("corrupt");
    }
    assert_eq!(
        checks(cache.path(), &[&ex]),
        [("pass".into(), false), ("pass".into(), false)]
    );
    assert_eq!(
        checks(cache.path(), &[&ex]),
        [("pass".into(), true), ("pass".into(), true)]
    );
}

#[test]
fn no_cache_neither_reads_nor_writes() {
    let cache = tempfile::tempdir().expect("cache dir");
    let work = tempfile::tempdir().expect("work dir");
    let ex = copy_fixture("snapshot_matches", work.path());
    assert_eq!(checks(cache.path(), &["--no-cache", &ex]).len(), 2);
    assert!(entry_files(cache.path()).is_empty());
    checks(cache.path(), &[&ex]);
    let again = checks(cache.path(), &["--no-cache", &ex]);
    assert!(
        again
            .iter()
            .all(|(status, cached)| status == "pass" && !cached),
        "{again:?}"
    );
}

#[test]
fn cache_stats_and_clear() {
    let cache = tempfile::tempdir().expect("cache dir");
    let work = tempfile::tempdir().expect("work dir");
    let ex = copy_fixture("use_after_move", work.path());
    checks(cache.path(), &[&ex]);
    let stats = snipcheck(cache.path())
        .args(["cache", "stats"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&stats.stdout);
    assert!(text.contains("results: 2 entries"), "{text}");
    assert!(text.contains("dependency sets: 0"), "{text}");
    let clear = snipcheck(cache.path())
        .args(["cache", "clear"])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&clear.stdout).contains("removed 2 results"));
    assert!(entry_files(cache.path()).is_empty());
}

/// Dependency sets and toolchain lookups count, by kind, and `cache clear --deps` removes
/// the sets alone.
#[test]
fn cache_stats_and_clear_count_every_kind() {
    let cache = tempfile::tempdir().expect("cache dir");
    let work = tempfile::tempdir().expect("work dir");
    let ex = copy_fixture("use_after_move", work.path());
    checks(cache.path(), &[&ex]);
    let set = cache.path().join("deps/0123456789abcdef");
    std::fs::create_dir_all(set.join("target")).expect("mkdir");
    std::fs::write(set.join("target/libx.rlib"), vec![0u8; 2 << 20]).expect("write");
    let run = |args: &[&str]| {
        let out = snipcheck(cache.path()).args(args).output().expect("runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let stats = run(&["cache", "stats"]);
    assert!(stats.contains("dependency sets: 1, 2.0 MiB"), "{stats}");
    assert!(stats.contains("toolchain and package lookups:"), "{stats}");
    let cleared = run(&["cache", "clear", "--deps"]);
    assert!(
        cleared.contains("removed 1 dependency sets (2.0 MiB)"),
        "{cleared}"
    );
    assert!(!set.exists());
    let stats = run(&["cache", "stats"]);
    assert!(
        stats.contains("results: 2 entries"),
        "results stay: {stats}"
    );
    let cleared = run(&["cache", "clear"]);
    assert!(
        cleared.contains(
            "removed 2 results, 0 checks found slow or crashing rustc, 0 dependency sets"
        ),
        "{cleared}"
    );
}

/// `bless` after a batched `check` compiles each snippet again alone: a batch member's
/// cached result has no rendered output to write as its snapshot.
#[test]
fn bless_never_writes_a_snapshot_from_a_batched_result() {
    let cache = tempfile::tempdir().expect("cache dir");
    let dir = tempfile::tempdir().expect("exercises");
    let exercises = ["use_after_move", "mismatch_label"].map(|n| copy_fixture(n, dir.path()));
    let statuses = checks(cache.path(), &exercises.each_ref().map(String::as_str));
    assert!(statuses.iter().all(|(s, _)| s == "pass"), "{statuses:?}");
    snipcheck(cache.path())
        .arg("bless")
        .args(&exercises)
        .assert()
        .success();
    for exercise in &exercises {
        let snapshot =
            fs::read_to_string(Path::new(exercise).join("expected.stderr")).expect("a snapshot");
        assert!(snapshot.contains("error[E0"), "{exercise}: {snapshot:?}");
    }
}
