//! Coordination structures and policies: one trait, one file per policy.
//!
//! A policy is a small object with a schedule (start and optional end), a
//! scope (zones, and a share of participating professionals) and its own
//! parameters. It never changes the world itself: at the moments the pathway
//! exposes, the world asks every active policy to fill a plain *request*
//! (the "levers" below), then applies what was requested. The hooks, all
//! no-ops by default:
//!
//! | hook | moment | what a policy may request |
//! |---|---|---|
//! | [`Policy::setup`] | world built | services (extra capacity), GP networks, regulators, enrolment |
//! | [`Policy::on_start`] / [`Policy::on_end`] | the policy's first / last day | daily actions |
//! | [`Policy::on_need`] | a need arises, before first contact | options ([`Offer`]), information, tolerance, SAS regulation |
//! | [`Policy::on_booking_failed`] | the patient's own GP has no acceptable slot | GP networks searched without refusal |
//! | [`Policy::hazard`] | a chronic hazard is drawn | multipliers of decompensation hazard |
//! | [`Policy::on_consultation`] | a consultation took place | lower hospitalisation risk (telexpertise) |
//! | [`Policy::on_discharge`] | a patient leaves hospital | a coordinated post-discharge visit |
//! | [`Policy::daily`] / [`Policy::weekly`] | 00:00 every day / every Monday | registration of orphans, GP retirements and installations |
//! | [`Policy::yearly_cost`] | accounting | running cost of the policy (€ per year) |
//!
//! The offers a policy gives at need onset compete with the GP slot in the
//! choice; the networks it gives on a booking failure are searched before the
//! GPs the patient would try alone; SAS regulation intercepts the choice of
//! the ED.
//!
//! Randomness: a policy draws only from its own streams, keyed by its name
//! and the need or day, so a policy whose scope is empty changes nothing.

/// The accessors every policy implements the same way (its `c: Common` field).
macro_rules! common_accessors {
    ($label:expr, costs) => {
        common_accessors!($label);
        fn yearly_cost(&self) -> Vec<(u16, f64)> {
            self.costs.clone()
        }
    };
    ($label:expr) => {
        fn name(&self) -> &str {
            &self.c.name
        }
        fn label(&self) -> &'static str {
            $label
        }
        fn schedule(&self) -> Schedule {
            self.c.schedule
        }
        fn scope(&self) -> &Scope {
            &self.c.scope
        }
    };
}

pub mod caregiver;
pub mod cpts;
pub mod dac;
pub mod id_set;
pub mod ipa;
pub mod legibility;
pub mod mediators;
pub mod mobile_unit;
pub mod msp;
pub mod navigators;
pub mod pdsa;
pub mod pharmacist;
pub mod sas;
pub mod spec;
pub mod specialist_sessions;
#[cfg(test)]
mod staffing_tests;
pub mod teleconsultation;
pub mod telexpertise;
pub mod workforce;

use super::population::Health;
use super::providers::ProfessionalKind;
use super::{AgeBand, NeedKind};
use crate::engine::rng::{mix64, stable_hash};
pub use crate::engine::HolidayHours;
use crate::engine::{OpeningHours, SimTime};
pub use smallvec::SmallVec;

/// When a policy is in force: `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Schedule {
    pub start: SimTime,
    pub end: SimTime,
}

impl Schedule {
    pub fn active(&self, t: SimTime) -> bool {
        t >= self.start && t < self.end
    }
}

/// Where a policy acts: a set of zones and a share of participating professionals.
#[derive(Clone, Debug, PartialEq)]
pub struct Scope {
    /// `in_zone[z]`: zone `z` is covered.
    pub in_zone: Vec<bool>,
    /// Share of the covered zones' professionals who take part (0–1).
    pub participation: f64,
}

impl Scope {
    pub fn covers(&self, zone: u32) -> bool {
        self.in_zone.get(zone as usize).copied().unwrap_or(false)
    }

    pub fn is_empty(&self) -> bool {
        !self.in_zone.iter().any(|&z| z) || self.participation <= 0.0
    }

