//! `parcours._parcours`: the Python extension module of parcours (PyO3).
//!
//! A thin layer over the `parcours` library crate, with no model logic of
//! its own: scenarios are parsed and validated by `scenario::parse`, edited
//! by `scenario::paths`, and every simulating function builds the same
//! `Plan` the command line builds and runs it through `commands::execute`
//! into an output folder, so the files are those `parcours run` /
//! `sweep` / `sensitivity` / `calibrate` write, byte for byte. The Python
//! package (`parcours/__init__.py`) reads the tables from those files.
//!
//! Simulations run with the interpreter released (`Python::detach`) on a
//! worker thread while the calling thread checks Python's signals every
//! 100 ms: Ctrl-C (or a Jupyter interrupt) sets the crate's `tasks::STOP`
//! flag, the tasks under way finish and are saved, and `KeyboardInterrupt`
//! is raised. Errors become the exceptions of `parcours._errors`
//! (`ScenarioError` with the field path and reason, `RunError`,
//! `InternalError`); a Rust panic is caught and raised as `InternalError`,
//! never crashing the interpreter.

use parcours::commands::{self, ExecOptions, Outcome};
use parcours::experiment::tasks::{self, Shard};
use parcours::experiment::{Command, Overrides, Plan, Source};
use parcours::io::RunError;
use parcours::report::Lang;
use parcours::scenario::{self, ScenarioError};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

/// An exception class of `parcours._errors`, called with `args`.
fn py_error<'py, A>(py: Python<'py>, class: &str, args: A) -> PyErr
where
    A: pyo3::call::PyCallArgs<'py>,
{
    let made = py.import("parcours._errors").and_then(|m| m.getattr(class)).and_then(|c| c.call1(args));
    match made {
        Ok(obj) => PyErr::from_value(obj),
        Err(e) => e,
    }
}

/// `ScenarioError(message, origin, problems)` with `problems` a list of
/// `(line or None, field path, reason)`.
fn scenario_error(py: Python<'_>, e: &ScenarioError) -> PyErr {
    let message = e.to_string();
    let (origin, problems): (String, Vec<(Option<usize>, String, String)>) = match e {
        ScenarioError::Unreadable { origin, reason } => (origin.clone(), vec![(None, "(file)".to_string(), reason.clone())]),
        ScenarioError::Invalid { origin, problems } => {
            (origin.clone(), problems.iter().map(|p| (p.line, p.path.clone(), p.reason.clone())).collect())
        }
    };
    py_error(py, "ScenarioError", (message, origin, problems))
}

/// Bad input found while running (an output folder of another plan, an
/// unwritable folder, a run too large): `RunError`; anything else is a bug
/// of parcours: `InternalError`.
fn run_error(py: Python<'_>, e: &RunError) -> PyErr {
    match e {
        RunError::Input(_) | RunError::Write { .. } => py_error(py, "RunError", (e.to_string(),)),
        other => py_error(
            py,
            "InternalError",
            (format!("{other}; this is a bug in parcours {}, please report it", parcours::provenance::VERSION),),
        ),
    }
}

/// The origin of a problem of the Python arguments `replications`, `seed`,
/// `years` (the command line's `--replications` … are "command line").
const ARGUMENTS: &str = "<arguments>";

/// A plan's error; one of the overrides (`Scenario::with_overrides`, origin
/// "command line", paths `--years` …) is the Python arguments' as the caller
/// wrote them: `years: …`, origin `<arguments>`.
fn plan_error(py: Python<'_>, e: &ScenarioError) -> PyErr {
    if let ScenarioError::Invalid { origin, problems } = e {
        if origin == scenario::COMMAND_LINE {
            let problems: Vec<(Option<usize>, String, String)> =
                problems.iter().map(|p| (p.line, p.path.trim_start_matches("--").to_string(), p.reason.clone())).collect();
            let message = problems.iter().map(|(_, path, reason)| format!("{path}: {reason}")).collect::<Vec<_>>().join("\n");
            return py_error(py, "ScenarioError", (message, ARGUMENTS, problems));
        }
    }
    scenario_error(py, e)
}

