//! The world's side of the second line (`model::specialists`): building the
//! specialist pools from the zones and the policies' added sessions, and the
//! referral that follows a GP consultation (telexpertise first when a policy
//! offers it and the practice is connected, otherwise a place in the pool of
//! the patient's territory and density class, within the patient's tolerance).

use super::{need_id, World};
use crate::engine::{RandomStreams, SimTime};
use crate::model::params::Parameters;
use crate::model::policy::{Policy, ReferralRequest};
use crate::model::specialists::{AddedPlaces, SecondLine, Specialty, MAX_WAIT_DAYS, SPECIALTIES};
use crate::model::territory::Zone;
use crate::model::NeedKind;
use rand::Rng;

/// The second line of a run, or None when `specialists.enabled` is false.
pub(super) fn build(p: &Parameters, zones: &[Zone], territories: usize, policies: &[Box<dyn Policy>]) -> Option<SecondLine> {
    let sp = &p.specialists;
    if !sp.enabled {
        return None;
    }
    let mut inhabitants = vec![0.0; territories * 4];
    for z in zones {
        inhabitants[usize::from(z.territory) * 4 + z.density.index()] += z.inhabitants() as f64;
    }
    let mut sl = SecondLine::new(sp, &inhabitants);
    for policy in policies {
        let mut per_pool = vec![0.0; sl.pools()];
        let mut any = false;
        for (zi, z) in zones.iter().enumerate() {
            if let Some((s, sessions, share)) = policy.added_specialist_sessions(zi as u32) {
                let k = SecondLine::pool(z.territory, z.density, s);
                per_pool[k] += sessions / 5.0 * sp.consultations_per_session[s.index()] * share;
                any = true;
            }
        }
        if any {
            let sch = policy.schedule();
            let end_day = if sch.end == SimTime::NEVER { u32::MAX } else { sch.end.day() };
            sl.add_places(AddedPlaces { start_day: sch.start.day(), end_day, per_pool });
        }
    }
    Some(sl)
}

impl World<'_> {
    /// After a GP consultation of `kind` for the need that arose at `onset`:
    /// the referrals to each specialty, drawn from the `specialist` stream
    /// keyed by the need.
    pub(super) fn refer_to_specialists(&mut self, t: SimTime, patient: u32, kind: NeedKind, onset: SimTime, gp: u32) {
        if self.second_line.is_none() || kind == NeedKind::Prevention {
            return;
        }
        let mut rng = RandomStreams::entity(self.keys.specialist, need_id(patient, kind, onset));
        let draws: [[f64; 4]; SPECIALTIES] = std::array::from_fn(|_| rng.random());
        for s in Specialty::ALL {
            let [u_refer, u_connected, u_answered, z_tolerance] = draws[s.index()];
            if u_refer < self.p.specialists.referral_per_gp_consultation[s.index()] {
                self.refer(t, patient, s, gp, (u_connected, u_answered, z_tolerance));
            }
        }
    }

    /// One referral: telexpertise when offered, connected and answered;
    /// otherwise the first free place of the pool within the tolerance.
    fn refer(&mut self, t: SimTime, patient: u32, s: Specialty, gp: u32, (u_connected, u_answered, u_tol): (f64, f64, f64)) {
        let req: ReferralRequest = self.ask(patient, t, |p, view, r| p.on_referral(view, gp, s, r));
        let gp_zone = self.gps[gp as usize].zone;
        let (terr, c) = self.cells_of(patient);
        let observed = t >= self.warmup;
        let record = |w: &mut Self, f: &mut dyn FnMut(&mut crate::model::specialists::SecondLineCell)| {
            if observed {
                w.rec.second_line_record(terr, c, f);
            }
        };
        let si = s.index();
        record(self, &mut |x| x.referrals[si] += 1);
        if req.telexpertise_share > 0.0 && u_connected < self.zones[gp_zone as usize].broadband && u_answered < req.telexpertise_share {
            let days = req.answer_days;
            record(self, &mut |x| {
                x.telexpertise[si] += 1;
                x.advice(si, days);
            });
            if observed {
                self.rec.cost(terr, c, req.cost_eur);
            }
            return;
        }
        let p = self.p;
        let sp = &p.specialists;
        let tolerance = tolerance_days(sp.tolerance_median_days, sp.tolerance_log_sd, u_tol);
        let zone = &self.zones[self.patients[patient as usize].zone as usize];
        let k = SecondLine::pool(zone.territory, zone.density, s);
        let today = t.day();
        let direct_key = self.keys.specialist_direct;
        let sl = self.second_line.as_mut().expect("checked by the caller");
        sl.book_direct_until(k, today, |d, i| {
            let id = ((k as u64) << 48) | (u64::from(d) << 20) | u64::from(i.min(0xF_FFFF));
            let u: f64 = RandomStreams::entity(direct_key, id).random();
            tolerance_days(sp.tolerance_median_days, sp.tolerance_log_sd, u)
        });
        match sl.earliest(k, today) {
            Some(day) if f64::from(day - today) <= tolerance => {
                sl.book(k, day);
                let cost = sp.visit_cost_eur;
                record(self, &mut |x| x.advice(si, day - today));
                if observed {
                    self.rec.cost(terr, c, cost);
                }
            }
            _ => record(self, &mut |x| x.forgone[si] += 1),
        }
    }
}

/// The wait (days) a referred patient accepts: log-normal with median
/// `median` and log-sd `sd`, from a uniform `u` through the logistic
/// approximation of the probit, z ≈ ln(u / (1 − u)) / 1.702 (the logistic
/// CDF at 1.702·z stays within 0.01 of the normal one), capped at
/// [`MAX_WAIT_DAYS`].
pub(crate) fn tolerance_days(median: f64, sd: f64, u: f64) -> f64 {
    let u = u.clamp(1e-9, 1.0 - 1e-9);
    let z = (u / (1.0 - u)).ln() / 1.702;
    (median * (sd * z).exp()).min(f64::from(MAX_WAIT_DAYS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_is_log_normal_around_its_median() {
        assert!((tolerance_days(90.0, 0.7, 0.5) - 90.0).abs() < 1e-9);
        // u = Φ(1) ≈ 0.8413: about median × e^0.7 = 181.2 (approximate probit).
        let hi = tolerance_days(90.0, 0.7, 0.841_344_7);
        assert!((hi / 181.24 - 1.0).abs() < 0.02, "{hi}");
        assert_eq!(tolerance_days(300.0, 2.0, 0.999), f64::from(MAX_WAIT_DAYS));
    }
}
