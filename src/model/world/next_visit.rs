//! The world's side of the next visit booked at the end of a consultation
//! (`model::next_visit`, issue 17): the decision at a consultation that
//! restarts the follow-up clock, the booking with the own GP for the due
//! date, and which consultations were booked so.

use super::booking::Fate;
use super::{Place, Provider, World};
use crate::engine::SimTime;
use crate::engine::{Minutes, RandomStreams};
use crate::model::known_full::KnownFull;
use crate::model::next_visit::{books_next_visit, due, entity};
use crate::model::providers::SlotUse;
use crate::model::requests::RequestOutcome;
use crate::model::NeedKind;
use rand::Rng;

impl World<'_> {
    /// Whether a follow-up booked at an earlier consultation is still ahead for `patient`.
    pub(super) fn next_visit_ahead(&self, patient: u32) -> bool {
        !self.next_visits.is_empty() && self.next_visits.contains_key(&patient)
    }

    /// Whether the consultation of need (`kind`, `onset`) is the follow-up
    /// booked at an earlier consultation (requested at `onset`).
    pub(super) fn is_booked_visit(&self, patient: u32, kind: NeedKind, onset: SimTime) -> bool {
        kind == NeedKind::ChronicFollowUp && !self.next_visits.is_empty() && self.next_visits.get(&patient) == Some(&onset)
    }

    /// As [`World::is_booked_visit`], and the visit is no longer ahead.
    pub(super) fn take_booked_visit(&mut self, patient: u32, kind: NeedKind, onset: SimTime) -> bool {
        let booked = self.is_booked_visit(patient, kind, onset);
        if booked {
            self.next_visits.remove(&patient);
        }
        booked
    }

    /// At a consultation of `provider` that restarted the clock of `patient`
    /// (epoch already moved on): with probability `waits.next_visit_booked_share`
    /// when `provider` is the own GP, the next chronic follow-up is requested
    /// now and booked with that GP from its due date (`interval` days on) to
    /// its tolerance later. Returns whether it was booked; if not, the
    /// follow-up is requested later as usual. Draws nothing when the share is 0.
    pub(super) fn book_next_visit(&mut self, t: SimTime, patient: u32, provider: Provider, interval: f64) -> bool {
        let share = self.p.waits.next_visit_booked_share;
        let pt = self.patients[patient as usize];
        let own = matches!(provider, Provider::Gp(g) if pt.has_gp() && pt.gp == g);
        if share <= 0.0 || !own {
            return false;
        }
        let u: f64 = RandomStreams::entity(self.keys.next_visit, entity(patient, pt.epoch)).random();
        if !books_next_visit(share, u) {
            return false;
        }
        let due = due(t, interval);
        let tolerance = self.planned_tolerance_days(NeedKind::ChronicFollowUp) * self.tolerance.of(&pt);
        let latest = due + Minutes::from_days_f64(tolerance);
        if self.known_full.len() < self.gps.len() {
            self.known_full.resize(self.gps.len(), KnownFull::new());
        }
        let g = pt.gp as usize;
        let weeks_off = self.p.gp.weeks_off_per_year;
        let found = self.gps[g].earliest_known(&self.layout, t, due.day(), latest, SlotUse::Scheduled, weeks_off, &mut self.known_full[g]);
        let Some(mut b) = found else {
            return false;
        };
        b.gp = pt.gp;
        self.count_need(t, patient, NeedKind::ChronicFollowUp);
        self.record_request(t, patient, &Fate { own_gp: true, failed: false, no_gp_slot: false }, RequestOutcome::OtherProfessional);
        if self.book(t, patient, NeedKind::ChronicFollowUp, Place::Gp(b), None).is_some() {
            self.next_visits.insert(patient, t);
        }
        true
    }
}
