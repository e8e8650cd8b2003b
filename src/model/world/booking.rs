//! Step 2 of the pathway: a need looks for care. First contact (acute
//! minor needs: a logit choice), booking ahead (planned needs), waiting for
//! one's own GP, what follows a failed request, and forgone care with its
//! cause (`model::requests`).
//!
//! Every draw about a need comes from generators keyed by the need (common
//! random numbers); the draws of the issue-17 mechanisms (lead time,
//! waiting for the own GP) come from streams of their own, so that with
//! those mechanisms switched off the other draws are unchanged.

use super::regulation::Regulated;
use super::sweep::{SweepMemo, SweepQuery};
use super::weekend::WeekendStep;
use super::{need_id, Event, Place, Provider, ServicePlace, World};
use crate::engine::{Minutes, RandomStreams, SimTime, StreamRng};
use crate::model::choice::{choose, FirstContact};
use crate::model::indicators::RequestFate;
use crate::model::known_full::KnownFull;
use crate::model::policy::{NeedRequest, NetworkReach, RegulatorId, SmallVec};
use crate::model::population::{flags, Patient};
use crate::model::providers::{first_search_day, Booking, SlotUse};
use crate::model::requests::{lead_days, lead_median_days, ForgoCause, RequestOutcome};
use crate::model::NeedKind;
use rand::Rng;
use rand_distr::StandardNormal;

/// Where and when a GP slot is looked for.
#[derive(Clone, Copy, Debug)]
pub(super) struct Search {
    /// The request.
    pub t: SimTime,
    /// First day a scheduled slot may fall on (the preferred date; 0: from tomorrow).
    pub from_day: u32,
    pub latest: SimTime,
    pub usage: SlotUse,
}

/// What a failed first choice led to, for the record.
pub(super) struct Fate {
    pub own_gp: bool,
    pub failed: bool,
    pub no_gp_slot: bool,
}

/// The longest lead time, days (never beyond a follow-up interval's half).
const LEAD_CAP_DAYS: u32 = 60;

