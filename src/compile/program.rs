//! Running a built program or test harness, confined (README, "Running untrusted snippets"), and what it did: exit
//! status, stdout, stderr and, for the `--test` harness (libtest), which tests passed and
//! which failed, from its `test NAME ... ok|FAILED` lines and its `test result:` line.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::compile::error::{CheckError, Process};
use crate::compile::normalize;
use crate::compile::rustc::PROGRAM;
use crate::model::hidden::{HiddenTest, HIDDEN_MODULE};
use crate::sandbox::{self, Confinement, Limits};

/// Bytes of a program's stdout and stderr kept (README, "Running untrusted snippets").
pub(crate) const OUTPUT_CAP: usize = 1024 * 1024;

/// What is run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind<'a> {
    /// A program, by its `main`.
    Binary,
    /// The `--test` harness running the snippet's own tests; its report is believed (the
    /// snippet's author wrote both).
    Harness,
    /// The hidden tests, each in a process of its own through the driver, each with this
    /// timeout; a test passed only when its nonce came back.
    Hidden(&'a [HiddenTest], Duration),
}

/// How a program run ended: what matching and reports look at.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct RunSummary {
    /// Whether it exited with status 0.
    pub(crate) success: bool,
    /// Status as text (`exit status: 1`, `signal: 6`).
    pub(crate) status: String,
    /// Captured stdout with `\r\n` turned into `\n`.
    pub(crate) stdout: String,
    /// For test outcomes, what the harness reported.
    pub(crate) tests: Option<TestReport>,
    /// Captured stderr (panic messages), with `\r\n` turned into `\n` and no thread ids.
    pub(crate) stderr: String,
}

impl RunSummary {
    /// `(file, line)` of the first `panicked at file:line:col` in the program's stderr.
    pub(crate) fn panic_location(&self) -> Option<(&str, u32)> {
        let place = self.stderr.split_once(" panicked at ")?.1.lines().next()?;
        let mut parts = place.trim_end_matches(':').rsplitn(3, ':');
        let (_column, line, file) = (parts.next()?, parts.next()?, parts.next()?);
        Some((file, line.parse().ok()?))
    }
}

/// Runs the program that a full build left in `dir`, confined, within `limits`.
pub(crate) fn run(kind: Kind<'_>, dir: &Path, limits: Limits) -> Result<RunSummary, CheckError> {
    run_as(kind, dir, limits, PROGRAM, "")
}

/// `run`, for one member of a batch's program, linked into `dir` under the member's name
/// (`s0003`): a program picks its member's `main` by that name, and a test harness runs
/// the hidden tests below the member's module. A batch's own tests (`Kind::Harness`) are
/// never run this way.
pub(crate) fn run_member(
    kind: Kind<'_>,
    dir: &Path,
    limits: Limits,
    member: &str,
) -> Result<RunSummary, CheckError> {
    run_as(kind, dir, limits, member, &format!("{member}::"))
}

/// Runs `dir/program`; hidden tests are selected by `module` followed by their filter.
fn run_as(
    kind: Kind<'_>,
    dir: &Path,
    limits: Limits,
    program: &str,
    module: &str,
) -> Result<RunSummary, CheckError> {
    let (tests, test_timeout) = match kind {
        Kind::Hidden(tests, timeout) => (tests, timeout),
        Kind::Binary | Kind::Harness => return run_once(kind, dir, limits, program),
    };
    let mut report = TestReport {
        planned: tests.len(),
        complete: true,
        ..TestReport::default()
    };
    let (mut stdout, mut stderr) = (String::new(), String::new());
    for test in tests {
        let limits = Limits {
            timeout: test_timeout,
            ..limits
        };
        let (passed, out) = run_hidden(test, dir, limits, (program, module))?;
        if passed {
            report.passed += 1;
        } else {
            report.failed += 1;
            let name = if out.timed_out {
                format!(
                    "{} (timed out after {} s)",
                    test.name,
                    test_timeout.as_secs_f32()
                )
            } else {
                test.name.clone()
            };
            report.failing.push(name);
            stderr.push_str(&out.stderr);
        }
        stdout.push_str(&out.stdout);
    }
    Ok(RunSummary {
        success: report.failed == 0,
        status: format!(
            "{} of {} hidden tests passed",
            report.passed, report.planned
        ),
        stdout,
        tests: Some(report),
        stderr,
    })
}

