//! What a grade run will do, worked out before anything compiles: the students (one
//! submission, or every sub-directory of a class), the exercises and their hidden tests,
//! the shard, and for each student and exercise whether there is a file to check.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use super::error::GradeError;
use crate::engine::results::{ExerciseResult, Status};
use crate::model::discover::{self, Entry, Partition, Selection};
use crate::model::exercise::Exercise;
use crate::model::manifest;
use crate::model::source::{self, Submission};

/// Name of the hidden test file looked for when `[solution]` names none.
pub(crate) const DEFAULT_HIDDEN_TESTS: &str = "tests.rs";

/// What `grade` grades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Submissions {
    /// `--submission DIR`: one submission.
    One(PathBuf),
    /// `--submissions DIR`: every sub-directory is one.
    Many(PathBuf),
}

/// A class to grade: the exercises, the submissions and hidden tests, and which of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Class {
    /// `--exercises`: a directory searched for exercises, or one exercise.
    pub(crate) exercises: PathBuf,
    /// `--submission` or `--submissions`.
    pub(crate) submissions: Submissions,
    /// `--hidden`.
    pub(crate) hidden: Option<PathBuf>,
    /// `--filter`: only exercises whose path contains it.
    pub(crate) filter: Option<String>,
    /// `--partition`: the students' shard (with many), or the exercises' (with one).
    pub(crate) partition: Option<Partition>,
}

/// One student (or candidate): a directory that mirrors the exercise tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Student {
    /// The directory's name.
    pub(crate) name: String,
    /// The submission directory.
    pub(crate) dir: PathBuf,
}

/// One exercise of the catalog, as every student is graded on it.
#[derive(Debug)]
pub(crate) struct Graded {
    /// Path below the exercises root, `/`-separated; the same path below a submission.
    pub(crate) rel: String,
    /// The loaded exercise, or why it cannot be graded.
    pub(crate) entry: Entry,
    /// The hidden tests compiled into every submission of it.
    pub(crate) hidden: Option<PathBuf>,
    /// What a malformed exercise is still worth in every student's maximum (read once
    /// from whatever of its exercise.toml is TOML); 0 for any other.
    pub(crate) invalid_points: u32,
}

/// What a grade run will do, worked out and validated before anything compiles.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The students, sorted by name.
    pub(crate) students: Vec<Student>,
    /// The exercises, sorted by path.
    pub(crate) exercises: Vec<Graded>,
    /// Problems worth a warning that do not stop the run.
    pub(crate) warnings: Vec<String>,
    /// How many items `--partition` divided, before sharding: the students with many
    /// submissions, the exercises (after `--filter`) with one.
    pub(crate) items: usize,
}

/// Finds the students and exercises, selects the shard, and resolves hidden tests.
pub(crate) fn plan(config: &Class, release: Option<(u32, u32, u32)>) -> Result<Plan, GradeError> {
    let class = match &config.submissions {
        Submissions::One(dir) => vec![student(dir)],
        Submissions::Many(dir) => list_students(dir)?,
    };
    let all = discover::find(std::slice::from_ref(&config.exercises))
        .map_err(|e| GradeError::Exercises(e.into()))?;
    let warnings = match &config.hidden {
        Some(hidden) => unused_hidden_files(hidden, &config.exercises, &all),
        None => Vec::new(),
    };
    discover::require_match(
        config.filter.as_deref(),
        "exercise",
        all.iter().map(PathBuf::as_path),
    )
    .map_err(|e| GradeError::NoMatch(e.into()))?;
    let dirs: Vec<PathBuf> = all
        .into_iter()
        .filter(|d| !discover::filtered_out(config.filter.as_deref(), &shown(d)))
        .collect();
    let (students, dirs, items) = match &config.submissions {
        Submissions::One(_) => (class, shard(dirs.clone(), config.partition), dirs.len()),
        Submissions::Many(_) => (shard(class.clone(), config.partition), dirs, class.len()),
    };
    let selection = Selection {
        release,
        ..Selection::default()
    };
    let mut exercises = Vec::new();
    for entry in discover::select(dirs, &selection) {
        let rel = relative(&config.exercises, entry_dir(&entry));
        let hidden = match &entry {
            Entry::Run(ex) => hidden_tests(ex, &rel, config.hidden.as_deref())?,
            _ => None,
        };
        let invalid_points = match &entry {
            Entry::Invalid { dir, .. } => manifest::declared_points(dir),
            _ => 0,
        };
        exercises.push(Graded {
            rel,
            entry,
            hidden,
            invalid_points,
        });
    }
    refuse_mix_up(&config.submissions, &exercises)?;
    Ok(Plan {
        students,
        exercises,
        warnings,
        items,
    })
}

