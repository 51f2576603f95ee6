//! compiletest's spelling of annotations and headers, rewritten line for line into ui_test's,
//! so that ui_test reads a rust-lang/rust UI test as compiletest means it. Every line stays
//! one line: the diagnostics' line numbers do not move.
//!
//! What changes (compiletest → ui_test):
//! - `//~^ ERROR msg` → `//~^ ERROR: msg` (ui_test wants the colon);
//! - `//[rev]~` → `//~[rev]` (ui_test's place for revisions);
//! - `//~|` → carets to the line compiletest gives it (the line of the last annotation that
//!   was not `|`), since ui_test's `|` only follows a `^` chain;
//! - `//~? KIND msg` → `//@error-in-other-file: msg`;
//! - `ERROR E0382` or `ERROR [E0382]` → ui_test's code form `//~ E0382`; `msg [E0382]` (the
//!   code compiletest appends to a message) → the regex `/(?m)msg$/`, since ui_test matches
//!   the message without its code; an empty message → `/.*/` (any message of that kind);
//! - `SUGGESTION`/`RAW` annotations are dropped (ui_test has no such kind; compiletest checks
//!   them, snipcheck reads them without checking);
//! - `//@ edition: 2015..2021` → the edition compiletest picks (2015 when inside the range,
//!   else its first edition); `//@ only-*`, `ignore-*`, `needs-*` are judged here for the
//!   host, x86_64-unknown-linux-gnu (the file is skipped, or the header dropped);
//!   `ignore-compare-mode-*`, `ignore-tidy-*` and `ignore-pass` are dropped.
//!
//! An annotation without a known kind (`//~^ use of moved value`) is left as it is: compiletest
//! matches it with nothing, ui_test refuses it, so both fail the file.

use regex::Regex;
use std::sync::OnceLock;

/// The rewritten file and whether it runs on this host.
#[derive(Debug, Default)]
pub struct Translation {
    /// The text in ui_test's spelling, line for line.
    pub text: String,
    /// Why the file is skipped on this host, naming its header.
    pub skip: Option<String>,
}

/// The kinds compiletest reads, by the words it accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Error,
    Warn,
    Note,
    Help,
    /// `SUGGESTION` and `RAW`: no ui_test equivalent.
    Other,
}

impl Kind {
    /// compiletest's `ErrorKind::from_user_str`.
    fn from_word(word: &str) -> Option<Kind> {
        Some(match word {
            "ERROR" | "error" => Kind::Error,
            "WARN" | "WARNING" | "warn" | "warning" => Kind::Warn,
            "NOTE" | "note" => Kind::Note,
            "HELP" | "help" => Kind::Help,
            "SUGGESTION" | "RAW" => Kind::Other,
            _ => return None,
        })
    }

    /// ui_test's word for the kind.
    fn ui_test_word(self) -> &'static str {
        match self {
            Kind::Error => "ERROR",
            Kind::Warn => "WARN",
            Kind::Note => "NOTE",
            Kind::Help => "HELP",
            Kind::Other => "",
        }
    }
}

/// The facts of the host that `only-*`/`ignore-*` headers name.
const HOST_FACTS: &[&str] = &[
    "linux",
    "unix",
    "x86_64",
    "64bit",
    "gnu",
    "elf",
    "x86_64-unknown-linux-gnu",
];

/// `needs-*` headers that hold on the host.
const HOST_NEEDS: &[&str] = &[
    "asm-support",
    "unwind",
    "threads",
    "dynamic-linking",
    "symlink",
    "subprocess",
];

/// compiletest's annotation pattern (`errors.rs`).
fn annotation_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"//(?:\[(?P<revs>[\w\-,]+)])?~(?P<adjust>\?|\||[v\^]*)").expect("valid regex")
    })
}

/// A header line: `//@ [revs] name rest`.
fn header_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^\s*//@\s*(?P<revs>\[[^\]]*\])?\s*(?P<name>[A-Za-z0-9_-]+)(?P<rest>.*)$")
            .expect("valid regex")
    })
}

/// Rewrites a whole file.
pub fn translate(source: &str) -> Translation {
    let mut out = Translation::default();
    let mut last_target: Option<usize> = None;
    let mut lines = Vec::new();
    for (index, line) in source.split('\n').enumerate() {
        let number = index + 1;
        let new = if let Some(caps) = header_re().captures(line) {
            header(&caps, &mut out.skip)
        } else if let Some(m) = annotation_re().captures(line) {
            annotation(line, &m, number, &mut last_target)
        } else {
            line.to_owned()
        };
        lines.push(new);
    }
    out.text = lines.join("\n");
    out
}

