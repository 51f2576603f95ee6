//! The `exercise.toml` model: the serde types, loading, validation, and the errors a
//! malformed exercise gets (always with file, line and column).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::model::linemap::LineMap;
use crate::model::source::{
    self, SourceFile, Submission, EXERCISE_FILE, SNAPSHOT_FILE, SOLUTION_FILE,
};

/// `exercise.toml` as written by an author.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ExerciseToml {
    /// One line naming the idea the exercise teaches.
    title: String,
    /// Tags: concept names and the error codes involved.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "part of the format; no command of this version reads it"
    )]
    concepts: Vec<String>,
    /// What a stuck learner reads: why the compiler refuses, then how to fix it.
    #[serde(default)]
    hint: String,
    /// Rust edition passed to rustc.
    #[serde(default)]
    edition: Edition,
    /// `bin` (needs `main`) or `lib`.
    #[serde(default)]
    crate_type: CrateType,
    /// The snippet the learner edits, relative to the exercise directory.
    file: Option<Spanned<String>>,
    /// Extra arguments appended to every rustc command line.
    #[serde(default)]
    rustc_args: Vec<String>,
    /// Weight of the exercise when grading.
    #[serde(default = "default_points")]
    points: u32,
    /// Oldest rustc the exercise is written for, e.g. `"1.80"`.
    rust_version: Option<Spanned<String>>,
    /// Crates the snippet uses, built once per distinct table.
    dependencies: Option<Spanned<toml::Table>>,
    /// Whether graded submissions may use `unsafe` (otherwise `-F unsafe_code`).
    #[serde(default)]
    allow_unsafe: bool,
    /// What the shipped snippet must produce.
    expect: Spanned<Expectation>,
    /// What a fixed snippet must achieve; defaults to `outcome = "compile-pass"`.
    solution: Option<Spanned<Expectation>>,
}

fn default_points() -> u32 {
    1
}

/// An expectation: the `[expect]` and `[solution]` tables share this shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Expectation {
    /// What compiling (and maybe running) the snippet must lead to.
    #[serde(default)]
    pub(crate) outcome: Outcome,
    /// The exact set of distinct error codes.
    #[serde(default)]
    pub(crate) errors: Option<Spanned<Vec<String>>>,
    /// What to do with warnings and lints nobody expected.
    #[serde(default)]
    pub(crate) warnings: WarningPolicy,
    /// Finer expectations, each matching one distinct diagnostic.
    #[serde(default, rename = "diagnostic")]
    pub(crate) diagnostics: Vec<Spanned<DiagnosticExpectation>>,
    /// Exact stdout of the program for run outcomes (after `\r\n` -> `\n`).
    pub(crate) stdout: Option<Spanned<String>>,
    /// A hidden test file compiled with the snippet (test outcomes).
    pub(crate) tests: Option<Spanned<String>>,
    /// How the reported error codes must relate to the listed ones: always the exact set
    /// in `exercise.toml`; Markdown blocks follow rustdoc (every listed code must appear).
    #[serde(skip)]
    pub(crate) codes: CodeRule,
}

/// How the error codes rustc reports must relate to the codes an expectation lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum CodeRule {
    /// The distinct codes equal the listed ones, and no codeless error goes unexpected.
    #[default]
    Exact,
    /// Every listed code appears; other codes and codeless errors may appear too
    /// (rustdoc's `compile_fail,E0382`).
    AtLeast,
}

impl Expectation {
    /// The listed error codes, empty when `errors` is absent.
    pub(crate) fn error_codes(&self) -> &[String] {
        self.errors.as_ref().map_or(&[], |e| e.get_ref().as_slice())
    }

    /// The `[[expect.diagnostic]]` entries without their spans.
    pub(crate) fn diagnostic_list(&self) -> impl Iterator<Item = &DiagnosticExpectation> {
        self.diagnostics.iter().map(Spanned::get_ref)
    }
}

/// One `[[expect.diagnostic]]` entry; every field it sets must match.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct DiagnosticExpectation {
    /// Severity of the diagnostic.
    #[serde(default)]
    pub(crate) level: ExpectedLevel,
    /// An error code (`E0382`) or a lint name (`unused_variables`).
    pub(crate) code: Option<String>,
    /// Line of the primary span in the snippet file.
    pub(crate) line: Option<u32>,
    /// A substring of the diagnostic's message.
    pub(crate) message: Option<String>,
    /// A substring of the primary span's label (`expected `u32`, found `&str``): what
    /// tells one mismatch from another when the message is only "mismatched types".
    pub(crate) label: Option<String>,
}

