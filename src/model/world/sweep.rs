//! A network's sweep after a booking failure, remembered per zone.
//!
//! When a patient's own GP has no slot, the networks the policies name
//! (CPTS shared same-day slots, MSP pooled agenda, DAC) are tried member by
//! member, nearest first. In a short-staffed territory most members are
//! booked up, and the next failure from the same zone sweeps the same
//! members again (a national network: thousands of members within 45
//! minutes of a Paris commune). Each sweep leaves, per (network, zone), what
//! it established about the members at the first places of the zone's reach
//! (its GPs nearest first, the patient's own GP included, from what the
//! index `model::known_full` knows of them): that their reserved slots of a
//! day are taken as of an instant, and that their regular slots are taken on
//! a run of days (the first of them, if it is the day of the sweep, from the
//! sweep's instant on). These are facts about the calendars, which bookings
//! only fill; they hold until a GP joins, leaves or changes what it offers
//! (the world's `gp_generation` then moves on and the memo is ignored). A
//! later sweep that they answer starts past those places: every member there
//! would have answered None, so it finds the same member and slot, and
//! outputs do not change. When they cover the whole reach the sweep is skipped.

use crate::engine::SimTime;
use crate::model::known_full::KnownFull;
use crate::model::providers::{Booking, SlotUse};
/// The search every member of a sweep runs (`Gp::earliest_known`'s inputs, reduced).
#[derive(Clone, Copy, Debug)]
pub(super) struct SweepQuery {
    pub usage: SlotUse,
    /// The day the practices next open (from `now`, 7 days ahead), where reserved slots are sought.
    pub opening_day: Option<u32>,
    pub now: SimTime,
    /// First day a regular slot may fall on (`providers::first_search_day`).
    pub first_day: u32,
    /// The day of the search's `latest`.
    pub latest_day: u32,
}

/// What the sweeps of one network from one zone established, as prefixes
/// of the zone's reach (its order: nearest first, the nearest tier not rotated).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SweepMemo {
    /// The world's GP generation the facts hold for.
    generation: u64,
    /// (`day`, `as_of`, `upto`): every member at places `< upto` has its
    /// reserved slots of `day` taken as of instant `as_of`.
    reserved: Option<(u32, SimTime, u32)>,
    /// (`from`, `to`, `as_of`, `upto`): every member at places `< upto` has
    /// no free regular slot on days `from ..= to` (on day `from`, if it is
    /// the day of `as_of`, none from `as_of` on). Two ranges kept.
    regular: [Option<(u32, u32, SimTime, u32)>; 2],
}

impl Default for SweepMemo {
    fn default() -> Self {
        SweepMemo { generation: u64::MAX, reserved: None, regular: [None; 2] }
    }
}

impl SweepMemo {
    /// How many first places of the reach hold only members whose search
    /// `q` answers None, by what is remembered (`usize::MAX`: every place).
    pub fn skip(&self, generation: u64, q: &SweepQuery) -> usize {
        if self.generation != generation {
            return 0;
        }
        let reserved = match q.opening_day {
            // Practices closed for a week: an unscheduled search answers None at once.
            None if q.usage != SlotUse::Scheduled => return usize::MAX,
            None => 0,
            Some(d) => self.reserved_upto(d, q.now),
        };
        match q.usage {
            SlotUse::ReservedOnly => reserved,
            SlotUse::Scheduled => self.regular_upto(q).map_or(0, |(_, upto)| upto),
            SlotUse::Unscheduled => reserved.min(self.regular_upto(q).map_or(0, |(_, upto)| upto)),
        }
    }

    /// Places covered by the reserved fact, for day `d` at instant `now`.
    fn reserved_upto(&self, d: u32, now: SimTime) -> usize {
        self.reserved.filter(|&(day, as_of, _)| day == d && now >= as_of).map_or(0, |r| r.2 as usize)
    }

    /// The regular record that covers `q`'s days, with the most places: its index and its places.
    fn regular_upto(&self, q: &SweepQuery) -> Option<(usize, usize)> {
        let covers = |&(from, to, as_of, _): &(u32, u32, SimTime, u32)| {
            from <= q.first_day && q.latest_day <= to && (from < q.first_day || q.now >= as_of)
        };
        (0..2).filter_map(|k| self.regular[k].filter(covers).map(|r| (k, r.3 as usize))).max_by_key(|&(k, upto)| (upto, usize::MAX - k))
    }

