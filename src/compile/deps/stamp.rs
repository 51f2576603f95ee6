//! Whether a set rebuilt by every run (a package under test, `path` crates) can skip cargo:
//! a stamp of everything cargo's build of it reads that can change — the generated
//! manifest, the toolchain, the lock file, and every file of each local package (name,
//! size and modification time), `target/` and hidden directories aside. A package with a
//! build script adds what its last run told cargo to watch (`rerun-if-changed` files and
//! `rerun-if-env-changed` variables, from the script's `output` in the set's build dir);
//! without that record it has no stamp, and cargo checks it as every run did.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use walkdir::WalkDir;

/// The stamp of a set whose build reads `manifest` with `version`, the lock file `lock`,
/// and the local packages `roots`, built in `build_dir` (`target/debug/build`); `None`
/// when a build script's record is missing.
pub(crate) fn of(
    manifest: &str,
    version: &str,
    lock: Option<&Path>,
    roots: &[PathBuf],
    build_dir: &Path,
) -> Option<String> {
    let mut hasher = blake3::Hasher::new();
    hasher.update(version.as_bytes());
    hasher.update(manifest.as_bytes());
    if let Some(lock) = lock {
        hasher.update(&fs::read(lock).ok()?);
    }
    for root in roots {
        if root.join("build.rs").exists() {
            watched(&mut hasher, root, build_dir)?;
        }
        tree(&mut hasher, root);
    }
    Some(hasher.finalize().to_hex()[..32].to_owned())
}

/// Every file below `root` as name, size and modification time.
fn tree(hasher: &mut blake3::Hasher, root: &Path) {
    let walker = WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !skipped(e));
    for entry in walker.filter_map(Result::ok) {
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        hasher.update(entry.path().as_os_str().as_encoded_bytes());
        hasher.update(&meta.len().to_le_bytes());
        hasher.update(&modified.to_le_bytes());
    }
}

/// What the build script of the package at `root` asked cargo to watch, from every
/// `output` of its runs in `build_dir`: each file's size and time, each variable's value.
fn watched(hasher: &mut blake3::Hasher, root: &Path, build_dir: &Path) -> Option<()> {
    let manifest: toml::Table = fs::read_to_string(root.join("Cargo.toml"))
        .ok()?
        .parse()
        .ok()?;
    let name = manifest
        .get("package")?
        .get("name")?
        .as_str()?
        .replace('-', "_");
    let mut outputs: Vec<PathBuf> = fs::read_dir(build_dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|e| {
            let dir = e.file_name().to_string_lossy().replace('-', "_");
            dir.strip_prefix(&name)
                .is_some_and(|rest| rest.starts_with('_'))
        })
        .map(|e| e.path().join("output"))
        .filter(|p| p.is_file())
        .collect();
    if outputs.is_empty() {
        return None;
    }
    outputs.sort();
    for output in outputs {
        for line in fs::read_to_string(output).ok()?.lines() {
            let line = line
                .trim_start_matches("cargo::")
                .trim_start_matches("cargo:");
            if let Some(path) = line.strip_prefix("rerun-if-changed=") {
                let meta = fs::metadata(root.join(path)).ok();
                let modified = meta.as_ref().and_then(|m| m.modified().ok());
                hasher
                    .update(format!("{path}:{:?}:{modified:?}", meta.map(|m| m.len())).as_bytes());
            } else if let Some(var) = line.strip_prefix("rerun-if-env-changed=") {
                hasher.update(format!("{var}={:?}", std::env::var_os(var)).as_bytes());
            }
        }
    }
    Some(())
}

fn skipped(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    name.starts_with('.') || (entry.file_type().is_dir() && name == "target")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_change_with_a_file_and_refuse_build_scripts() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().to_path_buf();
        fs::create_dir(root.join("src")).expect("mkdir");
        fs::write(root.join("src/lib.rs"), "pub fn a() {}").expect("write");
        let roots = [root.clone()];
        let build = root.join("target/debug/build");
        let stamp = |version: &str| of("m", version, None, &roots, &build);
        let first = stamp("v").expect("a stamp");
        assert_eq!(stamp("v"), Some(first.clone()));
        fs::create_dir_all(&build).expect("mkdir");
        fs::write(root.join("target/out"), "built").expect("write");
        assert_eq!(stamp("v"), Some(first.clone()), "target/ counts");
        fs::write(root.join("src/lib.rs"), "pub fn ab() {}").expect("write");
        assert_ne!(stamp("v"), Some(first.clone()));
        assert_ne!(stamp("w"), stamp("v"));
        // A build script without a record of its run: cargo must look.
        fs::write(root.join("Cargo.toml"), "[package]\nname = \"my-lib\"\n").expect("write");
        fs::write(root.join("build.rs"), "fn main() {}").expect("write");
        assert_eq!(stamp("v"), None);
        // With its record, what it watches counts.
        fs::create_dir_all(build.join("my-lib-0123")).expect("mkdir");
        let output = build.join("my-lib-0123/output");
        fs::write(&output, "cargo:rerun-if-changed=probe.rs\n").expect("write");
        let watched = stamp("v").expect("a stamp");
        fs::write(root.join("probe.rs"), "fn probe() {}").expect("write");
        assert_ne!(stamp("v"), Some(watched));
    }
}
