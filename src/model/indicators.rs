//! Indicators: recorders that accumulate what happens, and the indicator
//! values they yield at the end of a replication.
//!
//! The pathway calls the recorder at each fact (a need arose, a consultation
//! took place, an ED visit …) with the patient's breakdown cells. A patient
//! belongs to five cells of its territory: `all`, its density class, its age
//! band, its vulnerability and its registered-GP status. Counts are kept per
//! cell; indicator values (rates per 1,000 inhabitants per year, shares, mean
//! and quantile delays) are computed once at the end.
//!
//! **Observation windows.** Every indicator is declared once in
//! [`INDICATORS`] with its numerator, denominator, unit and window, of two
//! kinds ([`Window`]):
//! - *event time*: a fact counts when it happens inside the observation
//!   window [warm-up, horizon) — consultations given, ED visits, admissions,
//!   discharges, costs, GP slots offered, person-time. Rates and shares of
//!   this kind divide counts of one window by counts of the same window.
//! - *need cohort*: the needs that arise inside the window, followed to
//!   their outcome — delays (including consultations booked beyond the
//!   horizon, whose delay the booking fixes), same-day shares, forgone care,
//!   pending needs. A readmission is decided at its discharge and counted
//!   with it, so readmitted discharges ≤ discharges.
//!
//! A value that cannot be computed (an empty denominator) is not written.

use super::requests::{
    calendar_band, calendar_bin, calendar_mean_parts, calendar_quantile, ForgoCause, RequestOutcome, CALENDAR_BANDS, CALENDAR_BINS,
    HOUR_BANDS, WEEKDAYS,
};
use super::specialists::{SecondLineCell, Specialty};
use super::{AgeBand, DensityClass, NeedKind};

/// Number of breakdown groups per territory.
pub const GROUPS: usize = 15;

/// The label of breakdown group `g` (`all`, `density:rural`, `age:75-84` …).
pub fn group_label(g: usize) -> String {
    match g {
        0 => "all".into(),
        1..=4 => format!("density:{}", DensityClass::ALL[g - 1].label()),
        5..=10 => format!("age:{}", AgeBand::ALL[g - 5].label()),
        11 => "vulnerable:no".into(),
        12 => "vulnerable:yes".into(),
        13 => "registered_gp:no".into(),
        _ => "registered_gp:yes".into(),
    }
}

/// The five group indices a patient contributes to.
pub fn cells(density: DensityClass, age: AgeBand, vulnerable: bool, registered: bool) -> [u8; 5] {
    [0, 1 + density.index() as u8, 5 + age.index() as u8, 11 + vulnerable as u8, 13 + registered as u8]
}

/// The age band index of a patient's [`cells`].
fn age_of(cells: [u8; 5]) -> usize {
    cells[2] as usize - 5
}

/// Causes of an ED visit; they partition ED visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdCause {
    /// A true emergency.
    Serious = 0,
    /// A need primary care could have handled, taken straight to the ED.
    PrimaryCareTreatable = 1,
    /// An untreated acute need that escalated.
    Escalation = 2,
    /// A chronic decompensation.
    Decompensation = 3,
}

impl EdCause {
    pub const ALL: [EdCause; 4] = [EdCause::Serious, EdCause::PrimaryCareTreatable, EdCause::Escalation, EdCause::Decompensation];
    pub fn label(self) -> &'static str {
        ["serious", "primary_care_treatable", "escalation", "decompensation"][self as usize]
    }
}

/// Kinds of hospital admission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// Avoidable (ACSC), after an untreated acute need escalated.
    AvoidableAcute,
    /// Avoidable (ACSC), chronic decompensation.
    AvoidableChronic,
    /// Clinically needed, not avoidable.
    Other,
    /// Readmission within 30 days of a discharge.
    Readmission,
}

/// Delay histogram: hourly bins for 7 days, then daily bins up to a year.
const HOUR_BINS: usize = 168;
const BINS: usize = HOUR_BINS + 358 + 1;

fn bin_of(delay_min: u32) -> usize {
    let h = (delay_min / 60) as usize;
    if h < HOUR_BINS {
        h
    } else {
        (HOUR_BINS + (delay_min / 1440) as usize - 7).min(BINS - 1)
    }
}

/// Bands of the delay distribution (days), for `delay_share.<band>`.
pub const DELAY_BANDS: [(&str, usize, usize); 6] =
    [("0-1d", 0, 1), ("1-2d", 1, 2), ("2-7d", 2, 7), ("7-14d", 7, 14), ("14-30d", 14, 30), ("30d+", 30, usize::MAX)];

/// The first bin of day `days` (a whole number of days).
fn bin_at_day(days: usize) -> usize {
    if days <= 7 {
        days * 24
    } else {
        HOUR_BINS.saturating_add(days - 7).min(BINS)
    }
}

/// Needs seen with a delay in [lo, hi) days, and all needs seen.
fn delay_share_parts(hist: &[u32], lo: usize, hi: usize) -> (f64, f64) {
    let n: u64 = hist.iter().map(|&h| u64::from(h)).sum();
    let inside: u64 = hist[bin_at_day(lo)..bin_at_day(hi)].iter().map(|&h| u64::from(h)).sum();
    (inside as f64, n as f64)
}

/// Midpoint of bin `b`, in days.
fn bin_mid_days(b: usize) -> f64 {
    if b < HOUR_BINS {
        (b as f64 + 0.5) / 24.0
    } else {
        (b - HOUR_BINS + 7) as f64 + 0.5
    }
}

/// Counts of one breakdown cell.
#[derive(Clone, Debug)]
pub struct Cell {
    pub needs: [u64; NeedKind::COUNT],
    /// Consultations given in the window (event time).
    pub consultations: [u64; NeedKind::COUNT],
    /// Needs of the window's cohort seen (consultation, possibly after the horizon), and their delays.
    pub seen: [u64; NeedKind::COUNT],
    pub delay_sum_min: [u64; NeedKind::COUNT],
    /// Sum of consultation day − request day, all kinds.
    pub delay_calendar_days: u64,
    pub delay_hist: Vec<u32>,
    pub seen_24h: u64,
    pub seen_48h: u64,
    pub forgone: [u64; NeedKind::COUNT],
    pub ed_visits: [u64; 4],
    pub admissions: [u64; 4],
    pub discharges: u64,
    /// Discharges of the window followed by a readmission within 30 days.
    pub readmitted_discharges: u64,
    /// Needs of the cohort still waiting for their consultation at the horizon, and their waits so far (minutes).
    pub pending: u64,
    pub pending_wait_min: u64,
    pub travel_sum_min: f64,
    pub travel_n: u64,
    pub teleconsultations: u64,
    /// Consultations by service (index 0: the baseline pharmacy/nurse walk-in).
    pub service_consultations: Vec<u64>,
    /// Cost of care, € (consultations, ED visits, hospital stays, regulated calls).
    pub cost_care_eur: f64,
    /// SAS: calls regulated, and how many ended with a GP slot.
    pub sas_calls: u64,
    pub sas_oriented: u64,
    /// SAS (issue 18): calls oriented to a service, calls abandoned before an
    /// answer, and the minutes callers spent in regulation (answered and abandoned).
    pub sas_to_service: u64,
    pub sas_abandoned: u64,
    pub sas_minutes: u64,
    /// SAS (issue 18): answered calls the regulator resolved by advice (no consultation, no ED visit).
    pub sas_advised: u64,
    /// SAS: calls not taken because the regulator's capacity of the day
    /// (`calls_per_day_per_100k`) was used (`world::regulation`).
    pub sas_over_capacity: u64,
    pub person_days: u64,
    pub registered_person_days: u64,
    /// Calendar-day delays (consultation day − request day) of the cohort's
    /// needs seen, by need kind (`CALENDAR_BINS` bins per kind): GP
    /// consultations only, and every professional.
    pub gp_days: Vec<u32>,
    pub all_days: Vec<u32>,
    /// Of the needs seen by a GP, those booked at a previous consultation (`model::next_visit`).
    pub gp_booked_at_visit: u64,
    /// Requests for a GP slot (acute minor and planned needs); those asked
    /// first of the own GP; first choices that failed (own GP, or any GP
    /// for a patient without one); requests that found no GP slot at all.
    pub gp_requests: u64,
    pub own_gp_requests: u64,
    pub own_gp_failed: u64,
    pub failed_requests: u64,
    pub any_gp_failed: u64,
    /// What followed the failed requests, by [`RequestOutcome`].
    pub failed_outcomes: [u64; 4],
    /// Forgone needs by [`ForgoCause`].
    pub forgone_causes: [u64; 5],
    /// ED visits by weekday (Monday first) and hour band; acute minor needs by weekday.
    pub ed_weekday: [u64; 7],
    pub ed_hour: [u64; 6],
    pub acute_weekday: [u64; 7],
    /// Inhabitants at the horizon, and those with one / several avoidable
    /// admissions in the observation window.
    pub patients_end: u64,
    pub avoidable_patients: [u64; 2],
    /// By period of the year (`model::seasonal::PERIODS`: summer, winter
    /// holidays, rest): acute needs arisen (minor and serious; event time),
    /// needs of the cohort seen and their summed delays (minutes; period of
    /// the onset), ED visits (event time) and person-days.
    pub period_acute: [u64; 3],
    pub period_seen: [u64; 3],
    pub period_delay_min: [u64; 3],
    pub period_ed: [u64; 3],
    pub period_person_days: [u64; 3],
    /// Person-days, ED visits and avoidable admissions of the cell by age
    /// band: what age standardisation weighs.
    pub by_age: [AgeCounts; 6],
}

/// Counts of one cell × age band, for age-standardised rates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AgeCounts {
    pub person_days: u64,
    pub ed_visits: u64,
    pub avoidable_admissions: u64,
}

/// The standard population of direct age standardisation: France's
/// inhabitants on 1 January 2025 by age band (0–14, 15–44, 45–64, 65–74,
/// 75–84, 85+), the sum over the 101 départements of INSEE's estimates
/// (data/departements.csv, columns `pop2025_*`; tests/data_totals.rs checks
/// the sums). DREES standardises avoidable-hospitalisation rates the same way.
pub const STANDARD_POPULATION: [u64; 6] = [11_446_906, 24_876_900, 17_357_145, 7_617_359, 5_003_645, 2_303_661];

