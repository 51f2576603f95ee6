//! Exercises that use crates: each distinct `[dependencies]` table is built once with cargo
//! in a generated package under the cache directory, and snippets are then compiled by
//! plain rustc with `--extern NAME=PATH -L dependency=DIR`. A set is keyed by its table,
//! `rustc -vV` and the host; it is built by one process at a time (a file lock) and reused
//! by every later run.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::compile::error::DepsError;
use crate::compile::rustc::Toolchain;
use crate::model::exercise::Exercise;
use crate::sandbox::{self, Limits};

/// How long one dependency build may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(900);
/// Bytes of cargo output kept.
const BUILD_OUTPUT_CAP: usize = 64 << 20;
/// The record of a finished build inside a set's directory.
pub(super) const RECORD: &str = "prebuilt.json";

/// A built dependency set: what rustc needs to use it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Prebuilt {
    /// `--extern` name and library path of every declared crate.
    pub(crate) externs: Vec<(String, PathBuf)>,
    /// The directory holding all of their own dependencies (`-L dependency=`).
    pub(crate) deps_dir: PathBuf,
    /// Directories where `extern crate` finds crates by name (`-L`): an annotated file's
    /// auxiliary crates.
    #[serde(default)]
    pub(crate) search: Vec<PathBuf>,
    /// The source directory of every package of the set, as cargo built it (which is where
    /// diagnostics point into, whatever `CARGO_HOME` says now).
    #[serde(default)]
    pub(crate) sources: Vec<PathBuf>,
    /// A hash of the libraries' contents, for sets built by every run (a package under
    /// test): part of every cache key of the snippets that use the set.
    #[serde(default)]
    pub(crate) fingerprint: String,
    /// `--cfg` values every snippet gets: the package's features on.
    #[serde(default)]
    pub(crate) cfgs: Vec<String>,
    /// For a set rebuilt by every run, the stamp of its local sources when it was built:
    /// the same stamp lets a run skip cargo (`stamp.rs`).
    #[serde(default)]
    pub(crate) stamp: Option<String>,
}

impl Prebuilt {
    /// What rustc must be able to read to use the set: its libraries and their sources.
    pub(crate) fn reads(&self) -> Vec<PathBuf> {
        let mut reads = vec![self.deps_dir.clone()];
        reads.extend(self.externs.iter().map(|(_, path)| path.clone()));
        reads.extend(self.sources.iter().cloned());
        reads
    }

    /// Both sets together: a package's crates and an annotated file's auxiliary crates.
    pub(crate) fn with(mut self, other: Prebuilt) -> Prebuilt {
        self.externs.extend(other.externs);
        self.search.extend(other.search);
        self.sources.extend(other.sources);
        self.fingerprint = format!("{}+{}", self.fingerprint, other.fingerprint);
        self.cfgs.extend(other.cfgs);
        self
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
        for dir in &self.search {
            args.push("-L".to_owned());
            args.push(dir.display().to_string());
        }
        for cfg in &self.cfgs {
            args.push("--cfg".to_owned());
            args.push(cfg.clone());
        }
        args
    }
}

/// The key of a dependency table: its canonical TOML text.
pub(crate) fn table_key(table: &toml::Table) -> String {
    let sorted: BTreeMap<&String, &toml::Value> = table.iter().collect();
    toml::to_string(&sorted).unwrap_or_default()
}

/// The prebuilt crates `ex` uses: its dependency set, its auxiliary crates, or both
/// together; the first error when one did not build.
pub(crate) fn for_exercise(
    ex: &Exercise,
    package: bool,
    prebuilts: &BTreeMap<String, Result<Prebuilt, DepsError>>,
) -> Option<Result<Prebuilt, DepsError>> {
    let find = |key: String| {
        let missing = || Err(DepsError::NotBuilt);
        prebuilts.get(&key).cloned().unwrap_or_else(missing)
    };
    let deps = set_key(ex, package).map(find);
    let aux = ex.auxiliary.as_ref().map(|aux| find(aux.key.clone()));
    match (deps, aux) {
        (Some(Ok(deps)), Some(Ok(aux))) => Some(Ok(deps.with(aux))),
        (Some(Err(e)), _) | (_, Some(Err(e))) => Some(Err(e)),
        (one, None) | (None, one) => one,
    }
}

/// The key of the dependency set `ex` uses: its own table's, or in a package the empty
/// table's (the package's set alone).
fn set_key(ex: &Exercise, package: bool) -> Option<String> {
    match &ex.dependencies {
        Some(table) => Some(table_key(table)),
        None if package => Some(table_key(&toml::Table::new())),
        None => None,
    }
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
    /// A package under test's set, brought up to date by cargo (as every run does), in
    /// this long.
    Updated(Duration),
}

