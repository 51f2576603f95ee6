//! The reference API (README, "Grading"): hidden tests see a submission through the
//! solution's API, so every item of `solution.rs` they can reach must exist in the
//! submission with the same signature, fields and derives, and every name they or that
//! API use must mean what it means in the solution. Otherwise a submission could keep
//! `add`'s name and return a type whose `PartialEq<i64>` always says true. Parsed with
//! `syn` (a full parse is needed to compare signatures; the lexer-only readers beside
//! this module stay as they are because snippets are often broken on purpose): a
//! submission that does not parse gives no mismatch (rustc reports it), a solution that
//! does not parse no check.

use std::collections::BTreeSet;
use std::fmt;

use syn::{ImplItem, Item, TraitItem};

use crate::model::syntax::index::{self, Index, Origin};
use crate::model::syntax::lex::{self, Kind};
use crate::model::syntax::shape::{self, FnShape};

mod items;

/// One way the submission's API differs from the solution's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ApiMismatch {
    /// An item the tests reach is not in the submission.
    Missing {
        /// The item (`add`, `Point::new`, `Point::x`).
        item: String,
        /// What the solution has, as a declaration.
        expected: String,
    },
    /// An item exists with another kind, generics, arguments, return type or type.
    Differs {
        /// The item.
        item: String,
        /// Which part differs.
        part: Part,
        /// The submission's.
        found: String,
        /// The solution's.
        expected: String,
    },
    /// A trait the solution derives for a type is not derived by the submission.
    NotDerived {
        /// The type.
        item: String,
        /// The trait.
        derive: String,
    },
    /// A trait the solution derives is implemented by hand in the submission.
    HandWritten {
        /// The type.
        item: String,
        /// The trait.
        derive: String,
    },
    /// A trait impl of a reached type in the solution is not in the submission.
    NoImpl {
        /// The type.
        item: String,
        /// The trait, as the solution writes it.
        implemented: String,
    },
    /// The submission defines (or imports from elsewhere) a name the solution leaves
    /// to std or the prelude.
    OwnName {
        /// The name.
        name: String,
        /// Whether the submission's is a `macro_rules!`.
        macro_rules: bool,
    },
    /// A name the solution imports means something else in the submission.
    OtherImport {
        /// The name.
        name: String,
        /// The solution's path.
        expected: String,
    },
    /// A glob import or top-level macro call the solution does not have: either can
    /// bring any name.
    Hides {
        /// `m::*` or `m!`.
        what: String,
    },
}

/// The part of an item that differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// What kind of item it is (`fn`, `struct`, ...).
    Kind,
    /// Generic parameters and `where` clause.
    Generics,
    /// The receiver and argument types.
    Arguments,
    /// The return type.
    Returns,
    /// The type of a field, constant, static, alias or associated type.
    Type,
}

impl fmt::Display for ApiMismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { item, expected } => {
                write!(f, "`{item}` is missing; the exercise has `{expected}`")
            }
            Self::Differs {
                item,
                part,
                found,
                expected,
            } => {
                let (verb, found, expected) = match part {
                    Part::Kind => ("is a", found.clone(), expected.clone()),
                    Part::Generics => ("has generics", angled(found), angled(expected)),
                    Part::Arguments => ("takes", format!("({found})"), format!("({expected})")),
                    Part::Returns => ("returns", found.clone(), expected.clone()),
                    Part::Type => ("has type", found.clone(), expected.clone()),
                };
                write!(
                    f,
                    "`{item}` {verb} `{found}`; the exercise says `{expected}`"
                )
            }
            Self::NotDerived { item, derive } => {
                write!(
                    f,
                    "`{item}` does not derive `{derive}`; the exercise derives it"
                )
            }
            Self::HandWritten { item, derive } => write!(
                f,
                "`{item}` implements `{derive}` by hand; the exercise derives it"
            ),
            Self::NoImpl { item, implemented } => write!(
                f,
                "`{item}` does not implement `{implemented}`; the exercise does"
            ),
            Self::OwnName { name, macro_rules } => {
                let bang = if *macro_rules { "!" } else { "" };
                write!(
                    f,
                    "the submission defines its own `{name}{bang}`; the exercise means std's"
                )
            }
            Self::OtherImport { name, expected } => write!(
                f,
                "the submission's `{name}` is not the exercise's `{expected}`"
            ),
            Self::Hides { what } => write!(
                f,
                "the submission has `{what}` at the top level, which can bring any name; \
                 the exercise does not"
            ),
        }
    }
}

