//! Exercises that use crates: each distinct `[dependencies]` table is built once with cargo
//! in a generated package under the cache directory, and snippets are then compiled by
//! plain rustc with `--extern NAME=PATH -L dependency=DIR`. A set is keyed by its table,
//! `rustc -vV` and the host; it is built by one process at a time (a file lock) and reused
//! by every later run.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::compile::error::DepsError;
use crate::compile::rustc::Toolchain;
use crate::sandbox::{self, Limits};

/// How long one dependency build may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);
/// Bytes of cargo output kept.
const BUILD_OUTPUT_CAP: usize = 64 << 20;
/// The record of a finished build inside a set's directory.
const RECORD: &str = "prebuilt.json";

/// A built dependency set: what rustc needs to use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Prebuilt {
    /// `--extern` name and library path of every declared crate.
    pub(crate) externs: Vec<(String, PathBuf)>,
    /// The directory holding all of their own dependencies (`-L dependency=`).
    pub(crate) deps_dir: PathBuf,
    /// The source directory of every package of the set, as cargo built it (which is where
    /// diagnostics point into, whatever `CARGO_HOME` says now).
    #[serde(default)]
    pub(crate) sources: Vec<PathBuf>,
}

impl Prebuilt {
    /// What rustc must be able to read to use the set: its libraries and their sources.
    pub(crate) fn reads(&self) -> Vec<PathBuf> {
        let mut reads = vec![self.deps_dir.clone()];
        reads.extend(self.externs.iter().map(|(_, path)| path.clone()));
        reads.extend(self.sources.iter().cloned());
        reads
    }

    /// The rustc arguments that make the crates available.
    pub(crate) fn rustc_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for (name, path) in &self.externs {
            args.push("--extern".to_owned());
            args.push(format!("{name}={}", path.display()));
        }
        args.push("-L".to_owned());
        args.push(format!("dependency={}", self.deps_dir.display()));
        args
    }
}

/// The key of a dependency table: its canonical TOML text.
pub(crate) fn table_key(table: &toml::Table) -> String {
    let sorted: BTreeMap<&String, &toml::Value> = table.iter().collect();
    toml::to_string(&sorted).unwrap_or_default()
}

/// Where sets live inside a cache directory.
pub(crate) const DIR: &str = "deps";

/// How a set came to be ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Provenance {
    /// Found built by an earlier run.
    Reused,
    /// Built now, in this long.
    Built(Duration),
}

/// Builds (or finds) the set for `table` below `root`; `Err` says which step failed, with
/// cargo's message.
pub(crate) fn prepare(
    table: &toml::Table,
    toolchain: &Toolchain,
    root: &Path,
    offline: bool,
) -> Result<Prebuilt, DepsError> {
    prepare_telling(table, toolchain, root, offline).map(|(prebuilt, _)| prebuilt)
}

