//! What earlier runs learnt of how checks compile: the checks whose compile alone took
//! at least `SLOW`, and those whose compile alone crashed rustc, kept under the cache
//! directory (`timings/slow.tsv`, a line per check: its identity and its milliseconds, or
//! `crash`). Such a check compiles alone from the start. In a batch a slow one would add
//! its whole time to the batch's, and cost it again alone whenever the batch cannot tell
//! its result (a batch of 64 of rustc's UI tests takes about 0.1 s; one of them takes
//! 1.4 s by itself); one that crashes rustc crashes the batch, whose other members must
//! share another. Only where the work goes depends on it, never a verdict: a check that
//! is slow or crashing no more is found so by its next compile alone, and leaves the
//! list. `--no-cache` keeps it, since it holds no result; `cache clear` removes it.
//! `SNIPCHECK_SLOW_MS` sets another threshold.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::engine::job::Job;

/// A compile alone at least this long keeps a check out of batches, unless
/// `SNIPCHECK_SLOW_MS` says otherwise.
const SLOW: Duration = Duration::from_millis(500);
/// The variable that sets another threshold, in milliseconds.
const SLOW_VAR: &str = "SNIPCHECK_SLOW_MS";
/// The directory below the cache's, and the file in it.
const DIR: &str = "timings";
const FILE: &str = "slow.tsv";
/// What a line holds instead of milliseconds for a check whose compile crashed rustc.
const CRASH: &str = "crash";
/// Checks kept at most, those that crash and then the slowest first: the list is read
/// whole by every run.
const KEEP: usize = 4096;

/// A check's identity across runs: where it is (its exercise, file and target) and how it
/// is compiled (the arguments that pick a revision), not its text, so an edited file is
/// still known to be slow.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Id(String);

impl Id {
    pub(crate) fn of(job: &Job<'_>) -> Id {
        let dir = job.ex.dir();
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut hasher = blake3::Hasher::new();
        for field in [
            dir.to_string_lossy().as_ref(),
            &job.ex.file,
            &format!("{:?}", job.target),
            &job.ex.rustc_args.join("\u{1f}"),
        ] {
            hasher.update(&(field.len() as u64).to_le_bytes());
            hasher.update(field.as_bytes());
        }
        Id(hasher.finalize().to_hex()[..32].to_owned())
    }
}

/// What a compile alone of a check that stays on the list did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    /// It crashed rustc.
    Crash,
    /// It took this many milliseconds.
    Slow(u64),
}

/// The checks known to compile alone when the run began, and what this run measured.
#[derive(Debug, Default)]
pub(crate) struct Timings {
    file: Option<PathBuf>,
    /// A compile alone at least this long makes a check slow.
    threshold: Duration,
    known: BTreeMap<Id, Known>,
    /// Each check compiled alone in this run: its milliseconds, or that it crashed.
    measured: BTreeMap<Id, Known>,
}

impl Timings {
    /// The list under the cache directory `root`; empty when there is none or it cannot
    /// be read.
    pub(crate) fn load(root: Option<&Path>) -> Timings {
        let file = root.map(|r| r.join(DIR).join(FILE));
        let known = file.as_deref().map(read).unwrap_or_default();
        let threshold = std::env::var(SLOW_VAR)
            .ok()
            .and_then(|ms| ms.trim().parse().ok())
            .map_or(SLOW, Duration::from_millis);
        Timings {
            file,
            threshold,
            known,
            measured: BTreeMap::new(),
        }
    }

    /// Whether the check was slow, or crashed rustc, when last compiled alone: it
    /// compiles alone from the start.
    pub(crate) fn alone(&self, id: &Id) -> bool {
        self.known.contains_key(id)
    }

    /// Notes how long a check's compile alone took, or that it crashed rustc.
    pub(crate) fn measured(&mut self, id: &Id, took: Duration, crashed: bool) {
        let ms = u64::try_from(took.as_millis()).unwrap_or(u64::MAX);
        let known = if crashed {
            Known::Crash
        } else {
            Known::Slow(ms)
        };
        self.measured.insert(id.clone(), known);
    }

    /// Writes the list again with this run's measures, over what is on disk now (another
    /// run may have written it meanwhile). Failures are ignored: the list only saves time.
    pub(crate) fn save(&self) {
        let Some(file) = &self.file else {
            return;
        };
        let before = read(file);
        let mut known = before.clone();
        let threshold = u64::try_from(self.threshold.as_millis()).unwrap_or(u64::MAX);
        for (id, &measured) in &self.measured {
            match measured {
                Known::Slow(ms) if ms < threshold => known.remove(id),
                _ => known.insert(id.clone(), measured),
            };
        }
        if known != before {
            let _ = write(file, known);
        }
    }
}

