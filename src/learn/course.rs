//! A course: a directory whose `exercises/` holds what a learner works through, in path
//! order, next to `.snipcheck/` (progress and the shipped copies of every file) and
//! `solutions/` (reference solutions, written once an exercise is solved).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::catalog;
use super::error::LearnError;
use super::layout::{EXERCISES_DIR, SHIPPED_DIR, SOLUTIONS_DIR, STATE_DIR};
use crate::compile::deps::Package;
use crate::model::discover;
use crate::model::exercise::Exercise;
use crate::model::expectation::is_error_code;
use crate::model::manifest::ConfigError;
use crate::model::source::{EXERCISE_FILE, SOLUTION_FILE};

/// A group's metadata file (`title = "..."`).
const GROUP_FILE: &str = "group.toml";

/// A course and its exercises, in teaching (path) order.
#[derive(Debug)]
pub(crate) struct Course {
    /// The course directory.
    pub(crate) root: PathBuf,
    /// Its exercises.
    pub(crate) items: Vec<Item>,
    /// The Cargo package around the course whose crates its snippets may use, read with
    /// the run's toolchain at the first check; `None` inside when there is none.
    pub(crate) package: OnceLock<Option<Package>>,
}

/// One exercise of a course.
#[derive(Debug)]
pub(crate) struct Item {
    /// Path below `exercises/`, `/`-separated: `01_ownership/use_after_move`.
    pub(crate) id: String,
    /// The exercise directory.
    pub(crate) dir: PathBuf,
    /// The group's title from `group.toml`, or the group directory's name.
    pub(crate) group: String,
    /// The loaded exercise, or why its `exercise.toml` is malformed.
    pub(crate) exercise: Result<Exercise, ConfigError>,
}

impl Item {
    /// The exercise's title, or its id when it could not be loaded.
    pub(crate) fn title(&self) -> &str {
        self.exercise.as_ref().map_or(&self.id, |ex| &ex.title)
    }

    /// The file the learner edits.
    pub(crate) fn snippet(&self) -> Option<PathBuf> {
        self.exercise
            .as_ref()
            .ok()
            .map(|ex| self.dir.join(&ex.file))
    }

    /// The error codes the shipped snippet produces (from `[expect]`).
    pub(crate) fn codes(&self) -> Vec<String> {
        let Ok(ex) = &self.exercise else {
            return Vec::new();
        };
        let listed = ex.expect.error_codes().iter().cloned();
        let detailed = ex.expect.diagnostic_list().filter_map(|d| d.code.clone());
        let mut codes: Vec<String> = listed
            .chain(detailed)
            .filter(|c| is_error_code(c))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }
}

/// The course holding `start`: the nearest directory at or above it with `exercises/`.
pub(crate) fn find_root(start: &Path) -> Result<PathBuf, LearnError> {
    if start.join(EXERCISES_DIR).is_dir() {
        return Ok(start.to_path_buf());
    }
    let absolute = start
        .canonicalize()
        .map_err(|source| LearnError::Inaccessible {
            path: start.to_path_buf(),
            source,
        })?;
    absolute
        .ancestors()
        .find(|dir| dir.join(EXERCISES_DIR).is_dir())
        .map(relative_to_cwd)
        .ok_or(LearnError::NotACourse {
            start: absolute.clone(),
        })
}

/// `path` (absolute) as seen from the current directory when one lies inside the other,
/// so the paths shown to the learner stay short.
fn relative_to_cwd(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir().and_then(|d| d.canonicalize()) else {
        return path.to_path_buf();
    };
    if let Ok(below) = path.strip_prefix(&cwd) {
        return Path::new(".").join(below);
    }
    match cwd.strip_prefix(path) {
        Ok(above) => above.components().map(|_| Path::new("..")).collect(),
        Err(_) => path.to_path_buf(),
    }
}

