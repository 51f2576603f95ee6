//! Comparing what rustc (and the built program) did with an expectation (README, "How matching works"): the
//! error-code set, `[[expect.diagnostic]]` entries, the warnings policy, the outcome and
//! stdout. A failed expectation is a list of `Mismatch` values plus the two sides of the diff.

use std::collections::BTreeSet;

use crate::compile::diagnostic::{canonical_line, with_label, Diagnostic, Level};
use crate::compile::program::{RunSummary, TestReport};
use crate::engine::results::Mismatch;
use crate::model::expectation::{
    maximum_matching, CodeRule, DiagnosticExpectation, Expectation, ExpectedLevel, Outcome,
    WarningPolicy,
};

/// What the snippet did: its diagnostics and, for run outcomes, how the program ended.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Actual<'a> {
    /// The snippet's file name, for `line` expectations.
    pub(crate) file: &'a str,
    /// Top-level diagnostics without rustc's summaries.
    pub(crate) diagnostics: &'a [&'a Diagnostic],
    /// Whether rustc accepted the snippet.
    pub(crate) compiled: bool,
    /// How the program ended, when it ran.
    pub(crate) run: Option<&'a RunSummary>,
}

/// The rustc level an expectation names.
pub(crate) fn level(expected: ExpectedLevel) -> Level {
    match expected {
        ExpectedLevel::Error => Level::Error,
        ExpectedLevel::Warning => Level::Warning,
        ExpectedLevel::Note => Level::Note,
        ExpectedLevel::Help => Level::Help,
    }
}

/// The comparison of one check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Comparison {
    /// Every difference found; empty means the check passed.
    pub(crate) mismatches: Vec<Mismatch>,
    /// Canonical lines of the expectation.
    pub(crate) expected: Vec<String>,
    /// Canonical lines of every actual diagnostic.
    pub(crate) actual: Vec<String>,
    /// The expected side of the diff.
    pub(crate) expected_view: Vec<String>,
    /// The actual side of the diff: matched diagnostics shown as their expectation, so
    /// only what differs shows up in the diff.
    pub(crate) actual_view: Vec<String>,
}

/// A diff line and where it sorts: (file, line), then text.
type Keyed = ((String, u32), String);

fn keyed(file: Option<&str>, line: Option<u32>, text: String) -> Keyed {
    ((file.unwrap_or("").to_owned(), line.unwrap_or(0)), text)
}

/// The diff's two sides and the mismatches, built up by the checks below.
struct Work<'a> {
    diagnostics: &'a [&'a Diagnostic],
    mismatches: Vec<Mismatch>,
    expected_view: Vec<Keyed>,
    actual_view: Vec<Keyed>,
    /// Which top-level diagnostics already have their full line in `actual_view`.
    shown: Vec<bool>,
    /// Whether an expectation names a label: actual lines then show theirs.
    labels: bool,
}

impl Work<'_> {
    /// Shows top-level diagnostic `i` in full on the actual side, once.
    fn show(&mut self, i: usize) {
        if !std::mem::replace(&mut self.shown[i], true) {
            let d = self.diagnostics[i];
            self.actual_view
                .push(keyed(d.file.as_deref(), d.line, full_line(d, self.labels)));
        }
    }

    fn both(&mut self, expected: Keyed, actual: Keyed) {
        self.expected_view.push(expected);
        self.actual_view.push(actual);
    }
}

