//! The world of one replication: its patients, GPs, services and emergency
//! departments, the event queue, the active policies, and the pathway rules
//! that turn needs into outcomes.
//!
//! **Order of the rules.** Everything that happens is an [`Event`]; the one
//! dispatch in [`World::handle`] says what each event does:
//!
//! 1. `DayStart` (00:00 every day): on Mondays each GP's list opens or
//!    closes from its diary's load (`model::list_closure`); person-time, GP
//!    slots offered and policy
//!    running costs are counted (after warm-up); active policies run their
//!    daily tick (orphan matching, retirements, installations) and the world
//!    applies what they requested; then the day's needs are drawn per cohort
//!    (Poisson counts, uniform patients, onset minutes from a daily profile).
//! 2. `NeedArose` / `FollowUpDue`: the need is recorded; active policies fill
//!    a [`NeedRequest`] (extra options, information, tolerance,
//!    regulation); then
//!    - acute serious → ED visit (and maybe admission);
//!    - acute minor → locate a GP slot (own GP; on failure the networks the
//!      policies give, without refusal, then other
//!      GPs if the patient knows of them) and the services offered; a logit
//!      choice between them, the ED and forgoing care; a patient about to go
//!      to the ED may call the SAS, which books a participating GP's slot;
//!      untreated acute needs may escalate (Weibull time);
//!    - planned kinds → the earliest of the GP slot and the services offered
//!      within the patient's tolerance, or forgo (a forgone follow-up is
//!      sought again later).
//! 3. `Consultation` (a GP's or a service's: one event, one rule in
//!    `model::consultation`): delay, travel and cost are recorded; an orphan
//!    seen by a GP may be registered; a follow-up by a professional who can
//!    follow a chronic patient resets the chronic clock; a remote
//!    consultation may require an in-person follow-up; a rare admission.
//! 4. `Escalation`: ED visit, maybe an avoidable admission.
//! 5. `Decompensation` (chronic patients; candidates at a bound of the hazard,
//!    accepted by thinning with the hazard of the moment: × `overdue_factor`
//!    once the follow-up is overdue, × the policies' factors): avoidable
//!    admission, often through the ED.
//! 6. `Discharge`: a post-discharge visit is sought (a policy may coordinate
//!    it); a 30-day readmission is drawn, less likely after an early visit.
//!
//! Every random decision about a need draws from a generator keyed by the
//! need itself (patient, kind, onset time), so switching a mechanism on does
//! not shift the draws of unrelated needs (common random numbers).

mod booking;
mod continuity;
mod coordination;
mod nearby;
mod next_visit;
mod policies;
mod regulation;
mod second_line;
mod setup;
mod sweep;
mod visitors;
mod weekend;
mod workforce;

use setup::nearest_first;

pub use super::consultation::Provider;
use super::consultation::{capability, carries_admission_risk, resets_chronic_clock, PackedProvider};
use super::indicators::{cells, Admission, ConsultGiven, EdCause, NeedSeen, Recorder};
use super::params::Parameters;
use super::policy::{PatientView, Policy};
use super::population::{flags, Cohort, Health, Patient, NO_GP};
use super::providers::{Booking, Gp, ProfessionalKind, SlotLayout};
use super::requests::hour_band;
use super::services::Service;
use super::territory::{travel_minutes, Zone};
use super::NeedKind;
use crate::engine::rng::mix64;
use crate::engine::{EventQueue, Minutes, RandomStreams, SimTime, StreamRng, Weekday};
use rand::Rng;
use rand_distr::{Distribution, Poisson};
use std::sync::atomic::{AtomicBool, Ordering};

/// Everything that can happen, named as facts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Event {
    DayStart,
    NeedArose {
        patient: u32,
        kind: NeedKind,
    },
    FollowUpDue {
        patient: u32,
        epoch: u16,
    },
    /// A consultation, given by a GP of the territory or by a service
    /// (walk-in, teleconsultation, PDSA …): one event, one outcome rule.
    Consultation {
        patient: u32,
        kind: NeedKind,
        onset: SimTime,
        provider: PackedProvider,
    },
    /// `booked`: the need was waiting for a booked consultation (in the waiting line).
    Escalation {
        patient: u32,
        onset: SimTime,
        booked: bool,
    },
    /// A decompensation candidate (accepted or not by thinning).
    Decompensation {
        patient: u32,
    },
    Discharge {
        patient: u32,
    },
    Readmission {
        patient: u32,
    },
}

impl Event {
    /// The patient the event concerns, if any.
    pub fn patient(&self) -> Option<u32> {
        match *self {
            Event::DayStart => None,
            Event::NeedArose { patient, .. }
            | Event::FollowUpDue { patient, .. }
            | Event::Consultation { patient, .. }
            | Event::Escalation { patient, .. }
            | Event::Decompensation { patient, .. }
            | Event::Discharge { patient }
            | Event::Readmission { patient } => Some(patient),
        }
    }
}

/// A place in a service: (day, index in the day, start).
type ServicePlace = (u32, u32, SimTime);

/// A place found for a need: a GP's slot or a service's place.
#[derive(Clone, Copy, Debug)]
enum Place {
    Gp(Booking),
    Service(u16, ServicePlace),
}

/// What a consultation's provider brings to it (see `provider_facts`).
struct ProviderFacts {
    kind: ProfessionalKind,
    remote: bool,
    travel_min: f64,
    cost_eur: f64,
    follow_up_share: f64,
}

/// Relative weight of each hour of the day for the onset of acute needs
/// (assumption: low at night, peaks mid-morning and early evening).
const ACUTE_HOUR_WEIGHTS: [f64; 24] =
    [1.0, 0.7, 0.5, 0.5, 0.5, 0.7, 1.5, 3.0, 5.0, 6.0, 6.0, 5.5, 5.0, 4.5, 5.0, 5.0, 5.0, 5.5, 5.5, 5.0, 4.0, 3.0, 2.0, 1.5];

/// Counts that check the model's bookkeeping (conservation, Little's law).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagnostics {
    /// Events processed.
    pub events: u64,
    /// Needs that arose (whole run, warm-up included).
    pub needs: u64,
    /// Final outcome of each need: consultation, ED, forgone, escalated.
    pub consulted: u64,
    pub to_ed: u64,
    pub forgone: u64,
    pub escalated: u64,
    /// Needs resolved by a SAS regulator's advice (no consultation, no ED; issue 18).
    pub advised: u64,
    /// Needs still waiting (for a consultation or an escalation) at the horizon.
    pub pending_at_end: u64,
    /// Bookings refused because the place was already taken (must be 0).
    pub double_bookings: u64,
    /// Events that came out of the queue earlier than the one before (must be 0).
    pub time_reversals: u64,
    /// Area under the number of needs waiting for a booked consultation or a service visit (need·minutes).
    pub waiting_area: f64,
    /// Needs that entered that waiting line, and their summed waits (minutes, completed or censored at the horizon).
    pub waiting_entries: u64,
    pub waiting_time_sum: f64,
}

