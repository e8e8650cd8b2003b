//! A network's sweep after a booking failure, remembered per zone.
//!
//! When a patient's own GP has no slot, the networks the policies name
//! (CPTS shared same-day slots, MSP pooled agenda, DAC) are tried member by
//! member, nearest first. In a short-staffed territory every member is
//! usually booked up, and the next failure from the same zone sweeps the
//! same members again. A failed sweep leaves, per (network, zone), what it
//! established about *every* member within the zone's reach (the patient's
//! own GP included, from what the index `model::known_full` knows of it):
//! that their reserved slots of a day are taken as of an instant, and that
//! their regular slots are taken on a run of days. These are facts about the
//! calendars, which bookings only fill; they hold until a GP joins, leaves
//! or changes what it offers within the zone's reach (the zone's
//! generation, `World::gp_changed_in`, then moves on and the memo is
//! ignored). A later sweep that they answer is skipped: it would have found
//! nothing, so outputs do not change.

use crate::engine::SimTime;
use crate::model::known_full::KnownFull;
use crate::model::providers::SlotUse;

/// What is remembered of one zone's reach: its generation (the world's
/// `gp_generation` at the last change to a GP the zone may have in reach,
/// `World::gp_changed_in`), which the zone's memos, member lists and
/// reserved candidates are kept for, and the size of its nearest tier
/// (`setup::nearest_tier`), counted at the first search of the generation.
/// One small record a zone, read with the zone's other data (prefetched).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct ZoneReach {
    pub generation: u64,
    /// The nearest tier's size; `UNCOUNTED` until a search counts it.
    tier: u32,
}

impl ZoneReach {
    const UNCOUNTED: u32 = u32::MAX;
    /// A zone at set-up (generation 0, tier not counted).
    pub const NEW: ZoneReach = ZoneReach { generation: 0, tier: Self::UNCOUNTED };

    /// A zone whose reach changed at `generation`.
    pub fn at(generation: u64) -> Self {
        ZoneReach { generation, tier: Self::UNCOUNTED }
    }

    /// The nearest tier's size, if counted at this generation.
    pub fn tier(&self) -> Option<usize> {
        (self.tier != Self::UNCOUNTED).then_some(self.tier as usize)
    }

    pub fn set_tier(&mut self, tier: usize) {
        self.tier = tier as u32;
    }
}

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

impl SweepQuery {
    /// Whether every member's search answers None whatever their calendars:
    /// a search for reserved (same-day) slots only looks at the day the
    /// practices next open, and that day falls after the search's last day
    /// (`Gp::earliest_known` gives up at once there, and learns nothing).
    pub fn reserved_day_too_late(&self) -> bool {
        self.usage == SlotUse::ReservedOnly && self.opening_day.is_some_and(|d| d > self.latest_day)
    }
}

/// What the last failed sweep of one network from one zone established.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct SweepMemo {
    /// The zone's generation the facts hold for (`World::gp_changed_in`).
    generation: u64,
    /// Every member's reserved slots of day `.0` are taken as of instant `.1`.
    reserved: Option<(u32, SimTime)>,
    /// Every member has no free regular slot on days `.0 ..= .1`.
    regular: Option<(u32, u32)>,
}

impl Default for SweepMemo {
    fn default() -> Self {
        SweepMemo { generation: u64::MAX, reserved: None, regular: None }
    }
}

impl SweepMemo {
    /// Whether every member's search `q` answers None, by what is remembered.
    pub fn all_none(&self, generation: u64, q: &SweepQuery) -> bool {
        if self.generation != generation {
            return false;
        }
        let reserved_none = match q.opening_day {
            // Practices closed for a week: an unscheduled search answers None at once.
            None => return q.usage != SlotUse::Scheduled,
            Some(d) => self.reserved.is_some_and(|(day, as_of)| day == d && q.now >= as_of),
        };
        let regular_none = self.regular.is_some_and(|(from, to)| from <= q.first_day && q.latest_day <= to);
        match q.usage {
            SlotUse::ReservedOnly => reserved_none,
            SlotUse::Scheduled => regular_none,
            SlotUse::Unscheduled => reserved_none && regular_none,
        }
    }

