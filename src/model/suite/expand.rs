//! A suite's globs turned into cases with trybuild's rules (its `expand.rs`): a pattern
//! with a `*` is a glob whose matches are sorted, any other is one path taken as is; each
//! new path takes the next name, `trybuild000` on; a path listed again keeps its name and
//! takes the later kind when a glob made that name, and otherwise takes a new one (so a
//! path given twice runs twice). snipcheck is stricter than trybuild in what it reports,
//! never in what it runs: a glob that matches nothing (trybuild runs nothing for it and
//! passes), a path that is not there, and a `.stderr` file whose test is gone are
//! problems, each its own, and the other globs still give their cases. A pattern trybuild
//! keeps a name for although it cannot run it (a refused glob, a missing path) takes its
//! name here too, so the names of the cases after it are trybuild's.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::model::error::InputError;
use crate::model::suite::{Case, Expansion, Glob, Suite};

/// The extension of a case's expected output.
const STDERR: &str = "stderr";

/// `suite`'s cases, their paths relative to `package_root` as trybuild's are to the
/// working directory `cargo test` gives it; and its problems, in source order, then its
/// stale `.stderr` files.
pub(crate) fn expand(suite: &Suite, package_root: &Path) -> Expansion {
    let mut set = CaseSet::default();
    let mut problems = Vec::new();
    let mut dirs = BTreeSet::new();
    for glob in &suite.globs {
        let here = Here { suite, glob };
        let from_glob = glob.pattern.contains('*');
        let paths = if from_glob {
            match matches(&here, package_root) {
                Ok(paths) => paths,
                Err(refused) => {
                    let path = PathBuf::from(&glob.pattern);
                    problems.extend(set.insert(&here, path, false, Some(refused)));
                    continue;
                }
            }
        } else {
            vec![PathBuf::from(&glob.pattern)]
        };
        if paths.is_empty() {
            problems.push(here.no_match());
        }
        for path in paths {
            if from_glob {
                dirs.extend(path.parent().map(Path::to_path_buf));
            }
            let problem = here.file_problem(package_root, &path);
            problems.extend(set.insert(&here, path, from_glob, problem));
        }
    }
    problems.extend(orphans(suite, package_root, &dirs));
    Expansion {
        cases: set.cases(),
        problems,
    }
}

/// One glob of a suite, to name in its cases and problems.
struct Here<'a> {
    /// The suite.
    suite: &'a Suite,
    /// The glob.
    glob: &'a Glob,
}

impl Here<'_> {
    /// The suite's file and the glob's line.
    fn at(&self) -> (PathBuf, usize) {
        (self.suite.file.clone(), self.glob.line)
    }

    /// The glob matches no file.
    fn no_match(&self) -> InputError {
        InputError::GlobNoMatch {
            file: self.suite.file.clone(),
            line: self.glob.line,
            pattern: self.glob.pattern.clone(),
        }
    }

    /// What keeps `path` (package-relative) from being a case: it is missing, or it is
    /// not a regular file.
    fn file_problem(&self, package_root: &Path, path: &Path) -> Option<InputError> {
        let (file, line, path) = (self.suite.file.clone(), self.glob.line, path.to_path_buf());
        match std::fs::metadata(package_root.join(&path)) {
            Ok(meta) if meta.is_file() => None,
            Ok(_) => Some(InputError::CaseNotAFile { file, line, path }),
            Err(_) => Some(InputError::CaseMissing { file, line, path }),
        }
    }

    /// The glob crate refuses the pattern.
    fn invalid(&self, reason: String) -> InputError {
        InputError::GlobInvalid {
            file: self.suite.file.clone(),
            line: self.glob.line,
            pattern: self.glob.pattern.clone(),
            reason,
        }
    }

    /// A directory the glob walks cannot be read.
    fn unreadable(&self, reason: String) -> InputError {
        InputError::GlobUnreadable {
            file: self.suite.file.clone(),
            line: self.glob.line,
            pattern: self.glob.pattern.clone(),
            reason,
        }
    }
}

