//! Runs ui_test (rustc mode, the stable `rustc` on PATH or `$RUSTC`) over the compiletest-style
//! UI tests below a directory and prints one verdict per file, as JSON lines:
//! `{"path": "DIR/a/b.rs", "verdict": "pass"|"fail"|"skip", "why": "..."}`.
//!
//!     ui_test_peer [--threads N] [--raw] [--work DIR] TESTS_DIR
//!
//! The files are first rewritten into ui_test's spelling (see `translate`) in a copy under the
//! work directory, line for line; `--raw` gives ui_test the files as they are instead. The
//! settings follow compiletest's UI defaults and snipcheck's reading of them:
//! - edition 2015 unless `//@ edition` says otherwise;
//! - compiletest's implied flags first: `--check-cfg cfg(test,FALSE,REVS)`, `-A unused
//!   -W unused_attributes` (but for `run-pass`), `-A internal_features -A incomplete_features
//!   -A unused_parens -A unused_braces`; ui_test adds `--cfg=REV` itself;
//! - `check-fail` by default: `--emit=metadata` and exit status 1; `check-pass` exit 0 with
//!   metadata only; `build-*` a full build; `run-pass`/`run-fail` build and run the program
//!   (exit 0 / 101);
//! - every error and warning must be annotated (`require_annotations_for_level = WARN`), as
//!   compiletest requires; a pass-mode file with no annotation at all is built with
//!   `-D warnings` instead, since ui_test refuses annotations to be required of none;
//! - rustc's "N warnings emitted" summary is not a diagnostic to annotate (compiletest drops it
//!   too);
//! - `.stderr`/`.stdout` files are not compared, rustfix is not run.
//!
//! Files with neither `//~` nor `//@` are left out, as snipcheck leaves them out.

mod emitter;
mod translate;

use emitter::{Collector, Outcome, Run};
use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use ui_test::custom_flags::edition::Edition;
use ui_test::custom_flags::run::Run as RunFlag;
use ui_test::custom_flags::rustfix::RustfixMode;
use ui_test::diagnostics::{Diagnostics, Level};
use ui_test::spanned::{Span, Spanned};
use ui_test::{CommentParser, Config, Revisioned};

/// Exit status for a usage error.
const USAGE_ERROR: u8 = 2;

/// The command line, validated.
struct Options {
    threads: NonZeroUsize,
    raw: bool,
    work: PathBuf,
    tests: PathBuf,
}

fn main() -> ExitCode {
    let options = match options(std::env::args().skip(1).collect()) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("ui_test_peer: {message}");
            return ExitCode::from(USAGE_ERROR);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("ui_test_peer: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Reads the arguments.
fn options(args: Vec<String>) -> Result<Options, String> {
    let mut threads = NonZeroUsize::new(2).expect("two");
    let mut raw = false;
    let mut work = None;
    let mut tests = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => {
                let n = args.next().ok_or("--threads needs a value")?;
                threads = n
                    .parse()
                    .map_err(|_| format!("--threads: not a positive number: {n}"))?;
            }
            "--work" => work = Some(PathBuf::from(args.next().ok_or("--work needs a value")?)),
            "--raw" => raw = true,
            _ if arg.starts_with('-') => return Err(format!("unknown option {arg}")),
            _ if tests.is_none() => tests = Some(PathBuf::from(arg)),
            _ => return Err(format!("one directory only, not also {arg}")),
        }
    }
    let tests = tests.ok_or("usage: ui_test_peer [--threads N] [--raw] [--work DIR] TESTS_DIR")?;
    let work = work.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("ui_test_peer.{}", std::process::id()))
    });
    std::fs::create_dir_all(&work).map_err(|e| format!("creating {}: {e}", work.display()))?;
    let work = std::path::absolute(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    Ok(Options {
        threads,
        raw,
        work,
        tests,
    })
}