/// Directly age-standardised rate per person-year: Σₐ wₐ · countₐ / person-yearsₐ
/// with wₐ the [`STANDARD_POPULATION`] shares; `count` picks the events of
/// an age band. Returned as (rate, 1) so that it scales like other rates,
/// or (0, 0) — not computable — when a band holds no person-time (an age
/// group, or a cell too small to have every age).
fn age_standardised(c: &Cell, count: fn(&AgeCounts) -> u64) -> (f64, f64) {
    let total: u64 = STANDARD_POPULATION.iter().sum();
    let mut rate = 0.0;
    for (a, w) in c.by_age.iter().zip(STANDARD_POPULATION) {
        if a.person_days == 0 {
            return (0.0, 0.0);
        }
        rate += w as f64 / total as f64 * count(a) as f64 / (a.person_days as f64 / 365.0);
    }
    (rate, 1.0)
}

impl Cell {
    fn new(services: usize) -> Self {
        Cell {
            needs: [0; NeedKind::COUNT],
            consultations: [0; NeedKind::COUNT],
            seen: [0; NeedKind::COUNT],
            delay_sum_min: [0; NeedKind::COUNT],
            delay_calendar_days: 0,
            delay_hist: vec![0; BINS],
            seen_24h: 0,
            seen_48h: 0,
            forgone: [0; NeedKind::COUNT],
            ed_visits: [0; 4],
            admissions: [0; 4],
            discharges: 0,
            readmitted_discharges: 0,
            pending: 0,
            pending_wait_min: 0,
            travel_sum_min: 0.0,
            travel_n: 0,
            teleconsultations: 0,
            service_consultations: vec![0; services],
            cost_care_eur: 0.0,
            sas_calls: 0,
            sas_oriented: 0,
            sas_to_service: 0,
            sas_abandoned: 0,
            sas_minutes: 0,
            sas_advised: 0,
            sas_over_capacity: 0,
            person_days: 0,
            registered_person_days: 0,
            gp_days: vec![0; NeedKind::COUNT * CALENDAR_BINS],
            all_days: vec![0; NeedKind::COUNT * CALENDAR_BINS],
            gp_booked_at_visit: 0,
            gp_requests: 0,
            own_gp_requests: 0,
            own_gp_failed: 0,
            failed_requests: 0,
            any_gp_failed: 0,
            failed_outcomes: [0; 4],
            forgone_causes: [0; 5],
            ed_weekday: [0; 7],
            ed_hour: [0; 6],
            acute_weekday: [0; 7],
            patients_end: 0,
            avoidable_patients: [0; 2],
            by_age: [AgeCounts::default(); 6],
            period_acute: [0; 3],
            period_seen: [0; 3],
            period_delay_min: [0; 3],
            period_ed: [0; 3],
            period_person_days: [0; 3],
        }
    }
}

/// Accumulates the facts of one replication, per territory and group.
#[derive(Clone, Debug)]
pub struct Recorder {
    cells: Vec<Cell>,
    /// Inhabitants currently in each cell, and how many are registered.
    pub headcount: Vec<(u64, u64)>,
    /// Inhabitants currently in each cell by age band.
    age_headcount: Vec<[u64; 6]>,
    /// GP slots offered and consultations held, per territory.
    pub gp_slots_offered: Vec<u64>,
    pub gp_consultations: Vec<u64>,
    /// GP consultations squeezed in beyond the calendar (`gp.squeeze_in_per_day`),
    /// booked for days of the observation window, per territory of the GP.
    pub gp_squeezed_in: Vec<u64>,
    /// Days practised (active, off or not) by the GPs of each territory, summed over GPs.
    pub gp_days: Vec<u64>,
    /// Of those, days on which the GP's list was closed to new registrations
    /// because its diary was saturated (`model::list_closure`).
    pub gp_days_list_closed: Vec<u64>,
    /// Days of person-time added so far (the observation window).
    pub observed_days: u64,
    /// Labels of the services (for `consultations_per_1000.<label>`).
    pub service_labels: Vec<String>,
    /// Running cost of policies charged to each territory, €.
    pub policy_cost_eur: Vec<f64>,
    /// Whole-run weekly totals (warm-up included, all territories): the
    /// time series used to check the warm-up (MSER-5) and to plot.
    pub weekly: Vec<WeekStat>,
    /// Per zone (commune), after the warm-up: for maps.
    pub zone_stats: Vec<ZoneStat>,
    /// Territories of residents. With a seasonal population
    /// ([`Recorder::with_visitors`]) the cells hold a second block: the
    /// visitors of territory `t` are recorded as territory `residents + t`,
    /// apart from its inhabitants (never reported as a territory of their own).
    pub residents: usize,
    /// The second line's counts per territory × group (empty when it is off: no row is written).
    pub second_line: Vec<SecondLineCell>,
    /// Coordination (issue 19 §1, `model::coordination`): GP hours withheld from consultations per
    /// territory, and per territory × group (transitions of care, transitions with information
    /// lost); both empty when it is off (no row is written).
    pub coordination_hours: Vec<f64>,
    pub information: Vec<[u64; 2]>,
    /// Per territory: (nurse hours withheld for coordination, nurse-days) of the CPTS, MSP and DAC
    /// nurse services; empty when coordination is off.
    pub nurse_coordination: Vec<[f64; 2]>,
}

/// Counts of one zone after the warm-up (maps of the report).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ZoneStat {
    pub needs: u64,
    pub consultations: u64,
    pub delay_sum_min: u64,
    pub forgone: u64,
    pub avoidable_admissions: u64,
}

/// One week of the whole run, all territories together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WeekStat {
    pub needs: u64,
    pub consultations: u64,
    /// Summed delays from need to consultation of the week's consultations, minutes.
    pub delay_sum_min: u64,
    pub ed_visits: u64,
    /// Decisions to forgo care in the week.
    #[serde(default)]
    pub forgone: u64,
    /// GPs practising on the week's first day (workforce dynamics, `model::workforce`).
    #[serde(default)]
    pub gps_active: u64,
}

/// A consultation given (event time: counts, travel, cost).
#[derive(Clone, Copy, Debug)]
pub struct ConsultGiven {
    pub kind: NeedKind,
    pub travel_min: f64,
    pub remote: bool,
    /// The service that gave it (None: a GP slot).
    pub service: Option<u16>,
    pub cost_eur: f64,
}

/// A need of the window's cohort seen (its delay).
#[derive(Clone, Copy, Debug)]
pub struct NeedSeen {
    pub kind: NeedKind,
    pub delay_min: u32,
    /// Consultation day − request day (the unit of appointment-delay surveys).
    pub calendar_days: u32,
    /// Seen by a GP of the territory (not a service).
    pub gp: bool,
    /// Booked at a previous consultation (`model::next_visit`).
    pub at_visit: bool,
}

/// A request for a GP slot and what became of it (need cohort).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestFate {
    /// The patient asked their own GP first.
    pub own_gp: bool,
    /// The first choice (own GP, or any GP for a patient without one) had no acceptable slot.
    pub failed: bool,
    /// No GP slot was found at all within the tolerance.
    pub no_gp_slot: bool,
    /// What followed a failed first choice.
    pub outcome: Option<RequestOutcome>,
}

impl Recorder {
    pub fn new(territories: usize, service_labels: Vec<String>, zones: usize) -> Self {
        Recorder {
            cells: vec![Cell::new(service_labels.len()); territories * GROUPS],
            headcount: vec![(0, 0); territories * GROUPS],
            age_headcount: vec![[0; 6]; territories * GROUPS],
            gp_slots_offered: vec![0; territories],
            gp_consultations: vec![0; territories],
            gp_squeezed_in: vec![0; territories],
            gp_days: vec![0; territories],
            gp_days_list_closed: vec![0; territories],
            observed_days: 0,
            service_labels,
            policy_cost_eur: vec![0.0; territories],
            weekly: Vec::new(),
            zone_stats: vec![ZoneStat::default(); zones],
            residents: territories,
            second_line: Vec::new(),
            coordination_hours: Vec::new(),
            information: Vec::new(),
            nurse_coordination: Vec::new(),
        }
    }

    /// A recorder with a block of cells for the visitors of each territory
    /// (see [`Recorder::residents`]).
    pub fn with_visitors(territories: usize, service_labels: Vec<String>, zones: usize) -> Self {
        let mut r = Recorder::new(2 * territories, service_labels, zones);
        r.residents = territories;
        r
    }

    /// The visitors' group-`all` cell of territory `t`, when there is a seasonal population.
    pub fn visitors(&self, t: usize) -> Option<&Cell> {
        (self.cells.len() >= 2 * self.residents * GROUPS && self.residents > 0 && t < self.residents)
            .then(|| self.cell(self.residents + t, 0))
    }

    /// An acute need arose in period `period` (`model::seasonal::indicator_period`).
    pub fn acute_in_period(&mut self, t: u16, cells: [u8; 5], period: usize) {
        self.each(t, cells, |c| c.period_acute[period] += 1);
    }

    /// A need of the cohort whose onset fell in `period` was seen after `delay_min`.
    pub fn seen_in_period(&mut self, t: u16, cells: [u8; 5], period: usize, delay_min: u32) {
        self.each(t, cells, |c| {
            c.period_seen[period] += 1;
            c.period_delay_min[period] += u64::from(delay_min);
        });
    }

    /// An ED visit in `period`.
    pub fn ed_in_period(&mut self, t: u16, cells: [u8; 5], period: usize) {
        self.each(t, cells, |c| c.period_ed[period] += 1);
    }

    /// One day of `period` of person-time from the current headcounts (with [`Recorder::add_person_day`]).
    pub fn person_day_in_period(&mut self, period: usize) {
        for (c, h) in self.cells.iter_mut().zip(&self.headcount) {
            c.period_person_days[period] += h.0;
        }
    }

    /// Keeps the second line's counts (`specialists.enabled`).
    pub fn enable_second_line(&mut self) {
        self.second_line = vec![SecondLineCell::default(); self.cells.len()];
    }

    /// Keeps the coordination counts (`coordination.enabled`).
    pub fn enable_coordination(&mut self) {
        self.coordination_hours = vec![0.0; self.gp_days.len()];
        self.nurse_coordination = vec![[0.0; 2]; self.gp_days.len()];
        self.information = vec![[0; 2]; self.cells.len()];
    }

    /// A transition of care of a patient of the five cells, with or without its information lost.
    pub fn information_transition(&mut self, t: u16, cells: [u8; 5], lost: bool) {
        let base = t as usize * GROUPS;
        for g in cells {
            if let Some(c) = self.information.get_mut(base + g as usize) {
                c[0] += 1;
                c[1] += u64::from(lost);
            }
        }
    }

