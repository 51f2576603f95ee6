//! The package under test: run inside a Cargo package, snippets use its library (or
//! proc-macro), its dependencies and its dev-dependencies; a change to its sources is seen
//! by the next run, even from the cache; features follow `--features`; a package that does
//! not build is said once; nothing is written into the package but its target directory.
//! Each test works on a copy of a fixture package. The `shapes` fixture has a dev-dependency
//! from crates.io (itoa), as CI's registry access allows.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{copy_tree, snipcheck_cached, snipcheck_process, statuses_by};

/// A copy of `fixtures/package/NAME` in a temp dir; the dir, and the package's path.
fn package(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join(name);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/package");
    copy_tree(&fixture.join(name), &root);
    (dir, root)
}

/// `snipcheck ARGS --format json` in `root`, with a cache of its own under `cache`.
fn check(root: &Path, cache: &Path, args: &[&str]) -> (Value, String, Option<i32>) {
    let out = snipcheck_cached(root, cache)
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("snipcheck runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let doc = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {stderr}\n{}", String::from_utf8_lossy(&out.stdout)));
    (doc, stderr, out.status.code())
}

/// Each exercise's status by its name.
fn statuses(doc: &Value) -> Vec<(String, String)> {
    statuses_by(doc, "name")
}

fn status_of(doc: &Value, name: &str) -> String {
    statuses(doc)
        .into_iter()
        .find(|(n, _)| n == name)
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("no {name} in {doc:#}"))
}

/// Every file of the package but its target directory, with its contents.
fn files_of(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.file_name() != "target");
    walker
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[test]
fn snippets_use_the_package_its_dev_dependencies_and_its_features() {
    let (dir, root) = package("shapes");
    let cache = dir.path().join("cache");
    let before = files_of(&root);
    let (doc, stderr, code) = check(&root, &cache, &["check", "exercises"]);
    assert_eq!(
        status_of(&doc, "uses_the_crate"),
        "pass",
        "{doc:#}\n{stderr}"
    );
    assert_eq!(status_of(&doc, "private_field"), "pass", "{doc:#}");
    // Without the feature, the gated function is configured out.
    assert_eq!(status_of(&doc, "metric_units"), "fail", "{doc:#}");
    assert_eq!(code, Some(1));
    let (doc, _, code) = check(
        &root,
        &cache,
        &["check", "exercises", "--features", "metric"],
    );
    assert_eq!(status_of(&doc, "metric_units"), "pass", "{doc:#}");
    assert_eq!(code, Some(0));
    // Only the target directory was written.
    assert_eq!(files_of(&root), before);
    assert!(root.join("target/snipcheck").is_dir());
}

#[test]
fn without_the_package_its_crate_is_unknown() {
    let (dir, root) = package("shapes");
    let args = ["check", "exercises/uses_the_crate", "--no-package"];
    let (doc, _, code) = check(&root, &dir.path().join("cache"), &args);
    assert_eq!(status_of(&doc, "uses_the_crate"), "fail", "{doc:#}");
    let actual = doc.to_string();
    assert!(actual.contains("E0432"), "{doc:#}");
    assert_eq!(code, Some(1));
    assert!(
        !root.join("target").exists(),
        "--no-package built the package"
    );
}

/// A cached result must not outlive the package it was compiled against: the library's
/// path stays the same when its sources change, so its contents are part of every key.
#[test]
fn a_changed_package_is_seen_through_the_cache() {
    let (dir, root) = package("shapes");
    let cache = dir.path().join("cache");
    let args = ["check", "exercises/uses_the_crate"];
    let (doc, _, _) = check(&root, &cache, &args);
    assert_eq!(status_of(&doc, "uses_the_crate"), "pass", "{doc:#}");
    let lib = root.join("src/lib.rs");
    let source = std::fs::read_to_string(&lib).expect("read");
    std::fs::write(&lib, source.replace("fn area(", "fn surface(")).expect("write");
    let (doc, _, code) = check(&root, &cache, &args);
    assert_eq!(status_of(&doc, "uses_the_crate"), "fail", "{doc:#}");
    assert!(doc.to_string().contains("E0599"), "{doc:#}");
    assert_eq!(code, Some(1));
    std::fs::write(&lib, source).expect("write back");
    let (doc, _, _) = check(&root, &cache, &args);
    assert_eq!(status_of(&doc, "uses_the_crate"), "pass", "{doc:#}");
}

