//! Experiments: many points of one scenario, run as resumable tasks.
//!
//! A [`Plan`] is what a command runs: a base scenario, the factors varied
//! (scenario values named by path), the points (one value per factor, each
//! a fully validated scenario), the arms (base and variants) and the
//! replications. `parcours run` is the plan with one point and no factor;
//! `sweep`, `sensitivity` and `calibrate` build theirs from an experiment
//! file ([`file`]). Tasks ([`tasks`]) execute a plan; the plan's identity
//! (version, inputs, seed, horizon) keeps results of different plans apart.

pub mod calibrate;
pub mod design;
pub mod file;
pub mod sensitivity;
pub mod sobol;
pub mod tasks;
pub mod warmup;

use crate::model::params::Parameters;
use crate::provenance::{GIT_COMMIT, VERSION};
use crate::scenario::{self, paths, Problem, Scenario, ScenarioError};
use design::Factor;
use file::{DesignKind, ExperimentFile, SensitivityMethod};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which command a plan is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Run,
    Sweep,
    Sensitivity,
    Calibrate,
}

impl Command {
    pub fn name(self) -> &'static str {
        match self {
            Command::Run => "run",
            Command::Sweep => "sweep",
            Command::Sensitivity => "sensitivity",
            Command::Calibrate => "calibrate",
        }
    }
}

/// Command-line values that override the files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Overrides {
    pub replications: Option<u32>,
    pub seed: Option<u64>,
    pub years: Option<f64>,
    pub independent_seeds: bool,
}

/// A text and where it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub origin: String,
    pub text: String,
}

/// Everything needed to rebuild a plan (`plan.json` of an output folder).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanInputs {
    pub command: Command,
    pub scenario: Source,
    pub experiment: Option<Source>,
    pub overrides: Overrides,
}

/// One point of a plan.
#[derive(Clone, Debug)]
pub struct Point {
    pub index: u32,
    /// One value per factor.
    pub values: Vec<f64>,
    pub scenario: Scenario,
}

/// What a command runs.
pub struct Plan {
    pub inputs: PlanInputs,
    pub name: String,
    pub experiment: Option<ExperimentFile>,
    /// The base scenario, overrides applied.
    pub base: Scenario,
    pub factors: Vec<Factor>,
    pub points: Vec<Point>,
    pub replications: u32,
    pub arm_names: Vec<String>,
    pub territory_names: Vec<String>,
    /// SHA-256 of the version and inputs (replication count excluded).
    pub identity: String,
    /// Indicators (group `all`) the experiment analyses.
    pub indicators: Vec<String>,
    /// `--check`: simulate every task twice and require identical results
    /// (invariants are checked on every task in any case).
    pub check: bool,
}

/// Indicators analysed when an experiment names none.
pub const DEFAULT_INDICATORS: &[&str] = &["delay_mean_days", "forgone_care_rate", "ed_visits_per_1000", "avoidable_hosp_per_1000"];

impl Plan {
    /// The point with index `i`.
    pub fn point(&self, i: u32) -> &Point {
        &self.points[i as usize]
    }

    /// The task's number in plan order (point, then arm, then replication).
    pub fn task_number(&self, key: &tasks::TaskKey) -> usize {
        ((key.point as usize * self.arm_names.len()) + key.arm as usize) * self.replications as usize + key.replication as usize
    }

    /// The variants that change nothing in the base scenario at any point
    /// (`Scenario::unchanged_variants` of every point's scenario): their
    /// differences are zero by construction, said instead of an effect.
    pub fn unchanged_variants(&self) -> Vec<String> {
        let mut names: Vec<String> = self.base.unchanged_variants().into_iter().map(str::to_string).collect();
        for p in &self.points {
            let here = p.scenario.unchanged_variants();
            names.retain(|n| here.contains(&n.as_str()));
        }
        names
    }

    /// [`Plan::unchanged_variants`] with each one's warning (`Scenario::unchanged_warning`).
    pub fn unchanged_warnings(&self) -> Vec<(String, crate::scenario::Warning)> {
        self.unchanged_variants().into_iter().filter_map(|v| self.base.unchanged_warning(&v).map(|w| (v, w))).collect()
    }