    /// Applies `f` to the second line's counts of the patient's five cells.
    pub fn second_line_record(&mut self, t: u16, cells: [u8; 5], f: &mut dyn FnMut(&mut SecondLineCell)) {
        let base = t as usize * GROUPS;
        for g in cells {
            if let Some(c) = self.second_line.get_mut(base + g as usize) {
                f(c);
            }
        }
    }

    fn each(&mut self, t: u16, cells: [u8; 5], mut f: impl FnMut(&mut Cell)) {
        let base = t as usize * GROUPS;
        for g in cells {
            f(&mut self.cells[base + g as usize]);
        }
    }

    /// Checks the recorder's bookkeeping: in each territory, every
    /// breakdown (density, age, vulnerability, registration) partitions the
    /// whole — needs, consultations, forgone care, ED visits by cause,
    /// admissions and person-time of its groups add up to group `all` —
    /// headcounts never went below zero, SAS orientations never exceed calls,
    /// and visits booked at a consultation are chronic follow-ups.
    pub fn check_consistency(&self) -> Result<(), String> {
        for t in 0..self.gp_consultations.len() {
            let all = self.cell(t, 0);
            let by_age: u64 = all.by_age.iter().map(|a| a.person_days).sum();
            if by_age != all.person_days {
                return Err(format!("territory {t}: person-days by age band sum to {by_age} but the total is {}", all.person_days));
            }
            for range in [1..5, 5..11, 11..13, 13..15] {
                let sum = |f: &dyn Fn(&Cell) -> u64| range.clone().map(|g| f(self.cell(t, g))).sum::<u64>();
                let checks: [(&str, &dyn Fn(&Cell) -> u64); 6] = [
                    ("needs", &|c| c.needs.iter().sum()),
                    ("consultations", &|c| c.consultations.iter().sum()),
                    ("forgone needs", &|c| c.forgone.iter().sum()),
                    ("ED visits", &|c| c.ed_visits.iter().sum()),
                    ("admissions", &|c| c.admissions.iter().sum()),
                    ("person-days", &|c| c.person_days),
                ];
                for (what, f) in checks {
                    if sum(f) != f(all) {
                        return Err(format!("territory {t}: {what} of groups {range:?} sum to {} but the total is {}", sum(f), f(all)));
                    }
                }
            }
            for g in 0..GROUPS {
                let c = self.cell(t, g);
                let outcomes: u64 = c.failed_outcomes.iter().sum();
                if outcomes != c.failed_requests || c.forgone_causes.iter().sum::<u64>() != c.forgone.iter().sum::<u64>() {
                    return Err(format!(
                        "territory {t}, group {g}: {outcomes} outcomes of {} failed requests, or forgone causes that do not add up to forgone needs",
                        c.failed_requests
                    ));
                }
                if c.gp_booked_at_visit > c.seen[NeedKind::ChronicFollowUp.index()] {
                    return Err(format!("territory {t}, group {g}: more GP visits booked at a consultation than chronic follow-ups seen"));
                }
                if c.sas_oriented + c.sas_to_service + c.sas_advised > c.sas_calls || c.seen_24h > c.seen_48h {
                    return Err(format!("territory {t}, group {g}: more SAS orientations than calls, or more seen < 24 h than < 48 h"));
                }
                let h = self.headcount[t * GROUPS + g];
                if h.0 > 1 << 40 || h.1 > h.0 {
                    return Err(format!("territory {t}, group {g}: headcount {h:?} went negative"));
                }
            }
        }
        Ok(())
    }

    /// The weekly totals of the week holding `t` (week 0 starts the run).
    pub fn week(&mut self, t: crate::engine::time::SimTime) -> &mut WeekStat {
        let w = (t.day() / 7) as usize;
        if self.weekly.len() <= w {
            self.weekly.resize(w + 1, WeekStat::default());
        }
        &mut self.weekly[w]
    }

    /// A consultation at `t` after `delay_min` minutes of waiting, in the weekly series.
    pub fn weekly_consultation(&mut self, t: crate::engine::time::SimTime, delay_min: u32) {
        let w = self.week(t);
        w.consultations += 1;
        w.delay_sum_min += u64::from(delay_min);
    }

    /// A patient enters (or leaves, with `sign < 0`) the headcount of its cells.
    pub fn count_inhabitant(&mut self, t: u16, cells: [u8; 5], registered: bool, sign: i64) {
        let base = t as usize * GROUPS;
        let age = age_of(cells);
        for g in cells {
            let a = &mut self.age_headcount[base + g as usize][age];
            *a = a.wrapping_add_signed(sign);
            let h = &mut self.headcount[base + g as usize];
            h.0 = h.0.wrapping_add_signed(sign);
            if registered {
                h.1 = h.1.wrapping_add_signed(sign);
            }
        }
    }

    /// Adds one day of person-time from the current headcounts.
    pub fn add_person_day(&mut self) {
        for ((c, h), ages) in self.cells.iter_mut().zip(&self.headcount).zip(&self.age_headcount) {
            c.person_days += h.0;
            c.registered_person_days += h.1;
            for (a, n) in c.by_age.iter_mut().zip(ages) {
                a.person_days += n;
            }
        }
        self.observed_days += 1;
    }

    pub fn need(&mut self, t: u16, cells: [u8; 5], kind: NeedKind) {
        self.each(t, cells, |c| c.needs[kind.index()] += 1);
    }

    /// A need of the cohort was seen after `r.delay_min` minutes.
    pub fn need_seen(&mut self, t: u16, cells: [u8; 5], r: &NeedSeen) {
        let b = bin_of(r.delay_min);
        self.each(t, cells, |c| {
            let k = r.kind.index();
            c.seen[k] += 1;
            c.delay_sum_min[k] += u64::from(r.delay_min);
            c.delay_calendar_days += u64::from(r.calendar_days);
            c.delay_hist[b] += 1;
            if r.kind.is_unscheduled() {
                c.seen_24h += u64::from(r.delay_min <= 1440);
                c.seen_48h += u64::from(r.delay_min <= 2880);
            }
            let bin = k * CALENDAR_BINS + calendar_bin(r.calendar_days);
            c.all_days[bin] += 1;
            if r.gp {
                c.gp_days[bin] += 1;
                c.gp_booked_at_visit += u64::from(r.at_visit);
            }
        });
    }

    /// A request for a GP slot of the cohort, and its fate.
    pub fn request(&mut self, t: u16, cells: [u8; 5], f: &RequestFate) {
        self.each(t, cells, |c| {
            c.gp_requests += 1;
            c.own_gp_requests += u64::from(f.own_gp);
            c.own_gp_failed += u64::from(f.own_gp && f.failed);
            c.failed_requests += u64::from(f.failed);
            c.any_gp_failed += u64::from(f.no_gp_slot);
            if let (true, Some(o)) = (f.failed, f.outcome) {
                c.failed_outcomes[o as usize] += 1;
            }
        });
    }

    /// A need of the cohort forgone, with its cause (with [`Recorder::forgone`]).
    pub fn forgone_cause(&mut self, t: u16, cells: [u8; 5], cause: ForgoCause) {
        self.each(t, cells, |c| c.forgone_causes[cause as usize] += 1);
    }

    /// When an ED visit of the window happened: weekday (Monday = 0) and hour band.
    pub fn ed_visit_time(&mut self, t: u16, cells: [u8; 5], weekday: usize, band: usize) {
        self.each(t, cells, |c| {
            c.ed_weekday[weekday] += 1;
            c.ed_hour[band] += 1;
        });
    }

    /// An acute minor need of the window arose on `weekday` (Monday = 0).
    pub fn acute_need_weekday(&mut self, t: u16, cells: [u8; 5], weekday: usize) {
        self.each(t, cells, |c| c.acute_weekday[weekday] += 1);
    }

    /// An inhabitant at the horizon, with `avoidable` avoidable admissions in the window.
    pub fn inhabitant_at_end(&mut self, t: u16, cells: [u8; 5], avoidable: u8) {
        self.each(t, cells, |c| {
            c.patients_end += 1;
            if avoidable > 0 {
                c.avoidable_patients[usize::from(avoidable > 1)] += 1;
            }
        });
    }

    /// A need of the cohort still waits at the horizon, since `waited_min`.
    pub fn pending_at_horizon(&mut self, t: u16, cells: [u8; 5], waited_min: u32) {
        self.each(t, cells, |c| {
            c.pending += 1;
            c.pending_wait_min += u64::from(waited_min);
        });
    }

    /// A consultation was given in the window (a GP slot, or a service).
    pub fn consultation_given(&mut self, t: u16, cells: [u8; 5], r: &ConsultGiven) {
        self.each(t, cells, |c| {
            c.consultations[r.kind.index()] += 1;
            c.travel_sum_min += r.travel_min;
            c.travel_n += 1;
            c.teleconsultations += u64::from(r.remote);
            if let Some(s) = r.service {
                c.service_consultations[s as usize] += 1;
            }
            c.cost_care_eur += r.cost_eur;
        });
        if r.service.is_none() {
            // A visitor's GP consultation is one of the territory's GPs' (occupancy).
            self.gp_consultations[t as usize % self.residents.max(1)] += 1;
        }
    }

    /// A cost of care outside consultations (ED, hospital, regulation), €.
    pub fn cost(&mut self, t: u16, cells: [u8; 5], eur: f64) {
        self.each(t, cells, |c| c.cost_care_eur += eur);
    }

    /// A SAS call answered after `minutes` in regulation (wait + handling); `to_service`: oriented to a service.
    pub fn sas_answered(&mut self, t: u16, cells: [u8; 5], minutes: u32, to_service: bool) {
        self.each(t, cells, |c| {
            c.sas_minutes += u64::from(minutes);
            c.sas_to_service += u64::from(to_service);
        });
    }

    /// An answered SAS call the regulator resolved by advice (counted in `sas_call` too).
    pub fn sas_advised(&mut self, t: u16, cells: [u8; 5]) {
        self.each(t, cells, |c| c.sas_advised += 1);
    }

    /// A SAS call not taken: the day's capacity was used.
    pub fn sas_over_capacity(&mut self, t: u16, cells: [u8; 5]) {
        self.each(t, cells, |c| c.sas_over_capacity += 1);
    }

    /// A SAS call abandoned after `minutes` of waiting.
    pub fn sas_abandoned(&mut self, t: u16, cells: [u8; 5], minutes: u32) {
        self.each(t, cells, |c| {
            c.sas_abandoned += 1;
            c.sas_minutes += u64::from(minutes);
        });
    }

