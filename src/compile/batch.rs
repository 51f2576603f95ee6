//! Batched compilation: many snippets become modules of one generated crate, one rustc
//! checks them all, and every diagnostic is mapped back to its snippet by the file it
//! points into. This module knows which snippets' text behaves the same as a module and
//! carries a batch out; which expectations may be batched, and what a batch result is
//! worth (only ever a pass, never a failure), is the engine's rule.

use std::path::PathBuf;
use std::time::Duration;

use crate::compile::diagnostic::{Diagnostic, Level};
use crate::compile::normalize;
use crate::compile::rustc::{self, CompileError, CompileSpec, Compiled, Emit, Toolchain};
use crate::model::exercise::{CrateType, Edition};
use crate::model::source::Inputs;

/// Text that behaves differently in a module than at a crate root, or that reaches files
/// relative to the snippet: a snippet containing any of it is always compiled alone.
/// (Inner attributes, `#!`, are judged by `inner_attributes_are_lints`.)
const CRATE_LEVEL: &[&str] = &[
    "crate::",
    "super",
    "$crate",
    "macro_export",
    "macro_use",
    "extern crate",
    "no_mangle",
    "export_name",
    "include!",
    "include_str!",
    "include_bytes!",
    "#[path",
    "global_allocator",
    "panic_handler",
    "async fn main",
    "pub(in ",
];

/// Inner attributes that mean the same on a module as on the crate: lint levels.
const LINT_ATTRIBUTES: &[&str] = &["allow", "warn", "deny", "forbid", "expect"];
/// The crates a 2015 `use` path may start with and still mean the same in a module.
const ROOT_INDEPENDENT: &[&str] = &["std", "core", "alloc", "self"];

/// File name of the generated crate root.
const ROOT: &str = "snipcheck_batch.rs";
/// Crate name of the generated crate.
const CRATE: &str = "snipcheck_batch";

/// Whether these inputs compile the same as a module of a batch as they do alone: one
/// file, nothing that behaves differently below the crate root or reaches files relative
/// to the snippet, inner attributes only for lint levels (a module takes those as the
/// crate does), in edition 2015 only paths that do not depend on being the crate root,
/// and for a binary a plain `fn main()`.
pub(crate) fn module_safe(inputs: &Inputs, edition: Edition, crate_type: CrateType) -> bool {
    let Some(text) = single_file(inputs) else {
        return false;
    };
    (edition != Edition::E2015 || paths_are_root_independent(text))
        && inner_attributes_are_lints(text)
        && !CRATE_LEVEL.iter().any(|needle| text.contains(needle))
        && !declares_module_file(text)
        && (crate_type == CrateType::Lib || has_plain_main(text))
}

/// Every `#!` opens a lint-level attribute (`#![allow(unused)]`, `#![deny(warnings)]`...):
/// no `#![feature]`, `#![no_std]`, `#![recursion_limit]` and no shebang.
fn inner_attributes_are_lints(text: &str) -> bool {
    text.match_indices("#!").all(|(at, _)| {
        let Some(rest) = text[at + 2..].trim_start().strip_prefix('[') else {
            return false;
        };
        let name = leading_ident(rest);
        let after = rest.trim_start()[name.len()..].trim_start();
        LINT_ATTRIBUTES.contains(&name) && after.starts_with('(')
    })
}

/// In edition 2015 `use` paths start at the crate root, so `use foo::Bar;` means another
/// item inside a module, and so does a path beginning with `::`. Safe: every `use` starts
/// with `std`, `core`, `alloc` or `self`, and no path begins with `::`.
fn paths_are_root_independent(text: &str) -> bool {
    let uses_ok = text.lines().map(str::trim_start).all(|line| {
        let line = line.strip_prefix("pub ").unwrap_or(line);
        let Some(path) = line.strip_prefix("use ") else {
            return true;
        };
        ROOT_INDEPENDENT.contains(&leading_ident(path))
    });
    uses_ok && !has_absolute_path(text)
}

