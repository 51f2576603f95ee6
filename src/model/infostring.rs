//! A code block's info string read the way rustdoc reads it (`LangString::parse` and its
//! tag grammar): which blocks are Rust, and what `ignore`, `no_run`, `compile_fail`,
//! `E0382`, `should_panic`, `test_harness` and `editionYYYY` ask for. Error codes are read
//! as nightly rustdoc reads them (stable rustdoc drops them); besides, the spellings
//! rustdoc's `invalid_codeblock_attributes` lint names (`compile-fail`, `rust2021`, ...)
//! are kept as problems, which make the block an error instead of silently not a test.

use std::iter::Peekable;
use std::str::CharIndices;

use crate::model::manifest::Edition;

/// Whether and where a block is not compiled.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Ignore {
    /// Compiled.
    #[default]
    Never,
    /// `ignore`: never compiled.
    Always,
    /// `ignore-TARGET...`: not compiled on a host whose triple contains one of them.
    Targets(Vec<String>),
}

/// What an info string says about its block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attributes {
    /// Whether rustdoc counts the block as Rust (and so as a test).
    pub(crate) rust: bool,
    /// `ignore`, `ignore-TARGET`.
    pub(crate) ignore: Ignore,
    /// `no_run` (also implied by `compile_fail`): compile, don't run.
    pub(crate) no_run: bool,
    /// `compile_fail`: must fail to compile.
    pub(crate) compile_fail: bool,
    /// `should_panic`: the program must fail.
    pub(crate) should_panic: bool,
    /// `test_harness`: compile with `--test` and run the tests; no `fn main` wrapper.
    pub(crate) test_harness: bool,
    /// `E0382`...: codes that must appear among the errors.
    pub(crate) error_codes: Vec<String>,
    /// `editionYYYY`.
    pub(crate) edition: Option<Edition>,
    /// What rustdoc would warn about, one sentence each (a misspelt attribute, say).
    pub(crate) problems: Vec<String>,
}

impl Default for Attributes {
    fn default() -> Self {
        Attributes {
            rust: true,
            ignore: Ignore::Never,
            no_run: false,
            compile_fail: false,
            should_panic: false,
            test_harness: false,
            error_codes: Vec::new(),
            edition: None,
            problems: Vec::new(),
        }
    }
}

/// One token of an info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag<'a> {
    /// A bare word or a quoted string: `rust`, `compile_fail`, `"x"`.
    Word(&'a str),
    /// `.class` inside `{...}`.
    Class(&'a str),
    /// `key=value` inside `{...}`.
    KeyValue(&'a str, &'a str),
}

fn is_leading_char(c: char) -> bool {
    c == '_' || c == '-' || c == ':' || c.is_ascii_alphanumeric()
}

fn is_bareword_char(c: char) -> bool {
    is_leading_char(c) || ".!#$%&*+/;<>?@^|~".contains(c)
}

fn is_separator(c: char) -> bool {
    c == ' ' || c == ',' || c == '\t'
}

/// The tag grammar of rustdoc: words separated by spaces, commas or tabs, `(comments)`,
/// and `{.class key=value}` blocks. The first syntax error ends the tags.
struct Tags<'a> {
    data: &'a str,
    chars: Peekable<CharIndices<'a>>,
    in_block: bool,
    error: Option<String>,
}

impl<'a> Tags<'a> {
    fn new(data: &'a str) -> Self {
        Tags {
            data,
            chars: data.char_indices().peekable(),
            in_block: false,
            error: None,
        }
    }

    fn fail<T>(&mut self, message: impl Into<String>) -> Option<T> {
        self.error = Some(message.into());
        None
    }

    fn skip_separators(&mut self) -> Option<usize> {
        while let Some(&(at, c)) = self.chars.peek() {
            if !is_separator(c) {
                return Some(at);
            }
            self.chars.next();
        }
        None
    }