    /// After a failed sweep `q`: what the index says of every member
    /// (`members`, the network's GPs within the zone's reach) is kept, with
    /// what was remembered before at the same generation when nothing new
    /// is established.
    pub fn record(&mut self, generation: u64, q: &SweepQuery, members: impl Iterator<Item = u32>, known: &[KnownFull]) {
        let day = q.opening_day.filter(|_| q.usage != SlotUse::Scheduled);
        let mut all_reserved = day.is_some();
        let mut all_regular = q.usage != SlotUse::ReservedOnly && q.first_day <= q.latest_day;
        for g in members {
            let k = known.get(g as usize).copied().unwrap_or_default();
            all_reserved &= day.is_some_and(|d| k.reserved_full(d, q.now));
            all_regular &= k.first_unknown(q.first_day) > q.latest_day;
            if !all_reserved && !all_regular {
                break;
            }
        }
        if self.generation != generation {
            *self = SweepMemo { generation, reserved: None, regular: None };
        }
        if let (true, Some(d)) = (all_reserved, day) {
            self.reserved = Some((d, q.now));
        }
        if all_regular {
            self.regular = Some((q.first_day, q.latest_day));
        }
    }
}

/// The members of one network within one zone's reach whose reserved
/// (same-day) slots of one opening day are not known taken: the only ones a
/// search for a reserved slot (`SlotUse::ReservedOnly`, a CPTS's shared
/// same-day slots) can book. Every other member's search answers None by
/// the index (`KnownFull::reserved_full`), so trying the candidates alone, in
/// the sweep's order, finds the same member. The list only shrinks during
/// the day (taken slots stay taken, later instants are covered too); it is
/// made anew for another opening day or generation of the zone.
///
/// Each candidate also keeps when its first free reserved slot was last
/// seen to start (`Gp::first_free_reserved`, after a search that found it
/// too late): a lower bound, since slots are only booked and time only
/// passes, so a search ending before it is not tried (it would answer None).
#[derive(Clone, Debug, Default)]
pub(super) struct ReservedCandidates {
    /// The zone's generation and the opening day the list holds for (None: not made yet).
    made_for: Option<(u64, u32)>,
    /// Per candidate: its position in the zone's reach list (ascending), and
    /// the instant before which none of its reserved slots of the day is free.
    list: Vec<(u32, SimTime)>,
    /// The earliest of the list's instants (`SimTime::NEVER` for an empty
    /// list): a search ending before it has no candidate to try.
    earliest_bound: SimTime,
}

impl ReservedCandidates {
    /// Makes the list anew from `positions` (ascending positions in the
    /// reach of the network's members) unless it already holds for
    /// (`generation`, `day`).
    pub fn refresh<P: IntoIterator<Item = u32>>(&mut self, generation: u64, day: u32, positions: impl FnOnce() -> P) {
        if self.made_for != Some((generation, day)) {
            self.list.clear();
            self.list.extend(positions().into_iter().map(|p| (p, SimTime(0))));
            self.made_for = Some((generation, day));
            self.earliest_bound = self.least_bound();
        }
    }

    /// Whether every candidate is [`too_late_for`](Self::too_late_for)
    /// `latest` (true for an empty list): a sweep would try none of them.
    pub fn all_too_late(&self, latest: SimTime) -> bool {
        self.earliest_bound > latest
    }

    /// The earliest of the candidates' instants, `SimTime::NEVER` when there is none.
    fn least_bound(&self) -> SimTime {
        self.list.iter().map(|&(_, at)| at).min().unwrap_or(SimTime::NEVER)
    }

    /// Whether the candidate at list index `j` cannot have a free reserved
    /// slot starting at or before `latest` (its known lower bound is later).
    pub fn too_late_for(&self, j: usize, latest: SimTime) -> bool {
        self.list[j].1 > latest
    }

    /// After a sweep: the candidates at list indices `later` had their first
    /// free reserved slot starting at the instant given; those at `dead` had
    /// none and are dropped. Both are emptied.
    pub fn update(&mut self, later: &mut Vec<(usize, SimTime)>, dead: &mut Vec<usize>) {
        if later.is_empty() && dead.is_empty() {
            return;
        }
        // Bounds only rise and candidates only go: the earliest bound changes
        // only when a candidate holding it rises or goes.
        let mut min_raised = false;
        for (j, start) in later.drain(..) {
            let at = &mut self.list[j].1;
            min_raised |= *at == self.earliest_bound && start > *at;
            *at = (*at).max(start);
        }
        if min_raised {
            self.earliest_bound = self.least_bound();
        }
        self.remove(dead);
    }

