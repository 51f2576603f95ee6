//! Batched compilation: many snippets become modules of one generated crate, one rustc
//! checks them all, and every diagnostic is mapped back to its snippet by the file it
//! points into. This module knows which snippets' text behaves the same as a module and
//! carries a batch out; which expectations may be batched, and what a batch result is
//! worth (only ever a pass, never a failure, but for what a rendered batch tells as a
//! member's output alone), is the engine's rule.

use std::path::PathBuf;
use std::time::Duration;

use crate::compile::diagnostic::{Diagnostic, Level, SpanLabel};
use crate::compile::error::CheckError;
use crate::compile::normalize;
use crate::compile::rustc::{self, CompileError, CompileSpec, Compiled, Emit, Toolchain};
use crate::compile::workdir;
use crate::model::hidden::{self, HIDDEN_TESTS};
use crate::model::manifest::{CrateType, Edition};
use crate::model::source::Inputs;
use crate::model::syntax::lex::{self, Token};
use crate::model::syntax::outline;

mod crash;
mod rendered;
mod stopped;

pub(crate) use rendered::Told;
pub(crate) use stopped::stops_rustc;

/// Token sequences that behave differently in a module than at a crate root, or that
/// reach files relative to the snippet: a snippet containing any of them (in its code,
/// not in a comment or literal) is always compiled alone. (Crate attributes, `#!`, are
/// judged by `inner_attributes_are_lints`.)
const CRATE_LEVEL: &[&[&str]] = &[
    &["crate", "::"],
    &["$", "crate"],
    &["macro_export"],
    &["macro_use"],
    &["extern", "crate"],
    &["no_mangle"],
    &["export_name"],
    &["include", "!"],
    &["include_str", "!"],
    &["include_bytes", "!"],
    &["#", "[", "path"],
    &["global_allocator"],
    &["panic_handler"],
    &["async", "fn", "main"],
    &["pub", "(", "in"],
    // Refused on `main` (alone an error, in a module not).
    &["track_caller"],
    &["target_feature"],
];

/// Inner attributes that mean the same on a module as on the crate: lint levels.
const LINT_ATTRIBUTES: &[&str] = &["allow", "warn", "deny", "forbid", "expect"];
/// The crates a 2015 `use` path may start with and still mean the same in a module
/// (`super` is checked on its own: see `supers_stay_inside`).
const ROOT_INDEPENDENT: &[&str] = &["std", "core", "alloc", "self", "super"];

/// File name of the generated crate root.
const ROOT: &str = "snipcheck_batch.rs";
/// Crate name of the generated crate.
const CRATE: &str = "snipcheck_batch";

/// Whether these inputs compile the same as a module of a batch as they do alone: one
/// file, nothing that behaves differently below the crate root or reaches files relative
/// to the snippet, inner attributes only for lint levels (a module takes those as the
/// crate does), in edition 2015 only paths that do not depend on being the crate root,
/// and for a binary a top-level `fn main()`: a plain one when only checked (a module's
/// `main` is not checked as an entry point), or any return type in a program batch
/// (`build`), whose appended entry demands what an entry point must return,
/// `Termination`; a rendered batch also needs every name a text defines known from it
/// (`rendered::names_known`).
pub(crate) fn module_safe(
    inputs: &Inputs,
    edition: Edition,
    crate_type: CrateType,
    build: Build,
) -> bool {
    let Some(text) = single_file(inputs) else {
        return false;
    };
    let tokens = lex::tokens(text);
    let mains = outline::mains(&tokens);
    let main = match (crate_type, build) {
        (CrateType::Lib, _) => true,
        (CrateType::Bin, Build::Program | Build::Rendered) => !mains.is_empty(),
        (CrateType::Bin, _) => mains.iter().any(|m| m.plain),
    };
    let names = build != Build::Rendered || rendered::names_known(&tokens);
    main && names && tokens_are_module_safe(&tokens, edition, Place::Snippet)
}

