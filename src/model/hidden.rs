//! Hidden tests the snippet cannot bend or forge (README, "Grading"). The grader's test file
//! becomes a module of the snippet that opens by defining every std macro a test can
//! name (`assert_eq!`, `matches!`, `vec!`...) as a forward to std's (`::std::vec!`): a macro defined
//! inside the module shadows every `macro_rules!` of the snippet and every macro a glob
//! import (`use super::*;`) brings, and a path from `::std` cannot be redefined. The file
//! is followed by a driver module: one wrapper test per hidden test, run in a process of its own, that
//! reads a nonce from stdin before any snippet code runs and prints it only after the
//! test function returned. The parent counts a test as passed only when the nonce comes
//! back, so printing libtest's lines, exiting early or never returning all fail.
//! Everything is inserted without new lines, so the snippet's and the tests' line
//! numbers stay as they are.

use crate::model::syntax::attributes::outer_attribute_at;
use crate::model::syntax::lex::{self, Kind, Token};

/// Name under which hidden tests are copied into the temp dir.
pub(crate) const HIDDEN_TESTS: &str = "snipcheck_hidden_tests.rs";
/// The module the hidden tests become; test names are reported without it.
pub(crate) const HIDDEN_MODULE: &str = "snipcheck_hidden_tests";
/// The module of wrapper tests inside the hidden module.
pub(crate) const DRIVER_MODULE: &str = "snipcheck_driver";

/// `macro_rules!` forwards to std's macros of these names, by absolute path
/// (`::std::vec!`), one string; `items` forwards with braces, as an item macro must be.
macro_rules! forwards {
    ($($name:ident)*; $($item:ident)*) => {
        concat!(
            $("#[allow(unused_macros)] macro_rules! ", stringify!($name),
              " { ($($t:tt)*) => { ::std::", stringify!($name), "!($($t)*) } } ",)*
            $("#[allow(unused_macros)] macro_rules! ", stringify!($item),
              " { ($($t:tt)*) => { ::std::", stringify!($item), "!{$($t)*} } } ",)*
        )
    };
}

/// Every std macro a test can name, as std's, in front of anything the snippet defines or
/// `use super::*;` brings (a `#[macro_export]` one included): a `matches!` that is always
/// true or an empty `vec!` cannot turn a hidden test into a pass. Written on one line,
/// before the grader's first line.
const PROLOGUE: &str = forwards!(
    assert assert_eq assert_ne debug_assert debug_assert_eq debug_assert_ne panic
    unreachable todo unimplemented matches vec format format_args write writeln print
    println eprint eprintln dbg concat stringify line column file module_path cfg env
    option_env compile_error include include_str include_bytes;
    thread_local
);

/// One `#[test]` function of the hidden test file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct HiddenTest {
    /// The function's name.
    pub(crate) name: String,
    /// Whether it is `#[should_panic]`: it passes by panicking.
    pub(crate) should_panic: bool,
    /// `#[should_panic(expected = "...")]`: text the panic message must contain.
    pub(crate) expected: Option<String>,
}

impl HiddenTest {
    /// The libtest filter that selects this test's wrapper alone (with `--exact`).
    pub(crate) fn filter(&self) -> String {
        format!("{HIDDEN_MODULE}::{DRIVER_MODULE}::{}", self.name)
    }
}

/// Why the hidden test file cannot be driven.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum HiddenTestsError {
    /// A `#[test]` inside a module, which the driver's `super::name` cannot reach: the
    /// byte offset of its attribute, so the error can point at it.
    #[error(
        "hidden tests must be functions at the top level of the test file, not inside a module"
    )]
    NotTopLevel(usize),
}

