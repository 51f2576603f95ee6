//! trybuild suites, run unchanged: a suite is one `trybuild::TestCases` value of a
//! package's integration tests (`find`), or a `[[suite]]` of `snipcheck.toml` for one
//! snipcheck cannot read (`declared`); either is a list of globs, each expected to
//! compile or to fail, which `expand` turns into cases with trybuild's own rules (its
//! order, its `trybuildNNN` names, which call decides a file matched twice). Nothing
//! here compiles: a suite or a glob snipcheck cannot follow is a problem (an
//! `InputError` naming the file and line of the call), collected beside what could be
//! read, so one bad call hides neither the other suites nor the other globs.

use std::path::PathBuf;
use std::sync::Arc;

use crate::model::error::InputError;
use crate::model::manifest::Edition;

pub(crate) mod cases;
pub(crate) mod declared;
pub(crate) mod expand;
pub(crate) mod find;
pub(crate) mod import;

/// What a case is expected to do, as the trybuild method that listed it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    /// `t.compile_fail(..)`: rustc rejects it, with the errors of its `.stderr` file.
    CompileFail,
    /// `t.pass(..)`: it compiles, and the program it builds runs successfully.
    Pass,
}

impl Kind {
    /// The trybuild method (and `snipcheck.toml` key, dashed) that lists cases of this kind.
    pub(crate) fn method(self) -> &'static str {
        match self {
            Self::CompileFail => "compile_fail",
            Self::Pass => "pass",
        }
    }
}

/// One `t.compile_fail(PATTERN)` or `t.pass(PATTERN)` call (or one pattern of a
/// `[[suite]]`): a path, or a glob when it contains `*` (trybuild's test, not glob's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Glob {
    /// The pattern, relative to the package root as trybuild's working directory is.
    pub(crate) pattern: String,
    /// What its files are expected to do.
    pub(crate) kind: Kind,
    /// 1-based line of the call (of the pattern, in `snipcheck.toml`).
    pub(crate) line: usize,
}

/// One trybuild suite: the globs one `TestCases` value is given, in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suite {
    /// Where it is declared: the tests file, package-relative (`tests/compiletest.rs`),
    /// or the `snipcheck.toml` it was read from.
    pub(crate) file: PathBuf,
    /// 1-based line of the `let` binding the value, or of the `[[suite]]` header.
    pub(crate) line: usize,
    /// The function whose body creates it; `None` for a `[[suite]]`.
    pub(crate) function: Option<String>,
    /// The function's attributes that may ignore the test (`#[ignore]`,
    /// `#[rustversion::attr(not(nightly), ignore)]`), as written, joined by a space.
    /// Kept to be shown, not obeyed: snipcheck checks the suite anyway.
    pub(crate) ignored: Option<String>,
    /// Its globs, in source order.
    pub(crate) globs: Vec<Glob>,
}

/// The suites of a package's tests files, beside what kept others from being read: a
/// file that cannot be read or parsed, or a suite with a call snipcheck cannot follow,
/// is one problem, and the other files' and functions' suites are still found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// The suites, by file (sorted by name), then in source order.
    pub(crate) suites: Vec<Suite>,
    /// What could not be read, in the same order.
    pub(crate) problems: Vec<InputError>,
}

/// One file a suite compiles, under trybuild's name for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Case {
    /// The `.rs` file, package-relative as the pattern is.
    pub(crate) path: PathBuf,
    /// What it is expected to do: the kind of the last listing that took it over.
    pub(crate) kind: Kind,
    /// trybuild's name for it: `trybuild000`, `trybuild001`, ... in order of first listing.
    pub(crate) name: String,
    /// Its expected output: `path` with the extension `stderr`.
    pub(crate) stderr: PathBuf,
    /// The suite's file and the line of the call that decides its kind.
    pub(crate) declared_at: (PathBuf, usize),
}

/// A suite's cases, beside its globs that give none and its stale `.stderr` files: each
/// bad glob is one problem, and the other globs' cases are still there.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Expansion {
    /// The cases, in trybuild's order.
    pub(crate) cases: Vec<Case>,
    /// The globs' problems in source order, then the stale `.stderr` files by path.
    pub(crate) problems: Vec<InputError>,
}

/// Where a package's cases are, as its trybuild run would see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Setting {
    /// The package root as the user reached it (`""` for the working directory).
    pub(crate) shown: PathBuf,
    /// The package root, absolute.
    pub(crate) source_dir: PathBuf,
    /// Its workspace root, absolute.
    pub(crate) workspace: PathBuf,
    /// Its target directory.
    pub(crate) target_dir: PathBuf,
    /// Its `path` dependencies outside the workspace: name and directory.
    pub(crate) path_dependencies: Vec<(String, PathBuf)>,
    /// Its edition, which every case is compiled with.
    pub(crate) edition: Edition,
}

