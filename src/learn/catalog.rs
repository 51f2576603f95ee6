//! The bundled catalog: every file of `exercises/`, embedded at build time by `build.rs`
//! as a table of `include_bytes!`, so `snipcheck init` needs nothing but the binary.

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// The bundled bytes of `rel`, a `/`-separated path below `exercises/`.
pub(crate) fn file(rel: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(path, _)| *path == rel)
        .map(|(_, bytes)| *bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_is_bundled() {
        let toml = file("01_ownership/use_after_move/exercise.toml").expect("bundled");
        assert!(String::from_utf8_lossy(toml).contains("E0382"));
        assert!(file("01_ownership/group.toml").is_some());
        assert!(FILES.iter().all(|(path, _)| !path.contains('\\')));
    }
}