/// The identifier `text` starts with, after blank space (empty when there is none).
fn leading_ident(text: &str) -> &str {
    let text = text.trim_start();
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// A `::` that does not follow a name, a `>` or a `)`: a path from the crate root (2015).
fn has_absolute_path(text: &str) -> bool {
    text.match_indices("::").any(|(at, _)| {
        let before = text[..at].chars().next_back();
        !before.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '>' | ')' | ':'))
    })
}

/// The text of a single-file input, which is all a batch member may have.
pub(crate) fn single_file(inputs: &Inputs) -> Option<&str> {
    match inputs.files.as_slice() {
        [(_, text)] => Some(text),
        _ => None,
    }
}

/// `mod name;` reads another file relative to the snippet.
fn declares_module_file(text: &str) -> bool {
    text.lines().map(str::trim).any(|l| {
        let l = l.strip_prefix("pub ").unwrap_or(l);
        l.starts_with("mod ") && l.ends_with(';')
    })
}

/// A binary needs `fn main()` with no return type: a module's `main` is not checked for
/// being a valid entry point, so anything else must be checked alone.
fn has_plain_main(text: &str) -> bool {
    text.lines().map(str::trim).any(|l| {
        let l = after_inner_attributes(l);
        let l = l.strip_prefix("pub ").unwrap_or(l);
        l.starts_with("fn main() {") || l == "fn main()" || l.starts_with("fn main(){")
    })
}

/// A line without the inner attributes it starts with (`#![allow(unused)] fn main() {`).
fn after_inner_attributes(mut line: &str) -> &str {
    while let Some(rest) = line.strip_prefix("#![") {
        match rest.find(']') {
            Some(end) => line = rest[end + 1..].trim_start(),
            None => return line,
        }
    }
    line
}

/// One snippet of a batch: its file name and its text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    /// The snippet's file name (`main.rs`).
    pub(crate) file: &'a str,
    /// Its text.
    pub(crate) text: &'a str,
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
    /// Build one program whose members each run as a process of their own (run-pass
    /// checks), instead of checking metadata only.
    pub(crate) program: bool,
}

/// A batch's built program: every member runs from it, chosen by the name it is started
/// under (`s0003`), in a fresh directory of its own.
#[derive(Debug)]
pub(crate) struct Program {
    /// The batch's temp dir, which holds the binary; removed when dropped.
    dir: tempfile::TempDir,
}

impl Program {
    /// A fresh temp dir holding member `index`'s program, under the member's name, linked
    /// (or copied) from the batch's binary; and that name.
    pub(crate) fn member_dir(&self, index: usize) -> std::io::Result<(tempfile::TempDir, String)> {
        let dir = tempfile::Builder::new().prefix("snipcheck-").tempdir()?;
        let name = module_name(index);
        let from = self.dir.path().join(rustc::PROGRAM);
        let to = dir.path().join(&name);
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
    /// Nothing in it can be trusted (timeout, crash, flood, a diagnostic that belongs to no
    /// member...): the batch must be split.
    Trouble,
}

fn module_name(index: usize) -> String {
    format!("s{index:04}")
}

/// Compiles `members` as modules of one crate.
pub(crate) fn execute(shared: Shared<'_>, members: &[Member<'_>]) -> BatchOutcome {
    if members.is_empty() {
        return BatchOutcome::Done(Vec::new(), None);
    }
    let Ok(dir) = tempfile::Builder::new()
        .prefix("snipcheck-batch-")
        .tempdir()
    else {
        return BatchOutcome::Trouble;
    };
    if write_crate(dir.path(), members, shared.program).is_err() {
        return BatchOutcome::Trouble;
    }
    let (crate_type, emit) = if shared.program {
        (CrateType::Bin, Emit::Link)
    } else {
        (CrateType::Lib, Emit::Metadata)
    };
    let spec = CompileSpec {
        file: ROOT,
        crate_name: CRATE,
        edition: shared.edition,
        crate_type,
        emit,
        extra: shared.extra,
        reads: shared.reads,
    };
    let limits = rustc::limits(shared.timeout);
    match rustc::compile(shared.toolchain, dir.path(), &spec, limits) {
        Ok(compiled) => {
            let built = shared.program && compiled.success;
            match attribute(compiled, members.len()) {
                BatchOutcome::Done(members, _) if built => {
                    BatchOutcome::Done(members, Some(Program { dir }))
                }
                other => other,
            }
        }
        // A read outside, a timeout, a crash: each member alone will tell whose.
        Err(CompileError::OutsideRead(_) | CompileError::Failed(_)) => BatchOutcome::Trouble,
    }
}

