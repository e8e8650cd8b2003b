//! Services: capacity beyond GP calendars, booked by count.
//!
//! A service (the baseline pharmacy/nurse walk-in, a teleconsultation
//! platform, a PDSA roster, an advanced-practice nurse, a mobile unit …) has
//! opening hours, a consultation length and a number of parallel servers.
//! The k-th consultation of a day takes slot ⌊k / parallel⌋; a day's count
//! only grows, so no place is given twice. Days are kept in a ring of
//! `horizon` days, reset lazily as for GP calendars.

use super::coordination::places_withheld_on;
use super::policy::ServiceSpec;
use crate::engine::{Calendar, Minutes, SimTime, Weekday};

/// A service and its bookings. Its opening hours (`calendar.hours`), slot
/// length, parallel servers and daily capacity are fixed once made
/// ([`Service::new`] counts its places per weekday from them).
#[derive(Clone, Debug)]
pub struct Service {
    pub spec: ServiceSpec,
    pub calendar: Calendar,
    /// Parallel servers (sites × staff on duty).
    pub parallel: u32,
    /// Places of a day whose hours are those of weekday i (Monday = 0),
    /// before coordination time: [`Service::base_capacity`] read in a table
    /// instead of counted for every day a search scans.
    week_places: [u32; 7],
    booked: Vec<(u32, u32)>,
    /// Days `full.0 .. full.1` are all full (or closed). A day's count only
    /// grows, its capacity is fixed, and the ring never resets a day that a
    /// query can still reach (bookings lie within the horizon of an instant
    /// no later than any later query), so a full day stays full:
    /// [`Service::earliest`] skips the run and a full platform answers at
    /// once instead of scanning its horizon for every eligible need (a
    /// teleconsultation platform is full most days). Kept by [`Service::book`]:
    /// days fill mostly in order, extending the run.
    full: (u32, u32),
    /// Places withheld on each open day on average for its nurses'
    /// coordination time (`model::coordination`; 0 when none). Set before the
    /// first booking and never changed, so a day's capacity stays fixed.
    pub coordination_places: f64,
}

impl Service {
    pub fn new(spec: ServiceSpec, calendar: Calendar) -> Self {
        let n = spec.horizon_days.max(1) as usize;
        let parallel = spec.parallel.max(1);
        let week_places = std::array::from_fn(|i| places_on(&spec, &calendar, parallel, Weekday::of_day(i as u32)));
        Service { spec, calendar, parallel, week_places, booked: vec![(u32::MAX, 0); n], full: (0, 0), coordination_places: 0.0 }
    }

    fn count(&self, day: u32) -> u32 {
        let e = self.booked[day as usize % self.booked.len()];
        if e.0 == day {
            e.1
        } else {
            0
        }
    }

    /// Consultations one day can hold.
    /// The one place where a service's capacity is set: its places of the
    /// day less those its nurses' coordination time withholds.
    fn day_capacity(&self, day: u32) -> u32 {
        self.calendar.hours_day(day, self.spec.holidays).map_or(0, |wd| self.capacity_on(day, wd))
    }

    /// [`Service::day_capacity`] of `day`, open on the hours of weekday `wd`.
    fn capacity_on(&self, day: u32, wd: Weekday) -> u32 {
        let base = self.week_places[wd.index()];
        base - self.withheld_of(day, base)
    }

    /// Consultations one day could hold without coordination time.
    fn base_capacity(&self, day: u32) -> u32 {
        self.calendar.hours_day(day, self.spec.holidays).map_or(0, |wd| self.week_places[wd.index()])
    }

    /// Places of `day` withheld for coordination (at most `base`, the day's
    /// places): [`places_withheld_on`] of the day's rank among the open
    /// weekdays of the regular hours, counted from day 0.
    fn withheld_of(&self, day: u32, base: u32) -> u32 {
        if self.coordination_places <= 0.0 || base == 0 {
            return 0;
        }
        let open = |d: u32| self.calendar.hours.minutes_open(Weekday::of_day(d)) > 0;
        let week = day / 7;
        let per_week = (0..7).filter(|&d| open(d)).count() as u64;
        let before = (week * 7..day).filter(|&d| open(d)).count() as u64;
        places_withheld_on(self.coordination_places, u64::from(week) * per_week + before).min(base)
    }

    /// Places of `day` withheld for its nurses' coordination time (0 when none).
    pub fn withheld_places(&self, day: u32) -> u32 {
        self.withheld_of(day, self.base_capacity(day))
    }

