//! What each subcommand does, from validated configuration to exit code.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context as _;

use crate::app::bless::Snapshots;
use crate::app::config::{GradeConfig, MergeConfig, RunConfig};
use crate::app::exit;
use crate::app::gather;
use crate::app::progress::Progress;
use crate::app::scaffold;
use crate::compile::deps::{self, Package, Provenance};
use crate::compile::program;
use crate::compile::rustc::{self, Toolchain};
use crate::compile::toolchain;
use crate::engine::job::Context;
use crate::engine::pipeline::{self, Confinement, Event, Pipeline};
use crate::engine::results::Summary;
use crate::grade::{self, GradeSummary, Submissions};
use crate::model::discover::{self, Entry, Selection};
use crate::model::docs;
use crate::model::source::EXERCISE_FILE;
use crate::report::merge::{self, MergedResults};
use crate::report::sinks::{PipeAware, Sinks};
use crate::report::{
    self, Command, Format, ReportEvent, Reveal, RunInfo, Settings, Sharded, Verbosity,
};
use crate::sandbox::{self, Limits};

/// `check` and `bless`.
pub(crate) fn check(config: &RunConfig) -> anyhow::Result<u8> {
    let toolchain = toolchain::find(config.toolchain.as_deref(), config.cache_root.as_deref())
        .map_err(|e| format!("{e:#}"));
    let package = match &toolchain {
        Ok(toolchain) => package_under_test(config, toolchain)?,
        Err(_) => None,
    };
    let platform = toolchain.as_ref().ok().map(gather::platform_of);
    let (dirs, suites) = gather::gather(config, package.as_ref(), platform.as_ref())?;
    let suite_paths = suites.iter().map(Entry::dir);
    discover::require_match(
        config.filter.as_deref(),
        "exercise",
        dirs.iter().map(PathBuf::as_path).chain(suite_paths),
    )?;
    if let Err(why) = &toolchain {
        eprintln!("error: {why}");
    }
    let selection = Selection {
        filter: config.filter.clone(),
        partition: config.partition,
        release: toolchain.as_ref().ok().map(|t| t.release),
    };
    let settings = recording(&config.report, check_run(config, &dirs));
    let mut entries = discover::select(dirs, &selection);
    entries.extend(docs::select(suites, &selection));
    sandbox::handle_interrupts();
    let ctx = toolchain.map(|toolchain| context(config, toolchain));
    let sinks = Sinks::new(&config.to, &settings)?;
    // Every entry gives one result, skipped and malformed ones too.
    let progress = Progress::new(config.progress, entries.len(), "exercises");
    let mut pipeline = pipeline(
        config,
        ctx.as_ref().map_err(String::as_str),
        Confinement::Warn,
    );
    pipeline.package = package.as_ref();
    report_run(&pipeline, &entries, (sinks, progress), None, &config.report)
}

/// Runs `entries` (exercises or Markdown blocks) through `pipeline`, each result's
/// snapshots written and the result reported as it comes, with progress; the exit code.
/// `root` is where the files results name are when not below each result's own path (a
/// block's, from the working directory).
pub(crate) fn report_run(
    pipeline: &Pipeline<'_>,
    entries: &[Entry],
    (mut sinks, mut progress): (Sinks, Progress),
    root: Option<&Path>,
    report: &Settings,
) -> anyhow::Result<u8> {
    let mut snapshots = Snapshots::default();
    let run = pipeline.run(entries, |event| match event {
        Event::Checked(_, result) => {
            let mut result = snapshots.settle(result);
            if let Some(root) = root {
                result.to_mut().root = Some(root.to_path_buf());
            }
            progress.advance();
            progress.suspend(|| sinks.report(ReportEvent::Exercise(&result)));
        }
        other => tell(&other, report),
    })?;
    let summary = snapshots.summary(run);
    progress.finish();
    sinks.report(ReportEvent::Finished(&summary));
    sinks.close()?;
    Ok(exit_code(&summary))
}

/// `grade`.
pub(crate) fn grade(config: &GradeConfig) -> anyhow::Result<u8> {
    let run = &config.run;
    let toolchain = toolchain::find(run.toolchain.as_deref(), run.cache_root.as_deref())?;
    let plan = grade::plan(&config.class, Some(toolchain.release))?;
    for warning in &plan.warnings {
        eprintln!("warning: {warning}");
    }
    sandbox::handle_interrupts();
    let ctx = context(run, toolchain);
    let confinement = match config.allow_unconfined {
        true => Confinement::Warn,
        false => Confinement::Require,
    };
    let settings = recording(&run.report, grade_run(config, &plan)?);
    let mut sinks = Sinks::new(&run.to, &settings)?;
    let mut progress = Progress::new(run.progress, plan.size(), "exercises graded")
        .with_groups(plan.students.len(), "students done");
    let summary = grade::run(
        &plan,
        &pipeline(run, Ok(&ctx), confinement),
        |event| match event {
            grade::Event::Graded => progress.advance(),
            grade::Event::Student(student) => {
                progress.advance_group();
                progress.suspend(|| sinks.report(ReportEvent::Student(student)));
            }
            grade::Event::Run(event) => tell(&event, &run.report),
        },
    )?;
    progress.finish();
    sinks.report(ReportEvent::Totals(&summary));
    sinks.close()?;
    Ok(grade_exit_code(&summary))
}

