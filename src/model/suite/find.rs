//! Finding trybuild suites in a package's integration tests, as `cargo test` builds them:
//! every `tests/*.rs` (the top level of `tests/` only) is parsed with syn, and in every
//! function each `let NAME = trybuild::TestCases::new();` (or `TestCases::new()` after a
//! `use trybuild::TestCases`) is a suite, given the `NAME.compile_fail("..")` and
//! `NAME.pass("..")` calls that follow it in the same body. A file without the text
//! `TestCases` holds no suite and is not parsed, so a tests file that does not parse
//! for another reason (a nightly-only syntax) costs nothing.

use std::collections::BTreeSet;
use std::io;
use std::path::{Path, PathBuf};

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Attribute, Block, Expr, ExprCall, ExprMethodCall, Lit, Local, Pat, UseTree};

use crate::model::error::InputError;
use crate::model::suite::{Found, Glob, Kind, Suite};

/// The directory of a package's integration tests.
const TESTS_DIR: &str = "tests";
/// The text every form of `TestCases::new()` snipcheck follows contains.
const MARKER: &[u8] = b"TestCases";
/// What syn says of any text proc-macro2 cannot split into tokens.
const LEX_ERROR: &str = "cannot parse string into token stream";
/// What that means, said to the user.
const LEX_ERROR_MEANS: &str = "a delimiter is not closed, or a token is malformed";

/// Every trybuild suite of the package at `package_root`: by tests file, sorted by name,
/// then in source order. A file that cannot be read or parsed, and a suite with a call
/// snipcheck cannot follow, are problems; every other suite is still found.
pub(crate) fn find_suites(package_root: &Path) -> Found {
    let mut found = Found::default();
    let files = match tests_files(package_root) {
        Ok(files) => files,
        Err(problem) => {
            found.problems.push(problem);
            return found;
        }
    };
    for file in files {
        let (suites, problems) = suites_of(package_root, &file);
        found.suites.extend(suites);
        found.problems.extend(problems);
    }
    found
}