    /// After sweep `q`, which tried the members of the reach up to place
    /// `end` (excluded; the reach's length when none had a slot): each fact
    /// is extended past its places by what the index `known` says of the
    /// members (`is_member`) that follow, up to `end`. A fact that did not
    /// cover `q` is started afresh with `q`'s days (the regular record with
    /// fewer places gives way).
    pub fn record(
        &mut self,
        generation: u64,
        q: &SweepQuery,
        (reach, end): (&[(u32, f32)], usize),
        is_member: impl Fn(u32) -> bool,
        known: &[KnownFull],
    ) {
        if self.generation != generation {
            *self = SweepMemo { generation, reserved: None, regular: [None; 2] };
        }
        let end = end.min(reach.len());
        let upto = |from: usize, holds: &dyn Fn(&KnownFull) -> bool| {
            let mut p = from;
            while p < end {
                let g = reach[p].0;
                if is_member(g) && !holds(&known.get(g as usize).copied().unwrap_or_default()) {
                    break;
                }
                p += 1;
            }
            p.max(from) as u32
        };
        if let (Some(d), true) = (q.opening_day, q.usage != SlotUse::Scheduled) {
            let p = upto(self.reserved_upto(d, q.now), &|k| k.reserved_full(d, q.now));
            self.reserved = Some((d, q.now, p));
        }
        if q.usage != SlotUse::ReservedOnly && q.first_day <= q.latest_day {
            let (k, (from, to), start) = match self.regular_upto(q) {
                Some((k, places)) => {
                    let r = self.regular[k].expect("a covering record");
                    (k, (r.0, r.1), places)
                }
                None => {
                    let k = (0..2).min_by_key(|&k| self.regular[k].map_or(0, |r| r.3)).unwrap_or(0);
                    (k, (q.first_day, q.latest_day), 0)
                }
            };
            let p = upto(start, &|known: &KnownFull| known.first_unknown_at(from, q.now) > to);
            // A record kept for a later day than `from` may be of a later instant than `q`'s.
            let as_of = self.regular[k].filter(|_| start > 0).map_or(q.now, |r| r.2.max(q.now));
            self.regular[k] = Some((from, to, as_of, p));
        }
    }
}

/// How many places ahead a sweep asks for the index entry of the member it
/// will try (a cache miss each, all of France: 52,846 entries).
const SWEEP_AHEAD: usize = 8;

