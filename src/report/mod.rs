//! Reporters: each renders exercise results and the run's summary to a `Write`, so tests
//! can render into a buffer. The runner knows nothing about output.

use std::io::{self, Write};

use crate::verdict::{ExerciseResult, Summary};

pub(crate) mod human;
pub(crate) mod json;

/// Something that turns results into output.
pub(crate) trait Reporter {
    /// Called once per exercise, in sorted order, as soon as it is done.
    fn exercise(&mut self, result: &ExerciseResult, out: &mut dyn Write) -> io::Result<()>;
    /// Called once at the end.
    fn finish(&mut self, summary: &Summary, out: &mut dyn Write) -> io::Result<()>;
}

/// The path of an exercise as shown to users (`/` separators on every platform).
pub(crate) fn shown_path(path: &std::path::Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}
