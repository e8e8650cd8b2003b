//! Workforce dynamics: GPs' ages, retirements by age and installations, on in
//! every run by default (`parameters.workforce.dynamics`).
//!
//! Each GP gets an age at the start (drawn from an age profile, older in rural
//! and isolated zones) and ages one year every 365 days. Its retirement day is
//! drawn once, from a yearly retirement probability by age (a piecewise-constant
//! hazard), with a generator keyed by the GP, so that a GP's fate does not
//! depend on the others. Each zone installs new GPs as a Poisson process whose
//! yearly rate is `installations_per_10000` × inhabitants / 10,000 ×
//! `rural_installation_factor` (rural and isolated zones) × the attractiveness
//! of the zone's MSP and CPTS (the product of the active policies'
//! `attractiveness`); the k-th installation of a zone is triggered when the
//! rate summed day by day reaches an exponential threshold keyed by (zone, k),
//! so that arms differing only in attractiveness keep paired draws. Demand does
//! not act on retirements or installations, so the GP stock can be projected
//! alone ([`project`]), with the very same [`Dynamics`] the world uses.
//!
//! Sources: France's GP count fell 6.5 % from 2012 to 2023 (DREES, context
//! 000); GP ages per département were not obtained (data/raw/SOURCES.md), so
//! the age profiles are documented assumptions; `installations_per_10000` is
//! a behavioural parameter calibrated on the 6.5 % decline (docs/validation.md).

use crate::engine::RandomStreams;
use crate::model::territory::Zone;
use crate::model::DensityClass;
use rand::Rng;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Age bands of the GP age profiles: 30–39, 40–49, 50–59, 60–64, 65–74 years.
pub const AGE_BANDS: [(u8, u8); 5] = [(30, 39), (40, 49), (50, 59), (60, 64), (65, 74)];

/// Days in a model year (ages advance every 365 days).
const YEAR: u32 = 365;

/// Workforce dynamics parameters (`[parameters.workforce]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WorkforceDynamicsParams {
    /// Retirements by age and installations, every day of the run (true by default).
    pub dynamics: bool,
    /// Shares of GPs by age band 30–39, 40–49, 50–59, 60–64, 65–74 in dense urban
    /// and intermediate zones (sum 1; assumption: one GP in three aged 60+ in 2023,
    /// DREES/CNOM order of magnitude, range 0.28–0.38 for the 60+ share).
    pub age_shares: [f64; 5],
    /// The same in rural and isolated zones (sum 1; assumption: an older profile,
    /// 60+ share 0.43, range 0.35–0.50).
    pub rural_age_shares: [f64; 5],
    /// Yearly probability of leaving practice by age: under 60, 60–64, 65–69, 70+
    /// (assumption, ranges 0.005–0.02, 0.02–0.08, 0.04–0.15, 0.10–0.35; chosen so that
    /// the assumed age profile is close to stationary — many GPs practise past 65 —
    /// and the decline steady, as observed from 2012 to 2023).
    pub retirement_probability: [f64; 4],
    /// New GPs per 10,000 inhabitants per year before the density factor and the
    /// attractiveness (behavioural, calibrated on France's −6.5 % from 2012 to 2023).
    pub installations_per_10000: f64,
    /// Multiplier of installations in rural and isolated zones (assumption, range 0.4–0.9).
    pub rural_installation_factor: f64,
    /// Youngest and oldest age of a GP installing (assumption, range 28–45).
    pub installation_ages: [u8; 2],
}

impl Default for WorkforceDynamicsParams {
    fn default() -> Self {
        WorkforceDynamicsParams {
            dynamics: true,
            age_shares: [0.24, 0.21, 0.22, 0.15, 0.18],
            rural_age_shares: [0.17, 0.18, 0.22, 0.19, 0.24],
            retirement_probability: [0.01, 0.04, 0.06, 0.15],
            installations_per_10000: 0.137,
            rural_installation_factor: 0.6,
            installation_ages: [30, 39],
        }
    }
}

