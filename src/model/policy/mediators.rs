//! Health mediators (médiateurs en santé): they reach vulnerable people,
//! explain the options available and accompany them to primary care, which
//! lowers forgone care for lack of information among vulnerable patients of
//! the scope. They act on information, on forgoing, and on the appeal of
//! primary care: lowering only the utility of forgoing would, in a logit,
//! send part of those patients to the ED as well.
//!
//! **Reach grows with staff.** Each full-time mediator follows
//! `people_per_mediator` people a year; the people followed are a stable
//! draw among the vulnerable inhabitants of the scope, with probability
//! min(1, mediators × people_per_mediator / vulnerable inhabitants). Twice the
//! mediators reach twice the people, up to everyone eligible.

use super::spec::Common;
use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Health mediator parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct MediatorParams {
    /// Multiplier of the probability that a vulnerable patient knows no option beyond their GP (assumption).
    pub information_factor: f64,
    /// Added to the utility of forgoing care for vulnerable patients (negative: less forgoing; assumption).
    pub forgo_utility: f64,
    /// Added to the utility of primary-care options for vulnerable patients (accompaniment; assumption).
    pub primary_care_utility: f64,
    /// Full-time mediators.
    pub mediators: f64,
    /// People followed per full-time mediator per year (assumption: 150, plausible range 50–300;
    /// a mediator's active file in the PRAPS programmes is of the order of a hundred or two).
    pub people_per_mediator: f64,
    /// Cost per mediator per year, € (assumption).
    pub cost_per_mediator_year_eur: f64,
}

impl Default for MediatorParams {
    fn default() -> Self {
        MediatorParams {
            information_factor: 0.5,
            forgo_utility: -0.8,
            primary_care_utility: 0.5,
            mediators: 2.0,
            people_per_mediator: 150.0,
            cost_per_mediator_year_eur: 45_000.0,
        }
    }
}

pub struct Mediators {
    c: Common,
    p: MediatorParams,
    costs: Vec<(u16, f64)>,
    /// Share of the eligible people followed, and the stream key of the draw.
    reach: f64,
    key: u64,
}

impl Mediators {
    pub fn new(c: Common, p: MediatorParams) -> Self {
        Mediators { c, p, costs: Vec::new(), reach: 0.0, key: 0 }
    }

    fn follows(&self, p: &PatientView) -> bool {
        p.vulnerable && self.c.scope.covers(p.zone) && policy_uniform(&self.c.name, self.key, u64::from(p.id)) < self.reach
    }
}

impl Policy for Mediators {
    common_accessors!("mediators", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        self.costs = scope_cost(self.p.mediators * self.p.cost_per_mediator_year_eur, &self.c.scope, ctx);
        let eligible = ctx.patients_in(&self.c.scope.in_zone, &|p| p.vulnerable);
        self.reach = staffed_reach(self.p.mediators * self.p.people_per_mediator, eligible);
        self.key = ctx.seed_key();
    }

    fn on_need(&self, p: &PatientView, _kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if self.follows(p) {
            req.information_lack_factor *= self.p.information_factor;
            req.forgo_utility += self.p.forgo_utility;
            req.primary_care_utility += self.p.primary_care_utility;
        }
    }
}