    /// A call regulated by the SAS; `oriented`: it ended with a GP slot.
    pub fn sas_call(&mut self, t: u16, cells: [u8; 5], oriented: bool) {
        self.each(t, cells, |c| {
            c.sas_calls += 1;
            c.sas_oriented += u64::from(oriented);
        });
    }

    pub fn forgone(&mut self, t: u16, cells: [u8; 5], kind: NeedKind) {
        self.each(t, cells, |c| c.forgone[kind.index()] += 1);
    }

    pub fn ed_visit(&mut self, t: u16, cells: [u8; 5], cause: EdCause) {
        let age = age_of(cells);
        self.each(t, cells, |c| {
            c.ed_visits[cause as usize] += 1;
            c.by_age[age].ed_visits += 1;
        });
    }

    pub fn admission(&mut self, t: u16, cells: [u8; 5], kind: Admission) {
        let avoidable = matches!(kind, Admission::AvoidableAcute | Admission::AvoidableChronic);
        let age = age_of(cells);
        self.each(t, cells, |c| {
            c.admissions[kind as usize] += 1;
            c.by_age[age].avoidable_admissions += u64::from(avoidable);
        });
    }

    /// A discharge of the window; `readmitted`: a readmission within 30 days was drawn for it.
    pub fn discharge(&mut self, t: u16, cells: [u8; 5], readmitted: bool) {
        self.each(t, cells, |c| {
            c.discharges += 1;
            c.readmitted_discharges += u64::from(readmitted);
        });
    }

    /// The cell of territory `t`, group `g`.
    pub fn cell(&self, t: usize, g: usize) -> &Cell {
        &self.cells[t * GROUPS + g]
    }

    /// Indicator values of every territory and group, from the declarations
    /// in [`INDICATORS`] and [`FAMILIES`]; a value whose denominator is zero
    /// is left out.
    /// The most indicator values [`Recorder::indicators`] can give for
    /// `territories` with `services` services (the walk-in one included):
    /// what a kept task result holds (the memory estimate).
    pub fn max_indicator_rows(territories: usize, services: usize) -> usize {
        let r = Recorder::new(1, (0..services).map(|i| i.to_string()).collect(), 0);
        let per_group = |g: usize| {
            INDICATORS.iter().filter(|i| g == 0 || i.groups == Groups::Every).count()
                + FAMILIES.iter().map(|f| (f.members)(&r).len()).sum::<usize>()
        };
        territories * (0..GROUPS).map(per_group).sum::<usize>()
    }

    pub fn indicators(&self, territories: usize) -> Vec<IndicatorValue> {
        let mut out = Vec::new();
        for t in 0..territories {
            for g in 0..GROUPS {
                let ctx = Ctx { c: self.cell(t, g), r: self, t, g };
                for ind in INDICATORS.iter().filter(|i| g == 0 || i.groups == Groups::Every) {
                    if let Some(value) = ind.value(&ctx) {
                        out.push(IndicatorValue { territory: t, group: g, name: ind.name.to_string(), value });
                    }
                }
                for fam in FAMILIES {
                    for (k, member) in (fam.members)(self).into_iter().enumerate() {
                        let (num, den) = (fam.measure)(&ctx, k);
                        if let Some(value) = scaled(fam.factor, num, den) {
                            out.push(IndicatorValue { territory: t, group: g, name: format!("{}.{member}", fam.prefix), value });
                        }
                    }
                }
            }
        }
        out
    }
}

/// What an indicator is computed from: one breakdown cell, with the whole
/// recorder for the territory-level counts (GP slots, policy costs).
pub struct Ctx<'a> {
    pub c: &'a Cell,
    pub r: &'a Recorder,
    /// Territory index.
    pub t: usize,
    /// Group index.
    pub g: usize,
}

impl Ctx<'_> {
    /// The second line's counts of this cell (default when it is off).
    pub(crate) fn second_line(&self) -> &SecondLineCell {
        static EMPTY: SecondLineCell = SecondLineCell {
            referrals: [0; 4],
            telexpertise: [0; 4],
            forgone: [0; 4],
            elsewhere: [0; 4],
            delay_days: Vec::new(),
            urgent_delay_days: Vec::new(),
        };
        self.r.second_line.get(self.t * GROUPS + self.g).unwrap_or(&EMPTY)
    }
    /// (transitions, information lost) of this cell; zeros when coordination is off.
    fn information(&self) -> [u64; 2] {
        self.r.information.get(self.t * GROUPS + self.g).copied().unwrap_or([0; 2])
    }
    fn person_years(&self) -> f64 {
        self.c.person_days as f64 / 365.0
    }
    fn years(&self) -> f64 {
        self.r.observed_days as f64 / 365.0
    }
    fn consultations(&self) -> f64 {
        self.c.consultations.iter().sum::<u64>() as f64
    }
    fn seen(&self) -> f64 {
        self.c.seen.iter().sum::<u64>() as f64
    }
    fn needs(&self) -> f64 {
        self.c.needs.iter().sum::<u64>() as f64
    }
    fn ed(&self) -> f64 {
        self.c.ed_visits.iter().sum::<u64>() as f64
    }
    fn admissions(&self) -> f64 {
        self.c.admissions.iter().sum::<u64>() as f64
    }
    fn avoidable(&self) -> f64 {
        (self.c.admissions[Admission::AvoidableAcute as usize] + self.c.admissions[Admission::AvoidableChronic as usize]) as f64
    }
    /// A count of the territory's visitors over the inhabitants' person-years
    /// (nothing without a seasonal population).
    fn visitors_per_inhabitant(&self, count: impl Fn(&Cell) -> f64) -> (f64, f64) {
        self.r.visitors(self.t).map_or((0.0, 0.0), |v| (count(v), self.person_years()))
    }
    /// A by-period value, given only where there is a seasonal population.
    fn by_period(&self, num: f64, den: f64) -> (f64, f64) {
        if self.r.visitors(self.t).is_some() {
            (num, den)
        } else {
            (0.0, 0.0)
        }
    }
    fn policy_cost(&self) -> f64 {
        self.r.policy_cost_eur[self.t]
    }
    /// The calendar-day histogram of need kind `k` (GP consultations when `gp`).
    pub(crate) fn days_of(&self, gp: bool, k: usize) -> &[u32] {
        let h = if gp { &self.c.gp_days } else { &self.c.all_days };
        &h[k * CALENDAR_BINS..(k + 1) * CALENDAR_BINS]
    }
    /// The calendar-day histogram of every need kind together.
    pub(crate) fn days(&self, gp: bool) -> Vec<u32> {
        let mut out = vec![0u32; CALENDAR_BINS];
        for k in 0..NeedKind::COUNT {
            for (o, h) in out.iter_mut().zip(self.days_of(gp, k)) {
                *o += h;
            }
        }
        out
    }
}

/// Share seen the same or the next calendar day.
fn same_next_day(h: &[u32]) -> (f64, f64) {
    calendar_band(h, 0, 2)
}

/// Share seen 5 calendar days or more after the request.
fn five_days_plus(h: &[u32]) -> (f64, f64) {
    calendar_band(h, 5, u32::MAX)
}

/// The observation window an indicator counts on (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    /// Facts that happen in [warm-up, horizon).
    EventTime,
    /// Needs that arise in [warm-up, horizon), followed to their outcome.
    NeedCohort,
}

/// Which breakdown groups an indicator is given for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Groups {
    /// Every group of the breakdown.
    Every,
    /// Group `all` only (territory-level counts).
    AllOnly,
}

/// One indicator, declared once: value = `factor` × numerator / denominator.
pub struct Indicator {
    pub name: &'static str,
    pub unit: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub window: Window,
    pub groups: Groups,
    /// A share (numerator ⊆ denominator): always in [0, 1].
    pub share: bool,
    pub factor: f64,
    measure: fn(&Ctx) -> (f64, f64),
}

impl Indicator {
    /// The value, or None when the denominator is zero.
    pub fn value(&self, ctx: &Ctx) -> Option<f64> {
        let (num, den) = (self.measure)(ctx);
        scaled(self.factor, num, den)
    }

    /// Numerator and denominator, before scaling (for checks).
    pub fn parts(&self, ctx: &Ctx) -> (f64, f64) {
        (self.measure)(ctx)
    }
}

/// A family of indicators, one per member (`delay_mean_days.<need kind>` …).
/// Whether `name` (an indicator or a family member) is a share: a fraction
/// of its denominator, between 0 and 1 (0.9 = 90 %), never a percentage.
pub fn is_share(name: &str) -> bool {
    INDICATORS.iter().any(|i| i.name == name && i.share && i.factor == 1.0)
        || FAMILIES
            .iter()
            .any(|f| f.share && f.factor == 1.0 && name.strip_prefix(f.prefix).is_some_and(|m| m.len() > 1 && m.starts_with('.')))
}

/// Whether `name` (an indicator or a family member) counts events per
/// 1,000 person-years of the group's inhabitants over the window: value =
/// 1,000 × events ÷ person-years, person-years = `population` × the
/// window's length, the same for every arm and replication of a run. Its
/// paired differences are then whole numbers of events in disguise
/// (`results::paired_rows`).
pub fn is_count_per_1000_person_years(name: &str) -> bool {
    let rate = |den: &str, factor: f64| den == "person-years" && factor == 1000.0;
    INDICATORS.iter().any(|i| i.name == name && rate(i.denominator, i.factor))
        || FAMILIES
            .iter()
            .any(|f| rate(f.denominator, f.factor) && name.strip_prefix(f.prefix).is_some_and(|m| m.len() > 1 && m.starts_with('.')))
}

pub struct Family {
    pub prefix: &'static str,
    pub unit: &'static str,
    pub numerator: &'static str,
    pub denominator: &'static str,
    pub window: Window,
    pub share: bool,
    pub factor: f64,
    members: fn(&Recorder) -> Vec<String>,
    measure: fn(&Ctx, usize) -> (f64, f64),
}

impl Family {
    /// The members' labels (need kinds, services, bands, causes).
    pub fn members(&self, r: &Recorder) -> Vec<String> {
        (self.members)(r)
    }
    pub fn parts(&self, ctx: &Ctx, k: usize) -> (f64, f64) {
        (self.measure)(ctx, k)
    }
}

fn scaled(factor: f64, num: f64, den: f64) -> Option<f64> {
    (den > 0.0).then(|| factor * num / den).filter(|v| v.is_finite())
}

