//! The glue between the world and its policies: asking active policies for
//! their requests at each moment of the pathway, and applying what they
//! asked for (orphan matching, GP retirements and
//! installations, running costs).

use super::setup::nearest_first;
use super::World;
use crate::engine::{RandomStreams, SimTime};
use crate::model::policy::{
    policy_uniform, DailyAction, DayContext, DischargeRequest, FailureRequest, HazardRequest, NeedRequest, PatientView, Policy,
};
use crate::model::providers::Gp;
use crate::model::{DensityClass, NeedKind};
use rand::Rng;

/// Draws tried to find an orphan in a zone before giving up for the day.
const MAX_DRAWS: usize = 10_000;

impl World<'_> {
    /// Asks each policy active at `t`, in order, to fill one request about
    /// `patient` (`fill` calls the hook); the default request when there is
    /// no policy.
    pub(super) fn ask<R: Default>(&self, patient: u32, t: SimTime, fill: impl Fn(&dyn Policy, &PatientView, &mut R)) -> R {
        let mut req = R::default();
        self.ask_into(patient, t, &mut req, fill);
        req
    }

    /// [`World::ask`] filling `req` in place (a need's request is large:
    /// filled where it is kept, it is not copied on the way).
    fn ask_into<R>(&self, patient: u32, t: SimTime, req: &mut R, fill: impl Fn(&dyn Policy, &PatientView, &mut R)) {
        if self.policies.is_empty() {
            return;
        }
        let view = self.view(patient);
        for p in self.active_policies(t) {
            fill(p, &view, req);
        }
    }

    /// The policies active at `t`, in order.
    pub(super) fn active_policies(&self, t: SimTime) -> impl Iterator<Item = &dyn Policy> + '_ {
        self.policies.iter().zip(&self.policy_schedules).filter(move |(_, s)| s.active(t)).map(|(p, _)| p.as_ref())
    }

    /// What the active policies request for a need of `patient` at `t`,
    /// filled into `req` (a default request).
    pub(super) fn need_request(&self, patient: u32, kind: NeedKind, t: SimTime, req: &mut NeedRequest) {
        self.ask_into(patient, t, req, |p, view, r| p.on_need(view, kind, t, r));
        if kind == NeedKind::PostDischarge && !self.policies.is_empty() {
            let d: DischargeRequest = self.ask(patient, t, |p, view, d| p.on_discharge(view, d));
            req.preferred = d.coordinated_visit;
        }
    }

    /// What the active policies request when the own GP of `patient` has no slot.
    pub(super) fn booking_failed_request(&self, patient: u32, kind: NeedKind, t: SimTime) -> FailureRequest {
        self.ask(patient, t, |p, view, r| p.on_booking_failed(view, kind, t, r))
    }

    /// What the active policies request for the hazards of `patient` at `t`.
    pub(super) fn hazard_request(&self, patient: u32, t: SimTime) -> HazardRequest {
        self.ask(patient, t, |p, view, r| p.hazard(view, r))
    }

    /// Whether a consultation of `patient` for a need of `kind` at `t` ends
    /// in an admission: its draw `u_hosp` under the GP's hospitalisation
    /// probability times the active policies' multipliers (telexpertise).
    /// The policies are asked only when the draw falls under the probability
    /// times the bound of their multipliers (`consultation_factor_bound`):
    /// above it the answer is no whatever they say, and most draws are.
    pub(super) fn admitted_after_consultation(&self, patient: u32, kind: NeedKind, t: SimTime, u_hosp: f64) -> bool {
        let p = self.p.gp.hospitalisation_probability;
        if u_hosp >= p * self.consultation_factor_bound {
            return false;
        }
        let factor = self.consultation_hosp_factor(patient, kind, t);
        debug_assert!(factor <= self.consultation_factor_bound, "a policy's multiplier exceeds its max_consultation_factor");
        u_hosp < p * factor
    }

    /// Multiplier of the hospitalisation risk after a consultation (telexpertise).
    fn consultation_hosp_factor(&self, patient: u32, kind: NeedKind, t: SimTime) -> f64 {
        if self.policies.is_empty() {
            return 1.0;
        }
        let view = self.view(patient);
        self.active_policies(t).map(|p| p.on_consultation(&view, kind)).product()
    }

    /// Running costs of the active policies for one day.
    pub(super) fn accrue_policy_costs(&mut self, t: SimTime) {
        let costs: Vec<(u16, f64)> = self.active_policies(t).flat_map(|p| p.yearly_cost()).collect();
        for (terr, eur) in costs {
            self.rec.policy_cost_eur[terr as usize] += eur / 365.0;
        }
    }

    /// The policies' daily tick, and the actions they request.
    pub(super) fn run_daily_policies(&mut self, t: SimTime) {
        if self.policies.is_empty() {
            return;
        }
        // Attractiveness is read by the workforce dynamics while the policies are out.
        if self.policies.iter().any(|p| p.label() == "workforce") {
            self.zone_attractiveness =
                (0..self.zones.len() as u32).map(|z| self.active_policies(t).map(|p| p.attractiveness(z)).product()).collect();
        }
        let mut policies = std::mem::take(&mut self.policies);
        let mut actions = Vec::new();
        let monday = t.day() % 7 == 0;
        for p in policies.iter_mut() {
            let s = p.schedule();
            if s.end.day() == t.day() && s.end != SimTime::NEVER {
                p.on_end(&*self, &mut actions);
            }
            if !s.active(t) {
                continue;
            }
            if s.start.day() == t.day() {
                p.on_start(&*self, &mut actions);
            }
            p.daily(&*self, &mut actions);
            if monday {
                p.weekly(&*self, &mut actions);
            }
        }
        self.policies = policies;
        for (k, a) in actions.into_iter().enumerate() {
            match a {
                DailyAction::MatchOrphans { zones, count, cap_factor } => self.match_orphans(t, k as u64, &zones, count, cap_factor),
                DailyAction::RetireGp { gp } => self.retire_gp(gp),
                DailyAction::InstallGp { zone } => self.install_gp(zone),
            }
        }
    }

    /// Registers up to `count` orphans drawn among those of `zones` with the
    /// nearest reachable GP that takes new patients with the cap × `cap_factor`
    /// (`Gp::takes_new_patients`). A list closed because its GP's diary is
    /// saturated stays closed to the CPTS too: the CPTS finds the GPs with
    /// room and may ask them to go a little over their usual list size
    /// (`cpts.list_cap_extension`), it adds no consultation time
    /// (`model::list_closure`; docs/ODD.md § 7.5).
    fn match_orphans(&mut self, t: SimTime, action: u64, zones: &[u32], count: u32, cap_factor: f64) {
        // Running totals of the zones' orphans: the zone of a draw by bisection.
        let cumulative: Vec<u64> = zones
            .iter()
            .scan(0_u64, |sum, &z| {
                *sum += self.zone_orphans[z as usize];
                Some(*sum)
            })
            .collect();
        let total = cumulative.last().copied().unwrap_or(0);
        if total == 0 {
            return;
        }
        let mut rng = RandomStreams::entity(self.keys.policy ^ 0x6d_6174_6368, (u64::from(t.day()) << 16) | action);
        let cap = (f64::from(self.p.registration.list_cap) * cap_factor).round() as u32;
        for _ in 0..count {
            // Pick a zone in proportion to its orphans, then an orphan in it.
            let u = rng.random_range(0..total);
            let zi = zone_of_draw(&cumulative, u);
            let zone = zones[zi] as usize;
            // An orphan uniformly among the zone's orphans, by rejection: a few
            // draws on average where orphans are a few percent of the zone.
            let residents = &self.zone_patients[zone];
            if residents.is_empty() {
                continue;
            }
            let Some(patient) =
                (0..MAX_DRAWS).map(|_| residents[rng.random_range(0..residents.len())]).find(|&i| !self.patients[i as usize].has_gp())
            else {
                continue;
            };
            let gp = nearest_first(&self.zone_gps[zone], u64::from(patient))
                .find(|(g, _)| self.gps[*g as usize].takes_new_patients(cap))
                .map(|e| e.0);
            if let Some(g) = gp {
                self.register(patient, g);
            }
        }
    }

    /// A GP stops practising: their patients become orphans, they leave every zone's reach.
    pub(super) fn retire_gp(&mut self, gp: u32) {
        if !self.gps.get(gp as usize).is_some_and(|g| g.active) {
            return;
        }
        self.gps[gp as usize].active = false;
        self.gp_changed_in(self.gps[gp as usize].zone);
        for i in self.registered_with(gp) {
            self.unregister(i);
        }
        // Only the zones near the GP's can have it in reach (`world::nearby`).
        let home = &self.zones[self.gps[gp as usize].zone as usize];
        for z in self.zone_grid.near(home.x_km, home.y_km) {
            self.zone_gps[z as usize].retain(|&(g, _)| g != gp);
        }
    }

    /// A GP practising in `zone` joined, left or changes what it offers:
    /// every zone that may have it in reach (those near `zone`, as for the
    /// reach lists themselves, `world::nearby`) takes a new generation, so
    /// that what was remembered of its searches (`world::sweep`, the nearest
    /// tier) is made anew there, and only there.
    pub(super) fn gp_changed_in(&mut self, zone: u32) {
        self.gp_generation += 1;
        let home = &self.zones[zone as usize];
        for z in self.zone_grid.near(home.x_km, home.y_km) {
            self.zone_reach[z as usize] = super::sweep::ZoneReach::at(self.gp_generation);
        }
    }

    /// The patients registered with `gp`, in index order, from the per-GP
    /// lists (built by one pass over the patients at the first call); the
    /// GP's list is emptied.
    fn registered_with(&mut self, gp: u32) -> Vec<u32> {
        if self.gp_lists.is_empty() {
            self.gp_lists = vec![Vec::new(); self.gps.len()];
            for (i, pt) in self.patients.iter().enumerate() {
                if pt.has_gp() {
                    self.gp_lists[pt.gp as usize].push(i as u32);
                }
            }
        }
        let mut list = self.gp_lists.get_mut(gp as usize).map(std::mem::take).unwrap_or_default();
        list.retain(|&i| self.patients[i as usize].gp == gp);
        list.sort_unstable();
        list.dedup();
        debug_assert!(list.iter().copied().eq((0..self.patients.len() as u32).filter(|&i| self.patients[i as usize].gp == gp)));
        list
    }

    /// A new GP starts practising in `zone` (aged 30 to 39, or as the workforce
    /// dynamics say) and joins the networks of its zone (`gp_installed`).
    pub(super) fn install_gp(&mut self, zone: u32) {
        let mut gp = Gp::new(zone, self.gp_rng.random_range(0..52), self.p.booking.horizon_days);
        gp.age = self.gp_rng.random_range(30..40);
        super::setup::cap_daily_slots(&mut gp, self.gps.len(), &self.p);
        super::setup::assign_leave(&mut gp, self.gps.len(), self.p, self.keys.leave, self.start_day_of_year);
        super::setup::assign_part_time(&mut gp, self.gps.len(), self.p, self.keys.part_time);
        self.gps.push(gp);
        self.gp_changed_in(zone);
        for n in &mut self.networks {
            n.push(false);
        }
        self.gp_installed(self.gps.len() as u32 - 1, self.queue.now().day());
        self.coordination_gp_added(self.gps.len() as u32 - 1);
        for r in &mut self.regulators {
            r.gps.push(false);
        }
        let max = self.p.registration.max_travel_minutes;
        let home = &self.zones[zone as usize];
        let near = super::setup::GpsNearby::new(self.zones, &self.gps, self.p);
        for z in self.zone_grid.near(home.x_km, home.y_km) {
            if f64::from(self.travel(z, zone)) <= max {
                self.zone_gps[z as usize] = near.reachable_from(self.zones, z as usize, &self.gps, self.p);
            }
        }
    }
}

