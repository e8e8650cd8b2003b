//! Patients: who they are, and how a synthetic population is drawn.
//!
//! Each patient is a compact record (20 bytes): zone, registered GP, last
//! follow-up, an epoch that invalidates stale scheduled events, age band,
//! health status, flags (vulnerable, digital access, caregiver) and two
//! behavioural traits (tolerance of delay, propensity to go to the ED).
//! Patients are stored sorted by cohort (territory, age band, health status)
//! so that needs can be generated per cohort (see `world`).

use super::params::PopulationParams;
use super::territory::Zone;
use super::{AgeBand, ChronicStatus};
use crate::engine::SimTime;
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// No registered GP (an "orphan" patient).
pub const NO_GP: u32 = u32::MAX;

/// Health status: chronic status plus complexity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Health {
    Healthy = 0,
    OneAld = 1,
    Multimorbid = 2,
    /// Multimorbid in a complex health-social situation (DAC-level).
    Complex = 3,
}

impl Health {
    pub const ALL: [Health; 4] = [Health::Healthy, Health::OneAld, Health::Multimorbid, Health::Complex];

    pub fn chronic(self) -> ChronicStatus {
        match self {
            Health::Healthy => ChronicStatus::None,
            Health::OneAld => ChronicStatus::OneAld,
            _ => ChronicStatus::Multimorbid,
        }
    }

    pub fn is_chronic(self) -> bool {
        self != Health::Healthy
    }
}

/// Flag bits of [`Patient::flags`].
pub mod flags {
    pub const VULNERABLE: u8 = 1;
    pub const DIGITAL: u8 = 2;
    pub const CAREGIVER: u8 = 4;
    /// Protected by a prevention act (influenza vaccination) until the end of the coming winter.
    pub const PROTECTED: u8 = 8;
    /// The last chronic follow-up was given by the patient's own médecin traitant (continuity).
    pub const OWN_GP_FOLLOWUP: u8 = 16;
}

/// One patient (agent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Patient {
    pub zone: u32,
    /// Registered GP (index into the world's GPs) or [`NO_GP`].
    pub gp: u32,
    /// Last chronic follow-up (or post-discharge visit) in primary care.
    pub last_followup: SimTime,
    /// Bumped at every follow-up: scheduled chronic events carry the epoch
    /// they were drawn in and are ignored once it changed.
    pub epoch: u16,
    pub age: u8,
    pub health: u8,
    pub flags: u8,
    /// Tolerance of delay: multiplier exp(sd·z) of the need's median, z quantised on 8 bits.
    pub tolerance_z: i8,
    /// Propensity to go straight to the ED, −127 … 127 (scaled to −1 … 1).
    pub ed_propensity: i8,
    /// Avoidable admissions in the observation window (saturating).
    pub avoidable: u8,
}

/// Steps of `tolerance_z` per standard deviation of the tolerance draw.
const TOLERANCE_Z_SCALE: f64 = 40.0;

impl Patient {
    pub fn age_band(&self) -> AgeBand {
        AgeBand::from_index(self.age as usize)
    }

    pub fn health(&self) -> Health {
        Health::ALL[(self.health as usize).min(3)]
    }

    pub fn is(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    pub fn has_gp(&self) -> bool {
        self.gp != NO_GP
    }

    /// Tolerance multiplier of this patient.
    pub fn tolerance_factor(&self, log_sd: f64) -> f64 {
        tolerance_factor_of(self.tolerance_z, log_sd)
    }

    /// The stored form of a standard-normal tolerance draw `z`: z × 40,
    /// rounded into an i8 (the inverse of [`Patient::tolerance_factor`]'s scale).
    pub fn tolerance_code(z: f64) -> i8 {
        (z * TOLERANCE_Z_SCALE).round().clamp(-127.0, 127.0) as i8
    }

    /// ED propensity in −1 … 1.
    pub fn ed_propensity(&self) -> f64 {
        f64::from(self.ed_propensity) / 127.0
    }
}

/// The tolerance multiplier of a stored tolerance code (the one rule of [`Patient::tolerance_factor`]).
fn tolerance_factor_of(code: i8, log_sd: f64) -> f64 {
    (log_sd * f64::from(code) / TOLERANCE_Z_SCALE).exp()
}

/// [`Patient::tolerance_factor`] for every stored code at one `log_sd`
/// (`population.delay_tolerance_log_sd`, fixed for a run): the same numbers,
/// bit for bit, looked up instead of an `exp` per need (5 million needs in
/// the Nord's quarter).
#[derive(Clone, Debug)]
pub struct ToleranceFactors([f64; 256]);

impl ToleranceFactors {
    pub fn new(log_sd: f64) -> Self {
        ToleranceFactors(std::array::from_fn(|i| tolerance_factor_of(i as u8 as i8, log_sd)))
    }

