//! Working calendars: weekdays, opening hours, out-of-hours and public holidays.
//!
//! Day 0 of every run is a Monday. An [`OpeningHours`] value lists, for each
//! weekday, up to two opening intervals in minutes after midnight (e.g. 08:30–
//! 12:30 and 14:00–19:00). A [`Calendar`] adds public holidays (days on which
//! nothing opens). Slot calendars of professionals are built on top of these:
//! the k-th slot of a day starts at the k-th multiple of the slot length
//! inside the day's opening intervals.

use super::time::{Minutes, SimTime};
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};

/// A day of the week; day 0 of the simulation is a Monday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl Weekday {
    /// All weekdays, Monday first.
    pub const ALL: [Weekday; 7] =
        [Weekday::Monday, Weekday::Tuesday, Weekday::Wednesday, Weekday::Thursday, Weekday::Friday, Weekday::Saturday, Weekday::Sunday];

    /// The weekday of simulation day `day`.
    pub fn of_day(day: u32) -> Weekday {
        Weekday::ALL[(day % 7) as usize]
    }

    /// Monday = 0 … Sunday = 6.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }
}

/// An opening interval within a day, in minutes after midnight, `[open, close)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    pub open: u16,
    pub close: u16,
}

impl Interval {
    /// Length of the interval in minutes.
    pub fn len(self) -> u32 {
        u32::from(self.close.saturating_sub(self.open))
    }

    /// Whether the interval is empty.
    pub fn is_empty(self) -> bool {
        self.len() == 0
    }
}

/// Weekly opening hours: up to two intervals per weekday.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpeningHours {
    days: [[Interval; 2]; 7],
}

impl OpeningHours {
    /// Closed every day.
    pub fn closed() -> Self {
        OpeningHours { days: [[Interval { open: 0, close: 0 }; 2]; 7] }
    }

    /// Open `morning` and `afternoon` (minutes after midnight) on the listed
    /// weekdays, closed otherwise.
    pub fn weekly(open_days: &[Weekday], morning: (u16, u16), afternoon: (u16, u16)) -> Self {
        let mut h = OpeningHours::closed();
        for d in open_days {
            h.set(*d, morning, afternoon);
        }
        h
    }

    /// Sets the two intervals of one weekday (an interval with open ≥ close is closed).
    pub fn set(&mut self, day: Weekday, morning: (u16, u16), afternoon: (u16, u16)) {
        self.days[day.index()] = [
            Interval { open: morning.0, close: morning.1.max(morning.0) },
            Interval { open: afternoon.0, close: afternoon.1.max(afternoon.0) },
        ];
    }

    /// The intervals of a weekday.
    pub fn intervals(&self, day: Weekday) -> [Interval; 2] {
        self.days[day.index()]
    }

    /// Minutes open on a weekday.
    pub fn minutes_open(&self, day: Weekday) -> u32 {
        self.days[day.index()].iter().map(|i| i.len()).sum()
    }

    /// Whether the hours are open at minute `minute_of_day` of `day`.
    pub fn is_open_at(&self, day: Weekday, minute_of_day: u32) -> bool {
        self.days[day.index()].iter().any(|i| minute_of_day >= u32::from(i.open) && minute_of_day < u32::from(i.close))
    }

    /// Start time (minutes after midnight) of the `k`-th slot of length
    /// `slot` on `day`, or `None` if the day has fewer slots.
    pub fn slot_start(&self, day: Weekday, slot: Minutes, k: u32) -> Option<u32> {
        if slot.0 == 0 {
            return None;
        }
        let mut k = k;
        for i in self.days[day.index()] {
            let n = i.len() / slot.0;
            if k < n {
                return Some(u32::from(i.open) + k * slot.0);
            }
            k -= n;
        }
        None
    }

    /// Number of whole slots of length `slot` on `day`.
    pub fn slots_on(&self, day: Weekday, slot: Minutes) -> u32 {
        if slot.0 == 0 {
            return 0;
        }
        self.days[day.index()].iter().map(|i| i.len() / slot.0).sum()
    }

    /// Index of the first slot of `day` starting at or after `minute_of_day`.
    pub fn first_slot_at_or_after(&self, day: Weekday, slot: Minutes, minute_of_day: u32) -> u32 {
        if slot.0 == 0 {
            return 0;
        }
        let mut before = 0;
        for i in self.days[day.index()] {
            let (open, n) = (u32::from(i.open), i.len() / slot.0);
            if minute_of_day <= open {
                return before;
            }
            let passed = (minute_of_day - open).div_ceil(slot.0);
            if passed < n {
                return before + passed;
            }
            before += n;
        }
        before
    }
}

/// How a calendar opens on its public holidays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HolidayHours {
    /// Closed all day (most services).
    Closed,
    /// As on that weekday (a remote platform).
    AsUsual,
    /// On Sunday hours (an out-of-hours roster: 08:00–24:00 on every public holiday).
    AsSunday,
}