/// The `.rs` files at the top of `tests/`, package-relative and sorted; none without
/// the directory.
fn tests_files(package_root: &Path) -> Result<Vec<PathBuf>, InputError> {
    let dir = package_root.join(TESTS_DIR);
    let unreadable = |e: io::Error| InputError::Unreadable {
        file: PathBuf::from(TESTS_DIR),
        reason: e.to_string(),
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(unreadable(e)),
    };
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(unreadable)?.path();
        if path.extension().is_some_and(|x| x == "rs") && path.is_file() {
            if let Some(name) = path.file_name() {
                files.push(Path::new(TESTS_DIR).join(name));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The suites of one tests file (`file` is package-relative), and its problems.
fn suites_of(package_root: &Path, file: &Path) -> (Vec<Suite>, Vec<InputError>) {
    let bytes = match std::fs::read(package_root.join(file)) {
        Ok(bytes) => bytes,
        Err(e) => return (Vec::new(), vec![unreadable(file, &e)]),
    };
    if !bytes.windows(MARKER.len()).any(|w| w == MARKER) {
        return (Vec::new(), Vec::new());
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => return (Vec::new(), vec![not_utf8(file, &e)]),
    };
    match syn::parse_file(&text) {
        Ok(ast) => scan(file, &ast),
        Err(e) => (Vec::new(), vec![unparsed(file, &e)]),
    }
}

/// `file` could not be read.
fn unreadable(file: &Path, error: &io::Error) -> InputError {
    InputError::Unreadable {
        file: file.to_path_buf(),
        reason: error.to_string(),
    }
}

/// `file` is not UTF-8: where its first bad byte is.
fn not_utf8(file: &Path, error: &std::string::FromUtf8Error) -> InputError {
    let offset = error.utf8_error().valid_up_to();
    let before = &error.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    InputError::NotUtf8 {
        file: file.to_path_buf(),
        offset,
        position: (line, column),
    }
}

/// `file` creates suites but does not parse: where, and why.
fn unparsed(file: &Path, error: &syn::Error) -> InputError {
    // proc-macro2's one message for every lexing error says nothing of the cause.
    let reason = match error.to_string() {
        lexing if lexing == LEX_ERROR => LEX_ERROR_MEANS.to_owned(),
        reason => reason,
    };
    InputError::SuiteUnparsed {
        file: file.to_path_buf(),
        position: position(error.span()),
        reason,
    }
}

/// 1-based line and column of where `span` starts (proc-macro2 counts columns from 0).
fn position(span: Span) -> (usize, usize) {
    let start = span.start();
    (start.line.max(1), start.column + 1)
}

/// The suites of a parsed tests file, and the calls that keep some from being read.
fn scan(file: &Path, ast: &syn::File) -> (Vec<Suite>, Vec<InputError>) {
    let mut names = Names::default();
    names.visit_file(ast);
    let mut functions = Functions {
        file,
        names: &names,
        suites: Vec::new(),
        problems: Vec::new(),
    };
    functions.visit_file(ast);
    (functions.suites, functions.problems)
}

/// What `trybuild::TestCases` is called in a file: the crate's names (`trybuild`, or
/// `tb` after `use trybuild as tb`) and the type's (after `use trybuild::TestCases`).
#[derive(Debug)]
struct Names {
    /// Names of the crate.
    krate: BTreeSet<String>,
    /// Names the type is imported under.
    types: BTreeSet<String>,
}

impl Default for Names {
    fn default() -> Self {
        Self {
            krate: BTreeSet::from(["trybuild".to_owned()]),
            types: BTreeSet::new(),
        }
    }
}

impl Names {
    /// Records what `tree`, below the path `prefix`, imports.
    fn import(&mut self, prefix: &[String], tree: &UseTree) {
        let in_crate = matches!(prefix, [only] if self.krate.contains(only));
        match tree {
            UseTree::Path(path) => {
                let prefix = [prefix, &[path.ident.to_string()]].concat();
                self.import(&prefix, &path.tree);
            }
            UseTree::Name(name) if in_crate && name.ident == "TestCases" => {
                self.types.insert(name.ident.to_string());
            }
            UseTree::Rename(rename) if in_crate && rename.ident == "TestCases" => {
                self.types.insert(rename.rename.to_string());
            }
            UseTree::Rename(rename) if prefix.is_empty() && rename.ident == "trybuild" => {
                self.krate.insert(rename.rename.to_string());
            }
            UseTree::Glob(_) if in_crate => {
                self.types.insert("TestCases".to_owned());
            }
            UseTree::Group(group) => group.items.iter().for_each(|t| self.import(prefix, t)),
            _ => {}
        }
    }

    /// Whether `call` is `TestCases::new()` under one of these names.
    fn is_new(&self, call: &ExprCall) -> bool {
        let Expr::Path(func) = &*call.func else {
            return false;
        };
        if !call.args.is_empty() || func.qself.is_some() {
            return false;
        }
        let segments: Vec<String> = func
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        match segments.as_slice() {
            [krate, ty, new] => self.krate.contains(krate) && ty == "TestCases" && new == "new",
            [ty, new] => {
                func.path.leading_colon.is_none() && self.types.contains(ty) && new == "new"
            }
            _ => false,
        }
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.import(&[], &item.tree);
    }
}

/// Walks every function of a file, nested ones too, and reads each one's suites.
struct Functions<'a> {
    /// The tests file, package-relative.
    file: &'a Path,
    /// What `TestCases` is called in it.
    names: &'a Names,
    /// The suites found so far.
    suites: Vec<Suite>,
    /// The problems found so far.
    problems: Vec<InputError>,
}

impl Functions<'_> {
    /// Reads the suites of one function's body.
    fn function(&mut self, name: &syn::Ident, attrs: &[Attribute], block: &Block) {
        let mut body = Body {
            names: self.names,
            bindings: Vec::new(),
            calls: Vec::new(),
            news: Vec::new(),
        };
        body.visit_block(block);
        let bound: BTreeSet<_> = body.bindings.iter().map(|b| b.new_at).collect();
        for &new_at in body.news.iter().filter(|at| !bound.contains(at)) {
            self.problems.push(InputError::SuiteUnbound {
                file: self.file.to_path_buf(),
                line: new_at.0,
            });
        }
        for binding in &body.bindings {
            let calls = body
                .calls
                .iter()
                .filter(|c| body.binding_of(c) == Some(binding));
            match self.globs(calls) {
                Ok(globs) => self.suites.push(Suite {
                    file: self.file.to_path_buf(),
                    line: binding.at.0,
                    function: Some(name.to_string()),
                    ignored: ignoring(attrs),
                    globs,
                }),
                Err(problem) => self.problems.push(problem),
            }
        }
    }

    /// A suite's globs, or the first call whose argument is not a string literal.
    fn globs<'c>(&self, calls: impl Iterator<Item = &'c Call>) -> Result<Vec<Glob>, InputError> {
        calls
            .map(|call| match &call.pattern {
                Some(pattern) => Ok(Glob {
                    pattern: pattern.clone(),
                    kind: call.kind,
                    line: call.at.0,
                }),
                None => Err(InputError::SuiteNotLiteral {
                    file: self.file.to_path_buf(),
                    line: call.at.0,
                    call: format!("{}.{}(..)", call.receiver, call.kind.method()),
                }),
            })
            .collect()
    }
}