/// The glob's matches below `package_root`, relative to it and sorted as trybuild sorts
/// them (by path components); the glob crate's refusal of the pattern, or of a
/// directory it walks, as the glob's problem.
fn matches(here: &Here<'_>, package_root: &Path) -> Result<Vec<PathBuf>, InputError> {
    let root = package_root
        .to_str()
        .ok_or_else(|| here.unreadable("the package's path is not UTF-8".to_owned()))?;
    // Escaped, so that a `[` in the package's path is not read as a pattern; joined, so
    // that an absolute pattern stays as it is.
    let escaped = glob::Pattern::escape(root);
    let rooted = Path::new(&escaped).join(&here.glob.pattern);
    let rooted = rooted.to_string_lossy();
    let entries = glob::glob(&rooted).map_err(|e| {
        // The glob crate counts characters of the rooted pattern; the user wrote the rest.
        let shift = rooted.chars().count() - here.glob.pattern.chars().count();
        let at = e.pos.saturating_sub(shift) + 1;
        here.invalid(format!("{} at character {at}", e.msg))
    })?;
    let mut paths = entries
        .map(|entry| {
            let path = entry.map_err(|e| here.unreadable(e.to_string()))?;
            Ok(match path.strip_prefix(package_root) {
                Ok(relative) => relative.to_path_buf(),
                Err(_) => path,
            })
        })
        .collect::<Result<Vec<_>, InputError>>()?;
    paths.sort();
    Ok(paths)
}

/// A listing that took a name.
#[derive(Debug)]
struct Slot {
    /// The case.
    case: Case,
    /// Whether a glob listed it (a later listing of its path then takes it over).
    from_glob: bool,
    /// Whether it can run (it has no problem).
    runnable: bool,
}

/// The cases listed so far, by trybuild's rules.
#[derive(Debug, Default)]
struct CaseSet {
    /// Every listing that took a name, in order.
    slots: Vec<Slot>,
    /// The latest slot of each path.
    latest: BTreeMap<PathBuf, usize>,
}

impl CaseSet {
    /// Lists `path` for `here`'s glob (`from_glob`: matched by a glob rather than given);
    /// `problem` is why it cannot run, returned when the listing takes a name of its own.
    fn insert(
        &mut self,
        here: &Here<'_>,
        path: PathBuf,
        from_glob: bool,
        problem: Option<InputError>,
    ) -> Option<InputError> {
        if let Some(&index) = self.latest.get(&path) {
            let slot = &mut self.slots[index];
            if slot.from_glob {
                slot.case.kind = here.glob.kind;
                slot.case.declared_at = here.at();
                return None;
            }
        }
        let case = Case {
            name: format!("trybuild{:03}", self.slots.len()),
            stderr: path.with_extension(STDERR),
            kind: here.glob.kind,
            declared_at: here.at(),
            path: path.clone(),
        };
        self.latest.insert(path, self.slots.len());
        self.slots.push(Slot {
            case,
            from_glob,
            runnable: problem.is_none(),
        });
        problem
    }

    /// The cases that can run, in order.
    fn cases(self) -> Vec<Case> {
        let runnable = self.slots.into_iter().filter(|slot| slot.runnable);
        runnable.map(|slot| slot.case).collect()
    }
}

