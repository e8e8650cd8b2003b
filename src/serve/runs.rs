//! Runs: a queue onto a pool of workers, live progress (server-sent events),
//! cancellation, the files of a run folder, the list of past runs and the
//! comparison of two.
//!
//! A run is exactly `parcours run scenario.toml --out output/<name>-<time>`:
//! `Plan::for_run` and `commands::execute` with the CLI's options, so the
//! folder is a normal one (resumable with the same command, and its
//! `scenario.toml` reruns to byte-identical CSV files). At most
//! `max_running` runs are simulated at once; the others wait in order (at
//! most `max_queued`). Cancelling sets the run's own interruption flag
//! (`ExecOptions::stop`, as Ctrl-C sets `tasks::STOP` for the command
//! line): no task starts, the replications under way are abandoned within
//! a simulated day (`tasks::Stop::Now`; nothing of them is saved, no
//! output file is written), the tasks finished before are kept, the folder can be
//! resumed (from the page, `POST /api/runs/{id}/resume`, also after a
//! restart, or with `parcours run`), and the other runs go on.

use super::compose::{self, ScenarioIn};
use super::failures::Failure;
use super::{blocking, error, Shared};
use crate::commands::{self, ExecOptions, Outcome};
use crate::experiment::tasks::Shard;
use crate::experiment::{Overrides, Plan, Source};
use crate::report::Lang;
use crate::results::compare::{clamp_interval, IntervalOf};
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::{header, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;
use tokio::sync::{mpsc, watch};

/// Where a run is.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum State_ {
    Queued,
    Running,
    Done,
    Cancelled,
    Failed,
}

/// What the page is told of a run while it goes.
#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    pub id: String,
    pub state: State_,
    pub done: usize,
    pub total: usize,
    pub message: String,
    /// `message` in French, for the page in French ([`message_fr`]).
    pub message_fr: String,
}

/// Why a run ended early, in English (the French: [`message_fr`]).
const CANCELLED_BEFORE: &str = "cancelled before it started";
const INTERRUPTED: &str = "cancelled: the finished tasks are saved; resume it from the list of runs, or with parcours run";
const INTERNAL_ERROR: &str = "internal error (a bug in parcours; the server goes on)";

impl Progress {
    /// Sets why the run ended, in English and French.
    fn set_message(&mut self, message: &str) {
        self.message = message.to_string();
        self.message_fr = message_fr(message);
    }
}

/// A run's end message (`Progress::message`) in French for the page: the
/// fixed ones translated, without the command line; any other after a
/// French sentence (a failure's own French is [`Failure::fr`], set with
/// its English); empty stays empty.
pub fn message_fr(message: &str) -> String {
    match message {
        "" => String::new(),
        CANCELLED_BEFORE => "annulée avant d'avoir commencé".into(),
        INTERRUPTED => "annulée\u{a0}: les tâches terminées sont gardées ; reprenez-la depuis la liste des simulations".into(),
        INTERNAL_ERROR => "erreur interne du logiciel (le serveur continue de fonctionner)".into(),
        other => super::failures::unknown_fr(other),
    }
}

struct Job {
    progress: watch::Sender<Progress>,
    /// This run's interruption flag (`ExecOptions::stop`).
    cancel: Arc<AtomicBool>,
}

/// A run waiting for the worker.
struct Queued {
    job: Arc<Job>,
    text: String,
    dir: PathBuf,
    threads: usize,
    lang: Lang,
}

/// The runs of this server process.
pub struct Runs {
    jobs: Mutex<HashMap<String, Arc<Job>>>,
    /// The queue of the workers (see the module doc), served in order.
    queue: mpsc::UnboundedSender<Queued>,
    max_queued: usize,
}

impl Runs {
    /// Starts `max_running` workers (at least one) on one queue: call
    /// within the server's runtime.
    pub fn new(max_queued: usize, max_running: usize) -> Self {
        let (queue, rx) = mpsc::unbounded_channel();
        let rx = Arc::new(tokio::sync::Mutex::new(rx));
        for _ in 0..max_running.max(1) {
            tokio::spawn(worker(rx.clone()));
        }
        Runs { jobs: Mutex::new(HashMap::new()), queue, max_queued }
    }

    fn job(&self, id: &str) -> Option<Arc<Job>> {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).get(id).cloned()
    }

    fn waiting(&self) -> usize {
        self.jobs.lock().unwrap_or_else(|e| e.into_inner()).values().filter(|j| j.progress.borrow().state == State_::Queued).count()
    }
}

/// Characters of the scenario's name kept in its run folder's name (before the time stamp).
pub const MAX_FOLDER_NAME: usize = 80;

/// A run folder's name: letters, digits, `-`, `_` and `.` only, never `..`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 200
        && !id.starts_with('.')
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.')
}

/// Not `#[serde(flatten)]`: a flattened body loses the path of a wrong field.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunIn {
    #[serde(default)]
    pub scenario: Option<compose::Composed>,
    #[serde(default)]
    pub toml: Option<String>,
    /// Language of report.html (default fr).
    #[serde(default)]
    pub lang: Option<String>,
    /// Start it although its estimate is above `work::CONFIRM_ABOVE_SECONDS`.
    #[serde(default)]
    pub confirm: bool,
}

