//! DAC (dispositif d'appui à la coordination): case management of complex
//! situations.
//!
//! Complex patients of the scope are enrolled up to the DAC's capacity. An
//! enrolled patient's situation is coordinated (the `complex_uncoordinated_factor`
//! no longer applies and the hazard is further lowered), the case manager
//! finds them a GP slot with any GP within reach (faster access, no refusal),
//! and after a hospital stay a coordinated visit is organised first.

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
    /// Cost, € per case followed per year (assumption).
    pub cost_per_case_eur: f64,
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
        }
    }
}

pub struct Dac {
    c: Common,
    p: DacParams,
    enrolled: Vec<u32>,
    network: Option<NetworkId>,
    discharge: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
}

impl Dac {
    pub fn new(c: Common, p: DacParams) -> Self {
        Dac { c, p, enrolled: Vec::new(), network: None, discharge: None, costs: Vec::new() }
    }

    fn enrolled(&self, p: &PatientView) -> bool {
        self.enrolled.binary_search(&p.id).is_ok()
    }
}

impl Policy for Dac {
    common_accessors!("dac", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let mut complex = ctx.complex_patients_in(&self.c.scope.in_zone);
        let (n, cap) = (complex.len(), self.p.capacity_cases as usize);
        if self.p.spread_enrolment && n > cap {
            complex = (0..cap).map(|k| complex[k * n / cap]).collect();
        }
        complex.truncate(cap);
        complex.sort_unstable();
        self.enrolled = complex;
        if self.enrolled.is_empty() {
            return;
        }
        let gp_zones = ctx.gp_zones();
        let all: Vec<u32> = (0..gp_zones.len() as u32).filter(|&g| self.c.scope.covers(gp_zones[g as usize])).collect();
        self.network = Some(ctx.add_network(all));
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
        let cases = self.enrolled.len() as f64;
        self.costs = scope_cost(cases * self.p.cost_per_case_eur, &self.c.scope, ctx);
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

    fn on_discharge(&self, p: &PatientView, req: &mut DischargeRequest) {
        if self.enrolled(p) {
            req.coordinated_visit = self.discharge;
        }
    }
}
