//! snipcheck: check Rust snippets against the compiler diagnostics they are expected to
//! produce. `main` parses the command line, dispatches, and returns the exit code.

mod batch;
mod cache;
mod check;
mod cli;
mod commands;
mod config;
mod deps;
mod diagnostic;
mod discover;
mod exercise;
mod exit;
mod grade;
mod harness;
mod learn;
mod matcher;
mod progress;
mod report;
mod runner;
mod rustc;
mod sandbox;
mod scaffold;
mod snapshot;
mod source;
mod term;
mod verdict;

use std::process::ExitCode;

use clap::Parser;

use crate::cli::{Cli, Command, DepsAction};
use crate::config::{GradeConfig, RunConfig};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => RunConfig::new(args, false).and_then(|c| commands::check(&c)),
        Command::Bless(args) => RunConfig::new(args, true).and_then(|c| commands::check(&c)),
        Command::Grade(args) => GradeConfig::new(args).and_then(|c| commands::grade(&c)),
        Command::New { path } => commands::new(&path),
        Command::Explain { code, toolchain } => commands::explain(&code, toolchain.as_deref()),
        Command::Cache { action, cache_dir } => commands::cache(action, cache_dir),
        Command::Deps {
            action: DepsAction::Prefetch(args),
        } => RunConfig::new(args, false).and_then(|c| commands::prefetch(&c)),
        Command::Init { dir } => learn::init(&dir),
        Command::Learn(args) => learn::learn(args),
        Command::List { format, color } => learn::list(format, color),
        Command::Hint { name } => learn::hint(name.as_deref()),
        Command::Reset { name, yes } => learn::reset(&name, yes),
        Command::Next => learn::next(),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(exit::ERROR)
        }
    }
}
