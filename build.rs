//! Embeds the catalog: writes `$OUT_DIR/catalog.rs`, a table of every file below
//! `exercises/` as `(relative path, include_bytes!(...))`, so `snipcheck init` can write a
//! course with nothing but the binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

fn main() -> io::Result<()> {
    // Read when the script runs, not when it is compiled: a build script kept in a shared
    // target dir may run for a checkout at another path.
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
        .ok_or_else(|| io::Error::other("CARGO_MANIFEST_DIR is not set"))?;
    let root = Path::new(&manifest_dir).join("exercises");
    // Cargo scans a directory named here for changes to any file below it.
    println!("cargo:rerun-if-changed=exercises");
    let mut files = Vec::new();
    collect(&root, &mut files)
        .map_err(|e| io::Error::new(e.kind(), format!("reading {}: {e}", root.display())))?;
    files.sort();
    let mut table = String::from(
        "/// Every file of the bundled catalog: its path below `exercises/` and its bytes.\n\
         pub(crate) static FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let rel = file
            .strip_prefix(&root)
            .map_err(io::Error::other)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        writeln!(
            table,
            "    ({rel:?}, include_bytes!({:?})),",
            file.display()
        )
        .map_err(io::Error::other)?;
    }
    table.push_str("];\n");
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or_else(|| io::Error::other("OUT_DIR"))?);
    fs::write(out.join("catalog.rs"), table)
}

/// Every regular file below `dir`, skipping hidden entries and `target/`.
fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || name == "target" {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect(&entry.path(), files)?;
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
    Ok(())
}
