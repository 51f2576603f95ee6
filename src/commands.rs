//! What each subcommand does, from validated configuration to exit code.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::cache::{self, Cache, DEFAULT_CAP_BYTES};
use crate::check::Context;
use crate::cli::{CacheAction, Format};
use crate::config::Verbosity;
use crate::config::{GradeConfig, RunConfig, PROGRAM_OUTPUT_CAP};
use crate::deps::{self, Provenance};
use crate::discover::{self, Entry, Selection};
use crate::exit;
use crate::grade::{self, Event, GradeSummary};
use crate::progress::Progress;
use crate::report;
use crate::runner::{self, Prebuilts};
use crate::rustc::{self, Toolchain};
use crate::sandbox::{self, confine, Limits};
use crate::verdict::Summary;

/// `check` and `bless`.
pub(crate) fn check(config: &RunConfig) -> Result<u8, String> {
    let dirs = discover::find(&config.paths)?;
    let toolchain = Toolchain::detect(config.toolchain.as_deref());
    if let Err(why) = &toolchain {
        eprintln!("error: {why}");
    }
    let selection = Selection {
        filter: config.filter.clone(),
        partition: config.partition,
        release: toolchain.as_ref().ok().map(|t| t.release),
    };
    let entries = discover::select(dirs, &selection);
    warn_without_network_isolation(&entries);
    sandbox::handle_interrupts();
    let ctx = toolchain.map(|toolchain| context(config, toolchain));
    let reporter = |format| report::for_check(format, config);
    let mut sinks = Sinks::new(config, reporter, |h| Box::new(h))?;
    let runnable = entries
        .iter()
        .filter(|e| matches!(e, Entry::Run(_)))
        .count();
    let prebuilts = match &ctx {
        Ok(ctx) => prepare_dependencies(entries.iter(), &ctx.toolchain, config),
        Err(_) => Prebuilts::new(),
    };
    let cache = Cache::new(config.cache_dir.clone());
    let options = runner_options(config, &cache, &prebuilts);
    let mut progress = Progress::new(config.progress, runnable, "exercises");
    let summary = runner::run(
        &entries,
        ctx.as_ref().map_err(String::as_str),
        options,
        |result| {
            progress.advance();
            progress.suspend(|| sinks.each(|r, w| r.exercise(result, w)));
        },
    );
    progress.finish();
    cache.evict(DEFAULT_CAP_BYTES);
    sinks.each(|r, w| r.finish(&summary, w));
    sinks.close()?;
    Ok(exit_code(&summary))
}

/// `grade`.
pub(crate) fn grade(config: &GradeConfig) -> Result<u8, String> {
    let run = &config.run;
    let toolchain = Toolchain::detect(run.toolchain.as_deref())?;
    let plan = grade::plan(config, Some(toolchain.release))?;
    for warning in &plan.warnings {
        eprintln!("warning: {warning}");
    }
    warn_without_network_isolation(plan.entries());
    sandbox::handle_interrupts();
    let prebuilts = prepare_dependencies(plan.entries(), &toolchain, run);
    let cache = Cache::new(run.cache_dir.clone());
    let options = runner_options(run, &cache, &prebuilts);
    let ctx = context(run, toolchain);
    let reporter = |format| report::for_grade(format, run);
    let mut sinks = Sinks::new(run, reporter, |h| Box::new(h))?;
    let mut progress = Progress::new(run.progress, plan.size(), "exercises graded");
    let summary = grade::run(&plan, &ctx, options, |event| match event {
        Event::Graded => progress.advance(),
        Event::Student(student) => {
            progress.suspend(|| sinks.each(|r, w| r.student(student, w)));
        }
    });
    progress.finish();
    cache.evict(DEFAULT_CAP_BYTES);
    sinks.each(|r, w| r.totals(&summary, w));
    sinks.close()?;
    Ok(grade_exit_code(&summary))
}

fn runner_options<'a>(
    config: &RunConfig,
    cache: &'a Cache,
    prebuilts: &'a Prebuilts,
) -> runner::Options<'a> {
    runner::Options {
        jobs: config.jobs,
        batch: config.batch,
        cache,
        deps: prebuilts,
    }
}

