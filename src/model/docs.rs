//! Markdown documents as exercises: finding `.md` files below the user's paths, the
//! settings a document takes from its surroundings (`snipcheck.toml`'s `[dependencies]`,
//! an mdBook root's `book.toml`), and every Rust block turned into an exercise of the
//! engine: the code rustdoc would compile (in memory), the expectation its attributes
//! ask for, its edition and crates, and the line map back to the Markdown. Blocks that
//! cannot be checked (a misspelt attribute, an unterminated fence, a missing include)
//! and files that cannot be read become errors at their line; `ignore` blocks are
//! skipped with the reason.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;
use walkdir::WalkDir;

use crate::model::annotation::expect as annotated;
use crate::model::discover::{filtered_out, Entry, Selection};
use crate::model::doctest;
use crate::model::error::FindError;
use crate::model::exercise::{Exercise, Source};
use crate::model::expectation::{CodeRule, Expectation, Outcome};
use crate::model::include::{self, Expanded};
use crate::model::infostring::{self, Attributes, Ignore};
use crate::model::linemap::{self, LineMap};
use crate::model::manifest::{self, ConfigError, Edition};
use crate::model::markdown::{self, Block};

/// The file next to (or above) Markdown documents that declares their crates.
pub(crate) const CONFIG_FILE: &str = "snipcheck.toml";
/// The file at the root of an mdBook book.
pub(crate) const BOOK_FILE: &str = "book.toml";
/// The name of the generated snippet inside its temp dir.
const SNIPPET: &str = "main.rs";
/// rustdoc's `#![allow(unused)]`, as a rustc argument: the same lint levels (the
/// block's own attributes still override it), and no inner attribute that would keep
/// the block out of a batch.
const ALLOW_UNUSED: [&str; 2] = ["-A", "unused"];

/// What every document of a run shares.
#[derive(Debug, Clone, Default)]
pub(crate) struct DocOptions {
    /// `--edition`: the edition of blocks without `editionYYYY` (before `book.toml`).
    pub(crate) edition: Option<Edition>,
    /// `--exact-codes`: a block's listed codes must be all of its error codes.
    pub(crate) exact_codes: bool,
    /// `--deps FILE`: the crates of every block, instead of `snipcheck.toml`.
    pub(crate) deps: Option<toml::Table>,
    /// The edition of the package under test: blocks default to it after `book.toml`'s,
    /// as rustdoc gives doctests their crate's edition.
    pub(crate) package_edition: Option<Edition>,
    /// The host triple, for `ignore-TARGET`.
    pub(crate) host: String,
}

/// `snipcheck.toml` (and the `--deps` file).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DepsToml {
    /// Crates in Cargo's syntax.
    dependencies: Option<Spanned<toml::Table>>,
    /// Declared trybuild suites, read by `suite::read_declared`: let pass here, so one
    /// file holds both tables and a misspelt one is still refused.
    #[serde(default, rename = "suite")]
    _suite: serde::de::IgnoredAny,
    /// Annotated files' settings, read by `annotation::config`.
    #[serde(default, rename = "annotations")]
    _annotations: serde::de::IgnoredAny,
}

/// Reads a dependencies file: `[dependencies]` in Cargo's syntax, registry crates only.
pub(crate) fn read_deps(path: &Path) -> Result<Option<toml::Table>, ConfigError> {
    let error = |position, message: String| ConfigError {
        file: path.to_path_buf(),
        position,
        message,
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| error(None, format!("cannot read the file: {e}")))?;
    let at = |offset: usize| Some(linemap::line_col(&text, offset));
    let raw: DepsToml = toml::from_str(&text).map_err(|e| {
        error(
            e.span().and_then(|s| at(s.start)),
            e.message().trim().replace('\n', " "),
        )
    })?;
    let Some(deps) = raw.dependencies else {
        return Ok(None);
    };
    if let Some(problem) = manifest::dependency_problem(deps.get_ref()) {
        return Err(error(at(deps.span().start), problem));
    }
    let start = deps.span().start;
    let mut table = deps.into_inner();
    let base = path.parent().unwrap_or(Path::new("."));
    manifest::resolve_paths(&mut table, base).map_err(|m| error(at(start), m))?;
    Ok(Some(table).filter(|t| !t.is_empty()))
}

