//! `exercise.toml` as written: the serde model, the settings it shares with Markdown
//! blocks (edition, crate type), the rules serde cannot express, and the error a
//! malformed file gets (always with file, line and column).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::model::expectation::{
    is_error_code, DiagnosticExpectation, Expectation, ExpectedLevel, Outcome, WarningPolicy,
};
use crate::model::linemap::line_col;
use crate::model::source::{EXERCISE_FILE, SOLUTION_FILE};

/// `exercise.toml` as written by an author.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ExerciseToml {
    /// One line naming the idea the exercise teaches.
    pub(crate) title: String,
    /// Tags: concept names and the error codes involved.
    #[serde(default)]
    #[expect(
        dead_code,
        reason = "part of the format; no command of this version reads it"
    )]
    pub(crate) concepts: Vec<String>,
    /// What a stuck learner reads: why the compiler refuses, then how to fix it.
    #[serde(default)]
    pub(crate) hint: String,
    /// Rust edition passed to rustc.
    #[serde(default)]
    pub(crate) edition: Edition,
    /// `bin` (needs `main`) or `lib`.
    #[serde(default)]
    pub(crate) crate_type: CrateType,
    /// The snippet the learner edits, relative to the exercise directory.
    pub(crate) file: Option<Spanned<String>>,
    /// Extra arguments appended to every rustc command line.
    #[serde(default)]
    pub(crate) rustc_args: Vec<String>,
    /// Weight of the exercise when grading.
    #[serde(default = "default_points")]
    pub(crate) points: u32,
    /// Oldest rustc the exercise is written for, e.g. `"1.80"`.
    pub(crate) rust_version: Option<Spanned<String>>,
    /// Crates the snippet uses, built once per distinct table.
    pub(crate) dependencies: Option<Spanned<toml::Table>>,
    /// Whether graded submissions may use `unsafe` (otherwise `-F unsafe_code`).
    #[serde(default)]
    pub(crate) allow_unsafe: bool,
    /// What the shipped snippet must produce.
    pub(crate) expect: Spanned<Expectation>,
    /// What a fixed snippet must achieve; defaults to `outcome = "compile-pass"`.
    pub(crate) solution: Option<Spanned<Expectation>>,
}

fn default_points() -> u32 {
    1
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
pub(crate) struct ErrorSite<'a> {
    /// The file.
    pub(crate) file: &'a Path,
    /// Its text.
    pub(crate) text: &'a str,
}

impl ErrorSite<'_> {
    /// An error at byte `offset` (or at no place).
    pub(crate) fn at(&self, offset: Option<usize>, message: impl Into<String>) -> ConfigError {
        ConfigError {
            file: self.file.to_path_buf(),
            position: offset.map(|o| line_col(self.text, o)),
            message: message.into(),
        }
    }

    /// An error where `span` starts.
    pub(crate) fn spanned<T>(&self, span: &Spanned<T>, message: impl Into<String>) -> ConfigError {
        self.at(Some(span.span().start), message)
    }
}

/// Parses `site`'s text as `exercise.toml` and checks the rules serde cannot express.
pub(crate) fn parse(site: &ErrorSite<'_>) -> Result<ExerciseToml, ConfigError> {
    let raw: ExerciseToml = toml::from_str(site.text)
        .map_err(|e| site.at(e.span().map(|s| s.start), toml_message(&e, site.text)))?;
    validate(site, &raw)?;
    Ok(raw)
}

/// toml's message, with the "expected one of" hint kept and the source excerpt dropped; a
/// duplicate key or table is named, since toml's message says only "duplicate key".
pub(crate) fn toml_message(e: &toml::de::Error, text: &str) -> String {
    let message = e.message().trim().replace('\n', " ");
    let key = e.span().and_then(|span| text.get(span)).map(str::trim);
    match key {
        Some(key) if message == "duplicate key" && !key.is_empty() => {
            let table = text.lines().any(|l| l.trim() == format!("[{key}]"));
            if table {
                format!("duplicate table `[{key}]`: an exercise.toml has one; merge the two")
            } else {
                format!("duplicate key `{key}`: give it once")
            }
        }
        _ => message,
    }
}
/// The points `exercise.toml` in `dir` gives, read leniently: a malformed exercise keeps
/// its weight in a grade's maximum, so a student never reads a broken exercise's points as
/// full marks. The default, 1, when the file gives none or cannot be read as TOML at all.
pub(crate) fn declared_points(dir: &Path) -> u32 {
    std::fs::read_to_string(dir.join(EXERCISE_FILE))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| table.get("points")?.as_integer())
        .and_then(|points| u32::try_from(points).ok())
        .unwrap_or_else(default_points)
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
const DEPENDENCY_KEYS: &[&str] = &["version", "features", "default-features", "package", "path"];

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
                "dependency `{name}` sets {what}: write a version (`{name} = \"1\"`) or a table with version, features, default-features, package or path (inside the repository); git dependencies are not allowed"
            ));
        }
    }
    None
}