    /// Whether professional `index` takes part: a stable draw from the
    /// policy's name, so the same professionals take part in every variant
    /// and replication.
    pub fn participates(&self, policy: &str, index: u32, zone: u32) -> bool {
        if !self.covers(zone) {
            return false;
        }
        let u = (mix64(stable_hash(policy) ^ mix64(u64::from(index))) >> 11) as f64 / (1u64 << 53) as f64;
        u < self.participation
    }
}

/// What a policy sees of a patient.
#[derive(Clone, Copy, Debug)]
pub struct PatientView {
    pub id: u32,
    pub zone: u32,
    pub age: AgeBand,
    pub health: Health,
    pub vulnerable: bool,
    pub digital: bool,
    pub caregiver: bool,
    /// Registered GP, if any.
    pub gp: Option<u32>,
}

/// Identifies a service registered by a policy.
pub type ServiceId = u16;
/// Identifies a group of GPs who see each other's patients without refusal.
pub type NetworkId = u16;

/// Which members of a network a patient's failed search may try.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkReach {
    /// Every member within the patient's reach, nearest first (a CPTS's
    /// shared same-day slots, a DAC, a written MSP: one team).
    WithinReach,
    /// The members practising in the commune (zone) of the patient's own
    /// GP: its team (today's MSPs and centres de santé, one policy for many
    /// sites, one team a commune).
    OwnGpCommune,
    /// The members within the patient's reach practising in the patient's
    /// own EPCI ([`crate::model::territory::Zone::epci`]; a synthetic zone's
    /// 0 is one EPCI): today's CPTS, one a covered EPCI.
    OwnEpci,
}
/// Identifies a regulation line (SAS).
pub type RegulatorId = u16;

/// Extra capacity a policy adds: a teleconsultation platform, a PDSA roster,
/// an advanced-practice nurse, a mobile unit, a pharmacist under protocol …
#[derive(Clone, Debug)]
pub struct ServiceSpec {
    /// Label in outputs (`consultations_per_1000.<label>`).
    pub label: String,
    pub kind: ProfessionalKind,
    /// Remote (no travel).
    pub remote: bool,
    pub hours: OpeningHours,
    /// Minutes per consultation.
    pub slot_minutes: u32,
    /// Consultations per open day (0 = limited by the opening hours only).
    pub capacity_per_day: u32,
    /// Professionals consulting at the same time (sites × staff).
    pub parallel: u32,
    /// Where it is (zones), for travel; empty for remote services.
    pub zones: Vec<u32>,
    /// Share of its consultations that need a physical GP follow-up.
    pub follow_up_share: f64,
    /// Price of one consultation, € (see `parameters.costs`).
    pub unit_cost_eur: f64,
    /// Days ahead it can be booked.
    pub horizon_days: u32,
    /// Opening on public holidays: closed (most services), as on that
    /// weekday (a remote platform), or on Sunday hours (the PDSA roster:
    /// 08:00–24:00 on every public holiday).
    pub holidays: HolidayHours,
    /// Part of the team of the patient's own GP (an MSP's nurse or extended
    /// hours, offered only to its members' patients): a chronic follow-up
    /// here keeps continuity when `deterioration.team_follow_up_counts_as_continuity`.
    pub team_care: bool,
    /// The policy that created it (index in the scenario's policies, set
    /// when the world is built); None for the baseline walk-in service. A
    /// nurse service of a CPTS, MSP or DAC gives its nurses' coordination time
    /// (`model::coordination`).
    pub owner: Option<u16>,
}

impl ServiceSpec {
    /// A service open `hours`, with the values most policies use: on site
    /// (no sites yet: [`at`](Self::at)), 15-minute consultations, one
    /// professional, capacity limited by the hours only, free, bookable 7
    /// days ahead, closed on public holidays, no follow-up. Chain the
    /// setters below for what differs.
    pub fn new(label: String, kind: ProfessionalKind, hours: OpeningHours) -> Self {
        ServiceSpec {
            label,
            kind,
            remote: false,
            hours,
            slot_minutes: 15,
            capacity_per_day: 0,
            parallel: 1,
            zones: Vec::new(),
            follow_up_share: 0.0,
            unit_cost_eur: 0.0,
            horizon_days: 7,
            holidays: HolidayHours::Closed,
            team_care: false,
            owner: None,
        }
    }