impl Diagnostics {
    /// Checks the run's bookkeeping: every need ended in exactly one outcome
    /// (or is still pending at the horizon), no place was booked twice, and
    /// the waiting line is consistent with the waits recorded (Little's law
    /// on the sample path: area under the line = sum of the waits).
    pub fn check(&self) -> Result<(), String> {
        let ended = self.consulted + self.to_ed + self.forgone + self.escalated + self.advised + self.pending_at_end;
        if ended != self.needs {
            return Err(format!(
                "{} needs but {ended} outcomes (consulted {}, ED {}, forgone {}, escalated {}, advised {}, pending {})",
                self.needs, self.consulted, self.to_ed, self.forgone, self.escalated, self.advised, self.pending_at_end
            ));
        }
        if self.double_bookings > 0 {
            return Err(format!("{} places were booked twice", self.double_bookings));
        }
        if self.time_reversals > 0 {
            return Err(format!("simulated time went backwards {} times", self.time_reversals));
        }
        let tolerance = 1e-9 * self.waiting_area.max(1.0);
        if (self.waiting_area - self.waiting_time_sum).abs() > tolerance {
            return Err(format!("waiting-line area {} differs from the sum of waits {}", self.waiting_area, self.waiting_time_sum));
        }
        Ok(())
    }
}

/// The result of one replication of one arm (base or variant).
#[derive(Clone, Debug)]
pub struct ReplicationOutput {
    pub replication: u32,
    pub recorder: Recorder,
    pub diagnostics: Diagnostics,
}

/// Where a replication asked to stop ended ([`World::run_unless_stopped`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stopped {
    /// The simulated day that was not begun (day 0: the first day of the warm-up).
    pub day: u32,
    /// Events handled before it stopped.
    pub events: u64,
    /// Time of the last event handled (`SimTime::ZERO` when none was).
    pub last_event: SimTime,
}

/// Stream keys, hashed once per replication.
struct Keys {
    need: u64,
    outcome: u64,
    chronic: u64,
    hospital: u64,
    policy: u64,
    /// Lead times of planned needs, and the decision to wait for the own GP (issue 17).
    lead: u64,
    wait: u64,
    /// Seasonal leave of GPs (summer, Christmas), per GP.
    leave: u64,
    /// Acute needs avoided by a prevention act (issue 18).
    prevention: u64,
    /// Part-time GPs' weekdays off, per GP; the route of weekend acute needs, per need (`model::rhythm`).
    part_time: u64,
    weekend: u64,
    /// What each patient knows of the options (lisibilité, `model::legibility`).
    legibility: u64,
    /// Years each patient has lived in the territory (`model::legibility`), per patient.
    residence: u64,
    /// Referrals to the second line (issue 19), per need.
    specialist: u64,
    /// Tolerances of the direct requests to specialists, per pool, day and request.
    specialist_direct: u64,
    /// Which specialist pool a referred patient chooses (`specialists.pool_choice`), per need.
    specialist_pool: u64,
    /// Coordination (issue 19 §1): tools per GP and service, rounding of withheld slots, information lost per transition.
    coordination: u64,
    /// Whether the SAS regulator resolves a call by advice (issue 18), per need.
    advice: u64,
    /// Whether the next follow-up is booked at a consultation (`model::next_visit`), per patient and epoch.
    next_visit: u64,
}

/// A SAS regulation line.
struct Regulator {
    calls_per_day: u32,
    max_delay: Minutes,
    /// Participating GPs.
    gps: Vec<bool>,
    cost_per_call_eur: f64,
    /// (day, calls taken that day).
    used: (u32, u32),
    /// How it orients and answers (issue 18), and when each of its lines is free.
    orientation: super::policy::Orientation,
    lines: regulation::Lines,
}

/// The world of one replication.
pub struct World<'s> {
    p: &'s Parameters,
    zones: &'s [Zone],
    patients: Vec<Patient>,
    cohorts: Vec<Cohort>,
    gps: Vec<Gp>,
    /// Per GP: the days its calendar is known to have no free slot
    /// (`model::known_full`; grown on demand as GPs install).
    known_full: Vec<crate::model::known_full::KnownFull>,
    /// Per zone, per network (index `zone × networks + network`): what the last failed sweep
    /// established (`world::sweep`; allocated at the first failed sweep, once every network exists).
    sweeps: Vec<sweep::SweepMemo>,
    /// Same index as `sweeps`: the members a search for a reserved slot may
    /// still book (`world::sweep::ReservedCandidates`; allocated at the first such sweep).
    reserved_candidates: Vec<sweep::ReservedCandidates>,
    /// Same index as `sweeps`: the positions in the zone's reach of the
    /// members a sweep of the network reaches, ascending, and the
    /// generation they were listed at (`booking::sweep_members`; a sweep
    /// walks these instead of the whole reach; allocated at the first sweep).
    sweep_members: Vec<(u64, Vec<u32>)>,
    /// Scratch of `booking::sweep_reserved_candidates`: candidates found full.
    dead_candidates: Vec<usize>,
    /// Scratch list of a reserved-slot sweep: candidates whose first free reserved slot came too late, and when it starts.
    later_candidates: Vec<(usize, SimTime)>,
    /// Moves on whenever a GP joins, leaves or changes what it offers.
    gp_generation: u64,
    /// Per zone: the `gp_generation` of the last such change to a GP the
    /// zone may have in reach (`World::gp_changed_in`), and its nearest
    /// tier's size at it. The zone's sweep memos, member lists and reserved
    /// candidates hold for that generation: a change elsewhere in France
    /// leaves them standing.
    zone_reach: Vec<sweep::ZoneReach>,
    /// Per zone: what every event reads of it ([`ZonePoint`]).
    zone_points: Vec<ZonePoint>,
    layout: SlotLayout,
    /// Per zone: active GPs within reach, nearest first, with travel minutes.
    zone_gps: Vec<Vec<(u32, f32)>>,
    /// The zones' positions in reach-radius cells (`world::nearby`): which zones a GP's zone can reach.
    zone_grid: nearby::ZoneGrid,
    /// Services: index 0 is the baseline pharmacy/nurse walk-in; others come from policies.
    services: Vec<Service>,
    /// Per service, per zone: travel minutes to its nearest site (None: out of reach).
    service_travel: nearby::ServiceTravel,
    /// GP networks registered by policies: membership per GP.
    networks: Vec<Vec<bool>>,
    /// Per network: which members a failed search tries (`NetworkReach`).
    network_reach: Vec<crate::model::policy::NetworkReach>,
    regulators: Vec<Regulator>,
    /// The specialists (None when `specialists.enabled` is false).
    second_line: Option<super::specialists::SecondLine>,
    /// Coordination time and information sharing (None when `coordination.enabled` is false).
    coordination: Option<coordination::Coordination>,
    policies: Vec<Box<dyn Policy>>,
    /// Each policy's schedule (`Policy::schedule`, fixed at set-up), read
    /// here on every need and consultation rather than by a virtual call per policy.
    policy_schedules: Vec<crate::model::policy::Schedule>,
    /// The product of the policies' `Policy::max_consultation_factor`: no
    /// product of their multipliers of the hospitalisation risk exceeds it.
    consultation_factor_bound: f64,
    /// Per zone: its patients (only built when a policy needs it) and its orphans.
    zone_patients: Vec<Vec<u32>>,
    zone_orphans: Vec<u64>,
    /// Per territory × density class (`SecondLine::class_of`): its inhabitants
    /// (not the visitors); empty when the second line is off.
    class_residents: Vec<Vec<u32>>,
    /// Patients registered with each GP, built at the first retirement
    /// (empty before): a retirement then visits its GP's list instead of
    /// every patient. Lists only grow; entries of patients who have since
    /// left are skipped (`retire_gp` checks `Patient::gp`).
    gp_lists: Vec<Vec<u32>>,
    /// Per zone: product of the active policies' attractiveness (refreshed daily when needed).
    zone_attractiveness: Vec<f64>,
    /// Retirements by age and installations (`parameters.workforce`); None when off.
    dynamics: Option<crate::model::workforce::Dynamics>,
    queue: EventQueue<Event>,
    rec: Recorder,
    keys: Keys,
    need_rng: StreamRng,
    gp_rng: StreamRng,
    warmup: SimTime,
    warmup_days: u32,
    horizon: SimTime,
    start_day_of_year: u32,
    waiting: u64,
    waiting_since: SimTime,
    diag: Diagnostics,
    /// The seasonal population (none for synthetic territories).
    visitors: visitors::Visitors,
    /// Patients whose next follow-up was booked at a consultation and is
    /// still ahead, with the time of that request (`model::next_visit`;
    /// empty when `waits.next_visit_booked_share` is 0).
    next_visits: std::collections::HashMap<u32, SimTime>,
    /// Each tolerance code's multiplier at `population.delay_tolerance_log_sd` (`Patient::tolerance_factor`).
    tolerance: super::population::ToleranceFactors,
}

