//! Indicators: recorders that accumulate what happens, and the indicator
//! values they yield at the end of a replication.
//!
//! The pathway calls the recorder at each fact (a need arose, a consultation
//! took place, an ED visit …) with the patient's breakdown cells. A patient
//! belongs to five cells of its territory: `all`, its density class, its age
//! band, its vulnerability and its registered-GP status. Counts are kept per
//! cell; indicator values (rates per 1,000 inhabitants per year, shares, mean
//! and quantile delays) are computed once at the end. Only facts inside the
//! observation window (after warm-up) are recorded.

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

/// Share of consultations whose delay falls in [lo, hi) days.
fn delay_share(hist: &[u32], lo: usize, hi: usize) -> Option<f64> {
    let n: u64 = hist.iter().map(|&h| u64::from(h)).sum();
    let inside: u64 = hist[bin_at_day(lo)..bin_at_day(hi)].iter().map(|&h| u64::from(h)).sum();
    ratio(inside as f64, n as f64)
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
    pub consultations: [u64; NeedKind::COUNT],
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
    pub person_days: u64,
    pub registered_person_days: u64,
}

impl Cell {
    fn new(services: usize) -> Self {
        Cell {
            needs: [0; NeedKind::COUNT],
            consultations: [0; NeedKind::COUNT],
            delay_sum_min: [0; NeedKind::COUNT],
            delay_calendar_days: 0,
            delay_hist: vec![0; BINS],
            seen_24h: 0,
            seen_48h: 0,
            forgone: [0; NeedKind::COUNT],
            ed_visits: [0; 4],
            admissions: [0; 4],
            discharges: 0,
            travel_sum_min: 0.0,
            travel_n: 0,
            teleconsultations: 0,
            service_consultations: vec![0; services],
            cost_care_eur: 0.0,
            sas_calls: 0,
            sas_oriented: 0,
            person_days: 0,
            registered_person_days: 0,
        }
    }
}

/// Accumulates the facts of one replication, per territory and group.
#[derive(Clone, Debug)]
pub struct Recorder {
    cells: Vec<Cell>,
    /// Inhabitants currently in each cell, and how many are registered.
    pub headcount: Vec<(u64, u64)>,
    /// GP slots offered and consultations held, per territory.
    pub gp_slots_offered: Vec<u64>,
    pub gp_consultations: Vec<u64>,
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
}

/// One consultation, as recorded.
#[derive(Clone, Copy, Debug)]
pub struct ConsultRecord {
    pub kind: NeedKind,
    pub delay_min: u32,
    /// Consultation day − request day (the unit of appointment-delay surveys).
    pub calendar_days: u32,
    pub travel_min: f64,
    pub remote: bool,
    /// The service that gave it (None: a GP slot).
    pub service: Option<u16>,
    pub cost_eur: f64,
}