    /// The base scenario's warnings ([`Scenario::warnings_in`]), less the
    /// "changes nothing" of a variant that an experiment's factors change at
    /// some point (it is not one of [`Plan::unchanged_variants`]).
    pub fn warnings_in(&self, fr: bool) -> Vec<String> {
        let unchanged = self.unchanged_variants();
        let changed_by_points: Vec<String> = self
            .base
            .unchanged_variants()
            .into_iter()
            .filter(|v| !unchanged.iter().any(|u| u == v))
            .filter_map(|v| self.base.unchanged_warning(v))
            .map(|w| if fr { w.fr } else { w.en })
            .collect();
        self.base.warnings_in(fr).into_iter().filter(|w| !changed_by_points.contains(w)).collect()
    }

    /// All point indices.
    pub fn point_indices(&self) -> Vec<u32> {
        (0..self.points.len() as u32).collect()
    }

    /// The plan of `parcours run`: one point, the scenario itself.
    pub fn for_run(scenario: Source, overrides: Overrides) -> Result<Plan, ScenarioError> {
        Plan::build(PlanInputs { command: Command::Run, scenario, experiment: None, overrides })
    }

    /// Reads an experiment file and the scenario it names.
    pub fn load(command: Command, experiment: &Path, overrides: Overrides) -> Result<Plan, ScenarioError> {
        let origin = experiment.display().to_string();
        let text =
            std::fs::read_to_string(experiment).map_err(|e| ScenarioError::Unreadable { origin: origin.clone(), reason: e.to_string() })?;
        Plan::load_text(command, Source { origin, text }, experiment.parent().unwrap_or(Path::new(".")), overrides)
    }

    /// An experiment given as text (the Python API's `sweep(text=…)`): the
    /// scenario it names is read relative to `dir`, as [`Plan::load`] reads
    /// it relative to the experiment file's folder.
    pub fn load_text(command: Command, experiment: Source, dir: &Path, overrides: Overrides) -> Result<Plan, ScenarioError> {
        let Source { origin, text } = experiment;
        let raw: ExperimentFile =
            scenario::parse_toml(&text, &origin).map_err(|e| match a_scenario_given_as_experiment(command, &text) {
                // Said of the key an experiment must have (« cannot read the file » was not the reason).
                Some(reason) => ScenarioError::Invalid {
                    origin: origin.clone(),
                    problems: vec![Problem { line: None, path: "scenario".into(), reason }],
                },
                None => scenario::replications_said_once(e),
            })?;
        let scenario_path = dir.join(&raw.scenario);
        let scenario_origin = scenario_path.display().to_string();
        let scenario_text = std::fs::read_to_string(&scenario_path).map_err(|e| ScenarioError::Unreadable {
            origin: format!("{origin}: scenario = {:?} ({scenario_origin})", raw.scenario),
            reason: e.to_string(),
        })?;
        Plan::build(PlanInputs {
            command,
            scenario: Source { origin: scenario_origin, text: scenario_text },
            experiment: Some(Source { origin, text }),
            overrides,
        })
    }

    /// Builds and validates the plan of `inputs`.
    pub fn build(inputs: PlanInputs) -> Result<Plan, ScenarioError> {
        let experiment: Option<ExperimentFile> = match &inputs.experiment {
            Some(e) => Some(scenario::parse_toml(&e.text, &e.origin)?),
            None => None,
        };
        let mut base = scenario::parse(&inputs.scenario.text, &inputs.scenario.origin)?;
        if let Some(e) = &experiment {
            base = base.with_overrides(e.replications, e.seed, e.years).map_err(|err| relabel(err, &inputs))?;
        }
        let o = &inputs.overrides;
        base = base.with_overrides(o.replications, o.seed, o.years)?;
        base.independent_seeds = o.independent_seeds;
        let (factors, values, indicators) = match &experiment {
            Some(e) => {
                let source = inputs.experiment.as_ref().expect("experiment text");
                let factors = validate(e, inputs.command, &source.origin).map_err(|err| scenario::locate::with_lines(err, &source.text))?;
                let values = initial_points(e, inputs.command, &factors, &base);
                let indicators =
                    if e.indicators.is_empty() { DEFAULT_INDICATORS.iter().map(|s| s.to_string()).collect() } else { e.indicators.clone() };
                (factors, values, indicators)
            }
            None => (Vec::new(), vec![Vec::new()], DEFAULT_INDICATORS.iter().map(|s| s.to_string()).collect()),
        };
        let identity = identity(&inputs, &base);
        let mut plan = Plan {
            name: experiment.as_ref().map_or(base.name.clone(), |e| e.name.clone()),
            replications: base.replications,
            // Calibration fits the base: variants would only cost time.
            arm_names: base
                .arms()
                .map(|a| a.name.clone())
                .take(if inputs.command == Command::Calibrate { 1 } else { usize::MAX })
                .collect(),
            territory_names: base.territories.iter().map(|t| t.name.clone()).collect(),
            inputs,
            experiment,
            base,
            factors,
            points: Vec::new(),
            identity,
            indicators,
            check: false,
        };
        plan.add_points(values)?;
        Ok(plan)
    }

