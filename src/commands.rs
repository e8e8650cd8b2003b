//! The work behind `run`, `sweep`, `sensitivity`, `calibrate` and `merge`.
//!
//! Each command builds a [`Plan`], claims an output folder for it
//! (`plan.json` names the plan; a folder holding another plan is refused),
//! executes its tasks (reusing those already done there), then writes the
//! outputs from the task results. `--precision` grows the replications
//! until the 95 % intervals are narrow enough; a shard of a job array only
//! runs its tasks and leaves the outputs to `merge`. The command line
//! (`main.rs`) only parses options and prints.

use crate::experiment::calibrate::{self, Calibration};
use crate::experiment::file::SensitivityMethod;
use crate::experiment::sensitivity;
use crate::experiment::tasks::{self, Execution, Shard, TaskResult, TaskStore};
use crate::experiment::{Command, Plan, PlanInputs};
use crate::output::{self, mean_ci, write_atomic, RunError, RunInfo, Written};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime};

/// How to execute a plan.
#[derive(Clone, Debug)]
pub struct ExecOptions {
    pub out: PathBuf,
    pub threads: usize,
    pub shard: Shard,
    pub precision: Option<Precision>,
    /// Skip the memory and work guards (`--no-limits`).
    pub no_limits: bool,
    /// Language of `report.html` (None: no report).
    pub report: Option<crate::report::Lang>,
}

impl ExecOptions {
    /// All tasks, one per core, no precision target, guards on.
    pub fn new(out: PathBuf) -> Self {
        ExecOptions { out, threads: 0, shard: Shard::ALL, precision: None, no_limits: false, report: Some(crate::report::Lang::Fr) }
    }
}

/// Bytes per inhabitant of one replication's world, with margin (measured:
/// 41 bytes per inhabitant for the whole process at 1 M inhabitants,
/// README "Performance").
pub const BYTES_PER_INHABITANT: u64 = 64;
/// Fixed memory of the process (binary, embedded data, outputs), bytes.
pub const BASE_BYTES: u64 = 64 << 20;
/// Largest number of events one task may be expected to simulate
/// (≈ 30 minutes at the measured 5 M events/s; all of France for a year ≈ 1e9).
pub const MAX_EVENTS_PER_TASK: f64 = 1e10;

/// Bytes of one indicator value kept per task (applied to the most values a
/// task can give, [`Recorder::max_indicator_rows`]), measured: the task
/// result's (territory, group, name, value) tuple and its strings, and the
/// rows the outputs build from it. Peak RSS, one thread: `clinic-10k` × 2,000
/// replications 490 MB (384 values a task: ≈ 590 bytes each; estimate
/// 854 MB), the embedded default × 500 replications 398 MB (1,015 values a
/// task: ≈ 720 bytes each; estimate 466 MB).
///
/// [`Recorder::max_indicator_rows`]: crate::model::indicators::Recorder::max_indicator_rows
pub const BYTES_PER_RESULT_ROW: u64 = 600;

/// Expected peak memory of a plan run on `threads` workers: one world per
/// worker at a time, the largest point's, and the results of every task
/// (point × arm × replication), which are all kept until the outputs are
/// written: their indicator values, weekly totals and per-zone counts.
pub fn memory_estimate(plan: &Plan, threads: usize) -> u64 {
    let largest = plan.points.iter().map(|p| p.scenario.inhabitants()).max().unwrap_or(0);
    let tasks = plan.points.len() as u64 * plan.arm_names.len() as u64 * u64::from(plan.replications);
    let workers = threads.min(tasks as usize).max(1) as u64;
    BASE_BYTES + workers * largest * BYTES_PER_INHABITANT + tasks * task_result_bytes(&plan.base)
}

/// Memory kept for one task's result (see [`memory_estimate`]): every
/// indicator value of its territories (with the services of the arm with
/// most policies: at most two each), its weekly totals and its per-zone counts.
pub fn task_result_bytes(s: &crate::scenario::Scenario) -> u64 {
    use crate::model::indicators::{Recorder, WeekStat, ZoneStat};
    let policies = s.arms().map(|a| a.policies.len()).max().unwrap_or(0);
    let rows = Recorder::max_indicator_rows(s.territories.len(), 1 + 2 * policies) as u64;
    let weeks = u64::from(s.horizon_days()) / 7 + 1;
    let zones = s.zones.len() as u64;
    256 + rows * BYTES_PER_RESULT_ROW + weeks * std::mem::size_of::<WeekStat>() as u64 + zones * std::mem::size_of::<ZoneStat>() as u64
}

