//! `parcours calibrate`: screening then Nelder–Mead over the ranges of an
//! experiment file's `[calibration]`, in one process (candidates depend on
//! each other); writes `history.csv`, `fit.csv`, `best.toml` and
//! `calibrated-scenario.toml`. `parcours report DIR` restores the
//! candidates from `history.csv` (`calibration_points`).

use super::execution::{claim_dir, lock_dir, run_info, write_folder, ExecOptions, Extra, Outcome};
use crate::experiment::calibrate::{self, Calibration};
use crate::experiment::tasks::{self, Execution, Shard, TaskResult, TaskStore};
use crate::experiment::Plan;
use crate::io::{csv_of, csv_safe, RunError};
use std::path::Path;
use std::time::{Instant, SystemTime};

/// The plan of `parcours calibrate EXPERIMENT`.
pub fn plan(experiment: &std::path::Path, overrides: crate::experiment::Overrides) -> Result<Plan, crate::scenario::ScenarioError> {
    Plan::load(crate::experiment::Command::Calibrate, experiment, overrides)
}

/// What `calibrate` found.
pub struct CalibrationSummary {
    pub best_values: Vec<(String, f64)>,
    pub distance: f64,
    pub evaluations: usize,
    pub fit: Vec<calibrate::FitRow>,
}

pub(super) fn run_calibration(plan: &mut Plan, opts: &ExecOptions, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Outcome, RunError> {
    if opts.shard != Shard::ALL || opts.precision.is_some() {
        return Err(RunError::Input("calibrate runs in one process: --task-index/--task-count and --precision do not apply".into()));
    }
    let started = SystemTime::now();
    let clock = Instant::now();
    let dir =
        plan.inputs.experiment.as_ref().map(|e| Path::new(&e.origin).parent().unwrap_or(Path::new(".")).to_path_buf()).unwrap_or_default();
    let targets = calibrate::targets(plan, &dir).map_err(|e| RunError::Input(e.to_string()))?;
    let _lock = lock_dir(&opts.out, false, Some(&plan.inputs.scenario.text))?;
    claim_dir(&opts.out, plan)?;
    let store = TaskStore::new(&opts.out);
    let ran = std::cell::Cell::new(Execution::default());
    let runner = |p: &Plan, points: &[u32]| -> Result<Vec<TaskResult>, RunError> {
        let (r, e) = tasks::execute(p, points, 0..p.replications, Shard::ALL, Some(&store), opts.threads, progress, opts.stop_request())?;
        let mut total = ran.take();
        total.tasks += e.tasks;
        total.ran += e.ran;
        total.reused += e.reused;
        total.redone.extend(e.redone);
        total.interrupted |= e.interrupted;
        let stop = total.interrupted;
        ran.set(total);
        if stop {
            return Err(RunError::Interrupted);
        }
        Ok(r)
    };
    let found = match calibrate::calibrate(plan, &targets, &runner) {
        Err(RunError::Interrupted) => return Ok(Outcome::Interrupted { execution: ran.take() }),
        other => other?,
    };
    let execution = ran.take();
    let info = run_info(opts, started, clock, &execution);
    let (files, summary) = calibration_files(plan, &found)?;
    let mut tasks = found.tasks;
    tasks.sort_by_key(TaskResult::key);
    let written = write_folder(&opts.out, plan, &tasks, &info, &files, opts.report)?;
    Ok(Outcome::Complete { written, tasks, execution, precision: Vec::new(), extra: Extra::Calibration(Box::new(summary)) })
}

/// An extra output file: its name and bytes.
type NamedFile = (String, Vec<u8>);

/// `history.csv`, `fit.csv`, `best.toml` and `calibrated-scenario.toml`.
fn calibration_files(plan: &Plan, c: &Calibration) -> Result<(Vec<NamedFile>, CalibrationSummary), RunError> {
    let mut history = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    let header: Vec<String> = ["evaluation", "phase", "point"]
        .into_iter()
        .map(String::from)
        .chain(plan.factors.iter().map(|f| csv_safe(&f.path)))
        .chain(["distance".to_string()])
        .collect();
    history.write_record(&header).expect("in memory");
    for h in &c.history {
        let row: Vec<String> = [h.evaluation.to_string(), h.phase.to_string(), h.point.to_string()]
            .into_iter()
            .chain(h.values.iter().map(|v| v.to_string()))
            .chain([h.distance.to_string()])
            .collect();
        history.write_record(&row).expect("in memory");
    }
    let best_values: Vec<(String, f64)> = plan.factors.iter().map(|f| f.path.clone()).zip(c.best.values.iter().copied()).collect();
    let mut overlay = format!(
        "# Best values found by `parcours calibrate` ({}), distance {:.6}, point {} of {} evaluated.\n# Paths are scenario paths (docs/experiments.md).\n",
        plan.name,
        c.best.distance,
        c.best.point,
        c.history.len()
    );
    for (p, v) in &best_values {
        overlay.push_str(&format!("{:?} = {v}\n", p));
    }
    let calibrated = format!(
        "# Calibrated by `parcours calibrate` ({}): {}\n{}",
        plan.name,
        best_values.iter().map(|(p, v)| format!("{p} = {v}")).collect::<Vec<_>>().join(", "),
        plan.point(c.best.point).scenario.text
    );
    let files = vec![
        ("history.csv".to_string(), history.into_inner().expect("in memory")),
        ("fit.csv".to_string(), csv_of(&c.fit)),
        ("best.toml".to_string(), overlay.into_bytes()),
        ("calibrated-scenario.toml".to_string(), calibrated.into_bytes()),
    ];
    let summary = CalibrationSummary { best_values, distance: c.best.distance, evaluations: c.history.len(), fit: c.fit.clone() };
    Ok((files, summary))
}

/// The Nelder–Mead candidates of a calibration folder (history.csv), in order.
pub(super) fn calibration_points(dir: &Path, plan: &Plan) -> Result<Vec<Vec<f64>>, RunError> {
    let mut r = csv::Reader::from_path(dir.join("history.csv")).map_err(|e| RunError::Input(format!("history.csv: {e}")))?;
    let k = plan.factors.len();
    let mut rows: Vec<(u32, Vec<f64>)> = Vec::new();
    for rec in r.records().flatten() {
        let point: u32 = rec.get(2).and_then(|p| p.parse().ok()).unwrap_or(0);
        let values: Vec<f64> = (0..k).filter_map(|i| rec.get(3 + i).and_then(|v| v.parse().ok())).collect();
        if point as usize >= plan.points.len() && values.len() == k {
            rows.push((point, values));
        }
    }
    rows.sort_by_key(|r| r.0);
    Ok(rows.into_iter().map(|r| r.1).collect())
}