impl World<'_> {
    /// Draws of an acute minor need, in a fixed order (common random numbers).
    fn acute_draws(rng: &mut StreamRng) -> [f64; 6] {
        [rng.random(), rng.random(), rng.random(), rng.random(), rng.random(), rng.random()]
    }

    pub(super) fn acute_minor(&mut self, t: SimTime, patient: u32, rng: &mut StreamRng, req: &NeedRequest) -> Option<SimTime> {
        let pt = self.patients[patient as usize];
        let d = &self.p.deterioration;
        let [u_escalate, u_weibull, u_info, u_choice, u_admit, u_call] = Self::acute_draws(rng);
        let escalation = (u_escalate < d.acute_escalation_share).then(|| {
            let scale = d.acute_escalation_median_days / std::f64::consts::LN_2.powf(1.0 / d.acute_escalation_shape);
            t + Minutes::from_days_f64(scale * (-(1.0 - u_weibull).ln()).powf(1.0 / d.acute_escalation_shape))
        });
        let informed = self.is_informed(&pt, u_info, req);
        let tolerance = self.p.booking.acute_tolerance_days * self.tolerance.of(&pt) * req.tolerance_factor;
        let latest = t + Minutes::from_days_f64(tolerance);
        // The weekend (`model::rhythm`): straight to the ED, to the roster, or wait for Monday.
        let waits_monday = match self.weekend_step(t, patient, req, latest, escalation, (u_call, u_admit)) {
            WeekendStep::Done(booked) => return booked,
            step => step == WeekendStep::WaitMonday,
        };
        let usage = if self.p.booking.acute_same_day { SlotUse::Unscheduled } else { SlotUse::Scheduled };
        let search = Search { t, from_day: 0, latest, usage };
        let slot = self.find_gp_slot(patient, NeedKind::AcuteMinor, &search, informed, rng);
        let slot = self.or_squeezed_in(&pt, &search, slot);
        let fate = self.fate_of(&pt, slot.map(|s| s.0));
        // Waiting for one's own GP: the own GP's first slot beyond the tolerance is an option.
        let own_later =
            if fate.failed && pt.has_gp() { self.own_gp_later(&pt, &search, self.p.waits.acute_wait_own_max_days) } else { None };
        let (options, service_places, primary_care_offered, unknown_place) =
            self.acute_options(patient, &pt, t, latest, slot, own_later, req, waits_monday);
        let (call, called_first) = self.sas_call(patient, &pt, req, u_call, fate.failed);
        if let (Some(regulator), true) = (call, called_first) {
            // Booked or advised by the regulator (a professional); otherwise
            // (over capacity, abandoned, nothing found) the caller's own choice follows.
            match self.regulate(t, patient, regulator, escalation, &req.offers) {
                Regulated::Booked(seen) => {
                    self.record_request(t, patient, &fate, RequestOutcome::OtherProfessional);
                    return seen;
                }
                Regulated::Advised => {
                    self.record_request(t, patient, &fate, RequestOutcome::OtherProfessional);
                    return None;
                }
                _ => {}
            }
        }
        let chosen = choose(&options, u_choice);
        let (booked, outcome) = match chosen {
            Some(FirstContact::Gp) => {
                let (b, _) = slot.expect("GP option offered only with a slot");
                (self.book(t, patient, NeedKind::AcuteMinor, Place::Gp(b), escalation), RequestOutcome::OtherProfessional)
            }
            Some(FirstContact::WaitOwnGp) => {
                let (b, _) = own_later.expect("offered only with a slot");
                (self.book(t, patient, NeedKind::AcuteMinor, Place::Gp(b), escalation), RequestOutcome::WaitedOwnGp)
            }
            Some(FirstContact::Service(s)) => {
                let place = service_places.iter().find(|p| p.0 == s).expect("offered with a place").1;
                (self.book(t, patient, NeedKind::AcuteMinor, Place::Service(s, place), escalation), RequestOutcome::OtherProfessional)
            }
            Some(FirstContact::EmergencyDept) => {
                let (seen, went) = self.go_to_ed(t, patient, req, escalation, call.filter(|_| !called_first), u_admit);
                (seen, if went { RequestOutcome::Ed } else { RequestOutcome::OtherProfessional })
            }
            _ => {
                let cause = if !fate.failed {
                    ForgoCause::Declined
                } else if primary_care_offered {
                    ForgoCause::GaveUpAfterFailure
                } else if unknown_place {
                    ForgoCause::Information
                } else {
                    ForgoCause::without_option(self.gp_in_reach(&pt), informed)
                };
                self.forgo(t, patient, NeedKind::AcuteMinor, escalation, cause);
                (None, RequestOutcome::GaveUp)
            }
        };
        self.record_request(t, patient, &fate, outcome);
        booked
    }

    /// An acute minor need goes to the ED: a patient who calls the SAS line
    /// `call` on the way (see [`World::sas_call`]) may be booked by the
    /// regulator; otherwise a treatable ED visit (`u_admit`: the need's
    /// admission uniform). The ordinary choice and the weekend route both
    /// take this path. Returns the consultation time, if any, and whether
    /// the patient went to the ED (not when booked or advised by the SAS).
    pub(super) fn go_to_ed(
        &mut self,
        t: SimTime,
        patient: u32,
        req: &NeedRequest,
        escalation: Option<SimTime>,
        call: Option<RegulatorId>,
        u_admit: f64,
    ) -> (Option<SimTime>, bool) {
        let regulated = match call {
            Some(regulator) => self.regulate(t, patient, regulator, escalation, &req.offers),
            None => Regulated::NotCalled,
        };
        match regulated {
            // A booked need that escalated before its slot counts as an ED outcome (as before).
            Regulated::Booked(seen) => (seen, seen.is_none()),
            Regulated::Advised => (None, false),
            _ => (self.treatable_ed_visit(t, patient, u_admit), true),
        }
    }

    /// The options of an acute minor need's choice with their utilities
    /// (§ 7.8 of docs/ODD.md), the service places behind them, and whether
    /// a primary-care option is among them, and whether a service the
    /// patient does not know of had a place (lisibilité). A need waiting for
    /// Monday (`waits_monday`, the weekend route) has neither the ED nor the
    /// out-of-hours roster among them.
    #[allow(clippy::type_complexity, clippy::too_many_arguments)]
    fn acute_options(
        &self,
        patient: u32,
        pt: &Patient,
        t: SimTime,
        latest: SimTime,
        slot: Option<(Booking, f32)>,
        own_later: Option<(Booking, f32)>,
        req: &NeedRequest,
        waits_monday: bool,
    ) -> (SmallVec<[(FirstContact, f64); 8]>, SmallVec<[(u16, ServicePlace); 4]>, bool, bool) {
        let ch = &self.p.choice;
        let utility = |delay: Minutes, travel: f32| {
            req.primary_care_utility + ch.beta_delay_per_day * delay.as_days_f64() + ch.beta_travel_per_hour * f64::from(travel) / 60.0
        };
        let mut options: SmallVec<[(FirstContact, f64); 8]> = SmallVec::new();
        let mut service_places: SmallVec<[(u16, ServicePlace); 4]> = SmallVec::new();
        if let Some((b, travel)) = slot {
            options.push((FirstContact::Gp, utility(b.start - t, travel)));
        }
        if let Some((b, travel)) = own_later {
            options.push((FirstContact::WaitOwnGp, self.p.waits.asc_wait_own_gp + utility(b.start - t, travel)));
        }
        // Only the services the patient knows of (lisibilité); an unknown one with a place is remembered.
        let mut unknown_place = false;
        for offer in req.offers.iter().filter(|o| !(waits_monday && req.roster == Some(o.service))) {
            if let Some((place, travel)) = self.service_place(offer.service, pt.zone, t, latest) {
                if !self.knows_service(patient, pt, offer.service, req) {
                    unknown_place = true;
                    continue;
                }
                options.push((FirstContact::Service(offer.service), offer.asc + utility(place.2 - t, travel)));
                service_places.push((offer.service, place));
            }
        }
        if let Some(ed_travel) = self.zone_points[pt.zone as usize].ed_minutes.filter(|_| !waits_monday) {
            let out_of_hours = self.layout.calendar.is_out_of_hours(t);
            let u_ed = ch.asc_ed
                + ch.beta_ed_out_of_hours * f64::from(u8::from(out_of_hours))
                + ch.beta_ed_propensity * pt.ed_propensity()
                + ch.beta_travel_per_hour * f64::from(ed_travel) / 60.0;
            options.push((FirstContact::EmergencyDept, u_ed));
        }
        let vulnerable = f64::from(u8::from(pt.is(flags::VULNERABLE)));
        // A policy's push against forgoing (mediators) works only towards a
        // primary-care option that exists; it does not send people to the ED.
        let primary_care_offered =
            options.iter().any(|o| matches!(o.0, FirstContact::Gp | FirstContact::WaitOwnGp | FirstContact::Service(_)));
        let forgo_push = if primary_care_offered { req.forgo_utility } else { 0.0 };
        options.push((FirstContact::Forgo, ch.asc_forgo + ch.beta_forgo_vulnerable * vulnerable + forgo_push));
        (options, service_places, primary_care_offered, unknown_place)
    }

    /// The own GP fits a registered patient's acute need in beyond its
    /// calendar (`gp.squeeze_in_per_day`) when it had no slot in the
    /// tolerance window: the patient asked its own GP first, so this comes
    /// before another GP's slot. Otherwise `slot` unchanged.
    fn or_squeezed_in(&self, pt: &Patient, s: &Search, slot: Option<(Booking, f32)>) -> Option<(Booking, f32)> {
        if !pt.has_gp() || slot.is_some_and(|(b, _)| b.gp == pt.gp) {
            return slot;
        }
        let gp = &self.gps[pt.gp as usize];
        match gp.squeeze_in(&self.layout, s.t, s.latest, self.p.gp.squeeze_in_per_day, self.p.gp.weeks_off_per_year) {
            Some(mut b) => {
                b.gp = pt.gp;
                Some((b, self.travel(pt.zone, gp.zone)))
            }
            None => slot,
        }
    }

    /// Whether the first choice failed: the own GP had no slot (registered
    /// patient), or no GP had one (patient without a médecin traitant).
    fn fate_of(&self, pt: &Patient, slot: Option<Booking>) -> Fate {
        let own = pt.has_gp();
        Fate { own_gp: own, failed: slot.is_none_or(|b| own && b.gp != pt.gp), no_gp_slot: slot.is_none() }
    }

    /// Records a request of the cohort (requests at or after the warm-up).
    pub(super) fn record_request(&mut self, t: SimTime, patient: u32, fate: &Fate, outcome: RequestOutcome) {
        if t >= self.warmup {
            let (terr, c) = self.cells_of(patient);
            let f = RequestFate { own_gp: fate.own_gp, failed: fate.failed, no_gp_slot: fate.no_gp_slot, outcome: Some(outcome) };
            self.rec.request(terr, c, &f);
        }
    }

    /// The own GP's first slot after the search's window, at most `extra_days` later.
    fn own_gp_later(&self, pt: &Patient, s: &Search, extra_days: f64) -> Option<(Booking, f32)> {
        if extra_days <= 0.0 {
            return None;
        }
        let gp = &self.gps[pt.gp as usize];
        let until = s.latest + Minutes::from_days_f64(extra_days);
        // The window itself was searched already: start on its last day.
        let from_day = s.from_day.max(s.latest.day());
        gp.earliest_from(&self.layout, s.t, from_day, until, s.usage, self.p.gp.weeks_off_per_year).map(|mut b| {
            b.gp = pt.gp;
            (b, self.travel(pt.zone, gp.zone))
        })
    }

    /// Whether a GP is within reach: the patient has one, or the zone has one in reach.
    fn gp_in_reach(&self, pt: &Patient) -> bool {
        pt.has_gp() || !self.zone_gps[pt.zone as usize].is_empty()
    }

    /// An ED visit for a need primary care could have handled.
    pub(super) fn treatable_ed_visit(&mut self, t: SimTime, patient: u32, u_admit: f64) -> Option<SimTime> {
        self.diag.to_ed += 1;
        self.ed_visit(t, patient, crate::model::indicators::EdCause::PrimaryCareTreatable);
        if u_admit < self.p.hospital.minor_admission {
            self.admit(t, patient, crate::model::indicators::Admission::Other);
        }
        None
    }

    /// Whole days between the request of a planned need and the date it is
    /// wanted for. A chronic follow-up's lead is keyed by its epoch, so the
    /// clock that schedules its request and the request itself draw the same.
    pub(super) fn lead_days(&self, patient: u32, kind: NeedKind, t: SimTime) -> u32 {
        let w = &self.p.waits;
        let median = lead_median_days(w, kind);
        if median <= 0.0 {
            return 0;
        }
        let entity = match kind {
            NeedKind::ChronicFollowUp => (u64::from(patient) << 32) | u64::from(self.patients[patient as usize].epoch),
            _ => need_id(patient, kind, t),
        };
        let z: f64 = RandomStreams::entity(self.keys.lead, entity).sample(StandardNormal);
        lead_days(median, w.lead_log_sd, z, LEAD_CAP_DAYS)
    }

    /// The median tolerated delay of a planned need (days, before the patient's and the policies' factors).
    pub(super) fn planned_tolerance_days(&self, kind: NeedKind) -> f64 {
        let b = &self.p.booking;
        match kind {
            NeedKind::ChronicFollowUp => b.followup_tolerance_days,
            NeedKind::Renewal => b.renewal_tolerance_days,
            NeedKind::Prevention => b.prevention_tolerance_days,
            NeedKind::Complex => b.complex_tolerance_days,
            _ => b.post_discharge_tolerance_days,
        }
    }

    /// A planned need: booked ahead for its preferred date (request + lead
    /// time), with the own GP, else (for a patient who may look elsewhere)
    /// the networks, other GPs and services; a registered patient whose GP
    /// has no slot in the window may wait for that GP's later slot;
    /// otherwise the need is forgone (a follow-up is sought again later).
    pub(super) fn planned_need(
        &mut self,
        t: SimTime,
        patient: u32,
        kind: NeedKind,
        rng: &mut StreamRng,
        req: &NeedRequest,
    ) -> Option<SimTime> {
        let pt = self.patients[patient as usize];
        let b = &self.p.booking;
        let u_info: f64 = rng.random();
        let u_walk_in: f64 = rng.random();
        let tolerance = match kind {
            NeedKind::PostDischarge | NeedKind::PhysicalFollowUp => b.post_discharge_tolerance_days,
            _ => self.planned_tolerance_days(kind) * self.tolerance.of(&pt) * req.tolerance_factor,
        };
        let lead = self.lead_days(patient, kind, t);
        let preferred = t + Minutes::days(lead);
        let latest = preferred + Minutes::from_days_f64(tolerance);
        // A coordinated visit (e.g. a DAC after discharge) is sought first.
        if let Some(s) = req.preferred {
            if let Some((place, _)) = self.service_place(s, pt.zone, t, latest) {
                return self.book(t, patient, kind, Place::Service(s, place), None);
            }
        }
        // Prevention (vaccination) can also be had from a pharmacist or a nurse.
        let walk_in = if kind == NeedKind::Prevention { self.service_place(0, pt.zone, t, latest) } else { None };
        if let Some((place, _)) = walk_in.filter(|_| u_walk_in < b.prevention_walk_in_share + req.prevention_walk_in_share) {
            return self.book(t, patient, kind, Place::Service(0, place), None);
        }
        let usage =
            if matches!(kind, NeedKind::PostDischarge | NeedKind::PhysicalFollowUp) { SlotUse::Unscheduled } else { SlotUse::Scheduled };
        // Registered patients keep to their own GP for planned care, except after a discharge.
        let may_go_elsewhere = !pt.has_gp() || matches!(kind, NeedKind::PostDischarge | NeedKind::PhysicalFollowUp);
        let informed = may_go_elsewhere && self.is_informed(&pt, u_info, req);
        let search = Search { t, from_day: if lead > 0 { t.day() + lead } else { 0 }, latest, usage };
        let slot = self.find_gp_slot(patient, kind, &search, informed, rng);
        let fate = self.fate_of(&pt, slot.map(|s| s.0));
        let mut wanted_to_wait = false;
        if fate.failed && pt.has_gp() {
            let u_wait: f64 = RandomStreams::entity(self.keys.wait, need_id(patient, kind, t)).random();
            // A follow-up organised by a coordinating nurse waits for the own GP (`navigators`).
            wanted_to_wait = u_wait < self.p.waits.wait_own_gp_share || req.organised_follow_up.is_some();
            if let Some((b, _)) = self.own_gp_later(&pt, &search, if wanted_to_wait { self.p.waits.wait_own_gp_max_days } else { 0.0 }) {
                self.record_request(t, patient, &fate, RequestOutcome::WaitedOwnGp);
                return self.book(t, patient, kind, Place::Gp(b), None);
            }
        }
        let (best, unknown_place) = self.earliest_planned_offer(patient, &pt, req, slot.map(|(b, _)| b.start), (t, preferred, latest));
        let place = match best {
            Some((_, None)) => Some(Place::Gp(slot.expect("GP slot").0)),
            Some((_, Some((s, place)))) => Some(Place::Service(s, place)),
            None => walk_in.map(|(place, _)| Place::Service(0, place)),
        };
        if let Some(place) = place {
            self.record_request(t, patient, &fate, RequestOutcome::OtherProfessional);
            return self.book(t, patient, kind, place, None);
        }
        let cause = match (pt.has_gp(), wanted_to_wait) {
            _ if unknown_place => ForgoCause::Information,
            (true, true) => ForgoCause::NoSlot,
            (true, false) => ForgoCause::GaveUpAfterFailure,
            (false, _) => ForgoCause::without_option(self.gp_in_reach(&pt), informed),
        };
        self.record_request(t, patient, &fate, RequestOutcome::GaveUp);
        self.forgo(t, patient, kind, None, cause);
        if kind == NeedKind::ChronicFollowUp {
            let retry = t + Minutes::from_days_f64(req.organised_follow_up.unwrap_or(self.p.booking.followup_retry_days));
            self.queue.schedule(retry, Event::FollowUpDue { patient, epoch: pt.epoch });
        }
        None
    }

    /// The earliest of a planned need's GP slot (starting at `gp_start`) and
    /// the places of the services `req` offers, known to the patient, by
    /// `latest` (`window` = (now, preferred date, latest); a service place
    /// before the preferred date counts as on that date): its start and, for
    /// a service, which place (None: the GP slot). Also whether a service had
    /// a place the patient did not know of (forgone for lack of information).
    #[allow(clippy::type_complexity)]
    fn earliest_planned_offer(
        &self,
        patient: u32,
        pt: &Patient,
        req: &NeedRequest,
        gp_start: Option<SimTime>,
        (t, preferred, latest): (SimTime, SimTime, SimTime),
    ) -> (Option<(SimTime, Option<(u16, ServicePlace)>)>, bool) {
        let mut best: Option<(SimTime, Option<(u16, ServicePlace)>)> = gp_start.map(|s| (s, None));
        let mut unknown_place = false;
        for offer in &req.offers {
            if let Some((place, _)) = self.service_place(offer.service, pt.zone, t, latest) {
                if !self.knows_service(patient, pt, offer.service, req) {
                    unknown_place = true;
                    continue;
                }
                if best.is_none_or(|(at, _)| place.2.max(preferred) < at) {
                    best = Some((place.2.max(preferred), Some((offer.service, place))));
                }
            }
        }
        (best, unknown_place)
    }

    /// The SAS line an acute minor need calls, if any (the patient is in its
    /// scope, knows the number and u_call < `call_share`), and whether the
    /// call comes before the choice: the regulator orients to every option
    /// and the patient's first choice failed.
    pub(super) fn sas_call(&self, patient: u32, pt: &Patient, req: &NeedRequest, u_call: f64, failed: bool) -> (Option<RegulatorId>, bool) {
        let call = req.regulation.filter(|&(_, share)| u_call < share && self.knows_sas_number(patient, pt, req)).map(|(r, _)| r);
        let first = call.is_some_and(|r| failed && self.regulators[r as usize].orientation.all_options);
        (call, first)
    }

    /// Whether the patient knows of service `s` (lisibilité, `model::legibility`).
    pub(super) fn knows_service(&self, patient: u32, pt: &Patient, s: u16, req: &NeedRequest) -> bool {
        self.knows(patient, pt, u32::from(s), self.p.choice.service_unawareness, req)
    }

    /// Whether the patient knows the SAS number (lisibilité, `model::legibility`).
    pub(super) fn knows_sas_number(&self, patient: u32, pt: &Patient, req: &NeedRequest) -> bool {
        self.knows(patient, pt, crate::model::legibility::SAS_NUMBER, self.p.choice.sas_number_unawareness, req)
    }

    /// Whether the patient knows `option`, of base unawareness `base` (no draw when `base` is 0).
    fn knows(&self, patient: u32, pt: &Patient, option: u32, base: f64, req: &NeedRequest) -> bool {
        use crate::model::legibility::{knowledge_uniform, unaware_probability, Knower};
        if base <= 0.0 {
            return true;
        }
        let ch = &self.p.choice;
        let newcomer = ch.unawareness_newcomer_factor != 1.0 && self.is_newcomer(patient);
        let who = Knower { vulnerable: pt.is(flags::VULNERABLE), digital: pt.is(flags::DIGITAL), newcomer };
        let factors = (ch.information_lack_vulnerable_factor, ch.unawareness_no_digital_factor, ch.unawareness_newcomer_factor);
        let p = unaware_probability(base, who, factors, req.information_lack_factor);
        knowledge_uniform(self.keys.legibility, patient, option) >= p
    }

    /// Whether the patient has lived in the territory less than
    /// `choice.newcomer_years` today (`model::legibility`, stream `residence`).
    fn is_newcomer(&self, patient: u32) -> bool {
        use crate::model::legibility::{residence_uniform, residence_years};
        let ch = &self.p.choice;
        let y0 = residence_years(&ch.residence_years_shares, residence_uniform(self.keys.residence, patient));
        y0 + f64::from(self.queue.now().day()) / 365.25 < ch.newcomer_years
    }

    /// Whether the patient knows of options beyond their own GP.
    pub(super) fn is_informed(&self, pt: &Patient, u: f64, req: &NeedRequest) -> bool {
        let ch = &self.p.choice;
        let lack = if pt.is(flags::VULNERABLE) { ch.information_lack * ch.information_lack_vulnerable_factor } else { ch.information_lack };
        u >= lack * req.information_lack_factor
    }

    /// The earliest acceptable GP slot: own GP first, then the policy
    /// networks (no refusal), then — if the patient knows of them — the
    /// nearest other GPs, each of whom may refuse a patient without a
    /// médecin traitant (`booking.accept_unregistered`). Draws one number
    /// per other GP tried.
    pub(super) fn find_gp_slot(
        &mut self,
        patient: u32,
        kind: NeedKind,
        s: &Search,
        informed: bool,
        rng: &mut StreamRng,
    ) -> Option<(Booking, f32)> {
        let pt = self.patients[patient as usize];
        if self.known_full.len() < self.gps.len() {
            self.known_full.resize(self.gps.len(), KnownFull::new());
        }
        let zone = pt.zone as usize;
        let tier = self.nearest_tier_of(zone);
        let weeks_off = self.p.gp.weeks_off_per_year;
        let w = GpSearch { gps: &self.gps, layout: &self.layout, weeks_off };
        if pt.has_gp() {
            if let Some(mut b) = gp_earliest(w, &mut self.known_full, pt.gp, s, s.usage) {
                b.gp = pt.gp;
                return Some((b, self.travel(pt.zone, self.gps[pt.gp as usize].zone)));
            }
        }
        let networks = self.booking_failed_request(patient, kind, s.t).networks;
        let opening_day = if networks.is_empty() { None } else { self.layout.calendar.next_opening(s.t, 7).map(|o| o.day()) };
        for (n, reserved_only) in networks {
            let use_ = if reserved_only { SlotUse::ReservedOnly } else { s.usage };
            let q = SweepQuery {
                usage: use_,
                opening_day,
                now: s.t,
                first_day: first_search_day(use_, s.t, s.from_day),
                latest_day: s.latest.day(),
            };
            // The members tried: within the patient's reach, or the team of
            // the own GP's commune (`NetworkReach`), whose memo is that commune's.
            if q.reserved_day_too_late() {
                continue;
            }
            let Some((from, from_tier, team)) = self.sweep_origin(n, &pt, zone, tier) else { continue };
            if self.sweep_index(n, from).and_then(|i| self.sweeps.get(i)).is_some_and(|m| m.all_none(self.zone_reach[from].generation, &q))
            {
                continue;
            }
            let team_travel = team.map(|_| self.travel(pt.zone, from as u32));
            let found = match (use_, opening_day) {
                (SlotUse::ReservedOnly, Some(day)) => self.sweep_reserved_candidates(n, (from, from_tier, team), day, patient, pt.gp, s),
                _ => {
                    let Some(i) = self.sweep_members(n, (from, from_tier, team)) else { continue };
                    let (reach, positions) = (&self.zone_gps[from], &self.sweep_members[i].1);
                    let w = GpSearch { gps: &self.gps, layout: &self.layout, weeks_off };
                    let start = super::setup::tier_start(from_tier, u64::from(patient));
                    let found = in_tier_order(positions, start, from_tier)
                        .map(|p| reach[p as usize])
                        .filter(|&(g, _)| g != pt.gp)
                        .find_map(|(g, travel)| gp_earliest(w, &mut self.known_full, g, s, use_).map(|b| (Booking { gp: g, ..b }, travel)));
                    found
                }
            };
            if let Some((b, travel)) = found {
                return Some((b, team_travel.unwrap_or(travel)));
            }
            self.note_failed_sweep(n, from, from_tier, team, &q);
        }
        let w = GpSearch { gps: &self.gps, layout: &self.layout, weeks_off };
        if !informed {
            return None;
        }
        let tries = self.p.booking.other_gp_tries as usize;
        let accept = self.p.booking.accept_unregistered;
        for &(g, travel) in
            super::setup::nearest_first_in_tier(&self.zone_gps[zone], tier, u64::from(patient)).filter(|(g, _)| *g != pt.gp).take(tries)
        {
            // One draw per GP tried, registered or not (common random numbers);
            // only a patient without a médecin traitant can be refused.
            let refused = rng.random::<f64>() >= accept;
            if refused && !pt.has_gp() {
                continue;
            }
            if let Some(mut b) = gp_earliest(w, &mut self.known_full, g, s, s.usage) {
                b.gp = g;
                return Some((b, travel));
            }
        }
        None
    }
}