    /// The text between a quote at `start` and the next quote.
    fn string(&mut self, start: usize) -> Option<&'a str> {
        for (at, c) in self.chars.by_ref() {
            if c == '"' {
                return Some(&self.data[start + 1..at]);
            }
        }
        self.fail("unclosed quote string `\"`")
    }

    fn bareword(&mut self, start: usize) -> Option<&'a str> {
        while let Some(&(at, c)) = self.chars.peek() {
            if !is_bareword_char(c) {
                return Some(&self.data[start..at]);
            }
            self.chars.next();
        }
        self.fail("unexpected end")
    }

    /// A token must be followed by a separator, `}`, `(` or the end.
    fn ends_well(&mut self) -> bool {
        match self.chars.peek().copied() {
            Some((_, c)) if c != '}' && c != '(' && !is_separator(c) => {
                self.error = Some(format!("unexpected `{c}` character"));
                false
            }
            _ => true,
        }
    }

    fn class(&mut self, start: usize) -> Option<Tag<'a>> {
        let mut end = self.data.len();
        while let Some(&(at, c)) = self.chars.peek() {
            if !is_bareword_char(c) {
                end = at;
                break;
            }
            self.chars.next();
        }
        let class = &self.data[start + 1..end];
        if class.is_empty() {
            return self.fail("missing character after `.`");
        }
        self.ends_well().then_some(Tag::Class(class))
    }

    fn key_value(&mut self, first: char, start: usize) -> Option<Tag<'a>> {
        let key = if first == '"' {
            self.string(start)?
        } else {
            self.bareword(start)?
        };
        if key.is_empty() {
            return self.fail("unexpected empty string as key");
        }
        match self.chars.next() {
            Some((_, '=')) => {}
            Some((_, c)) => return self.fail(format!("expected `=`, found `{c}`")),
            None => return self.fail("unexpected end"),
        }
        let value = match self.chars.next() {
            Some((at, '"')) => self.string(at)?,
            Some((at, c)) if is_bareword_char(c) => self.bareword(at)?,
            Some((_, c)) => return self.fail(format!("unexpected `{c}` character after `=`")),
            None => return self.fail("expected value after `=`"),
        };
        if value.is_empty() {
            return self.fail("unexpected empty string as value");
        }
        self.ends_well().then_some(Tag::KeyValue(key, value))
    }

    fn in_block(&mut self) -> Option<Tag<'a>> {
        match self.chars.next() {
            Some((_, '}')) => {
                self.in_block = false;
                self.next()
            }
            Some((at, '.')) => self.class(at),
            Some((at, c)) if c == '"' || is_leading_char(c) => self.key_value(c, at),
            Some((_, c)) => self.fail(format!("unexpected character `{c}`")),
            None => self.fail("unclosed attribute block (`{}`): missing `}` at the end"),
        }
    }

    fn outside(&mut self, start: usize) -> Option<Tag<'a>> {
        let data = self.data;
        while let Some((at, c)) = self.chars.next() {
            let word = || Some(Tag::Word(&data[start..at]));
            match c {
                '"' if at != start => return self.fail("expected ` `, `{` or `,` found `\"`"),
                '"' => return self.quoted(at),
                '{' => {
                    self.in_block = true;
                    return self.next();
                }
                '(' => {
                    if !self.chars.by_ref().any(|(_, c)| c == ')') {
                        return self.fail("unclosed comment: missing `)` at the end");
                    }
                    return if at != start { word() } else { self.next() };
                }
                c if is_separator(c) => return if at != start { word() } else { self.next() },
                c if (at == start && is_leading_char(c))
                    || (at != start && is_bareword_char(c)) => {}
                c => return self.fail(format!("unexpected character `{c}`")),
            }
        }
        let token = &self.data[start..];
        (!token.is_empty()).then_some(Tag::Word(token))
    }

    fn quoted(&mut self, at: usize) -> Option<Tag<'a>> {
        let text = self.string(at)?;
        match self.chars.peek().copied() {
            Some((_, c)) if c != '{' && c != '(' && !is_separator(c) => {
                self.fail(format!("expected ` `, `{{` or `,` after `\"`, found `{c}`"))
            }
            _ => Some(Tag::Word(text)),
        }
    }
}

