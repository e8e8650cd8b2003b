//! The weekend route of acute minor needs (`model::rhythm`): a need that
//! arises from Saturday 12:00 to Sunday 24:00 goes straight to the ED, to
//! the PDSA roster on duty, or waits for Monday, in the shares of
//! `week.weekend_*`. The draw comes from a stream of its own (`weekend`),
//! keyed by the need, so the need's other draws do not move.

use super::{need_id, Place, World};
use crate::engine::{RandomStreams, SimTime};
use crate::model::policy::NeedRequest;
use crate::model::rhythm::{in_weekend, weekend_route, WeekendRoute};
use crate::model::NeedKind;
use rand::Rng;

/// What the weekend rule made of an acute minor need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum WeekendStep {
    /// Not a weekend need, or the rule is off (both shares 0): the ordinary pathway.
    Ordinary,
    /// Waits for Monday: the ordinary pathway without the ED nor the roster.
    WaitMonday,
    /// Went to the ED or booked the roster: the consultation time, if any.
    Done(Option<SimTime>),
}

impl World<'_> {
    /// The weekend rule for an acute minor need arisen at `t`: `latest` bounds
    /// the roster's place, `escalation`, `u_call` and `u_admit` are the need's
    /// own draws (as on the ordinary ED path).
    pub(super) fn weekend_step(
        &mut self,
        t: SimTime,
        patient: u32,
        req: &NeedRequest,
        latest: SimTime,
        escalation: Option<SimTime>,
        draws: (f64, f64),
    ) -> WeekendStep {
        let w = &self.p.week;
        if !in_weekend(t) || (w.weekend_ed_share <= 0.0 && w.weekend_pdsa_share <= 0.0) {
            return WeekendStep::Ordinary;
        }
        let (ed_share, pdsa_share) = (w.weekend_ed_share, w.weekend_pdsa_share);
        let zone = self.patients[patient as usize].zone;
        let roster = req.roster.and_then(|s| self.service_place(s, zone, t, latest).map(|(place, _)| (s, place)));
        let u: f64 = RandomStreams::entity(self.keys.weekend, need_id(patient, NeedKind::AcuteMinor, t)).random();
        match weekend_route(u, ed_share, pdsa_share, roster.is_some()) {
            WeekendRoute::Ed => {
                let pt = self.patients[patient as usize];
                let (call, _) = self.sas_call(patient, &pt, req, draws.0, false);
                WeekendStep::Done(self.go_to_ed(t, patient, req, escalation, call, draws.1).0)
            }
            WeekendRoute::Pdsa => {
                let (s, place) = roster.expect("the roster route needs a place");
                WeekendStep::Done(self.book(t, patient, NeedKind::AcuteMinor, Place::Service(s, place), escalation))
            }
            WeekendRoute::WaitMonday => WeekendStep::WaitMonday,
        }
    }
}
