//! The département's simulated figures beside the selection's: the same
//! quick baseline (same replications, window, warm-up and seed as the
//! selection's, [`Quick`]) on every commune of the selection's main
//! département, computed in the background after the selection's own
//! baseline, on one thread, never blocking it.
//!
//! It is an ordinary run folder, `output/.baselines/departement-XX`
//! (`commands::execute`, no report; hidden from the past runs): its finished
//! tasks are kept, so a second request (also after a restart) is read from
//! disk at once, and an interrupted one resumes. A folder made by another
//! build or other settings (its `plan.json` identity differs) is recomputed.
//! One département at a time: asking for another stops the one under way
//! (its tasks saved). The page polls `GET /api/baseline/departement/{code}`.

use super::{blocking, error, Shared};
use crate::commands::{self, ExecOptions, Outcome};
use crate::experiment::tasks::Shard;
use crate::experiment::{Overrides, Plan, Source};
use crate::geo;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Settings of a quick baseline (the selection's and the département's).
#[derive(Clone, Debug, PartialEq)]
pub struct Quick {
    pub replications: u32,
    /// Observation window after the warm-up, years.
    pub years: f64,
    pub warmup_days: u32,
    pub seed: u64,
}

impl Default for Quick {
    /// 3 replications of a quarter after a 60-day warm-up, seed 1.
    fn default() -> Self {
        Quick { replications: 3, years: 0.25, warmup_days: 60, seed: 1 }
    }
}

/// Environment variable overriding [`Quick`] (`REPLICATIONS,YEARS,WARMUP_DAYS`),
/// for tests that need a département baseline in seconds; the answers state
/// the settings used.
pub const QUICK_ENV: &str = "PARCOURS_SERVE_QUICK_BASELINE";

impl Quick {
    /// Reads [`QUICK_ENV`]: `None` when unset; an error naming it when malformed.
    pub fn from_env() -> Result<Option<Quick>, String> {
        let Ok(v) = std::env::var(QUICK_ENV) else { return Ok(None) };
        let parts: Vec<&str> = v.split(',').map(str::trim).collect();
        let bad = || format!("{QUICK_ENV}={v:?}: expected REPLICATIONS,YEARS,WARMUP_DAYS (e.g. 2,0.02,5)");
        let [r, y, w] = parts.as_slice() else { return Err(bad()) };
        let q = Quick {
            replications: r.parse().map_err(|_| bad())?,
            years: y.parse().map_err(|_| bad())?,
            warmup_days: w.parse().map_err(|_| bad())?,
            seed: 1,
        };
        if q.replications == 0 || !(q.years > 0.0 && q.years <= 1.0) || q.warmup_days > 365 {
            return Err(bad());
        }
        Ok(Some(q))
    }

    /// The settings as the answers give them.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({ "replications": self.replications, "years": self.years, "warmup_days": self.warmup_days, "seed": self.seed })
    }
}

/// Where a département's baseline is.
#[derive(Clone, Debug, Serialize)]
pub struct Status {
    pub code: String,
    pub label: String,
    /// running, done, failed or cancelled.
    pub state: &'static str,
    pub done: usize,
    pub total: usize,
    pub message: String,
    pub inhabitants: u64,
    /// Key indicators (mean, ci_low, ci_high, n), once done.
    pub indicators: Vec<serde_json::Value>,
    /// The run folder, relative to the output folder.
    pub folder: String,
    /// The interruption flag of the computation this status follows.
    #[serde(skip)]
    run: Option<Arc<AtomicBool>>,
}

/// The départements' baselines of this server process.
#[derive(Default)]
pub struct Baselines {
    states: Mutex<HashMap<String, Status>>,
    /// The département under way and its interruption flag.
    current: Mutex<Option<(String, Arc<AtomicBool>)>>,
    /// Held by the computing thread: one computation at a time (a stopped
    /// one abandons its tasks under way within a simulated day before the next starts).
    worker: Mutex<()>,
}

impl Baselines {
    fn get(&self, code: &str) -> Option<Status> {
        self.states.lock().unwrap_or_else(|e| e.into_inner()).get(code).cloned()
    }

    /// Updates the status of `code` if it still follows the computation `run`.
    fn set(&self, code: &str, run: &Arc<AtomicBool>, f: impl FnOnce(&mut Status)) {
        if let Some(s) = self.states.lock().unwrap_or_else(|e| e.into_inner()).get_mut(code) {
            if s.run.as_ref().is_some_and(|r| Arc::ptr_eq(r, run)) {
                f(s);
            }
        }
    }
}

