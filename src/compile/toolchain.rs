//! Remembering the toolchain lookup. Finding the compiler means asking rustup's proxy for
//! the sysroot (about 20 ms) and the compiler for `rustc -vV`: more than a fully cached
//! check of one exercise costs otherwise. The answer is kept in the cache directory under
//! a key of everything that decides it — the toolchain asked for, `RUSTUP_TOOLCHAIN`,
//! rustup's settings (the default toolchain and directory overrides), every
//! `rust-toolchain` file from the current directory up, and the `rustc` on `PATH` — and
//! used only while the compiler it names is still the same file.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::compile::error::RustcError;
use crate::compile::rustc::Toolchain;

/// Where remembered lookups live inside the cache directory.
pub(crate) const DIR: &str = "toolchains";

/// A remembered lookup and the compiler file it was made from.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Remembered {
    toolchain: Toolchain,
    /// The compiler's modification time and size when the lookup was made.
    stamp: (u128, u64),
}

/// The toolchain `name` (or the default one) as `Toolchain::detect` finds it, remembered
/// below `cache_root` when there is one.
pub(crate) fn find(name: Option<&str>, cache_root: Option<&Path>) -> Result<Toolchain, RustcError> {
    let Some(root) = cache_root else {
        return Toolchain::detect(name);
    };
    let file = root.join(DIR).join(format!("{}.lookup", key(name)));
    if let Some(toolchain) = recall(&file) {
        return Ok(toolchain);
    }
    let toolchain = Toolchain::detect(name)?;
    if let Some(stamp) = stamp(&toolchain.rustc) {
        let remembered = Remembered {
            toolchain: toolchain.clone(),
            stamp,
        };
        // A lookup that cannot be stored only costs time next run.
        let _ = store(&file, &remembered);
    }
    Ok(toolchain)
}

fn recall(file: &Path) -> Option<Toolchain> {
    let remembered: Remembered = serde_json::from_slice(&fs::read(file).ok()?).ok()?;
    (stamp(&remembered.toolchain.rustc)? == remembered.stamp).then_some(remembered.toolchain)
}

/// Writes `remembered` to `file` as JSON, atomically (a temp file beside it, renamed), its
/// directory created first: a lookup kept in the cache directory.
pub(crate) fn store(file: &Path, remembered: &impl Serialize) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut temp, remembered)?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

/// Modification time (in nanoseconds) and size of a compiler binary that exists.
fn stamp(rustc: &Path) -> Option<(u128, u64)> {
    let meta = fs::metadata(rustc).ok()?;
    meta.is_file().then(|| state_of(&meta)).flatten()
}

/// Modification time (in nanoseconds) and size of what is at `path`, if anything: what a
/// remembered lookup checks to stay valid.
pub(crate) fn state(path: &Path) -> Option<(u128, u64)> {
    state_of(&fs::metadata(path).ok()?)
}

fn state_of(meta: &fs::Metadata) -> Option<(u128, u64)> {
    let modified = meta
        .modified()
        .ok()?
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?;
    Some((modified.as_nanos(), meta.len()))
}

/// A hash of everything that decides which compiler `rustc` on PATH is.
fn key(name: Option<&str>) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(name.unwrap_or("").as_bytes());
    for var in ["RUSTUP_TOOLCHAIN", "RUSTUP_HOME", "PATH"] {
        field(std::env::var_os(var).unwrap_or_default().as_encoded_bytes());
    }
    if let Some(settings) = rustup_home().map(|home| home.join("settings.toml")) {
        field(&fs::read(settings).unwrap_or_default());
    }
    let here = std::env::current_dir().unwrap_or_default();
    for dir in here.ancestors() {
        for file in ["rust-toolchain", "rust-toolchain.toml"] {
            let path = dir.join(file);
            if let Ok(text) = fs::read(&path) {
                field(path.as_os_str().as_encoded_bytes());
                field(&text);
            }
        }
    }
    if let Some(proxy) = on_path(&format!("rustc{}", std::env::consts::EXE_SUFFIX)) {
        field(proxy.as_os_str().as_encoded_bytes());
        let stamp = stamp(&proxy).unwrap_or_default();
        field(&stamp.0.to_le_bytes());
    }
    hasher.finalize().to_hex()[..32].to_owned()
}

fn rustup_home() -> Option<PathBuf> {
    std::env::var_os("RUSTUP_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".rustup")))
}

/// The first `program` on PATH.
fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

// Needs a real rustc: the Windows cross-check has none.
#[cfg(unix)]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lookup_is_remembered_until_the_compiler_changes() {
        let root = tempfile::tempdir().expect("temp dir");
        let fresh = find(None, Some(root.path())).expect("a toolchain");
        let file = root.path().join(DIR).join(format!("{}.lookup", key(None)));
        assert!(file.is_file(), "the lookup is stored");
        let recalled = recall(&file).expect("recalled");
        assert_eq!(recalled.rustc, fresh.rustc);
        assert_eq!(recalled.verbose_version, fresh.verbose_version);
        // A stamp that no longer matches the compiler makes the lookup stale.
        let mut stale: Remembered =
            serde_json::from_slice(&fs::read(&file).expect("read")).expect("JSON");
        stale.stamp.1 += 1;
        store(&file, &stale).expect("store");
        assert!(recall(&file).is_none());
        assert_ne!(key(Some("nightly")), key(None));
    }
}
