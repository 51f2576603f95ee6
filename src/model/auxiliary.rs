//! The auxiliary crates of an annotated file, with compiletest's meaning: `//@ aux-build:
//! file.rs` (a library the test reaches with `extern crate`), `//@ aux-crate: name=file.rs`
//! (a library given as `--extern name`) and `//@ proc-macro: file.rs` (a procedural macro
//! crate given as `--extern`). Each file lies in `auxiliary/` beside the test and is read
//! with its own headers (edition, compile flags, `no-prefer-dynamic`, its own auxiliary
//! crates), for the test's revision. `compile::deps::auxiliary` builds them, in the order
//! listed here, once per distinct set.

use std::path::{Path, PathBuf};

use crate::model::annotation::headers::{revision_cfg, Headers};
use crate::model::annotation::spec::{AuxHow, AuxRequest};
use crate::model::annotation::{self};
use crate::model::manifest::{ConfigError, Edition};
use crate::model::source::SourceFile;

/// The directory beside a test that holds its auxiliary files.
pub(crate) const DIR: &str = "auxiliary";

/// Every auxiliary crate of one run of a test.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Auxiliary {
    /// Every crate, in build order: a crate's own auxiliary crates come before it.
    pub(crate) crates: Vec<AuxCrate>,
    /// What the test is given by `--extern` (`aux-crate`, `proc-macro`).
    pub(crate) externs: Vec<Extern>,
    /// The set's name among a run's prebuilt crates, and of its build: a hash of every
    /// crate's path, text and settings, and of what the test is given.
    pub(crate) key: String,
}

/// One auxiliary crate, as it is built.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct AuxCrate {
    /// Its path below the test's directory (`auxiliary/helper.rs`), which is where it is
    /// built from and where rustc's messages about it point.
    pub(crate) rel: PathBuf,
    /// Its text, as read.
    pub(crate) text: String,
    /// How its crate type is chosen.
    pub(crate) kind: AuxKind,
    /// Its edition: its own `edition` header, else the default of annotated files.
    pub(crate) edition: Edition,
    /// Its own `compile-flags`, after the test's revision as a cfg.
    pub(crate) flags: Vec<String>,
    /// Its own `rustc-env` pairs.
    pub(crate) env: Vec<(String, String)>,
    /// What it is given by `--extern` (its own `aux-crate`, `proc-macro`).
    pub(crate) externs: Vec<Extern>,
}

/// How an auxiliary crate's type is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum AuxKind {
    /// A library (`--crate-type lib`). compiletest builds a dylib where the target has
    /// them, to save space; an rlib gives the test the same items, as ui_test builds it.
    Lib,
    /// `no-prefer-dynamic`: the type its `#![crate_type]` attribute declares.
    Declared,
    /// A procedural macro crate (`--crate-type proc-macro --extern proc_macro`).
    ProcMacro,
}

/// A crate given by `--extern`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Extern {
    /// The name it is given under.
    pub(crate) name: String,
    /// `--extern` modifiers (`priv`, `noprelude`), as written.
    pub(crate) modifiers: Option<String>,
    /// Which crate of `Auxiliary::crates`.
    pub(crate) index: usize,
}

impl Extern {
    /// `modifiers:name`, or `name`: what precedes `=` in `--extern`.
    pub(crate) fn flag_name(&self) -> String {
        match &self.modifiers {
            Some(modifiers) => format!("{modifiers}:{}", self.name),
            None => self.name.clone(),
        }
    }
}

impl Auxiliary {
    /// The auxiliary files of the test in `test_dir`, as sources of its temp dir, so rustc
    /// can quote their lines in its messages, as it does beside the test.
    pub(crate) fn sources(&self, test_dir: &Path) -> Vec<SourceFile> {
        self.crates
            .iter()
            .map(|c| SourceFile {
                rel: c.rel.clone(),
                abs: test_dir.join(&c.rel),
                text: Some(c.text.clone()),
            })
            .collect()
    }
}

/// The auxiliary crates `headers` ask for, for `revision` of the test at `test`, or `None`
/// when it asks for none; an unreadable or malformed auxiliary file is an error naming the
/// header (or the auxiliary file's own line).
pub(crate) fn resolve(
    test: &Path,
    headers: &Headers,
    revision: Option<&str>,
    edition: Edition,
) -> Result<Option<Auxiliary>, ConfigError> {
    if headers.aux.is_empty() {
        return Ok(None);
    }
    let mut reader = Reader {
        dir: test.parent().unwrap_or(Path::new(".")).join(DIR),
        revision,
        edition,
        crates: Vec::new(),
        open: Vec::new(),
    };
    let externs = reader.requests(test, &headers.aux)?;
    let hash = blake3::hash(format!("{:?}\n{externs:?}", reader.crates).as_bytes());
    Ok(Some(Auxiliary {
        crates: reader.crates,
        externs,
        key: format!("auxiliary {}", &hash.to_hex()[..32]),
    }))
}