    /// The candidates in the order a sweep tries them: the nearest tier
    /// (positions below `tier`) from `start` on, then its positions before
    /// `start`, then the rest (`setup::nearest_first_in_tier`'s order,
    /// restricted to the candidates). Items: (index in the list, position).
    pub fn in_sweep_order(&self, start: usize, tier: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        let at = |bound: usize| self.list.partition_point(|&(p, _)| (p as usize) < bound);
        let [first, then, rest] = super::setup::tier_order(at(start), at(tier), self.list.len());
        first.chain(then).chain(rest).map(|j| (j, self.list[j].0))
    }

    /// Drops the candidates at list indices `dead` (any order; emptied).
    pub fn remove(&mut self, dead: &mut Vec<usize>) {
        if dead.is_empty() {
            return;
        }
        dead.sort_unstable();
        dead.dedup();
        let min_gone = dead.iter().any(|&j| self.list[j].1 == self.earliest_bound);
        // The runs between dropped candidates move down in one copy each
        // (a sweep drops a few candidates of a long list).
        let mut write = dead[0];
        for (k, &d) in dead.iter().enumerate() {
            let next = dead.get(k + 1).copied().unwrap_or(self.list.len());
            self.list.copy_within(d + 1..next, write);
            write += next - d - 1;
        }
        self.list.truncate(write);
        dead.clear();
        if min_gone {
            self.earliest_bound = self.least_bound();
        }
    }

    /// Number of candidates left.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.list.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Minutes;

    fn query(usage: SlotUse, now: SimTime, first_day: u32, latest_day: u32) -> SweepQuery {
        SweepQuery { usage, opening_day: Some(now.day()), now, first_day, latest_day }
    }

    #[test]
    fn a_sweep_is_skipped_only_where_every_member_is_known_full() {
        // Two members. At 10:00 on day 3 both have their reserved slots of
        // day 3 taken; member 0 is full on days 4–9, member 1 on days 4–6.
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
        let mut memo = SweepMemo::default();
        memo.record(7, &query(SlotUse::Unscheduled, ten, 3, 6), [0, 1].into_iter(), &known);
        // Day 3 is today: its regular slots are not known (member 1 was not
        // noted full on day 3), so only the reserved fact is kept.
        assert_eq!(memo.reserved, Some((3, ten)));
        assert_eq!(memo.regular, None);
        let later = ten + Minutes(30);
        assert!(
            !memo.all_none(7, &query(SlotUse::Unscheduled, later, 4, 6)),
            "regular slots not known: an unscheduled search may find one"
        );
        memo.record(7, &query(SlotUse::Scheduled, ten, 4, 6), [0, 1].into_iter(), &known);
        assert_eq!(memo.regular, Some((4, 6)));
        assert_eq!(memo.reserved, Some((3, ten)), "kept from the first sweep");
        assert!(memo.all_none(7, &query(SlotUse::Unscheduled, later, 4, 6)), "both facts known: the unscheduled sweep is skipped");
        assert!(memo.all_none(7, &query(SlotUse::ReservedOnly, later, 3, 3)));
        assert!(!memo.all_none(7, &query(SlotUse::ReservedOnly, SimTime(ten.0 - 1), 3, 3)), "earlier instant");
        assert!(memo.all_none(7, &query(SlotUse::Scheduled, later, 4, 5)));
        assert!(!memo.all_none(7, &query(SlotUse::Scheduled, later, 4, 7)), "day 7 not known for member 1");
        assert!(!memo.all_none(8, &query(SlotUse::ReservedOnly, later, 3, 3)), "another generation");
        // A member with nothing known (member 2) spoils both facts.
        let mut fresh = SweepMemo::default();
        fresh.record(7, &query(SlotUse::Unscheduled, ten, 4, 6), [0, 1, 2].into_iter(), &known);
        assert_eq!(fresh, SweepMemo { generation: 7, reserved: None, regular: None });
        // Practices closed for a week: an unscheduled sweep finds nothing.
        let closed = SweepQuery { opening_day: None, ..query(SlotUse::Unscheduled, ten, 4, 6) };
        assert!(fresh.all_none(7, &closed));
        assert!(!fresh.all_none(7, &SweepQuery { usage: SlotUse::Scheduled, ..closed }));
    }

