//! Added specialist sessions (consultations avancées): specialists from a
//! town or a hospital hold half-day sessions in the scope each week, for one
//! specialty.
//!
//! The sessions add places to the specialist pools of the covered zones'
//! territory × density class (`model::specialists`), split in proportion to
//! the zones' inhabitants, while the policy is in force: places per working
//! day = `sessions_per_week` / 5 × the specialty's consultations per session
//! × `referral_share`. With the specialists' direct demand (on by default)
//! every place is open to every request, referrals and direct requests
//! alike, so `referral_share` only scales the places added. The cost
//! follows the sessions.

use super::spec::Common;
use super::*;
use crate::model::specialists::Specialty;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Added specialist sessions parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct SpecialistSessionsParams {
    /// The specialty: `ophthalmology`, `dermatology`, `cardiology` or `gynaecology`.
    pub specialty: String,
    /// Half-day sessions added per week over the whole scope (assumption, sized by the scenario).
    pub sessions_per_week: f64,
    /// Share of the added sessions' consultations that become places in the
    /// pools (assumption: 0.5, range 0.3–1). With direct access (the default)
    /// those places are open to every request, GP referrals and direct
    /// requests alike: it scales the places added and reserves none for referrals.
    pub referral_share: f64,
    /// Cost of one session, € (assumption: €600, range 400–900: a specialist's half-day with travel).
    pub cost_per_session_eur: f64,
}

impl Default for SpecialistSessionsParams {
    fn default() -> Self {
        SpecialistSessionsParams {
            specialty: "ophthalmology".into(),
            sessions_per_week: 2.0,
            referral_share: 0.5,
            cost_per_session_eur: 600.0,
        }
    }
}

pub struct SpecialistSessions {
    c: Common,
    p: SpecialistSessionsParams,
    specialty: Specialty,
    costs: Vec<(u16, f64)>,
    /// Per zone: its share of the scope's inhabitants.
    share: Vec<f64>,
}

impl SpecialistSessions {
    pub fn new(c: Common, p: SpecialistSessionsParams) -> Self {
        let specialty = Specialty::parse(&p.specialty).unwrap_or(Specialty::Ophthalmology);
        SpecialistSessions { c, p, specialty, costs: Vec::new(), share: Vec::new() }
    }
}

impl Policy for SpecialistSessions {
    common_accessors!("specialist_sessions", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        self.costs = scope_cost(self.p.sessions_per_week * 52.0 * self.p.cost_per_session_eur, &self.c.scope, ctx);
        let n: Vec<f64> =
            (0..ctx.zones() as u32).map(|z| if self.c.scope.covers(z) { ctx.zone_inhabitants(z) as f64 } else { 0.0 }).collect();
        let total: f64 = n.iter().sum();
        self.share = n.iter().map(|&x| if total > 0.0 { x / total } else { 0.0 }).collect();
    }

    fn added_specialist_sessions(&self, zone: u32) -> Option<(Specialty, f64, f64)> {
        let share = self.share.get(zone as usize).copied().unwrap_or(0.0);
        (share > 0.0).then_some((self.specialty, self.p.sessions_per_week * share, self.p.referral_share))
    }
}
