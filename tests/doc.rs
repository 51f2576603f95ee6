//! `snipcheck doc`: Rust blocks of Markdown files checked with rustdoc's meaning of info
//! strings, hidden lines and the `fn main` wrapper, error codes checked on stable, and
//! every location at the Markdown's own line. One fixture per case below
//! `fixtures/doc/`; the crate test needs the registry (as `tests/deps.rs` does).

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::{snipcheck_at_root, snipcheck_process};

/// The JSON report of `doc ARGS...` and the exit code.
fn json(args: &[&str]) -> (Value, Option<i32>) {
    let out = snipcheck_at_root()
        .arg("doc")
        .args(["--format", "json"])
        .args(args)
        .output()
        .expect("snipcheck runs");
    let doc = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (doc, out.status.code())
}

fn blocks(doc: &Value) -> &Vec<Value> {
    doc["exercises"].as_array().expect("exercises")
}

/// `path -> status` of every block.
fn statuses(doc: &Value) -> Vec<(String, String)> {
    blocks(doc)
        .iter()
        .map(|b| {
            let path = b["path"].as_str().expect("path").to_owned();
            (path, b["status"].as_str().expect("status").to_owned())
        })
        .collect()
}

fn block<'a>(doc: &'a Value, path: &str) -> &'a Value {
    blocks(doc)
        .iter()
        .find(|b| b["path"] == path)
        .unwrap_or_else(|| panic!("no block {path} in {doc:#}"))
}

#[test]
fn every_attribute_means_what_it_means_to_rustdoc() {
    let (doc, code) = json(&["fixtures/doc/attributes.md"]);
    let expected = [
        (5, "pass", "run-pass"),
        (12, "pass", "run-pass"),
        (18, "pass", "compile-pass"),
        (24, "pass", "compile-fail"),
        (30, "pass", "compile-fail"),
        (38, "pass", "compile-fail"),
        (45, "pass", "run-fail"),
        (52, "pass", "run-pass"),
        (59, "pass", "run-pass"),
        (68, "skipped", ""),
        (74, "pass", "run-pass"),
    ];
    let found: Vec<(u32, String, String)> = blocks(&doc)
        .iter()
        .map(|b| {
            let path = b["path"].as_str().expect("path");
            let line = path
                .rsplit(':')
                .next()
                .expect("line")
                .parse()
                .expect("a line");
            let expect = b["checks"][0]["expect"].as_str().unwrap_or("").to_owned();
            (
                line,
                b["status"].as_str().expect("status").to_owned(),
                expect,
            )
        })
        .collect();
    let expected: Vec<(u32, String, String)> = expected
        .iter()
        .map(|(l, s, e)| (*l, (*s).to_owned(), (*e).to_owned()))
        .collect();
    assert_eq!(found, expected, "{doc:#}");
    assert_eq!(code, Some(0));
    let ignored = block(&doc, "fixtures/doc/attributes.md:68");
    assert!(ignored["message"]
        .as_str()
        .expect("reason")
        .starts_with("ignore"));
    let first = block(&doc, "fixtures/doc/attributes.md:5");
    assert_eq!(first["name"], "attributes.md:5");
    assert_eq!(first["title"], "Every attribute rustdoc knows");
    assert_eq!(doc["run"]["command"], "doc");
}

#[test]
fn hidden_lines_and_every_wrapping_case_compile_as_rustdoc_compiles_them() {
    for file in ["fixtures/doc/hidden.md", "fixtures/doc/wrapping.md"] {
        let (doc, code) = json(&[file]);
        assert!(statuses(&doc).iter().all(|(_, s)| s == "pass"), "{doc:#}");
        assert_eq!(code, Some(0));
    }
    let (doc, _) = json(&["fixtures/doc/hidden.md"]);
    let hidden_error = &block(&doc, "fixtures/doc/hidden.md:25")["checks"][0];
    assert_eq!(
        hidden_error["actual"][0], "error[E0308] fixtures/doc/hidden.md:26: mismatched types",
        "a hidden line's error is at its own line"
    );
}