impl World<'_> {
    /// The size of `zone`'s nearest tier (`setup::nearest_tier`), counted
    /// once per generation of the zone (the reach changes only when a GP joins or leaves).
    fn nearest_tier_of(&mut self, zone: usize) -> usize {
        if let Some(tier) = self.zone_reach[zone].tier() {
            return tier;
        }
        let tier = super::setup::nearest_tier(&self.zone_gps[zone]);
        self.zone_reach[zone].set_tier(tier);
        tier
    }

    /// The length of a per (zone, network) table (`sweeps`, `reserved_candidates`)
    /// that holds `zone`.
    fn per_zone_and_network(&self, zone: usize) -> usize {
        self.zones.len().max(zone + 1) * self.networks.len()
    }

    /// Where the memo of network `n`'s sweeps from `zone` is kept in
    /// `sweeps` (zone-major; the networks are all made at set-up).
    pub(super) fn sweep_index(&self, n: u16, zone: usize) -> Option<usize> {
        let networks = self.networks.len();
        (usize::from(n) < networks).then(|| zone * networks + usize::from(n))
    }

    /// Where network `n`'s sweep for patient `pt` (in `zone`, nearest tier
    /// `tier`) starts: (the zone whose reach is swept, its nearest tier, the
    /// commune a team is restricted to). `NetworkReach::WithinReach` and
    /// `OwnEpci`: the patient's zone, every member in reach (of the
    /// patient's EPCI, `Sweep::is_member`); `OwnGpCommune`: the own GP's
    /// zone, the members practising there (its nearest tier), none without a GP.
    fn sweep_origin(&mut self, n: u16, pt: &Patient, zone: usize, tier: usize) -> Option<(usize, usize, Option<u32>)> {
        match self.network_reach.get(usize::from(n)) {
            Some(NetworkReach::OwnGpCommune) => {
                let c = self.gps.get(pt.gp as usize)?.zone;
                Some((c as usize, self.nearest_tier_of(c as usize), Some(c)))
            }
            _ => Some((zone, tier, None)),
        }
    }

    /// A sweep for a reserved slot of opening day `day` (`SlotUse::ReservedOnly`)
    /// of network `n` from `origin` (`sweep_origin`'s zone, tier, team):
    /// the same members in the same order as the other sweeps ([`in_tier_order`]), but
    /// only those still candidates ([`super::sweep::ReservedCandidates`]);
    /// members found full are dropped from the list. Same answer as trying
    /// every member, without reading the calendars known full.
    fn sweep_reserved_candidates(
        &mut self,
        n: u16,
        origin: (usize, usize, Option<u32>),
        day: u32,
        patient: u32,
        own_gp: u32,
        s: &Search,
    ) -> Option<(Booking, f32)> {
        let (from, tier, _) = origin;
        let i = self.sweep_members(n, origin)?;
        if self.reserved_candidates.len() <= i {
            self.reserved_candidates.resize(self.per_zone_and_network(from), Default::default());
        }
        let reach = &self.zone_gps[from];
        let gps = &self.gps;
        let candidates = &mut self.reserved_candidates[i];
        let members = &self.sweep_members[i].1;
        candidates.refresh(self.zone_reach[from].generation, day, || members.iter().copied());
        // Every candidate's first free reserved slot is known to start too
        // late: the loop below would skip them all (the same None).
        if candidates.all_too_late(s.latest) {
            return None;
        }
        let start = super::setup::tier_start(tier, u64::from(patient));
        let w = GpSearch { gps, layout: &self.layout, weeks_off: self.p.gp.weeks_off_per_year };
        let known = &mut self.known_full;
        let (dead, later) = (&mut self.dead_candidates, &mut self.later_candidates);
        let mut found = None;
        for (j, pos) in candidates.in_sweep_order(start, tier) {
            let (g, travel) = reach[pos as usize];
            if g == own_gp || candidates.too_late_for(j, s.latest) {
                continue;
            }
            match gp_earliest(w, known, g, s, SlotUse::ReservedOnly) {
                Some(b) => {
                    found = Some((Booking { gp: g, ..b }, travel));
                    break;
                }
                None if known[g as usize].reserved_full(day, s.t) => dead.push(j),
                None => later.extend(gps[g as usize].first_free_reserved(&self.layout, day, s.t, w.weeks_off).map(|at| (j, at))),
            }
        }
        candidates.update(later, dead);
        found
    }

    /// Remembers what a failed sweep of network `n` from `zone` established
    /// (`world::sweep`): over every member the sweep reaches
    /// ([`Sweep::member_positions`]: the own GP included), i.e. every member in
    /// reach, or the team of commune `team` (the first `tier` of the zone's
    /// reach) for a network reaching the own GP's commune only.
    fn note_failed_sweep(&mut self, n: u16, zone: usize, tier: usize, team: Option<u32>, q: &SweepQuery) {
        let Some(i) = self.sweep_members(n, (zone, tier, team)) else { return };
        if self.sweeps.len() <= i {
            // One memo per (zone, network), a zone's together (one cache line to prefetch).
            self.sweeps.resize(self.per_zone_and_network(zone), SweepMemo::default());
        }
        let reach = &self.zone_gps[zone];
        let members = self.sweep_members[i].1.iter().map(|&p| reach[p as usize].0);
        self.sweeps[i].record(self.zone_reach[zone].generation, q, members, &self.known_full);
    }

    /// Where network `n`'s members reached by a sweep from `origin`
    /// (`sweep_origin`'s zone, tier, team) are listed in `sweep_members`
    /// ([`Sweep::member_positions`]), listed anew once per generation of the zone
    /// (the reach and the networks change only when a GP joins, leaves or
    /// changes what it offers). None for an unknown network.
    fn sweep_members(&mut self, n: u16, origin: (usize, usize, Option<u32>)) -> Option<usize> {
        let (from, tier, team) = origin;
        let i = self.sweep_index(n, from)?;
        if self.sweep_members.len() <= i {
            self.sweep_members.resize(self.per_zone_and_network(from), (u64::MAX, Vec::new()));
        }
        if self.sweep_members[i].0 != self.zone_reach[from].generation {
            let epci = (self.network_reach.get(usize::from(n)) == Some(&NetworkReach::OwnEpci)).then(|| self.zones[from].epci);
            let sweep = Sweep {
                reach: &self.zone_gps[from],
                tier,
                team,
                epci,
                zones: self.zones,
                members: &self.networks[n as usize],
                gps: &self.gps,
            };
            let listed = &mut self.sweep_members[i];
            listed.1.clear();
            listed.1.extend(sweep.member_positions());
            listed.0 = self.zone_reach[from].generation;
        }
        Some(i)
    }
}

