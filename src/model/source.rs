//! The files of an exercise that reach rustc: which `.rs` files are collected, which
//! submitted file stands in for the snippet, and how they are copied (never linked) into a
//! compile's temp dir.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::model::error::InputError;
use crate::model::hidden::{self, HiddenTest, HiddenTestsError, HIDDEN_TESTS};
use crate::model::linemap::line_col;

/// Name of the metadata file that marks a directory as an exercise.
pub(crate) const EXERCISE_FILE: &str = "exercise.toml";
/// The reference fix, checked against `[solution]`.
pub(crate) const SOLUTION_FILE: &str = "solution.rs";
/// The optional snapshot of rustc's rendered output.
pub(crate) const SNAPSHOT_FILE: &str = "expected.stderr";

/// One `.rs` file of an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceFile {
    /// Path relative to the exercise directory (and to the temp dir).
    pub(crate) rel: PathBuf,
    /// Where to read it from.
    pub(crate) abs: PathBuf,
    /// The text itself, when it lives in memory rather than at `abs` (the code generated
    /// from a Markdown block, whose `abs` is the Markdown file).
    pub(crate) text: Option<String>,
}

/// Every `.rs` file below `dir` except `solution.rs` and the `excluded` ones (hidden tests),
/// sorted, skipping nested exercises, hidden directories and `target/`. A symlink leading
/// outside `dir` is refused.
pub(crate) fn collect(dir: &Path, excluded: &[&str]) -> Result<Vec<SourceFile>, InputError> {
    let root = resolve(dir)?;
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped_dir(e));
    let mut files = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| InputError::Walk {
            file: e.path().unwrap_or(dir).to_path_buf(),
            reason: e.to_string(),
        })?;
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_path_buf();
        let is_rs = rel.extension().is_some_and(|x| x == "rs");
        let skipped =
            rel == Path::new(SOLUTION_FILE) || excluded.iter().any(|x| rel == Path::new(x));
        if !is_rs || skipped || entry.file_type().is_dir() {
            continue;
        }
        if entry.path_is_symlink() {
            check_link(&root, entry.path(), &rel, "exercise")?;
        }
        files.push(SourceFile {
            rel,
            abs: entry.path().to_path_buf(),
            text: None,
        });
    }
    Ok(files)
}

fn skipped_dir(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    entry.file_type().is_dir()
        && (name.starts_with('.') || name == "target" || entry.path().join(EXERCISE_FILE).exists())
}