/// Whether a snippet compiled with hidden tests behaves the same as a module of a
/// `--test` batch: the snippet and the hidden test file are its only files, the snippet is
/// safe as a module (it needs no `main`: a test build never calls it), and the grader's
/// text reaches nothing above the snippet (its `super` is the snippet, in a batch too).
pub(crate) fn hidden_tests_safe(inputs: &Inputs, snippet: &str, edition: Edition) -> bool {
    let file = |name: &str| {
        inputs
            .files
            .iter()
            .find(|(rel, _)| rel.as_os_str() == name)
            .map(|(_, text)| text.as_str())
    };
    let (Some(code), Some(tests)) = (file(snippet), file(HIDDEN_TESTS)) else {
        return false;
    };
    let (Some(code), Some(grader)) = (hidden::undeclared(code), hidden::grader_text(tests)) else {
        return false;
    };
    inputs.files.len() == 2
        && tokens_are_module_safe(&lex::tokens(code), edition, Place::Snippet)
        && tokens_are_module_safe(&lex::tokens(grader), edition, Place::BelowSnippet)
}

/// Where a text sits in its crate when compiled alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// At the crate root: in a batch it becomes a member's module.
    Snippet,
    /// A module of the snippet (hidden tests): `super` is the snippet, in a batch too.
    BelowSnippet,
}

impl Place {
    /// Modules between the text and the crate root when compiled alone.
    fn depth(self) -> usize {
        match self {
            Place::Snippet => 0,
            Place::BelowSnippet => 1,
        }
    }
}