/// `POST /api/runs {scenario | toml, lang, confirm}`: validates (422 with
/// the problems), estimates its work (`work::estimate`: refused with 422
/// above `REFUSE_ABOVE_SECONDS`; 409 `needs_confirmation` above
/// `CONFIRM_ABOVE_SECONDS` unless `confirm`, each with `error`/`error_fr`
/// saying how to reduce it), queues the run (429 when the queue is full)
/// and answers `{ id, estimate }` at once; progress at `/api/runs/{id}/events`.
pub async fn create(State(s): State<Shared>, super::body::JsonBody(input): super::body::JsonBody<RunIn>) -> Response {
    let lang: Lang = match input.lang.as_deref().unwrap_or("fr").parse() {
        Ok(l) => l,
        Err(e) => {
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(serde_json::json!({ "errors": [{ "path": "lang", "reason": e }] })))
                .into_response()
        }
    };
    let threads = s.config.threads;
    let checked = blocking(move || {
        let (text, parsed) = compose::check(&ScenarioIn { scenario: input.scenario, toml: input.toml, lang: None });
        parsed.map(|sc| (text, sc.name.clone(), super::work::estimate(&sc, run_threads(threads))))
    })
    .await;
    let (text, name, estimate) = match checked {
        Ok(Ok(x)) => x,
        Ok(Err(errors)) => {
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(serde_json::json!({ "valid": false, "errors": errors }))).into_response()
        }
        Err(r) => return r,
    };
    if estimate.refused() || (estimate.needs_confirmation() && !input.confirm) {
        let (status, confirm) = if estimate.refused() { (StatusCode::UNPROCESSABLE_ENTITY, false) } else { (StatusCode::CONFLICT, true) };
        let body = serde_json::json!({
            "error": estimate.warning(false), "error_fr": estimate.warning(true), "needs_confirmation": confirm, "estimate": estimate.json(),
        });
        return (status, Json(body)).into_response();
    }
    if s.runs.waiting() >= s.runs.max_queued {
        let message = format!("{} runs are waiting already; try again when one has finished", s.runs.max_queued);
        return (StatusCode::TOO_MANY_REQUESTS, Json(serde_json::json!({ "error": message, "max_queued": s.runs.max_queued })))
            .into_response();
    }
    let dir = {
        // Names are claimed under the lock: two runs started in the same second get different folders.
        let mut jobs = s.runs.jobs.lock().unwrap_or_else(|e| e.into_inner());
        // The folder's name from the first characters of the scenario's (a file name has a length limit).
        let short: String = name.chars().take(MAX_FOLDER_NAME).collect();
        let mut dir = crate::output::new_run_dir(&s.config.output, &short, SystemTime::now());
        let mut k = 2;
        while jobs.contains_key(&folder_name(&dir)) {
            dir = PathBuf::from(format!("{}-{k}", dir.display()));
            k += 1;
        }
        let id = folder_name(&dir);
        let first =
            Progress { id: id.clone(), state: State_::Queued, done: 0, total: 0, message: String::new(), message_fr: String::new() };
        jobs.insert(id, Arc::new(Job { progress: watch::channel(first).0, cancel: Arc::new(AtomicBool::new(false)) }));
        dir
    };
    let id = folder_name(&dir);
    let job = s.runs.job(&id).expect("just inserted");
    let queued = Queued { job, text, dir, threads: s.config.threads, lang };
    if s.runs.queue.send(queued).is_err() {
        return error(StatusCode::SERVICE_UNAVAILABLE, "the run worker has stopped");
    }
    (StatusCode::ACCEPTED, Json(serde_json::json!({ "id": id, "estimate": estimate.json() }))).into_response()
}

/// The worker threads one run uses (`--threads`, 0: one per core).
pub fn run_threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    }
}

/// The body of a resume: the language of its report (default fr).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ResumeIn {
    #[serde(default)]
    pub lang: Option<String>,
}