/// Expected events of one task of the largest point: ≈ 5 needs per
/// inhabitant-year (measured: 4.6–4.8) and 1.8 events per need.
pub fn events_per_task_estimate(plan: &Plan) -> f64 {
    let largest = plan.points.iter().map(|p| p.scenario.inhabitants()).max().unwrap_or(0) as f64;
    let years = plan.base.years + f64::from(plan.base.warmup_days) / 365.0;
    largest * 5.0 * 1.8 * years
}

/// Memory available to this process (Linux: MemAvailable), bytes.
pub fn available_memory() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
}

/// Refuses a plan that would not fit in memory or would run for days.
pub fn check_resources(plan: &Plan, threads: usize) -> Result<(), RunError> {
    let need = memory_estimate(plan, threads);
    if let Some(avail) = available_memory() {
        if need > avail {
            return Err(RunError::Input(format!(
                "this run needs about {:.1} GB of memory ({} inhabitants × {} worker(s) × {BYTES_PER_INHABITANT} bytes, and {} task results × {} bytes kept) but {:.1} GB are available; \
                 use fewer --threads or --replications, a smaller territory, or --no-limits to try anyway",
                need as f64 / 1e9,
                plan.points.iter().map(|p| p.scenario.inhabitants()).max().unwrap_or(0),
                threads,
                plan.points.len() as u64 * plan.arm_names.len() as u64 * u64::from(plan.replications),
                task_result_bytes(&plan.base),
                avail as f64 / 1e9
            )));
        }
    }
    let events = events_per_task_estimate(plan);
    if events > MAX_EVENTS_PER_TASK {
        return Err(RunError::Input(format!(
            "one replication would simulate about {events:.1e} events (more than {MAX_EVENTS_PER_TASK:.0e}, hours of work each); \
             shorten `years` or the territory, or use --no-limits"
        )));
    }
    Ok(())
}

