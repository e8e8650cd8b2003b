//! Simulated time: integer minutes since the start of the run.
//!
//! Time is an unsigned 32-bit count of minutes, which covers 8,000 years; a
//! floating-point clock would make event order depend on rounding. Day 0 is a
//! Monday and starts at minute 0 (see [`super::calendar`]).

use std::fmt;
use std::ops::{Add, Sub};

/// Minutes in an hour.
pub const MINUTES_PER_HOUR: u32 = 60;
/// Minutes in a day.
pub const MINUTES_PER_DAY: u32 = 24 * MINUTES_PER_HOUR;
/// Minutes in a week.
pub const MINUTES_PER_WEEK: u32 = 7 * MINUTES_PER_DAY;

/// An instant of simulated time, in minutes since the start of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u32);

/// A duration of simulated time, in minutes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minutes(pub u32);

impl SimTime {
    /// The start of the run.
    pub const ZERO: SimTime = SimTime(0);
    /// The largest representable instant, used as "never".
    pub const NEVER: SimTime = SimTime(u32::MAX);

    /// The instant at the start of day `day` (00:00).
    pub fn from_day(day: u32) -> SimTime {
        SimTime(day.saturating_mul(MINUTES_PER_DAY))
    }

    /// Whole days since the start of the run.
    pub fn day(self) -> u32 {
        self.0 / MINUTES_PER_DAY
    }

    /// Minutes since midnight of the current day (0..1440).
    pub fn minute_of_day(self) -> u32 {
        self.0 % MINUTES_PER_DAY
    }

    /// Time elapsed since `earlier`; zero if `earlier` is later.
    pub fn since(self, earlier: SimTime) -> Minutes {
        Minutes(self.0.saturating_sub(earlier.0))
    }

    /// The time in fractional days, for reporting.
    pub fn as_days_f64(self) -> f64 {
        f64::from(self.0) / f64::from(MINUTES_PER_DAY)
    }
}

impl Minutes {
    /// A number of whole days.
    pub fn days(d: u32) -> Minutes {
        Minutes(d.saturating_mul(MINUTES_PER_DAY))
    }

    /// A number of whole hours.
    pub fn hours(h: u32) -> Minutes {
        Minutes(h.saturating_mul(MINUTES_PER_HOUR))
    }

    /// A fractional number of days, rounded to the nearest minute and
    /// saturated at the largest representable duration.
    pub fn from_days_f64(d: f64) -> Minutes {
        let m = (d * f64::from(MINUTES_PER_DAY)).round();
        if m.is_nan() || m <= 0.0 {
            Minutes(0)
        } else if m >= f64::from(u32::MAX) {
            Minutes(u32::MAX)
        } else {
            Minutes(m as u32)
        }
    }

    /// The duration in fractional days, for reporting.
    pub fn as_days_f64(self) -> f64 {
        f64::from(self.0) / f64::from(MINUTES_PER_DAY)
    }
}

impl Add<Minutes> for SimTime {
    type Output = SimTime;
    /// Saturates at [`SimTime::NEVER`] instead of wrapping.
    fn add(self, rhs: Minutes) -> SimTime {
        SimTime(self.0.saturating_add(rhs.0))
    }
}

impl Sub<SimTime> for SimTime {
    type Output = Minutes;
    fn sub(self, rhs: SimTime) -> Minutes {
        self.since(rhs)
    }
}

impl fmt::Display for SimTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.minute_of_day();
        write!(f, "day {} {:02}:{:02}", self.day(), m / 60, m % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_and_minute_of_day_split_an_instant() {
        let t = SimTime::from_day(3) + Minutes::hours(8) + Minutes(30);
        assert_eq!(t.day(), 3);
        assert_eq!(t.minute_of_day(), 8 * 60 + 30);
        assert_eq!(t.to_string(), "day 3 08:30");
    }

    #[test]
    fn adding_saturates_instead_of_wrapping() {
        assert_eq!(SimTime(u32::MAX - 1) + Minutes(10), SimTime::NEVER);
    }

    #[test]
    fn since_never_goes_negative() {
        assert_eq!(SimTime(5).since(SimTime(10)), Minutes(0));
        assert_eq!(SimTime(10) - SimTime(4), Minutes(6));
    }

    #[test]
    fn fractional_days_round_to_minutes() {
        assert_eq!(Minutes::from_days_f64(0.5), Minutes(720));
        assert_eq!(Minutes::from_days_f64(-1.0), Minutes(0));
        assert_eq!(Minutes::from_days_f64(f64::NAN), Minutes(0));
        assert_eq!(Minutes::from_days_f64(1e12), Minutes(u32::MAX));
    }
}
