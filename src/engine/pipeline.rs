//! A run of checks from end to end, the one owner of its steps: it says what this machine
//! cannot confine (and refuses to go on when confinement is required), builds the
//! dependency sets the exercises use, runs the checks through the runner with the result
//! cache, trims the cache, and tells its caller each step as an event. `check`, `doc` and
//! `grade` all run through it; the caller only chooses what to make of the events.

use std::cell::RefCell;
use std::fmt;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use crate::compile::deps::{self, auxiliary, Package, Prebuilt, Provenance};
use crate::compile::error::DepsError;
use crate::engine::cache::{Cache, DEFAULT_CAP_BYTES};
use crate::engine::job::Context;
use crate::engine::results::{ExerciseResult, Summary};
use crate::engine::runner::{self, Options};
use crate::engine::tally::Prebuilts;
use crate::engine::timings::Timings;
use crate::model::auxiliary::Auxiliary;
use crate::model::discover::Entry;
use crate::sandbox::{self, Shortfall};

/// Whether a run may go on with less confinement than promised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confinement {
    /// Go on, and say what is missing (`check`, `doc`, `learn`).
    Warn,
    /// Refuse (`grade` without `--allow-unconfined`).
    Require,
}

/// What a run needs besides its exercises.
#[derive(Debug, Clone)]
pub(crate) struct Pipeline<'a> {
    /// What every check shares; `Err` with why when no compiler is available, and every
    /// exercise is then an error.
    pub(crate) ctx: Result<&'a Context, &'a str>,
    /// `--jobs`.
    pub(crate) jobs: usize,
    /// Whether snippets may share a rustc.
    pub(crate) batch: bool,
    /// The result cache's directory, or none for no cache.
    pub(crate) cache_dir: Option<PathBuf>,
    /// Where dependency sets are built, or none when they cannot be.
    pub(crate) deps_dir: Option<PathBuf>,
    /// The cache's directory even when results are not cached: the checks found slow
    /// alone, or crashing rustc, are kept there (`timings`).
    pub(crate) cache_root: Option<PathBuf>,
    /// Build dependency sets without the network.
    pub(crate) offline: bool,
    /// Whether weaker confinement is refused.
    pub(crate) confinement: Confinement,
    /// The package under test, whose crates every snippet may use.
    pub(crate) package: Option<&'a Package>,
    /// `check --audit`: lazy answers are checked against `[solution]` too.
    pub(crate) audit: bool,
}

/// What a run tells as it goes.
#[derive(Debug)]
pub(crate) enum Event<'e> {
    /// What this machine cannot confine, one line each with what follows from it.
    WeakerConfinement(&'e [String]),
    /// A dependency set is ready: its crates' names, where it is, and how it came to be.
    Dependencies(&'e str, &'e Prebuilt, Provenance),
    /// The package under test does not build: its name, and cargo's message, told once.
    PackageFailed(&'e str, &'e DepsError),
    /// An exercise is checked: its index among the entries, and its result. Exercises
    /// come in order.
    Checked(usize, &'e ExerciseResult),
}

/// Confinement was required and this machine cannot give it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unconfined(pub(crate) Vec<String>);

impl fmt::Display for Unconfined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(platform) = sandbox::unconfined_platform() {
            return write!(f, "grade runs untrusted submissions, and {platform} cannot confine them: grade on Linux, or pass --allow-unconfined to grade them unconfined");
        }
        write!(
            f,
            "grade runs untrusted submissions, and this machine cannot confine them:\n  {}\nrun it on Linux with Landlock and user namespaces, or pass --allow-unconfined to grade anyway",
            self.0.join("\n  ")
        )
    }
}

impl std::error::Error for Unconfined {}