    /// Part of the team of the patients' own GPs (see [`ServiceSpec::team_care`]).
    pub fn team_care(mut self) -> Self {
        self.team_care = true;
        self
    }

    /// Its sites (zones).
    pub fn at(mut self, zones: Vec<u32>) -> Self {
        self.zones = zones;
        self
    }

    /// Remote: no site, no travel.
    pub fn remote(mut self) -> Self {
        self.remote = true;
        self.zones = Vec::new();
        self
    }

    /// Minutes per consultation.
    pub fn slot_minutes(mut self, minutes: u32) -> Self {
        self.slot_minutes = minutes;
        self
    }

    /// Consultations per open day (0: limited by the hours only).
    pub fn capacity_per_day(mut self, n: u32) -> Self {
        self.capacity_per_day = n;
        self
    }

    /// Professionals consulting at the same time.
    pub fn parallel(mut self, n: u32) -> Self {
        self.parallel = n;
        self
    }

    /// Share of its consultations that need a physical GP follow-up.
    pub fn follow_up_share(mut self, share: f64) -> Self {
        self.follow_up_share = share;
        self
    }

    /// Price of one consultation, €.
    pub fn unit_cost_eur(mut self, eur: f64) -> Self {
        self.unit_cost_eur = eur;
        self
    }

    /// Days ahead it can be booked.
    pub fn horizon_days(mut self, days: u32) -> Self {
        self.horizon_days = days;
        self
    }

    /// Opening on public holidays.
    pub fn holidays(mut self, h: HolidayHours) -> Self {
        self.holidays = h;
        self
    }
}

/// An option a policy offers for one need.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Offer {
    pub service: ServiceId,
    /// Alternative-specific constant (utility relative to a GP at equal delay).
    pub asc: f64,
}

/// How a SAS regulator orients and answers its calls (issue 18 §2).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Orientation {
    /// Orient to every option (a participating GP's slot, else a service the need is
    /// offered: PDSA, teleconsultation, pharmacist or nurse under protocol …), and take the
    /// calls of patients whose first choice failed; `false`: participating GPs only, calls of
    /// patients about to go to the ED only (as before).
    pub all_options: bool,
    /// Regulators answering at once (0: no limit, every call answered at once).
    pub lines: u32,
    /// Minutes a regulator spends on one call.
    pub handling_minutes: u32,
    /// Minutes a caller waits for an answer before hanging up.
    pub patience_minutes: u32,
    /// Share of answered calls the regulator resolves by advice (self-care, wait and call back):
    /// no consultation is booked and the caller does not go to the ED (0: never, as before).
    pub advice_share: f64,
    /// Share of advised callers who follow the advice; the others make their own choice.
    pub advice_adherence: f64,
}

impl Default for Orientation {
    fn default() -> Self {
        Orientation {
            all_options: false,
            lines: 0,
            handling_minutes: 0,
            patience_minutes: u32::MAX,
            advice_share: 0.0,
            advice_adherence: 1.0,
        }
    }
}

/// What policies request for one need.
#[derive(Clone, Debug, PartialEq)]
pub struct NeedRequest {
    /// Multiplier of the probability of knowing no option beyond one's GP.
    pub information_lack_factor: f64,
    /// Added to the utility of forgoing care.
    pub forgo_utility: f64,
    /// Added to the utility of every primary-care option (GP slot, services).
    pub primary_care_utility: f64,
    /// Multiplier of the patient's tolerance of delay.
    pub tolerance_factor: f64,
    /// Extra options (services); inline up to four, so that a need allocates nothing.
    pub offers: SmallVec<[Offer; 4]>,
    /// SAS regulation: if the patient would go to the ED, they call this line first.
    pub regulation: Option<(RegulatorId, f64)>,
    /// Added to the share of prevention taken to pharmacists and nurses.
    pub prevention_walk_in_share: f64,
    /// A service tried before anything else (a coordinated post-discharge visit).
    pub preferred: Option<ServiceId>,
    /// The out-of-hours roster (PDSA) among `offers`, if one is on duty (the weekend route, `model::rhythm`).
    pub roster: Option<ServiceId>,
    /// A chronic follow-up organised by a coordinating nurse (`navigators`): the own GP's later
    /// slot is taken, and a missed follow-up is rebooked after this many days.
    pub organised_follow_up: Option<f64>,
}