fn lang(py: Python<'_>, code: &str) -> PyResult<Lang> {
    match code {
        "fr" => Ok(Lang::Fr),
        "en" => Ok(Lang::En),
        other => Err(py_error(py, "ParcoursError", (format!("lang: must be \"fr\" or \"en\" (got {other:?})"),))),
    }
}

/// Runs of this process under way (see `interruptible`).
static ACTIVE_RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs `work` with the interpreter released, on a worker thread, while this
/// thread checks Python's signals every 100 ms. On a signal's exception
/// (KeyboardInterrupt), the crate's STOP flag is set, the worker is awaited
/// (tasks under way finish and are saved) and the exception is returned.
/// A panic of `work` becomes `InternalError`.
fn interruptible<R: Send>(py: Python<'_>, work: impl FnOnce() -> R + Send) -> PyResult<R> {
    // The crate's STOP flag is shared by every run of the process: it is
    // cleared only when no other run is under way, so a Ctrl-C that stops
    // one run stops them all and is not lost when another starts or ends.
    if ACTIVE_RUNS.fetch_add(1, Ordering::SeqCst) == 0 {
        tasks::STOP.store(false, Ordering::SeqCst);
    }
    let (result, interrupt) = py.detach(|| {
        std::thread::scope(|s| {
            let (tx, rx) = mpsc::channel::<()>();
            let worker = s.spawn(move || {
                let r = catch_unwind(AssertUnwindSafe(work));
                let _ = tx.send(());
                r
            });
            let mut interrupt: Option<PyErr> = None;
            loop {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => break,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        if interrupt.is_none() {
                            if let Err(e) = Python::attach(|py| py.check_signals()) {
                                tasks::STOP.store(true, Ordering::SeqCst);
                                interrupt = Some(e);
                            }
                        }
                    }
                }
            }
            let joined = worker.join().unwrap_or_else(Err);
            (joined.map_err(|p| panic_message(&*p)), interrupt)
        })
    });
    if ACTIVE_RUNS.fetch_sub(1, Ordering::SeqCst) == 1 {
        tasks::STOP.store(false, Ordering::SeqCst);
    }
    if let Some(e) = interrupt {
        return Err(e);
    }
    result.map_err(|msg| {
        py_error(
            py,
            "InternalError",
            (format!("internal error (panic: {msg}); this is a bug in parcours {}, please report it", parcours::provenance::VERSION),),
        )
    })
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_else(|| "unknown".into())
}

/// Options of a simulating call, as the command line has them.
struct RunOptions {
    threads: usize,
    out: PathBuf,
    report: Option<Lang>,
    no_limits: bool,
    check: bool,
}

/// Executes `plan` like `parcours run|sweep|sensitivity|calibrate --out OUT`
/// and returns what happened, as a dict.
fn execute_plan<'py>(py: Python<'py>, mut plan: Plan, o: RunOptions) -> PyResult<Bound<'py, PyDict>> {
    // As the command line: debug builds always check (every task twice).
    plan.check = o.check || cfg!(debug_assertions);
    let opts = ExecOptions {
        out: o.out.clone(),
        threads: o.threads,
        shard: Shard::ALL,
        precision: None,
        no_limits: o.no_limits,
        report: o.report,
        stop: None,
    };
    let outcome = interruptible(py, || commands::execute(&mut plan, &opts, &|_, _| {}))?;
    let outcome = outcome.map_err(|e| run_error(py, &e))?;
    let d = PyDict::new(py);
    d.set_item("out", o.out.display().to_string())?;
    match outcome {
        Outcome::Complete { execution, .. } => {
            d.set_item("tasks", execution.tasks)?;
            d.set_item("ran", execution.ran)?;
            d.set_item("reused", execution.reused)?;
            d.set_item("redone", execution.redone)?;
        }
        Outcome::Interrupted { execution } => {
            // The crate's STOP flag was set without a Python signal (another
            // thread's interrupt): report it like Ctrl-C.
            return Err(pyo3::exceptions::PyKeyboardInterrupt::new_err(format!(
                "interrupted: {} of {} tasks are saved in {}; run again with the same out= to finish",
                execution.reused + execution.ran,
                execution.tasks,
                o.out.display()
            )));
        }
        Outcome::ShardDone { .. } => unreachable!("the Python API runs every task"),
    }
    Ok(d)
}