/// Nothing in a text's `tokens` behaves differently one module further down (see
/// `module_safe`).
fn tokens_are_module_safe(tokens: &[Token<'_>], edition: Edition, place: Place) -> bool {
    (edition != Edition::E2015 || paths_are_root_independent(tokens))
        && inner_attributes_are_lints(tokens)
        && !CRATE_LEVEL
            .iter()
            .any(|words| outline::has_sequence(tokens, words))
        && supers_stay_inside(tokens, place.depth())
        && !outline::declares_module_file(tokens)
}

/// Whether every `super` path stays below the crate root, where it names the same module
/// alone and in a batch: a run of k `super`s (`super::super`, `self::super`...) only
/// inside at least k modules, counting the `depth` the text itself sits at and every
/// `mod name { ... }` around the path. (At the crate root `super` is an error alone, but
/// in a batch it would name the batch's root.) A macro's `super` resolves where the macro
/// is used: a text defining macros may not use `super` at all.
fn supers_stay_inside(tokens: &[Token<'_>], depth: usize) -> bool {
    let supers = outline::super_paths(tokens);
    let defines_macros = || tokens.iter().any(|t| t.is_word("macro_rules"));
    supers.is_empty() || (!defines_macros() && supers.iter().all(|s| s.chain <= depth + s.modules))
}

/// Every `#!` opens a lint-level attribute (`#![allow(unused)]`, `#![deny(warnings)]`...):
/// no `#![feature]`, `#![no_std]`, `#![recursion_limit]` and no shebang.
fn inner_attributes_are_lints(tokens: &[Token<'_>]) -> bool {
    outline::inner_attributes(tokens)
        .iter()
        .all(|a| a.called && a.name.is_some_and(|name| LINT_ATTRIBUTES.contains(&name)))
}

/// In edition 2015 `use` paths start at the crate root, so `use foo::Bar;` means another
/// item inside a module, and so does a path beginning with `::`. Safe: every `use` starts
/// with `std`, `core`, `alloc`, `self` or `super` (whose reach is checked on its own),
/// and no path begins with `::`.
fn paths_are_root_independent(tokens: &[Token<'_>]) -> bool {
    outline::use_roots(tokens)
        .iter()
        .all(|root| ROOT_INDEPENDENT.contains(root))
        && !outline::has_absolute_path(tokens)
}

/// The crates a single-file input loads beyond `std`, sorted: those of the `--extern
/// NAME=PATH` arguments in `extra` whose name is a word of the text, and `core` where a
/// path starts with it (`core::ptr::null`), which makes it a crate the text names
/// directly: its items then count among those whose names must be unique for rustc to
/// print one bare.
pub(crate) fn named_externs(inputs: &Inputs, extra: &[String]) -> Vec<String> {
    let Some(text) = single_file(inputs) else {
        return Vec::new();
    };
    let tokens = lex::tokens(text);
    let words: std::collections::BTreeSet<&str> = tokens.iter().filter_map(Token::name).collect();
    let core = outline::has_sequence(&tokens, &["core", "::"]).then(|| "core".to_owned());
    let mut named: Vec<String> = extra
        .windows(2)
        .filter(|w| w[0] == "--extern")
        .filter_map(|w| w[1].split_once('=').map(|(name, _)| name))
        .filter(|name| words.contains(name))
        .map(str::to_owned)
        .chain(core)
        .collect();
    named.sort();
    named.dedup();
    named
}

/// The text of a single-file input, which is all a batch member may have.
pub(crate) fn single_file(inputs: &Inputs) -> Option<&str> {
    match inputs.files.as_slice() {
        [(_, text)] => Some(text),
        _ => None,
    }
}

/// One snippet of a batch: its file name and its files.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    /// The snippet's file name (`main.rs`): the member module's file.
    pub(crate) file: &'a str,
    /// The snippet and, in a test batch, the hidden test file, by path relative to the
    /// snippet's directory.
    pub(crate) files: &'a [(PathBuf, String)],
    /// Whether the snippet is a binary, whose `main` is the entry point when alone.
    pub(crate) binary: bool,
}

/// What a batch builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Build {
    /// Metadata only: type and borrow checking of every member.
    Metadata,
    /// One program whose members each run as a process of their own, each picking its
    /// `main` by the name it is started under (`s0003`).
    Program,
    /// One `--test` harness with every member's hidden tests; each test runs as a process
    /// of its own, chosen by its path below its member's module.
    Tests,
    /// A binary's metadata, each member's file at its own path and its rendered output
    /// kept, told only where it is the output alone (`rendered`).
    Rendered,
}

impl Build {
    /// Whether it builds something to run.
    pub(crate) fn runs(self) -> bool {
        matches!(self, Build::Program | Build::Tests)
    }
}

/// What every member of a batch shares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shared<'a> {
    /// The compiler.
    pub(crate) toolchain: &'a Toolchain,
    /// rustc's timeout.
    pub(crate) timeout: Duration,
    /// The members' edition.
    pub(crate) edition: Edition,
    /// Their arguments after the standard ones.
    pub(crate) extra: &'a [String],
    /// What rustc may read besides the toolchain (prebuilt dependencies).
    pub(crate) reads: &'a [PathBuf],
    /// Metadata, a program or a test harness.
    pub(crate) build: Build,
}

/// A batch's built program or test harness: every member runs from it, in a fresh
/// directory of its own, under its member's name (`s0003`).
#[derive(Debug)]
pub(crate) struct Program {
    /// The batch's temp dir, which holds the binary; removed when dropped.
    dir: tempfile::TempDir,
}

impl Program {
    /// A fresh temp dir holding member `index`'s program, under the member's name, linked
    /// (or copied) from the batch's binary; and that name.
    pub(crate) fn member_dir(&self, index: usize) -> std::io::Result<(tempfile::TempDir, String)> {
        let dir = workdir::fresh()?;
        let name = module_name(index);
        let from = self.dir.path().join(rustc::PROGRAM);
        let to = dir
            .path()
            .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
        if std::fs::hard_link(&from, &to).is_err() {
            std::fs::copy(&from, &to)?;
        }
        Ok((dir, name))
    }
}

/// What one batched rustc told about each member.
#[derive(Debug)]
pub(crate) enum BatchOutcome {
    /// Per member, in order, the diagnostics that point into its file; for a program
    /// batch that built, the binary every member runs from.
    Done(Vec<Compiled>, Option<Program>),
    /// Of a rendered build, what it tells of each member, in order.
    Rendered(Vec<Told>),
    /// Nothing in it can be trusted (a crash, a flood, a diagnostic that belongs to no
    /// member...): the batch must be split.
    Trouble,
    /// rustc panicked and named no member: the batch must be split, and this member, the
    /// likeliest to have caused it, compiles alone.
    Suspect(usize),
    /// rustc ran out of time: each member compiles alone.
    TimedOut,
}

fn module_name(index: usize) -> String {
    format!("s{index:04}")
}

/// Compiles `members` as modules of one crate.
pub(crate) fn execute(shared: Shared<'_>, members: &[Member<'_>]) -> BatchOutcome {
    if members.is_empty() {
        return BatchOutcome::Done(Vec::new(), None);
    }
    let Ok(dir) = workdir::fresh_named("snipcheck-batch-") else {
        return BatchOutcome::Trouble;
    };
    let written = match shared.build {
        Build::Rendered => rendered::write_crate(dir.path(), members),
        build => write_crate(dir.path(), members, build),
    };
    if written.is_err() {
        return BatchOutcome::Trouble;
    }
    let (crate_type, emit) = match shared.build {
        Build::Metadata => (CrateType::Lib, Emit::Metadata),
        Build::Rendered => (CrateType::Bin, Emit::Metadata),
        Build::Program => (CrateType::Bin, Emit::Link),
        Build::Tests => (CrateType::Bin, Emit::Test),
    };
    let spec = CompileSpec {
        file: ROOT,
        crate_name: CRATE,
        edition: shared.edition,
        crate_type,
        emit,
        extra: shared.extra,
        reads: shared.reads,
        env: &[],
    };
    let limits = rustc::limits(shared.timeout);
    match rustc::compile(shared.toolchain, dir.path(), &spec, limits) {
        Ok(compiled) if shared.build == Build::Rendered => {
            rendered_told(compiled, members).map_or(BatchOutcome::Trouble, BatchOutcome::Rendered)
        }
        Err(CompileError::Failed(CheckError::CompilerCrash { details, .. }))
            if shared.build == Build::Rendered =>
        {
            after_crash(&details, members)
        }
        Ok(compiled) => {
            let built = shared.build.runs() && compiled.success;
            match attribute(compiled, members) {
                BatchOutcome::Done(members, _) if built => {
                    BatchOutcome::Done(members, Some(Program { dir }))
                }
                other => other,
            }
        }
        // A read outside, a timeout, a crash: each member alone will tell whose.
        Err(CompileError::Failed(CheckError::Timeout { .. })) => BatchOutcome::TimedOut,
        Err(CompileError::OutsideRead(_) | CompileError::Failed(_)) => BatchOutcome::Trouble,
    }
}