/// Removes temporary files left by killed processes (not by live ones: shards may share a folder).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_suffix(".tmp").and_then(|n| n.rsplit('.').nth(1)).and_then(|p| p.parse::<u32>().ok()) else { continue };
        let alive = pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists() || !Path::new("/proc/self").exists();
        if name.starts_with('.') && !alive {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// `--precision`: replications until every named indicator's 95 % interval
/// half-width is at most `relative` × |mean| (for every point, arm and
/// territory), or `max_replications`.
#[derive(Clone, Debug, PartialEq)]
pub struct Precision {
    pub relative: f64,
    pub indicators: Vec<String>,
    pub max_replications: u32,
}

/// The widest relative half-width found for one indicator: NaN (not
/// available) when the indicator was 0 in every replication of every cell
/// (0 / 0: no relative width to measure).
#[derive(Clone, Debug, PartialEq)]
pub struct PrecisionReached {
    pub indicator: String,
    pub worst_relative_half_width: f64,
}

/// How a command ended.
pub enum Outcome {
    /// Every task done and the outputs written.
    Complete { written: Written, tasks: Vec<TaskResult>, execution: Execution, precision: Vec<PrecisionReached>, extra: Extra },
    /// This shard's tasks are done; the outputs wait for `merge`.
    ShardDone { execution: Execution },
    /// Ctrl-C: the tasks finished so far are saved.
    Interrupted { execution: Execution },
}

/// Command-specific results, for the terminal.
pub enum Extra {
    None,
    Oat(Vec<sensitivity::OatRow>),
    Sobol(Vec<sensitivity::SobolRow>),
    Calibration(Box<CalibrationSummary>),
}

/// What `calibrate` found.
pub struct CalibrationSummary {
    pub best_values: Vec<(String, f64)>,
    pub distance: f64,
    pub evaluations: usize,
    pub fit: Vec<calibrate::FitRow>,
}

/// `plan.json`: the plan an output folder belongs to.
#[derive(Serialize, Deserialize)]
struct PlanFile {
    format: u32,
    identity: String,
    parcours_version: String,
    inputs: PlanInputs,
}

/// Claims `dir` for `plan`: refuses a folder holding another plan, else
/// writes `plan.json` (atomically; shards write the same bytes).
pub fn claim_dir(dir: &Path, plan: &Plan) -> Result<(), RunError> {
    let path = dir.join("plan.json");
    if let Ok(bytes) = std::fs::read(&path) {
        let other: Option<PlanFile> = serde_json::from_slice(&bytes).ok();
        if other.as_ref().is_none_or(|o| o.identity != plan.identity) {
            return Err(RunError::Input(format!(
                "{} holds the results of another run (its plan.json differs: other inputs, seed, horizon or parcours build); \
                 choose another --out folder, or delete that one",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| RunError::Write { path: dir.to_path_buf(), source })?;
    remove_stale_temporaries(dir);
    remove_stale_temporaries(&dir.join("tasks"));
    let file =
        PlanFile { format: 1, identity: plan.identity.clone(), parcours_version: output::VERSION.into(), inputs: plan.inputs.clone() };
    write_atomic(&path, &serde_json::to_vec_pretty(&file).expect("plan serialises"))
}

/// Reads the plan of an output folder.
pub fn read_plan(dir: &Path) -> Result<Plan, RunError> {
    let path = dir.join("plan.json");
    let bytes = std::fs::read(&path).map_err(|e| RunError::Input(format!("{}: {e} (is it a parcours output folder?)", path.display())))?;
    let file: PlanFile =
        serde_json::from_slice(&bytes).map_err(|e| RunError::Input(format!("{}: not a plan file ({e})", path.display())))?;
    let plan = Plan::build(file.inputs).map_err(|e| RunError::Input(e.to_string()))?;
    if plan.identity != file.identity {
        return Err(RunError::Input(format!(
            "{}: made by parcours {} from another build; merge with the binary that ran it",
            path.display(),
            file.parcours_version
        )));
    }
    Ok(plan)
}

/// Executes `plan` into `opts.out` and, unless this is one shard of
/// several, writes its outputs.
pub fn execute(plan: &mut Plan, opts: &ExecOptions, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Outcome, RunError> {
    if plan.inputs.command == Command::Calibrate {
        return run_calibration(plan, opts, progress);
    }
    let started = SystemTime::now();
    let clock = Instant::now();
    if !opts.no_limits {
        check_resources(plan, threads(opts.threads))?;
    }
    if opts.precision.is_some() && plan.replications < 3 {
        // An interval needs replications: one would look infinitely precise.
        plan.set_replications(3);
    }
    claim_dir(&opts.out, plan)?;
    let store = TaskStore::new(&opts.out);
    let points = plan.point_indices();
    let mut reached = Vec::new();
    // Over every `--precision` round: a task run by an earlier round is found
    // on disk by the next one, but it was run now, not reused.
    let mut so_far = Execution::default();
    let (results, execution) = loop {
        let (results, round) = tasks::execute(plan, &points, 0..plan.replications, opts.shard, Some(&store), opts.threads, progress)?;
        let ran_before = so_far.ran;
        so_far.ran += round.ran;
        so_far.redone.extend(round.redone);
        so_far.tasks = round.tasks;
        so_far.reused = round.reused.saturating_sub(ran_before);
        so_far.interrupted = round.interrupted;
        let execution = so_far.clone();
        if execution.interrupted {
            return Ok(Outcome::Interrupted { execution });
        }
        if plan.inputs.command == Command::Sensitivity {
            check_indicators(&plan.indicators, &results, "the experiment's `indicators`")?;
        }
        let Some(p) = &opts.precision else { break (results, execution) };
        check_indicators(&p.indicators, &results, "--precision-indicators")?;
        reached = precision_reached(plan, &results, &p.indicators);
        // An indicator zero everywhere (NaN) does not hold the run back.
        let worst = reached.iter().map(|r| r.worst_relative_half_width).filter(|w| !w.is_nan()).fold(0.0, f64::max);
        if worst <= p.relative || plan.replications >= p.max_replications {
            break (results, execution);
        }
        let n = plan.replications;
        let wanted = (f64::from(n) * (worst / p.relative).powi(2)).ceil().min(f64::from(p.max_replications)) as u32;
        plan.set_replications(wanted.clamp(n + 1, p.max_replications));
    };
    if opts.shard != Shard::ALL {
        return Ok(Outcome::ShardDone { execution });
    }
    if opts.precision.is_some() {
        // `merge` and reruns rebuild the plan with the replications reached.
        plan.inputs.overrides.replications = Some(plan.replications);
        claim_dir(&opts.out, plan)?;
    }
    let info = run_info(opts, started, clock, &execution);
    let (files, extra) = extras(plan, &results);
    let written = output::write_outputs(&opts.out, plan, &results, &info, &files)?;
    Ok(Outcome::Complete { written, tasks: results, execution, precision: reached, extra })
}

/// What `run.json` records of how the tasks ran.
fn run_info(opts: &ExecOptions, started: SystemTime, clock: Instant, execution: &Execution) -> RunInfo {
    RunInfo {
        report: opts.report,
        threads: threads(opts.threads),
        started,
        wall: clock.elapsed(),
        tasks_run_now: execution.ran,
        tasks_reused: execution.reused,
        command_line: std::env::args().collect(),
    }
}

fn threads(n: usize) -> usize {
    if n == 0 {
        rayon::current_num_threads()
    } else {
        n
    }
}

/// Refuses indicator names that no task produced (a typo would otherwise
/// give empty tables or a precision target met by default).
pub fn check_indicators(names: &[String], results: &[TaskResult], option: &str) -> Result<(), RunError> {
    let unknown: Vec<&String> = names.iter().filter(|n| !results.iter().any(|r| r.rows.iter().any(|row| &row.2 == *n))).collect();
    if unknown.is_empty() || results.is_empty() {
        return Ok(());
    }
    let mut known: Vec<&str> = results[0].rows.iter().filter(|r| r.1 == "all").map(|r| r.2.as_str()).collect();
    known.dedup();
    let named = unknown
        .iter()
        .map(|u| format!("{u:?}{}", crate::scenario::suggest::did_you_mean(u, known.iter().copied())))
        .collect::<Vec<_>>()
        .join(", ");
    Err(RunError::Input(format!(
        "{option}: no indicator named {named} (indicators of summary.csv: {}, …; all are listed in docs/experiments.md)",
        known.iter().take(12).copied().collect::<Vec<_>>().join(", ")
    )))
}

/// The widest relative 95 % half-width of each indicator (group `all`)
/// over points, arms and territories.
pub fn precision_reached(plan: &Plan, results: &[TaskResult], indicators: &[String]) -> Vec<PrecisionReached> {
    indicators
        .iter()
        .map(|ind| {
            let mut worst = f64::NAN;
            for p in 0..plan.points.len() as u32 {
                for a in 0..plan.arm_names.len() as u32 {
                    for t in 0..plan.territory_names.len() as u16 {
                        let v: Vec<f64> =
                            results.iter().filter(|r| r.point == p && r.arm == a).filter_map(|r| r.value(t, "all", ind)).collect();
                        if v.is_empty() {
                            continue;
                        }
                        let (m, lo, hi) = mean_ci(&v);
                        let half = (hi - lo) / 2.0;
                        let rel = if half == 0.0 && m == 0.0 {
                            // Zero in every replication: 0 / 0, no relative width to measure.
                            continue;
                        } else if half == 0.0 {
                            0.0
                        } else if m == 0.0 || !half.is_finite() {
                            f64::INFINITY
                        } else {
                            half / m.abs()
                        };
                        // NaN.max(x) is x: the first measured cell replaces "not available".
                        worst = worst.max(rel);
                    }
                }
            }
            PrecisionReached { indicator: ind.clone(), worst_relative_half_width: worst }
        })
        .collect()
}

/// The command's own output files and terminal summary.
fn extras(plan: &Plan, results: &[TaskResult]) -> (Vec<(String, Vec<u8>)>, Extra) {
    if plan.inputs.command != Command::Sensitivity {
        return (Vec::new(), Extra::None);
    }
    let s = plan.experiment.as_ref().and_then(|e| e.sensitivity.as_ref()).expect("validated sensitivity");
    match s.method {
        SensitivityMethod::Oat => {
            let rows = sensitivity::one_at_a_time(plan, results);
            (vec![("sensitivity.csv".into(), output::csv_of(&rows))], Extra::Oat(rows))
        }
        SensitivityMethod::Sobol => {
            let rows = sensitivity::sobol(plan, results, s.bootstrap.unwrap_or(500) as usize);
            (vec![("sensitivity.csv".into(), output::csv_of(&rows))], Extra::Sobol(rows))
        }
    }
}

/// Gathers the task results of `dirs` (shards of one plan) and writes the
/// outputs into `out`: the same files a single process would have written.
pub fn merge(dirs: &[PathBuf], out: &Path, lang: Option<crate::report::Lang>) -> Result<(Plan, Outcome), RunError> {
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
        report: lang,
        threads: 1,
        started,
        wall: clock.elapsed(),
        tasks_run_now: 0,
        tasks_reused: results.len(),
        command_line: std::env::args().collect(),
    };
    let (files, extra) = extras(&plan, &results);
    let written = output::write_outputs(out, &plan, &results, &info, &files)?;
    let execution = Execution { tasks: results.len(), reused: results.len(), ..Default::default() };
    Ok((plan, Outcome::Complete { written, tasks: results, execution, precision: Vec::new(), extra }))
}

fn run_calibration(plan: &mut Plan, opts: &ExecOptions, progress: &(dyn Fn(usize, usize) + Sync)) -> Result<Outcome, RunError> {
    if opts.shard != Shard::ALL || opts.precision.is_some() {
        return Err(RunError::Input("calibrate runs in one process: --task-index/--task-count and --precision do not apply".into()));
    }
    let started = SystemTime::now();
    let clock = Instant::now();
    let dir =
        plan.inputs.experiment.as_ref().map(|e| Path::new(&e.origin).parent().unwrap_or(Path::new(".")).to_path_buf()).unwrap_or_default();
    let targets = calibrate::targets(plan, &dir).map_err(|e| RunError::Input(e.to_string()))?;
    claim_dir(&opts.out, plan)?;
    let store = TaskStore::new(&opts.out);
    let ran = std::cell::Cell::new(Execution::default());
    let runner = |p: &Plan, points: &[u32]| -> Result<Vec<TaskResult>, RunError> {
        let (r, e) = tasks::execute(p, points, 0..p.replications, Shard::ALL, Some(&store), opts.threads, progress)?;
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
    let written = output::write_outputs(&opts.out, plan, &tasks, &info, &files)?;
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
        .chain(plan.factors.iter().map(|f| output::csv_safe(&f.path)))
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
        ("fit.csv".to_string(), output::csv_of(&c.fit)),
        ("best.toml".to_string(), overlay.into_bytes()),
        ("calibrated-scenario.toml".to_string(), calibrated.into_bytes()),
    ];
    let summary = CalibrationSummary { best_values, distance: c.best.distance, evaluations: c.history.len(), fit: c.fit.clone() };
    Ok((files, summary))
}

/// Rebuilds `report.html` (and `figures/`) of a complete output folder.
pub fn report(dir: &Path, lang: crate::report::Lang) -> Result<PathBuf, RunError> {
    let manifest: serde_json::Value = std::fs::read(dir.join("run.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| RunError::Input(format!("{}: no readable run.json (is the run complete?)", dir.display())))?;
    let plan = read_plan(dir)?;
    let tasks = TaskStore::new(dir).load_all(&plan.identity);
    if tasks.is_empty() {
        return Err(RunError::Input(format!("{}: no task results of this plan in tasks/", dir.display())));
    }
    let mut plan = plan;
    if plan.inputs.command == Command::Calibrate {
        // Candidates beyond the screening are not in the rebuilt plan: restore them from history.csv.
        let extra = calibration_points(dir, &plan)?;
        plan.add_points(extra).map_err(|e| RunError::Input(e.to_string()))?;
    }
    crate::report::write(&crate::report::ReportInput { plan: &plan, tasks: &tasks, manifest: &manifest, lang, dir })
        .map_err(|e| RunError::Input(format!("report.html: {e}")))?;
    Ok(dir.join("report.html"))
}

/// The Nelder–Mead candidates of a calibration folder (history.csv), in order.
fn calibration_points(dir: &Path, plan: &Plan) -> Result<Vec<Vec<f64>>, RunError> {
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

/// What `validate` produced.
pub enum ValidateOutcome {
    /// Every scenario ran; the table is written.
    Complete { rows: Vec<crate::validation::ValidationRow>, scenarios: Vec<String> },
    /// Ctrl-C during a scenario: its finished tasks are saved.
    Interrupted { scenario: String, execution: Execution },
}

/// `parcours validate`: runs each validation scenario (base and variants)
/// into `opts.out/<scenario>/` (resumable like a run), computes the APL
/// targets on real territories, and writes `validation.csv`,
/// `validation.json` and `validation.html` into `opts.out`.
pub fn validate(
    targets: &[crate::experiment::file::TargetFile],
    sources: &[crate::validation::ScenarioSource],
    overrides: &crate::experiment::Overrides,
    opts: &ExecOptions,
    progress: &(dyn Fn(&str, usize, usize) + Sync),
) -> Result<ValidateOutcome, RunError> {
    use crate::experiment::file::TargetKind;
    use crate::validation::{self as v, ScenarioResults};
    let mut runs = Vec::new();
    for s in sources {
        let source = crate::experiment::Source { origin: s.origin.clone(), text: s.text.clone() };
        let mut plan = Plan::for_run(source, overrides.clone()).map_err(|e| RunError::Input(e.to_string()))?;
        let mine: Vec<_> = targets.iter().filter(|t| t.scenario.as_ref() == Some(&s.name)).cloned().collect();
        calibrate::check_targets(&mine, &plan.territory_names, &s.origin).map_err(|e| RunError::Input(e.to_string()))?;
        for t in mine.iter().filter(|t| t.kind == TargetKind::Difference) {
            let variant = t.variant.as_deref().unwrap_or_default();
            if !plan.arm_names.iter().skip(1).any(|a| a == variant) {
                return Err(RunError::Input(format!(
                    "{}: a target compares variant {variant:?}, which the scenario does not have",
                    s.origin
                )));
            }
        }
        let sub = ExecOptions { out: opts.out.join(crate::validation::folder_name(&s.name)), ..opts.clone() };
        let name = s.name.clone();
        let outcome = execute(&mut plan, &sub, &|done, total| progress(&name, done, total))?;
        match outcome {
            Outcome::Complete { tasks, .. } => runs.push((s.name.clone(), plan, tasks)),
            Outcome::Interrupted { execution } => return Ok(ValidateOutcome::Interrupted { scenario: s.name.clone(), execution }),
            Outcome::ShardDone { .. } => unreachable!("validate runs every task"),
        }
    }
    let apl = apl_by_spec(targets)?;
    let rows: Vec<v::ValidationRow> = targets
        .iter()
        .map(|t| match t.kind {
            TargetKind::Simulated | TargetKind::Difference => {
                let (name, plan, tasks) = runs.iter().find(|r| t.scenario.as_ref() == Some(&r.0)).expect("scenario ran");
                v::simulated_row(t, &ScenarioResults { name, territory_names: &plan.territory_names, arm_names: &plan.arm_names, tasks })
            }
            TargetKind::Apl => {
                let (_, zones, values) = apl.iter().find(|a| t.spec.as_ref() == Some(&a.0)).expect("spec built");
                v::apl_row(t, zones, values)
            }
            TargetKind::Input | TargetKind::NotModelled => v::untested_row(t),
        })
        .collect();
    let provenance = ValidationProvenance {
        version: output::VERSION.to_string(),
        targets_sha256: targets_sha(targets),
        scenarios: runs
            .iter()
            .map(|(name, plan, _)| ValidatedScenario {
                name: name.clone(),
                origin: plan.inputs.scenario.origin.clone(),
                scenario_sha256: crate::scenario::sha256_hex(&plan.inputs.scenario.text),
                plan: plan.identity.clone(),
                seed: plan.base.seed,
                replications: plan.replications,
                years: plan.base.years,
                warmup_days: plan.base.warmup_days,
                folder: crate::validation::folder_name(name),
            })
            .collect(),
        failures: v::failures(&rows),
    };
    let csv = v::csv(&rows).map_err(|e| RunError::Input(format!("validation.csv: {e}")))?;
    write_atomic(&opts.out.join("validation.csv"), &csv)?;
    let json = serde_json::to_vec_pretty(&serde_json::json!({ "provenance": &provenance, "rows": &rows }))
        .map_err(|e| RunError::Input(format!("validation.json: {e}")))?;
    if let Some(lang) = opts.report {
        let html = crate::report::validation::page(&rows, &provenance, lang);
        write_atomic(&opts.out.join("validation.html"), html.as_bytes())?;
    }
    // Written last: its presence marks a complete validation.
    write_atomic(&opts.out.join("validation.json"), &json)?;
    Ok(ValidateOutcome::Complete { rows, scenarios: runs.into_iter().map(|r| r.0).collect() })
}

/// The model's APL of every zone of each real territory the targets name.
#[allow(clippy::type_complexity)]
fn apl_by_spec(
    targets: &[crate::experiment::file::TargetFile],
) -> Result<Vec<(String, Vec<(crate::model::DensityClass, u64)>, Vec<f64>)>, RunError> {
    let params = crate::model::params::Parameters::default();
    let mut out: Vec<(String, Vec<(crate::model::DensityClass, u64)>, Vec<f64>)> = Vec::new();
    for spec in targets.iter().filter(|t| t.kind == crate::experiment::file::TargetKind::Apl).filter_map(|t| t.spec.as_ref()) {
        if out.iter().any(|o| &o.0 == spec) {
            continue;
        }
        let selection = crate::geo::parse_spec(spec).map_err(|e| RunError::Input(format!("APL target spec {spec:?}: {e}")))?;
        let ds = crate::geo::dataset();
        let picked = ds.select(&selection).map_err(|e| RunError::Input(format!("APL target spec {spec:?}: {e}")))?;
        let built = crate::geo::build(ds, &picked, spec, 0, &crate::geo::BuildOptions::default());
        let values = crate::geo::apl::model_apl(&built.zones, &params);
        out.push((spec.clone(), built.zones.iter().map(|z| (z.density, z.inhabitants())).collect(), values));
    }
    Ok(out)
}

fn targets_sha(targets: &[crate::experiment::file::TargetFile]) -> String {
    crate::scenario::sha256_hex(&serde_json::to_string(targets).unwrap_or_default())
}

/// Where the validation's numbers come from (`validation.json`).
#[derive(Clone, Debug, Serialize)]
pub struct ValidationProvenance {
    pub version: String,
    pub targets_sha256: String,
    pub scenarios: Vec<ValidatedScenario>,
    pub failures: usize,
}

/// One validation scenario as run.
#[derive(Clone, Debug, Serialize)]
pub struct ValidatedScenario {
    pub name: String,
    pub origin: String,
    pub scenario_sha256: String,
    pub plan: String,
    pub seed: u64,
    pub replications: u32,
    pub years: f64,
    pub warmup_days: u32,
    /// Sub-folder with the scenario's own outputs and report.
    pub folder: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::{Overrides, Source};

    fn plan(replications: u32) -> Plan {
        let source = Source { origin: "<embedded default>".into(), text: crate::scenario::EMBEDDED_DEFAULT.into() };
        Plan::for_run(source, Overrides { replications: Some(replications), ..Overrides::default() }).unwrap()
    }

    #[test]
    fn the_memory_estimate_counts_what_every_replication_keeps() {
        let (one, many) = (plan(1), plan(5_000));
        let per_task = task_result_bytes(&one.base);
        let arms = one.arm_names.len() as u64;
        // One world per worker does not grow with replications; the kept results do.
        assert_eq!(memory_estimate(&many, 1) - memory_estimate(&one, 1), 4_999 * arms * per_task);
        assert_eq!(memory_estimate(&one, 1), BASE_BYTES + 140_000 * BYTES_PER_INHABITANT + arms * per_task);
        // The default (2 territories, 15 groups, several hundred indicator values each) keeps
        // more than 100 kB a task: 5,000 replications need gigabytes (≈ 3.4 GB were reported),
        // where the estimate without them said 73 MB.
        assert!(per_task > 100_000, "{per_task}");
        let gb = memory_estimate(&many, 1) as f64 / 1e9;
        assert!((2.5..6.0).contains(&gb), "{gb}");
    }
}
