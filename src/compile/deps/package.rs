//! The package under test: the Cargo package (or workspace member) a run starts in. Its
//! library (or proc-macro), its dependencies and its dev-dependencies become one
//! dependency set, so every snippet can use them as an integration test or a trybuild case
//! can. The set is a generated package inside the package's own target directory, built
//! with the package's `Cargo.lock` (and its workspace's `[patch]`), and built again by
//! every run, which costs cargo's no-op check when nothing changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::cargo::{library_kind, same_path};
use crate::compile::error::DepsError;
use crate::compile::rustc::Toolchain;

/// The crates.io index, as `cargo metadata` names a dependency's source.
const CRATES_IO: [&str; 2] = [
    "registry+https://github.com/rust-lang/crates.io-index",
    "sparse+https://index.crates.io/",
];

/// Which of the package's features are on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Features {
    /// `--features`: named features.
    pub(crate) named: Vec<String>,
    /// `--no-default-features`.
    pub(crate) no_default: bool,
}

/// A package whose library the snippets of a run may use.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Package {
    /// The package's name.
    pub(crate) name: String,
    /// Its library's crate name (`pin_project_lite`).
    pub(crate) lib: String,
    /// The directory of its `Cargo.toml`.
    pub(crate) root: PathBuf,
    /// Its workspace's root (the package's own directory when it is alone).
    pub(crate) workspace_root: PathBuf,
    /// Its target directory.
    pub(crate) target_dir: PathBuf,
    /// Its edition.
    pub(crate) edition: String,
    /// Its library, dependencies and dev-dependencies, in Cargo's syntax.
    pub(crate) table: toml::Table,
    /// The workspace root's `[patch]` and `[replace]`, which cargo applies to the package.
    pub(crate) patches: toml::Table,
    /// The lock file the package is built with, when it has one.
    pub(crate) lock: Option<PathBuf>,
    /// The features on, as `feature="name"` cfgs for the snippets.
    pub(crate) cfgs: Vec<String>,
    /// Its `path` dependencies that are not members of its workspace: name and directory.
    pub(crate) path_dependencies: Vec<(String, PathBuf)>,
}

impl Package {
    /// Where its dependency sets are built.
    pub(crate) fn sets_dir(&self) -> PathBuf {
        self.target_dir.join("snipcheck")
    }
}

/// The nearest `Cargo.toml` with a `[package]` at or above `start`.
pub(crate) fn find(start: &Path) -> Option<PathBuf> {
    let start = start.canonicalize().ok()?;
    start
        .ancestors()
        .map(|dir| dir.join("Cargo.toml"))
        .find(|manifest| is_package(manifest))
}

fn is_package(manifest: &Path) -> bool {
    std::fs::read_to_string(manifest)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|table| table.contains_key("package"))
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<MetaPackage>,
    workspace_members: Vec<String>,
    workspace_root: PathBuf,
    target_directory: PathBuf,
}