/// Makes every `path` of `deps` absolute, from `base` (the directory of the file that
/// declares them: the crates are built in a package elsewhere), and refuses a path that
/// does not lead to a directory inside the repository: the nearest directory above `base`
/// holding `.git`, else the working directory.
pub(crate) fn resolve_paths(deps: &mut toml::Table, base: &Path) -> Result<(), String> {
    let repository = repository_of(base);
    for (name, value) in deps.iter_mut() {
        let Some(path) = value.get_mut("path") else {
            continue;
        };
        let Some(text) = path.as_str() else {
            return Err(format!("dependency `{name}`: `path` must be a string"));
        };
        let resolved = base.join(text).canonicalize().map_err(|e| {
            format!("dependency `{name}`: path `{text}` cannot be read ({e}): it must name a package's directory")
        })?;
        if !resolved.starts_with(&repository) {
            return Err(format!(
                "dependency `{name}`: path `{text}` leads outside the repository ({}): only packages inside it may be used",
                repository.display()
            ));
        }
        *path = toml::Value::String(resolved.display().to_string());
    }
    Ok(())
}

/// The repository `dir` is in: the nearest directory at or above it holding `.git`, else
/// the working directory.
fn repository_of(dir: &Path) -> PathBuf {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let git = dir.ancestors().find(|d| d.join(".git").exists());
    match git {
        Some(root) => root.to_path_buf(),
        None => std::env::current_dir()
            .and_then(|d| d.canonicalize())
            .unwrap_or(dir),
    }
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
    let Some(bad) = errors.get_ref().iter().find(|c| !is_error_code(c)) else {
        return Ok(());
    };
    let message = match short_code(bad) {
        Some(meant) => format!(
            "`{bad}` is not an error code: codes have four digits; write \"{meant}\""
        ),
        None => format!(
            "`{bad}` is not an error code: write codes like \"E0382\"; expect lints with [[expect.diagnostic]] code = \"{bad}\""
        ),
    };
    Err(site.spanned(errors, message))
}

/// `E308` (a code with its leading zeros left out) as the code meant, `E0308`.
fn short_code(code: &str) -> Option<String> {
    let digits = code.strip_prefix('E')?;
    let short = (1..4).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    short.then(|| format!("E{digits:0>4}"))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_error(text: &str) -> String {
        let site = ErrorSite {
            file: Path::new("exercise.toml"),
            text,
        };
        parse(&site).map(|_| ()).expect_err("malformed").to_string()
    }

    #[test]
    fn a_duplicate_table_is_named() {
        let twice = "title = \"t\"\n[expect]\noutcome = \"compile-pass\"\n[solution]\noutcome = \"run-pass\"\n[solution]\noutcome = \"run-pass\"\n";
        assert_eq!(
            parse_error(twice),
            "exercise.toml:6:2: duplicate table `[solution]`: an exercise.toml has one; merge the two"
        );
        let key = "title = \"t\"\ntitle = \"u\"\n[expect]\noutcome = \"compile-pass\"\n";
        assert!(
            parse_error(key).contains("duplicate key `title`: give it once"),
            "{}",
            parse_error(key)
        );
    }

    #[test]
    fn a_code_without_its_leading_zero_is_named_as_meant() {
        let toml = "title = \"t\"\n[expect]\noutcome = \"compile-fail\"\nerrors = [\"E308\"]\n";
        assert_eq!(
            parse_error(toml),
            "exercise.toml:4:10: `E308` is not an error code: codes have four digits; write \"E0308\""
        );
        let lint = toml.replace("E308", "unused");
        assert!(parse_error(&lint).contains("expect lints with [[expect.diagnostic]]"));
    }

    #[test]
    fn versions_parse() {
        assert_eq!(parse_version("1.80"), Some((1, 80, 0)));
        assert_eq!(parse_version("1.80.1"), Some((1, 80, 1)));
        assert_eq!(parse_version("1"), None);
        assert_eq!(parse_version("1.x"), None);
        assert_eq!(parse_version("1.2.3.4"), None);
    }
}