/// Reads auxiliary files depth first.
struct Reader<'a> {
    /// `auxiliary/` beside the test: every auxiliary file of the test lies below it, also
    /// those another auxiliary file names.
    dir: PathBuf,
    revision: Option<&'a str>,
    edition: Edition,
    crates: Vec<AuxCrate>,
    /// The files being read, to refuse a cycle.
    open: Vec<PathBuf>,
}

impl Reader<'_> {
    /// Reads every crate `requests` (headers of `from`) name; what they give by `--extern`.
    fn requests(
        &mut self,
        from: &Path,
        requests: &[AuxRequest],
    ) -> Result<Vec<Extern>, ConfigError> {
        let mut externs = Vec::new();
        for request in requests {
            let index = self.read(from, request)?;
            let rel = &self.crates[index].rel;
            let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
            let (name, modifiers) = match &request.how {
                AuxHow::Build => continue,
                AuxHow::Crate { name, modifiers } => (name.clone(), modifiers.clone()),
                AuxHow::ProcMacro { modifiers } => (stem.replace('-', "_"), modifiers.clone()),
            };
            externs.push(Extern {
                name,
                modifiers,
                index,
            });
        }
        Ok(externs)
    }

    /// Reads the crate `request` names (with its own crates first); its index.
    /// The file `request` (a header of `from`) names, and its text: one in an
    /// `auxiliary/` directory, and not one being read.
    fn locate(&self, from: &Path, request: &AuxRequest) -> Result<(PathBuf, String), ConfigError> {
        let at = |message: String| ConfigError {
            file: from.to_path_buf(),
            position: Some((request.line as usize, 1)),
            message,
        };
        // ui_test's rule: a path that starts with `..` is taken from the test's directory.
        let path = match request.file.starts_with("..") {
            true => self
                .dir
                .parent()
                .unwrap_or(Path::new("."))
                .join(&request.file),
            false => self.dir.join(&request.file),
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            at(format!(
                "cannot read auxiliary file {}: {e}",
                path.display()
            ))
        })?;
        // However it is reached, an auxiliary file lies in an `auxiliary/` directory: a
        // header cannot make snipcheck read any other file (a symlink is followed first).
        let real = path.canonicalize().unwrap_or_default();
        let in_auxiliary = real.parent().is_some_and(within_auxiliary);
        if !in_auxiliary {
            let shown = path.display();
            return Err(at(format!("{shown} does not lie in an `{DIR}/` directory")));
        }
        if self.open.contains(&path) {
            let shown = path.display();
            return Err(at(format!(
                "auxiliary files name each other in a cycle: {shown}"
            )));
        }
        Ok((path, text))
    }

    fn read(&mut self, from: &Path, request: &AuxRequest) -> Result<usize, ConfigError> {
        let (path, text) = self.locate(from, request)?;
        let parsed = annotation::parse(&path, &text).map_err(|problems| {
            let first = &problems[0];
            ConfigError {
                file: path.clone(),
                position: first.position(),
                message: first.without_place(),
            }
        })?;
        let (_, own) = parsed.for_revision(self.revision);
        self.open.push(path.clone());
        let externs = self.requests(&path, &own.aux)?;
        self.open.pop();
        let kind = match request.how {
            AuxHow::ProcMacro { .. } => AuxKind::ProcMacro,
            _ if own.has_other("no-prefer-dynamic") => AuxKind::Declared,
            _ => AuxKind::Lib,
        };
        let mut flags = Vec::new();
        if let Some(revision) = self.revision {
            flags.extend(["--cfg".to_owned(), revision_cfg(revision)]);
        }
        flags.extend(own.compile_flags.iter().cloned());
        let built = AuxCrate {
            rel: below_auxiliary(&request.file),
            text,
            kind,
            edition: own.edition(self.edition),
            flags,
            env: own.rustc_env.clone(),
            externs,
        };
        // A crate asked for twice, the same way, is built once.
        if let Some(index) = self.crates.iter().position(|c| *c == built) {
            return Ok(index);
        }
        self.crates.push(built);
        Ok(self.crates.len() - 1)
    }
}

