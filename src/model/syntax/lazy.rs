//! Lazy rewrites of Rust source, for the audit of `[solution]` (README, "Auditing
//! exercises"): every function whose body can be replaced, found by a full parse (syn),
//! and the text with one body or all of them replaced by an answer that does no work
//! (`Default::default()`, `todo!()`), `main` by an empty body. The rest of the text stays
//! byte for byte, and every replaced body keeps its line count, so the lines of
//! everything after it stay too. Tests are not rewritten: a `#[test]` function (or any
//! attribute named `test`, such as `#[tokio::test]`) and whatever sits under
//! `#[cfg(test)]`; neither is a `const fn`, where `Default::default()` cannot be called.

use std::fmt;
use std::ops::Range;

use proc_macro2::LineColumn;
use syn::{Attribute, ImplItem, Item, ReturnType, TraitItem};

use crate::model::syntax::shape;

/// What a lazy body does instead of the work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Body {
    /// `Default::default()`: whatever value the return type defaults to.
    Default,
    /// `todo!()`: a panic.
    Todo,
}

impl Body {
    /// The expression the body holds.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Body::Default => "Default::default()",
            Body::Todo => "todo!()",
        }
    }
}

/// A function whose body can be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Function {
    /// How reports name it: `area`, `Rect::area`, `<Rect as Shape>::area`,
    /// `shapes::area`.
    pub(crate) name: String,
    /// The crate's `fn main` (a top-level function of that name).
    pub(crate) main: bool,
    /// What an empty `main` holds: nothing, or a value of what it returns.
    returns: Returns,
    /// The bytes of its body, braces included.
    body: Range<usize>,
}

/// What a function returns, as far as an empty `main` needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Returns {
    /// Nothing (`()`).
    Unit,
    /// A `Result`: an empty `main` returns `Ok(Default::default())`.
    Result,
    /// Anything else: `Default::default()`.
    Other,
}

/// Why a text could not be read as Rust: its line and syn's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unparsed {
    /// 1-based line of the first parse error.
    pub(crate) line: usize,
    /// What syn expected there.
    pub(crate) message: String,
}

impl fmt::Display for Unparsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// The UTF-8 byte order mark, which syn skips and offsets must count.
const BOM: &str = "\u{feff}";

/// Every function of `text` whose body a lazy answer replaces, in the order they appear:
/// top-level functions, and those of modules, `impl` blocks and traits (default methods),
/// at any depth of modules; functions inside function bodies go with their outer body.
pub(crate) fn functions(text: &str) -> Result<Vec<Function>, Unparsed> {
    let (skipped, code) = match text.strip_prefix(BOM) {
        Some(rest) => (BOM.len(), rest),
        None => (0, text),
    };
    let file = syn::parse_str::<syn::File>(code).map_err(|e| Unparsed {
        line: e.span().start().line,
        message: e.to_string(),
    })?;
    let lines = Lines::of(code, skipped);
    let mut found = Vec::new();
    walk(&file.items, &mut Vec::new(), &lines, &mut found);
    Ok(found)
}

/// `text` with every function's body replaced by `body`, and `main`'s emptied.
pub(crate) fn every_body(text: &str, functions: &[Function], body: Body) -> String {
    let replacements = functions.iter().map(|f| {
        let code = if f.main { f.empty_main() } else { body.code() };
        (f.body.clone(), code)
    });
    replace(text, replacements)
}

/// `text` with `function`'s body replaced by `Default::default()`.
pub(crate) fn one_body(text: &str, function: &Function) -> String {
    replace(text, [(function.body.clone(), Body::Default.code())])
}

impl Function {
    /// What an empty `main` holds.
    fn empty_main(&self) -> &'static str {
        match self.returns {
            Returns::Unit => "",
            Returns::Result => "Ok(Default::default())",
            Returns::Other => Body::Default.code(),
        }
    }
}

