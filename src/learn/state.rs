//! The learner's progress file, `.snipcheck/state.toml`: which exercises are done and
//! which one `learn` shows. Written atomically (a temp file renamed over the old one); a
//! missing or unreadable file is reported as such, for the caller to rebuild.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::error::LearnError;

/// Name of the progress file inside the course's state directory.
pub(crate) const STATE_FILE: &str = "state.toml";
/// The format this version writes and reads.
const VERSION: u32 = 1;
/// The first lines of the file, for whoever opens it.
const HEADER: &str =
    "# snipcheck's record of your progress. Deleting it is safe: snipcheck rebuilds it\n\
                      # by checking every exercise again.\n";

/// Progress through a course.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct State {
    /// Format version.
    version: u32,
    /// The exercise `learn` shows (its id), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) current: Option<String>,
    /// Ids of the exercises solved.
    #[serde(default)]
    pub(crate) done: BTreeSet<String>,
}

/// What was found on disk.
#[derive(Debug)]
pub(crate) enum Loaded {
    /// A readable state.
    Found(State),
    /// No state file yet.
    Missing,
    /// A file that cannot be used, and why.
    Corrupt(String),
}

impl State {
    /// A state of the current format.
    pub(crate) fn new(current: Option<String>, done: BTreeSet<String>) -> State {
        State {
            version: VERSION,
            current,
            done,
        }
    }
}

/// The path of the progress file inside `state_dir`.
pub(crate) fn path(state_dir: &Path) -> PathBuf {
    state_dir.join(STATE_FILE)
}

/// Reads the progress file in `state_dir`.
pub(crate) fn load(state_dir: &Path) -> Loaded {
    let text = match std::fs::read_to_string(path(state_dir)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::Missing,
        Err(e) => return Loaded::Corrupt(e.to_string()),
    };
    match toml::from_str::<State>(&text) {
        Ok(state) if state.version == VERSION => Loaded::Found(state),
        Ok(state) => Loaded::Corrupt(format!("unknown version {}", state.version)),
        Err(e) => Loaded::Corrupt(e.message().trim().replace('\n', " ")),
    }
}

/// Writes `state` into `state_dir` atomically: a temp file in the same directory,
/// renamed over the old file, so a crash never leaves half a file.
pub(crate) fn save(state_dir: &Path, state: &State) -> Result<(), LearnError> {
    let fail = |source| LearnError::SaveProgress {
        path: path(state_dir),
        source,
    };
    std::fs::create_dir_all(state_dir).map_err(fail)?;
    let body = toml::to_string(state).map_err(|source| LearnError::EncodeProgress {
        path: path(state_dir),
        source,
    })?;
    let mut file = tempfile::NamedTempFile::new_in(state_dir).map_err(fail)?;
    file.write_all(HEADER.as_bytes())
        .and_then(|()| file.write_all(body.as_bytes()))
        .and_then(|()| file.as_file().sync_all())
        .map_err(fail)?;
    file.persist(path(state_dir)).map_err(|e| fail(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_replaces_atomically() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(matches!(load(dir.path()), Loaded::Missing));
        let done = BTreeSet::from(["a/b".to_owned()]);
        let state = State::new(Some("a/c".into()), done);
        save(dir.path(), &state).expect("save");
        save(dir.path(), &state).expect("save again");
        match load(dir.path()) {
            Loaded::Found(read) => assert_eq!(read, state),
            other => panic!("{other:?}"),
        }
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, [STATE_FILE], "no temp file is left behind");
    }

    #[test]
    fn garbage_is_corrupt_not_a_crash() {
        let dir = tempfile::tempdir().expect("temp dir");
        for text in ["done = 3", "\u{0}\u{1}", "version = 99\n"] {
            std::fs::write(path(dir.path()), text).expect("write");
            assert!(matches!(load(dir.path()), Loaded::Corrupt(_)), "{text:?}");
        }
    }
}