macro_rules! ind {
    ($name:expr, $unit:expr, $num:expr, $den:expr, $window:ident, $groups:ident, $share:expr, $factor:expr, $measure:expr) => {
        Indicator {
            name: $name,
            unit: $unit,
            numerator: $num,
            denominator: $den,
            window: Window::$window,
            groups: Groups::$groups,
            share: $share,
            factor: $factor,
            measure: $measure,
        }
    };
}

/// Every indicator of `indicators.csv` (families in [`FAMILIES`]).
pub const INDICATORS: &[Indicator] = &[
    ind!("population", "inhabitants", "person-days", "observed days", EventTime, Every, false, 1.0, |x| (
        x.c.person_days as f64,
        x.r.observed_days as f64
    )),
    ind!("needs_per_1000", "per 1,000 inhabitants per year", "needs arisen", "person-years", EventTime, Every, false, 1000.0, |x| (
        x.needs(),
        x.person_years()
    )),
    ind!(
        "consultations_per_inhabitant",
        "per inhabitant per year",
        "consultations given (GPs and services)",
        "person-years",
        EventTime,
        Every,
        false,
        1.0,
        |x| (x.consultations(), x.person_years())
    ),
    ind!(
        "delay_mean_days",
        "days",
        "summed delays from request to consultation",
        "needs seen",
        NeedCohort,
        Every,
        false,
        1.0 / 1440.0,
        |x| (x.c.delay_sum_min.iter().sum::<u64>() as f64, x.seen())
    ),
    ind!(
        "delay_mean_calendar_days",
        "calendar days",
        "summed consultation day − request day",
        "needs seen",
        NeedCohort,
        Every,
        false,
        1.0,
        |x| (x.c.delay_calendar_days as f64, x.seen())
    ),
    ind!(
        "delay_median_days",
        "days",
        "median of the delay histogram (hourly bins to 7 days, daily after)",
        "needs seen",
        NeedCohort,
        Every,
        false,
        1.0,
        |x| quantile_parts(&x.c.delay_hist, 0.5)
    ),
    ind!("delay_p90_days", "days", "90th percentile of the delay histogram", "needs seen", NeedCohort, Every, false, 1.0, |x| {
        quantile_parts(&x.c.delay_hist, 0.9)
    }),
    ind!(
        "unscheduled_seen_24h_share",
        "share",
        "acute minor needs seen within 24 h",
        "acute minor needs",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| (x.c.seen_24h as f64, x.c.needs[NeedKind::AcuteMinor.index()] as f64)
    ),
    ind!(
        "unscheduled_seen_48h_share",
        "share",
        "acute minor needs seen within 48 h",
        "acute minor needs",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| (x.c.seen_48h as f64, x.c.needs[NeedKind::AcuteMinor.index()] as f64)
    ),
    ind!(
        "needs_pending_at_horizon_share",
        "share",
        "needs still waiting for a booked consultation at the horizon",
        "needs",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| (x.c.pending as f64, x.needs())
    ),
    ind!(
        "pending_wait_so_far_mean_days",
        "days",
        "summed waits so far of the needs pending at the horizon",
        "needs pending at the horizon",
        NeedCohort,
        Every,
        false,
        1.0 / 1440.0,
        |x| (x.c.pending_wait_min as f64, x.c.pending as f64)
    ),
    ind!(
        "registered_gp_coverage",
        "share",
        "person-days registered with a médecin traitant",
        "person-days",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.registered_person_days as f64, x.c.person_days as f64)
    ),
    ind!("forgone_care_rate", "share", "needs forgone", "needs other than acute serious", NeedCohort, Every, true, 1.0, |x| (
        x.c.forgone.iter().sum::<u64>() as f64,
        x.needs() - x.c.needs[NeedKind::AcuteSerious.index()] as f64
    )),
    ind!("travel_time_mean_min", "minutes", "summed travel times", "consultations given", EventTime, Every, false, 1.0, |x| (
        x.c.travel_sum_min,
        x.c.travel_n as f64
    )),
    ind!("teleconsultation_share", "share", "remote consultations given", "consultations given", EventTime, Every, true, 1.0, |x| (
        x.c.teleconsultations as f64,
        x.consultations()
    )),
    ind!(
        "pharmacy_nurse_share",
        "share",
        "consultations given by the pharmacy/nurse walk-in",
        "consultations given",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.service_consultations.first().copied().unwrap_or(0) as f64, x.consultations())
    ),
    ind!(
        "sas_calls_per_1000",
        "per 1,000 inhabitants per year",
        "calls regulated by the SAS",
        "person-years",
        EventTime,
        Every,
        false,
        1000.0,
        |x| (x.c.sas_calls as f64, x.person_years())
    ),
    ind!("sas_oriented_share", "share", "SAS calls ending with a GP slot", "SAS calls", EventTime, Every, true, 1.0, |x| (
        x.c.sas_oriented as f64,
        x.c.sas_calls as f64
    )),
    ind!(
        "sas_service_share",
        "share",
        "SAS calls oriented to a service (PDSA, teleconsultation, protocol …)",
        "SAS calls",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.sas_to_service as f64, x.c.sas_calls as f64)
    ),
    ind!(
        "sas_advice_share",
        "share",
        "SAS calls resolved by advice (no consultation booked, no ED visit)",
        "SAS calls answered",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.sas_advised as f64, x.c.sas_calls as f64)
    ),
    // The fourth outcome of an answered call (`world::regulation`,
    // `Regulated::NotOriented`): no GP slot (nor service place, when the
    // regulator orients to every option) within `max_delay`, not resolved by
    // advice (none given, or not followed: `Regulated::AdviceNotFollowed`); the
    // caller's own choice follows (`world::booking`). With the three shares
    // above it sums to the calls answered.
    ind!(
        "sas_not_oriented_share",
        "share",
        "SAS calls answered with nothing booked within the delay and no advice followed (the caller's own choice follows)",
        "SAS calls answered",
        EventTime,
        Every,
        true,
        1.0,
        |x| ((x.c.sas_calls.saturating_sub(x.c.sas_oriented + x.c.sas_to_service + x.c.sas_advised)) as f64, x.c.sas_calls as f64)
    ),
    ind!(
        "sas_abandoned_share",
        "share",
        "SAS calls abandoned before an answer",
        "SAS calls answered or abandoned",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.sas_abandoned as f64, (x.c.sas_calls + x.c.sas_abandoned) as f64)
    ),
    // Calls over the day's capacity are refused before any line: they are
    // neither answered nor abandoned (`world::regulation`, `Regulated::OverCapacity`).
    ind!(
        "sas_over_capacity_share",
        "share",
        "SAS calls not taken because the day's capacity was used",
        "SAS calls placed (not taken, answered or abandoned)",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.sas_over_capacity as f64, (x.c.sas_over_capacity + x.c.sas_calls + x.c.sas_abandoned) as f64)
    ),
    ind!(
        "sas_regulation_minutes_mean",
        "minutes",
        "minutes callers spent in regulation (wait + handling; the patience when abandoned)",
        "SAS calls answered or abandoned",
        EventTime,
        Every,
        false,
        1.0,
        |x| (x.c.sas_minutes as f64, (x.c.sas_calls + x.c.sas_abandoned) as f64)
    ),
    ind!(
        "forgone_information_per_1000",
        "per 1,000 inhabitants per year",
        "needs forgone for lack of information (an option existed the patient did not know of)",
        "person-years",
        NeedCohort,
        Every,
        false,
        1000.0,
        |x| (x.c.forgone_causes[ForgoCause::Information as usize] as f64, x.person_years())
    ),
    ind!(
        "cost_care_per_inhabitant_eur",
        "€ per inhabitant per year",
        "cost of care (consultations, ED, stays, regulation)",
        "person-years",
        EventTime,
        Every,
        false,
        1.0,
        |x| (x.c.cost_care_eur, x.person_years())
    ),
    ind!("ed_visits_per_1000", "per 1,000 inhabitants per year", "ED visits", "person-years", EventTime, Every, false, 1000.0, |x| (
        x.ed(),
        x.person_years()
    )),
    ind!(
        "ed_visits_per_1000_age_std",
        "per 1,000 inhabitants per year, age-standardised to France 2025",
        "Σ over age bands of France 2025's share × the band's ED visits per person-year",
        "1 (not computed when an age band has no person-time)",
        EventTime,
        Every,
        false,
        1000.0,
        |x| age_standardised(x.c, |a| a.ed_visits)
    ),
    ind!(
        "avoidable_hosp_per_1000",
        "per 1,000 inhabitants per year",
        "avoidable admissions (acute escalation, chronic decompensation)",
        "person-years",
        EventTime,
        Every,
        false,
        1000.0,
        |x| (x.avoidable(), x.person_years())
    ),
    ind!(
        "avoidable_hosp_per_1000_age_std",
        "per 1,000 inhabitants per year, age-standardised to France 2025",
        "Σ over age bands of France 2025's share × the band's avoidable admissions per person-year",
        "1 (not computed when an age band has no person-time)",
        EventTime,
        Every,
        false,
        1000.0,
        |x| age_standardised(x.c, |a| a.avoidable_admissions)
    ),
    ind!(
        "avoidable_hosp_chronic_per_1000",
        "per 1,000 inhabitants per year",
        "avoidable admissions for a chronic decompensation",
        "person-years",
        EventTime,
        Every,
        false,
        1000.0,
        |x| (x.c.admissions[Admission::AvoidableChronic as usize] as f64, x.person_years())
    ),
    ind!(
        "hospitalisations_per_1000",
        "per 1,000 inhabitants per year",
        "admissions of every kind",
        "person-years",
        EventTime,
        Every,
        false,
        1000.0,
        |x| (x.admissions(), x.person_years())
    ),
    ind!(
        "readmission_30d_rate",
        "share",
        "discharges of the window followed by a readmission within 30 days (decided at discharge)",
        "discharges of the window",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.readmitted_discharges as f64, x.c.discharges as f64)
    ),
    ind!(
        "primary_care_contact_share",
        "share",
        "consultations given",
        "consultations + ED visits + admissions",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.consultations(), x.consultations() + x.ed() + x.admissions())
    ),
    ind!(
        "gp_delay_mean_calendar_days",
        "calendar days",
        "summed consultation day − request day of needs seen by a GP of the territory",
        "needs seen by a GP",
        NeedCohort,
        Every,
        false,
        1.0,
        |x| calendar_mean_parts(&x.days(true))
    ),
    ind!(
        "gp_delay_median_calendar_days",
        "calendar days",
        "median of consultation day − request day, needs seen by a GP",
        "needs seen by a GP",
        NeedCohort,
        Every,
        false,
        1.0,
        |x| calendar_quantile(&x.days(true), 0.5)
    ),
    ind!(
        "gp_delay_p90_calendar_days",
        "calendar days",
        "90th percentile of consultation day − request day, needs seen by a GP",
        "needs seen by a GP",
        NeedCohort,
        Every,
        false,
        1.0,
        |x| calendar_quantile(&x.days(true), 0.9)
    ),
    ind!(
        "gp_delay_same_next_day_share",
        "share",
        "needs seen by a GP the day of the request or the next day",
        "needs seen by a GP",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| same_next_day(&x.days(true))
    ),
    ind!(
        "gp_delay_5d_plus_share",
        "share",
        "needs seen by a GP 5 calendar days or more after the request",
        "needs seen by a GP",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| five_days_plus(&x.days(true))
    ),
    ind!(
        "gp_booked_at_visit_share",
        "share",
        "needs seen by a GP that were booked at a previous consultation (the next follow-up fixed at the end of a visit, waits.next_visit_booked_share; their delay counts from that visit)",
        "needs seen by a GP",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| (x.c.gp_booked_at_visit as f64, x.days(true).iter().map(|&h| f64::from(h)).sum::<f64>())
    ),
    ind!(
        "delay_median_calendar_days",
        "calendar days",
        "median of consultation day − request day, needs seen by any professional",
        "needs seen",
        NeedCohort,
        Every,
        false,
        1.0,
        |x| calendar_quantile(&x.days(false), 0.5)
    ),
    ind!(
        "delay_p90_calendar_days",
        "calendar days",
        "90th percentile of consultation day − request day, needs seen by any professional",
        "needs seen",
        NeedCohort,
        Every,
        false,
        1.0,
        |x| calendar_quantile(&x.days(false), 0.9)
    ),
    ind!(
        "delay_same_next_day_share",
        "share",
        "needs seen by any professional the day of the request or the next day",
        "needs seen",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| same_next_day(&x.days(false))
    ),
    ind!(
        "delay_5d_plus_share",
        "share",
        "needs seen by any professional 5 calendar days or more after the request",
        "needs seen",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| five_days_plus(&x.days(false))
    ),
    ind!(
        "gp_request_failed_own_share",
        "share",
        "requests to the own GP (médecin traitant) without a slot within the tolerance",
        "requests for a GP slot by registered patients",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| (x.c.own_gp_failed as f64, x.c.own_gp_requests as f64)
    ),
    ind!(
        "gp_request_failed_any_share",
        "share",
        "requests for a GP slot that found none within the tolerance (own GP, networks, GPs the patient knows)",
        "requests for a GP slot",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| (x.c.any_gp_failed as f64, x.c.gp_requests as f64)
    ),
    ind!(
        "gp_request_failed_share",
        "share",
        "requests whose first choice failed (own GP; any GP for a patient without one)",
        "requests for a GP slot",
        NeedCohort,
        Every,
        true,
        1.0,
        |x| (x.c.failed_requests as f64, x.c.gp_requests as f64)
    ),
    ind!(
        "avoidable_hosp_patients_one_share",
        "share",
        "inhabitants at the horizon with exactly one avoidable admission in the window",
        "inhabitants at the horizon",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.avoidable_patients[0] as f64, x.c.patients_end as f64)
    ),
    ind!(
        "avoidable_hosp_patients_several_share",
        "share",
        "inhabitants at the horizon with two or more avoidable admissions in the window",
        "inhabitants at the horizon",
        EventTime,
        Every,
        true,
        1.0,
        |x| (x.c.avoidable_patients[1] as f64, x.c.patients_end as f64)
    ),
    ind!("gp_utilisation", "share", "GP consultations given", "GP slots offered", EventTime, AllOnly, true, 1.0, |x| (
        x.r.gp_consultations[x.t] as f64,
        x.r.gp_slots_offered[x.t] as f64
    )),
    ind!(
        "gp_squeezed_in_share",
        "share",
        "GP consultations squeezed in beyond the calendar (gp.squeeze_in_per_day), booked for days of the window",
        "GP consultations given",
        EventTime,
        AllOnly,
        true,
        1.0,
        |x| (x.r.gp_squeezed_in[x.t] as f64, x.r.gp_consultations[x.t] as f64)
    ),
    ind!(
        "gp_list_closed_share",
        "share",
        "GP-days with the list closed to new registrations, the diary saturated (registration.close_list_utilisation)",
        "GP-days of practising GPs",
        EventTime,
        AllOnly,
        true,
        1.0,
        |x| (x.r.gp_days_list_closed[x.t] as f64, x.r.gp_days[x.t] as f64)
    ),
    ind!(
        "gp_consultations_per_gp_year",
        "consultations per GP per year",
        "GP consultations given",
        "GP-years of practising GPs (days active ÷ 365)",
        EventTime,
        AllOnly,
        false,
        365.0,
        |x| (x.r.gp_consultations[x.t] as f64, x.r.gp_days[x.t] as f64)
    ),
    ind!(
        "coordination_hours_per_professional",
        "hours per GP per week",
        "GP hours withheld from consultations for coordination (CPTS, MSP, DAC membership) on the days worked",
        "GP-weeks of practising GPs (days active ÷ 7); no row when coordination is off",
        EventTime,
        AllOnly,
        false,
        7.0,
        |x| match x.r.coordination_hours.get(x.t) {
            Some(h) => (*h, x.r.gp_days[x.t] as f64),
            None => (0.0, 0.0),
        }
    ),
    ind!(
        "coordination_hours_per_nurse",
        "hours per nurse per week",
        "nurse hours withheld from consultations for coordination by the nurse services of CPTS, MSP and DAC (places withheld × slot minutes ÷ 60) on the days the structure is in force",
        "nurse-weeks of those services (nurses consulting at once × days the structure is in force ÷ 7); no row when coordination is off or no such service",
        EventTime,
        AllOnly,
        false,
        7.0,
        |x| match x.r.nurse_coordination.get(x.t) {
            Some([h, d]) => (*h, *d),
            None => (0.0, 0.0),
        }
    ),
    ind!(
        "information_lost_per_1000",
        "per 1,000 inhabitants per year",
        "transitions of care (discharge → own GP; consultation by someone else than the own GP → own GP) with the information lost",
        "person-years; no row when coordination is off",
        EventTime,
        Every,
        false,
        1000.0,
        |x| if x.r.information.is_empty() { (0.0, 0.0) } else { (x.information()[1] as f64, x.person_years()) }
    ),
    ind!(
        "information_lost_share",
        "share",
        "transitions of care with the information lost",
        "transitions of care (discharge; consultation by someone else than the own GP)",
        EventTime,
        Every,
        true,
        1.0,
        |x| {
            let [n, lost] = x.information();
            (lost as f64, n as f64)
        }
    ),
    ind!(
        "cost_policy_per_inhabitant_eur",
        "€ per inhabitant per year",
        "running cost of the active policies",
        "person-years",
        EventTime,
        AllOnly,
        false,
        1.0,
        |x| (x.policy_cost(), x.person_years())
    ),
    ind!(
        "cost_total_per_inhabitant_eur",
        "€ per inhabitant per year",
        "cost of care + policies",
        "person-years",
        EventTime,
        AllOnly,
        false,
        1.0,
        |x| (x.policy_cost() + x.c.cost_care_eur, x.person_years())
    ),
    ind!("cost_total_eur_per_year", "€ per year", "cost of care + policies", "observed years", EventTime, AllOnly, false, 1.0, |x| (
        x.policy_cost() + x.c.cost_care_eur,
        x.years()
    )),
    ind!("avoidable_hosp_per_year", "per year", "avoidable admissions", "observed years", EventTime, AllOnly, false, 1.0, |x| (
        x.avoidable(),
        x.years()
    )),
    ind!("ed_visits_per_year", "per year", "ED visits", "observed years", EventTime, AllOnly, false, 1.0, |x| (x.ed(), x.years())),
    ind!(
        "visitor_acute_needs_per_1000",
        "per 1,000 inhabitants per year",
        "acute needs (minor and serious) of the seasonal population (visitors)",
        "inhabitants' person-years",
        EventTime,
        AllOnly,
        false,
        1000.0,
        |x| x.visitors_per_inhabitant(|v| (v.needs[NeedKind::AcuteMinor.index()] + v.needs[NeedKind::AcuteSerious.index()]) as f64)
    ),
    ind!(
        "visitor_consultations_per_1000",
        "per 1,000 inhabitants per year",
        "consultations given to visitors (GPs and services)",
        "inhabitants' person-years",
        EventTime,
        AllOnly,
        false,
        1000.0,
        |x| x.visitors_per_inhabitant(|v| v.consultations.iter().sum::<u64>() as f64)
    ),
    ind!(
        "visitor_ed_visits_per_1000",
        "per 1,000 inhabitants per year",
        "ED visits of visitors",
        "inhabitants' person-years",
        EventTime,
        AllOnly,
        false,
        1000.0,
        |x| x.visitors_per_inhabitant(|v| v.ed_visits.iter().sum::<u64>() as f64)
    ),
];