/// `POST /api/runs/{id}/resume {lang}`: resumes an unfinished run folder of
/// the output folder (cancelled, interrupted, or left by a server that
/// stopped): its `scenario.toml` queued again into the same folder, whose
/// saved tasks are reused — what `parcours run DIR/scenario.toml --out DIR`
/// does. 404 when there is no such folder (its plan.json and
/// scenario.toml), 409 when it is complete, queued or running, 422 when its
/// scenario no longer passes the page's checks (a folder the command line
/// made with more than the page's limits: resume it there), 429 when the
/// queue is full; else 202 and `{ id }`, followed as a new run.
pub async fn resume(
    State(s): State<Shared>,
    UrlPath(id): UrlPath<String>,
    super::body::JsonBody(input): super::body::JsonBody<ResumeIn>,
) -> Response {
    let lang: Lang = match input.lang.as_deref().unwrap_or("fr").parse() {
        Ok(l) => l,
        Err(e) => return super::body::rejection(StatusCode::UNPROCESSABLE_ENTITY, "lang", &e),
    };
    let dir = s.config.output.join(&id);
    if !valid_id(&id) || !dir.join("plan.json").is_file() || !dir.join("scenario.toml").is_file() {
        return error(StatusCode::NOT_FOUND, "no unfinished run folder of this name (with its plan.json and scenario.toml)");
    }
    if dir.join("run.json").is_file() {
        return error(StatusCode::CONFLICT, "the run is complete already");
    }
    let text = match std::fs::read_to_string(dir.join("scenario.toml")) {
        Ok(t) => t,
        Err(e) => return error(StatusCode::NOT_FOUND, &format!("cannot read its scenario.toml: {e}")),
    };
    let checked = blocking(move || {
        let (text, parsed) = compose::check(&ScenarioIn { scenario: None, toml: Some(text), lang: None });
        parsed.map(|_| text)
    })
    .await;
    let text = match checked {
        Ok(Ok(t)) => t,
        Ok(Err(errors)) => {
            return (StatusCode::UNPROCESSABLE_ENTITY, Json(serde_json::json!({ "valid": false, "errors": errors }))).into_response()
        }
        Err(r) => return r,
    };
    if s.runs.waiting() >= s.runs.max_queued {
        let message = format!("{} runs are waiting already; try again when one has finished", s.runs.max_queued);
        return (StatusCode::TOO_MANY_REQUESTS, Json(serde_json::json!({ "error": message, "max_queued": s.runs.max_queued })))
            .into_response();
    }
    let job = {
        let mut jobs = s.runs.jobs.lock().unwrap_or_else(|e| e.into_inner());
        if jobs.get(&id).is_some_and(|j| matches!(j.progress.borrow().state, State_::Queued | State_::Running)) {
            return error(StatusCode::CONFLICT, "the run is queued or running already");
        }
        let first =
            Progress { id: id.clone(), state: State_::Queued, done: 0, total: 0, message: String::new(), message_fr: String::new() };
        let job = Arc::new(Job { progress: watch::channel(first).0, cancel: Arc::new(AtomicBool::new(false)) });
        jobs.insert(id.clone(), job.clone());
        job
    };
    if s.runs.queue.send(Queued { job, text, dir, threads: s.config.threads, lang }).is_err() {
        return error(StatusCode::SERVICE_UNAVAILABLE, "the run worker has stopped");
    }
    (StatusCode::ACCEPTED, Json(serde_json::json!({ "id": id }))).into_response()
}

/// A worker: takes the queued runs in the order they came, one at a time
/// (the pool's workers share the queue).
async fn worker(rx: Arc<tokio::sync::Mutex<mpsc::UnboundedReceiver<Queued>>>) {
    loop {
        let Some(q) = rx.lock().await.recv().await else { break };
        let job = q.job.clone();
        if job.cancel.load(Ordering::SeqCst) {
            job.progress.send_modify(|p| {
                p.state = State_::Cancelled;
                p.set_message(CANCELLED_BEFORE);
            });
            continue;
        }
        job.progress.send_modify(|p| p.state = State_::Running);
        let outcome = tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| execute(&q.text, &q.dir, q.threads, q.lang, &q.job)))
        })
        .await;
        let (st, message) = match outcome {
            Ok(Ok(Ok(RunEnd::Complete))) => (State_::Done, Ok("")),
            Ok(Ok(Ok(RunEnd::Interrupted))) => (State_::Cancelled, Ok(INTERRUPTED)),
            Ok(Ok(Err(failure))) => (State_::Failed, Err(failure)),
            _ => (State_::Failed, Ok(INTERNAL_ERROR)),
        };
        job.progress.send_modify(|p| {
            p.state = st;
            match &message {
                Ok(m) => p.set_message(m),
                Err(f) => (p.message, p.message_fr) = (f.en(), f.fr()),
            }
        });
    }
}

