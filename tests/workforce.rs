//! The workforce dynamics over years (issue 19 §3): France's GP count under
//! the dynamics alone follows the 2012–2023 decline (−6.5 %, DREES, context
//! 000) over 11 years, and the world's GP count follows the same path as the
//! dynamics run alone.
//!
//! Demand does not act on retirements (age only) nor on installations
//! (inhabitants, density class, attractiveness), so the GP stock of all of
//! France can be projected without simulating its 68 M inhabitants
//! (`model::workforce::project`, the same `Dynamics` the world uses).

use parcours::engine::RandomStreams;
use parcours::model::policy::spec::PolicyParams;
use parcours::model::workforce::{project, project_days, DynamicsKeys, WorkforceDynamicsParams};
use parcours::results::simulate;
use parcours::scenario::{parse, Scenario};

/// Replications averaged in the calibration check.
const SEEDS: u64 = 4;
/// France's GP count change from 2012 to 2023 (DREES, context/000).
const TARGET: f64 = -0.065;
/// Tolerance on the mean 11-year change, in share points (≈ 2 sd of a mean of 4).
const TOLERANCE: f64 = 0.005;

/// All of France as the bench scenario builds it: 52,846 GPs, the stock the
/// calibration of `installations_per_10000` was made on (50,758 self-employed
/// from BPE and 2,088 salaried in the centres de santé, DREES's APL headcount).
fn france() -> Scenario {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench/france.toml")).unwrap();
    parse(&text, "france").unwrap_or_else(|e| panic!("{e}"))
}

/// Attractiveness per zone of the base's structures (today's MSPs and CPTS):
/// each covering MSP or CPTS multiplies it by its `attractiveness`, the rule
/// of `Policy::attractiveness` (an MSP with members attracts in every zone
/// of its scope).
fn attractiveness(s: &Scenario) -> Vec<f64> {
    let mut a = vec![1.0; s.zones.len()];
    for p in &s.base.policies {
        let factor = match &p.params {
            PolicyParams::Msp(m) => m.attractiveness,
            PolicyParams::Cpts(c) => c.attractiveness,
            _ => continue,
        };
        if p.scope.participation <= 0.0 {
            continue;
        }
        for (z, x) in a.iter_mut().enumerate() {
            if p.scope.in_zone[z] {
                *x *= factor;
            }
        }
    }
    a
}

/// Mean relative change of France's GP count over 11 years, over `SEEDS` replications.
fn decline(s: &Scenario, a: &[f64], p: &WorkforceDynamicsParams) -> (f64, Vec<f64>) {
    let mut per_year = vec![0.0; 12];
    for r in 0..SEEDS {
        let counts = project(&s.zones, p, DynamicsKeys::new(&RandomStreams::new(s.seed, r as u32)), a, 11);
        for (y, c) in counts.iter().enumerate() {
            per_year[y] += f64::from(*c) / SEEDS as f64;
        }
    }
    (per_year[11] / per_year[0] - 1.0, per_year)
}

#[test]
fn france_gp_count_falls_six_and_a_half_percent_in_eleven_years() {
    let s = france();
    let a = attractiveness(&s);
    let (change, per_year) = decline(&s, &a, &s.base.parameters.workforce);
    eprintln!("France GPs by year (mean of {SEEDS}): {per_year:.0?}; change {:.2} %", 100.0 * change);
    assert!((change - TARGET).abs() <= TOLERANCE, "11-year change {change:.4}, target {TARGET} ± {TOLERANCE}");
}

/// The calibration of `installations_per_10000` (run with `--ignored`):
/// bisection on the mean 11-year change of France's GP count (it falls as
/// installations rise, with common random numbers). Prints the value.
#[test]
#[ignore]
fn calibrate_installations_on_the_2012_2023_decline() {
    let s = france();
    let a = attractiveness(&s);
    let mut p = s.base.parameters.workforce.clone();
    let (mut lo, mut hi) = (0.0, 3.0);
    for _ in 0..14 {
        p.installations_per_10000 = 0.5 * (lo + hi);
        let (change, _) = decline(&s, &a, &p);
        eprintln!("installations_per_10000 = {:.4}: change {:.3} %", p.installations_per_10000, 100.0 * change);
        if change < TARGET {
            lo = p.installations_per_10000;
        } else {
            hi = p.installations_per_10000;
        }
    }
    eprintln!("calibrated installations_per_10000 ≈ {:.3}", 0.5 * (lo + hi));
}

/// A rural territory simulated in full (patients, bookings, registrations)
/// for eleven years, with an MSP and a CPTS making its zones attractive and
/// retirements and installations far above the defaults (so that about half
/// the GPs change): only acute minor needs, to keep the test short.
fn eleven_simulated_years() -> Scenario {
    let text = r#"
name = "workforce-world"
seed = 11
replications = 2
years = 11
warmup_days = 0
[[territories]]
name = "valley"
archetype = "rural"
population = 30000
area_km2 = 600
zone_count = 12
[[policies]]
type = "msp"
participation = 0.5
attractiveness = 2.0
[[policies]]
type = "cpts"
participation = 1.0
attractiveness = 1.5
[parameters.population]
chronic_share = [0, 0, 0, 0, 0, 0]
multimorbid_share = [0, 0, 0, 0, 0, 0]
complex_share = [0, 0, 0, 0, 0, 0]
[parameters.needs]
acute_minor_per_year = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
acute_serious_per_year = [0, 0, 0, 0, 0, 0]
renewal_per_year = [0, 0, 0, 0, 0, 0]
prevention_per_year = [0, 0, 0, 0, 0, 0]
complex_per_year = 0
[parameters.workforce]
retirement_probability = [0.05, 0.10, 0.20, 0.40]
installations_per_10000 = 1.0
"#;
    parse(text, "workforce-world").unwrap_or_else(|e| panic!("{e}"))
}

/// The claim the national projection rests on: the world's GP count, week by
/// week over eleven simulated years, is the count of the dynamics run alone
/// (`project_days`) with the structures' attractiveness: patients, bookings
/// and registrations do not move it. The expected path is computed without
/// the world; a world that let demand, lists or networks retire or install
/// GPs, or read attractiveness differently, fails.
#[test]
fn the_worlds_gp_count_follows_the_dynamics_run_alone_week_by_week() {
    let s = eleven_simulated_years();
    let a = attractiveness(&s);
    let result = simulate(&s, 1, |_| {}).unwrap();
    let base = &result.arms[0];
    for rep in &base.replications {
        let keys = DynamicsKeys::new(&RandomStreams::new(s.seed, rep.replication));
        let days = 11 * 365;
        let alone = project_days(&s.zones, &s.base.parameters.workforce, keys, &a, days);
        let weeks = &rep.recorder.weekly;
        assert!(weeks.len() >= 570, "{} weeks recorded", weeks.len());
        for (w, week) in weeks.iter().enumerate().filter(|(w, _)| 7 * w < days as usize) {
            // Recorded on day 7w after that day's retirements and installations.
            assert_eq!(week.gps_active, u64::from(alone[7 * w + 1]), "replication {}, week {w}", rep.replication);
        }
        let (first, last) = (alone[0], alone[days as usize]);
        let changed = alone.windows(2).filter(|d| d[0] != d[1]).count();
        eprintln!("replication {}: {first} GPs → {last} after 11 years, {changed} days with a change", rep.replication);
        assert!(changed >= 10, "the dynamics must move the count ({changed} days with a change)");
    }
}