/// The entries of `positions` (ascending positions in a zone's reach) in
/// the order a sweep walks that reach: its nearest `tier` rotated to begin
/// at `start` ([`super::setup::tier_order`], the one rule of
/// `nearest_first_in_tier`), then the rest.
fn in_tier_order(positions: &[u32], start: usize, tier: usize) -> impl Iterator<Item = u32> + '_ {
    let at = |bound: usize| positions.partition_point(|&p| (p as usize) < bound);
    let [first, then, rest] = super::setup::tier_order(at(start), at(tier), positions.len());
    positions[first].iter().chain(&positions[then]).chain(&positions[rest]).copied()
}

/// One network's sweep from one zone: the members a failed search tries,
/// nearest first (the tier rotated by the patient).
struct Sweep<'a> {
    /// The swept zone's GPs in reach, nearest first, and its nearest tier.
    reach: &'a [(u32, f32)],
    tier: usize,
    /// The commune a team network is restricted to (`NetworkReach::OwnGpCommune`).
    team: Option<u32>,
    /// The EPCI a network is restricted to (`NetworkReach::OwnEpci`): the patient's.
    epci: Option<u32>,
    zones: &'a [crate::model::territory::Zone],
    /// Membership of the network, per GP.
    members: &'a [bool],
    gps: &'a [crate::model::providers::Gp],
}