impl WorkforceDynamicsParams {
    /// Problems with these values: (field, reason).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        for (field, shares) in [("age_shares", &self.age_shares), ("rural_age_shares", &self.rural_age_shares)] {
            let sum: f64 = shares.iter().sum();
            if shares.iter().any(|s| !(0.0..=1.0).contains(s)) || (sum - 1.0).abs() > 1e-6 {
                out.push((field, format!("must be five shares in [0, 1] summing to 1 (sum {sum})")));
            }
        }
        if self.retirement_probability.iter().any(|p| !(0.0..1.0).contains(p)) {
            out.push(("retirement_probability", "must be yearly probabilities in [0, 1)".to_string()));
        }
        if !(self.installations_per_10000 >= 0.0 && self.installations_per_10000.is_finite()) {
            out.push(("installations_per_10000", "must be a non-negative number".to_string()));
        }
        if !(self.rural_installation_factor >= 0.0 && self.rural_installation_factor.is_finite()) {
            out.push(("rural_installation_factor", "must be a non-negative number".to_string()));
        }
        let [a, b] = self.installation_ages;
        if a < 20 || a > b || b > 90 {
            out.push(("installation_ages", "must be [youngest, oldest] with 20 ≤ youngest ≤ oldest ≤ 90".to_string()));
        }
        out
    }

    /// Yearly probability of leaving practice at `age`.
    pub fn retirement_at(&self, age: u32) -> f64 {
        let r = &self.retirement_probability;
        match age {
            0..=59 => r[0],
            60..=64 => r[1],
            65..=69 => r[2],
            _ => r[3],
        }
    }

    /// Expected new GPs a year in a zone of `inhabitants` and `density`, before attractiveness.
    pub fn yearly_installations(&self, inhabitants: u64, density: DensityClass) -> f64 {
        let rural = matches!(density, DensityClass::Rural | DensityClass::Isolated);
        self.installations_per_10000 * inhabitants as f64 / 10_000.0 * if rural { self.rural_installation_factor } else { 1.0 }
    }
}

/// The day a GP aged `age` on `from_day` leaves practice, given an Exp(1) draw
/// `e`: the cumulative hazard −ln(1 − p(age + k)) of the years k = 0, 1, …
/// reaches `e` (None if not within 80 years). Within the first year the
/// probability of leaving is exactly p(age).
pub fn retirement_day(p: &WorkforceDynamicsParams, age: u8, from_day: u32, e: f64) -> Option<u32> {
    let mut left = e;
    for k in 0..80u32 {
        let rate = -(1.0 - p.retirement_at(u32::from(age) + k)).ln();
        if rate > 0.0 && left < rate {
            let within = (f64::from(YEAR) * left / rate).floor() as u32;
            return Some(from_day + k * YEAR + within.min(YEAR - 1));
        }
        left -= rate;
    }
    None
}

/// Random-number keys of the dynamics (streams `gp_age`, `gp_retirement`, `gp_installation_time`).
#[derive(Clone, Copy, Debug)]
pub struct DynamicsKeys {
    pub age: u64,
    pub retirement: u64,
    pub installation: u64,
}

impl DynamicsKeys {
    pub fn new(streams: &RandomStreams) -> Self {
        DynamicsKeys {
            age: streams.key("gp_age"),
            retirement: streams.key("gp_retirement"),
            installation: streams.key("gp_installation_time"),
        }
    }
}

/// The state of the workforce dynamics of one replication.
pub struct Dynamics {
    p: WorkforceDynamicsParams,
    keys: DynamicsKeys,
    /// Retirement days still to come: (day, GP index), earliest first.
    retirements: BinaryHeap<Reverse<(u32, u32)>>,
    /// Per zone: yearly installations before attractiveness.
    zone_rate: Vec<f64>,
    /// Per zone: summed expected installations since the last one, the threshold, installations so far.
    zone_sum: Vec<f64>,
    zone_threshold: Vec<f64>,
    zone_installs: Vec<u32>,
}

fn exp1(rng: &mut impl Rng) -> f64 {
    -(1.0 - rng.random::<f64>()).ln()
}

