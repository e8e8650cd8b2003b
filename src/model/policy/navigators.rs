//! Coordinating nurses and pathway navigators (infirmiers de coordination,
//! « infirmiers Asalée », navigateurs de parcours; issue 18 §3): staff who
//! organise the follow-up of the chronic patients they enrol.
//!
//! **Effect, a mechanism.** For an enrolled patient's chronic follow-up:
//! when the own GP has no slot in the window, the nurse takes the own GP's
//! first later slot (within `waits.wait_own_gp_max_days`) instead of leaving
//! the patient to decide whether to wait (`waits.wait_own_gp_share`); and a
//! follow-up still missed is rebooked after `rebook_days` instead of the
//! patient's own `booking.followup_retry_days`. Nothing else changes: the
//! consultation, when it happens, is the ordinary one (`model::consultation`).
//!
//! **Reach grows with staff.** Each full-time nurse follows
//! `people_per_fte` patients a year; the patients enrolled are a stable draw
//! among the chronic patients (one ALD or more) of the scope with a
//! médecin traitant, with probability min(1, fte × people_per_fte /
//! eligible). Twice the staff enrols twice the patients, up to every one
//! eligible; the cost is fte × `cost_per_fte_year_eur`.

use super::spec::Common;
use super::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Coordinating nurse / pathway navigator parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NavigatorParams {
    /// Full-time coordinating nurses or navigators.
    pub fte: f64,
    /// Chronic patients followed per full-time nurse per year (assumption: 250, range 150–400; an
    /// Asalée nurse shares the patients of several GPs, an active file of a few hundred patients).
    pub people_per_fte: f64,
    /// Days after a missed follow-up before the nurse rebooks it (assumption: 7, range 2–14; the
    /// patient alone tries again after `booking.followup_retry_days`).
    pub rebook_days: f64,
    /// Cost per full-time nurse per year, € (assumption: 60,000, salary and charges of a nurse,
    /// range 50,000–75,000).
    pub cost_per_fte_year_eur: f64,
}

impl Default for NavigatorParams {
    fn default() -> Self {
        NavigatorParams { fte: 1.0, people_per_fte: 250.0, rebook_days: 7.0, cost_per_fte_year_eur: 60_000.0 }
    }
}

pub struct Navigators {
    c: Common,
    p: NavigatorParams,
    costs: Vec<(u16, f64)>,
    /// Share of the eligible patients enrolled, and the stream key of the draw.
    reach: f64,
    key: u64,
}

/// Whether a patient can be enrolled: chronic (one ALD or more) with a médecin traitant.
fn eligible(p: &PatientView) -> bool {
    p.health >= Health::OneAld && p.gp.is_some()
}

impl Navigators {
    pub fn new(c: Common, p: NavigatorParams) -> Self {
        Navigators { c, p, costs: Vec::new(), reach: 0.0, key: 0 }
    }

    fn enrolled(&self, p: &PatientView) -> bool {
        eligible(p) && self.c.scope.covers(p.zone) && policy_uniform(&self.c.name, self.key, u64::from(p.id)) < self.reach
    }
}

impl Policy for Navigators {
    common_accessors!("navigators", costs);

    fn setup(&mut self, ctx: &mut dyn SetupContext) {
        self.costs = scope_cost(self.p.fte * self.p.cost_per_fte_year_eur, &self.c.scope, ctx);
        let n = ctx.patients_in(&self.c.scope.in_zone, &eligible);
        self.reach = staffed_reach(self.p.fte * self.p.people_per_fte, n);
        self.key = ctx.seed_key();
    }

    fn on_need(&self, p: &PatientView, kind: NeedKind, _t: SimTime, req: &mut NeedRequest) {
        if kind == NeedKind::ChronicFollowUp && self.enrolled(p) {
            req.organised_follow_up = Some(self.p.rebook_days);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patients enrolled among `patients` by `fte` nurses at 250 each.
    fn enrolled(fte: f64, patients: &[PatientView]) -> usize {
        let mut n = Navigators::new(
            Common {
                name: "navigators".into(),
                schedule: Schedule { start: SimTime::ZERO, end: SimTime::NEVER },
                scope: Scope { in_zone: vec![true], participation: 1.0 },
            },
            NavigatorParams { fte, ..NavigatorParams::default() },
        );
        let eligible_n = patients.iter().filter(|p| eligible(p)).count() as u64;
        n.reach = staffed_reach(fte * 250.0, eligible_n);
        n.key = 42;
        patients
            .iter()
            .filter(|v| {
                let mut req = NeedRequest::default();
                n.on_need(v, NeedKind::ChronicFollowUp, SimTime::ZERO, &mut req);
                req.organised_follow_up.is_some()
            })
            .count()
    }

    fn view(id: u32, health: Health, gp: Option<u32>) -> PatientView {
        PatientView { id, zone: 0, age: AgeBand::A65to74, health, vulnerable: false, digital: false, caregiver: false, gp }
    }

    /// Break caught: reach not proportional to staff, not capped, or
    /// enrolling the ineligible. 1,000 chronic patients with a GP, 500
    /// healthy ones and 500 chronic without a GP (not eligible): 1 nurse
    /// enrols 250 (binomial sd √(1000·0.25·0.75) = 13.7), 2 enrol 500
    /// (sd 15.8), 10 (2,500 places) every eligible patient (exactly 1,000).
    #[test]
    fn twice_the_nurses_enrol_twice_the_patients_up_to_every_eligible_one() {
        let mut people: Vec<PatientView> = (0..1000).map(|i| view(i, Health::OneAld, Some(0))).collect();
        people.extend((1000..1500).map(|i| view(i, Health::Healthy, Some(0))));
        people.extend((1500..2000).map(|i| view(i, Health::Multimorbid, None)));
        let one = enrolled(1.0, &people) as f64;
        let two = enrolled(2.0, &people) as f64;
        assert!((one - 250.0).abs() <= 4.0 * 13.7, "one nurse: {one} vs 250");
        assert!((two - 500.0).abs() <= 4.0 * 15.8, "two nurses: {two} vs 500");
        assert_eq!(enrolled(10.0, &people), 1000);
        assert_eq!(enrolled(0.0, &people), 0);
    }

    /// Only chronic follow-ups are organised.
    #[test]
    fn other_needs_are_left_alone() {
        let mut n = Navigators::new(
            Common {
                name: "navigators".into(),
                schedule: Schedule { start: SimTime::ZERO, end: SimTime::NEVER },
                scope: Scope { in_zone: vec![true], participation: 1.0 },
            },
            NavigatorParams::default(),
        );
        n.reach = 1.0;
        let mut req = NeedRequest::default();
        n.on_need(&view(0, Health::OneAld, Some(0)), NeedKind::Renewal, SimTime::ZERO, &mut req);
        assert_eq!(req, NeedRequest::default());
    }
}
