//! What the model is built from: [`Spec`], one arm of a scenario as the
//! model sees it — the zones and territories, the arm's parameters and
//! policies, its seed and its calendar (warm-up, horizon, holidays). The
//! `scenario` layer builds it (`Scenario::spec`) from a validated file; the
//! model never sees the file, the arms' names or the experiment, so it
//! imports nothing above it.

use super::params::Parameters;
use super::policy::spec::PolicySpec;
use super::territory::{Territory, Zone};

/// One arm of a scenario, ready to build a world from (`World::for_arm`).
#[derive(Clone, Debug)]
pub struct Spec<'s> {
    /// Base seed of the arm's random streams (common to every arm unless
    /// the run asked for independent seeds).
    pub seed: u64,
    /// Days simulated before indicators are recorded.
    pub warmup_days: u32,
    /// Last simulated day (exclusive): warm-up plus the observed years.
    pub horizon_days: u32,
    /// Day of the year of simulation day 0 (seasonality).
    pub start_day_of_year: u32,
    /// Public holidays as simulation days over the whole horizon.
    pub holidays: Vec<u32>,
    pub zones: &'s [Zone],
    pub territories: &'s [Territory],
    /// The arm's parameters.
    pub parameters: &'s Parameters,
    /// The arm's policies.
    pub policies: &'s [PolicySpec],
    /// Secondary homes of each zone (the seasonal population, see
    /// `model::seasonal`); empty for none (synthetic territories, or
    /// `seasonal_population = false`).
    pub secondary_homes: &'s [super::seasonal::SecondaryHomes],
}