/// Rewrites the files, runs ui_test over them and prints the verdicts.
fn run(options: &Options) -> Result<(), String> {
    let mirror = options.work.join("tests");
    let _ = std::fs::remove_dir_all(&mirror);
    let files = test_files(&options.tests)?;
    let mut skipped = BTreeMap::new();
    for rel in &files {
        let text = std::fs::read_to_string(options.tests.join(rel))
            .map_err(|e| format!("reading {}: {e}", rel.display()))?;
        let translation = if options.raw {
            translate::Translation { text, skip: None }
        } else {
            translate::translate(&text)
        };
        if let Some(why) = translation.skip {
            skipped.insert(rel.clone(), why);
            continue;
        }
        let dest = mirror.join(rel);
        std::fs::create_dir_all(dest.parent().expect("a file has a parent"))
            .and_then(|()| std::fs::write(&dest, translation.text))
            .map_err(|e| format!("writing {}: {e}", dest.display()))?;
    }
    copy_auxiliary(&options.tests, &mirror, options.raw)?;
    let collector = Collector::default();
    let config = config(options, &mirror);
    // ui_test names an auxiliary file relative to the working directory (its common
    // prefix stripped), and reads it by that name: the mirror must lie below it.
    std::env::set_current_dir(&options.work)
        .map_err(|e| format!("entering {}: {e}", options.work.display()))?;
    let per_file = if options.raw { per_file_raw } else { per_file };
    // ui_test answers `Err` when a test failed too: the verdicts are in the collector, and
    // only a run that recorded nothing is an error of its own.
    let result = if mirror.exists() {
        ui_test::run_tests_generic(
            vec![config],
            ui_test::default_file_filter,
            per_file,
            collector.clone(),
        )
    } else {
        Ok(())
    };
    let runs = collector.runs.lock().expect("no poisoned lock").clone();
    match result {
        Err(e) if runs.is_empty() => Err(format!("ui_test: {e}")),
        _ => {
            print_verdicts(options, &mirror, &files, &skipped, &runs);
            Ok(())
        }
    }
}

