//! The world's side of the second line (`model::specialists`): building the
//! specialist pools from the zones and the policies' added sessions, and the
//! referral that follows a GP consultation (telexpertise first when a policy
//! offers it and the practice is connected, otherwise a place within the
//! patient's tolerance in the pool the patient chooses among those of its
//! territory, `model::specialists::choose_pool`; only its own density class's
//! pool when `specialists.pool_choice` is off).

use super::{need_id, World};
use crate::engine::StreamRng;
use crate::engine::{RandomStreams, SimTime};
use crate::model::params::Parameters;
use crate::model::params::TravelParams;
use crate::model::policy::{Policy, ReferralRequest};
use crate::model::specialists::{
    choose_pool, leave_factors, AddedPlaces, PoolOption, SecondLine, Specialty, LEAVE_CYCLE_DAYS, SPECIALTIES,
};
use crate::model::territory::{travel_minutes, Zone};
use crate::model::{DensityClass, NeedKind};
use rand::Rng;

/// Keys of the second line's set-up streams and the run's first day of the year.
pub(super) struct Keys {
    /// Stream `specialist_leave`: the specialists' leave (`specialists.leave`).
    pub leave: u64,
    /// Stream `specialist_count`: the daily number of direct requests (`specialists.direct_requests_drawn`).
    pub count: u64,
    pub start_day_of_year: u32,
}

