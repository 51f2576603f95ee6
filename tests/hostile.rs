//! Untrusted snippets (SPEC §5–6): everything in `fixtures/hostile/` ends within its
//! timeout, none passes unless its expectation says so, no file outside the temp dir leaks
//! into the output, and neither temp dirs nor processes are left behind.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
mod untrusted;
use common::{snipcheck_at_root, snipcheck_process};
use untrusted::{passwd_lines, processes_with};

const TIMEOUT_SECS: u64 = 3;

/// The tests here measure time and count processes, and one of them runs a fork bomb:
/// they take turns.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

fn check(args: &[&str], tmp: &Path) -> Output {
    check_within(TIMEOUT_SECS, args, tmp)
}

/// `check` with `--timeout SECS` (rustc's and each program's), with a cache directory of
/// its own: which checks earlier runs found slow, and so start first, is the same on
/// every run, whatever ran before (a fork bomb's neighbour may be slowed down).
fn check_within(secs: u64, args: &[&str], tmp: &Path) -> Output {
    let cache = tempfile::tempdir().expect("temp dir");
    snipcheck_at_root()
        .env("TMPDIR", tmp)
        .env("SNIPCHECK_CACHE_DIR", cache.path())
        .env("SNIPCHECK_TEST_SECRET", "hunter2")
        .arg("check")
        .args(["--timeout", &secs.to_string(), "--format", "json"])
        .args(args)
        .output()
        .expect("snipcheck runs")
}