    #[test]
    fn a_fact_is_kept_only_when_every_member_holds_it_to_the_last_day() {
        // At 10:00 on day 3: member 0 has its reserved slots of day 3 taken
        // and its regular slots free; member 1 the reverse, full on days 4–6;
        // member 2 is full on days 4 and 5 only.
        let ten = SimTime::from_day(3) + Minutes::hours(10);
        let mut known = [KnownFull::new(); 3];
        known[0].note_reserved_full(3, ten);
        for d in 4..=6 {
            known[1].note_full(d, 3);
        }
        for d in 4..=5 {
            known[2].note_full(d, 3);
        }
        // Neither fact holds of members 0 and 1 together, whichever is read first.
        for order in [[0u32, 1], [1, 0]] {
            let mut memo = SweepMemo::default();
            memo.record(7, &query(SlotUse::Unscheduled, ten, 4, 6), order.into_iter(), &known);
            assert_eq!(memo, SweepMemo { generation: 7, reserved: None, regular: None }, "order {order:?}");
        }
        // Member 2's first day not known full is day 6: full through day 5, not day 6.
        let mut memo = SweepMemo::default();
        memo.record(7, &query(SlotUse::Scheduled, ten, 4, 6), [1, 2].into_iter(), &known);
        assert_eq!(memo.regular, None);
        memo.record(7, &query(SlotUse::Scheduled, ten, 4, 5), [1, 2].into_iter(), &known);
        assert_eq!(memo.regular, Some((4, 5)));
    }

    #[test]
    fn a_reserved_search_ending_before_the_next_opening_day_needs_no_sweep() {
        // Saturday 20:00 (day 5): practices next open on Monday (day 7).
        let sat = SimTime::from_day(5) + Minutes::hours(20);
        let q = |usage, latest_day| SweepQuery { usage, opening_day: Some(7), now: sat, first_day: 6, latest_day };
        assert!(q(SlotUse::ReservedOnly, 6).reserved_day_too_late(), "ends on Sunday");
        assert!(!q(SlotUse::ReservedOnly, 7).reserved_day_too_late(), "ends on Monday: Monday's slots may do");
        assert!(!q(SlotUse::Unscheduled, 6).reserved_day_too_late(), "regular slots are not bounded by the opening day");
        assert!(!SweepQuery { opening_day: None, ..q(SlotUse::ReservedOnly, 6) }.reserved_day_too_late());
    }

    #[test]
    fn the_earliest_bound_follows_its_holder_rising_and_going() {
        // By hand: two candidates from 0; raised to 10 and 20 the earliest
        // bound is 10; the one at 10 rises to 30: 20; the one at 20 goes: 30.
        let mut c = ReservedCandidates::default();
        c.refresh(1, 0, || vec![0, 2]);
        let (mut later, mut dead) = (vec![(0, SimTime(10)), (1, SimTime(20))], Vec::new());
        c.update(&mut later, &mut dead);
        assert!(c.all_too_late(SimTime(9)) && !c.all_too_late(SimTime(10)));
        later.push((0, SimTime(30)));
        c.update(&mut later, &mut dead);
        assert!(c.all_too_late(SimTime(19)) && !c.all_too_late(SimTime(20)));
        dead.push(1);
        c.update(&mut later, &mut dead);
        assert_eq!(c.list, [(0, SimTime(30))]);
        assert!(c.all_too_late(SimTime(29)) && !c.all_too_late(SimTime(30)));
    }