impl<'s> World<'s> {
    /// Runs to the horizon and returns what was recorded.
    pub fn run(self, replication: u32) -> ReplicationOutput {
        match self.run_checking_days(replication, |_| false) {
            Ok(out) => out,
            Err(stopped) => unreachable!("never asked to stop, stopped at {stopped:?}"),
        }
    }

    /// Runs to the horizon unless `stop` is set: the flag is read once per
    /// simulated day, at the start of each day (one load a day, none per
    /// event), so a stop requested during day `d` ends the replication
    /// before day `d + 1` begins. What a stopped replication recorded is
    /// dropped ([`Stopped`] says where it was): it is not a result.
    pub fn run_unless_stopped(self, replication: u32, stop: &AtomicBool) -> Result<ReplicationOutput, Stopped> {
        self.run_checking_days(replication, |_| stop.load(Ordering::Relaxed))
    }

    /// The day loop of [`World::run`] and [`World::run_unless_stopped`]:
    /// before the start of each simulated day (its `DayStart` event), asks
    /// `stop_before(day)`; true ends the run there, that day not begun.
    pub fn run_checking_days(mut self, replication: u32, mut stop_before: impl FnMut(u32) -> bool) -> Result<ReplicationOutput, Stopped> {
        let mut last = SimTime::ZERO;
        while let Some(t) = self.queue.peek_time() {
            if t >= self.horizon {
                break;
            }
            let (t, ev) = self.queue.pop().expect("peeked");
            if matches!(ev, Event::DayStart) && stop_before(t.day()) {
                return Err(Stopped { day: t.day(), events: self.diag.events, last_event: last });
            }
            self.prefetch_ahead();
            self.diag.events += 1;
            self.diag.time_reversals += u64::from(t < last);
            last = t;
            self.handle(t, ev);
        }
        self.close_second_line();
        self.close_waiting_line();
        self.count_inhabitants_at_end();
        Ok(ReplicationOutput { replication, recorder: self.rec, diagnostics: self.diag })
    }

    /// Asks the CPU to load the record of the patient of an event a few
    /// places ahead: with a million patients or more, each event's first
    /// touch of its patient is a cache miss otherwise (`perf`: ≈ 45 % of the
    /// clinic workload at N = 1M). Closer ahead, for a need, the own GP's
    /// calendar of the coming days (its first touch misses the cache when
    /// GPs are many: all of France), every event's zone, a consultation's
    /// GP; and the patients of the events scheduled into the day after it
    /// began, which the sorted run does not hold. No effect on results.
    #[inline]
    fn prefetch_ahead(&self) {
        const AHEAD: usize = 12;
        const GP_RECORD_AHEAD: usize = 8;
        const GP_AHEAD: usize = 4;
        const LIST_AHEAD: usize = 2;
        const LATE_AHEAD: usize = 3;
        if let Some(p) = self.queue.sorted_ahead(AHEAD).and_then(|(_, e)| e.patient()) {
            crate::engine::prefetch(self.patients.as_ptr().wrapping_add(p as usize));
        }
        // The events scheduled into the day after it began (same-day
        // consultations, follow-ups) are not in the sorted run: the patients
        // of the first of them, asked for at every event until they come.
        for p in self.queue.late_ahead(LATE_AHEAD).filter_map(Event::patient) {
            crate::engine::prefetch(self.patients.as_ptr().wrapping_add(p as usize));
        }
        // Between the two, the own GP's record (its calendar's address) and
        // what the index knows of it: the patient, asked for four events
        // ago, has arrived; the record will have when its calendar is asked for.
        if let Some((_, Event::NeedArose { patient, .. } | Event::FollowUpDue { patient, .. })) = self.queue.sorted_ahead(GP_RECORD_AHEAD) {
            let pt = &self.patients[*patient as usize];
            if pt.has_gp() {
                crate::engine::prefetch(self.gps.as_ptr().wrapping_add(pt.gp as usize));
                crate::engine::prefetch(self.known_full.as_ptr().wrapping_add(pt.gp as usize));
            }
        }
        // Every event of a patient reads its zone's record (its cells, travel).
        if let Some((t, ev)) = self.queue.sorted_ahead(GP_AHEAD) {
            if let Some(patient) = ev.patient() {
                let pt = &self.patients[patient as usize];
                crate::engine::prefetch(self.zone_points.as_ptr().wrapping_add(pt.zone as usize));
                match ev {
                    Event::NeedArose { .. } | Event::FollowUpDue { .. } => {
                        self.prefetch_zone(pt.zone as usize);
                        if pt.has_gp() {
                            if let Some(gp) = self.gps.get(pt.gp as usize) {
                                gp.prefetch_days(t.day(), crate::engine::prefetch::<(u32, u64)>);
                                // Its zone, for the travel to it.
                                crate::engine::prefetch(self.zone_points.as_ptr().wrapping_add(gp.zone as usize));
                            }
                        }
                    }
                    // A consultation's GP: its diary, its zone for the travel.
                    Event::Consultation { provider, .. } => {
                        if let crate::model::consultation::Provider::Gp(g) = provider.get() {
                            crate::engine::prefetch(self.gps.as_ptr().wrapping_add(g as usize));
                        }
                    }
                    _ => {}
                }
            }
        }
        // Nearer still, the zone's list of GPs in reach itself (its header was asked for above, two events ago).
        // A consultation's GP (asked for two events ago): its zone, for the travel to it.
        match self.queue.sorted_ahead(LIST_AHEAD) {
            Some((_, Event::NeedArose { patient, .. } | Event::FollowUpDue { patient, .. })) => {
                if let Some(list) = self.zone_gps.get(self.patients[*patient as usize].zone as usize) {
                    crate::engine::prefetch(list.as_ptr());
                }
            }
            Some((_, Event::Consultation { provider, .. })) => {
                if let crate::model::consultation::Provider::Gp(g) = provider.get() {
                    if let Some(gp) = self.gps.get(g as usize) {
                        crate::engine::prefetch(self.zone_points.as_ptr().wrapping_add(gp.zone as usize));
                    }
                }
            }
            _ => {}
        }
    }