/// Builds (or finds) the set for `table` below `root`; `Err` says which step failed, with
/// cargo's message.
pub(crate) fn prepare(
    table: &toml::Table,
    toolchain: &Toolchain,
    root: &Path,
    offline: bool,
) -> Result<Prebuilt, DepsError> {
    let plan = Plan::registry(table, root);
    prepare_telling(&plan, toolchain, offline).map(|(prebuilt, _)| prebuilt)
}

/// `prepare`, also saying whether the set was built now or found built.
pub(crate) fn prepare_told(
    table: &toml::Table,
    toolchain: &Toolchain,
    root: &Path,
) -> Result<(Prebuilt, Provenance), DepsError> {
    prepare_telling(&Plan::registry(table, root), toolchain, false)
}

/// The set of the package under test, with `table`'s crates too, brought up to date (or
/// found unchanged): what `learn` gives a snippet of a course inside a package.
pub(crate) fn prepare_package(
    package: &Package,
    table: Option<&toml::Table>,
    toolchain: &Toolchain,
) -> Result<Prebuilt, DepsError> {
    let plan = Plan::package(package, table);
    prepare_telling(&plan, toolchain, false).map(|(prebuilt, _)| prebuilt)
}

/// How one set is built: its crates, where, and with what from a package under test.
#[derive(Debug)]
struct Plan<'a> {
    /// The crates, in Cargo's syntax.
    table: toml::Table,
    /// Where sets live.
    root: PathBuf,
    /// The package under test, whose set is built by every run (its sources may change).
    package: Option<&'a Package>,
}

impl<'a> Plan<'a> {
    /// A set of registry crates, built once ever.
    fn registry(table: &toml::Table, root: &Path) -> Plan<'a> {
        Plan {
            table: table.clone(),
            root: root.to_path_buf(),
            package: None,
        }
    }

    /// The package's set, with `table`'s crates too.
    fn package(package: &'a Package, table: Option<&toml::Table>) -> Plan<'a> {
        let mut merged = package.table.clone();
        merged.extend(
            table
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        Plan {
            table: merged,
            root: package.sets_dir(),
            package: Some(package),
        }
    }

    /// Whether cargo must see the set again on every run: a package under test, or a
    /// `path` crate, may have changed since; registry crates never do.
    fn rebuilt_by_every_run(&self) -> bool {
        self.package.is_some() || self.table.values().any(|v| v.get("path").is_some())
    }

    /// The target dir of the set in `dir`: a package's sets share one, where its library
    /// is built once for all.
    fn target_dir(&self, dir: &Path) -> PathBuf {
        match self.package {
            Some(package) => package.sets_dir().join("target"),
            None => dir.join("target"),
        }
    }

    /// The stamp that lets a run skip cargo for a set rebuilt by every run; `None` for
    /// registry sets (built once) and when a local package has a build script.
    fn stamp(&self, dir: &Path, manifest: &str, toolchain: &Toolchain) -> Option<String> {
        if !self.rebuilt_by_every_run() {
            return None;
        }
        let mut roots: Vec<PathBuf> = self
            .table
            .values()
            .filter_map(|v| v.get("path")?.as_str().map(PathBuf::from))
            .collect();
        roots.sort();
        roots.dedup();
        let lock = self.package.and_then(|p| p.lock.as_deref());
        let build_dir = self.target_dir(dir).join("debug/build");
        stamp::of(
            manifest,
            &toolchain.verbose_version,
            lock,
            &roots,
            &build_dir,
        )
    }

    /// The generated package's manifest.
    fn manifest(&self) -> Result<String, toml::ser::Error> {
        let mut manifest: toml::Table = toml::from_str(
            "[package]\nname = \"snipcheck-deps\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n[lib]\npath = \"lib.rs\"\n[workspace]\n",
        )
        .unwrap_or_default();
        manifest.insert(
            "dependencies".into(),
            toml::Value::Table(self.table.clone()),
        );
        if let Some(package) = self.package {
            manifest.extend(package.patches.clone());
        }
        toml::to_string(&manifest)
    }

    /// The crates rustc is given, and whether each must be found.
    fn wanted(&self) -> Vec<Wanted> {
        let mut wanted: Vec<Wanted> = self
            .table
            .iter()
            .map(|(key, value)| Wanted::of(key, value, self.package.is_none()))
            .collect();
        if let Some(package) = self.package {
            for w in wanted.iter_mut().filter(|w| w.extern_name == package.lib) {
                w.required = true;
                w.lib = package.lib.clone();
                w.manifest = Some(package.root.join("Cargo.toml"));
            }
        }
        wanted
    }
}

/// A crate of a set as rustc is given it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wanted {
    /// `--extern` name.
    extern_name: String,
    /// The library target cargo builds for it.
    lib: String,
    /// Whether a set without it is an error (else the crate is left out).
    required: bool,
    /// The manifest of the package it must come from, when another package of the same
    /// name may be built too (a package under test that its dev-dependencies depend on).
    manifest: Option<PathBuf>,
}

