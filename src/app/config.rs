//! Raw command-line flags turned into a validated run configuration before any work starts.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{bail, Context as _};

use crate::app::cli::{
    BlessArgs, CheckArgs, ColorChoice, DocArgs, GradeArgs, LearnArgs, MergeArgs, PackageArgs,
    ReportArgs, RunArgs, RunOptions,
};
use crate::app::progress;
use crate::compile::deps::{self, package::Features};
use crate::engine::cache;
use crate::grade::{Class, Submissions};
use crate::learn::LearnConfig;
use crate::model::discover::{Partition, DEFAULT_PATH};
use crate::model::docs;
use crate::model::manifest::Edition;
use crate::report::sinks::Destinations;
use crate::report::{Format, Reveal, Settings, Verbosity};

/// The file GitHub Actions renders as the job summary.
pub(crate) const STEP_SUMMARY_ENV: &str = "GITHUB_STEP_SUMMARY";

/// `--quiet` and `--verbose` as a verbosity.
fn verbosity(quiet: bool, verbose: bool) -> Verbosity {
    match (quiet, verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
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
    /// Timeout of each hidden test.
    pub(crate) test_timeout: Duration,
    /// Where the reports go.
    pub(crate) to: Destinations,
    /// What the reporters are told.
    pub(crate) report: Settings,
    /// How progress is shown on stderr.
    pub(crate) progress: progress::Mode,
    /// Write snapshots instead of comparing them.
    pub(crate) bless: bool,
    /// `bless --annotations`: rewrite inline annotations (and compare snapshots).
    pub(crate) annotations: bool,
    /// The cache directory; `None` when caching is off.
    pub(crate) cache_dir: Option<PathBuf>,
    /// Whether compile-only snippets may share a rustc.
    pub(crate) batch: bool,
    /// Where dependency sets are built (also with the result cache off).
    pub(crate) deps_dir: Option<PathBuf>,
    /// The cache directory, also with the result cache off: dependency sets and the
    /// remembered toolchain lookup live there.
    pub(crate) cache_root: Option<PathBuf>,
    /// Pass `--offline` to cargo.
    pub(crate) offline: bool,
    /// Whether snippets may use the Cargo package around the first path, and with which
    /// features; `None` with `--no-package`, and always for `grade`.
    pub(crate) package: Option<Features>,
    /// `check --audit`: lazy answers are tried against every `[solution]` too.
    pub(crate) audit: bool,
}

/// `--features`, `--no-default-features` and `--no-package`.
fn package_choice(args: &PackageArgs) -> Option<Features> {
    (!args.no_package).then(|| Features {
        named: args
            .features
            .iter()
            .flat_map(|f| f.split_whitespace())
            .map(str::to_owned)
            .collect(),
        no_default: args.no_default_features,
    })
}

impl RunConfig {
    /// Validates the flags of `check` and `bless`.
    pub(crate) fn new(args: RunArgs, bless: bool) -> anyhow::Result<RunConfig> {
        // In a Cargo package without an `exercises` directory, the package itself: its
        // trybuild suites, and any exercises below it.
        let in_package = !Path::new(DEFAULT_PATH).exists() && Path::new("Cargo.toml").is_file();
        let paths = match (args.paths.is_empty(), in_package) {
            (true, true) => vec![PathBuf::from(".")],
            (true, false) => vec![PathBuf::from(DEFAULT_PATH)],
            (false, _) => args.paths,
        };
        let mut config = RunConfig::from_options(paths, args.options, bless)?;
        config.package = package_choice(&args.package);
        Ok(config)
    }

    /// Validates the flags of `bless`: `--annotations` rewrites annotations instead of
    /// writing snapshots.
    pub(crate) fn bless(args: BlessArgs) -> anyhow::Result<RunConfig> {
        Ok(RunConfig {
            annotations: args.annotations,
            ..RunConfig::new(args.run, !args.annotations)?
        })
    }

    /// Validates the flags of `check`.
    pub(crate) fn check(args: CheckArgs) -> anyhow::Result<RunConfig> {
        Ok(RunConfig {
            audit: args.audit,
            ..RunConfig::new(args.run, false)?
        })
    }

    /// Validates the options shared by `check`, `bless` and `grade`.
    fn from_options(
        paths: Vec<PathBuf>,
        args: RunOptions,
        bless: bool,
    ) -> anyhow::Result<RunConfig> {
        let timeout = timeout(args.timeout)?;
        let test_timeout = match args.test_timeout {
            Some(secs) => positive_seconds("--test-timeout", secs)?,
            None => timeout,
        };
        if args.jobs == Some(0) {
            bail!("--jobs must be at least 1");
        }
        let jobs = args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
        let (to, report) = report_options(args.report)?;
        let progress = progress::Mode::detect(
            report.verbosity == Verbosity::Quiet,
            report.verbosity == Verbosity::Verbose,
        );
        let no_cache = args.no_cache
            || std::env::var_os("SNIPCHECK_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0");
        let root = cache::default_dir(args.cache_dir);
        let deps_dir = root.as_ref().map(|r| r.join(deps::DIR));
        Ok(RunConfig {
            cache_dir: if no_cache { None } else { root.clone() },
            batch: !args.no_batch,
            deps_dir,
            cache_root: root,
            offline: args.offline,
            paths,
            jobs,
            filter: args.filter,
            partition: args.partition,
            toolchain: args.toolchain,
            timeout,
            test_timeout,
            report,
            to,
            progress,
            bless,
            annotations: false,
            package: None,
            audit: false,
        })
    }
}

/// A validated `doc` run.
#[derive(Debug, Clone)]
pub(crate) struct DocConfig {
    /// The shared options; `paths` holds the Markdown files and directories.
    pub(crate) run: RunConfig,
    /// `--edition`.
    pub(crate) edition: Option<Edition>,
    /// `--exact-codes`.
    pub(crate) exact_codes: bool,
    /// `--deps FILE`, read: the crates every block may use.
    pub(crate) deps: Option<toml::Table>,
    /// `--watch`.
    pub(crate) watch: bool,
}

impl DocConfig {
    /// Validates the flags of `doc`.
    pub(crate) fn new(args: DocArgs) -> anyhow::Result<DocConfig> {
        let edition = match args.edition.as_deref() {
            Some(year) => Some(
                Edition::from_year(year)
                    .with_context(|| format!("--edition {year}: write 2015, 2018, 2021 or 2024"))?,
            ),
            None => None,
        };
        let deps = match &args.deps {
            Some(file) => {
                let table = docs::read_deps(file).map_err(|e| anyhow::anyhow!("--deps {e}"))?;
                Some(table.unwrap_or_default())
            }
            None => None,
        };
        Ok(DocConfig {
            run: RunConfig {
                package: package_choice(&args.package),
                ..RunConfig::from_options(args.paths, args.options, false)?
            },
            edition,
            exact_codes: args.exact_codes,
            deps,
            watch: args.watch,
        })
    }
}

/// Whether the human report uses colour: as `--color` says, but with `auto` never in a file.
fn report_color(choice: ColorChoice, format: Format, to_file: bool) -> bool {
    if to_file && format == Format::Human {
        choice == ColorChoice::Always
    } else {
        use_color(choice)
    }
}

/// A validated `merge`.
#[derive(Debug, Clone)]
pub(crate) struct MergeConfig {
    /// The shards' JSON reports.
    pub(crate) files: Vec<PathBuf>,
    /// Where the reports go.
    pub(crate) to: Destinations,
    /// What the reporters are told.
    pub(crate) report: Settings,
}

impl MergeConfig {
    /// Validates the flags of `merge`.
    pub(crate) fn new(args: MergeArgs) -> anyhow::Result<MergeConfig> {
        let (to, report) = report_options(args.report)?;
        Ok(MergeConfig {
            files: args.files,
            to,
            report,
        })
    }
}

/// Validates the report's options: where it goes (`--output` and `--junit` must be
/// creatable) and what reporters are told.
fn report_options(args: ReportArgs) -> anyhow::Result<(Destinations, Settings)> {
    for file in args.output.iter().chain(&args.junit) {
        check_output(file)?;
    }
    let settings = Settings {
        color: report_color(args.color, args.format, args.output.is_some()),
        verbosity: verbosity(args.quiet, args.verbose),
        step_summary: step_summary(args.format),
        run: None,
        reveal: Reveal::Full,
    };
    let to = Destinations {
        format: args.format,
        output: args.output,
        junit: args.junit,
    };
    Ok((to, settings))
}

/// `--timeout SECS` as a duration: a positive, finite number of seconds.
fn timeout(secs: f64) -> anyhow::Result<Duration> {
    positive_seconds("--timeout", secs)
}

/// `flag SECS` as a duration: a positive, finite number of seconds.
fn positive_seconds(flag: &str, secs: f64) -> anyhow::Result<Duration> {
    if !(secs.is_finite() && secs > 0.0) {
        bail!("{flag} must be a positive number of seconds, not {secs}");
    }
    Ok(Duration::from_secs_f64(secs))
}

/// `--output FILE` must be creatable: its directory exists and it is not a directory.
fn check_output(path: &Path) -> anyhow::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
    if parent.is_some_and(|p| !p.is_dir()) || path.is_dir() {
        bail!(
            "--output {}: not a file in an existing directory",
            path.display()
        );
    }
    Ok(())
}