impl Course {
    /// Loads every exercise below `root/exercises`.
    pub(crate) fn open(root: &Path) -> Result<Course, LearnError> {
        let base = root.join(EXERCISES_DIR);
        let dirs = discover::find(std::slice::from_ref(&base))
            .map_err(|e| LearnError::Exercises(e.into()))?;
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        let mut items: Vec<(String, usize, Item)> = dirs
            .into_iter()
            .map(|dir| {
                let rel = dir.strip_prefix(&base).unwrap_or(&dir);
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                let (group_dir, position, title) = match parts.as_slice() {
                    [group, name, ..] => {
                        let info = groups
                            .entry(group.clone())
                            .or_insert_with(|| Group::read(&base.join(group), group));
                        (group.clone(), info.position(name), info.title.clone())
                    }
                    _ => (String::new(), 0, String::new()),
                };
                let item = Item {
                    id: parts.join("/"),
                    exercise: Exercise::load(&dir),
                    dir,
                    group: title,
                };
                (group_dir, position, item)
            })
            .collect();
        // Groups in path order; inside a group, the teaching order of its `group.toml`
        // (exercises it does not list come after, by name). The sort is stable.
        items.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        Ok(Course {
            root: root.to_path_buf(),
            items: items.into_iter().map(|(_, _, item)| item).collect(),
            package: OnceLock::new(),
        })
    }

    /// The index of the exercise called `name`: its id (`01_ownership/use_after_move`),
    /// its directory name when that is unique, or its path (`exercises/...`).
    pub(crate) fn lookup(&self, name: &str) -> Result<usize, LearnError> {
        let wanted = name.trim_end_matches('/');
        let wanted = wanted.strip_prefix("exercises/").unwrap_or(wanted);
        if let Some(i) = self.items.iter().position(|item| item.id == wanted) {
            return Ok(i);
        }
        let matches: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].id.rsplit('/').next() == Some(wanted))
            .collect();
        match matches.as_slice() {
            [i] => Ok(*i),
            [] => Err(LearnError::NoExercise {
                name: name.to_owned(),
            }),
            many => Err(LearnError::AmbiguousName {
                name: name.to_owned(),
                ids: many.iter().map(|&i| self.items[i].id.clone()).collect(),
            }),
        }
    }

    /// snipcheck's directory inside the course.
    pub(crate) fn state_dir(&self) -> PathBuf {
        self.root.join(STATE_DIR)
    }

    /// The file `reset` writes back: the snippet, or, when the exercise cannot be loaded
    /// because a shipped file was deleted, that file.
    pub(crate) fn reset_file(&self, item: &Item) -> Result<String, LearnError> {
        match (&item.exercise, self.gone(item)) {
            (Ok(ex), _) => Ok(ex.file.clone()),
            (Err(_), Some(name)) => Ok(name),
            (Err(e), None) => Err(LearnError::Malformed(e.clone())),
        }
    }

    /// A source file `init` shipped for `item` that the learner's directory no longer
    /// holds (deleted by mistake), if any: `reset` brings it back.
    pub(crate) fn gone(&self, item: &Item) -> Option<String> {
        let kept = self.state_dir().join(SHIPPED_DIR).join(&item.id);
        let mut names: Vec<String> = fs::read_dir(kept)
            .ok()?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".rs") && n != SOLUTION_FILE)
            .collect();
        names.sort();
        names.into_iter().find(|n| !item.dir.join(n).exists())
    }

    /// `file` of `item` as shipped: the copy `init` kept in `.snipcheck/shipped/`, else the
    /// bundled catalog's, if the course's `exercise.toml` is the bundled one.
    pub(crate) fn shipped(&self, item: &Item, file: &str) -> Option<Vec<u8>> {
        let kept = self.state_dir().join(SHIPPED_DIR).join(&item.id).join(file);
        if let Ok(bytes) = fs::read(kept) {
            return Some(bytes);
        }
        let bundled_toml = catalog::file(&format!("{}/{EXERCISE_FILE}", item.id))?;
        let course_toml = fs::read(item.dir.join(EXERCISE_FILE)).ok()?;
        (course_toml == bundled_toml)
            .then(|| catalog::file(&format!("{}/{file}", item.id)))
            .flatten()
            .map(<[u8]>::to_vec)
    }

    /// Whether the learner's snippet is still the shipped one.
    pub(crate) fn is_unchanged(&self, item: &Item) -> bool {
        let Ok(ex) = &item.exercise else {
            return false;
        };
        let now = fs::read(item.dir.join(&ex.file)).ok();
        now.is_some() && now == self.shipped(item, &ex.file)
    }

    /// Writes the shipped snippet over the learner's, touching no other file.
    pub(crate) fn reset(&self, item: &Item) -> Result<PathBuf, LearnError> {
        let file = self.reset_file(item)?;
        let bytes = self
            .shipped(item, &file)
            .ok_or_else(|| LearnError::NoShippedCopy {
                id: item.id.clone(),
            })?;
        let path = item.dir.join(&file);
        match fs::write(&path, bytes) {
            Ok(()) => Ok(path),
            Err(source) => Err(LearnError::Write { path, source }),
        }
    }

    /// Where the learner can read the reference solution: the exercise's own
    /// `solution.rs`, or `solutions/<id>.rs`, written from the shipped copy when missing.
    pub(crate) fn solution(&self, item: &Item) -> Result<Option<PathBuf>, LearnError> {
        if let Some(own) = item
            .exercise
            .as_ref()
            .ok()
            .and_then(|ex| ex.solution_file.clone())
        {
            return Ok(Some(own));
        }
        let path = self
            .root
            .join(SOLUTIONS_DIR)
            .join(format!("{}.rs", item.id));
        if path.is_file() {
            return Ok(Some(path));
        }
        let Some(bytes) = self.shipped(item, SOLUTION_FILE) else {
            return Ok(None);
        };
        let write = |path: &Path| -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(path, bytes)
        };
        match write(&path) {
            Ok(()) => Ok(Some(path)),
            Err(source) => Err(LearnError::Write { path, source }),
        }
    }
}