/// Compares `actual` with `exp`.
pub(crate) fn compare(exp: &Expectation, actual: &Actual<'_>) -> Comparison {
    let expectations: Vec<&DiagnosticExpectation> = exp.diagnostic_list().collect();
    let label_notes = labels_for(exp, actual.diagnostics, actual.file);
    let mut pool = candidate_pool(actual.diagnostics);
    pool.extend(&label_notes);
    let owners = assign(&expectations, &pool, actual.file);
    let expected_view = expected_lines(exp, &expectations, actual.file);
    let expected = expected_view.iter().map(|k| k.1.clone()).collect();
    let labels = expectations.iter().any(|e| e.label.is_some());
    let mut work = Work {
        diagnostics: actual.diagnostics,
        mismatches: Vec::new(),
        expected_view,
        actual_view: owners
            .iter()
            .flatten()
            .map(|&e| expectation_line(expectations[e], actual.file))
            .collect(),
        shown: vec![false; actual.diagnostics.len()],
        labels,
    };
    let top_owners = &owners[..actual.diagnostics.len()];
    check_unmatched(&expectations, &owners, actual.file, &mut work);
    check_codes(exp, &expectations, &mut work);
    check_unaccounted(exp, top_owners, &mut work);
    check_unannotated(exp, &pool, &owners, actual.file, &mut work);
    check_outcome(exp, actual, &mut work);
    check_stdout(exp, actual, &mut work);
    Comparison {
        mismatches: work.mismatches,
        actual: sorted(
            actual
                .diagnostics
                .iter()
                .map(|d| keyed(d.file.as_deref(), d.line, full_line(d, labels))),
        ),
        expected,
        expected_view: sorted(work.expected_view),
        actual_view: sorted(work.actual_view),
    }
}

/// Which diagnostics of `pool` (as `pool` gives them) an expectation of `exp` takes, in
/// the matching a check makes: those that need nothing more to account for them.
pub(crate) fn claimed(exp: &Expectation, pool: &[&Diagnostic], file: &str) -> Vec<bool> {
    let expectations: Vec<&DiagnosticExpectation> = exp.diagnostic_list().collect();
    let owners = assign(&expectations, pool, file);
    owners.iter().map(Option::is_some).collect()
}

/// What a check matches `exp`'s expectations against, in its order: the top-level
/// diagnostics, their notes and helps, and in an annotated file every span label in `file`
/// as a NOTE.
pub(crate) fn pool(exp: &Expectation, top: &[&Diagnostic], file: &str) -> Vec<Diagnostic> {
    let labels = labels_for(exp, top, file);
    let pooled = candidate_pool(top).into_iter().cloned();
    pooled.chain(labels).collect()
}

/// The span labels `exp` counts as NOTEs: all those in `file` for an annotated file, none
/// otherwise.
fn labels_for(exp: &Expectation, top: &[&Diagnostic], file: &str) -> Vec<Diagnostic> {
    match exp.codes {
        CodeRule::Annotated => label_notes(top, file),
        _ => Vec::new(),
    }
}

/// Expectations no diagnostic satisfied; the unclaimed diagnostics of the same level are
/// shown next to them, so the diff says what rustc reported instead.
fn check_unmatched(
    expectations: &[&DiagnosticExpectation],
    owners: &[Option<usize>],
    file: &str,
    work: &mut Work<'_>,
) {
    let owned: BTreeSet<usize> = owners.iter().flatten().copied().collect();
    let mut levels = Vec::new();
    for (e, expectation) in expectations.iter().enumerate() {
        if !owned.contains(&e) {
            levels.push(expectation.level);
            let line = expectation_line(expectation, file).1;
            work.mismatches.push(Mismatch::Unmatched(line));
        }
    }
    let diagnostics = work.diagnostics;
    for (i, (d, owner)) in diagnostics.iter().zip(owners).enumerate() {
        if owner.is_none() && levels.iter().any(|&l| level(l) == d.level) {
            work.show(i);
        }
    }
}

/// A diagnostic's canonical line, with its label when the expectation names labels.
fn full_line(d: &Diagnostic, labels: bool) -> String {
    if labels {
        d.canonical_labelled()
    } else {
        d.canonical()
    }
}

fn sorted(lines: impl IntoIterator<Item = Keyed>) -> Vec<String> {
    let mut lines: Vec<Keyed> = lines.into_iter().collect();
    lines.sort();
    lines.into_iter().map(|(_, text)| text).collect()
}

