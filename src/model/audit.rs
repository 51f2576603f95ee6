//! The audit of an exercise (README, "Auditing exercises"): the lazy answers its
//! `[solution]` must refuse, each with the text that stands in for the snippet, and the
//! answers left out, each with why. The answers are: the shipped snippet as it is; the
//! shipped snippet with every function body `Default::default()`, and apart `todo!()`,
//! and `main` emptied; `solution.rs` with one function other than `main` at a time given
//! a `Default::default()` body (`main` is left alone: hidden tests never call it, so a
//! solution whose `main` differs is still a solution). The shipped snippet of an
//! exercise whose `[expect]` is compile-fail and whose `[solution]` is not is judged by
//! its own `[expect]` check, as `learn` judges an untouched one: it does not compile.

use std::fmt;
use std::path::Path;

use crate::model::exercise::Exercise;
use crate::model::expectation::Outcome;
use crate::model::source::SOLUTION_FILE;
use crate::model::syntax::lazy::{self, Body, Function, Unparsed};

/// How a lazy answer is made from its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rewrite {
    /// The file as it is.
    AsShipped,
    /// Every function body replaced, `main` emptied.
    EveryBody(Body),
    /// One function's body (its name) replaced by `Default::default()`.
    OneBody(String),
    /// Each function's body in turn: the answers of `OneBody`, named together when they
    /// are left out.
    EachBody,
}

/// What a lazy answer is: the file it is made from, as reports name it (the snippet, or
/// `solution.rs`), and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name {
    /// The snippet's file name, or `solution.rs`.
    pub(crate) file: String,
    /// How the file was made lazy.
    pub(crate) rewrite: Rewrite,
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = &self.file;
        match &self.rewrite {
            Rewrite::AsShipped => write!(f, "{file} as shipped"),
            Rewrite::EveryBody(Body::Default) => write!(
                f,
                "{file} with every function returning Default::default() and an empty `main`"
            ),
            Rewrite::EveryBody(Body::Todo) => write!(
                f,
                "{file} with every function body todo!() and an empty `main`"
            ),
            Rewrite::OneBody(function) => {
                write!(
                    f,
                    "{file} with `fn {function}` returning Default::default()"
                )
            }
            Rewrite::EachBody => write!(
                f,
                "{file} with each function in turn returning Default::default()"
            ),
        }
    }
}

/// A lazy answer to try: its name and the text compiled in the snippet's place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    /// What it is.
    pub(crate) name: Name,
    /// The snippet's text in this answer.
    pub(crate) text: String,
}

/// Why an answer, or the whole audit, is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LeftOut {
    /// `exercise.toml` has no `[solution]`: there is nothing to audit.
    NoSolution,
    /// `[expect]` and `[solution]` ask for the same: the shipped snippet meets
    /// `[solution]` on purpose (a contrast exercise).
    Contrast,
    /// The file does not parse, so no body can be replaced.
    Unparsed(String, Unparsed),
    /// The file cannot be read (its own check says why).
    Unreadable(String),
    /// There is no such file (the solution's own check says so).
    Missing(String),
    /// The file has no function besides `main`.
    NoFunction(String),
    /// The answer would be the file itself: no body changes.
    Same(String),
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSolution => f.write_str("nothing to audit: exercise.toml has no [solution]"),
            Self::Contrast => f.write_str(
                "[expect] and [solution] ask for the same: the shipped snippet meets [solution] on purpose",
            ),
            Self::Unparsed(file, why) => write!(f, "{file} does not parse ({why})"),
            Self::Unreadable(file) => write!(f, "{file} cannot be read"),
            Self::Missing(file) => write!(f, "there is no {file}"),
            Self::NoFunction(file) => write!(f, "{file} has no function besides `main`"),
            Self::Same(file) => write!(f, "no body changes: the same text as {file}"),
        }
    }
}

/// An answer left out, named when it is one (`None`: the whole audit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Skipped {
    /// The answer, or `None` for the whole audit.
    pub(crate) name: Option<Name>,
    /// Why.
    pub(crate) why: LeftOut,
}

/// Everything the audit of one exercise does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Audit {
    /// The answers to compile against `[solution]`.
    pub(crate) answers: Vec<Answer>,
    /// The shipped snippet, judged by the `[expect]` check (compile-fail) rather than
    /// compiled again.
    pub(crate) by_expect: Option<Name>,
    /// The answers left out.
    pub(crate) skipped: Vec<Skipped>,
}

impl Audit {
    /// The audit of `ex`.
    pub(crate) fn of(ex: &Exercise) -> Audit {
        let mut audit = Audit::default();
        if !ex.solution_declared {
            audit.skip(None, LeftOut::NoSolution);
            return audit;
        }
        let shipped = snippet_text(ex);
        audit.shipped(ex, shipped.as_deref());
        audit.every_body(&ex.file, shipped.as_deref());
        let solution = ex.solution_file.as_deref().map(read);
        audit.each_body(solution.as_ref().map(|s| s.as_deref()));
        audit
    }

