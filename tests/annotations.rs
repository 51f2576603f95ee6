//! Inline annotations (compiletest's `//~ ERROR` and `//@` headers): an annotated `.rs`
//! file is an exercise of its own, each revision a check; every error must be annotated
//! and every annotation matched; bad headers and annotations are errors naming the line;
//! an annotation changed by one line, code or word fails; catalog snippets carry them too;
//! `bless --annotations` rewrites them to match, and plain `bless` leaves them alone; a
//! batch tells an annotated file's result, passing or failing, only as it is alone.

use std::path::{Path, PathBuf};

use serde_json::Value;

mod common;
use common::{
    cached, copy_tree, json_report, placed, snipcheck_at_root, snipcheck_cached, statuses_by, under,
};

const FIXTURE: &str = "fixtures/annotations";
/// Files whose annotations no longer match, for `bless --annotations`.
const STALE: &str = "fixtures/bless_annotations";

/// `snipcheck ARGS --format json`; the report and the exit code.
fn snipcheck(args: &[&str]) -> (Value, Option<i32>) {
    json_report(args)
}

/// `snipcheck check ARGS --format json`; the report and the exit code.
fn check(args: &[&str]) -> (Value, Option<i32>) {
    snipcheck(&[&["check"], args].concat())
}

fn statuses(doc: &Value) -> Vec<(String, String)> {
    statuses_by(doc, "path")
}

#[test]
fn annotated_files_are_checked_with_compiletest_s_meaning() {
    let (doc, code) = check(&[FIXTURE]);
    let expected = under(
        FIXTURE,
        &[
            ("bad/above_first_line.rs", "error"),
            ("bad/bad_normalize.rs", "error"),
            ("bad/unknown_header.rs", "error"),
            ("check_pass.rs", "pass"),
            ("child_note.rs", "pass"),
            ("crate_type_lib.rs", "pass"),
            ("headers/error_pattern.rs", "pass"),
            ("headers/failure_status.rs", "skipped"),
            ("headers/normalized.rs", "pass"),
            ("headers/rustc_env.rs", "pass"),
            ("headers/should_fail.rs", "skipped"),
            ("lint_code.rs", "pass"),
            ("moved_value.rs", "pass"),
            ("revisions.rs#strict", "pass"),
            ("revisions.rs#lenient", "pass"),
            ("run_fail.rs", "pass"),
            ("two_spellings.rs", "pass"),
            ("unannotated_error.rs", "fail"),
        ],
    );
    assert_eq!(statuses(&doc), expected, "{doc:#}");
    assert_eq!(code, Some(2));
    let text = doc.to_string();
    assert!(
        text.contains(
            "unknown_header.rs:1:1: unknown header `compile-flagz`: did you mean `compile-flags`?"
        ),
        "{doc:#}"
    );
    assert!(text.contains("above_first_line.rs:1:14"), "{doc:#}");
    assert!(
        text.contains("bad_normalize.rs: a `normalize-stderr` rule is not a regular expression"),
        "{doc:#}"
    );
    assert!(
        text.contains("unexpected error: error[E0308] unannotated_error.rs:3"),
        "{doc:#}"
    );
}

/// `error-pattern`, `rustc-env` and `normalize-stderr` each decide a verdict: with the
/// header changed, the file that passed fails.
#[test]
fn error_patterns_rustc_env_and_normalisation_are_applied() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&Path::new(FIXTURE).join("headers"), dir.path());
    let changes = [
        (
            "error_pattern.rs",
            "due to 2 previous",
            "due to 3 previous",
            "error pattern `aborting due to 3 previous errors` is not in rustc's output",
        ),
        (
            "rustc_env.rs",
            "GREETING=hello",
            "GREETING_ELSEWHERE=hello",
            "environment variable `SNIPCHECK_FIXTURE_GREETING` not defined at compile time",
        ),
        (
            "normalized.rs",
            "-> \"found A STRING\"",
            "-> \"found TEXT\"",
            "the .stderr differs",
        ),
    ];
    for (file, from, to, said) in changes {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        let shown = path.to_str().expect("utf-8");
        assert_eq!(check(&[shown]).1, Some(0), "{file} as it is");
        std::fs::write(&path, text.replace(from, to)).expect("write");
        let (doc, code) = check(&[shown]);
        assert_eq!(code, Some(1), "{file} changed: {doc:#}");
        assert!(
            doc.to_string().contains(said),
            "{file}: `{said}` in {doc:#}"
        );
        std::fs::write(&path, text).expect("write");
    }
}

