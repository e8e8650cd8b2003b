//! What a GP's calendar is known to have no room for: a speed index for slot searches.
//!
//! A booking failure tries the GPs of a network (CPTS shared same-day slots,
//! MSP pooled agenda, DAC) one by one, and each try reads that GP's calendar
//! ring (a cache miss per GP and per day searched). Most of these GPs are
//! booked up: the index remembers it, per GP, so that the next search skips
//! them without reading their calendar. It only ever records facts that stay
//! true, so a search gives the same answer with or without it:
//!
//! - **Regular slots**: a day on which the GP has no free regular slot at
//!   any hour (all booked, a holiday, a day off). Bookings only add, so such
//!   a day stays full. Days are kept as bits over a window of 128 days that
//!   starts at the earliest day a search may still ask about (today).
//! - **Reserved (unscheduled) slots**: the day whose reserved slots were all
//!   taken or past at instant `as_of`; they stay so at any later instant.
//!
//! Whoever changes what a GP offers (`Gp::cap_daily_slots` during a run:
//! coordination time) forgets that GP's entry ([`KnownFull::new`]).

use crate::engine::SimTime;

/// The days of one GP known to have no free slot (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownFull {
    /// Day of bit 0 of `days`.
    base: u32,
    /// Bit i: day `base + i` has no free regular slot at any hour.
    days: u128,
    /// The day whose reserved slots are known taken from `reserved_as_of` on.
    reserved_day: u32,
    reserved_as_of: SimTime,
}

impl Default for KnownFull {
    fn default() -> Self {
        KnownFull::new()
    }
}

impl KnownFull {
    /// Nothing known.
    pub const fn new() -> Self {
        KnownFull { base: 0, days: 0, reserved_day: u32::MAX, reserved_as_of: SimTime(u32::MAX) }
    }

    /// The first day at or after `day` not known full (`day` itself when nothing is known about it).
    #[inline]
    pub fn first_unknown(&self, day: u32) -> u32 {
        match day.checked_sub(self.base) {
            Some(off) if off < 128 => day + (self.days >> off).trailing_ones(),
            _ => day,
        }
    }

    /// Records that `day` has no free regular slot at any hour; `today` is
    /// the day of the search (days before it are dropped from the window).
    /// A day beyond the 128-day window is not recorded.
    #[inline]
    pub fn note_full(&mut self, day: u32, today: u32) {
        if self.base < today {
            let shift = today - self.base;
            self.days = if shift >= 128 { 0 } else { self.days >> shift };
            self.base = today;
        }
        if let Some(off) = day.checked_sub(self.base).filter(|&o| o < 128) {
            self.days |= 1u128 << off;
        }
    }

    /// Whether the reserved slots of `day` are known taken at instant `now`.
    #[inline]
    pub fn reserved_full(&self, day: u32, now: SimTime) -> bool {
        self.reserved_day == day && now >= self.reserved_as_of
    }

    /// Records that at instant `now` no reserved slot of `day` is free (at or after `now`).
    #[inline]
    pub fn note_reserved_full(&mut self, day: u32, now: SimTime) {
        self.reserved_day = day;
        self.reserved_as_of = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_days_are_skipped_as_one_run() {
        let mut k = KnownFull::new();
        assert_eq!(k.first_unknown(5), 5, "nothing known");
        // Days 3, 4, 5 and 7 full, seen on day 2.
        for d in [3, 4, 5, 7] {
            k.note_full(d, 2);
        }
        assert_eq!(k.first_unknown(2), 2);
        assert_eq!(k.first_unknown(3), 6, "3, 4, 5 full: 6 is the first not known");
        assert_eq!(k.first_unknown(5), 6);
        assert_eq!(k.first_unknown(6), 6);
        assert_eq!(k.first_unknown(7), 8);
        assert_eq!(k.first_unknown(1), 1, "before the window: unknown");
    }

    #[test]
    fn the_window_follows_today_and_keeps_what_is_still_ahead() {
        let mut k = KnownFull::new();
        k.note_full(10, 0);
        k.note_full(11, 0);
        // On day 10 the window starts at 10: days 10 and 11 still known.
        k.note_full(13, 10);
        assert_eq!(k.base, 10);
        assert_eq!(k.days, 0b1011);
        assert_eq!(k.first_unknown(10), 12);
        // Day 140 is 130 days after day 10: beyond the window, not recorded.
        k.note_full(140, 10);
        assert_eq!(k.first_unknown(140), 140);
        // Day 137 is bit 127, the last of the window; a run reaching it stops there.
        k.note_full(137, 10);
        assert_eq!(k.first_unknown(137), 138);
        // Day 138, 128 days after day 10, is the first beyond it: neither recorded nor read.
        k.note_full(138, 10);
        assert_eq!(k.first_unknown(138), 138);
        // Two days later the window starts at 12: day 13 is bit 1, day 137 bit 125.
        k.note_full(20, 12);
        assert_eq!(k.base, 12);
        assert_eq!(k.days & 0b11, 0b10, "day 12 not known, day 13 known");
        assert_eq!(k.first_unknown(13), 14);
        assert_eq!(k.first_unknown(137), 138);
        // 200 days later everything known has passed.
        k.note_full(300, 300);
        assert_eq!((k.base, k.days), (300, 1));
    }

    #[test]
    fn reserved_slots_stay_taken_later_the_same_day_only() {
        let mut k = KnownFull::new();
        let nine = SimTime::from_day(4) + crate::engine::Minutes::hours(9);
        assert!(!k.reserved_full(4, nine));
        k.note_reserved_full(4, nine);
        assert!(k.reserved_full(4, nine));
        assert!(k.reserved_full(4, nine + crate::engine::Minutes(1)));
        assert!(!k.reserved_full(4, SimTime::from_day(4)), "an earlier instant is not covered");
        assert!(!k.reserved_full(5, SimTime::from_day(5)), "another day is not covered");
    }
}