impl Window {
    pub fn label(self) -> &'static str {
        match self {
            Window::EventTime => "event time",
            Window::NeedCohort => "need cohort",
        }
    }
}

/// Every indicator name a scenario may write: the declared indicators and
/// each family's members (services as the pattern `<policy>_<service>`),
/// for suggestions (`scenario::unknown_indicator`).
pub fn known_names() -> Vec<String> {
    let mut example = Recorder::new(1, vec!["pharmacy_nurse".into(), "<policy>_<service>".into()], 1);
    example.enable_second_line();
    let mut out: Vec<String> = INDICATORS.iter().map(|i| i.name.to_string()).collect();
    for f in FAMILIES {
        out.extend(f.members(&example).into_iter().map(|m| format!("{}.{m}", f.prefix)));
    }
    out
}

/// The indicator table of docs/experiments.md § 4.1, generated from the
/// declarations (`parcours scenario indicators`): one row per indicator and
/// one per family member (services as one pattern row).
pub fn markdown_table() -> String {
    let mut out = String::from("| indicator | numerator | denominator | unit | window |\n|---|---|---|---|---|\n");
    for i in INDICATORS {
        let only = if i.groups == Groups::AllOnly { " (group `all` only)" } else { "" };
        out += &format!("| `{}` | {}{only} | {} | {} | {} |\n", i.name, i.numerator, i.denominator, i.unit, i.window.label());
    }
    let mut example = Recorder::new(1, vec!["pharmacy_nurse".into(), "<policy>_<service>".into()], 1);
    // The second line's families have members only when it runs (`specialists.enabled`).
    example.enable_second_line();
    for f in FAMILIES {
        for m in f.members(&example) {
            out += &format!("| `{}.{m}` | {} | {} | {} | {} |\n", f.prefix, f.numerator, f.denominator, f.unit, f.window.label());
        }
    }
    out
}