/// The folder of a département's baseline.
pub fn folder(output: &Path, code: &str) -> PathBuf {
    output.join(".baselines").join(format!("departement-{code}"))
}

/// The quick-baseline scenario of `codes` (the page shows it; the same text for a selection and a département).
pub fn scenario(name: &str, codes: &[String], q: &Quick) -> String {
    let c = super::compose::Composed {
        name: name.into(),
        description: "Quick baseline of parcours serve's diagnostic".into(),
        communes: codes.to_vec(),
        replications: Some(q.replications),
        years: Some(q.years),
        warmup_days: Some(q.warmup_days),
        seed: Some(q.seed),
        policies: Vec::new(),
        variants: Vec::new(),
    };
    c.to_toml()
}

/// The communes of a département (arrondissements excluded, as its figures), its label.
fn communes_of(code: &str) -> Option<(Vec<String>, String, u64)> {
    let ds = geo::dataset();
    let (name, _) = ds.departements.iter().find(|d| d.0 == code).map(|d| (d.1.clone(), ()))?;
    let picked: Vec<&geo::Commune> = ds.communes.iter().filter(|c| c.dep == code && !c.arrondissement).collect();
    let pop = picked.iter().map(|c| c.population).sum();
    Some((picked.iter().map(|c| c.insee.clone()).collect(), format!("{name} ({code})"), pop))
}

/// Starts (or finds) the baseline of département `code`; stops another one
/// under way. Returns its status (None: no such département).
pub fn request(s: &Shared, code: &str) -> Option<Status> {
    if let Some(st) = s.departements.get(code) {
        if st.state == "running" || st.state == "done" {
            return Some(st);
        }
    }
    let (codes, label, inhabitants) = communes_of(code)?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let mut current = s.departements.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((other, flag)) = current.take() {
            flag.store(true, Ordering::SeqCst);
            s.departements.set(&other, &flag, |st| st.state = "cancelled");
        }
        *current = Some((code.to_string(), stop.clone()));
    }
    let dir = folder(&s.config.output, code);
    let status = Status {
        code: code.to_string(),
        label,
        state: "running",
        done: 0,
        // Known before the plan is built (one arm, one point: a task per
        // replication), so the page never reads "0/0" while the plan of a
        // large département is built and its saved tasks read (after a
        // restart); the count of those saved follows at once.
        total: s.config.quick.replications as usize,
        message: String::new(),
        inhabitants,
        indicators: Vec::new(),
        folder: format!(".baselines/departement-{code}"),
        run: Some(stop.clone()),
    };
    s.departements.states.lock().unwrap_or_else(|e| e.into_inner()).insert(code.to_string(), status.clone());
    let text = scenario(&format!("baseline-departement-{code}"), &codes, &s.config.quick);
    let (state, code) = (s.clone(), code.to_string());
    // Its own thread, not the runtime's blocking pool: it may take minutes.
    std::thread::spawn(move || {
        let _one = state.departements.worker.lock().unwrap_or_else(|e| e.into_inner());
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if stop.load(Ordering::SeqCst) {
                return Ok(None);
            }
            compute(&state, &code, &text, &dir, &stop)
        }));
        let (st, msg, rows) = match outcome {
            Ok(Ok(Some(rows))) => ("done", String::new(), rows),
            Ok(Ok(None)) => ("cancelled", "stopped for another département; its finished tasks are kept".into(), Vec::new()),
            Ok(Err(e)) => ("failed", e, Vec::new()),
            Err(_) => ("failed", "internal error (a bug in parcours; the server goes on)".into(), Vec::new()),
        };
        state.departements.set(&code, &stop, |s| {
            s.state = st;
            s.message = msg;
            s.indicators = rows;
        });
        let mut current = state.departements.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.as_ref().is_some_and(|(c, f)| c == &code && Arc::ptr_eq(f, &stop)) {
            *current = None;
        }
    });
    Some(status)
}