impl Wanted {
    /// A table entry: renamed crates (`package = "..."`) are built under their own name.
    fn of(key: &str, value: &toml::Value, required: bool) -> Wanted {
        let package = value.get("package").and_then(toml::Value::as_str);
        Wanted {
            extern_name: key.replace('-', "_"),
            lib: package.unwrap_or(key).replace('-', "_"),
            required,
            manifest: None,
        }
    }
}

/// `prepare`, also saying whether the set was built now.
fn prepare_telling(
    plan: &Plan<'_>,
    toolchain: &Toolchain,
    offline: bool,
) -> Result<(Prebuilt, Provenance), DepsError> {
    let manifest = plan
        .manifest()
        .map_err(|e| DepsError::EncodeRecord(e.to_string()))?;
    let hash = blake3::hash(format!("{}\n{}", toolchain.verbose_version, manifest).as_bytes());
    let dir = plan.root.join(&hash.to_hex()[..32]);
    fs::create_dir_all(&dir).map_err(|e| DepsError::CreateDir {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    let _lock = lock(&dir).map_err(|e| DepsError::Lock {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    let stamp = plan.stamp(&dir, &manifest, toolchain);
    let reusable = !plan.rebuilt_by_every_run() || stamp.is_some();
    if let Some(prebuilt) = load(&dir).filter(|p| reusable && p.stamp == stamp) {
        return Ok((prebuilt, Provenance::Reused));
    }
    let start = std::time::Instant::now();
    write_package(&dir, &manifest, plan.package).map_err(|e| DepsError::WritePackage {
        dir: dir.clone(),
        reason: e.to_string(),
    })?;
    let mut prebuilt = build(&dir, plan, toolchain, offline)?;
    if plan.rebuilt_by_every_run() {
        prebuilt.fingerprint = fingerprint(&prebuilt);
    }
    if let Some(package) = plan.package {
        prebuilt.cfgs = package.cfgs.clone();
    }
    prebuilt.stamp = stamp;
    write_record(&dir, &prebuilt)?;
    let provenance = match plan.rebuilt_by_every_run() {
        true => Provenance::Updated(start.elapsed()),
        false => Provenance::Built(start.elapsed()),
    };
    Ok((prebuilt, provenance))
}

/// A hash of the libraries' contents: a package's sources change, its library's path does
/// not, and every cached result of a snippet that uses it must change with them.
fn fingerprint(prebuilt: &Prebuilt) -> String {
    let mut hasher = blake3::Hasher::new();
    for (name, path) in &prebuilt.externs {
        hasher.update(name.as_bytes());
        if let Ok(bytes) = fs::read(path) {
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
        }
    }
    hasher.finalize().to_hex()[..32].to_owned()
}

/// Every distinct table of `tables`, by `table_key`, built (or found) below `root`, each at
/// most once; `announce` hears of each set that is ready, with how it came to be. In a
/// package, every set holds the package's crates, and an exercise without a table gets the
/// package's set, keyed by the empty table's key.
pub(crate) fn prepare_all<'t>(
    tables: impl IntoIterator<Item = &'t toml::Table>,
    toolchain: &Toolchain,
    root: Option<&Path>,
    offline: bool,
    package: Option<&Package>,
    mut announce: impl FnMut(&str, &Prebuilt, Provenance),
) -> BTreeMap<String, Result<Prebuilt, DepsError>> {
    let empty = toml::Table::new();
    let mut distinct: BTreeMap<String, &toml::Table> =
        tables.into_iter().map(|t| (table_key(t), t)).collect();
    if package.is_some() {
        distinct.insert(table_key(&empty), &empty);
    }
    let mut prepared = BTreeMap::new();
    for (key, table) in distinct {
        let mut names: Vec<&str> = table.keys().map(String::as_str).collect();
        let plan = match (package, root) {
            (Some(package), _) => {
                names.insert(0, &package.name);
                Some(Plan::package(package, Some(table)))
            }
            (None, Some(root)) => Some(Plan::registry(table, root)),
            (None, None) => None,
        };
        let built = match plan {
            Some(plan) => prepare_telling(&plan, toolchain, offline),
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
pub(super) fn lock(dir: &Path) -> io::Result<fs::File> {
    let file = fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".lock"))?;
    file.lock()?;
    Ok(file)
}

/// Records a finished build in `dir`, for `load`.
pub(super) fn write_record(dir: &Path, prebuilt: &Prebuilt) -> Result<(), DepsError> {
    let record =
        serde_json::to_vec_pretty(prebuilt).map_err(|e| DepsError::EncodeRecord(e.to_string()))?;
    fs::write(dir.join(RECORD), record).map_err(|e| DepsError::WriteRecord {
        dir: dir.to_path_buf(),
        reason: e.to_string(),
    })
}

/// A finished build whose libraries are all still there.
pub(super) fn load(dir: &Path) -> Option<Prebuilt> {
    let prebuilt: Prebuilt = serde_json::from_slice(&fs::read(dir.join(RECORD)).ok()?).ok()?;
    // A record without sources predates them: build again, so they are known.
    let complete = prebuilt.externs.iter().all(|(_, p)| p.is_file())
        && prebuilt.deps_dir.is_dir()
        && !prebuilt.sources.is_empty();
    complete.then_some(prebuilt)
}

/// The generated package: its manifest, an empty library, and the package under test's
/// lock file, so its crates resolve to the versions its own tests use.
fn write_package(dir: &Path, manifest: &str, package: Option<&Package>) -> io::Result<()> {
    fs::write(dir.join("Cargo.toml"), manifest)?;
    fs::write(dir.join("lib.rs"), "")?;
    if let Some(lock) = package.and_then(|p| p.lock.as_deref()) {
        // Not `fs::copy`: a read-only lock file would give a read-only copy cargo cannot update.
        fs::write(dir.join("Cargo.lock"), fs::read(lock)?)?;
    }
    Ok(())
}

/// Runs cargo with the run's compiler and reads the built libraries from its messages.
fn build(
    dir: &Path,
    plan: &Plan<'_>,
    toolchain: &Toolchain,
    offline: bool,
) -> Result<Prebuilt, DepsError> {
    let target = plan.target_dir(dir);
    let mut cmd = cargo_command(dir, toolchain);
    cmd.env("CARGO_TARGET_DIR", &target)
        .args(["build", "--message-format=json", "--quiet"]);
    if offline {
        cmd.arg("--offline");
    }
    let limits = Limits {
        timeout: BUILD_TIMEOUT,
        output_cap: BUILD_OUTPUT_CAP,
    };
    let out = sandbox::run(&mut cmd, limits).map_err(|e| DepsError::RunCargo(e.to_string()))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.timed_out || out.cancelled || !out.status.success() {
        let mut message = compiler_errors(&stdout);
        message.push_str(String::from_utf8_lossy(&out.stderr).trim_end());
        return Err(DepsError::BuildFailed(message));
    }
    read_artifacts(&stdout, &plan.wanted(), &target.join("debug/deps"))
}

pub(crate) mod auxiliary;
mod cargo;
mod lookup;
pub(crate) mod package;
pub(crate) mod project;
mod stamp;

use cargo::{cargo_command, cargo_run, compiler_errors, read_artifacts};
pub(crate) use package::Package;
pub(crate) use project::{project_graph, ProjectGraph};

#[cfg(test)]
mod tests {
    use super::*;

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
        let table: toml::Table =
            toml::from_str("tokio = \"1\"\nserde-derive = \"1\"\nrenamed = { version = \"1\", package = \"proc-macro2\" }\n")
                .expect("toml");
        let plan = Plan::registry(&table, Path::new("/t"));
        let prebuilt = read_artifacts(stdout, &plan.wanted(), Path::new("/t/deps")).expect("found");
        assert_eq!(
            prebuilt.externs,
            [
                (
                    "renamed".to_owned(),
                    PathBuf::from("/t/deps/libproc_macro2-1.rlib")
                ),
                (
                    "serde_derive".to_owned(),
                    PathBuf::from("/t/deps/libserde_derive-2.so")
                ),
                ("tokio".to_owned(), PathBuf::from("/t/deps/libtokio-3.rlib")),
            ]
        );
        assert_eq!(
            prebuilt.rustc_args().last().map(String::as_str),
            Some("dependency=/t/deps")
        );
        assert_eq!(
            read_artifacts(
                stdout,
                &[Wanted::of("regex", &"1".into(), true)],
                Path::new("/t")
            ),
            Err(DepsError::NoLibrary("regex".to_owned()))
        );
        // A package's set leaves out a crate that built no library, but not the package's.
        let optional = [Wanted::of("regex", &"1".into(), false)];
        assert_eq!(
            read_artifacts(stdout, &optional, Path::new("/t")).map(|p| p.externs.len()),
            Ok(0)
        );
    }
}