    /// Leaves out the answer `name` (or the whole audit) for `why`.
    fn skip(&mut self, name: Option<Name>, why: LeftOut) {
        self.skipped.push(Skipped { name, why });
    }

    /// Answer 1: the shipped snippet.
    fn shipped(&mut self, ex: &Exercise, text: Option<&str>) {
        let name = named(&ex.file, Rewrite::AsShipped);
        if ex.expect.same_as(&ex.solution) {
            self.skip(Some(name), LeftOut::Contrast);
        } else if ex.expect.outcome == Outcome::CompileFail
            && ex.solution.outcome != Outcome::CompileFail
        {
            self.by_expect = Some(name);
        } else if let Some(text) = text {
            self.answers.push(Answer {
                name,
                text: text.to_owned(),
            });
        } else {
            self.skip(Some(name), LeftOut::Unreadable(ex.file.clone()));
        }
    }

    /// Answers 2: the shipped snippet with every body `Default::default()`, then with
    /// every body `todo!()`.
    fn every_body(&mut self, file: &str, text: Option<&str>) {
        let bodies = [Body::Default, Body::Todo];
        let functions = match text.map(lazy::functions) {
            Some(Ok(functions)) => functions,
            unusable => {
                let why = match unusable {
                    Some(Err(unparsed)) => LeftOut::Unparsed(file.to_owned(), unparsed),
                    _ => LeftOut::Unreadable(file.to_owned()),
                };
                for body in bodies {
                    self.skip(Some(named(file, Rewrite::EveryBody(body))), why.clone());
                }
                return;
            }
        };
        let text = text.unwrap_or_default();
        let only_main = functions.iter().all(|f| f.main);
        for body in bodies {
            let name = named(file, Rewrite::EveryBody(body));
            let lazy = lazy::every_body(text, &functions, body);
            if lazy == text {
                self.skip(Some(name), LeftOut::Same(file.to_owned()));
            } else if only_main && body == Body::Todo {
                // Only `main` changes, and the same way: the answer before is this one.
                self.skip(Some(name), LeftOut::NoFunction(file.to_owned()));
            } else {
                self.answers.push(Answer { name, text: lazy });
            }
        }
    }

    /// Answers 3: `solution.rs` with one function other than `main` at a time given a
    /// `Default::default()` body. `solution` is `None` without `solution.rs` (its own
    /// check fails the exercise), `Some(None)` when it cannot be read.
    fn each_body(&mut self, solution: Option<Option<&str>>) {
        let each = named(SOLUTION_FILE, Rewrite::EachBody);
        let text = match solution {
            Some(Some(text)) => text,
            Some(None) => return self.skip(Some(each), LeftOut::Unreadable(SOLUTION_FILE.into())),
            None => return self.skip(Some(each), LeftOut::Missing(SOLUTION_FILE.into())),
        };
        let functions: Vec<Function> = match lazy::functions(text) {
            Ok(found) => found.into_iter().filter(|f| !f.main).collect(),
            Err(unparsed) => {
                let why = LeftOut::Unparsed(SOLUTION_FILE.to_owned(), unparsed);
                self.skip(Some(each), why);
                return;
            }
        };
        if functions.is_empty() {
            self.skip(Some(each), LeftOut::NoFunction(SOLUTION_FILE.to_owned()));
        }
        for function in &functions {
            let name = named(SOLUTION_FILE, Rewrite::OneBody(function.name.clone()));
            let lazy = lazy::one_body(text, function);
            // A body that is `Default::default()` already is the solution, not lazy.
            if lazy == text {
                self.skip(Some(name), LeftOut::Same(SOLUTION_FILE.to_owned()));
            } else {
                self.answers.push(Answer { name, text: lazy });
            }
        }
    }
}

/// The answer made from `file` by `rewrite`.
fn named(file: &str, rewrite: Rewrite) -> Name {
    Name {
        file: file.to_owned(),
        rewrite,
    }
}

/// The shipped snippet's text, `None` when it cannot be read.
fn snippet_text(ex: &Exercise) -> Option<String> {
    let source = ex.sources.iter().find(|s| s.rel == Path::new(&ex.file))?;
    match &source.text {
        Some(text) => Some(text.clone()),
        None => read(&source.abs),
    }
}

