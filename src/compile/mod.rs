//! Compiling and running snippets: the toolchain and rustc's command lines, rustc's JSON
//! diagnostics, batches of snippets as modules of one crate, prebuilt dependency sets, the
//! built program's run, every normalisation of their output, a Markdown block's output
//! moved to the Markdown's lines, and the typed errors: of a check that could not be
//! carried out, of a dependency set that did not build, and of finding or asking rustc.
//! Uses `sandbox` and `model`; knows nothing of expectations or verdicts.

pub(crate) mod batch;
pub(crate) mod deps;
pub(crate) mod diagnostic;
pub(crate) mod error;
pub(crate) mod normalize;
pub(crate) mod program;
pub(crate) mod relocate;
pub(crate) mod rustc;
pub(crate) mod toolchain;
pub(crate) mod trybuild;
pub(crate) mod uitest;
pub(crate) mod workdir;
