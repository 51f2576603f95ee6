//! Reading the output of Rust's test harness (libtest, `--test`): which tests passed and
//! which failed, from `test NAME ... ok|FAILED` lines and the `test result:` line.

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
    fn a_harness_that_died_is_incomplete() {
        let report = parse("\nrunning 2 tests\ntest a ... ok\n", "hidden");
        assert!(!report.complete);
        assert_eq!((report.passed, report.planned), (1, 2));
    }
}
