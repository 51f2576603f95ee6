//! The HTML report in a real browser: headless Chromium loads the grade report of
//! `fixtures/grade` (three students), dumps the DOM after the page's script ran and takes a
//! screenshot; and a submission that prints markup (`fixtures/html/submissions/mallory`,
//! graded as a student named `<b>mallory & 'co'`) leaves it as text. Where Chromium is not
//! installed, the browser part says so and is skipped; the text checks still run.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::{copy_tree, snipcheck_at_root};

const CHROMIUM: &str = "/usr/bin/chromium";
const STUDENTS: [&str; 3] = ["broken", "partial", "perfect"];
const EXERCISES: [&str; 4] = [
    "01_basics/add_cents",
    "01_basics/greeting",
    "02_more/checked_div",
    "02_more/longest",
];
/// A browser that takes longer than this is stuck.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(120);

/// The grade report of `submissions` as HTML, written to `out`.
fn render(submissions: &Path, out: &Path) -> String {
    let output = snipcheck_at_root()
        .args(["grade", "--exercises", "fixtures/grade/exercises"])
        .args(["--hidden", "fixtures/grade/hidden", "--submissions"])
        .arg(submissions)
        .args(["--format", "html", "--color", "never", "--output"])
        .arg(out)
        .output()
        .expect("snipcheck runs");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_to_string(out).expect("the report is written")
}

/// Whether Chromium is here; says so when it is not.
fn have_chromium() -> bool {
    let here = Path::new(CHROMIUM).exists();
    if !here {
        eprintln!("skipped: Chromium is not installed ({CHROMIUM}), so the page is not rendered in a browser");
    }
    here
}

/// Runs headless Chromium on `page` with `args`, in a profile of its own, no network.
fn chromium(page: &Path, args: &[String]) -> Output {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut child = Process::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
        ])
        .args(["--no-first-run", "--disable-background-networking"])
        .args(["--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            panic!("chromium took longer than {BROWSER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("chromium output");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The DOM after the page loaded and its script ran.
fn dump_dom(page: &Path) -> String {
    let output = chromium(page, &["--dump-dom".to_owned()]);
    String::from_utf8(output.stdout).expect("UTF-8 DOM")
}

/// Width and height of a PNG, from its IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    let word = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    (word(16), word(20))
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn the_class_report_renders_in_chromium() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("class.html");
    let html = render(&fixture("fixtures/grade/submissions"), &page);
    for exercise in EXERCISES {
        let (group, name) = exercise.split_once('/').expect("group/name");
        assert!(html.contains(&format!("{group}/</span><span class=\"name\">{name}<")));
    }
    if !have_chromium() {
        return;
    }
    let dom = dump_dom(&page);
    assert!(
        dom.contains("data-script=\"ran\""),
        "the page's own script runs under its Content-Security-Policy"
    );
    assert_eq!(dom.matches("<tr data-student=").count(), STUDENTS.len());
    for student in STUDENTS {
        assert!(
            dom.contains(&format!("<tr data-student=\"{student}\"")),
            "{student}"
        );
        assert!(dom.contains(&format!(">{student}</a></th>")), "{student}");
    }
    for exercise in EXERCISES {
        let name = exercise.rsplit('/').next().expect("name");
        assert!(
            dom.contains(&format!("<span class=\"name\">{name}</span>")),
            "{exercise}"
        );
        assert!(
            dom.contains(&format!("<span class=\"path\">{exercise}</span>")),
            "{exercise}"
        );
    }
    let png = dir.path().join("class.png");
    chromium(
        &page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".to_owned(),
        ],
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert_eq!(png_size(&bytes), (1280, 2000));
    assert!(
        bytes.len() > 30_000,
        "a page with content, not a blank one: {} bytes",
        bytes.len()
    );
}

/// Copies the files of `from` into `to`, directories included.
#[test]
fn submissions_cannot_inject_markup() {
    let dir = tempfile::tempdir().expect("temp dir");
    let class = dir.path().join("class");
    copy_tree(
        &fixture("fixtures/html/submissions/mallory"),
        &class.join("<b>mallory & 'co'"),
    );
    let page = dir.path().join("class.html");
    let html = render(&class, &page);
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    for markup in ["<b>", "<img", "</pre><script"] {
        assert!(!html.contains(markup), "{markup} reached the page");
    }
    for text in [
        "&lt;b&gt;mallory &amp; &#39;co&#39;",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot; &#39;too&#39;",
        "&lt;/pre&gt;&lt;script&gt;alert(3)&lt;/script&gt;",
    ] {
        assert!(html.contains(text), "{text} is not shown as text");
    }
    if !have_chromium() {
        return;
    }
    let dom = dump_dom(&page);
    assert_eq!(
        dom.matches("<script").count(),
        1,
        "no script element was made"
    );
    assert!(
        !dom.contains("<b>") && !dom.contains("<img"),
        "no element was made"
    );
    assert!(
        dom.contains("&lt;b&gt;mallory &amp; 'co'"),
        "the name is text"
    );
}

/// At 640 and 1280 px, the table of exercises fits its box: no column is cut off (the
/// page marks a box whose table scrolls sideways with `overflows`).
#[test]
fn the_hardest_exercises_fit_a_narrow_window() {
    if !have_chromium() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("class.html");
    render(&fixture("fixtures/grade/submissions"), &page);
    for width in [640, 1280] {
        let output = chromium(
            &page,
            &[
                "--dump-dom".to_owned(),
                format!("--window-size={width},2000"),
            ],
        );
        let dom = String::from_utf8_lossy(&output.stdout);
        let at = dom
            .find("<table class=\"sortable hardest")
            .expect("the table");
        let before = &dom[..at];
        let box_start = before.rfind("<div class=\"scroll").expect("its box");
        assert!(
            !before[box_start..].contains("overflows"),
            "the table overflows at {width} px: {}",
            &before[box_start..]
        );
    }
}

/// A run answered from the cache says so in the header, not `took 0.0 s`.
#[test]
fn a_cached_check_page_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("check.html");
    let run = || {
        let out = snipcheck_at_root()
            .env_remove("SNIPCHECK_NO_CACHE")
            .env("SNIPCHECK_CACHE_DIR", dir.path().join("cache"))
            .args([
                "check",
                "fixtures/pass/use_after_move",
                "--format",
                "html",
                "--output",
            ])
            .arg(&page)
            .output()
            .expect("snipcheck runs");
        assert_eq!(out.status.code(), Some(0));
        std::fs::read_to_string(&page).expect("the page")
    };
    let first = run();
    assert!(first.contains("took "), "the first run compiles");
    let second = run();
    assert!(
        second.contains("every result from the cache"),
        "a cached run says so"
    );
    assert!(!second.contains("took 0.0 s"));
}
