//! `[annotations]` in `snipcheck.toml`: what a project's own annotated files take by
//! default where compiletest's defaults do not suit it. Today one key, `edition`, the
//! edition of a file without `//@ edition:` (compiletest's is 2015). The nearest
//! `snipcheck.toml` at or above a file's directory applies. The file is shared with
//! `[dependencies]` (`docs.rs`) and `[[suite]]` (`suite/declared.rs`): each reader takes
//! its own key and lets the others pass, and all refuse any other.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::de::IgnoredAny;
use serde::Deserialize;
use toml::Spanned;

use crate::model::docs::CONFIG_FILE;
use crate::model::manifest::{toml_message, ConfigError, Edition, ErrorSite};

/// `snipcheck.toml` as this reader sees it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// The annotated files' settings.
    #[serde(default)]
    annotations: Option<AnnotationsToml>,
    /// The Markdown front-end's crates, read by `docs::read_deps`.
    #[serde(default, rename = "dependencies")]
    _dependencies: IgnoredAny,
    /// Declared trybuild suites, read by `suite::read_declared`.
    #[serde(default, rename = "suite")]
    _suite: IgnoredAny,
}

/// `[annotations]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationsToml {
    /// The default edition, as a year.
    edition: Option<Spanned<String>>,
}

/// The default editions found so far, by `snipcheck.toml` read, so each is read once a run.
#[derive(Debug, Default)]
pub(crate) struct Defaults {
    read: HashMap<PathBuf, Result<Option<Edition>, ConfigError>>,
}

impl Defaults {
    /// The edition of an annotated file at `file` without `//@ edition:`: its nearest
    /// `snipcheck.toml`'s `[annotations] edition`, else compiletest's 2015; an error names
    /// the `snipcheck.toml` and line at fault.
    pub(crate) fn edition(&mut self, file: &Path) -> Result<Edition, ConfigError> {
        let Some(config) = nearest(file) else {
            return Ok(Edition::E2015);
        };
        let read = self
            .read
            .entry(config.clone())
            .or_insert_with(|| read_edition(&config));
        match read {
            Ok(edition) => Ok(edition.unwrap_or(Edition::E2015)),
            Err(e) => Err(e.clone()),
        }
    }
}

/// The nearest `snipcheck.toml` at or above the directory of `file` (as given: a relative
/// path is searched up to the current directory).
fn nearest(file: &Path) -> Option<PathBuf> {
    file.ancestors()
        .skip(1)
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|config| config.is_file())
}

/// The `[annotations] edition` of the `snipcheck.toml` at `path`.
fn read_edition(path: &Path) -> Result<Option<Edition>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.to_path_buf(),
        position: None,
        message: format!("cannot read the file: {e}"),
    })?;
    parse(&ErrorSite {
        file: path,
        text: &text,
    })
}

fn parse(site: &ErrorSite<'_>) -> Result<Option<Edition>, ConfigError> {
    let raw: ConfigFile = toml::from_str(site.text)
        .map_err(|e| site.at(e.span().map(|s| s.start), toml_message(&e, site.text)))?;
    let Some(year) = raw.annotations.and_then(|a| a.edition) else {
        return Ok(None);
    };
    Edition::from_year(year.get_ref()).map(Some).ok_or_else(|| {
        site.spanned(
            &year,
            format!(
                "`edition = \"{}\"` is not an edition: give 2015, 2018, 2021 or 2024",
                year.get_ref()
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Result<Option<Edition>, ConfigError> {
        parse(&ErrorSite {
            file: Path::new("snipcheck.toml"),
            text,
        })
    }

    #[test]
    fn the_edition_is_read_beside_the_other_tables() {
        let text = "[dependencies]\nserde = \"1\"\n\n[annotations]\nedition = \"2021\"\n\n[[suite]]\npass = [\"a.rs\"]\n";
        assert_eq!(parsed(text), Ok(Some(Edition::E2021)));
        assert_eq!(parsed("[dependencies]\n"), Ok(None));
    }

    #[test]
    fn a_bad_edition_or_key_is_an_error_at_its_line() {
        let error = parsed("[annotations]\nedition = \"2020\"\n").expect_err("not an edition");
        assert_eq!(error.position.map(|p| p.0), Some(2));
        assert!(
            error.message.contains("2015, 2018, 2021 or 2024"),
            "{error}"
        );
        let error = parsed("[annotations]\neditoin = \"2021\"\n").expect_err("misspelt key");
        assert!(error.message.contains("editoin"), "{error}");
    }

    #[test]
    fn the_nearest_file_applies() {
        let dir = tempfile::tempdir().expect("temp dir");
        let ui = dir.path().join("tests/ui");
        std::fs::create_dir_all(&ui).expect("mkdir");
        let file = ui.join("moves.rs");
        std::fs::write(&file, "fn main() {}\n").expect("write");
        let mut defaults = Defaults::default();
        assert_eq!(defaults.edition(&file), Ok(Edition::E2015));
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "[annotations]\nedition = \"2024\"\n",
        )
        .expect("write");
        let mut defaults = Defaults::default();
        assert_eq!(defaults.edition(&file), Ok(Edition::E2024));
    }
}
