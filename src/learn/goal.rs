//! The goal of an exercise in one sentence for the learner, derived from `[solution]`:
//! its outcome, the stdout to print, and the warnings policy.

use crate::model::expectation::{Expectation, Outcome, WarningPolicy};

/// What the learner must achieve: a sentence, and the lines the program must print when
/// they do not fit into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Goal {
    /// `make it compile and print "hello"`.
    pub(crate) sentence: String,
    /// Expected stdout, line by line, when it has more than one line.
    pub(crate) lines: Vec<String>,
}

/// The goal `exp` sets.
pub(crate) fn of(exp: &Expectation) -> Goal {
    let stdout = exp.stdout.as_ref().map(|s| s.get_ref().as_str());
    let mut lines = Vec::new();
    let mut sentence = match (exp.outcome, stdout) {
        (Outcome::RunPass, Some("")) => "make it compile and run without printing anything".into(),
        (Outcome::RunPass, Some(out)) => match out.strip_suffix('\n').unwrap_or(out) {
            one if !one.contains('\n') => format!("make it compile and print {one:?}"),
            many => {
                lines = many.lines().map(str::to_owned).collect();
                format!("make it compile and print these {} lines:", lines.len())
            }
        },
        (Outcome::RunPass, None) => "make it compile and run without panicking".into(),
        (Outcome::RunFail, _) => {
            "make it compile, then fail at run time (panic or exit non-zero)".into()
        }
        (Outcome::TestPass, _) if exp.tests.is_some() => {
            let file = exp.tests.as_ref().map_or("", |t| t.get_ref().as_str());
            format!("make it compile and pass the tests in {file}")
        }
        (Outcome::TestPass, _) => "make it compile and pass its tests".into(),
        (Outcome::TestFail, _) => "make it compile with a failing test".into(),
        (Outcome::CompilePass, _) => "make it compile".into(),
        (Outcome::CompileFail, _) => match exp.error_codes() {
            [] => "make rustc reject it".into(),
            codes => format!("make rustc reject it with {}", codes.join(", ")),
        },
    };
    if exp.warnings != WarningPolicy::Ignore && exp.outcome != Outcome::CompileFail {
        sentence = match sentence.strip_suffix(':') {
            Some(head) => format!("{head}, without warnings:"),
            None => format!("{sentence}, without warnings"),
        };
    }
    Goal { sentence, lines }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expectation(toml: &str) -> Expectation {
        toml::from_str(toml).expect("valid expectation")
    }

    #[test]
    fn one_line_of_stdout_is_quoted() {
        let goal = of(&expectation(
            "outcome = \"run-pass\"\nstdout = \"hello\\n\"",
        ));
        assert_eq!(goal.sentence, "make it compile and print \"hello\"");
        assert!(goal.lines.is_empty());
    }

    #[test]
    fn several_lines_are_listed() {
        let goal = of(&expectation(
            "outcome = \"run-pass\"\nstdout = \"a\\nb\\n\"",
        ));
        assert_eq!(goal.sentence, "make it compile and print these 2 lines:");
        assert_eq!(goal.lines, ["a", "b"]);
    }

    #[test]
    fn other_outcomes() {
        assert_eq!(of(&Expectation::default()).sentence, "make it compile");
        let forbid = expectation("outcome = \"run-pass\"\nwarnings = \"forbid\"");
        assert_eq!(
            of(&forbid).sentence,
            "make it compile and run without panicking, without warnings"
        );
        let tests = expectation("outcome = \"test-pass\"\ntests = \"tests.rs\"");
        assert_eq!(
            of(&tests).sentence,
            "make it compile and pass the tests in tests.rs"
        );
    }
}