    /// The patient's tolerance multiplier.
    #[inline]
    pub fn of(&self, pt: &Patient) -> f64 {
        self.0[pt.tolerance_z as u8 as usize]
    }
}

/// A contiguous range of patients sharing territory, age band and health.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cohort {
    pub territory: u16,
    pub age: AgeBand,
    pub health: Health,
    pub start: u32,
    pub end: u32,
}

impl Cohort {
    pub fn len(&self) -> u32 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// Draws the patients of every zone and orders them by cohort key
/// (territory, age band, health status), keeping the drawing order (zone,
/// then age) inside a cohort: the order a stable sort by that key gives.
/// The patients are drawn twice, first on a copy of `rng` to count each
/// cohort, then again, each written at its cohort's next place: the writes
/// run in a few sequential streams (territories × 6 × 4), where sorting
/// the drawn records in place moved 68 million of them at random places
/// (≈ 9 % of all of France at `--years 0.1`, and a `u32` per patient of
/// scratch). `rng` ends as after one drawing.
pub fn synthesise<R: Rng + Clone>(zones: &[Zone], p: &PopulationParams, rng: &mut R) -> (Vec<Patient>, Vec<Cohort>) {
    let territories = zones.iter().map(|z| usize::from(z.territory) + 1).max().unwrap_or(1);
    let mut next = vec![0u32; territories * AgeBand::ALL.len() * 4];
    draw_all(zones, p, &mut rng.clone(), |key, _| next[key] += 1);
    let mut start = 0u32;
    for n in next.iter_mut() {
        (*n, start) = (start, start + *n);
    }
    let mut patients = vec![BLANK; start as usize];
    draw_all(zones, p, rng, |key, pt| {
        patients[next[key] as usize] = pt;
        next[key] += 1;
    });
    let cohorts = cohorts_of(&patients, zones);
    (patients, cohorts)
}

/// A placeholder record (no zone drawn, no GP, every count zero), overwritten before use.
const BLANK: Patient = Patient {
    zone: 0,
    gp: NO_GP,
    last_followup: SimTime::ZERO,
    epoch: 0,
    age: 0,
    health: 0,
    flags: 0,
    tolerance_z: 0,
    ed_propensity: 0,
    avoidable: 0,
};

/// Draws every zone's patients in order (zone, then age band), giving each
/// with its cohort key to `put`.
fn draw_all<R: Rng>(zones: &[Zone], p: &PopulationParams, rng: &mut R, mut put: impl FnMut(usize, Patient)) {
    for (zi, zone) in zones.iter().enumerate() {
        for age in AgeBand::ALL {
            for _ in 0..zone.population[age.index()] {
                let pt = draw_patient(zi as u32, zone, age, p, rng);
                put(cohort_key(zone.territory, &pt), pt);
            }
        }
    }
}

/// A patient's cohort's place in the cohort order: territory, age band, health.
fn cohort_key(territory: u16, pt: &Patient) -> usize {
    (usize::from(territory) * AgeBand::ALL.len() + pt.age as usize) * 4 + pt.health as usize
}

fn draw_patient(zone: u32, z: &Zone, age: AgeBand, p: &PopulationParams, rng: &mut impl Rng) -> Patient {
    let a = age.index();
    let health = if rng.random::<f64>() >= p.chronic_share[a] {
        Health::Healthy
    } else if rng.random::<f64>() >= p.multimorbid_share[a] {
        Health::OneAld
    } else if rng.random::<f64>() >= p.complex_share[a] {
        Health::Multimorbid
    } else {
        Health::Complex
    };
    let mut f = 0;
    if rng.random::<f64>() < z.vulnerable {
        f |= flags::VULNERABLE;
    }
    if rng.random::<f64>() < p.digital_skills_share[a] * z.broadband {
        f |= flags::DIGITAL;
    }
    if rng.random::<f64>() < p.caregiver_share[a] {
        f |= flags::CAREGIVER;
    }
    let z_tol: f64 = StandardNormal.sample(rng);
    Patient {
        zone,
        gp: NO_GP,
        last_followup: SimTime::ZERO,
        epoch: 0,
        age: a as u8,
        health: health as u8,
        flags: f,
        tolerance_z: Patient::tolerance_code(z_tol),
        ed_propensity: rng.random_range(-127i32..=127) as i8,
        avoidable: 0,
    }
}

fn cohorts_of(patients: &[Patient], zones: &[Zone]) -> Vec<Cohort> {
    let mut cohorts: Vec<Cohort> = Vec::new();
    for (i, pt) in patients.iter().enumerate() {
        let t = zones[pt.zone as usize].territory;
        match cohorts.last_mut() {
            Some(c) if c.territory == t && c.age == pt.age_band() && c.health == pt.health() => c.end = i as u32 + 1,
            _ => cohorts.push(Cohort { territory: t, age: pt.age_band(), health: pt.health(), start: i as u32, end: i as u32 + 1 }),
        }
    }
    cohorts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::RandomStreams;
    use crate::model::DensityClass;

    fn zone(territory: u16, pop: u32) -> Zone {
        Zone {
            name: "z".into(),
            territory,
            population: [pop; 6],
            density: DensityClass::Rural,
            x_km: 0.0,
            y_km: 0.0,
            broadband: 1.0,
            vulnerable: 0.2,
            gps: 1,
            pharmacies: 0,
            nurses: 0,
            epci: 0,
        }
    }

    #[test]
    fn patient_record_stays_small() {
        assert!(std::mem::size_of::<Patient>() <= 20, "{} bytes", std::mem::size_of::<Patient>());
    }

    #[test]
    fn cohorts_partition_the_sorted_population() {
        let zones = [zone(0, 300), zone(1, 200), zone(0, 100)];
        let (patients, cohorts) = synthesise(&zones, &PopulationParams::default(), &mut RandomStreams::new(1, 0).stream("population"));
        assert_eq!(patients.len(), 3600);
        let covered: u32 = cohorts.iter().map(|c| c.len()).sum();
        assert_eq!(covered as usize, patients.len());
        for c in &cohorts {
            for p in &patients[c.start as usize..c.end as usize] {
                assert_eq!((zones[p.zone as usize].territory, p.age_band(), p.health()), (c.territory, c.age, c.health));
            }
        }
    }

    #[test]
    fn the_cohort_order_is_a_stable_sort_by_territory_age_and_health() {
        // Three territories, zones of territory 2 before those of 0: patients
        // drawn out of cohort order.
        let zones = [zone(2, 40), zone(0, 30), zone(1, 20), zone(0, 50), zone(2, 10)];
        let params = PopulationParams::default();
        let mut rng = RandomStreams::new(3, 0).stream("population");
        let drawn: Vec<Patient> = (0..zones.len() as u32)
            .flat_map(|z| AgeBand::ALL.map(move |a| (z, a)))
            .flat_map(|(z, a)| (0..zones[z as usize].population[a.index()]).map(move |_| (z, a)))
            .map(|(z, a)| draw_patient(z, &zones[z as usize], a, &params, &mut rng))
            .collect();
        // Independently: the standard library's stable sort by the cohort key.
        let mut expected = drawn.clone();
        expected.sort_by_key(|p| (zones[p.zone as usize].territory, p.age, p.health));
        let mut again = RandomStreams::new(3, 0).stream("population");
        let (patients, _) = synthesise(&zones, &params, &mut again);
        assert_eq!(patients, expected);
        // The generator ends where one drawing leaves it.
        assert_eq!(again, rng);
    }

    #[test]
    fn prevalences_follow_parameters_within_tolerance() {
        // 20,000 patients aged 75–84 with chronic share 0.42: the binomial SD is
        // 0.0035, so ±0.015 is > 4 SD.
        let mut z = zone(0, 0);
        z.population[4] = 20_000;
        let p = PopulationParams::default();
        let (patients, _) = synthesise(&[z], &p, &mut RandomStreams::new(2, 0).stream("population"));
        let chronic = patients.iter().filter(|x| x.health().is_chronic()).count() as f64 / 20_000.0;
        assert!((chronic - p.chronic_share[4]).abs() < 0.015, "chronic share {chronic}");
        let vulnerable = patients.iter().filter(|x| x.is(flags::VULNERABLE)).count() as f64 / 20_000.0;
        assert!((vulnerable - 0.2).abs() < 0.015, "vulnerable share {vulnerable}");
    }

    #[test]
    fn the_tolerance_table_holds_each_codes_factor_bit_for_bit() {
        let with_code = |code: i8| Patient { tolerance_z: code, ..BLANK };
        for log_sd in [0.0, 0.35, 0.8, 1.7] {
            let table = ToleranceFactors::new(log_sd);
            for code in i8::MIN..=i8::MAX {
                let pt = with_code(code);
                assert_eq!(table.of(&pt).to_bits(), pt.tolerance_factor(log_sd).to_bits(), "code {code}, sd {log_sd}");
            }
        }
        // By hand: code 40 is z = 1, so the factor is e^sd.
        let pt = with_code(40);
        assert!((ToleranceFactors::new(0.5).of(&pt) - 0.5f64.exp()).abs() < 1e-15);
    }
}
