//! `snipcheck new`: a new exercise directory that `check` passes as it is, so authors start
//! from something proven and edit from there.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context as _};

use crate::model::source::{EXERCISE_FILE, SOLUTION_FILE};

const SNIPPET: &str = r#"// Make this compile and print `total: 5`.
fn main() {
    let apples: u32 = 2;
    let pears: u32 = "3";
    println!("total: {}", apples + pears);
}
"#;

const SOLUTION: &str = r#"// Make this compile and print `total: 5`.
fn main() {
    let apples: u32 = 2;
    let pears: u32 = 3;
    println!("total: {}", apples + pears);
}
"#;

const EXERCISE: &str = r#"title = "{title}"
concepts = ["types", "E0308"]
hint = """
A `u32` variable can only hold a `u32`: `"3"` is a `&str`, and Rust never converts between
them implicitly. Write the number itself (`3`), or parse the text with `"3".parse()`.
(The Rust Programming Language, ch. 3.2 "Data Types")
"""

[expect]
outcome = "compile-fail"
errors = ["E0308"]

[[expect.diagnostic]]
code = "E0308"
line = 4
message = "mismatched types"

[solution]
outcome = "run-pass"
stdout = "total: 5\n"
"#;

/// Creates the exercise at `path`; refuses to touch a non-empty directory or a file.
pub(crate) fn create(path: &Path) -> anyhow::Result<()> {
    if path.is_file() || fs::read_dir(path).is_ok_and(|mut d| d.next().is_some()) {
        bail!(
            "{} already exists and is not empty: choose a new directory",
            path.display()
        );
    }
    fs::create_dir_all(path).with_context(|| format!("cannot create {}", path.display()))?;
    let title = title_from(path);
    let files = [
        (EXERCISE_FILE, EXERCISE.replace("{title}", &title)),
        ("main.rs", SNIPPET.to_owned()),
        (SOLUTION_FILE, SOLUTION.to_owned()),
    ];
    for (name, text) in files {
        let file = path.join(name);
        fs::write(&file, text).with_context(|| format!("cannot write {}", file.display()))?;
    }
    Ok(())
}

/// `use_after_move` -> `Use after move`.
fn title_from(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || "New exercise".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let words = name.replace(['_', '-'], " ");
    let words = words
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('"', "'"),
        None => "New exercise".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_the_directory_name() {
        assert_eq!(title_from(Path::new("ex/use_after_move")), "Use after move");
        assert_eq!(title_from(Path::new("ex/01-intro")), "Intro");
    }

    #[test]
    fn refuses_a_non_empty_directory() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("keep.rs"), "").expect("write");
        assert!(create(dir.path()).is_err());
        assert_eq!(
            fs::read_to_string(dir.path().join("keep.rs")).expect("read"),
            ""
        );
    }
}