impl<'a> Sweep<'a> {
    /// The positions in the reach of the members the sweep reaches (the
    /// own GP included), ascending: every member in reach, or for a team
    /// those of its commune within the nearest tier (a team takes its tier
    /// whole). A patient tries them in [`in_tier_order`], own GP left out;
    /// `world::sweep::ReservedCandidates` keeps positions, to restore the rotation.
    fn member_positions(&self) -> impl Iterator<Item = u32> + '_ {
        self.reach.iter().take(self.walked()).enumerate().filter(|(_, (g, _))| self.is_member(*g)).map(|(k, _)| k as u32)
    }

    /// How much of the reach a sweep walks: a team, its nearest tier only.
    fn walked(&self) -> usize {
        if self.team.is_some() {
            self.tier
        } else {
            usize::MAX
        }
    }

    /// Whether GP `g` is a member the sweep reaches: in the network, for a
    /// team of its commune, for a network by EPCI of the patient's EPCI.
    fn is_member(&self, g: u32) -> bool {
        let zone = self.gps[g as usize].zone;
        self.members.get(g as usize) == Some(&true)
            && self.team.is_none_or(|c| zone == c)
            && self.epci.is_none_or(|e| self.zones[zone as usize].epci == e)
    }
}

/// GP `g`'s earliest slot for search `s` used as `usage`
/// ([`crate::model::providers::Gp::earliest_from`]'s answer), through the
/// index of what its calendar is known to lack (`World::known_full`, one
/// entry per GP). A free function over the world's fields, so that callers
/// can hold the zone's reach and the networks meanwhile.
fn gp_earliest(w: GpSearch<'_>, known: &mut [KnownFull], g: u32, s: &Search, usage: SlotUse) -> Option<Booking> {
    w.gps[g as usize].earliest_known(w.layout, s.t, s.from_day, s.latest, usage, w.weeks_off, &mut known[g as usize])
}