/// Validates scenario text; returns a summary dict (name, description,
/// sha256, seed, replications, years, warmup_days, inhabitants, variants,
/// territories, uncertain_parameters). Raises ScenarioError.
#[pyfunction]
fn check_scenario<'py>(py: Python<'py>, text: &str, origin: &str) -> PyResult<Bound<'py, PyDict>> {
    let s = scenario::parse(text, origin).map_err(|e| scenario_error(py, &e))?;
    summary(py, &s)
}

/// The summary dict of a validated scenario (see `check_scenario`).
fn summary<'py>(py: Python<'py>, s: &scenario::Scenario) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("name", &s.name)?;
    d.set_item("description", &s.description)?;
    d.set_item("sha256", &s.sha256)?;
    d.set_item("seed", s.seed)?;
    d.set_item("replications", s.replications)?;
    d.set_item("years", s.years)?;
    d.set_item("warmup_days", s.warmup_days)?;
    d.set_item("inhabitants", s.inhabitants())?;
    d.set_item("variants", s.variants.iter().map(|a| a.name.clone()).collect::<Vec<_>>())?;
    d.set_item("uncertain_parameters", s.uncertain.iter().map(|u| u.path.clone()).collect::<Vec<_>>())?;
    let territories = PyList::empty(py);
    for (i, t) in s.territories.iter().enumerate() {
        let zones: Vec<_> = s.zones.iter().filter(|z| z.territory as usize == i).collect();
        let td = PyDict::new(py);
        td.set_item("name", &t.name)?;
        td.set_item("zones", zones.len())?;
        td.set_item("inhabitants", zones.iter().map(|z| z.inhabitants()).sum::<u64>())?;
        td.set_item("gps", zones.iter().map(|z| z.gps).sum::<u32>())?;
        td.set_item("emergency_departments", t.emergency_departments.len())?;
        territories.append(td)?;
    }
    d.set_item("territories", territories)?;
    Ok(d)
}

/// The embedded default scenario's text (`parcours run` without a file).
#[pyfunction]
fn embedded_default() -> &'static str {
    scenario::EMBEDDED_DEFAULT
}

/// Sets numbers by scenario path (`parameters.gp.unscheduled_share`,
/// `policies.sas.participation`, …) in the TOML text, comments kept, and
/// validates the result (`scenario::paths::edit`, as an experiment's point):
/// returns (text, summary as `check_scenario`). `items`: (path, value,
/// integer). Raises ScenarioError naming each path once; a problem at a
/// value set has no line (the edited text is not one the user wrote).
#[pyfunction]
fn set_numbers<'py>(py: Python<'py>, text: &str, origin: &str, items: Vec<(String, f64, bool)>) -> PyResult<(String, Bound<'py, PyDict>)> {
    let values: Vec<(&str, f64, bool)> = items.iter().map(|(p, v, i)| (p.as_str(), *v, *i)).collect();
    let (edited, s) = scenario::paths::edit(text, origin, &values).map_err(|e| scenario_error(py, &e))?;
    Ok((edited, summary(py, &s)?))
}

