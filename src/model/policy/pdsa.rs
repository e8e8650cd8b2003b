//! PDSA (permanence des soins ambulatoires): an out-of-hours GP roster.
//!
//! A duty GP per sector on weekday evenings (20:00–24:00), Saturday
//! afternoon and evening, Sundays and public holidays (08:00–24:00). It is
//! offered to patients of the scope whose acute need arises while practices
//! are closed.

use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// PDSA parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PdsaParams {
    /// GPs on duty at once in the scope (sectors; assumption: one per sector).
    pub gps_on_duty: u32,
    /// Minutes per out-of-hours consultation (assumption).
    pub slot_minutes: u32,
    /// Utility of a PDSA consultation relative to a GP at equal delay (assumption).
    pub asc: f64,
    /// Running cost, € per year per GP on duty (on-call fees ≈ €150 per evening, assumption).
    pub cost_per_year_per_duty_gp_eur: f64,
}

impl Default for PdsaParams {
    fn default() -> Self {
        PdsaParams { gps_on_duty: 1, slot_minutes: 20, asc: -0.2, cost_per_year_per_duty_gp_eur: 60_000.0 }
    }
}

pub struct Pdsa {
    c: Common,
    p: PdsaParams,
    service: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
}

impl Pdsa {
    pub fn new(c: Common, p: PdsaParams) -> Self {
        Pdsa { c, p, service: None, costs: Vec::new() }
    }
}

/// Out-of-hours opening of the roster.
pub fn out_of_hours() -> OpeningHours {
    use Weekday::*;
    let mut h = OpeningHours::weekly(&[Monday, Tuesday, Wednesday, Thursday, Friday], (hm(20, 0), hm(24, 0)), (0, 0));
    h.set(Saturday, (hm(12, 0), hm(20, 0)), (hm(20, 0), hm(24, 0)));
    h.set(Sunday, (hm(8, 0), hm(14, 0)), (hm(14, 0), hm(24, 0)));
    h
}

impl Policy for Pdsa {
    common_accessors!("pdsa");

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let zones: Vec<u32> = (0..ctx.zones() as u32).filter(|&z| self.c.scope.covers(z)).collect();
        if zones.is_empty() || self.p.gps_on_duty == 0 {
            return;
        }
        self.service = Some(ctx.add_service(ServiceSpec {
            label: format!("{}_pdsa", self.c.name),
            kind: ProfessionalKind::Gp,
            remote: false,
            hours: out_of_hours(),
            slot_minutes: self.p.slot_minutes.max(5),
            capacity_per_day: 0,
            parallel: self.p.gps_on_duty,
            zones,
            follow_up_share: 0.0,
            counts_as_followup: false,
            unit_cost_eur: 50.0,
            horizon_days: 2,
            open_on_holidays: true,
        }));
        self.costs =
            split_cost(self.p.cost_per_year_per_duty_gp_eur * f64::from(self.p.gps_on_duty), &scope_territories(&self.c.scope, ctx));
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if let (NeedKind::AcuteMinor, Some(s), true) = (kind, self.service, self.c.scope.covers(p.zone)) {
            req.offers.push(Offer { service: s, asc: self.p.asc });
        }
    }

    fn yearly_cost(&self) -> Vec<(u16, f64)> {
        self.costs.clone()
    }
}