/// One case, as its judging needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SuiteCase {
    /// What it is expected to do.
    pub(crate) kind: Kind,
    /// Its `.stderr`, as the user reaches it.
    pub(crate) stderr: PathBuf,
    /// Its file, relative to the package root (`tests/ui/missing.rs`).
    pub(crate) input_file: PathBuf,
    /// trybuild's crate name for it (`trybuild000`).
    pub(crate) krate: String,
    /// Whether its suite has pass cases: trybuild then builds every case, else it only
    /// checks them.
    pub(crate) built: bool,
    /// Whether its expectations were imported beside it (`NAME.expect.toml`): they are
    /// checked instead of its `.stderr`.
    pub(crate) imported: bool,
    /// Where the package is.
    pub(crate) setting: Arc<Setting>,
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use walkdir::WalkDir;

    use super::*;

    /// The registry's unpacked copy of `package` (`name-version`), when cargo has one.
    fn registry_copy(package: &str) -> Option<PathBuf> {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
        let sources = std::fs::read_dir(home.join("registry/src")).ok()?;
        let mut found: Vec<PathBuf> = sources
            .flatten()
            .map(|index| index.path().join(package))
            .filter(|p| p.join("tests").is_dir())
            .collect();
        found.sort();
        found.pop()
    }

    /// A copy of `package`'s `tests/` in a temp dir, the package root.
    fn copy_tests(package: &Path) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for entry in WalkDir::new(package.join("tests")).into_iter().flatten() {
            let relative = entry
                .path()
                .strip_prefix(package)
                .expect("below the package");
            let target = dir.path().join(relative);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).expect("mkdir");
            } else if entry.file_type().is_file() {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
        dir
    }

    /// The `.rs` files below `dir` (package-relative), `deep` or only its own, in
    /// trybuild's order.
    fn rust_files(root: &Path, dir: &str, deep: bool) -> Vec<PathBuf> {
        let walk = WalkDir::new(root.join(dir)).max_depth(if deep { usize::MAX } else { 1 });
        let mut files: Vec<PathBuf> = walk
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
            .map(|e| e.path().strip_prefix(root).expect("below").to_path_buf())
            .collect();
        files.sort();
        files
    }

    /// Finds and expands the one suite of a real package's copied tests.
    fn real_suite(package: &str) -> Option<(tempfile::TempDir, Suite, Expansion)> {
        let Some(source) = registry_copy(package) else {
            eprintln!("skipped: no registry copy of {package}");
            return None;
        };
        let root = copy_tests(&source);
        let found = find::find_suites(root.path());
        assert_eq!(found.problems, [], "{package}");
        let [suite] = &found.suites[..] else {
            panic!("{package}: one suite expected: {found:?}");
        };
        let expansion = expand::expand(suite, root.path());
        Some((root, suite.clone(), expansion))
    }

    #[test]
    fn pin_project_lite_suite_expands_its_ui_tests_and_reports_its_empty_pass_glob() {
        let Some((root, suite, expansion)) = real_suite("pin-project-lite-0.2.18") else {
            return;
        };
        assert_eq!(suite.file, Path::new("tests/compiletest.rs"));
        let no_match = InputError::GlobNoMatch {
            file: PathBuf::from("tests/compiletest.rs"),
            line: 10,
            pattern: "tests/run-pass/**/*.rs".to_owned(),
        };
        assert_eq!(expansion.problems, [no_match]);
        let paths: Vec<_> = expansion.cases.iter().map(|c| c.path.clone()).collect();
        let expected = rust_files(root.path(), "tests/ui", true);
        assert!(expected.len() > 10, "{expected:?}");
        assert_eq!(paths, expected);
        for (index, case) in expansion.cases.iter().enumerate() {
            assert_eq!(case.name, format!("trybuild{index:03}"));
            assert_eq!(case.kind, Kind::CompileFail);
            assert!(root.path().join(&case.stderr).is_file(), "{case:?}");
        }
    }

    #[test]
    fn dtolnay_suites_expand_every_ui_test() {
        let packages = [
            "anyhow-1.0.105",
            "quote-1.0.47",
            "serde_json-1.0.154",
            "thiserror-2.0.21",
        ];
        for package in packages {
            let Some((root, suite, expansion)) = real_suite(package) else {
                continue;
            };
            assert!(
                suite.ignored.is_some_and(|i| i.contains("nightly")),
                "{package}"
            );
            assert_eq!(expansion.problems, [], "{package}");
            let paths: Vec<_> = expansion.cases.iter().map(|c| c.path.clone()).collect();
            assert!(!paths.is_empty(), "{package}");
            assert_eq!(
                paths,
                rust_files(root.path(), "tests/ui", false),
                "{package}"
            );
        }
    }
}