/// A Python value as a TOML value; `at` names it in errors.
fn to_toml(v: &Bound<'_, PyAny>, at: &str) -> PyResult<toml::Value> {
    if v.is_instance_of::<PyBool>() {
        return Ok(toml::Value::Boolean(v.extract()?));
    }
    if v.is_instance_of::<PyInt>() {
        let i: i64 = v.extract().map_err(|_| PyValueError::new_err(format!("{at}: integer out of TOML's 64-bit range")))?;
        return Ok(toml::Value::Integer(i));
    }
    if v.is_instance_of::<PyFloat>() {
        return Ok(toml::Value::Float(v.extract()?));
    }
    if v.is_instance_of::<PyString>() {
        return Ok(toml::Value::String(v.extract()?));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        return Ok(toml::Value::Table(to_table(d, at)?));
    }
    if v.is_instance_of::<PyList>() || v.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for (i, item) in v.try_iter()?.enumerate() {
            out.push(to_toml(&item?, &format!("{at}[{i}]"))?);
        }
        return Ok(toml::Value::Array(out));
    }
    // numpy scalars and other numbers: through float / int.
    if let Ok(i) = v.call_method0("__index__").and_then(|i| i.extract::<i64>()) {
        return Ok(toml::Value::Integer(i));
    }
    if let Ok(f) = v.call_method0("__float__").and_then(|f| f.extract::<f64>()) {
        return Ok(toml::Value::Float(f));
    }
    let kind = v.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "{at}: a scenario value must be a bool, int, float, str, list or dict (got {kind}{})",
        if v.is_none() { "; TOML has no null: leave the key out" } else { "" }
    )))
}

fn to_table(d: &Bound<'_, PyDict>, at: &str) -> PyResult<toml::Table> {
    let mut t = toml::Table::new();
    for (k, v) in d.iter() {
        let key: String = k.extract().map_err(|_| PyTypeError::new_err(format!("{at}: keys must be strings (got {k})")))?;
        let here = if at.is_empty() { key.clone() } else { format!("{at}.{key}") };
        t.insert(key, to_toml(&v, &here)?);
    }
    Ok(t)
}

/// TOML text of a dict (`Scenario.from_dict`). Raises TypeError naming the
/// first value TOML cannot hold.
#[pyfunction]
fn dumps_toml(d: &Bound<'_, PyDict>) -> PyResult<String> {
    let t = to_table(d, "")?;
    toml::to_string(&t).map_err(|e| PyValueError::new_err(format!("cannot write TOML: {e}")))
}