/// Every annotation changed by one line, one code or one word fails: no false pass.
#[test]
fn a_changed_annotation_never_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("moved.rs");
    let good = "fn main() {\n    let s = String::from(\"hi\");\n    let t = s;\n    println!(\"{s} {t}\"); //~ ERROR borrow of moved value [E0382]\n}\n";
    std::fs::write(&file, good).expect("write");
    let path = file.to_string_lossy().into_owned();
    assert_eq!(check(&[&path]).1, Some(0), "the unchanged file passes");
    for changed in [
        good.replace("t}\"); //~ ERROR", "t}\");\n//~ ERROR"),
        good.replace("[E0382]", "[E0381]"),
        good.replace("borrow of moved", "borrow of copied"),
    ] {
        std::fs::write(&file, &changed).expect("write");
        let (doc, code) = check(&[&path]);
        assert_eq!(code, Some(1), "{changed}\n{doc:#}");
    }
}

/// A catalog snippet may carry its expectations as annotations; an annotation moved off
/// its line fails the exercise.
#[test]
fn catalog_snippets_carry_annotations() {
    let exercise = "exercises/01_ownership/assign_twice_to_immutable";
    let snippet = std::fs::read_to_string(Path::new(exercise).join("main.rs")).expect("read");
    assert!(snippet.contains("//~ ERROR"), "{snippet}");
    assert_eq!(check(&[exercise]).1, Some(0));
    let dir = tempfile::tempdir().expect("temp dir");
    let copy = dir.path().join("assign_twice_to_immutable");
    copy_tree(Path::new(exercise), &copy);
    let moved = snippet.replace(" //~ ERROR", "\n//~ ERROR");
    std::fs::write(copy.join("main.rs"), moved).expect("write");
    let (doc, code) = check(&[&copy.to_string_lossy()]);
    assert_eq!(code, Some(1), "{doc:#}");
}

/// In `doc`, an annotated block is checked with the annotations' meaning at the Markdown
/// line: a matched annotation passes, an unannotated error fails, and an annotation that
/// points outside the block is an error at its fence.
#[test]
fn annotated_markdown_blocks_are_checked_at_their_lines() {
    let out = snipcheck_at_root()
        .args(["doc", "--format", "json", "fixtures/annotations/guide.md"])
        .output()
        .expect("snipcheck runs");
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let expected: Vec<(String, String)> = [("3", "pass"), ("11", "fail"), ("18", "error")]
        .iter()
        .map(|(line, s)| {
            (
                format!("fixtures/annotations/guide.md:{line}"),
                (*s).to_owned(),
            )
        })
        .collect();
    assert_eq!(statuses(&doc), expected, "{doc:#}");
    assert!(
        doc.to_string().contains("points outside the block"),
        "{doc:#}"
    );
}