impl Default for NeedRequest {
    fn default() -> Self {
        NeedRequest {
            information_lack_factor: 1.0,
            forgo_utility: 0.0,
            primary_care_utility: 0.0,
            tolerance_factor: 1.0,
            offers: SmallVec::new(),
            regulation: None,
            prevention_walk_in_share: 0.0,
            preferred: None,
            roster: None,
            organised_follow_up: None,
        }
    }
}

/// What policies request when the patient's own GP has no acceptable slot.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FailureRequest {
    /// GP networks searched next, without refusal; `true` = reserved (same-day) slots only.
    /// Inline up to four, so that a failure allocates nothing.
    pub networks: SmallVec<[(NetworkId, bool); 4]>,
}

/// Multipliers of a chronic patient's hazards.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HazardRequest {
    /// Multiplier of the decompensation hazard.
    pub decompensation: f64,
    /// Whether the patient's complex situation is coordinated (removes `complex_uncoordinated_factor`).
    pub coordinated: bool,
}

impl Default for HazardRequest {
    fn default() -> Self {
        HazardRequest { decompensation: 1.0, coordinated: false }
    }
}

/// What policies request after a discharge.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DischargeRequest {
    /// A coordinated visit by this service, sought first.
    pub coordinated_visit: Option<ServiceId>,
}

/// Actions requested at the daily tick, applied by the world.
#[derive(Clone, Debug, PartialEq)]
pub enum DailyAction {
    /// Try to register this many orphans living in the zones with the
    /// nearest GP whose list is under the cap × `cap_factor`.
    MatchOrphans { zones: Vec<u32>, count: u32, cap_factor: f64 },
    /// A GP stops practising.
    RetireGp { gp: u32 },
    /// A new GP starts in a zone, joining these networks.
    InstallGp { zone: u32 },
}

/// What the world lets a policy do when it is set up.
pub trait SetupContext {
    fn zones(&self) -> usize;
    fn zone_name(&self, zone: u32) -> &str;
    fn zone_territory(&self, zone: u32) -> u16;
    fn zone_inhabitants(&self, zone: u32) -> u64;
    /// GPs at set-up: their zones.
    fn gp_zones(&self) -> Vec<u32>;
    fn add_service(&mut self, spec: ServiceSpec) -> ServiceId;
    fn add_network(&mut self, gps: Vec<u32>, reach: NetworkReach) -> NetworkId;
    fn add_regulator(&mut self, calls_per_day: u32, max_delay_hours: f64, gps: Vec<u32>, cost_per_call_eur: f64) -> RegulatorId;
    /// How regulator `r` orients and answers its calls (default: GPs only, no line limit).
    fn orient_regulator(&mut self, _r: RegulatorId, _o: Orientation) {}
    /// Pharmacies and self-employed nurses in the covered zones.
    fn walk_in_sites(&self, in_zone: &[bool]) -> u32;
    /// Complex patients living in the zones, in a stable order (the population's).
    fn complex_patients_in(&self, in_zone: &[bool]) -> Vec<PatientView>;
    fn seed_key(&self) -> u64;
    /// Public holidays of the run (simulation day numbers, sorted).
    fn holidays(&self) -> &[u32];
    /// Inhabitants of the covered zones for whom `eligible` holds (the
    /// population a programme sized by staff shares its reach among).
    fn patients_in(&self, in_zone: &[bool], eligible: &dyn Fn(&PatientView) -> bool) -> u64;
}

/// What a policy sees at the daily tick.
pub trait DayContext {
    fn day(&self) -> u32;
    fn orphans_in(&self, zone: u32) -> u64;
    /// Active GPs: (index, zone, age in years).
    fn active_gps(&self) -> Vec<(u32, u32, u8)>;
    fn warmup_days(&self) -> u32;
    /// Inhabitants of each zone.
    fn zone_inhabitants(&self, zone: u32) -> u64;
    fn zone_density(&self, zone: u32) -> crate::model::DensityClass;
    fn zones(&self) -> usize;
    /// Product of the active policies' attractiveness for `zone`.
    fn attractiveness(&self, zone: u32) -> f64;
    /// A uniform number in [0, 1) from the stream of `policy`, keyed by `key`.
    fn random(&self, policy: &str, key: u64) -> f64;
}