/// What one process of a hidden test left: its output without the nonce, and whether
/// its timeout ended it.
struct TestRun {
    stdout: String,
    stderr: String,
    timed_out: bool,
}

/// Runs one hidden test's wrapper alone, from `program` with the test's filter below
/// `module`; it passed when the nonce it was handed came back on a line of its own.
fn run_hidden(
    test: &HiddenTest,
    dir: &Path,
    limits: Limits,
    (program, module): (&str, &str),
) -> Result<(bool, TestRun), CheckError> {
    let nonce = nonce()?;
    let mut cmd = program_command(dir, program);
    let filter = format!("{module}{}", test.filter());
    cmd.args([
        "--color",
        "never",
        "--test-threads",
        "1",
        "--nocapture",
        "--exact",
    ])
    .arg(&filter);
    let out = confined_run(&mut cmd, dir, limits, Some(format!("{nonce}\n").as_bytes()))?;
    let stdout = normalize::line_endings(&String::from_utf8_lossy(&out.stdout));
    let passed = !out.timed_out && stdout.lines().any(|line| line == nonce);
    let stdout: String = stdout
        .split_inclusive('\n')
        .filter(|line| line.trim_end() != nonce)
        .collect();
    let stderr = normalize::line_endings(&String::from_utf8_lossy(&out.stderr));
    Ok((
        passed,
        TestRun {
            stdout: normalize::driver_paths(&stdout),
            stderr: normalize::driver_paths(&normalize::thread_ids(&stderr)),
            timed_out: out.timed_out,
        },
    ))
}

/// 128 random bits in hex, from the operating system: what a test must print to count as
/// passed.
fn nonce() -> Result<String, CheckError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| CheckError::io("cannot get random bytes", e))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The built program `name`, run from its temp dir with the cleared environment.
fn program_command(dir: &Path, name: &str) -> Command {
    // On Unix relative to the working directory, which the child enters before dropping
    // privileges; Windows would resolve a relative program against snipcheck's own
    // directory, so there it is the whole path (`.exe` is added when it is missing).
    let mut cmd = if cfg!(windows) {
        Command::new(dir.join(name))
    } else {
        Command::new(format!("./{name}"))
    };
    sandbox::clean_env(&mut cmd).current_dir(dir);
    cmd
}

/// Runs `cmd` confined; `Err` when it could not start or Ctrl-C ended it.
fn confined_run(
    cmd: &mut Command,
    dir: &Path,
    limits: Limits,
    input: Option<&[u8]>,
) -> Result<sandbox::Output, CheckError> {
    Confinement::program(limits.timeout, dir)
        .apply(cmd, dir)
        .map_err(|e| CheckError::io("cannot confine the program", e))?;
    let out = sandbox::run_with_input(cmd, limits, input)
        .map_err(|e| CheckError::io("cannot run the program", e))?;
    if out.cancelled {
        return Err(CheckError::Interrupted);
    }
    Ok(out)
}

/// The program by its `main`, or the harness with the snippet's own tests, run once.
fn run_once(
    kind: Kind<'_>,
    dir: &Path,
    limits: Limits,
    program: &str,
) -> Result<RunSummary, CheckError> {
    let mut cmd = program_command(dir, program);
    let harness = kind == Kind::Harness;
    if harness {
        cmd.args(["--color", "never", "--test-threads", "1"]);
    }
    let out = confined_run(&mut cmd, dir, limits, None)?;
    if out.timed_out {
        return Err(CheckError::Timeout {
            process: Process::Program,
            limit: limits.timeout,
        });
    }
    let mut stdout = normalize::line_endings(&String::from_utf8_lossy(&out.stdout));
    let tests = harness.then(|| parse(&stdout, HIDDEN_MODULE));
    if out.truncated {
        stdout.push_str(&format!(
            "\n[output over {} bytes was cut]\n",
            limits.output_cap
        ));
    }
    let stderr = normalize::line_endings(&String::from_utf8_lossy(&out.stderr));
    Ok(RunSummary {
        success: out.status.success(),
        status: describe_status(&out),
        stdout,
        tests,
        stderr: normalize::thread_ids(&stderr),
    })
}

/// `exit status: 1`, or the signal and the limit that sent it.
fn describe_status(out: &sandbox::Output) -> String {
    match out.limit_hit() {
        Some(limit) => format!("{}, over its {limit} limit", out.status),
        None => out.status.to_string(),
    }
}