/// The second line of a run, or None when `specialists.enabled` is false.
pub(super) fn build(p: &Parameters, zones: &[Zone], territories: usize, policies: &[Box<dyn Policy>], keys: Keys) -> Option<SecondLine> {
    let sp = &p.specialists;
    if !sp.enabled {
        return None;
    }
    let mut inhabitants = vec![0.0; territories * 4];
    for z in zones {
        inhabitants[usize::from(z.territory) * 4 + z.density.index()] += z.inhabitants() as f64;
    }
    let mut sl = SecondLine::new(sp, &inhabitants);
    if sp.pool_choice {
        let per_zone = nearest_class_travel(&p.travel, zones, territories);
        sl.set_class_to_class(class_to_class(&per_zone, zones, territories));
        sl.set_class_travel(per_zone);
    }
    if sp.leave {
        set_leave(&mut sl, p, &inhabitants, &keys);
    }
    if sp.direct_requests_drawn {
        sl.draw_direct_counts(keys.count);
    }
    // Agendas full at the start (before the policies' sessions, which open empty).
    for s in Specialty::ALL {
        sl.fill_agendas(s, sp.initial_wait_days(s), |d| sp.follow_ups_booked_before(s, d));
    }
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

/// The specialists' leave: each pool's specialists (inhabitants × density,
/// rounded, at least one where there are any; for an outside pool, the
/// specialists its territory lacks) take leave by the GPs' rule
/// (`setup::seasonal_leave`, `SeasonalLeave::away`, `gp.*weeks_off*`), each
/// drawn from the stream `specialist_leave` keyed by pool and specialist:
/// the summer block's start (id 2j) and the week of the other weeks off (2j + 1).
fn set_leave(sl: &mut SecondLine, p: &Parameters, inhabitants: &[f64], keys: &Keys) {
    let weeks_off = p.gp.weeks_off_per_year;
    let mut pools: Vec<(usize, f64)> = Vec::with_capacity(sl.pools());
    for (i, &n) in inhabitants.iter().enumerate() {
        let (t, c) = ((i / 4) as u16, DensityClass::ALL[i % 4]);
        pools.extend(Specialty::ALL.map(|s| (SecondLine::pool(t, c, s), p.specialists.specialists(s, c, n))));
    }
    // The outside pools (`catchment`): the specialists the territory lacks.
    for (t, classes) in inhabitants.chunks(4).enumerate() {
        let t = t as u16;
        pools.extend(Specialty::ALL.map(|s| (sl.outside(t, s), SecondLine::outside_specialists(&p.specialists, classes, s))));
    }
    for (k, specialists) in pools {
        if specialists <= 0.0 {
            continue;
        }
        let count = specialists.round().max(1.0) as u32;
        let mut away = vec![0u32; LEAVE_CYCLE_DAYS];
        for j in 0..u64::from(count) {
            let id = ((k as u64) << 24) | j;
            let leave = super::setup::seasonal_leave(2 * id, p, keys.leave, keys.start_day_of_year);
            let start = RandomStreams::entity(keys.leave, 2 * id + 1).random_range(0..52);
            for (d, a) in away.iter_mut().enumerate() {
                *a += u32::from(leave.away(start, d as u32, weeks_off));
            }
        }
        sl.set_leave(k, leave_factors(&away, count));
    }
}

/// Per territory, travel minutes from the inhabitants of each density class
/// (rows) to the nearest zone of each class (columns): the mean over the
/// zones of the row's class, weighted by inhabitants; None where the
/// territory has no zone of either class.
fn class_to_class(per_zone: &[[Option<f32>; 4]], zones: &[Zone], territories: usize) -> Vec<[[Option<f32>; 4]; 4]> {
    let mut sum = vec![[[0.0f64; 4]; 4]; territories];
    let mut weight = vec![[0.0f64; 4]; territories];
    for (z, travel) in zones.iter().zip(per_zone) {
        let (t, from) = (usize::from(z.territory), z.density.index());
        let w = (z.inhabitants() as f64).max(1e-9);
        weight[t][from] += w;
        for (to, m) in travel.iter().enumerate() {
            sum[t][from][to] += w * m.map_or(f64::NAN, f64::from);
        }
    }
    (0..territories)
        .map(|t| {
            std::array::from_fn(|from| {
                std::array::from_fn(|to| {
                    let m = sum[t][from][to] / weight[t][from];
                    (weight[t][from] > 0.0 && m.is_finite()).then_some(m as f32)
                })
            })
        })
        .collect()
}

/// Per zone, per density class: travel minutes to the nearest zone of that
/// class in the zone's territory (None when the territory has none). For a
/// given pair of classes the trip runs at one speed (`travel_minutes`), so the
/// nearest in minutes is the nearest in distance: zones of each territory ×
/// class sorted by x, the search stops where |Δx| alone exceeds the best distance.
fn nearest_class_travel(travel: &TravelParams, zones: &[Zone], territories: usize) -> Vec<[Option<f32>; 4]> {
    let mut by_class: Vec<Vec<(f64, f64)>> = vec![Vec::new(); territories * 4];
    for z in zones {
        by_class[usize::from(z.territory) * 4 + z.density.index()].push((z.x_km, z.y_km));
    }
    for v in &mut by_class {
        v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    }
    zones
        .iter()
        .map(|z| {
            std::array::from_fn(|c| {
                let list = &by_class[usize::from(z.territory) * 4 + c];
                let (x, y) = nearest_point(list, z.x_km, z.y_km)?;
                Some(travel_minutes(travel, (z.x_km, z.y_km, z.density), (x, y, DensityClass::ALL[c])) as f32)
            })
        })
        .collect()
}

/// The point of `sorted` (by x) nearest to (x, y), if any.
fn nearest_point(sorted: &[(f64, f64)], x: f64, y: f64) -> Option<(f64, f64)> {
    let start = sorted.partition_point(|p| p.0 < x);
    let mut best: Option<((f64, f64), f64)> = None;
    let mut consider = |p: (f64, f64)| -> bool {
        let bound = best.map_or(f64::INFINITY, |b| b.1);
        if (p.0 - x).powi(2) > bound {
            return false;
        }
        let d2 = (p.0 - x).powi(2) + (p.1 - y).powi(2);
        if d2 < bound {
            best = Some((p, d2));
        }
        true
    };
    for &p in &sorted[start..] {
        if !consider(p) {
            break;
        }
    }
    for &p in sorted[..start].iter().rev() {
        if !consider(p) {
            break;
        }
    }
    best.map(|b| b.0)
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
        // Where to look (`pool_choice`): its own stream, so the draws above stay as they were.
        let mut pool_rng = RandomStreams::entity(self.keys.specialist_pool, need_id(patient, kind, onset));
        let u_pool: [f64; SPECIALTIES] = std::array::from_fn(|_| pool_rng.random());
        // Whether each referral is urgent: drawn after the pool's uniforms, so those stay as they were.
        let u_urgent: [f64; SPECIALTIES] = std::array::from_fn(|_| pool_rng.random());
        // Whether a routine referral is a planned follow-up, and its lead: drawn after, likewise.
        let u_follow: [[f64; 2]; SPECIALTIES] = std::array::from_fn(|_| [pool_rng.random(), pool_rng.random()]);
        for s in Specialty::ALL {
            let [u_refer, u_connected, u_answered, z_tolerance] = draws[s.index()];
            if u_refer < self.p.specialists.referral_per_gp_consultation[s.index()] {
                let sp = &self.p.specialists;
                let urgent = sp.is_urgent(s, u_urgent[s.index()]);
                let [u_follow_up, u_lead] = u_follow[s.index()];
                let lead = sp.lead_days(s, urgent, u_follow_up, u_lead);
                self.refer(t, patient, s, gp, (u_connected, u_answered, z_tolerance, u_pool[s.index()]), (urgent, lead));
            }
        }
    }

    /// One referral: telexpertise when offered, connected and answered;
    /// otherwise the first place open to it (`urgent` or routine) on or after
    /// its `lead` (a planned follow-up, [`crate::model::specialists::SpecialistParams::lead_days`])
    /// of the pool chosen, within the lead + the tolerance; its delay counts
    /// from the referral.
    fn refer(
        &mut self,
        t: SimTime,
        patient: u32,
        s: Specialty,
        gp: u32,
        (u_connected, u_answered, u_tol, u_pool): (f64, f64, f64, f64),
        (urgent, lead): (bool, u32),
    ) {
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
                x.advice(si, days, urgent);
            });
            if observed {
                self.rec.cost(terr, c, req.cost_eur);
            }
            return;
        }
        let p = self.p;
        let sp = &p.specialists;
        let tolerance = sp.request_tolerance(urgent, u_tol);
        let zone_id = self.patients[patient as usize].zone;
        let zone = &self.zones[zone_id as usize];
        let (territory, own_class) = (zone.territory, zone.density);
        let today = t.day();
        let direct_key = self.keys.specialist_direct;
        let sl = self.second_line.as_mut().expect("checked by the caller");
        let options = pool_options(sl, p, direct_key, (zone_id, territory, own_class), (s, urgent, lead), today);
        let beta_travel = p.choice.beta_travel_per_hour;
        match choose_pool(&options, f64::from(lead) + tolerance, beta_travel, sp.beta_wait_per_day, u_pool) {
            Some(o) => {
                sl.book(o.pool, today + o.wait_days);
                let elsewhere = o.pool != SecondLine::pool(territory, own_class, s);
                record(self, &mut |x| {
                    x.advice(si, o.wait_days, urgent);
                    x.elsewhere[si] += u64::from(elsewhere);
                });
                self.charge_specialist_visit(patient, observed);
            }
            None => record(self, &mut |x| x.forgone[si] += 1),
        }
        self.charge_direct_visits();
    }

    /// **The cost of a specialist visit** (the one rule): `specialists.visit_cost_eur`
    /// in the care cost of `patient`'s cells, whoever booked the visit (a GP's
    /// referral or the patient directly), when it is `observed`.
    fn charge_specialist_visit(&mut self, patient: u32, observed: bool) {
        if observed {
            let (terr, c) = self.cells_of(patient);
            self.rec.cost(terr, c, self.p.specialists.visit_cost_eur);
        }
    }

    /// The direct requests booked since the last call ([`SecondLine::take_direct_booked`]):
    /// a request of a pool is an inhabitant's of the pool's territory and
    /// density class with the probability [`SecondLine::inhabitants_share`]
    /// (the third uniform of the request's generator, [`direct_rng`]); the
    /// rest are outside patients' (`catchment`), not the territory's, and
    /// cost it nothing. The inhabitant is one of the class's, drawn uniformly
    /// (the fourth uniform: the direct demand is the same per inhabitant of a
    /// class), and the visit costs as a referred one
    /// ([`World::charge_specialist_visit`]) when the request's day is in the
    /// observation window.
    fn charge_direct_visits(&mut self) {
        let Some(sl) = self.second_line.as_mut() else { return };
        let booked = sl.take_direct_booked();
        for b in booked {
            let share = self.second_line.as_ref().map_or(0.0, |sl| sl.inhabitants_share(b.pool));
            let mut rng = direct_rng(self.keys.specialist_direct, b.pool, b.day, b.index);
            let [_, _, u_inhabitant, u_who]: [f64; 4] = std::array::from_fn(|_| rng.random());
            let residents = &self.class_residents[SecondLine::class_of(b.pool)];
            if u_inhabitant >= share || residents.is_empty() {
                continue;
            }
            let patient = residents[((u_who * residents.len() as f64) as usize).min(residents.len() - 1)];
            self.charge_specialist_visit(patient, SimTime::from_day(b.day) >= self.warmup);
        }
    }

    /// At the end of the run: the direct requests of the days since each
    /// pool's last booking, up to the horizon, booked (and their visits
    /// costed) as a referral would have had them booked.
    pub(super) fn close_second_line(&mut self) {
        let Some(sl) = self.second_line.as_mut() else { return };
        let p = self.p;
        let today = self.horizon.day();
        for t in 0..self.class_residents.len().div_ceil(4) {
            for s in Specialty::ALL {
                book_direct(sl, p, self.keys.specialist_direct, (t as u16, &DensityClass::ALL), s, today);
            }
        }
        self.charge_direct_visits();
    }
}