fn kinds(_: &Recorder) -> Vec<String> {
    NeedKind::ALL.iter().map(|k| k.label().to_string()).collect()
}

/// The need kinds a consultation can be booked for (acute serious needs go to the ED).
pub(crate) const KINDS_SEEN: [NeedKind; 7] = [
    NeedKind::AcuteMinor,
    NeedKind::ChronicFollowUp,
    NeedKind::Renewal,
    NeedKind::Prevention,
    NeedKind::Complex,
    NeedKind::PostDischarge,
    NeedKind::PhysicalFollowUp,
];

fn kinds_seen(_: &Recorder) -> Vec<String> {
    KINDS_SEEN.iter().map(|k| k.label().to_string()).collect()
}

fn weekdays(_: &Recorder) -> Vec<String> {
    WEEKDAYS.iter().map(|d| d.to_string()).collect()
}

/// A family over need kinds of a calendar-day statistic (GP consultations when `gp`).
macro_rules! by_kind {
    ($prefix:expr, $unit:expr, $num:expr, $den:expr, $share:expr, $gp:expr, $stat:expr) => {
        Family {
            prefix: $prefix,
            unit: $unit,
            numerator: $num,
            denominator: $den,
            window: Window::NeedCohort,
            share: $share,
            factor: 1.0,
            members: kinds_seen,
            measure: |x, k| $stat(x.days_of($gp, KINDS_SEEN[k].index())),
        }
    };
}

/// The specialties of the second line when it ran (no member, so no row, when it is off).
fn specialties(r: &Recorder) -> Vec<String> {
    if r.second_line.is_empty() {
        return Vec::new();
    }
    Specialty::ALL.iter().map(|s| s.label().to_string()).collect()
}

/// Whether `name` is an indicator of [`INDICATORS`] or a member
/// (`prefix.member`) of a [`FAMILIES`] family (the member itself is not
/// checked: some depend on the run, e.g. the services).
pub fn is_known(name: &str) -> bool {
    INDICATORS.iter().any(|i| i.name == name)
        || FAMILIES.iter().any(|f| name.strip_prefix(f.prefix).is_some_and(|m| m.len() > 1 && m.starts_with('.')))
}

/// The families of indicators, one per member; given for every group.
pub const FAMILIES: &[Family] = &[
    Family {
        prefix: "specialist_delay_median_days",
        unit: "calendar days",
        numerator: "median of advice day − referral day (specialist visit, or telexpertise answer) of the referrals to the specialty",
        denominator: "referrals of the window answered (visit booked or telexpertise)",
        window: Window::EventTime,
        share: false,
        factor: 1.0,
        members: specialties,
        measure: |x, k| calendar_quantile(x.second_line().delays(k), 0.5),
    },
    Family {
        prefix: "specialist_delay_q1_days",
        unit: "calendar days",
        numerator: "first quartile of advice day − referral day of the referrals to the specialty (the spread of the delays: urgent and routine requests, `specialists.urgent_share`)",
        denominator: "referrals of the window answered (visit booked or telexpertise)",
        window: Window::EventTime,
        share: false,
        factor: 1.0,
        members: specialties,
        measure: |x, k| calendar_quantile(x.second_line().delays(k), 0.25),
    },
    Family {
        prefix: "specialist_delay_p90_days",
        unit: "calendar days",
        numerator: "90th percentile of advice day − referral day of the referrals to the specialty",
        denominator: "referrals of the window answered (visit booked or telexpertise)",
        window: Window::EventTime,
        share: false,
        factor: 1.0,
        members: specialties,
        measure: |x, k| calendar_quantile(x.second_line().delays(k), 0.9),
    },
    Family {
        prefix: "specialist_urgent_delay_median_days",
        unit: "calendar days",
        numerator: "median of advice day − referral day (specialist visit, or telexpertise answer) of the urgent referrals to the specialty (new or worsening symptoms, `specialists.urgent_share`)",
        denominator: "urgent referrals of the window answered (visit booked or telexpertise)",
        window: Window::EventTime,
        share: false,
        factor: 1.0,
        members: specialties,
        measure: |x, k| calendar_quantile(x.second_line().urgent_delays(k), 0.5),
    },
    Family {
        prefix: "specialist_routine_delay_median_days",
        unit: "calendar days",
        numerator: "median of advice day − referral day (specialist visit, or telexpertise answer) of the routine referrals to the specialty (not urgent: check-ups, follow-ups)",
        denominator: "routine referrals of the window answered (visit booked or telexpertise)",
        window: Window::EventTime,
        share: false,
        factor: 1.0,
        members: specialties,
        measure: |x, k| calendar_quantile(&x.second_line().routine_delays(k), 0.5),
    },
    Family {
        prefix: "specialist_referrals_per_1000",
        unit: "per 1,000 inhabitants per year",
        numerator: "GP referrals to the specialty",
        denominator: "person-years",
        window: Window::EventTime,
        share: false,
        factor: 1000.0,
        members: specialties,
        measure: |x, k| (x.second_line().referrals[k] as f64, x.person_years()),
    },
    Family {
        prefix: "specialist_forgone_share",
        unit: "share",
        numerator: "referrals given up (no place within the patient's tolerance)",
        denominator: "referrals to the specialty",
        window: Window::EventTime,
        share: true,
        factor: 1.0,
        members: specialties,
        measure: |x, k| {
            let s = x.second_line();
            (s.forgone[k] as f64, s.referrals[k] as f64)
        },
    },
    Family {
        prefix: "specialist_other_class_share",
        unit: "share",
        numerator:
            "specialist visits booked with the specialists of another density class than the patient's zone or of its territory's outside pool (`specialists.pool_choice`, `specialists.catchment`)",
        denominator: "specialist visits booked (referrals less those given up and those answered by telexpertise)",
        window: Window::EventTime,
        share: true,
        factor: 1.0,
        members: specialties,
        measure: |x, k| {
            let s = x.second_line();
            (s.elsewhere[k] as f64, (s.referrals[k] - s.forgone[k] - s.telexpertise[k]) as f64)
        },
    },
    Family {
        prefix: "specialist_telexpertise_share",
        unit: "share",
        numerator: "referrals answered by telexpertise without a visit",
        denominator: "referrals to the specialty",
        window: Window::EventTime,
        share: true,
        factor: 1.0,
        members: specialties,
        measure: |x, k| {
            let s = x.second_line();
            (s.telexpertise[k] as f64, s.referrals[k] as f64)
        },
    },
    Family {
        prefix: "delay_share",
        unit: "share",
        numerator: "needs seen with a delay in the band",
        denominator: "needs seen",
        window: Window::NeedCohort,
        share: true,
        factor: 1.0,
        members: |_| DELAY_BANDS.iter().map(|b| b.0.to_string()).collect(),
        measure: |x, k| delay_share_parts(&x.c.delay_hist, DELAY_BANDS[k].1, DELAY_BANDS[k].2),
    },
    Family {
        prefix: "delay_mean_days",
        unit: "days",
        numerator: "summed delays of the need kind",
        denominator: "needs of the kind seen",
        window: Window::NeedCohort,
        share: false,
        factor: 1.0 / 1440.0,
        members: kinds,
        measure: |x, k| (x.c.delay_sum_min[k] as f64, x.c.seen[k] as f64),
    },
    Family {
        prefix: "consultations_per_1000",
        unit: "per 1,000 inhabitants per year",
        numerator: "consultations given by the service",
        denominator: "person-years",
        window: Window::EventTime,
        share: false,
        factor: 1000.0,
        members: |r| r.service_labels.iter().skip(1).cloned().collect(),
        measure: |x, k| (x.c.service_consultations[k + 1] as f64, x.person_years()),
    },
    Family {
        prefix: "ed_visits_per_1000",
        unit: "per 1,000 inhabitants per year",
        numerator: "ED visits of the cause",
        denominator: "person-years",
        window: Window::EventTime,
        share: false,
        factor: 1000.0,
        members: |_| EdCause::ALL.iter().map(|c| c.label().to_string()).collect(),
        measure: |x, k| (x.c.ed_visits[k] as f64, x.person_years()),
    },
    by_kind!(
        "gp_delay_mean_calendar_days",
        "calendar days",
        "summed calendar days from request to GP consultation, need kind",
        "needs of the kind seen by a GP",
        false,
        true,
        calendar_mean_parts
    ),
    by_kind!(
        "gp_delay_median_calendar_days",
        "calendar days",
        "median calendar days from request to GP consultation, need kind",
        "needs of the kind seen by a GP",
        false,
        true,
        |h| calendar_quantile(h, 0.5)
    ),
    by_kind!(
        "gp_delay_p90_calendar_days",
        "calendar days",
        "90th percentile of calendar days from request to GP consultation, need kind",
        "needs of the kind seen by a GP",
        false,
        true,
        |h| calendar_quantile(h, 0.9)
    ),
    by_kind!(
        "gp_delay_same_next_day_share",
        "share",
        "needs of the kind seen by a GP the day of the request or the next",
        "needs of the kind seen by a GP",
        true,
        true,
        same_next_day
    ),
    by_kind!(
        "gp_delay_5d_plus_share",
        "share",
        "needs of the kind seen by a GP 5 calendar days or more after the request",
        "needs of the kind seen by a GP",
        true,
        true,
        five_days_plus
    ),
    by_kind!(
        "delay_mean_calendar_days",
        "calendar days",
        "summed calendar days from request to consultation (any professional), need kind",
        "needs of the kind seen",
        false,
        false,
        calendar_mean_parts
    ),
    by_kind!(
        "delay_median_calendar_days",
        "calendar days",
        "median calendar days from request to consultation (any professional), need kind",
        "needs of the kind seen",
        false,
        false,
        |h| calendar_quantile(h, 0.5)
    ),
    by_kind!(
        "delay_p90_calendar_days",
        "calendar days",
        "90th percentile of calendar days from request to consultation (any professional), need kind",
        "needs of the kind seen",
        false,
        false,
        |h| calendar_quantile(h, 0.9)
    ),
    by_kind!(
        "delay_same_next_day_share",
        "share",
        "needs of the kind seen (any professional) the day of the request or the next",
        "needs of the kind seen",
        true,
        false,
        same_next_day
    ),
    by_kind!(
        "delay_5d_plus_share",
        "share",
        "needs of the kind seen (any professional) 5 calendar days or more after the request",
        "needs of the kind seen",
        true,
        false,
        five_days_plus
    ),
    Family {
        prefix: "gp_delay_share",
        unit: "share",
        numerator: "needs seen by a GP with a delay in the band of calendar days",
        denominator: "needs seen by a GP",
        window: Window::NeedCohort,
        share: true,
        factor: 1.0,
        members: |_| CALENDAR_BANDS.iter().map(|b| b.0.to_string()).collect(),
        measure: |x, k| calendar_band(&x.days(true), CALENDAR_BANDS[k].1, CALENDAR_BANDS[k].2),
    },
    Family {
        prefix: "failed_request_outcome_share",
        unit: "share",
        numerator: "failed requests followed by the outcome",
        denominator: "requests whose first choice failed",
        window: Window::NeedCohort,
        share: true,
        factor: 1.0,
        members: |_| RequestOutcome::ALL.iter().map(|o| o.label().to_string()).collect(),
        measure: |x, k| (x.c.failed_outcomes[k] as f64, x.c.failed_requests as f64),
    },
    Family {
        prefix: "forgone_cause_share",
        unit: "share",
        numerator: "needs forgone for the cause",
        denominator: "needs forgone",
        window: Window::NeedCohort,
        share: true,
        factor: 1.0,
        members: |_| ForgoCause::ALL.iter().map(|c| c.label().to_string()).collect(),
        measure: |x, k| (x.c.forgone_causes[k] as f64, x.c.forgone.iter().sum::<u64>() as f64),
    },
    Family {
        prefix: "ed_visits_weekday_share",
        unit: "share",
        numerator: "ED visits on the weekday",
        denominator: "ED visits",
        window: Window::EventTime,
        share: true,
        factor: 1.0,
        members: weekdays,
        measure: |x, k| (x.c.ed_weekday[k] as f64, x.ed()),
    },
    Family {
        prefix: "ed_visits_hour_share",
        unit: "share",
        numerator: "ED visits in the hour band",
        denominator: "ED visits",
        window: Window::EventTime,
        share: true,
        factor: 1.0,
        members: |_| HOUR_BANDS.iter().map(|b| b.0.to_string()).collect(),
        measure: |x, k| (x.c.ed_hour[k] as f64, x.ed()),
    },
    Family {
        prefix: "acute_needs_weekday_share",
        unit: "share",
        numerator: "acute minor needs arisen on the weekday",
        denominator: "acute minor needs",
        window: Window::NeedCohort,
        share: true,
        factor: 1.0,
        members: weekdays,
        measure: |x, k| (x.c.acute_weekday[k] as f64, x.c.needs[NeedKind::AcuteMinor.index()] as f64),
    },
    // By period of the year, only where there is a seasonal population (see `Ctx::by_period`).
    Family {
        prefix: "delay_mean_days_by_period",
        unit: "days",
        numerator: "summed delays of the inhabitants' needs whose onset fell in the period (all kinds, GPs and services)",
        denominator: "those needs seen",
        window: Window::NeedCohort,
        share: false,
        factor: 1.0 / 1440.0,
        members: periods,
        measure: |x, k| x.by_period(x.c.period_delay_min[k] as f64, x.c.period_seen[k] as f64),
    },
    Family {
        prefix: "ed_visits_per_1000_by_period",
        unit: "per 1,000 inhabitants per year",
        numerator: "inhabitants' ED visits in the period",
        denominator: "person-years of the period",
        window: Window::EventTime,
        share: false,
        factor: 365_000.0,
        members: periods,
        measure: |x, k| x.by_period(x.c.period_ed[k] as f64, x.c.period_person_days[k] as f64),
    },
    Family {
        prefix: "visitor_acute_needs_per_1000_by_period",
        unit: "per 1,000 inhabitants per year",
        numerator: "visitors' acute needs (minor and serious) in the period (group all only: the visitors of the territory)",
        denominator: "inhabitants' person-years of the period",
        window: Window::EventTime,
        share: false,
        factor: 365_000.0,
        members: periods,
        measure: |x, k| match x.r.visitors(x.t) {
            // Group `all` only: the visitors are not split by the inhabitants' groups.
            Some(v) if std::ptr::eq(x.c, x.r.cell(x.t, 0)) => (v.period_acute[k] as f64, x.c.period_person_days[k] as f64),
            _ => (0.0, 0.0),
        },
    },
];