/// compiletest's NOTE: a span's label counts as a note at its line, and once a file
/// annotates a note, every note and label in it needs one (unless
/// `//@ dont-require-annotations: NOTE`); a file that annotates none needs none.
#[test]
fn span_labels_are_notes_once_a_file_annotates_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let full = "fn main() {\n    let s = String::new(); //~ NOTE move occurs because `s` has type `String`\n    let t = s; //~ NOTE value moved here\n    println!(\"{s}\"); //~ ERROR borrow of moved value\n    //~^ NOTE value borrowed here after move\n    drop(t);\n}\n";
    let missing = full.replace(" //~ NOTE move occurs because `s` has type `String`", "");
    let files = [
        ("full.rs", full.to_owned()),
        ("missing.rs", missing.clone()),
        ("freed.rs", format!("//@ dont-require-annotations: NOTE\n{missing}")),
        (
            "errors_only.rs",
            "fn main() {\n    let s = String::new();\n    let t = s;\n    println!(\"{s}\"); //~ ERROR borrow of moved value\n    drop(t);\n}\n".to_owned(),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let root = dir.path().to_str().expect("UTF-8 temp dir");
    let (doc, code) = check(&[root]);
    let by_name: Vec<(String, String)> = statuses(&doc)
        .into_iter()
        .map(|(path, status)| (path.rsplit('/').next().unwrap_or("").to_owned(), status))
        .collect();
    let expected: Vec<(String, String)> = [
        ("errors_only.rs", "pass"),
        ("freed.rs", "pass"),
        ("full.rs", "pass"),
        ("missing.rs", "fail"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(by_name, expected, "{doc:#}");
    assert_eq!(code, Some(1));
    let text = doc.to_string();
    assert!(
        text.contains("no annotation for note missing.rs:2: move occurs because"),
        "{text}"
    );
    let human = snipcheck_at_root()
        .args(["check", &format!("{root}/missing.rs")])
        .output()
        .expect("snipcheck runs");
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains(&format!(" --> {root}/missing.rs:4:16")),
        "rustc's output names the file as given: {human}"
    );
}

/// `[annotations] edition` in the nearest `snipcheck.toml` replaces compiletest's default
/// edition (2015) for files without `//@ edition:`; a bad value is an error at its line.
#[test]
fn snipcheck_toml_sets_the_default_edition() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ui = dir.path().join("tests/ui");
    std::fs::create_dir_all(&ui).expect("mkdir");
    std::fs::write(
        ui.join("async_fn.rs"),
        "//@ check-pass\nasync fn answer() -> u8 {\n    42\n}\n\nfn main() {\n    drop(answer());\n}\n",
    )
    .expect("write");
    let root = dir.path().to_str().expect("UTF-8 temp dir");
    let status = |doc: &Value| statuses(doc).first().map(|(_, s)| s.clone());
    let (doc, _) = check(&[root]);
    assert_eq!(
        status(&doc).as_deref(),
        Some("fail"),
        "2015 has no async fn: {doc:#}"
    );
    let config = dir.path().join("snipcheck.toml");
    std::fs::write(&config, "[annotations]\nedition = \"2021\"\n").expect("write");
    let (doc, code) = check(&[root]);
    assert_eq!(status(&doc).as_deref(), Some("pass"), "{doc:#}");
    assert_eq!(code, Some(0));
    std::fs::write(&config, "[annotations]\nedition = \"2020\"\n").expect("write");
    let (doc, _) = check(&[root]);
    assert_eq!(status(&doc).as_deref(), Some("error"), "{doc:#}");
    let text = doc.to_string();
    assert!(text.contains("snipcheck.toml:2"), "{text}");
}

/// A `.stderr` beside an annotated file is compared with rustc's output as compiletest
/// keeps it (`LL` gutters, `$DIR`, quoted lines without their `//~`); a changed word fails
/// with a diff, `bless` rewrites it, and a file without one is not compared.
#[test]
fn a_stderr_beside_an_annotated_file_is_compared_as_compiletest_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = "fn main() {\n    let v: u32;\n    v = 1;\n    println!(\"{v}\");\n    v = 2; //~ ERROR cannot assign twice\n}\n";
    let stderr = "error[E0384]: cannot assign twice to immutable variable `v`\n  --> $DIR/twice.rs:5:5\n   |\nLL |     v = 1;\n   |     ----- first assignment to `v`\nLL |     println!(\"{v}\");\nLL |     v = 2;\n   |     ^^^^^ cannot assign twice to immutable variable\n   |\nhelp: consider making this binding mutable\n   |\nLL |     let mut v: u32;\n   |         +++\n\nerror: aborting due to 1 previous error\n\nFor more information about this error, try `rustc --explain E0384`.\n";
    std::fs::write(dir.path().join("twice.rs"), source).expect("write");
    std::fs::write(dir.path().join("alone.rs"), source).expect("write");
    let kept = dir.path().join("twice.stderr");
    std::fs::write(&kept, stderr).expect("write");
    let root = dir.path().to_str().expect("UTF-8 temp dir");
    let (doc, code) = check(&[root]);
    assert_eq!(code, Some(0), "{doc:#}");
    let checks = |doc: &Value| doc["exercises"][1]["checks"].as_array().map_or(0, Vec::len);
    assert_eq!(checks(&doc), 2, "the annotations and the .stderr: {doc:#}");

    std::fs::write(
        &kept,
        stderr.replace("first assignment", "first assignement"),
    )
    .expect("write");
    let (doc, code) = check(&[root]);
    assert_eq!(code, Some(1));
    let text = doc.to_string();
    assert!(text.contains("normalised as compiletest does"), "{text}");
    assert!(
        text.contains("-   |     ----- first assignement to `v`"),
        "{text}"
    );

    let out = snipcheck_at_root()
        .args(["bless", root])
        .output()
        .expect("snipcheck runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(std::fs::read_to_string(&kept).expect("read"), stderr);
    assert!(
        !dir.path().join("alone.stderr").exists(),
        "bless writes no new .stderr"
    );
    assert_eq!(check(&[root]).1, Some(0));
}

/// The note of each exercise's first check (`written`, `unchanged`...), in order.
fn notes(doc: &Value) -> Vec<String> {
    let exercises = doc["exercises"].as_array().expect("exercises");
    let note = |e: &Value| e["checks"][0]["note"].as_str().unwrap_or("").to_owned();
    exercises.iter().map(note).collect()
}

/// Fixture `name` of the stale ones copied into `dir`; its path there.
fn stale_copy(name: &str, dir: &Path) -> PathBuf {
    let to = dir.join(name);
    let from = Path::new(STALE).join(name);
    if from.is_dir() {
        copy_tree(&from, &to);
    } else {
        std::fs::copy(&from, &to).expect("copy");
    }
    to
}

/// `bless --annotations` on `path` writes `file` as `expected` and passes; `check` then
/// passes, and blessing again leaves the file unchanged.
fn blesses_to(path: &Path, file: &Path, expected: &str) {
    let path = path.to_string_lossy();
    let (doc, code) = snipcheck(&["bless", "--annotations", &path]);
    assert_eq!(
        (code, notes(&doc)),
        (Some(0), vec!["written".to_owned()]),
        "{doc:#}"
    );
    assert_eq!(std::fs::read_to_string(file).expect("read"), expected);
    let (doc, code) = check(&[&path]);
    assert_eq!(code, Some(0), "{doc:#}");
    let (doc, code) = snipcheck(&["bless", "--annotations", &path]);
    assert_eq!(
        (code, notes(&doc)),
        (Some(0), vec!["unchanged".to_owned()]),
        "{doc:#}"
    );
    assert_eq!(std::fs::read_to_string(file).expect("read"), expected);
}

/// A caret one line short is counted again, a reworded message takes rustc's words (the
/// `:` kept), an annotation with nothing to match goes, and a new error is annotated.
#[test]
fn bless_annotations_rewrites_stale_annotations_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = stale_copy("stale.rs", dir.path());
    let expected = "\
// Annotations that no longer say what rustc reports: an error a line above its `^`, a
// message reworded, an annotation with nothing left to match, an error not annotated.
fn main() {
    let a: u32 = \"a\";
    let b = 1;
    //~^^ ERROR mismatched types
    let c: u8 = 300u16; //~ ERROR: mismatched types
    let d = 4;
    let e: bool = 5; //~ ERROR mismatched types
}
";
    blesses_to(&file, &file, expected);
}

