//! Legibility channels (lisibilité): the ways a territory tells its
//! inhabitants what exists beyond their own GP — other GPs, each service
//! (teleconsultation, PDSA, pharmacists' and nurses' protocols …), the SAS
//! number. What a patient knows is the choice set (`model::legibility`,
//! ODD § 7.8); a channel multiplies the probability of *not* knowing an
//! option by `unawareness_factor` for the people it reaches.
//!
//! Three channels, each reaching its own public (context 003):
//! - `one_stop_desk` — a CPTS guichet unique / référent orientation (phone
//!   or desk): anyone may call it; it reaches min(1, `staff_fte` ×
//!   `people_per_fte` / inhabitants of the scope), a stable draw per person.
//! - `directory` — a public directory / platform (Santé.fr-like): only
//!   patients with digital access, a share `use_share` of them.
//! - `redirection` — professionals trained to redirect (GPs, pharmacists
//!   telling their patients where to go): patients with a médecin traitant,
//!   a share `use_share` of them.
//!
//! Health mediators (`mediators`) act through the same multiplier for the
//! vulnerable people they follow; this file does not touch them.

use super::spec::Common;
use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a legibility channel reaches people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Guichet unique / référent orientation of a CPTS: staffed, reaches anyone.
    OneStopDesk,
    /// Public directory / platform: reaches digital users only.
    Directory,
    /// Professionals who redirect: reaches patients with a médecin traitant.
    Redirection,
}

/// Legibility channel parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LegibilityParams {
    /// Which channel (`one_stop_desk`, `directory`, `redirection`).
    pub channel: Channel,
    /// Multiplier of the probability of not knowing an option, for people reached
    /// (assumption: 0.4, range 0.2–0.8; a person told where to go may still forget or distrust).
    pub unawareness_factor: f64,
    /// One-stop desk: full-time staff (orientation referents).
    pub staff_fte: f64,
    /// One-stop desk: people one full-time referent informs per year (assumption: 3,000, range
    /// 1,000–6,000: ≈ 15 calls or visits a day, 200 days a year).
    pub people_per_fte: f64,
    /// One-stop desk: cost per full-time referent per year, € (assumption: 50,000, range 40,000–60,000).
    pub cost_per_fte_year_eur: f64,
    /// Directory: share of digital users of the scope who consult it; redirection: share of
    /// registered patients told by their professionals (assumption: 0.3, range 0.1–0.6).
    pub use_share: f64,
    /// Directory or redirection: running cost per year for the scope, € (assumption: directory
    /// upkeep and local updating, or training sessions of professionals; range 20,000–100,000).
    pub cost_per_year_eur: f64,
}

impl Default for LegibilityParams {
    fn default() -> Self {
        LegibilityParams {
            channel: Channel::OneStopDesk,
            unawareness_factor: 0.4,
            staff_fte: 1.0,
            people_per_fte: 3000.0,
            cost_per_fte_year_eur: 50_000.0,
            use_share: 0.3,
            cost_per_year_eur: 50_000.0,
        }
    }
}

pub struct Legibility {
    c: Common,
    p: LegibilityParams,
    costs: Vec<(u16, f64)>,
    /// Share of the eligible people reached, and the stream key of the draw.
    reach: f64,
    key: u64,
}

impl Legibility {
    pub fn new(c: Common, p: LegibilityParams) -> Self {
        Legibility { c, p, costs: Vec::new(), reach: 0.0, key: 0 }
    }

    /// Whether the channel can reach this person at all.
    fn eligible(channel: Channel, p: &PatientView) -> bool {
        match channel {
            Channel::OneStopDesk => true,
            Channel::Directory => p.digital,
            Channel::Redirection => p.gp.is_some(),
        }
    }

    /// Whether the channel reaches this person (stable draw per person).
    pub fn reaches(&self, p: &PatientView) -> bool {
        self.c.scope.covers(p.zone)
            && Self::eligible(self.p.channel, p)
            && policy_uniform(&self.c.name, self.key, u64::from(p.id)) < self.reach
    }

    /// Share of the eligible people reached.
    pub fn reach(&self) -> f64 {
        self.reach
    }
}

impl Policy for Legibility {
    common_accessors!("legibility", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        self.key = ctx.seed_key();
        if self.c.scope.is_empty() {
            return;
        }
        let yearly = match self.p.channel {
            Channel::OneStopDesk => {
                let eligible = ctx.patients_in(&self.c.scope.in_zone, &|_| true);
                self.reach = staffed_reach(self.p.staff_fte * self.p.people_per_fte, eligible);
                self.p.staff_fte * self.p.cost_per_fte_year_eur
            }
            Channel::Directory | Channel::Redirection => {
                self.reach = self.p.use_share.clamp(0.0, 1.0);
                self.p.cost_per_year_eur
            }
        };
        self.costs = scope_cost(yearly, &self.c.scope, ctx);
    }

    fn on_need(&self, p: &PatientView, _kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if self.reaches(p) {
            req.information_lack_factor *= self.p.unawareness_factor;
        }
    }
}