fn folder_name(dir: &Path) -> String {
    dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

enum RunEnd {
    Complete,
    Interrupted,
}

/// `parcours run scenario.toml --out DIR [--threads T] [--lang L]`, with progress sent to the page.
fn execute(text: &str, dir: &Path, threads: usize, lang: Lang, job: &Job) -> Result<RunEnd, Failure> {
    let source = Source { origin: "scenario.toml".into(), text: text.to_string() };
    let mut plan = Plan::for_run(source, Overrides::default()).map_err(|error| Failure::Scenario { error, text: text.to_string() })?;
    // As `parcours run`: debug builds check every task twice.
    plan.check = cfg!(debug_assertions);
    // The scenario is in the folder from the start (as the run will leave it):
    // a cancelled run resumes with `parcours run DIR/scenario.toml --out DIR`.
    std::fs::create_dir_all(dir).map_err(|source| Failure::Folder { path: dir.to_path_buf(), source })?;
    crate::io::write_atomic(&dir.join("scenario.toml"), text.as_bytes()).map_err(Failure::Run)?;
    let opts = ExecOptions {
        out: dir.to_path_buf(),
        threads,
        shard: Shard::ALL,
        precision: None,
        no_limits: false,
        report: Some(lang),
        stop: Some(job.cancel.clone()),
    };
    let progress = |done: usize, total: usize| {
        job.progress.send_modify(|p| {
            p.done = done;
            p.total = total;
        });
    };
    match commands::execute(&mut plan, &opts, &progress).map_err(Failure::Run)? {
        Outcome::Complete { .. } => Ok(RunEnd::Complete),
        Outcome::Interrupted { .. } => Ok(RunEnd::Interrupted),
        Outcome::ShardDone { .. } => Err(Failure::Shard),
    }
}

/// `POST /api/runs/{id}/cancel`: a waiting run never starts; a running one
/// stops within a simulated day (its replications under way abandoned, its
/// finished tasks kept: the folder can be resumed).
pub async fn cancel(State(s): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(job) = s.runs.job(&id) else { return error(StatusCode::NOT_FOUND, "no such run in this server") };
    job.cancel.store(true, Ordering::SeqCst);
    let state = job.progress.borrow().state.clone();
    match state {
        State_::Running => {}
        // It never starts (the worker skips it): cancelled now, and listed so.
        State_::Queued => job.progress.send_modify(|p| {
            p.state = State_::Cancelled;
            p.set_message(CANCELLED_BEFORE);
        }),
        _ => return error(StatusCode::CONFLICT, "the run has ended already"),
    }
    (StatusCode::ACCEPTED, Json(serde_json::json!({ "id": id, "cancelling": true }))).into_response()
}

/// `GET /api/runs/{id}/events`: server-sent events `progress` (JSON
/// [`Progress`]) until the run ends (the last event has its final state).
pub async fn events(State(s): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    let Some(job) = s.runs.job(&id) else { return error(StatusCode::NOT_FOUND, "no such run in this server") };
    let rx = job.progress.subscribe();
    let stream = futures_util::stream::unfold((rx, false, true), |(mut rx, ended, first)| async move {
        if ended {
            return None;
        }
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let p = rx.borrow_and_update().clone();
        let end = matches!(p.state, State_::Done | State_::Cancelled | State_::Failed);
        let ev = Event::default().event("progress").json_data(&p).unwrap_or_default();
        Some((Ok::<Event, std::convert::Infallible>(ev), (rx, end, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default()).into_response()
}

/// Files of a run folder the page may download.
const FILES: &[(&str, &str)] = &[
    ("report.html", "text/html; charset=utf-8"),
    ("scenario.toml", "text/plain; charset=utf-8"),
    ("scenario.effective.toml", "text/plain; charset=utf-8"),
    ("summary.csv", "text/csv; charset=utf-8"),
    ("differences.csv", "text/csv; charset=utf-8"),
    ("indicators.csv", "text/csv; charset=utf-8"),
    ("series.csv", "text/csv; charset=utf-8"),
    ("psa.csv", "text/csv; charset=utf-8"),
    ("run.json", "application/json"),
];

#[derive(Deserialize)]
pub struct FileQuery {
    #[serde(default)]
    pub download: Option<u8>,
}

/// `GET /api/runs/{id}/files/{name}[?download=1]`: one of the folder's files (a fixed list).
pub async fn file(
    State(s): State<Shared>,
    UrlPath((id, name)): UrlPath<(String, String)>,
    super::body::JsonQuery(q): super::body::JsonQuery<FileQuery>,
) -> Response {
    let Some((_, mime)) = FILES.iter().find(|f| f.0 == name) else { return error(StatusCode::NOT_FOUND, "no such file") };
    if !valid_id(&id) {
        return error(StatusCode::NOT_FOUND, "no such run");
    }
    let path = s.config.output.join(&id).join(&name);
    let Ok(Ok(bytes)) = blocking(move || std::fs::read(&path)).await else {
        return error(StatusCode::NOT_FOUND, "no such file in this run (is it finished?)");
    };
    let mut res = Response::new(Body::from(bytes));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, mime.parse().expect("valid"));
    if name == "report.html" {
        // The report has no script; shown in a frame of the page, it may load nothing.
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'".parse().expect("valid"),
        );
    }
    if q.download == Some(1) {
        let file = if name == "scenario.toml" { format!("{id}.toml") } else { name.clone() };
        if let Ok(v) = format!("attachment; filename=\"{file}\"").parse() {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    res
}

/// One run of the output folder.
#[derive(Serialize)]
pub struct RunItem {
    pub id: String,
    pub name: String,
    /// done (run.json present), or this server's state, or "incomplete".
    pub state: String,
    pub started_at: Option<String>,
    pub replications: Option<u64>,
    pub variants: Vec<String>,
    pub inhabitants: Option<u64>,
    pub command: Option<String>,
    /// Why it failed or was cancelled (this server's runs; empty otherwise).
    pub message: String,
    /// `message` in French ([`message_fr`]).
    pub message_fr: String,
}

/// `GET /api/runs`: the runs of the output folder (newest first) and those queued.
pub async fn list(State(s): State<Shared>) -> Response {
    let out = s.config.output.clone();
    let live: HashMap<String, Progress> =
        s.runs.jobs.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(k, j)| (k.clone(), j.progress.borrow().clone())).collect();
    match blocking(move || list_runs(&out, &live)).await {
        Ok(v) => Json(serde_json::json!({ "runs": v })).into_response(),
        Err(r) => r,
    }
}

fn list_runs(out: &Path, live: &HashMap<String, Progress>) -> Vec<RunItem> {
    let mut items = Vec::new();
    let Ok(entries) = std::fs::read_dir(out) else { return items };
    for e in entries.flatten().take(2000) {
        let id = e.file_name().to_string_lossy().into_owned();
        let dir = e.path();
        if !valid_id(&id) || !dir.join("plan.json").is_file() {
            continue;
        }
        let manifest: Option<serde_json::Value> = std::fs::read(dir.join("run.json")).ok().and_then(|b| serde_json::from_slice(&b).ok());
        // A folder with its run.json is complete whatever this server saw
        // (a run cancelled here may have been resumed since by `parcours run`).
        let state = match (live.get(&id), &manifest) {
            (Some(p), _) if matches!(p.state, State_::Queued | State_::Running) => state_name(&p.state),
            (_, Some(_)) => "done".into(),
            (Some(p), None) if p.state != State_::Done => state_name(&p.state),
            _ => "incomplete".into(),
        };
        let (message, message_fr) =
            live.get(&id).filter(|_| state != "done").map(|p| (p.message.clone(), p.message_fr.clone())).unwrap_or_default();
        let m = manifest.unwrap_or_else(|| from_scenario(&dir));
        items.push(RunItem {
            name: m["name"].as_str().map_or_else(|| id.clone(), String::from),
            state,
            started_at: m["started_at"].as_str().map(String::from),
            replications: m["replications"].as_u64(),
            variants: m["variants"].as_array().map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect()).unwrap_or_default(),
            inhabitants: m["inhabitants"].as_u64(),
            command: m["command"].as_str().map(String::from),
            message_fr,
            message,
            id,
        });
    }
    // Runs without a folder (or without its plan): waiting, cancelled before
    // they started, or failed before their plan was written.
    for (id, p) in live {
        let state = match p.state {
            State_::Queued => "queued",
            State_::Cancelled => "cancelled",
            State_::Failed => "failed",
            _ => continue,
        };
        if !items.iter().any(|i| &i.id == id) {
            items.push(RunItem {
                id: id.clone(),
                name: id.clone(),
                state: state.into(),
                started_at: None,
                replications: None,
                variants: vec![],
                inhabitants: None,
                command: None,
                message: p.message.clone(),
                message_fr: p.message_fr.clone(),
            });
        }
    }
    items.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
    items
}

/// What an unfinished folder (no run.json) says of itself: its
/// `scenario.toml` (name, replications, variants, inhabitants) and the
/// time that file was written (the run's start).
fn from_scenario(dir: &Path) -> serde_json::Value {
    let file = dir.join("scenario.toml");
    let Ok(text) = std::fs::read_to_string(&file) else { return serde_json::Value::Null };
    let started = std::fs::metadata(&file).and_then(|m| m.modified()).ok();
    let started_at = started.map(|t| humantime::format_rfc3339_seconds(t).to_string());
    match crate::scenario::parse(&text, "scenario.toml") {
        Ok(sc) => serde_json::json!({
            "name": sc.name, "started_at": started_at, "replications": sc.replications,
            "variants": sc.arms().skip(1).map(|a| a.name.clone()).collect::<Vec<_>>(), "inhabitants": sc.inhabitants(),
        }),
        Err(_) => serde_json::json!({ "started_at": started_at }),
    }
}

fn state_name(s: &State_) -> String {
    serde_json::to_value(s).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// `GET /api/runs/{id}`: the run's state and, once done, its key results:
/// the base and every variant (mean and 95 % interval, group `all`) and the
/// paired differences variant − base, per territory.
pub async fn show(State(s): State<Shared>, UrlPath(id): UrlPath<String>) -> Response {
    if !valid_id(&id) {
        return error(StatusCode::NOT_FOUND, "no such run");
    }
    let live = s.runs.job(&id).map(|j| j.progress.borrow().clone());
    let dir = s.config.output.join(&id);
    match blocking(move || results(&dir)).await {
        Ok(Some(mut v)) => {
            v["id"] = id.clone().into();
            v["progress"] = serde_json::to_value(&live).unwrap_or_default();
            Json(v).into_response()
        }
        Ok(None) => match live {
            Some(p) => Json(serde_json::json!({ "id": id, "complete": false, "progress": p })).into_response(),
            None => error(StatusCode::NOT_FOUND, "no such run"),
        },
        Err(r) => r,
    }
}

pub(super) fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let Ok(mut r) = csv::Reader::from_path(path) else { return Vec::new() };
    let Ok(head) = r.headers().cloned() else { return Vec::new() };
    r.records().flatten().map(|rec| head.iter().map(String::from).zip(rec.iter().map(String::from)).collect()).collect()
}

pub(super) fn num(row: &HashMap<String, String>, k: &str) -> Option<f64> {
    row.get(k).and_then(|v| v.parse::<f64>().ok()).filter(|x| x.is_finite())
}

/// The key results of a folder (None while it has no run.json).
pub fn results(dir: &Path) -> Option<serde_json::Value> {
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("run.json")).ok()?).ok()?;
    let summary = read_csv(&dir.join("summary.csv"));
    let diffs = read_csv(&dir.join("differences.csv"));
    let keys = crate::report::terminal::KEY_INDICATORS;
    let label = |name: &str| keys.iter().find(|k| k.name == name).map(|k| (k.fr.trim(), k.en.trim(), k.share));
    let pick = |rows: &[HashMap<String, String>], value: &str| -> Vec<serde_json::Value> {
        rows.iter()
            .filter(|r| r.get("group").map(String::as_str) == Some("all") && !r.contains_key("point"))
            .filter_map(|r| {
                let ind = r.get("indicator")?;
                let (fr, en, share) = label(ind)?;
                Some(serde_json::json!({
                    "variant": r.get("variant"), "territory": r.get("territory"), "indicator": ind,
                    "fr": fr, "en": en, "share": share,
                    "value": num(r, value), "ci_low": num(r, "ci_low"), "ci_high": num(r, "ci_high"),
                    "p_holm": num(r, "p_holm"), "p_value": num(r, "p_value"), "n": num(r, "n"),
                }))
            })
            .collect()
    };
    let order = |v: &mut Vec<serde_json::Value>| {
        v.sort_by_key(|x| keys.iter().position(|k| Some(k.name) == x["indicator"].as_str()).unwrap_or(usize::MAX));
    };
    let mut summary_rows = pick(&summary, "mean");
    order(&mut summary_rows);
    let mut diff_rows = pick(&diffs, "mean_diff");
    order(&mut diff_rows);
    for d in &mut diff_rows {
        d["verdict"] = verdict(d).into();
    }
    // Shown as the report shows them: clamped to what the indicator can take (the CSV files stay raw).
    let mut clamped = false;
    for r in &mut summary_rows {
        clamped |= clamp_shown(r, IntervalOf::Level);
    }
    for d in &mut diff_rows {
        let base_mean = summary_rows
            .iter()
            .find(|r| r["variant"] == "base" && r["territory"] == d["territory"] && r["indicator"] == d["indicator"])
            .and_then(|r| r["value"].as_f64())
            .unwrap_or(f64::NAN);
        clamped |= clamp_shown(d, IntervalOf::Difference { base_mean });
    }
    Some(serde_json::json!({
        "complete": true,
        "name": manifest["name"], "started_at": manifest["started_at"], "wall_seconds": manifest["wall_seconds"],
        "replications": manifest["replications"], "years": manifest["years"], "variants": manifest["variants"],
        "inhabitants": manifest["inhabitants"], "command": manifest["command"],
        "summary": summary_rows, "differences": diff_rows, "clamped": clamped,
        "files": FILES.iter().map(|f| f.0).filter(|f| dir.join(f).is_file()).collect::<Vec<_>>(),
    }))
}

/// Clamps a row's `ci_low`/`ci_high` for display with the report's rule
/// (`results::compare::clamp_interval`: a share within [0, 1], any other
/// indicator ≥ 0, a difference accordingly), keeping the raw bounds as
/// `ci_low_raw`/`ci_high_raw` and setting `clamped`. Returns whether a bound moved.
pub fn clamp_shown(row: &mut serde_json::Value, of: IntervalOf) -> bool {
    let (Some(ind), Some(lo), Some(hi)) = (row["indicator"].as_str().map(String::from), row["ci_low"].as_f64(), row["ci_high"].as_f64())
    else {
        row["clamped"] = false.into();
        return false;
    };
    let (l, h, moved) = clamp_interval(&ind, lo, hi, of);
    row["clamped"] = moved.into();
    if moved {
        row["ci_low_raw"] = lo.into();
        row["ci_high_raw"] = hi.into();
        row["ci_low"] = l.into();
        row["ci_high"] = h.into();
    }
    moved
}

/// A difference's verdict as the report gives it (`results::mark_of`: the
/// Holm-adjusted p-value of `differences.csv`, not the raw interval):
/// "better", "worse", "similar" (not distinguishable after Holm),
/// "constant" (exactly this difference in every replication:
/// `results::does_not_vary`, nothing to test), or null when there is no
/// interval (fewer than 2 replications) or no test.
fn verdict(d: &serde_json::Value) -> Option<&'static str> {
    let (mean, p_holm) = (d["value"].as_f64()?, d["p_holm"].as_f64().unwrap_or(f64::NAN));
    let low = d["ci_low"].as_f64()?;
    let (high, p_value) = (d["ci_high"].as_f64().unwrap_or(f64::NAN), d["p_value"].as_f64().unwrap_or(f64::NAN));
    if crate::results::does_not_vary(d["n"].as_f64().unwrap_or(0.0) as usize, low, high, p_value) {
        return Some("constant");
    }
    if p_holm.is_nan() {
        return None;
    }
    Some(match crate::results::mark_of(d["indicator"].as_str().unwrap_or_default(), mean, p_holm) {
        Some(true) => "better",
        Some(false) => "worse",
        None => "similar",
    })
}

