//! `--jobs N` bounds what runs at once: at most N compiles and 2N programs. 32 programs
//! that sleep 2 s each (half batched, half compiled alone) run under `--jobs 4` while the
//! test counts, every few milliseconds, the processes below snipcheck by their names.

mod common;

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Programs started, and how many of them sleep alone (`warnings = "forbid"` keeps a
/// check out of batches).
const PROGRAMS: usize = 32;
const JOBS: usize = 4;

fn write_exercises(root: &Path) {
    for i in 0..PROGRAMS {
        let dir = root.join(format!("sleeper_{i:02}"));
        fs::create_dir_all(&dir).expect("mkdir");
        let warnings = if i % 2 == 0 { "ignore" } else { "forbid" };
        let toml = format!(
            "title = \"Sleeper {i}\"\nhint = \"It sleeps.\"\n\n[expect]\noutcome = \"run-pass\"\nwarnings = \"{warnings}\"\nstdout = \"{i}\\n\"\n"
        );
        fs::write(dir.join("exercise.toml"), toml).expect("toml");
        let main = format!(
            "fn main() {{\n    std::thread::sleep(std::time::Duration::from_secs(2));\n    println!(\"{i}\");\n}}\n"
        );
        fs::write(dir.join("main.rs"), main).expect("main.rs");
    }
}

/// A process as `/proc/PID/stat` gives it.
struct Process {
    ppid: u32,
    name: String,
    /// Exited, not yet waited for.
    zombie: bool,
}

/// Every process by pid.
fn processes() -> HashMap<u32, Process> {
    let mut all = HashMap::new();
    let Ok(dir) = fs::read_dir("/proc") else {
        return all;
    };
    for entry in dir.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (name) state ppid ...`: the name may hold spaces and parentheses.
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let mut fields = stat[close + 1..].split_whitespace();
        let zombie = fields.next() == Some("Z");
        let ppid = fields.next().and_then(|p| p.parse().ok()).unwrap_or(0);
        let name = stat[open + 1..close].to_owned();
        all.insert(pid, Process { ppid, name, zombie });
    }
    all
}

fn descends_from(all: &HashMap<u32, Process>, mut pid: u32, ancestor: u32) -> bool {
    for _ in 0..64 {
        match all.get(&pid) {
            Some(p) if p.ppid == ancestor => return true,
            Some(p) if p.ppid > 1 => pid = p.ppid,
            _ => return false,
        }
    }
    false
}

/// (rustc processes, built programs) below `root` now. Exited processes not yet waited
/// for do not count, nor a process named as its parent (rustc's fork that becomes the
/// linker).
fn count_below(root: u32) -> (usize, usize) {
    let all = processes();
    let (mut compiles, mut programs) = (0, 0);
    for (&pid, process) in &all {
        let name = &process.name;
        let forked = all.get(&process.ppid).is_some_and(|p| &p.name == name);
        if process.zombie || forked || !descends_from(&all, pid, root) {
            continue;
        }
        let member = name.len() == 5
            && name.starts_with('s')
            && name[1..].chars().all(|c| c.is_ascii_digit());
        if name == "rustc" {
            compiles += 1;
        } else if member || name.starts_with("snippet-progra") {
            programs += 1;
        }
    }
    (compiles, programs)
}

#[test]
fn jobs_bounds_compiles_and_programs() {
    let root = tempfile::tempdir().expect("tempdir");
    write_exercises(root.path());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_snipcheck"))
        .args(["check", "--jobs", &JOBS.to_string(), "--format", "json"])
        .arg(root.path())
        .env("SNIPCHECK_NO_CACHE", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start snipcheck");
    let pid = child.id();
    let done = AtomicBool::new(false);
    let (most_compiles, most_programs) = std::thread::scope(|scope| {
        let watcher = scope.spawn(|| {
            let (mut compiles, mut programs) = (0, 0);
            while !done.load(Ordering::Relaxed) {
                let (c, p) = count_below(pid);
                compiles = compiles.max(c);
                programs = programs.max(p);
                std::thread::sleep(Duration::from_millis(20));
            }
            (compiles, programs)
        });
        let output = child.wait_with_output().expect("snipcheck ends");
        done.store(true, Ordering::Relaxed);
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "every sleeper passes: {report}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        watcher.join().expect("watcher")
    });
    assert!(most_compiles <= JOBS, "{most_compiles} compiles at once");
    assert!(
        most_programs <= 2 * JOBS,
        "{most_programs} programs at once"
    );
    // The count sees programs at all, and the bound is used, not undershot.
    assert!(
        most_programs >= JOBS,
        "only {most_programs} programs at once"
    );
}