/// Runs (or reads) the baseline folder: its key indicators, None when stopped.
fn compute(s: &Shared, code: &str, text: &str, dir: &Path, stop: &Arc<AtomicBool>) -> Result<Option<Vec<serde_json::Value>>, String> {
    let source = Source { origin: "scenario.toml".into(), text: text.to_string() };
    let mut plan = Plan::for_run(source, Overrides::default()).map_err(|e| e.to_string())?;
    plan.check = cfg!(debug_assertions);
    let identity = std::fs::read(dir.join("plan.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .map(|v| v["identity"].as_str().map(String::from));
    if identity.is_some_and(|i| i.as_deref() != Some(plan.identity.as_str())) {
        // Another build or other settings: this is a cache, recompute.
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    if !dir.join("run.json").is_file() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        crate::io::write_atomic(&dir.join("scenario.toml"), text.as_bytes()).map_err(|e| e.to_string())?;
        let opts = ExecOptions {
            out: dir.to_path_buf(),
            threads: 1,
            shard: Shard::ALL,
            precision: None,
            no_limits: false,
            report: None,
            stop: Some(stop.clone()),
        };
        let progress = |done: usize, total: usize| {
            s.departements.set(code, stop, |st| {
                st.done = done;
                st.total = total;
            })
        };
        match commands::execute(&mut plan, &opts, &progress).map_err(|e| e.to_string())? {
            Outcome::Complete { .. } => {}
            Outcome::Interrupted { .. } => return Ok(None),
            Outcome::ShardDone { .. } => return Err("unexpected: a shard".into()),
        }
    }
    Ok(Some(key_rows(&dir.join("summary.csv"))))
}

/// The key indicators of the base arm, group `all`, of a summary.csv.
fn key_rows(path: &Path) -> Vec<serde_json::Value> {
    let rows = super::runs::read_csv(path);
    crate::report::terminal::KEY_INDICATORS
        .iter()
        .filter_map(|k| {
            let r = rows.iter().find(|r| {
                r.get("variant").map(String::as_str) == Some("base")
                    && r.get("group").map(String::as_str) == Some("all")
                    && r.get("indicator").map(String::as_str) == Some(k.name)
                    && !r.contains_key("point")
            })?;
            let mut row = serde_json::json!({
                "indicator": k.name, "mean": super::runs::num(r, "mean"), "ci_low": super::runs::num(r, "ci_low"),
                "ci_high": super::runs::num(r, "ci_high"), "n": super::runs::num(r, "n"),
            });
            super::runs::clamp_shown(&mut row, crate::results::compare::IntervalOf::Level);
            Some(row)
        })
        .collect()
}

/// The answer about a département's baseline: its status and the settings.
pub fn answer(s: &Shared, st: &Status) -> serde_json::Value {
    let mut v = serde_json::to_value(st).unwrap_or_default();
    v["settings"] = s.config.quick.json();
    v["url"] = format!("/api/baseline/departement/{}", st.code).into();
    v
}

fn valid_code(code: &str) -> bool {
    (1..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `GET /api/baseline/departement/{code}`: where its baseline is (404 when never asked).
pub async fn show(State(s): State<Shared>, UrlPath(code): UrlPath<String>) -> Response {
    match valid_code(&code).then(|| s.departements.get(&code)).flatten() {
        Some(st) => Json(answer(&s, &st)).into_response(),
        None => error(StatusCode::NOT_FOUND, "no baseline of this département asked for (POST to start it)"),
    }
}

/// `POST /api/baseline/departement/{code}`: starts its baseline (or finds it); 202.
pub async fn start(State(s): State<Shared>, UrlPath(code): UrlPath<String>) -> Response {
    if !valid_code(&code) {
        return error(StatusCode::NOT_FOUND, "no such département");
    }
    let s2 = s.clone();
    match blocking(move || request(&s2, &code)).await {
        Ok(Some(st)) => (StatusCode::ACCEPTED, Json(answer(&s, &st))).into_response(),
        Ok(None) => error(StatusCode::NOT_FOUND, "no such département"),
        Err(r) => r,
    }
}

/// `POST /api/baseline/departement/{code}/cancel`: stops it (its finished tasks are kept); 409 when not running.
pub async fn cancel(State(s): State<Shared>, UrlPath(code): UrlPath<String>) -> Response {
    let mut current = s.departements.current.lock().unwrap_or_else(|e| e.into_inner());
    match current.take() {
        Some((c, flag)) if c == code => {
            flag.store(true, Ordering::SeqCst);
            drop(current);
            s.departements.set(&code, &flag, |st| st.state = "cancelled");
            (StatusCode::ACCEPTED, Json(serde_json::json!({ "code": code, "cancelling": true }))).into_response()
        }
        other => {
            *current = other;
            error(StatusCode::CONFLICT, "this département's baseline is not running")
        }
    }
}