/// A file written ui_test's way gets annotations written so, and `\r\n` line ends stay.
#[test]
fn a_ui_test_file_keeps_its_spelling_and_its_line_ends() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = stale_copy("ui_test_style.rs", dir.path());
    let crlf = |text: &str| text.replace('\n', "\r\n");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, crlf(&text)).expect("write");
    let expected = "\
//@ edition: 2021
#![warn(unused_parens)]
// ui_test's spelling, with a colon after the kind: what bless --annotations adds is spelt so too.
fn main() {
    let count: u32 = \"three\"; //~ ERROR: mismatched types
    let doubled = (2); //~ WARN: unnecessary parentheses around assigned value
    let other: i32 = 1u8;
    //~^ ERROR: E0308
    let flag: bool = 0; //~ ERROR: mismatched types
}
";
    blesses_to(&file, &file, &crlf(expected));
}

/// An exercise's snippet with annotations is rewritten too, beside its `[expect]`.
#[test]
fn an_exercise_snippet_s_annotations_are_rewritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let exercise = stale_copy("assign_twice", dir.path());
    let expected = "\
fn main() {
    let retries = 0;
    for attempt in 1..=3 {
        println!(\"attempt {}\", attempt);
        retries += 1; //~ ERROR cannot assign twice to immutable variable `retries` [E0384]
    }
    println!(\"retries: {}\", retries);
}
";
    blesses_to(&exercise, &exercise.join("main.rs"), expected);
}