impl<'a> Iterator for Tags<'a> {
    type Item = Tag<'a>;

    fn next(&mut self) -> Option<Tag<'a>> {
        if self.error.is_some() {
            return None;
        }
        let Some(start) = self.skip_separators() else {
            if self.in_block {
                self.error = Some("unclosed attribute block (`{}`): missing `}` at the end".into());
            }
            return None;
        };
        if self.in_block {
            self.in_block()
        } else {
            self.outside(start)
        }
    }
}

/// What rustdoc's tags decided so far.
#[derive(Debug, Default)]
struct Seen {
    rust_tags: bool,
    other_tags: bool,
    custom: bool,
}

/// Reads an info string (the text after the opening fence). An empty one is Rust.
pub(crate) fn parse(info: &str) -> Attributes {
    let mut attrs = Attributes::default();
    if info.trim().is_empty() {
        return attrs;
    }
    let mut seen = Seen::default();
    let mut ignores = Vec::new();
    let mut tags = Tags::new(info);
    for tag in tags.by_ref() {
        apply(tag, &mut attrs, &mut seen, &mut ignores);
    }
    if !ignores.is_empty() {
        attrs.ignore = Ignore::Targets(ignores);
    }
    if let Some(error) = tags.error {
        // A typo in an info string meant for rustdoc is an error; other languages' info
        // strings that the grammar cannot read are simply not Rust.
        if seen.rust_tags {
            attrs
                .problems
                .push(format!("the info string `{info}` cannot be read: {error}"));
        }
        attrs.rust = false;
        return attrs;
    }
    attrs.rust = !seen.custom && (!seen.other_tags || seen.rust_tags);
    attrs
}

/// One tag's effect, as in `LangString::parse`.
fn apply(tag: Tag<'_>, attrs: &mut Attributes, seen: &mut Seen, ignores: &mut Vec<String>) {
    let word = match tag {
        Tag::Word(word) => word,
        Tag::Class(_) => return,
        Tag::KeyValue("class", _) => return,
        Tag::KeyValue(key, _) => {
            attrs.problems.push(format!(
                "unsupported attribute `{key}`: only `class` is allowed in `{{...}}`"
            ));
            return;
        }
    };
    let only_rust = !seen.other_tags;
    let also_rust = !seen.other_tags || seen.rust_tags;
    match word {
        "should_panic" => (attrs.should_panic, seen.rust_tags) = (true, only_rust),
        "no_run" => (attrs.no_run, seen.rust_tags) = (true, only_rust),
        "ignore" => (attrs.ignore, seen.rust_tags) = (Ignore::Always, only_rust),
        "rust" => (attrs.rust, seen.rust_tags) = (true, true),
        "custom" => seen.custom = true,
        "test_harness" => (attrs.test_harness, seen.rust_tags) = (true, also_rust),
        "standalone_crate" => seen.rust_tags = also_rust,
        "compile_fail" => {
            (attrs.compile_fail, attrs.no_run, seen.rust_tags) = (true, true, also_rust);
        }
        w if w.starts_with("ignore-") => {
            ignores.push(w["ignore-".len()..].to_owned());
            seen.rust_tags = only_rust;
        }
        w if w.starts_with("edition") => edition(w, attrs),
        w if w.len() == 5 && w.starts_with('E') => {
            if w[1..].bytes().all(|b| b.is_ascii_digit()) {
                attrs.error_codes.push(w.to_owned());
                seen.rust_tags = also_rust;
            } else {
                seen.other_tags = true;
            }
        }
        other => {
            if let Some(problem) = misspelt(other) {
                attrs.problems.push(problem);
            }
            seen.other_tags = true;
        }
    }
}