/// The `.stderr` files in `dirs` (package-relative) with no `.rs` file beside them,
/// sorted.
fn orphans(suite: &Suite, package_root: &Path, dirs: &BTreeSet<PathBuf>) -> Vec<InputError> {
    let mut stale = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(package_root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = dir.join(entry.file_name());
            let full = package_root.join(&path);
            let is_stderr = path.extension().is_some_and(|x| x == STDERR);
            if is_stderr && full.is_file() && !full.with_extension("rs").exists() {
                stale.push(path);
            }
        }
    }
    stale.sort();
    stale
        .into_iter()
        .map(|file| InputError::OrphanStderr {
            file,
            suite: suite.file.clone(),
            line: suite.line,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::suite::Kind;

    /// A package holding `files` (package-relative; a name ending in `/` is a directory).
    fn package(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        populate(dir.path(), files);
        dir
    }

    fn populate(root: &Path, files: &[&str]) {
        for name in files {
            let path = root.join(name);
            if name.ends_with('/') {
                std::fs::create_dir_all(&path).expect("mkdir");
                continue;
            }
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, "fn main() {}\n").expect("write");
        }
    }

    /// A suite of `tests/compiletest.rs` whose globs are on lines 10, 11, ...
    fn suite(globs: &[(Kind, &str)]) -> Suite {
        let globs = globs.iter().zip(10..).map(|(&(kind, pattern), line)| Glob {
            pattern: pattern.to_owned(),
            kind,
            line,
        });
        Suite {
            file: PathBuf::from("tests/compiletest.rs"),
            line: 9,
            function: Some("ui".to_owned()),
            ignored: None,
            globs: globs.collect(),
        }
    }

    /// The cases as `(name, path, kind, line)`.
    fn summary(expansion: &Expansion) -> Vec<(&str, &Path, Kind, usize)> {
        let cases = expansion.cases.iter();
        cases
            .map(|c| (c.name.as_str(), c.path.as_path(), c.kind, c.declared_at.1))
            .collect()
    }

    use Kind::{CompileFail, Pass};

    #[test]
    fn glob_matches_are_sorted_and_named_in_order() {
        let dir = package(&[
            "tests/ui/b.rs",
            "tests/ui/b.stderr",
            "tests/ui/a-b.rs",
            "tests/ui/a/c.rs",
            "tests/ui/notes.txt",
        ]);
        let expansion = expand(&suite(&[(CompileFail, "tests/ui/**/*.rs")]), dir.path());
        assert_eq!(expansion.problems, []);
        let expected = [
            ("trybuild000", Path::new("tests/ui/a/c.rs"), CompileFail, 10),
            ("trybuild001", Path::new("tests/ui/a-b.rs"), CompileFail, 10),
            ("trybuild002", Path::new("tests/ui/b.rs"), CompileFail, 10),
        ];
        assert_eq!(summary(&expansion), expected);
        let first = &expansion.cases[0];
        assert_eq!(first.stderr, Path::new("tests/ui/a/c.stderr"));
        assert_eq!(first.declared_at.0, Path::new("tests/compiletest.rs"));
    }

    #[test]
    fn a_path_matched_again_after_a_glob_takes_the_later_kind_and_keeps_its_name() {
        let dir = package(&["tests/ui/a.rs", "tests/ui/b.rs"]);
        // The name stays a glob's after a plain path takes it over, so the second plain
        // listing takes it over too rather than adding a case.
        let globs = [
            (CompileFail, "tests/ui/*.rs"),
            (Pass, "tests/ui/b.rs"),
            (Pass, "tests/ui/b.rs"),
        ];
        let expansion = expand(&suite(&globs), dir.path());
        assert_eq!(expansion.problems, []);
        let expected = [
            ("trybuild000", Path::new("tests/ui/a.rs"), CompileFail, 10),
            ("trybuild001", Path::new("tests/ui/b.rs"), Pass, 12),
        ];
        assert_eq!(summary(&expansion), expected);
    }

    #[test]
    fn a_path_given_before_a_glob_is_listed_again_by_it() {
        let dir = package(&["tests/ui/a.rs", "tests/ui/b.rs"]);
        let globs = [
            (Pass, "tests/ui/a.rs"),
            (CompileFail, "tests/ui/*.rs"),
            (Pass, "tests/ui/*.rs"),
        ];
        let expansion = expand(&suite(&globs), dir.path());
        assert_eq!(expansion.problems, []);
        let expected = [
            ("trybuild000", Path::new("tests/ui/a.rs"), Pass, 10),
            ("trybuild001", Path::new("tests/ui/a.rs"), Pass, 12),
            ("trybuild002", Path::new("tests/ui/b.rs"), Pass, 12),
        ];
        assert_eq!(summary(&expansion), expected);
    }

    #[test]
    fn a_glob_matching_nothing_is_its_own_problem() {
        let dir = package(&["tests/ui/pin_project/a.rs", "tests/ui/pin_project/a.stderr"]);
        let globs = [
            (CompileFail, "tests/ui/**/*.rs"),
            (Pass, "tests/run-pass/**/*.rs"),
        ];
        let expansion = expand(&suite(&globs), dir.path());
        let expected = [(
            "trybuild000",
            Path::new("tests/ui/pin_project/a.rs"),
            CompileFail,
            10,
        )];
        assert_eq!(summary(&expansion), expected);
        let no_match = InputError::GlobNoMatch {
            file: PathBuf::from("tests/compiletest.rs"),
            line: 11,
            pattern: "tests/run-pass/**/*.rs".to_owned(),
        };
        assert_eq!(expansion.problems, std::slice::from_ref(&no_match));
        assert_eq!(
            no_match.to_string(),
            "tests/compiletest.rs:11: `tests/run-pass/**/*.rs` matches no file: fix the path, or remove the call"
        );
    }

    #[test]
    fn a_missing_path_or_a_refused_glob_keeps_its_name_but_gives_no_case() {
        let dir = package(&["tests/ui/a.rs", "tests/ui/dir.rs/"]);
        let globs = [
            (Pass, "tests/ui/gone.rs"),
            (CompileFail, "tests/ui/[*.rs"),
            (CompileFail, "tests/ui/*.rs"),
        ];
        let expansion = expand(&suite(&globs), dir.path());
        let expected = [("trybuild002", Path::new("tests/ui/a.rs"), CompileFail, 12)];
        assert_eq!(summary(&expansion), expected);
        let file = PathBuf::from("tests/compiletest.rs");
        let expected = [
            InputError::CaseMissing {
                file: file.clone(),
                line: 10,
                path: PathBuf::from("tests/ui/gone.rs"),
            },
            InputError::GlobInvalid {
                file: file.clone(),
                line: 11,
                pattern: "tests/ui/[*.rs".to_owned(),
                reason: "invalid range pattern at character 10".to_owned(),
            },
            InputError::CaseNotAFile {
                file,
                line: 12,
                path: PathBuf::from("tests/ui/dir.rs"),
            },
        ];
        assert_eq!(expansion.problems, expected);
    }

    #[test]
    fn a_stderr_without_its_test_in_a_matched_directory_is_stale() {
        let dir = package(&[
            "tests/ui/a.rs",
            "tests/ui/a.stderr",
            "tests/ui/renamed.stderr",
            "tests/ui/deep/old.stderr",
            "tests/other/x.stderr",
            "tests/pass.rs",
            "tests/pass.stderr",
        ]);
        let globs = [(CompileFail, "tests/ui/*.rs"), (Pass, "tests/pass.rs")];
        let expansion = expand(&suite(&globs), dir.path());
        assert_eq!(expansion.cases.len(), 2);
        let stale = InputError::OrphanStderr {
            file: PathBuf::from("tests/ui/renamed.stderr"),
            suite: PathBuf::from("tests/compiletest.rs"),
            line: 9,
        };
        assert_eq!(expansion.problems, std::slice::from_ref(&stale));
        assert_eq!(
            stale.to_string(),
            "`tests/ui/renamed.stderr` has no `tests/ui/renamed.rs` beside it (in a directory of the suite at tests/compiletest.rs:9): rename it after its test, or delete it"
        );
    }

    // Windows forbids `*` and `?` in file names.
    #[cfg(unix)]
    #[test]
    fn a_package_path_with_glob_characters_is_matched_literally() {
        let outer = tempfile::tempdir().expect("temp dir");
        let root = outer.path().join("pkg[1]*");
        populate(&root, &["tests/ui/a.rs"]);
        populate(outer.path(), &["pkg1x/tests/ui/b.rs"]);
        let expansion = expand(&suite(&[(CompileFail, "tests/ui/*.rs")]), &root);
        assert_eq!(expansion.problems, []);
        let expected = [("trybuild000", Path::new("tests/ui/a.rs"), CompileFail, 10)];
        assert_eq!(summary(&expansion), expected);
    }

    #[test]
    fn a_declared_suite_is_told_to_edit_its_table() {
        let dir = package(&[]);
        let mut declared = suite(&[(Pass, "tests/pass/*.rs")]);
        declared.file = PathBuf::from("snipcheck.toml");
        let expansion = expand(&declared, dir.path());
        let [problem] = &expansion.problems[..] else {
            panic!("one problem expected: {expansion:?}");
        };
        assert_eq!(
            problem.to_string(),
            "snipcheck.toml:10: `tests/pass/*.rs` matches no file: fix the path, or remove it from the [[suite]]"
        );
    }
}