impl Pipeline<'_> {
    /// Checks `entries`, telling `on_event` each step; the run's totals.
    pub(crate) fn run(
        &self,
        entries: &[Entry],
        mut on_event: impl FnMut(Event<'_>),
    ) -> Result<Summary, Unconfined> {
        let missing = shortfalls(entries);
        if self.confinement == Confinement::Require && !missing.is_empty() {
            return Err(Unconfined(missing));
        }
        if !missing.is_empty() {
            on_event(Event::WeakerConfinement(&missing));
        }
        let mut prebuilts = match self.ctx {
            Ok(_) => self.prepare_dependencies(entries, &mut on_event),
            Err(_) => Prebuilts::new(),
        };
        // Where auxiliary crates are built when there is no cache directory: kept for
        // the run.
        let _scratch = self.prepare_auxiliary(entries, &mut prebuilts);
        let cache = Cache::new(self.cache_dir.clone());
        let timings = RefCell::new(Timings::load(self.cache_root.as_deref()));
        let options = Options {
            jobs: self.jobs,
            batch: self.batch,
            cache: &cache,
            deps: &prebuilts,
            package: self.package.is_some(),
            audit: self.audit,
            timings: &timings,
        };
        let summary = runner::run(entries, self.ctx, options, |index, result| {
            on_event(Event::Checked(index, result));
        });
        cache.evict(DEFAULT_CAP_BYTES);
        timings.borrow().save();
        Ok(summary)
    }

    /// Builds every distinct `[dependencies]` table of `entries`, each at most once, ever.
    pub(crate) fn prepare_dependencies(
        &self,
        entries: &[Entry],
        on_event: &mut impl FnMut(Event<'_>),
    ) -> Prebuilts {
        let Ok(ctx) = self.ctx else {
            return Prebuilts::new();
        };
        let tables = entries
            .iter()
            .filter_map(|entry| entry.exercise()?.dependencies.as_ref());
        let root = self.deps_dir.as_deref();
        let mut prebuilts = deps::prepare_all(
            tables,
            &ctx.toolchain,
            root,
            self.offline,
            self.package,
            |names, prebuilt, how| {
                on_event(Event::Dependencies(names, prebuilt, how));
            },
        );
        if let Some(package) = self.package {
            said_once(&mut prebuilts, &package.name, on_event);
        }
        prebuilts
    }
}

impl Pipeline<'_> {
    /// Builds every distinct set of auxiliary crates of `entries` (annotated files), up to
    /// `--jobs` at a time, into `prebuilts` under `Auxiliary::key`. Sets live with the
    /// dependency sets, and without a cache directory in a temp dir, which is returned to
    /// be kept for the run.
    fn prepare_auxiliary(
        &self,
        entries: &[Entry],
        prebuilts: &mut Prebuilts,
    ) -> Option<tempfile::TempDir> {
        let Ok(ctx) = self.ctx else {
            return None;
        };
        let mut sets: Vec<(String, &Auxiliary)> = entries
            .iter()
            .filter_map(|entry| entry.exercise()?.auxiliary.as_deref())
            .map(|aux| (aux.key.clone(), aux))
            .collect();
        sets.sort_by(|a, b| a.0.cmp(&b.0));
        sets.dedup_by(|a, b| a.0 == b.0);
        if sets.is_empty() {
            return None;
        }
        let (root, scratch) = match &self.deps_dir {
            Some(dir) => (dir.clone(), None),
            None => match tempfile::tempdir() {
                Ok(temp) => (temp.path().to_path_buf(), Some(temp)),
                Err(e) => {
                    let error = DepsError::CreateDir {
                        dir: std::env::temp_dir(),
                        reason: e.to_string(),
                    };
                    prebuilts.extend(sets.into_iter().map(|(key, _)| (key, Err(error.clone()))));
                    return None;
                }
            },
        };
        let next = AtomicUsize::new(0);
        let built = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..self.jobs.clamp(1, sets.len()) {
                scope.spawn(|| {
                    while let Some((key, aux)) = sets.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let set =
                            auxiliary::prepare(aux, &ctx.toolchain, &root, ctx.limits.timeout);
                        built
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push((key.clone(), set));
                    }
                });
            }
        });
        prebuilts.extend(built.into_inner().unwrap_or_else(PoisonError::into_inner));
        scratch
    }
}

/// A package under test that does not build fails every set: cargo's message is told once,
/// and each exercise says only that the package does not build.
fn said_once(prebuilts: &mut Prebuilts, name: &str, on_event: &mut impl FnMut(Event<'_>)) {
    let failed = prebuilts.values().find_map(|built| {
        built
            .as_ref()
            .err()
            .filter(|e| matches!(e, DepsError::BuildFailed(_)))
    });
    if let Some(error) = failed {
        on_event(Event::PackageFailed(name, error));
    }
    for built in prebuilts.values_mut() {
        if matches!(built, Err(DepsError::BuildFailed(_))) {
            *built = Err(DepsError::PackageFailed(name.to_owned()));
        }
    }
}

/// What this machine cannot confine for `entries`, one line each with what follows from
/// it: the file rule (Landlock) for rustc and every program, and, when programs run,
/// their PID and network namespaces.
pub(crate) fn shortfalls<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Vec<String> {
    let runs_programs = entries.into_iter().filter_map(Entry::exercise).any(|ex| {
        [&ex.expect, &ex.solution]
            .iter()
            .any(|x| x.outcome.runs() || x.outcome.uses_harness())
    });
    missing_confinement(runs_programs)
}

/// What cannot be confined here, one line each; namespaces only matter when programs run.
pub(crate) fn missing_confinement(runs_programs: bool) -> Vec<String> {
    let words = |missing: Shortfall| {
        match missing {
        Shortfall::Files(why) => format!("no Landlock file rule ({why}): rustc and built programs can read every file this user can, and programs can write them"),
        Shortfall::Processes(why) => format!("no PID and network namespaces ({why}): a program's processes can outlive it and signal this user's other processes, and programs have the network"),
        Shortfall::Platform(name) => format!("{name} has no Landlock or namespaces: rustc and built programs run unconfined, with this user's files and network, as rustlings runs them"),
    }
    };
    sandbox::shortfalls(runs_programs)
        .into_iter()
        .map(words)
        .collect()
}
