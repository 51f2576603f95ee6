//! An exercise: what is checked (the snippet and its sources, the expectations, the
//! settings) apart from where it comes from (`Source`: an exercise directory, or a
//! Markdown block), and its loading from a directory's `exercise.toml`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

use crate::model::annotation::expect as annotated;
use crate::model::auxiliary::Auxiliary;
use crate::model::expectation::{CodeRule, Expectation};
use crate::model::linemap::LineMap;
use crate::model::manifest::{self, ConfigError, CrateType, Edition, ErrorSite, ExerciseToml};
use crate::model::source::{self, SourceFile, EXERCISE_FILE, SNAPSHOT_FILE, SOLUTION_FILE};
use crate::model::suite::SuiteCase;

/// Where an exercise comes from.
#[derive(Debug, Clone)]
pub(crate) enum Source {
    /// A directory with an `exercise.toml`, as reached from the path the user gave.
    Directory(PathBuf),
    /// A Markdown code block.
    Block {
        /// `FILE.md:LINE`, the file as reached from the path the user gave.
        at: PathBuf,
        /// Where each line of the generated snippet comes from, so every diagnostic and
        /// location is reported at the Markdown line.
        map: LineMap,
    },
}

/// A loaded, validated exercise.
#[derive(Debug, Clone)]
pub(crate) struct Exercise {
    /// Where it comes from.
    pub(crate) source: Source,
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
    /// Whether `exercise.toml` has a `[solution]` table: `check` then must prove it with
    /// `solution.rs`, and a missing one is an error, never a pass.
    pub(crate) solution_declared: bool,
    /// `expected.stderr`, when present.
    pub(crate) snapshot_file: Option<PathBuf>,
    /// Crates the snippet uses, in Cargo's syntax.
    pub(crate) dependencies: Option<toml::Table>,
    /// `allow-unsafe = true`: submissions may use `unsafe` (exercises that teach it).
    pub(crate) allow_unsafe: bool,
    /// A case of a trybuild suite: judged as trybuild judges it.
    pub(crate) suite_case: Option<Arc<SuiteCase>>,
    /// An annotated file's auxiliary crates, built before it.
    pub(crate) auxiliary: Option<Arc<Auxiliary>>,
    /// Environment variables rustc gets (an annotated file's `rustc-env`).
    pub(crate) rustc_env: Vec<(String, String)>,
    /// An annotated file's `normalize-stderr` rules for its `.stderr`, in order, those of
    /// this machine's pointer width.
    pub(crate) stderr_rules: Vec<StderrRule>,
}

/// One `normalize-stderr` rule, its regular expression compiled.
#[derive(Debug, Clone)]
pub(crate) struct StderrRule {
    /// What is replaced.
    pub(crate) pattern: regex::Regex,
    /// What replaces it (`$1` names a group).
    pub(crate) to: String,
}

impl Exercise {
    /// What reports call it: the directory, or `FILE.md:LINE` for a Markdown block.
    pub(crate) fn dir(&self) -> &Path {
        match &self.source {
            Source::Directory(dir) => dir,
            Source::Block { at, .. } => at,
        }
    }

    /// A Markdown block's line map; `None` for an exercise directory.
    pub(crate) fn line_map(&self) -> Option<&LineMap> {
        match &self.source {
            Source::Directory(_) => None,
            Source::Block { map, .. } => Some(map),
        }
    }

    /// Whether it is an annotated `.rs` file of its own (README, "Inline annotations"),
    /// not an exercise directory or a Markdown block.
    pub(crate) fn is_annotated_file(&self) -> bool {
        self.expect.codes == CodeRule::Annotated && self.line_map().is_none()
    }

    /// The file reports name for the snippet: the Markdown file of a code block (as the
    /// user reached it), else the snippet's own file name.
    pub(crate) fn shown_file(&self) -> &str {
        self.line_map()
            .and_then(|map| map.files.first())
            .map_or(&self.file, String::as_str)
    }
}

impl Exercise {
    /// An exercise of the single file `file` (read from `abs`, or `text` when given) with
    /// no `[solution]`: an annotated file, a Markdown block or a trybuild case. It expects
    /// nothing yet, is a binary of the default edition worth one point, and runs confined
    /// as it; each kind then sets what it decides.
    pub(crate) fn of_one_file(
        source: Source,
        name: String,
        title: String,
        file: String,
        abs: PathBuf,
        text: Option<String>,
    ) -> Exercise {
        Exercise {
            source,
            name,
            title,
            hint: String::new(),
            edition: Edition::default(),
            crate_type: CrateType::Bin,
            sources: vec![SourceFile {
                rel: PathBuf::from(&file),
                abs,
                text,
            }],
            file,
            rustc_args: Vec::new(),
            points: 1,
            rust_version: None,
            expect: Expectation::default(),
            solution: Expectation::default(),
            solution_file: None,
            solution_declared: false,
            snapshot_file: None,
            dependencies: None,
            allow_unsafe: false,
            suite_case: None,
            auxiliary: None,
            rustc_env: Vec::new(),
            stderr_rules: Vec::new(),
        }
    }

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
        let raw = manifest::parse(&site)?;
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
            Some(v) => Some(manifest::parse_version(v.get_ref()).ok_or_else(|| {
                site.spanned(v, "rust-version must look like \"1.80\" or \"1.80.1\"")
            })?),
            None => None,
        };
        let name = dir.file_name().map_or_else(
            || "exercise".to_owned(),
            |n| n.to_string_lossy().into_owned(),
        );
        let optional = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
        let dependencies = match raw.dependencies {
            Some(deps) => {
                let start = deps.span().start;
                let mut table = deps.into_inner();
                manifest::resolve_paths(&mut table, dir).map_err(|m| site.at(Some(start), m))?;
                Some(table).filter(|t| !t.is_empty())
            }
            None => None,
        };
        // Inline annotations in the shipped snippet add to `[expect]`.
        let mut expect = raw.expect.into_inner();
        let snippet = dir.join(&file);
        if let Ok(text) = std::fs::read_to_string(&snippet) {
            expect
                .diagnostics
                .extend(annotated::snippet_expectations(&snippet, &text)?);
        }
        Ok(Exercise {
            source: Source::Directory(dir.to_path_buf()),
            name,
            title: raw.title,
            hint: raw.hint,
            edition: raw.edition,
            crate_type: raw.crate_type,
            file,
            rustc_args: raw.rustc_args,
            points: raw.points,
            rust_version,
            expect,
            solution_declared: raw.solution.is_some(),
            solution: raw.solution.map(Spanned::into_inner).unwrap_or_default(),
            sources,
            solution_file: optional(SOLUTION_FILE),
            snapshot_file: optional(SNAPSHOT_FILE),
            dependencies,
            allow_unsafe: raw.allow_unsafe,
            suite_case: None,
            auxiliary: None,
            rustc_env: Vec::new(),
            stderr_rules: Vec::new(),
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
