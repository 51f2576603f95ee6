//! `snipcheck init`: a fresh course from the bundled catalog. Writes the exercises (without
//! their solutions), a shipped copy of every file for `reset`, `rust-project.json` so
//! rust-analyzer understands the standalone snippets, a `.gitignore` for the state
//! directory, and a progress file with nothing done.

use std::fs;
use std::path::Path;

use serde_json::json;

use super::catalog;
use super::course::Course;
use super::error::LearnError;
use super::layout::{EXERCISES_DIR, PROJECT_FILE, SHIPPED_DIR, STATE_DIR};
use super::progress::Progress;
use crate::compile::deps::{self, Provenance};
use crate::compile::rustc::Toolchain;
use crate::model::source::SOLUTION_FILE;
use std::collections::BTreeMap;

/// Where rustup's rust-src component puts std's sources, below the sysroot.
const STD_SOURCES: &str = "lib/rustlib/src/rust/library";
/// What the course's `.gitignore` says.
const GITIGNORE: &str =
    "# snipcheck's progress and the shipped copies used by `snipcheck reset`\n/.snipcheck/\n";

/// Writes a course into `dir`, which must not exist or be empty; returns the course.
/// A half-written course is removed again when `dir` did not exist before. Without a
/// toolchain the course is whole, but `rust-project.json` names neither std's sources nor
/// the crates of the `[dependencies]` sets.
pub(crate) fn create(dir: &Path, toolchain: Option<&Toolchain>) -> Result<Course, LearnError> {
    refuse_existing(dir)?;
    let created = !dir.exists();
    let result = write_course(dir, toolchain);
    if result.is_err() && created {
        // Best effort: the error that matters is the one returned.
        let _ = fs::remove_dir_all(dir);
    }
    result
}

fn refuse_existing(dir: &Path) -> Result<(), LearnError> {
    if !dir.exists() {
        return Ok(());
    }
    let dir = dir.to_path_buf();
    if dir.join(EXERCISES_DIR).exists() || dir.join(STATE_DIR).exists() {
        return Err(LearnError::CourseExists { dir });
    }
    let mut entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(source) => return Err(LearnError::Inaccessible { path: dir, source }),
    };
    match entries.next() {
        Some(_) => Err(LearnError::NotEmpty { dir }),
        None => Ok(()),
    }
}

fn write_course(dir: &Path, toolchain: Option<&Toolchain>) -> Result<Course, LearnError> {
    let shipped = dir.join(STATE_DIR).join(SHIPPED_DIR);
    for (rel, bytes) in catalog::FILES {
        write(&shipped.join(rel), bytes)?;
        if !rel.ends_with(&format!("/{SOLUTION_FILE}")) {
            write(&dir.join(EXERCISES_DIR).join(rel), bytes)?;
        }
    }
    write(&dir.join(".gitignore"), GITIGNORE.as_bytes())?;
    let course = Course::open(dir)?;
    let project = serde_json::to_string_pretty(&project_json(&course, toolchain))
        .map_err(LearnError::ProjectFile)?;
    write(&dir.join(PROJECT_FILE), format!("{project}\n").as_bytes())?;
    let progress = Progress::fresh(course);
    progress.save()?;
    Ok(progress.course)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), LearnError> {
    let written = path
        .parent()
        .map_or(Ok(()), fs::create_dir_all)
        .and_then(|()| fs::write(path, bytes));
    written.map_err(|source| LearnError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// rust-analyzer's project description: one crate per exercise, rooted at its snippet,
/// with paths relative to the course so it can be moved, and, with a toolchain, std's
/// sources and the crates of every `[dependencies]` set (built now, once) with the
/// exercises depending on them.
fn project_json(course: &Course, toolchain: Option<&Toolchain>) -> serde_json::Value {
    let mut crates: Vec<serde_json::Value> = Vec::new();
    let mut sets: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
    for item in &course.items {
        let Ok(ex) = item.exercise.as_ref() else {
            continue;
        };
        let deps = match (&ex.dependencies, toolchain) {
            (Some(table), Some(toolchain)) => {
                dependency_edges(table, toolchain, &mut crates, &mut sets)
            }
            _ => Vec::new(),
        };
        crates.push(json!({
            "root_module": format!("{EXERCISES_DIR}/{}/{}", item.id, ex.file),
            "edition": ex.edition.as_str(),
            "deps": deps,
            "cfg": [],
            "is_workspace_member": true,
        }));
    }
    let Some(toolchain) = toolchain else {
        return json!({ "crates": crates });
    };
    // rust-analyzer reads std's sources from `sysroot_src` (rustup's rust-src component);
    // with `sysroot` alone it resolves nothing from std, not even `println!`.
    let sysroot = &toolchain.sysroot;
    json!({
        "sysroot": sysroot,
        "sysroot_src": sysroot.join(STD_SOURCES),
        "crates": crates,
    })
}

/// The edges from an exercise to the crates of its set, adding the set's crates to
/// `crates` the first time it is seen. A set that cannot be built gives no edges: the
/// snippet then shows unresolved imports in the editor, and `learn` still works.
fn dependency_edges(
    table: &toml::Table,
    toolchain: &Toolchain,
    crates: &mut Vec<serde_json::Value>,
    sets: &mut BTreeMap<String, Vec<serde_json::Value>>,
) -> Vec<serde_json::Value> {
    let key = deps::table_key(table);
    if let Some(edges) = sets.get(&key) {
        return edges.clone();
    }
    // Building a set takes seconds: say which, and how long it took.
    let names: Vec<&str> = table.keys().map(String::as_str).collect();
    let names = names.join(", ");
    eprintln!("init: preparing {names} for rust-analyzer...");
    let prepared = super::attempt::prepare_told_default(table, toolchain);
    match &prepared {
        Ok((_, Provenance::Built(took) | Provenance::Updated(took))) => {
            eprintln!("init: {names} ready in {:.1} s", took.as_secs_f64());
        }
        Ok((_, Provenance::Reused)) => eprintln!("init: {names} ready (built before)"),
        Err(e) => {
            eprintln!("init: {names} could not be built ({e}): the editor will not resolve them")
        }
    }
    let graph = prepared.and_then(|(prebuilt, _)| deps::project_graph(&prebuilt, toolchain));
    let edges = match graph {
        Ok(graph) => add_graph(&graph, crates),
        Err(e) => {
            eprintln!("init: {names} cannot be described to rust-analyzer ({e}): the editor will not resolve them");
            Vec::new()
        }
    };
    sets.insert(key, edges.clone());
    edges
}

/// Appends a set's crates (its own indices shifted) and returns the edges to its roots.
fn add_graph(
    graph: &deps::ProjectGraph,
    crates: &mut Vec<serde_json::Value>,
) -> Vec<serde_json::Value> {
    let base = crates.len();
    for krate in &graph.crates {
        let deps: Vec<serde_json::Value> = krate
            .deps
            .iter()
            .map(|(index, name)| json!({ "crate": base + index, "name": name }))
            .collect();
        let mut entry = json!({
            "display_name": krate.name,
            "root_module": krate.root_module,
            "edition": krate.edition,
            "deps": deps,
            "cfg": krate.cfg,
            "is_workspace_member": false,
            "is_proc_macro": krate.proc_macro_dylib.is_some(),
        });
        if let Some(dylib) = &krate.proc_macro_dylib {
            entry["proc_macro_dylib_path"] = json!(dylib);
        }
        crates.push(entry);
    }
    graph
        .roots
        .iter()
        .map(|(index, name)| json!({ "crate": base + index, "name": name }))
        .collect()
}
