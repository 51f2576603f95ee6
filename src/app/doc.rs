//! `doc`: every Rust block of the Markdown files below the user's paths checked by the
//! engine, as exercises are (cache, batches, sandbox, every report format), and with
//! `--watch` checked again file by file as they are saved.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::app::commands::{
    context, exit_code, prepare_dependencies, recording, runner_options, shortfalls, warn_about,
};
use crate::app::config::DocConfig;
use crate::app::exit;
use crate::app::progress::Progress;
use crate::compile::rustc::Toolchain;
use crate::engine::cache::{Cache, DEFAULT_CAP_BYTES};
use crate::engine::job::Context;
use crate::engine::results::ExerciseResult;
use crate::engine::runner;
use crate::learn::{watch_files, WatchEvent as Event};
use crate::model::discover::{filtered_out, Entry, Selection};
use crate::model::docs::{self, DocOptions, CONFIG_FILE};
use crate::report::sinks::Sinks;
use crate::report::{self, Command, RunInfo, Sharded};
use crate::sandbox;

/// How often the watch loop looks whether Ctrl-C arrived.
const TICK: Duration = Duration::from_millis(100);

/// `doc PATH...`.
pub(crate) fn doc(config: &DocConfig) -> anyhow::Result<u8> {
    let files = docs::find(&config.run.paths)?;
    let toolchain =
        Toolchain::detect(config.run.toolchain.as_deref()).map_err(|e| format!("{e:#}"));
    if let Err(why) = &toolchain {
        eprintln!("error: {why}");
    }
    let options = DocOptions {
        edition: config.edition,
        exact_codes: config.exact_codes,
        deps: config.deps.clone(),
        host: toolchain.as_ref().map(host).unwrap_or_default(),
    };
    sandbox::handle_interrupts();
    let ctx = toolchain.map(|t| context(&config.run, t));
    let run = Run {
        config,
        ctx: ctx.as_ref().map_err(String::as_str),
        options: &options,
    };
    let code = run.check(&files)?;
    if config.watch {
        run.watch(&files)
    } else {
        Ok(code)
    }
}

/// The host triple (`rustc -vV`'s `host:`), for `ignore-TARGET`.
fn host(toolchain: &Toolchain) -> String {
    toolchain
        .verbose_version
        .lines()
        .find_map(|l| l.strip_prefix("host: "))
        .unwrap_or_default()
        .to_owned()
}

/// What every check of the documents shares.
struct Run<'a> {
    config: &'a DocConfig,
    ctx: Result<&'a Context, &'a str>,
    options: &'a DocOptions,
}

impl Run<'_> {
    /// Checks the blocks of `files` and reports them; the exit code.
    fn check(&self, files: &[PathBuf]) -> anyhow::Result<u8> {
        let config = &self.config.run;
        let all: Vec<Entry> = files
            .iter()
            .flat_map(|f| docs::load(f, self.options))
            .collect();
        let settings = recording(&config.report, self.run_info(files, &all));
        let selection = Selection {
            filter: config.filter.clone(),
            partition: config.partition,
            release: None,
        };
        let entries = docs::select(all, &selection);
        warn_about(&shortfalls(&entries));
        let mut sinks = Sinks::new(&config.to, &settings, report::for_check, |h| Box::new(h))?;
        let runnable = entries.len();
        let prebuilts = match self.ctx {
            Ok(ctx) => prepare_dependencies(entries.iter(), &ctx.toolchain, config),
            Err(_) => runner::Prebuilts::new(),
        };
        let cache = Cache::new(config.cache_dir.clone());
        let options = runner_options(config, &cache, &prebuilts);
        let mut progress = Progress::new(config.progress, runnable, "blocks");
        let summary = runner::run(&entries, self.ctx, options, |result| {
            let block = in_working_dir(result);
            progress.advance();
            progress.suspend(|| sinks.each(|r, w| r.exercise(&block, w)));
        });
        progress.finish();
        cache.evict(DEFAULT_CAP_BYTES);
        sinks.each(|r, w| r.finish(&summary, w));
        sinks.close()?;
        Ok(exit_code(&summary))
    }

    /// What this run is, for the JSON report.
    fn run_info(&self, files: &[PathBuf], entries: &[Entry]) -> RunInfo {
        let config = &self.config.run;
        let filter = config.filter.as_deref();
        RunInfo {
            command: Command::Doc,
            partition: config.partition,
            sharded: Sharded::Exercises,
            items: entries
                .iter()
                .filter(|e| !filtered_out(filter, &docs::entry_dir(e).to_string_lossy()))
                .count(),
            filter: config.filter.clone(),
            fingerprint: fingerprint(files),
            version: report::VERSION.to_owned(),
        }
    }

    /// Checks again the blocks of each document saved, until Ctrl-C.
    fn watch(&self, files: &[PathBuf]) -> anyhow::Result<u8> {
        let (sender, events) = mpsc::channel();
        let mut watched = Vec::new();
        for dir in watched_dirs(files) {
            watched.push(watch_files(&dir, sender.clone())?);
        }
        let mut seen = contents(files);
        eprintln!(
            "watching {} Markdown files: each is checked again when saved (Ctrl-C to stop)",
            files.len()
        );
        loop {
            match events.recv_timeout(TICK) {
                Ok(Event::Changed(paths)) => {
                    let changed = changed(files, &paths, &mut seen);
                    if !changed.is_empty() {
                        self.check(&changed)?;
                    }
                }
                Ok(Event::WatchFailed(why)) => {
                    eprintln!("warning: watching the files failed: {why}")
                }
                Ok(Event::Key(_)) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(exit::ERROR),
            }
            if sandbox::cancelled() {
                return Ok(exit::INTERRUPTED);
            }
        }
    }
}

/// A block's result, its files named from the working directory.
fn in_working_dir(result: &ExerciseResult) -> ExerciseResult {
    ExerciseResult {
        root: Some(PathBuf::new()),
        ..result.clone()
    }
}

/// The directories holding `files`, each once.
fn watched_dirs(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| match f.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Every file's bytes, by its resolved path.
fn contents(files: &[PathBuf]) -> BTreeMap<PathBuf, Vec<u8>> {
    files
        .iter()
        .map(|f| (resolved(f), std::fs::read(f).unwrap_or_default()))
        .collect()
}

fn resolved(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// The documents whose bytes changed among `paths` (all of them when a `snipcheck.toml`
/// changed), remembering their new bytes.
fn changed(
    files: &[PathBuf],
    paths: &[PathBuf],
    seen: &mut BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<PathBuf> {
    let config_changed = paths
        .iter()
        .any(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE));
    let touched: Vec<PathBuf> = paths.iter().map(|p| resolved(p)).collect();
    files
        .iter()
        .filter(|file| {
            let key = resolved(file);
            if !config_changed && !touched.contains(&key) {
                return false;
            }
            let now = std::fs::read(file).unwrap_or_default();
            let differs = seen.get(&key) != Some(&now);
            seen.insert(key, now);
            differs || config_changed
        })
        .cloned()
        .collect()
}

/// The documents as a hash: each one's path as found and its bytes, each with its length
/// first.
fn fingerprint(files: &[PathBuf]) -> String {
    let mut hasher = blake3::Hasher::new();
    for file in files {
        let bytes = std::fs::read(file).unwrap_or_default();
        for part in [report::shown_path(file).as_bytes(), &bytes] {
            hasher.update(&(part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
    }
    hasher.finalize().to_hex().to_string()
}
