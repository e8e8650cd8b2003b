//! Caregiver support (aide aux aidants): training, respite and coordination
//! with caregivers. Supported caregivers lower the decompensation hazard of
//! the chronic patients they help and raise adherence (patients persist
//! longer to obtain their follow-up).

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
    /// Cost, € per year (assumption: a platform of respite and support).
    pub cost_per_year_eur: f64,
}

impl Default for CaregiverParams {
    fn default() -> Self {
        CaregiverParams { hazard_factor: 0.8, adherence_factor: 1.5, cost_per_year_eur: 80_000.0 }
    }
}

pub struct CaregiverSupport {
    c: Common,
    p: CaregiverParams,
    costs: Vec<(u16, f64)>,
}

impl CaregiverSupport {
    pub fn new(c: Common, p: CaregiverParams) -> Self {
        CaregiverSupport { c, p, costs: Vec::new() }
    }

    fn supported(&self, p: &PatientView) -> bool {
        p.caregiver && p.health.is_chronic() && self.c.scope.covers(p.zone)
    }
}

impl Policy for CaregiverSupport {
    common_accessors!("caregiver_support");

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        self.costs = split_cost(self.p.cost_per_year_eur, &scope_territories(&self.c.scope, ctx));
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if kind == NeedKind::ChronicFollowUp && self.supported(p) {
            req.tolerance_factor *= self.p.adherence_factor;
        }
    }

    fn hazard(&self, p: &PatientView, req: &mut HazardRequest) {
        if self.supported(p) {
            req.decompensation *= self.p.hazard_factor;
        }
    }

    fn yearly_cost(&self) -> Vec<(u16, f64)> {
        self.costs.clone()
    }
}