/// Whether `dir` is, or lies in, a directory named `auxiliary`.
pub(crate) fn within_auxiliary(dir: &Path) -> bool {
    dir.components().any(|c| c.as_os_str() == DIR)
}

/// Where a requested file goes below the temp dir (and the set's directory):
/// `auxiliary/FILE`, each `..` of a path from the test's directory written `__`, so it
/// stays inside.
fn below_auxiliary(file: &str) -> PathBuf {
    let mut rel = PathBuf::from(DIR);
    for part in Path::new(file).components() {
        match part {
            std::path::Component::ParentDir => rel.push("__"),
            other => rel.push(other),
        }
    }
    rel
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` (path, text) below a temp dir; the dir and `test.rs`'s resolution.
    fn resolved(
        files: &[(&str, &str)],
    ) -> (tempfile::TempDir, Result<Option<Auxiliary>, ConfigError>) {
        let dir = tempfile::tempdir().expect("temp dir");
        for (path, text) in files {
            let file = dir.path().join(path);
            std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
            std::fs::write(file, text).expect("write");
        }
        let test = dir.path().join("test.rs");
        let text = std::fs::read_to_string(&test).expect("read");
        let parsed = annotation::parse(&test, &text).expect("parses");
        let (_, headers) = parsed.for_revision(None);
        let aux = resolve(&test, &headers, None, Edition::E2015);
        (dir, aux)
    }

    #[test]
    fn nested_crates_come_first_and_a_crate_asked_twice_is_built_once() {
        let (_dir, aux) = resolved(&[
            (
                "test.rs",
                "//@ aux-build: a.rs\n//@ aux-crate: bee=b.rs\n//@ aux-build: a.rs\nfn main() {}\n",
            ),
            ("auxiliary/a.rs", "//@ edition: 2021\npub fn a() {}\n"),
            (
                "auxiliary/b.rs",
                "//@ aux-build: a.rs\n//@ no-prefer-dynamic\n#![crate_type = \"rlib\"]\n",
            ),
        ]);
        let aux = aux.expect("resolves").expect("some crates");
        let files: Vec<PathBuf> = aux.crates.iter().map(|c| c.rel.clone()).collect();
        let dir = Path::new(DIR);
        assert_eq!(files, [dir.join("a.rs"), dir.join("b.rs")]);
        assert_eq!(aux.crates[0].edition, Edition::E2021);
        assert_eq!(
            (aux.crates[0].kind, aux.crates[1].kind),
            (AuxKind::Lib, AuxKind::Declared)
        );
        assert_eq!(aux.externs.len(), 1);
        assert_eq!(
            (aux.externs[0].name.as_str(), aux.externs[0].index),
            ("bee", 1)
        );
    }

    #[test]
    fn a_cycle_is_an_error_at_the_header_that_closes_it() {
        let (dir, aux) = resolved(&[
            ("test.rs", "//@ aux-build: a.rs\nfn main() {}\n"),
            ("auxiliary/a.rs", "//@ aux-build: b.rs\n"),
            ("auxiliary/b.rs", "\n//@ aux-build: a.rs\n"),
        ]);
        let error = aux.expect_err("a cycle");
        assert_eq!(error.file, dir.path().join("auxiliary/b.rs"));
        assert_eq!(error.position, Some((2, 1)));
        assert!(error.message.contains("in a cycle"), "{}", error.message);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_leading_out_of_auxiliary_is_an_error() {
        let (dir, _) = resolved(&[
            ("test.rs", "fn main() {}\n"),
            ("secret.rs", "pub fn s() {}\n"),
        ]);
        std::fs::create_dir_all(dir.path().join("auxiliary")).expect("mkdir");
        std::os::unix::fs::symlink(
            dir.path().join("secret.rs"),
            dir.path().join("auxiliary/link.rs"),
        )
        .expect("symlink");
        let test = dir.path().join("test.rs");
        std::fs::write(&test, "//@ aux-build: link.rs\nfn main() {}\n").expect("write");
        let parsed =
            annotation::parse(&test, "//@ aux-build: link.rs\nfn main() {}\n").expect("parses");
        let (_, headers) = parsed.for_revision(None);
        let error = resolve(&test, &headers, None, Edition::E2015).expect_err("outside");
        assert_eq!((error.file, error.position), (test, Some((1, 1))));
        assert!(
            error.message.contains("does not lie in"),
            "{}",
            error.message
        );
    }
}
