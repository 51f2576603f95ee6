//! Files with inline annotations (`//~ ERROR`, `//@` headers) as exercises of the engine,
//! with compiletest's meaning: each revision a check of its own, the mode header its
//! outcome, each annotation an expected diagnostic at its line, and every error (and
//! warning) required to be annotated. The same annotations in an exercise's snippet add
//! to its `[expect]`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

use crate::model::annotation::expect::diagnostics;
use crate::model::annotation::headers::Headers;
use crate::model::annotation::skip::Platform;
use crate::model::annotation::spec::{Mode, Outcome as HeaderOutcome};
use crate::model::annotation::{self, Annotation, Kind};
use crate::model::auxiliary::{self, Auxiliary};
use crate::model::discover::Entry;
use crate::model::exercise::{Exercise, Source, StderrRule};
use crate::model::expectation::{
    CodeRule, DiagnosticExpectation, Expectation, ExpectedLevel, Outcome, WarningPolicy,
};
use crate::model::manifest::{ConfigError, CrateType, Edition};

/// What every annotated file of a run shares.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Setting<'a> {
    /// The edition of a file without `//@ edition:` (compiletest's: 2015).
    pub(crate) edition: Edition,
    /// The machine, for `ignore-*`, `only-*` and `needs-*`.
    pub(crate) platform: Platform<'a>,
}

/// The checks of the annotated file at `path`: one per revision, a skip with its reason,
/// or an error naming the line.
pub(crate) fn entries(path: &Path, setting: &Setting<'_>) -> Vec<Entry> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return vec![invalid(path, None, format!("cannot read the file: {e}"))],
    };
    let parsed = match annotation::parse(path, &text) {
        Ok(parsed) => parsed,
        Err(problems) => {
            return problems
                .iter()
                .map(|p| invalid(path, p.position(), p.without_place()))
                .collect()
        }
    };
    parsed
        .runs()
        .into_iter()
        .map(|revision| {
            let (annotations, headers) = parsed.for_revision(revision);
            entry(path, revision, &annotations, &headers, setting)
        })
        .collect()
}

fn entry(
    path: &Path,
    revision: Option<&str>,
    annotations: &[&Annotation],
    headers: &Headers,
    setting: &Setting<'_>,
) -> Entry {
    let shown = match revision {
        Some(r) => PathBuf::from(format!("{}#{r}", path.display())),
        None => path.to_path_buf(),
    };
    if let Some(reason) = unsupported(headers, setting) {
        return Entry::Skipped { dir: shown, reason };
    }
    let (stderr_rules, auxiliary) = match beyond_headers(path, headers, revision, setting) {
        Ok(read) => read,
        Err(error) => return Entry::Invalid { dir: shown, error },
    };
    let mut rustc_args = headers.implied_flags(revision);
    let (crate_type, flags) = crate_type_of(&headers.compile_flags);
    rustc_args.extend(flags);
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let diagnostics = diagnostics(annotations);
    let expect = Expectation {
        outcome: outcome(headers),
        codes: CodeRule::Annotated,
        warnings: WarningPolicy::Exact,
        exhaustive: exhaustive(&diagnostics, headers),
        patterns: headers.error_patterns.clone(),
        diagnostics,
        ..Expectation::default()
    };
    let name = path
        .file_stem()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let title = format!("annotated test, {}", expected_name(headers));
    let source = Source::Directory(shown);
    let mut one = Exercise::of_one_file(source, name, title, file, path.to_path_buf(), None);
    if let Some(aux) = &auxiliary {
        let dir = path.parent().unwrap_or(Path::new("."));
        one.sources.extend(aux.sources(dir));
    }
    Entry::Run(Arc::new(Exercise {
        edition: headers.edition(setting.edition),
        auxiliary,
        rustc_env: headers.rustc_env.clone(),
        stderr_rules,
        crate_type,
        rustc_args,
        expect,
        snapshot_file: stderr_beside(path, revision),
        allow_unsafe: true,
        ..one
    }))
}

/// What a run takes from beyond its headers' words: its `normalize-stderr` rules compiled,
/// and its auxiliary crates read.
fn beyond_headers(
    path: &Path,
    headers: &Headers,
    revision: Option<&str>,
    setting: &Setting<'_>,
) -> Result<(Vec<StderrRule>, Option<Arc<Auxiliary>>), ConfigError> {
    let rules = stderr_rules(path, headers)?;
    let auxiliary = auxiliary::resolve(path, headers, revision, setting.edition)?;
    Ok((rules, auxiliary.map(Arc::new)))
}

/// The `normalize-stderr` rules of this machine's pointer width, compiled; `Err` naming
/// the file when one is not a regular expression.
fn stderr_rules(path: &Path, headers: &Headers) -> Result<Vec<StderrRule>, ConfigError> {
    headers
        .normalize_stderr
        .iter()
        .filter(|rule| rule.pointer_width.is_none_or(|w| w == usize::BITS))
        .map(|rule| match regex::Regex::new(&rule.from) {
            Ok(pattern) => Ok(StderrRule {
                pattern,
                to: rule.to.clone(),
            }),
            Err(bad) => Err(ConfigError {
                file: path.to_path_buf(),
                position: None,
                message: format!("a `normalize-stderr` rule is not a regular expression: {bad}"),
            }),
        })
        .collect()
}