    /// Asks the CPU to load what a need reads of its patient's zone: its
    /// reach, nearest tier, counts and services' travel (all of France:
    /// 35,000 zones, each read a cache miss otherwise). No effect on results.
    #[inline]
    fn prefetch_zone(&self, z: usize) {
        crate::engine::prefetch(self.zone_gps.as_ptr().wrapping_add(z));
        if let Some(i) = self.sweep_index(0, z) {
            crate::engine::prefetch(self.sweeps.as_ptr().wrapping_add(i));
        }
        crate::engine::prefetch(self.zone_reach.as_ptr().wrapping_add(z));
        crate::engine::prefetch(self.rec.zone_stats.as_ptr().wrapping_add(z));
        self.service_travel.prefetch_zone(z as u32);
    }

    /// The one dispatch: what each event does (see the module doc for the order).
    fn handle(&mut self, t: SimTime, ev: Event) {
        match ev {
            Event::DayStart => self.on_day_start(t),
            Event::NeedArose { patient, kind } => {
                if !self.need_avoided(t, patient, kind) {
                    self.on_need(t, patient, kind);
                }
            }
            Event::FollowUpDue { patient, epoch } => {
                if self.patients[patient as usize].epoch == epoch {
                    self.on_need(t, patient, NeedKind::ChronicFollowUp);
                }
            }
            Event::Consultation { patient, kind, onset, provider } => self.on_consultation(t, patient, kind, onset, provider.get()),
            Event::Escalation { patient, onset, booked } => self.on_escalation(t, patient, onset, booked),
            Event::Decompensation { patient } => self.on_decompensation_candidate(t, patient),
            Event::Discharge { patient } => self.on_discharge(t, patient),
            Event::Readmission { patient } => self.admit(t, patient, Admission::Readmission),
        }
    }

    // ----- 1. days and need onset -------------------------------------------------

    fn on_day_start(&mut self, t: SimTime) {
        let day = t.day();
        self.refresh_coordination(day);
        let observed = t >= self.warmup;
        if observed {
            self.account_coordination_time(day);
            self.rec.add_person_day();
            self.rec.person_day_in_period(self.period_of(day));
        }
        self.count_gp_day(day, observed);
        if observed {
            self.accrue_policy_costs(t);
        }
        self.run_daily_policies(t);
        self.end_protections_after_winter(day);
        self.run_workforce(t);
        if day % 7 == 0 {
            let active = self.gps.iter().filter(|g| g.active).count() as u64;
            self.rec.week(t).gps_active = active;
        }
        self.draw_needs_of_day(day);
        let next = SimTime::from_day(day + 1);
        if next < self.horizon {
            self.queue.schedule(next, Event::DayStart);
        }
    }

    /// Each practising GP's day: the slots it offers feed its diary's load
    /// (`model::list_closure`; every day, warm-up included), and on Mondays
    /// the week before ends, which opens or closes its list first; in the
    /// observation window, GP-days, slots offered and GP-days with a closed
    /// list are counted per territory.
    fn count_gp_day(&mut self, day: u32, observed: bool) {
        let weeks_off = self.p.gp.weeks_off_per_year;
        let slots = self.layout.slots_on_day(day);
        let threshold = self.p.registration.close_list_utilisation;
        let monday = day % 7 == 0;
        for gp in self.gps.iter_mut().filter(|g| g.active) {
            if monday {
                gp.diary.end_week(threshold);
            }
            let offered = if gp.is_off(day, weeks_off) { 0 } else { gp.offered_of(slots) };
            gp.diary.offer(offered);
            if observed {
                let terr = self.zones[gp.zone as usize].territory as usize;
                self.rec.gp_days[terr] += 1;
                self.rec.gp_slots_offered[terr] += u64::from(offered);
                self.rec.gp_days_list_closed[terr] += u64::from(gp.diary.closed());
            }
        }
    }

    /// Seasonal multiplier of acute minor needs on `day`.
    fn season(&self, day: u32) -> f64 {
        let doy = f64::from((day + self.start_day_of_year) % 365);
        let phase = 2.0 * std::f64::consts::PI * (doy - self.p.needs.winter_peak_day) / 365.0;
        1.0 + self.p.needs.winter_amplitude * phase.cos()
    }

    fn draw_needs_of_day(&mut self, day: u32) {
        let season = self.season(day);
        let weekday = crate::model::rhythm::weekday_factor(&self.p.week.acute_weekday_factors, Weekday::of_day(day));
        let n = &self.p.needs;
        for ci in 0..self.cohorts.len() {
            let c = &self.cohorts[ci];
            let (a, size) = (c.age.index(), f64::from(c.len()));
            let acute = match c.health {
                Health::Healthy => 1.0,
                Health::OneAld => n.acute_factor_one_ald,
                Health::Multimorbid | Health::Complex => n.acute_factor_multimorbid,
            };
            let rates = [
                (NeedKind::AcuteMinor, n.acute_minor_per_year[a] * season * weekday * acute),
                (NeedKind::AcuteSerious, n.acute_serious_per_year[a] * acute),
                (NeedKind::Renewal, n.renewal_per_year[a]),
                (NeedKind::Prevention, n.prevention_per_year[a]),
                (NeedKind::Complex, if c.health == Health::Complex { n.complex_per_year } else { 0.0 }),
            ];
            let (start, len) = (c.start, c.len());
            for (kind, per_year) in rates {
                let mean = size * per_year / 365.0;
                if mean <= 0.0 || !mean.is_finite() {
                    continue;
                }
                let count = Poisson::new(mean).map(|d| d.sample(&mut self.need_rng) as u64).unwrap_or(0);
                for _ in 0..count {
                    let patient = start + self.need_rng.random_range(0..len);
                    let minute = onset_minute(kind, &mut self.need_rng);
                    let at = SimTime::from_day(day) + Minutes(minute);
                    self.queue.schedule(at, Event::NeedArose { patient, kind });
                }
            }
        }
        self.draw_visitor_needs(day, season);
    }