#[test]
fn a_package_that_does_not_build_is_said_once() {
    let (dir, root) = package("shapes");
    let lib = root.join("src/lib.rs");
    let mut source = std::fs::read_to_string(&lib).expect("read");
    source.push_str("\nfn broken( {\n");
    std::fs::write(&lib, source).expect("write");
    let (doc, stderr, code) = check(&root, &dir.path().join("cache"), &["check", "exercises"]);
    for (name, status) in statuses(&doc) {
        assert_eq!(status, "error", "{name}: {doc:#}");
    }
    assert_eq!(
        stderr.matches("contains an unclosed delimiter").count(),
        1,
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("the package `shapes`").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("src/lib.rs"), "{stderr}");
    assert!(doc.to_string().contains("does not build"), "{doc:#}");
    assert_eq!(code, Some(2));
}

#[test]
fn a_manifest_cargo_rejects_is_an_error_naming_it() {
    let (dir, root) = package("shapes");
    let manifest = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("read");
    std::fs::write(
        &manifest,
        text.replace("edition = \"2021\"", "edition = \"1999\""),
    )
    .expect("write");
    let out = snipcheck_process()
        .current_dir(&root)
        .env("SNIPCHECK_CACHE_DIR", dir.path().join("cache"))
        .args(["check", "exercises"])
        .output()
        .expect("snipcheck runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Cargo.toml"), "{stderr}");
    assert!(stderr.contains("1999"), "{stderr}");
}

#[test]
fn a_proc_macro_package_derives_in_snippets() {
    let (dir, root) = package("hello_derive");
    let (doc, stderr, code) = check(&root, &dir.path().join("cache"), &["check", "exercises"]);
    assert_eq!(
        status_of(&doc, "derives_hello"),
        "pass",
        "{doc:#}\n{stderr}"
    );
    assert_eq!(status_of(&doc, "union_refused"), "pass", "{doc:#}");
    assert_eq!(code, Some(0));
}

/// A README's blocks use the crate it documents, as `cargo test --doc` lets doc comments.
#[test]
fn a_readme_checks_with_its_crate() {
    let (dir, root) = package("shapes");
    let (doc, stderr, code) = check(&root, &dir.path().join("cache"), &["doc", "README.md"]);
    assert_eq!(doc["summary"]["passed"], 2, "{doc:#}\n{stderr}");
    assert_eq!(code, Some(0));
    let (doc, _, code) = check(
        &root,
        &dir.path().join("cache"),
        &["doc", "README.md", "--no-package"],
    );
    assert_eq!(doc["summary"]["failed"], 2, "{doc:#}");
    assert_eq!(code, Some(1));
}

/// An exercise may name a package of the repository by `path`; one outside it is refused,
/// naming `exercise.toml` and the line.
#[test]
fn path_dependencies_stay_inside_the_repository() {
    let (dir, _) = package("shapes");
    let course = dir.path().join("course");
    for (name, path) in [("inside", "../../shapes"), ("outside", "../../..")] {
        let ex = course.join(name);
        std::fs::create_dir_all(&ex).expect("mkdir");
        let toml = format!(
            "title = \"A crate of the repository\"\n\n[expect]\noutcome = \"run-pass\"\n\n[dependencies]\nshapes = {{ path = \"{path}\" }}\n"
        );
        std::fs::write(ex.join("exercise.toml"), toml).expect("write");
        let main = "fn main() {\n    let mut c = shapes::Counter::default();\n    assert_eq!(c.bump(), 1);\n}\n";
        std::fs::write(ex.join("main.rs"), main).expect("write");
    }
    let (doc, stderr, code) = check(dir.path(), &dir.path().join("cache"), &["check", "course"]);
    assert_eq!(status_of(&doc, "inside"), "pass", "{doc:#}\n{stderr}");
    assert_eq!(status_of(&doc, "outside"), "error", "{doc:#}");
    let text = doc.to_string();
    assert!(text.contains("leads outside the repository"), "{doc:#}");
    assert!(text.contains("exercise.toml:6"), "{doc:#}");
    assert_eq!(code, Some(2));
}

/// An unchanged package is not handed to cargo again (a stamp of its files says so); a
/// changed file is.
#[test]
fn an_unchanged_package_skips_cargo() {
    let (dir, root) = package("shapes");
    let cache = dir.path().join("cache");
    let args = ["check", "exercises/private_field", "-v"];
    let (_, first, _) = check(&root, &cache, &args);
    assert!(first.contains("package: shapes"), "{first}");
    let (_, second, _) = check(&root, &cache, &args);
    assert!(second.contains("shapes: reused"), "{second}");
    let lib = root.join("src/lib.rs");
    let mut source = std::fs::read_to_string(&lib).expect("read");
    source.push_str("\n/// One more.\npub fn more() {}\n");
    std::fs::write(&lib, source).expect("write");
    let (_, third, _) = check(&root, &cache, &args);
    assert!(third.contains("package: shapes"), "{third}");
}