/// `editionYYYY`: a year that names no edition is a problem (rustdoc ignores it).
fn edition(word: &str, attrs: &mut Attributes) {
    let year = &word["edition".len()..];
    attrs.edition = Edition::from_year(year);
    if attrs.edition.is_none() {
        attrs.problems.push(format!(
            "unknown attribute `{word}`: write edition2015, edition2018, edition2021 or edition2024"
        ));
    }
}

/// What rustdoc's lint says of a word that looks like one of its attributes.
fn misspelt(word: &str) -> Option<String> {
    let meant = match word.to_lowercase().as_str() {
        "compile-fail" | "compile_fail" | "compilefail" => "compile_fail",
        "should-panic" | "should_panic" | "shouldpanic" => "should_panic",
        "no-run" | "no_run" | "norun" => "no_run",
        "test-harness" | "test_harness" | "testharness" => "test_harness",
        "ignore" => "ignore",
        other => {
            let year = other.strip_prefix("rust")?;
            Edition::from_year(year)?;
            return Some(format!(
                "unknown attribute `{word}`: did you mean `edition{year}`?"
            ));
        }
    };
    Some(format!(
        "unknown attribute `{word}`: did you mean `{meant}`? (rustdoc treats an unknown attribute as another language and does not test the block)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_rust_are_rust() {
        assert!(parse("").rust);
        assert!(parse("rust").rust);
        assert!(parse("  ").rust);
    }

    #[test]
    fn unknown_tags_make_a_block_another_language() {
        assert!(!parse("text").rust);
        assert!(!parse("python").rust);
        assert!(!parse("console").rust);
        assert!(parse("rust,text").rust, "an explicit `rust` wins");
        assert!(parse("text,rust").rust);
        assert!(!parse("text,no_run").rust, "no_run after another language");
        assert!(parse("no_run,text").rust, "rust tags seen first count");
        assert!(
            parse("compile_fail,text").rust,
            "compile_fail keeps what it saw"
        );
        assert!(!parse("custom,rust").rust);
    }

    #[test]
    fn attributes_are_read() {
        let a = parse("rust,compile_fail,E0382,E0499");
        assert!(a.rust && a.compile_fail && a.no_run);
        assert_eq!(a.error_codes, ["E0382", "E0499"]);
        assert!(parse("should_panic").should_panic);
        assert!(parse("no_run").no_run);
        assert!(parse("test_harness").test_harness);
        assert_eq!(parse("ignore").ignore, Ignore::Always);
        assert_eq!(
            parse("ignore-windows,ignore").ignore,
            Ignore::Targets(vec!["windows".into()])
        );
        assert_eq!(parse("edition2018").edition, Some(Edition::E2018));
        assert_eq!(parse("rust edition2024").edition, Some(Edition::E2024));
    }

    #[test]
    fn pandoc_braces_classes_and_comments() {
        let a = parse("{.rust .no_run}");
        assert!(!a.no_run, "classes are not attributes");
        assert!(a.rust);
        assert!(parse("rust (a comment, with commas) no_run").no_run);
        assert!(parse("rust {class=example}").rust);
        assert!(parse(r#""rust""#).rust);
    }

    #[test]
    fn misspellings_are_problems() {
        let a = parse("rust,compile-fail");
        assert!(a.rust && !a.compile_fail);
        assert!(
            a.problems[0].contains("did you mean `compile_fail`"),
            "{a:?}"
        );
        assert!(parse("rust2021").problems[0].contains("`edition2021`"));
        assert!(!parse("edition2030").problems.is_empty());
        assert!(parse("rust,{key=value}").problems[0].contains("unsupported attribute `key`"));
        assert!(parse("text").problems.is_empty());
    }

    #[test]
    fn syntax_errors_end_the_tags() {
        let a = parse("rust,\"no_run");
        assert!(!a.rust);
        assert!(a.problems[0].contains("unclosed quote"), "{a:?}");
        let other = parse("{r}");
        assert!(!other.rust && other.problems.is_empty(), "{other:?}");
    }
}
