//! What every simulating command shares: the execution options, the
//! resource guards, claiming an output folder for a plan (`plan.json`),
//! executing its tasks (resumed from `tasks/`, `--precision` rounds,
//! shards), and writing the finished folder in order: `output`'s files,
//! then the report, then `run.json` ([`write_folder`]).

use super::calibrate::{run_calibration, CalibrationSummary};
use super::sensitivity::extras;
use crate::experiment::sensitivity;
use crate::experiment::tasks::{self, check_indicators, Execution, Shard, TaskResult, TaskStore};
use crate::experiment::{Command, Plan, PlanInputs};
use crate::io::{write_atomic, RunError};
use crate::output::{self, RunInfo, Written};
use crate::report::{Lang, ReportInput};
use crate::results::Results;
use crate::stats::mean_ci;
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
    pub report: Option<Lang>,
    /// The flag that interrupts this execution (None: the process-wide
    /// `tasks::STOP` that Ctrl-C sets, whose tasks under way finish and are
    /// saved). `parcours serve` gives each run its own, so that cancelling
    /// one run leaves the others running; its setting also abandons the
    /// replications under way within a simulated day (`tasks::Stop::Now`).
    pub stop: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
}

impl ExecOptions {
    /// What stops this execution ([`ExecOptions::stop`]).
    pub fn stop_request(&self) -> tasks::Stop<'_> {
        match self.stop.as_deref() {
            Some(own) => tasks::Stop::Now(own),
            None => tasks::Stop::AfterTasksUnderWay(&tasks::STOP),
        }
    }

    /// All tasks, one per core, no precision target, guards on.
    pub fn new(out: PathBuf) -> Self {
        ExecOptions { out, threads: 0, shard: Shard::ALL, precision: None, no_limits: false, report: Some(Lang::Fr), stop: None }
    }
}

/// Bytes per inhabitant of one replication's world (measured, whole
/// process, README "Performance": 41 bytes per inhabitant at 1 M
/// inhabitants without policies; all of France with today's organisation,
/// one year, with the large blocks on huge pages (`engine::huge_pages`,
/// stop 48): at most 3,456,272 KB peak over four runs for 68.35 M
/// inhabitants, 51.8 bytes, of which the 64 MB of [`BASE_BYTES`] leave
/// 50.8). The estimate for France is 3.55 GB.
pub const BYTES_PER_INHABITANT: u64 = 51;
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

/// Events of one inhabitant-year, warm-up included: ≈ 5 needs per
/// inhabitant-year (measured: 4.6–4.8) and 1.8 events per need (Lot, 2
/// replications of 0.2 years after 182 days: 4.64 M events for 493,000
/// inhabitant-years, 9.4).
pub const EVENTS_PER_INHABITANT_YEAR: f64 = 5.0 * 1.8;

/// Expected events of one task of the largest point ([`EVENTS_PER_INHABITANT_YEAR`]).
pub fn events_per_task_estimate(plan: &Plan) -> f64 {
    let largest = plan.points.iter().map(|p| p.scenario.inhabitants()).max().unwrap_or(0) as f64;
    let years = plan.base.years + f64::from(plan.base.warmup_days) / 365.0;
    largest * EVENTS_PER_INHABITANT_YEAR * years
}

/// Memory available to this process (Linux), bytes: the least of
/// MemAvailable, the room under `ulimit -v` and under the cgroup's memory
/// limit ([`super::memory::available`]).
pub fn available_memory() -> Option<u64> {
    super::memory::available().map(|a| a.0)
}