    // ----- 2. needs: first contact and booking ----------------------------------------

    /// Handles a need; returns the time of the consultation booked, if any.
    fn on_need(&mut self, t: SimTime, patient: u32, kind: NeedKind) -> Option<SimTime> {
        let (terr, c) = self.count_need(t, patient, kind);
        if kind == NeedKind::AcuteMinor && t >= self.warmup {
            self.rec.acute_need_weekday(terr, c, Weekday::of_day(t.day()).index());
        }
        if matches!(kind, NeedKind::AcuteMinor | NeedKind::AcuteSerious) && t >= self.warmup {
            self.rec.acute_in_period(terr, c, self.period_of(t.day()));
        }
        let mut req = crate::model::policy::NeedRequest::default();
        self.need_request(patient, kind, t, &mut req);
        let mut rng = RandomStreams::entity(self.keys.need, need_id(patient, kind, t));
        match kind {
            NeedKind::AcuteSerious => {
                self.diag.to_ed += 1;
                self.ed_visit(t, patient, EdCause::Serious);
                if rng.random::<f64>() < self.p.hospital.serious_admission {
                    self.admit(t, patient, Admission::Other);
                }
                None
            }
            NeedKind::AcuteMinor => self.acute_minor(t, patient, &mut rng, &req),
            _ => self.planned_need(t, patient, kind, &mut rng, &req),
        }
    }

    /// Counts a need that arose (whole run, and in the window); returns its cells.
    fn count_need(&mut self, t: SimTime, patient: u32, kind: NeedKind) -> (u16, [u8; 5]) {
        self.diag.needs += 1;
        self.rec.week(t).needs += 1;
        let (terr, c) = self.cells_of(patient);
        if t >= self.warmup {
            self.rec.need(terr, c, kind);
            self.rec.zone_stats[self.patients[patient as usize].zone as usize].needs += 1;
        }
        (terr, c)
    }

    // ----- 3. consultations -----------------------------------------------------------

    /// What is known of the provider of a consultation to patient `patient`:
    /// its kind of professional, whether remote, travel, price and the share
    /// of its consultations that need an in-person follow-up.
    fn provider_facts(&self, patient_zone: u32, provider: Provider) -> ProviderFacts {
        match provider {
            Provider::Gp(g) => ProviderFacts {
                kind: ProfessionalKind::Gp,
                remote: false,
                travel_min: f64::from(self.travel(patient_zone, self.gps[g as usize].zone)),
                cost_eur: self.p.costs.gp_consultation_eur,
                follow_up_share: 0.0,
            },
            Provider::Service(s) => {
                let spec = &self.services[s as usize].spec;
                let travel = if spec.remote { 0.0 } else { self.service_travel.get(s, patient_zone).unwrap_or(0.0) };
                ProviderFacts {
                    kind: spec.kind,
                    remote: spec.remote,
                    travel_min: f64::from(travel),
                    cost_eur: spec.unit_cost_eur,
                    follow_up_share: spec.follow_up_share,
                }
            }
        }
    }

    /// A consultation took place. What it does depends on the need kind and
    /// on what the provider can do (`model::consultation`), never on how it
    /// was booked: it is recorded (at its own time for the counts and costs,
    /// in its need's cohort for the delays), an orphan seen by a GP may be
    /// registered, a chronic follow-up restarts the clock, an admission may
    /// follow, and a remote consultation may need an in-person one.
    fn on_consultation(&mut self, t: SimTime, patient: u32, kind: NeedKind, onset: SimTime, provider: Provider) {
        self.leave_waiting_line(t, onset);
        self.diag.consulted += 1;
        let at_visit = self.take_booked_visit(patient, kind, onset);
        let pt = self.patients[patient as usize];
        self.rec.weekly_consultation(t, (t - onset).0);
        let facts = self.provider_facts(pt.zone, provider);
        if t >= self.warmup {
            let (terr, c) = self.cells_of(patient);
            let service = match provider {
                Provider::Gp(_) => None,
                Provider::Service(s) => Some(s),
            };
            let given = ConsultGiven { kind, travel_min: facts.travel_min, remote: facts.remote, service, cost_eur: facts.cost_eur };
            self.rec.consultation_given(terr, c, &given);
            self.honour_booking_of_departed_gp(provider);
        }
        if onset >= self.warmup {
            self.record_seen(patient, kind, onset, t, matches!(provider, Provider::Gp(_)), at_visit);
        }
        let mut rng = RandomStreams::entity(self.keys.outcome, need_id(patient, kind, onset));
        let (u_register, u_hosp, u_in_person): (f64, f64, f64) = (rng.random(), rng.random(), rng.random());
        if let Provider::Gp(g) = provider {
            self.gps[g as usize].diary.give();
            self.refer_to_specialists(t, patient, kind, onset, g);
            let reg = &self.p.registration;
            let resident = !self.visitors.is_visitor(patient);
            if resident && !pt.has_gp() && self.gps[g as usize].takes_new_patients(reg.list_cap) && u_register < reg.accept_when_seen {
                self.register(patient, g);
            }
        }
        if resets_chronic_clock(kind) && pt.health().is_chronic() && capability(facts.kind).chronic_follow_up {
            self.reset_chronic_clock(t, patient, provider);
            self.note_followup_provider(patient, provider);
        }
        self.pass_consultation_information(t, patient, kind, onset, provider);
        if kind == NeedKind::Prevention {
            self.note_prevention_act(patient, facts.kind, facts.remote);
        }
        if carries_admission_risk(kind) && self.admitted_after_consultation(patient, kind, t, u_hosp) {
            self.admit(t, patient, Admission::Other);
        }
        if facts.remote && u_in_person < facts.follow_up_share {
            self.queue.schedule(t, Event::NeedArose { patient, kind: NeedKind::PhysicalFollowUp });
        }
    }

    /// A GP who stopped practising without notice (retired by a policy on
    /// the day) still gives the consultations booked before: each is a slot
    /// offered that day, so `gp_utilisation` keeps given ≤ offered.
    /// Retirements drawn by the workforce dynamics are known ahead and close
    /// the calendar (`Gp::retires_on`), so they book nothing past that day.
    fn honour_booking_of_departed_gp(&mut self, provider: Provider) {
        if let Provider::Gp(g) = provider {
            let gp = &self.gps[g as usize];
            if !gp.active {
                self.rec.gp_slots_offered[self.zones[gp.zone as usize].territory as usize] += 1;
            }
        }
    }

