//! snipcheck: check Rust snippets against the compiler diagnostics they are expected to
//! produce. `main` parses the command line and hands it to the app layer, which returns
//! the exit code.
//!
//! The layers, each using only those below it (see the README's "Architecture"):
//! `app` → `learn` → `report` → `grade` → `engine` → `compile` → `sandbox`, with `model`
//! at the bottom, used by all.

mod app;
mod compile;
mod engine;
mod grade;
mod learn;
mod model;
mod report;
mod sandbox;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    app::run(app::cli::Cli::parse())
}
