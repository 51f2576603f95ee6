//! The values of typed headers, read as compiletest reads them: editions and their
//! ranges, compile flags (with `'...'` grouping), `NAME=value` pairs, normalisation
//! rules, exit codes and bug references. A value that does not have its header's form
//! is a problem, not something silently dropped.

use crate::model::annotation::spec::{
    year, AuxHow, AuxRequest, EditionSpec, Expectation, Meaning, Mode, Normalization, Outcome,
    Value,
};
use crate::model::annotation::AnnotationError;
use crate::model::manifest::Edition;

/// The value of a header that needs one after a colon; `example` shows a value in the
/// problem's message.
pub(super) fn required<'a>(
    name: &str,
    value: Value<'a>,
    example: &'static str,
) -> Result<&'a str, AnnotationError> {
    value
        .text
        .filter(|_| value.colon)
        .ok_or_else(|| AnnotationError::MissingValue {
            name: name.to_owned(),
            example,
        })
}

/// The blank-separated words of a value.
pub(super) fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// An `edition:` value: a year, `START..` or `START..END`; `None` for `future`, an
/// unstable edition snipcheck cannot pass. (`future` as a range's end is no end.)
pub(super) fn edition(text: &str) -> Result<Option<EditionSpec>, AnnotationError> {
    let bad = || AnnotationError::BadEdition(text.to_owned());
    let Some((start, end)) = text.split_once("..") else {
        return Ok(one_edition(text)?.map(EditionSpec::Exact));
    };
    let Some(start) = one_edition(start.trim())? else {
        return Ok(None);
    };
    match end.trim() {
        "" | "future" => Ok(Some(EditionSpec::From(start))),
        end => {
            let end = one_edition(end)?.ok_or_else(bad)?;
            if year(end) <= year(start) {
                return Err(bad());
            }
            Ok(Some(EditionSpec::Range(start, end)))
        }
    }
}

/// One edition's year; `None` for `future`.
fn one_edition(text: &str) -> Result<Option<Edition>, AnnotationError> {
    if text == "future" {
        return Ok(None);
    }
    Edition::from_year(text)
        .map(Some)
        .ok_or_else(|| AnnotationError::BadEdition(text.to_owned()))
}

/// `compile-flags:` split as compiletest splits them: by blanks, except that text
/// between single quotes is one flag. `--edition` and `-C incremental` are refused: they
/// have headers of their own.
pub(super) fn flags(text: &str) -> Result<Vec<String>, AnnotationError> {
    let flags: Vec<String> = text
        .split('\'')
        .enumerate()
        .flat_map(|(i, piece)| {
            if i % 2 == 1 {
                vec![piece]
            } else {
                piece.split_whitespace().collect()
            }
        })
        .map(str::to_owned)
        .collect();
    for (i, flag) in flags.iter().enumerate() {
        let next = flags.get(i + 1).map(String::as_str).unwrap_or("");
        let header = if flag == "--edition" || flag.starts_with("--edition=") {
            "edition: 2021"
        } else if flag.starts_with("-Cincremental=")
            || (flag == "-C" && next.starts_with("incremental="))
        {
            "incremental"
        } else {
            continue;
        };
        return Err(AnnotationError::FlagNeedsHeader {
            flag: flag.clone(),
            header,
        });
    }
    Ok(flags)
}

/// A `NAME=value` pair (a bare `NAME` is `NAME=`); the name is trimmed, the value kept.
pub(super) fn env(text: &str) -> (String, String) {
    let (name, value) = text.split_once('=').unwrap_or((text, ""));
    (name.trim().to_owned(), value.to_owned())
}