    /// Records a need of the observation window seen at `at` (its delay, in
    /// the need's cohort: at the consultation, or at the horizon for one
    /// booked beyond it); `at_visit`: booked at a previous consultation (`model::next_visit`).
    fn record_seen(&mut self, patient: u32, kind: NeedKind, onset: SimTime, at: SimTime, gp: bool, at_visit: bool) {
        let (terr, c) = self.cells_of(patient);
        let delay_min = (at - onset).0;
        let seen = NeedSeen { kind, delay_min, calendar_days: at.day() - onset.day(), gp, at_visit };
        self.rec.need_seen(terr, c, &seen);
        self.rec.seen_in_period(terr, c, self.period_of(onset.day()), delay_min);
        let z = &mut self.rec.zone_stats[self.patients[patient as usize].zone as usize];
        z.consultations += 1;
        z.delay_sum_min += u64::from(delay_min);
    }

    fn register(&mut self, patient: u32, gp: u32) {
        let (terr, before) = self.cells_of(patient);
        self.rec.count_inhabitant(terr, before, false, -1);
        let zone = self.patients[patient as usize].zone as usize;
        self.zone_orphans[zone] = self.zone_orphans[zone].saturating_sub(1);
        self.patients[patient as usize].gp = gp;
        self.gps[gp as usize].list_size += 1;
        if !self.gp_lists.is_empty() {
            if self.gp_lists.len() <= gp as usize {
                self.gp_lists.resize(gp as usize + 1, Vec::new());
            }
            self.gp_lists[gp as usize].push(patient);
        }
        let (_, after) = self.cells_of(patient);
        self.rec.count_inhabitant(terr, after, true, 1);
    }

    fn unregister(&mut self, patient: u32) {
        let (terr, before) = self.cells_of(patient);
        self.rec.count_inhabitant(terr, before, true, -1);
        let pt = &mut self.patients[patient as usize];
        let gp = std::mem::replace(&mut pt.gp, NO_GP);
        pt.flags &= !flags::OWN_GP_FOLLOWUP;
        self.zone_orphans[pt.zone as usize] += 1;
        self.gps[gp as usize].list_size = self.gps[gp as usize].list_size.saturating_sub(1);
        let (_, after) = self.cells_of(patient);
        self.rec.count_inhabitant(terr, after, false, 1);
    }

    // ----- 4–5. deterioration -----------------------------------------------------------

    fn on_escalation(&mut self, t: SimTime, patient: u32, onset: SimTime, booked: bool) {
        if booked {
            self.leave_waiting_line(t, onset);
        }
        self.diag.escalated += 1;
        self.ed_visit(t, patient, EdCause::Escalation);
        let mut rng = RandomStreams::entity(self.keys.outcome, need_id(patient, NeedKind::AcuteMinor, onset));
        let age = self.patients[patient as usize].age as usize;
        if rng.random::<f64>() < self.p.deterioration.acute_escalation_admission[age] {
            self.admit(t, patient, Admission::AvoidableAcute);
        }
    }

    fn followup_interval(&self, pt: &Patient) -> f64 {
        if pt.health() >= Health::Multimorbid {
            self.p.needs.followup_interval_multimorbid_days
        } else {
            self.p.needs.followup_interval_days
        }
    }

    /// A follow-up took place: the chronic clock restarts. The decompensation
    /// candidates run on regardless (see [`World::on_decompensation_candidate`]):
    /// a follow-up changes the hazard they are accepted with, not their times.
    /// The next follow-up is booked at this consultation, or requested its
    /// lead time before it is due (`model::next_visit`); none while a visit
    /// booked at an earlier consultation is still ahead.
    fn reset_chronic_clock(&mut self, t: SimTime, patient: u32, provider: Provider) {
        let interval = self.followup_interval(&self.patients[patient as usize]);
        let pt = &mut self.patients[patient as usize];
        pt.last_followup = t;
        pt.epoch = pt.epoch.wrapping_add(1);
        let epoch = pt.epoch;
        if self.next_visit_ahead(patient) || self.book_next_visit(t, patient, provider, interval) {
            return;
        }
        // The next follow-up is requested its lead time before it is due (booking ahead).
        let due = t + Minutes::from_days_f64(interval);
        let request = SimTime(due.0.saturating_sub(Minutes::days(self.lead_days(patient, NeedKind::ChronicFollowUp, due)).0)).max(t);
        if request < self.horizon {
            self.queue.schedule(request, Event::FollowUpDue { patient, epoch });
        }
    }

    /// Decompensation hazard per day of a chronic patient at `t`: the base
    /// rate, the patient's factors, the active policies' requests, and
    /// `overdue_factor` once the follow-up is overdue (interval + grace).
    fn decompensation_hazard(&self, patient: u32, t: SimTime) -> f64 {
        let pt = self.patients[patient as usize];
        let d = &self.p.deterioration;
        let req = self.hazard_request(patient, t);
        let mut h = self.static_decompensation_hazard(&pt) * req.decompensation * self.continuity_and_prevention_factor(patient, t);
        if pt.health() == Health::Complex && !req.coordinated {
            h *= d.complex_uncoordinated_factor;
        }
        let overdue_at = pt.last_followup + Minutes::from_days_f64(self.followup_interval(&pt) + d.overdue_grace_days);
        if t >= overdue_at {
            h *= d.overdue_factor;
        }
        h
    }

    /// The part of the hazard fixed for the whole run: base rate and the
    /// patient's multimorbidity, caregiver and vulnerability factors.
    fn static_decompensation_hazard(&self, pt: &Patient) -> f64 {
        let d = &self.p.deterioration;
        let mut h = d.chronic_decompensation_per_year / 365.0;
        if pt.health() >= Health::Multimorbid {
            h *= d.multimorbid_factor;
        }
        let needs_caregiver = pt.age_band().is_75_plus() || pt.health() == Health::Complex;
        if needs_caregiver && !pt.is(flags::CAREGIVER) {
            h *= d.no_caregiver_factor;
        }
        if pt.is(flags::VULNERABLE) {
            h *= d.vulnerable_factor;
        }
        h
    }

    /// An upper bound of [`World::decompensation_hazard`] at any time of the
    /// run: every factor that may or may not apply is taken at max(1, factor).
    fn decompensation_hazard_bound(&self, patient: u32) -> f64 {
        let pt = self.patients[patient as usize];
        let d = &self.p.deterioration;
        let mut h = self.static_decompensation_hazard(&pt) * d.overdue_factor.max(1.0);
        if d.discontinuity_factor > 1.0 {
            h *= d.discontinuity_factor;
        }
        if pt.health() == Health::Complex {
            h *= d.complex_uncoordinated_factor.max(1.0);
        }
        h * self.policies.iter().map(|p| p.max_hazard_factor()).product::<f64>()
    }

