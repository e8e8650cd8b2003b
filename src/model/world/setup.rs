//! Building the world of one replication: population, GPs, services, the
//! reach of each zone, initial registration, and the policies' set-up.

use super::nearby::{reach_radius_km, ZoneGrid};
use super::{patient_view, Diagnostics, Keys, Regulator, World};
use crate::engine::calendar::{hm, parse_hours};
use crate::engine::{Calendar, EventQueue, Minutes, OpeningHours, RandomStreams, SimTime, StreamRng, Weekday};
use crate::model::indicators::Recorder;
use crate::model::params::Parameters;
use crate::model::policy::{
    HolidayHours, NetworkId, NetworkReach, Orientation, PatientView, Policy, RegulatorId, ServiceId, ServiceSpec, SetupContext,
};
use crate::model::population::{synthesise, Health, Patient};
use crate::model::providers::{practice_hours, Gp, ProfessionalKind, SeasonalLeave, SlotLayout};
use crate::model::services::Service;
use crate::model::territory::{travel_minutes, Territory, Zone};
use crate::model::workforce::DynamicsKeys;
use crate::model::Spec;
use rand::seq::SliceRandom;
use rand::Rng;

/// What policies register while the world is built.
struct Setup<'a> {
    zones: &'a [Zone],
    gps: &'a [Gp],
    patients: &'a [Patient],
    services: Vec<ServiceSpec>,
    networks: Vec<(Vec<u32>, NetworkReach)>,
    regulators: Vec<(u32, f64, Vec<u32>, f64)>,
    orientations: Vec<Orientation>,
    seed_key: u64,
    holidays: &'a [u32],
}

impl SetupContext for Setup<'_> {
    fn zones(&self) -> usize {
        self.zones.len()
    }
    fn zone_name(&self, zone: u32) -> &str {
        &self.zones[zone as usize].name
    }
    fn zone_territory(&self, zone: u32) -> u16 {
        self.zones[zone as usize].territory
    }
    fn zone_inhabitants(&self, zone: u32) -> u64 {
        self.zones[zone as usize].inhabitants()
    }
    fn gp_zones(&self) -> Vec<u32> {
        self.gps.iter().map(|g| g.zone).collect()
    }
    fn add_service(&mut self, spec: ServiceSpec) -> ServiceId {
        self.services.push(spec);
        self.services.len() as ServiceId
    }
    fn add_network(&mut self, gps: Vec<u32>, reach: NetworkReach) -> NetworkId {
        // Networks exist only at set-up, before the world: the sweep memos
        // are laid out by their number (`World::sweep_index`).
        self.networks.push((gps, reach));
        (self.networks.len() - 1) as NetworkId
    }
    fn add_regulator(&mut self, calls_per_day: u32, max_delay_hours: f64, gps: Vec<u32>, cost_per_call_eur: f64) -> RegulatorId {
        self.regulators.push((calls_per_day, max_delay_hours, gps, cost_per_call_eur));
        self.orientations.push(Orientation::default());
        (self.regulators.len() - 1) as RegulatorId
    }
    fn orient_regulator(&mut self, r: RegulatorId, o: Orientation) {
        if let Some(slot) = self.orientations.get_mut(r as usize) {
            *slot = o;
        }
    }
    fn walk_in_sites(&self, in_zone: &[bool]) -> u32 {
        self.zones.iter().zip(in_zone).filter(|(_, &inside)| inside).map(|(z, _)| z.pharmacies + z.nurses).sum()
    }
    fn complex_patients_in(&self, in_zone: &[bool]) -> Vec<PatientView> {
        (0..self.patients.len() as u32)
            .filter(|&i| {
                let p = &self.patients[i as usize];
                p.health() == Health::Complex && in_zone.get(p.zone as usize).copied().unwrap_or(false)
            })
            .map(|i| patient_view(&self.patients[i as usize], i))
            .collect()
    }
    fn seed_key(&self) -> u64 {
        self.seed_key
    }
    fn holidays(&self) -> &[u32] {
        self.holidays
    }
    fn patients_in(&self, in_zone: &[bool], eligible: &dyn Fn(&PatientView) -> bool) -> u64 {
        let covered = |z: u32| in_zone.get(z as usize).copied().unwrap_or(false);
        (0..self.patients.len() as u32)
            .filter(|&i| covered(self.patients[i as usize].zone) && eligible(&patient_view(&self.patients[i as usize], i)))
            .count() as u64
    }
}