    /// Adds points (validated scenarios) and returns their indices.
    pub fn add_points(&mut self, values: Vec<Vec<f64>>) -> Result<Vec<u32>, ScenarioError> {
        let first = self.points.len() as u32;
        // Where each factor's values are set (the experiment file's
        // [[parameters]] line), found once for all points.
        let sources: Vec<String> = (0..self.factors.len())
            .map(|i| {
                self.inputs.experiment.as_ref().map_or(String::new(), |e| {
                    match scenario::locate::line_of(&e.text, &format!("parameters[{i}]")) {
                        Some(line) => format!(" ({}:{line})", e.origin),
                        None => format!(" ({})", e.origin),
                    }
                })
            })
            .collect();
        // Every point built, then the first error in point order: rayon's
        // collect into a Result keeps whichever error a thread met first, so
        // the point a bad factor was reported at changed from run to run
        // (stop 47's trial: point 0 five times in six, point 4 once).
        let built: Vec<Result<Point, ScenarioError>> =
            values.into_par_iter().enumerate().map(|(i, v)| self.make_point(first + i as u32, v, &sources)).collect();
        let built = built.into_iter().collect::<Result<Vec<Point>, ScenarioError>>()?;
        let indices = built.iter().map(|p| p.index).collect();
        self.points.extend(built);
        Ok(indices)
    }

    /// The scenario of a point: the factors' values set in the base text, validated;
    /// `sources` says where each factor is set (` (e.toml:6)`), for messages.
    fn make_point(&self, index: u32, values: Vec<f64>, sources: &[String]) -> Result<Point, ScenarioError> {
        if self.factors.is_empty() {
            return Ok(Point { index, values, scenario: self.base.clone() });
        }
        let label = self
            .factors
            .iter()
            .zip(&values)
            .zip(sources)
            .map(|((f, v), at)| format!("{} = {v}{at}", f.path))
            .collect::<Vec<_>>()
            .join(", ");
        let origin = format!("{} (point {index}: {label})", self.inputs.scenario.origin);
        let set: Vec<(&str, f64, bool)> = self.factors.iter().zip(&values).map(|(f, v)| (f.path.as_str(), *v, f.integer)).collect();
        // Lines as in the scenario file: none for a value the point set
        // (the origin names where: "(e.toml:5)").
        let (_, mut s) = paths::edit(&self.inputs.scenario.text, &origin, &set)?;
        s.seed = self.base.seed;
        s.replications = self.base.replications;
        s.years = self.base.years;
        s.independent_seeds = self.base.independent_seeds;
        Ok(Point { index, values, scenario: s })
    }

    /// Sets the replication count (for `--precision`, which grows it).
    pub fn set_replications(&mut self, n: u32) {
        self.replications = n;
        self.base.replications = n;
        for p in &mut self.points {
            p.scenario.replications = n;
        }
    }
}

/// Errors of the experiment's overrides name the experiment file.
fn relabel(e: ScenarioError, inputs: &PlanInputs) -> ScenarioError {
    match (e, &inputs.experiment) {
        (ScenarioError::Invalid { problems, .. }, Some(x)) => ScenarioError::Invalid {
            origin: x.origin.clone(),
            problems: problems.into_iter().map(|p| Problem { path: p.path.trim_start_matches("--").to_string(), ..p }).collect(),
        },
        (e, _) => e,
    }
}