/// The batch crate: each member a module of its own, its files in a directory of the
/// module's name; for a program, each member's `main` reached through an entry appended
/// after its last line, and a `main` that calls the entry of the member it is started as.
fn write_crate(dir: &std::path::Path, members: &[Member<'_>], build: Build) -> std::io::Result<()> {
    let program = build == Build::Program;
    let mut root = String::new();
    let mut arms = String::new();
    for (i, member) in members.iter().enumerate() {
        let module = module_name(i);
        for (rel, text) in member.files {
            let to = dir.join(&module).join(rel);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            if program && rel.as_os_str() == member.file {
                std::fs::write(to, format!("{text}{ENTRY}"))?;
            } else {
                std::fs::write(to, text)?;
            }
        }
        if program {
            arms.push_str(&format!(
                "        \"{module}\" => ::std::process::Termination::report({module}::snipcheck_entry()),\n"
            ));
        }
        root.push_str(&format!(
            "#[path = \"{module}/{}\"]\nmod {module};\n",
            member.file
        ));
    }
    if program {
        root.push_str(&DISPATCHER.replace("{arms}", &arms));
    }
    std::fs::write(dir.join(ROOT), root)
}

/// Appended after a program member's last line (so no line moves): its `main`, callable
/// from the batch's root; like an entry point, it must return a `Termination`.
const ENTRY: &str =
    "\npub(crate) fn snipcheck_entry() -> impl ::std::process::Termination { main() }\n";

/// The batch program's `main`: the member named by the file the process was started as,
/// whose `main`'s value ends the process as the runtime ends it after an entry point
/// (`Termination::report`: `Err` printed as `Error: {err:?}`, exit status 1).
const DISPATCHER: &str = "fn main() -> ::std::process::ExitCode {
    let started_as = ::std::env::args_os().next().unwrap_or_default();
    let name = ::std::path::Path::new(&started_as)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.as_str() {
{arms}        _ => ::std::process::ExitCode::from(127),
    }
}
";