/// Where the github format writes its job summary, when GitHub Actions says so.
fn step_summary(format: Format) -> Option<PathBuf> {
    let path = std::env::var_os(STEP_SUMMARY_ENV).filter(|v| !v.is_empty())?;
    (format == Format::Github).then(|| PathBuf::from(path))
}

/// A validated `grade` run.
#[derive(Debug, Clone)]
pub(crate) struct GradeConfig {
    /// The shared options; `paths` holds the exercises root.
    pub(crate) run: RunConfig,
    /// What is graded.
    pub(crate) class: Class,
    /// `--allow-unconfined`.
    pub(crate) allow_unconfined: bool,
}

impl GradeConfig {
    /// Validates the flags of `grade`.
    pub(crate) fn new(args: GradeArgs) -> anyhow::Result<GradeConfig> {
        let submissions = match (args.submission, args.submissions) {
            (Some(dir), None) => Submissions::One(existing_dir("--submission", dir)?),
            (None, Some(dir)) => Submissions::Many(existing_dir("--submissions", dir)?),
            _ => bail!("give either --submission DIR or --submissions DIR"),
        };
        if matches!(submissions, Submissions::Many(_))
            && args.options.report.format == Format::Exercism
        {
            bail!("--format exercism describes one submission: use it with --submission DIR, or use --format json for --submissions");
        }
        let hidden = match args.hidden {
            Some(dir) => Some(existing_dir("--hidden", dir)?),
            None => None,
        };
        let allow_unconfined = args.allow_unconfined;
        let mut run = RunConfig::from_options(vec![args.exercises.clone()], args.options, false)?;
        run.report.reveal = args.reveal;
        let class = Class {
            exercises: args.exercises,
            submissions,
            hidden,
            filter: run.filter.clone(),
            partition: run.partition,
        };
        Ok(GradeConfig {
            run,
            class,
            allow_unconfined,
        })
    }
}

fn existing_dir(flag: &str, dir: PathBuf) -> anyhow::Result<PathBuf> {
    if !dir.is_dir() {
        bail!("{flag} {}: no such directory", dir.display());
    }
    Ok(dir)
}

/// Validates the flags of `learn`.
pub(crate) fn learn(args: LearnArgs) -> anyhow::Result<LearnConfig> {
    Ok(LearnConfig {
        timeout: timeout(args.timeout)?,
        path: args.path,
        once: args.once,
        color: use_color(args.color),
        toolchain: args.toolchain,
    })
}

/// The cache directory of `cache stats|clear`.
pub(crate) fn cache_dir(flag: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    cache::default_dir(flag).context("no cache directory: set --cache-dir or SNIPCHECK_CACHE_DIR")
}

/// Colour on a terminal that shows it unless NO_COLOR is set; never in a pipe unless
/// forced. (Asking the terminal switches a Windows console to escape codes.)
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => {
            crate::learn::shows_ansi();
            true
        }
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
                && crate::learn::shows_ansi()
        }
    }
}