/// Every `.md` file at or below `paths`, in order: a file as given, a directory's files
/// sorted (skipping hidden directories and `target/`).
pub(crate) fn find(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FindError> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        if !path.is_dir() {
            return Err(FindError::Missing(path.clone()));
        }
        let before = files.len();
        let walker = WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !hidden(e));
        for entry in walker.filter_map(Result::ok) {
            let md = entry.path().extension().is_some_and(|x| x == "md");
            if md && entry.file_type().is_file() {
                files.push(entry.path().to_path_buf());
            }
        }
        if files.len() == before {
            return Err(FindError::NoMarkdown(path.clone()));
        }
    }
    files.dedup();
    Ok(files)
}

fn hidden(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || name == "target"
}

/// Where a document sits: its book (if any) and its crates.
#[derive(Debug, Clone, Default)]
struct Surroundings {
    /// `book.toml`'s `[rust] edition`, for a chapter of an mdBook book.
    book_edition: Option<Edition>,
    /// Whether the document is in a book, where includes are expanded.
    in_book: bool,
    /// The crates its blocks may use.
    deps: Option<toml::Table>,
}

/// The nearest `name` in `dir` or above it.
fn nearest(dir: &Path, name: &str) -> Option<PathBuf> {
    let start = dir.canonicalize().ok()?;
    start
        .ancestors()
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn surroundings(doc: &Path, options: &DocOptions) -> Result<Surroundings, ConfigError> {
    let dir = doc
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let deps = match &options.deps {
        Some(table) => Some(table.clone()),
        None => match nearest(dir, CONFIG_FILE) {
            Some(config) => read_deps(&config)?,
            None => None,
        },
    };
    let book = nearest(dir, BOOK_FILE);
    let book_edition = book.as_deref().and_then(book_edition);
    Ok(Surroundings {
        book_edition,
        in_book: book.is_some(),
        deps,
    })
}

/// `[rust] edition` of a `book.toml`.
fn book_edition(path: &Path) -> Option<Edition> {
    let table: toml::Table = std::fs::read_to_string(path).ok()?.parse().ok()?;
    let edition = table.get("rust")?.get("edition")?.as_str()?;
    Edition::from_year(edition)
}

/// Every Rust block of the document at `path` as an entry, in order.
pub(crate) fn load(path: &Path, options: &DocOptions) -> Vec<Entry> {
    let shown = path.to_string_lossy().replace('\\', "/");
    let text = match read_text(path) {
        Ok(text) => text,
        Err((line, message)) => return vec![invalid(&shown, path, line, message)],
    };
    let around = match surroundings(path, options) {
        Ok(around) => around,
        Err(error) => {
            let message = error.to_string();
            return vec![invalid(&shown, path, 1, message)];
        }
    };
    let expanded = if around.in_book {
        include::expand(&text, path, &shown)
    } else {
        Expanded {
            text: text.clone(),
            files: vec![shown.clone()],
            ..Expanded::default()
        }
    };
    let document = Document {
        path,
        expanded: &expanded,
        around: &around,
        options,
    };
    markdown::blocks(&expanded.text, &expanded.origins)
        .into_iter()
        .filter_map(|block| document.entry(block))
        .collect()
}

/// The files the blocks of the document at `path` come from: the document and, in a book,
/// every file it includes, nested includes too (what `doc --watch` watches).
pub(crate) fn sources(path: &Path, options: &DocOptions) -> Vec<PathBuf> {
    let in_book = surroundings(path, options).is_ok_and(|around| around.in_book);
    match std::fs::read_to_string(path) {
        Ok(text) if in_book => {
            let shown = path.to_string_lossy().replace('\\', "/");
            let mut files: Vec<PathBuf> = include::expand(&text, path, &shown)
                .files
                .into_iter()
                .skip(1)
                .map(PathBuf::from)
                .collect();
            files.insert(0, path.to_path_buf());
            files
        }
        _ => vec![path.to_path_buf()],
    }
}

/// The file's text, or the line of its first byte that is not UTF-8 and why.
fn read_text(path: &Path) -> Result<String, (u32, String)> {
    let bytes = std::fs::read(path).map_err(|e| (1, format!("cannot read the file: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32
            + 1;
        let message =
            format!("not valid UTF-8 (bad byte at offset {valid}, line {line}): save it as UTF-8");
        (line, message)
    })
}

fn invalid(shown: &str, file: &Path, line: u32, message: String) -> Entry {
    Entry::Invalid {
        dir: PathBuf::from(format!("{shown}:{line}")),
        error: ConfigError {
            file: file.to_path_buf(),
            position: Some((line as usize, 1)),
            message,
        },
    }
}

/// A block's inline annotations (`//~ ERROR`) as its expectation, with compiletest's
/// meaning (every error annotated) at the Markdown lines; `Err` with the Markdown line and
/// why when they cannot be read.
fn annotate(ex: &mut Exercise) -> Result<(), (u32, String)> {
    let (Some(code), Some(map)) = (ex.sources[0].text.as_deref(), ex.line_map()) else {
        return Ok(());
    };
    let at = |line: u32| map.place(line, None).line;
    let found = annotated::snippet_expectations(Path::new(SNIPPET), code).map_err(|e| {
        let line = e.position.map_or(0, |(l, _)| u32::try_from(l).unwrap_or(0));
        (at(line), e.message)
    })?;
    if found.is_empty() {
        return Ok(());
    }
    let inside = |line: u32| {
        let origin = line.checked_sub(1).and_then(|i| map.lines.get(i as usize));
        origin.copied().flatten().is_some()
    };
    if let Some(line) = found
        .iter()
        .filter_map(|d| d.get_ref().line)
        .find(|l| !inside(*l))
    {
        let why = format!("an annotation points outside the block (at line {line} of the code rustdoc would compile): point it at one of the block's own lines");
        return Err((map.fence.line, why));
    }
    let moved: Vec<_> = found
        .into_iter()
        .map(|d| {
            let span = d.span();
            let mut expectation = d.into_inner();
            expectation.line = expectation.line.map(at);
            Spanned::new(span, expectation)
        })
        .collect();
    ex.expect.diagnostics.extend(moved);
    ex.expect.codes = CodeRule::Annotated;
    Ok(())
}

/// One document being turned into entries.
struct Document<'a> {
    path: &'a Path,
    expanded: &'a Expanded,
    around: &'a Surroundings,
    options: &'a DocOptions,
}

impl Document<'_> {
    fn shown(&self, file: usize) -> &str {
        self.expanded.files.get(file).map_or("", String::as_str)
    }

    /// The entry of a block, or `None` when it is not Rust (as rustdoc decides).
    fn entry(&self, block: Block) -> Option<Entry> {
        let attrs = block
            .info
            .as_deref()
            .map(infostring::parse)
            .unwrap_or_default();
        if !attrs.rust && attrs.problems.is_empty() {
            return None;
        }
        let fence = block.fence;
        let at = format!("{}:{}", self.shown(fence.file), fence.line);
        if let Some((line, message)) = self.problem(&block, &attrs) {
            let mut entry = invalid(self.shown(fence.file), self.path, line, message);
            if let Entry::Invalid { dir, .. } = &mut entry {
                dir.clone_from(&PathBuf::from(&at));
            }
            return Some(entry);
        }
        if let Some(reason) = ignored(&attrs.ignore, &self.options.host) {
            return Some(Entry::Skipped {
                dir: PathBuf::from(at),
                reason,
            });
        }
        let mut ex = self.exercise(block, &attrs, at.clone());
        if let Err((line, message)) = annotate(&mut ex) {
            let mut entry = invalid(self.shown(fence.file), self.path, line, message);
            if let Entry::Invalid { dir, .. } = &mut entry {
                dir.clone_from(&PathBuf::from(&at));
            }
            return Some(entry);
        }
        Some(Entry::Run(Arc::new(ex)))
    }

    /// Why a block cannot be checked, if it cannot, and the line of the document to blame.
    fn problem(&self, block: &Block, attrs: &Attributes) -> Option<(u32, String)> {
        let fence = block.fence.line;
        if !attrs.problems.is_empty() {
            return Some((fence, attrs.problems.join("; ")));
        }
        let include = self.expanded.problems.iter().find(|(origin, _)| {
            block
                .lines
                .iter()
                .any(|l| l.origin.file == origin.file && l.origin.line == origin.line)
        });
        if let Some((origin, why)) = include {
            return Some(match origin.file {
                0 => (origin.line, why.clone()),
                other => (
                    fence,
                    format!("{}:{}: {why}", self.shown(other), origin.line),
                ),
            });
        }
        block.unterminated.then(|| {
            let why = format!(
                "unterminated code fence: the block opened at line {fence} never closes; add a closing fence"
            );
            (fence, why)
        })
    }

    fn exercise(&self, block: Block, attrs: &Attributes, at: String) -> Exercise {
        let generated = doctest::generate(doctest::unhide(block.lines.clone()), attrs.test_harness);
        let expect = expectation(attrs, self.options.exact_codes);
        let mut rustc_args: Vec<String> = ALLOW_UNUSED.map(str::to_owned).into();
        if attrs.test_harness {
            rustc_args.push("--test".into());
        }
        let edition = attrs
            .edition
            .or(self.options.edition)
            .or(self.around.book_edition)
            .or(self.options.package_edition)
            .unwrap_or_default();
        let name = Path::new(&at)
            .file_name()
            .map_or_else(|| at.clone(), |n| n.to_string_lossy().into_owned());
        let map = LineMap {
            generated: SNIPPET.to_owned(),
            files: self.expanded.files.clone(),
            lines: generated.lines,
            fence: block.fence,
        };
        let source = Source::Block {
            at: PathBuf::from(&at),
            map,
        };
        let title = title(&block, self.shown(0));
        let (file, abs) = (SNIPPET.to_owned(), self.path.to_path_buf());
        Exercise {
            edition,
            rustc_args,
            expect,
            dependencies: self.around.deps.clone(),
            ..Exercise::of_one_file(source, name, title, file, abs, Some(generated.code))
        }
    }
}