    #[test]
    fn updates_keep_the_list_and_bound_a_plain_walk_keeps() {
        // Random lists, bounds raised and candidates dropped at random (in
        // any order, an index sometimes twice, sometimes both raised and
        // dropped): the list is what raising each bound and keeping the
        // candidates not dropped gives, and the kept earliest bound agrees
        // with asking each candidate in turn, for searches ending before, at
        // and after the bounds.
        use crate::engine::RandomStreams;
        use rand::seq::SliceRandom;
        use rand::Rng;
        let mut rng = RandomStreams::new(11, 0).stream("reserved-bound");
        let mut c = ReservedCandidates::default();
        let mut plain: Vec<(u32, SimTime)> = Vec::new();
        let mut checked = [0_u32; 2];
        for round in 0..400u32 {
            if round % 25 == 0 {
                let n = rng.random_range(0..40_u32);
                c.refresh(1, round, || (0..n).map(|k| 2 * k));
                plain = (0..n).map(|k| (2 * k, SimTime(0))).collect();
            }
            let n = c.len();
            let mut later: Vec<(usize, SimTime)> = Vec::new();
            for j in 0..n {
                if rng.random::<f64>() < 0.3 {
                    later.push((j, SimTime(rng.random_range(0..500))));
                }
            }
            let mut dead: Vec<usize> = (0..n).filter(|_| rng.random::<f64>() < 0.08).collect();
            if let (Some(&j), true) = (dead.first(), rng.random::<f64>() < 0.2) {
                dead.push(j);
            }
            dead.shuffle(&mut rng);
            for &(j, at) in &later {
                plain[j].1 = plain[j].1.max(at);
            }
            plain = plain.iter().enumerate().filter(|(j, _)| !dead.contains(j)).map(|(_, &e)| e).collect();
            c.update(&mut later, &mut dead);
            assert!(later.is_empty() && dead.is_empty());
            assert_eq!(c.list, plain, "round {round}");
            for latest in [0, 100, 250, 499, 500, 10_000].map(SimTime) {
                let by_each = (0..c.len()).all(|j| c.too_late_for(j, latest));
                assert_eq!(c.all_too_late(latest), by_each, "round {round}, latest {latest:?}");
                checked[usize::from(by_each)] += 1;
            }
        }
        assert!(checked[0] > 100 && checked[1] > 100, "both answers seen: {checked:?}");
    }

    #[test]
    fn a_candidate_whose_first_free_reserved_slot_is_too_late_is_not_tried() {
        let at = |h: u32| SimTime::from_day(10) + Minutes::hours(h);
        let mut c = ReservedCandidates::default();
        c.refresh(1, 10, || vec![3, 5, 8]);
        assert!(!c.too_late_for(1, at(9)), "nothing known yet");
        // Index 1 (position 5) was seen free from 16:00; index 0 (position 3) full.
        c.update(&mut vec![(1, at(16))], &mut vec![0]);
        // Position 5 is now index 0, its bound kept; position 8 index 1, unknown.
        assert_eq!(c.in_sweep_order(0, 0).map(|(_, p)| p).collect::<Vec<_>>(), [5, 8]);
        assert!(c.too_late_for(0, at(15)), "a search ending at 15:00 cannot book it");
        assert!(!c.too_late_for(0, at(16)), "one ending at 16:00 can");
        assert!(!c.too_late_for(1, at(15)));
        // A bound only moves later.
        c.update(&mut vec![(0, at(14))], &mut vec![]);
        assert!(c.too_late_for(0, at(15)));
        // Another day forgets the bounds.
        c.refresh(1, 11, || vec![5, 8]);
        assert!(!c.too_late_for(0, at(15)));
    }

    #[test]
    fn reserved_candidates_keep_the_sweep_order_and_shrink() {
        // Members at reach positions 1, 2, 4, 6, 7, 9; nearest tier of 5
        // positions (0–4) rotated to start at 2: the full sweep order is
        // 2 3 4 0 1 | 5 6 7 8 9, whose members are 2 4 1 6 7 9.
        let mut c = ReservedCandidates::default();
        c.refresh(3, 10, || vec![1, 2, 4, 6, 7, 9]);
        let order: Vec<u32> = c.in_sweep_order(2, 5).map(|(_, p)| p).collect();
        assert_eq!(order, [2, 4, 1, 6, 7, 9]);
        // Start 0 and an empty tier: plain order.
        assert_eq!(c.in_sweep_order(0, 5).map(|(_, p)| p).collect::<Vec<_>>(), [1, 2, 4, 6, 7, 9]);
        assert_eq!(c.in_sweep_order(0, 0).map(|(_, p)| p).collect::<Vec<_>>(), [1, 2, 4, 6, 7, 9]);
        // Positions 4 (index 2) and 1 (index 0) found full: dropped.
        let mut dead = vec![2, 0];
        c.remove(&mut dead);
        assert!(dead.is_empty());
        assert_eq!(c.in_sweep_order(2, 5).map(|(_, p)| p).collect::<Vec<_>>(), [2, 6, 7, 9]);
        // The same generation and day keep the list; another day makes it anew.
        c.refresh(3, 10, || -> Vec<u32> { unreachable!("kept") });
        assert_eq!(c.len(), 4);
        c.refresh(3, 11, || vec![0, 5]);
        assert_eq!(c.in_sweep_order(1, 3).map(|(_, p)| p).collect::<Vec<_>>(), [0, 5]);
        c.refresh(4, 11, || vec![8]);
        assert_eq!(c.len(), 1, "another generation makes it anew");
    }
}
