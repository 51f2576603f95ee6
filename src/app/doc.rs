//! `doc`: every Rust block of the Markdown files below the user's paths checked by the
//! engine, as exercises are (cache, batches, sandbox, every report format), and with
//! `--watch` checked again file by file as they are saved.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::app::commands::{context, package_under_test, pipeline, recording, report_run};
use crate::app::config::DocConfig;
use crate::app::exit;
use crate::app::progress::Progress;
use crate::compile::deps::Package;
use crate::compile::rustc::Toolchain;
use crate::engine::job::Context;
use crate::engine::pipeline::Confinement;
use crate::learn::{watch_files, FileWatcher, WatchEvent as Event};
use crate::model::discover::{self, filtered_out, Entry, Selection};
use crate::model::docs::{self, DocOptions, CONFIG_FILE};
use crate::model::manifest::Edition;
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
    let package = match &toolchain {
        Ok(toolchain) => package_under_test(&config.run, toolchain)?,
        Err(_) => None,
    };
    let options = DocOptions {
        edition: config.edition,
        exact_codes: config.exact_codes,
        deps: config.deps.clone(),
        package_edition: package
            .as_ref()
            .and_then(|p| Edition::from_year(&p.edition)),
        host: toolchain.as_ref().map(host).unwrap_or_default(),
    };
    sandbox::handle_interrupts();
    let ctx = toolchain.map(|t| context(&config.run, t));
    let run = Run {
        config,
        ctx: ctx.as_ref().map_err(String::as_str),
        options: &options,
        package: package.as_ref(),
    };
    let code = run.check(&files, true)?;
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
    package: Option<&'a Package>,
}