fn identity(inputs: &PlanInputs, base: &Scenario) -> String {
    let text = format!(
        "parcours {VERSION} {}\n{}\nscenario {}\nexperiment {}\nseed {}\nyears {}\nindependent_seeds {}\n",
        GIT_COMMIT.unwrap_or("-"),
        inputs.command.name(),
        base.sha256,
        inputs.experiment.as_ref().map_or("-".to_string(), |e| scenario::sha256_hex(&e.text)),
        base.seed,
        base.years,
        base.independent_seeds
    );
    scenario::sha256_hex(&text)
}

fn problem(pb: &mut Vec<Problem>, path: String, reason: impl Into<String>) {
    pb.push(Problem { line: None, path, reason: reason.into() });
}

/// Scenario fields a plan holds for all its points: not experiment factors.
pub const PLAN_WIDE: [&str; 3] = ["years", "seed", "replications"];

/// Checks an experiment for `command` and returns its factors.
pub fn validate(e: &ExperimentFile, command: Command, origin: &str) -> Result<Vec<Factor>, ScenarioError> {
    let mut pb = Vec::new();
    if e.name.trim().is_empty() {
        problem(&mut pb, "name".into(), "must not be empty");
    }
    if e.parameters.is_empty() {
        problem(&mut pb, "parameters".into(), "an experiment varies at least one parameter ([[parameters]] with a path)");
    }
    let needs_range = match command {
        Command::Sweep => e.design.as_ref().is_some_and(|d| d.kind == DesignKind::LatinHypercube),
        Command::Sensitivity | Command::Calibrate => true,
        Command::Run => false,
    };
    let grid = command == Command::Sweep && e.design.as_ref().is_some_and(|d| d.kind == DesignKind::Grid);
    let mut factors = Vec::new();
    for (i, p) in e.parameters.iter().enumerate() {
        let at = format!("parameters[{i}]");
        if e.parameters[..i].iter().any(|o| o.path == p.path) {
            problem(&mut pb, format!("{at}.path"), format!("{:?} is listed twice", p.path));
        }
        // A switch takes no number (stop 45's trial: serde's "expected a boolean" at the first point).
        let switch =
            p.path.rsplit_once("parameters.").filter(|(_, q)| crate::model::params::default_value(q).is_some_and(|v| v.is_boolean()));
        if let Some((_, q)) = switch {
            let (group, key) = q.split_once('.').unwrap_or((q, q));
            problem(
                &mut pb,
                format!("{at}.path"),
                format!(
                    "{:?} is a switch (true or false), not a number an experiment can vary: compare its two values as two variants \
                     of the scenario, e.g. [[variants]] with parameters = {{ {group} = {{ {key} = true }} }}",
                    p.path
                ),
            );
        }
        if let Some(option) = PLAN_WIDE.iter().find(|k| p.path.trim() == **k) {
            // Every point runs with the base's value (common random numbers, one horizon per plan): a factor would do nothing.
            problem(
                &mut pb,
                format!("{at}.path"),
                format!(
                    "`{option}` cannot be an experiment factor: every point runs with the same {option}; set it once \
                     (`{option} = …` in the experiment, or --{option}) and run the experiment once per value"
                ),
            );
        }
        let finite = |v: Option<f64>| v.is_none_or(f64::is_finite);
        if !finite(p.low) || !finite(p.high) || !finite(p.baseline) || p.values.as_ref().is_some_and(|v| v.iter().any(|x| !x.is_finite())) {
            problem(&mut pb, at.clone(), "values must be finite numbers");
        }
        // A model parameter left without low and high where a range is needed
        // takes the plausible range its documentation states (docs/parameters.md).
        let documented =
            (needs_range && p.low.is_none() && p.high.is_none()).then(|| crate::model::params::plausible_range(&p.path)).flatten();
        let (p_low, p_high) = documented.map_or((p.low, p.high), |(l, h)| (Some(l), Some(h)));
        match (p_low, p_high) {
            (Some(l), Some(h)) if l >= h => problem(&mut pb, format!("{at}.low"), format!("low {l} must be below high {h}")),
            (Some(_), None) | (None, Some(_)) => problem(&mut pb, at.clone(), "give both low and high"),
            (None, None) if needs_range => problem(
                &mut pb,
                at.clone(),
                format!("`{}` needs a range: low and high ({})", command.name(), why_no_documented_range(&p.path)),
            ),
            (None, None) if grid && p.values.as_ref().is_none_or(Vec::is_empty) => {
                problem(&mut pb, at.clone(), "a grid needs values = [...] or low and high")
            }
            _ => {}
        }
        if needs_range && p.values.is_some() {
            problem(&mut pb, format!("{at}.values"), format!("`{}` uses the range low–high, not a list of values", command.name()));
        }
        let (low, high) = (p_low.unwrap_or(0.0), p_high.unwrap_or(0.0));
        factors.push(Factor {
            path: p.path.clone(),
            low,
            high,
            values: p.values.clone(),
            baseline: p.baseline,
            integer: p.integer,
            documented_range: documented.is_some(),
        });
    }
    for (i, name) in e.indicators.iter().enumerate() {
        if let Some(reason) = unknown_indicator(name) {
            problem(&mut pb, format!("indicators[{i}]"), reason);
        }
    }
    match command {
        Command::Sweep => validate_design(e, &mut pb),
        Command::Sensitivity => validate_sensitivity(e, &mut pb),
        Command::Calibrate => calibrate::validate(e, &mut pb),
        Command::Run => {}
    }
    if pb.is_empty() {
        Ok(factors)
    } else {
        Err(ScenarioError::Invalid { origin: origin.to_string(), problems: pb })
    }
}

