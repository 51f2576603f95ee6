//! `[[suite]]` tables of `snipcheck.toml`: a trybuild suite declared by hand, for one
//! snipcheck cannot read from its tests file (a path built at run time, a `TestCases`
//! passed around). `snipcheck.toml` is shared with the Markdown front-end's
//! `[dependencies]` (`docs.rs`): each reader takes its own key and lets the other's
//! pass, and both refuse any other, so a misspelt table is an error whichever reads.

use std::path::Path;

use serde::de::IgnoredAny;
use serde::Deserialize;
use toml::Spanned;

use crate::model::linemap::line_col;
use crate::model::manifest::{ConfigError, ErrorSite};
use crate::model::suite::{Glob, Kind, Suite};

/// What a `[[suite]]` that lists no pattern is told.
const EMPTY_SUITE: &str = "this [[suite]] lists no file: give `compile-fail = [\"tests/ui/*.rs\"]`, `pass = [..]`, or both";

/// `snipcheck.toml` as the suites' reader sees it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuitesFile {
    /// The declared suites.
    #[serde(default)]
    suite: Option<Vec<Spanned<SuiteToml>>>,
    /// The Markdown front-end's crates, read by `docs::read_deps`.
    #[serde(default, rename = "dependencies")]
    _dependencies: IgnoredAny,
    /// Annotated files' settings, read by `annotation::config`.
    #[serde(default, rename = "annotations")]
    _annotations: IgnoredAny,
}

/// One `[[suite]]`: the patterns a trybuild suite is given, as `t.compile_fail(..)` and
/// `t.pass(..)` would be, relative to the package root.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SuiteToml {
    /// Files (or globs of files) rustc must reject, each with its `.stderr` beside it.
    #[serde(default, rename = "compile-fail")]
    pub(crate) compile_fail: Vec<Spanned<String>>,
    /// Files (or globs of files) that must compile and run successfully.
    #[serde(default)]
    pub(crate) pass: Vec<Spanned<String>>,
}

/// The `[[suite]]`s of the `snipcheck.toml` at `path`, named by `path` as given; `None`
/// when it declares none. Only the `suite` key is read; `[dependencies]` is let pass.
pub(crate) fn read_declared(path: &Path) -> Result<Option<Vec<Suite>>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.to_path_buf(),
        position: None,
        message: format!("cannot read the file: {e}"),
    })?;
    parse_declared(&ErrorSite {
        file: path,
        text: &text,
    })
}

/// The `[[suite]]`s of `site`'s text.
fn parse_declared(site: &ErrorSite<'_>) -> Result<Option<Vec<Suite>>, ConfigError> {
    let raw: SuitesFile = toml::from_str(site.text).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        site.at(e.span().map(|s| s.start), message)
    })?;
    let Some(entries) = raw.suite else {
        return Ok(None);
    };
    let suites = entries.iter().map(|entry| suite(site, entry));
    suites.collect::<Result<Vec<_>, _>>().map(Some)
}

/// One `[[suite]]` as a suite: its patterns in source order, whichever key lists them.
fn suite(site: &ErrorSite<'_>, entry: &Spanned<SuiteToml>) -> Result<Suite, ConfigError> {
    let line = |offset: usize| line_col(site.text, offset).0;
    let raw = entry.get_ref();
    let listed = |kind: Kind, patterns: &[Spanned<String>]| {
        let patterns = patterns.iter().map(move |pattern| {
            let at = pattern.span().start;
            (at, kind, pattern.get_ref().clone())
        });
        patterns.collect::<Vec<_>>()
    };
    let mut globs = listed(Kind::CompileFail, &raw.compile_fail);
    globs.extend(listed(Kind::Pass, &raw.pass));
    if globs.is_empty() {
        return Err(site.spanned(entry, EMPTY_SUITE));
    }
    globs.sort_by_key(|(at, _, _)| *at);
    let globs = globs.into_iter().map(|(at, kind, pattern)| Glob {
        pattern,
        kind,
        line: line(at),
    });
    Ok(Suite {
        file: site.file.to_path_buf(),
        line: line(entry.span().start),
        function: None,
        ignored: None,
        globs: globs.collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("snipcheck.toml");
        std::fs::write(&path, text).expect("write");
        (dir, path)
    }

    fn glob(pattern: &str, kind: Kind, line: usize) -> Glob {
        Glob {
            pattern: pattern.to_owned(),
            kind,
            line,
        }
    }

    const BOTH: &str = r#"[dependencies]
serde = "1"

[[suite]]
pass = ["tests/pass/*.rs"]
compile-fail = [
    "tests/ui/*.rs",
    "tests/ui/extra.rs",
]

[[suite]]
compile-fail = ["tests/more/*.rs"]
"#;

    #[test]
    fn suite_tables_beside_dependencies_are_suites_in_source_order() {
        let (_dir, path) = write(BOTH);
        let suites = read_declared(&path).expect("reads").expect("has suites");
        let first = Suite {
            file: path.clone(),
            line: 4,
            function: None,
            ignored: None,
            globs: vec![
                glob("tests/pass/*.rs", Kind::Pass, 5),
                glob("tests/ui/*.rs", Kind::CompileFail, 7),
                glob("tests/ui/extra.rs", Kind::CompileFail, 8),
            ],
        };
        let second = Suite {
            file: path,
            line: 11,
            function: None,
            ignored: None,
            globs: vec![glob("tests/more/*.rs", Kind::CompileFail, 12)],
        };
        assert_eq!(suites, [first, second]);
    }

    #[test]
    fn suite_tables_alone_are_read_and_their_absence_is_none() {
        let (_dir, path) = write("[[suite]]\ncompile-fail = [\"tests/ui/*.rs\"]\n");
        let suites = read_declared(&path).expect("reads").expect("has suites");
        assert_eq!(
            suites[0].globs,
            [glob("tests/ui/*.rs", Kind::CompileFail, 2)]
        );
        let (_dir, path) = write("[dependencies]\nserde = \"1\"\n");
        assert_eq!(read_declared(&path), Ok(None));
    }

    #[test]
    fn a_misspelt_or_empty_suite_is_refused_at_its_line() {
        let (_dir, path) =
            write("[[suite]]\npass = [\"a.rs\"]\n\n[[suite]]\ncompile_fail = [\"b.rs\"]\n");
        let error = read_declared(&path).expect_err("misspelt key");
        assert_eq!(error.position.map(|p| p.0), Some(5));
        assert!(error.message.contains("compile_fail"), "{error}");
        let (_dir, path) = write("[dependencies]\n\n[[suite]]\n");
        let error = read_declared(&path).expect_err("empty suite");
        assert_eq!(error.position, Some((3, 1)));
        assert_eq!(error.message, EMPTY_SUITE);
        let (_dir, path) = write("[[suites]]\npass = [\"a.rs\"]\n");
        let error = read_declared(&path).expect_err("misspelt table");
        assert_eq!(error.position.map(|p| p.0), Some(1));
    }
}