/// Generics as shown: `<>` for none.
fn angled(generics: &str) -> String {
    if generics.is_empty() {
        "<>".to_owned()
    } else {
        generics.to_owned()
    }
}

/// How the submission differs from the solution's API as the hidden `tests` reach it;
/// empty when either does not parse.
pub(crate) fn check(solution: &str, tests: &str, submission: &str) -> Vec<ApiMismatch> {
    let (Ok(solution), Ok(submission)) = (syn::parse_file(solution), syn::parse_file(submission))
    else {
        return Vec::new();
    };
    let named = test_identifiers(tests);
    let mut api = Api {
        solution: Index::of(&solution),
        submission: Index::of(&submission),
        named,
        mismatches: Vec::new(),
        used: BTreeSet::new(),
    };
    for name in api.reached() {
        api.compare_item(&name);
    }
    api.compare_names(tests);
    api.mismatches
}

/// Every identifier of the test file, in macro calls too (`assert_eq!(add(2, 3), 5)`).
fn test_identifiers(tests: &str) -> BTreeSet<String> {
    lex::tokens(tests)
        .iter()
        .filter(|t| t.kind == Kind::Ident)
        .map(|t| t.text.trim_start_matches("r#").to_owned())
        .collect()
}

/// The check's state: both files' top levels, the tests' identifiers, what the reached
/// API names, and the mismatches found.
struct Api<'s, 'u> {
    solution: Index<'s>,
    submission: Index<'u>,
    named: BTreeSet<String>,
    mismatches: Vec<ApiMismatch>,
    /// Identifiers in the reached part of the solution's API.
    used: BTreeSet<String>,
}

impl Api<'_, '_> {
    /// The solution's items the tests reach: those they name, then the solution's
    /// items named in those items' API, transitively. Never `main`.
    fn reached(&mut self) -> Vec<String> {
        let mut reached: BTreeSet<String> = BTreeSet::new();
        let mut todo: Vec<String> = self
            .named
            .iter()
            .filter(|n| self.solution.items.contains_key(*n))
            .cloned()
            .collect();
        while let Some(name) = todo.pop() {
            if name == "main" || !reached.insert(name.clone()) {
                continue;
            }
            let mut names = BTreeSet::new();
            self.api_identifiers(&name, &mut names);
            let typed = |n: &&String| self.solution.find(n, type_like).is_some();
            todo.extend(names.iter().filter(typed).cloned());
            self.used.extend(names);
        }
        reached.into_iter().collect()
    }

    /// The identifiers of `name`'s API in the solution: its items, the inherent methods
    /// the tests name, and its trait impls.
    fn api_identifiers(&self, name: &str, into: &mut BTreeSet<String>) {
        for item in self.solution.items.get(name).into_iter().flatten() {
            match item {
                Item::Fn(f) => shape::idents(&f.sig, into),
                Item::Mod(_) => {}
                other => shape::idents(&without_bodies(other), into),
            }
        }
        for block in self.solution.impls_of(name, true) {
            for f in methods(block).filter(|f| self.named.contains(&f.sig.ident.to_string())) {
                shape::idents(&f.sig, into);
            }
        }
        for block in self.solution.impls_of(name, false) {
            if let Some((_, path, _)) = &block.trait_ {
                shape::idents(path, into);
            }
            for item in &block.items {
                if let ImplItem::Type(t) = item {
                    shape::idents(&t.ty, into);
                }
            }
        }
    }
}

