//! snipcheck: check Rust snippets against the compiler diagnostics they are expected to
//! produce. `main` parses the command line and hands it to the app layer, which returns
//! the exit code.
//!
//! The layers, each using only those below it (see the README's "Architecture"):
//! `app` → `learn` → `report` → `grade` → `engine` → `compile` → `sandbox`, with `model`
//! at the bottom, used by all.

// Unsafe code lives in `sandbox` alone. A crate-wide `forbid` could not be lifted for it, and a
// `deny` could be lifted by any inner `allow`, so every other module forbids it on its own
// declaration, where nothing inside the module can override it.
#[forbid(unsafe_code)]
mod app;
#[forbid(unsafe_code)]
mod compile;
#[forbid(unsafe_code)]
mod engine;
#[forbid(unsafe_code)]
mod grade;
#[forbid(unsafe_code)]
mod learn;
#[forbid(unsafe_code)]
mod model;
#[forbid(unsafe_code)]
mod report;
mod sandbox;

use std::process::ExitCode;

use clap::Parser;

#[forbid(unsafe_code)]
fn main() -> ExitCode {
    app::run(app::cli::Cli::parse())
}