/// The generator of the i-th direct request of pool `k` on day `d` (stream
/// `specialist_direct`): its uniforms are the tolerance's, the pool choice's,
/// then whether it is an inhabitant's and which ([`World::charge_direct_visits`]),
/// then whether it is urgent (`SpecialistParams::is_urgent`), then whether a
/// routine one is a planned follow-up and its lead (`SpecialistParams::lead_days`).
fn direct_rng(direct_key: u64, k: usize, d: u32, i: u32) -> StreamRng {
    let id = ((k as u64) << 48) | (u64::from(d) << 20) | u64::from(i.min(0xF_FFFF));
    RandomStreams::entity(direct_key, id)
}

/// Books the direct requests of territory `territory`'s pools of `s` made
/// before `today` (see [`pool_options`]): across the territory's pools
/// (`pool_choice`), else in each pool of `classes`.
fn book_direct(
    sl: &mut SecondLine,
    p: &Parameters,
    direct_key: u64,
    (territory, classes): (u16, &[DensityClass]),
    s: Specialty,
    today: u32,
) {
    let sp = &p.specialists;
    let direct = |k: usize, d: u32, i: u32| {
        let mut rng = direct_rng(direct_key, k, d, i);
        let [u_tolerance, u_choice, _, _, u_urgent, u_follow_up, u_lead]: [f64; 7] = std::array::from_fn(|_| rng.random());
        let urgent = sp.is_urgent(s, u_urgent);
        (sp.request_tolerance(urgent, u_tolerance), u_choice, urgent, sp.lead_days(s, urgent, u_follow_up, u_lead))
    };
    if sp.pool_choice {
        sl.book_direct_across(territory, s, today, (p.choice.beta_travel_per_hour, sp.beta_wait_per_day), direct);
    } else {
        for &c in classes {
            let k = SecondLine::pool(territory, c, s);
            sl.book_direct_until(k, today, |d, i| {
                let (tolerance, _, urgent, lead) = direct(k, d, i);
                (tolerance, urgent, lead)
            });
        }
    }
}

