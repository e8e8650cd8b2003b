//! DAC (dispositif d'appui à la coordination): case management of complex
//! situations.
//!
//! Complex patients of the scope are enrolled up to the DAC's capacity. The
//! capacity is either given (`capacity_cases`) or **sized by staff**:
//! `case_managers` × `caseload_per_manager` situations followed at once, at
//! `cost_per_manager_year_eur` each (the cost follows the staff). Twice the
//! case managers follow twice the situations, up to every complex patient of
//! the scope.
//!
//! **Who is enrolled** (`enrolment`): `"risk"` (default) — the complex
//! patients referred by their GP or flagged at risk, highest risk first
//! (one point each for: no caregiver, vulnerable, aged 75+), ties broken by
//! a stable draw per patient from the policy's own stream; `"spread"` —
//! every k-th complex patient in the population's order (a DAC spread over a
//! large territory; also `spread_enrolment = true`); `"first"` — the first
//! ones in the population's order (the behaviour before issue 18: the
//! population is ordered by territory, age and health, so it enrolled the
//! youngest of the first territory). An enrolled patient's situation is coordinated (the `complex_uncoordinated_factor`
//! no longer applies and the hazard is further lowered), the case manager
//! finds them a GP slot with any GP within reach (faster access, no refusal),
//! and after a hospital stay a coordinated visit is organised first.

use super::id_set::IdSet;
use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// DAC parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct DacParams {
    /// Complex situations followed at once (case managers × caseload; assumption).
    pub capacity_cases: u32,
    /// Extra multiplier of the decompensation hazard of enrolled patients (assumption).
    pub hazard_factor: f64,
    /// Coordinated post-discharge visits (nurse) per day (assumption).
    pub discharge_visits_per_day: u32,
    /// Cost, € per case followed per year (assumption), when the capacity is given in cases.
    pub cost_per_case_eur: f64,
    /// Full-time case managers (gestionnaires de cas); 0: the capacity is `capacity_cases`.
    pub case_managers: f64,
    /// Situations followed at once per full-time case manager (MAIA
    /// specifications: at most 40 per case manager; assumption range 30–40).
    pub caseload_per_manager: f64,
    /// Cost per case manager per year, € (assumption: €60,000 salary-equivalent, range 50,000–70,000).
    pub cost_per_manager_year_eur: f64,
    /// Who is enrolled when the complex patients outnumber the places: "risk", "spread" or "first".
    pub enrolment: Enrolment,
    /// Enrol complex patients evenly over the scope (every k-th in the
    /// stable order) instead of the first ones up to the capacity: for a
    /// DAC whose capacity is spread over a large territory (today's
    /// organisation sets it).
    pub spread_enrolment: bool,
}

impl Default for DacParams {
    fn default() -> Self {
        DacParams {
            capacity_cases: 200,
            hazard_factor: 0.8,
            discharge_visits_per_day: 4,
            cost_per_case_eur: 1_500.0,
            spread_enrolment: false,
            case_managers: 0.0,
            caseload_per_manager: 40.0,
            cost_per_manager_year_eur: 60_000.0,
            enrolment: Enrolment::Risk,
        }
    }
}

/// How a DAC chooses the complex patients it follows when they outnumber its places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Enrolment {
    /// Referred by their GP or flagged at risk: highest risk first (no
    /// caregiver, vulnerable, 75+), ties broken by a stable draw.
    Risk,
    /// Every k-th in the population's order.
    Spread,
    /// The first ones in the population's order.
    First,
}

/// Risk points of a complex patient for enrolment: no caregiver, vulnerable, 75+.
pub fn enrolment_risk(p: &PatientView) -> u8 {
    u8::from(!p.caregiver) + u8::from(p.vulnerable) + u8::from(p.age.is_75_plus())
}

pub struct Dac {
    c: Common,
    p: DacParams,
    enrolled: Vec<u32>,
    /// `enrolled` as a set, for the per-need question.
    enrolled_set: IdSet,
    network: Option<NetworkId>,
    discharge: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
}

impl Dac {
    pub fn new(c: Common, p: DacParams) -> Self {
        Dac { c, p, enrolled: Vec::new(), enrolled_set: IdSet::default(), network: None, discharge: None, costs: Vec::new() }
    }

