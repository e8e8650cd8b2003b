//! Caregiver support (aide aux aidants): training, respite and coordination
//! with caregivers. Supported caregivers lower the decompensation hazard of
//! the chronic patients they help and raise adherence (patients persist
//! longer to obtain their follow-up).
//!
//! **Reach grows with places.** The programme supports `places` caregivers
//! at once; the chronic patients with a caregiver in the scope are supported
//! with probability min(1, places / eligible), a stable draw per patient.
//! The cost follows the places.

use super::spec::Common;
use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Caregiver support parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CaregiverParams {
    /// Multiplier of the decompensation hazard of chronic patients with a supported caregiver (assumption).
    pub hazard_factor: f64,
    /// Multiplier of their tolerance of delay for chronic follow-ups (adherence; assumption).
    pub adherence_factor: f64,
    /// Caregivers supported at once (places; assumption, sized by the scenario).
    pub places: f64,
    /// Cost per place, € per year (assumption: €800, range 400–2,000; a respite and support platform
    /// of €80,000 a year for about a hundred caregivers).
    pub cost_per_place_year_eur: f64,
}

impl Default for CaregiverParams {
    fn default() -> Self {
        CaregiverParams { hazard_factor: 0.8, adherence_factor: 1.5, places: 100.0, cost_per_place_year_eur: 800.0 }
    }
}

pub struct CaregiverSupport {
    c: Common,
    p: CaregiverParams,
    costs: Vec<(u16, f64)>,
    reach: f64,
    key: u64,
}

impl CaregiverSupport {
    pub fn new(c: Common, p: CaregiverParams) -> Self {
        CaregiverSupport { c, p, costs: Vec::new(), reach: 0.0, key: 0 }
    }

    fn eligible(p: &PatientView) -> bool {
        p.caregiver && p.health.is_chronic()
    }

    fn supported(&self, p: &PatientView) -> bool {
        Self::eligible(p) && self.c.scope.covers(p.zone) && policy_uniform(&self.c.name, self.key, u64::from(p.id)) < self.reach
    }
}

impl Policy for CaregiverSupport {
    common_accessors!("caregiver_support", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        self.costs = scope_cost(self.p.places * self.p.cost_per_place_year_eur, &self.c.scope, ctx);
        self.reach = staffed_reach(self.p.places, ctx.patients_in(&self.c.scope.in_zone, &Self::eligible));
        self.key = ctx.seed_key();
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if kind == NeedKind::ChronicFollowUp && self.supported(p) {
            req.tolerance_factor *= self.p.adherence_factor;
        }
    }

    fn max_hazard_factor(&self) -> f64 {
        self.p.hazard_factor.max(1.0)
    }

    fn hazard(&self, p: &PatientView, req: &mut HazardRequest) {
        if self.supported(p) {
            req.decompensation *= self.p.hazard_factor;
        }
    }
}