/// How many checks the list under the cache directory `root` holds.
pub(crate) fn known(root: &Path) -> usize {
    read(&root.join(DIR).join(FILE)).len()
}

/// Removes the list under the cache directory `root`; how many checks it held.
pub(crate) fn clear(root: &Path) -> io::Result<usize> {
    let file = root.join(DIR).join(FILE);
    let held = read(&file).len();
    match fs::remove_file(&file) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(held),
    }
}

/// The list in `file`; lines that do not read as `ID\tMS` or `ID\tcrash` are skipped.
fn read(file: &Path) -> BTreeMap<Id, Known> {
    let Ok(text) = fs::read_to_string(file) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let (id, what) = line.split_once('\t')?;
            let hex = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
            let known = match what {
                CRASH => Known::Crash,
                ms => Known::Slow(ms.parse().ok()?),
            };
            Some((Id(id.to_owned()), known)).filter(|_| hex)
        })
        .collect()
}

/// Writes the list atomically (a temp file renamed over it), `KEEP` checks only: those
/// that crash, then the slowest.
fn write(file: &Path, known: BTreeMap<Id, Known>) -> io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let weight = |k: &Known| match k {
        Known::Crash => u64::MAX,
        Known::Slow(ms) => *ms,
    };
    let mut lines: Vec<(Id, Known)> = known.into_iter().collect();
    lines.sort_by(|a, b| weight(&b.1).cmp(&weight(&a.1)).then_with(|| a.0.cmp(&b.0)));
    lines.truncate(KEEP);
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    for (Id(id), known) in lines {
        match known {
            Known::Crash => writeln!(temp, "{id}\t{CRASH}")?,
            Known::Slow(ms) => writeln!(temp, "{id}\t{ms}")?,
        }
    }
    temp.flush()?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Id {
        Id(format!("{n:032x}"))
    }

    #[test]
    fn slow_checks_are_kept_and_leave_once_fast() {
        let root = tempfile::tempdir().expect("temp dir");
        let mut first = Timings::load(Some(root.path()));
        assert!(!first.alone(&id(1)), "nothing is known at first");
        first.measured(&id(1), Duration::from_millis(1400), false);
        first.measured(&id(2), Duration::from_millis(40), false);
        first.save();
        let mut second = Timings::load(Some(root.path()));
        assert!(second.alone(&id(1)));
        assert!(!second.alone(&id(2)));
        second.measured(&id(1), Duration::from_millis(90), false);
        second.save();
        assert!(!Timings::load(Some(root.path())).alone(&id(1)));
    }

    #[test]
    fn another_runs_measures_and_bad_lines_are_kept_apart() {
        let root = tempfile::tempdir().expect("temp dir");
        let mut one = Timings::load(Some(root.path()));
        let mut other = Timings::load(Some(root.path()));
        one.measured(&id(1), Duration::from_secs(2), false);
        other.measured(&id(2), Duration::from_secs(3), false);
        one.save();
        other.save();
        let file = root.path().join(DIR).join(FILE);
        let mut text = fs::read_to_string(&file).expect("written");
        text.push_str("garbage\nabc\t12\n");
        fs::write(&file, text).expect("write");
        let both = Timings::load(Some(root.path()));
        assert!(both.alone(&id(1)) && both.alone(&id(2)));
        assert_eq!(both.known.len(), 2, "bad lines are skipped");
        assert!(
            !Timings::load(None).alone(&id(1)),
            "no cache directory, no list"
        );
    }

    #[test]
    fn a_check_that_crashed_rustc_stays_until_it_compiles_again() {
        let root = tempfile::tempdir().expect("temp dir");
        let mut first = Timings::load(Some(root.path()));
        first.measured(&id(3), Duration::from_millis(20), true);
        first.save();
        let file = root.path().join(DIR).join(FILE);
        let text = fs::read_to_string(&file).expect("written");
        assert_eq!(text, format!("{}\tcrash\n", id(3).0));
        let mut second = Timings::load(Some(root.path()));
        assert!(second.alone(&id(3)), "a fast crash compiles alone");
        second.measured(&id(3), Duration::from_millis(20), false);
        second.save();
        assert!(!Timings::load(Some(root.path())).alone(&id(3)));
    }
}