/// When rewritten annotations would still fail the check (a `check-pass` file that no
/// longer compiles), nothing is written and the failure says so.
#[test]
fn a_rewrite_that_cannot_pass_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = stale_copy("check_pass_broken.rs", dir.path());
    let before = std::fs::read_to_string(&file).expect("read");
    let (doc, code) = snipcheck(&["bless", "--annotations", &file.to_string_lossy()]);
    assert_eq!(code, Some(1), "{doc:#}");
    assert!(
        doc.to_string().contains(
            "bless --annotations left the annotations as they were: rewritten, the check would still fail (expected outcome compile-pass, got compile-fail)"
        ),
        "{doc:#}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), before);
}

/// Plain `bless` rewrites no annotation, and writes no `.stderr` for an annotated file
/// that has none; `bless --annotations` leaves a file with revisions as it is, and says
/// why.
#[test]
fn plain_bless_leaves_annotated_files_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(Path::new(FIXTURE), &dir.path().join("annotations"));
    stale_copy("stale.rs", dir.path());
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("walk").into_path())
            .filter(|p| p.is_file())
            .map(|p| (p.clone(), std::fs::read(&p).expect("read")))
            .collect()
    };
    let before = files(dir.path());
    let (doc, code) = snipcheck(&["bless", &dir.path().to_string_lossy()]);
    assert_eq!(code, Some(2), "the bad fixtures are errors: {doc:#}");
    assert!(notes(&doc).iter().all(String::is_empty), "{doc:#}");
    assert_eq!(files(dir.path()), before);
    let revisions = dir.path().join("annotations/revisions.rs");
    let (doc, code) = snipcheck(&["bless", "--annotations", &revisions.to_string_lossy()]);
    let why = "annotations not rewritten: a file with revisions is not rewritten yet";
    assert_eq!(
        (code, notes(&doc)),
        (Some(0), vec![why.to_owned(); 2]),
        "{doc:#}"
    );
    assert_eq!(files(dir.path()), before);
}

/// A temp dir holding a copy of `fixtures/told` at `told/`.
fn told_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/told");
    copy_tree(&fixtures, &dir.path().join("told"));
    dir
}