/// The levels an expectation can name.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ExpectedLevel {
    /// `error`
    #[default]
    Error,
    /// `warning`
    Warning,
    /// `note`
    Note,
    /// `help`
    Help,
}

/// What compiling and running a snippet must lead to.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Outcome {
    /// rustc rejects the snippet.
    CompileFail,
    /// rustc accepts the snippet.
    #[default]
    CompilePass,
    /// The built program exits with status 0.
    RunPass,
    /// The built program exits non-zero or panics.
    RunFail,
    /// The `--test` harness reports every test passed.
    TestPass,
    /// The `--test` harness reports a failing test.
    TestFail,
}

impl Outcome {
    /// The spelling used in `exercise.toml` and reports.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::CompileFail => "compile-fail",
            Self::CompilePass => "compile-pass",
            Self::RunPass => "run-pass",
            Self::RunFail => "run-fail",
            Self::TestPass => "test-pass",
            Self::TestFail => "test-fail",
        }
    }

    /// Whether a program must be built and run.
    pub(crate) fn runs(self) -> bool {
        matches!(self, Self::RunPass | Self::RunFail)
    }

    /// Whether the outcome uses the `--test` harness.
    pub(crate) fn uses_harness(self) -> bool {
        matches!(self, Self::TestPass | Self::TestFail)
    }
}

/// The warnings policy of an expectation (SPEC §4.2).
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum WarningPolicy {
    /// Unexpected warnings and lints are not checked.
    #[default]
    Ignore,
    /// Any warning fails the check.
    Forbid,
    /// Every warning must be listed in `[[expect.diagnostic]]`.
    Exact,
}

/// Rust edition of the snippet.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
pub(crate) enum Edition {
    /// Rust 2015.
    #[serde(rename = "2015")]
    E2015,
    /// Rust 2018.
    #[serde(rename = "2018")]
    E2018,
    /// Rust 2021.
    #[default]
    #[serde(rename = "2021")]
    E2021,
    /// Rust 2024.
    #[serde(rename = "2024")]
    E2024,
}

impl Edition {
    /// The edition a year names (`2021`), if any.
    pub(crate) fn from_year(year: &str) -> Option<Edition> {
        match year {
            "2015" => Some(Self::E2015),
            "2018" => Some(Self::E2018),
            "2021" => Some(Self::E2021),
            "2024" => Some(Self::E2024),
            _ => None,
        }
    }

    /// The value passed to `--edition`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::E2015 => "2015",
            Self::E2018 => "2018",
            Self::E2021 => "2021",
            Self::E2024 => "2024",
        }
    }
}

/// Crate type passed to rustc.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub(crate) enum CrateType {
    /// A binary crate: needs `fn main`.
    #[default]
    Bin,
    /// A library crate.
    Lib,
}

impl CrateType {
    /// The value passed to `--crate-type`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Bin => "bin",
            Self::Lib => "lib",
        }
    }
}

/// A loaded, validated exercise.
#[derive(Debug, Clone)]
pub(crate) struct Exercise {
    /// The directory, as reached from the path the user gave.
    pub(crate) dir: PathBuf,
    /// The directory's name.
    pub(crate) name: String,
    /// One line naming the idea.
    pub(crate) title: String,
    /// Why the compiler refuses and how to fix it, for learners (may be empty).
    pub(crate) hint: String,
    /// Rust edition.
    pub(crate) edition: Edition,
    /// Crate type.
    pub(crate) crate_type: CrateType,
    /// File name of the snippet inside the exercise (and temp) directory.
    pub(crate) file: String,
    /// Extra rustc arguments.
    pub(crate) rustc_args: Vec<String>,
    /// Weight in grading.
    pub(crate) points: u32,
    /// Oldest supported rustc as (major, minor, patch).
    pub(crate) rust_version: Option<(u32, u32, u32)>,
    /// The shipped snippet's expectation.
    pub(crate) expect: Expectation,
    /// A fixed snippet's expectation.
    pub(crate) solution: Expectation,
    /// The `.rs` files copied into every temp dir (snippet and modules).
    pub(crate) sources: Vec<SourceFile>,
    /// `solution.rs`, when the exercise ships one.
    pub(crate) solution_file: Option<PathBuf>,
    /// `expected.stderr`, when present.
    pub(crate) snapshot_file: Option<PathBuf>,
    /// Crates the snippet uses, in Cargo's syntax.
    pub(crate) dependencies: Option<toml::Table>,
    /// When grading: the submitted snippet checked instead of the shipped one and solution.
    pub(crate) submission: Option<Submission>,
    /// `allow-unsafe = true`: submissions may use `unsafe` (exercises that teach it).
    pub(crate) allow_unsafe: bool,
    /// A Markdown code block: where each line of the generated snippet comes from, so
    /// every diagnostic and location is reported at the Markdown line. `None` for an
    /// exercise directory.
    pub(crate) line_map: Option<LineMap>,
}