/// Splits the batch's diagnostics by member; any diagnostic outside the members' files
/// makes the whole batch untrustworthy. A binary member's `main` is no entry point in a
/// batch (a module's item, unused in a metadata or test build): the dead-code warning
/// about it, which the snippet alone never gets, is left out.
fn attribute(compiled: Compiled, members: &[Member<'_>]) -> BatchOutcome {
    let mut per_member: Vec<Vec<Diagnostic>> = vec![Vec::new(); members.len()];
    for d in compiled.diagnostics.into_iter().filter(|d| !d.is_summary()) {
        let Some((index, file)) = d.file.as_deref().and_then(member_of) else {
            return BatchOutcome::Trouble;
        };
        let (Some(slot), Some(member)) = (per_member.get_mut(index), members.get(index)) else {
            return BatchOutcome::Trouble;
        };
        if !(member.binary && is_unused_main(&d)) {
            slot.push(localise(d, &file));
        }
    }
    let results = per_member
        .into_iter()
        .map(|diagnostics| Compiled {
            success: !diagnostics.iter().any(|d| d.level == Level::Error),
            diagnostics,
        })
        .collect();
    BatchOutcome::Done(results, None)
}

fn is_unused_main(d: &Diagnostic) -> bool {
    d.level == Level::Warning
        && d.code.as_deref() == Some("dead_code")
        && d.message == "function `main` is never used"
}

/// `s0042/main.rs` -> (42, `main.rs`).
fn member_of(file: &str) -> Option<(usize, String)> {
    let (module, rest) = file.split_once('/')?;
    let digits = module.strip_prefix('s').filter(|d| d.len() == 4)?;
    Some((digits.parse().ok()?, rest.to_owned()))
}

/// A diagnostic as the snippet alone would name things: its own file name, no module
/// prefixes in type paths, and no rendered text (users only ever see solo renderings).
fn localise(mut d: Diagnostic, file: &str) -> Diagnostic {
    d.file = Some(file.to_owned());
    d.message = normalize::batch_modules(&d.message, CRATE);
    d.rendered = String::new();
    for child in &mut d.children {
        if let Some((_, own)) = child.file.as_deref().and_then(member_of) {
            child.file = Some(own);
        }
        child.message = normalize::batch_modules(&child.message, CRATE);
        localise_labels(&mut child.labels);
    }
    localise_labels(&mut d.labels);
    d
}

/// Labels in a member's own file name and words.
fn localise_labels(labels: &mut [SpanLabel]) {
    for label in labels {
        if let Some((_, own)) = member_of(&label.file) {
            label.file = own;
        }
        label.text = normalize::batch_modules(&label.text, CRATE);
    }
}

/// What a rendered batch whose rustc panicked tells. rustc's panic names where it was (a
/// query on `s0012::main`, a `DefId` of `s0012::Foo`, an `impl` at `a.rs:9:1`): that member
/// compiles alone and the others share a batch again, rather than halving the batch down
/// to the one that crashes.
fn after_crash(details: &str, members: &[Member<'_>]) -> BatchOutcome {
    match crash::crashed(details, members) {
        Ok(told) => BatchOutcome::Rendered(told),
        Err(Some(suspect)) => BatchOutcome::Suspect(suspect),
        Err(None) => BatchOutcome::Trouble,
    }
}

/// Splits a rendered batch's diagnostics by member file and tells each member's output
/// where it is the output alone; `None` when a diagnostic belongs to no member (nor is the
/// sentinel's), or when rustc stopped before type checking and no member shows why: the
/// batch tells nothing.
fn rendered_told(compiled: Compiled, members: &[Member<'_>]) -> Option<Vec<Told>> {
    let split = rendered::split(compiled, members)?;
    match split.typechecked {
        true => rendered::typechecked(split, members),
        false => stopped::batch(split.per_member, &split.strays, members),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner_attributes_are_lints(text: &str) -> bool {
        super::inner_attributes_are_lints(&lex::tokens(text))
    }

    fn paths_are_root_independent(text: &str) -> bool {
        super::paths_are_root_independent(&lex::tokens(text))
    }

    fn supers_stay_inside(text: &str, depth: usize) -> bool {
        super::supers_stay_inside(&lex::tokens(text), depth)
    }

    /// Whether a binary's text may join a checked batch, and a program batch.
    fn mains(text: &str) -> (bool, bool) {
        let found = outline::mains(&lex::tokens(text));
        (found.iter().any(|m| m.plain), !found.is_empty())
    }

    #[test]
    fn members_are_found_by_file() {
        assert_eq!(member_of("s0042/main.rs"), Some((42, "main.rs".to_owned())));
        assert_eq!(member_of("main.rs"), None);
        assert_eq!(member_of("/rustc/x/lib.rs"), None);
        assert_eq!(member_of("src0042/main.rs"), None);
    }

    #[test]
    fn lint_attributes_may_be_batched_and_others_not() {
        assert!(inner_attributes_are_lints(
            "#![allow(unused)]\nfn main() {}"
        ));
        assert!(inner_attributes_are_lints(
            "#![ deny (warnings)] fn main() {}"
        ));
        assert!(!inner_attributes_are_lints(
            "#![feature(never_type)]\nfn main() {}"
        ));
        assert!(!inner_attributes_are_lints("#![no_std]\n"));
        assert!(!inner_attributes_are_lints("#![allowance]\n"));
        assert!(!inner_attributes_are_lints(
            "#!/usr/bin/env run-cargo-script\n"
        ));
    }

    #[test]
    fn edition_2015_paths_must_not_need_the_crate_root() {
        assert!(paths_are_root_independent(
            "use std::collections::HashMap;\nuse self::inner::f;\nfn main() { Vec::<u8>::new(); }"
        ));
        assert!(!paths_are_root_independent(
            "use shapes::Circle;\nfn main() {}"
        ));
        assert!(!paths_are_root_independent(
            "fn main() { ::std::mem::drop(1); }"
        ));
        assert!(paths_are_root_independent(
            "fn f() -> <u8 as Clone>::Output {}"
        ));
        assert!(paths_are_root_independent("mod m {\n    use super::*;\n}"));
    }

    #[test]
    fn super_paths_must_stay_below_the_crate_root() {
        assert!(supers_stay_inside(
            "pub fn add() {}\n#[cfg(test)]\nmod tests {\n    use super::*;\n}",
            0
        ));
        assert!(supers_stay_inside(
            "mod a { mod b { fn f() { super::super::g(); } } }",
            0
        ));
        assert!(supers_stay_inside(
            "fn main() { mod m { use super::x; } }",
            0
        ));
        assert!(!supers_stay_inside("use super::x;", 0));
        assert!(!supers_stay_inside("pub(super) fn f() {}", 0));
        assert!(!supers_stay_inside("mod a { use super :: super::x; }", 0));
        assert!(!supers_stay_inside(
            "mod a { use self::super::super::x; }",
            0
        ));
        assert!(!supers_stay_inside("mod a {}\nuse super::x;", 0));
        assert!(supers_stay_inside("use super::x; // super::super", 1));
        assert!(supers_stay_inside("let s = \"super::super\";", 0));
        assert!(!supers_stay_inside(
            "macro_rules! m { () => { super::f() } }\nmod a { fn g() { m!(); } }",
            0
        ));
    }

    #[test]
    fn hidden_tests_may_reach_the_snippet_but_not_above() {
        let inputs = |snippet: &str, tests: &str| Inputs {
            files: vec![
                (PathBuf::from("main.rs"), hidden::declare_in(snippet)),
                (
                    PathBuf::from(HIDDEN_TESTS),
                    hidden::with_driver(tests, &hidden::tests_in(tests).expect("tests")),
                ),
            ],
            hidden: hidden::tests_in(tests).expect("tests"),
        };
        let fine = inputs(
            "pub fn f() -> u8 { 1 }",
            "use super::*;\n#[test]\nfn t() { f(); }\n",
        );
        assert!(hidden_tests_safe(&fine, "main.rs", Edition::E2021));
        assert!(hidden_tests_safe(&fine, "main.rs", Edition::E2015));
        let above = inputs(
            "fn f() {}",
            "use super :: super::s0001::f;\n#[test]\nfn t() {}\n",
        );
        assert!(!hidden_tests_safe(&above, "main.rs", Edition::E2021));
        let rooted = inputs("fn f() {}", "use crate::f;\n#[test]\nfn t() {}\n");
        assert!(!hidden_tests_safe(&rooted, "main.rs", Edition::E2021));
        let snippet_super = inputs("use super::x;", "#[test]\nfn t() {}\n");
        assert!(!hidden_tests_safe(
            &snippet_super,
            "main.rs",
            Edition::E2021
        ));
        let mut three = fine.clone();
        three.files.push((PathBuf::from("util.rs"), String::new()));
        assert!(!hidden_tests_safe(&three, "main.rs", Edition::E2021));
    }

    #[test]
    fn plain_mains_and_module_files() {
        assert_eq!(mains("fn main() {\n}\n"), (true, true));
        assert_eq!(mains("pub fn main() {}\n"), (true, true));
        assert_eq!(mains("#![allow(unused)] fn main() {\n}\n"), (true, true));
        assert_eq!(mains("fn main()\n{\n}\n"), (true, true));
        assert_eq!(mains("fn main() -> Result<(), String> {\n"), (false, true));
        assert_eq!(mains("unsafe fn main() {}\n"), (false, false));
        assert_eq!(mains("pub(crate) fn main() {}\n"), (false, false));
        assert_eq!(mains("fn main<T>() {}\n"), (false, false));
        assert_eq!(mains("fn main(args: Vec<String>) {}\n"), (false, false));
        assert_eq!(mains("fn helper() {}\n"), (false, false));
        assert_eq!(mains("mod m {\n    fn main() {}\n}\n"), (false, false));
        assert_eq!(
            mains("// fn main() {}\nconst S: &str = \"fn main() {}\";"),
            (false, false)
        );
        let declares = |text: &str| outline::declares_module_file(&lex::tokens(text));
        assert!(declares("mod shapes;\n"));
        assert!(declares("pub mod shapes;\n"));
        assert!(declares("pub(crate) mod shapes; // the shapes\n"));
        assert!(!declares("mod shapes {\n}\n"));
    }

    #[test]
    fn unattributed_diagnostics_are_trouble() {
        let d = |file: Option<&str>| Diagnostic {
            level: Level::Error,
            code: Some("E0601".into()),
            message: "`main` function not found".into(),
            file: file.map(str::to_owned),
            line: Some(1),
            column: Some(1),
            label: None,
            children: vec![],
            rendered: "rendered".into(),
            labels: Vec::new(),
        };
        let compiled = Compiled {
            success: false,
            diagnostics: vec![d(Some("s0001/main.rs"))],
        };
        let two = [Member {
            file: "main.rs",
            files: &[],
            binary: true,
        }; 2];
        let BatchOutcome::Done(members, _) = attribute(compiled, &two) else {
            panic!("attributable");
        };
        assert!(members[0].success && !members[1].success);
        assert_eq!(members[1].diagnostics[0].file.as_deref(), Some("main.rs"));
        assert_eq!(members[1].diagnostics[0].rendered, "");
        let stray = Compiled {
            success: false,
            diagnostics: vec![d(None)],
        };
        assert!(matches!(attribute(stray, &two), BatchOutcome::Trouble));
        let unused_main = Diagnostic {
            level: Level::Warning,
            code: Some("dead_code".into()),
            message: "function `main` is never used".into(),
            ..d(Some("s0000/main.rs"))
        };
        let in_lib = Diagnostic {
            file: Some("s0001/main.rs".into()),
            ..unused_main.clone()
        };
        let warned = Compiled {
            success: true,
            diagnostics: vec![unused_main, in_lib],
        };
        let mut members = two;
        members[1].binary = false;
        let BatchOutcome::Done(results, _) = attribute(warned, &members) else {
            panic!("attributable");
        };
        assert!(
            results[0].diagnostics.is_empty(),
            "a binary's main is its entry"
        );
        assert_eq!(
            results[1].diagnostics.len(),
            1,
            "a library's main is unused alone too"
        );
    }
}
