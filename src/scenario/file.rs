//! The scenario file format, as plain serde structs (stage one of two).
//!
//! These structs mirror the TOML text exactly; unknown fields are refused.
//! They are turned into a validated [`super::Scenario`] by
//! [`super::validate`]; the model never sees them. `parcours scenario schema`
//! prints their JSON Schema.

use crate::model::params::Parameters;
use crate::model::DensityClass;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A scenario file.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Short name, used for the output folder.
    pub name: String,
    /// The question the scenario asks, in a sentence or two.
    #[serde(default)]
    pub description: String,
    /// The indicators the question is about (names as `parcours scenario
    /// indicators` lists them, e.g. `forgone_information_per_1000`): the
    /// decision summary, the key results and the terminal show them first.
    /// Default: none (the usual key indicators only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub question_indicators: Vec<String>,
    /// What the question takes for granted about the base case, checked
    /// after the run: e.g. `premises = [{ indicator = "gp_utilisation",
    /// at_least = 0.9 }]` (the GPs are saturated). The terminal and the
    /// report warn when the base's mean lies outside. Default: none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub premises: Vec<Premise>,
    /// Base seed of the random streams.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Independent replications.
    #[serde(default = "default_replications")]
    pub replications: u32,
    /// Simulated years after warm-up.
    #[serde(default = "default_years")]
    pub years: f64,
    /// Days simulated before indicators are recorded.
    #[serde(default = "default_warmup")]
    pub warmup_days: u32,
    /// Day of the year (0 = 1 January) on which the simulation starts.
    #[serde(default)]
    pub start_day_of_year: u32,
    /// Public holidays as days of the year (0 = 1 January); default: the
    /// eight fixed-date French holidays (Code du travail, L3133-1).
    #[serde(default = "default_holidays")]
    pub public_holidays: Vec<u32>,
    /// The coordination structures the base case starts from: `"today"`
    /// (those that exist: from data for real territories, national figures
    /// for synthetic ones) or `"none"` (only the policies written here).
    /// Default: `"today"` for real territories, `"none"` for synthetic ones.
    pub organisation: Option<String>,
    /// The seasonal population of real territories: people staying in the
    /// communes' secondary homes (INSEE census 2021) during the holidays,
    /// whose acute needs fall on the territory's GPs, services and EDs
    /// (`[parameters.seasonal]`; docs/territories.md). It is data, on by
    /// default; `false` leaves only the inhabitants. Synthetic territories
    /// have none.
    #[serde(default = "default_true")]
    pub seasonal_population: bool,
    /// The territories simulated side by side.
    pub territories: Vec<TerritoryFile>,
    /// Model parameters; anything left out keeps its documented default.
    #[serde(default)]
    pub parameters: Parameters,
    /// Coordination structures and policies of the base case (`type = "sas"` …).
    /// Besides its own parameters each takes `name`, `start_day`, `end_day`
    /// (days after the warm-up), `territories`, `zones` and `participation`.
    #[serde(default)]
    #[schemars(with = "Vec<crate::model::policy::spec::PolicyParams>")]
    pub policies: Vec<toml::Table>,
    /// Named variants compared with the base over the same replications.
    #[serde(default)]
    pub variants: Vec<VariantFile>,
    /// Pairs of arms compared with each other besides the base: `[["a", "b"]]`
    /// reports the paired difference a − b (same replications, common random
    /// numbers, Holm as for variant − base) in `differences.csv` (variant
    /// `a − b`) and in the terminal. Arms by name (`"base"` or a variant).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compare: Vec<[String; 2]>,
}

/// A premise of the question: the base's mean of `indicator` (group
/// `all`, every territory) lies in [`at_least`, `at_most`] (either may be
/// left out; shares as fractions, 0.9 = 90 %).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Premise {
    pub indicator: String,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
}