    /// Situations followed at once: staff × caseload, or the given capacity.
    pub fn places(&self) -> usize {
        if self.p.case_managers > 0.0 {
            (self.p.case_managers * self.p.caseload_per_manager).round() as usize
        } else {
            self.p.capacity_cases as usize
        }
    }

    /// The complex patients enrolled (sorted ids), by the enrolment rule.
    fn choose(&self, mut complex: Vec<PatientView>, key: u64) -> Vec<u32> {
        let (n, cap) = (complex.len(), self.places());
        let rule = if self.p.spread_enrolment { Enrolment::Spread } else { self.p.enrolment };
        match rule {
            Enrolment::Spread if n > cap => complex = (0..cap).map(|k| complex[k * n / cap]).collect(),
            Enrolment::Risk if n > cap => {
                let draw = |p: &PatientView| policy_uniform(&self.c.name, key, u64::from(p.id));
                complex.sort_by(|a, b| enrolment_risk(b).cmp(&enrolment_risk(a)).then(draw(a).total_cmp(&draw(b))));
            }
            _ => {}
        }
        complex.truncate(cap);
        let mut ids: Vec<u32> = complex.iter().map(|p| p.id).collect();
        ids.sort_unstable();
        ids
    }

    fn enrolled(&self, p: &PatientView) -> bool {
        // Only complex patients are enrolled and health does not change
        // during a run: the health test spares most needs a read of the set
        // (a cache miss per need with 68 M patients).
        p.health == Health::Complex && self.enrolled_set.contains(p.id)
    }
}

impl Policy for Dac {
    common_accessors!("dac", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let complex = ctx.complex_patients_in(&self.c.scope.in_zone);
        self.enrolled = self.choose(complex, ctx.seed_key());
        self.enrolled_set = IdSet::of(&self.enrolled);
        if self.enrolled.is_empty() {
            return;
        }
        let gp_zones = ctx.gp_zones();
        let all: Vec<u32> = (0..gp_zones.len() as u32).filter(|&g| self.c.scope.covers(gp_zones[g as usize])).collect();
        self.network = Some(ctx.add_network(all, NetworkReach::WithinReach));
        let zones: Vec<u32> = scope_zones(&self.c.scope, ctx);
        let days = [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday];
        let spec = ServiceSpec::new(
            format!("{}_discharge", self.c.name),
            ProfessionalKind::Nurse,
            OpeningHours::weekly(&days, (hm(9, 0), hm(12, 0)), (hm(14, 0), hm(17, 0))),
        )
        .at(zones)
        .slot_minutes(60)
        .capacity_per_day(self.p.discharge_visits_per_day)
        .parallel(self.p.discharge_visits_per_day.max(1))
        .unit_cost_eur(40.0)
        .horizon_days(14);
        self.discharge = Some(ctx.add_service(spec));
        let yearly = if self.p.case_managers > 0.0 {
            self.p.case_managers * self.p.cost_per_manager_year_eur
        } else {
            self.enrolled.len() as f64 * self.p.cost_per_case_eur
        };
        self.costs = scope_cost(yearly, &self.c.scope, ctx);
    }

    fn on_need(&self, p: &PatientView, _kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if self.enrolled(p) {
            req.information_lack_factor = 0.0;
        }
    }

    fn on_booking_failed(&self, p: &PatientView, _kind: NeedKind, _t: SimTime, req: &mut FailureRequest) {
        if let (true, Some(n)) = (self.enrolled(p), self.network) {
            req.networks.push((n, false));
        }
    }

    fn max_hazard_factor(&self) -> f64 {
        self.p.hazard_factor.max(1.0)
    }

    fn hazard(&self, p: &PatientView, req: &mut HazardRequest) {
        if self.enrolled(p) {
            req.coordinated = true;
            req.decompensation *= self.p.hazard_factor;
        }
    }

    fn coordination_network(&self) -> Option<NetworkId> {
        self.network
    }

    fn on_discharge(&self, p: &PatientView, req: &mut DischargeRequest) {
        if self.enrolled(p) {
            req.coordinated_visit = self.discharge;
        }
    }
}