/// One network's sweep from one zone: the first member (`is_member`, not
/// `exclude`) in the reach's nearest-first order (`reach`, its nearest
/// `tier` rotated from `start`: `setup::nearest_first_in_tier`) with which
/// `search` finds a slot, and its place in the reach. The places `memo`
/// answers for are passed over; what the sweep established extends `memo`.
/// Returns what the plain scan of every member in that order returns.
#[allow(clippy::too_many_arguments)]
pub(super) fn sweep(
    memo: &mut SweepMemo,
    generation: u64,
    q: &SweepQuery,
    (reach, tier, start): (&[(u32, f32)], usize, usize),
    is_member: impl Fn(u32) -> bool,
    exclude: u32,
    known: &mut [KnownFull],
    mut search: impl FnMut(u32, &mut KnownFull) -> Option<Booking>,
) -> Option<(usize, Booking)> {
    use super::setup::tier_order_index;
    let skip = memo.skip(generation, q);
    if skip >= reach.len() {
        return None;
    }
    let mut found = None;
    let mut i = 0;
    while i < reach.len() {
        if i >= tier && i < skip {
            i = skip;
            continue;
        }
        if let Some(&(ahead, _)) = reach.get(tier_order_index(i + SWEEP_AHEAD, start, tier)) {
            if is_member(ahead) {
                crate::engine::prefetch(known.as_ptr().wrapping_add(ahead as usize));
            }
        }
        let place = tier_order_index(i, start, tier);
        i += 1;
        let g = reach[place].0;
        if place < skip || g == exclude || !is_member(g) {
            continue;
        }
        if let Some(b) = search(g, &mut known[g as usize]) {
            found = Some((place, b));
            break;
        }
    }
    memo.record(generation, q, (reach, found.map_or(reach.len(), |f| f.0)), is_member, known);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Minutes;

    fn query(usage: SlotUse, now: SimTime, first_day: u32, latest_day: u32) -> SweepQuery {
        SweepQuery { usage, opening_day: Some(now.day()), now, first_day, latest_day }
    }

    const REACH: [(u32, f32); 3] = [(0, 1.0), (1, 2.0), (2, 3.0)];

    #[test]
    fn a_sweep_passes_over_the_places_where_every_member_is_known_full() {
        // At 10:00 on day 3 members 0 and 1 have their reserved slots of
        // day 3 taken; member 0 is full on days 4–9, member 1 on days 4–6;
        // nothing is known of member 2 (third place).
        let ten = SimTime::from_day(3) + Minutes::hours(10);
        let mut known = [KnownFull::new(); 3];
        for k in &mut known[..2] {
            k.note_reserved_full(3, ten);
        }
        for d in 4..=9 {
            known[0].note_full(d, 3);
        }
        for d in 4..=6 {
            known[1].note_full(d, 3);
        }
        let all = |_: u32| true;
        let mut memo = SweepMemo::default();
        memo.record(7, &query(SlotUse::Unscheduled, ten, 3, 6), (&REACH, 3), all, &known);
        assert_eq!(memo.reserved, Some((3, ten, 2)), "members 0 and 1: two places");
        let later = ten + Minutes(30);
        assert_eq!(memo.skip(7, &query(SlotUse::ReservedOnly, later, 3, 3)), 2);
        assert_eq!(memo.skip(7, &query(SlotUse::ReservedOnly, SimTime(ten.0 - 1), 3, 3)), 0, "earlier instant");
        assert_eq!(memo.skip(8, &query(SlotUse::ReservedOnly, later, 3, 3)), 0, "another generation");
        // Day 3's regular slots are not known for member 0: no place for an unscheduled search.
        assert_eq!(memo.skip(7, &query(SlotUse::Unscheduled, later, 3, 6)), 0);
        let mut scheduled = SweepMemo::default();
        scheduled.record(7, &query(SlotUse::Scheduled, ten, 4, 6), (&REACH, 3), all, &known);
        assert_eq!(scheduled.skip(7, &query(SlotUse::Scheduled, later, 4, 5)), 2);
        assert_eq!(scheduled.skip(7, &query(SlotUse::Scheduled, later, 4, 7)), 0, "day 7 not covered");
        // A record that covers a sweep's days is extended with its own days:
        // days 3 to 6 stay at no place (member 0 is not known full on day 3).
        memo.record(7, &query(SlotUse::Scheduled, ten, 4, 6), (&REACH, 3), all, &known);
        assert_eq!(memo.regular[0], Some((3, 6, ten, 0)));
        assert_eq!(memo.reserved, Some((3, ten, 2)), "kept from the first sweep");
        // Member 2 outside the network: every place is covered, the sweep is skipped.
        let mut net = SweepMemo::default();
        net.record(7, &query(SlotUse::ReservedOnly, ten, 3, 3), (&REACH, 3), |g| g < 2, &known);
        assert_eq!(net.skip(7, &query(SlotUse::ReservedOnly, later, 3, 3)), 3);
        // A sweep that found a slot at place 1 establishes place 0 only; a
        // later one that tried every place extends it to place 2.
        let mut found = SweepMemo::default();
        found.record(7, &query(SlotUse::ReservedOnly, ten, 3, 3), (&REACH, 1), all, &known);
        assert_eq!(found.reserved, Some((3, ten, 1)));
        found.record(7, &query(SlotUse::ReservedOnly, later, 3, 3), (&REACH, 3), all, &known);
        assert_eq!(found.reserved, Some((3, later, 2)));
        // Practices closed for a week: an unscheduled sweep finds nothing.
        let closed = SweepQuery { opening_day: None, ..query(SlotUse::Unscheduled, ten, 4, 6) };
        assert_eq!(found.skip(7, &closed), usize::MAX);
        assert_eq!(found.skip(7, &SweepQuery { usage: SlotUse::Scheduled, ..closed }), 0);
    }

    #[test]
    fn the_rest_of_today_counts_from_the_instant_of_the_sweep() {
        // Two members at 10:00 on day 3: both have no free regular slot
        // left today (member 0 from 9:00, member 1 from 10:00) and are full
        // on day 4. A sweep from day 3 to day 4 at 10:00 establishes it.
        let nine = SimTime::from_day(3) + Minutes::hours(9);
        let ten = nine + Minutes(60);
        let mut known = [KnownFull::new(); 2];
        known[0].note_passed(nine);
        known[1].note_passed(ten);
        for k in &mut known {
            k.note_full(4, 3);
        }
        let reach = &REACH[..2];
        let mut memo = SweepMemo::default();
        memo.record(1, &query(SlotUse::Scheduled, ten, 3, 4), (reach, 2), |_| true, &known);
        assert_eq!(memo.regular[0], Some((3, 4, ten, 2)));
        assert_eq!(memo.skip(1, &query(SlotUse::Scheduled, ten + Minutes(5), 3, 4)), 2);
        assert_eq!(memo.skip(1, &query(SlotUse::Scheduled, nine, 3, 4)), 0, "before the sweep's instant");
        assert_eq!(memo.skip(1, &query(SlotUse::Scheduled, nine, 4, 4)), 2, "day 4 is full at any hour");
        // At 9:30 member 1 was not known to have nothing left: member 0 only.
        let mut early = SweepMemo::default();
        early.record(1, &query(SlotUse::Scheduled, nine + Minutes(30), 3, 4), (reach, 2), |_| true, &known);
        assert_eq!(early.regular[0], Some((3, 4, nine + Minutes(30), 1)));
    }

    #[test]
    fn a_sweep_with_its_memo_finds_what_the_plain_scan_finds() {
        // 24 GPs (two in three network members, a few part-time) at random
        // distances with ties (a nearest tier), their calendars filled by a
        // stream of searches of every usage from one zone over about 10
        // days, the GP generation moving on now and then: each sweep through
        // the memo and the index returns the member and slot that trying
        // every member in nearest-first order with the plain calendar scan
        // (`Gp::earliest_from`) returns.
        use super::super::setup::{nearest_first_in_tier, nearest_tier, tier_start};
        use crate::engine::calendar::hm;
        use crate::engine::{Calendar, RandomStreams};
        use crate::model::providers::{first_search_day, practice_hours, Gp, SlotLayout};
        use rand::Rng;
        let hours = practice_hours((hm(8, 0), hm(12, 0)), (hm(14, 0), hm(18, 0)), false);
        let l = SlotLayout::new(Calendar::new(hours), Minutes(30), 0.25);
        let mut rng = RandomStreams::new(11, 0).stream("sweep");
        let (mut skipped, mut found) = (0, 0);
        for case in 0..8 {
            let n = 24usize;
            let mut gps: Vec<Gp> = (0..n).map(|g| Gp::new(0, (g as u32 * 7) % 52, 30)).collect();
            for gp in gps.iter_mut().step_by(5) {
                gp.days_off = crate::model::rhythm::days_off_mask(true, 2, 1);
            }
            let mut reach: Vec<(u32, f32)> = (0..n as u32).map(|g| (g, rng.random_range(0..8u32) as f32)).collect();
            reach.sort_by(|a, b| a.1.total_cmp(&b.1));
            let tier = nearest_tier(&reach);
            let member: Vec<bool> = (0..n).map(|_| rng.random::<f64>() < 0.67).collect();
            let mut known = vec![KnownFull::new(); n];
            let mut memo = SweepMemo::default();
            let mut generation = 0;
            let mut now = SimTime::from_day(case) + Minutes::hours(7);
            for step in 0..2500 {
                now = now + Minutes(rng.random_range(0..12));
                if rng.random::<f64>() < 0.003 {
                    generation += 1;
                }
                let usage = [SlotUse::Scheduled, SlotUse::Unscheduled, SlotUse::ReservedOnly][rng.random_range(0..3)];
                let latest = now + Minutes::from_days_f64(rng.random_range(0.0..6.0));
                let from_day = if rng.random::<f64>() < 0.2 { now.day() + rng.random_range(0..3) } else { 0 };
                let exclude = if rng.random::<f64>() < 0.5 { rng.random_range(0..n as u32) } else { u32::MAX };
                let key: u64 = rng.random();
                let q = SweepQuery {
                    usage,
                    opening_day: l.calendar.next_opening(now, 7).map(|o| o.day()),
                    now,
                    first_day: first_search_day(usage, now, from_day),
                    latest_day: latest.day(),
                };
                let plain = nearest_first_in_tier(&reach, tier, key)
                    .filter(|(g, _)| *g != exclude && member[*g as usize])
                    .find_map(|&(g, _)| gps[g as usize].earliest_from(&l, now, from_day, latest, usage, 2).map(|b| (g, b)));
                skipped += usize::from(memo.skip(generation, &q) > 0);
                let got = sweep(
                    &mut memo,
                    generation,
                    &q,
                    (&reach, tier, tier_start(tier, key)),
                    |g| member[g as usize],
                    exclude,
                    &mut known,
                    |g, k| gps[g as usize].earliest_known(&l, now, from_day, latest, usage, 2, k),
                )
                .map(|(place, b)| (reach[place].0, b));
                assert_eq!(got, plain, "case {case} step {step}");
                if let Some((g, b)) = plain.filter(|_| rng.random::<f64>() < 0.9) {
                    found += 1;
                    assert!(gps[g as usize].book(&b));
                }
                // Patients of the GPs' own fill the calendars too.
                for _ in 0..2 {
                    let g = rng.random_range(0..n);
                    let until = now + Minutes::from_days_f64(rng.random_range(0.0..10.0));
                    if let Some(b) = gps[g].earliest(&l, now, until, SlotUse::Unscheduled, 2) {
                        assert!(gps[g].book(&b));
                    }
                }
            }
        }
        // Both branches exercised: sweeps that passed over places and sweeps that booked.
        assert!(skipped > 2000 && found > 2000, "{skipped} sweeps passed over places, {found} booked");
    }
}
