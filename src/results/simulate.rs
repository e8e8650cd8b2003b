//! The in-memory API: [`simulate`] runs every replication of every arm of a
//! scenario and keeps the outputs in memory (tests, the `lib.rs` example,
//! library users), without a plan, task files or an output folder;
//! [`summarise`] and [`differences`] give the same rows as `summary.csv` and
//! `differences.csv`.

use super::{differences_rows, rows_of, summarise_rows, DifferenceRow, IndicatorRow, SummaryRow};
use crate::engine::run_replications;
use crate::experiment::tasks::TaskResult;
use crate::io::RunError;
use crate::model::world::{ReplicationOutput, World};
use crate::scenario::Scenario;
use std::time::{Duration, Instant, SystemTime};

/// The replications of one arm (the base or a variant).
pub struct ArmOutput {
    /// Index of the arm (0 = base).
    pub arm: usize,
    pub name: String,
    pub replications: Vec<ReplicationOutput>,
}

/// The replications of every arm of one scenario, as run.
pub struct RunResult<'s> {
    pub scenario: &'s Scenario,
    pub arms: Vec<ArmOutput>,
    pub threads: usize,
    pub started: SystemTime,
    pub wall: Duration,
}

impl RunResult<'_> {
    /// Every replication of every arm.
    pub fn all_replications(&self) -> impl Iterator<Item = &ReplicationOutput> {
        self.arms.iter().flat_map(|a| &a.replications)
    }

    /// Needs and events simulated in all.
    pub fn totals(&self) -> (u64, u64) {
        self.all_replications().fold((0, 0), |(n, e), r| (n + r.diagnostics.needs, e + r.diagnostics.events))
    }
}

/// Runs every replication of every arm of `scenario` on `threads` threads
/// (0 = one per core). Each (arm, replication) is one task; results come back
/// in task order. `on_done(k)` is called as the k-th task finishes.
pub fn simulate<'s>(scenario: &'s Scenario, threads: usize, on_done: impl Fn(u32) + Sync + Send) -> Result<RunResult<'s>, RunError> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let arms: Vec<_> = scenario.arms().collect();
    let tasks: Vec<(usize, u32)> = arms.iter().flat_map(|a| (0..scenario.replications).map(move |r| (a.index, r))).collect();
    let done = std::sync::atomic::AtomicU32::new(0);
    let outputs = run_replications(
        &tasks,
        threads,
        |&(a, r)| World::for_arm(&scenario.spec(arms[a]), r).run(r),
        || on_done(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1),
    )
    .map_err(|e| RunError::Threads(threads, e.to_string()))?;
    for r in &outputs {
        r.diagnostics.check().map_err(|what| RunError::Invariant { replication: r.replication, what })?;
        r.recorder.check_consistency().map_err(|what| RunError::Invariant { replication: r.replication, what })?;
    }
    let mut outputs = outputs.into_iter();
    let arms = arms
        .iter()
        .map(|a| ArmOutput {
            arm: a.index,
            name: a.name.clone(),
            replications: outputs.by_ref().take(scenario.replications as usize).collect(),
        })
        .collect();
    let threads = if threads == 0 { rayon::current_num_threads() } else { threads };
    Ok(RunResult { scenario, arms, threads, started, wall: clock.elapsed() })
}

/// The results of `run` as task results (one per arm and replication).
pub fn task_results(run: &RunResult) -> Vec<TaskResult> {
    let territories = run.scenario.territories.len();
    run.arms
        .iter()
        .flat_map(|a| a.replications.iter().map(move |r| TaskResult::of_replication(0, a.arm, &a.name, r, territories, Vec::new())))
        .collect()
}

/// Every indicator value of every replication, in a fixed order.
pub fn indicator_rows(run: &RunResult) -> Vec<IndicatorRow> {
    let names: Vec<String> = run.scenario.territories.iter().map(|t| t.name.clone()).collect();
    rows_of(&task_results(run), &names, false)
}

/// Summary rows, in the order indicators first appear.
pub fn summarise(run: &RunResult) -> Vec<SummaryRow> {
    summarise_rows(&indicator_rows(run))
}

/// Paired differences of every variant against the base, replication by
/// replication (common random numbers make them precise), with Student-t
/// 95 % intervals; then, per territory, the incremental cost per avoided
/// hospitalisation and per avoided ED visit (ratio of mean differences; no
/// interval is given for these ratios; NaN unless the 95 % interval of the
/// avoided events lies below 0).
pub fn differences(run: &RunResult) -> Vec<DifferenceRow> {
    let arms: Vec<String> = run.arms.iter().map(|a| a.name.clone()).collect();
    let territories: Vec<String> = run.scenario.territories.iter().map(|t| t.name.clone()).collect();
    differences_rows(&indicator_rows(run), &arms, &territories)
}