    /// Schedules the patient's next decompensation candidate after `from`:
    /// candidates form a Poisson process at the hazard bound, keyed by the
    /// patient and `from` only, so that every arm draws the same candidate
    /// times whatever its follow-up dates (common random numbers).
    fn schedule_decompensation_candidate(&mut self, patient: u32, from: SimTime) {
        let bound = self.decompensation_hazard_bound(patient);
        if bound <= 0.0 {
            return;
        }
        let mut rng = RandomStreams::entity(self.keys.chronic, (u64::from(patient) << 32) | u64::from(from.0));
        let e = -(1.0 - rng.random::<f64>()).ln();
        // At least one minute later: a candidate keyed by its own time would repeat forever.
        let at = (from + Minutes::from_days_f64(e / bound)).max(from + Minutes(1));
        if at < self.horizon {
            self.queue.schedule(at, Event::Decompensation { patient });
        }
    }

    /// A decompensation candidate: accepted with probability hazard / bound
    /// (thinning, Lewis & Shedler 1979), which gives decompensations at the
    /// patient's hazard as it stands at each moment. The acceptance uniform is
    /// keyed by the patient and the candidate's time, shared by every arm.
    fn on_decompensation_candidate(&mut self, t: SimTime, patient: u32) {
        let mut rng = RandomStreams::entity(self.keys.hospital, (u64::from(patient) << 32) | u64::from(t.0));
        let (u_accept, u_ed): (f64, f64) = (rng.random(), rng.random());
        let (h, bound) = (self.decompensation_hazard(patient, t), self.decompensation_hazard_bound(patient));
        debug_assert!(h <= bound * (1.0 + 1e-9), "hazard {h} above its bound {bound}");
        if u_accept * bound >= h {
            self.schedule_decompensation_candidate(patient, t);
            return;
        }
        if u_ed < self.p.deterioration.decompensation_via_ed {
            self.ed_visit(t, patient, EdCause::Decompensation);
        }
        self.admit(t, patient, Admission::AvoidableChronic);
        let back_home = t + Minutes::from_days_f64(self.p.hospital.avoidable_stay_days);
        self.schedule_decompensation_candidate(patient, back_home);
    }

    // ----- 6. hospital ------------------------------------------------------------------

    fn ed_visit(&mut self, t: SimTime, patient: u32, cause: EdCause) {
        self.rec.week(t).ed_visits += 1;
        if t >= self.warmup {
            let (terr, c) = self.cells_of(patient);
            self.rec.ed_visit(terr, c, cause);
            self.rec.ed_in_period(terr, c, self.period_of(t.day()));
            self.rec.ed_visit_time(terr, c, Weekday::of_day(t.day()).index(), hour_band(t.minute_of_day()));
            self.rec.cost(terr, c, self.p.costs.ed_visit_eur);
        }
    }

    fn admit(&mut self, t: SimTime, patient: u32, kind: Admission) {
        let (h, costs) = (&self.p.hospital, &self.p.costs);
        let (stay, cost) = match kind {
            Admission::AvoidableAcute | Admission::AvoidableChronic => (h.avoidable_stay_days, costs.avoidable_stay_eur),
            Admission::Readmission => (h.other_stay_days, costs.readmission_eur),
            Admission::Other => (h.other_stay_days, costs.other_stay_eur),
        };
        if t >= self.warmup {
            let (terr, c) = self.cells_of(patient);
            self.rec.admission(terr, c, kind);
            self.rec.cost(terr, c, cost);
            if matches!(kind, Admission::AvoidableAcute | Admission::AvoidableChronic) {
                let pt = &mut self.patients[patient as usize];
                pt.avoidable = pt.avoidable.saturating_add(1);
                self.rec.zone_stats[self.patients[patient as usize].zone as usize].avoidable_admissions += 1;
            }
        }
        self.queue.schedule(t + Minutes::from_days_f64(stay), Event::Discharge { patient });
    }

    /// A discharge: a post-discharge visit is sought and a readmission
    /// within 30 days drawn. The readmission is counted with its discharge
    /// (`readmission_30d_rate`: discharges of the window readmitted within
    /// 30 days / discharges of the window), so numerator and denominator
    /// share one window; the readmission stay itself counts when it begins.
    fn on_discharge(&mut self, t: SimTime, patient: u32) {
        let cells = self.cells_of(patient);
        let visit = self.on_need(t, patient, NeedKind::PostDischarge);
        let mut rng = RandomStreams::entity(self.keys.hospital, (u64::from(patient) << 32) | u64::from(t.0) ^ 0x8000_0000_0000_0000);
        let (u, when): (f64, f64) = (rng.random(), rng.random());
        let readmit_at = t + Minutes::from_days_f64(30.0 * when);
        let informed = !self.discharge_information_lost(t, patient);
        let seen_early = informed && visit.is_some_and(|v| v <= t + Minutes::days(7) && v < readmit_at);
        let h = &self.p.hospital;
        let risk = h.readmission_30d * if seen_early { h.followup_7d_relative_risk } else { 1.0 };
        let readmitted = u < risk;
        if readmitted {
            self.queue.schedule(readmit_at, Event::Readmission { patient });
        }
        if t >= self.warmup {
            self.rec.discharge(cells.0, cells.1, readmitted);
        }
    }

    // ----- bookkeeping ------------------------------------------------------------------

    fn cells_of(&self, patient: u32) -> (u16, [u8; 5]) {
        let pt = &self.patients[patient as usize];
        let z = &self.zone_points[pt.zone as usize];
        // Visitors are recorded apart from the inhabitants (`Recorder::residents`).
        let terr = if self.visitors.is_visitor(patient) { z.territory + self.visitors.residents } else { z.territory };
        (terr, cells(z.density, pt.age_band(), pt.is(flags::VULNERABLE), pt.has_gp()))
    }

    fn view(&self, patient: u32) -> PatientView {
        patient_view(&self.patients[patient as usize], patient)
    }

    fn travel(&self, from_zone: u32, to_zone: u32) -> f32 {
        let (a, b) = (&self.zone_points[from_zone as usize], &self.zone_points[to_zone as usize]);
        travel_minutes(&self.p.travel, (a.x_km, a.y_km, a.density), (b.x_km, b.y_km, b.density)) as f32
    }

    fn advance_area(&mut self, t: SimTime) {
        self.diag.waiting_area += self.waiting as f64 * f64::from((t - self.waiting_since).0);
        self.waiting_since = t;
    }

    fn enter_waiting_line(&mut self, t: SimTime) {
        self.advance_area(t);
        self.waiting += 1;
        self.diag.waiting_entries += 1;
    }

    fn leave_waiting_line(&mut self, t: SimTime, onset: SimTime) {
        self.advance_area(t);
        self.waiting = self.waiting.saturating_sub(1);
        self.diag.waiting_time_sum += f64::from((t - onset).0);
    }