/// A group's `group.toml`: its title (the directory name when it has none) and its
/// teaching order (`order = ["first", "second", ...]`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Group {
    title: String,
    order: Vec<String>,
}

impl Group {
    /// Reads `dir/group.toml`; a missing or unreadable file gives the defaults.
    fn read(dir: &Path, name: &str) -> Group {
        let table = fs::read_to_string(dir.join(GROUP_FILE))
            .ok()
            .and_then(|text| text.parse::<toml::Table>().ok())
            .unwrap_or_default();
        let title = table.get("title").and_then(|t| t.as_str());
        let order = table.get("order").and_then(|o| o.as_array());
        Group {
            title: title.unwrap_or(name).to_owned(),
            order: order
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        }
    }

    /// Where exercise `name` comes in the teaching order; unlisted ones come last.
    fn position(&self, name: &str) -> usize {
        self.order
            .iter()
            .position(|n| n == name)
            .unwrap_or(self.order.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_follows_its_teaching_order() {
        let root = tempfile::tempdir().expect("temp dir");
        let group = root.path().join(EXERCISES_DIR).join("01_g");
        for name in ["a", "b", "c"] {
            fs::create_dir_all(group.join(name)).expect("mkdir");
            fs::write(group.join(name).join(EXERCISE_FILE), "").expect("write");
        }
        fs::write(
            group.join(GROUP_FILE),
            "title = \"G\"\norder = [\"c\", \"a\"]\n",
        )
        .expect("write");
        let course = Course::open(root.path()).expect("course");
        let ids: Vec<&str> = course.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["01_g/c", "01_g/a", "01_g/b"]);
        assert!(course.items.iter().all(|i| i.group == "G"));
    }
}