/// The real path of `dir`, which symlinks inside it are compared with.
fn resolve(dir: &Path) -> Result<PathBuf, InputError> {
    dir.canonicalize().map_err(|e| InputError::Unresolved {
        file: dir.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Refuses `path` when it resolves outside `root`; `owner` names what `root` is.
fn check_link(root: &Path, path: &Path, rel: &Path, owner: &'static str) -> Result<(), InputError> {
    let target = path.canonicalize().map_err(|e| InputError::BrokenLink {
        file: rel.to_path_buf(),
        reason: e.to_string(),
    })?;
    if target.starts_with(root) {
        Ok(())
    } else {
        Err(InputError::LinkOutside {
            file: rel.to_path_buf(),
            target,
            owner,
        })
    }
}

/// A submitted snippet standing in for the shipped one (`grade`), and the hidden tests it
/// is checked with. Nothing else of the submission reaches rustc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Submission {
    /// The submitted file, known to lie inside the submission directory.
    pub(crate) file: PathBuf,
    /// The hidden test file compiled in with `--test`, if any.
    pub(crate) tests: Option<PathBuf>,
    /// The student's submission directory: one student's programs never share a batch
    /// with another's.
    pub(crate) student: PathBuf,
}

/// The submitted file at `path`, if there is one: `Ok(None)` when nothing is there. A file
/// that is not a regular file, or a symlink (of the file or a directory above it) leading
/// outside `root`, is refused.
pub(crate) fn submitted_file(root: &Path, path: &Path) -> Result<Option<PathBuf>, InputError> {
    match fs::symlink_metadata(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(unreadable(path, &e)),
        Ok(_) => {}
    }
    check_link(&resolve(root)?, path, path, "submission")?;
    if !path.is_file() {
        return Err(InputError::NotAFile {
            file: path.to_path_buf(),
        });
    }
    Ok(Some(path.to_path_buf()))
}

/// The exact files one compile sees, read into memory once: hashed for the cache, checked
/// for UTF-8, then written into the temp dir (copied, never linked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Inputs {
    /// Path relative to the temp dir, and contents; sorted by path.
    pub(crate) files: Vec<(PathBuf, String)>,
    /// The hidden tests compiled in, each run on its own through the driver.
    pub(crate) hidden: Vec<HiddenTest>,
}

impl Inputs {
    /// Reads `sources`, taking the file at `snippet` from `replacement` when given (a
    /// solution or a submission standing in for the shipped snippet), and adds the hidden
    /// `tests` as a `#[cfg(test)]` module declared after the snippet's last line, with
    /// the driver that runs them (`hidden`); line numbers stay as they are, and the tests
    /// reach the snippet's items with `use super::*;`.
    pub(crate) fn gather(
        sources: &[SourceFile],
        snippet: &str,
        replacement: Option<&Path>,
        tests: Option<&Path>,
    ) -> Result<Inputs, InputError> {
        let mut files = Vec::with_capacity(sources.len() + 1);
        for source in sources {
            let text = match (replacement, &source.text) {
                (Some(r), _) if source.rel == Path::new(snippet) => read_utf8(r, &source.rel)?,
                (_, Some(text)) => text.clone(),
                _ => read_utf8(&source.abs, &source.rel)?,
            };
            files.push((source.rel.clone(), text));
        }
        let mut found = Vec::new();
        if let Some(tests) = tests {
            let text = read_utf8(tests, Path::new(HIDDEN_TESTS))?;
            found = hidden::tests_in(&text).map_err(|e| hidden_tests_error(tests, &text, e))?;
            files.push((
                PathBuf::from(HIDDEN_TESTS),
                hidden::with_driver(&text, &found),
            ));
            if let Some((_, code)) = files.iter_mut().find(|(rel, _)| rel == Path::new(snippet)) {
                *code = hidden::declare_in(code);
            }
        }
        files.sort();
        Ok(Inputs {
            files,
            hidden: found,
        })
    }

    /// Whether hidden tests are compiled in (even a file without tests: then none pass).
    pub(crate) fn has_hidden_tests(&self) -> bool {
        self.files
            .iter()
            .any(|(rel, _)| rel == Path::new(HIDDEN_TESTS))
    }

    /// Writes every file below `dest`.
    pub(crate) fn write_to(&self, dest: &Path) -> io::Result<()> {
        for (rel, text) in &self.files {
            let to = dest.join(rel);
            if let Some(parent) = to.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&to, text)?;
        }
        Ok(())
    }

    /// The text of one file.
    #[cfg(test)]
    pub(crate) fn text(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(path, _)| path == Path::new(rel))
            .map(|(_, text)| text.as_str())
    }
}

/// The hidden test file's problem, at the line of the offending test.
fn hidden_tests_error(file: &Path, text: &str, problem: HiddenTestsError) -> InputError {
    let HiddenTestsError::NotTopLevel(offset) = problem;
    InputError::HiddenTests {
        file: file.to_path_buf(),
        position: line_col(text, offset),
        problem,
    }
}

/// Reads a source, refusing text that is not UTF-8 with the file and the first bad byte,
/// instead of letting rustc fail with an error no expectation accounts for.
fn read_utf8(path: &Path, shown: &Path) -> Result<String, InputError> {
    let bytes = fs::read(path).map_err(|e| unreadable(shown, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        // The bytes before the first bad one are valid, so lines and columns count there.
        let before = String::from_utf8_lossy(&e.as_bytes()[..offset]);
        InputError::NotUtf8 {
            file: shown.to_path_buf(),
            offset,
            position: line_col(&before, offset),
        }
    })
}