/// The Cargo package around the run's first path whose library snippets may use, unless
/// `--no-package`; none when there is no package or it has no library.
pub(crate) fn package_under_test(
    config: &RunConfig,
    toolchain: &Toolchain,
) -> anyhow::Result<Option<Package>> {
    let (Some(features), Some(start)) = (&config.package, config.paths.first()) else {
        return Ok(None);
    };
    let Some(manifest) = deps::package::find(start) else {
        return Ok(None);
    };
    deps::package::load(&manifest, toolchain, features, config.cache_root.as_deref()).with_context(
        || {
            format!(
                "{}: cargo cannot read this package (pass --no-package to check without it)",
                manifest.display()
            )
        },
    )
}

/// The run of checks a configuration asks for.
pub(crate) fn pipeline<'a>(
    config: &RunConfig,
    ctx: Result<&'a Context, &'a str>,
    confinement: Confinement,
) -> Pipeline<'a> {
    Pipeline {
        ctx,
        jobs: config.jobs,
        batch: config.batch,
        cache_dir: config.cache_dir.clone(),
        deps_dir: config.deps_dir.clone(),
        cache_root: config.cache_root.clone(),
        offline: config.offline,
        confinement,
        package: None,
        audit: config.audit,
    }
}

/// Says on stderr what a run tells besides its results: weaker confinement always, a
/// dependency set's build always, its reuse with `--verbose`.
pub(crate) fn tell(event: &Event<'_>, report: &Settings) {
    let verbose = report.verbosity == Verbosity::Verbose;
    match event {
        Event::WeakerConfinement(lines) => warn_about(lines),
        Event::Dependencies(names, prebuilt, Provenance::Reused) if verbose => eprintln!(
            "dependencies: {names}: reused from {}",
            prebuilt.deps_dir.display()
        ),
        Event::Dependencies(names, _, Provenance::Built(took)) => eprintln!(
            "dependencies: {names}: built in {:.1} s, reused from now on",
            took.as_secs_f64()
        ),
        // cargo's check of an unchanged package is quick and said only with --verbose.
        Event::Dependencies(names, _, Provenance::Updated(took))
            if verbose || *took > Duration::from_secs(1) =>
        {
            eprintln!(
                "package: {names}: built in {:.1} s (checked again by every run)",
                took.as_secs_f64()
            );
        }
        Event::PackageFailed(name, error) => eprintln!("error: the package `{name}`: {error}"),
        Event::Dependencies(..) | Event::Checked(..) => {}
    }
}

/// The reporters' settings, with what the run is for the JSON report to record.
pub(crate) fn recording(settings: &Settings, run: RunInfo) -> Settings {
    Settings {
        run: Some(run),
        ..settings.clone()
    }
}

/// What a `check` run over `dirs` (every exercise found) is, for its JSON report.
fn check_run(config: &RunConfig, dirs: &[PathBuf]) -> RunInfo {
    let filter = config.filter.as_deref();
    RunInfo {
        command: Command::Check,
        partition: config.partition,
        sharded: Sharded::Exercises,
        items: dirs
            .iter()
            .filter(|d| !discover::filtered_out(filter, &d.to_string_lossy()))
            .count(),
        filter: config.filter.clone(),
        fingerprint: fingerprint(dirs),
        version: report::VERSION.to_owned(),
        reveal: Reveal::Full,
    }
}

/// What a `grade` run is, for its JSON report.
fn grade_run(config: &GradeConfig, plan: &grade::Plan) -> anyhow::Result<RunInfo> {
    let dirs = discover::find(std::slice::from_ref(&config.class.exercises))?;
    let sharded = match config.class.submissions {
        Submissions::One(_) => Sharded::Exercises,
        Submissions::Many(_) => Sharded::Students,
    };
    Ok(RunInfo {
        command: Command::Grade,
        partition: config.class.partition,
        sharded,
        items: plan.items,
        filter: config.class.filter.clone(),
        fingerprint: fingerprint(&dirs),
        version: report::VERSION.to_owned(),
        reveal: config.run.report.reveal,
    })
}