/// The batch crate: each member a module of its own; for a program, each member's `main`
/// reached through an entry appended after its last line, and a `main` that calls the
/// entry of the member it is started as.
fn write_crate(
    dir: &std::path::Path,
    members: &[Member<'_>],
    program: bool,
) -> std::io::Result<()> {
    let mut root = String::new();
    let mut arms = String::new();
    for (i, member) in members.iter().enumerate() {
        let module = module_name(i);
        let file = PathBuf::from(&module).join(member.file);
        std::fs::create_dir_all(dir.join(&module))?;
        let mut text = member.text.to_owned();
        if program {
            text.push_str(ENTRY);
            arms.push_str(&format!(
                "        \"{module}\" => {module}::snipcheck_entry(),\n"
            ));
        }
        std::fs::write(dir.join(&file), text)?;
        root.push_str(&format!(
            "#[path = \"{}\"]\nmod {module};\n",
            file.display()
        ));
    }
    if program {
        root.push_str(&DISPATCHER.replace("{arms}", &arms));
    }
    std::fs::write(dir.join(ROOT), root)
}

/// Appended after a program member's last line (so no line moves): its `main`, callable
/// from the batch's root.
const ENTRY: &str = "\npub(crate) fn snipcheck_entry() { main() }\n";

/// The batch program's `main`: the member named by the file the process was started as.
const DISPATCHER: &str = "fn main() {
    let started_as = ::std::env::args_os().next().unwrap_or_default();
    let name = ::std::path::Path::new(&started_as)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    match name.as_str() {
{arms}        _ => ::std::process::exit(127),
    }
}
";

/// Splits the batch's diagnostics by member; any diagnostic outside the members' files
/// makes the whole batch untrustworthy.
fn attribute(compiled: Compiled, members: usize) -> BatchOutcome {
    let mut per_member: Vec<Vec<Diagnostic>> = vec![Vec::new(); members];
    for d in compiled.diagnostics.into_iter().filter(|d| !d.is_summary()) {
        let Some((index, file)) = d.file.as_deref().and_then(member_of) else {
            return BatchOutcome::Trouble;
        };
        let Some(slot) = per_member.get_mut(index) else {
            return BatchOutcome::Trouble;
        };
        slot.push(localise(d, &file));
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
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn plain_mains_and_module_files() {
        assert!(has_plain_main("fn main() {\n}\n"));
        assert!(has_plain_main("pub fn main() {}\n"));
        assert!(has_plain_main("#![allow(unused)] fn main() {\n}\n"));
        assert!(!has_plain_main("fn main() -> Result<(), String> {\n"));
        assert!(!has_plain_main("fn helper() {}\n"));
        assert!(declares_module_file("mod shapes;\n"));
        assert!(declares_module_file("pub mod shapes;\n"));
        assert!(!declares_module_file("mod shapes {\n}\n"));
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
        };
        let compiled = Compiled {
            success: false,
            diagnostics: vec![d(Some("s0001/main.rs"))],
        };
        let BatchOutcome::Done(members, _) = attribute(compiled, 2) else {
            panic!("attributable");
        };
        assert!(members[0].success && !members[1].success);
        assert_eq!(members[1].diagnostics[0].file.as_deref(), Some("main.rs"));
        assert_eq!(members[1].diagnostics[0].rendered, "");
        let stray = Compiled {
            success: false,
            diagnostics: vec![d(None)],
        };
        assert!(matches!(attribute(stray, 2), BatchOutcome::Trouble));
    }
}
