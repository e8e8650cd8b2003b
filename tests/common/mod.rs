//! Helpers shared by the integration tests: small scenarios and CLI runs.
#![allow(dead_code)]

use parcours::results::{indicator_rows, simulate, IndicatorRow};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A small synthetic scenario: one rural territory of `population`.
pub fn small_scenario(population: u64, years: f64, extra: &str) -> String {
    format!(
        "name = \"small\"\nseed = 7\nreplications = 2\nyears = {years}\nwarmup_days = 30\n\
         [[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = {population}\narea_km2 = 300\nzone_count = 9\n{extra}"
    )
}

/// Runs the parcours binary with `args`, in the C locale (the terminal
/// speaks French when the locale starts with `fr`; tests read English).
pub fn parcours(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parcours")).args(args).env("LC_ALL", "C").output().expect("the parcours binary runs")
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Parameters under which only acute minor needs happen (2 a year at every
/// age): no chronic patient, no serious or planned need, no escalation, no
/// admission, no seasonality. Shared by tests/orientation.rs and
/// tests/rhythm.rs; tests/rules.rs adds a flat week to the same block
/// (`quiet_acute_minor_only!`).
/// The literal of [`QUIET_ACUTE_MINOR_ONLY`], for `concat!` in a test that
/// adds to it (tests/rules.rs adds a flat week).
macro_rules! quiet_acute_minor_only {
    () => {
        r#"
[parameters.population]
chronic_share = [0, 0, 0, 0, 0, 0]
multimorbid_share = [0, 0, 0, 0, 0, 0]
complex_share = [0, 0, 0, 0, 0, 0]
[parameters.needs]
acute_minor_per_year = [2, 2, 2, 2, 2, 2]
acute_serious_per_year = [0, 0, 0, 0, 0, 0]
renewal_per_year = [0, 0, 0, 0, 0, 0]
prevention_per_year = [0, 0, 0, 0, 0, 0]
complex_per_year = 0
winter_amplitude = 0
[parameters.deterioration]
acute_escalation_share = 0
[parameters.hospital]
serious_admission = 0
minor_admission = 0
readmission_30d = 0
[parameters.workforce]
dynamics = false
"#
    };
}

pub const QUIET_ACUTE_MINOR_ONLY: &str = quiet_acute_minor_only!();

/// The indicator rows (every arm and replication) of scenario `text`, simulated in memory.
pub fn rows(text: &str) -> Vec<IndicatorRow> {
    let s = parcours::scenario::parse(text, "test scenario").unwrap_or_else(|e| panic!("{e}"));
    indicator_rows(&simulate(&s, 0, |_| {}).unwrap())
}

/// Every row of arm `variant` as (replication, territory, group, indicator,
/// value bits): what bit-identity tests (empty scopes, switched-off
/// mechanisms) compare between arms.
pub fn arm_bits(rows: &[IndicatorRow], variant: &str) -> Vec<(u32, String, String, String, u64)> {
    rows.iter()
        .filter(|r| r.variant == variant)
        .map(|r| (r.replication, r.territory.clone(), r.group.clone(), r.indicator.clone(), r.value.to_bits()))
        .collect()
}

/// Mean over replications of `indicator` in group `all` of arm `variant`.
pub fn mean(rows: &[IndicatorRow], variant: &str, indicator: &str) -> f64 {
    let v: Vec<f64> =
        rows.iter().filter(|r| r.variant == variant && r.group == "all" && r.indicator == indicator).map(|r| r.value).collect();
    assert!(!v.is_empty(), "no {indicator} in {variant}");
    v.iter().sum::<f64>() / v.len() as f64
}