/// `text` with each range replaced by `{ code }`, padded with the newlines the range held
/// so the lines after it stay where they were.
fn replace<'c>(
    text: &str,
    replacements: impl IntoIterator<Item = (Range<usize>, &'c str)>,
) -> String {
    let mut replacements: Vec<(Range<usize>, &str)> = replacements.into_iter().collect();
    replacements.sort_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, code) in replacements {
        out.push_str(&text[at..range.start]);
        let newlines = text[range.clone()].matches('\n').count();
        let inner = if code.is_empty() {
            String::new()
        } else {
            format!(" {code} ")
        };
        out.push_str(&format!("{{{inner}{}}}", "\n".repeat(newlines)));
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Finds the functions of `items`, inside the modules `path` names.
fn walk(items: &[Item], path: &mut Vec<String>, lines: &Lines, found: &mut Vec<Function>) {
    for item in items {
        match item {
            Item::Fn(f) if rewritable(&f.attrs, f.sig.constness.is_some()) => {
                let name = qualified(path, &f.sig.ident.to_string());
                let main = path.is_empty() && f.sig.ident == "main";
                found.push(lines.function(name, main, &f.sig.output, &f.block));
            }
            Item::Mod(m) if !test_only(&m.attrs) => {
                if let Some((_, inner)) = &m.content {
                    path.push(m.ident.to_string());
                    walk(inner, path, lines, found);
                    path.pop();
                }
            }
            Item::Impl(block) if !test_only(&block.attrs) => {
                let owner = match &block.trait_ {
                    Some((_, name, _)) => {
                        format!("<{} as {}>", shape::ty(&block.self_ty), shape::path(name))
                    }
                    None => shape::ty(&block.self_ty),
                };
                let owner = qualified(path, &owner);
                for f in block.items.iter().filter_map(|i| match i {
                    ImplItem::Fn(f) => Some(f),
                    _ => None,
                }) {
                    if rewritable(&f.attrs, f.sig.constness.is_some()) {
                        let name = format!("{owner}::{}", f.sig.ident);
                        found.push(lines.function(name, false, &f.sig.output, &f.block));
                    }
                }
            }
            Item::Trait(t) if !test_only(&t.attrs) => {
                let owner = qualified(path, &t.ident.to_string());
                for f in t.items.iter().filter_map(|i| match i {
                    TraitItem::Fn(f) => Some(f),
                    _ => None,
                }) {
                    if let (Some(block), true) =
                        (&f.default, rewritable(&f.attrs, f.sig.constness.is_some()))
                    {
                        let name = format!("{owner}::{}", f.sig.ident);
                        found.push(lines.function(name, false, &f.sig.output, block));
                    }
                }
            }
            _ => {}
        }
    }
}

/// `name` inside the modules of `path`.
fn qualified(path: &[String], name: &str) -> String {
    path.iter()
        .map(String::as_str)
        .chain([name])
        .collect::<Vec<_>>()
        .join("::")
}

/// Whether a function with `attrs` is rewritten: not a test, not test-only, not `const`.
fn rewritable(attrs: &[Attribute], constness: bool) -> bool {
    !constness && !test_only(attrs) && !attrs.iter().any(is_test_attribute)
}

/// `#[test]`, `#[tokio::test]` and the like: an attribute whose path ends in `test`.
fn is_test_attribute(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "test")
}

/// Whether `#[cfg(test)]` is among `attrs`.
fn test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string() == "test")
    })
}

/// Where each line of the parsed text starts, to turn syn's line and column (in
/// characters) into byte offsets of the whole text.
struct Lines<'t> {
    /// The parsed text.
    text: &'t str,
    /// The byte offset of each line's start.
    starts: Vec<usize>,
    /// Bytes before the parsed text (a byte order mark).
    skipped: usize,
}

impl<'t> Lines<'t> {
    /// The lines of `text`, which starts `skipped` bytes into the whole text.
    fn of(text: &'t str, skipped: usize) -> Lines<'t> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines {
            text,
            starts,
            skipped,
        }
    }

    /// The byte offset, in the whole text, of a line and column of the parsed text.
    fn offset(&self, at: LineColumn) -> usize {
        let start = self
            .starts
            .get(at.line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self.text[start..]
            .char_indices()
            .nth(at.column)
            .map_or(self.text.len() - start, |(i, _)| i);
        self.skipped + start + column
    }

    /// The function `name` whose signature returns `output` and whose body is `body`.
    fn function(
        &self,
        name: String,
        main: bool,
        output: &ReturnType,
        body: &syn::Block,
    ) -> Function {
        let spans = body.brace_token.span;
        let returns = match output {
            ReturnType::Default => Returns::Unit,
            ReturnType::Type(_, ty) => returns(ty),
        };
        Function {
            name,
            main,
            returns,
            body: self.offset(spans.open().start())..self.offset(spans.close().end()),
        }
    }
}

/// What a return type is, for an empty `main`.
fn returns(ty: &syn::Type) -> Returns {
    match ty {
        syn::Type::Tuple(t) if t.elems.is_empty() => Returns::Unit,
        syn::Type::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "Result") => {
            Returns::Result
        }
        _ => Returns::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        functions(text)
            .expect("parses")
            .into_iter()
            .map(|f| f.name)
            .collect()
    }