/// What [`gp_earliest`] reads of the world.
#[derive(Clone, Copy)]
struct GpSearch<'a> {
    gps: &'a [crate::model::providers::Gp],
    layout: &'a crate::model::providers::SlotLayout,
    weeks_off: u32,
}

impl World<'_> {
    /// Books a place found for a need (a GP slot or a service place): the
    /// need enters the waiting line, and ends either at its consultation or
    /// at an escalation drawn earlier than the place. A place already taken
    /// (never expected: counted in the diagnostics) ends in forgone care.
    pub(super) fn book(&mut self, t: SimTime, patient: u32, kind: NeedKind, place: Place, escalation: Option<SimTime>) -> Option<SimTime> {
        let (taken, start, provider) = match place {
            Place::Gp(b) => (self.book_gp_slot(&b), b.start, Provider::Gp(b.gp)),
            Place::Service(s, (day, k, start)) => (self.services[s as usize].book(day, k), start, Provider::Service(s)),
        };
        if !taken {
            self.diag.double_bookings += 1;
            self.forgo(t, patient, kind, escalation, ForgoCause::NoSlot);
            return None;
        }
        self.enter_waiting_line(t);
        match escalation {
            Some(e) if e < start => {
                self.queue.schedule(e, Event::Escalation { patient, onset: t, booked: true });
                None
            }
            _ => {
                self.queue.schedule(start, Event::Consultation { patient, kind, onset: t, provider: provider.into() });
                Some(start)
            }
        }
    }

    /// Books a GP slot; a consultation squeezed in beyond the calendar
    /// counts as a slot offered that day (in the observation window), so
    /// `gp_utilisation` keeps given ≤ offered.
    fn book_gp_slot(&mut self, b: &Booking) -> bool {
        let taken = self.gps[b.gp as usize].book(b);
        let day = SimTime::from_day(b.day);
        if taken && self.layout.is_squeezed_in(b) && day >= self.warmup && day < self.horizon {
            let terr = self.zones[self.gps[b.gp as usize].zone as usize].territory as usize;
            self.rec.gp_slots_offered[terr] += 1;
            self.rec.gp_squeezed_in[terr] += 1;
        }
        taken
    }

    /// The earliest place of service `s` for a patient of `zone`, with the travel to it.
    pub(super) fn service_place(&self, s: u16, zone: u32, t: SimTime, latest: SimTime) -> Option<((u32, u32, SimTime), f32)> {
        let travel = self.service_travel.get(s, zone)?;
        self.services[s as usize].earliest(t, latest).map(|place| (place, travel))
    }

    /// The need is forgone, for `cause`; an untreated acute need may still escalate.
    pub(super) fn forgo(&mut self, t: SimTime, patient: u32, kind: NeedKind, escalation: Option<SimTime>, cause: ForgoCause) {
        self.rec.week(t).forgone += 1;
        if t >= self.warmup {
            let (terr, c) = self.cells_of(patient);
            self.rec.forgone(terr, c, kind);
            self.rec.forgone_cause(terr, c, cause);
            self.rec.zone_stats[self.patients[patient as usize].zone as usize].forgone += 1;
        }
        match escalation {
            Some(e) => self.queue.schedule(e, Event::Escalation { patient, onset: t, booked: false }),
            None => self.diag.forgone += 1,
        }
    }
}