/// The exercise set as a hash: each exercise's path (sorted, as found) and the bytes of its
/// `exercise.toml`, each with its length first.
fn fingerprint(dirs: &[PathBuf]) -> String {
    let mut hasher = blake3::Hasher::new();
    for dir in dirs {
        let toml = std::fs::read(dir.join(EXERCISE_FILE)).unwrap_or_default();
        for part in [report::shown_path(dir).as_bytes(), &toml] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher.finalize().to_hex().to_string()
}

/// `merge FILE...`: the shards' JSON reports as the report of the whole run.
pub(crate) fn merge(config: &MergeConfig) -> anyhow::Result<u8> {
    let merged = merge::merge(&config.files)?;
    let mut settings = recording(&config.report, merged.run.clone());
    settings.reveal = merged.run.reveal;
    match &merged.results {
        MergedResults::Check(exercises, summary) => {
            let mut sinks = Sinks::new(&config.to, &settings)?;
            for exercise in exercises {
                sinks.report(ReportEvent::Exercise(exercise));
            }
            sinks.report(ReportEvent::Finished(summary));
            sinks.close()?;
            Ok(exit_code(summary))
        }
        MergedResults::Grade(students, summary) => {
            if config.to.format == Format::Exercism && merged.run.sharded == Sharded::Students {
                anyhow::bail!("--format exercism describes one submission: these reports grade a class (--submissions); use --format json");
            }
            let mut sinks = Sinks::new(&config.to, &settings)?;
            for student in students {
                sinks.report(ReportEvent::Student(student));
            }
            sinks.report(ReportEvent::Totals(summary));
            sinks.close()?;
            Ok(grade_exit_code(summary))
        }
    }
}

/// What every check of the run shares.
pub(crate) fn context(config: &RunConfig, toolchain: Toolchain) -> Context {
    Context {
        toolchain,
        limits: Limits {
            timeout: config.timeout,
            output_cap: program::OUTPUT_CAP,
        },
        test_timeout: config.test_timeout,
        bless: config.bless,
        annotations: config.annotations,
    }
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

/// `deps prefetch`: builds every dependency set below the paths, for CI caches and
/// offline classrooms.
pub(crate) fn prefetch(config: &RunConfig) -> anyhow::Result<u8> {
    let dirs = discover::find(&config.paths)?;
    let toolchain = toolchain::find(config.toolchain.as_deref(), config.cache_root.as_deref())?;
    let entries = discover::select(dirs, &Selection::default());
    let ctx = context(config, toolchain);
    let pipeline = pipeline(config, Ok(&ctx), Confinement::Warn);
    let mut ready = Vec::new();
    let prebuilts = pipeline.prepare_dependencies(&entries, &mut |event| {
        if let Event::Dependencies(names, prebuilt, _) = &event {
            ready.push(format!("ready: {names}: {}", prebuilt.deps_dir.display()));
        }
        tell(&event, &config.report);
    });
    for line in ready {
        println!("{line}");
    }
    let failed = prebuilts.values().filter(|r| r.is_err()).count();
    for error in prebuilts.values().filter_map(|r| r.as_ref().err()) {
        eprintln!("error: {error}");
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

/// `learn` checks the learner's snippets and runs them: it says what cannot be confined.
pub(crate) fn warn_for_learner() {
    warn_about(&pipeline::missing_confinement(true));
}

/// `check` and `learn` go on with less confinement, and say so, each line once however
/// often a watch loop runs again.
pub(crate) fn warn_about(shortfalls: &[String]) {
    static TOLD: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut told = TOLD.lock().unwrap_or_else(|e| e.into_inner());
    for line in shortfalls {
        if !told.contains(line) {
            eprintln!("warning: weaker confinement: {line}");
            told.push(line.clone());
        }
    }
}

/// The exit code of a run of exercises (or blocks).
pub(crate) fn exit_code(summary: &Summary) -> u8 {
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

/// `explain CODE`.
pub(crate) fn explain(code: &str, toolchain: Option<&str>) -> anyhow::Result<u8> {
    let toolchain = Toolchain::detect(toolchain)?;
    let text = rustc::explain(&toolchain, code)?;
    let mut out = PipeAware::new(io::stdout().lock());
    out.write_with(|w| w.write_all(text.as_bytes()));
    out.result()?;
    Ok(exit::SUCCESS)
}

/// `new PATH`.
pub(crate) fn new(path: &Path) -> anyhow::Result<u8> {
    scaffold::create(path)?;
    println!(
        "created {0}: edit main.rs, solution.rs and exercise.toml, then run `snipcheck check {0}`",
        path.display()
    );
    Ok(exit::SUCCESS)
}