impl Dynamics {
    pub fn new(zones: &[Zone], p: &WorkforceDynamicsParams, keys: DynamicsKeys) -> Self {
        let zone_rate: Vec<f64> = zones.iter().map(|z| p.yearly_installations(z.inhabitants(), z.density)).collect();
        let zone_threshold = (0..zones.len()).map(|z| exp1(&mut RandomStreams::entity(keys.installation, (z as u64) << 32))).collect();
        Dynamics {
            p: p.clone(),
            keys,
            retirements: BinaryHeap::new(),
            zone_sum: vec![0.0; zones.len()],
            zone_threshold,
            zone_installs: vec![0; zones.len()],
            zone_rate,
        }
    }

    /// The starting age of GP number `gp` practising in a zone of `density`,
    /// drawn from the age profile (uniform within its band).
    pub fn initial_age(&self, gp: u32, density: DensityClass) -> u8 {
        let rural = matches!(density, DensityClass::Rural | DensityClass::Isolated);
        let shares = if rural { &self.p.rural_age_shares } else { &self.p.age_shares };
        let mut rng = RandomStreams::entity(self.keys.age, u64::from(gp));
        let u: f64 = rng.random();
        let mut acc = 0.0;
        let mut band = AGE_BANDS.len() - 1;
        for (i, s) in shares.iter().enumerate() {
            acc += s;
            if u < acc {
                band = i;
                break;
            }
        }
        let (lo, hi) = AGE_BANDS[band];
        rng.random_range(lo..=hi)
    }

    /// The age of a GP installing, GP number `gp`.
    pub fn installation_age(&self, gp: u32) -> u8 {
        let [lo, hi] = self.p.installation_ages;
        RandomStreams::entity(self.keys.age, u64::from(gp)).random_range(lo..=hi)
    }

    /// Schedules the retirement of GP number `gp`, aged `age` on `day`, and
    /// returns its day (None: not within 80 years).
    pub fn enter(&mut self, gp: u32, age: u8, day: u32) -> Option<u32> {
        let e = exp1(&mut RandomStreams::entity(self.keys.retirement, u64::from(gp)));
        let d = retirement_day(&self.p, age, day, e)?;
        self.retirements.push(Reverse((d, gp)));
        Some(d)
    }

    /// One day: GPs whose retirement falls on or before `day` are pushed to
    /// `retire`; zones whose installations are due to `install` (a zone may
    /// appear several times). `attractiveness(zone)` multiplies the zone's rate.
    pub fn day(&mut self, day: u32, attractiveness: impl Fn(u32) -> f64, retire: &mut Vec<u32>, install: &mut Vec<u32>) {
        while let Some(&Reverse((d, gp))) = self.retirements.peek() {
            if d > day {
                break;
            }
            self.retirements.pop();
            retire.push(gp);
        }
        for z in 0..self.zone_rate.len() {
            if self.zone_rate[z] <= 0.0 {
                continue;
            }
            self.zone_sum[z] += self.zone_rate[z] * attractiveness(z as u32) / f64::from(YEAR);
            while self.zone_sum[z] >= self.zone_threshold[z] {
                self.zone_sum[z] -= self.zone_threshold[z];
                self.zone_installs[z] += 1;
                let key = ((z as u64) << 32) | u64::from(self.zone_installs[z]);
                self.zone_threshold[z] = exp1(&mut RandomStreams::entity(self.keys.installation, key));
                install.push(z as u32);
            }
        }
    }
}

/// Active GPs at the start of each year 0..=`years` when the dynamics run
/// alone on `zones` (their GPs placed as the world places them, in zone
/// order), with a constant attractiveness per zone. The world's GP count
/// follows the same path when no policy retires or installs GPs
/// (tests/workforce.rs compares the two week by week).
pub fn project(zones: &[Zone], p: &WorkforceDynamicsParams, keys: DynamicsKeys, attractiveness: &[f64], years: u32) -> Vec<u32> {
    let daily = project_days(zones, p, keys, attractiveness, years * YEAR);
    let mut counts = vec![daily[0]];
    counts.extend((1..=years).map(|y| daily[(y * YEAR) as usize]));
    counts
}