fn context(config: &RunConfig, toolchain: Toolchain) -> Context {
    Context {
        toolchain,
        limits: Limits {
            timeout: config.timeout,
            output_cap: PROGRAM_OUTPUT_CAP,
        },
        bless: config.bless,
    }
}

/// Where the report goes: the `--format` reporter to stdout or to `--output`, and then
/// also the human report to the terminal.
struct Sinks<R: ?Sized> {
    sinks: Vec<Sink<R>>,
}

/// A reporter and the writer it renders to.
type Sink<R> = (Box<R>, PipeAware<Box<dyn Write>>);

impl<R: ?Sized> Sinks<R> {
    /// The `--format` reporter (`reporter(format)`), to `--output` or stdout; the human
    /// report to the terminal when the former goes to a file; and a JUnit report to
    /// `--junit`.
    fn new(
        config: &RunConfig,
        reporter: impl Fn(Format) -> Box<R>,
        boxed: impl FnOnce(report::human::Human) -> Box<R>,
    ) -> Result<Sinks<R>, String> {
        let out: Box<dyn Write> = match &config.output {
            Some(path) => Box::new(create(path)?),
            None => Box::new(io::stdout().lock()),
        };
        let mut sinks = vec![(reporter(config.format), PipeAware::new(out))];
        if let Some(human) = report::terminal_companion(config) {
            let stdout: Box<dyn Write> = Box::new(io::stdout().lock());
            sinks.push((boxed(human), PipeAware::new(stdout)));
        }
        if let Some(path) = &config.junit {
            let file: Box<dyn Write> = Box::new(create(path)?);
            sinks.push((reporter(Format::Junit), PipeAware::new(file)));
        }
        Ok(Sinks { sinks })
    }

    fn each(&mut self, mut f: impl FnMut(&mut R, &mut dyn Write) -> io::Result<()>) {
        for (reporter, out) in &mut self.sinks {
            out.write_with(|w| f(reporter, w));
        }
    }

    fn close(mut self) -> Result<(), String> {
        self.each(|_, w| w.flush());
        self.sinks.into_iter().try_for_each(|(_, out)| out.result())
    }
}

fn create(path: &Path) -> Result<BufWriter<File>, String> {
    let file = File::create(path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    Ok(BufWriter::new(file))
}

/// Exit code of `grade`: 2 for the grader's errors (a malformed exercise), 1 when a
/// submission did not pass (failed, missing, or could not be checked: a timeout, say).
fn grade_exit_code(summary: &GradeSummary) -> u8 {
    let c = &summary.counts;
    if sandbox::cancelled() {
        exit::INTERRUPTED
    } else if summary.invalid_exercises > 0 {
        exit::ERROR
    } else if c.failed + c.missing + c.errors > 0 {
        exit::FAILURE
    } else {
        exit::SUCCESS
    }
}

/// Builds every distinct `[dependencies]` table of the run (each at most once, ever).
fn prepare_dependencies<'e>(
    entries: impl IntoIterator<Item = &'e Entry>,
    toolchain: &Toolchain,
    config: &RunConfig,
) -> Prebuilts {
    let mut tables = std::collections::BTreeMap::new();
    for entry in entries {
        if let Entry::Run(ex) = entry {
            if let Some(table) = &ex.dependencies {
                tables.insert(deps::table_key(table), table.clone());
            }
        }
    }
    let mut prebuilts = Prebuilts::new();
    for (key, table) in tables {
        let names: Vec<&str> = table.keys().map(String::as_str).collect();
        let names = names.join(", ");
        let built = match &config.deps_dir {
            Some(root) => deps::prepare_telling(&table, toolchain, root, config.offline),
            None => Err(deps::NO_DIR.into()),
        };
        match &built {
            Ok((prebuilt, Provenance::Reused)) if config.verbosity == Verbosity::Verbose => {
                eprintln!(
                    "dependencies: {names}: reused from {}",
                    prebuilt.deps_dir.display()
                );
            }
            Ok((_, Provenance::Built(took))) => {
                eprintln!(
                    "dependencies: {names}: built in {:.1} s, reused from now on",
                    took.as_secs_f64()
                );
            }
            _ => {}
        }
        prebuilts.insert(key, built.map(|(prebuilt, _)| prebuilt));
    }
    prebuilts
}