#[test]
fn errors_are_reported_at_the_markdown_line() {
    let (doc, code) = json(&["fixtures/doc/failing.md"]);
    assert_eq!(code, Some(1));
    let read_file = &block(&doc, "fixtures/doc/failing.md:11")["checks"][0];
    assert_eq!(read_file["status"], "fail");
    assert_eq!(read_file["location"]["file"], "fixtures/doc/failing.md");
    assert_eq!(read_file["location"]["line"], 17);
    let rendered = read_file["rendered"].as_str().expect("rendered");
    assert!(
        rendered.contains("error[E0599]: no method named `read_to_string`"),
        "{rendered}"
    );
    assert!(
        rendered.contains("--> fixtures/doc/failing.md:17:10\n"),
        "{rendered}"
    );
    assert!(
        rendered.contains("\n17 |     file.read_to_string(&mut text)?;\n"),
        "{rendered}"
    );
    let in_list = &block(&doc, "fixtures/doc/failing.md:24")["checks"][0];
    assert_eq!(in_list["location"]["line"], 24, "no error: the fence");
    let quoted = &block(&doc, "fixtures/doc/failing.md:30")["checks"][0];
    assert_eq!(
        quoted["mismatches"][0],
        "expected error E0499 was not reported"
    );
    assert!(
        quoted["actual"][0]
            .as_str()
            .expect("actual")
            .starts_with("error[E0382] fixtures/doc/failing.md:33:"),
        "{quoted:#}"
    );
    let panics = &block(&doc, "fixtures/doc/failing.md:38")["checks"][0];
    assert_eq!(panics["location"]["line"], 40, "where it panicked");
    assert!(panics["program_stderr"]
        .as_str()
        .expect("stderr")
        .contains("panicked at fixtures/doc/failing.md:40:"));
}

#[test]
fn github_annotations_point_into_the_markdown() {
    let out = snipcheck_at_root()
        .args(["doc", "--format", "github", "fixtures/doc/failing.md"])
        .output()
        .expect("snipcheck runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    for line in [17, 24, 33, 40] {
        let wanted = format!("::error file=fixtures/doc/failing.md,line={line},");
        assert!(stdout.contains(&wanted), "{wanted} in\n{stdout}");
    }
}

#[test]
fn human_output_names_each_block_by_its_line() {
    let out = snipcheck_at_root()
        .args(["doc", "fixtures/doc/wrapping.md", "fixtures/doc/failing.md"])
        .output()
        .expect("snipcheck runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(" PASS fixtures/doc/wrapping.md:5\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n FAIL fixtures/doc/failing.md:11\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  --> fixtures/doc/failing.md:17:10\n"),
        "{stdout}"
    );
    assert!(stdout.ends_with("6 passed, 4 failed\n"), "{stdout}");
}

#[test]
fn listed_codes_must_appear_and_exact_codes_demands_the_set() {
    let (doc, code) = json(&["fixtures/doc/exact.md"]);
    assert_eq!(code, Some(0), "E0505 besides E0382 is fine: {doc:#}");
    let (doc, code) = json(&["--exact-codes", "fixtures/doc/exact.md"]);
    assert_eq!(code, Some(1));
    let check = &block(&doc, "fixtures/doc/exact.md:5")["checks"][0];
    assert_eq!(
        check["mismatches"][0],
        "error E0505 was reported but not expected"
    );
}

#[test]
fn a_book_is_checked_from_its_sources() {
    let (doc, code) = json(&[
        "fixtures/doc/book/src/chapter.md",
        "fixtures/doc/book/src/broken.md",
    ]);
    assert_eq!(code, Some(1));
    let chapter: Vec<String> = statuses(&doc)
        .into_iter()
        .filter(|(p, _)| p.contains("chapter.md"))
        .map(|(_, s)| s)
        .collect();
    assert_eq!(
        chapter,
        ["pass", "pass", "pass", "skipped", "pass"],
        "{doc:#}"
    );
    let broken = &block(&doc, "fixtures/doc/book/src/broken.md:3")["checks"][0];
    assert_eq!(
        broken["location"]["file"],
        "fixtures/doc/book/src/listings/broken.rs"
    );
    assert_eq!(broken["location"]["line"], 2);
}

#[test]
fn blocks_use_the_crates_of_snipcheck_toml() {
    let (doc, code) = json(&["fixtures/doc/crates"]);
    assert_eq!(statuses(&doc).len(), 2);
    assert!(statuses(&doc).iter().all(|(_, s)| s == "pass"), "{doc:#}");
    assert_eq!(code, Some(0));
}

#[test]
fn bad_input_is_an_error_at_its_line_and_the_rest_still_runs() {
    let (doc, code) = json(&["fixtures/doc/bad", "fixtures/doc/book/src/missing.md"]);
    assert_eq!(code, Some(2));
    let message = |path: &str| {
        block(&doc, path)["message"]
            .as_str()
            .expect("message")
            .to_owned()
    };
    let utf8 = message("fixtures/doc/bad/not_utf8.md:4");
    assert!(
        utf8.starts_with("fixtures/doc/bad/not_utf8.md:4:1: not valid UTF-8"),
        "{utf8}"
    );
    let attribute = message("fixtures/doc/bad/unknown_attribute.md:3");
    assert!(
        attribute.contains("unknown attribute `should-panic`: did you mean `should_panic`?"),
        "{attribute}"
    );
    let fence = message("fixtures/doc/bad/unterminated.md:7");
    assert!(
        fence.starts_with("fixtures/doc/bad/unterminated.md:7:1: unterminated code fence"),
        "{fence}"
    );
    let include = message("fixtures/doc/book/src/missing.md:3");
    assert!(
        include.starts_with(
            "fixtures/doc/book/src/missing.md:4:1: cannot include `listings/nowhere.rs`"
        ),
        "{include}"
    );
    for still_runs in [
        "fixtures/doc/bad/unknown_attribute.md:7",
        "fixtures/doc/bad/unterminated.md:3",
        "fixtures/doc/book/src/missing.md:7",
    ] {
        assert_eq!(block(&doc, still_runs)["status"], "pass");
    }
    assert_eq!(
        block(&doc, "fixtures/doc/bad/unterminated.md:7")["location"]["line"],
        7
    );
}