/// Refuses a plan that would not fit in memory or would run for days.
pub fn check_resources(plan: &Plan, threads: usize) -> Result<(), RunError> {
    let need = memory_estimate(plan, threads);
    if let Some((avail, bound)) = super::memory::available() {
        if need > avail {
            let results = plan.points.len() as u64 * plan.arm_names.len() as u64 * u64::from(plan.replications);
            return Err(RunError::Input(format!(
                "this run needs about {} of memory ({} × {} × {} each, and {} × {} kept) but {} are available ({bound}); \
                 use fewer --threads or --replications, a smaller territory, or --no-limits to try anyway",
                crate::io::bytes(need, false),
                crate::io::counted(
                    plan.points.iter().map(|p| p.scenario.inhabitants()).max().unwrap_or(0),
                    "inhabitant",
                    "inhabitants",
                    false
                ),
                crate::io::counted(threads as u64, "worker", "workers", false),
                crate::io::bytes(BYTES_PER_INHABITANT, false),
                crate::io::counted(results, "task result", "task results", false),
                crate::io::bytes(task_result_bytes(&plan.base), false),
                crate::io::bytes(avail, false)
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
    /// What the half-width is measured on (`--precision-on`).
    pub on: PrecisionOn,
}

/// `--precision-on`: the levels (each arm's mean) or the paired differences
/// variant − base, whose half-width is compared with the base's mean (a
/// target of 0.02 asks that a 2 % change from the base be resolved).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PrecisionOn {
    #[default]
    Levels,
    Differences,
}

/// The widest relative half-width found for one indicator: NaN (not
/// available) when the indicator was 0 in every replication of every cell
/// (0 / 0: no relative width to measure).
#[derive(Clone, Debug, PartialEq)]
pub struct PrecisionReached {
    pub indicator: String,
    pub worst_relative_half_width: f64,
    /// Levels, or paired differences relative to the base's mean.
    pub on: PrecisionOn,
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
    not_a_file(dir)?;
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
    let file = PlanFile {
        format: 1,
        identity: plan.identity.clone(),
        parcours_version: crate::provenance::VERSION.into(),
        inputs: plan.inputs.clone(),
    };
    write_atomic(&path, &serde_json::to_vec_pretty(&file).expect("plan serialises"))
}

/// Refuses an output folder that is a file, or lies under one: said
/// plainly rather than as "File exists (os error 17)".
fn not_a_file(dir: &Path) -> Result<(), RunError> {
    if let Some(file) = dir.ancestors().find(|a| a.exists()).filter(|a| !a.is_dir()) {
        let what = if file == dir { String::new() } else { format!(": {}", file.display()) };
        return Err(RunError::Input(format!(
            "--out {}{what} is a file, not a folder; give a new folder, or a parcours output folder to resume",
            dir.display()
        )));
    }
    Ok(())
}

/// Names whose presence marks a folder parcours has written into: a run's
/// or an experiment's (`plan.json`, `run.json`, `tasks/`, the lock file),
/// a validation's (`validation.json`).
const OUTPUT_MARKS: [&str; 5] = ["plan.json", "run.json", "tasks", LOCK_FILE, "validation.json"];

/// Refuses to write into a folder of the user's own: `dir` may be absent,
/// empty, a parcours output folder (one of [`OUTPUT_MARKS`]), or hold only
/// `scenario.toml` with exactly the text `scenario` the command will write
/// there (how `parcours serve` starts a run, and a scenario put in its
/// folder to be run there: rewriting it changes nothing; another text would
/// overwrite the user's own scenario.toml); with `nested` (a validation's folder,
/// which holds one run folder per scenario) a subfolder that is a parcours
/// output folder also marks it. Anything else would have its files of the
/// same names (`summary.csv`, `report.html`…) silently overwritten. The one
/// check of every command that writes an output folder: [`lock_dir`] makes
/// it (runs, experiments, shards, calibrations, merges, `serve`'s runs), and
/// [`lock_validation_dir`] for a validation's own folder.
fn refuse_foreign_folder(dir: &Path, nested: bool, scenario: Option<&str>) -> Result<(), RunError> {
    // Absent (or unreadable: creating or locking it will say why).
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    let mut names: Vec<String> = entries.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let marked = |d: &Path| OUTPUT_MARKS.iter().any(|m| d.join(m).exists());
    let same_scenario = || scenario.is_some_and(|text| std::fs::read(dir.join("scenario.toml")).is_ok_and(|b| b == text.as_bytes()));
    if names.is_empty()
        || (names == ["scenario.toml"] && same_scenario())
        || marked(dir)
        || (nested && names.iter().any(|n| marked(&dir.join(n))))
    {
        return Ok(());
    }
    let shown: Vec<&str> = names.iter().take(3).map(String::as_str).collect();
    let more = if names.len() > 3 { format!(" and {} more", names.len() - 3) } else { String::new() };
    Err(RunError::Input(format!(
        "{} is not empty and is not a parcours output folder (it holds {}{more}): parcours would overwrite files of the same names; \
         choose a new --out folder (parcours creates it), or an empty one",
        dir.display(),
        shown.join(", ")
    )))
}

/// Name of the lock file in an output folder.
pub const LOCK_FILE: &str = ".parcours.lock";

/// What the lock file says to whoever opens it. It stays in the folder
/// after a run: deleting a lock file on exit lets two later processes lock
/// two different files under one name (one opened the old file before it
/// was deleted, the other creates a new one), so both would write the
/// folder at once; a lock on a file that is never deleted cannot split.
pub const LOCK_TEXT: &str = "parcours: this file locks the folder while a parcours process writes to it (it stays after the run, \
empty of data; deleting it is harmless when no parcours process uses the folder).\n\
parcours\u{a0}: ce fichier verrouille le dossier pendant qu'un processus parcours y écrit (il reste après la simulation, \
sans données ; le supprimer est sans danger quand aucun processus parcours n'utilise le dossier).\n";

/// An output folder held by this process: the lock on its `.parcours.lock`
/// lasts as long as this value (the system releases it when the process
/// ends, even killed).
#[must_use = "the folder is held only while the lock lives"]
#[derive(Debug)]
pub struct DirLock {
    _file: Option<std::fs::File>,
}

/// Unlocks explicitly rather than by closing: a child process another
/// thread is starting (between its fork and its exec) briefly shares the
/// open file, and closing ours alone would leave the lock held until then.
impl Drop for DirLock {
    fn drop(&mut self) {
        if let Some(f) = &self._file {
            let _ = f.unlock();
        }
    }
}

/// Locks output folder `dir` (created if need be) against other parcours
/// processes, so two runs cannot interleave their files: exclusively for
/// a whole run, a calibration or a merge; shared for one shard of several
/// (`shard`), since shards of one plan write their own task files into the
/// same folder at once, while a whole run or a merge must wait for them.
/// A folder of the user's own is refused first ([`refuse_foreign_folder`]).
/// A held lock is an input error naming the folder; a file system without
/// locks (some network mounts) gives a warning and no lock.
/// `scenario`: the text the command writes as `scenario.toml` (its plan's
/// scenario), which a folder holding only that file must already hold.
pub fn lock_dir(dir: &Path, shard: bool, scenario: Option<&str>) -> Result<DirLock, RunError> {
    lock(dir, shard, false, scenario)
}

/// Locks a validation's folder `dir` (created if need be) as [`lock_dir`]
/// locks a run's, exclusively: one validation writes its tables there and
/// one run folder per scenario below it (each locked by its run). A
/// subfolder that is a parcours output folder marks it as parcours's
/// ([`refuse_foreign_folder`] with `nested`).
pub fn lock_validation_dir(dir: &Path) -> Result<DirLock, RunError> {
    lock(dir, false, true, None)
}

/// The one locking rule of [`lock_dir`] and [`lock_validation_dir`].
fn lock(dir: &Path, shard: bool, nested: bool, scenario: Option<&str>) -> Result<DirLock, RunError> {
    not_a_file(dir)?;
    refuse_foreign_folder(dir, nested, scenario)?;
    std::fs::create_dir_all(dir).map_err(|source| RunError::Write { path: dir.to_path_buf(), source })?;
    let path = dir.join(LOCK_FILE);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| RunError::Write { path: path.clone(), source })?;
    let tried = if shard { file.try_lock_shared() } else { file.try_lock() };
    match tried {
        Ok(()) => {
            // Say what the file is (once: every holder writes the same bytes).
            if file.metadata().is_ok_and(|m| m.len() == 0) {
                use std::io::Write;
                let _ = (&file).write_all(LOCK_TEXT.as_bytes());
            }
            Ok(DirLock { _file: Some(file) })
        }
        Err(std::fs::TryLockError::WouldBlock) => Err(RunError::Input(format!(
            "{} is in use by another parcours process (its lock {} is held{}); wait until it ends, or choose another --out folder",
            dir.display(),
            path.display(),
            if shard { " by a whole run or a merge" } else { "" }
        ))),
        Err(std::fs::TryLockError::Error(e)) => {
            eprintln!("warning: {}: cannot lock the output folder ({e}); make sure no other run writes to it", path.display());
            Ok(DirLock { _file: None })
        }
    }
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
            "{}: made by another build of parcours {} (its identity differs: the simulation code or an embedded input changed since); \
             use the binary that ran it, or run the scenario again",
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
    let _lock = lock_dir(&opts.out, opts.shard != Shard::ALL, Some(&plan.inputs.scenario.text))?;
    claim_dir(&opts.out, plan)?;
    let store = TaskStore::new(&opts.out);
    let points = plan.point_indices();
    let mut reached = Vec::new();
    // Over every `--precision` round: a task run by an earlier round is found
    // on disk by the next one, but it was run now, not reused.
    let mut so_far = Execution::default();
    let (results, execution) = loop {
        let (results, round) =
            tasks::execute(plan, &points, 0..plan.replications, opts.shard, Some(&store), opts.threads, progress, opts.stop_request())?;
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
        reached = match p.on {
            PrecisionOn::Levels => precision_reached(plan, &results, &p.indicators),
            PrecisionOn::Differences => differences_precision_reached(plan, &results, &p.indicators),
        };
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
    let mut info = run_info(opts, started, clock, &execution);
    info.precision = opts.precision.as_ref().map(|p| precision_record(p, plan.replications, &reached));
    let (files, extra) = extras(plan, &results);
    let written = write_folder(&opts.out, plan, &results, &info, &files, opts.report)?;
    Ok(Outcome::Complete { written, tasks: results, execution, precision: reached, extra })
}

/// What `run.json` records of `--precision`: met when every watched
/// indicator's widest relative half-width is within the target (an
/// indicator 0 everywhere, NaN, does not count against it).
pub fn precision_record(p: &Precision, replications: u32, reached: &[PrecisionReached]) -> crate::output::PrecisionRecord {
    let widest = reached
        .iter()
        .filter(|r| !r.worst_relative_half_width.is_nan())
        .max_by(|a, b| a.worst_relative_half_width.total_cmp(&b.worst_relative_half_width));
    crate::output::PrecisionRecord {
        target: p.relative,
        max_replications: p.max_replications,
        replications,
        met: widest.is_none_or(|w| w.worst_relative_half_width <= p.relative),
        widest_indicator: widest.map(|w| w.indicator.clone()),
        widest_relative_half_width: widest.map(|w| w.worst_relative_half_width),
    }
}

/// What `run.json` records of how the tasks ran.
pub(super) fn run_info(opts: &ExecOptions, started: SystemTime, clock: Instant, execution: &Execution) -> RunInfo {
    RunInfo {
        threads: threads(opts.threads),
        started,
        wall: clock.elapsed(),
        tasks_run_now: execution.ran,
        tasks_reused: execution.reused,
        command_line: std::env::args().collect(),
        precision: None,
        result_warnings: Default::default(),
    }
}

pub(super) fn threads(n: usize) -> usize {
    if n == 0 {
        rayon::current_num_threads()
    } else {
        n
    }
}

/// The widest relative 95 % half-width of each indicator (group `all`)
/// over points, arms and territories.
pub fn precision_reached(plan: &Plan, results: &[TaskResult], indicators: &[String]) -> Vec<PrecisionReached> {
    worst_per_indicator(plan, indicators, PrecisionOn::Levels, |p, a, t, ind| {
        let v: Vec<f64> = results.iter().filter(|r| r.point == p && r.arm == a).filter_map(|r| r.value(t, "all", ind)).collect();
        (!v.is_empty()).then(|| {
            let (m, lo, hi) = mean_ci(&v);
            ((hi - lo) / 2.0, m)
        })
    })
}

/// The widest 95 % half-width of each paired difference variant − base
/// (group `all`, replications paired by index) relative to the base's mean,
/// over points, variants and territories. NaN (not available) without
/// variants.
pub fn differences_precision_reached(plan: &Plan, results: &[TaskResult], indicators: &[String]) -> Vec<PrecisionReached> {
    worst_per_indicator(plan, indicators, PrecisionOn::Differences, |p, a, t, ind| {
        if a == 0 {
            return None;
        }
        let value = |arm: u32, rep: u32| {
            results.iter().find(|r| r.point == p && r.arm == arm && r.replication == rep).and_then(|r| r.value(t, "all", ind))
        };
        let reps = results.iter().filter(|r| r.point == p && r.arm == a).map(|r| r.replication);
        let (base, diffs): (Vec<f64>, Vec<f64>) =
            reps.filter_map(|rep| Some((value(0, rep)?, value(a, rep)?))).map(|(b, v)| (b, v - b)).unzip();
        (!diffs.is_empty()).then(|| {
            let (_, lo, hi) = mean_ci(&diffs);
            ((hi - lo) / 2.0, mean_ci(&base).0)
        })
    })
}

/// For each indicator, the largest half-width / |reference| that `cell`
/// gives over points, arms and territories (`cell` returns the half-width
/// and the reference, or None for a cell without values).
fn worst_per_indicator(
    plan: &Plan,
    indicators: &[String],
    on: PrecisionOn,
    cell: impl Fn(u32, u32, u16, &str) -> Option<(f64, f64)>,
) -> Vec<PrecisionReached> {
    indicators
        .iter()
        .map(|ind| {
            let mut worst = f64::NAN;
            for p in 0..plan.points.len() as u32 {
                for a in 0..plan.arm_names.len() as u32 {
                    for t in 0..plan.territory_names.len() as u16 {
                        let Some((half, m)) = cell(p, a, t, ind) else { continue };
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
            PrecisionReached { indicator: ind.clone(), worst_relative_half_width: worst, on }
        })
        .collect()
}

/// Writes a finished plan's folder: `output`'s files, then (with `report`)
/// `report.html` and `figures/`, then `run.json` last. The report quotes
/// the manifest about to be written (its `files` already list the report's
/// and `run.json`).
pub fn write_folder(
    dir: &Path,
    plan: &Plan,
    tasks: &[TaskResult],
    info: &RunInfo,
    extra: &[(String, Vec<u8>)],
    report: Option<Lang>,
) -> Result<Written, RunError> {
    let results = Results::new(plan, tasks);
    let mut written = output::write_files(dir, &results, extra)?;
    let warned = |lang| crate::report::console::result_warnings(lang, plan, &written.summary);
    let info = &RunInfo { result_warnings: (warned(Lang::En), warned(Lang::Fr)), ..info.clone() };
    let mut more = Vec::new();
    if let Some(lang) = report {
        let manifest = output::manifest_value(&results, info, &written, &["report.html", "figures/"]);
        let input = ReportInput { results: &results, manifest: &manifest, lang, dir };
        more = crate::report::write(&input).map_err(|e| RunError::Input(format!("report.html: {e}")))?;
    }
    output::write_manifest(dir, &results, info, &mut written, more)?;
    Ok(written)
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
        // The default (2 territories, 15 groups) keeps more than 100 kB a task: 5,000
        // replications need gigabytes (≈ 3.4 GB were reported before the waits indicators of
        // issue 17, which took a task from ≈ 1,000 to ≈ 3,700 values; 60 replications then
        // peaked at 188 MB measured, estimate 258 MB), where the estimate without them said 73 MB.
        assert!(per_task > 100_000, "{per_task}");
        let gb = memory_estimate(&many, 1) as f64 / 1e9;
        assert!((2.5..25.0).contains(&gb), "{gb}");
    }
}