/// Top-level diagnostics first (same indices as `actual.diagnostics`), then their children.
fn candidate_pool<'a>(top: &[&'a Diagnostic]) -> Vec<&'a Diagnostic> {
    let children = top.iter().flat_map(|d| d.children.iter());
    top.iter().copied().chain(children).collect()
}

/// Every labelled span in `file` of every diagnostic and its notes and helps, as a NOTE at
/// the span's line: compiletest's reading of an annotated file.
fn label_notes(top: &[&Diagnostic], file: &str) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    let mut stack: Vec<&Diagnostic> = top.to_vec();
    while let Some(d) = stack.pop() {
        stack.extend(d.children.iter());
        for label in d.labels.iter().filter(|l| l.file == file) {
            notes.push(Diagnostic {
                level: Level::Note,
                code: None,
                message: label.text.clone(),
                file: Some(label.file.clone()),
                line: Some(label.line),
                column: None,
                label: None,
                children: Vec::new(),
                rendered: String::new(),
                labels: Vec::new(),
            });
        }
    }
    notes
}

/// Notes and helps (span labels included) that no annotation matched, in a file that must
/// annotate every one of their level (`Expectation::exhaustive`).
fn check_unannotated(
    exp: &Expectation,
    pool: &[&Diagnostic],
    owners: &[Option<usize>],
    file: &str,
    work: &mut Work<'_>,
) {
    let tops = work.diagnostics.len();
    for (d, owner) in pool.iter().zip(owners).skip(tops) {
        let required = exp.exhaustive.iter().any(|&l| level(l) == d.level);
        if required && owner.is_none() && d.file.as_deref() == Some(file) {
            let line = d.canonical();
            work.actual_view
                .push(keyed(d.file.as_deref(), d.line, line.clone()));
            work.mismatches.push(Mismatch::Unannotated(line));
        }
    }
}

/// Whether `d` satisfies every field `e` sets.
pub(crate) fn matches(e: &DiagnosticExpectation, d: &Diagnostic, file: &str) -> bool {
    level(e.level) == d.level
        && e.code.as_ref().is_none_or(|c| d.code.as_ref() == Some(c))
        && e.line
            .is_none_or(|l| d.file.as_deref() == Some(file) && d.line == Some(l))
        && e.message
            .as_ref()
            .is_none_or(|m| d.message.contains(m.as_str()))
        && e.label
            .as_ref()
            .is_none_or(|l| d.label.as_ref().is_some_and(|dl| dl.contains(l.as_str())))
}

/// A maximum matching of expectations to distinct diagnostics (augmenting paths), so an
/// expectation never steals the only diagnostic another one could match. Returns, for
/// each pool entry, the index of the expectation it satisfies.
fn assign(exps: &[&DiagnosticExpectation], pool: &[&Diagnostic], file: &str) -> Vec<Option<usize>> {
    let edges: Vec<Vec<usize>> = exps
        .iter()
        .map(|e| {
            (0..pool.len())
                .filter(|&d| matches(e, pool[d], file))
                .collect()
        })
        .collect();
    maximum_matching(&edges, pool.len())
}

fn expected_lines(
    exp: &Expectation,
    expectations: &[&DiagnosticExpectation],
    file: &str,
) -> Vec<Keyed> {
    let codes: BTreeSet<&String> = exp.error_codes().iter().collect();
    let code_lines = codes
        .into_iter()
        .map(|c| keyed(None, None, format!("error[{c}]")));
    code_lines
        .chain(expectations.iter().map(|e| expectation_line(e, file)))
        .collect()
}

/// The canonical line of an expectation: only the fields it sets.
fn expectation_line(e: &DiagnosticExpectation, file: &str) -> Keyed {
    let location = e.line.map(|l| (file, l));
    let text = canonical_line(
        level(e.level).as_str(),
        e.code.as_deref(),
        location,
        e.message.as_deref(),
    );
    keyed(
        location.map(|l| l.0),
        e.line,
        with_label(text, e.label.as_deref()),
    )
}

