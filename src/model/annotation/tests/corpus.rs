//! Real test files: clippy's UI tests (ui_test's format), where Debian's `rust-web-src`
//! installs them. Every file must read without a problem, but for the few that use
//! something this reading refuses on purpose; the counts are printed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::model::annotation::{is_annotated, parse};

/// Where `rust-web-src` puts clippy's tests.
const CLIPPY_TESTS: &str = "/usr/src/rustc-1.96.0/src/tools/clippy/tests";

/// Problems expected in that corpus, by a part of their message, with how many there
/// may be: ui_test's `ICE` level, which compiletest does not have.
const EXPECTED: &[(&str, usize)] = &[("`ice` is not a diagnostic kind", 1)];

/// Counts of what the `.rs` files below `root` hold, and the problems found reading
/// them.
fn read_below(root: &Path) -> (BTreeMap<&'static str, usize>, Vec<String>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems: Vec<String> = Vec::new();
    for entry in walkdir::WalkDir::new(root).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        if !is_annotated(&text) {
            *counts.entry("files without annotations").or_default() += 1;
            continue;
        }
        *counts.entry("annotated files").or_default() += 1;
        match parse(path, &text) {
            Ok(read) => {
                *counts.entry("annotations").or_default() += read.annotations.len();
                *counts.entry("headers").or_default() += read.directives.len();
                let coded = read.annotations.iter().filter(|a| a.kind.is_none()).count();
                *counts.entry("annotations in the code form").or_default() += coded;
            }
            Err(errors) => problems.extend(errors.iter().map(ToString::to_string)),
        }
    }
    (counts, problems)
}

#[test]
fn clippy_ui_tests_read_without_problems() {
    let root = Path::new(CLIPPY_TESTS);
    if !root.is_dir() {
        eprintln!("{CLIPPY_TESTS} is not installed (apt-get install rust-web-src): skipped");
        return;
    }
    let (counts, problems) = read_below(root);
    eprintln!("{counts:#?}");
    for (part, most) in EXPECTED {
        let found = problems.iter().filter(|e| e.contains(part)).count();
        assert!(
            found <= *most,
            "{found} problems with `{part}`: {problems:#?}"
        );
    }
    let expected = |e: &String| EXPECTED.iter().any(|(part, _)| e.contains(part));
    let surprising: Vec<&String> = problems.iter().filter(|e| !expected(e)).collect();
    assert!(surprising.is_empty(), "{surprising:#?}");
    assert!(
        counts.get("annotated files").copied().unwrap_or(0) > 1000,
        "{counts:#?}"
    );
    assert!(
        counts.get("annotations").copied().unwrap_or(0) > 10_000,
        "{counts:#?}"
    );
}