/// A variant: only what differs from the base.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VariantFile {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// Parameters that differ from the base (same tables as `[parameters]`).
    #[serde(default)]
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub parameters: Option<toml::Table>,
    /// Policies added to the base's.
    #[serde(default)]
    #[schemars(with = "Vec<crate::model::policy::spec::PolicyParams>")]
    pub add_policies: Vec<toml::Table>,
    /// Names of base policies removed.
    #[serde(default)]
    pub remove_policies: Vec<String>,
    /// Base policies changed: each names one (`name = "today_cpts"`) and
    /// gives what differs: `participation`, the type's own parameters, or
    /// more `zones` / `territories` (added to its scope: a new site).
    #[serde(default)]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub extend_policies: Vec<toml::Table>,
}

/// A territory: either a synthetic archetype or an explicit list of zones.
#[derive(Clone, Debug, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TerritoryFile {
    pub name: String,
    /// Synthetic archetype (give `population` and `area_km2` with it).
    pub archetype: Option<Archetype>,
    /// Inhabitants (synthetic territories).
    pub population: Option<u64>,
    /// Surface, km² (synthetic territories).
    pub area_km2: Option<f64>,
    /// Number of zones to cut a synthetic territory into.
    pub zone_count: Option<u32>,
    /// GPs per 10,000 inhabitants (default: by archetype).
    pub gps_per_10000: Option<f64>,
    /// Share of households with broadband (default: by archetype).
    pub broadband: Option<f64>,
    /// Share of vulnerable inhabitants (default: by archetype).
    pub vulnerable: Option<f64>,
    /// Number of emergency departments (synthetic territories; default by archetype).
    pub ed_count: Option<u32>,
    /// Explicit emergency departments (positions in km).
    pub ed_sites: Option<Vec<EdSiteFile>>,
    /// Explicit zones (instead of an archetype).
    pub zones: Option<Vec<ZoneFile>>,
    /// A real département, by code ("05", "2A", "971").
    pub departement: Option<String>,
    /// A real EPCI, by its 9-digit SIREN ("200040715" for Grenoble-Alpes Métropole).
    pub epci: Option<String>,
    /// Real communes, by INSEE code.
    pub communes: Option<Vec<String>>,
    /// Real communes within a radius of one commune.
    pub around: Option<AroundFile>,
    /// Every commune of France, mainland and overseas (`france = true`).
    pub france: Option<bool>,
    /// Salaried GPs each centre de santé brings (real territories; default 4,
    /// an assumption with plausible range 2–6; 0: none), ordinary GPs of the
    /// commune hosting the centre, beside the self-employed GPs of BPE.
    pub salaried_gps_per_centre: Option<u32>,
}

/// Communes within `radius_km` (straight line) of a commune.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AroundFile {
    /// INSEE code of the central commune.
    pub commune: String,
    pub radius_km: f64,
}

/// Synthetic territory archetypes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Archetype {
    DenseUrban,
    Intermediate,
    Rural,
    /// Isolated rural or mountain.
    Isolated,
}

/// An explicit zone.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneFile {
    pub name: String,
    pub population: u64,
    pub density: DensityClass,
    pub x_km: f64,
    pub y_km: f64,
    pub gps: u32,
    /// Pharmacies in the zone (default 0).
    #[serde(default)]
    pub pharmacies: u32,
    /// Self-employed nurses in the zone (default 0).
    #[serde(default)]
    pub nurses: u32,
    pub broadband: Option<f64>,
    pub vulnerable: Option<f64>,
}

/// An explicit emergency department.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EdSiteFile {
    pub name: String,
    pub x_km: f64,
    pub y_km: f64,
}

/// The seed of a scenario that names none (a file without `seed`, the web
/// page's form with its seed field left empty).
pub const DEFAULT_SEED: u64 = 20_260_101;

fn default_seed() -> u64 {
    DEFAULT_SEED
}
fn default_replications() -> u32 {
    10
}
fn default_years() -> f64 {
    1.0
}
fn default_warmup() -> u32 {
    182
}
/// 1 Jan, 1 May, 8 May, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec (non-leap year).
pub fn default_holidays() -> Vec<u32> {
    vec![0, 120, 127, 194, 226, 304, 314, 358]
}

fn default_true() -> bool {
    true
}