/// A type-like item (the kinds a signature can name).
fn type_like(item: &Item) -> Option<()> {
    matches!(
        item,
        Item::Struct(_) | Item::Enum(_) | Item::Union(_) | Item::Type(_) | Item::Trait(_)
    )
    .then_some(())
}

/// An item with its default method bodies left out (a trait's), for its identifiers.
fn without_bodies(item: &Item) -> Item {
    let mut item = item.clone();
    if let Item::Trait(t) = &mut item {
        for member in &mut t.items {
            if let TraitItem::Fn(f) = member {
                f.default = None;
            }
        }
    }
    item
}

/// The functions of an impl block.
pub(crate) fn methods(block: &syn::ItemImpl) -> impl Iterator<Item = &syn::ImplItemFn> {
    block.items.iter().filter_map(|item| match item {
        ImplItem::Fn(f) => Some(f),
        _ => None,
    })
}

/// A function's shape compared with the expected one: each part that differs.
pub(crate) fn compare_fn(item: &str, found: &FnShape, expected: &FnShape) -> Vec<ApiMismatch> {
    let parts = [
        (Part::Generics, &found.generics, &expected.generics),
        (Part::Arguments, &found.arguments, &expected.arguments),
        (Part::Returns, &found.returns, &expected.returns),
    ];
    parts
        .into_iter()
        .filter(|(_, found, expected)| found != expected)
        .map(|(part, found, expected)| ApiMismatch::Differs {
            item: item.to_owned(),
            part,
            found: found.clone(),
            expected: expected.clone(),
        })
        .collect()
}