/// compiletest's rule: errors and warnings always need an annotation, and notes and helps
/// too once the file annotates one of that kind, unless `dont-require-annotations` frees
/// the kind.
pub(crate) fn exhaustive(
    diagnostics: &[Spanned<DiagnosticExpectation>],
    headers: &Headers,
) -> Vec<ExpectedLevel> {
    [
        (ExpectedLevel::Note, Kind::Note),
        (ExpectedLevel::Help, Kind::Help),
    ]
    .into_iter()
    .filter(|(level, kind)| {
        diagnostics.iter().any(|d| d.get_ref().level == *level)
            && !headers.dont_require_annotations.contains(kind)
    })
    .map(|(level, _)| level)
    .collect()
}

/// The `.stderr` compiletest keeps beside the file (`NAME.stderr`, or `NAME.REV.stderr`
/// for a revision), when there is one.
fn stderr_beside(path: &Path, revision: Option<&str>) -> Option<PathBuf> {
    let stem = path.file_stem()?.to_string_lossy();
    let name = match revision {
        Some(rev) => format!("{stem}.{rev}.stderr"),
        None => format!("{stem}.stderr"),
    };
    Some(path.with_file_name(name)).filter(|p| p.is_file())
}

/// The crate type a file's `compile-flags` ask for (`--crate-type lib`), taken out of the
/// flags: snipcheck passes the crate type itself, and rustc refuses two.
fn crate_type_of(flags: &[String]) -> (CrateType, Vec<String>) {
    let mut crate_type = CrateType::Bin;
    let mut rest = Vec::new();
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        let value = match flag.strip_prefix("--crate-type") {
            Some("") => flags.next().map(String::as_str),
            Some(joined) => joined.strip_prefix('='),
            None => {
                rest.push(flag.clone());
                continue;
            }
        };
        if matches!(value, Some("lib" | "rlib")) {
            crate_type = CrateType::Lib;
        }
    }
    (crate_type, rest)
}

/// Why the file is not checked here: a skip condition, or a header snipcheck cannot honour.
fn unsupported(headers: &Headers, setting: &Setting<'_>) -> Option<String> {
    if let Some(reason) = headers.skip_reason(&setting.platform) {
        return Some(reason);
    }
    let compiles_only = headers.expected().mode != Mode::Run;
    if let Some(status) = headers.failure_status.filter(|s| *s != 1 && compiles_only) {
        return Some(format!(
            "`//@ failure-status: {status}`: rustc exits with 1 on errors, and a crash is an error here"
        ));
    }
    if headers.known_bug {
        return Some("`//@ known-bug`: its output is not checked".to_owned());
    }
    // Headers that make compiletest check more (or the opposite, `should-fail`), or change
    // what runs: left unapplied they could let a file pass that compiletest fails.
    [
        "should-ice",
        "should-fail",
        "run-rustfix",
        "aux-bin",
        "aux-codegen-backend",
        "check-run-results",
        "forbid-output",
        "regex-error-pattern",
        "exec-env",
        "unset-exec-env",
        "unset-rustc-env",
        "run-flags",
        "stderr-per-bitwidth",
        "add-minicore",
        "incremental",
    ]
    .into_iter()
    .find(|name| headers.has_other(name))
    .map(|name| format!("`//@ {name}` is not supported yet"))
}

/// The mode header's name, as compiletest spells it (`check-fail` by default).
fn expected_name(headers: &Headers) -> String {
    let expected = headers.expected();
    let mode = match expected.mode {
        Mode::Check => "check",
        Mode::Build => "build",
        Mode::Run => "run",
    };
    let outcome = match expected.outcome {
        HeaderOutcome::Pass => "pass",
        HeaderOutcome::Fail => "fail",
        HeaderOutcome::Crash => "crash",
        HeaderOutcome::FailOrCrash => "fail-or-crash",
    };
    format!("{mode}-{outcome}")
}

/// The outcome the mode header asks for. A build is checked like a check
/// (`--emit=metadata`, then a full build for a failure that only codegen finds).
fn outcome(headers: &Headers) -> Outcome {
    let expected = headers.expected();
    match (expected.mode, expected.outcome) {
        (Mode::Check | Mode::Build, HeaderOutcome::Pass) => Outcome::CompilePass,
        (Mode::Check | Mode::Build, _) => Outcome::CompileFail,
        (Mode::Run, HeaderOutcome::Pass) => Outcome::RunPass,
        (Mode::Run, _) => Outcome::RunFail,
    }
}

fn invalid(path: &Path, position: Option<(usize, usize)>, message: String) -> Entry {
    Entry::Invalid {
        dir: path.to_path_buf(),
        error: ConfigError {
            file: path.to_path_buf(),
            position,
            message,
        },
    }
}