#[derive(Deserialize)]
pub struct CompareQuery {
    pub a: String,
    pub b: String,
}

/// `GET /api/compare?a=ID&b=ID`: two finished runs side by side, key
/// indicator by key indicator (every arm and territory of each). Different
/// runs do not share replications: their intervals are compared, not paired.
pub async fn compare(State(s): State<Shared>, super::body::JsonQuery(q): super::body::JsonQuery<CompareQuery>) -> Response {
    if !valid_id(&q.a) || !valid_id(&q.b) {
        return error(StatusCode::NOT_FOUND, "no such run");
    }
    let (a, b) = (s.config.output.join(&q.a), s.config.output.join(&q.b));
    match blocking(move || (results(&a), results(&b))).await {
        Ok((Some(a), Some(b))) => Json(serde_json::json!({ "a": a, "b": b })).into_response(),
        Ok(_) => error(StatusCode::NOT_FOUND, "both runs must be finished (run.json present)"),
        Err(r) => r,
    }
}

#[cfg(test)]
mod tests {
    use super::verdict;
    use serde_json::json;

    /// A run of this server that failed before writing its plan (no folder,
    /// or one without plan.json) is listed as failed with its reason; one
    /// whose folder has a run.json is done whatever this server saw.
    #[test]
    fn failed_runs_are_listed_with_their_reason_and_complete_folders_as_done() {
        use super::{list_runs, message_fr, Progress, State_};
        let out = tempfile::tempdir().unwrap();
        let p = |id: &str, state: State_, message: &str| {
            (id.to_string(), Progress { id: id.into(), state, done: 0, total: 0, message: message.into(), message_fr: message_fr(message) })
        };
        std::fs::create_dir_all(out.path().join("resumed-1")).unwrap();
        std::fs::write(out.path().join("resumed-1/plan.json"), "{}").unwrap();
        std::fs::write(out.path().join("resumed-1/run.json"), r#"{"name": "resumed", "replications": 4}"#).unwrap();
        let live = [p("broken-1", State_::Failed, "File name too long (os error 36)"), p("resumed-1", State_::Cancelled, "cancelled")]
            .into_iter()
            .collect();
        let items = list_runs(out.path(), &live);
        let broken = items.iter().find(|i| i.id == "broken-1").expect("listed");
        assert_eq!((broken.state.as_str(), broken.message.as_str()), ("failed", "File name too long (os error 36)"));
        let resumed = items.iter().find(|i| i.id == "resumed-1").expect("listed");
        assert_eq!((resumed.state.as_str(), resumed.replications, resumed.message.as_str()), ("done", Some(4), ""));
        // The page in French reads the French (message_fr), without the command line.
        assert_eq!(
            message_fr(super::INTERRUPTED),
            "annulée\u{a0}: les tâches terminées sont gardées ; reprenez-la depuis la liste des simulations"
        );
        assert_eq!(
            broken.message_fr,
            "la simulation n'a pas pu aboutir (détail technique, en anglais\u{a0}: File name too long (os error 36))"
        );
    }

    /// The failures a run of the page meets for real, each said in French
    /// (`failures::Failure::fr`), its English unchanged: the scenario
    /// refused at the start, the folder not created (under a file; a name
    /// too long for the disk), the folder in use by another calculation,
    /// holding another run's plan or other files, and more memory than the
    /// computer has.
    #[test]
    fn a_failed_runs_french_says_what_happened() {
        use super::{execute, Job, Lang, Progress, State_};
        use std::sync::{atomic::AtomicBool, Arc};
        let first =
            Progress { id: "f".into(), state: State_::Running, done: 0, total: 0, message: String::new(), message_fr: String::new() };
        let job = Job { progress: tokio::sync::watch::channel(first).0, cancel: Arc::new(AtomicBool::new(false)) };
        let text = "name = \"f\"\nreplications = 1\nyears = 0.01\nwarmup_days = 1\n\
                    [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 500\narea_km2 = 50\nzone_count = 1\n";
        let failed = |text: &str, dir: &std::path::Path| match execute(text, dir, 1, Lang::Fr, &job) {
            Err(f) => (f.en(), f.fr()),
            Ok(_) => panic!("{} ran", dir.display()),
        };
        let out = tempfile::tempdir().unwrap();
        let (_, fr) = failed(&text.replace("years = 0.01", "years = -1"), &out.path().join("a"));
        assert_eq!(
            fr,
            "le scénario a été refusé au lancement\u{a0}: Années simulées\u{a0}: doit être une durée de plus de 0 et d'au plus 50 ans (vous avez saisi −1)."
        );
        std::fs::write(out.path().join("file"), "").unwrap();
        let under_a_file = out.path().join("file").join("run");
        let (en, fr) = failed(text, &under_a_file);
        assert!(en.starts_with(&format!("cannot create {}: ", under_a_file.display())), "{en}");
        assert_eq!(
            fr,
            format!(
                "le dossier de la simulation ({}) n'a pas pu être créé\u{a0}: un fichier porte le nom d'un des dossiers du chemin",
                under_a_file.display()
            )
        );
        let long = out.path().join("n".repeat(300));
        let (en, fr) = failed(text, &long);
        assert!(en.ends_with("File name too long (os error 36)"), "{en}");
        assert!(
            fr.ends_with(") n'a pas pu être créé\u{a0}: nom trop long (ou invalide) pour le disque ; donnez au scénario un nom plus court"),
            "{fr}"
        );
        let locked = out.path().join("locked");
        let _held = crate::commands::lock_dir(&locked, false, None).unwrap();
        let (en, fr) = failed(text, &locked);
        assert!(en.contains("is in use by another parcours process"), "{en}");
        assert_eq!(fr, "le dossier de la simulation est utilisé par un autre calcul en cours ; attendez qu'il se termine, puis reprenez-la depuis la liste des simulations");
        let other = out.path().join("other");
        std::fs::create_dir_all(&other).unwrap();
        std::fs::write(other.join("plan.json"), "{}").unwrap();
        let (en, fr) = failed(text, &other);
        assert!(en.contains("holds the results of another run"), "{en}");
        assert_eq!(
            fr,
            "le dossier de la simulation contient les résultats d'une autre simulation (d'autres réglages, une autre graine ou une autre version du logiciel) ; lancez le scénario de nouveau\u{a0}: il aura son propre dossier"
        );
        let foreign = out.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
        let (en, fr) = failed(text, &foreign);
        assert!(en.contains("is not empty and is not a parcours output folder"), "{en}");
        assert_eq!(
            fr,
            "le dossier de la simulation contient d'autres fichiers que les siens ; lancez le scénario de nouveau\u{a0}: il aura son propre dossier"
        );
        // More memory than there is: a billion replications' results (where the system says what it has).
        if crate::commands::available_memory().is_some() {
            let source = crate::experiment::Source { origin: "scenario.toml".into(), text: text.into() };
            let mut plan = crate::experiment::Plan::for_run(source, crate::experiment::Overrides::default()).unwrap();
            plan.set_replications(1_000_000_000);
            let refused = crate::commands::check_resources(&plan, 1).unwrap_err();
            let fr = super::Failure::Run(refused).fr();
            assert!(fr.starts_with("la simulation demanderait environ "), "{fr}");
            assert!(fr.contains(" Go de mémoire, mais l'ordinateur n'en a que "), "{fr}");
            assert!(fr.ends_with(" de libre ; réduisez le nombre de réplications, de communes ou de variantes"), "{fr}");
        }
    }

    /// The verdict follows the Holm-adjusted p-value, not the raw interval:
    /// an ED-visit fall whose raw interval excludes 0 (p 0.03) but whose Holm
    /// p is 0.09 is "similar"; at Holm p 0.01 it is "better"; a rise in
    /// coverage (higher is better) at Holm p 0.01 is "better"; no interval
    /// (n < 2) or no test gives no verdict.
    #[test]
    fn the_verdict_is_the_holm_adjusted_one() {
        let row = |ind: &str, v: f64, lo: Option<f64>, p: Option<f64>| json!({ "indicator": ind, "value": v, "ci_low": lo, "ci_high": lo.map(|_| v / 2.0), "p_holm": p });
        assert_eq!(verdict(&row("ed_visits_per_1000", -2.0, Some(-3.9), Some(0.09))), Some("similar"));
        assert_eq!(verdict(&row("ed_visits_per_1000", -2.0, Some(-3.9), Some(0.01))), Some("better"));
        assert_eq!(verdict(&row("ed_visits_per_1000", 2.0, Some(0.1), Some(0.01))), Some("worse"));
        assert_eq!(verdict(&row("registered_gp_coverage", 0.02, Some(0.01), Some(0.01))), Some("better"));
        assert_eq!(verdict(&row("ed_visits_per_1000", -2.0, None, None)), None);
        assert_eq!(verdict(&row("ed_visits_per_1000", -2.0, Some(-3.9), None)), None);
    }

    /// A difference the same in every replication (+0.2 € each time: interval
    /// [0.2, 0.2], no p-value) was shown "+0,200 [+0,200 ; +0,200]" with no
    /// verdict in the web application: it says "constant", which the page
    /// words as the report does; all zeros stay without a verdict to give.
    #[test]
    fn a_difference_the_same_in_every_replication_has_its_verdict() {
        let row = |v: f64, n: u32| json!({ "indicator": "cost_total_per_inhabitant_eur", "value": v, "ci_low": v, "ci_high": v, "p_holm": null, "p_value": null, "n": n });
        assert_eq!(verdict(&row(0.2, 2)), Some("constant"));
        assert_eq!(verdict(&row(0.2, 1)), None, "one replication: no interval to speak of");
        assert_eq!(verdict(&row(0.0, 2)), None);
    }
}