impl<'ast> Visit<'ast> for Functions<'_> {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.function(&item.sig.ident, &item.attrs, &item.block);
        visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.function(&item.sig.ident, &item.attrs, &item.block);
        visit::visit_impl_item_fn(self, item);
    }
}

/// The attributes among `attrs` that may ignore the test, as written.
fn ignoring(attrs: &[Attribute]) -> Option<String> {
    let texts: Vec<String> = attrs
        .iter()
        .filter(|attr| mentions_ignore(attr.to_token_stream()))
        .map(|attr| {
            attr.span()
                .source_text()
                .unwrap_or_else(|| attr.to_token_stream().to_string())
        })
        .collect();
    (!texts.is_empty()).then(|| texts.join(" "))
}

/// Whether `tokens` hold the word `ignore`, at any depth: `#[ignore]`, `#[ignore = ".."]`,
/// `#[cfg_attr(miri, ignore)]`, `#[rustversion::attr(not(nightly), ignore)]`.
fn mentions_ignore(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|tree| match tree {
        TokenTree::Ident(ident) => ident == "ignore",
        TokenTree::Group(group) => mentions_ignore(group.stream()),
        _ => false,
    })
}

/// Where something starts: 1-based line and column, which order a body's parts.
type At = (usize, usize);

/// `let NAME = TestCases::new();`.
#[derive(Debug, PartialEq, Eq)]
struct Binding {
    /// The variable.
    name: String,
    /// Where the `let` is.
    at: At,
    /// Where its `TestCases::new()` is.
    new_at: At,
}

/// `NAME.compile_fail(ARG)` or `NAME.pass(ARG)`.
#[derive(Debug)]
struct Call {
    /// `NAME`.
    receiver: String,
    /// The method.
    kind: Kind,
    /// `ARG`, when it is a string literal.
    pattern: Option<String>,
    /// Where the method's name is.
    at: At,
}

/// The parts of one function body a suite is made of, nested functions left out (they
/// are functions of their own).
struct Body<'a> {
    /// What `TestCases` is called in the file.
    names: &'a Names,
    /// Its `let NAME = TestCases::new();`, in source order.
    bindings: Vec<Binding>,
    /// Its `compile_fail` and `pass` calls on a plain variable, in source order.
    calls: Vec<Call>,
    /// Where every `TestCases::new()` is, bound or not.
    news: Vec<At>,
}