/// A coordination structure or policy.
pub trait Policy: Send {
    /// The policy's name in the scenario (unique).
    fn name(&self) -> &str;
    /// Its type label (`cpts`, `sas` …).
    fn label(&self) -> &'static str;
    fn schedule(&self) -> Schedule;
    fn scope(&self) -> &Scope;

    /// Registers services, networks, regulators, enrolments.
    fn setup(&mut self, _ctx: &mut dyn SetupContext) {}
    /// The first day the policy is in force.
    fn on_start(&mut self, _ctx: &dyn DayContext, _actions: &mut Vec<DailyAction>) {}
    /// The day the policy stops (its `end_day`).
    fn on_end(&mut self, _ctx: &dyn DayContext, _actions: &mut Vec<DailyAction>) {}
    /// A need arose for a patient in the world (the policy checks its scope).
    fn on_need(&self, _p: &PatientView, _kind: NeedKind, _t: SimTime, _req: &mut NeedRequest) {}
    /// The patient's own GP (if any) has no acceptable slot for this need.
    fn on_booking_failed(&self, _p: &PatientView, _kind: NeedKind, _t: SimTime, _req: &mut FailureRequest) {}
    /// A chronic hazard is being drawn for a patient.
    fn hazard(&self, _p: &PatientView, _req: &mut HazardRequest) {}
    /// The largest multiplier of the decompensation hazard [`Policy::hazard`]
    /// can request, floored at 1: the world draws decompensations by thinning
    /// and needs an upper bound of the hazard (ODD § 7.4).
    fn max_hazard_factor(&self) -> f64 {
        1.0
    }
    /// The largest multiplier of the hospitalisation risk
    /// [`Policy::on_consultation`] can return, floored at 1: the world asks
    /// the policies only when the consultation's draw falls under the risk
    /// times this bound (above it, no multiplier could make it an admission).
    fn max_consultation_factor(&self) -> f64 {
        1.0
    }
    /// A consultation took place; returns a multiplier of the hospitalisation risk.
    fn on_consultation(&self, _p: &PatientView, _kind: NeedKind) -> f64 {
        1.0
    }
    /// A patient leaves hospital.
    fn on_discharge(&self, _p: &PatientView, _req: &mut DischargeRequest) {}
    /// 00:00 every day while active.
    fn daily(&mut self, _ctx: &dyn DayContext, _actions: &mut Vec<DailyAction>) {}
    /// 00:00 every Monday while active.
    fn weekly(&mut self, _ctx: &dyn DayContext, _actions: &mut Vec<DailyAction>) {}
    /// Multiplier of the installation rate of new GPs in `zone` (MSP, CPTS).
    fn attractiveness(&self, _zone: u32) -> f64 {
        1.0
    }
    /// Running cost, € per year while active, and the territory it is charged to.
    fn yearly_cost(&self) -> Vec<(u16, f64)> {
        Vec::new()
    }
    /// GP `gp` refers the patient to a specialty (the second line, `model::specialists`).
    fn on_referral(&self, _p: &PatientView, _gp: u32, _s: crate::model::specialists::Specialty, _req: &mut ReferralRequest) {}
    /// The GP network of a coordination structure (CPTS, MSP, DAC) whose members give
    /// coordination time and share its protocols (`model::coordination`); None for other policies.
    fn coordination_network(&self) -> Option<NetworkId> {
        None
    }
    /// Specialist sessions the policy adds in `zone`, while in force: (specialty, half-day
    /// sessions per week, share of their consultations that become places).
    fn added_specialist_sessions(&self, _zone: u32) -> Option<(crate::model::specialists::Specialty, f64, f64)> {
        None
    }
}

/// What policies request for a GP's referral to a specialist.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReferralRequest {
    /// Probability that a specialist answers by telexpertise without a visit, once the practice is connected (0: no telexpertise).
    pub telexpertise_share: f64,
    /// Days from the request to the telexpertise answer.
    pub answer_days: u32,
    /// Cost of a telexpertise act, €.
    pub cost_eur: f64,
}

