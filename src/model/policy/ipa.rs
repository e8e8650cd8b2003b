//! IPA (infirmier en pratique avancée): advanced-practice nurses who follow
//! stable chronic patients (one ALD) and renew their prescriptions, which
//! frees GP slots. A consultation with the IPA counts as a chronic follow-up.

use super::spec::Common;
use super::*;
use crate::engine::calendar::hm;
use crate::engine::Weekday;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// IPA parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct IpaParams {
    /// Full-time advanced-practice nurses in the scope.
    pub nurses: u32,
    /// Consultations per IPA per day (assumption: 30-minute consultations, some admin time).
    pub consultations_per_day: u32,
    /// Utility of an IPA consultation relative to a GP at equal delay (assumption).
    pub asc: f64,
    /// Cost, € per IPA per year (salary-equivalent, assumption).
    pub cost_per_nurse_year_eur: f64,
}

impl Default for IpaParams {
    fn default() -> Self {
        IpaParams { nurses: 1, consultations_per_day: 12, asc: -0.1, cost_per_nurse_year_eur: 60_000.0 }
    }
}

pub struct Ipa {
    c: Common,
    p: IpaParams,
    service: Option<ServiceId>,
    costs: Vec<(u16, f64)>,
}

impl Ipa {
    pub fn new(c: Common, p: IpaParams) -> Self {
        Ipa { c, p, service: None, costs: Vec::new() }
    }
}

impl Policy for Ipa {
    common_accessors!("ipa", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let zones: Vec<u32> = scope_zones(&self.c.scope, ctx);
        if zones.is_empty() || self.p.nurses == 0 {
            return;
        }
        let days = [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday];
        let spec = ServiceSpec::new(
            format!("{}_ipa", self.c.name),
            ProfessionalKind::AdvancedPracticeNurse,
            OpeningHours::weekly(&days, (hm(8, 30), hm(12, 30)), (hm(13, 30), hm(17, 30))),
        )
        .at(zones)
        .slot_minutes(30)
        .capacity_per_day(self.p.nurses * self.p.consultations_per_day)
        .parallel(self.p.nurses)
        .horizon_days(60);
        self.service = Some(ctx.add_service(spec));
        self.costs = scope_cost(f64::from(self.p.nurses) * self.p.cost_per_nurse_year_eur, &self.c.scope, ctx);
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        let Some(s) = self.service else { return };
        let stable_chronic = p.health == Health::OneAld && kind == NeedKind::ChronicFollowUp;
        if self.c.scope.covers(p.zone) && (stable_chronic || kind == NeedKind::Renewal) {
            req.offers.push(Offer { service: s, asc: self.p.asc });
        }
    }
}