    /// Weekdays the regular hours open (the days coordination time is spread over).
    pub fn open_weekdays(&self) -> u32 {
        (0..7).filter(|&d| self.calendar.hours.minutes_open(Weekday::of_day(d)) > 0).count() as u32
    }

    /// The earliest place at or after `now` and no later than `latest`: (day, index, start).
    pub fn earliest(&self, now: SimTime, latest: SimTime) -> Option<(u32, u32, SimTime)> {
        let slot = Minutes(self.spec.slot_minutes);
        let last = latest.day().min(now.day() + self.booked.len() as u32 - 1);
        let (lo, hi) = self.full;
        let first = if (lo..hi).contains(&now.day()) { hi } else { now.day() };
        for day in first..=last {
            let Some(wd) = self.calendar.hours_day(day, self.spec.holidays) else {
                continue;
            };
            let cap = self.capacity_on(day, wd);
            let mut k = self.count(day);
            if day == now.day() {
                k = k.max(self.calendar.hours.first_slot_at_or_after(wd, slot, now.minute_of_day()) * self.parallel);
            }
            if k < cap {
                let minute = self.calendar.hours.slot_start(wd, slot, k / self.parallel)?;
                let start = SimTime::from_day(day) + Minutes(minute);
                return (start <= latest).then_some((day, k, start));
            }
        }
        None
    }

    /// Takes place `k` of `day` (found by [`Service::earliest`]); false if taken.
    pub fn book(&mut self, day: u32, k: u32) -> bool {
        let n = self.booked.len();
        let e = &mut self.booked[day as usize % n];
        if e.0 != day {
            *e = (day, 0);
        }
        if k < e.1 {
            return false;
        }
        e.1 = k + 1;
        if e.1 >= self.day_capacity(day) {
            self.note_full(day);
        }
        true
    }

    /// Records that `day` is now full: extends the run of full days when it
    /// is the day right after the run, or starts a new run at `day`.
    fn note_full(&mut self, day: u32) {
        let (lo, hi) = self.full;
        if (lo..hi).contains(&day) {
            return;
        }
        let lo = if day == hi && hi > lo { lo } else { day };
        let end = day + self.booked.len() as u32;
        let mut d = day + 1;
        while d < end && self.count(d) >= self.day_capacity(d) {
            d += 1;
        }
        self.full = (lo, d);
    }
}

