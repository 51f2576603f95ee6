//! The result cache: what a compile (and, for run outcomes, the program) produced, keyed
//! by a blake3 hash of everything that decides it — `rustc -vV`, the compile plan and its
//! arguments, and every input file — stored one JSON file per entry. Entries hold
//! diagnostics and run results, never verdicts, so editing `exercise.toml` re-matches
//! without recompiling.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::compile::program::RunSummary;
use crate::compile::rustc::Compiled;
use crate::model::source::Inputs;

/// Version of the entry format; part of every key, so old entries are never misread.
const SCHEMA: u32 = 6;
/// Size the cache is trimmed to at the end of a run, oldest entries first.
pub(crate) const DEFAULT_CAP_BYTES: u64 = 256 << 20;
/// Extension of entry files.
const ENTRY_EXT: &str = "json";

/// How a result was obtained. A batched result that fails its expectation is always
/// re-checked by a compile of the snippet alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Origin {
    /// One rustc for this snippet.
    Solo,
    /// The snippet was a module of a batched crate.
    Batch,
    /// A trybuild case was a module of a rendered batch, which told its output as the case
    /// alone prints it (`compile::batch::rendered`).
    Rendered,
}

/// What a check's compile and run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Recorded {
    /// rustc finished (and the program ran, for run and test outcomes).
    Compiled {
        /// The diagnostics.
        compiled: Compiled,
        /// The program's run.
        run: Option<RunSummary>,
    },
    /// The snippet read these files outside its directory.
    OutsideRead(Vec<String>),
}

/// A cache key: the hex blake3 hash.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Key(String);

/// Hashes everything that decides a compile's result.
pub(crate) fn key(rustc_version: &str, plan: &str, args: &[String], inputs: &Inputs) -> Key {
    let mut hasher = blake3::Hasher::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(&SCHEMA.to_le_bytes());
    field(env!("CARGO_PKG_VERSION").as_bytes());
    field(rustc_version.as_bytes());
    field(plan.as_bytes());
    for arg in args {
        field(arg.as_bytes());
    }
    for (path, text) in &inputs.files {
        field(path.to_string_lossy().as_bytes());
        field(text.as_bytes());
    }
    Key(hasher.finalize().to_hex().to_string())
}

#[derive(Serialize, Deserialize)]
struct Entry {
    schema: u32,
    key: String,
    origin: Origin,
    recorded: Recorded,
}

/// The cache directory, or nothing when caching is off.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: Option<PathBuf>,
}

/// What `snipcheck cache stats` reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    /// Entry files.
    pub(crate) entries: usize,
    /// Their total size.
    pub(crate) bytes: u64,
}

impl Cache {
    /// A cache in `dir`; `None` turns caching off.
    pub(crate) fn new(dir: Option<PathBuf>) -> Cache {
        Cache { dir }
    }

    fn path(&self, key: &Key) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        Some(dir.join(&key.0[..2]).join(format!("{}.{ENTRY_EXT}", key.0)))
    }

    /// The entry for `key`; a missing, corrupt or foreign entry is `None`. A hit refreshes
    /// the entry's time, which is what eviction goes by.
    pub(crate) fn get(&self, key: &Key) -> Option<(Origin, Recorded)> {
        let path = self.path(key)?;
        let bytes = fs::read(&path).ok()?;
        let entry: Entry = serde_json::from_slice(&bytes).ok()?;
        if entry.schema != SCHEMA || entry.key != key.0 {
            return None;
        }
        let _ = fs::File::options()
            .append(true)
            .open(&path)
            .and_then(|f| f.set_modified(SystemTime::now()));
        Some((entry.origin, entry.recorded))
    }

    /// Stores an entry atomically (write a temp file, rename); failures are ignored, since
    /// a cache that cannot be written only costs time.
    pub(crate) fn put(&self, key: &Key, origin: Origin, recorded: &Recorded) {
        let Some(path) = self.path(key) else {
            return;
        };
        let entry = Entry {
            schema: SCHEMA,
            key: key.0.clone(),
            origin,
            recorded: recorded.clone(),
        };
        let _ = write_atomically(&path, &entry);
    }

    /// Entry files, with size and time.
    fn entries(&self) -> Vec<(PathBuf, u64, SystemTime)> {
        let Some(dir) = &self.dir else {
            return Vec::new();
        };
        walkdir::WalkDir::new(dir)
            .max_depth(2)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| {
                e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ENTRY_EXT)
            })
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                Some((
                    e.into_path(),
                    meta.len(),
                    meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                ))
            })
            .collect()
    }

    /// Count and size of the entries.
    pub(crate) fn stats(&self) -> Stats {
        let entries = self.entries();
        Stats {
            entries: entries.len(),
            bytes: entries.iter().map(|e| e.1).sum(),
        }
    }

    /// Removes least-recently-used entries until the cache holds at most `cap` bytes.
    pub(crate) fn evict(&self, cap: u64) -> usize {
        let mut entries = self.entries();
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        entries.sort_by_key(|e| e.2);
        let mut removed = 0;
        for (path, size, _) in entries {
            if total <= cap {
                break;
            }
            if fs::remove_file(&path).is_ok() {
                total -= size;
                removed += 1;
            }
        }
        removed
    }

    /// Removes every entry; returns how many there were.
    pub(crate) fn clear(&self) -> io::Result<usize> {
        let entries = self.entries();
        for (path, _, _) in &entries {
            fs::remove_file(path)?;
        }
        Ok(entries.len())
    }
}

