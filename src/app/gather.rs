//! What `check` runs besides exercise directories: the trybuild cases of the package under
//! test when a path is its root, and the files with inline annotations below its paths.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::config::RunConfig;
use crate::compile::deps::Package;
use crate::compile::rustc::Toolchain;
use crate::model::annotated;
use crate::model::annotation::config::Defaults;
use crate::model::annotation::skip::Platform;
use crate::model::discover::{self, Entry, Found};
use crate::model::manifest::Edition;
use crate::model::suite::{cases, Setting};

/// The machine as `ignore-*`, `only-*` and `needs-*` headers ask about it, from `rustc -vV`.
#[derive(Debug, Clone)]
pub(crate) struct Machine {
    triple: String,
    os: &'static str,
    pointer_width: u32,
    channel: &'static str,
    llvm: Option<(u32, u32, u32)>,
}

/// What `toolchain` compiles for.
pub(crate) fn platform_of(toolchain: &Toolchain) -> Machine {
    let field = |name: &str| {
        toolchain
            .verbose_version
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let triple = field("host:");
    let release = field("release:");
    let os = ["linux", "windows", "darwin", "freebsd"]
        .into_iter()
        .find(|os| triple.contains(os))
        .map_or("unknown", |os| if os == "darwin" { "macos" } else { os });
    let wide = [
        "x86_64",
        "aarch64",
        "powerpc64",
        "riscv64",
        "s390x",
        "loongarch64",
    ];
    let llvm: Vec<u32> = field("LLVM version:")
        .split('.')
        .filter_map(|p| p.parse().ok())
        .collect();
    Machine {
        pointer_width: if wide.iter().any(|w| triple.starts_with(w)) {
            64
        } else {
            32
        },
        channel: if release.contains("nightly") || release.contains("dev") {
            "nightly"
        } else if release.contains("beta") {
            "beta"
        } else {
            "stable"
        },
        llvm: match llvm.as_slice() {
            [a, b, c, ..] => Some((*a, *b, *c)),
            _ => None,
        },
        triple,
        os,
    }
}

/// The exercise directories below the run's paths, and the entries of trybuild cases (of
/// the package under test, when a path is its root) and of annotated files.
pub(crate) fn gather(
    config: &RunConfig,
    package: Option<&Package>,
    machine: Option<&Machine>,
) -> anyhow::Result<(Vec<PathBuf>, Vec<Entry>)> {
    let mut dirs = Vec::new();
    let mut entries = Vec::new();
    let mut defaults = Defaults::default();
    for path in &config.paths {
        let root = package.filter(|p| path.canonicalize().is_ok_and(|c| c == p.root));
        let (found, cases) = match root {
            Some(package) => {
                let cases = cases::entries(&Arc::new(suite_setting(path, package)));
                match discover::find_all(std::slice::from_ref(path), true) {
                    Ok(found) => (found, cases),
                    Err(_) if !cases.is_empty() => (Found::default(), cases),
                    Err(e) => return Err(e.into()),
                }
            }
            None => (
                discover::find_all(std::slice::from_ref(path), true)?,
                Vec::new(),
            ),
        };
        let case_files: Vec<PathBuf> = cases.iter().map(|e| e.dir().to_path_buf()).collect();
        dirs.extend(found.dirs);
        entries.extend(cases);
        let annotated = found
            .annotated
            .iter()
            .map(|f| f.strip_prefix(".").map_or(f.as_path(), |p| p).to_path_buf())
            .filter(|f| !case_files.contains(f));
        for file in annotated {
            entries.extend(annotated_entries(&file, machine, &mut defaults));
        }
    }
    dirs.sort();
    dirs.dedup();
    Ok((dirs, entries))
}

/// The checks of one annotated file (its default edition from the nearest
/// `snipcheck.toml`), or none when no compiler told what this machine is (every exercise
/// is then an error anyway).
fn annotated_entries(
    file: &Path,
    machine: Option<&Machine>,
    defaults: &mut Defaults,
) -> Vec<Entry> {
    let Some(machine) = machine else {
        return Vec::new();
    };
    let edition = match defaults.edition(file) {
        Ok(edition) => edition,
        Err(error) => {
            return vec![Entry::Invalid {
                dir: file.to_path_buf(),
                error,
            }]
        }
    };
    let setting = annotated::Setting {
        edition,
        platform: Platform {
            triple: &machine.triple,
            os: machine.os,
            pointer_width: machine.pointer_width,
            channel: machine.channel,
            llvm: machine.llvm,
        },
    };
    annotated::entries(file, &setting)
}

/// Where a package's trybuild cases are: `path` is its root as the user gave it (`.` is
/// written as nothing, so cases are named `tests/ui/x.rs`).
fn suite_setting(path: &Path, package: &Package) -> Setting {
    Setting {
        shown: if path == Path::new(".") {
            PathBuf::new()
        } else {
            path.to_path_buf()
        },
        source_dir: package.root.clone(),
        workspace: package.workspace_root.clone(),
        target_dir: package.target_dir.clone(),
        path_dependencies: package.path_dependencies.clone(),
        edition: Edition::from_year(&package.edition).unwrap_or_default(),
    }
}