fn unreadable(file: &Path, error: &io::Error) -> InputError {
    InputError::Unreadable {
        file: file.to_path_buf(),
        reason: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_modules_but_not_the_solution() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in ["main.rs", "solution.rs", "util.rs", "tests.rs", "notes.txt"] {
            fs::write(dir.path().join(name), "").expect("write");
        }
        fs::create_dir(dir.path().join("nested")).expect("mkdir");
        fs::write(dir.path().join("nested/exercise.toml"), "").expect("write");
        fs::write(dir.path().join("nested/main.rs"), "").expect("write");
        let rels: Vec<_> = collect(dir.path(), &["tests.rs"])
            .expect("collect")
            .into_iter()
            .map(|s| s.rel)
            .collect();
        assert_eq!(rels, [PathBuf::from("main.rs"), PathBuf::from("util.rs")]);
    }

    #[test]
    fn inputs_replace_the_snippet_and_declare_hidden_tests() {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in [
            ("main.rs", "fn main() {}"),
            ("fixed.rs", "fn main() { }"),
            ("t.rs", "#[test] fn t() {}"),
        ] {
            fs::write(dir.path().join(name), text).expect("write");
        }
        let sources = collect(dir.path(), &["t.rs", "fixed.rs"]).expect("collect");
        let fixed = dir.path().join("fixed.rs");
        let inputs = Inputs::gather(
            &sources,
            "main.rs",
            Some(&fixed),
            Some(&dir.path().join("t.rs")),
        )
        .expect("gather");
        let main = inputs.text("main.rs").expect("snippet");
        assert!(
            main.starts_with(
                "fn main() { }\n#[cfg(test)]\n#[path = \"snipcheck_hidden_tests.rs\"]"
            ),
            "{main}"
        );
        let tests = inputs.text(HIDDEN_TESTS).expect("hidden tests");
        assert!(tests.contains("#[test] fn t() {}\n"), "{tests}");
        assert_eq!(inputs.hidden.len(), 1);
        assert_eq!(inputs.hidden[0].name, "t");
    }

    #[test]
    fn inputs_refuse_non_utf8() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("main.rs"), b"fn main() {} // caf\xe9").expect("write");
        let sources = collect(dir.path(), &[]).expect("collect");
        let err = Inputs::gather(&sources, "main.rs", None, None).expect_err("must refuse");
        assert_eq!(
            err.to_string(),
            "main.rs is not valid UTF-8 (bad byte at offset 19): save it as UTF-8"
        );
        assert_eq!(err.file(), Path::new("main.rs"));
        assert_eq!(err.position(), Some((1, 20)));
    }

    #[test]
    fn a_misplaced_hidden_test_is_refused_at_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("main.rs"), "fn main() {}").expect("write");
        let tests = dir.path().join("t.rs");
        fs::write(&tests, "mod inner {\n    #[test]\n    fn t() {}\n}\n").expect("write");
        let sources = collect(dir.path(), &["t.rs"]).expect("collect");
        let err = Inputs::gather(&sources, "main.rs", None, Some(&tests)).expect_err("refused");
        assert_eq!(err.file(), tests);
        assert_eq!(err.position(), Some((2, 5)));
        assert!(err
            .to_string()
            .starts_with(&format!("{}: hidden tests", tests.display())));
    }

    // Symlinks need a privilege on Windows.
    #[cfg(unix)]
    #[test]
    fn submitted_files_stay_inside_the_submission() {
        let outside = tempfile::tempdir().expect("temp dir");
        fs::write(outside.path().join("main.rs"), "").expect("write");
        let root = tempfile::tempdir().expect("temp dir");
        let ex = root.path().join("ex");
        fs::create_dir(&ex).expect("mkdir");
        fs::write(ex.join("main.rs"), "").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.path().join("linked")).expect("symlink");
        fs::create_dir(ex.join("dir.rs")).expect("mkdir");
        let found = submitted_file(root.path(), &ex.join("main.rs")).expect("inside");
        assert_eq!(found, Some(ex.join("main.rs")));
        assert_eq!(submitted_file(root.path(), &ex.join("none.rs")), Ok(None));
        let err =
            submitted_file(root.path(), &root.path().join("linked/main.rs")).expect_err("outside");
        assert!(err.to_string().contains("outside the submission"), "{err}");
        let err = submitted_file(root.path(), &ex.join("dir.rs")).expect_err("a directory");
        assert!(err.to_string().contains("not a regular file"), "{err}");
    }

    // Symlinks need a privilege on Windows.
    #[cfg(unix)]
    #[test]
    fn refuses_symlinks_leaving_the_exercise() {
        let outside = tempfile::tempdir().expect("temp dir");
        let secret = outside.path().join("secret.rs");
        fs::write(&secret, "").expect("write");
        let dir = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(&secret, dir.path().join("main.rs")).expect("symlink");
        let err = collect(dir.path(), &[]).expect_err("must refuse");
        assert!(
            err.to_string().contains("symlink to a file outside"),
            "{err}"
        );
    }
}
