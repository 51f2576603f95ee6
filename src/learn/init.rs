//! `snipcheck init`: a fresh course from the bundled catalog. Writes the exercises (without
//! their solutions), a shipped copy of every file for `reset`, `rust-project.json` so
//! rust-analyzer understands the standalone snippets, a `.gitignore` for the state
//! directory, and a progress file with nothing done.

use std::fs;
use std::path::Path;

use serde_json::json;

use super::catalog;
use super::course::{Course, EXERCISES_DIR, SHIPPED_DIR, STATE_DIR};
use super::progress::Progress;
use crate::exercise::SOLUTION_FILE;

/// The editor configuration file rust-analyzer reads for projects without Cargo.
pub(crate) const PROJECT_FILE: &str = "rust-project.json";
/// Where rustup's rust-src component puts std's sources, below the sysroot.
const STD_SOURCES: &str = "lib/rustlib/src/rust/library";
/// What the course's `.gitignore` says.
const GITIGNORE: &str =
    "# snipcheck's progress and the shipped copies used by `snipcheck reset`\n/.snipcheck/\n";

/// Writes a course into `dir`, which must not exist or be empty; returns the course.
/// A half-written course is removed again when `dir` did not exist before.
pub(crate) fn create(dir: &Path, sysroot: &Path) -> Result<Course, String> {
    refuse_existing(dir)?;
    let created = !dir.exists();
    let result = write_course(dir, sysroot);
    if result.is_err() && created {
        // Best effort: the error that matters is the one returned.
        let _ = fs::remove_dir_all(dir);
    }
    result
}

fn refuse_existing(dir: &Path) -> Result<(), String> {
    if !dir.exists() {
        return Ok(());
    }
    if dir.join(EXERCISES_DIR).exists() || dir.join(STATE_DIR).exists() {
        return Err(format!(
            "{} already holds a course: init never overwrites one (run `snipcheck learn` there, or pick another directory)",
            dir.display()
        ));
    }
    let mut entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if entries.next().is_some() {
        return Err(format!(
            "{} exists and is not empty: pick a new directory for the course",
            dir.display()
        ));
    }
    Ok(())
}

fn write_course(dir: &Path, sysroot: &Path) -> Result<Course, String> {
    let shipped = dir.join(STATE_DIR).join(SHIPPED_DIR);
    for (rel, bytes) in catalog::FILES {
        write(&shipped.join(rel), bytes)?;
        if !rel.ends_with(&format!("/{SOLUTION_FILE}")) {
            write(&dir.join(EXERCISES_DIR).join(rel), bytes)?;
        }
    }
    write(&dir.join(".gitignore"), GITIGNORE.as_bytes())?;
    let course = Course::open(dir)?;
    let project = serde_json::to_string_pretty(&project_json(&course, sysroot))
        .map_err(|e| format!("cannot write {PROJECT_FILE}: {e}"))?;
    write(&dir.join(PROJECT_FILE), format!("{project}\n").as_bytes())?;
    let progress = Progress::fresh(course);
    progress.save()?;
    Ok(progress.course)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let written = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::write(path, bytes));
    written.map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// rust-analyzer's project description: one crate per exercise, rooted at its snippet,
/// with paths relative to the course so it can be moved.
fn project_json(course: &Course, sysroot: &Path) -> serde_json::Value {
    let crates: Vec<serde_json::Value> = course
        .items
        .iter()
        .filter_map(|item| {
            let ex = item.exercise.as_ref().ok()?;
            Some(json!({
                "root_module": format!("{EXERCISES_DIR}/{}/{}", item.id, ex.file),
                "edition": ex.edition.as_str(),
                "deps": [],
                "cfg": [],
                "is_workspace_member": true,
            }))
        })
        .collect();
    // rust-analyzer reads std's sources from `sysroot_src` (rustup's rust-src component);
    // with `sysroot` alone it resolves nothing from std, not even `println!`.
    json!({
        "sysroot": sysroot,
        "sysroot_src": sysroot.join(STD_SOURCES),
        "crates": crates,
    })
}
