//! Tasks: one (point, variant, replication) simulation, its stable id, and
//! its result file.
//!
//! Every command splits its work into tasks. A task's id
//! (`p00003-v01-r00007`) depends only on its place in the plan, so a rerun of
//! the same command finds the tasks already done in `DIR/tasks/`, a cluster
//! array can split them (`--task-index I --task-count N`: task k goes to
//! shard k mod N), and `parcours merge` can gather them. Each result file is
//! written atomically as soon as its task ends, carries the plan's identity,
//! the point's scenario hash and a SHA-256 checksum of its content: a file
//! from another plan is refused, a damaged one is detected and its task run
//! again. Values round-trip exactly through JSON (shortest representation,
//! exact parsing), so outputs built from files equal outputs built in memory,
//! byte for byte.

use super::Plan;
use crate::engine::run_replications;
use crate::io::{write_atomic, RunError};
use crate::model::indicators::{group_label, WeekStat, ZoneStat};
use crate::model::pooled::{day_histograms, DayHistogram};
use crate::model::world::{ReplicationOutput, World};
use crate::scenario::uncertain;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Set (by Ctrl-C) to stop starting new tasks; tasks under way finish and are saved.
pub static STOP: AtomicBool = AtomicBool::new(false);

/// A request to stop an execution: a flag, and what its setting does to
/// the tasks under way. Either way no task starts once it is set.
#[derive(Clone, Copy, Debug)]
pub enum Stop<'a> {
    /// The tasks under way finish and are saved (Ctrl-C of the command line: [`STOP`]).
    AfterTasksUnderWay(&'a AtomicBool),
    /// The tasks under way are abandoned within a simulated day
    /// (`World::run_unless_stopped`) and nothing of them is saved: a run
    /// cancelled in `parcours serve` frees its workers at once.
    Now(&'a AtomicBool),
}

impl Stop<'_> {
    /// Whether the stop is requested.
    pub fn requested(&self) -> bool {
        match self {
            Stop::AfterTasksUnderWay(f) | Stop::Now(f) => f.load(Ordering::Relaxed),
        }
    }

    /// The flag a replication under way reads once per simulated day (None: it runs to the end).
    fn abandons_under_way(&self) -> Option<&AtomicBool> {
        match self {
            Stop::AfterTasksUnderWay(_) => None,
            Stop::Now(f) => Some(f),
        }
    }
}

/// A task's place in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskKey {
    pub point: u32,
    pub arm: u32,
    pub replication: u32,
}

impl TaskKey {
    /// The stable id, also the result file's name.
    pub fn id(&self) -> String {
        format!("p{:05}-v{:02}-r{:05}", self.point, self.arm, self.replication)
    }
}

/// What one task produced: its indicator values (territory index, group,
/// indicator, value), its totals, and the values drawn for it (PSA).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskResult {
    pub point: u32,
    pub arm: u32,
    pub variant: String,
    pub replication: u32,
    pub needs: u64,
    pub events: u64,
    pub draws: Vec<(String, f64)>,
    pub rows: Vec<(u16, String, String, f64)>,
    /// Whole-run weekly totals (warm-up included).
    pub weekly: Vec<WeekStat>,
    /// Per zone, after the warm-up (maps).
    pub zones: Vec<ZoneStat>,
    /// Per territory, group `all`: the calendar-day histograms the quantile
    /// indicators read (`model::pooled`), for quantiles pooled over territories.
    pub histograms: Vec<DayHistogram>,
}

impl TaskResult {
    /// The result of a finished replication.
    pub fn of_replication(
        point: u32,
        arm: usize,
        variant: &str,
        out: &ReplicationOutput,
        territories: usize,
        draws: Vec<(String, f64)>,
    ) -> Self {
        let rows =
            out.recorder.indicators(territories).into_iter().map(|v| (v.territory as u16, group_label(v.group), v.name, v.value)).collect();
        TaskResult {
            point,
            arm: arm as u32,
            variant: variant.to_string(),
            replication: out.replication,
            needs: out.diagnostics.needs,
            events: out.diagnostics.events,
            draws,
            rows,
            weekly: out.recorder.weekly.clone(),
            zones: out.recorder.zone_stats.clone(),
            histograms: day_histograms(&out.recorder, territories),
        }
    }

