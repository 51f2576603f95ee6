//! How a path is shown to users, in every layer: relative as the user typed it, in the
//! platform's own separators, and without a leading `./` where one is shown.

use std::path::Path;

/// The path of an exercise as shown to users: relative as the user typed it, in the
/// platform's own separators (`exercises/a/main.rs`; `exercises\a\main.rs` on Windows,
/// where a `/` the user typed or a path joined with one turns into `\` too, and the `\\?\`
/// that Windows puts before a canonical path goes). On Unix a `\` is part of a file name.
pub(crate) fn shown_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    if cfg!(windows) {
        let native = text.replace('/', "\\");
        return match native.strip_prefix(r"\\?\UNC\") {
            Some(share) => format!(r"\\{share}"),
            None => native.strip_prefix(r"\\?\").unwrap_or(&native).to_owned(),
        };
    }
    text.into_owned()
}

/// `shown_path` without a leading `./` (`.\` on Windows): a file below the working
/// directory as a learner or an editor names it.
pub(crate) fn shown_below(path: &Path) -> String {
    let below = path
        .strip_prefix(".")
        .ok()
        .filter(|p| !p.as_os_str().is_empty());
    shown_path(below.unwrap_or(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_in_the_platforms_separators() {
        let shown = |p: &str| shown_path(Path::new(p));
        if cfg!(windows) {
            assert_eq!(shown(r"exercises\a/main.rs"), r"exercises\a\main.rs");
            assert_eq!(shown(r"\\?\C:\course\a"), r"C:\course\a");
            assert_eq!(shown(r"\\?\UNC\host\share\a"), r"\\host\share\a");
            assert_eq!(shown_below(Path::new(r".\exercises\a")), r"exercises\a");
        } else {
            assert_eq!(shown("exercises/a/main.rs"), "exercises/a/main.rs");
            assert_eq!(shown(r"odd\name.rs"), r"odd\name.rs");
            assert_eq!(shown_below(Path::new("./exercises/a")), "exercises/a");
        }
        assert_eq!(shown_below(Path::new(".")), ".");
    }
}