const MAX_POINTS: u64 = 1_000_000;

/// Why the factor at `path`, given no low and high, takes no range from the
/// documentation (`model::params::plausible_range` found none).
fn why_no_documented_range(path: &str) -> String {
    let Some(param) = path.strip_prefix("parameters.") else {
        return "only a model parameter (`parameters.…`) takes its documented range by default; a policy's is in docs/policies.md".into();
    };
    if crate::model::params::param_doc(param).is_some() {
        return format!("the row of {param:?} in docs/parameters.md states no single range for it to take (a sourced figure, one range per age band, a switch)");
    }
    match param.rsplit_once('.') {
        Some((array, index)) if index.parse::<usize>().is_ok() && crate::model::params::param_doc(array).is_some() => {
            format!("an element of {array:?}: docs/parameters.md states the ranges of an array's elements in words, not one to take")
        }
        _ => format!("docs/parameters.md has no parameter {param:?}: check its spelling (`parcours scenario params` lists them)"),
    }
}

pub use crate::scenario::unknown_indicator;

fn validate_design(e: &ExperimentFile, pb: &mut Vec<Problem>) {
    let Some(d) = &e.design else {
        return problem(pb, "design".into(), "`sweep` needs a [design] table (kind = \"grid\", \"points\" or \"latin_hypercube\")");
    };
    match d.kind {
        DesignKind::Grid => {
            let levels = d.levels.unwrap_or(3);
            if !(1..=1000).contains(&levels) {
                problem(pb, "design.levels".into(), "must be between 1 and 1000");
            }
            let size: u64 = e.parameters.iter().map(|p| p.values.as_ref().map_or(u64::from(levels), |v| v.len() as u64).max(1)).product();
            if size > MAX_POINTS {
                problem(pb, "design".into(), format!("the grid has {size} points; at most {MAX_POINTS}"));
            }
        }
        DesignKind::LatinHypercube => match d.samples {
            Some(n) if (2..=MAX_POINTS as u32).contains(&n) => {}
            _ => problem(pb, "design.samples".into(), "a Latin hypercube needs samples between 2 and 1000000"),
        },
        DesignKind::Points => {
            let points = d.points.as_deref().unwrap_or_default();
            if points.is_empty() {
                problem(pb, "design.points".into(), "give at least one point: points = [{ \"a.b\" = 1.0 }, ...]");
            }
            for (i, t) in points.iter().enumerate() {
                for p in &e.parameters {
                    match t.get(&p.path) {
                        Some(v) if v.as_float().or(v.as_integer().map(|x| x as f64)).is_some_and(f64::is_finite) => {}
                        Some(_) => problem(pb, format!("design.points[{i}]"), format!("{:?} must be a finite number", p.path)),
                        None => problem(pb, format!("design.points[{i}]"), format!("no value for {:?}", p.path)),
                    }
                }
                for k in t.keys() {
                    if !e.parameters.iter().any(|p| &p.path == k) {
                        problem(pb, format!("design.points[{i}]"), format!("{k:?} is not one of the [[parameters]]"));
                    }
                }
            }
        }
    }
}