/// The exact code set: `errors` plus codes named by error-level expectations.
fn check_codes(exp: &Expectation, expectations: &[&DiagnosticExpectation], work: &mut Work<'_>) {
    let listed: BTreeSet<&str> = exp.error_codes().iter().map(String::as_str).collect();
    let named = expectations
        .iter()
        .filter(|e| e.level == ExpectedLevel::Error)
        .filter_map(|e| e.code.as_deref())
        .filter(|c| crate::model::expectation::is_error_code(c));
    let wanted: BTreeSet<&str> = listed.iter().copied().chain(named).collect();
    let coded = |d: &Diagnostic| d.level == Level::Error && d.has_error_code();
    let found: BTreeSet<&str> = work
        .diagnostics
        .iter()
        .filter(|d| coded(d))
        .filter_map(|d| d.code.as_deref())
        .collect();
    for code in listed.intersection(&found) {
        work.actual_view
            .push(keyed(None, None, format!("error[{code}]")));
    }
    let missing = wanted
        .difference(&found)
        .map(|c| Mismatch::MissingCode((*c).to_owned()));
    work.mismatches.extend(missing);
    // Under rustdoc's rule, codes beyond the listed ones are allowed.
    let unexpected: BTreeSet<&str> = match exp.codes {
        CodeRule::Exact => found.difference(&wanted).copied().collect(),
        CodeRule::AtLeast | CodeRule::Annotated => BTreeSet::new(),
    };
    work.mismatches.extend(
        unexpected
            .iter()
            .map(|c| Mismatch::UnexpectedCode((*c).to_owned())),
    );
    // When a listed code is missing under rustdoc's rule, the diff shows what came instead.
    let show_all = exp.codes == CodeRule::AtLeast && !wanted.is_subset(&found);
    for i in 0..work.diagnostics.len() {
        let d = work.diagnostics[i];
        if coded(d) && (show_all || d.code.as_deref().is_some_and(|c| unexpected.contains(c))) {
            work.show(i);
        }
    }
}

/// Codeless errors, warnings and lints that no expectation matched. Under rustdoc's rule
/// (`CodeRule::AtLeast`) a codeless error is one more error, which a compile-fail allows.
fn check_unaccounted(exp: &Expectation, top_owners: &[Option<usize>], work: &mut Work<'_>) {
    let policy = exp.warnings;
    let codeless_allowed = exp.codes == CodeRule::AtLeast && exp.outcome == Outcome::CompileFail;
    for (i, owner) in top_owners.iter().enumerate() {
        let d = work.diagnostics[i];
        let is_lint = d.code.is_some() && !d.has_error_code();
        let problem = match d.level {
            Level::Error if d.code.is_none() && owner.is_none() && codeless_allowed => None,
            Level::Error if d.code.is_none() && owner.is_none() => {
                Some(Mismatch::UnexpectedError(d.canonical()))
            }
            Level::Error if owner.is_none() && !is_lint && exp.codes == CodeRule::Annotated => {
                Some(Mismatch::UnexpectedError(d.canonical()))
            }
            Level::Error if !is_lint => None,
            Level::Error | Level::Warning => warning_problem(policy, d, owner.is_some()),
            _ => None,
        };
        if let Some(problem) = problem {
            work.show(i);
            work.mismatches.push(problem);
        }
    }
}

fn warning_problem(policy: WarningPolicy, d: &Diagnostic, matched: bool) -> Option<Mismatch> {
    let allowed = match policy {
        WarningPolicy::Ignore => true,
        WarningPolicy::Forbid => matched && d.level == Level::Error,
        WarningPolicy::Exact => matched,
    };
    (!allowed).then(|| Mismatch::UnexpectedWarning(d.canonical()))
}