impl Run<'_> {
    /// Checks the blocks of `files` and reports them; the exit code. With `all_files`, a
    /// `--filter` that keeps no block is an error (a re-check of saved files may keep
    /// none of theirs).
    fn check(&self, files: &[PathBuf], all_files: bool) -> anyhow::Result<u8> {
        let config = &self.config.run;
        let all: Vec<Entry> = files
            .iter()
            .flat_map(|f| docs::load(f, self.options))
            .collect();
        if all_files {
            let paths = all.iter().map(docs::entry_dir);
            discover::require_match(config.filter.as_deref(), "block", paths)?;
        }
        let settings = recording(&config.report, self.run_info(files, &all));
        let selection = Selection {
            filter: config.filter.clone(),
            partition: config.partition,
            release: None,
        };
        let entries = docs::select(all, &selection);
        let sinks = Sinks::new(&config.to, &settings)?;
        let progress = Progress::new(config.progress, entries.len(), "blocks");
        let mut pipeline = pipeline(config, self.ctx, Confinement::Warn);
        pipeline.package = self.package;
        // A block's files are named from the working directory, not below `FILE.md:LINE`.
        let root = Some(Path::new(""));
        report_run(&pipeline, &entries, (sinks, progress), root, &config.report)
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
            reveal: report::Reveal::Full,
        }
    }

    /// Checks again the blocks of each document saved, or of a file it includes, until
    /// Ctrl-C.
    fn watch(&self, files: &[PathBuf]) -> anyhow::Result<u8> {
        let (sender, events) = mpsc::channel();
        let mut sources = Sources::of(files, self.options);
        let mut watched = BTreeMap::new();
        sources.watch_new_dirs(&mut watched, &sender)?;
        eprintln!(
            "watching {} Markdown files: each is checked again when it or a file it includes is saved (Ctrl-C to stop)",
            files.len()
        );
        loop {
            match events.recv_timeout(TICK) {
                Ok(Event::Changed(paths)) => {
                    let changed = sources.changed(&paths);
                    if !changed.is_empty() {
                        self.check(&changed, false)?;
                        // The includes may be others now.
                        sources.refresh(self.options);
                        sources.watch_new_dirs(&mut watched, &sender)?;
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

/// What `--watch` follows: each document with the files its blocks come from (itself and
/// what it includes), and the bytes each of those files had when last checked.
struct Sources {
    /// The documents, as given.
    documents: Vec<PathBuf>,
    /// Per document, the resolved paths of its files.
    files: Vec<Vec<PathBuf>>,
    /// Every file's bytes, by resolved path.
    seen: BTreeMap<PathBuf, Vec<u8>>,
}

impl Sources {
    fn of(documents: &[PathBuf], options: &DocOptions) -> Sources {
        let mut sources = Sources {
            documents: documents.to_vec(),
            files: Vec::new(),
            seen: BTreeMap::new(),
        };
        sources.refresh(options);
        sources
    }

    /// Reads again which files each document includes; files new to the watch are
    /// remembered as they are now.
    fn refresh(&mut self, options: &DocOptions) {
        self.files = self
            .documents
            .iter()
            .map(|doc| {
                docs::sources(doc, options)
                    .iter()
                    .map(|f| resolved(f))
                    .collect()
            })
            .collect();
        for file in self.files.iter().flatten() {
            if !self.seen.contains_key(file) {
                self.seen
                    .insert(file.clone(), std::fs::read(file).unwrap_or_default());
            }
        }
    }

    /// Starts watching every directory holding a followed file that no watch covers yet.
    fn watch_new_dirs(
        &self,
        watched: &mut BTreeMap<PathBuf, FileWatcher>,
        sender: &mpsc::Sender<Event>,
    ) -> anyhow::Result<()> {
        for file in self.files.iter().flatten() {
            let dir = match file.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            // A watch covers its whole tree.
            if !watched.keys().any(|w| dir.starts_with(w)) {
                let watcher = watch_files(&dir, sender.clone())?;
                watched.insert(dir, watcher);
            }
        }
        Ok(())
    }

    /// The documents one of whose files changed bytes among `paths` (all of them when a
    /// `snipcheck.toml` changed), remembering the new bytes.
    fn changed(&mut self, paths: &[PathBuf]) -> Vec<PathBuf> {
        let config_changed = paths
            .iter()
            .any(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE));
        let mut differ = Vec::new();
        for path in paths.iter().map(|p| resolved(p)) {
            let Some(before) = self.seen.get_mut(&path) else {
                continue;
            };
            let now = std::fs::read(&path).unwrap_or_default();
            if *before != now {
                *before = now;
                differ.push(path);
            }
        }
        self.documents
            .iter()
            .zip(&self.files)
            .filter(|(_, files)| config_changed || files.iter().any(|f| differ.contains(f)))
            .map(|(doc, _)| doc.clone())
            .collect()
    }
}

fn resolved(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_include_names_the_documents_that_include_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let src = dir.path().join("src");
        std::fs::create_dir_all(src.join("listings")).expect("mkdir");
        std::fs::write(dir.path().join("book.toml"), "[book]\n").expect("write");
        let write = |rel: &str, text: &str| std::fs::write(src.join(rel), text).expect("write");
        write("one.md", "```rust\n{{#include listings/a.rs}}\n```\n");
        write("two.md", "```rust\nfn main() {}\n```\n");
        write("listings/a.rs", "fn main() {}\n");
        let documents = vec![src.join("one.md"), src.join("two.md")];
        let mut sources = Sources::of(&documents, &DocOptions::default());
        let listing = src.join("listings/a.rs");
        let none: [PathBuf; 0] = [];
        assert_eq!(sources.changed(std::slice::from_ref(&listing)), none);
        write("listings/a.rs", "fn main() { }\n");
        assert_eq!(
            sources.changed(std::slice::from_ref(&listing)),
            [src.join("one.md")]
        );
        // The same bytes again are no change.
        assert_eq!(sources.changed(&[listing]), none);
        write("two.md", "```rust\n{{#include listings/b.rs}}\n```\n");
        assert_eq!(sources.changed(&[src.join("two.md")]), [src.join("two.md")]);
        write("listings/b.rs", "fn main() {}\n");
        sources.refresh(&DocOptions::default());
        write("listings/b.rs", "fn main() { }\n");
        assert_eq!(
            sources.changed(&[src.join("listings/b.rs")]),
            [src.join("two.md")]
        );
    }
}