impl Recorder {
    pub fn new(territories: usize, service_labels: Vec<String>, zones: usize) -> Self {
        Recorder {
            cells: vec![Cell::new(service_labels.len()); territories * GROUPS],
            headcount: vec![(0, 0); territories * GROUPS],
            gp_slots_offered: vec![0; territories],
            gp_consultations: vec![0; territories],
            observed_days: 0,
            service_labels,
            policy_cost_eur: vec![0.0; territories],
            weekly: Vec::new(),
            zone_stats: vec![ZoneStat::default(); zones],
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
    /// headcounts never went below zero, and SAS orientations never exceed calls.
    pub fn check_consistency(&self) -> Result<(), String> {
        for t in 0..self.gp_consultations.len() {
            let all = self.cell(t, 0);
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
                if c.sas_oriented > c.sas_calls || c.seen_24h > c.seen_48h {
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
        for g in cells {
            let h = &mut self.headcount[base + g as usize];
            h.0 = h.0.wrapping_add_signed(sign);
            if registered {
                h.1 = h.1.wrapping_add_signed(sign);
            }
        }
    }

    /// Adds one day of person-time from the current headcounts.
    pub fn add_person_day(&mut self) {
        for (c, h) in self.cells.iter_mut().zip(&self.headcount) {
            c.person_days += h.0;
            c.registered_person_days += h.1;
        }
        self.observed_days += 1;
    }

    pub fn need(&mut self, t: u16, cells: [u8; 5], kind: NeedKind) {
        self.each(t, cells, |c| c.needs[kind.index()] += 1);
    }

    /// A consultation took place (a GP slot, or a service).
    pub fn consultation(&mut self, t: u16, cells: [u8; 5], r: &ConsultRecord) {
        let b = bin_of(r.delay_min);
        self.each(t, cells, |c| {
            let k = r.kind.index();
            c.consultations[k] += 1;
            c.delay_sum_min[k] += u64::from(r.delay_min);
            c.delay_calendar_days += u64::from(r.calendar_days);
            c.delay_hist[b] += 1;
            if r.kind.is_unscheduled() {
                c.seen_24h += u64::from(r.delay_min <= 1440);
                c.seen_48h += u64::from(r.delay_min <= 2880);
            }
            c.travel_sum_min += r.travel_min;
            c.travel_n += 1;
            c.teleconsultations += u64::from(r.remote);
            if let Some(s) = r.service {
                c.service_consultations[s as usize] += 1;
            }
            c.cost_care_eur += r.cost_eur;
        });
        if r.service.is_none() {
            self.gp_consultations[t as usize] += 1;
        }
    }

    /// A cost of care outside consultations (ED, hospital, regulation), €.
    pub fn cost(&mut self, t: u16, cells: [u8; 5], eur: f64) {
        self.each(t, cells, |c| c.cost_care_eur += eur);
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
        self.each(t, cells, |c| c.ed_visits[cause as usize] += 1);
    }

    pub fn admission(&mut self, t: u16, cells: [u8; 5], kind: Admission) {
        self.each(t, cells, |c| c.admissions[kind as usize] += 1);
    }

    pub fn discharge(&mut self, t: u16, cells: [u8; 5]) {
        self.each(t, cells, |c| c.discharges += 1);
    }

    /// The cell of territory `t`, group `g`.
    pub fn cell(&self, t: usize, g: usize) -> &Cell {
        &self.cells[t * GROUPS + g]
    }

    /// Indicator values of every territory and group.
    pub fn indicators(&self, territories: usize) -> Vec<IndicatorValue> {
        let mut out = Vec::new();
        for t in 0..territories {
            for g in 0..GROUPS {
                let c = self.cell(t, g);
                let mut push = |name: String, v: Option<f64>| {
                    if let Some(value) = v.filter(|v| v.is_finite()) {
                        out.push(IndicatorValue { territory: t, group: g, name, value });
                    }
                };
                cell_indicators(c, self.observed_days, &self.service_labels, &mut push);
                if g == 0 {
                    push("gp_utilisation".into(), ratio(self.gp_consultations[t] as f64, self.gp_slots_offered[t] as f64));
                    let years = self.observed_days as f64 / 365.0;
                    let person_years = c.person_days as f64 / 365.0;
                    let policy = self.policy_cost_eur[t];
                    push("cost_policy_per_inhabitant_eur".into(), ratio(policy, person_years));
                    push("cost_total_per_inhabitant_eur".into(), ratio(policy + c.cost_care_eur, person_years));
                    push("cost_total_eur_per_year".into(), ratio(policy + c.cost_care_eur, years));
                    let avoidable = c.admissions[Admission::AvoidableAcute as usize] + c.admissions[Admission::AvoidableChronic as usize];
                    push("avoidable_hosp_per_year".into(), ratio(avoidable as f64, years));
                    push("ed_visits_per_year".into(), ratio(c.ed_visits.iter().sum::<u64>() as f64, years));
                }
            }
        }
        out
    }
}

/// One indicator value of one territory and group.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorValue {
    pub territory: usize,
    pub group: usize,
    pub name: String,
    pub value: f64,
}

fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0).then(|| a / b)
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

fn cell_indicators(c: &Cell, observed_days: u64, services: &[String], push: &mut impl FnMut(String, Option<f64>)) {
    let person_years = c.person_days as f64 / 365.0;
    let per_1000 = |n: u64| ratio(1000.0 * n as f64, person_years);
    let sum = |a: &[u64]| a.iter().sum::<u64>();
    let needs = sum(&c.needs);
    let consults = sum(&c.consultations);
    let ed = sum(&c.ed_visits);
    let hosp = sum(&c.admissions);
    push("population".into(), ratio(c.person_days as f64, observed_days as f64));
    push("needs_per_1000".into(), per_1000(needs));
    push("consultations_per_inhabitant".into(), ratio(consults as f64, person_years));
    push("delay_mean_days".into(), ratio(sum(&c.delay_sum_min) as f64 / 1440.0, consults as f64));
    push("delay_mean_calendar_days".into(), ratio(c.delay_calendar_days as f64, consults as f64));
    push("delay_median_days".into(), quantile_days(&c.delay_hist, 0.5));
    push("delay_p90_days".into(), quantile_days(&c.delay_hist, 0.9));
    for (label, lo, hi) in DELAY_BANDS {
        push(format!("delay_share.{label}"), delay_share(&c.delay_hist, lo, hi));
    }
    for k in NeedKind::ALL {
        let i = k.index();
        push(format!("delay_mean_days.{}", k.label()), ratio(c.delay_sum_min[i] as f64 / 1440.0, c.consultations[i] as f64));
    }
    let acute = c.needs[NeedKind::AcuteMinor.index()] as f64;
    push("unscheduled_seen_24h_share".into(), ratio(c.seen_24h as f64, acute));
    push("unscheduled_seen_48h_share".into(), ratio(c.seen_48h as f64, acute));
    push("registered_gp_coverage".into(), ratio(c.registered_person_days as f64, c.person_days as f64));
    let non_serious = needs - c.needs[NeedKind::AcuteSerious.index()];
    push("forgone_care_rate".into(), ratio(sum(&c.forgone) as f64, non_serious as f64));
    push("travel_time_mean_min".into(), ratio(c.travel_sum_min, c.travel_n as f64));
    push("teleconsultation_share".into(), ratio(c.teleconsultations as f64, consults as f64));
    push("pharmacy_nurse_share".into(), ratio(c.service_consultations.first().copied().unwrap_or(0) as f64, consults as f64));
    for (label, n) in services.iter().zip(&c.service_consultations).skip(1) {
        push(format!("consultations_per_1000.{label}"), per_1000(*n));
    }
    push("sas_calls_per_1000".into(), per_1000(c.sas_calls));
    push("sas_oriented_share".into(), ratio(c.sas_oriented as f64, c.sas_calls as f64));
    push("cost_care_per_inhabitant_eur".into(), ratio(c.cost_care_eur, person_years));
    push("ed_visits_per_1000".into(), per_1000(ed));
    for cause in EdCause::ALL {
        push(format!("ed_visits_per_1000.{}", cause.label()), per_1000(c.ed_visits[cause as usize]));
    }
    let avoidable = c.admissions[Admission::AvoidableAcute as usize] + c.admissions[Admission::AvoidableChronic as usize];
    push("avoidable_hosp_per_1000".into(), per_1000(avoidable));
    push("avoidable_hosp_chronic_per_1000".into(), per_1000(c.admissions[Admission::AvoidableChronic as usize]));
    push("hospitalisations_per_1000".into(), per_1000(hosp));
    push("readmission_30d_rate".into(), ratio(c.admissions[Admission::Readmission as usize] as f64, c.discharges as f64));
    push("primary_care_contact_share".into(), ratio(consults as f64, (consults + ed + hosp) as f64));
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
