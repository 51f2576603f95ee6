//! Raw command-line flags turned into a validated run configuration before any work starts.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{ColorChoice, Format, GradeArgs, RunArgs, RunOptions};
use crate::discover::Partition;
use crate::progress;

/// Where exercises are looked for when no PATH is given.
pub(crate) const DEFAULT_PATH: &str = "exercises";
/// Bytes of a program's stdout and stderr kept (SPEC §5).
pub(crate) const PROGRAM_OUTPUT_CAP: usize = 1024 * 1024;
/// The file GitHub Actions renders as the job summary.
pub(crate) const STEP_SUMMARY_ENV: &str = "GITHUB_STEP_SUMMARY";

/// How much the human report prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Verbosity {
    /// Failures and the summary.
    Quiet,
    /// A line per exercise, details for failures.
    Normal,
    /// Also skipped exercises, every check, timings.
    Verbose,
}

impl Verbosity {
    /// From `--quiet` and `--verbose`.
    fn new(quiet: bool, verbose: bool) -> Verbosity {
        match (quiet, verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        }
    }
}

/// A validated `check` / `bless` run.
#[derive(Debug, Clone)]
pub(crate) struct RunConfig {
    /// Paths to search for exercises.
    pub(crate) paths: Vec<PathBuf>,
    /// Worker threads.
    pub(crate) jobs: usize,
    /// `--filter`.
    pub(crate) filter: Option<String>,
    /// `--partition`.
    pub(crate) partition: Option<Partition>,
    /// `--toolchain`.
    pub(crate) toolchain: Option<String>,
    /// Timeout for rustc and programs.
    pub(crate) timeout: Duration,
    /// Report format.
    pub(crate) format: Format,
    /// `--output`: the report goes to this file, the human report to the terminal.
    pub(crate) output: Option<PathBuf>,
    /// `--junit`: a JUnit report also goes to this file.
    pub(crate) junit: Option<PathBuf>,
    /// `$GITHUB_STEP_SUMMARY`, where the github format appends its markdown summary.
    pub(crate) step_summary: Option<PathBuf>,
    /// How progress is shown on stderr.
    pub(crate) progress: progress::Mode,
    /// Whether the human report uses colour.
    pub(crate) color: bool,
    /// How much the human report prints.
    pub(crate) verbosity: Verbosity,
    /// Write snapshots instead of comparing them.
    pub(crate) bless: bool,
    /// The cache directory; `None` when caching is off.
    pub(crate) cache_dir: Option<PathBuf>,
    /// Whether compile-only snippets may share a rustc.
    pub(crate) batch: bool,
    /// Where dependency sets are built (also with the result cache off).
    pub(crate) deps_dir: Option<PathBuf>,
    /// Pass `--offline` to cargo.
    pub(crate) offline: bool,
}

impl RunConfig {
    /// Validates the flags of `check` and `bless`.
    pub(crate) fn new(args: RunArgs, bless: bool) -> Result<RunConfig, String> {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(DEFAULT_PATH)]
        } else {
            args.paths
        };
        RunConfig::from_options(paths, args.options, bless)
    }

    /// Validates the options shared by `check`, `bless` and `grade`.
    fn from_options(
        paths: Vec<PathBuf>,
        args: RunOptions,
        bless: bool,
    ) -> Result<RunConfig, String> {
        if !(args.timeout.is_finite() && args.timeout > 0.0) {
            return Err(format!(
                "--timeout must be a positive number of seconds, not {}",
                args.timeout
            ));
        }
        if args.jobs == Some(0) {
            return Err("--jobs must be at least 1".into());
        }
        let jobs = args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        for file in args.output.iter().chain(&args.junit) {
            check_output(file)?;
        }
        let human_to_file = args.output.is_some() && args.format == Format::Human;
        let no_cache = args.no_cache
            || std::env::var_os("SNIPCHECK_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
        let root = crate::cache::default_dir(args.cache_dir);
        let deps_dir = root.as_ref().map(|r| r.join(crate::deps::DIR));
        Ok(RunConfig {
            cache_dir: if no_cache { None } else { root },
            batch: !args.no_batch,
            deps_dir,
            offline: args.offline,
            paths,
            jobs,
            filter: args.filter,
            partition: args.partition,
            toolchain: args.toolchain,
            timeout: Duration::from_secs_f64(args.timeout),
            format: args.format,
            step_summary: step_summary(args.format),
            output: args.output,
            junit: args.junit,
            progress: progress::Mode::detect(args.quiet, args.verbose),
            color: if human_to_file {
                args.color == ColorChoice::Always
            } else {
                use_color(args.color)
            },
            verbosity: Verbosity::new(args.quiet, args.verbose),
            bless,
        })
    }
}

/// `--output FILE` must be creatable: its directory exists and it is not a directory.
fn check_output(path: &Path) -> Result<(), String> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if parent.is_some_and(|p| !p.is_dir()) || path.is_dir() {
        return Err(format!(
            "--output {}: not a file in an existing directory",
            path.display()
        ));
    }
    Ok(())
}

/// Where the github format writes its job summary, when GitHub Actions says so.
fn step_summary(format: Format) -> Option<PathBuf> {
    let path = std::env::var_os(STEP_SUMMARY_ENV).filter(|v| !v.is_empty())?;
    (format == Format::Github).then(|| PathBuf::from(path))
}

/// What `grade` grades.
#[derive(Debug, Clone)]
pub(crate) enum Submissions {
    /// `--submission DIR`: one submission.
    One(PathBuf),
    /// `--submissions DIR`: every sub-directory is one.
    Many(PathBuf),
}

/// A validated `grade` run.
#[derive(Debug, Clone)]
pub(crate) struct GradeConfig {
    /// The shared options; `paths` holds the exercises root.
    pub(crate) run: RunConfig,
    /// `--exercises`.
    pub(crate) exercises: PathBuf,
    /// `--submission` or `--submissions`.
    pub(crate) submissions: Submissions,
    /// `--hidden`.
    pub(crate) hidden: Option<PathBuf>,
}

impl GradeConfig {
    /// Validates the flags of `grade`.
    pub(crate) fn new(args: GradeArgs) -> Result<GradeConfig, String> {
        let submissions = match (args.submission, args.submissions) {
            (Some(dir), None) => Submissions::One(existing_dir("--submission", dir)?),
            (None, Some(dir)) => Submissions::Many(existing_dir("--submissions", dir)?),
            _ => return Err("give either --submission DIR or --submissions DIR".into()),
        };
        if matches!(submissions, Submissions::Many(_)) && args.options.format == Format::Exercism {
            return Err("--format exercism describes one submission: use it with --submission DIR, or use --format json for --submissions".into());
        }
        let hidden = match args.hidden {
            Some(dir) => Some(existing_dir("--hidden", dir)?),
            None => None,
        };
        let run = RunConfig::from_options(vec![args.exercises.clone()], args.options, false)?;
        Ok(GradeConfig {
            run,
            exercises: args.exercises,
            submissions,
            hidden,
        })
    }
}

fn existing_dir(flag: &str, dir: PathBuf) -> Result<PathBuf, String> {
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(format!("{flag} {}: no such directory", dir.display()))
    }
}

/// Colour on a terminal unless NO_COLOR is set; never in a pipe unless forced.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
