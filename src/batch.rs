//! Batched compilation: many compile-only snippets become modules of one generated crate,
//! one rustc checks them all, and every diagnostic is mapped back to its snippet by the
//! file it points into. This module decides which snippets may be batched and carries a
//! batch out; what a batch result is worth (only ever a pass, never a failure) is the
//! runner's rule.

use std::path::PathBuf;

use crate::check::{Context, Job, Plan, RUSTC_OUTPUT_CAP};
use crate::diagnostic::{Diagnostic, Level};
use crate::exercise::{is_error_code, CrateType, Edition, ExpectedLevel, WarningPolicy};
use crate::rustc::{self, CompileError, CompileSpec, Compiled, Emit};
use crate::sandbox::Limits;
use crate::source::Inputs;

/// Text that behaves differently in a module than at a crate root, or that reaches files
/// relative to the snippet: a snippet containing any of it is always compiled alone.
const CRATE_LEVEL: &[&str] = &[
    "#!",
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

/// File name of the generated crate root.
const ROOT: &str = "snipcheck_batch.rs";
/// Crate name of the generated crate.
const CRATE: &str = "snipcheck_batch";

/// Whether `job` may be compiled as a module of a batch. Only compile-only checks whose
/// verdict cannot depend on lints that differ between a crate root and a module (the
/// unused `main` of a module is dead code) qualify, and never for a snapshot.
pub(crate) fn batchable(job: &Job<'_>, bless: bool) -> bool {
    let ex = job.ex;
    let exp = job.exp;
    let compile_only = matches!(job.plan, Plan::Metadata | Plan::MetadataThenLink);
    let lints_matter = exp.warnings != WarningPolicy::Ignore
        || exp.diagnostic_list().any(|d| {
            d.level == ExpectedLevel::Warning
                || d.code.as_deref().is_some_and(|c| !is_error_code(c))
        });
    let Some(text) = single_file(&job.inputs) else {
        return false;
    };
    compile_only
        && !lints_matter
        && !job.has_snapshot(bless)
        && ex.edition != Edition::E2015
        && !CRATE_LEVEL.iter().any(|needle| text.contains(needle))
        && !declares_module_file(text)
        && (ex.crate_type == CrateType::Lib || has_plain_main(text))
}

fn single_file(inputs: &Inputs) -> Option<&str> {
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
        let l = l.strip_prefix("pub ").unwrap_or(l);
        l.starts_with("fn main() {") || l == "fn main()" || l.starts_with("fn main(){")
    })
}

/// Snippets that may share a batch: same edition and rustc arguments, and the same kind
/// of expectation (a compile-pass batch is trusted only when it is free of errors).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct GroupKey {
    edition: &'static str,
    rustc_args: Vec<String>,
    expects_errors: bool,
}

/// The group of a batchable job.
pub(crate) fn group_key(job: &Job<'_>) -> GroupKey {
    GroupKey {
        edition: job.ex.edition.as_str(),
        rustc_args: job.extra.clone(),
        expects_errors: job.plan == Plan::MetadataThenLink,
    }
}

impl GroupKey {
    /// Whether the group's snippets are expected to fail to compile.
    pub(crate) fn expects_errors(&self) -> bool {
        self.expects_errors
    }
}

/// What one batched rustc told about each member.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum BatchOutcome {
    /// Per member, in order, the diagnostics that point into its file.
    Done(Vec<Compiled>),
    /// Nothing in it can be trusted (timeout, crash, flood, a diagnostic that belongs to no
    /// member...): the batch must be split.
    Trouble(String),
}

fn module_name(index: usize) -> String {
    format!("s{index:04}")
}

