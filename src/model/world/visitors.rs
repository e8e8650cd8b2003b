//! The seasonal population in the world (see `model::seasonal`): the pools
//! of visitor records appended after the inhabitants, and their acute needs
//! drawn each day, thinned by the share of beds occupied that day.
//!
//! Visitors draw from streams of their own (`visitors`, `visitor_onset`), so
//! a run without secondary homes draws exactly what it drew before.

use super::{onset_minute, Event, World};
use crate::engine::{Minutes, RandomStreams, SimTime, StreamRng};
use crate::model::params::Parameters;
use crate::model::population::{flags, Health, Patient, NO_GP};
use crate::model::seasonal::{indicator_period, occupancy, peak_occupancy, pool_size, stay_of, SecondaryHomes};
use crate::model::territory::{apportion, Zone};
use crate::model::{AgeBand, NeedKind};
use rand::Rng;
use rand_distr::{Distribution, Poisson, StandardNormal};

/// Visitors of one territory, age band and kind of commune (winter sports or not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct VisitorCohort {
    pub territory: u16,
    pub winter_sports: bool,
    pub age: AgeBand,
    pub start: u32,
    pub end: u32,
}

/// The visitors of a world.
pub(super) struct Visitors {
    /// Index of the first visitor record (`u32::MAX`: no visitor).
    pub first: u32,
    /// Territories of inhabitants: a visitor of territory `t` is recorded as `t + residents`.
    pub residents: u16,
    pub cohorts: Vec<VisitorCohort>,
    pub rng: StreamRng,
}

impl Visitors {
    pub fn is_visitor(&self, patient: u32) -> bool {
        patient >= self.first
    }
}

/// Appends the visitor records of every zone with secondary homes (a pool
/// of [`pool_size`] each, ages as the commune's inhabitants) to `patients`,
/// sorted by cohort.
pub(super) fn add_visitors(
    zones: &[Zone],
    homes: &[SecondaryHomes],
    p: &Parameters,
    territories: usize,
    patients: &mut Vec<Patient>,
    streams: &RandomStreams,
) -> Visitors {
    let mut rng = streams.stream("visitors");
    let mut pool = Vec::new();
    for (zi, (z, h)) in zones.iter().zip(homes).enumerate() {
        let n = pool_size(&p.seasonal, *h);
        let weights: Vec<f64> = if z.inhabitants() > 0 { z.population.iter().map(|&x| f64::from(x)).collect() } else { vec![1.0; 6] };
        for (a, k) in apportion(u64::from(n), &weights).into_iter().enumerate() {
            for _ in 0..k {
                pool.push(visitor(zi as u32, z, a, p, &mut rng));
            }
        }
    }
    pool.sort_by_key(|v| (zones[v.zone as usize].territory, homes[v.zone as usize].winter_sports, v.age));
    let first = if pool.is_empty() { u32::MAX } else { patients.len() as u32 };
    let mut cohorts: Vec<VisitorCohort> = Vec::new();
    for (i, v) in pool.iter().enumerate() {
        let i = first + i as u32;
        let (t, ws, age) = (zones[v.zone as usize].territory, homes[v.zone as usize].winter_sports, v.age_band());
        match cohorts.last_mut() {
            Some(c) if c.territory == t && c.winter_sports == ws && c.age == age => c.end = i + 1,
            _ => cohorts.push(VisitorCohort { territory: t, winter_sports: ws, age, start: i, end: i + 1 }),
        }
    }
    patients.append(&mut pool);
    Visitors { first, residents: territories as u16, cohorts, rng: streams.stream("visitor_onset") }
}

/// One visitor: healthy (chronic care stays at home), no médecin traitant
/// locally, not vulnerable (assumption: households owning a secondary
/// home), digital skills of the age band × the commune's broadband.
fn visitor(zone: u32, z: &Zone, a: usize, p: &Parameters, rng: &mut StreamRng) -> Patient {
    let digital = rng.random::<f64>() < p.population.digital_skills_share[a] * z.broadband;
    let z_tol: f64 = StandardNormal.sample(rng);
    Patient {
        zone,
        gp: NO_GP,
        last_followup: SimTime::ZERO,
        epoch: 0,
        age: a as u8,
        health: Health::Healthy as u8,
        flags: if digital { flags::DIGITAL } else { 0 },
        tolerance_z: Patient::tolerance_code(z_tol),
        ed_propensity: rng.random_range(-127i32..=127) as i8,
        avoidable: 0,
    }
}

impl World<'_> {
    /// The day's acute needs of the visitors: per cohort, Poisson(pool ×
    /// yearly rate ÷ 365 × occupancy of the day's stay ÷ peak occupancy).
    pub(super) fn draw_visitor_needs(&mut self, day: u32, season: f64) {
        if self.visitors.cohorts.is_empty() {
            return;
        }
        let doy = (day + self.start_day_of_year) % 365;
        let s = &self.p.seasonal;
        let n = &self.p.needs;
        for ci in 0..self.visitors.cohorts.len() {
            let c = &self.visitors.cohorts[ci];
            let peak = peak_occupancy(s, c.winter_sports);
            if peak <= 0.0 {
                continue;
            }
            let present = occupancy(s, stay_of(doy, c.winter_sports)) / peak;
            let (a, size, start, len) = (c.age.index(), f64::from(c.end - c.start), c.start, c.end - c.start);
            for (kind, per_year) in
                [(NeedKind::AcuteMinor, n.acute_minor_per_year[a] * season), (NeedKind::AcuteSerious, n.acute_serious_per_year[a])]
            {
                let mean = size * per_year * present / 365.0;
                if mean <= 0.0 || !mean.is_finite() {
                    continue;
                }
                let rng = &mut self.visitors.rng;
                let count = Poisson::new(mean).map(|d| d.sample(rng) as u64).unwrap_or(0);
                for _ in 0..count {
                    let patient = start + rng.random_range(0..len);
                    let at = SimTime::from_day(day) + Minutes(onset_minute(kind, rng));
                    self.queue.schedule(at, Event::NeedArose { patient, kind });
                }
            }
        }
    }

    /// The period of the seasonal indicators of simulation day `day`.
    pub(super) fn period_of(&self, day: u32) -> usize {
        indicator_period((day + self.start_day_of_year) % 365)
    }
}