fn validate_sensitivity(e: &ExperimentFile, pb: &mut Vec<Problem>) {
    let Some(s) = &e.sensitivity else {
        return problem(pb, "sensitivity".into(), "`sensitivity` needs a [sensitivity] table (method = \"oat\" or \"sobol\")");
    };
    if s.method == SensitivityMethod::Sobol {
        let n = s.samples.unwrap_or(64) as usize;
        if !(2..=design::SALTELLI_MAX_SAMPLES).contains(&n) {
            problem(pb, "sensitivity.samples".into(), format!("must be between 2 and {}", design::SALTELLI_MAX_SAMPLES));
        }
        if e.parameters.len() > design::SALTELLI_MAX_FACTORS {
            problem(pb, "parameters".into(), format!("Sobol indices take at most {} parameters", design::SALTELLI_MAX_FACTORS));
        }
        if s.bootstrap.is_some_and(|b| b > 100_000) {
            problem(pb, "sensitivity.bootstrap".into(), "at most 100000 resamples");
        }
    }
}

/// The points a plan starts with.
fn initial_points(e: &ExperimentFile, command: Command, factors: &[Factor], base: &Scenario) -> Vec<Vec<f64>> {
    match command {
        Command::Run => vec![Vec::new()],
        Command::Sweep => {
            let d = e.design.as_ref().expect("validated");
            match d.kind {
                DesignKind::Grid => design::grid(factors, d.levels.unwrap_or(3)),
                DesignKind::LatinHypercube => design::latin_hypercube(factors, d.samples.expect("validated") as usize, base.seed),
                DesignKind::Points => d
                    .points
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .map(|t| {
                        factors
                            .iter()
                            .map(|f| t[&f.path].as_float().or(t[&f.path].as_integer().map(|x| x as f64)).expect("validated"))
                            .collect()
                    })
                    .collect(),
            }
        }
        Command::Sensitivity => {
            let s = e.sensitivity.as_ref().expect("validated");
            match s.method {
                SensitivityMethod::Oat => design::one_at_a_time(factors, &baselines(factors, base)),
                SensitivityMethod::Sobol => {
                    design::scale(&design::saltelli_unit(factors.len(), s.samples.unwrap_or(64) as usize, base.seed), factors)
                }
            }
        }
        Command::Calibrate => calibrate::screening_points(e, factors, base.seed),
    }
}

/// Baseline of each factor: given, else the scenario's value, else the
/// parameter's default, else the middle of its range.
pub fn baselines(factors: &[Factor], base: &Scenario) -> Vec<f64> {
    let doc = paths::document(&base.mean_text).ok();
    #[derive(Serialize)]
    struct Defaults {
        parameters: Parameters,
    }
    let defaults = toml::to_string(&Defaults { parameters: Parameters::default() }).ok().and_then(|t| paths::document(&t).ok());
    factors
        .iter()
        .map(|f| {
            f.baseline
                .or_else(|| doc.as_ref().and_then(|d| paths::get_number(d, &f.path)))
                .or_else(|| defaults.as_ref().and_then(|d| paths::get_number(d, &f.path)))
                .unwrap_or_else(|| f.at(0.5))
        })
        .collect()
}

/// Why a file given to `sweep`, `sensitivity` or `calibrate` that the
/// experiment parser refused is not an experiment when it is a scenario
/// (`[[territories]]`, no `scenario = …`): the parser's « warmup_days:
/// unknown field » did not say so (stop 47's trial). None for anything
/// else, whose parser error stands.
fn a_scenario_given_as_experiment(command: Command, text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    (table.contains_key("territories") && !table.contains_key("scenario")).then(|| {
        format!(
            "this is a scenario file (it has [[territories]] and no `scenario = …` line), not an experiment file: \
             `parcours {}` reads an experiment that names its scenario (`scenario = \"default.toml\"`, then its \
             [[parameters]] with path, low and high; docs/experiments.md, scenarios/experiments/ has examples); \
             a scenario alone runs with `parcours run`",
            command.name()
        )
    })
}

#[cfg(test)]
mod documented_range_tests {
    use super::*;

    fn factors(parameters: &str, command: Command) -> Result<Vec<Factor>, ScenarioError> {
        let text = format!("name = \"e\"\nscenario = \"s.toml\"\n[sensitivity]\nmethod = \"oat\"\n{parameters}");
        let e: ExperimentFile = toml::from_str(&text).unwrap();
        validate(&e, command, "e.toml")
    }