    #[test]
    fn finds_functions_of_modules_impls_and_traits() {
        let text = "fn area(w: u32) -> u32 { w * 2 }\n\
                    mod shapes { pub fn side() -> u32 { 3 } mod deep { fn d() {} } }\n\
                    struct Rect;\n\
                    impl Rect { fn new() -> Self { Rect } const fn zero() -> u32 { 0 } }\n\
                    impl std::fmt::Display for Rect {\n\
                        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }\n\
                    }\n\
                    trait Shape { fn sides(&self) -> u32; fn name(&self) -> String { \"s\".into() } }\n\
                    fn main() { fn inner() {} inner(); }\n";
        assert_eq!(
            names(text),
            [
                "area",
                "shapes::side",
                "shapes::deep::d",
                "Rect::new",
                "<Rect as std::fmt::Display>::fmt",
                "Shape::name",
                "main",
            ]
        );
    }

    #[test]
    fn tests_and_test_modules_are_left_alone() {
        let text = "fn add(a: u32) -> u32 { a + 1 }\n\
                    #[test] fn adds() { assert_eq!(add(1), 2); }\n\
                    #[tokio::test] async fn awaits() {}\n\
                    #[cfg(test)] mod tests { fn helper() {} }\n\
                    #[cfg(test)] impl Clone for S { fn clone(&self) -> S { S } }\n";
        assert_eq!(names(text), ["add"]);
    }

    #[test]
    fn every_body_replaced_keeps_signatures_lines_and_the_rest() {
        let text = "// Area.\nfn area(w: u32) -> u32 {\n    w * 2\n}\n\nfn main() {\n    println!(\"{}\", area(3));\n}\n";
        let found = functions(text).expect("parses");
        let lazy = every_body(text, &found, Body::Default);
        assert_eq!(
            lazy,
            "// Area.\nfn area(w: u32) -> u32 { Default::default() \n\n}\n\nfn main() {\n\n}\n"
        );
        assert_eq!(lazy.lines().count(), text.lines().count());
        let todo = every_body(text, &found, Body::Todo);
        assert!(
            todo.contains("fn area(w: u32) -> u32 { todo!() \n\n}"),
            "{todo}"
        );
        assert!(todo.contains("fn main() {\n\n}"), "{todo}");
    }

    #[test]
    fn one_body_replaces_that_function_alone() {
        let text = "impl R { fn a(&self) -> u32 { 1 } fn b(&self) -> u32 { 2 } }\nfn main() {}\n";
        let found = functions(text).expect("parses");
        let b = found.iter().find(|f| f.name == "R::b").expect("R::b");
        assert_eq!(
            one_body(text, b),
            "impl R { fn a(&self) -> u32 { 1 } fn b(&self) -> u32 { Default::default() } }\nfn main() {}\n"
        );
    }

    #[test]
    fn an_empty_main_returns_what_main_must() {
        for (main, empty) in [
            ("fn main() { run(); }", "fn main() {}"),
            ("fn main() -> () { run(); }", "fn main() -> () {}"),
            (
                "fn main() -> Result<(), String> { run()?; Ok(()) }",
                "fn main() -> Result<(), String> { Ok(Default::default()) }",
            ),
            (
                "fn main() -> std::process::ExitCode { run() }",
                "fn main() -> std::process::ExitCode { Default::default() }",
            ),
        ] {
            let found = functions(main).expect("parses");
            assert_eq!(every_body(main, &found, Body::Todo), empty);
        }
        // Only the crate's own `main` is emptied.
        let text = "mod m { pub fn main() -> u32 { 1 } }";
        let found = functions(text).expect("parses");
        assert!(!found[0].main);
    }

    #[test]
    fn offsets_count_characters_and_a_byte_order_mark() {
        let text = "\u{feff}const É: &str = \"é\"; fn f() -> &'static str { \"ü\" }\nfn main() {}";
        let found = functions(text).expect("parses");
        let lazy = every_body(text, &found, Body::Default);
        assert_eq!(
            lazy,
            "\u{feff}const É: &str = \"é\"; fn f() -> &'static str { Default::default() }\nfn main() {}"
        );
    }

    #[test]
    fn a_broken_snippet_says_where() {
        let err = functions("fn main() {\n    let x = ;\n}\n").expect_err("does not parse");
        assert_eq!(err.line, 2);
        assert!(err.to_string().starts_with("line 2: "), "{err}");
    }
}