impl DayContext for World<'_> {
    fn day(&self) -> u32 {
        self.queue.now().day()
    }
    fn orphans_in(&self, zone: u32) -> u64 {
        self.zone_orphans[zone as usize]
    }
    fn active_gps(&self) -> Vec<(u32, u32, u8)> {
        self.gps.iter().enumerate().filter(|(_, g)| g.active).map(|(i, g)| (i as u32, g.zone, g.age)).collect()
    }
    fn warmup_days(&self) -> u32 {
        self.warmup_days
    }
    fn zone_inhabitants(&self, zone: u32) -> u64 {
        self.zones[zone as usize].inhabitants()
    }
    fn zone_density(&self, zone: u32) -> DensityClass {
        self.zones[zone as usize].density
    }
    fn zones(&self) -> usize {
        self.zones.len()
    }
    fn attractiveness(&self, zone: u32) -> f64 {
        self.zone_attractiveness.get(zone as usize).copied().unwrap_or(1.0)
    }
    fn random(&self, policy: &str, key: u64) -> f64 {
        policy_uniform(policy, self.keys.policy, key)
    }
}

/// The index of the zone a draw `u` < total falls in, given the running
/// totals of the zones' weights: the first total above `u` (a zone of
/// weight 0 is never drawn).
fn zone_of_draw(cumulative: &[u64], u: u64) -> usize {
    cumulative.partition_point(|&c| c <= u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_admission_after_a_consultation_is_what_the_risk_times_the_multiplier_says() {
        // A teleconsultation policy over every zone whose telexpertise
        // multiplies a chronic patient's risk by 0.9 (bound 1) or 1.5 (bound
        // 1.5). For every patient and draws on both sides of the risk, the
        // answer (asked of the policies only under the bound) is u < p × m,
        // with m set by hand: the factor for a chronic patient, else 1.
        use super::super::rural_world::with_rural_world;
        use crate::model::policy::spec::{PolicyParams, PolicySpec};
        use crate::model::policy::teleconsultation::TeleconsultationParams;
        for factor in [0.9, 1.5] {
            // A legibility campaign beside it: a policy whose multiplier is
            // always 1 (the trait's default bound, 1), so the bound stays the
            // teleconsultation's.
            let tele = |zones: &[crate::model::territory::Zone]| {
                let scope = crate::model::policy::Scope { in_zone: vec![true; zones.len()], participation: 1.0 };
                vec![
                    PolicySpec {
                        name: "tele".into(),
                        params: PolicyParams::Teleconsultation(TeleconsultationParams {
                            telexpertise_factor: factor,
                            ..Default::default()
                        }),
                        start_day: None,
                        end_day: None,
                        scope: scope.clone(),
                    },
                    PolicySpec {
                        name: "legibility".into(),
                        params: PolicyParams::Legibility(Default::default()),
                        start_day: None,
                        end_day: None,
                        scope,
                    },
                ]
            };
            with_rural_world(tele, |w, _| {
                assert_eq!(w.consultation_factor_bound, factor.max(1.0));
                let p = w.p.gp.hospitalisation_probability;
                assert!(p > 0.0 && p < 0.5);
                let t = SimTime::from_day(3);
                let (mut chronic_seen, mut admitted) = (0, [0_u32; 2]);
                for patient in 0..w.patients.len() as u32 {
                    let chronic = w.patients[patient as usize].health().is_chronic();
                    chronic_seen += u32::from(chronic);
                    let risk = p * if chronic { factor } else { 1.0 };
                    for u in [0.0, risk * 0.999, risk, p, p * 1.2, p * 1.6, 0.9] {
                        let answer = w.admitted_after_consultation(patient, NeedKind::AcuteMinor, t, u);
                        assert_eq!(answer, u < risk, "factor {factor}, patient {patient}, u {u}");
                        admitted[usize::from(answer)] += 1;
                    }
                }
                assert!(chronic_seen > 0 && admitted[0] > 0 && admitted[1] > 0);
            });
        }
    }

    #[test]
    fn a_draw_falls_in_the_zone_a_linear_walk_finds() {
        // Weights with zeros; every draw below the total: bisection = the walk
        // subtracting weights one by one (the rule before the running totals).
        let weights = [0_u64, 3, 0, 0, 1, 5, 0, 2];
        let cumulative: Vec<u64> = weights
            .iter()
            .scan(0, |s, &w| {
                *s += w;
                Some(*s)
            })
            .collect();
        for u in 0..11 {
            let mut left = u;
            let walk = weights
                .iter()
                .position(|&w| {
                    if left < w {
                        true
                    } else {
                        left -= w;
                        false
                    }
                })
                .unwrap();
            assert_eq!(zone_of_draw(&cumulative, u), walk, "u = {u}");
        }
        assert_eq!(zone_of_draw(&cumulative, 3), 4, "3 is past zone 1's three");
    }
}
