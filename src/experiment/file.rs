//! The experiment and targets file formats, as plain serde structs.
//!
//! An experiment file names a scenario (path relative to the experiment
//! file), the values it varies (`[[parameters]]`, by their path in the
//! scenario), and how: `[design]` for `parcours sweep`, `[sensitivity]` for
//! `parcours sensitivity`, `[calibration]` for `parcours calibrate`. A
//! targets file lists published figures the model should reproduce. Unknown
//! fields are refused; values are checked by `experiment::validate`.

use serde::{Deserialize, Serialize};

/// An experiment file.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The scenario file, relative to the experiment file.
    pub scenario: String,
    /// Replications per point (default: the scenario's).
    pub replications: Option<u32>,
    /// Base seed (default: the scenario's).
    pub seed: Option<u64>,
    /// Simulated years (default: the scenario's).
    pub years: Option<f64>,
    /// Indicators (group `all`) analysed by `sensitivity` (default: delay,
    /// forgone care, ED visits, avoidable hospitalisations; `--precision`
    /// watches its own `--precision-indicators`).
    #[serde(default)]
    pub indicators: Vec<String>,
    /// The values varied.
    #[serde(default)]
    pub parameters: Vec<ParameterFile>,
    pub design: Option<DesignFile>,
    pub sensitivity: Option<SensitivityFile>,
    pub calibration: Option<CalibrationFile>,
}

/// A value the experiment varies.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterFile {
    /// Path in the scenario, e.g. `policies.sas.participation`.
    pub path: String,
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Explicit levels for a grid.
    pub values: Option<Vec<f64>>,
    /// Value while other parameters vary (one-at-a-time; default: the scenario's).
    pub baseline: Option<f64>,
    /// Round to integers (automatic when the scenario holds an integer there).
    #[serde(default)]
    pub integer: bool,
}

/// How `sweep` chooses its points.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DesignFile {
    pub kind: DesignKind,
    /// Levels per ranged parameter of a grid (default 3).
    pub levels: Option<u32>,
    /// Points of a Latin hypercube.
    pub samples: Option<u32>,
    /// Explicit points: one table per point, `path = value` for every parameter.
    pub points: Option<Vec<toml::Table>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DesignKind {
    Grid,
    Points,
    LatinHypercube,
}

/// How `sensitivity` analyses the parameters.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityFile {
    pub method: SensitivityMethod,
    /// Sobol: base samples N (the design has N·(k + 2) points; default 64).
    pub samples: Option<u32>,
    /// Sobol: bootstrap resamples for the intervals (default 500).
    pub bootstrap: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SensitivityMethod {
    /// One at a time: each parameter at its low and high, others at baseline.
    Oat,
    /// Global: first-order and total Sobol indices (Saltelli sampling).
    Sobol,
}

/// How `calibrate` searches.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalibrationFile {
    /// A targets file, relative to the experiment file.
    pub targets: Option<String>,
    /// Targets given inline (added to the file's).
    #[serde(default)]
    pub target: Vec<TargetFile>,
    /// Latin-hypercube candidates screened first (default 20).
    pub screening: Option<u32>,
    /// Nelder–Mead iterations after screening (default 30).
    pub iterations: Option<u32>,
}

/// A targets file: `[[target]]` tables.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetsFile {
    #[serde(default)]
    pub target: Vec<TargetFile>,
}

/// How a target is compared with the model.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// An indicator of a simulated scenario (optionally over `denominator`).
    #[default]
    Simulated,
    /// The paired relative change (%) of an indicator, `variant` vs base.
    Difference,
    /// The model's GP accessibility (APL method) on a real territory
    /// (`spec`), each GP counting for the consultations given per GP-year
    /// by density class in the base arm of `scenario` (as DREES counts each
    /// GP's activity): `indicator` is `apl` (mean weighted by the standardised population) or
    /// `underserved_share` (share of inhabitants with APL < 2.5).
    Apl,
    /// A figure the model takes as an input parameter (`parameter`): shown,
    /// not tested.
    Input,
    /// A figure the model cannot produce: shown with `note` saying why.
    NotModelled,
}

/// A published figure the model should reproduce.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TargetFile {
    /// Short label for tables (default: the indicator).
    #[serde(default)]
    pub label: String,
    /// The label in French (French terminal and `validation.html`; default: `label`).
    #[serde(default)]
    pub label_fr: String,
    #[serde(default)]
    pub kind: TargetKind,
    /// Validation scenario the target is measured on (`parcours validate`;
    /// for an APL target, the scenario whose GPs' consultations given it
    /// counts); `calibrate` uses the simulated targets without one or naming
    /// its scenario.
    pub scenario: Option<String>,
    /// Indicator name as in `summary.csv` (e.g. `ed_visits_per_1000`).
    pub indicator: String,
    /// Divide by this indicator, replication by replication (a share).
    pub denominator: Option<String>,
    /// Variant compared with the base (`kind = "difference"`).
    pub variant: Option<String>,
    /// Parameter path (`kind = "input"`), e.g. `choice.information_lack`.
    pub parameter: Option<String>,
    /// Territory spec (`kind = "apl"`), e.g. `france` or `departement=05`.
    pub spec: Option<String>,
    /// Territory of the scenario; when absent, the population-weighted mean
    /// over all territories is compared (a delay quantile: the quantile of
    /// the territories' requests pooled, `model::pooled`).
    pub territory: Option<String>,
    /// Breakdown group as in `summary.csv` (default `all`).
    #[serde(default = "all")]
    pub group: String,
    pub value: f64,
    /// Acceptable absolute distance (default 10 % of the value).
    pub tolerance: Option<f64>,
    /// Weight in the calibration distance (default 1).
    #[serde(default = "one")]
    pub weight: f64,
    /// Where the figure comes from.
    #[serde(default)]
    pub source: String,
    /// The source in French (the web page in French; default: `source`).
    #[serde(default)]
    pub source_fr: String,
    #[serde(default)]
    pub note: String,
    /// The note in French (`validation.html` in French; default: `note`).
    #[serde(default)]
    pub note_fr: String,
    /// The parameters chosen so that this target is met (empty: none), e.g.
    /// `specialists.tolerance_median_days`: such a target, met, is a fit,
    /// not a test of the model (`parcours validate` says so beside its status).
    #[serde(default)]
    pub fitted: String,
    /// `fitted` in French (`validation.html` in French; default: `fitted`).
    #[serde(default)]
    pub fitted_fr: String,
    /// Why the figure's source could not be traced (empty: it was): such a
    /// target is simulated and shown beside its value, but neither tested
    /// by `parcours validate` nor fitted by `parcours calibrate`.
    #[serde(default)]
    pub untraced: String,
    /// `untraced` in French (default: `untraced`).
    #[serde(default)]
    pub untraced_fr: String,
}

fn all() -> String {
    "all".into()
}
fn one() -> f64 {
    1.0
}