    pub fn key(&self) -> TaskKey {
        TaskKey { point: self.point, arm: self.arm, replication: self.replication }
    }

    /// The value of `indicator` for `group` in territory `territory`.
    pub fn value(&self, territory: u16, group: &str, indicator: &str) -> Option<f64> {
        self.rows.iter().find(|r| r.0 == territory && r.1 == group && r.2 == indicator).map(|r| r.3)
    }
}

/// A task result file.
#[derive(Serialize, Deserialize)]
struct TaskFile {
    format: u32,
    task: String,
    plan: String,
    point_sha256: String,
    checksum: String,
    result: TaskResult,
}

/// 4: issue 14 changed what indicators count (windows, one consultation rule).
/// 5: issue 17, results carry the day histograms of the pooled quantiles.
const FORMAT: u32 = 5;

fn checksum(r: &TaskResult) -> String {
    let bytes = serde_json::to_vec(r).expect("task results serialise");
    Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// What was found for a task in a folder.
pub enum Stored {
    Done(TaskResult),
    Missing,
    /// A file that cannot be used, and why (it is redone).
    Unusable(String),
}

/// The `tasks/` folder of an output folder.
pub struct TaskStore {
    pub dir: PathBuf,
}

impl TaskStore {
    pub fn new(output_dir: &Path) -> Self {
        TaskStore { dir: output_dir.join("tasks") }
    }

    fn path(&self, key: &TaskKey) -> PathBuf {
        self.dir.join(format!("{}.json", key.id()))
    }

    /// Reads the result of `key`, checking it belongs to `plan` and `point_sha256`.
    pub fn load(&self, key: &TaskKey, plan: &str, point_sha256: &str) -> Stored {
        let path = self.path(key);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Stored::Missing,
            Err(e) => return Stored::Unusable(format!("{}: {e}", path.display())),
        };
        let file: TaskFile = match serde_json::from_slice(&bytes) {
            Ok(f) => f,
            Err(e) => return Stored::Unusable(format!("{}: not a task file ({e})", path.display())),
        };
        let why = if file.format != FORMAT {
            Some(format!("format {} (this parcours writes {FORMAT})", file.format))
        } else if file.plan != plan {
            Some("it belongs to another plan".to_string())
        } else if file.point_sha256 != point_sha256 {
            Some("its point's scenario differs".to_string())
        } else if file.result.key() != *key || file.task != key.id() {
            Some("it holds another task".to_string())
        } else if checksum(&file.result) != file.checksum {
            Some("its checksum does not match its content".to_string())
        } else {
            None
        };
        match why {
            Some(w) => Stored::Unusable(format!("{}: {w}", path.display())),
            None => Stored::Done(file.result),
        }
    }

    /// Writes the result of a task (atomically).
    pub fn save(&self, r: &TaskResult, plan: &str, point_sha256: &str) -> Result<(), RunError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| RunError::Write { path: self.dir.clone(), source })?;
        let file = TaskFile {
            format: FORMAT,
            task: r.key().id(),
            plan: plan.to_string(),
            point_sha256: point_sha256.to_string(),
            checksum: checksum(r),
            result: r.clone(),
        };
        write_atomic(&self.path(&r.key()), &serde_json::to_vec(&file).expect("task files serialise"))
    }
}

impl TaskStore {
    /// Every usable result file of `plan` in the folder, in plan order
    /// (point scenarios are not checked: for rebuilding reports).
    pub fn load_all(&self, plan: &str) -> Vec<TaskResult> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let mut out: Vec<TaskResult> = entries
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
            .filter_map(|e| std::fs::read(e.path()).ok())
            .filter_map(|b| serde_json::from_slice::<TaskFile>(&b).ok())
            .filter(|f| f.format == FORMAT && f.plan == plan && checksum(&f.result) == f.checksum)
            .map(|f| f.result)
            .collect();
        out.sort_by_key(TaskResult::key);
        out
    }
}