fn write_atomically(path: &Path, entry: &Entry) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    serde_json::to_writer(&mut temp, entry)?;
    temp.flush()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The cache directory by precedence: `--cache-dir`, `SNIPCHECK_CACHE_DIR`,
/// `$XDG_CACHE_HOME/snipcheck`, `$HOME/.cache/snipcheck`.
pub(crate) fn default_dir(flag: Option<PathBuf>) -> Option<PathBuf> {
    let non_empty = |key: &str| {
        std::env::var_os(key)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    flag.or_else(|| non_empty("SNIPCHECK_CACHE_DIR"))
        .or_else(|| non_empty("XDG_CACHE_HOME").map(|d| d.join("snipcheck")))
        .or_else(|| non_empty("HOME").map(|d| d.join(".cache").join("snipcheck")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::diagnostic::{Diagnostic, Level};

    fn inputs(text: &str) -> Inputs {
        Inputs {
            files: vec![(PathBuf::from("main.rs"), text.to_owned())],
            hidden: Vec::new(),
        }
    }

    fn recorded() -> Recorded {
        Recorded::Compiled {
            compiled: Compiled {
                success: false,
                diagnostics: vec![Diagnostic {
                    level: Level::Error,
                    code: Some("E0382".into()),
                    message: "borrow of moved value".into(),
                    file: Some("main.rs".into()),
                    line: Some(4),
                    column: Some(20),
                    label: None,
                    children: vec![],
                    rendered: "error[E0382]".into(),
                    labels: Vec::new(),
                }],
            },
            run: None,
        }
    }

    #[test]
    fn keys_change_with_every_input() {
        let args = vec!["--edition".to_owned(), "2021".to_owned()];
        let base = key("rustc 1.95", "metadata", &args, &inputs("fn main() {}"));
        assert_eq!(
            base,
            key("rustc 1.95", "metadata", &args, &inputs("fn main() {}"))
        );
        assert_ne!(
            base,
            key("rustc 1.96", "metadata", &args, &inputs("fn main() {}"))
        );
        assert_ne!(
            base,
            key("rustc 1.95", "link", &args, &inputs("fn main() {}"))
        );
        assert_ne!(
            base,
            key(
                "rustc 1.95",
                "metadata",
                &args[..1],
                &inputs("fn main() {}")
            )
        );
        assert_ne!(
            base,
            key("rustc 1.95", "metadata", &args, &inputs("fn main() { }"))
        );
    }

    #[test]
    fn round_trip_and_corrupt_entries() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(Some(dir.path().to_path_buf()));
        let k = key("v", "metadata", &[], &inputs("x"));
        assert_eq!(cache.get(&k), None);
        cache.put(&k, Origin::Batch, &recorded());
        assert_eq!(cache.get(&k), Some((Origin::Batch, recorded())));
        let path = cache.path(&k).expect("path");
        fs::write(&path, "{ not json").expect("corrupt it");
        assert_eq!(cache.get(&k), None, "a corrupt entry is a miss");
        cache.put(&k, Origin::Solo, &recorded());
        assert_eq!(
            cache.get(&k),
            Some((Origin::Solo, recorded())),
            "and is rewritten"
        );
        let other = key("v", "metadata", &[], &inputs("y"));
        fs::copy(&path, cache.path(&other).expect("path")).ok();
        fs::create_dir_all(cache.path(&other).expect("path").parent().expect("dir"))
            .expect("mkdir");
        fs::copy(&path, cache.path(&other).expect("path")).expect("copy");
        assert_eq!(
            cache.get(&other),
            None,
            "an entry under a foreign name is a miss"
        );
    }

    #[test]
    fn eviction_removes_the_oldest_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::new(Some(dir.path().to_path_buf()));
        let keys: Vec<Key> = (0..3)
            .map(|i| key("v", "m", &[], &inputs(&i.to_string())))
            .collect();
        for (i, k) in keys.iter().enumerate() {
            cache.put(k, Origin::Solo, &recorded());
            let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + i as u64);
            let file = fs::File::options()
                .append(true)
                .open(cache.path(k).expect("path"))
                .expect("open");
            file.set_modified(time).expect("set time");
        }
        let one = cache.stats().bytes / 3;
        assert_eq!(cache.evict(one * 2), 1);
        assert_eq!(cache.get(&keys[0]), None);
        assert!(cache.get(&keys[2]).is_some());
        assert_eq!(cache.clear().expect("clear"), 2);
        assert_eq!(cache.stats(), Stats::default());
    }

    #[test]
    fn disabled_cache_stores_nothing() {
        let cache = Cache::new(None);
        let k = key("v", "m", &[], &inputs("x"));
        cache.put(&k, Origin::Solo, &recorded());
        assert_eq!(cache.get(&k), None);
        assert_eq!(cache.stats(), Stats::default());
    }
}
