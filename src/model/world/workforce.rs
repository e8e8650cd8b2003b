//! The world's side of the workforce dynamics (`model::workforce`): GP ages
//! at set-up, the daily retirements and installations, and what a new GP
//! joins. A retiring GP's patients lose their médecin traitant (they become
//! orphans and look for one as every orphan does: registered when seen by a
//! GP under their list cap, or matched by a CPTS programme).

use super::World;
use crate::engine::SimTime;
use crate::model::params::Parameters;
use crate::model::providers::Gp;
use crate::model::territory::Zone;
use crate::model::workforce::{Dynamics, DynamicsKeys};

/// The dynamics of a new world, with each GP's age drawn from the profile of
/// its zone and its retirement scheduled; None when `workforce.dynamics` is
/// off (the GPs keep the ages `place_gps` gave them).
pub(super) fn start_dynamics(zones: &[Zone], gps: &mut [Gp], p: &Parameters, keys: DynamicsKeys) -> Option<Dynamics> {
    if !p.workforce.dynamics {
        return None;
    }
    let mut dynamics = Dynamics::new(zones, &p.workforce, keys);
    for (i, gp) in gps.iter_mut().enumerate() {
        gp.age = dynamics.initial_age(i as u32, zones[gp.zone as usize].density);
        gp.retires_on = dynamics.enter(i as u32, gp.age, 0).unwrap_or(u32::MAX);
    }
    Some(dynamics)
}

impl World<'_> {
    /// The day's retirements and installations (after the policies' own).
    pub(super) fn run_workforce(&mut self, t: SimTime) {
        let Some(mut dynamics) = self.dynamics.take() else { return };
        let (mut retire, mut install) = (Vec::new(), Vec::new());
        let attractiveness: Vec<f64> = if self.policies.is_empty() {
            Vec::new()
        } else {
            let active: Vec<_> = self.active_policies(t).collect();
            (0..self.zones.len() as u32).map(|z| active.iter().map(|p| p.attractiveness(z)).product()).collect()
        };
        dynamics.day(t.day(), |z| attractiveness.get(z as usize).copied().unwrap_or(1.0), &mut retire, &mut install);
        self.dynamics = Some(dynamics);
        for gp in retire {
            self.retire_gp(gp);
        }
        for zone in install {
            self.install_gp(zone);
        }
    }

    /// GP number `gp` has just started in its zone: under the dynamics it
    /// takes an installation age and a retirement day; it joins every GP
    /// network (MSP, CPTS …) that has an active member practising in its zone.
    pub(super) fn gp_installed(&mut self, gp: u32, day: u32) {
        let zone = self.gps[gp as usize].zone;
        if let Some(d) = self.dynamics.as_mut() {
            let age = d.installation_age(gp);
            self.gps[gp as usize].age = age;
            self.gps[gp as usize].retires_on = d.enter(gp, age, day).unwrap_or(u32::MAX);
        }
        let gps = &self.gps;
        for members in &mut self.networks {
            let here = members.iter().enumerate().any(|(g, &m)| m && gps[g].active && gps[g].zone == zone && g != gp as usize);
            if here {
                members[gp as usize] = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rural_world::{with_rural_world, with_rural_zones};
    use crate::model::policy::cpts::CptsParams;
    use crate::model::policy::spec::{PolicyParams, PolicySpec};
    use crate::model::policy::Scope;

    /// Two zones with GPs: the CPTS covers the first, not the second.
    fn inside_outside(zones: &[super::Zone]) -> (usize, usize) {
        let with_gps: Vec<usize> = (0..zones.len()).filter(|&z| zones[z].gps > 0).collect();
        assert!(with_gps.len() >= 2, "need two zones with GPs");
        (with_gps[0], with_gps[1])
    }

    #[test]
    fn a_new_gp_joins_the_cpts_of_its_zone_and_no_other() {
        // A CPTS covering every zone but `outside`, with every GP taking part.
        let cpts = |zones: &[super::Zone]| {
            let mut in_zone = vec![true; zones.len()];
            in_zone[inside_outside(zones).1] = false;
            vec![PolicySpec {
                name: "cpts".into(),
                params: PolicyParams::Cpts(CptsParams::default()),
                start_day: None,
                end_day: None,
                scope: Scope { in_zone, participation: 1.0 },
            }]
        };
        with_rural_world(cpts, |w, zones| {
            let (inside, outside) = inside_outside(zones);
            assert_eq!(w.networks.len(), 1);
            let n = w.gps.len();
            w.install_gp(inside as u32);
            w.install_gp(outside as u32);
            assert!(w.networks[0][n], "the GP installing where CPTS members practise joins it");
            assert!(!w.networks[0][n + 1], "the GP installing outside the CPTS stays out");
            // Its age comes from the installation ages, and it will retire one day.
            assert!((30..=39).contains(&w.gps[n].age));
        });
    }

    /// Each zone's generation.
    fn generations(w: &super::World) -> Vec<u64> {
        w.zone_reach.iter().map(|r| r.generation).collect()
    }

    /// The zones whose reach lists hold GP `g`.
    fn reaching(w: &super::World, g: usize) -> Vec<usize> {
        (0..w.zone_gps.len()).filter(|&z| w.zone_gps[z].iter().any(|&(x, _)| x as usize == g)).collect()
    }

    #[test]
    fn a_gp_who_leaves_or_installs_renews_what_is_remembered_where_it_is_reached_only() {
        // The last zone moved 500 km away: out of every other zone's reach, and they of its.
        let far_away = |zones: &mut [super::Zone]| zones.last_mut().expect("zones").x_km += 500.0;
        with_rural_zones(
            far_away,
            |_| Vec::new(),
            |w, zones| {
                let far = zones.len() - 1;
                let g = (0..w.gps.len()).find(|&g| w.gps[g].zone as usize != far).expect("a GP near the others");
                let reached = reaching(w, g);
                assert!(!reached.is_empty() && !reached.contains(&far), "{reached:?}");
                let before = generations(w);
                w.retire_gp(g as u32);
                for &z in &reached {
                    assert_ne!(generations(w)[z], before[z], "zone {z} had the retiring GP in reach");
                }
                assert_eq!(generations(w)[far], before[far], "the far zone never had it in reach");
                let before = generations(w);
                w.install_gp(far as u32);
                let new = w.gps.len() - 1;
                assert_eq!(reaching(w, new), vec![far]);
                assert_ne!(generations(w)[far], before[far]);
                assert_eq!(generations(w)[..far], before[..far], "the other zones cannot reach the new GP");
            },
        );
    }
}