/// The walk-in service first, then the policies' services, each with its
/// calendar (the scenario's holidays) and its travel time from every zone.
fn build_services(
    zones: &[Zone],
    p: &Parameters,
    policy_services: Vec<ServiceSpec>,
    holidays: &[u32],
) -> (Vec<Service>, Vec<Vec<Option<f32>>>) {
    let mut specs = vec![walk_in_service(zones, p)];
    specs.extend(policy_services);
    let travel = specs.iter().map(|s| service_reach(zones, s, p)).collect();
    let services = specs
        .into_iter()
        .map(|spec| {
            let calendar = Calendar::new(spec.hours.clone()).with_holidays(holidays.to_vec());
            Service::new(spec, calendar)
        })
        .collect();
    (services, travel)
}

impl<'s> World<'s> {
    /// Builds the world of replication `replication` of one arm (the base
    /// or a variant), as the scenario layer specified it (`Scenario::spec`).
    ///
    /// Longer than 80 lines on purpose: it runs the set-up steps in their
    /// order (each a function: `synthesise`, `place_gps`, `register_patients`,
    /// `build_services` …) and names each of the world's ≈ 30 fields once;
    /// splitting it further would only move the literal.
    pub fn for_arm(spec: &Spec<'s>, replication: u32) -> Self {
        let p = spec.parameters;
        let streams = RandomStreams::new(spec.seed, replication);
        let zones = spec.zones;
        let (mut patients, cohorts) = synthesise(zones, &p.population, &mut streams.stream("population"));
        let layout = slot_layout(spec, p);
        let mut gps = place_gps(zones, p, &mut streams.stream("gp_calendar"));
        let leave_key = streams.key("gp_leave");
        let part_time_key = streams.key("gp_part_time");
        for (i, gp) in gps.iter_mut().enumerate() {
            assign_leave(gp, i, p, leave_key, spec.start_day_of_year);
            assign_part_time(gp, i, p, part_time_key);
        }
        let dynamics = super::workforce::start_dynamics(zones, &mut gps, p, DynamicsKeys::new(&streams));
        let zone_gps = reachable_gps(zones, &gps, p);
        let zone_ed = nearest_eds(zones, spec.territories, p);
        register_patients(&mut patients, &mut gps, &zone_gps, p, &mut streams.stream("registration"));
        let warmup = SimTime::from_day(spec.warmup_days);
        let horizon = SimTime::from_day(spec.horizon_days);
        let holidays = spec.holidays.clone();
        let mut policies: Vec<Box<dyn Policy>> = spec.policies.iter().map(|ps| ps.build(spec.warmup_days)).collect();
        let mut setup = Setup {
            zones,
            gps: &gps,
            patients: &patients,
            services: Vec::new(),
            networks: Vec::new(),
            regulators: Vec::new(),
            orientations: Vec::new(),
            seed_key: streams.key("policy"),
            holidays: &holidays,
        };
        for (i, policy) in policies.iter_mut().enumerate() {
            let before = setup.services.len();
            policy.setup(&mut setup);
            for s in &mut setup.services[before..] {
                s.owner = Some(i as u16);
            }
        }
        let Setup { services: policy_services, networks, regulators, orientations, .. } = setup;
        let (services, service_travel) = build_services(zones, p, policy_services, &holidays);
        let membership = |members: &[u32]| {
            let mut v = vec![false; gps.len()];
            for &g in members {
                v[g as usize] = true;
            }
            v
        };
        let network_reach: Vec<NetworkReach> = networks.iter().map(|(_, r)| *r).collect();
        let networks: Vec<Vec<bool>> = networks.iter().map(|(m, _)| membership(m)).collect();
        let regulators = regulators
            .into_iter()
            .zip(orientations)
            .map(|((calls, hours, members, cost), orientation)| Regulator {
                calls_per_day: calls,
                max_delay: Minutes::from_days_f64(hours / 24.0),
                gps: membership(&members),
                cost_per_call_eur: cost,
                used: (u32::MAX, 0),
                lines: super::regulation::Lines::new(orientation.lines),
                orientation,
            })
            .collect();
        let labels = services.iter().map(|s| s.spec.label.clone()).collect();
        let zone_patients = if policies.is_empty() { Vec::new() } else { patients_by_zone(&patients, zones.len()) };
        // The inhabitants of each territory × density class, whose direct visits to a specialist
        // cost as referred ones (`world::second_line`); built before the visitors are added.
        let class_residents = if p.specialists.enabled { patients_by_class(&patients, zones, spec.territories.len()) } else { Vec::new() };
        let mut zone_orphans = vec![0u64; zones.len()];
        for pt in patients.iter().filter(|pt| !pt.has_gp()) {
            zone_orphans[pt.zone as usize] += 1;
        }
        let visitors = super::visitors::add_visitors(zones, spec.secondary_homes, p, spec.territories.len(), &mut patients, &streams);
        let rec = if visitors.cohorts.is_empty() {
            Recorder::new(spec.territories.len(), labels, spec.zones.len())
        } else {
            Recorder::with_visitors(spec.territories.len(), labels, spec.zones.len())
        };
        let keys = Keys {
            need: streams.key("need"),
            outcome: streams.key("outcome"),
            chronic: streams.key("chronic"),
            hospital: streams.key("hospital"),
            policy: streams.key("policy"),
            lead: streams.key("lead"),
            wait: streams.key("wait"),
            legibility: streams.key("legibility"),
            residence: streams.key("residence"),
            leave: leave_key,
            prevention: streams.key("prevention"),
            part_time: part_time_key,
            weekend: streams.key("weekend"),
            specialist: streams.key("specialist"),
            specialist_direct: streams.key("specialist_direct"),
            specialist_pool: streams.key("specialist_pool"),
            coordination: streams.key("coordination"),
            advice: streams.key("sas_advice"),
            next_visit: streams.key("next_visit"),
        };
        let sl_keys = super::second_line::Keys {
            leave: streams.key("specialist_leave"),
            count: streams.key("specialist_count"),
            start_day_of_year: spec.start_day_of_year,
        };
        let second_line = super::second_line::build(p, zones, spec.territories.len(), &policies, sl_keys);
        let mut w = World {
            p,
            zones,
            patients,
            cohorts,
            known_full: vec![crate::model::known_full::KnownFull::new(); gps.len()],
            gps,
            layout,
            zone_gps,
            zone_grid: zone_grid(zones, p),
            services,
            service_travel: super::nearby::ServiceTravel::new(&service_travel, zones.len()),
            networks,
            network_reach,
            regulators,
            second_line,
            coordination: None,
            policy_schedules: policies.iter().map(|p| p.schedule()).collect(),
            consultation_factor_bound: policies.iter().map(|p| p.max_consultation_factor()).product(),
            policies,
            zone_patients,
            zone_orphans,
            class_residents,
            gp_lists: Vec::new(),
            sweeps: Vec::new(),
            reserved_candidates: Vec::new(),
            sweep_members: Vec::new(),
            dead_candidates: Vec::new(),
            later_candidates: Vec::new(),
            gp_generation: 0,
            zone_reach: vec![super::sweep::ZoneReach::NEW; zones.len()],
            zone_points: zones.iter().zip(zone_ed).map(|(z, ed)| super::ZonePoint::of(z, ed)).collect(),
            zone_attractiveness: Vec::new(),
            dynamics,
            queue: EventQueue::new(),
            rec,
            keys,
            need_rng: streams.stream("need_onset"),
            gp_rng: streams.stream("gp_installation"),
            warmup,
            warmup_days: spec.warmup_days,
            horizon,
            start_day_of_year: spec.start_day_of_year,
            waiting: 0,
            waiting_since: SimTime::ZERO,
            diag: Diagnostics::default(),
            visitors,
            next_visits: std::collections::HashMap::new(),
            tolerance: crate::model::population::ToleranceFactors::new(p.population.delay_tolerance_log_sd),
        };
        if w.second_line.is_some() {
            w.rec.enable_second_line();
        }
        w.start_coordination();
        w.initialise(&mut streams.stream("chronic_phase"));
        w
    }