impl Api<'_, '_> {
    /// Names the tests or the reached API use, which must mean in the submission what
    /// they mean in the solution; and globs or macro calls that could bring any name.
    fn compare_names(&mut self, tests: &str) {
        let own: BTreeSet<String> = syn::parse_file(tests)
            .map(|file| file.items.iter().filter_map(index::name).collect())
            .unwrap_or_default();
        let mut names: BTreeSet<String> = self.named.union(&self.used).cloned().collect();
        names.retain(|n| !own.contains(n));
        for name in names {
            let theirs = self.submission.origins.get(&name);
            let mismatch = match (self.solution.origins.get(&name), theirs) {
                (_, None) | (Some(Origin::Defined { .. }), _) => None,
                (None, Some(Origin::Imported { from_std: true, .. })) => None,
                (None, Some(origin)) => Some(ApiMismatch::OwnName {
                    name,
                    macro_rules: *origin == Origin::Defined { macro_rules: true },
                }),
                (Some(ours @ Origin::Imported { path, .. }), Some(theirs)) => {
                    (!ours.same_import(theirs)).then(|| ApiMismatch::OtherImport {
                        name,
                        expected: path.clone(),
                    })
                }
            };
            self.mismatches.extend(mismatch);
        }
        let hiding = self.submission.globs.iter().filter(|g| {
            let std = ["std::", "core::", "alloc::", "::std::", "::core::"];
            !std.iter().any(|s| g.starts_with(s)) && !self.solution.globs.contains(g)
        });
        let hiding: Vec<String> = hiding.cloned().collect();
        let calls = self.submission.invocations.iter();
        let calls = calls.filter(|m| !self.solution.invocations.contains(m));
        let calls: Vec<String> = calls.map(|m| format!("{m}!")).collect();
        for what in hiding.into_iter().chain(calls) {
            self.mismatches.push(ApiMismatch::Hides { what });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ADD: &str = "pub fn add(a: i64, b: i64) -> i64 { a + b }\nfn main() {}\n";
    const ADD_TESTS: &str = "use super::*;\n#[test]\nfn adds() { assert_eq!(add(2, 3), 5); }\n";

    fn sentences(solution: &str, tests: &str, submission: &str) -> Vec<String> {
        check(solution, tests, submission)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn a_lying_return_type_is_named() {
        let liar = "pub struct Sum;\nimpl PartialEq<i64> for Sum { fn eq(&self, _: &i64) -> bool { true } }\n\
                    impl std::fmt::Debug for Sum { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) } }\n\
                    pub fn add(_: i64, _: i64) -> Sum { Sum }\n";
        assert_eq!(
            sentences(ADD, ADD_TESTS, liar),
            ["`add` returns `Sum`; the exercise says `i64`"]
        );
    }

    #[test]
    fn honest_variants_pass() {
        let honest = [
            "fn helper(x: i64) -> i64 { x }\npub fn add(left: i64, right: i64) -> i64 { helper(left) + right }\n",
            "fn main() { println!(\"{}\", add(1, 2)); }\nfn add(mut a: i64, _b: i64) -> i64 { a += _b; a }\n",
            "use std::collections::HashMap;\nstruct Cache(HashMap<i64, i64>);\npub fn add(a: i64, b: i64) -> i64 { a + b }\n",
        ];
        for submission in honest {
            assert_eq!(
                sentences(ADD, ADD_TESTS, submission),
                Vec::<String>::new(),
                "{submission}"
            );
        }
        let generic = "pub fn largest<T: PartialOrd + Copy>(v: &[T]) -> T { v[0] }\n";
        let tests = "use super::*;\n#[test]\nfn t() { assert_eq!(largest(&[1, 2]), 2); }\n";
        let theirs =
            "pub fn largest<T>(items: &[T]) -> T where T: PartialOrd + Copy { items[0] }\n";
        assert_eq!(sentences(generic, tests, generic), Vec::<String>::new());
        assert_eq!(
            sentences(generic, tests, theirs),
            ["`largest` has generics `<T> where T: PartialOrd + Copy`; the exercise says `<T: PartialOrd + Copy>`"]
        );
    }

    #[test]
    fn missing_and_changed_items_are_named() {
        assert_eq!(
            sentences(
                ADD,
                ADD_TESTS,
                "pub fn sum(a: i64, b: i64) -> i64 { a + b }\n"
            ),
            ["`add` is missing; the exercise has `fn add(a: i64, b: i64) -> i64`"]
        );
        assert_eq!(
            sentences(
                ADD,
                ADD_TESTS,
                "pub fn add(a: i32, b: i64) -> i64 { a as i64 + b }\n"
            ),
            ["`add` takes `(i32, i64)`; the exercise says `(i64, i64)`"]
        );
    }

    const POINT: &str = "#[derive(Debug, Clone, Copy, PartialEq)]\npub struct Point { pub x: i64, pub y: i64 }\n\
        impl Point { pub fn new(x: i64, y: i64) -> Point { Point { x, y } }\n fn secret(&self) {} }\n\
        impl std::fmt::Display for Point { fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { write!(f, \"{}\", self.x) } }\n\
        pub fn mirror(p: Point) -> Point { Point { x: p.y, y: p.x } }\n";
    const POINT_TESTS: &str = "use super::*;\n#[test]\nfn m() { assert_eq!(mirror(Point::new(1, 2)), Point { x: 2, y: 1 }); }\n";

    #[test]
    fn a_hand_written_eq_for_a_derived_type_is_named() {
        let liar = POINT.replace("Copy, PartialEq", "Copy")
            + "impl PartialEq for Point { fn eq(&self, _: &Point) -> bool { true } }\n";
        assert_eq!(
            sentences(POINT, POINT_TESTS, &liar),
            ["`Point` implements `PartialEq` by hand; the exercise derives it"]
        );
        let no_display = POINT.replace("impl std::fmt::Display for Point", "impl Point");
        let no_display = no_display.replace("fn fmt(", "fn fmt2(");
        assert_eq!(
            sentences(POINT, POINT_TESTS, &no_display),
            ["`Point` does not implement `std::fmt::Display`; the exercise does"]
        );
    }

    #[test]
    fn types_reached_through_signatures_keep_their_fields_and_methods() {
        let reordered = "pub fn mirror(p: Point) -> Point { Point { x: p.y, y: p.x } }\n\
            impl std::fmt::Display for Point { fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { write!(f, \"{}\", self.y) } }\n\
            impl Point { pub fn new(x: i64, y: i64) -> Self { Point { x, y } } }\n\
            #[derive(PartialEq, Debug, Clone, Copy)]\npub struct Point { pub x: i64, pub y: i64, extra: () }\n";
        // `new` returning `Self` is another spelling of `Point`.
        assert_eq!(
            sentences(POINT, POINT_TESTS, reordered),
            Vec::<String>::new()
        );
        let fields = POINT.replace("pub y: i64", "pub y: f64");
        assert_eq!(
            sentences(POINT, POINT_TESTS, &fields),
            ["`Point::y` has type `f64`; the exercise says `i64`"]
        );
    }

    #[test]
    fn a_name_of_std_defined_by_the_submission_is_named() {
        let sum = "pub fn total(v: Vec<u32>) -> u32 { v.iter().sum() }\n";
        let tests = "use super::*;\n#[test]\nfn t() { assert_eq!(total(vec![1, 2]), 3); }\n";
        let own_vec = "pub struct Vec<T>(T);\npub fn total(v: Vec<u32>) -> u32 { v.0 }\n";
        assert_eq!(
            sentences(sum, tests, own_vec),
            ["the submission defines its own `Vec`; the exercise means std's"]
        );
        let alias = "#[allow(non_camel_case_types)]\ntype u32 = i8;\npub fn total(v: Vec<u32>) -> u32 { v[0] }\n";
        assert_eq!(
            sentences(sum, tests, alias),
            ["the submission defines its own `u32`; the exercise means std's"]
        );
        let renamed = "use std::primitive::i8 as u32;\npub fn total(v: Vec<u32>) -> u32 { v[0] }\n";
        assert_eq!(
            sentences(sum, tests, renamed),
            ["the submission defines its own `u32`; the exercise means std's"]
        );
        let macro_vec = "macro_rules! vec { ($($t:tt)*) => { Vec::new() } }\npub fn total(v: Vec<u32>) -> u32 { v.len() as u32 }\n";
        assert_eq!(
            sentences(sum, tests, macro_vec),
            ["the submission defines its own `vec!`; the exercise means std's"]
        );
        let glob = "mod m { pub struct Vec<T>(pub T); }\nuse m::*;\npub fn total(v: Vec<u32>) -> u32 { v.0 }\n";
        assert_eq!(
            sentences(sum, tests, glob),
            ["the submission has `m::*` at the top level, which can bring any name; the exercise does not"]
        );
        let std_import =
            "use std::vec::Vec;\npub fn total(v: Vec<u32>) -> u32 { v.iter().sum() }\n";
        assert_eq!(sentences(sum, tests, std_import), Vec::<String>::new());
    }

    #[test]
    fn unparsable_input_is_left_to_rustc() {
        assert!(check(ADD, ADD_TESTS, "pub fn add(a: i64 -> i64 {").is_empty());
        assert!(check("fn add(", ADD_TESTS, "struct Sum;").is_empty());
    }

    #[test]
    fn main_and_items_the_tests_do_not_name_are_free() {
        let solution =
            "fn helper() -> u8 { 1 }\npub fn add(a: i64, b: i64) -> i64 { a + b }\nfn main() {}\n";
        let tests = "use super::*;\n#[test]\nfn main_works() { assert_eq!(add(1, 1), 2); }\n";
        let theirs = "fn helper() -> String { String::new() }\npub fn add(a: i64, b: i64) -> i64 { a + b }\nfn main() -> Result<(), ()> { Ok(()) }\n";
        assert!(check(solution, tests, theirs).is_empty());
    }
}
