//! The app, the top layer: the command line (clap types only), its validation into
//! configurations, what each subcommand does (`doc` in a module of its own, with its
//! watch loop), the snapshots `bless` writes, the progress bar, exit codes, and the
//! scaffold of `new`. The only layer that prints to the terminal besides `learn`'s screens.

pub(crate) mod bless;
pub(crate) mod cache;
pub(crate) mod cli;
pub(crate) mod commands;
pub(crate) mod config;
pub(crate) mod doc;
pub(crate) mod exit;
pub(crate) mod gather;
pub(crate) mod import;
pub(crate) mod progress;
pub(crate) mod scaffold;

use std::process::ExitCode;

use crate::app::cli::{Cli, Command, DepsAction, ImportSource};
use crate::app::config::{DocConfig, GradeConfig, MergeConfig, RunConfig};
use crate::learn::{Ending, LearnError};

/// Runs the command `cli` names and returns its exit code; an error is printed as one
/// `error:` line with its causes.
pub(crate) fn run(cli: Cli) -> ExitCode {
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(exit::ERROR)
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Check(args) => commands::check(&RunConfig::check(args)?),
        Command::Bless(args) => commands::check(&RunConfig::bless(args)?),
        Command::Grade(args) => commands::grade(&GradeConfig::new(args)?),
        Command::Merge(args) => commands::merge(&MergeConfig::new(args)?),
        Command::Doc(args) => doc::doc(&DocConfig::new(args)?),
        Command::New { path } => commands::new(&path),
        Command::Import {
            source: ImportSource::Trybuild { path, force },
        } => import::trybuild(&path, force),
        Command::Explain { code, toolchain } => commands::explain(&code, toolchain.as_deref()),
        Command::Cache { action, cache_dir } => cache::run(action, &config::cache_dir(cache_dir)?),
        Command::Deps {
            action: DepsAction::Prefetch(args),
        } => commands::prefetch(&RunConfig::new(args, false)?),
        Command::Init { dir } => learner(crate::learn::init(&dir)),
        Command::Learn(args) => {
            let config = config::learn(args)?;
            commands::warn_for_learner();
            learner(crate::learn::learn(&config))
        }
        Command::List { format, color } => {
            learner(crate::learn::list(format, config::use_color(color)))
        }
        Command::Hint { name } => learner(crate::learn::hint(name.as_deref())),
        Command::Reset { name, yes } => learner(crate::learn::reset(&name, yes)),
        Command::Next => learner(crate::learn::next()),
    }
}

/// The exit code of a learner command.
fn learner(ending: Result<Ending, LearnError>) -> anyhow::Result<u8> {
    Ok(match ending? {
        Ending::Success => exit::SUCCESS,
        Ending::NotSolved => exit::FAILURE,
        Ending::Broken => exit::ERROR,
        Ending::Interrupted => exit::INTERRUPTED,
    })
}