#[cfg(test)]
mod team_tests {
    use super::super::rural_world::with_rural_world;
    use super::*;
    use crate::model::policy::msp::MspParams;
    use crate::model::policy::spec::{PolicyParams, PolicySpec};
    use crate::model::policy::Scope;

    /// A world of 10 rural zones (12 GPs) with one MSP whose every GP of
    /// every zone is a member; the pooled agenda by commune or within reach.
    fn world_with_msp<R>(by_commune: bool, check: impl FnOnce(&mut World) -> R) -> R {
        let msp = |zones: &[crate::model::territory::Zone]| {
            vec![PolicySpec {
                name: "msp".into(),
                params: PolicyParams::Msp(MspParams { pooled_agenda_by_commune: by_commune, ..MspParams::default() }),
                start_day: None,
                end_day: None,
                scope: Scope { in_zone: vec![true; zones.len()], participation: 1.0 },
            }]
        };
        with_rural_world(msp, |w, _| check(w))
    }

    /// The members a failed search of network 0 tries for `patient`: the
    /// origin and the walk `find_gp_slot` uses (own GP excluded).
    fn tried(w: &mut World, patient: u32) -> Vec<u32> {
        let pt = w.patients[patient as usize];
        let zone = pt.zone as usize;
        let tier = w.nearest_tier_of(zone);
        let (from, from_tier, team) = w.sweep_origin(0, &pt, zone, tier).expect("a patient with a GP");
        let i = w.sweep_members(0, (from, from_tier, team)).expect("network 0 exists");
        let start = super::super::setup::tier_start(from_tier, u64::from(patient));
        in_tier_order(&w.sweep_members[i].1, start, from_tier).map(|p| w.zone_gps[from][p as usize].0).filter(|&g| g != pt.gp).collect()
    }