/// `--submissions` given one submission (its own files mirror the exercises, no
/// sub-directory's do) or `--submission` given a class (the reverse): every exercise would
/// be missing, so the run stops and names the option meant.
fn refuse_mix_up(submissions: &Submissions, exercises: &[Graded]) -> Result<(), GradeError> {
    let holds_any = |dir: &Path| {
        exercises.iter().any(|g| match &g.entry {
            Entry::Run(ex) => dir.join(&g.rel).join(&ex.file).is_file(),
            _ => false,
        })
    };
    let sub_dirs = |dir: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default()
    };
    let (dir, one) = match submissions {
        Submissions::One(dir) => (dir, true),
        Submissions::Many(dir) => (dir, false),
    };
    let class_inside = sub_dirs(dir).iter().any(|s| holds_any(s));
    let mixed_up = match one {
        true => !holds_any(dir) && class_inside,
        false => !class_inside && holds_any(dir),
    };
    if !mixed_up {
        return Ok(());
    }
    Err(GradeError::MixedUp {
        dir: dir.clone(),
        holds: if one { "a class" } else { "one submission" },
        why: if one {
            "each sub-directory mirrors the exercises"
        } else {
            "its own files mirror the exercises"
        },
        meant: if one { "--submissions" } else { "--submission" },
    })
}

fn student(dir: &Path) -> Student {
    let name = dir
        .canonicalize()
        .ok()
        .as_deref()
        .unwrap_or(dir)
        .file_name()
        .map_or_else(|| shown(dir), |n| n.to_string_lossy().into_owned());
    Student {
        name,
        dir: dir.to_path_buf(),
    }
}