impl Body<'_> {
    /// The binding `call` is made on: the last one of its variable before it.
    fn binding_of(&self, call: &Call) -> Option<&Binding> {
        self.bindings
            .iter()
            .rfind(|b| b.name == call.receiver && b.at < call.at)
    }
}

impl<'ast> Visit<'ast> for Body<'_> {
    /// Left out: a nested function's suites are its own, read when `Functions` gets there.
    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_local(&mut self, local: &'ast Local) {
        let init = local.init.as_ref().map(|init| &*init.expr);
        if let (Some(name), Some(Expr::Call(call))) = (variable(&local.pat), init) {
            if self.names.is_new(call) {
                self.bindings.push(Binding {
                    name,
                    at: position(local.let_token.span),
                    new_at: position(call.span()),
                });
            }
        }
        visit::visit_local(self, local);
    }

    fn visit_expr_call(&mut self, call: &'ast ExprCall) {
        if self.names.is_new(call) {
            self.news.push(position(call.span()));
        }
        visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        if let Some(found) = suite_call(call) {
            self.calls.push(found);
        }
        visit::visit_expr_method_call(self, call);
    }
}

/// The variable a `let` pattern binds: `t`, `mut t`, `t: TestCases`.
fn variable(pat: &Pat) -> Option<String> {
    match pat {
        Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
            Some(ident.ident.to_string())
        }
        Pat::Type(typed) => variable(&typed.pat),
        _ => None,
    }
}