impl Exercise {
    /// The file reports name for the snippet: the Markdown file of a code block (as the
    /// user reached it), else the snippet's own file name.
    pub(crate) fn shown_file(&self) -> &str {
        self.line_map
            .as_ref()
            .and_then(|map| map.files.first())
            .map_or(&self.file, String::as_str)
    }
}

/// A malformed exercise: where, and what to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ConfigError {
    /// The file at fault.
    pub(crate) file: PathBuf,
    /// 1-based line and column, when known.
    pub(crate) position: Option<(usize, usize)>,
    /// What is wrong and what to write instead.
    pub(crate) message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => {
                write!(f, "{}:{line}:{col}: {}", self.file.display(), self.message)
            }
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Builds `ConfigError`s for one `exercise.toml`, turning byte offsets into line:col.
struct ErrorSite<'a> {
    file: &'a Path,
    text: &'a str,
}

impl ErrorSite<'_> {
    fn at(&self, offset: Option<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.to_path_buf(),
            position: offset.map(|o| line_col(self.text, o)),
            message: message.into(),
        }
    }

    fn spanned<T>(&self, span: &Spanned<T>, message: impl Into<String>) -> ConfigError {
        self.at(Some(span.span().start), message)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

impl Exercise {
    /// Loads and validates the exercise in `dir`.
    pub(crate) fn load(dir: &Path) -> Result<Exercise, ConfigError> {
        let toml_path = dir.join(EXERCISE_FILE);
        let text = std::fs::read_to_string(&toml_path).map_err(|e| ConfigError {
            file: toml_path.clone(),
            position: None,
            message: format!("cannot read the file: {e}"),
        })?;
        let site = ErrorSite {
            file: &toml_path,
            text: &text,
        };
        let raw: ExerciseToml = toml::from_str(&text)
            .map_err(|e| site.at(e.span().map(|s| s.start), toml_message(&e)))?;
        validate(&site, &raw)?;
        Self::from_raw(dir, &site, raw)
    }

    fn from_raw(
        dir: &Path,
        site: &ErrorSite<'_>,
        raw: ExerciseToml,
    ) -> Result<Exercise, ConfigError> {
        let file = snippet_file(dir, site, &raw)?;
        let sources = collect_sources(dir, site, &raw)?;
        let rust_version = match &raw.rust_version {
            Some(v) => Some(parse_version(v.get_ref()).ok_or_else(|| {
                site.spanned(v, "rust-version must look like \"1.80\" or \"1.80.1\"")
            })?),
            None => None,
        };
        let name = dir.file_name().map_or_else(
            || "exercise".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let optional = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
        Ok(Exercise {
            dir: dir.to_path_buf(),
            name,
            title: raw.title,
            hint: raw.hint,
            edition: raw.edition,
            crate_type: raw.crate_type,
            file,
            rustc_args: raw.rustc_args,
            points: raw.points,
            rust_version,
            expect: raw.expect.into_inner(),
            solution: raw.solution.map(Spanned::into_inner).unwrap_or_default(),
            sources,
            solution_file: optional(SOLUTION_FILE),
            snapshot_file: optional(SNAPSHOT_FILE),
            dependencies: raw
                .dependencies
                .map(Spanned::into_inner)
                .filter(|t| !t.is_empty()),
            submission: None,
            allow_unsafe: raw.allow_unsafe,
            line_map: None,
        })
    }
}

/// The snippet's file name, which must exist.
fn snippet_file(
    dir: &Path,
    site: &ErrorSite<'_>,
    raw: &ExerciseToml,
) -> Result<String, ConfigError> {
    let file = raw
        .file
        .as_ref()
        .map_or("main.rs", |f| f.get_ref().as_str());
    if dir.join(file).is_file() {
        return Ok(file.to_owned());
    }
    let hint = if raw.file.is_some() {
        "fix the `file` key or create the file"
    } else {
        "create it, or name the snippet with `file = \"...\"`"
    };
    let offset = raw.file.as_ref().map(|f| f.span().start);
    Err(site.at(offset, format!("snippet file `{file}` not found: {hint}")))
}

/// The sources copied for every compile: all `.rs` files but the hidden test files, which
/// must exist.
fn collect_sources(
    dir: &Path,
    site: &ErrorSite<'_>,
    raw: &ExerciseToml,
) -> Result<Vec<SourceFile>, ConfigError> {
    let hidden: Vec<&Spanned<String>> = std::iter::once(&raw.expect)
        .chain(&raw.solution)
        .filter_map(|t| t.get_ref().tests.as_ref())
        .collect();
    if let Some(missing) = hidden.iter().find(|t| !dir.join(t.get_ref()).is_file()) {
        let message = format!(
            "test file `{}` not found next to exercise.toml",
            missing.get_ref()
        );
        return Err(site.spanned(missing, message));
    }
    let excluded: Vec<&str> = hidden.iter().map(|t| t.get_ref().as_str()).collect();
    source::collect(dir, &excluded).map_err(|e| site.at(None, e.to_string()))
}

/// toml's message, with the "expected one of" hint kept and the source excerpt dropped.
fn toml_message(e: &toml::de::Error) -> String {
    e.message().trim().replace('\n', " ")
}

/// Parses `1.80` or `1.80.1`.
pub(crate) fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().split('.').map(str::parse::<u32>);
    let major = parts.next()?.ok()?;
    let minor = parts.next()?.ok()?;
    let patch = match parts.next() {
        Some(p) => p.ok()?,
        None => 0,
    };
    parts.next().is_none().then_some((major, minor, patch))
}

/// Rules serde cannot express.
fn validate(site: &ErrorSite<'_>, raw: &ExerciseToml) -> Result<(), ConfigError> {
    if let Some(deps) = &raw.dependencies {
        validate_dependencies(site, deps)?;
    }
    if raw.title.trim().is_empty() {
        return Err(site.at(Some(0), "`title` is empty: write one line naming the idea"));
    }
    validate_expectation(site, &raw.expect, "expect")?;
    if let Some(solution) = &raw.solution {
        validate_expectation(site, solution, "solution")?;
    }
    for table in std::iter::once(&raw.expect).chain(&raw.solution) {
        let exp = table.get_ref();
        if raw.crate_type == CrateType::Lib && exp.outcome.runs() {
            return Err(site.spanned(
                table,
                format!(
                    "outcome `{}` runs a program, which needs crate-type = \"bin\"",
                    exp.outcome.as_str()
                ),
            ));
        }
    }
    Ok(())
}

/// Keys a dependency may set: registry crates only, so a build needs nothing but the
/// registry and never reads the machine's files.
const DEPENDENCY_KEYS: &[&str] = &["version", "features", "default-features", "package"];

fn validate_dependencies(
    site: &ErrorSite<'_>,
    deps: &Spanned<toml::Table>,
) -> Result<(), ConfigError> {
    match dependency_problem(deps.get_ref()) {
        Some(problem) => Err(site.spanned(deps, problem)),
        None => Ok(()),
    }
}

/// What is wrong with a `[dependencies]` table, if anything: only registry crates, each a
/// version or a table of `version`, `features`, `default-features` and `package`.
pub(crate) fn dependency_problem(deps: &toml::Table) -> Option<String> {
    for (name, value) in deps {
        let bad = match value {
            toml::Value::String(_) => None,
            toml::Value::Table(t) => t
                .keys()
                .find(|k| !DEPENDENCY_KEYS.contains(&k.as_str()))
                .cloned(),
            _ => Some(String::new()),
        };
        if let Some(key) = bad {
            let what = if key.is_empty() {
                "a value".to_owned()
            } else {
                format!("`{key}`")
            };
            return Some(format!(
                "dependency `{name}` sets {what}: write a version (`{name} = \"1\"`) or a table with version, features, default-features or package; path and git dependencies are not allowed"
            ));
        }
    }
    None
}

fn validate_expectation(
    site: &ErrorSite<'_>,
    table: &Spanned<Expectation>,
    name: &str,
) -> Result<(), ConfigError> {
    let exp = table.get_ref();
    if let Some(errors) = &exp.errors {
        validate_codes(site, errors)?;
    }
    for diag in &exp.diagnostics {
        validate_diagnostic(site, diag, exp.warnings)?;
    }
    validate_outcome(site, table, name)
}

fn validate_codes(site: &ErrorSite<'_>, errors: &Spanned<Vec<String>>) -> Result<(), ConfigError> {
    match errors.get_ref().iter().find(|c| !is_error_code(c)) {
        Some(bad) => Err(site.spanned(
            errors,
            format!(
                "`{bad}` is not an error code: write codes like \"E0382\"; expect lints with [[expect.diagnostic]] code = \"{bad}\""
            ),
        )),
        None => Ok(()),
    }
}

fn validate_diagnostic(
    site: &ErrorSite<'_>,
    diag: &Spanned<DiagnosticExpectation>,
    policy: WarningPolicy,
) -> Result<(), ConfigError> {
    let d = diag.get_ref();
    if d.code.is_none() && d.line.is_none() && d.message.is_none() && d.label.is_none() {
        return Err(site.spanned(
            diag,
            "[[expect.diagnostic]] sets none of `code`, `line`, `message`, `label`: set at least one",
        ));
    }
    if d.line == Some(0) {
        return Err(site.spanned(diag, "`line` is 1-based: the first line is 1"));
    }
    if policy == WarningPolicy::Forbid && d.level == ExpectedLevel::Warning {
        return Err(site.spanned(
            diag,
            "a warning is expected while warnings = \"forbid\": use warnings = \"exact\" to expect specific warnings",
        ));
    }
    Ok(())
}

fn validate_outcome(
    site: &ErrorSite<'_>,
    table: &Spanned<Expectation>,
    name: &str,
) -> Result<(), ConfigError> {
    let exp = table.get_ref();
    let expects_error = !exp.error_codes().is_empty()
        || exp
            .diagnostic_list()
            .any(|d| d.level == ExpectedLevel::Error);
    if exp.outcome == Outcome::CompileFail && !expects_error {
        return Err(site.spanned(
            table,
            format!(
                "[{name}] has outcome = \"compile-fail\" but names no error: add errors = [\"E....\"] or an [[{name}.diagnostic]] with the expected message"
            ),
        ));
    }
    if exp.outcome != Outcome::CompileFail && expects_error {
        return Err(site.spanned(
            table,
            format!(
                "[{name}] expects errors but its outcome is \"{}\": write outcome = \"compile-fail\"",
                exp.outcome.as_str()
            ),
        ));
    }
    validate_outcome_keys(site, exp, name)
}

fn validate_outcome_keys(
    site: &ErrorSite<'_>,
    exp: &Expectation,
    name: &str,
) -> Result<(), ConfigError> {
    if let Some(stdout) = &exp.stdout {
        if !exp.outcome.runs() {
            return Err(site.spanned(
                stdout,
                format!("[{name}].stdout needs a program run: write outcome = \"run-pass\" or \"run-fail\""),
            ));
        }
    }
    if let Some(tests) = &exp.tests {
        if !exp.outcome.uses_harness() {
            return Err(site.spanned(
                tests,
                format!("[{name}].tests needs the test harness: write outcome = \"test-pass\" or \"test-fail\""),
            ));
        }
        let file = tests.get_ref();
        if !file.ends_with(".rs") || file.contains('/') || file == SOLUTION_FILE {
            return Err(site.spanned(
                tests,
                format!(
                    "[{name}].tests must name a .rs file next to exercise.toml, like \"tests.rs\""
                ),
            ));
        }
    }
    Ok(())
}

/// `E` followed by four digits.
pub(crate) fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 6), (2, 1));
        assert_eq!(line_col(text, 9), (2, 4));
    }

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("1.80"), Some((1, 80, 0)));
        assert_eq!(parse_version("1.80.1"), Some((1, 80, 1)));
        assert_eq!(parse_version("1"), None);
        assert_eq!(parse_version("1.x"), None);
        assert_eq!(parse_version("1.2.3.4"), None);
    }

    #[test]
    fn error_codes_are_recognised() {
        assert!(is_error_code("E0382"));
        assert!(!is_error_code("E382"));
        assert!(!is_error_code("unused_variables"));
    }
}