fn check_outcome(exp: &Expectation, actual: &Actual<'_>, work: &mut Work<'_>) {
    let ok = match exp.outcome {
        Outcome::CompileFail => !actual.compiled,
        Outcome::CompilePass => actual.compiled,
        Outcome::RunPass => actual.run.is_some_and(|r| r.success),
        Outcome::RunFail => actual.run.is_some_and(|r| !r.success),
        Outcome::TestPass => {
            tests_of(actual).is_some_and(|t| t.complete && t.failed == 0 && t.passed > 0)
        }
        Outcome::TestFail => tests_of(actual).is_some_and(|t| t.failed > 0),
    };
    if !ok {
        let got = actual_outcome(actual);
        work.both(
            keyed(None, None, format!("outcome: {}", exp.outcome.as_str())),
            keyed(None, None, format!("outcome: {got}")),
        );
        work.mismatches.push(Mismatch::Outcome {
            expected: exp.outcome,
            actual: got,
        });
    }
}

fn tests_of<'a>(actual: &Actual<'a>) -> Option<&'a TestReport> {
    actual.run.and_then(|r| r.tests.as_ref())
}

fn actual_outcome(actual: &Actual<'_>) -> String {
    match (actual.compiled, actual.run) {
        (false, _) => "compile-fail".into(),
        (true, None) => "compile-pass".into(),
        (true, Some(run)) => match &run.tests {
            Some(tests) => test_outcome(tests, run),
            None if run.success => "run-pass".into(),
            None => format!("run-fail ({})", run.status),
        },
    }
}

fn test_outcome(tests: &TestReport, run: &RunSummary) -> String {
    if tests.failed > 0 {
        format!(
            "test-fail ({} of {} tests failed: {})",
            tests.failed,
            tests.total(),
            tests.failing.join(", ")
        )
    } else if !tests.complete {
        format!(
            "test-fail (the test harness did not finish: {})",
            run.status
        )
    } else if tests.passed == 0 {
        "test-fail (no tests ran)".into()
    } else {
        format!("test-pass ({} tests passed)", tests.passed)
    }
}

/// Lines of stdout shown in a diff; the rest is counted, not shown.
const STDOUT_LINES_SHOWN: usize = 20;
/// Characters of one stdout line shown in a diff.
const STDOUT_LINE_CHARS: usize = 120;

/// Stdout as diff lines, sorting after every diagnostic line, cut to a readable size.
fn stdout_lines(text: &str) -> Vec<Keyed> {
    let key = |i: usize| ("\u{10FFFF}".to_owned(), i as u32);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut shown: Vec<Keyed> = lines
        .iter()
        .take(STDOUT_LINES_SHOWN)
        .enumerate()
        .map(|(i, line)| {
            let cut: String = line.chars().take(STDOUT_LINE_CHARS).collect();
            let more = if cut.len() < line.len() { "…" } else { "" };
            (key(i), format!("stdout: {cut:?}{more}"))
        })
        .collect();
    if lines.len() > STDOUT_LINES_SHOWN {
        let rest = lines.len() - STDOUT_LINES_SHOWN;
        shown.push((
            key(STDOUT_LINES_SHOWN),
            format!("stdout: … {rest} more lines"),
        ));
    }
    shown
}