/// Which tasks this process runs: all, or one shard of a job array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u32,
    pub count: u32,
}

impl Shard {
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Whether the `k`-th task of the plan (in plan order) is this shard's.
    pub fn owns(&self, k: usize) -> bool {
        k % self.count as usize == self.index as usize
    }
}

/// What [`execute`] did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Execution {
    /// Tasks of this shard in the requested replications.
    pub tasks: usize,
    pub reused: usize,
    pub ran: usize,
    /// Files found unusable, and why (their tasks were run again).
    pub redone: Vec<String>,
    /// True when Ctrl-C stopped it before every task was done.
    pub interrupted: bool,
}

/// Runs the tasks of `plan` for `points` × every arm × `replications`
/// owned by `shard`, reusing results found in `store`, saving each new one
/// as soon as it ends; no task starts once `stop` is requested (the
/// process-wide [`STOP`] for the command line, whose tasks under way
/// finish; a run's own flag in `parcours serve`, whose tasks under way are
/// abandoned: [`Stop`]). Returns the results in plan order.
#[allow(clippy::too_many_arguments)]
pub fn execute(
    plan: &Plan,
    points: &[u32],
    replications: std::ops::Range<u32>,
    shard: Shard,
    store: Option<&TaskStore>,
    threads: usize,
    progress: &(dyn Fn(usize, usize) + Sync),
    stop: Stop,
) -> Result<(Vec<TaskResult>, Execution), RunError> {
    let keys: Vec<TaskKey> = points
        .iter()
        .flat_map(|&p| {
            let reps = replications.clone();
            (0..plan.arm_names.len() as u32).flat_map(move |a| reps.clone().map(move |r| TaskKey { point: p, arm: a, replication: r }))
        })
        .filter(|key| shard.owns(plan.task_number(key)))
        .collect();
    let mut exec = Execution { tasks: keys.len(), ..Default::default() };
    let mut done = Vec::new();
    let mut todo = Vec::new();
    for key in keys {
        let sha = &plan.point(key.point).scenario.sha256;
        match store.map_or(Stored::Missing, |s| s.load(&key, &plan.identity, sha)) {
            Stored::Done(r) => done.push(r),
            Stored::Missing => todo.push(key),
            Stored::Unusable(why) => {
                exec.redone.push(why);
                todo.push(key);
            }
        }
    }
    exec.reused = done.len();
    let finished = AtomicUsize::new(done.len());
    let total = exec.tasks;
    progress(done.len(), total);
    let results = run_replications(
        &todo,
        threads,
        |key| -> Result<Option<TaskResult>, RunError> {
            if stop.requested() {
                return Ok(None);
            }
            let Some(r) = run_task_unless_stopped(plan, key, stop.abandons_under_way())? else { return Ok(None) };
            if let Some(s) = store {
                s.save(&r, &plan.identity, &plan.point(key.point).scenario.sha256)?;
            }
            // Progress counts the tasks done, not those skipped after a stop
            // (serve once showed 25/25 for a cancelled run with 11 saved).
            progress(finished.fetch_add(1, Ordering::Relaxed) + 1, total);
            Ok(Some(r))
        },
        || {},
    )
    .map_err(|e| RunError::Threads(threads, e.to_string()))?;
    for r in results {
        match r? {
            Some(r) => {
                exec.ran += 1;
                done.push(r);
            }
            None => exec.interrupted = true,
        }
    }
    done.sort_by_key(TaskResult::key);
    Ok((done, exec))
}

/// Simulates one task: the point's scenario (values drawn for its
/// replication when some are uncertain), the arm, the replication.
pub fn run_task(plan: &Plan, key: &TaskKey) -> Result<TaskResult, RunError> {
    Ok(run_task_unless_stopped(plan, key, None)?.expect("never asked to stop"))
}