/// `deps prefetch`: builds every dependency set below the paths, for CI caches and
/// offline classrooms.
pub(crate) fn prefetch(config: &RunConfig) -> Result<u8, String> {
    let dirs = discover::find(&config.paths)?;
    let toolchain = Toolchain::detect(config.toolchain.as_deref())?;
    let entries = discover::select(dirs, &Selection::default());
    let prebuilts = prepare_dependencies(entries.iter(), &toolchain, config);
    let mut failed = 0;
    for result in prebuilts.values() {
        match result {
            Ok(prebuilt) => println!("ready: {}", prebuilt.deps_dir.display()),
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    println!(
        "{} dependency sets ready, {failed} failed",
        prebuilts.len() - failed
    );
    Ok(if failed == 0 {
        exit::SUCCESS
    } else {
        exit::ERROR
    })
}

/// Programs run in a network namespace where the kernel allows one; say so when it does not.
fn warn_without_network_isolation<'a>(entries: impl IntoIterator<Item = &'a Entry>) {
    let runs_programs = entries.into_iter().any(|e| match e {
        Entry::Run(ex) => [&ex.expect, &ex.solution]
            .iter()
            .any(|x| x.outcome.runs() || x.outcome.uses_harness()),
        _ => false,
    });
    if runs_programs {
        if let Err(why) = confine::network_isolation() {
            eprintln!(
                "warning: programs run with network access: no network namespace here ({why})"
            );
        }
    }
}

fn exit_code(summary: &Summary) -> u8 {
    if sandbox::cancelled() {
        exit::INTERRUPTED
    } else if summary.errors > 0 {
        exit::ERROR
    } else if summary.failed > 0 {
        exit::FAILURE
    } else {
        exit::SUCCESS
    }
}

/// A writer that stops quietly once the reader went away (`snipcheck check | head`), and
/// remembers any other write error for the end.
struct PipeAware<W: Write> {
    inner: W,
    closed: bool,
    error: Option<io::Error>,
}

impl<W: Write> PipeAware<W> {
    fn new(inner: W) -> Self {
        PipeAware {
            inner,
            closed: false,
            error: None,
        }
    }

    fn write_with(&mut self, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) {
        if self.closed {
            return;
        }
        if let Err(e) = f(&mut self.inner) {
            self.closed = true;
            if e.kind() != io::ErrorKind::BrokenPipe {
                self.error = Some(e);
            }
        }
    }

    fn result(self) -> Result<(), String> {
        self.error
            .map_or(Ok(()), |e| Err(format!("cannot write the report: {e}")))
    }
}

/// `cache stats` and `cache clear`.
pub(crate) fn cache(action: CacheAction, dir: Option<std::path::PathBuf>) -> Result<u8, String> {
    let dir = cache::default_dir(dir)
        .ok_or("no cache directory: set --cache-dir or SNIPCHECK_CACHE_DIR")?;
    let cache = Cache::new(Some(dir.clone()));
    match action {
        CacheAction::Stats => {
            let stats = cache.stats();
            println!(
                "{}: {} entries, {:.1} MiB (trimmed to {} MiB after each run)",
                dir.display(),
                stats.entries,
                stats.bytes as f64 / (1024.0 * 1024.0),
                DEFAULT_CAP_BYTES >> 20
            );
        }
        CacheAction::Clear => {
            let removed = cache
                .clear()
                .map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
            println!("{}: removed {removed} entries", dir.display());
        }
    }
    Ok(exit::SUCCESS)
}

/// `explain CODE`.
pub(crate) fn explain(code: &str, toolchain: Option<&str>) -> Result<u8, String> {
    let toolchain = Toolchain::detect(toolchain)?;
    let text = rustc::explain(&toolchain, code)?;
    let mut out = PipeAware::new(io::stdout().lock());
    out.write_with(|w| w.write_all(text.as_bytes()));
    out.result()?;
    Ok(exit::SUCCESS)
}

/// `new PATH`.
pub(crate) fn new(path: &Path) -> Result<u8, String> {
    crate::scaffold::create(path)?;
    println!(
        "created {0}: edit main.rs, solution.rs and exercise.toml, then run `snipcheck check {0}`",
        path.display()
    );
    Ok(exit::SUCCESS)
}
