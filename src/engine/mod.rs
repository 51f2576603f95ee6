//! The engine: a check becomes a job (exact inputs and compile plan), jobs are scheduled on
//! a worker pool with the result cache and batches, and each recorded result is judged
//! against its expectation (matcher, snapshot) into typed results. It never prints: the
//! caller gets results as values; with `check --audit`, lazy answers are checks too, whose
//! verdicts `audit` turns round. Uses `compile`, `sandbox` and `model`.

pub(crate) mod annotate;
pub(crate) mod audit;
pub(crate) mod cache;
pub(crate) mod collect;
pub(crate) mod executor;
pub(crate) mod group;
pub(crate) mod job;
pub(crate) mod judge;
pub(crate) mod matcher;
pub(crate) mod pipeline;
pub(crate) mod plan;
pub(crate) mod results;
pub(crate) mod runner;
pub(crate) mod schedule;
pub(crate) mod snapshot;
pub(crate) mod stderr;
pub(crate) mod tally;
pub(crate) mod timings;