/// Every file below `dir`, relative to it, sorted, with whether it lies in an
/// `auxiliary/` directory; `target` and hidden directories aside.
fn all_files(dir: &Path) -> Result<Vec<(PathBuf, bool)>, String> {
    let mut found = Vec::new();
    let mut todo = vec![(PathBuf::new(), false)];
    while let Some((rel, inside)) = todo.pop() {
        let entries = std::fs::read_dir(dir.join(&rel))
            .map_err(|e| format!("reading {}: {e}", dir.join(&rel).display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = rel.join(&name);
            if !entry.path().is_dir() {
                found.push((path, inside));
            } else if !(name.starts_with('.') || name == "target") {
                todo.push((path, inside || name == "auxiliary"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The `.rs` files below `dir` that carry `//~` or `//@`, relative to it, sorted; `auxiliary`,
/// `target` and hidden directories aside.
fn test_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(all_files(dir)?
        .into_iter()
        .filter(|(path, inside)| {
            !inside && path.extension().is_some_and(|x| x == "rs") && is_annotated(&dir.join(path))
        })
        .map(|(path, _)| path)
        .collect())
}

/// Every file of every `auxiliary/` directory below `dir` into the same place below
/// `mirror`, `.rs` files rewritten as the tests are (unless `raw`).
fn copy_auxiliary(dir: &Path, mirror: &Path, raw: bool) -> Result<(), String> {
    for (path, _) in all_files(dir)?.into_iter().filter(|(_, inside)| *inside) {
        let text = std::fs::read_to_string(dir.join(&path))
            .map_err(|e| format!("reading {}: {e}", path.display()))?;
        let text = if raw || path.extension().is_none_or(|x| x != "rs") {
            text
        } else {
            translate::translate(&text).text
        };
        let dest = mirror.join(&path);
        std::fs::create_dir_all(dest.parent().expect("a file has a parent"))
            .and_then(|()| std::fs::write(&dest, text))
            .map_err(|e| format!("writing {}: {e}", dest.display()))?;
    }
    Ok(())
}

/// Whether the file has an annotation or a header.
fn is_annotated(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .is_ok_and(|t| t.contains("//@") || t.contains("//~") || t.contains("]~"))
}

/// ui_test's configuration for the rewritten tree.
fn config(options: &Options, mirror: &Path) -> Config {
    let mut config = Config::rustc(mirror);
    config.out_dir = options.work.join("out");
    config.threads = Some(options.threads);
    config.output_conflict_handling = ui_test::ignore_output_conflict;
    config.diagnostic_extractor = extract;
    config.bless_command = None;
    let base = config.comment_defaults.base();
    base.require_annotations_for_level = Spanned::dummy(Level::Warn).into();
    base.set_custom("rustfix", RustfixMode::Disabled);
    base.set_custom("edition", Edition("2015".into()));
    if !options.raw {
        for (name, command) in COMMANDS {
            config.custom_comments.insert(name, *command);
        }
    }
    config
}

/// rustc's diagnostics, less the "N warnings emitted" summary.
fn extract(path: &Path, stderr: &[u8]) -> Diagnostics {
    let mut diagnostics = ui_test::diagnostics::rustc::rustc_diagnostics_extractor(path, stderr);
    diagnostics
        .messages_from_unknown_file_or_line
        .retain(|m| !is_warning_summary(&m.message));
    diagnostics
}

/// `1 warning emitted`, `3 warnings emitted`.
fn is_warning_summary(message: &str) -> bool {
    let mut words = message.split(' ');
    let count = words.next().is_some_and(|w| w.parse::<u32>().is_ok());
    count
        && matches!(words.next(), Some("warning" | "warnings"))
        && words.next() == Some("emitted")
        && words.next().is_none()
}

/// A header handler, as ui_test takes them.
type Command = fn(&mut CommentParser<&mut Revisioned>, Spanned<&str>, Span);

/// compiletest's headers that ui_test does not know, by their meaning here.
const COMMANDS: &[(&str, Command)] = &[
    ("check-pass", |p, _, span| {
        p.exit_status = Spanned::new(0, span).into()
    }),
    ("build-pass", |p, _, span| {
        p.exit_status = Spanned::new(0, span).into()
    }),
    ("check-fail", |p, _, span| {
        p.exit_status = Spanned::new(1, span).into()
    }),
    ("build-fail", |p, _, span| {
        p.exit_status = Spanned::new(1, span).into()
    }),
    ("run-pass", |p, _, span| run_mode(p, 0, span)),
    ("run-fail", |p, _, span| run_mode(p, 101, span)),
    ("run-rustfix", |_, _, _| {}),
    ("no-auto-check-cfg", |_, _, _| {}),
    ("dont-require-annotations", dont_require),
];

/// `run-pass`/`run-fail`: the build must succeed and the program exit with `code`.
fn run_mode(parser: &mut CommentParser<&mut Revisioned>, code: i32, span: Span) {
    parser.exit_status = Spanned::new(0, span.clone()).into();
    let flag = RunFlag {
        exit_code: code,
        output_conflict_handling: None,
    };
    parser.set_custom_once("run", flag, span);
}

/// `dont-require-annotations: KIND`: only WARN changes anything here (NOTE and HELP are never
/// required).
fn dont_require(parser: &mut CommentParser<&mut Revisioned>, args: Spanned<&str>, span: Span) {
    if matches!(args.content.trim(), "WARN" | "WARNING") {
        parser.require_annotations_for_level = Spanned::new(Level::Error, span).into();
    }
}

/// The per-file settings of a rewritten file: compiletest's implied flags and its mode's
/// emit, and what a pass-mode file without annotations needs.
fn per_file(config: &mut Config, contents: &Spanned<Vec<u8>>) {
    let text = String::from_utf8_lossy(contents);
    let facts = Facts::read(&text);
    config
        .program
        .args
        .extend(facts.implied_flags().into_iter().map(Into::into));
    if facts.metadata_only() {
        config.program.args.push("--emit=metadata".into());
    }
    if !facts.annotated && facts.passes() {
        config.comment_defaults.base().require_annotations = Spanned::dummy(false).into();
        config.program.args.push("-Dwarnings".into());
    }
}

/// `--raw`: ui_test's own reading, with the same flags.
fn per_file_raw(config: &mut Config, contents: &Spanned<Vec<u8>>) {
    let text = String::from_utf8_lossy(contents);
    config.program.args.extend(
        Facts::read(&text)
            .implied_flags()
            .into_iter()
            .map(Into::into),
    );
}

/// What the headers of a file say, for the flags.
#[derive(Default)]
struct Facts {
    revisions: Vec<String>,
    mode: Option<String>,
    auto_check_cfg: bool,
    annotated: bool,
}

impl Facts {
    /// Reads the `//@` lines without revisions (and `revisions:`).
    fn read(text: &str) -> Facts {
        let mut facts = Facts {
            auto_check_cfg: true,
            ..Facts::default()
        };
        for line in text.lines() {
            let Some(header) = line.trim_start().strip_prefix("//@") else {
                facts.annotated |= line.contains("//~") || line.contains("]~");
                continue;
            };
            let header = header.trim();
            let (name, value) = header.split_once(':').unwrap_or((header, ""));
            match name.trim() {
                "revisions" => facts
                    .revisions
                    .extend(value.split_whitespace().map(String::from)),
                "no-auto-check-cfg" => facts.auto_check_cfg = false,
                "error-in-other-file" => facts.annotated = true,
                // ui_test's own spelling of a run-pass test.
                "run" => facts.mode = Some("run-pass".to_owned()),
                m @ ("check-pass" | "check-fail" | "build-pass" | "build-fail" | "run-pass"
                | "run-fail") => {
                    facts.mode = Some(m.to_owned());
                }
                _ => {}
            }
        }
        facts
    }

    /// compiletest's flags before the test's own.
    fn implied_flags(&self) -> Vec<String> {
        let mut flags = Vec::new();
        if self.auto_check_cfg {
            let names: Vec<&str> = ["test", "FALSE"]
                .into_iter()
                .chain(self.revisions.iter().map(String::as_str))
                .collect();
            flags.extend([
                "--check-cfg".to_owned(),
                format!("cfg({})", names.join(",")),
            ]);
        }
        if self.mode.as_deref() != Some("run-pass") {
            flags.extend(["-A", "unused", "-W", "unused_attributes"].map(String::from));
        }
        for lint in [
            "internal_features",
            "incomplete_features",
            "unused_parens",
            "unused_braces",
        ] {
            flags.extend(["-A".to_owned(), lint.to_owned()]);
        }
        flags
    }

    /// Whether rustc stops at metadata (the check modes, the default among them).
    fn metadata_only(&self) -> bool {
        self.mode.as_deref().is_none_or(|m| m.starts_with("check-"))
    }

    /// Whether the file must compile.
    fn passes(&self) -> bool {
        self.mode.as_deref().is_some_and(|m| m.ends_with("-pass"))
    }
}

/// Prints one JSON line per file, sorted by path.
fn print_verdicts(
    options: &Options,
    mirror: &Path,
    files: &[PathBuf],
    skipped: &BTreeMap<PathBuf, String>,
    runs: &[Run],
) {
    let mut by_file: BTreeMap<PathBuf, Vec<&Run>> = BTreeMap::new();
    for run in runs {
        if let Ok(rel) = run.path.strip_prefix(mirror) {
            by_file.entry(rel.to_owned()).or_default().push(run);
        }
    }
    let prefix = options
        .tests
        .to_string_lossy()
        .trim_end_matches('/')
        .to_owned();
    for rel in files {
        let (verdict, why) = match skipped.get(rel) {
            Some(why) => ("skip", why.clone()),
            None => verdict(by_file.get(rel).map_or(&[][..], Vec::as_slice)),
        };
        let line = serde_json::json!({
            "path": format!("{prefix}/{}", rel.display()),
            "verdict": verdict,
            "why": why,
        });
        println!("{line}");
    }
}

/// A file's verdict from its runs: failed if any run failed, skipped if every run was
/// ignored.
fn verdict(runs: &[&Run]) -> (&'static str, String) {
    let failures: Vec<String> = runs
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Fail(why) if r.revision.is_empty() => Some(why.clone()),
            Outcome::Fail(why) => Some(format!("[{}] {why}", r.revision)),
            _ => None,
        })
        .collect();
    if !failures.is_empty() {
        return ("fail", failures.join(" || "));
    }
    let revisioned = runs.iter().any(|r| !r.revision.is_empty());
    let passed = runs
        .iter()
        .any(|r| r.outcome == Outcome::Pass && (!revisioned || !r.revision.is_empty()));
    match (runs.is_empty(), passed) {
        (true, _) => ("fail", "no result from ui_test".into()),
        (false, true) => ("pass", String::new()),
        (false, false) => ("skip", "ignored by ui_test".into()),
    }
}
