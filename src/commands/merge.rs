//! `parcours merge`: gathers the task files of the shards of one plan and
//! writes the outputs a single process would have written.

use super::execution::{claim_dir, lock_dir, read_plan, write_folder, Outcome};
use super::sensitivity::extras;
use crate::experiment::tasks::{self, Execution, TaskStore};
use crate::experiment::{Command, Plan};
use crate::io::RunError;
use crate::output::RunInfo;
use crate::report::Lang;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

/// Gathers the task results of `dirs` (shards of one plan) and writes the
/// outputs into `out`: the same files a single process would have written.
pub fn merge(dirs: &[PathBuf], out: &Path, lang: Option<Lang>) -> Result<(Plan, Outcome), RunError> {
    let started = SystemTime::now();
    let clock = Instant::now();
    let first = dirs.first().ok_or_else(|| RunError::Input("merge needs at least one folder".into()))?;
    let plan = read_plan(first)?;
    if plan.inputs.command == Command::Calibrate {
        return Err(RunError::Input("a calibration runs in one process (its candidates depend on each other); nothing to merge".into()));
    }
    for d in &dirs[1..] {
        if read_plan(d)?.identity != plan.identity {
            return Err(RunError::Input(format!("{} and {} hold different plans", first.display(), d.display())));
        }
    }
    // Not while a shard or another merge still writes into the output folder.
    let _lock = lock_dir(out, false, Some(&plan.inputs.scenario.text))?;
    let stores: Vec<TaskStore> = dirs.iter().map(|d| TaskStore::new(d)).collect();
    let mut results = Vec::new();
    let mut missing = Vec::new();
    let mut redone = Vec::new();
    for p in plan.point_indices() {
        for a in 0..plan.arm_names.len() as u32 {
            for r in 0..plan.replications {
                let key = tasks::TaskKey { point: p, arm: a, replication: r };
                let sha = &plan.point(p).scenario.sha256;
                let found = stores.iter().find_map(|s| match s.load(&key, &plan.identity, sha) {
                    tasks::Stored::Done(t) => Some(t),
                    tasks::Stored::Unusable(w) => {
                        redone.push(w);
                        None
                    }
                    tasks::Stored::Missing => None,
                });
                match found {
                    Some(t) => results.push(t),
                    None => missing.push(key.id()),
                }
            }
        }
    }
    if !missing.is_empty() {
        return Err(RunError::Input(format!(
            "{} of {} tasks are missing or unusable (first: {}); run the missing shards (same command) and merge again{}",
            missing.len(),
            missing.len() + results.len(),
            missing.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
            if redone.is_empty() { String::new() } else { format!("\nunusable files: {}", redone.join("; ")) }
        )));
    }
    if out != first.as_path() {
        claim_dir(out, &plan)?;
    }
    let info = RunInfo {
        threads: 1,
        started,
        wall: clock.elapsed(),
        tasks_run_now: 0,
        tasks_reused: results.len(),
        command_line: std::env::args().collect(),
        precision: None,
        result_warnings: Default::default(),
    };
    let (files, extra) = extras(&plan, &results);
    let written = write_folder(out, &plan, &results, &info, &files, lang)?;
    let execution = Execution { tasks: results.len(), reused: results.len(), ..Default::default() };
    Ok((plan, Outcome::Complete { written, tasks: results, execution, precision: Vec::new(), extra }))
}