    #[test]
    fn a_team_pooled_agenda_tries_the_members_of_the_own_gp_commune_only() {
        let [by_commune, within_reach] = [true, false].map(|b| {
            world_with_msp(b, |w| {
                // A registered patient whose GP's commune has another GP.
                let gp_zone = |w: &World, g: u32| w.gps[g as usize].zone;
                let patient = (0..w.patients.len() as u32)
                    .find(|&i| {
                        let g = w.patients[i as usize].gp;
                        w.patients[i as usize].has_gp() && w.gps.iter().filter(|x| x.zone == gp_zone(w, g)).count() >= 2
                    })
                    .expect("a commune with two GPs");
                let own = w.patients[patient as usize].gp;
                // Independently: the other GPs practising in the own GP's commune.
                let mut colleagues: Vec<u32> = (0..w.gps.len() as u32).filter(|&g| g != own && gp_zone(w, g) == gp_zone(w, own)).collect();
                colleagues.sort_unstable();
                let mut t = tried(w, patient);
                let all = t.len();
                t.sort_unstable();
                (t == colleagues, all, colleagues.len())
            })
        });
        assert!(by_commune.0, "by commune: exactly the own GP's colleagues of its commune");
        assert!(within_reach.1 > within_reach.2, "within reach: members of other communes too ({} > {})", within_reach.1, within_reach.2);
    }

    /// A world of the 10 rural zones whose first five are EPCI 1 and the
    /// others EPCI 2, with one CPTS whose every GP is a member, its shared
    /// slots by EPCI or within reach.
    fn world_with_cpts<R>(by_epci: bool, check: impl FnOnce(&mut World) -> R) -> R {
        use crate::model::policy::cpts::CptsParams;
        let epcis = |zones: &mut [crate::model::territory::Zone]| {
            for (i, z) in zones.iter_mut().enumerate() {
                z.epci = if i < 5 { 1 } else { 2 };
            }
        };
        let cpts = |zones: &[crate::model::territory::Zone]| {
            vec![PolicySpec {
                name: "cpts".into(),
                params: PolicyParams::Cpts(CptsParams { shared_slots_by_epci: by_epci, ..CptsParams::default() }),
                start_day: None,
                end_day: None,
                scope: Scope { in_zone: vec![true; zones.len()], participation: 1.0 },
            }]
        };
        super::super::rural_world::with_rural_zones(epcis, cpts, |w, _| check(w))
    }

    #[test]
    fn todays_cpts_shares_slots_within_the_patients_epci_only() {
        // For a patient of each zone: the members tried, against the GPs
        // within reach (`zone_gps`) practising in a zone of its EPCI, by hand
        // from the zone numbers (zones 0–4 EPCI 1, 5–9 EPCI 2).
        for (by_epci, expect_other_epci) in [(true, false), (false, true)] {
            world_with_cpts(by_epci, |w| {
                let mut other_epci_tried = false;
                for zone in 0..10u32 {
                    let Some(patient) = (0..w.patients.len() as u32).find(|&i| w.patients[i as usize].zone == zone) else { continue };
                    let own = w.patients[patient as usize].gp;
                    let same = |z: u32| (z < 5) == (zone < 5);
                    let mut expected: Vec<u32> = w.zone_gps[zone as usize]
                        .iter()
                        .map(|&(g, _)| g)
                        .filter(|&g| g != own && (!by_epci || same(w.gps[g as usize].zone)))
                        .collect();
                    let mut t = tried(w, patient);
                    other_epci_tried |= t.iter().any(|&g| !same(w.gps[g as usize].zone));
                    t.sort_unstable();
                    expected.sort_unstable();
                    assert_eq!(t, expected, "zone {zone}, by EPCI {by_epci}");
                }
                assert_eq!(other_epci_tried, expect_other_epci, "by EPCI {by_epci}: a member of the other EPCI tried");
            });
        }
    }
}