/// The pools a referral of specialty `s` on `today` looks to, with their
/// travel and wait (days from `today` to the first place open to it, `urgent`
/// or routine, on or after `lead`): its own class's only, or every class of its territory
/// (`pool_choice`); their direct requests of the days before are booked first
/// (draws keyed by pool, day and request in the stream `specialist_direct`:
/// the tolerance's uniform, then the pool choice's).
fn pool_options(
    sl: &mut SecondLine,
    p: &Parameters,
    direct_key: u64,
    (zone_id, territory, own_class): (u32, u16, DensityClass),
    (s, urgent, lead): (Specialty, bool, u32),
    today: u32,
) -> Vec<PoolOption> {
    let sp = &p.specialists;
    let looked: Vec<(usize, f64)> = if sp.pool_choice {
        let travel = sl.class_travel(zone_id);
        let classes =
            DensityClass::ALL.iter().filter_map(|&c| travel[c.index()].map(|m| (SecondLine::pool(territory, c, s), f64::from(m))));
        classes.chain(sl.outside_option(territory, s).map(|(k, m)| (k, f64::from(m)))).collect()
    } else {
        vec![(SecondLine::pool(territory, own_class, s), 0.0)]
    };
    book_direct(sl, p, direct_key, (territory, &[own_class]), s, today);
    let mut options = Vec::with_capacity(looked.len());
    for (k, travel_min) in looked {
        if let Some(day) = sl.earliest_after(k, today, urgent, lead) {
            options.push(PoolOption { pool: k, travel_min, wait_days: day - today });
        }
    }
    options
}

#[cfg(test)]
mod tests {
    use crate::model::specialists::{tolerance_days, MAX_WAIT_DAYS};

    #[test]
    fn tolerance_is_log_normal_around_its_median() {
        assert!((tolerance_days(90.0, 0.7, 0.5) - 90.0).abs() < 1e-9);
        // u = Φ(1) ≈ 0.8413: about median × e^0.7 = 181.2 (approximate probit).
        let hi = tolerance_days(90.0, 0.7, 0.841_344_7);
        assert!((hi / 181.24 - 1.0).abs() < 0.02, "{hi}");
        assert_eq!(tolerance_days(300.0, 2.0, 0.999), f64::from(MAX_WAIT_DAYS));
    }
}
