//! The world's side of coordination (`model::coordination`): each GP's
//! tools and structure membership, the slots its coordination time
//! withholds (applied where slot capacity is built, for every GP alike:
//! at set-up, when a structure starts or ends, when a GP installs), the
//! hours and their cost counted each day, and the transitions of care
//! where information may be lost.

use super::{need_id, Provider, World};
use crate::engine::{RandomStreams, SimTime};
use crate::model::coordination::{nurse_places_per_open_day, slots_withheld, tools, Ends, Structure};
use crate::model::population::flags;
use crate::model::providers::ProfessionalKind;
use crate::model::NeedKind;
use rand::Rng;

/// The coordination state of a run (present only when `coordination.enabled`).
#[derive(Clone, Debug, Default)]
pub(super) struct Coordination {
    /// Per GP: slots withheld each day it works.
    withheld: Vec<u32>,
    /// Per GP: tools (`model::coordination::tools`) and membership of a structure.
    gp_tools: Vec<u8>,
    member: Vec<bool>,
    /// Per service: tools.
    service_tools: Vec<u8>,
    /// The nurse services of a CPTS, MSP or DAC whose nurses give time: (service, owning policy).
    nurse_services: Vec<(u16, u16)>,
}

/// Entity key of service `s` in the `coordination` stream (GPs use their index).
fn service_entity(s: usize) -> u64 {
    (1u64 << 48) | s as u64
}

/// The other end of a transition of care.
#[derive(Clone, Copy, Debug)]
pub(super) enum OtherEnd {
    Hospital,
    Provider(Provider),
}