#[derive(Deserialize)]
struct MetaPackage {
    id: String,
    name: String,
    manifest_path: PathBuf,
    edition: String,
    targets: Vec<MetaTarget>,
    dependencies: Vec<MetaDependency>,
    features: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct MetaTarget {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct MetaDependency {
    name: String,
    source: Option<String>,
    req: String,
    kind: Option<String>,
    rename: Option<String>,
    optional: bool,
    uses_default_features: bool,
    features: Vec<String>,
    target: Option<String>,
    path: Option<PathBuf>,
}

/// Reads the package of `manifest` with `cargo metadata` (its answer remembered below
/// `cache_root`, see `lookup`): `None` when it has no library (a binary's crate cannot be
/// used by a snippet), `Err` when cargo rejects the manifest.
pub(crate) fn load(
    manifest: &Path,
    toolchain: &Toolchain,
    features: &Features,
    cache_root: Option<&Path>,
) -> Result<Option<Package>, DepsError> {
    let dir = manifest.parent().unwrap_or(Path::new("."));
    let args = [
        "metadata",
        "--no-deps",
        "--format-version=1",
        "--offline",
        "--manifest-path",
    ];
    let out = super::lookup::metadata(manifest, toolchain, cache_root, || {
        let mut cmd = super::cargo_command(dir, toolchain);
        cmd.args(args).arg(manifest).env_remove("CARGO_TARGET_DIR");
        super::cargo_run(&mut cmd, "metadata")
    })?;
    let metadata: Metadata =
        serde_json::from_str(&out).map_err(|e| DepsError::Metadata(e.to_string()))?;
    let Some(package) = metadata
        .packages
        .iter()
        .find(|p| same_path(&p.manifest_path, manifest))
    else {
        return Err(DepsError::Metadata(format!(
            "cargo does not list the package of {}",
            manifest.display()
        )));
    };
    let Some(lib) = package.targets.iter().find(|t| is_library(t)) else {
        return Ok(None);
    };
    Ok(Some(assemble(&metadata, package, &lib.name, features)))
}

fn is_library(target: &MetaTarget) -> bool {
    library_kind(&target.kind)
}

fn assemble(metadata: &Metadata, package: &MetaPackage, lib: &str, features: &Features) -> Package {
    let root = package
        .manifest_path
        .parent()
        .map_or_else(PathBuf::new, Path::to_path_buf);
    let on = enabled_features(&package.features, features);
    let mut table = toml::Table::new();
    for dep in &package.dependencies {
        let wanted = dep.kind.as_deref() != Some("build")
            && dep.target.is_none()
            && (!dep.optional || optional_on(&dep.name, dep.rename.as_deref(), &on));
        if wanted && !same_path(dep.path.as_deref().unwrap_or(Path::new("")), &root) {
            merge(&mut table, dep);
        }
    }
    table.insert(lib.to_owned(), own_entry(package, &root, features));
    let lock = [&metadata.workspace_root, &root]
        .iter()
        .map(|dir| dir.join("Cargo.lock"))
        .find(|p| p.is_file());
    Package {
        name: package.name.clone(),
        lib: lib.to_owned(),
        workspace_root: metadata.workspace_root.clone(),
        target_dir: metadata.target_directory.clone(),
        edition: package.edition.clone(),
        table,
        patches: patches(&metadata.workspace_root),
        lock,
        cfgs: on
            .iter()
            .filter(|f| package.features.contains_key(*f))
            .map(|f| format!("feature=\"{f}\""))
            .collect(),
        path_dependencies: path_dependencies(metadata, package),
        root,
    }
}

/// The package's `path` dependencies outside its workspace, whose paths trybuild writes
/// in its own way.
fn path_dependencies(metadata: &Metadata, package: &MetaPackage) -> Vec<(String, PathBuf)> {
    let members: Vec<&str> = metadata
        .packages
        .iter()
        .filter(|p| metadata.workspace_members.contains(&p.id))
        .map(|p| p.name.as_str())
        .collect();
    package
        .dependencies
        .iter()
        .filter(|d| !members.contains(&d.name.as_str()))
        .filter_map(|d| {
            let path = d.path.as_ref()?;
            Some((
                d.name.clone(),
                path.canonicalize().unwrap_or_else(|_| path.clone()),
            ))
        })
        .collect()
}

/// The package's own entry: by path, under its library's name, with the run's features.
fn own_entry(package: &MetaPackage, root: &Path, features: &Features) -> toml::Value {
    let mut entry = toml::Table::new();
    entry.insert("path".into(), root.display().to_string().into());
    entry.insert("package".into(), package.name.clone().into());
    entry.insert("default-features".into(), (!features.no_default).into());
    if !features.named.is_empty() {
        entry.insert("features".into(), strings(&features.named));
    }
    toml::Value::Table(entry)
}

/// The features on: `default` unless refused, the named ones, and all they enable.
fn enabled_features(
    declared: &BTreeMap<String, Vec<String>>,
    features: &Features,
) -> BTreeSet<String> {
    let mut todo: Vec<String> = features.named.clone();
    if !features.no_default && declared.contains_key("default") {
        todo.push("default".into());
    }
    let mut on = BTreeSet::new();
    while let Some(feature) = todo.pop() {
        if !on.insert(feature.clone()) {
            continue;
        }
        todo.extend(declared.get(&feature).into_iter().flatten().cloned());
    }
    on
}

/// Whether an optional dependency is switched on by the enabled features (`dep:NAME`, its
/// implicit feature `NAME`, or `NAME/feature`).
fn optional_on(name: &str, rename: Option<&str>, on: &BTreeSet<String>) -> bool {
    let key = rename.unwrap_or(name);
    on.iter().any(|f| {
        f == key
            || f.strip_prefix("dep:") == Some(key)
            || f.split_once('/').map(|(d, _)| d) == Some(key)
    })
}

/// Adds `dep` to `table`; a crate that is both a dependency and a dev-dependency gets the
/// union of both's features, as cargo's resolver gives the tests.
fn merge(table: &mut toml::Table, dep: &MetaDependency) {
    let key = dep.rename.clone().unwrap_or_else(|| dep.name.clone());
    let entry = entry_of(dep);
    match table.get_mut(&key).and_then(toml::Value::as_table_mut) {
        Some(existing) => {
            let mut features: BTreeSet<String> = string_list(existing.get("features"));
            features.extend(dep.features.iter().cloned());
            existing.insert(
                "features".into(),
                strings(&features.into_iter().collect::<Vec<_>>()),
            );
            if dep.uses_default_features {
                existing.insert("default-features".into(), true.into());
            }
        }
        None => {
            table.insert(key, toml::Value::Table(entry));
        }
    }
}

/// One dependency in Cargo's syntax, from how `cargo metadata` describes it.
fn entry_of(dep: &MetaDependency) -> toml::Table {
    let mut entry = toml::Table::new();
    match (&dep.path, dep.source.as_deref()) {
        (Some(path), _) => {
            entry.insert("path".into(), path.display().to_string().into());
        }
        (None, Some(source)) if source.starts_with("git+") => git_entry(&mut entry, source),
        (None, Some(source)) if !CRATES_IO.contains(&source) => {
            let index = source.trim_start_matches("registry+");
            entry.insert("registry-index".into(), index.to_owned().into());
        }
        _ => {}
    }
    if dep.path.is_none() && !dep.source.as_deref().is_some_and(|s| s.starts_with("git+")) {
        entry.insert("version".into(), dep.req.clone().into());
    }
    if dep.rename.is_some() {
        entry.insert("package".into(), dep.name.clone().into());
    }
    entry.insert("default-features".into(), dep.uses_default_features.into());
    if !dep.features.is_empty() {
        entry.insert("features".into(), strings(&dep.features));
    }
    entry
}

/// `git+URL?branch=B#SHA` as `git`, `branch`/`tag`/`rev`.
fn git_entry(entry: &mut toml::Table, source: &str) {
    let source = source.trim_start_matches("git+");
    let source = source.split('#').next().unwrap_or(source);
    let (url, query) = source.split_once('?').unwrap_or((source, ""));
    entry.insert("git".into(), url.to_owned().into());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        if let Some((key, value)) = pair.split_once('=') {
            if matches!(key, "branch" | "tag" | "rev") {
                entry.insert(key.into(), value.to_owned().into());
            }
        }
    }
}

fn strings(items: &[String]) -> toml::Value {
    toml::Value::Array(items.iter().cloned().map(toml::Value::String).collect())
}

fn string_list(value: Option<&toml::Value>) -> BTreeSet<String> {
    value
        .and_then(toml::Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// The workspace root manifest's `[patch]` and `[replace]`, with relative paths made
/// absolute (they are written into a package elsewhere).
fn patches(workspace_root: &Path) -> toml::Table {
    let text = std::fs::read_to_string(workspace_root.join("Cargo.toml")).unwrap_or_default();
    let manifest: toml::Table = text.parse().unwrap_or_default();
    let mut out = toml::Table::new();
    for key in ["patch", "replace"] {
        if let Some(mut value) = manifest.get(key).cloned() {
            absolute_paths(&mut value, workspace_root);
            out.insert(key.into(), value);
        }
    }
    out
}

fn absolute_paths(value: &mut toml::Value, base: &Path) {
    let Some(table) = value.as_table_mut() else {
        return;
    };
    for (key, item) in table.iter_mut() {
        match item {
            toml::Value::String(path) if key == "path" => {
                *path = base.join(&*path).display().to_string();
            }
            toml::Value::Table(_) => absolute_paths(item, base),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dep(name: &str, kind: Option<&str>) -> MetaDependency {
        MetaDependency {
            name: name.into(),
            source: Some(CRATES_IO[0].into()),
            req: "^1".into(),
            kind: kind.map(str::to_owned),
            rename: None,
            optional: false,
            uses_default_features: true,
            features: Vec::new(),
            target: None,
            path: None,
        }
    }

    #[test]
    fn features_enable_what_they_name() {
        let declared = BTreeMap::from([
            ("default".to_owned(), vec!["std".to_owned()]),
            ("std".to_owned(), vec!["dep:serde".to_owned()]),
            ("extra".to_owned(), vec!["regex/unicode".to_owned()]),
        ]);
        let on = enabled_features(&declared, &Features::default());
        assert!(optional_on("serde", None, &on));
        assert!(!optional_on("regex", None, &on));
        let named = Features {
            named: vec!["extra".into()],
            no_default: true,
        };
        let on = enabled_features(&declared, &named);
        assert!(optional_on("regex", None, &on));
        assert!(!optional_on("serde", None, &on));
    }

    #[test]
    fn dependencies_become_cargo_entries() {
        let mut table = toml::Table::new();
        let mut normal = dep("serde", None);
        normal.features = vec!["derive".into()];
        normal.uses_default_features = false;
        merge(&mut table, &normal);
        let mut dev = dep("serde", Some("dev"));
        dev.features = vec!["rc".into()];
        merge(&mut table, &dev);
        let mut renamed = dep("rand", Some("dev"));
        renamed.rename = Some("rand08".into());
        renamed.source = Some("git+https://example.org/rand?tag=v0.8#abc".into());
        merge(&mut table, &renamed);
        let text = toml::to_string(&table).expect("toml");
        assert!(text.contains("features = [\"derive\", \"rc\"]"), "{text}");
        assert!(text.contains("default-features = true"), "{text}");
        assert!(text.contains("[rand08]"), "{text}");
        assert!(
            text.contains("git = \"https://example.org/rand\""),
            "{text}"
        );
        assert!(text.contains("tag = \"v0.8\""), "{text}");
        assert!(text.contains("package = \"rand\""), "{text}");
    }

    // Unix paths: `/ws` is no absolute path on Windows.
    #[cfg(unix)]
    #[test]
    fn patch_paths_become_absolute() {
        let mut value: toml::Value =
            toml::from_str("[crates-io]\nfoo = { path = \"vendor/foo\" }\n").expect("toml");
        absolute_paths(&mut value, Path::new("/ws"));
        let text = toml::to_string(&value).expect("toml");
        assert!(text.contains("path = \"/ws/vendor/foo\""), "{text}");
    }
}
