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
use parcours::model::workforce::{project, DynamicsKeys, WorkforceDynamicsParams};
use parcours::scenario::{parse, Scenario};

/// Replications averaged in the calibration check.
const SEEDS: u64 = 4;
/// France's GP count change from 2012 to 2023 (DREES, context/000).
const TARGET: f64 = -0.065;
/// Tolerance on the mean 11-year change, in share points (≈ 2 sd of a mean of 4).
const TOLERANCE: f64 = 0.005;

fn france() -> Scenario {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench/france.toml")).unwrap();
    parse(&text, "france").unwrap_or_else(|e| panic!("{e}"))
}

/// Attractiveness per zone of the base's structures (today's MSPs and CPTS):
/// each covering MSP or CPTS multiplies it by its `attractiveness` (an MSP
/// only where GPs practise, as the MSP's own rule has members there).
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
            let msp_without_gp = matches!(p.params, PolicyParams::Msp(_)) && s.zones[z].gps == 0;
            if p.scope.in_zone[z] && !msp_without_gp {
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