impl World<'_> {
    /// At set-up: the coordination state when it is on (tools of every GP and service).
    pub(super) fn start_coordination(&mut self) {
        if !self.p.coordination.enabled {
            return;
        }
        let mut c = Coordination { service_tools: Vec::with_capacity(self.services.len()), ..Default::default() };
        for s in 0..self.services.len() {
            let u: f64 = RandomStreams::entity(self.keys.coordination, service_entity(s)).random();
            c.service_tools.push(if u < self.p.coordination.other_professional_equipped { tools::MESSAGING } else { 0 });
        }
        c.nurse_services = self.start_nurse_coordination();
        self.coordination = Some(c);
        for g in 0..self.gps.len() {
            self.coordination_gp_added(g as u32);
        }
        self.rec.enable_coordination();
    }

    /// At set-up, where service capacity is set (`Service::day_capacity`):
    /// each nurse service a CPTS, MSP or DAC created withholds, on each day it
    /// opens, its nurses' (`parallel`) coordination hours — `nurse_hours_formal`
    /// or `nurse_hours_informal` by the style of its first site's density class
    /// — as places of its slot length spread over its open weekdays. Fixed for
    /// the run (the service is offered only while its structure is in force).
    fn start_nurse_coordination(&mut self) -> Vec<(u16, u16)> {
        let mut out = Vec::new();
        for (s, service) in self.services.iter_mut().enumerate() {
            let spec = &service.spec;
            let nurse = matches!(spec.kind, ProfessionalKind::Nurse | ProfessionalKind::AdvancedPracticeNurse);
            let (Some(owner), Some(&zone), true) = (spec.owner, spec.zones.first(), nurse) else { continue };
            let Some(structure) = Structure::of_label(self.policies[usize::from(owner)].label()) else { continue };
            let hours = self.p.coordination.nurse_hours(structure, self.zones[zone as usize].density);
            let x = nurse_places_per_open_day(hours, service.parallel, spec.slot_minutes, service.open_weekdays());
            if x > 0.0 {
                service.coordination_places = x;
                out.push((s as u16, owner));
            }
        }
        out
    }

    /// A GP enters the run (set-up or installation): its tools, once.
    pub(super) fn coordination_gp_added(&mut self, gp: u32) {
        let Some(c) = self.coordination.as_mut() else { return };
        let density = self.zones[self.gps[gp as usize].zone as usize].density;
        let mut rng = RandomStreams::entity(self.keys.coordination, u64::from(gp));
        let (u_record, u_messaging): (f64, f64) = (rng.random(), rng.random());
        c.gp_tools.push(self.p.coordination.gp_tools(density, u_record, u_messaging));
        c.withheld.push(0);
        c.member.push(false);
        debug_assert_eq!(c.gp_tools.len(), gp as usize + 1);
        self.apply_coordination_time(gp, self.queue.now().day());
    }

    /// Hours a week GP `gp` gives to the structures in force on `day` it belongs to, and whether it belongs to any.
    fn coordination_hours_of(&self, gp: u32, day: u32) -> (f64, bool) {
        let density = self.zones[self.gps[gp as usize].zone as usize].density;
        let now = SimTime::from_day(day);
        let mut hours = 0.0;
        let mut member = false;
        for policy in self.active_policies(now) {
            let (Some(s), Some(n)) = (Structure::of_label(policy.label()), policy.coordination_network()) else { continue };
            if self.networks.get(usize::from(n)).is_some_and(|m| m.get(gp as usize).copied().unwrap_or(false)) {
                hours += self.p.coordination.hours(s, density);
                member = true;
            }
        }
        (hours, member)
    }

    /// Where slot capacity is built: GP `gp` offers its slots of a day less
    /// those its coordination time withholds (the same for every GP,
    /// whoever it is). Its other caps (`gp.daily_slot_caps`) come first.
    pub(super) fn apply_coordination_time(&mut self, gp: u32, day: u32) {
        if self.coordination.is_none() {
            return;
        }
        let (hours, member) = self.coordination_hours_of(gp, day);
        let u: f64 = RandomStreams::entity(self.keys.coordination, u64::from(gp) ^ 0x5107_5000_0000_0000).random();
        let max = self.layout.max_slots_per_day();
        let g = &mut self.gps[gp as usize];
        g.cap_daily_slots(64);
        super::setup::cap_daily_slots(g, gp as usize, self.p);
        let base = g.offered_of(max);
        let k = slots_withheld(hours, self.p.gp.slot_minutes, u).min(base);
        if k > 0 {
            g.cap_daily_slots(base - k);
        }
        // What the GP offers may have grown: forget what its calendar was known to lack.
        if let Some(known) = self.known_full.get_mut(gp as usize) {
            *known = crate::model::known_full::KnownFull::new();
        }
        self.gp_changed_in(self.gps[gp as usize].zone);
        let c = self.coordination.as_mut().expect("checked above");
        c.withheld[gp as usize] = k;
        c.member[gp as usize] = member;
    }

    /// At the start of `day`: when a structure starts or ends that day (or
    /// on day 0), every GP's coordination time is applied again.
    pub(super) fn refresh_coordination(&mut self, day: u32) {
        if self.coordination.is_none() {
            return;
        }
        let changes = day == 0
            || self.policies.iter().any(|p| {
                let s = p.schedule();
                p.coordination_network().is_some() && (s.start.day() == day || (s.end != SimTime::NEVER && s.end.day() == day))
            });
        if changes {
            for g in 0..self.gps.len() as u32 {
                self.apply_coordination_time(g, day);
            }
        }
    }

    /// In the observation window, each day: the hours withheld by the GPs
    /// at work and their value (the consultations they displace, at
    /// `costs.gp_consultation_eur`), added to the policies' running cost.
    pub(super) fn account_coordination_time(&mut self, day: u32) {
        let Some(c) = self.coordination.as_ref() else { return };
        let slots = self.layout.slots_on_day(day);
        let weeks_off = self.p.gp.weeks_off_per_year;
        let hours_per_slot = f64::from(self.p.gp.slot_minutes) / 60.0;
        for (g, gp) in self.gps.iter().enumerate().filter(|(_, g)| g.active) {
            let k = c.withheld[g];
            if k == 0 || gp.is_off(day, weeks_off) {
                continue;
            }
            let offered = gp.offered_of(64);
            let removed = slots.min(offered + k) - slots.min(offered);
            let terr = self.zones[gp.zone as usize].territory as usize;
            self.rec.coordination_hours[terr] += f64::from(removed) * hours_per_slot;
            self.rec.policy_cost_eur[terr] += f64::from(removed) * self.p.costs.gp_consultation_eur;
        }
        self.account_nurse_coordination_time(day);
    }

    /// In the observation window, each day its structure is in force: a
    /// structure's nurse service counts its nurses (`parallel`) as nurse-days
    /// and the places withheld that day as hours (× slot minutes ÷ 60), valued
    /// at the service's consultation price, in the territory of its first site.
    fn account_nurse_coordination_time(&mut self, day: u32) {
        let Some(c) = self.coordination.as_ref() else { return };
        let now = SimTime::from_day(day);
        for &(s, owner) in &c.nurse_services {
            if !self.policy_schedules[usize::from(owner)].active(now) {
                continue;
            }
            let service = &self.services[usize::from(s)];
            let terr = self.zones[service.spec.zones[0] as usize].territory as usize;
            let withheld = f64::from(service.withheld_places(day));
            let cell = &mut self.rec.nurse_coordination[terr];
            cell[0] += withheld * f64::from(service.spec.slot_minutes) / 60.0;
            cell[1] += f64::from(service.parallel);
            self.rec.policy_cost_eur[terr] += withheld * service.spec.unit_cost_eur;
        }
    }

    /// Care of `patient` passes from `other` to the patient's own GP at `t`:
    /// whether the information is lost (drawn from the `coordination`
    /// stream keyed by `key`), counted in the window. None when
    /// coordination is off (no draw).
    pub(super) fn information_lost(&mut self, t: SimTime, patient: u32, other: OtherEnd, key: u64) -> Option<bool> {
        let c = self.coordination.as_ref()?;
        let pt = &self.patients[patient as usize];
        let own = pt.has_gp().then_some(pt.gp);
        let own_zone = own.map(|g| self.gps[g as usize].zone);
        let (other_tools, other_zone) = match other {
            OtherEnd::Hospital => (tools::BOTH, None),
            OtherEnd::Provider(Provider::Gp(g)) => (c.gp_tools[g as usize], Some(self.gps[g as usize].zone)),
            OtherEnd::Provider(Provider::Service(s)) => {
                let spec = &self.services[s as usize].spec;
                let here = own_zone.filter(|z| !spec.remote && spec.zones.contains(z));
                (c.service_tools[s as usize], here)
            }
        };
        let ends = Ends {
            own_tools: own.map_or(0, |g| c.gp_tools[g as usize]),
            other_tools,
            own_member: own.is_some_and(|g| c.member[g as usize]),
            formal: own_zone.is_some_and(|z| self.p.coordination.formal[self.zones[z as usize].density.index()]),
            same_commune: own_zone.is_some() && other_zone == own_zone,
        };
        let cp = &self.p.coordination;
        let p_loss = if ends.shared() { cp.loss_shared } else { cp.loss_unshared };
        let lost = RandomStreams::entity(self.keys.coordination, key).random::<f64>() < p_loss;
        if t >= self.warmup {
            let (terr, cells) = self.cells_of(patient);
            self.rec.information_transition(terr, cells, lost);
        }
        Some(lost)
    }

    /// After a consultation of an inhabitant registered with a GP, given by
    /// someone else: the information may not reach the own GP, whose
    /// follow-up is then no longer continuous.
    pub(super) fn pass_consultation_information(&mut self, t: SimTime, patient: u32, kind: NeedKind, onset: SimTime, provider: Provider) {
        let pt = &self.patients[patient as usize];
        if self.coordination.is_none() || !pt.has_gp() || self.visitors.is_visitor(patient) {
            return;
        }
        if matches!(provider, Provider::Gp(g) if g == pt.gp) {
            return;
        }
        let key = need_id(patient, kind, onset) ^ 0x0c00_0000_0000_0001;
        if self.information_lost(t, patient, OtherEnd::Provider(provider), key) == Some(true) {
            self.patients[patient as usize].flags &= !flags::OWN_GP_FOLLOWUP;
        }
    }

    /// At a discharge: whether the hospital's information is lost on its way
    /// to the own GP (then an early visit does not lower the readmission
    /// risk). False when coordination is off (no draw); visitors are not followed.
    pub(super) fn discharge_information_lost(&mut self, t: SimTime, patient: u32) -> bool {
        if self.coordination.is_none() || self.visitors.is_visitor(patient) {
            return false;
        }
        let key = (u64::from(patient) << 32 | u64::from(t.0)) ^ 0xd15c_0000_0000_0000;
        self.information_lost(t, patient, OtherEnd::Hospital, key) == Some(true)
    }
}