/// The headings a block is under, or the document's name.
fn title(block: &Block, shown: &str) -> String {
    if block.headings.is_empty() {
        shown.to_owned()
    } else {
        block.headings.join(" › ")
    }
}

/// Why a block is not compiled here, if it is not.
fn ignored(ignore: &Ignore, host: &str) -> Option<String> {
    match ignore {
        Ignore::Never => None,
        Ignore::Always => Some("ignore: the block is not compiled".into()),
        Ignore::Targets(targets) => targets
            .iter()
            .find(|t| host.contains(t.as_str()))
            .map(|t| format!("ignore-{t}: the block is not compiled on {host}")),
    }
}

/// What a block's attributes ask for, in rustdoc's order of precedence: `compile_fail`
/// (with its codes), `no_run`, then a run, which `should_panic` wants to fail. A
/// `test_harness` block is built with `--test` (see `rustc_args`) and its harness is the
/// program run: it passes as rustdoc's does, on exit status 0, tests or no tests.
pub(crate) fn expectation(attrs: &Attributes, exact_codes: bool) -> Expectation {
    let outcome = if attrs.compile_fail {
        Outcome::CompileFail
    } else if attrs.no_run {
        Outcome::CompilePass
    } else if attrs.should_panic {
        Outcome::RunFail
    } else {
        Outcome::RunPass
    };
    let codes = (attrs.compile_fail && !attrs.error_codes.is_empty())
        .then(|| Spanned::new(0..0, attrs.error_codes.clone()));
    let rule = if exact_codes && codes.is_some() {
        CodeRule::Exact
    } else {
        CodeRule::AtLeast
    };
    Expectation {
        outcome,
        errors: codes,
        codes: rule,
        ..Expectation::default()
    }
}