    /// Headcounts, the first day, and each chronic patient's first follow-up.
    fn initialise(&mut self, rng: &mut StreamRng) {
        // Inhabitants only: visitors (after them) are neither counted nor followed.
        for i in 0..self.patients.len().min(self.visitors.first as usize) {
            let pt = self.patients[i];
            let (t, c) = self.cells_of(i as u32);
            self.rec.count_inhabitant(t, c, pt.has_gp(), 1);
            if pt.has_gp() {
                // Registered at the start: taken as followed by their GP so far (continuity).
                self.patients[i].flags |= crate::model::population::flags::OWN_GP_FOLLOWUP;
            }
            if pt.health().is_chronic() {
                let interval = self.followup_interval(&pt);
                let phase = Minutes::from_days_f64(rng.random::<f64>() * interval);
                self.queue.schedule(SimTime::ZERO + phase, super::Event::FollowUpDue { patient: i as u32, epoch: 0 });
                self.schedule_decompensation_candidate(i as u32, SimTime::ZERO);
            }
        }
        self.queue.schedule(SimTime::ZERO, super::Event::DayStart);
    }
}

fn slot_layout(s: &Spec, p: &Parameters) -> SlotLayout {
    let g = &p.gp;
    let morning = parse_hours(&g.morning).unwrap_or((510, 720));
    let afternoon = parse_hours(&g.afternoon).unwrap_or((840, 1110));
    let calendar = Calendar::new(practice_hours(morning, afternoon, g.saturday_morning)).with_holidays(s.holidays.clone());
    SlotLayout::new(calendar, Minutes(g.slot_minutes), g.unscheduled_share)
}