/// Compiles `jobs` (all of one group) as modules of one crate.
pub(crate) fn execute(ctx: &Context, jobs: &[&Job<'_>]) -> BatchOutcome {
    let Some(first) = jobs.first() else {
        return BatchOutcome::Done(Vec::new());
    };
    let dir = match tempfile::Builder::new()
        .prefix("snipcheck-batch-")
        .tempdir()
    {
        Ok(dir) => dir,
        Err(e) => return BatchOutcome::Trouble(format!("cannot create a temp dir: {e}")),
    };
    if let Err(e) = write_crate(dir.path(), jobs) {
        return BatchOutcome::Trouble(format!("cannot write the batch: {e}"));
    }
    let spec = CompileSpec {
        file: ROOT,
        crate_name: CRATE,
        edition: first.ex.edition,
        crate_type: CrateType::Lib,
        emit: Emit::Metadata,
        extra: &first.extra,
    };
    let limits = Limits {
        timeout: ctx.limits.timeout,
        output_cap: RUSTC_OUTPUT_CAP,
    };
    match rustc::compile(&ctx.toolchain, dir.path(), &spec, limits) {
        Ok(compiled) => attribute(compiled, jobs.len()),
        Err(CompileError::OutsideRead(paths)) => {
            BatchOutcome::Trouble(format!("reads {}", paths.join(", ")))
        }
        Err(CompileError::Failed(e)) => BatchOutcome::Trouble(e),
    }
}

fn write_crate(dir: &std::path::Path, jobs: &[&Job<'_>]) -> std::io::Result<()> {
    let mut root = String::new();
    for (i, job) in jobs.iter().enumerate() {
        let module = module_name(i);
        let file = PathBuf::from(&module).join(&job.ex.file);
        std::fs::create_dir_all(dir.join(&module))?;
        std::fs::write(dir.join(&file), single_file(&job.inputs).unwrap_or(""))?;
        root.push_str(&format!(
            "#[path = \"{}\"]\nmod {module};\n",
            file.display()
        ));
    }
    std::fs::write(dir.join(ROOT), root)
}

/// Splits the batch's diagnostics by member; any diagnostic outside the members' files
/// makes the whole batch untrustworthy.
fn attribute(compiled: Compiled, members: usize) -> BatchOutcome {
    let mut per_member: Vec<Vec<Diagnostic>> = vec![Vec::new(); members];
    for d in compiled.diagnostics.into_iter().filter(|d| !d.is_summary()) {
        let Some((index, file)) = d.file.as_deref().and_then(member_of) else {
            return BatchOutcome::Trouble(format!(
                "a diagnostic outside every snippet: {}",
                d.canonical()
            ));
        };
        let Some(slot) = per_member.get_mut(index) else {
            return BatchOutcome::Trouble(format!("a diagnostic of no member: {}", d.canonical()));
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
    BatchOutcome::Done(results)
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
    d.message = strip_modules(&d.message);
    d.rendered = String::new();
    for child in &mut d.children {
        if let Some((_, own)) = child.file.as_deref().and_then(member_of) {
            child.file = Some(own);
        }
        child.message = strip_modules(&child.message);
    }
    d
}

/// Removes `snipcheck_batch::` and `sNNNN::` path prefixes from a message.
fn strip_modules(message: &str) -> String {
    let mut out = message.replace(&format!("{CRATE}::"), "");
    let mut i = 0;
    while let Some(pos) = out[i..].find("::").map(|p| p + i) {
        let start = pos.saturating_sub(5);
        let candidate = &out[start..pos];
        let boundary =
            start == 0 || !out[..start].ends_with(|c: char| c.is_alphanumeric() || c == '_');
        let is_module = candidate.len() == 5
            && candidate.starts_with('s')
            && candidate[1..].bytes().all(|b| b.is_ascii_digit());
        if is_module && boundary {
            out.replace_range(start..pos + 2, "");
            i = start;
        } else {
            i = pos + 2;
        }
    }
    out
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
    fn module_prefixes_leave_messages() {
        assert_eq!(
            strip_modules("expected `s0003::User`, found `snipcheck_batch::s0003::Id`"),
            "expected `User`, found `Id`"
        );
        assert_eq!(
            strip_modules("uses1234::x and vs0001::y"),
            "uses1234::x and vs0001::y"
        );
    }

    #[test]
    fn plain_mains_and_module_files() {
        assert!(has_plain_main("fn main() {\n}\n"));
        assert!(has_plain_main("pub fn main() {}\n"));
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
            children: vec![],
            rendered: "rendered".into(),
        };
        let compiled = Compiled {
            success: false,
            diagnostics: vec![d(Some("s0001/main.rs"))],
        };
        let BatchOutcome::Done(members) = attribute(compiled, 2) else {
            panic!("attributable");
        };
        assert!(members[0].success && !members[1].success);
        assert_eq!(members[1].diagnostics[0].file.as_deref(), Some("main.rs"));
        assert_eq!(members[1].diagnostics[0].rendered, "");
        let stray = Compiled {
            success: false,
            diagnostics: vec![d(None)],
        };
        assert!(matches!(attribute(stray, 2), BatchOutcome::Trouble(_)));
    }
}