fn periods(_: &Recorder) -> Vec<String> {
    super::seasonal::PERIODS.iter().map(|p| p.to_string()).collect()
}

/// One indicator value of one territory and group.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorValue {
    pub territory: usize,
    pub group: usize,
    pub name: String,
    pub value: f64,
}

fn quantile_days(hist: &[u32], q: f64) -> Option<f64> {
    let n: u64 = hist.iter().map(|&h| u64::from(h)).sum();
    if n == 0 {
        return None;
    }
    let rank = (q * n as f64).ceil().max(1.0) as u64;
    let mut acc = 0;
    for (b, &h) in hist.iter().enumerate() {
        acc += u64::from(h);
        if acc >= rank {
            return Some(bin_mid_days(b));
        }
    }
    None
}

/// (quantile in days, 1) or (0, 0) for an empty histogram.
fn quantile_parts(hist: &[u32], q: f64) -> (f64, f64) {
    quantile_days(hist, q).map_or((0.0, 0.0), |v| (v, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_labels_cover_every_breakdown() {
        let labels: Vec<_> = (0..GROUPS).map(group_label).collect();
        assert_eq!(labels[0], "all");
        assert!(labels.contains(&"density:isolated".to_string()));
        assert!(labels.contains(&"age:85+".to_string()));
        assert!(labels.contains(&"registered_gp:no".to_string()));
        let c = cells(DensityClass::Rural, AgeBand::A85plus, true, false);
        assert_eq!(
            c.map(|g| group_label(g as usize)),
            ["all", "density:rural", "age:85+", "vulnerable:yes", "registered_gp:no"].map(String::from)
        );
    }

    #[test]
    fn histogram_bins_are_hours_then_days() {
        assert_eq!(bin_of(0), 0);
        assert_eq!(bin_of(59), 0);
        assert_eq!(bin_of(60), 1);
        assert_eq!(bin_of(7 * 1440), HOUR_BINS);
        assert_eq!(bin_of(u32::MAX), BINS - 1);
        assert!((bin_mid_days(HOUR_BINS) - 7.5).abs() < 1e-12);
    }

    #[test]
    fn quantiles_come_from_the_histogram() {
        let mut h = vec![0u32; BINS];
        h[bin_of(2 * 1440)] = 50; // 50 consultations at ~2 days
        h[bin_of(10 * 1440)] = 50; // 50 at ~10 days
        let med = quantile_days(&h, 0.5).unwrap();
        assert!((med - 2.0).abs() < 0.05, "median {med}");
        let p90 = quantile_days(&h, 0.9).unwrap();
        assert!((p90 - 10.5).abs() < 1e-9, "p90 {p90}");
        assert_eq!(quantile_days(&vec![0; BINS], 0.5), None);
    }

    #[test]
    fn age_standardised_rates_weigh_each_band_by_france() {
        // Two groups with the same rate in every age band but different ages
        // have the same standardised rate; by hand: 1,000 people per band for a
        // year, band a has (a + 1) · 10 avoidable admissions → rate (a + 1) · 10
        // per 1,000; standardised = Σ wₐ (a + 1) · 10 with France's weights
        // 0.166851, 0.362607, 0.252999, 0.111031, 0.072933, 0.033578
        // = 1.6685 + 7.2521 + 7.5900 + 4.4412 + 3.6467 + 2.0147 = 26.6132.
        let mut r = Recorder::new(1, vec!["walk_in".into()], 1);
        for (a, age) in AgeBand::ALL.into_iter().enumerate() {
            let c = cells(DensityClass::Rural, age, a % 2 == 0, true);
            r.count_inhabitant(0, c, true, 1000);
        }
        for _ in 0..365 {
            r.add_person_day();
        }
        for (a, age) in AgeBand::ALL.into_iter().enumerate() {
            let c = cells(DensityClass::Rural, age, a % 2 == 0, true);
            for _ in 0..(a + 1) * 10 {
                r.admission(0, c, Admission::AvoidableChronic);
                r.ed_visit(0, c, EdCause::Decompensation);
            }
        }
        r.check_consistency().unwrap();
        let v = r.indicators(1);
        let get = |g: usize, name: &str| v.iter().find(|x| x.group == g && x.name == name).map(|x| x.value);
        let std = get(0, "avoidable_hosp_per_1000_age_std").unwrap();
        assert!((std - 26.6132).abs() < 1e-3, "{std}");
        assert!((get(0, "ed_visits_per_1000_age_std").unwrap() - std).abs() < 1e-9);
        // The crude rate is the plain mean (210 / 6,000 · 1,000 = 35).
        assert!((get(0, "avoidable_hosp_per_1000").unwrap() - 35.0).abs() < 1e-9);
        // An age group, or vulnerable:yes (bands 0, 2, 4 only), lacks bands: not computed.
        assert_eq!(get(5, "avoidable_hosp_per_1000_age_std"), None);
        assert_eq!(get(12, "avoidable_hosp_per_1000_age_std"), None);
    }

    #[test]
    fn rates_are_per_1000_person_years() {
        let mut r = Recorder::new(1, vec!["walk_in".into()], 1);
        let c = cells(DensityClass::DenseUrban, AgeBand::A15to44, false, true);
        r.count_inhabitant(0, c, true, 1000);
        for _ in 0..365 {
            r.add_person_day();
        }
        for _ in 0..31 {
            r.ed_visit(0, c, EdCause::Serious);
        }
        let v = r.indicators(1);
        let get = |name: &str| v.iter().find(|x| x.group == 0 && x.name == name).unwrap().value;
        assert!((get("ed_visits_per_1000") - 31.0).abs() < 1e-9);
        assert!((get("registered_gp_coverage") - 1.0).abs() < 1e-12);
        assert!((get("population") - 1000.0).abs() < 1e-9);
    }
}
