//! The architecture, checked: `src/` is folders that are layers, each file imports only
//! from its own layer or the layers below it, no two modules import each other (directly
//! or round a circle), and at most three `.rs` files sit directly in `src/`. Imports are
//! read from the source text: every `crate::`, `super::` and `self::` path outside the
//! `#[cfg(test)]` modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers from the bottom up; a file may use its own layer and those before it.
const LAYERS: &[&str] = &[
    "model", "sandbox", "compile", "engine", "grade", "report", "learn", "app", "main",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Module path of a file: `src/engine/job.rs` -> `["engine", "job"]`, `mod.rs` -> its dir.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("inside src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "main") {
        parts.pop();
    }
    parts
}

/// Every `.rs` file below `src/`, by module path.
fn modules() -> BTreeMap<Vec<String>, PathBuf> {
    walkdir::WalkDir::new(src())
        .into_iter()
        .map(|e| e.expect("walk src"))
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| (module_of(e.path()), e.path().to_path_buf()))
        .collect()
}

/// The text without its `#[cfg(test)]` module, or one for tests on some platforms only
/// (`#[cfg(all(test, unix))]`): tests may use anything.
fn without_tests(text: &str) -> &str {
    [
        "#[cfg(test)]\nmod tests",
        "#[cfg(all(test, unix))]\nmod tests",
    ]
    .iter()
    .filter_map(|marker| text.find(marker))
    .min()
    .map_or(text, |at| &text[..at])
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Paths written in `text` that start at `crate`, `super` or `self`, each as its parts;
/// `a::{b, c::d}` gives `a::b` and `a::c`.
fn paths(text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(start).map(|i| i + from) {
            from = at + start.len();
            if text[..at].ends_with(is_ident) || text[..at].ends_with("::") {
                continue;
            }
            let head = start.trim_end_matches("::").to_owned();
            // A lone `crate::` (in a string, say) names no module.
            found.extend(
                expand(vec![head], &text[from..])
                    .into_iter()
                    .filter(|p| p.len() > 1),
            );
        }
    }
    found
}

/// The path that continues at `rest` after `prefix::`.
fn expand(prefix: Vec<String>, rest: &str) -> Vec<Vec<String>> {
    if let Some(group) = rest.strip_prefix('{') {
        let body = &group[..group.find('}').unwrap_or(group.len())];
        return body
            .split(',')
            .filter_map(|item| item.split("::").next())
            .map(|first| first.trim().split(' ').next().unwrap_or("").to_owned())
            .filter(|first| !first.is_empty() && first != "self")
            .map(|first| [prefix.clone(), vec![first]].concat())
            .chain(std::iter::once(prefix.clone()))
            .collect();
    }
    let ident: String = rest.chars().take_while(|&c| is_ident(c)).collect();
    if ident.is_empty() {
        return vec![prefix];
    }
    let mut path = prefix;
    path.push(ident.clone());
    let after = &rest[ident.len()..];
    match after.strip_prefix("::") {
        Some(more) => expand(path, more),
        None => vec![path],
    }
}

/// The module file a path refers to: its longest prefix that is a module. `self` is the
/// module itself and `super` its parent, for `mod.rs` files as for the others, since a
/// `mod.rs` file's module path is its directory's.
fn resolve(
    from: &[String],
    path: &[String],
    all: &BTreeMap<Vec<String>, PathBuf>,
) -> Option<Vec<String>> {
    let base: Vec<String> = match path[0].as_str() {
        "crate" => Vec::new(),
        "self" => from.to_vec(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    let rest = &path[1..];
    (0..=rest.len())
        .rev()
        .map(|n| [base.clone(), rest[..n].to_vec()].concat())
        .find(|candidate| all.contains_key(candidate))
}

fn layer(module: &[String]) -> usize {
    let name = module.first().map_or("main", String::as_str);
    LAYERS.iter().position(|l| *l == name).unwrap_or_else(|| {
        panic!("src/{name} is not a layer: add it to LAYERS in the README's order")
    })
}

/// Module -> the other modules it imports from.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let all = modules();
    let mut edges = BTreeMap::new();
    for (module, file) in &all {
        let text = std::fs::read_to_string(file).expect("read source");
        let targets: BTreeSet<Vec<String>> = paths(without_tests(&text))
            .iter()
            .filter_map(|p| resolve(module, p, &all))
            .filter(|target| target != module)
            .collect();
        edges.insert(module.clone(), targets);
    }
    edges
}

fn name(module: &[String]) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        module.join("::")
    }
}

#[test]
fn imports_never_reach_a_higher_layer() {
    let mut upward = Vec::new();
    for (from, targets) in graph() {
        for to in targets {
            if layer(&to) > layer(&from) {
                upward.push(format!("{} -> {}", name(&from), name(&to)));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports into a higher layer:\n{}",
        upward.join("\n")
    );
}

#[test]
fn no_two_modules_import_each_other() {
    let edges = graph();
    let mut circles = Vec::new();
    // A circle exists when a module reaches itself again.
    for start in edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<(Vec<String>, Vec<String>)> = edges[start]
            .iter()
            .map(|t| (t.clone(), vec![name(start), name(t)]))
            .collect();
        while let Some((at, trail)) = stack.pop() {
            if &at == start {
                circles.push(trail.join(" -> "));
                break;
            }
            if seen.insert(at.clone()) {
                for next in edges.get(&at).into_iter().flatten() {
                    let mut longer = trail.clone();
                    longer.push(name(next));
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn src_holds_folders_and_at_most_three_files() {
    let loose: Vec<String> = std::fs::read_dir(src())
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(loose.len() <= 3, "loose files in src/: {loose:?}");
}

#[test]
fn paths_are_read_like_rustc_reads_them() {
    assert_eq!(
        paths("use crate::engine::results::{CheckResult, Status};"),
        [
            vec!["crate", "engine", "results", "CheckResult"],
            vec!["crate", "engine", "results", "Status"],
            vec!["crate", "engine", "results"],
        ]
    );
    assert_eq!(paths("x::crate::y; my_crate::z"), Vec::<Vec<String>>::new());
    assert_eq!(
        paths("super::attempt::check(a)"),
        [vec!["super", "attempt", "check"]]
    );
}