/// `prepare`, also saying whether the set was built now.
pub(crate) fn prepare_telling(
    table: &toml::Table,
    toolchain: &Toolchain,
    root: &Path,
    offline: bool,
) -> Result<(Prebuilt, Provenance), DepsError> {
    let text = table_key(table);
    let hash = blake3::hash(format!("{}\n{}", toolchain.verbose_version, text).as_bytes());
    let dir = root.join(&hash.to_hex()[..32]);
    fs::create_dir_all(&dir).map_err(|e| DepsError::CreateDir {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    let _lock = lock(&dir).map_err(|e| DepsError::Lock {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    if let Some(prebuilt) = load(&dir) {
        return Ok((prebuilt, Provenance::Reused));
    }
    let start = std::time::Instant::now();
    write_package(&dir, table).map_err(|e| DepsError::WritePackage {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    let prebuilt = build(&dir, table, toolchain, offline)?;
    let record =
        serde_json::to_vec_pretty(&prebuilt).map_err(|e| DepsError::EncodeRecord(e.to_string()))?;
    fs::write(dir.join(RECORD), record).map_err(|e| DepsError::WriteRecord {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    Ok((prebuilt, Provenance::Built(start.elapsed())))
}

/// Every distinct table of `tables`, by `table_key`, built (or found) below `root`, each at
/// most once; `announce` hears of each set that is ready, with how it came to be.
pub(crate) fn prepare_all<'t>(
    tables: impl IntoIterator<Item = &'t toml::Table>,
    toolchain: &Toolchain,
    root: Option<&Path>,
    offline: bool,
    mut announce: impl FnMut(&str, &Prebuilt, Provenance),
) -> BTreeMap<String, Result<Prebuilt, DepsError>> {
    let distinct: BTreeMap<String, &toml::Table> =
        tables.into_iter().map(|t| (table_key(t), t)).collect();
    let mut prepared = BTreeMap::new();
    for (key, table) in distinct {
        let names: Vec<&str> = table.keys().map(String::as_str).collect();
        let built = match root {
            Some(root) => prepare_telling(table, toolchain, root, offline),
            None => Err(DepsError::NoDir),
        };
        if let Ok((prebuilt, provenance)) = &built {
            announce(&names.join(", "), prebuilt, *provenance);
        }
        prepared.insert(key, built.map(|(prebuilt, _)| prebuilt));
    }
    prepared
}

/// Holds an exclusive lock on `dir/.lock` until dropped.
fn lock(dir: &Path) -> io::Result<fs::File> {
    let file = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".lock"))?;
    file.lock()?;
    Ok(file)
}

/// A finished build whose libraries are all still there.
fn load(dir: &Path) -> Option<Prebuilt> {
    let prebuilt: Prebuilt = serde_json::from_slice(&fs::read(dir.join(RECORD)).ok()?).ok()?;
    // A record without sources predates them: build again, so they are known.
    let complete = prebuilt.externs.iter().all(|(_, p)| p.is_file())
        && prebuilt.deps_dir.is_dir()
        && !prebuilt.sources.is_empty();
    complete.then_some(prebuilt)
}

/// A library package that depends on `table` and is its own workspace.
fn write_package(dir: &Path, table: &toml::Table) -> io::Result<()> {
    let manifest: toml::Table = toml::from_str(
        "[package]\nname = \"snipcheck-deps\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n[lib]\npath = \"lib.rs\"\n[workspace]\n",
    )
    .map_err(io::Error::other)?;
    let mut manifest = manifest;
    manifest.insert("dependencies".into(), toml::Value::Table(table.clone()));
    fs::write(
        dir.join("Cargo.toml"),
        toml::to_string(&manifest).map_err(io::Error::other)?,
    )?;
    fs::write(dir.join("lib.rs"), "")
}

/// Runs cargo with the run's compiler and reads the built libraries from its messages.
fn build(
    dir: &Path,
    table: &toml::Table,
    toolchain: &Toolchain,
    offline: bool,
) -> Result<Prebuilt, DepsError> {
    let mut cmd = cargo_command(dir, toolchain);
    cmd.args(["build", "--message-format=json", "--quiet"]);
    if offline {
        cmd.arg("--offline");
    }
    let limits = Limits {
        timeout: BUILD_TIMEOUT,
        output_cap: BUILD_OUTPUT_CAP,
    };
    let out = sandbox::run(&mut cmd, limits).map_err(|e| DepsError::RunCargo(e.to_string()))?;
    if out.timed_out || out.cancelled || !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(DepsError::BuildFailed(stderr.trim_end().to_owned()));
    }
    let names: Vec<String> = table.keys().cloned().collect();
    read_artifacts(
        &String::from_utf8_lossy(&out.stdout),
        &names,
        &dir.join("target/debug/deps"),
    )
}

/// cargo in the set's package `dir`, with the run's compiler and the set's target dir.
fn cargo_command(dir: &Path, toolchain: &Toolchain) -> Command {
    let mut cmd = Command::new(cargo_of(toolchain));
    sandbox::clean_env(&mut cmd)
        .current_dir(dir)
        .env("RUSTC", &toolchain.rustc)
        .env("CARGO_TARGET_DIR", dir.join("target"));
    cmd
}

/// The cargo next to the compiler, so both come from one toolchain.
fn cargo_of(toolchain: &Toolchain) -> PathBuf {
    let beside = toolchain.rustc.with_file_name("cargo");
    if beside.is_file() {
        beside
    } else {
        PathBuf::from("cargo")
    }
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    target: Option<Target>,
    #[serde(default)]
    filenames: Vec<PathBuf>,
    #[serde(default)]
    manifest_path: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

/// The library of each declared crate among cargo's `compiler-artifact` messages.
fn read_artifacts(stdout: &str, names: &[String], deps_dir: &Path) -> Result<Prebuilt, DepsError> {
    let messages: Vec<Message> = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Message>(l).ok())
        .filter(|m| m.reason == "compiler-artifact")
        .collect();
    let mut sources: Vec<PathBuf> = messages
        .iter()
        .filter_map(|m| m.manifest_path.as_deref()?.parent().map(Path::to_path_buf))
        .collect();
    sources.sort();
    sources.dedup();
    let mut externs = Vec::new();
    for name in names {
        let crate_name = name.replace('-', "_");
        let library = messages
            .iter()
            .filter(|m| {
                m.target
                    .as_ref()
                    .is_some_and(|t| t.name == crate_name && is_library(t))
            })
            .find_map(|m| pick_library(&m.filenames))
            .ok_or_else(|| DepsError::NoLibrary(name.clone()))?;
        externs.push((crate_name, library));
    }
    Ok(Prebuilt {
        externs,
        deps_dir: deps_dir.to_path_buf(),
        sources,
    })
}

fn is_library(target: &Target) -> bool {
    target
        .kind
        .iter()
        .any(|k| matches!(k.as_str(), "lib" | "rlib" | "proc-macro"))
}

/// An rlib, else a proc-macro's shared object, else the metadata.
fn pick_library(files: &[PathBuf]) -> Option<PathBuf> {
    let with = |ext: &str| {
        files
            .iter()
            .find(|f| f.extension().is_some_and(|x| x == ext))
            .cloned()
    };
    with("rlib")
        .or_else(|| with("so"))
        .or_else(|| with("dylib"))
        .or_else(|| with("rmeta"))
}

/// One crate of a dependency set, as rust-analyzer's `rust-project.json` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProjectCrate {
    /// The crate's name in `extern crate` form.
    pub(crate) name: String,
    /// Its root source file (in cargo's registry).
    pub(crate) root_module: PathBuf,
    /// Its edition.
    pub(crate) edition: String,
    /// Its dependencies: index into the set's list, and the name they go by.
    pub(crate) deps: Vec<(usize, String)>,
    /// Enabled features, as `feature="name"` cfgs.
    pub(crate) cfg: Vec<String>,
    /// The built proc-macro library, for proc-macro crates.
    pub(crate) proc_macro_dylib: Option<PathBuf>,
}

/// The crates of a built set in dependency order, and which of them the exercise names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProjectGraph {
    /// Every crate of the set.
    pub(crate) crates: Vec<ProjectCrate>,
    /// The declared crates: index into `crates`, and their extern name.
    pub(crate) roots: Vec<(usize, String)>,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<MetaPackage>,
    resolve: MetaResolve,
}

#[derive(Deserialize)]
struct MetaPackage {
    id: String,
    edition: String,
    targets: Vec<MetaTarget>,
}

#[derive(Deserialize)]
struct MetaTarget {
    name: String,
    kind: Vec<String>,
    src_path: PathBuf,
}

#[derive(Deserialize)]
struct MetaResolve {
    root: Option<String>,
    nodes: Vec<MetaNode>,
}

#[derive(Deserialize)]
struct MetaNode {
    id: String,
    deps: Vec<MetaDep>,
    #[serde(default)]
    features: Vec<String>,
}

#[derive(Deserialize)]
struct MetaDep {
    name: String,
    pkg: String,
    dep_kinds: Vec<MetaDepKind>,
}

#[derive(Deserialize)]
struct MetaDepKind {
    kind: Option<String>,
}

/// The crate graph of a built set, from `cargo metadata` and the build's artifacts (for
/// proc-macro libraries), so editors can resolve the crates a snippet uses.
pub(crate) fn project_graph(
    prebuilt: &Prebuilt,
    toolchain: &Toolchain,
) -> Result<ProjectGraph, DepsError> {
    // Our layout: <set>/target/debug/deps.
    let set = prebuilt
        .deps_dir
        .ancestors()
        .nth(3)
        .ok_or(DepsError::Layout)?;
    let metadata = cargo_output(
        set,
        toolchain,
        &["metadata", "--format-version", "1", "--offline"],
    )?;
    let metadata: Metadata =
        serde_json::from_str(&metadata).map_err(|e| DepsError::Metadata(e.to_string()))?;
    let artifacts = cargo_output(
        set,
        toolchain,
        &["build", "--message-format=json", "--quiet", "--offline"],
    )?;
    let dylibs = proc_macro_dylibs(&artifacts);
    Ok(graph_of(&metadata, &dylibs))
}

fn cargo_output(dir: &Path, toolchain: &Toolchain, args: &[&str]) -> Result<String, DepsError> {
    let out = cargo_command(dir, toolchain)
        .args(args)
        .output()
        .map_err(|e| DepsError::RunCargo(e.to_string()))?;
    if !out.status.success() {
        return Err(DepsError::CargoFailed {
            command: args[0].to_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Proc-macro crate name -> its built library, from `compiler-artifact` messages.
fn proc_macro_dylibs(stdout: &str) -> BTreeMap<String, PathBuf> {
    stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<Message>(l).ok())
        .filter(|m| m.reason == "compiler-artifact")
        .filter_map(|m| {
            let target = m.target?;
            let is_proc_macro = target.kind.iter().any(|k| k == "proc-macro");
            let library = pick_library(&m.filenames)?;
            is_proc_macro.then_some((target.name, library))
        })
        .collect()
}

/// The library target of a package, if it has one.
fn library_target(p: &MetaPackage) -> Option<&MetaTarget> {
    p.targets.iter().find(|t| {
        t.kind
            .iter()
            .any(|k| matches!(k.as_str(), "lib" | "rlib" | "proc-macro"))
    })
}

/// Every library package but the generated root, with normal dependency edges.
fn graph_of(metadata: &Metadata, dylibs: &BTreeMap<String, PathBuf>) -> ProjectGraph {
    let root = metadata.resolve.root.as_deref().unwrap_or("");
    let library = library_target;
    let members: Vec<&MetaPackage> = metadata
        .packages
        .iter()
        .filter(|p| p.id != root && library(p).is_some())
        .collect();
    let index_of = |id: &str| members.iter().position(|p| p.id == id);
    let node_of = |id: &str| metadata.resolve.nodes.iter().find(|n| n.id == id);
    let normal_deps = |id: &str| -> Vec<(usize, String)> {
        node_of(id).map_or_else(Vec::new, |n| {
            n.deps
                .iter()
                .filter(|d| d.dep_kinds.iter().any(|k| k.kind.is_none()))
                .filter_map(|d| Some((index_of(&d.pkg)?, d.name.clone())))
                .collect()
        })
    };
    let crates = members
        .iter()
        .filter_map(|p| {
            let target = library(p)?;
            let name = target.name.replace('-', "_");
            let features = node_of(&p.id)
                .map(|n| n.features.clone())
                .unwrap_or_default();
            Some(ProjectCrate {
                proc_macro_dylib: dylibs
                    .get(&target.name)
                    .or_else(|| dylibs.get(&name))
                    .cloned(),
                name,
                root_module: target.src_path.clone(),
                edition: p.edition.clone(),
                deps: normal_deps(&p.id),
                cfg: features
                    .iter()
                    .map(|f| format!("feature=\"{f}\""))
                    .collect(),
            })
        })
        .collect();
    ProjectGraph {
        crates,
        roots: normal_deps(root),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_becomes_a_crate_graph() {
        let metadata: Metadata = serde_json::from_str(
            r#"{"packages":[
              {"id":"root","edition":"2021","targets":[{"name":"snipcheck_deps","kind":["lib"],"src_path":"/s/lib.rs"}]},
              {"id":"tokio","edition":"2021","targets":[{"name":"tokio","kind":["lib"],"src_path":"/r/tokio/src/lib.rs"},{"name":"t","kind":["test"],"src_path":"/r/t.rs"}]},
              {"id":"macros","edition":"2021","targets":[{"name":"tokio-macros","kind":["proc-macro"],"src_path":"/r/m/src/lib.rs"}]}],
             "resolve":{"root":"root","nodes":[
              {"id":"root","deps":[{"name":"tokio","pkg":"tokio","dep_kinds":[{"kind":null}]}],"features":[]},
              {"id":"tokio","deps":[{"name":"tokio_macros","pkg":"macros","dep_kinds":[{"kind":null}]}],"features":["macros"]},
              {"id":"macros","deps":[],"features":[]}]}}"#,
        )
        .expect("metadata");
        let dylibs = BTreeMap::from([(
            "tokio_macros".to_owned(),
            PathBuf::from("/t/libtokio_macros.so"),
        )]);
        let graph = graph_of(&metadata, &dylibs);
        assert_eq!(graph.roots, [(0, "tokio".to_owned())]);
        assert_eq!(graph.crates.len(), 2);
        assert_eq!(graph.crates[0].deps, [(1, "tokio_macros".to_owned())]);
        assert_eq!(graph.crates[0].cfg, ["feature=\"macros\""]);
        assert_eq!(
            graph.crates[1].proc_macro_dylib,
            Some(PathBuf::from("/t/libtokio_macros.so"))
        );
    }

    #[test]
    fn table_keys_ignore_key_order() {
        let a: toml::Table = toml::from_str("tokio = \"1\"\nserde = \"1\"\n").expect("toml");
        let b: toml::Table = toml::from_str("serde = \"1\"\ntokio = \"1\"\n").expect("toml");
        assert_eq!(table_key(&a), table_key(&b));
    }

    #[test]
    fn artifacts_give_extern_paths() {
        let stdout = r#"{"reason":"compiler-artifact","target":{"name":"proc_macro2","kind":["lib"]},"filenames":["/t/deps/libproc_macro2-1.rlib","/t/deps/libproc_macro2-1.rmeta"]}
{"reason":"compiler-artifact","target":{"name":"serde_derive","kind":["proc-macro"]},"filenames":["/t/deps/libserde_derive-2.so"]}
{"reason":"compiler-artifact","target":{"name":"tokio","kind":["lib"]},"filenames":["/t/deps/libtokio-3.rlib","/t/deps/libtokio-3.rmeta"]}
{"reason":"build-finished","success":true}"#;
        let names = vec!["tokio".to_owned(), "serde-derive".to_owned()];
        let prebuilt = read_artifacts(stdout, &names, Path::new("/t/deps")).expect("found");
        assert_eq!(
            prebuilt.externs,
            [
                ("tokio".to_owned(), PathBuf::from("/t/deps/libtokio-3.rlib")),
                (
                    "serde_derive".to_owned(),
                    PathBuf::from("/t/deps/libserde_derive-2.so")
                )
            ]
        );
        assert_eq!(
            prebuilt.rustc_args().last().map(String::as_str),
            Some("dependency=/t/deps")
        );
        assert_eq!(
            read_artifacts(stdout, &["regex".to_owned()], Path::new("/t")),
            Err(DepsError::NoLibrary("regex".to_owned()))
        );
    }
}