/// The text at `path`, `None` when it cannot be read as UTF-8.
fn read(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An exercise written into a temp dir: `exercise.toml`, `main.rs` and, when given,
    /// `solution.rs`.
    fn exercise(toml: &str, main: &str, solution: Option<&str>) -> (tempfile::TempDir, Exercise) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("exercise.toml"), toml).expect("write");
        std::fs::write(dir.path().join("main.rs"), main).expect("write");
        if let Some(solution) = solution {
            std::fs::write(dir.path().join("solution.rs"), solution).expect("write");
        }
        let ex = Exercise::load(dir.path()).expect("loads");
        (dir, ex)
    }

    fn names(audit: &Audit) -> Vec<String> {
        audit.answers.iter().map(|a| a.name.to_string()).collect()
    }

    const RUN: &str = "title = \"t\"\n[expect]\noutcome = \"run-fail\"\n[solution]\noutcome = \"run-pass\"\nstdout = \"6\\n\"\n";

    #[test]
    fn the_three_kinds_of_answers() {
        let main = "fn area(w: u32) -> u32 {\n    panic!()\n}\nfn main() {\n    println!(\"{}\", area(3));\n}\n";
        let solution = "fn area(w: u32) -> u32 {\n    w * 2\n}\nfn main() {\n    println!(\"{}\", area(3));\n}\n";
        let (_dir, ex) = exercise(RUN, main, Some(solution));
        let audit = Audit::of(&ex);
        assert_eq!(
            names(&audit),
            [
                "main.rs as shipped",
                "main.rs with every function returning Default::default() and an empty `main`",
                "main.rs with every function body todo!() and an empty `main`",
                "solution.rs with `fn area` returning Default::default()",
            ]
        );
        assert_eq!(audit.answers[0].text, main);
        assert!(audit.answers[3].text.starts_with(
            "fn area(w: u32) -> u32 { Default::default() \n\n}\nfn main() {\n    println!"
        ));
        assert_eq!(audit.by_expect, None);
        assert!(audit.skipped.is_empty(), "{:?}", audit.skipped);
    }

    #[test]
    fn a_shipped_snippet_that_does_not_compile_is_judged_by_expect() {
        let toml = "title = \"t\"\n[expect]\noutcome = \"compile-fail\"\nerrors = [\"E0308\"]\n[solution]\noutcome = \"run-pass\"\n";
        let (_dir, ex) = exercise(
            toml,
            "fn main() { let x: u32 = \"a\"; }",
            Some("fn main() {}"),
        );
        let audit = Audit::of(&ex);
        assert_eq!(
            audit.by_expect.as_ref().map(ToString::to_string).as_deref(),
            Some("main.rs as shipped")
        );
        // Only `main`: one body answer, and solution.rs has nothing to replace.
        assert_eq!(
            names(&audit),
            ["main.rs with every function returning Default::default() and an empty `main`"]
        );
        let why: Vec<String> = audit.skipped.iter().map(|s| s.why.to_string()).collect();
        assert_eq!(
            why,
            [
                "main.rs has no function besides `main`",
                "solution.rs has no function besides `main`"
            ]
        );
    }

    #[test]
    fn a_body_that_is_lazy_already_is_no_answer() {
        let solution = "#[derive(Default)]\nstruct S;\nfn make() -> S { Default::default() }\nfn main() { make(); }\n";
        let (_dir, ex) = exercise(RUN, "fn main() {}", Some(solution));
        let audit = Audit::of(&ex);
        let same = audit
            .skipped
            .iter()
            .find(|s| s.name.as_ref().is_some_and(|n| n.file == SOLUTION_FILE));
        assert_eq!(
            same.map(|s| s.why.to_string()).as_deref(),
            Some("no body changes: the same text as solution.rs")
        );
        let main = audit
            .skipped
            .iter()
            .find(|s| s.name.as_ref().is_some_and(|n| n.file == "main.rs"));
        assert_eq!(main.map(|s| &s.why), Some(&LeftOut::Same("main.rs".into())));
    }

    #[test]
    fn a_contrast_exercise_leaves_out_its_shipped_snippet() {
        let toml =
            "title = \"t\"\n[expect]\noutcome = \"run-pass\"\n[solution]\noutcome = \"run-pass\"\n";
        let (_dir, ex) = exercise(
            toml,
            "fn main() { println!(\"hi\"); }",
            Some("fn main() {}"),
        );
        let audit = Audit::of(&ex);
        assert_eq!(audit.skipped[0].why, LeftOut::Contrast);
        assert_eq!(
            audit.skipped[0].name.as_ref().map(|n| n.rewrite.clone()),
            Some(Rewrite::AsShipped)
        );
    }

    #[test]
    fn without_solution_there_is_nothing_to_audit() {
        let toml = "title = \"t\"\n[expect]\noutcome = \"compile-pass\"\n";
        let (_dir, ex) = exercise(toml, "fn main() {}", Some("fn main() {}"));
        let audit = Audit::of(&ex);
        assert!(audit.answers.is_empty());
        assert_eq!(
            audit.skipped,
            [Skipped {
                name: None,
                why: LeftOut::NoSolution
            }]
        );
    }

    #[test]
    fn a_snippet_that_does_not_parse_gives_the_rest() {
        let (_dir, ex) = exercise(
            RUN,
            "fn main() {\n    let = 1;\n}\n",
            Some("fn f() -> u32 { 6 }\nfn main() { println!(\"{}\", f()); }\n"),
        );
        let audit = Audit::of(&ex);
        assert_eq!(
            names(&audit),
            [
                "main.rs as shipped",
                "solution.rs with `fn f` returning Default::default()"
            ]
        );
        assert_eq!(audit.skipped.len(), 2);
        assert!(
            audit.skipped[0]
                .why
                .to_string()
                .starts_with("main.rs does not parse (line 2: "),
            "{}",
            audit.skipped[0].why
        );
    }
}