fn check_stdout(exp: &Expectation, actual: &Actual<'_>, work: &mut Work<'_>) {
    let (Some(wanted), Some(run)) = (&exp.stdout, actual.run) else {
        return;
    };
    let wanted = wanted.get_ref().replace("\r\n", "\n");
    work.expected_view.extend(stdout_lines(&wanted));
    work.actual_view.extend(stdout_lines(&run.stdout));
    if wanted != run.stdout {
        work.mismatches.push(Mismatch::Stdout);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(level: Level, code: Option<&str>, line: u32, message: &str) -> Diagnostic {
        Diagnostic {
            level,
            code: code.map(str::to_owned),
            message: message.to_owned(),
            file: Some("main.rs".to_owned()),
            line: Some(line),
            column: Some(1),
            label: None,
            children: vec![],
            rendered: String::new(),
            labels: Vec::new(),
        }
    }

    fn expectation(toml_text: &str) -> Expectation {
        toml::from_str(toml_text).expect("valid expectation")
    }

    fn run_compare(exp: &Expectation, diags: &[Diagnostic]) -> Comparison {
        let refs: Vec<&Diagnostic> = diags.iter().collect();
        let compiled = !diags.iter().any(|d| d.level == Level::Error);
        compare(
            exp,
            &Actual {
                file: "main.rs",
                diagnostics: &refs,
                compiled,
                run: None,
            },
        )
    }

    const MOVE: &str = r#"outcome = "compile-fail"
errors = ["E0382"]
[[diagnostic]]
code = "E0382"
line = 5
message = "borrow of moved value"
"#;

    #[test]
    fn exact_match_passes_with_equal_views() {
        let cmp = run_compare(
            &expectation(MOVE),
            &[diag(
                Level::Error,
                Some("E0382"),
                5,
                "borrow of moved value: `s1`",
            )],
        );
        assert_eq!(cmp.mismatches, []);
        assert_eq!(cmp.expected_view, cmp.actual_view);
        assert_eq!(
            cmp.expected,
            [
                "error[E0382]",
                "error[E0382] main.rs:5: borrow of moved value"
            ]
        );
        assert_eq!(
            cmp.actual,
            ["error[E0382] main.rs:5: borrow of moved value: `s1`"]
        );
    }

    const MISMATCH: &str = r#"outcome = "compile-fail"
errors = ["E0308"]
[[diagnostic]]
code = "E0308"
line = 2
label = "expected `u32`, found `&str`"
"#;

    #[test]
    fn labels_tell_one_mismatch_from_another() {
        let mut found = diag(Level::Error, Some("E0308"), 2, "mismatched types");
        found.label = Some("expected `u32`, found `&str`".into());
        let cmp = run_compare(&expectation(MISMATCH), &[found.clone()]);
        assert_eq!(cmp.mismatches, []);
        assert_eq!(cmp.expected_view, cmp.actual_view);
        found.label = Some("expected `u32`, found `char`".into());
        let cmp = run_compare(&expectation(MISMATCH), &[found]);
        assert_eq!(
            cmp.mismatches,
            [Mismatch::Unmatched(
                "error[E0308] main.rs:2 [expected `u32`, found `&str`]".into()
            )]
        );
        assert!(
            cmp.actual_view.contains(
                &"error[E0308] main.rs:2: mismatched types [expected `u32`, found `char`]"
                    .to_owned()
            ),
            "{:?}",
            cmp.actual_view
        );
    }

    #[test]
    fn claimed_diagnostics_are_those_an_expectation_takes() {
        let diags = [
            diag(Level::Error, Some("E0382"), 5, "borrow of moved value"),
            diag(Level::Error, Some("E0382"), 9, "borrow of moved value"),
        ];
        let refs: Vec<&Diagnostic> = diags.iter().collect();
        let exp = expectation(MOVE);
        let pooled = pool(&exp, &refs, "main.rs");
        assert_eq!(pooled.len(), 2, "no labels outside an annotated file");
        let pooled: Vec<&Diagnostic> = pooled.iter().collect();
        assert_eq!(claimed(&exp, &pooled, "main.rs"), [true, false]);
    }

    #[test]
    fn wrong_line_is_unmatched() {
        let cmp = run_compare(
            &expectation(MOVE),
            &[diag(
                Level::Error,
                Some("E0382"),
                6,
                "borrow of moved value",
            )],
        );
        assert_eq!(
            cmp.mismatches,
            [Mismatch::Unmatched(
                "error[E0382] main.rs:5: borrow of moved value".into()
            )]
        );
    }

    #[test]
    fn extra_and_missing_codes_are_reported() {
        let cmp = run_compare(
            &expectation(MOVE),
            &[diag(Level::Error, Some("E0499"), 5, "cannot borrow")],
        );
        assert!(cmp
            .mismatches
            .contains(&Mismatch::MissingCode("E0382".into())));
        assert!(cmp
            .mismatches
            .contains(&Mismatch::UnexpectedCode("E0499".into())));
        assert!(cmp
            .actual_view
            .contains(&"error[E0499] main.rs:5: cannot borrow".to_owned()));
    }

    #[test]
    fn duplicates_of_an_expected_code_are_fine() {
        let diags = [
            diag(Level::Error, Some("E0382"), 5, "borrow of moved value: `a`"),
            diag(Level::Error, Some("E0382"), 9, "borrow of moved value: `b`"),
        ];
        assert_eq!(run_compare(&expectation(MOVE), &diags).mismatches, []);
    }

    #[test]
    fn codeless_errors_need_a_message_expectation() {
        let exp = expectation("outcome = \"compile-fail\"\nerrors = [\"E0308\"]\n");
        let diags = [
            diag(Level::Error, Some("E0308"), 2, "mismatched types"),
            diag(Level::Error, None, 3, "lifetime may not live long enough"),
        ];
        let cmp = run_compare(&exp, &diags);
        assert_eq!(
            cmp.mismatches,
            [Mismatch::UnexpectedError(
                "error main.rs:3: lifetime may not live long enough".into()
            )]
        );
    }

    #[test]
    fn rustdocs_rule_needs_the_listed_codes_among_the_errors() {
        let mut exp = expectation("outcome = \"compile-fail\"\nerrors = [\"E0382\"]\n");
        exp.codes = CodeRule::AtLeast;
        let diags = [
            diag(Level::Error, Some("E0382"), 5, "borrow of moved value"),
            diag(Level::Error, Some("E0499"), 6, "cannot borrow"),
            diag(Level::Error, None, 7, "lifetime may not live long enough"),
        ];
        assert_eq!(run_compare(&exp, &diags).mismatches, []);
        let missing = run_compare(&exp, &diags[1..]);
        assert_eq!(missing.mismatches, [Mismatch::MissingCode("E0382".into())]);
        let mut any = expectation("outcome = \"compile-fail\"\n[[diagnostic]]\nmessage = \"x\"\n");
        any.diagnostics.clear();
        any.codes = CodeRule::AtLeast;
        assert_eq!(
            run_compare(&any, &diags[2..]).mismatches,
            [],
            "any error will do"
        );
        exp.codes = CodeRule::Exact;
        let exact = run_compare(&exp, &diags);
        assert_eq!(
            exact.mismatches,
            [
                Mismatch::UnexpectedCode("E0499".into()),
                Mismatch::UnexpectedError(
                    "error main.rs:7: lifetime may not live long enough".into()
                )
            ]
        );
    }

    #[test]
    fn matching_prefers_an_assignment_that_satisfies_everyone() {
        // The first expectation could take either diagnostic; the second only the first one.
        let exp = expectation(
            "outcome = \"compile-fail\"\n[[diagnostic]]\nmessage = \"moved\"\n[[diagnostic]]\nline = 5\n",
        );
        let diags = [
            diag(Level::Error, None, 5, "value moved"),
            diag(Level::Error, None, 7, "value moved again"),
        ];
        assert_eq!(run_compare(&exp, &diags).mismatches, []);
    }

    #[test]
    fn warning_policies() {
        let warn = [diag(
            Level::Warning,
            Some("unused_variables"),
            2,
            "unused variable: `x`",
        )];
        let ignore = expectation("outcome = \"compile-pass\"\n");
        assert_eq!(run_compare(&ignore, &warn).mismatches, []);
        let forbid = expectation("outcome = \"compile-pass\"\nwarnings = \"forbid\"\n");
        assert_eq!(run_compare(&forbid, &warn).mismatches.len(), 1);
        let exact = expectation(
            "outcome = \"compile-pass\"\nwarnings = \"exact\"\n[[diagnostic]]\nlevel = \"warning\"\ncode = \"unused_variables\"\n",
        );
        assert_eq!(run_compare(&exact, &warn).mismatches, []);
        let exact_unlisted = expectation("outcome = \"compile-pass\"\nwarnings = \"exact\"\n");
        assert_eq!(run_compare(&exact_unlisted, &warn).mismatches.len(), 1);
    }

    #[test]
    fn notes_match_children() {
        let mut error = diag(Level::Error, Some("E0382"), 5, "borrow of moved value");
        error
            .children
            .push(diag(Level::Help, None, 3, "consider cloning the value"));
        let exp = expectation(
            "outcome = \"compile-fail\"\nerrors = [\"E0382\"]\n[[diagnostic]]\nlevel = \"help\"\nline = 3\nmessage = \"cloning\"\n",
        );
        assert_eq!(run_compare(&exp, &[error]).mismatches, []);
    }

    #[test]
    fn compile_pass_on_broken_code_fails_on_outcome() {
        let exp = expectation("outcome = \"compile-pass\"\n");
        let cmp = run_compare(
            &exp,
            &[diag(
                Level::Error,
                Some("E0382"),
                5,
                "borrow of moved value",
            )],
        );
        assert!(cmp
            .mismatches
            .iter()
            .any(|m| matches!(m, Mismatch::Outcome { .. })));
        assert!(cmp
            .mismatches
            .contains(&Mismatch::UnexpectedCode("E0382".into())));
    }

    fn harness_run(passed: usize, failing: &[&str]) -> RunSummary {
        RunSummary {
            success: failing.is_empty(),
            status: "exit status: 101".into(),
            stdout: String::new(),
            stderr: String::new(),
            tests: Some(TestReport {
                passed,
                failed: failing.len(),
                failing: failing.iter().map(|s| (*s).to_owned()).collect(),
                complete: true,
                planned: passed + failing.len(),
            }),
        }
    }

    fn outcome_of(exp: &Expectation, run: &RunSummary) -> Vec<Mismatch> {
        let actual = Actual {
            file: "main.rs",
            diagnostics: &[],
            compiled: true,
            run: Some(run),
        };
        compare(exp, &actual).mismatches
    }

    #[test]
    fn test_outcomes_name_the_failing_tests() {
        let pass = expectation("outcome = \"test-pass\"\n");
        assert_eq!(outcome_of(&pass, &harness_run(3, &[])), []);
        let mismatches = outcome_of(&pass, &harness_run(2, &["tests::overflow"]));
        assert_eq!(
            mismatches,
            [Mismatch::Outcome {
                expected: Outcome::TestPass,
                actual: "test-fail (1 of 3 tests failed: tests::overflow)".into()
            }]
        );
        assert_eq!(
            outcome_of(&pass, &harness_run(0, &[])).len(),
            1,
            "no tests is no pass"
        );
        let fail = expectation("outcome = \"test-fail\"\n");
        assert_eq!(outcome_of(&fail, &harness_run(2, &["a"])), []);
        assert_eq!(outcome_of(&fail, &harness_run(2, &[])).len(), 1);
    }

    #[test]
    fn stdout_is_compared_exactly() {
        let exp = expectation("outcome = \"run-pass\"\nstdout = \"hi\\n\"\n");
        let run = RunSummary {
            success: true,
            status: "exit status: 0".into(),
            stdout: "hi\n".into(),
            stderr: String::new(),
            tests: None,
        };
        let ok = compare(
            &exp,
            &Actual {
                file: "main.rs",
                diagnostics: &[],
                compiled: true,
                run: Some(&run),
            },
        );
        assert_eq!(ok.mismatches, []);
        let wrong = RunSummary {
            stdout: "ho\n".into(),
            ..run
        };
        let bad = compare(
            &exp,
            &Actual {
                file: "main.rs",
                diagnostics: &[],
                compiled: true,
                run: Some(&wrong),
            },
        );
        assert_eq!(bad.mismatches, [Mismatch::Stdout]);
    }
}