    /// At the horizon: censor the waits still running and count pending
    /// needs. A need of the observation window booked for a consultation
    /// beyond the horizon is completed in its cohort: its delay is known
    /// from the booking (the place is not given to anyone else), so the
    /// delay statistics do not depend on where the horizon falls; it is
    /// also counted as pending at the horizon, with its wait so far.
    fn close_waiting_line(&mut self) {
        let end = self.horizon;
        self.advance_area(end);
        while let Some((at, ev)) = self.queue.pop() {
            match ev {
                Event::Consultation { patient, kind, onset, provider } => {
                    self.diag.pending_at_end += 1;
                    self.diag.waiting_time_sum += f64::from((end - onset).0);
                    if onset >= self.warmup {
                        let gp = matches!(provider.get(), Provider::Gp(_));
                        let at_visit = self.is_booked_visit(patient, kind, onset);
                        self.record_seen(patient, kind, onset, at, gp, at_visit);
                        let (terr, c) = self.cells_of(patient);
                        self.rec.pending_at_horizon(terr, c, (end - onset).0);
                    }
                }
                Event::Escalation { onset, booked: true, .. } => {
                    self.diag.pending_at_end += 1;
                    self.diag.waiting_time_sum += f64::from((end - onset).0);
                }
                Event::Escalation { booked: false, .. } => self.diag.pending_at_end += 1,
                _ => {}
            }
        }
    }
}

impl World<'_> {
    /// At the horizon: every inhabitant, with the avoidable admissions of the window.
    fn count_inhabitants_at_end(&mut self) {
        for i in 0..self.patients.len().min(self.visitors.first as usize) {
            let (terr, c) = self.cells_of(i as u32);
            self.rec.inhabitant_at_end(terr, c, self.patients[i].avoidable);
        }
    }
}

/// What every event reads of a zone: its position and class (travel
/// times, `territory::travel_minutes`), its territory and class (the
/// indicators' cells) and, for an acute need, its ED. A compact copy of
/// those fields of `Zone`: 32 bytes, aligned so that a zone is one cache
/// line, against `Zone`'s 104 over two; all of France's 35,000 zones take 1.1 MB.
#[derive(Clone, Copy, Debug)]
#[repr(align(32))]
struct ZonePoint {
    x_km: f64,
    y_km: f64,
    territory: u16,
    density: crate::model::DensityClass,
    /// Travel minutes to the nearest ED of its territory (None if it has none).
    ed_minutes: Option<f32>,
}

impl ZonePoint {
    fn of(z: &crate::model::territory::Zone, ed_minutes: Option<f32>) -> Self {
        ZonePoint { x_km: z.x_km, y_km: z.y_km, territory: z.territory, density: z.density, ed_minutes }
    }
}

/// What a policy sees of patient `id`.
fn patient_view(pt: &Patient, id: u32) -> PatientView {
    PatientView {
        id,
        zone: pt.zone,
        age: pt.age_band(),
        health: pt.health(),
        vulnerable: pt.is(flags::VULNERABLE),
        digital: pt.is(flags::DIGITAL),
        caregiver: pt.is(flags::CAREGIVER),
        gp: pt.has_gp().then_some(pt.gp),
    }
}

/// A stable identifier of a need: patient, kind and onset minute.
fn need_id(patient: u32, kind: NeedKind, onset: SimTime) -> u64 {
    mix64((u64::from(patient) << 32) | u64::from(onset.0)) ^ kind as u64
}

fn onset_minute(kind: NeedKind, rng: &mut StreamRng) -> u32 {
    if matches!(kind, NeedKind::AcuteMinor | NeedKind::AcuteSerious) {
        let total: f64 = ACUTE_HOUR_WEIGHTS.iter().sum();
        let mut u = rng.random::<f64>() * total;
        for (h, w) in ACUTE_HOUR_WEIGHTS.iter().enumerate() {
            if u < *w {
                return h as u32 * 60 + rng.random_range(0..60);
            }
            u -= w;
        }
        23 * 60 + rng.random_range(0..60)
    } else {
        // Planned needs: the patient calls during the day (08:00–19:59).
        8 * 60 + rng.random_range(0..12 * 60)
    }
}

/// The small world the world's tests build: a rural synthetic territory of
/// 20,000 inhabitants over 600 km² in 10 zones (6 GPs per 10,000, one ED),
/// default parameters, no warm-up, a horizon of 30 days.
#[cfg(test)]
mod rural_world {
    use super::World;
    use crate::model::params::Parameters;
    use crate::model::policy::spec::PolicySpec;
    use crate::model::territory::{synthetic_territory, ArchetypeDefaults, SyntheticSpec, Territory, Zone};
    use crate::model::Spec;

    /// The territory and its zones.
    pub(super) fn rural() -> (Vec<Territory>, Vec<Zone>) {
        let spec = SyntheticSpec {
            name: "r".into(),
            archetype: ArchetypeDefaults::RURAL,
            population: 20_000,
            area_km2: 600.0,
            zone_count: 10,
            gps_per_10000: 6.0,
            broadband: 0.8,
            vulnerable: 0.1,
            ed_count: 1,
        };
        let (t, z) = synthetic_territory(&spec, 0);
        (vec![t], z)
    }

    /// `check` run on the world of [`rural`] with the policies `policies`
    /// makes from its zones (seed 1, replication 0).
    pub(super) fn with_rural_world<R>(
        policies: impl FnOnce(&[Zone]) -> Vec<PolicySpec>,
        check: impl FnOnce(&mut World, &[Zone]) -> R,
    ) -> R {
        with_rural_zones(|_| {}, policies, check)
    }

    /// [`with_rural_world`] with the zones of [`rural`] changed by `edit` first.
    pub(super) fn with_rural_zones<R>(
        edit: impl FnOnce(&mut [Zone]),
        policies: impl FnOnce(&[Zone]) -> Vec<PolicySpec>,
        check: impl FnOnce(&mut World, &[Zone]) -> R,
    ) -> R {
        let (territories, mut zones) = rural();
        edit(&mut zones);
        let policies = policies(&zones);
        let p = Parameters::default();
        let spec = Spec {
            seed: 1,
            warmup_days: 0,
            horizon_days: 30,
            start_day_of_year: 0,
            holidays: Vec::new(),
            zones: &zones,
            territories: &territories,
            parameters: &p,
            policies: &policies,
            secondary_homes: &[],
        };
        let mut w = World::for_arm(&spec, 0);
        check(&mut w, &zones)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_stay_small() {
        // The queue holds millions of events: a consultation's provider must not grow them.
        assert!(std::mem::size_of::<Event>() <= 16, "{} bytes", std::mem::size_of::<Event>());
    }

    #[test]
    fn onset_minutes_stay_within_the_day() {
        let mut rng = RandomStreams::new(1, 0).stream("t");
        for kind in [NeedKind::AcuteMinor, NeedKind::Renewal] {
            for _ in 0..1000 {
                assert!(onset_minute(kind, &mut rng) < 1440);
            }
        }
    }
}