/// Every sub-directory of `dir` but hidden ones, sorted by name.
fn list_students(dir: &Path) -> Result<Vec<Student>, GradeError> {
    let entries = std::fs::read_dir(dir).map_err(|source| GradeError::ReadSubmissions {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut students: Vec<Student> = entries
        .filter_map(Result::ok)
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.') && e.path().is_dir())
        .map(|e| Student {
            name: e.file_name().to_string_lossy().into_owned(),
            dir: e.path(),
        })
        .collect();
    students.sort_by(|a, b| a.name.cmp(&b.name));
    if students.is_empty() {
        return Err(GradeError::NoSubmissions {
            dir: dir.to_path_buf(),
        });
    }
    Ok(students)
}

/// The items of shard `partition` (every N-th, starting at the K-th), or all of them.
fn shard<T>(items: Vec<T>, partition: Option<Partition>) -> Vec<T> {
    match partition {
        None => items,
        Some(p) => items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| p.includes(*i))
            .map(|(_, item)| item)
            .collect(),
    }
}

fn entry_dir(entry: &Entry) -> &Path {
    entry.dir()
}

fn shown(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// `dir` below `root`, `/`-separated; empty when `dir` is the root itself.
fn relative(root: &Path, dir: &Path) -> String {
    shown(dir.strip_prefix(root).unwrap_or(dir))
}

/// The hidden tests of an exercise: `--hidden DIR/<rel>/<tests or tests.rs>` when that file
/// exists, else `[solution].tests`. Hidden tests need a test outcome.
fn hidden_tests(
    ex: &Exercise,
    rel: &str,
    hidden: Option<&Path>,
) -> Result<Option<PathBuf>, GradeError> {
    let named = ex.solution.tests.as_ref().map(|t| t.get_ref().as_str());
    let file = named.unwrap_or(DEFAULT_HIDDEN_TESTS);
    let given = hidden
        .map(|h| h.join(rel).join(file))
        .filter(|p| p.is_file());
    let Some(given) = given else {
        return Ok(named.map(|n| ex.dir().join(n)));
    };
    if !ex.solution.outcome.uses_harness() {
        return Err(GradeError::HiddenWithoutHarness {
            file: given,
            exercise: ex.dir().to_path_buf(),
            outcome: ex.solution.outcome,
        });
    }
    Ok(Some(given))
}

/// `.rs` files below `--hidden` in a directory that matches no exercise (a misspelt path?).
fn unused_hidden_files(hidden: &Path, root: &Path, exercises: &[PathBuf]) -> Vec<String> {
    let rels: Vec<String> = exercises.iter().map(|d| relative(root, d)).collect();
    WalkDir::new(hidden)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .filter(|e| {
            let dir = e.path().parent().map_or_else(String::new, |p| relative(hidden, p));
            !rels.contains(&dir)
        })
        .map(|e| {
            format!(
                "--hidden: {} matches no exercise (it would be used for the exercise at the same path below --exercises)",
                e.path().display()
            )
        })
        .collect()
}

/// How one exercise of one student is settled.
pub(crate) enum Settled {
    /// Compile and check it: the submission's entry.
    Check(Entry),
    /// Known without compiling: missing, refused, invalid or skipped.
    Known(ExerciseResult),
}

/// Settles an exercise of a student: where its submitted file is, and whether to check it.
pub(crate) fn settle(student: &Student, graded: &Graded) -> (PathBuf, Settled) {
    let dir = student.dir.join(&graded.rel);
    let ex = match &graded.entry {
        Entry::Invalid { dir: d, error } => {
            let result = ExerciseResult {
                points: graded.invalid_points,
                ..ExerciseResult::invalid(d, error)
            };
            return (dir, Settled::Known(result));
        }
        Entry::Skipped { dir: d, reason } => {
            return (dir, known(d, None, Status::Skipped, reason.clone()))
        }
        Entry::Run(ex) | Entry::Submitted(ex, _) => ex,
    };
    let submitted = dir.join(&ex.file);
    let settled = match source::submitted_file(&student.dir, &submitted) {
        Ok(Some(file)) => {
            let submission = Submission {
                file,
                tests: graded.hidden.clone(),
                student: student.dir.clone(),
            };
            Settled::Check(Entry::Submitted(Arc::clone(ex), submission))
        }
        Ok(None) => {
            let why = format!("no submission: {} does not exist", submitted.display());
            known(ex.dir(), Some(ex), Status::Missing, why)
        }
        Err(why) => known(ex.dir(), Some(ex), Status::Fail, format!("refused: {why}")),
    };
    (submitted, settled)
}

/// A result decided without a check.
fn known(dir: &Path, ex: Option<&Exercise>, status: Status, message: String) -> Settled {
    Settled::Known(ExerciseResult {
        title: ex.map(|e| e.title.clone()),
        points: ex.map_or(0, |e| e.points),
        ..ExerciseResult::without_checks(dir, status, message)
    })
}

impl Plan {
    /// Exercises to grade over all students (for progress).
    pub(crate) fn size(&self) -> usize {
        self.exercises.len() * self.students.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_cover_everything_once() {
        let items: Vec<usize> = (0..10).collect();
        let mut seen: Vec<usize> = (1..=3)
            .flat_map(|index| shard(items.clone(), Some(Partition { index, count: 3 })))
            .collect();
        seen.sort_unstable();
        assert_eq!(seen, items);
    }

    #[test]
    fn paths_below_the_root_use_slashes() {
        let root = Path::new("exercises");
        assert_eq!(relative(root, Path::new("exercises/01_a/b")), "01_a/b");
        assert_eq!(relative(root, root), "");
    }
}