fn from_toml<'py>(py: Python<'py>, v: &toml::Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        toml::Value::String(s) => s.into_pyobject(py)?.into_any(),
        toml::Value::Integer(i) => i.into_pyobject(py)?.into_any(),
        toml::Value::Float(f) => f.into_pyobject(py)?.into_any(),
        toml::Value::Boolean(b) => PyBool::new(py, *b).to_owned().into_any(),
        toml::Value::Datetime(d) => d.to_string().into_pyobject(py)?.into_any(),
        toml::Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(from_toml(py, x)?)?;
            }
            l.into_any()
        }
        toml::Value::Table(t) => {
            let d = PyDict::new(py);
            for (k, x) in t {
                d.set_item(k, from_toml(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// A dict of TOML text (`Scenario.to_dict`). Raises ScenarioError.
#[pyfunction]
fn loads_toml<'py>(py: Python<'py>, text: &str, origin: &str) -> PyResult<Bound<'py, PyAny>> {
    let t: toml::Table = scenario::parse_toml(text, origin).map_err(|e| scenario_error(py, &e))?;
    from_toml(py, &toml::Value::Table(t))
}

/// `parcours run`: runs the scenario text into `out` and returns
/// {out, tasks, ran, reused, redone}. Raises ScenarioError, RunError,
/// InternalError, KeyboardInterrupt.
#[pyfunction]
#[pyo3(signature = (text, origin, out, replications=None, seed=None, years=None, threads=0, report=None, independent_seeds=false, no_limits=false, check=false))]
#[allow(clippy::too_many_arguments)]
fn run<'py>(
    py: Python<'py>,
    text: &str,
    origin: &str,
    out: PathBuf,
    replications: Option<u32>,
    seed: Option<u64>,
    years: Option<f64>,
    threads: usize,
    report: Option<&str>,
    independent_seeds: bool,
    no_limits: bool,
    check: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let report = report.map(|l| lang(py, l)).transpose()?;
    let overrides = Overrides { replications, seed, years, independent_seeds };
    let source = Source { origin: origin.to_string(), text: text.to_string() };
    let plan = Plan::for_run(source, overrides).map_err(|e| plan_error(py, &e))?;
    execute_plan(py, plan, RunOptions { threads, out, report, no_limits, check })
}

/// `parcours sweep|sensitivity|calibrate`: the experiment text (`origin`
/// names it; the scenario it names is read relative to `dir`), run into
/// `out`. Returns and raises as `run`.
#[pyfunction]
#[pyo3(signature = (command, text, origin, dir, out, replications=None, seed=None, years=None, threads=0, report=None, no_limits=false, check=false))]
#[allow(clippy::too_many_arguments)]
fn experiment<'py>(
    py: Python<'py>,
    command: &str,
    text: &str,
    origin: &str,
    dir: PathBuf,
    out: PathBuf,
    replications: Option<u32>,
    seed: Option<u64>,
    years: Option<f64>,
    threads: usize,
    report: Option<&str>,
    no_limits: bool,
    check: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let command = match command {
        "sweep" => Command::Sweep,
        "sensitivity" => Command::Sensitivity,
        "calibrate" => Command::Calibrate,
        other => return Err(PyValueError::new_err(format!("command: sweep, sensitivity or calibrate (got {other:?})"))),
    };
    let report = report.map(|l| lang(py, l)).transpose()?;
    let overrides = Overrides { replications, seed, years, independent_seeds: false };
    let source = Source { origin: origin.to_string(), text: text.to_string() };
    let plan = Plan::load_text(command, source, &dir, overrides).map_err(|e| plan_error(py, &e))?;
    execute_plan(py, plan, RunOptions { threads, out, report, no_limits, check })
}

/// `parcours report DIR --lang LANG`: (re)writes DIR/report.html and
/// DIR/figures/; returns the report's path. Raises RunError.
#[pyfunction]
#[pyo3(signature = (dir, lang="fr"))]
fn report(py: Python<'_>, dir: PathBuf, lang: &str) -> PyResult<String> {
    let l = self::lang(py, lang)?;
    let path = interruptible(py, || commands::report(&dir, l))?.map_err(|e| run_error(py, &e))?;
    Ok(path.display().to_string())
}

