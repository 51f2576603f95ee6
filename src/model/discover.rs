//! Finding exercises below the paths the user gave, and choosing which of them run
//! (`--filter`, `--partition`, `rust-version`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::model::annotation;
use crate::model::auxiliary;
use crate::model::error::FindError;
use crate::model::exercise::Exercise;
use crate::model::manifest::ConfigError;
use crate::model::source::{Submission, EXERCISE_FILE};

/// Where exercises are looked for when no PATH is given.
pub(crate) const DEFAULT_PATH: &str = "exercises";

/// Every directory holding `exercise.toml` at or below `paths`, sorted and deduplicated.
pub(crate) fn find(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FindError> {
    let found = find_all(paths, false)?;
    Ok(found.dirs)
}

/// What `check` finds below its paths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// Exercise directories, sorted.
    pub(crate) dirs: Vec<PathBuf>,
    /// `.rs` files with inline annotations outside every exercise directory, sorted.
    pub(crate) annotated: Vec<PathBuf>,
}

/// Exercise directories at or below `paths`, and with `annotated` also the annotated
/// `.rs` files outside them; a path that holds neither is an error.
pub(crate) fn find_all(paths: &[PathBuf], annotated: bool) -> Result<Found, FindError> {
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        let start = if path.file_name().is_some_and(|n| n == EXERCISE_FILE) {
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        } else {
            path.clone()
        };
        if !start.exists() {
            return Err(if paths.len() == 1 && path == Path::new(DEFAULT_PATH) {
                FindError::MissingDefault(path.clone())
            } else {
                FindError::Missing(path.clone())
            });
        }
        let before = dirs.len() + files.len();
        let walker = WalkDir::new(&start)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_ignored(e));
        for entry in walker.filter_map(Result::ok) {
            if entry.file_type().is_dir() && entry.path().join(EXERCISE_FILE).is_file() {
                dirs.push(entry.path().to_path_buf());
            } else if annotated
                && !in_exercise(&dirs, entry.path())
                && !is_auxiliary(&start, entry.path())
                && is_annotated_file(entry.path())
            {
                files.push(entry.path().to_path_buf());
            }
        }
        if dirs.len() + files.len() == before {
            return Err(FindError::NoExercises(path.clone()));
        }
    }
    dirs.sort();
    dirs.dedup();
    files.retain(|f| !dirs.iter().any(|d| f.starts_with(d)));
    files.sort();
    files.dedup();
    Ok(Found {
        dirs,
        annotated: files,
    })
}

/// Whether `path` lies in the exercise directory found last: the walk is depth first, so
/// an exercise's own files come right after it, and they are its sources, not tests of
/// their own, so they need not be read. (A file this misses is left out afterwards.)
fn in_exercise(dirs: &[PathBuf], path: &Path) -> bool {
    dirs.last().is_some_and(|dir| path.starts_with(dir))
}

/// Whether `path` lies in an `auxiliary/` directory below `start`: a crate other tests
/// build (`//@ aux-build`), not a test of its own, as compiletest has it.
fn is_auxiliary(start: &Path, path: &Path) -> bool {
    path.strip_prefix(start)
        .unwrap_or(path)
        .parent()
        .is_some_and(auxiliary::within_auxiliary)
}

/// A `.rs` file with `//~` annotations or `//@` headers.
fn is_annotated_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "rs")
        && std::fs::read_to_string(path).is_ok_and(|text| annotation::is_annotated(&text))
}

fn is_ignored(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || name == "target"
}

/// A shard of the work: run every `count`-th exercise starting at `index` (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Partition {
    /// Which shard, 1-based.
    pub(crate) index: usize,
    /// How many shards.
    pub(crate) count: usize,
}

impl Partition {
    /// Whether the item at 0-based `position` belongs to this shard.
    pub(crate) fn includes(self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

impl std::str::FromStr for Partition {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let usage = || format!("`{s}` is not a partition: write K/N with 1 <= K <= N, e.g. 2/3");
        let (k, n) = s.split_once('/').ok_or_else(usage)?;
        let index: usize = k.trim().parse().map_err(|_| usage())?;
        let count: usize = n.trim().parse().map_err(|_| usage())?;
        if index == 0 || count == 0 || index > count {
            return Err(usage());
        }
        Ok(Partition { index, count })
    }
}

/// What to do with one discovered exercise.
#[derive(Debug, Clone)]
pub(crate) enum Entry {
    /// Check it: its snippet and its solution.
    Run(Arc<Exercise>),
    /// Check a student's submission to it (`grade`), instead of its snippet and solution.
    Submitted(Arc<Exercise>, Submission),
    /// Its `exercise.toml` is malformed.
    Invalid {
        /// The directory.
        dir: PathBuf,
        /// The error, with file:line:col.
        error: ConfigError,
    },
    /// Not checked, with the reason.
    Skipped {
        /// The directory.
        dir: PathBuf,
        /// Why.
        reason: String,
    },
}

impl Entry {
    /// The exercise it checks, if it is checked at all.
    pub(crate) fn exercise(&self) -> Option<&Exercise> {
        match self {
            Entry::Run(ex) | Entry::Submitted(ex, _) => Some(ex),
            Entry::Invalid { .. } | Entry::Skipped { .. } => None,
        }
    }