/// GPs of every zone; ages drawn uniformly between 30 and 69 (assumption:
/// DREES reports ≈ 1 GP in 4 aged 60 or more).
fn place_gps(zones: &[Zone], p: &Parameters, rng: &mut StreamRng) -> Vec<Gp> {
    let mut gps = Vec::new();
    for (zi, z) in zones.iter().enumerate() {
        for _ in 0..z.gps {
            let mut gp = Gp::new(zi as u32, rng.random_range(0..52), p.booking.horizon_days);
            gp.age = rng.random_range(30..70);
            cap_daily_slots(&mut gp, gps.len(), p);
            gps.push(gp);
        }
    }
    gps
}

/// Places the seasonal part of GP number `index`'s weeks off (summer block
/// within July–August, Christmas week), drawn from a generator keyed by the
/// GP (stream `gp_leave`), so that the other draws do not move.
pub(super) fn assign_leave(gp: &mut Gp, index: usize, p: &Parameters, leave_key: u64, start_day_of_year: u32) {
    gp.leave = seasonal_leave(index as u64, p, leave_key, start_day_of_year);
}

/// The seasonal part of a doctor's weeks off (`gp.weeks_off_per_year`, of
/// which `gp.summer_weeks_off` as one block within July–August and
/// `gp.christmas_weeks_off` from the Christmas week), the summer block's
/// start drawn from a generator keyed by `id` in the stream `key`: the rule
/// of the GPs (`id` = the GP's index, stream `gp_leave`) and of the
/// specialists (`model::world::second_line`, stream `specialist_leave`).
pub(super) fn seasonal_leave(id: u64, p: &Parameters, key: u64, start_day_of_year: u32) -> SeasonalLeave {
    let (summer, christmas) = SeasonalLeave::seasonal_weeks(&p.gp);
    if summer + christmas == 0 {
        return SeasonalLeave::default();
    }
    let latest_start = SeasonalLeave::SUMMER_WINDOW_WEEKS - summer;
    let start = SeasonalLeave::SUMMER_FIRST_WEEK + RandomStreams::entity(key, id).random_range(0..=latest_start);
    SeasonalLeave {
        summer_start: start as u8,
        summer_weeks: summer as u8,
        christmas_weeks: christmas as u8,
        year_offset: (start_day_of_year % 365) as u16,
    }
}

/// Whether GP number `index` works part time and on which weekdays it is
/// off (`week.part_time_*`, `model::rhythm`), drawn from a generator keyed
/// by the GP (stream `gp_part_time`), so that the other draws do not move.
pub(super) fn assign_part_time(gp: &mut Gp, index: usize, p: &Parameters, key: u64) {
    let w = &p.week;
    if w.part_time_share <= 0.0 {
        return;
    }
    let mut rng = RandomStreams::entity(key, index as u64);
    let part_time = rng.random::<f64>() < w.part_time_share;
    let first = rng.random_range(0..5);
    gp.days_off = crate::model::rhythm::days_off_mask(part_time, first, w.part_time_days_off);
}