/// `parcours territory show SPEC` as data: a dict with the summary text
/// (`text`, as the command prints it), totals, `zones` (one dict per
/// commune), `apl` (model vs DREES by density class) and
/// `emergency_departments`. Raises ParcoursError on a bad spec.
#[pyfunction]
fn territory<'py>(py: Python<'py>, spec: &str) -> PyResult<Bound<'py, PyDict>> {
    use parcours::geo;
    let selection = geo::parse_spec(spec).map_err(|e| py_error(py, "ParcoursError", (e,)))?;
    let ds = geo::dataset();
    let picked = ds.select(&selection).map_err(|e| py_error(py, "ParcoursError", (e,)))?;
    let params = parcours::model::params::Parameters::default();
    let (built, model_apl, rows, text) = py.detach(|| {
        let built = geo::build(ds, &picked, spec, 0, &geo::BuildOptions::default());
        // As `territory show`: no simulation, so each GP counts for the consultations its calendar offers.
        let offered = geo::apl::model_consultations_per_gp_year(&params);
        let model_apl = geo::apl::model_apl(&built.zones, &params, |_| offered);
        let rows = geo::apl::compare(&built.zones, &params);
        // The text `parcours territory show SPEC --lang en` prints, from the same function.
        let text = commands::territory::text(&selection, &built, false, parcours::report::Lang::En);
        (built, model_apl, rows, text)
    });
    let d = PyDict::new(py);
    d.set_item("spec", spec)?;
    d.set_item("text", text)?;
    d.set_item("communes", built.zones.len())?;
    d.set_item("unplaced", built.unplaced)?;
    d.set_item("inhabitants", built.zones.iter().map(|z| z.inhabitants()).sum::<u64>())?;
    d.set_item("gps", built.zones.iter().map(|z| z.gps).sum::<u32>())?;
    d.set_item("nurses", built.zones.iter().map(|z| z.nurses).sum::<u32>())?;
    d.set_item("pharmacies", built.zones.iter().map(|z| z.pharmacies).sum::<u32>())?;
    let (gp_min, ed_min) = geo::apl::mean_travel_to_nearest(&built, &params);
    d.set_item("mean_travel_gp_min", gp_min)?;
    d.set_item("mean_travel_ed_min", ed_min)?;
    let zones = PyList::empty(py);
    for (z, apl) in built.zones.iter().zip(&model_apl) {
        let c = ds.commune(&z.name);
        let zd = PyDict::new(py);
        zd.set_item("insee", &z.name)?;
        zd.set_item("name", c.map(|c| c.name.clone()))?;
        zd.set_item("departement", c.map(|c| c.dep.clone()))?;
        zd.set_item("epci", c.map(|c| c.epci.clone()))?;
        zd.set_item("inhabitants", z.inhabitants())?;
        zd.set_item("density", z.density.label())?;
        zd.set_item("x_km", z.x_km)?;
        zd.set_item("y_km", z.y_km)?;
        zd.set_item("gps", z.gps)?;
        zd.set_item("nurses", z.nurses)?;
        zd.set_item("pharmacies", z.pharmacies)?;
        zd.set_item("apl_model", *apl)?;
        zd.set_item("apl_drees", c.and_then(|c| c.apl))?;
        zones.append(zd)?;
    }
    d.set_item("zones", zones)?;
    let apl = PyList::empty(py);
    for r in &rows {
        let rd = PyDict::new(py);
        rd.set_item("group", &r.group)?;
        rd.set_item("communes", r.communes)?;
        rd.set_item("population", r.population)?;
        rd.set_item("model", r.model)?;
        rd.set_item("drees", r.drees)?;
        apl.append(rd)?;
    }
    d.set_item("apl", apl)?;
    let eds = PyList::empty(py);
    for (name, x, y) in &built.territory.emergency_departments {
        let ed = PyDict::new(py);
        ed.set_item("name", name)?;
        ed.set_item("x_km", *x)?;
        ed.set_item("y_km", *y)?;
        eds.append(ed)?;
    }
    d.set_item("emergency_departments", eds)?;
    Ok(d)
}

#[pymodule]
fn _parcours(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("VERSION", parcours::provenance::VERSION)?;
    m.add("GIT_COMMIT", parcours::provenance::GIT_COMMIT)?;
    // The limits of `replications` and `years`, as the command line and scenario files have them.
    m.add("MAX_REPLICATIONS", scenario::MAX_REPLICATIONS)?;
    m.add("REPLICATIONS_REASON", scenario::replications_reason(scenario::MAX_REPLICATIONS))?;
    m.add("MAX_YEARS", scenario::MAX_YEARS)?;
    m.add("YEARS_REASON", scenario::years_reason())?;
    m.add("ARGUMENTS", ARGUMENTS)?;
    m.add_function(wrap_pyfunction!(check_scenario, m)?)?;
    m.add_function(wrap_pyfunction!(embedded_default, m)?)?;
    m.add_function(wrap_pyfunction!(set_numbers, m)?)?;
    m.add_function(wrap_pyfunction!(dumps_toml, m)?)?;
    m.add_function(wrap_pyfunction!(loads_toml, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(experiment, m)?)?;
    m.add_function(wrap_pyfunction!(report, m)?)?;
    m.add_function(wrap_pyfunction!(territory, m)?)?;
    Ok(())
}