/// Annotated files that fail share a rustc too: a result a batch tells (the cache records
/// where a result came from) is, diagnostic for diagnostic, the result of a compile alone,
/// and so is every verdict. A file whose failure needs the words of a message, which a
/// batch does not always leave as they are alone, compiles alone, and so does a `main`
/// with parameters; one whose message would name an item by a path only the batch makes
/// ambiguous, or whose note points at another member's item, is told by a later batch
/// without that member, unless its check asks for notes; files that name different
/// crates (`core::`) never share a batch; a batch that a bound naming no trait stopped
/// tells nothing of the others; and a file that expects such an error joins no batch.
#[test]
fn a_batch_tells_annotated_results_as_they_are_alone() {
    let dir = told_copy();
    let run = |cache: &Path, args: &[&str]| {
        let out = snipcheck_cached(dir.path(), cache)
            .args(["check", "--format", "json", "told"])
            .args(args)
            .output()
            .expect("snipcheck runs");
        let doc: Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
        assert_eq!(out.status.code(), Some(1), "{doc:#}");
        statuses(&doc)
    };
    let (batched_dir, alone_dir) = (dir.path().join("batched"), dir.path().join("alone"));
    // One worker: one batch of them all, so that `private_ctor.rs` meets `shadow.rs`, and
    // `sort_by.rs` would meet `names_core.rs` but for the crates they name.
    let batched = run(&batched_dir, &["--jobs", "1"]);
    let alone = run(&alone_dir, &["--no-batch"]);
    let expected: Vec<(String, String)> = [
        ("assoc_fn.rs", "pass"),
        ("assoc_note.rs", "pass"),
        ("known_stop.rs", "pass"),
        ("main_args.rs", "pass"),
        ("moved.rs", "pass"),
        ("names_core.rs", "pass"),
        ("private_ctor.rs", "pass"),
        ("reworded.rs", "fail"),
        ("shadow.rs", "pass"),
        ("sort_by.rs", "pass"),
        ("stale_line.rs", "fail"),
        ("trait_bar.rs", "pass"),
        ("unknown_trait.rs", "pass"),
    ]
    .iter()
    .map(|(p, s)| (format!("told/{p}"), (*s).to_owned()))
    .collect();
    assert_eq!(batched, expected);
    assert_eq!(alone, expected);
    let alone = cached(&alone_dir);
    let mut origins = Vec::new();
    for (key, (origin, recorded)) in cached(&batched_dir) {
        let placed_here = placed(&recorded);
        let file = placed_here[0]["file"].as_str().expect("a file").to_owned();
        let (_, solo) = alone.get(&key).expect("the same check alone");
        if origin == "Rendered" {
            assert_eq!(
                placed_here,
                placed(solo),
                "{file}: a batch told what alone is not"
            );
        }
        origins.push((file, origin));
    }
    origins.sort();
    let told = |file: &str| origins.contains(&(file.to_owned(), "Rendered".to_owned()));
    assert!(told("moved.rs") && told("shadow.rs"), "{origins:?}");
    assert!(
        told("stale_line.rs"),
        "a failure by lines stands: {origins:?}"
    );
    // Told by a later batch, without the member in their way (`shadow.rs`' `A`,
    // `trait_bar.rs`' trait).
    assert!(
        told("private_ctor.rs") && told("assoc_fn.rs"),
        "{origins:?}"
    );
    // Asking for notes, it is not batched again once `trait_bar.rs` was in its way.
    for alone_only in [
        "reworded.rs",
        "unknown_trait.rs",
        "main_args.rs",
        "assoc_note.rs",
        "known_stop.rs",
    ] {
        assert!(!told(alone_only), "{alone_only}: {origins:?}");
    }
}