/// What a test run reported.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct TestReport {
    /// Tests that passed.
    pub(crate) passed: usize,
    /// Tests that failed.
    pub(crate) failed: usize,
    /// Names of the failing tests, in the order they were reported.
    pub(crate) failing: Vec<String>,
    /// Whether the `test result:` summary line was seen (the harness ran to its end).
    pub(crate) complete: bool,
    /// Tests the harness announced (`running N tests`), including any it never reached.
    pub(crate) planned: usize,
}

impl TestReport {
    /// Tests that ran.
    pub(crate) fn total(&self) -> usize {
        self.passed + self.failed
    }
}

/// Parses the harness's stdout; test names lose the `hidden_module::` prefix.
pub(crate) fn parse(stdout: &str, hidden_module: &str) -> TestReport {
    let prefix = format!("{hidden_module}::");
    let mut report = TestReport::default();
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("test ") {
            if let Some((name, verdict)) = rest.rsplit_once(" ... ") {
                match verdict.trim() {
                    "ok" => report.passed += 1,
                    v if v.starts_with("FAILED") => {
                        report.failed += 1;
                        let name = name.trim();
                        report
                            .failing
                            .push(name.strip_prefix(&prefix).unwrap_or(name).to_owned());
                    }
                    _ => {}
                }
            } else if rest.starts_with("result: ") {
                report.complete = true;
            }
        } else if let Some(count) = announced(line) {
            report.planned += count;
        }
    }
    report
}

/// `N` of a `running N tests` line.
fn announced(line: &str) -> Option<usize> {
    let rest = line.strip_prefix("running ")?;
    let (count, noun) = rest.split_once(' ')?;
    matches!(noun, "test" | "tests")
        .then(|| count.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIXED: &str = "\nrunning 3 tests\ntest tests::adds ... ok\ntest tests::overflows ... FAILED\n\
        test tests::slow ... ignored\n\nfailures:\n\n---- tests::overflows stdout ----\n\
        thread 'tests::overflows' panicked at main.rs:9:5:\nassertion failed\n\nfailures:\n    tests::overflows\n\n\
        test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.00s\n";

    #[test]
    fn counts_passes_and_names_failures() {
        let report = parse(MIXED, "tests");
        assert_eq!((report.passed, report.failed, report.total()), (1, 1, 2));
        assert_eq!(report.failing, ["overflows"]);
        assert!(report.complete);
        assert_eq!(report.planned, 3);
    }

    #[test]
    fn panics_give_a_location() {
        let run = |stderr: &str| RunSummary {
            success: false,
            status: "exit status: 101".into(),
            stdout: String::new(),
            tests: None,
            stderr: stderr.into(),
        };
        let panicked = run("\nthread 'main' panicked at main.rs:3:32:\nindex out of bounds\n");
        assert_eq!(panicked.panic_location(), Some(("main.rs", 3)));
        assert_eq!(run("exit 1\n").panic_location(), None);
    }

    /// A built program, and a batch member linked as `s0001.exe` but named `s0001`, start
    /// from their temp dir, whatever snipcheck's own directory is (Windows's `hostname.exe`
    /// stands in for a built program).
    #[cfg(windows)]
    #[test]
    fn programs_start_from_their_own_directory() {
        let system = std::env::var_os("SystemRoot").expect("SystemRoot");
        let hostname = Path::new(&system).join("system32").join("hostname.exe");
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::copy(&hostname, dir.path().join(PROGRAM)).expect("copy");
        std::fs::copy(&hostname, dir.path().join("s0001.exe")).expect("copy");
        let limits = Limits {
            timeout: Duration::from_secs(10),
            output_cap: OUTPUT_CAP,
        };
        for run in [
            run(Kind::Binary, dir.path(), limits),
            run_member(Kind::Binary, dir.path(), limits, "s0001"),
        ] {
            let run = run.expect("the program runs");
            assert!(run.success && !run.stdout.trim().is_empty(), "{run:?}");
        }
    }

    #[test]
    fn a_harness_that_died_is_incomplete() {
        let report = parse("\nrunning 2 tests\ntest a ... ok\n", "hidden");
        assert!(!report.complete);
        assert_eq!((report.passed, report.planned), (1, 2));
    }
}