/// An auxiliary crate header's value, as compiletest splits it: `aux-build: file.rs`,
/// `aux-crate: [modifiers:]name=file.rs`, `proc-macro: [modifiers:]file.rs`. The file is a
/// relative path to a `.rs` file: below `auxiliary/`, or from the test's directory when it
/// starts with `..` (ui_test's rule, by which clippy's suites share `tests/ui/auxiliary/`).
pub(super) fn aux(name: &str, text: &str, line: u32) -> Result<AuxRequest, AnnotationError> {
    let bad = |expected| AnnotationError::BadValue {
        name: name.to_owned(),
        value: text.to_owned(),
        expected,
    };
    let modifiers = |head: &str| Some(head.trim().to_owned()).filter(|m| !m.is_empty());
    let (how, file) = match name {
        "aux-crate" => {
            let (head, file) = text
                .split_once('=')
                .ok_or_else(|| bad("write `name=file.rs`, e.g. `//@ aux-crate: dep=dep.rs`"))?;
            let (mods, crate_name) = match head.rsplit_once(':') {
                Some((mods, crate_name)) => (modifiers(mods), crate_name),
                None => (None, head),
            };
            let crate_name = crate_name.trim();
            if crate_name.is_empty() {
                return Err(bad(
                    "write `name=file.rs`, e.g. `//@ aux-crate: dep=dep.rs`",
                ));
            }
            let how = AuxHow::Crate {
                name: crate_name.to_owned(),
                modifiers: mods,
            };
            (how, file)
        }
        "proc-macro" => match text.split_once(':') {
            Some((mods, file)) => (
                AuxHow::ProcMacro {
                    modifiers: modifiers(mods),
                },
                file,
            ),
            None => (AuxHow::ProcMacro { modifiers: None }, text),
        },
        _ => (AuxHow::Build, text),
    };
    let file = file.trim();
    let relative = std::path::Path::new(file).components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::ParentDir
        )
    });
    if !file.ends_with(".rs") || !relative {
        return Err(bad(
            "a `.rs` file in `auxiliary/` beside the test, such as `helper.rs`",
        ));
    }
    Ok(AuxRequest {
        how,
        file: file.to_owned(),
        line,
    })
}

/// An exit code.
pub(super) fn code(name: &str, text: &str) -> Result<i32, AnnotationError> {
    text.parse().map_err(|_| AnnotationError::BadValue {
        name: name.to_owned(),
        value: text.to_owned(),
        expected: "an exit code, such as 101",
    })
}

/// A `known-bug:` value: `unknown`, or issue references (`#123`, `chalk#45`) separated by
/// commas.
pub(super) fn known_bug(text: &str) -> Result<(), AnnotationError> {
    let reference = |r: &str| {
        r.trim().split_once('#').is_some_and(|(_, number)| {
            !number.is_empty() && number.chars().all(|c| c.is_ascii_digit())
        })
    };
    if text == "unknown" || text.split(',').all(reference) {
        return Ok(());
    }
    Err(AnnotationError::BadValue {
        name: "known-bug".to_owned(),
        value: text.to_owned(),
        expected: "`unknown` or issue references such as `#123, chalk#45`",
    })
}

/// ui_test's `run` (the program must exit with 0) or `run: CODE`.
pub(super) fn run(value: Value<'_>) -> Result<Meaning, AnnotationError> {
    let status = match value.text.filter(|_| value.colon) {
        Some(text) => code("run", text)?,
        None => 0,
    };
    let outcome = if status == 0 {
        Outcome::Pass
    } else {
        Outcome::Fail
    };
    Ok(Meaning::Expect {
        expectation: Expectation {
            mode: Mode::Run,
            outcome,
        },
        status: (status != 0).then_some(status),
    })
}

/// A `normalize-*` rule, `"REGEX" -> "REPLACEMENT"`, after a colon or (older
/// compiletest, ui_test) a blank. A backslash keeps the character after it inside the
/// quotes; in compiletest's own headers a `\n` in the replacement is a newline.
pub(super) fn normalization(name: &str, value: Value<'_>) -> Result<Meaning, AnnotationError> {
    let text = value.text.unwrap_or("");
    let bad = || AnnotationError::BadValue {
        name: name.to_owned(),
        value: text.to_owned(),
        expected: "two quoted strings, `\"REGEX\" -> \"REPLACEMENT\"`",
    };
    let (from, rest) = quoted(text).ok_or_else(bad)?;
    let rest = rest.trim_start().strip_prefix("->").ok_or_else(bad)?;
    let (to, rest) = quoted(rest.trim_start()).ok_or_else(bad)?;
    if !rest.trim().is_empty() {
        return Err(bad());
    }
    let to = if name.ends_with("-test") {
        to.to_owned()
    } else {
        to.replace("\\n", "\n")
    };
    let pointer_width = match name {
        "normalize-stderr-32bit" => Some(32),
        "normalize-stderr-64bit" => Some(64),
        _ => None,
    };
    let rule = Normalization {
        from: from.to_owned(),
        to,
        pointer_width,
    };
    Ok(if name.starts_with("normalize-stdout") {
        Meaning::NormalizeStdout(rule)
    } else {
        Meaning::NormalizeStderr(rule)
    })
}

/// The contents of the double-quoted string `text` starts with, and what follows it.
fn quoted(text: &str) -> Option<(&str, &str)> {
    let inner = text.strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some((&inner[..i], &inner[i + 1..])),
            _ => {}
        }
    }
    None
}