/// Applies `gp.daily_slot_caps` to GP number `index` (in turn).
pub(super) fn cap_daily_slots(gp: &mut Gp, index: usize, p: &Parameters) {
    let caps = &p.gp.daily_slot_caps;
    if !caps.is_empty() {
        gp.cap_daily_slots(caps[index % caps.len()]);
    }
}

/// For each zone, the active GPs within `max_travel_minutes`, nearest first.
pub(super) fn reachable_gps(zones: &[Zone], gps: &[Gp], p: &Parameters) -> Vec<Vec<(u32, f32)>> {
    let near = GpsNearby::new(zones, gps, p);
    (0..zones.len()).map(|z| near.reachable_from(zones, z, gps, p)).collect()
}

/// Every zone in its reach-radius cell (`world::nearby`).
fn zone_grid(zones: &[Zone], p: &Parameters) -> ZoneGrid {
    let points = zones.iter().enumerate().map(|(z, a)| (z as u32, a.x_km, a.y_km));
    ZoneGrid::new(points, reach_radius_km(&p.travel, p.registration.max_travel_minutes))
}

/// The active GPs by zone over the zones' grid (`world::nearby`): the GPs
/// a zone can reach are among those of the zones near it.
pub(super) struct GpsNearby {
    grid: ZoneGrid,
    by_zone: Vec<Vec<u32>>,
}

impl GpsNearby {
    pub fn new(zones: &[Zone], gps: &[Gp], p: &Parameters) -> Self {
        let mut by_zone = vec![Vec::new(); zones.len()];
        for (g, gp) in gps.iter().enumerate().filter(|(_, gp)| gp.active) {
            by_zone[gp.zone as usize].push(g as u32);
        }
        let with_gps = by_zone.iter().enumerate().filter(|(_, v)| !v.is_empty()).map(|(z, _)| (z as u32, zones[z].x_km, zones[z].y_km));
        let grid = ZoneGrid::new(with_gps, reach_radius_km(&p.travel, p.registration.max_travel_minutes));
        GpsNearby { grid, by_zone }
    }

    /// The active GPs within reach of `zone`, nearest first (ties by index):
    /// what timing every active GP gives, timing only the GPs of nearby zones.
    pub fn reachable_from(&self, zones: &[Zone], zone: usize, gps: &[Gp], p: &Parameters) -> Vec<(u32, f32)> {
        let a = &zones[zone];
        let candidates = self.grid.near(a.x_km, a.y_km).into_iter().flat_map(|z| self.by_zone[z as usize].iter().copied());
        reach_of(zones, a, candidates, gps, p)
    }
}

/// The active GPs within reach of `zone`, nearest first (ties by index),
/// by timing every GP: the plain scan [`GpsNearby`] is checked against.
#[cfg(test)]
fn reachable_from(zones: &[Zone], zone: usize, gps: &[Gp], p: &Parameters) -> Vec<(u32, f32)> {
    let candidates = gps.iter().enumerate().filter(|(_, gp)| gp.active).map(|(g, _)| g as u32);
    reach_of(zones, &zones[zone], candidates, gps, p)
}

/// The GPs among `candidates` within reach of zone `a`, nearest first (ties by index).
fn reach_of(zones: &[Zone], a: &Zone, candidates: impl Iterator<Item = u32>, gps: &[Gp], p: &Parameters) -> Vec<(u32, f32)> {
    let max = p.registration.max_travel_minutes;
    let mut v: Vec<(u32, f32)> = candidates
        .map(|g| {
            let b = &zones[gps[g as usize].zone as usize];
            (g, travel_minutes(&p.travel, (a.x_km, a.y_km, a.density), (b.x_km, b.y_km, b.density)) as f32)
        })
        .filter(|&(_, t)| f64::from(t) <= max)
        .collect();
    v.sort_by(|x, y| x.1.total_cmp(&y.1).then(x.0.cmp(&y.0)));
    v
}

