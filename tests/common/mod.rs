//! Helpers shared by the integration tests: small scenarios and CLI runs.
#![allow(dead_code)]

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