/// Active GPs before day 0 (element 0) and after each day's retirements and
/// installations of days 0..`days` (element d + 1), the dynamics alone, as
/// [`project`]. Shape: `days + 1` counts.
pub fn project_days(zones: &[Zone], p: &WorkforceDynamicsParams, keys: DynamicsKeys, attractiveness: &[f64], days: u32) -> Vec<u32> {
    let mut dynamics = Dynamics::new(zones, p, keys);
    let mut gps = 0u32;
    for z in zones {
        for _ in 0..z.gps {
            let age = dynamics.initial_age(gps, z.density);
            dynamics.enter(gps, age, 0);
            gps += 1;
        }
    }
    let mut active = gps;
    let mut counts = Vec::with_capacity(days as usize + 1);
    counts.push(active);
    let (mut retire, mut install) = (Vec::new(), Vec::new());
    for day in 0..days {
        retire.clear();
        install.clear();
        dynamics.day(day, |z| attractiveness.get(z as usize).copied().unwrap_or(1.0), &mut retire, &mut install);
        active -= retire.len() as u32;
        for _ in &install {
            let age = dynamics.installation_age(gps);
            dynamics.enter(gps, age, day);
            gps += 1;
            active += 1;
        }
        counts.push(active);
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(seed: u64) -> DynamicsKeys {
        DynamicsKeys::new(&RandomStreams::new(seed, 0))
    }

    fn zone(inhabitants: u32, density: DensityClass, gps: u32) -> Zone {
        Zone {
            name: "z".into(),
            territory: 0,
            population: [0, inhabitants, 0, 0, 0, 0],
            density,
            x_km: 0.0,
            y_km: 0.0,
            broadband: 1.0,
            vulnerable: 0.0,
            gps,
            pharmacies: 0,
            nurses: 0,
            epci: 0,
        }
    }

    /// Retirements of `copies` copies of `ages` within the first `days` days.
    fn retirements(ages: &[u8], copies: u32, days: u32) -> usize {
        let p = WorkforceDynamicsParams::default();
        let mut d = Dynamics::new(&[], &p, keys(3));
        let mut gp = 0;
        for _ in 0..copies {
            for &a in ages {
                d.enter(gp, a, 0);
                gp += 1;
            }
        }
        let (mut retire, mut install) = (Vec::new(), Vec::new());
        for day in 0..days {
            d.day(day, |_| 1.0, &mut retire, &mut install);
        }
        assert!(install.is_empty());
        retire.len()
    }

    #[test]
    fn retirements_of_a_known_age_list_match_the_hand_computed_number() {
        // Default yearly probabilities: < 60: 0.01, 60–64: 0.04, 65–69: 0.06, 70+: 0.15.
        // Ages 45, 61, 64, 66, 71: 0.01 + 0.04 + 0.04 + 0.06 + 0.15 = 0.30 a copy in
        // the first year; 10,000 copies → 3,000, sd = √(10,000 × Σ p(1 − p))
        // = √(10,000 × 0.2706) ≈ 52.
        let n = retirements(&[45, 61, 64, 66, 71], 10_000, 365) as f64;
        assert!((n - 3_000.0).abs() < 4.0 * 52.0, "{n}");
        // Ageing: a GP of 64 turns 65 after a year: leaves within two years
        // with probability 0.04 + 0.96 × 0.06 = 0.0976 (20,000 GPs: 1,952, sd ≈ 42).
        let n = retirements(&[64], 20_000, 730) as f64;
        assert!((n - 1_952.0).abs() < 4.0 * 42.0, "{n}");
        // A wrong rule (no ageing) would give 20,000 × (1 − 0.96²) = 1,568.
    }

    #[test]
    fn retirement_day_is_exact_in_the_first_year() {
        let p = WorkforceDynamicsParams::default();
        // P(leave within a year) = P(e < −ln(1 − p)) = p: the threshold e* = −ln(0.96) at 61.
        let e_star = -(0.96f64).ln();
        assert!(retirement_day(&p, 61, 100, e_star * 0.999).unwrap() < 465);
        assert!(retirement_day(&p, 61, 100, e_star * 1.001).unwrap() >= 465);
        assert_eq!(retirement_day(&p, 61, 100, 0.0), Some(100));
    }

    /// Installations over `years` in 200 zones of 10,000 inhabitants.
    fn installations(density: DensityClass, attractiveness: f64, years: u32) -> usize {
        let p = WorkforceDynamicsParams::default();
        let zones: Vec<Zone> = (0..200).map(|_| zone(10_000, density, 0)).collect();
        let mut d = Dynamics::new(&zones, &p, keys(5));
        let (mut retire, mut install) = (Vec::new(), Vec::new());
        for day in 0..years * YEAR {
            d.day(day, |_| attractiveness, &mut retire, &mut install);
        }
        install.len()
    }

    #[test]
    fn an_msp_attracts_installations_in_proportion_to_its_attractiveness() {
        let p = WorkforceDynamicsParams::default();
        // 200 zones × 10,000 inhabitants × rate / 10,000 × 10 years.
        let expected = 200.0 * p.installations_per_10000 * 10.0;
        let none = installations(DensityClass::Intermediate, 1.0, 10) as f64;
        let msp = installations(DensityClass::Intermediate, 1.5, 10) as f64;
        let rural = installations(DensityClass::Rural, 1.0, 10) as f64;
        assert!((none - expected).abs() < 4.0 * expected.sqrt(), "{none} vs {expected}");
        assert!((msp - 1.5 * expected).abs() < 4.0 * (1.5 * expected).sqrt(), "{msp} vs {}", 1.5 * expected);
        let r = p.rural_installation_factor * expected;
        assert!((rural - r).abs() < 4.0 * r.sqrt(), "{rural} vs {r}");
        assert!(msp > none, "direction");
    }

    #[test]
    fn initial_ages_follow_the_profile_of_the_density_class() {
        let p = WorkforceDynamicsParams::default();
        let d = Dynamics::new(&[], &p, keys(7));
        let share_60 = |density| (0..20_000u32).filter(|&g| d.initial_age(g, density) >= 60).count() as f64 / 20_000.0;
        // 0.15 + 0.18 = 0.33 (urban); 0.19 + 0.24 = 0.43 (rural); sd ≈ 0.0034.
        assert!((share_60(DensityClass::DenseUrban) - 0.33).abs() < 0.014);
        assert!((share_60(DensityClass::Rural) - 0.43).abs() < 0.014);
        assert!((0..1000u32).all(|g| (30..=74).contains(&d.initial_age(g, DensityClass::Isolated))));
    }

    #[test]
    fn without_installations_the_stock_falls_by_the_expected_first_year_retirements() {
        // 10,000 urban GPs, no installation: year-1 retirements = 10,000 × Σ share × p(band)
        // = 10,000 × (0.67 × 0.01 + 0.15 × 0.04 + 0.18 × (½ × 0.06 + ½ × 0.15)) = 10,000 × 0.0316
        // (65–74 uniform: five ages at 0.06, five at 0.15) → 316, sd ≈ 17.5.
        let p = WorkforceDynamicsParams { installations_per_10000: 0.0, ..Default::default() };
        let counts = project(&[zone(100_000, DensityClass::DenseUrban, 10_000)], &p, keys(9), &[], 1);
        let fallen = f64::from(counts[0] - counts[1]);
        assert!((fallen - 316.0).abs() < 4.0 * 17.5, "{fallen}");
    }

    #[test]
    fn the_problems_name_the_field() {
        let p = WorkforceDynamicsParams {
            age_shares: [0.5, 0.5, 0.5, 0.0, 0.0],
            retirement_probability: [0.0, 0.0, 0.0, 1.0],
            ..Default::default()
        };
        let fields: Vec<_> = p.problems().into_iter().map(|x| x.0).collect();
        assert_eq!(fields, vec!["age_shares", "retirement_probability"]);
    }
}