/// Opening hours plus public holidays: the working calendar of a service.
#[derive(Debug)]
pub struct Calendar {
    pub hours: OpeningHours,
    holidays: Vec<u32>,
    /// Memo of the last [`Calendar::next_opening`] answer (see there). An
    /// atomic rather than a `Cell` so that a calendar stays `Sync`; relaxed
    /// loads and stores cost what plain ones do.
    next_opening_memo: AtomicU64,
}

impl Clone for Calendar {
    fn clone(&self) -> Self {
        Calendar { hours: self.hours.clone(), holidays: self.holidays.clone(), next_opening_memo: AtomicU64::new(NO_MEMO) }
    }
}

/// An empty [`Calendar::next_opening`] memo (no query has `t` = `u32::MAX`).
const NO_MEMO: u64 = u64::MAX;
/// The memo's offset field (24 bits) when the answer is None.
const MEMO_NONE: u64 = 0xFF_FFFF;

impl Calendar {
    /// A calendar with the given hours and no public holiday.
    pub fn new(hours: OpeningHours) -> Self {
        Calendar { hours, holidays: Vec::new(), next_opening_memo: AtomicU64::new(NO_MEMO) }
    }

    /// Adds public holidays (simulation day numbers); nothing opens on them.
    pub fn with_holidays(mut self, mut days: Vec<u32>) -> Self {
        days.sort_unstable();
        days.dedup();
        self.holidays = days;
        *self.next_opening_memo.get_mut() = NO_MEMO;
        self
    }

    /// Whether `day` is a public holiday.
    pub fn is_holiday(&self, day: u32) -> bool {
        self.holidays.binary_search(&day).is_ok()
    }

    /// The weekday whose hours apply on `day` when holidays follow `rule`,
    /// or None when closed all day.
    pub fn hours_day(&self, day: u32, rule: HolidayHours) -> Option<Weekday> {
        if !self.is_holiday(day) {
            return Some(Weekday::of_day(day));
        }
        match rule {
            HolidayHours::Closed => None,
            HolidayHours::AsUsual => Some(Weekday::of_day(day)),
            HolidayHours::AsSunday => Some(Weekday::Sunday),
        }
    }

    /// Whether open at `t` when holidays follow `rule`.
    pub fn is_open_under(&self, t: SimTime, rule: HolidayHours) -> bool {
        self.hours_day(t.day(), rule).is_some_and(|wd| self.hours.is_open_at(wd, t.minute_of_day()))
    }

    /// Whether the service is open at `t`.
    pub fn is_open(&self, t: SimTime) -> bool {
        !self.is_holiday(t.day()) && self.hours.is_open_at(Weekday::of_day(t.day()), t.minute_of_day())
    }

    /// Whether `t` is out of hours for this service (closed now).
    pub fn is_out_of_hours(&self, t: SimTime) -> bool {
        !self.is_open(t)
    }

    /// The first instant at or after `t` when the service is open, searching
    /// at most `max_days` days ahead.
    ///
    /// The last answer is remembered: a booking failure tries the GPs of a
    /// network (CPTS, MSP) one by one at the same instant, and each asks the
    /// shared practice calendar the same question (10 % of a Paris 18e run
    /// before the memo). The memo packs `t` (32 bits), `max_days` (8 bits)
    /// and the answer as minutes after `t` (24 bits, all ones for None);
    /// queries that do not fit are computed without it. Opening hours are
    /// not changed once a calendar answers queries (`hours` is public for
    /// building and reading).
    #[inline]
    pub fn next_opening(&self, t: SimTime, max_days: u32) -> Option<SimTime> {
        if t.0 == u32::MAX || max_days > 0xFF {
            return self.compute_next_opening(t, max_days);
        }
        let key = (u64::from(t.0) << 32) | (u64::from(max_days) << 24);
        let memo = self.next_opening_memo.load(Ordering::Relaxed);
        if memo & !MEMO_NONE == key {
            let off = memo & MEMO_NONE;
            return (off != MEMO_NONE).then(|| SimTime(t.0 + off as u32));
        }
        let answer = self.compute_next_opening(t, max_days);
        let off = match answer {
            None => Some(MEMO_NONE),
            Some(a) => Some(u64::from(a.0 - t.0)).filter(|&o| o < MEMO_NONE),
        };
        if let Some(off) = off {
            self.next_opening_memo.store(key | off, Ordering::Relaxed);
        }
        answer
    }

    fn compute_next_opening(&self, t: SimTime, max_days: u32) -> Option<SimTime> {
        if self.is_open(t) {
            return Some(t);
        }
        for d in t.day()..=t.day().saturating_add(max_days) {
            if self.is_holiday(d) {
                continue;
            }
            let start = SimTime::from_day(d);
            for i in self.hours.intervals(Weekday::of_day(d)) {
                if i.is_empty() {
                    continue;
                }
                let open = start + Minutes(u32::from(i.open));
                let close = start + Minutes(u32::from(i.close));
                if close > t {
                    return Some(open.max(t));
                }
            }
        }
        None
    }
}

/// Minutes after midnight for `h:m`, for readable calendar literals.
pub const fn hm(h: u16, m: u16) -> u16 {
    h * 60 + m
}

