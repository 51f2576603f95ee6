//! The crate graph of a built dependency set, as rust-analyzer's `rust-project.json` wants
//! it: from `cargo metadata` and the build's artifacts (for proc-macro libraries).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::cargo::{cargo_command, cargo_run, library_kind, pick_library, Message};
use super::Prebuilt;
use crate::compile::error::DepsError;
use crate::compile::rustc::Toolchain;

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
    let home = built_cargo_home(prebuilt);
    let metadata = cargo_output(
        set,
        toolchain,
        home,
        &["metadata", "--format-version", "1", "--offline"],
    )?;
    let metadata: Metadata =
        serde_json::from_str(&metadata).map_err(|e| DepsError::Metadata(e.to_string()))?;
    let artifacts = cargo_output(
        set,
        toolchain,
        home,
        &["build", "--message-format=json", "--quiet", "--offline"],
    )?;
    let dylibs = proc_macro_dylibs(&artifacts);
    Ok(graph_of(&metadata, &dylibs))
}

fn cargo_output(
    dir: &Path,
    toolchain: &Toolchain,
    home: Option<&Path>,
    args: &[&str],
) -> Result<String, DepsError> {
    let mut cmd = cargo_command(dir, toolchain);
    if let Some(home) = home {
        cmd.env("CARGO_HOME", home);
    }
    cargo_run(cmd.args(args), args[0])
}

/// The cargo home the set's registry crates were unpacked in (`HOME/registry/src/INDEX/
/// CRATE`): `--offline` cargo finds them only there, whatever `CARGO_HOME` says now.
fn built_cargo_home(prebuilt: &Prebuilt) -> Option<&Path> {
    prebuilt.sources.iter().find_map(|source| {
        let registry = source.ancestors().nth(3)?;
        let home = registry.parent()?;
        (registry.file_name()? == "registry" && home.is_dir()).then_some(home)
    })
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
    p.targets.iter().find(|t| library_kind(&t.kind))
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
}