/// Consultations a day on the hours of weekday `wd` can hold without
/// coordination time: its whole slots times the parallel servers, at most
/// the daily capacity when one is set.
fn places_on(spec: &ServiceSpec, calendar: &Calendar, parallel: u32, wd: Weekday) -> u32 {
    let slots = calendar.hours.slots_on(wd, Minutes(spec.slot_minutes)) * parallel;
    if spec.capacity_per_day > 0 {
        slots.min(spec.capacity_per_day)
    } else {
        slots
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calendar::hm;
    use crate::engine::OpeningHours;
    use crate::engine::{HolidayHours, Weekday};
    use crate::model::providers::ProfessionalKind;

    fn service(parallel: u32, cap: u32) -> Service {
        let hours = OpeningHours::weekly(&[Weekday::Monday, Weekday::Tuesday], (hm(9, 0), hm(10, 0)), (0, 0));
        let spec = ServiceSpec {
            label: "x".into(),
            kind: ProfessionalKind::Nurse,
            remote: false,
            hours: hours.clone(),
            slot_minutes: 30,
            capacity_per_day: cap,
            parallel,
            zones: vec![0],
            follow_up_share: 0.0,
            unit_cost_eur: 0.0,
            horizon_days: 14,
            holidays: HolidayHours::Closed,
            team_care: false,
            owner: None,
        };
        Service::new(spec, Calendar::new(hours))
    }

    #[test]
    fn parallel_servers_share_slots_and_days_fill_up() {
        let mut s = service(2, 0);
        let now = SimTime::ZERO;
        let mut starts = Vec::new();
        for _ in 0..5 {
            let (day, k, start) = s.earliest(now, SimTime::from_day(10)).unwrap();
            assert!(s.book(day, k));
            starts.push((day, start.minute_of_day()));
        }
        // 2 slots × 2 servers on Monday, then Tuesday.
        assert_eq!(starts, vec![(0, 540), (0, 540), (0, 570), (0, 570), (1, 540)]);
    }

    #[test]
    fn capacity_caps_a_day_and_places_are_never_given_twice() {
        let mut s = service(4, 3);
        for _ in 0..3 {
            let (d, k, _) = s.earliest(SimTime::ZERO, SimTime::from_day(10)).unwrap();
            assert_eq!(d, 0);
            s.book(d, k);
        }
        assert_eq!(s.earliest(SimTime::ZERO, SimTime::from_day(10)).unwrap().0, 1);
        assert!(!s.book(0, 1), "an index already passed cannot be booked");
        assert!(s.earliest(SimTime::ZERO, SimTime::from_day(0) + Minutes::hours(23)).is_none());
    }

    #[test]
    fn a_duty_roster_opens_on_sunday_hours_on_a_weekday_holiday() {
        // PDSA hours: weekdays 20:00–24:00, Sundays 08:00–24:00. Day 2 (a
        // Wednesday) is a public holiday: its first place is at 08:00, not 20:00.
        let spec = ServiceSpec { holidays: HolidayHours::AsSunday, ..service(1, 0).spec };
        let mut s = Service::new(spec, Calendar::new(crate::model::policy::pdsa::out_of_hours()).with_holidays(vec![2]));
        let (day, _, start) = s.earliest(SimTime::from_day(2), SimTime::from_day(3)).unwrap();
        assert_eq!((day, start.minute_of_day()), (2, 8 * 60));
        let (day, _, start) = s.earliest(SimTime::from_day(1), SimTime::from_day(2)).unwrap();
        assert_eq!((day, start.minute_of_day()), (1, 20 * 60), "an ordinary Tuesday opens at 20:00");
        s.spec.holidays = HolidayHours::Closed;
        let (day, _, _) = s.earliest(SimTime::from_day(2), SimTime::from_day(4)).unwrap();
        assert_eq!(day, 3, "closed on the holiday");
    }

    #[test]
    fn coordination_time_withholds_places_of_the_open_days_only() {
        // Monday and Tuesday open 9:00–10:00, 30-minute slots: 2 places a day
        // (by hand), none Wednesday–Sunday. Day 1 (a Tuesday) is a holiday,
        // closed. Coordination of 0.5 place per open day: ranks of the regular
        // open days 0 (day 0), 1 (day 1), 2 (day 7), 3 (day 8) withhold
        // ⌊0.5(i+1)⌋ − ⌊0.5 i⌋ = 0, 1, 0, 1; the holiday has no place to withhold
        // and does not shift the ranks of the days after it.
        let hours = service(1, 0).spec.hours;
        let mut s = Service::new(service(1, 0).spec, Calendar::new(hours).with_holidays(vec![1]));
        let base: Vec<u32> = (0..9).map(|d| s.base_capacity(d)).collect();
        assert_eq!(base, vec![2, 0, 0, 0, 0, 0, 0, 2, 2]);
        s.coordination_places = 0.5;
        let withheld: Vec<u32> = (0..9).map(|d| s.withheld_places(d)).collect();
        assert_eq!(withheld, vec![0, 0, 0, 0, 0, 0, 0, 0, 1]);
        assert_eq!(s.day_capacity(8), 1, "2 places less the 1 withheld");
        // More coordination than places: a day withholds at most its own places.
        s.coordination_places = 3.0;
        let withheld: Vec<u32> = (0..9).map(|d| s.withheld_places(d)).collect();
        assert_eq!(withheld, vec![2, 0, 0, 0, 0, 0, 0, 2, 2]);
        assert_eq!(s.day_capacity(7), 0);
    }

    #[test]
    fn past_slots_of_today_are_skipped() {
        let s = service(1, 0);
        let (day, _, start) = s.earliest(SimTime::from_day(0) + Minutes(9 * 60 + 10), SimTime::from_day(10)).unwrap();
        assert_eq!((day, start.minute_of_day()), (0, 570));
    }

    #[test]
    fn full_days_are_skipped_with_the_same_answers_as_a_scan() {
        // Monday and Tuesday open, 2 places a day (Wednesday–Sunday closed):
        // places come in order across the closed days, the run of full days
        // covers the whole horizon, and every later instant answers None.
        let mut s = service(1, 0);
        let mut seen = Vec::new();
        while let Some((d, k, start)) = s.earliest(SimTime::ZERO, SimTime::from_day(13)) {
            assert!(s.book(d, k));
            seen.push((d, start.minute_of_day()));
        }
        assert_eq!(seen, vec![(0, 540), (0, 570), (1, 540), (1, 570), (7, 540), (7, 570), (8, 540), (8, 570)]);
        assert_eq!(s.full, (0, 14), "the whole horizon is known full");
        for day in 0..14 {
            assert!(s.earliest(SimTime::from_day(day), SimTime::from_day(13)).is_none());
        }
    }
}
