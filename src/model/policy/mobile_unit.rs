//! Mobile care unit ("bus de soins"): a GP and a nurse who come to isolated
//! zones on set days. Patients of the scope can book it for any need that is
//! not an emergency; a visit counts as a chronic follow-up.

use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Mobile unit parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MobileUnitParams {
    /// Days of presence per week (Monday first; assumption: one day a week).
    pub days_per_week: u32,
    /// Consultations per day of presence (assumption).
    pub consultations_per_day: u32,
    /// Utility relative to a GP at equal delay (assumption).
    pub asc: f64,
    /// Running cost, € per year (assumption: vehicle, staff, fuel ≈ €250,000).
    pub cost_per_year_eur: f64,
}

impl Default for MobileUnitParams {
    fn default() -> Self {
        MobileUnitParams { days_per_week: 1, consultations_per_day: 20, asc: 0.0, cost_per_year_eur: 250_000.0 }
    }
}

pub struct MobileUnit {
    c: Common,
    p: MobileUnitParams,
    service: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
}

impl MobileUnit {
    pub fn new(c: Common, p: MobileUnitParams) -> Self {
        MobileUnit { c, p, service: None, costs: Vec::new() }
    }
}

impl Policy for MobileUnit {
    common_accessors!("mobile_unit", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let zones: Vec<u32> = scope_zones(&self.c.scope, ctx);
        if zones.is_empty() || self.p.days_per_week == 0 {
            return;
        }
        let days: Vec<Weekday> = Weekday::ALL.iter().copied().take(self.p.days_per_week.min(6) as usize).collect();
        let spec = ServiceSpec::new(
            format!("{}_mobile", self.c.name),
            ProfessionalKind::Gp,
            OpeningHours::weekly(&days, (hm(9, 0), hm(12, 30)), (hm(13, 30), hm(17, 0))),
        )
        .at(zones)
        .slot_minutes(20)
        .capacity_per_day(self.p.consultations_per_day)
        .parallel(2)
        .unit_cost_eur(30.0)
        .horizon_days(30);
        self.service = Some(ctx.add_service(spec));
        self.costs = scope_cost(self.p.cost_per_year_eur, &self.c.scope, ctx);
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if let (Some(s), true) = (self.service, self.c.scope.covers(p.zone)) {
            if kind != NeedKind::AcuteSerious {
                req.offers.push(Offer { service: s, asc: self.p.asc });
            }
        }
    }
}