/// `call` as a suite's call: one argument, on a plain variable.
fn suite_call(call: &ExprMethodCall) -> Option<Call> {
    let kind = match call.method.to_string().as_str() {
        "compile_fail" => Kind::CompileFail,
        "pass" => Kind::Pass,
        _ => return None,
    };
    let Expr::Path(receiver) = &*call.receiver else {
        return None;
    };
    let receiver = receiver.path.get_ident()?.to_string();
    let [arg] = call.args.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
    let pattern = match arg {
        Expr::Lit(lit) => match &lit.lit {
            Lit::Str(text) => Some(text.value()),
            _ => None,
        },
        _ => None,
    };
    Some(Call {
        receiver,
        kind,
        pattern,
        at: position(call.method.span()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A package whose tests directory holds `files` (`(name, text)`, below `tests/`).
    fn package(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(TESTS_DIR).join(name);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        dir
    }

    fn glob(pattern: &str, kind: Kind, line: usize) -> Glob {
        Glob {
            pattern: pattern.to_owned(),
            kind,
            line,
        }
    }

    /// anyhow's, quote's, serde_json's and thiserror's `tests/compiletest.rs`.
    const ANYHOW: &str = r#"#[rustversion::attr(not(nightly), ignore = "requires nightly")]
#[cfg_attr(miri, ignore = "incompatible with miri")]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
"#;

    /// pin-project-lite's.
    const PIN_PROJECT_LITE: &str = r#"// SPDX-License-Identifier: Apache-2.0 OR MIT

#![cfg(not(miri))]

#[rustversion::attr(not(nightly), ignore)]
#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/**/*.rs");
    t.pass("tests/run-pass/**/*.rs");
}
"#;

    #[test]
    fn anyhow_suite_is_found_with_the_attributes_that_ignore_it() {
        let dir = package(&[
            ("compiletest.rs", ANYHOW),
            ("test_fmt.rs", "#[test]\nfn f() {}\n"),
        ]);
        let found = find_suites(dir.path());
        assert_eq!(found.problems, []);
        let ignored = concat!(
            r#"#[rustversion::attr(not(nightly), ignore = "requires nightly")] "#,
            r#"#[cfg_attr(miri, ignore = "incompatible with miri")]"#
        );
        let expected = Suite {
            file: PathBuf::from("tests/compiletest.rs"),
            line: 5,
            function: Some("ui".to_owned()),
            ignored: Some(ignored.to_owned()),
            globs: vec![glob("tests/ui/*.rs", Kind::CompileFail, 6)],
        };
        assert_eq!(found.suites, [expected]);
    }

    #[test]
    fn pin_project_lite_suite_keeps_both_kinds_in_source_order() {
        let dir = package(&[("compiletest.rs", PIN_PROJECT_LITE)]);
        let found = find_suites(dir.path());
        assert_eq!(found.problems, []);
        let [suite] = &found.suites[..] else {
            panic!("one suite expected: {found:?}");
        };
        assert_eq!(suite.line, 8);
        let ignored = "#[rustversion::attr(not(nightly), ignore)]";
        assert_eq!(suite.ignored.as_deref(), Some(ignored));
        let expected = [
            glob("tests/ui/**/*.rs", Kind::CompileFail, 9),
            glob("tests/run-pass/**/*.rs", Kind::Pass, 10),
        ];
        assert_eq!(suite.globs, expected);
    }

    #[test]
    fn each_binding_is_a_suite_with_the_calls_made_on_it() {
        let text = r#"use trybuild::TestCases;

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    let other = vec![1];
    other.pass(1);
}

#[test]
#[ignore]
fn run_pass() {
    let mut t = TestCases::new();
    t.pass("tests/pass/*.rs");
    let t: TestCases = TestCases::new();
    t.compile_fail(
        "tests/fail/*.rs",
    );
    fn nested() {
        let n = ::trybuild::TestCases::new();
        n.pass("tests/nested.rs");
    }
}
"#;
        let dir = package(&[("compiletest.rs", text)]);
        let found = find_suites(dir.path());
        assert_eq!(found.problems, []);
        let summary: Vec<_> = found
            .suites
            .iter()
            .map(|s| {
                (
                    s.function.as_deref(),
                    s.line,
                    s.ignored.as_deref(),
                    &s.globs[..],
                )
            })
            .collect();
        let ui = [glob("tests/ui/*.rs", Kind::CompileFail, 6)];
        let pass = [glob("tests/pass/*.rs", Kind::Pass, 15)];
        let fail = [glob("tests/fail/*.rs", Kind::CompileFail, 17)];
        let nested = [glob("tests/nested.rs", Kind::Pass, 22)];
        let expected = [
            (Some("ui"), 5, None, &ui[..]),
            (Some("run_pass"), 14, Some("#[ignore]"), &pass[..]),
            (Some("run_pass"), 16, Some("#[ignore]"), &fail[..]),
            (Some("nested"), 21, None, &nested[..]),
        ];
        assert_eq!(summary, expected);
    }

    #[test]
    fn renamed_imports_are_followed_and_other_crates_test_cases_are_not() {
        let text = r#"use trybuild as tb;
use trybuild::{TestCases as Cases};

#[test]
fn a() {
    let t = tb::TestCases::new();
    t.pass("a.rs");
    let u = Cases::new();
    u.pass("b.rs");
    let v = other::TestCases::new();
    v.pass("c.rs");
}
"#;
        let dir = package(&[("t.rs", text)]);
        let found = find_suites(dir.path());
        assert_eq!(found.problems, []);
        let patterns: Vec<_> = found.suites.iter().map(|s| &s.globs[0].pattern).collect();
        assert_eq!(patterns, ["a.rs", "b.rs"]);
    }

    // Expects `/` in the file names it reports; Windows shows `\`.
    #[cfg(unix)]
    #[test]
    fn a_non_literal_argument_drops_its_suite_alone() {
        let text = r#"#[test]
fn computed() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    let path = format!("tests/{}/*.rs", "pass");
    t.pass(&path);
}

#[test]
fn literal() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
"#;
        let dir = package(&[("compiletest.rs", text)]);
        let found = find_suites(dir.path());
        let expected = InputError::SuiteNotLiteral {
            file: PathBuf::from("tests/compiletest.rs"),
            line: 6,
            call: "t.pass(..)".to_owned(),
        };
        assert_eq!(found.problems, [expected]);
        assert!(found.problems[0].to_string().starts_with(
            "tests/compiletest.rs:6: `t.pass(..)` is not given a string literal: snipcheck reads only string-literal paths; declare this suite in snipcheck.toml with [[suite]]"
        ));
        let functions: Vec<_> = found.suites.iter().map(|s| s.function.as_deref()).collect();
        assert_eq!(functions, [Some("literal")]);
    }

    // Expects `/` in the file names it reports; Windows shows `\`.
    #[cfg(unix)]
    #[test]
    fn an_unparsable_file_is_an_error_only_where_it_creates_suites() {
        let unclosed =
            "#[test]\nfn ui() {\n    let t = trybuild::TestCases::new();\n    t.pass(\"a.rs\"\n}\n";
        let no_semicolon = "#[test]\nfn ui() {\n    let t = trybuild::TestCases::new()\n    t.pass(\"a.rs\");\n}\n";
        let dir = package(&[
            ("a_nightly.rs", "fn f() { let x = yeet 1 }\n"),
            ("b_unclosed.rs", unclosed),
            ("c_good.rs", ANYHOW),
            ("d_no_semicolon.rs", no_semicolon),
        ]);
        std::fs::write(dir.path().join("tests/e_latin1.rs"), b"// caf\xe9\n").expect("write");
        let latin1 = b"// TestCases caf\xe9\nfn f() {}\n";
        std::fs::write(dir.path().join("tests/f_latin1.rs"), latin1).expect("write");
        let found = find_suites(dir.path());
        let files: Vec<_> = found.suites.iter().map(|s| s.file.clone()).collect();
        assert_eq!(files, [PathBuf::from("tests/c_good.rs")]);
        let unparsed = |name: &str, position, reason: &str| InputError::SuiteUnparsed {
            file: PathBuf::from("tests").join(name),
            position,
            reason: reason.to_owned(),
        };
        let latin1 = InputError::NotUtf8 {
            file: PathBuf::from("tests/f_latin1.rs"),
            offset: 16,
            position: (1, 17),
        };
        let expected = [
            unparsed("b_unclosed.rs", (5, 1), LEX_ERROR_MEANS),
            unparsed("d_no_semicolon.rs", (4, 5), "expected `;`"),
            latin1,
        ];
        assert_eq!(found.problems, expected);
        assert_eq!(
            expected[1].to_string(),
            "tests/d_no_semicolon.rs:4: cannot parse this tests file (expected `;`), and it creates trybuild suites: fix it, or declare its suites in snipcheck.toml with [[suite]]"
        );
    }

    #[test]
    fn only_the_top_of_tests_is_read_in_name_order() {
        let dir = package(&[
            ("b.rs", ANYHOW),
            ("a.rs", PIN_PROJECT_LITE),
            ("common/mod.rs", ANYHOW),
            ("notes.txt", ANYHOW),
        ]);
        let found = find_suites(dir.path());
        let files: Vec<_> = found.suites.iter().map(|s| s.file.clone()).collect();
        assert_eq!(
            files,
            [PathBuf::from("tests/a.rs"), PathBuf::from("tests/b.rs")]
        );
        let empty = tempfile::tempdir().expect("temp dir");
        assert_eq!(find_suites(empty.path()), Found::default());
    }

    #[test]
    fn an_unbound_test_cases_is_reported_at_its_line() {
        let text = "#[test]\nfn ui() {\n    trybuild::TestCases::new().pass(\"a.rs\");\n}\n";
        let dir = package(&[("t.rs", text)]);
        let found = find_suites(dir.path());
        let expected = InputError::SuiteUnbound {
            file: PathBuf::from("tests/t.rs"),
            line: 3,
        };
        assert_eq!(found.problems, [expected]);
        assert_eq!(found.suites, []);
    }
}