#[test]
fn blocks_hit_the_cache_on_a_rerun() {
    let cache = tempfile::tempdir().expect("temp dir");
    let dir = cache.path().to_str().expect("utf-8 path");
    let run = || {
        let out = snipcheck_at_root()
            .env_remove("SNIPCHECK_NO_CACHE")
            .args([
                "doc",
                "--format",
                "json",
                "--cache-dir",
                dir,
                "fixtures/doc/wrapping.md",
            ])
            .output()
            .expect("snipcheck runs");
        serde_json::from_slice::<Value>(&out.stdout).expect("JSON report")
    };
    let cached = |doc: &Value| -> Vec<bool> {
        blocks(doc)
            .iter()
            .map(|b| b["checks"][0]["cached"].as_bool().expect("cached"))
            .collect()
    };
    assert_eq!(cached(&run()), [false; 5]);
    assert_eq!(cached(&run()), [true; 5]);
}

#[test]
fn batched_and_alone_agree() {
    let files = [
        "fixtures/doc/attributes.md",
        "fixtures/doc/wrapping.md",
        "fixtures/doc/hidden.md",
        "fixtures/doc/failing.md",
        "fixtures/doc/exact.md",
    ];
    let (batched, _) = json(&files);
    let alone: Vec<&str> = std::iter::once("--no-batch").chain(files).collect();
    let (alone, _) = json(&alone);
    assert_eq!(statuses(&batched), statuses(&alone));
}

#[test]
fn filter_and_partition_select_blocks() {
    let (doc, _) = json(&["--filter", "wrapping.md:5", "fixtures/doc/wrapping.md"]);
    let ran: Vec<String> = statuses(&doc)
        .into_iter()
        .filter(|(_, s)| s != "skipped")
        .map(|(p, _)| p)
        .collect();
    assert_eq!(ran, ["fixtures/doc/wrapping.md:5"]);
    let shard = |k: &str| {
        let (doc, _) = json(&["--partition", k, "fixtures/doc/wrapping.md"]);
        statuses(&doc)
            .into_iter()
            .filter(|(_, s)| s != "skipped")
            .count()
    };
    assert_eq!(shard("1/2") + shard("2/2"), 5);
}

#[test]
fn watch_checks_a_saved_file_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("notes.md");
    std::fs::write(&file, "```\nassert_eq!(1, 1);\n```\n").expect("write");
    // A chapter of a book whose block is a listing in another directory.
    let book = dir.path().join("book");
    std::fs::create_dir_all(book.join("src/listings")).expect("mkdir");
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"Watched\"\n").expect("write");
    let chapter = book.join("src/chapter.md");
    std::fs::write(&chapter, "```rust\n{{#include listings/main.rs}}\n```\n").expect("write");
    let listing = book.join("src/listings/main.rs");
    std::fs::write(&listing, "fn main() {\n    assert_eq!(2, 2);\n}\n").expect("write");
    let mut child = snipcheck_process()
        .args(["doc", "--watch", "--color", "never"])
        .arg(&file)
        .arg(&chapter)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("snipcheck starts");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                return;
            }
        }
    });
    let wait_for = |wanted: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(line) = received.recv_timeout(Duration::from_millis(200)) {
                if line.contains(wanted) {
                    return true;
                }
            }
        }
        false
    };
    assert!(wait_for("2 passed, 0 failed"), "the first check");
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&file, "```\nassert_eq!(1, 2);\n```\n").expect("write");
    assert!(wait_for("0 passed, 1 failed"), "the check after the save");
    // Saving the included listing checks the chapter again, and only the chapter.
    std::thread::sleep(Duration::from_millis(300));
    std::fs::write(&listing, "fn main() {\n    let n: u32 = \"two\";\n}\n").expect("write");
    assert!(
        wait_for("chapter.md:1"),
        "the check after the listing was saved"
    );
    assert!(
        wait_for("0 passed, 1 failed"),
        "the chapter alone is checked again"
    );
    let _ = child.kill();
    let mut rest = String::new();
    let _ = child.stderr.take().map(|mut e| e.read_to_string(&mut rest));
    let _ = child.wait();
    assert!(Path::new(&file).exists());
}