fn nearest_eds(zones: &[Zone], territories: &[Territory], p: &Parameters) -> Vec<Option<f32>> {
    zones
        .iter()
        .map(|z| {
            territories[z.territory as usize]
                .emergency_departments
                .iter()
                .map(|(_, x, y)| travel_minutes(&p.travel, (z.x_km, z.y_km, z.density), (*x, *y, z.density)) as f32)
                .min_by(f32::total_cmp)
        })
        .collect()
}

/// The baseline service 0: pharmacies and nurses' practices, walk-in, Monday
/// to Saturday 09:00–19:00 (assumption), located where they are.
fn walk_in_service(zones: &[Zone], p: &Parameters) -> ServiceSpec {
    use Weekday::*;
    let sites: Vec<u32> = (0..zones.len() as u32).filter(|&z| zones[z as usize].pharmacies + zones[z as usize].nurses > 0).collect();
    let parallel: u32 = zones.iter().map(|z| z.pharmacies + z.nurses).sum();
    ServiceSpec {
        label: "pharmacy_nurse".into(),
        kind: ProfessionalKind::Pharmacist,
        remote: false,
        hours: OpeningHours::weekly(
            &[Monday, Tuesday, Wednesday, Thursday, Friday, Saturday],
            (hm(9, 0), hm(13, 0)),
            (hm(13, 0), hm(19, 0)),
        ),
        slot_minutes: 10,
        capacity_per_day: 0,
        parallel: parallel.max(1),
        zones: sites,
        follow_up_share: 0.0,
        unit_cost_eur: p.costs.walk_in_act_eur,
        horizon_days: 30,
        holidays: HolidayHours::Closed,
        team_care: false,
        owner: None,
    }
}

/// For each zone, travel minutes to the nearest site of a service (remote:
/// 0; None if out of reach). Only the sites near a zone (`world::nearby`)
/// are timed: the others are out of reach.
fn service_reach(zones: &[Zone], s: &ServiceSpec, p: &Parameters) -> Vec<Option<f32>> {
    if s.remote {
        return vec![Some(0.0); zones.len()];
    }
    let max = p.registration.max_travel_minutes;
    let sites = s.zones.iter().map(|&z| (z, zones[z as usize].x_km, zones[z as usize].y_km));
    let grid = ZoneGrid::new(sites, reach_radius_km(&p.travel, max));
    zones
        .iter()
        .map(|a| {
            grid.near(a.x_km, a.y_km)
                .into_iter()
                .map(|z| {
                    let b = &zones[z as usize];
                    travel_minutes(&p.travel, (a.x_km, a.y_km, a.density), (b.x_km, b.y_km, b.density)) as f32
                })
                .filter(|&t| f64::from(t) <= max)
                .min_by(f32::total_cmp)
        })
        .collect()
}

/// GPs within reach, nearest first, with the GPs of the nearest tier (as
/// near as the nearest, within a minute: typically the patient's own
/// commune) visited from an offset given by `key`, so that patients of a
/// commune with many GPs spread over them instead of all trying the same ones.
pub(super) fn nearest_first(reach: &[(u32, f32)], key: u64) -> impl Iterator<Item = &(u32, f32)> {
    nearest_first_in_tier(reach, nearest_tier(reach), key)
}

/// How many GPs of `reach` (nearest first) are within a minute of the
/// nearest: the tier [`nearest_first`] rotates.
pub(super) fn nearest_tier(reach: &[(u32, f32)]) -> usize {
    let nearest = reach.first().map_or(0.0, |g| g.1);
    reach.iter().take_while(|g| g.1 <= nearest + 1.0).count()
}

/// [`nearest_first`] with the tier already counted (`tier` = [`nearest_tier`] of `reach`).
pub(super) fn nearest_first_in_tier(reach: &[(u32, f32)], tier: usize, key: u64) -> impl Iterator<Item = &(u32, f32)> {
    let [first, then, rest] = tier_order(tier_start(tier, key), tier, reach.len());
    reach[first].iter().chain(&reach[then]).chain(&reach[rest])
}

/// The order of a walk of `len` entries whose first `tier` are rotated to
/// begin at `start`: `start..tier`, then `0..start`, then `tier..len` (the one
/// rule of [`nearest_first_in_tier`], also `sweep::ReservedCandidates`').
pub(super) fn tier_order(start: usize, tier: usize, len: usize) -> [std::ops::Range<usize>; 3] {
    [start..tier, 0..start, tier..len]
}