/// The `#[test]` functions at the top level of `tests` (`#[ignore]`d ones left out), in
/// order; an error when a test sits where the driver cannot reach it.
pub(crate) fn tests_in(tests: &str) -> Result<Vec<HiddenTest>, HiddenTestsError> {
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut pending: Option<Pending> = None;
    let tokens = lex::tokens(tests);
    let mut i = 0;
    while i < tokens.len() {
        if let Some(attribute) = outer_attribute_at(&tokens, i) {
            match (attribute.path().as_str(), pending.as_mut()) {
                ("test", _) if depth > 0 => {
                    return Err(HiddenTestsError::NotTopLevel(tokens[i].start))
                }
                ("test", _) => pending = Some(Pending::default()),
                ("should_panic", Some(p)) => {
                    p.should_panic = true;
                    p.expected = attribute.string_value("expected");
                }
                ("ignore", Some(p)) => p.ignored = true,
                _ => {}
            }
            i = attribute.end;
            continue;
        }
        match tokens[i].kind {
            Kind::Open('{') => depth += 1,
            Kind::Close('}') => depth = depth.saturating_sub(1),
            _ if tokens[i].is_word("fn") => {
                let name = tokens.get(i + 1).and_then(Token::name).unwrap_or("");
                if let Some(p) = pending.take().filter(|p| !p.ignored) {
                    found.push(HiddenTest {
                        name: name.to_owned(),
                        should_panic: p.should_panic,
                        expected: p.expected,
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(found)
}

/// The attributes seen since the last `#[test]`.
#[derive(Debug, Default)]
struct Pending {
    should_panic: bool,
    expected: Option<String>,
    ignored: bool,
}

/// The snippet with the hidden module declared after its last line, so none of its
/// line numbers move (and rustc's rendered output quotes the snippet as written).
pub(crate) fn declare_in(snippet: &str) -> String {
    format!("{snippet}\n#[cfg(test)]\n#[path = \"{HIDDEN_TESTS}\"]\nmod {HIDDEN_MODULE};\n")
}

/// The snippet `declare_in` was given, when `declared` is its output.
pub(crate) fn undeclared(declared: &str) -> Option<&str> {
    declared.strip_suffix(&declare_in(""))
}

/// The grader's text inside a hidden test file as compiled (`with_driver`): what remains
/// without the prologue and the driver.
pub(crate) fn grader_text(compiled: &str) -> Option<&str> {
    let text = compiled.strip_prefix(PROLOGUE)?;
    let driver = text.rfind(&driver_opening())?;
    Some(&text[..driver])
}

fn driver_opening() -> String {
    format!("#[cfg(test)]\n#[allow(unused)]\nmod {DRIVER_MODULE} {{\n")
}

/// The hidden test file as compiled: the prologue on its first line, then the grader's
/// text, then the driver's wrappers.
pub(crate) fn with_driver(tests_text: &str, tests: &[HiddenTest]) -> String {
    let mut out = String::with_capacity(tests_text.len() + 2048);
    out.push_str(PROLOGUE);
    out.push_str(tests_text);
    if !tests_text.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&driver(tests));
    out
}

/// The driver module: a wrapper per test that reads the nonce from stdin first, runs the
/// test, and prints the nonce on a line of its own only once the test passed.
fn driver(tests: &[HiddenTest]) -> String {
    let mut out = driver_opening();
    out.push_str(DRIVER_SUPPORT);
    for test in tests {
        let name = &test.name;
        let body = if test.should_panic {
            let expected = test.expected.as_deref().unwrap_or("");
            format!(
                "panicked_with(::std::panic::catch_unwind(|| {{ let _ = super::{name}(); }}), {expected:?})"
            )
        } else {
            format!("Outcome::passed(super::{name}())")
        };
        out.push_str(&format!(
            "    #[test]\n    fn {name}() {{\n        let nonce = nonce();\n        if {body} {{\n            passed(&nonce);\n        }}\n    }}\n"
        ));
    }
    out.push_str("}\n");
    out
}

/// What every driver shares: reading the nonce, reporting a pass, and judging a test's
/// return value (`()` or a `Result`).
const DRIVER_SUPPORT: &str = r#"    fn nonce() -> ::std::string::String {
        let mut nonce = ::std::string::String::new();
        let _ = ::std::io::Read::read_to_string(&mut ::std::io::stdin(), &mut nonce);
        nonce
    }
    fn passed(nonce: &str) {
        let mut out = ::std::io::stdout().lock();
        let _ = ::std::io::Write::write_all(&mut out, ::std::format!("\n{}\n", nonce.trim()).as_bytes());
        let _ = ::std::io::Write::flush(&mut out);
    }
    fn panicked_with(
        result: ::std::thread::Result<()>,
        expected: &str,
    ) -> bool {
        let ::std::result::Result::Err(payload) = result else {
            return false;
        };
        let message = payload
            .downcast_ref::<&str>()
            .map(|m| m.to_string())
            .or_else(|| payload.downcast_ref::<::std::string::String>().cloned())
            .unwrap_or_default();
        message.contains(expected)
    }
    trait Outcome {
        fn passed(self) -> bool;
    }
    impl Outcome for () {
        fn passed(self) -> bool {
            true
        }
    }
    impl<E: ::std::fmt::Debug> Outcome for ::std::result::Result<(), E> {
        fn passed(self) -> bool {
            match self {
                ::std::result::Result::Ok(()) => true,
                ::std::result::Result::Err(e) => {
                    ::std::eprintln!("Error: {:?}", e);
                    false
                }
            }
        }
    }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tests_are_found_with_their_attributes() {
        let text = "use super::*;\n// #[test] fn commented() {}\n#[test]\nfn adds() { let s = \"#[test] fn in_string\"; }\n\n#[test]\n#[should_panic(expected = \"boom\")]\nfn panics() {}\n#[test] #[ignore] fn slow() {}\nfn helper() {}\n";
        assert_eq!(
            tests_in(text).expect("top-level tests"),
            [
                HiddenTest {
                    name: "adds".into(),
                    should_panic: false,
                    expected: None,
                },
                HiddenTest {
                    name: "panics".into(),
                    should_panic: true,
                    expected: Some("boom".into()),
                },
            ]
        );
    }

    #[test]
    fn nested_tests_are_refused() {
        let err = tests_in("mod inner {\n    #[test]\n    fn x() {}\n}\n").expect_err("nested");
        assert!(err.to_string().contains("top level"), "{err}");
        assert_eq!(
            err,
            HiddenTestsError::NotTopLevel(16),
            "points at `#[test]`"
        );
    }

    #[test]
    fn the_declaration_follows_the_last_line() {
        let snippet = "#![allow(dead_code)]\nfn main() {}";
        assert_eq!(
            declare_in(snippet),
            "#![allow(dead_code)]\nfn main() {}\n#[cfg(test)]\n#[path = \"snipcheck_hidden_tests.rs\"]\nmod snipcheck_hidden_tests;\n"
        );
    }

    #[test]
    fn the_grader_text_and_the_snippet_come_back() {
        let tests = "use super::*;\n#[test]\nfn adds() {}\n";
        let compiled = with_driver(tests, &tests_in(tests).expect("tests"));
        assert_eq!(grader_text(&compiled), Some(tests));
        assert_eq!(grader_text(tests), None);
        let snippet = "fn main() {}";
        assert_eq!(undeclared(&declare_in(snippet)), Some(snippet));
        assert_eq!(undeclared(snippet), None);
    }

    #[test]
    fn the_driver_keeps_the_tests_lines() {
        let tests = [HiddenTest {
            name: "adds".into(),
            should_panic: false,
            expected: None,
        }];
        let text = with_driver("use super::*;\n#[test]\nfn adds() {}\n", &tests);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("#[allow(unused_macros)] macro_rules! assert {"));
        assert!(lines[0].ends_with("use super::*;"));
        assert_eq!(lines[2], "fn adds() {}");
        assert!(text.contains("if Outcome::passed(super::adds()) {"));
        assert_eq!(
            tests[0].filter(),
            "snipcheck_hidden_tests::snipcheck_driver::adds"
        );
    }
}
