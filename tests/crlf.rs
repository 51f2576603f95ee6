//! CRLF line ends, as Git checks files out on Windows: a snippet, its `exercise.toml` and
//! the expected stdout written with `\r\n`, and a program that prints `\r\n`, check like
//! their LF twins. The files are written here, so no checkout setting can change them.

mod common;

use common::snipcheck_at_root;

fn write(dir: &std::path::Path, name: &str, lines: &[&str]) {
    let text: String = lines.iter().map(|line| format!("{line}\r\n")).collect();
    std::fs::write(dir.join(name), text).expect("write");
}

#[test]
fn crlf_snippets_expectations_and_output_pass() {
    let root = tempfile::tempdir().expect("temp dir");
    let moved = root.path().join("moved");
    let printed = root.path().join("printed");
    for dir in [&moved, &printed] {
        std::fs::create_dir(dir).expect("mkdir");
    }
    write(
        &moved,
        "main.rs",
        &[
            "fn main() {",
            "    let s = String::from(\"hi\");",
            "    let t = s;",
            "    println!(\"{s} {t}\");",
            "}",
        ],
    );
    write(
        &moved,
        "exercise.toml",
        &[
            "title = \"use after move, in CRLF\"",
            "[expect]",
            "outcome = \"compile-fail\"",
            "[[expect.diagnostic]]",
            "level = \"error\"",
            "code = \"E0382\"",
            "line = 4",
        ],
    );
    write(
        &printed,
        "main.rs",
        &["fn main() {", "    print!(\"one\\r\\ntwo\\n\");", "}"],
    );
    write(
        &printed,
        "exercise.toml",
        &[
            "title = \"stdout, in CRLF\"",
            "[expect]",
            "outcome = \"run-pass\"",
            "stdout = \"\"\"",
            "one",
            "two",
            "\"\"\"",
        ],
    );
    let out = snipcheck_at_root()
        .arg("check")
        .arg(root.path())
        .output()
        .expect("run snipcheck");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(stdout.contains("2 passed, 0 failed"), "{stdout}");
}