/// Where [`nearest_first_in_tier`] starts in a nearest tier of `tier` GPs for `key`.
pub(super) fn tier_start(tier: usize, key: u64) -> usize {
    if tier > 0 {
        (crate::engine::rng::mix64(key) % tier as u64) as usize
    } else {
        0
    }
}

/// The patients of each territory × density class (index `territory × 4 + class`, as the
/// specialist pools' `SecondLine::class_of`).
fn patients_by_class(patients: &[Patient], zones: &[Zone], territories: usize) -> Vec<Vec<u32>> {
    let mut v = vec![Vec::new(); territories * 4];
    for (i, p) in patients.iter().enumerate() {
        let z = &zones[p.zone as usize];
        v[usize::from(z.territory) * 4 + z.density.index()].push(i as u32);
    }
    v
}

fn patients_by_zone(patients: &[Patient], zones: usize) -> Vec<Vec<u32>> {
    let mut v = vec![Vec::new(); zones];
    for (i, p) in patients.iter().enumerate() {
        v[p.zone as usize].push(i as u32);
    }
    v
}

/// Initial registration: patients in random order register with the nearest
/// reachable GP that takes new patients (`Gp::takes_new_patients`: under the
/// list cap; no diary is saturated yet, so no list is closed), if they seek
/// registration at all.
fn register_patients(patients: &mut [Patient], gps: &mut [Gp], zone_gps: &[Vec<(u32, f32)>], p: &Parameters, rng: &mut StreamRng) {
    let mut order: Vec<u32> = (0..patients.len() as u32).collect();
    order.shuffle(rng);
    let cap = p.registration.list_cap;
    let mut finders: Vec<Option<FreeFinder>> = (0..zone_gps.len()).map(|_| None).collect();
    // Patients are visited in random order: load each record a few steps
    // ahead (all of France: 1.4 GB of patients, a cache miss per patient).
    const AHEAD: usize = 16;
    for (k, &i) in order.iter().enumerate() {
        if let Some(&ahead) = order.get(k + AHEAD) {
            crate::engine::prefetch(patients.as_ptr().wrapping_add(ahead as usize));
        }
        if rng.random::<f64>() >= p.registration.propensity {
            continue;
        }
        let pt = &mut patients[i as usize];
        let reach = &zone_gps[pt.zone as usize];
        let finder = finders[pt.zone as usize].get_or_insert_with(|| FreeFinder::new(reach));
        if let Some(k) = finder.first(reach, u64::from(i), |g| !gps[g as usize].takes_new_patients(cap)) {
            let g = reach[k].0;
            pt.gp = g;
            gps[g as usize].list_size += 1;
        }
    }
}

/// The first GP under the cap in [`nearest_first`] order, without
/// rescanning GPs already found full: during registration lists only grow
/// and no diary status changes, so a full GP stays full. Within the nearest tier a path-compressed
/// "next candidate" array skips them; beyond it a cursor does. The GP found
/// is exactly the one a linear scan would find (all of France: the linear
/// scan took most of a national run's set-up).
struct FreeFinder {
    tier: usize,
    next: Vec<u32>,
    cursor: usize,
}

impl FreeFinder {
    fn new(reach: &[(u32, f32)]) -> Self {
        let nearest = reach.first().map_or(0.0, |g| g.1);
        let tier = reach.iter().take_while(|g| g.1 <= nearest + 1.0).count();
        FreeFinder { tier, next: (0..=tier as u32).collect(), cursor: tier }
    }

    fn root(&mut self, mut j: usize) -> usize {
        while self.next[j] as usize != j {
            let n = self.next[j] as usize;
            self.next[j] = self.next[n];
            j = n;
        }
        j
    }

    /// First index ≥ j of the tier whose GP is not full (`tier` if none).
    fn in_tier(&mut self, mut j: usize, reach: &[(u32, f32)], full: &impl Fn(u32) -> bool) -> usize {
        loop {
            let k = self.root(j);
            if k >= self.tier || !full(reach[k].0) {
                return k;
            }
            self.next[k] = (k + 1) as u32;
            j = k + 1;
        }
    }