fn wait_until_gone(marker: &str) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(3);
    loop {
        let left = processes_with(marker);
        if left.is_empty() || Instant::now() > deadline {
            return left;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn hostile_snippets_are_contained() {
    let _turn = turn();
    let tmp = tempfile::tempdir().expect("temp dir");
    let start = Instant::now();
    let out = check(&["fixtures/hostile"], tmp.path());
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let exercises = doc["exercises"].as_array().expect("exercises");
    assert!(
        exercises.len() >= 14,
        "{} hostile fixtures",
        exercises.len()
    );

    let may_pass = [
        "child_outlives_parent",
        "escapes_its_process_group",
        "reads_env_secret",
    ];
    let non_utf8 = exercises
        .iter()
        .find(|e| e["name"] == "non_utf8_source")
        .expect("fixture");
    assert_eq!(non_utf8["status"], "error");
    assert!(non_utf8["checks"][0]["error"]
        .to_string()
        .contains("is not valid UTF-8"));
    // The check points at the bad byte's line, so annotations land on it.
    assert_eq!(
        non_utf8["checks"][0]["location"],
        serde_json::json!({"file": "main.rs", "line": 2})
    );
    for ex in exercises {
        let name = ex["name"].as_str().expect("name");
        let status = ex["status"].as_str().expect("status");
        if may_pass.contains(&name) {
            assert_eq!(status, "pass", "{ex:#}");
        } else {
            assert!(
                status == "fail" || status == "error",
                "{name} must not pass: {ex:#}"
            );
        }
        // rustc and the program each get the timeout, so a run-pass check is bounded by
        // twice it, plus the time to start and clean up.
        let budget = Duration::from_secs(2 * TIMEOUT_SECS + 2).as_millis();
        let took = ex["duration_ms"].as_u64().expect("duration") as u128;
        assert!(took <= budget, "{name} took {took} ms, over {budget} ms");
    }
    // Two workers share the snippets; each worst case is bounded above.
    assert!(
        elapsed < Duration::from_secs(60),
        "the whole run took {elapsed:?}"
    );

    for line in passwd_lines() {
        assert!(
            !stdout.contains(&line) && !stderr.contains(&line),
            "leaked: {line}"
        );
    }
    // What a snippet that reads outside its directory gets is checked again with a
    // timeout no loaded machine reaches: under the short one, rustc itself may time out
    // (status `error`), which proves nothing about the outside read either way.
    let readers = [
        "include_passwd_in_compile_error",
        "include_absolute_path",
        "path_module_outside",
        "include_bytes_relative_escape",
    ];
    let paths: Vec<String> = readers
        .iter()
        .map(|r| format!("fixtures/hostile/{r}"))
        .collect();
    let args: Vec<&str> = paths.iter().map(String::as_str).collect();
    let out = check_within(120, &args, tmp.path());
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    for name in readers {
        let ex = doc["exercises"]
            .as_array()
            .expect("exercises")
            .iter()
            .find(|e| e["name"] == name)
            .expect("fixture");
        let mismatches = ex["checks"][0]["mismatches"].to_string();
        assert!(
            mismatches.contains("snippet reads files outside its directory"),
            "{name}: {ex:#}"
        );
        assert_eq!(
            ex["checks"][0]["actual"],
            Value::Array(vec![]),
            "{name} shows no diagnostics: {ex:#}"
        );
        let shown = String::from_utf8_lossy(&out.stdout);
        for line in passwd_lines() {
            assert!(!shown.contains(&line), "{name} leaked: {line}");
        }
    }
    assert!(
        !stdout.contains("hunter2"),
        "the environment reached the snippet"
    );

    let left: Vec<_> = std::fs::read_dir(tmp.path()).expect("read").collect();
    assert!(left.is_empty(), "temp dirs left behind: {left:?}");
    assert_eq!(
        wait_until_gone("31.4159"),
        Vec::<String>::new(),
        "the outliving child survived"
    );
    let tmp_path = tmp.path().to_str().expect("utf-8 path");
    assert_eq!(
        wait_until_gone(tmp_path),
        Vec::<String>::new(),
        "programs survived"
    );
}

#[test]
fn programs_cannot_reach_the_network() {
    let _turn = turn();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen");
    let port = listener.local_addr().expect("address").port();
    let tmp = tempfile::tempdir().expect("temp dir");
    let ex = tmp.path().join("exercises/connects_home");
    std::fs::create_dir_all(&ex).expect("mkdir");
    let snippet = format!(
        "fn main() {{\n    match std::net::TcpStream::connect((\"127.0.0.1\", {port})) {{\n        \
         Ok(_) => println!(\"connected\"),\n        Err(_) => println!(\"blocked\"),\n    }}\n}}\n"
    );
    std::fs::write(ex.join("main.rs"), snippet).expect("write");
    let toml = "title = \"Connects to the grader's machine\"\n[expect]\noutcome = \"run-pass\"\nstdout = \"blocked\\n\"\n";
    std::fs::write(ex.join("exercise.toml"), toml).expect("write");
    let work = tempfile::tempdir().expect("temp dir");
    let out = check(&[ex.to_str().expect("utf-8 path")], work.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("no network namespace here") {
        eprintln!("skipped: this kernel gives no network namespace: {stderr}");
        return;
    }
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(doc["exercises"][0]["status"], "pass", "{doc:#}");
}

#[test]
fn sigterm_kills_children_and_removes_temp_dirs() {
    let _turn = turn();
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut child = snipcheck_process()
        .env("TMPDIR", tmp.path())
        .args(["check", "--timeout", "60", "fixtures/hostile/infinite_loop"])
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("snipcheck starts");
    // Wait until the program runs: its temp dir exists and holds the built binary.
    let deadline = Instant::now() + Duration::from_secs(30);
    let running = |tmp: &str| {
        processes_with(tmp)
            .iter()
            .any(|p| p.contains("snippet-program"))
    };
    while !running(tmp.path().to_str().expect("utf-8 path")) {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the program never started");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let sent = Instant::now();
    // SAFETY: plain kill(2) on the child we spawned and have not reaped.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let status = child.wait().expect("snipcheck exits");
    assert!(
        sent.elapsed() < Duration::from_secs(5),
        "took {:?} to stop",
        sent.elapsed()
    );
    assert_eq!(status.code(), Some(130));
    let left: Vec<_> = std::fs::read_dir(tmp.path()).expect("read").collect();
    assert!(left.is_empty(), "temp dirs left behind: {left:?}");
    let tmp_path = tmp.path().to_str().expect("utf-8 path");
    assert_eq!(
        wait_until_gone(tmp_path),
        Vec::<String>::new(),
        "the program survived"
    );
}

/// A fork bomb in one check must not starve the programs of other checks of processes:
/// each program has a process budget of its own.
#[test]
fn a_fork_bomb_does_not_starve_other_programs() {
    let _turn = turn();
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = check(
        &[
            "--jobs",
            "2",
            "fixtures/hostile/fork_bomb",
            "exercises/11_concurrency",
        ],
        tmp.path(),
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    for ex in doc["exercises"].as_array().expect("exercises") {
        let expected = if ex["name"] == "fork_bomb" {
            "error"
        } else {
            "pass"
        };
        assert_eq!(ex["status"], expected, "{ex:#}");
    }
}

/// A private `TMPDIR` (mode 0700, as `mktemp -d` makes it): a program that runs as a user
/// of its own (snipcheck as root) must still reach its directory to start a copy of
/// itself, so its temp dir goes where every user may traverse. As another user, nothing
/// drops and the private directory is used as it is.
#[test]
fn a_private_tmpdir_still_lets_programs_start_children() {
    use std::os::unix::fs::PermissionsExt;
    let _turn = turn();
    let tmp = tempfile::tempdir().expect("temp dir");
    let private = tmp.path().join("private");
    std::fs::create_dir(&private).expect("mkdir");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let out = check(&["fixtures/hostile/child_outlives_parent"], &private);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(doc["exercises"][0]["status"], "pass", "{doc:#}");
    let left: Vec<_> = std::fs::read_dir(&private).expect("read").collect();
    assert!(left.is_empty(), "temp dirs left in TMPDIR: {left:?}");
}
