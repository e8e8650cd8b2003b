//! Telexpertise (téléexpertise) on the second line: the GP asks a specialist
//! remotely, without a visit and without a teleconsultation platform.
//!
//! For a GP referral of a patient living in the scope (`model::specialists`),
//! the world first tries telexpertise: it needs the GP's practice to be
//! connected (a draw against the zone's broadband share: internet coverage
//! holds it back in rural places, context 004) and a participating
//! specialist to answer without seeing the patient (`answered_share`, by
//! specialty). Then the advice comes `answer_days` later, costs
//! `cost_per_act_eur`, and no specialist place is taken, which frees places
//! for the other referrals. The yearly running cost (equipment, secure
//! messaging) is split over the scope's inhabitants.

use super::spec::Common;
use super::*;
use crate::model::specialists::{Specialty, SPECIALTIES};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Telexpertise parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TelexpertiseParams {
    /// Share of connected referrals a specialist answers without a visit, by specialty (ophthalmology,
    /// dermatology, cardiology, gynaecology; assumption: 0.3, 0.6, 0.4, 0.2, range ±0.2 — dermatology,
    /// on photographs, is answered remotely most often).
    pub answered_share: [f64; SPECIALTIES],
    /// Days from the request to the answer (assumption: 3; the tariff requires an answer within 7 days).
    pub answer_days: u32,
    /// Cost of one act, € (Assurance Maladie 2019: €20 to the specialist asked, €10 to the GP asking).
    pub cost_per_act_eur: f64,
    /// Running cost per 1,000 inhabitants covered, € per year, × participation (assumption: €200, range 50–500; equipment and messaging).
    pub cost_per_1000_year_eur: f64,
}

impl Default for TelexpertiseParams {
    fn default() -> Self {
        TelexpertiseParams { answered_share: [0.3, 0.6, 0.4, 0.2], answer_days: 3, cost_per_act_eur: 30.0, cost_per_1000_year_eur: 200.0 }
    }
}

pub struct Telexpertise {
    c: Common,
    p: TelexpertiseParams,
    costs: Vec<(u16, f64)>,
}

impl Telexpertise {
    pub fn new(c: Common, p: TelexpertiseParams) -> Self {
        Telexpertise { c, p, costs: Vec::new() }
    }
}

impl Policy for Telexpertise {
    common_accessors!("telexpertise", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        let covered: u64 = scope_territories(&self.c.scope, ctx).iter().map(|t| t.1).sum();
        // Equipment and messaging for the GPs who take part: the cost follows participation.
        let total = covered as f64 / 1000.0 * self.p.cost_per_1000_year_eur * self.c.scope.participation;
        self.costs = scope_cost(total, &self.c.scope, ctx);
    }

    fn on_referral(&self, p: &PatientView, gp: u32, s: Specialty, req: &mut ReferralRequest) {
        // The referring GP takes part with the scope's participation (a stable draw per GP).
        if self.c.scope.participates(&self.c.name, gp, p.zone) {
            req.telexpertise_share = req.telexpertise_share.max(self.p.answered_share[s.index()]);
            req.answer_days = self.p.answer_days;
            req.cost_eur = self.p.cost_per_act_eur;
        }
    }
}
