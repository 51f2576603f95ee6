//! `cache stats` and `cache clear`: what the cache directory holds, by kind — cached
//! results, prebuilt dependency sets, remembered toolchain and package lookups — and removing all of
//! it or the kinds named.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use walkdir::WalkDir;

use crate::app::cli::CacheAction;
use crate::app::exit;
use crate::compile::{deps, toolchain};
use crate::engine::cache::{Cache, DEFAULT_CAP_BYTES};
use crate::engine::timings;

/// What one kind holds: its items and their bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Held {
    items: usize,
    bytes: u64,
}

/// The directory entries of `dir` (each a set or a lookup) with their sizes.
fn held_below(dir: &Path) -> (Held, Vec<PathBuf>) {
    let Ok(read) = fs::read_dir(dir) else {
        return (Held::default(), Vec::new());
    };
    let items: Vec<PathBuf> = read.filter_map(Result::ok).map(|e| e.path()).collect();
    let bytes = WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(fs::Metadata::is_file)
        .map(|m| m.len())
        .sum();
    let held = Held {
        items: items.len(),
        bytes,
    };
    (held, items)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// `cache stats` or `cache clear`, on the cache directory `dir`.
pub(crate) fn run(action: CacheAction, dir: &Path) -> anyhow::Result<u8> {
    match action {
        CacheAction::Stats => stats(dir),
        CacheAction::Clear {
            results,
            deps,
            toolchains,
        } => {
            let all = !(results || deps || toolchains);
            clear(dir, all || results, all || deps, all || toolchains)?;
        }
    }
    Ok(exit::SUCCESS)
}

fn stats(dir: &Path) {
    let results = Cache::new(Some(dir.to_path_buf())).stats();
    let (sets, _) = held_below(&dir.join(deps::DIR));
    let (lookups, _) = held_below(&dir.join(toolchain::DIR));
    println!("{}:", dir.display());
    println!(
        "  results: {} entries, {:.1} MiB (trimmed to {} MiB after each run)",
        results.entries,
        mib(results.bytes),
        DEFAULT_CAP_BYTES >> 20
    );
    println!(
        "  checks found slow or crashing rustc, which compile alone: {}",
        timings::known(dir)
    );
    println!(
        "  dependency sets: {}, {:.1} MiB (kept until `cache clear --deps`)",
        sets.items,
        mib(sets.bytes)
    );
    println!(
        "  toolchain and package lookups: {}, {:.1} MiB",
        lookups.items,
        mib(lookups.bytes)
    );
}

fn clear(dir: &Path, results: bool, sets: bool, lookups: bool) -> anyhow::Result<()> {
    let mut said = Vec::new();
    if results {
        let removed = Cache::new(Some(dir.to_path_buf()))
            .clear()
            .with_context(|| format!("cannot clear {}", dir.display()))?;
        said.push(format!("{removed} results"));
        let slow =
            timings::clear(dir).with_context(|| format!("cannot clear {}", dir.display()))?;
        said.push(format!("{slow} checks found slow or crashing rustc"));
    }
    for (wanted, sub, what) in [
        (sets, deps::DIR, "dependency sets"),
        (lookups, toolchain::DIR, "toolchain and package lookups"),
    ] {
        if !wanted {
            continue;
        }
        let (held, items) = held_below(&dir.join(sub));
        for item in items {
            let removed = if item.is_dir() {
                fs::remove_dir_all(&item)
            } else {
                fs::remove_file(&item)
            };
            removed.with_context(|| format!("cannot remove {}", item.display()))?;
        }
        said.push(format!(
            "{} {what} ({:.1} MiB)",
            held.items,
            mib(held.bytes)
        ));
    }
    println!("{}: removed {}", dir.display(), said.join(", "));
    Ok(())
}
