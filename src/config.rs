//! Raw command-line flags turned into a validated run configuration before any work starts.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{ColorChoice, Format, RunArgs};
use crate::discover::Partition;

/// Where exercises are looked for when no PATH is given.
pub(crate) const DEFAULT_PATH: &str = "exercises";
/// Bytes of a program's stdout and stderr kept (SPEC §5).
pub(crate) const PROGRAM_OUTPUT_CAP: usize = 1024 * 1024;

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
    /// Validates the flags.
    pub(crate) fn new(args: RunArgs, bless: bool) -> Result<RunConfig, String> {
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
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from(DEFAULT_PATH)]
        } else {
            args.paths
        };
        let verbosity = match (args.quiet, args.verbose) {
            (true, _) => Verbosity::Quiet,
            (_, true) => Verbosity::Verbose,
            _ => Verbosity::Normal,
        };
        let no_cache = args.no_cache
            || std::env::var_os("SNIPCHECK_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
        let root = crate::cache::default_dir(args.cache_dir);
        let deps_dir = root.as_ref().map(|r| r.join("deps"));
        let cache_dir = if no_cache { None } else { root };
        Ok(RunConfig {
            deps_dir,
            offline: args.offline,
            cache_dir,
            batch: !args.no_batch,
            paths,
            jobs,
            filter: args.filter,
            partition: args.partition,
            toolchain: args.toolchain,
            timeout: Duration::from_secs_f64(args.timeout),
            format: args.format,
            color: use_color(args.color),
            verbosity,
            bless,
        })
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