    /// The path it is reported under: the exercise directory (or Markdown block).
    pub(crate) fn dir(&self) -> &Path {
        match self {
            Entry::Run(ex) | Entry::Submitted(ex, _) => ex.dir(),
            Entry::Invalid { dir, .. } | Entry::Skipped { dir, .. } => dir,
        }
    }
}

/// Which exercises run.
#[derive(Debug, Clone, Default)]
pub(crate) struct Selection {
    /// Substring of the exercise path that must be present.
    pub(crate) filter: Option<String>,
    /// The shard to run.
    pub(crate) partition: Option<Partition>,
    /// The compiler's release, for `rust-version`.
    pub(crate) release: Option<(u32, u32, u32)>,
}

/// Loads the exercises in `dirs` and applies the selection, keeping the order.
pub(crate) fn select(dirs: Vec<PathBuf>, selection: &Selection) -> Vec<Entry> {
    let mut shard_position = 0;
    dirs.into_iter()
        .map(|dir| {
            if filtered_out(selection.filter.as_deref(), &dir.to_string_lossy()) {
                return skipped(dir, "filtered out by --filter");
            }
            shard_position += 1;
            if let Some(p) = selection.partition {
                if !p.includes(shard_position - 1) {
                    return skipped(dir, "in another --partition");
                }
            }
            load(dir, selection.release)
        })
        .collect()
}

/// `Err` when `--filter` is given and keeps none of `paths` (of `what`: exercises, blocks).
pub(crate) fn require_match<'p>(
    filter: Option<&str>,
    what: &'static str,
    mut paths: impl Iterator<Item = &'p Path>,
) -> Result<(), FindError> {
    match filter {
        Some(f) if paths.all(|p| filtered_out(Some(f), &p.to_string_lossy())) => {
            Err(FindError::NoMatch {
                what,
                filter: f.to_owned(),
            })
        }
        _ => Ok(()),
    }
}

/// Whether `--filter TEXT` leaves out the exercise whose path (as shown) is `shown`; the
/// exercises it keeps are the ones `--partition` divides.
pub(crate) fn filtered_out(filter: Option<&str>, shown: &str) -> bool {
    filter.is_some_and(|f| !shown.contains(f))
}

fn skipped(dir: PathBuf, reason: &str) -> Entry {
    Entry::Skipped {
        dir,
        reason: reason.to_owned(),
    }
}

fn load(dir: PathBuf, release: Option<(u32, u32, u32)>) -> Entry {
    match Exercise::load(&dir) {
        Err(error) => Entry::Invalid { dir, error },
        Ok(ex) => match (ex.rust_version, release) {
            (Some(needed), Some(have)) if have < needed => {
                let reason = format!(
                    "needs rustc {}.{}.{} (rust-version), this is {}.{}.{}",
                    needed.0, needed.1, needed.2, have.0, have.1, have.2
                );
                skipped(dir, &reason)
            }
            _ => Entry::Run(Arc::new(ex)),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_exercises_names_the_marker_file() {
        let error = FindError::NoExercises(PathBuf::from("x"));
        assert!(error
            .to_string()
            .ends_with(&format!("with an {EXERCISE_FILE})")));
    }

    #[test]
    fn partitions_parse() {
        assert_eq!("2/3".parse(), Ok(Partition { index: 2, count: 3 }));
        assert!("0/3".parse::<Partition>().is_err());
        assert!("4/3".parse::<Partition>().is_err());
        assert!("x".parse::<Partition>().is_err());
    }

    #[test]
    fn partitions_cover_everything_once() {
        let dirs: Vec<PathBuf> = (0..10)
            .map(|i| PathBuf::from(format!("/nonexistent/e{i}")))
            .collect();
        let mut seen = vec![0; dirs.len()];
        for index in 1..=3 {
            let selection = Selection {
                partition: Some(Partition { index, count: 3 }),
                ..Selection::default()
            };
            for (i, entry) in select(dirs.clone(), &selection).iter().enumerate() {
                if !matches!(entry, Entry::Skipped { .. }) {
                    seen[i] += 1;
                }
            }
        }
        assert_eq!(seen, vec![1; dirs.len()]);
    }
}