/// [`run_task`], abandoned (None) when `stop` is set during it: the
/// replication reads the flag once per simulated day.
pub fn run_task_unless_stopped(plan: &Plan, key: &TaskKey, stop: Option<&AtomicBool>) -> Result<Option<TaskResult>, RunError> {
    let point = plan.point(key.point);
    let (drawn, draws);
    let scenario = if point.scenario.uncertain.is_empty() {
        draws = Vec::new();
        &point.scenario
    } else {
        (drawn, draws) = uncertain::draw(&point.scenario, key.replication).map_err(|e| RunError::Input(e.to_string()))?;
        &drawn
    };
    let arm = scenario.arms().nth(key.arm as usize).expect("arm index from the plan");
    let simulate = || -> Result<Option<TaskResult>, RunError> {
        let world = World::for_arm(&scenario.spec(arm), key.replication);
        let out = match stop {
            None => world.run(key.replication),
            Some(flag) => match world.run_unless_stopped(key.replication, flag) {
                Ok(out) => out,
                Err(_) => return Ok(None),
            },
        };
        let invariant = |what| RunError::Invariant { replication: key.replication, what: format!("task {}: {what}", key.id()) };
        out.diagnostics.check().map_err(invariant)?;
        out.recorder.check_consistency().map_err(invariant)?;
        Ok(Some(TaskResult::of_replication(key.point, key.arm as usize, &arm.name, &out, scenario.territories.len(), draws.clone())))
    };
    let Some(result) = simulate()? else { return Ok(None) };
    // `--check`: the same task simulated again must give the same result, bit for bit.
    if plan.check {
        match simulate()? {
            None => return Ok(None),
            Some(again) if again != result => {
                let what = format!("task {} gave two different results", key.id());
                return Err(RunError::Invariant { replication: key.replication, what });
            }
            Some(_) => {}
        }
    }
    Ok(Some(result))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn result() -> TaskResult {
        TaskResult {
            point: 1,
            arm: 0,
            variant: "base".into(),
            replication: 2,
            needs: 10,
            events: 20,
            draws: vec![("parameters.choice.asc_ed".into(), 0.1 + 0.2)],
            rows: vec![(0, "all".into(), "x".into(), 1.0 / 3.0), (1, "age_75_plus".into(), "y".into(), 1e-300)],
            weekly: vec![WeekStat { needs: 3, consultations: 2, delay_sum_min: 4000, ed_visits: 1, ..WeekStat::default() }],
            zones: vec![ZoneStat { needs: 5, consultations: 4, delay_sum_min: 9000, forgone: 1, avoidable_admissions: 0 }],
            histograms: vec![(1, "gp_days".into(), vec![3, 0, 7])],
        }
    }

    #[test]
    fn results_round_trip_exactly_and_damage_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let store = TaskStore::new(dir.path());
        let r = result();
        store.save(&r, "plan", "sha").unwrap();
        let Stored::Done(back) = store.load(&r.key(), "plan", "sha") else { panic!("saved result not found") };
        assert_eq!(back, r);
        assert!(matches!(store.load(&r.key(), "other", "sha"), Stored::Unusable(w) if w.contains("another plan")));
        assert!(matches!(store.load(&r.key(), "plan", "sha2"), Stored::Unusable(w) if w.contains("scenario differs")));
        let path = store.dir.join("p00001-v00-r00002.json");
        let text = std::fs::read_to_string(&path).unwrap().replace("\"needs\":10", "\"needs\":11");
        std::fs::write(&path, text).unwrap();
        assert!(matches!(store.load(&r.key(), "plan", "sha"), Stored::Unusable(w) if w.contains("checksum")));
        std::fs::write(&path, "{\"format\":3,\"tas").unwrap();
        assert!(matches!(store.load(&r.key(), "plan", "sha"), Stored::Unusable(w) if w.contains("not a task file")));
        let missing = TaskKey { point: 9, arm: 0, replication: 0 };
        assert!(matches!(store.load(&missing, "plan", "sha"), Stored::Missing));
    }

    #[test]
    fn shards_partition_the_tasks() {
        let shards: Vec<Shard> = (0..3).map(|i| Shard { index: i, count: 3 }).collect();
        for k in 0..100 {
            assert_eq!(shards.iter().filter(|s| s.owns(k)).count(), 1);
        }
        assert!((0..100).all(|k| Shard::ALL.owns(k)));
    }
}