/// `--filter` and `--partition` over the blocks of a run, as over exercises: what the
/// filter leaves out is skipped, and the shards divide what it keeps.
pub(crate) fn select(entries: Vec<Entry>, selection: &Selection) -> Vec<Entry> {
    let mut position = 0;
    entries
        .into_iter()
        .map(|entry| {
            let dir = entry_dir(&entry).to_path_buf();
            if filtered_out(selection.filter.as_deref(), &dir.to_string_lossy()) {
                return skip(dir, "filtered out by --filter");
            }
            position += 1;
            match selection.partition {
                Some(p) if !p.includes(position - 1) => skip(dir, "in another --partition"),
                _ => entry,
            }
        })
        .collect()
}

/// The path an entry is reported under.
pub(crate) fn entry_dir(entry: &Entry) -> &Path {
    entry.dir()
}

fn skip(dir: PathBuf, reason: &str) -> Entry {
    Entry::Skipped {
        dir,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::doctest::CodeLine;
    use crate::model::linemap::Origin;

    /// The code a block's lines become.
    fn code_of(lines: Vec<CodeLine>) -> String {
        doctest::generate(doctest::unhide(lines), false).code
    }

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn runs(entries: &[Entry]) -> Vec<&Exercise> {
        entries
            .iter()
            .filter_map(|e| match e {
                Entry::Run(ex) => Some(&**ex),
                _ => None,
            })
            .collect()
    }

    /// `snipcheck.toml` holds `[[suite]]`s too (`suite::declared`): `[dependencies]`
    /// reads beside them, and a misspelt table is still refused.
    #[test]
    fn deps_are_read_beside_suite_tables() {
        let dir = tempfile::tempdir().expect("temp dir");
        let both =
            "[dependencies]\nserde = \"1\"\n\n[[suite]]\ncompile-fail = [\"tests/ui/*.rs\"]\n";
        let path = write(dir.path(), CONFIG_FILE, both);
        let deps = read_deps(&path).expect("reads").expect("has deps");
        assert_eq!(deps.keys().collect::<Vec<_>>(), ["serde"]);
        let path = write(dir.path(), CONFIG_FILE, "[[suite]]\npass = [\"a.rs\"]\n");
        assert_eq!(read_deps(&path), Ok(None));
        let path = write(dir.path(), CONFIG_FILE, "[[suites]]\npass = [\"a.rs\"]\n");
        let error = read_deps(&path).expect_err("misspelt table");
        assert!(error.message.contains("suites"), "{error}");
    }

    #[test]
    fn blocks_become_exercises_at_their_fence() {
        let dir = tempfile::tempdir().expect("temp dir");
        let doc = write(
            dir.path(),
            "a.md",
            "# Moves\n\n```rust,compile_fail,E0382\nlet s = String::new();\nlet t = s;\nprintln!(\"{s}\");\n```\n\n```text\nnot rust\n```\n\n```ignore\nnope\n```\n\n```should_panic\npanic!();\n```\n",
        );
        let entries = load(&doc, &DocOptions::default());
        assert_eq!(entries.len(), 3, "{entries:?}");
        let blocks = runs(&entries);
        let first = blocks[0];
        assert!(first.dir().to_string_lossy().ends_with("a.md:3"));
        assert_eq!(first.title, "Moves");
        assert_eq!(first.expect.outcome, Outcome::CompileFail);
        assert_eq!(first.expect.error_codes(), ["E0382"]);
        assert_eq!(first.expect.codes, CodeRule::AtLeast);
        let map = first.line_map().expect("a line map");
        assert_eq!(map.place(2, None).line, 4);
        assert_eq!(
            map.place(1, None).line,
            3,
            "the wrapper points at the fence"
        );
        assert!(
            matches!(&entries[1], Entry::Skipped { reason, .. } if reason.starts_with("ignore"))
        );
        assert_eq!(blocks[1].expect.outcome, Outcome::RunFail);
    }

    #[test]
    fn bad_blocks_are_errors_at_their_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let doc = write(
            dir.path(),
            "b.md",
            "```rust,should-panic\npanic!();\n```\n\n```rust\nlet x = 1;\n",
        );
        let entries = load(&doc, &DocOptions::default());
        let errors: Vec<String> = entries
            .iter()
            .map(|e| match e {
                Entry::Invalid { error, .. } => error.to_string(),
                other => format!("{other:?}"),
            })
            .collect();
        assert!(
            errors[0].contains("b.md:1:1: unknown attribute `should-panic`"),
            "{errors:?}"
        );
        assert!(
            errors[1].contains("b.md:5:1: unterminated code fence"),
            "{errors:?}"
        );
        let bad = write(dir.path(), "c.md", "");
        std::fs::write(&bad, b"ok\ncaf\xe9\n").expect("write");
        let entries = load(&bad, &DocOptions::default());
        assert!(entry_dir(&entries[0]).to_string_lossy().ends_with("c.md:2"));
    }

    #[test]
    fn expectations_follow_rustdoc() {
        let of = |info: &str| expectation(&infostring::parse(info), false).outcome;
        assert_eq!(of(""), Outcome::RunPass);
        assert_eq!(of("no_run"), Outcome::CompilePass);
        assert_eq!(of("compile_fail,should_panic"), Outcome::CompileFail);
        assert_eq!(of("should_panic,no_run"), Outcome::CompilePass);
        assert_eq!(of("test_harness"), Outcome::RunPass);
        assert_eq!(of("test_harness,should_panic"), Outcome::RunFail);
        let exact = expectation(&infostring::parse("compile_fail,E0499"), true);
        assert_eq!(exact.codes, CodeRule::Exact);
        let bare = expectation(&infostring::parse("compile_fail"), true);
        assert_eq!(bare.codes, CodeRule::AtLeast);
    }

    // Unix paths: `/etc` is no absolute path on Windows.
    #[cfg(unix)]
    #[test]
    fn dependencies_come_from_the_nearest_config() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), CONFIG_FILE, "[dependencies]\ntokio = \"1\"\n");
        std::fs::create_dir(dir.path().join("sub")).expect("mkdir");
        let doc = write(
            &dir.path().join("sub"),
            "a.md",
            "```no_run\nuse tokio;\n```\n",
        );
        let entries = load(&doc, &DocOptions::default());
        let deps = runs(&entries)[0].dependencies.clone().expect("deps");
        assert!(deps.contains_key("tokio"));
        write(
            dir.path(),
            CONFIG_FILE,
            "[dependencies]\nsecret = { path = \"/etc\" }\n",
        );
        let entries = load(&doc, &DocOptions::default());
        assert!(
            matches!(&entries[0], Entry::Invalid { error, .. } if error.message.contains("outside the repository"))
        );
    }

    #[test]
    fn books_expand_includes_and_set_the_edition() {
        let dir = tempfile::tempdir().expect("temp dir");
        write(
            dir.path(),
            BOOK_FILE,
            "[book]\ntitle = \"t\"\n[rust]\nedition = \"2018\"\n",
        );
        std::fs::create_dir(dir.path().join("src")).expect("mkdir");
        write(
            dir.path(),
            "src/l.rs",
            "fn main() {\n    let x: u8 = 1;\n}\n",
        );
        let doc = write(
            &dir.path().join("src"),
            "ch.md",
            "```rust\n{{#include l.rs}}\n```\n",
        );
        let entries = load(&doc, &DocOptions::default());
        let ex = runs(&entries)[0];
        assert_eq!(ex.edition, Edition::E2018);
        let map = ex.line_map().expect("map");
        let place = map.place(2, Some(5));
        assert!(place.file.ends_with("src/l.rs"), "{place:?}");
        assert_eq!(place.line, 2);
        let text = ex.sources[0].text.as_deref().expect("in memory");
        assert!(text.starts_with("fn main() {\n    let x"), "{text}");
    }

    #[test]
    fn the_front_end_generates_rustdoc_code() {
        let lines = vec![CodeLine {
            text: "# let x = 1;".into(),
            origin: Origin {
                file: 0,
                line: 2,
                shift: 0,
            },
        }];
        assert_eq!(code_of(lines), "fn main() {\nlet x = 1;\n}\n");
    }
}