    /// Index in `reach` of the first GP not full, in `nearest_first(reach, key)` order.
    fn first(&mut self, reach: &[(u32, f32)], key: u64, full: impl Fn(u32) -> bool) -> Option<usize> {
        if self.tier > 0 {
            let start = (crate::engine::rng::mix64(key) % self.tier as u64) as usize;
            let k = self.in_tier(start, reach, &full);
            if k < self.tier {
                return Some(k);
            }
            let k = self.in_tier(0, reach, &full);
            if k < start {
                return Some(k);
            }
        }
        while self.cursor < reach.len() && full(reach[self.cursor].0) {
            self.cursor += 1;
        }
        (self.cursor < reach.len()).then_some(self.cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_free_finder_agrees_with_a_linear_scan() {
        // 12 GPs, a tier of 5 equidistant ones; GPs fill up at random; for every
        // key the finder returns what scanning nearest_first would.
        let reach: Vec<(u32, f32)> = (0..12).map(|g| (g, if g < 5 { 3.0 } else { 3.0 + g as f32 })).collect();
        let mut rng = crate::engine::rng::RandomStreams::new(1, 0).stream("t");
        let mut full = [false; 12];
        let mut finder = FreeFinder::new(&reach);
        for step in 0..200u64 {
            if rng.random::<f64>() < 0.08 {
                full[rng.random_range(0..12)] = true;
            }
            let expected = nearest_first(&reach, step).find(|g| !full[g.0 as usize]).map(|g| g.0);
            let got = finder.first(&reach, step, |g| full[g as usize]).map(|k| reach[k].0);
            assert_eq!(got, expected, "step {step}");
        }
        assert!(full.iter().filter(|f| **f).count() >= 8, "the test filled GPs");
    }

    /// A wide territory (200 zones over 40,000 km², a few GPs retired):
    /// the grid's reach of every zone and every service's travel equal the
    /// plain scans over every GP and every site, for reaches of 10 to 90 minutes.
    #[test]
    fn reach_through_the_grid_equals_the_plain_scan() {
        use crate::model::territory::{synthetic_territory, ArchetypeDefaults, SyntheticSpec};
        let spec = SyntheticSpec {
            name: "w".into(),
            archetype: ArchetypeDefaults::RURAL,
            population: 400_000,
            area_km2: 40_000.0,
            zone_count: 200,
            gps_per_10000: 8.0,
            broadband: 0.8,
            vulnerable: 0.1,
            ed_count: 1,
        };
        let (_, zones) = synthetic_territory(&spec, 0);
        let mut rng = crate::engine::rng::RandomStreams::new(7, 0).stream("t");
        for max in [10.0, 25.0, 45.0, 90.0] {
            let mut p = Parameters::default();
            p.registration.max_travel_minutes = max;
            let mut gps = place_gps(&zones, &p, &mut rng);
            assert!(gps.len() > 100, "the test needs GPs");
            for gp in gps.iter_mut() {
                if rng.random::<f64>() < 0.1 {
                    gp.active = false;
                }
            }
            let grid = reachable_gps(&zones, &gps, &p);
            for (z, reach) in grid.iter().enumerate() {
                assert_eq!(reach, &reachable_from(&zones, z, &gps, &p), "max {max}, zone {z}");
            }
            let sites: Vec<u32> = (0..zones.len() as u32).filter(|_| rng.random::<f64>() < 0.2).collect();
            let hours = OpeningHours::weekly(&[Weekday::Monday], (hm(9, 0), hm(12, 0)), (hm(14, 0), hm(17, 0)));
            let s = ServiceSpec::new("s".into(), ProfessionalKind::Nurse, hours).at(sites.clone());
            let plain: Vec<Option<f32>> = zones
                .iter()
                .map(|a| {
                    sites
                        .iter()
                        .map(|&z| {
                            let b = &zones[z as usize];
                            travel_minutes(&p.travel, (a.x_km, a.y_km, a.density), (b.x_km, b.y_km, b.density)) as f32
                        })
                        .filter(|&t| f64::from(t) <= max)
                        .min_by(f32::total_cmp)
                })
                .collect();
            assert_eq!(service_reach(&zones, &s, &p), plain, "max {max}");
            assert!(plain.iter().any(Option::is_none) || max >= 90.0, "some zones out of reach at {max} min");
        }
    }
}