/// One header, rewritten (or dropped, as a plain comment); records a skip.
fn header(caps: &regex::Captures<'_>, skip: &mut Option<String>) -> String {
    let revs = caps.name("revs").map_or("", |m| m.as_str());
    let name = &caps["name"];
    let rest = &caps["rest"];
    let value = rest.trim_start().trim_start_matches(':').trim();
    if is_noop(name) {
        return dropped(name, value);
    }
    if let Some(verdict) = condition(name) {
        if verdict && skip.is_none() {
            *skip = Some(format!("//@ {name}"));
        }
        return dropped(name, value);
    }
    if name == "known-bug" {
        skip.get_or_insert_with(|| "//@ known-bug".to_owned());
        return dropped(name, value);
    }
    if name == "aux-crate" || name == "proc-macro" {
        return match aux_build(name, value) {
            Some(file) => format!("//@{revs} aux-build: {file}"),
            None => {
                skip.get_or_insert_with(|| {
                    format!(
                        "//@ {name}: {value} (ui_test cannot rename a crate or give it modifiers)"
                    )
                });
                dropped(name, value)
            }
        };
    }
    if name == "edition" && value.contains("..") {
        return format!("//@{revs} edition: {}", edition_in_range(value));
    }
    format!("//@{revs} {name}{rest}")
}

/// compiletest's `aux-crate: name=file.rs` and `proc-macro: file.rs` as ui_test's
/// `aux-build: file.rs`, which gives the crate by `--extern` under its file's name and finds
/// procedural macro crates by their attributes: possible when the name is the file's and
/// there are no `--extern` modifiers.
fn aux_build(name: &str, value: &str) -> Option<String> {
    let file = if name == "aux-crate" {
        let (krate, file) = value.split_once('=')?;
        let stem = file.trim().trim_end_matches(".rs").replace('-', "_");
        (krate.trim() == stem).then_some(file)?
    } else {
        value
    };
    (!file.contains(':')).then(|| file.trim().to_owned())
}

/// Headers compiletest has that change nothing in a plain UI run.
fn is_noop(name: &str) -> bool {
    name.starts_with("ignore-compare-mode")
        || name.starts_with("ignore-tidy")
        || name == "ignore-pass"
        || name == "ignore-parallel-frontend"
        || name == "no-prefer-dynamic"
        || name == "force-host"
}

/// Whether an `only-*`/`ignore-*`/`needs-*` header skips the file here; `None` for other
/// headers.
fn condition(name: &str) -> Option<bool> {
    if let Some(what) = name.strip_prefix("ignore-") {
        Some(HOST_FACTS.contains(&what))
    } else if let Some(what) = name.strip_prefix("only-") {
        Some(!HOST_FACTS.contains(&what))
    } else {
        name.strip_prefix("needs-")
            .map(|what| !HOST_NEEDS.contains(&what))
    }
}

/// The edition compiletest uses for `A..B` or `A..`: 2015 (its default) when inside, else A.
fn edition_in_range(value: &str) -> String {
    let (low, high) = value.split_once("..").unwrap_or((value, ""));
    let low: u32 = low.trim().parse().unwrap_or(2015);
    let high: Option<u32> = high.trim().parse().ok();
    let inside = low <= 2015 && high.is_none_or(|h| 2015 < h);
    if inside {
        "2015".into()
    } else {
        low.to_string()
    }
}

/// A header that means nothing to ui_test, kept as a comment ui_test does not mistake for a
/// command.
fn dropped(name: &str, value: &str) -> String {
    format!("// peer-dropped header {name} {value}")
        .trim_end()
        .to_owned()
}

