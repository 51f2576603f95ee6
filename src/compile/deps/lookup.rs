//! Remembering `cargo metadata`. Reading the package under test costs cargo about 50 ms
//! a run, as much as checking several cases from the cache. Its answer is kept in the cache
//! directory beside the toolchain lookups, with the state (modification time and size, or
//! absence) of everything cargo reads to give it, and used only while all of that is as it
//! was:
//! - the `Cargo.toml` and `.cargo/config` files from the package's directory up, and in
//!   `CARGO_HOME`;
//! - every package the answer lists: its manifest, its directory and the parent of that
//!   (where a workspace glob would find a new member), and the files and directories
//!   cargo looks in for targets (`src/lib.rs`, `src/main.rs`, `src/bin`, `build.rs`,
//!   `tests`, `examples`, `benches`);
//! - the workspace root;
//! - the `CARGO_*` environment and the toolchain (`rustc -vV`).

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::compile::error::DepsError;
use crate::compile::rustc::Toolchain;
use crate::compile::toolchain;

/// The files and directories in a package's directory that decide its targets.
const TARGET_PLACES: &[&str] = &[
    "src",
    "src/lib.rs",
    "src/main.rs",
    "src/bin",
    "build.rs",
    "tests",
    "examples",
    "benches",
];

/// A remembered answer and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Remembered {
    /// The environment and toolchain it was asked in.
    asked: Vec<String>,
    /// Every path it depends on, with its state then.
    paths: Vec<(PathBuf, Option<(u128, u64)>)>,
    /// cargo's output.
    output: String,
}

/// `cargo metadata`'s output for `manifest`, as `ask` gets it, remembered below
/// `cache_root` when there is one.
pub(crate) fn metadata(
    manifest: &Path,
    toolchain: &Toolchain,
    cache_root: Option<&Path>,
    ask: impl FnOnce() -> Result<String, DepsError>,
) -> Result<String, DepsError> {
    let Some(root) = cache_root else {
        return ask();
    };
    let asked = asked(manifest, toolchain);
    let file = root
        .join(toolchain::DIR)
        .join(format!("{}.package", key(&asked)));
    if let Some(output) = recall(&file, &asked) {
        return Ok(output);
    }
    let output = ask()?;
    let remembered = Remembered {
        paths: depended_on(manifest, &output)
            .into_iter()
            .map(|p| {
                let state = toolchain::state(&p);
                (p, state)
            })
            .collect(),
        asked,
        output: output.clone(),
    };
    // An answer that cannot be stored only costs time next run.
    let _ = toolchain::store(&file, &remembered);
    Ok(output)
}

/// What the answer was asked with: the manifest, the toolchain, and every `CARGO_*`
/// variable (`CARGO_TARGET_DIR` is removed from cargo's environment anyway).
fn asked(manifest: &Path, toolchain: &Toolchain) -> Vec<String> {
    let mut asked = vec![
        env!("CARGO_PKG_VERSION").to_owned(),
        manifest.display().to_string(),
        toolchain.verbose_version.clone(),
    ];
    let mut vars: Vec<String> = std::env::vars_os()
        .filter(|(k, _)| k.to_string_lossy().starts_with("CARGO_") && k != "CARGO_TARGET_DIR")
        .map(|(k, v)| format!("{}={}", k.to_string_lossy(), v.to_string_lossy()))
        .collect();
    vars.sort();
    asked.extend(vars);
    asked
}

fn key(asked: &[String]) -> String {
    let mut hasher = blake3::Hasher::new();
    for field in asked {
        hasher.update(&(field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
    hasher.finalize().to_hex()[..32].to_owned()
}

fn recall(file: &Path, asked: &[String]) -> Option<String> {
    let remembered: Remembered = serde_json::from_slice(&fs::read(file).ok()?).ok()?;
    let same = remembered.asked == asked
        && remembered
            .paths
            .iter()
            .all(|(path, then)| toolchain::state(path) == *then);
    same.then_some(remembered.output)
}

/// The paths whose state decides cargo's answer `output` for `manifest`.
fn depended_on(manifest: &Path, output: &str) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    let start = manifest.parent().unwrap_or(Path::new("."));
    let homes = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    for dir in start.ancestors() {
        paths.push(dir.join("Cargo.toml"));
        paths.push(dir.join(".cargo/config"));
        paths.push(dir.join(".cargo/config.toml"));
    }
    if let Some(home) = homes {
        paths.push(home.join("config"));
        paths.push(home.join("config.toml"));
    }
    let answer: serde_json::Value = serde_json::from_str(output).unwrap_or_default();
    if let Some(root) = answer["workspace_root"].as_str() {
        paths.push(PathBuf::from(root));
    }
    let manifests = answer["packages"].as_array().into_iter().flatten();
    for package in manifests.filter_map(|p| p["manifest_path"].as_str()) {
        let package = PathBuf::from(package);
        if let Some(dir) = package.parent() {
            paths.extend(TARGET_PLACES.iter().map(|place| dir.join(place)));
            paths.push(dir.to_path_buf());
            paths.extend(dir.parent().map(Path::to_path_buf));
        }
        paths.push(package);
    }
    paths.sort();
    paths.dedup();
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toolchain() -> Toolchain {
        Toolchain {
            rustc: PathBuf::from("rustc"),
            verbose_version: "rustc 1.0.0".to_owned(),
            sysroot: PathBuf::new(),
            release: (1, 0, 0),
        }
    }

    #[test]
    fn an_answer_stands_until_a_file_it_depends_on_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let package = dir.path().join("pkg");
        fs::create_dir_all(package.join("src")).expect("mkdir");
        let manifest = package.join("Cargo.toml");
        fs::write(&manifest, "[package]\nname = \"pkg\"\n").expect("write");
        let output = serde_json::json!({
            "workspace_root": package,
            "packages": [{ "manifest_path": manifest }],
        })
        .to_string();
        let cache_dir = tempfile::tempdir().expect("temp dir");
        let cache = cache_dir.path().join("cache");
        let asks = std::cell::Cell::new(0);
        let ask = || {
            asks.set(asks.get() + 1);
            Ok(output.clone())
        };
        let toolchain = toolchain();
        let first = metadata(&manifest, &toolchain, Some(&cache), ask).expect("asked");
        assert_eq!(first, output);
        metadata(&manifest, &toolchain, Some(&cache), ask).expect("recalled");
        assert_eq!(asks.get(), 1, "an unchanged package is not asked again");
        fs::write(package.join("src/lib.rs"), "").expect("a library appears");
        metadata(&manifest, &toolchain, Some(&cache), ask).expect("asked again");
        assert_eq!(asks.get(), 2);
        fs::write(&manifest, "[package]\nname = \"pkg2\"\n").expect("write");
        metadata(&manifest, &toolchain, Some(&cache), ask).expect("asked again");
        assert_eq!(asks.get(), 3);
        metadata(&manifest, &toolchain, None, ask).expect("no cache");
        assert_eq!(asks.get(), 4, "without a cache, always asked");
    }
}