    /// A model parameter without low and high takes its documented plausible
    /// range (docs/parameters.md: `choice.beta_delay_per_day`, "range −0.7 …
    /// −0.15", by hand); given bounds are kept; a path with no documented range
    /// (a policy parameter, a range per age band) is still asked for one.
    #[test]
    fn a_factor_without_bounds_takes_the_documented_range() {
        let f = factors("[[parameters]]\npath = \"parameters.choice.beta_delay_per_day\"\n", Command::Sensitivity).unwrap();
        assert_eq!((f[0].low, f[0].high, f[0].documented_range), (-0.7, -0.15, true));
        let f = factors("[[parameters]]\npath = \"parameters.choice.beta_delay_per_day\"\nlow = -0.5\nhigh = -0.2\n", Command::Sensitivity)
            .unwrap();
        assert_eq!((f[0].low, f[0].high, f[0].documented_range), (-0.5, -0.2, false));
        for (path, why) in [
            ("policies.sas.participation", "only a model parameter"),
            ("parameters.population.complex_share", "states no single range"),
            ("parameters.gp.saturday_morning", "states no single range"),
            ("parameters.travel.speed_kmh.2", "an element of \"travel.speed_kmh\""),
            ("parameters.choice.beta_delay_per_dya", "has no parameter \"choice.beta_delay_per_dya\": check its spelling"),
        ] {
            let err = factors(&format!("[[parameters]]\npath = \"{path}\"\n"), Command::Sensitivity).unwrap_err().to_string();
            assert!(err.contains("needs a range: low and high") && err.contains(why), "{path}: {err}");
        }
        // A list of values where a range is needed is refused for that, not for a missing range.
        let err = factors("[[parameters]]\npath = \"parameters.choice.asc_forgo\"\nvalues = [-3.0, -2.0]\n", Command::Sensitivity)
            .unwrap_err()
            .to_string();
        assert!(err.contains("uses the range low–high, not a list of values") && !err.contains("needs a range"), "{err}");
        // A switch is refused as a factor, whatever its bounds.
        let err = factors("[[parameters]]\npath = \"parameters.gp.saturday_morning\"\nlow = 0\nhigh = 1\n", Command::Sensitivity)
            .unwrap_err()
            .to_string();
        assert!(err.contains("is a switch (true or false)"), "{err}");
        // Only one bound given: not completed from the documentation.
        let err = factors("[[parameters]]\npath = \"parameters.choice.beta_delay_per_day\"\nlow = -0.5\n", Command::Sensitivity)
            .unwrap_err()
            .to_string();
        assert!(err.contains("give both low and high"), "{err}");
    }
}

#[cfg(test)]
mod scenario_as_experiment_tests {
    use super::*;

    /// A scenario given where an experiment is expected says so and names
    /// the command to use; an experiment file (which names its scenario) and
    /// a broken file are left to the parser.
    #[test]
    fn a_scenario_file_given_as_an_experiment_is_named_as_such() {
        let scenario = "name = \"s\"\nseed = 1\nwarmup_days = 60\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\n";
        let why = a_scenario_given_as_experiment(Command::Sensitivity, scenario).unwrap();
        assert!(why.starts_with("this is a scenario file") && why.contains("`parcours sensitivity` reads an experiment"), "{why}");
        assert!(why.contains("`parcours run`"), "{why}");
        let experiment = "name = \"e\"\nscenario = \"s.toml\"\n[[parameters]]\npath = \"parameters.gp.unscheduled_share\"\n";
        assert_eq!(a_scenario_given_as_experiment(Command::Sensitivity, experiment), None);
        assert_eq!(a_scenario_given_as_experiment(Command::Sweep, "not = [toml"), None);
        // Through `Plan::load_text`: the error names the file and the reason.
        let loaded = Plan::load_text(
            Command::Sensitivity,
            Source { origin: "default.toml".into(), text: scenario.into() },
            Path::new("."),
            Overrides::default(),
        );
        let Err(err) = loaded else { panic!("a scenario was read as an experiment") };
        let err = err.to_string();
        assert!(err.contains("default.toml") && err.contains("this is a scenario file"), "{err}");
    }
}