/// Share `u ∈ [0,1)` from a policy's stream keyed by `key`.
pub fn policy_uniform(policy: &str, stream_key: u64, key: u64) -> f64 {
    policy_uniform_from(policy_stream(policy, stream_key), key)
}

/// The stream of policy `policy` within the run's `stream_key`: computed
/// once at set-up by a policy that draws for every need, so that the name
/// is not hashed again each time.
pub fn policy_stream(policy: &str, stream_key: u64) -> u64 {
    stream_key ^ stable_hash(policy)
}

/// [`policy_uniform`]'s share from the stream [`policy_stream`] gave.
pub fn policy_uniform_from(stream: u64, key: u64) -> f64 {
    (mix64(stream ^ mix64(key)) >> 11) as f64 / (1u64 << 53) as f64
}

/// Share of an eligible population a programme reaches with `places`
/// (people it can follow at once): min(1, places / eligible); 0 when nobody
/// is eligible.
pub fn staffed_reach(places: f64, eligible: u64) -> f64 {
    if eligible == 0 || places <= 0.0 {
        return 0.0;
    }
    (places / eligible as f64).min(1.0)
}

/// Territories touched by a scope, with the inhabitants of each (for costs).
pub fn scope_territories(scope: &Scope, ctx: &dyn SetupContext) -> Vec<(u16, u64)> {
    let mut out: Vec<(u16, u64)> = Vec::new();
    for z in 0..ctx.zones() as u32 {
        if scope.covers(z) {
            let t = ctx.zone_territory(z);
            let n = ctx.zone_inhabitants(z);
            match out.iter_mut().find(|e| e.0 == t) {
                Some(e) => e.1 += n,
                None => out.push((t, n)),
            }
        }
    }
    out
}

/// The zones a scope covers (a service's sites, a policy's reach).
pub fn scope_zones(scope: &Scope, ctx: &dyn SetupContext) -> Vec<u32> {
    (0..ctx.zones() as u32).filter(|&z| scope.covers(z)).collect()
}

/// A yearly cost `total` (€) split between the territories a scope touches,
/// in proportion to the inhabitants it covers there.
pub fn scope_cost(total: f64, scope: &Scope, ctx: &dyn SetupContext) -> Vec<(u16, f64)> {
    split_cost(total, &scope_territories(scope, ctx))
}

/// Splits a yearly cost between territories in proportion to inhabitants covered.
pub fn split_cost(total: f64, territories: &[(u16, u64)]) -> Vec<(u16, f64)> {
    let n: u64 = territories.iter().map(|t| t.1).sum();
    if n == 0 {
        return Vec::new();
    }
    territories.iter().map(|&(t, k)| (t, total * k as f64 / n as f64)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participation_is_stable_and_close_to_the_share() {
        let scope = Scope { in_zone: vec![true], participation: 0.3 };
        let n = (0..10_000).filter(|&g| scope.participates("sas", g, 0)).count();
        // Binomial SD at n = 10,000, p = 0.3: 0.0046; tolerance 4 SD.
        assert!((n as f64 / 10_000.0 - 0.3).abs() < 0.0184, "{n}");
        assert_eq!(scope.participates("sas", 17, 0), scope.participates("sas", 17, 0));
        assert!(!Scope { in_zone: vec![false], participation: 1.0 }.participates("sas", 1, 0));
    }

    #[test]
    fn schedules_are_half_open() {
        let s = Schedule { start: SimTime(10), end: SimTime(20) };
        assert!(!s.active(SimTime(9)) && s.active(SimTime(10)) && s.active(SimTime(19)) && !s.active(SimTime(20)));
    }

    #[test]
    fn reach_grows_with_staff_up_to_everyone() {
        assert_eq!(staffed_reach(300.0, 1000), 0.3);
        assert_eq!(staffed_reach(600.0, 1000), 0.6);
        assert_eq!(staffed_reach(3000.0, 1000), 1.0);
        assert_eq!(staffed_reach(10.0, 0), 0.0);
    }

    #[test]
    fn costs_split_by_inhabitants() {
        assert_eq!(split_cost(100.0, &[(0, 1), (1, 3)]), vec![(0, 25.0), (1, 75.0)]);
        assert!(split_cost(100.0, &[]).is_empty());
    }
}