/// Parses "HH:MM-HH:MM" into minutes after midnight (`None` when it is not a time range within one day: the scenario layer
/// reports it, the model and `geo` read validated text).
pub fn parse_hours(s: &str) -> Option<(u16, u16)> {
    let (a, b) = s.split_once('-')?;
    let hm = |x: &str| -> Option<u16> {
        let (h, m) = x.trim().split_once(':')?;
        let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
        (h <= 24 && m < 60 && h * 60 + m <= 1440).then_some(h * 60 + m)
    };
    let (open, close) = (hm(a)?, hm(b)?);
    (open <= close).then_some((open, close))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_parse_and_reject_nonsense() {
        assert_eq!(parse_hours("08:30-12:30"), Some((510, 750)));
        assert_eq!(parse_hours("14:00-08:00"), None);
        assert_eq!(parse_hours("25:00-26:00"), None);
        assert_eq!(parse_hours("morning"), None);
    }
    use Weekday::*;

    fn practice() -> OpeningHours {
        OpeningHours::weekly(&[Monday, Tuesday, Wednesday, Thursday, Friday], (hm(8, 30), hm(12, 30)), (hm(14, 0), hm(19, 0)))
    }

    #[test]
    fn day_zero_is_a_monday_and_weeks_repeat() {
        assert_eq!(Weekday::of_day(0), Monday);
        assert_eq!(Weekday::of_day(5), Saturday);
        assert_eq!(Weekday::of_day(13), Sunday);
        assert!(Weekday::of_day(6).is_weekend());
        assert!(!Weekday::of_day(7).is_weekend());
    }

    #[test]
    fn slots_fill_morning_then_afternoon() {
        let h = practice();
        let s = Minutes(20);
        assert_eq!(h.slots_on(Monday, s), 12 + 15);
        assert_eq!(h.slots_on(Sunday, s), 0);
        assert_eq!(h.slot_start(Monday, s, 0), Some(hm(8, 30) as u32));
        assert_eq!(h.slot_start(Monday, s, 11), Some(hm(12, 10) as u32));
        assert_eq!(h.slot_start(Monday, s, 12), Some(hm(14, 0) as u32));
        assert_eq!(h.slot_start(Monday, s, 27), None);
    }

    #[test]
    fn first_slot_after_a_time_skips_past_slots_only() {
        let h = practice();
        let s = Minutes(20);
        assert_eq!(h.first_slot_at_or_after(Monday, s, 0), 0);
        assert_eq!(h.first_slot_at_or_after(Monday, s, hm(8, 30) as u32), 0);
        assert_eq!(h.first_slot_at_or_after(Monday, s, hm(8, 31) as u32), 1);
        assert_eq!(h.first_slot_at_or_after(Monday, s, hm(13, 0) as u32), 12);
        assert_eq!(h.first_slot_at_or_after(Monday, s, hm(20, 0) as u32), 27);
    }

    #[test]
    fn opening_and_out_of_hours() {
        let c = Calendar::new(practice()).with_holidays(vec![2]);
        let monday_9 = SimTime::from_day(0) + Minutes::hours(9);
        assert!(c.is_open(monday_9));
        assert!(c.is_out_of_hours(SimTime::from_day(0) + Minutes::hours(13)));
        assert!(c.is_out_of_hours(SimTime::from_day(5) + Minutes::hours(10)));
        // Wednesday (day 2) is a holiday.
        assert!(c.is_out_of_hours(SimTime::from_day(2) + Minutes::hours(9)));
    }

    #[test]
    fn next_opening_skips_nights_weekends_and_holidays() {
        let c = Calendar::new(practice()).with_holidays(vec![7]);
        // Friday 20:00 → next Monday is a holiday → Tuesday 08:30 (day 8).
        let friday_evening = SimTime::from_day(4) + Minutes::hours(20);
        let next = c.next_opening(friday_evening, 14).unwrap();
        assert_eq!(next, SimTime::from_day(8) + Minutes(u32::from(hm(8, 30))));
        // Lunch break → afternoon opening the same day.
        let lunch = SimTime::from_day(0) + Minutes::hours(13);
        assert_eq!(c.next_opening(lunch, 1).unwrap(), SimTime::from_day(0) + Minutes::hours(14));
        assert_eq!(Calendar::new(OpeningHours::closed()).next_opening(lunch, 30), None);
    }

    #[test]
    fn next_opening_memo_gives_the_computed_answers() {
        let c = Calendar::new(practice()).with_holidays(vec![4]);
        let closed = Calendar::new(OpeningHours::closed());
        for m in (0..14 * 24 * 60).step_by(37) {
            let t = SimTime(m);
            for max_days in [0, 1, 7, 300] {
                let want = c.compute_next_opening(t, max_days);
                assert_eq!(c.next_opening(t, max_days), want);
                assert_eq!(c.next_opening(t, max_days), want, "memo hit");
                assert_eq!(closed.next_opening(t, max_days), None);
                assert_eq!(closed.next_opening(t, max_days), None, "None memoised");
            }
        }
    }
}