/// A check an earlier run found slow alone compiles alone from the start. With every
/// compile counted slow (`SNIPCHECK_SLOW_MS=0`), a `--no-batch --no-cache` run measures
/// them all, and the next run tells none from a batch, where without the list it tells
/// most; `cache clear --results` forgets them, and a run that finds them fast again
/// takes them off the list.
#[test]
fn checks_found_slow_compile_alone_on_later_runs() {
    let dir = told_copy();
    let run = |cache: &Path, slow_ms: &str, args: &[&str]| {
        let out = snipcheck_cached(dir.path(), cache)
            .env("SNIPCHECK_SLOW_MS", slow_ms)
            .args(["check", "--jobs", "1", "--format", "json", "told"])
            .args(args)
            .output()
            .expect("snipcheck runs");
        assert_eq!(out.status.code(), Some(1), "{out:?}");
    };
    let origins = |cache: &Path| -> Vec<String> {
        let mut found: Vec<String> = cached(cache).into_values().map(|(o, _)| o).collect();
        found.sort();
        found.dedup();
        found
    };
    let stats = |cache: &Path| {
        let out = snipcheck_cached(dir.path(), cache)
            .args(["cache", "stats"])
            .output()
            .expect("snipcheck runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let fresh = dir.path().join("fresh");
    run(&fresh, "0", &[]);
    assert!(
        origins(&fresh).contains(&"Rendered".to_owned()),
        "without the list, batches tell: {:?}",
        origins(&fresh)
    );
    let cache = dir.path().join("cache");
    run(&cache, "0", &["--no-batch", "--no-cache"]);
    assert!(
        stats(&cache).contains("checks found slow or crashing rustc, which compile alone: 13"),
        "{}",
        stats(&cache)
    );
    run(&cache, "0", &[]);
    assert_eq!(origins(&cache), ["Solo"], "every check is known slow");
    let cleared = snipcheck_cached(dir.path(), &cache)
        .args(["cache", "clear", "--results"])
        .output()
        .expect("snipcheck runs");
    assert!(
        String::from_utf8_lossy(&cleared.stdout).contains("13 checks found slow or crashing rustc"),
        "{cleared:?}"
    );
    run(&cache, "0", &[]);
    assert!(origins(&cache).contains(&"Rendered".to_owned()));
    run(&cache, "0", &["--no-batch", "--no-cache"]);
    run(&cache, "600000", &["--no-batch", "--no-cache"]);
    assert!(
        stats(&cache).contains("checks found slow or crashing rustc, which compile alone: 0"),
        "fast again: {}",
        stats(&cache)
    );
}

/// A check whose compile alone crashed rustc compiles alone from the start on later runs,
/// as a slow one does, and leaves the list once it compiles without a crash. Nightly's
/// `-Z treat-err-as-bug` makes rustc panic at the first error. Needs a nightly toolchain;
/// where there is none, the test says so and checks nothing.
#[test]
fn checks_that_crashed_rustc_compile_alone_on_later_runs() {
    if !common::has_nightly() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = dir.path().join("cases");
    std::fs::create_dir(&cases).expect("mkdir");
    let write = |header: &str, body: &str| {
        for name in ["a.rs", "b.rs"] {
            let flags = "//@ compile-flags: -Z treat-err-as-bug=1";
            let text = format!("{flags}\n{header}fn main() {{\n{body}}}\n");
            std::fs::write(cases.join(name), text).expect("write");
        }
    };
    let cache = dir.path().join("cache");
    let run = |expected: i32| {
        let out = snipcheck_cached(dir.path(), &cache)
            .env("SNIPCHECK_SLOW_MS", "600000")
            .args([
                "check",
                "--toolchain",
                "nightly",
                "--format",
                "json",
                "cases",
            ])
            .output()
            .expect("snipcheck runs");
        assert_eq!(out.status.code(), Some(expected), "{out:?}");
        let stats = snipcheck_cached(dir.path(), &cache)
            .args(["cache", "stats"])
            .output()
            .expect("snipcheck runs");
        String::from_utf8_lossy(&stats.stdout).into_owned()
    };
    write(
        "",
        "    let n: u32 = \"three\"; //~ ERROR mismatched types\n",
    );
    let known = "checks found slow or crashing rustc, which compile alone";
    assert!(
        run(2).contains(&format!("{known}: 2")),
        "both crashed rustc"
    );
    let again = run(2);
    assert!(again.contains(&format!("{known}: 2")), "{again}");
    assert_eq!(
        cached(&cache).len(),
        0,
        "a crash is no result to keep, batched or alone"
    );
    write("//@ check-pass\n", "    let _n: u32 = 3;\n");
    assert!(
        run(0).contains(&format!("{known}: 0")),
        "compiled without a crash, they leave the list"
    );
}