/// One annotation line, rewritten from the `//~` on.
fn annotation(
    line: &str,
    caps: &regex::Captures<'_>,
    number: usize,
    last: &mut Option<usize>,
) -> String {
    let whole = caps.get(0).expect("match");
    let before = &line[..whole.start()];
    let revs = caps.name("revs").map(|m| m.as_str());
    let adjust = &caps["adjust"];
    let rest = line[whole.end()..].trim_start();
    let word_end = rest
        .find(|c: char| c != '_' && !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let Some(kind) = Kind::from_word(&rest[..word_end]) else {
        return line.to_owned();
    };
    let after = &rest[word_end..];
    let message = after.strip_prefix(':').unwrap_or(after).trim();
    let target = target_line(adjust, number, last);
    if kind == Kind::Other {
        return format!("{before}// peer-dropped {}", rest.trim_end());
    }
    let Some(target) = target else {
        return other_file(before, revs, message);
    };
    let place = place(revs, number, target);
    format!("{before}{place} {}", body(kind, message))
}

/// The line compiletest gives an annotation (`None` for `//~?`), updating the line that a
/// later `//~|` refers to.
fn target_line(adjust: &str, number: usize, last: &mut Option<usize>) -> Option<usize> {
    let target = match adjust {
        "?" => None,
        "|" => Some(last.unwrap_or(number)),
        _ if adjust.starts_with('v') => Some(number + adjust.len()),
        _ => Some(number.saturating_sub(adjust.len())),
    };
    if adjust != "|" {
        *last = target;
    }
    target
}

/// ui_test's `//~[revs]^^` (or `v`) for an annotation on `number` aimed at `target`.
fn place(revs: Option<&str>, number: usize, target: usize) -> String {
    let revs = revs.map(|r| format!("[{r}]")).unwrap_or_default();
    let marks = if target <= number {
        "^".repeat(number - target)
    } else {
        "v".repeat(target - number)
    };
    format!("//~{revs}{marks}")
}

/// `//~? KIND msg`: a diagnostic with no line here, which ui_test spells as a header.
fn other_file(before: &str, revs: Option<&str>, message: &str) -> String {
    let revs = revs.map(|r| format!("[{r}]")).unwrap_or_default();
    let indent = if before.trim().is_empty() { "" } else { before };
    format!("{indent}//@{revs}error-in-other-file: {message}")
}

/// What follows the `//~…`: a code, a substring, or a regex.
fn body(kind: Kind, message: &str) -> String {
    static CODE: OnceLock<Regex> = OnceLock::new();
    static SUFFIX: OnceLock<Regex> = OnceLock::new();
    let code = CODE.get_or_init(|| Regex::new(r"^\[?(E\d{4})\]?$").expect("valid regex"));
    let suffix =
        SUFFIX.get_or_init(|| Regex::new(r"^(.*?)\s*\[[A-Za-z0-9_:]+\]$").expect("valid regex"));
    let word = kind.ui_test_word();
    if message.is_empty() {
        return format!("{word}: /.*/");
    }
    if let (Kind::Error, Some(c)) = (kind, code.captures(message)) {
        return c[1].to_owned();
    }
    if let Some(c) = suffix.captures(message) {
        return format!("{word}: /(?m){}$/", regex::escape(&c[1]));
    }
    if message.starts_with('/') {
        return format!("{word}: /{}/", regex::escape(message));
    }
    format!("{word}: {message}")
}

#[cfg(test)]
mod tests {
    use super::translate;

    fn one(line: &str) -> String {
        translate(line).text
    }

    #[test]
    fn kinds_get_a_colon_and_codes_their_form() {
        assert_eq!(
            one("x; //~ ERROR use of moved"),
            "x; //~ ERROR: use of moved"
        );
        assert_eq!(one("x; //~ ERROR E0382"), "x; //~ E0382");
        assert_eq!(one("x; //~ ERROR [E0382]"), "x; //~ E0382");
        assert_eq!(one("x; //~ WARNING unused"), "x; //~ WARN: unused");
        assert_eq!(one("x; //~ ERROR"), "x; //~ ERROR: /.*/");
        assert_eq!(one("x; //~ERROR: : Copy` is"), "x; //~ ERROR: : Copy` is");
    }

    #[test]
    fn trailing_code_becomes_an_anchored_regex() {
        assert_eq!(
            one("x; //~ ERROR use of moved value [E0382]"),
            "x; //~ ERROR: /(?m)use of moved value$/"
        );
    }

    #[test]
    fn follow_points_at_the_previous_target() {
        let text = "a; //~ ERROR one\n//~| NOTE two\nb;\n//~^ ERROR three\n//~| ERROR four";
        let want = "a; //~ ERROR: one\n//~^ NOTE: two\nb;\n//~^ ERROR: three\n//~^^ ERROR: four";
        assert_eq!(one(text), want);
    }

    #[test]
    fn revisions_move_after_the_tilde() {
        assert_eq!(one("x; //[a,b]~^ ERROR m"), "x; //~[a,b]^ ERROR: m");
    }

    #[test]
    fn unknown_kinds_stay_as_they_are() {
        assert_eq!(one("//~^ use of moved value"), "//~^ use of moved value");
    }

    #[test]
    fn headers_are_judged_for_the_host() {
        let t = translate("//@ only-x86_64\n//@ ignore-windows\n//@ edition:2015..2021");
        assert_eq!(t.skip, None);
        assert!(t.text.ends_with("//@ edition: 2015"));
        assert!(translate("//@ only-windows").skip.is_some());
        assert!(translate("//@ ignore-linux").skip.is_some());
    }

    #[test]
    fn auxiliary_crates_become_aux_builds_where_ui_test_can_give_them() {
        assert_eq!(
            one("//@ aux-crate: dep_lib=dep-lib.rs"),
            "//@ aux-build: dep-lib.rs"
        );
        assert_eq!(one("//@[a] proc-macro: m.rs"), "//@[a] aux-build: m.rs");
        assert_eq!(
            one("//@ no-prefer-dynamic"),
            "// peer-dropped header no-prefer-dynamic"
        );
        for renamed in [
            "//@ aux-crate: other=dep.rs",
            "//@ aux-crate: priv:dep=dep.rs",
        ] {
            assert!(translate(renamed).skip.is_some(), "{renamed}");
        }
        assert!(translate("//@ proc-macro: noprelude:m.rs").skip.is_some());
    }
}
