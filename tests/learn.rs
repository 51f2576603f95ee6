//! Learner mode end to end: `init`, `list`, `hint`, `reset`, `next` and `learn` through
//! the built binary, on courses in temp dirs, with the real rustc. The watch loop runs
//! once with `--once`, and for real behind a pseudo-terminal.

use std::fs;
use std::io::{Read, Write};
use std::os::fd::{FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::Value;

mod common;
use common::{snipcheck_at_root, snipcheck_process};

/// The exercises of a course whose `rust-project.json` entry has dependencies, and those
/// whose `exercise.toml` declares `[dependencies]`.
fn described_sets(course: &Path) -> (Vec<String>, Vec<String>) {
    let project: Value =
        serde_json::from_slice(&fs::read(course.join("rust-project.json")).expect("read"))
            .expect("rust-project.json is JSON");
    let mut with_deps = Vec::new();
    let mut declaring = Vec::new();
    for krate in project["crates"].as_array().expect("crates") {
        if krate["is_workspace_member"] != true {
            continue;
        }
        let root = krate["root_module"]
            .as_str()
            .expect("root_module")
            .to_owned();
        let toml = course.join(&root).with_file_name("exercise.toml");
        if fs::read_to_string(&toml)
            .expect("exercise.toml")
            .contains("[dependencies]")
        {
            declaring.push(root.clone());
        }
        if krate["deps"].as_array().is_some_and(|d| !d.is_empty()) {
            with_deps.push(root);
        }
    }
    (with_deps, declaring)
}

/// The first exercise of the teaching order, and the second.
const FIRST: &str = "00_basics/println_is_a_macro";
const SECOND: &str = "00_basics/assign_without_let";

/// snipcheck in the course `dir`, with its cache, as a learner runs it.
fn snipcheck(dir: &Path) -> Command {
    let mut cmd = snipcheck_at_root();
    cmd.current_dir(dir).env_remove("SNIPCHECK_NO_CACHE");
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    snipcheck(dir).args(args).output().expect("snipcheck runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh course made by `init` in a temp dir: (temp dir guard, course path).
fn course() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run(tmp.path(), &["init", "course"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let path = tmp.path().join("course");
    (tmp, path)
}

fn snippet(course: &Path, id: &str) -> PathBuf {
    course.join("exercises").join(id).join("main.rs")
}

/// Writes the reference solution over the learner's snippet, as a learner fixing it would.
fn fix(course: &Path, id: &str) {
    let solution = course
        .join(".snipcheck/shipped")
        .join(id)
        .join("solution.rs");
    fs::copy(solution, snippet(course, id)).expect("copy the solution");
}

/// Makes exercise `id` of the course a contrast exercise: its shipped snippet (and the
/// learner's copy) is the reference solution, which `[expect]` says runs, so it meets its
/// goal as shipped.
fn make_contrast(course: &Path, id: &str) {
    let shipped = course.join(".snipcheck/shipped").join(id);
    fs::copy(shipped.join("solution.rs"), shipped.join("main.rs")).expect("copy");
    fs::copy(shipped.join("solution.rs"), snippet(course, id)).expect("copy");
    let toml = course.join("exercises").join(id).join("exercise.toml");
    let text = fs::read_to_string(&toml).expect("exercise.toml");
    let title = text.lines().next().expect("the title line");
    let contrast =
        format!("{title}\n[expect]\noutcome = \"run-pass\"\n[solution]\noutcome = \"run-pass\"\n");
    fs::write(&toml, contrast).expect("write exercise.toml");
}

fn state(course: &Path) -> toml::Table {
    let text = fs::read_to_string(course.join(".snipcheck/state.toml")).expect("state file");
    toml::from_str(&text).expect("state file is TOML")
}

fn done(course: &Path) -> Vec<String> {
    state(course)["done"]
        .as_array()
        .expect("done list")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn list_json(course: &Path) -> Value {
    let out = run(course, &["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

/// How many exercises the bundled catalog holds.
fn catalog_size() -> usize {
    walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("exercises"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "exercise.toml")
        .count()
}

#[test]
fn init_writes_a_course_and_refuses_to_overwrite_it() {
    let (tmp, course) = course();
    assert!(snippet(&course, FIRST).is_file());
    assert!(!course
        .join("exercises")
        .join(FIRST)
        .join("solution.rs")
        .exists());
    assert!(fs::read_to_string(course.join(".gitignore"))
        .expect(".gitignore")
        .contains("/.snipcheck/"));
    assert_eq!(state(&course)["current"].as_str(), Some(FIRST));

    let project: Value =
        serde_json::from_slice(&fs::read(course.join("rust-project.json")).expect("read"))
            .expect("rust-project.json is JSON");
    let crates = project["crates"].as_array().expect("crates");
    let members: Vec<&Value> = crates
        .iter()
        .filter(|k| k["is_workspace_member"] == true)
        .collect();
    assert_eq!(members.len(), catalog_size());
    for krate in &members {
        let root = krate["root_module"].as_str().expect("root_module");
        assert!(course.join(root).is_file(), "{root} does not exist");
        let toml = course.join(root).with_file_name("exercise.toml");
        let with_crates = fs::read_to_string(&toml)
            .expect("exercise.toml")
            .contains("[dependencies]");
        assert_eq!(
            krate["deps"].as_array().is_some_and(|d| !d.is_empty()),
            with_crates,
            "{root}"
        );
    }
    // The exercises that use tokio depend on the prebuilt tokio crate, by name, and every
    // edge points at a crate of the file.
    let tokio_user = members
        .iter()
        .find(|k| {
            k["root_module"]
                .as_str()
                .is_some_and(|r| r.contains("forgot_to_await"))
        })
        .expect("a tokio exercise");
    let edge = &tokio_user["deps"][0];
    assert_eq!(edge["name"], "tokio");
    let tokio = &crates[edge["crate"].as_u64().expect("index") as usize];
    assert!(
        tokio["root_module"]
            .as_str()
            .is_some_and(|r| r.ends_with("src/lib.rs")),
        "{tokio}"
    );
    for krate in crates {
        for dep in krate["deps"].as_array().expect("deps") {
            assert!(dep["crate"]
                .as_u64()
                .is_some_and(|i| (i as usize) < crates.len()));
        }
    }
    let macros = crates
        .iter()
        .find(|k| k["display_name"] == "tokio_macros")
        .expect("tokio-macros");
    assert_eq!(macros["is_proc_macro"], true);
    assert!(macros["proc_macro_dylib_path"]
        .as_str()
        .is_some_and(|p| Path::new(p).is_file()));
    let sysroot = StdCommand::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .expect("rustc runs");
    let sysroot = text(&sysroot.stdout).trim().to_owned();
    assert_eq!(project["sysroot"].as_str(), Some(sysroot.as_str()));
    assert_eq!(
        project["sysroot_src"].as_str(),
        Some(format!("{sysroot}/lib/rustlib/src/rust/library").as_str())
    );

    let again = run(tmp.path(), &["init", "course"]);
    assert_eq!(again.status.code(), Some(2));
    // Named as a directory, so the default name `course` does not read as a riddle.
    assert!(
        text(&again.stderr)
            .contains("a course is already set up in course/: init never overwrites one"),
        "{}",
        text(&again.stderr)
    );
    fs::create_dir(tmp.path().join("other")).expect("mkdir");
    fs::write(tmp.path().join("other/notes.txt"), "mine").expect("write");
    assert_eq!(run(tmp.path(), &["init", "other"]).status.code(), Some(2));
    let left: Vec<_> = fs::read_dir(tmp.path().join("other"))
        .expect("ls")
        .collect();
    assert_eq!(
        left.len(),
        1,
        "init wrote into a directory that was not empty"
    );
}

/// A `CARGO_HOME` somewhere else than where the dependency sets were built (an empty one,
/// as on a fresh machine) still lets `init` describe their crates to rust-analyzer.
#[test]
fn init_describes_the_crates_whatever_cargo_home_is() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = snipcheck(tmp.path())
        .args(["init", "course"])
        .env("CARGO_HOME", tmp.path().join("empty cargo home"))
        .output()
        .expect("snipcheck runs");
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let (with_deps, declaring) = described_sets(&tmp.path().join("course"));
    assert!(!declaring.is_empty());
    assert_eq!(with_deps, declaring, "init said:\n{stderr}");
}

#[test]
fn list_shows_every_exercise_with_group_codes_and_progress() {
    let (_tmp, course) = course();
    let human = text(&run(&course, &["list"]).stdout);
    assert!(human.contains("Ownership and moves\n"), "{human}");
    assert!(human.contains("> pending  println_is_a_macro"), "{human}");
    let basics = human.find("println_is_a_macro").expect("listed");
    assert!(
        basics < human.find("use_before_init").expect("listed"),
        "the group's teaching order: {human}"
    );
    assert!(
        human
            .trim_end()
            .ends_with(&format!("Progress: 0/{} done", catalog_size())),
        "{human}"
    );

    let markdown = text(&run(&course, &["list", "--format", "markdown"]).stdout);
    assert!(markdown.starts_with("| # | exercise | group | title | codes | status |\n"));
    assert!(markdown.contains(
        "| `01_ownership/use_after_move` | Ownership and moves | Use after move | E0382 | pending |"
    ));
    assert_eq!(
        markdown.lines().filter(|l| l.starts_with("| ")).count(),
        catalog_size() + 1
    );

    let doc = list_json(&course);
    assert_eq!(
        (doc["done"].as_u64(), doc["total"].as_u64()),
        (Some(0), Some(catalog_size() as u64))
    );
    assert_eq!(doc["current"], FIRST);
    assert_eq!(doc["exercises"][0]["codes"][0], "E0423");
    assert_eq!(doc["exercises"][1]["id"], SECOND);
}

#[test]
fn hint_shows_the_current_or_the_named_exercise() {
    let (_tmp, course) = course();
    let current = run(&course, &["hint"]);
    assert_eq!(current.status.code(), Some(0));
    let current = text(&current.stdout);
    assert!(current.starts_with("println! is a macro, not a function (00_basics/"));
    assert!(current.contains("invoked with a `!`"), "{current}");

    let named = text(&run(&course.join("exercises"), &["hint", "use_after_move"]).stdout);
    assert!(named.contains("`String` owns heap data"), "{named}");
    let unknown = run(&course, &["hint", "no_such_exercise"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("no exercise named `no_such_exercise`"));
}

#[test]
fn reset_restores_only_the_snippet_and_only_when_confirmed() {
    let (_tmp, course) = course();
    let id = "01_ownership/use_after_move";
    let main = snippet(&course, id);
    let shipped = fs::read_to_string(&main).expect("read");
    let extra = course.join("exercises").join(id).join("notes.rs");
    fs::write(&main, "// my attempt\n").expect("write");
    fs::write(&extra, "// my notes\n").expect("write");

    let declined = snipcheck(&course)
        .args(["reset", "use_after_move"])
        .write_stdin("n\n")
        .output()
        .expect("runs");
    assert_eq!(declined.status.code(), Some(1));
    assert_eq!(fs::read_to_string(&main).expect("read"), "// my attempt\n");

    let confirmed = snipcheck(&course)
        .args(["reset", "use_after_move"])
        .write_stdin("y\n")
        .output()
        .expect("runs");
    assert_eq!(
        confirmed.status.code(),
        Some(0),
        "{}",
        text(&confirmed.stderr)
    );
    assert_eq!(fs::read_to_string(&main).expect("read"), shipped);
    assert_eq!(fs::read_to_string(&extra).expect("read"), "// my notes\n");

    fs::write(&main, "// again\n").expect("write");
    let forced = run(&course, &["reset", "--yes", id]);
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(fs::read_to_string(&main).expect("read"), shipped);
}

#[test]
fn next_moves_on_without_editing_code() {
    let (_tmp, course) = course();
    let before = fs::read(snippet(&course, FIRST)).expect("read");
    let out = run(&course, &["next"]);
    assert_eq!(out.status.code(), Some(0));
    let said = text(&out.stdout);
    assert!(
        said.starts_with(&format!(
            "Skipped {FIRST} (still pending).\nNext: [2/{}]",
            catalog_size()
        )),
        "{said}"
    );
    assert_eq!(state(&course)["current"].as_str(), Some(SECOND));
    assert_eq!(fs::read(snippet(&course, FIRST)).expect("read"), before);
    assert!(done(&course).is_empty());

    // A contrast exercise already meets its goal: moving on is all it asks.
    make_contrast(&course, SECOND);
    let once = run(&course, &["learn", "--once"]);
    assert_eq!(once.status.code(), Some(0));
    assert!(text(&once.stdout).contains("Nothing to fix."));
    let out = run(&course, &["skip"]);
    assert!(text(&out.stdout).starts_with(&format!("Done: {SECOND}.")));
    assert_eq!(done(&course), [SECOND]);
}

/// `learn --help` gives all three exit codes, as the README does.
#[test]
fn learn_help_gives_every_exit_code() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let help = text(&run(tmp.path(), &["learn", "--help"]).stdout);
    assert!(
        help.contains("0 solved, 1 not yet, 2 when it cannot be checked"),
        "{help}"
    );
}

/// Outside a course, the learner reads where snipcheck looked, not `.`.
#[test]
fn outside_a_course_the_directory_is_named() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run(tmp.path(), &["hint"]);
    assert_eq!(out.status.code(), Some(2));
    let real = tmp.path().canonicalize().expect("real path");
    let expected = format!("error: {} is not inside a course", real.display());
    assert!(
        text(&out.stderr).starts_with(&expected),
        "{}",
        text(&out.stderr)
    );
}

/// A learner who deleted the snippet is told how to get it back, not how an author names
/// a snippet in exercise.toml.
#[test]
fn a_deleted_snippet_points_to_reset() {
    let (_tmp, course) = course();
    fs::remove_file(snippet(&course, FIRST)).expect("delete the snippet");
    let out = run(&course, &["learn", "--once"]);
    let screen = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        screen.contains(&format!(
            "main.rs is gone: `snipcheck reset {FIRST}` brings back the shipped copy"
        )),
        "{screen}"
    );
    assert!(!screen.contains("file = "), "{screen}");
    let reset = run(&course, &["reset", FIRST, "--yes"]);
    assert_eq!(reset.status.code(), Some(0), "{}", text(&reset.stderr));
    assert!(snippet(&course, FIRST).is_file());
}

#[test]
fn learn_once_shows_the_exercise_and_records_a_fix() {
    let (_tmp, course) = course();
    let out = run(&course, &["learn", "--once"]);
    assert_eq!(out.status.code(), Some(1));
    let screen = text(&out.stdout);
    let (first, progress) = (
        format!("[1/{}] println! is a macro, not a function", catalog_size()),
        format!("0/{} done", catalog_size()),
    );
    for expected in [
        first.as_str(),
        progress.as_str(),
        "edit: exercises/00_basics/println_is_a_macro/main.rs",
        "goal: make it compile and print \"Hello, Ferris!\"",
        "error[E0423]: expected function, found macro `println`",
        " --> exercises/00_basics/println_is_a_macro/main.rs:4:5",
        "✗ Not solved yet.",
    ] {
        assert!(screen.contains(expected), "no {expected:?} in:\n{screen}");
    }
    assert!(!screen.contains("\x1b["), "colour in a pipe");

    fix(&course, FIRST);
    let out = run(&course, &["learn", "--once"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let screen = text(&out.stdout);
    assert!(screen.contains("✓ Solved!"), "{screen}");
    assert!(screen.contains("solutions/00_basics/println_is_a_macro.rs"));
    assert!(course
        .join("solutions")
        .join(format!("{FIRST}.rs"))
        .is_file());
    assert_eq!(done(&course), [FIRST]);
    assert_eq!(list_json(&course)["done"], 1);
}

#[test]
fn learn_without_a_terminal_checks_once_and_says_so() {
    let (_tmp, course) = course();
    let out = snipcheck(&course)
        .arg("learn")
        .write_stdin("n\n")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).trim_end().ends_with(
        "stdin is not a terminal: run `snipcheck learn` in a terminal to watch for changes"
    ));
    assert_eq!(
        state(&course)["current"].as_str(),
        Some(FIRST),
        "a key was read"
    );
}

#[test]
fn a_corrupt_or_missing_state_file_is_rebuilt_by_checking() {
    let (_tmp, course) = course();
    fix(&course, "01_ownership/use_after_move");
    make_contrast(&course, SECOND);
    let state_file = course.join(".snipcheck/state.toml");
    fs::write(&state_file, "done = \"everything\"\n\0\0").expect("write");
    let out = run(&course, &["list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("unreadable"),
        "{}",
        text(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // The fixed exercise, and the contrast exercise, whose shipped snippet meets its
    // goal: a rebuild cannot tell whether its key was pressed.
    let rebuilt = [SECOND, "01_ownership/use_after_move"];
    assert_eq!(done(&course), rebuilt);
    assert_eq!(doc["done"], rebuilt.len());

    fs::remove_file(&state_file).expect("remove");
    assert_eq!(list_json(&course)["done"], rebuilt.len());
    assert!(state_file.is_file());
}

/// The real watch loop: a pseudo-terminal on stdin, stdout into a pipe.
#[test]
fn the_watch_loop_checks_on_save_and_moves_on_with_a_key() {
    let (_tmp, course) = course();
    make_contrast(&course, SECOND);
    let (master, slave) = pty();
    let mut child = Running(
        snipcheck_process()
            .arg("learn")
            .current_dir(&course)
            .env_remove("SNIPCHECK_NO_CACHE")
            .stdin(Stdio::from(slave))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("snipcheck learn starts"),
    );
    let screen = collect(child.0.stdout.take().expect("stdout"));
    let mut keys = fs::File::from(master);

    wait_for(&screen, "n skip · h hint", 0);
    assert!(text_of(&screen).contains("error[E0423]"));
    // With the list open, a save still shows its verdict.
    let mark = text_of(&screen).len();
    keys.write_all(b"l").expect("press l");
    wait_for(&screen, "Progress: 0/", mark);
    let mark = text_of(&screen).len();
    fix(&course, FIRST);
    wait_for(&screen, "✓ Solved!", mark);
    assert_eq!(done(&course), [FIRST]);

    let mark = text_of(&screen).len();
    keys.write_all(b"n").expect("press n");
    let second = format!(
        "[2/{}] Assigning to a variable that was never declared with let",
        catalog_size()
    );
    wait_for(&screen, &second, mark);
    wait_for(&screen, "Nothing to fix.", mark);
    keys.write_all(b"q").expect("press q");
    let status = wait_exit(&mut child.0);
    assert_eq!(status.code(), Some(0), "{}", text_of(&screen));
    assert_eq!(state(&course)["current"].as_str(), Some(SECOND));
}

/// The watch loop in a real 80x24 terminal: every screen keeps its header and key line in
/// those 24 rows, and the 138-line list scrolls.
#[test]
fn a_small_terminal_keeps_the_header_and_the_keys_on_every_screen() {
    let (_tmp, course) = course();
    let (master, slave) = pty();
    let size = libc::winsize {
        ws_row: 24,
        ws_col: 80,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: the descriptor is a live pty master and `size` a valid winsize.
    let rc = unsafe {
        libc::ioctl(
            std::os::fd::AsRawFd::as_raw_fd(&master),
            libc::TIOCSWINSZ,
            &size,
        )
    };
    assert_eq!(rc, 0, "TIOCSWINSZ: {}", std::io::Error::last_os_error());
    let terminal = || Stdio::from(slave.try_clone().expect("dup the pty"));
    let mut child = Running(
        snipcheck_process()
            .arg("learn")
            .current_dir(&course)
            .env_remove("SNIPCHECK_NO_CACHE")
            .stdin(terminal())
            .stdout(terminal())
            .stderr(Stdio::piped())
            .spawn()
            .expect("snipcheck learn starts"),
    );
    drop(slave);
    let mut keys = fs::File::from(master.try_clone().expect("dup the master"));
    let screen = collect(fs::File::from(master));
    let last_frame = |from: usize| {
        let all = text_of(&screen);
        let frame = all[from..]
            .rsplit("\x1b[2J")
            .next()
            .unwrap_or("")
            .to_owned();
        frame
    };
    let fits = |frame: &str| {
        let lines: Vec<&str> = frame.split("\r\n").collect();
        assert!(lines.len() <= 24, "{} rows:\n{frame}", lines.len());
        assert!(frame.contains("[1/"), "the header is in view:\n{frame}");
        assert!(
            frame.contains("q quit"),
            "the key line is in view:\n{frame}"
        );
    };
    wait_for(&screen, "q quit", 0);
    fits(&last_frame(0));
    let mark = text_of(&screen).len();
    keys.write_all(b"l").expect("press l");
    wait_for(&screen, " · ↑/↓ or j/k scroll", mark);
    wait_for(&screen, "q quit", mark);
    let list = last_frame(mark);
    fits(&list);
    assert!(
        list.contains("\r\n> "),
        "the list opens at the current exercise:\n{list}"
    );
    let mark = text_of(&screen).len();
    keys.write_all(b" ").expect("press space");
    wait_for(&screen, "q quit", mark);
    let paged = last_frame(mark);
    fits(&paged);
    assert!(!paged.contains("\r\n> "), "a page down moves on:\n{paged}");
    assert!(paged.contains("lines 9-"), "by a page:\n{paged}");
    keys.write_all(b"q").expect("press q");
    let status = wait_exit(&mut child.0);
    assert_eq!(status.code(), Some(0));
}

/// A child that is killed when the test ends, also when it fails half-way.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A pseudo-terminal: (master, slave).
fn pty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (-1, -1);
    // SAFETY: openpty writes two new file descriptors; the null pointers ask for defaults.
    let rc = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(rc, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors are fresh and owned by nothing else.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

fn collect(mut pipe: impl Read + Send + 'static) -> Arc<Mutex<Vec<u8>>> {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&buffer);
    std::thread::spawn(move || {
        let mut chunk = [0u8; 4096];
        while let Ok(n) = pipe.read(&mut chunk) {
            if n == 0 {
                break;
            }
            sink.lock().expect("lock").extend_from_slice(&chunk[..n]);
        }
    });
    buffer
}

fn text_of(screen: &Arc<Mutex<Vec<u8>>>) -> String {
    text(&screen.lock().expect("lock"))
}

/// Waits until `needle` appears after byte `from` of the output.
fn wait_for(screen: &Arc<Mutex<Vec<u8>>>, needle: &str, from: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if text_of(screen)
            .get(from..)
            .is_some_and(|t| t.contains(needle))
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!("{needle:?} never appeared in:\n{}", text_of(screen));
}

fn wait_exit(child: &mut std::process::Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    panic!("snipcheck learn did not quit");
}

#[test]
fn a_changed_signature_is_the_hint() {
    let (_tmp, course) = course();
    let id = "00_basics/fibonacci_loop";
    let changed = "pub fn fibonacci(n: u64) -> u64 {\n    if n < 2 { n } else { fibonacci(n - 1) + fibonacci(n - 2) }\n}\n\nfn main() {\n    println!(\"{}\", fibonacci(10));\n}\n";
    fs::write(snippet(&course, id), changed).expect("write the snippet");
    let exercise = course.join("exercises").join(id);
    let out = run(
        &course,
        &["learn", "--once", exercise.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let screen = text(&out.stdout);
    let hint = "`fibonacci` takes `(u64)`; the exercise says `(u32)`";
    assert!(screen.contains(hint), "no {hint:?} in:\n{screen}");
}

/// A course inside a Cargo package: the learner's snippet may use the package's crate, as
/// `check` lets exercises.
#[test]
fn a_course_inside_a_package_uses_its_crate() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/package/shapes");
    let package = tmp.path().join("shapes");
    common::copy_tree(&fixture, &package);
    let out = run(&package, &["init", "course"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let course = package.join("course");
    let uses_the_crate = "fn main() {\n    let c = shapes::Circle { radius: 1.0 };\n    assert!(c.area() > 3.0);\n    println!(\"Hello, Ferris!\");\n}\n";
    fs::write(snippet(&course, FIRST), uses_the_crate).expect("write");
    let out = run(&course, &["learn", "--once"]);
    let screen = text(&out.stdout);
    assert!(
        screen.contains("✓ Solved!"),
        "{screen}\n{}",
        text(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0));
}

/// `init` says which crates it prepares for rust-analyzer, and how long each set took, so a
/// first run that builds them for seconds is not silent.
#[test]
fn init_tells_each_set_of_crates_it_prepares() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = run(tmp.path(), &["init", "course"]);
    assert_eq!(out.status.code(), Some(0));
    let said = text(&out.stderr);
    assert!(
        said.contains("init: preparing tokio for rust-analyzer..."),
        "{said}"
    );
    assert!(said.contains("init: tokio ready"), "{said}");
    assert_eq!(said.matches("init: preparing").count(), 3, "{said}");
}
