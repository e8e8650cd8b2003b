//! Professionals and their slot calendars.
//!
//! A GP has a weekly calendar of consultation slots (from the practice's
//! opening hours and the slot length), a share of each day's slots reserved
//! for unscheduled care, a list of registered patients under a cap, and weeks
//! off (staggered across GPs). The booked slots of each day are one bit each
//! in a 64-bit mask, kept in a ring of `horizon` days that is reset lazily,
//! so a slot can never be booked twice and booking costs a few bit operations
//! per day searched. The [`ProfessionalKind`] enum leaves room for the other
//! professions the policies will add.

use crate::engine::{Calendar, Minutes, OpeningHours, SimTime, Weekday};
use crate::model::known_full::KnownFull;
use crate::model::list_closure::DiaryLoad;

/// Kinds of professionals (only GPs have slot calendars in the baseline).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfessionalKind {
    Gp,
    Nurse,
    AdvancedPracticeNurse,
    Pharmacist,
    Physiotherapist,
    Midwife,
    Specialist,
}

/// The slot layout shared by all GPs of a run: which slots exist on each
/// weekday and which are reserved for unscheduled care.
#[derive(Clone, Debug)]
pub struct SlotLayout {
    pub calendar: Calendar,
    pub slot: Minutes,
    /// All slots of each weekday, one bit per slot.
    all: [u64; 7],
    /// Slots reserved for unscheduled care, per weekday.
    reserved: [u64; 7],
}

impl SlotLayout {
    /// Builds the layout; at most 64 slots per day (checked by scenario validation).
    pub fn new(calendar: Calendar, slot: Minutes, unscheduled_share: f64) -> Self {
        let mut all = [0u64; 7];
        let mut reserved = [0u64; 7];
        for d in Weekday::ALL {
            let n = calendar.hours.slots_on(d, slot).min(64);
            all[d.index()] = if n == 64 { u64::MAX } else { (1u64 << n) - 1 };
            // Spread the reserved slots evenly through the day (Bresenham).
            let r = (f64::from(n) * unscheduled_share.clamp(0.0, 1.0)).round() as u32;
            for k in 0..n {
                if (k + 1) * r / n.max(1) > k * r / n.max(1) {
                    reserved[d.index()] |= 1 << k;
                }
            }
        }
        SlotLayout { calendar, slot, all, reserved }
    }

    /// Slots offered on `day` by a GP who works that day (public holidays excluded).
    pub fn slots_on_day(&self, day: u32) -> u32 {
        if self.calendar.is_holiday(day) {
            0
        } else {
            self.all[Weekday::of_day(day).index()].count_ones()
        }
    }

    /// The most slots of any weekday (holidays aside).
    pub fn max_slots_per_day(&self) -> u32 {
        self.all.iter().map(|m| m.count_ones()).max().unwrap_or(0)
    }

    /// Regular slots of `day`'s weekday (holidays aside): the calendar's slots.
    fn regular_slots(&self, day: u32) -> u32 {
        self.all[Weekday::of_day(day).index()].count_ones()
    }

    /// Whether a booking is a consultation squeezed in beyond the day's
    /// calendar ([`Gp::squeeze_in`]): its slot number is past the regular ones.
    pub fn is_squeezed_in(&self, b: &Booking) -> bool {
        b.slot >= self.regular_slots(b.day)
    }

    fn start_of(&self, day: u32, k: u32) -> SimTime {
        let m = self.calendar.hours.slot_start(Weekday::of_day(day), self.slot, k).unwrap_or(0);
        SimTime::from_day(day) + Minutes(m)
    }
}

/// The opening hours of a practice from "HH:MM-HH:MM" strings.
pub fn practice_hours(morning: (u16, u16), afternoon: (u16, u16), saturday_morning: bool) -> OpeningHours {
    use Weekday::*;
    let mut h = OpeningHours::weekly(&[Monday, Tuesday, Wednesday, Thursday, Friday], morning, afternoon);
    if saturday_morning {
        h.set(Saturday, morning, (0, 0));
    }
    h
}

/// Which slots a booking may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotUse {
    /// Regular slots only, from the next day on.
    Scheduled,
    /// Reserved slots of the current (or next working) day first, then regular slots.
    Unscheduled,
    /// Reserved slots of the current (or next working) day only (shared unscheduled care).
    ReservedOnly,
}

/// A booked slot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Booking {
    pub gp: u32,
    pub day: u32,
    pub slot: u32,
    pub start: SimTime,
}

/// The first day a search at `now` for usage `usage` looks at for regular
/// slots (scheduled: from tomorrow), no earlier than `from_day`.
pub fn first_search_day(usage: SlotUse, now: SimTime, from_day: u32) -> u32 {
    if usage == SlotUse::Scheduled {
        (now.day() + 1).max(from_day)
    } else {
        now.day().max(from_day)
    }
}

/// The slots of `free` (of `day`) that start at or after `now`.
#[inline(always)]
fn not_before(layout: &SlotLayout, day: u32, now: SimTime, free: u64) -> u64 {
    if day != now.day() {
        return free;
    }
    let first = layout.calendar.hours.first_slot_at_or_after(Weekday::of_day(day), layout.slot, now.minute_of_day());
    free & if first >= 64 { 0 } else { u64::MAX << first }
}

/// A general practitioner.
#[derive(Clone, Debug)]
pub struct Gp {
    pub zone: u32,
    /// Practising (false once retired).
    pub active: bool,
    /// Age in years at the start of the run.
    pub age: u8,
    /// Patients registered with this GP (médecin traitant).
    pub list_size: u32,
    /// First week (0–51) of this GP's yearly absence block.
    pub weeks_off_start: u32,
    /// Ring of (day, booked-slot mask), indexed by day modulo its length.
    booked: Vec<(u32, u64)>,
    /// Slots of a day this GP offers (all by default; `gp.daily_slot_caps`).
    offered: u64,
    /// Absences at fixed times of the year (summer, Christmas).
    pub leave: SeasonalLeave,
    /// Weekdays off every week (bit i = weekday i, Monday = 0): a part-time GP's (`model::rhythm`).
    pub days_off: u8,
    /// Day of the run on which this GP stops practising, when it is known
    /// ahead (a retirement drawn by the workforce dynamics); `u32::MAX` when
    /// none is planned. The GP's calendar is closed from that day on, so no
    /// patient books a slot the GP will not give.
    pub retires_on: u32,
    /// The diary's recent load and whether the list is closed to new
    /// registrations (`model::list_closure`).
    pub diary: DiaryLoad,
}

/// A GP's absences at fixed times of the year, within its weeks off: a
/// summer block and the Christmas week(s); the rest of its weeks off stay
/// one block at `Gp::weeks_off_start`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SeasonalLeave {
    /// First week of the year (0 = the week of 1 January) of the summer block.
    pub summer_start: u8,
    pub summer_weeks: u8,
    /// Weeks off from week 51 (24–30 December) on.
    pub christmas_weeks: u8,
    /// Day of the year of the run's day 0.
    pub year_offset: u16,
}

/// The weeks of the year in which some GP may be on seasonal leave, as
/// counted from the windows' first weeks (`SeasonalLeave::SUMMER_FIRST_WEEK`,
/// `SeasonalLeave::CHRISTMAS_WEEK`): what the season warning (`scenario`) and
/// the warm-up check (`experiment::warmup`) look at, from the one rule
/// [`SeasonalLeave::seasonal_weeks`]. A window of 0 weeks is no leave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeaveWindows {
    /// Weeks of the summer window (`SUMMER_WINDOW_WEEKS`, or 0 without summer leave).
    pub summer_weeks: u32,
    /// Weeks of Christmas leave from the Christmas week (0 to 2).
    pub christmas_weeks: u32,
}

impl SeasonalLeave {
    /// First week of the summer window (1 July, day 181).
    pub const SUMMER_FIRST_WEEK: u32 = 26;
    /// Weeks of the summer window (July and August).
    pub const SUMMER_WINDOW_WEEKS: u32 = 9;
    /// The week of Christmas (days 357–363 of the year).
    pub const CHRISTMAS_WEEK: u32 = 51;

    /// The weeks of `gp`'s seasonal leave, (summer, Christmas): `gp.summer_weeks_off`
    /// within the summer window, `gp.christmas_weeks_off` up to 2, both part of
    /// `gp.weeks_off_per_year`, never more (the summer block first). The one rule
    /// of the leave the doctors take (`world::setup::seasonal_leave`) and of the
    /// season warning (`scenario`).
    pub fn seasonal_weeks(gp: &crate::model::params::GpParams) -> (u32, u32) {
        let summer = gp.summer_weeks_off.min(Self::SUMMER_WINDOW_WEEKS).min(gp.weeks_off_per_year);
        let christmas = gp.christmas_weeks_off.min(2).min(gp.weeks_off_per_year - summer);
        (summer, christmas)
    }

    /// The windows GPs with parameters `gp` take their seasonal leave in
    /// ([`LeaveWindows`]): the summer window when they take summer leave,
    /// [`SeasonalLeave::seasonal_weeks`]' Christmas weeks (0 to 2).
    pub fn windows(gp: &crate::model::params::GpParams) -> LeaveWindows {
        let (summer, christmas) = Self::seasonal_weeks(gp);
        LeaveWindows { summer_weeks: if summer > 0 { Self::SUMMER_WINDOW_WEEKS } else { 0 }, christmas_weeks: christmas }
    }

    fn weeks(self) -> u32 {
        u32::from(self.summer_weeks) + u32::from(self.christmas_weeks)
    }

    /// Week of the year (0–51, 0 = the week of 1 January) of run day `day`,
    /// the run's day 0 being day `year_offset` of the year: the one
    /// week-of-year rule of the leave windows (also the warm-up check's,
    /// `experiment::warmup::leave_week`).
    pub fn week_of_year(day: u32, year_offset: u32) -> u32 {
        ((day + year_offset) / 7) % 52
    }

    /// Weeks from week `first` forward to week `week` round the 52-week
    /// year (0–51): `week` is in a window of `n` weeks from `first` when
    /// this is below `n`.
    pub fn weeks_since(week: u32, first: u32) -> u32 {
        (week + 52 - first) % 52
    }

    /// Whether someone with this seasonal leave, and the rest of its
    /// `weeks_off` a year as one block from week `weeks_off_start`, is away on
    /// `day` (of the run): the leave rule of [`Gp::is_off`], also the
    /// specialists' (`model::world::second_line`).
    pub fn away(self, weeks_off_start: u32, day: u32, weeks_off: u32) -> bool {
        let free = weeks_off.saturating_sub(self.weeks());
        Self::weeks_since(Self::week_of_year(day, 0), weeks_off_start) < free || (self.weeks() > 0 && self.covers(day))
    }

    /// Whether `day` (of the run) falls in the summer block or at Christmas.
    fn covers(self, day: u32) -> bool {
        let woy = Self::week_of_year(day, u32::from(self.year_offset));
        Self::weeks_since(woy, u32::from(self.summer_start)) < u32::from(self.summer_weeks)
            || Self::weeks_since(woy, Self::CHRISTMAS_WEEK) < u32::from(self.christmas_weeks)
    }
}

impl Gp {
    /// A GP in `zone` whose calendar is open `horizon_days` ahead.
    pub fn new(zone: u32, weeks_off_start: u32, horizon_days: u32) -> Self {
        Gp {
            zone,
            active: true,
            age: 50,
            list_size: 0,
            weeks_off_start,
            booked: vec![(u32::MAX, 0); horizon_days.max(1) as usize],
            offered: u64::MAX,
            leave: SeasonalLeave::default(),
            days_off: 0,
            retires_on: u32::MAX,
            diary: DiaryLoad::default(),
        }
    }

    /// Whether this GP takes a new registered patient (médecin traitant):
    /// practising, its list under `cap`, and its list not closed because its
    /// diary is saturated (`model::list_closure`). The one rule of every path
    /// that registers a patient (set-up, after a consultation, CPTS matching).
    #[inline]
    pub fn takes_new_patients(&self, cap: u32) -> bool {
        self.active && self.list_size < cap && !self.diary.closed()
    }

    /// Of a day's `slots`, how many this GP offers.
    pub fn offered_of(&self, slots: u32) -> u32 {
        slots.min(self.offered.count_ones())
    }

    /// Offers only the first `cap` slots of each day.
    pub fn cap_daily_slots(&mut self, cap: u32) {
        self.offered = if cap >= 64 { u64::MAX } else { (1u64 << cap) - 1 };
    }

    /// Whether the GP is away on `day`: `weeks_off` a year, of which the
    /// seasonal ones ([`SeasonalLeave`]) at fixed times of the year and the
    /// rest as one block from `weeks_off_start` (which may overlap them);
    /// and every week on its weekdays off (`days_off`, part time); and from
    /// its planned retirement day (`retires_on`) on.
    pub fn is_off(&self, day: u32, weeks_off: u32) -> bool {
        if day >= self.retires_on || self.days_off >> Weekday::of_day(day).index() & 1 == 1 {
            return true;
        }
        self.leave.away(self.weeks_off_start, day, weeks_off)
    }

    fn mask_mut(&mut self, day: u32) -> &mut u64 {
        let n = self.booked.len();
        let e = &mut self.booked[day as usize % n];
        if e.0 != day {
            *e = (day, 0);
        }
        &mut e.1
    }

    /// Hands `prefetch` the calendar entries of `day` and the next days
    /// (a cache line, four days), where a booking search starts.
    #[inline]
    pub fn prefetch_days(&self, day: u32, prefetch: fn(*const (u32, u64))) {
        let n = self.booked.len();
        prefetch(self.booked.as_ptr().wrapping_add(day as usize % n));
        prefetch(self.booked.as_ptr().wrapping_add((day as usize + 4) % n));
    }

    fn mask(&self, day: u32) -> u64 {
        let e = self.booked[day as usize % self.booked.len()];
        if e.0 == day {
            e.1
        } else {
            0
        }
    }

    /// Number of slots booked on `day` (0 if the day left the ring).
    pub fn booked_on(&self, day: u32) -> u32 {
        self.mask(day).count_ones()
    }

    /// Free slots of `day` usable as `kind`, starting at or after `now`.
    // `#[inline(always)]`: called for every day `earliest` scans (millions of
    // times a run). Left to LLVM, inlining it into `earliest` depended on how
    // the rest of the crate was laid out (a module move made it an out-of-line
    // call and cost clinic-1m 4 % of its instructions).
    #[inline(always)]
    fn free_slots(&self, layout: &SlotLayout, day: u32, now: SimTime, reserved: bool, weeks_off: u32) -> u64 {
        let free = self.free_slots_any_hour(layout, day, reserved, weeks_off);
        if free == 0 {
            return 0;
        }
        not_before(layout, day, now, free)
    }

    /// Free slots of `day` usable as `kind`, at any hour of the day (0 on a
    /// holiday or a day off).
    #[inline(always)]
    fn free_slots_any_hour(&self, layout: &SlotLayout, day: u32, reserved: bool, weeks_off: u32) -> u64 {
        let wd = Weekday::of_day(day).index();
        let kind = if reserved { layout.reserved[wd] } else { layout.all[wd] & !layout.reserved[wd] };
        let free = kind & self.offered & !self.mask(day);
        // A full day (the common case in a busy calendar) needs no holiday or leave check.
        if free == 0 || layout.calendar.is_holiday(day) || self.is_off(day, weeks_off) {
            return 0;
        }
        free
    }

    /// The earliest slot that `usage` allows, no later than `latest`, without
    /// booking it. Scheduled bookings start the next day; unscheduled ones try
    /// the reserved slots of today (or of the next day the practice opens, if
    /// it is closed now) and then regular slots.
    pub fn earliest(&self, layout: &SlotLayout, now: SimTime, latest: SimTime, usage: SlotUse, weeks_off: u32) -> Option<Booking> {
        self.earliest_from(layout, now, 0, latest, usage, weeks_off)
    }

    /// As [`Gp::earliest`], for a scheduled booking wanted on `from_day` or
    /// later (booking ahead: `from_day` is the preferred date). The
    /// calendar's horizon still counts from `now`; `from_day` does not move
    /// the same-day (reserved) part of an unscheduled search.
    pub fn earliest_from(
        &self,
        layout: &SlotLayout,
        now: SimTime,
        from_day: u32,
        latest: SimTime,
        usage: SlotUse,
        weeks_off: u32,
    ) -> Option<Booking> {
        if !self.active {
            return None;
        }
        let today = now.day();
        let horizon_end = today + self.booked.len() as u32 - 1;
        let last_day = latest.day().min(horizon_end);
        if usage != SlotUse::Scheduled {
            let day = match layout.calendar.next_opening(now, 7) {
                Some(t) => t.day(),
                None => return None,
            };
            if day <= last_day {
                let free = self.free_slots(layout, day, now, true, weeks_off);
                if free != 0 {
                    return self.booking_if_before(layout, day, free, latest);
                }
            }
            if usage == SlotUse::ReservedOnly {
                return None;
            }
        }
        let first_day = if usage == SlotUse::Scheduled { (today + 1).max(from_day) } else { today.max(from_day) };
        for day in first_day..=last_day {
            let free = self.free_slots(layout, day, now, false, weeks_off);
            if free != 0 {
                return self.booking_if_before(layout, day, free, latest);
            }
        }
        None
    }

    /// A consultation squeezed in beyond the calendar: on the first day from
    /// the practice's next opening to `latest` that this GP works and that
    /// has fewer than `extra` squeezed-in consultations booked, at the time of
    /// the day's last regular slot (or now, if later). The squeezed-in
    /// consultations of a day are the mask's bits past its regular slots, so
    /// they are never offered to an ordinary search and never booked twice.
    /// `extra` is `gp.squeeze_in_per_day` (INSEE Analyses n° 51, 2020: GPs
    /// under tension give ≈ 10 % more consultations in the same hours).
    pub fn squeeze_in(&self, layout: &SlotLayout, now: SimTime, latest: SimTime, extra: u32, weeks_off: u32) -> Option<Booking> {
        if !self.active || extra == 0 {
            return None;
        }
        let first = layout.calendar.next_opening(now, 7)?.day();
        let horizon_end = now.day() + self.booked.len() as u32 - 1;
        for day in first..=latest.day().min(horizon_end) {
            let n = layout.regular_slots(day);
            if n == 0 || n >= 64 || layout.calendar.is_holiday(day) || self.is_off(day, weeks_off) {
                continue;
            }
            let top = (n + extra).min(64);
            let upto = if top == 64 { u64::MAX } else { (1u64 << top) - 1 };
            let free = upto & !((1u64 << n) - 1) & !self.mask(day);
            if free == 0 {
                continue;
            }
            let last = layout.start_of(day, n - 1);
            let start = if day == now.day() { last.max(now) } else { last };
            return (start <= latest).then_some(Booking { gp: u32::MAX, day, slot: free.trailing_zeros(), start });
        }
        None
    }

    /// As [`Gp::earliest_from`], the same answer, reading and completing
    /// what `known` (this GP's entry of the index, `model::known_full`)
    /// says is full: a GP known booked up answers without reading its
    /// calendar. What `known` records holds at any later instant (and a
    /// reserved-slot record is not used for an earlier one).
    #[allow(clippy::too_many_arguments)]
    pub fn earliest_known(
        &self,
        layout: &SlotLayout,
        now: SimTime,
        from_day: u32,
        latest: SimTime,
        usage: SlotUse,
        weeks_off: u32,
        known: &mut KnownFull,
    ) -> Option<Booking> {
        let today = now.day();
        let first_day = first_search_day(usage, now, from_day);
        // What the index answers alone, without reading this GP (all these cases answer None).
        let reserved_day = if usage != SlotUse::Scheduled {
            let day = layout.calendar.next_opening(now, 7)?.day();
            (!known.reserved_full(day, now)).then_some(day)
        } else {
            None
        };
        let regular_unknown = usage != SlotUse::ReservedOnly && known.first_unknown(first_day) <= latest.day();
        // The index first: a GP known full is not read at all (a cache miss
        // per GP swept when GPs are many).
        if (reserved_day.is_none() && !regular_unknown) || !self.active {
            return None;
        }
        let last_day = latest.day().min(today + self.booked.len() as u32 - 1);
        if let Some(day) = reserved_day.filter(|&d| d <= last_day) {
            let free = self.free_slots(layout, day, now, true, weeks_off);
            if free != 0 {
                return self.booking_if_before(layout, day, free, latest);
            }
            known.note_reserved_full(day, now);
        }
        if usage == SlotUse::ReservedOnly {
            return None;
        }
        let mut day = known.first_unknown(first_day);
        while day <= last_day {
            let free = self.free_slots_any_hour(layout, day, false, weeks_off);
            if free == 0 {
                known.note_full(day, today);
                day = known.first_unknown(day + 1);
                continue;
            }
            let free = not_before(layout, day, now, free);
            if free != 0 {
                return self.booking_if_before(layout, day, free, latest);
            }
            day = known.first_unknown(day + 1);
        }
        None
    }

    fn booking_if_before(&self, layout: &SlotLayout, day: u32, free: u64, latest: SimTime) -> Option<Booking> {
        let k = free.trailing_zeros();
        let start = layout.start_of(day, k);
        (start <= latest).then_some(Booking { gp: u32::MAX, day, slot: k, start })
    }

    /// When the first reserved (same-day) slot of `day` still free at `now`
    /// starts (None: none is free): the slot [`Gp::earliest_known`] would
    /// offer a reserved-slot search of that day, whatever its latest instant.
    /// It only moves later as slots are booked and time passes.
    pub fn first_free_reserved(&self, layout: &SlotLayout, day: u32, now: SimTime, weeks_off: u32) -> Option<SimTime> {
        let free = self.free_slots(layout, day, now, true, weeks_off);
        (free != 0).then(|| layout.start_of(day, free.trailing_zeros()))
    }

    /// Books a slot found by [`Gp::earliest`]. Returns false (and books
    /// nothing) if the slot is already taken: a slot is never booked twice.
    pub fn book(&mut self, b: &Booking) -> bool {
        let bit = 1u64 << b.slot;
        let m = self.mask_mut(b.day);
        if *m & bit != 0 {
            return false;
        }
        *m |= bit;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::calendar::hm;

    fn layout(share: f64) -> SlotLayout {
        let hours = practice_hours((hm(8, 0), hm(12, 0)), (hm(14, 0), hm(18, 0)), false);
        SlotLayout::new(Calendar::new(hours), Minutes(30), share)
    }

    #[test]
    fn layout_reserves_the_requested_share_spread_through_the_day() {
        let l = layout(0.25);
        assert_eq!(l.slots_on_day(0), 16);
        assert_eq!(l.reserved[0].count_ones(), 4);
        assert_eq!(l.slots_on_day(5), 0, "Saturday closed");
        // Not all reserved slots in the morning.
        assert!(l.reserved[0] >> 8 != 0);
    }

    #[test]
    fn scheduled_booking_starts_next_day_and_fills_in_order() {
        let l = layout(0.0);
        let mut gp = Gp::new(0, 20, 60);
        let now = SimTime::from_day(0) + Minutes::hours(9);
        let latest = SimTime::from_day(30);
        let first = gp.earliest(&l, now, latest, SlotUse::Scheduled, 0).unwrap();
        assert_eq!((first.day, first.slot), (1, 0));
        assert_eq!(first.start, SimTime::from_day(1) + Minutes::hours(8));
        assert!(gp.book(&first));
        assert!(!gp.book(&first), "a slot cannot be booked twice");
        let second = gp.earliest(&l, now, latest, SlotUse::Scheduled, 0).unwrap();
        assert_eq!((second.day, second.slot), (1, 1));
    }

    #[test]
    fn full_days_push_bookings_later_and_tolerance_can_refuse() {
        let l = layout(0.0);
        let mut gp = Gp::new(0, 20, 60);
        let now = SimTime::from_day(0) + Minutes::hours(9);
        for _ in 0..16 {
            let b = gp.earliest(&l, now, SimTime::from_day(30), SlotUse::Scheduled, 0).unwrap();
            assert_eq!(b.day, 1);
            gp.book(&b);
        }
        let next = gp.earliest(&l, now, SimTime::from_day(30), SlotUse::Scheduled, 0).unwrap();
        assert_eq!(next.day, 2);
        assert!(gp.earliest(&l, now, SimTime::from_day(1) + Minutes::hours(23), SlotUse::Scheduled, 0).is_none());
    }

    #[test]
    fn unscheduled_uses_reserved_slots_later_today() {
        let l = layout(0.25);
        let gp = Gp::new(0, 20, 60);
        let now = SimTime::from_day(0) + Minutes::hours(10);
        let b = gp.earliest(&l, now, SimTime::from_day(3), SlotUse::Unscheduled, 0).unwrap();
        assert_eq!(b.day, 0);
        assert!(b.start >= now);
        assert!(l.reserved[0] & (1 << b.slot) != 0);
        // At night, the next morning's reserved slots are the same-day offer.
        let night = SimTime::from_day(0) + Minutes::hours(22);
        let b = gp.earliest(&l, night, SimTime::from_day(3), SlotUse::Unscheduled, 0).unwrap();
        assert_eq!(b.day, 1);
    }

    #[test]
    fn the_first_free_reserved_slot_bounds_every_reserved_search_of_the_day() {
        // 08:00–12:00 and 14:00–18:00 in 30-minute slots (16 a Monday), a
        // quarter reserved. At 10:00 (slot 4) the first free reserved slot is
        // the first reserved bit at or after 4; its start is read off the
        // hours by hand, not by the layout.
        let l = layout(0.25);
        let mut gp = Gp::new(0, 20, 60);
        let ten = SimTime::from_day(0) + Minutes::hours(10);
        let by_hand = |k: u32| SimTime::from_day(0) + Minutes(if k < 8 { 8 * 60 + 30 * k } else { 14 * 60 + 30 * (k - 8) });
        let reserved: Vec<u32> = (4..16).filter(|k| l.reserved[0] & (1 << k) != 0).collect();
        assert!(reserved.len() >= 2, "the layout spreads its 4 reserved slots: {reserved:?}");
        let first = by_hand(reserved[0]);
        assert_eq!(gp.first_free_reserved(&l, 0, ten, 0), Some(first));
        // A reserved search ending a minute before it finds nothing; one ending at it books it.
        assert!(gp.earliest(&l, ten, SimTime(first.0 - 1), SlotUse::ReservedOnly, 0).is_none());
        let b = gp.earliest(&l, ten, first, SlotUse::ReservedOnly, 0).unwrap();
        assert_eq!(b.start, first);
        // Booked: the bound moves to the next reserved slot; all booked: none.
        assert!(gp.book(&b));
        assert_eq!(gp.first_free_reserved(&l, 0, ten, 0), Some(by_hand(reserved[1])));
        for &k in &reserved[1..] {
            assert!(gp.book(&Booking { gp: 0, day: 0, slot: k, start: by_hand(k) }));
        }
        assert_eq!(gp.first_free_reserved(&l, 0, ten, 0), None);
    }

    #[test]
    fn a_planned_retirement_closes_the_calendar_from_that_day() {
        // Day 0 is a Monday; 16 slots a weekday. A GP retiring on day 3
        // (Thursday) offers days 1 and 2 only: once their 32 slots are
        // booked, nothing is left before day 30.
        let l = layout(0.0);
        let mut gp = Gp::new(0, 20, 60);
        gp.retires_on = 3;
        let now = SimTime::from_day(0) + Minutes::hours(9);
        let mut days = Vec::new();
        while let Some(b) = gp.earliest(&l, now, SimTime::from_day(30), SlotUse::Scheduled, 0) {
            assert!(gp.book(&b));
            days.push(b.day);
        }
        assert_eq!(days.len(), 32);
        assert!(days.iter().all(|&d| d == 1 || d == 2), "{days:?}");
        assert!(gp.is_off(3, 0) && gp.is_off(40, 0) && !gp.is_off(2, 0));
    }

    #[test]
    fn weeks_off_and_holidays_close_the_calendar() {
        let l = layout(0.0);
        let gp = Gp::new(0, 0, 60);
        assert!(gp.is_off(3, 2) && gp.is_off(13, 2) && !gp.is_off(14, 2));
        let now = SimTime::from_day(0);
        let b = gp.earliest(&l, now, SimTime::from_day(40), SlotUse::Scheduled, 2).unwrap();
        assert_eq!(b.day, 14, "first working day after two weeks off");
    }

    #[test]
    fn seasonal_leave_falls_in_summer_and_at_christmas() {
        // Six weeks off: three in summer from week 28 (days 196–216 of the
        // year), one at Christmas (days 357–363), two from week 10 (days 70–83).
        let mut gp = Gp::new(0, 10, 60);
        gp.leave = SeasonalLeave { summer_start: 28, summer_weeks: 3, christmas_weeks: 1, year_offset: 0 };
        let off: Vec<u32> = (0..364).filter(|&d| gp.is_off(d, 6)).collect();
        let expected: Vec<u32> = (70..84).chain(196..217).chain(357..364).collect();
        assert_eq!(off, expected);
        // A run starting on 1 July (day 181 of the year): its day 15 is day 196.
        gp.leave.year_offset = 181;
        assert!(gp.is_off(15, 6) && !gp.is_off(14, 6) && gp.is_off(357 - 181, 6));
        // Without seasonal leave, the block alone.
        gp.leave = SeasonalLeave::default();
        assert_eq!((0..364).filter(|&d| gp.is_off(d, 6)).count(), 42);
    }

    #[test]
    fn a_part_time_gp_offers_no_slot_on_its_day_off() {
        // 08:00–12:00 and 14:00–18:00 in 30-minute slots: 16 a day, 5 days a
        // week = 80 a week; Wednesday off leaves 4 × 16 = 64.
        let l = layout(0.0);
        let mut gp = Gp::new(0, 20, 60);
        gp.days_off = crate::model::rhythm::days_off_mask(true, 2, 1);
        let offered: u32 = (7..14).filter(|&d| !gp.is_off(d, 0)).map(|d| gp.offered_of(l.slots_on_day(d))).sum();
        assert_eq!(offered, 64);
        // Booking from Tuesday evening skips Wednesday (day 9) to Thursday (day 10).
        let now = SimTime::from_day(8) + Minutes::hours(20);
        let b = gp.earliest(&l, now, SimTime::from_day(20), SlotUse::Scheduled, 0).unwrap();
        assert_eq!(b.day, 10);
        // Its unscheduled search on Wednesday finds no reserved slot that day either.
        let l = layout(0.25);
        let b = gp.earliest(&l, SimTime::from_day(9) + Minutes::hours(7), SimTime::from_day(20), SlotUse::ReservedOnly, 0);
        assert!(b.is_none(), "reserved slots only on the next opening day, which is the day off");
    }

    #[test]
    fn a_full_gp_squeezes_in_at_most_its_extra_consultations_a_day() {
        // 16 regular slots a weekday (08:00–12:00, 14:00–18:00, 30 min); the
        // last one starts at 17:30. Two squeezed in a day: slots 16 and 17
        // at 17:30 on Monday (day 0), then Tuesday's two, then none within
        // the window; the regular slots are untouched.
        let l = layout(0.0);
        let mut gp = Gp::new(0, 20, 60);
        let now = SimTime::from_day(0) + Minutes::hours(9);
        let latest = SimTime::from_day(1) + Minutes::hours(23);
        let last = |d: u32| SimTime::from_day(d) + Minutes::hours(17) + Minutes(30);
        let mut got = Vec::new();
        while let Some(b) = gp.squeeze_in(&l, now, latest, 2, 0) {
            assert!(l.is_squeezed_in(&b) && gp.book(&b));
            got.push((b.day, b.slot, b.start));
        }
        assert_eq!(got, vec![(0, 16, last(0)), (0, 17, last(0)), (1, 16, last(1)), (1, 17, last(1))]);
        // The ordinary search still finds Tuesday's first regular slot.
        let b = gp.earliest(&l, now, latest, SlotUse::Scheduled, 0).unwrap();
        assert_eq!((b.day, b.slot), (1, 0));
        assert!(!l.is_squeezed_in(&b));
        // Off: none; after 17:30 today: now itself; after closing: tomorrow.
        assert!(Gp::new(0, 20, 60).squeeze_in(&l, now, latest, 0, 0).is_none());
        let late = SimTime::from_day(0) + Minutes::hours(17) + Minutes(45);
        assert_eq!(Gp::new(0, 20, 60).squeeze_in(&l, late, latest, 2, 0).unwrap().start, late);
        let night = SimTime::from_day(0) + Minutes::hours(20);
        assert_eq!(Gp::new(0, 20, 60).squeeze_in(&l, night, latest, 2, 0).unwrap().start, last(1));
        // A GP away that week squeezes in nobody.
        assert!(Gp::new(0, 0, 60).squeeze_in(&l, now, latest, 2, 2).is_none());
    }

    #[test]
    fn the_known_full_index_gives_the_same_slots_as_a_scan() {
        // Two GPs (one with a day off, one with weeks off) booked in turn by
        // a stream of searches of every usage over 40 days: each search
        // through the index answers what the plain scan answers, and the
        // calendars fill identically.
        use crate::engine::RandomStreams;
        use rand::Rng;
        let l = layout(0.25);
        let mut gps = [Gp::new(0, 2, 30), Gp::new(0, 20, 30)];
        gps[0].days_off = crate::model::rhythm::days_off_mask(true, 2, 1);
        let mut known = [KnownFull::new(); 2];
        let mut rng = RandomStreams::new(5, 0).stream("known-full");
        let mut booked = 0;
        for step in 0..4000u32 {
            let now = SimTime(step * 14);
            let latest = now + Minutes::from_days_f64(rng.random_range(0.0..12.0));
            let from_day = if rng.random::<f64>() < 0.3 { now.day() + rng.random_range(0..5) } else { 0 };
            let usage = [SlotUse::Scheduled, SlotUse::Unscheduled, SlotUse::ReservedOnly][rng.random_range(0..3)];
            let g = rng.random_range(0..2);
            let plain = gps[g].earliest_from(&l, now, from_day, latest, usage, 2);
            let indexed = gps[g].earliest_known(&l, now, from_day, latest, usage, 2, &mut known[g]);
            assert_eq!(indexed, plain, "step {step}");
            if let Some(b) = plain.filter(|_| rng.random::<f64>() < 0.9) {
                assert!(gps[g].book(&b));
                booked += 1;
            }
        }
        // About 700 slots can be reached in 39 days; 3,600 bookings were wanted.
        assert!(booked > 500, "the calendars filled up: {booked} bookings");
    }

    #[test]
    fn the_index_skips_a_booked_up_gp_without_reading_it() {
        // Day 0 is a Monday, 16 slots a weekday (4 reserved). Once Tuesday to
        // Friday (days 1–4) are booked up (their 12 regular slots), a
        // scheduled search on Monday up to Saturday (day 5, closed) finds
        // nothing and the index then knows days 1 to 5 are full.
        let l = layout(0.25);
        let mut gp = Gp::new(0, 20, 60);
        let mut known = KnownFull::new();
        let now = SimTime::from_day(0) + Minutes::hours(9);
        let saturday_night = SimTime(SimTime::from_day(6).0 - 1);
        while let Some(b) = gp.earliest(&l, now, saturday_night, SlotUse::Scheduled, 0) {
            gp.book(&b);
        }
        assert_eq!(gp.earliest_known(&l, now, 0, saturday_night, SlotUse::Scheduled, 0, &mut known), None);
        assert_eq!(known.first_unknown(1), 6, "Monday's search learnt days 1 to 5");
        assert_eq!(known.first_unknown(0), 0, "Monday itself was not searched");
        // Sunday is closed too; the next Monday (day 7) is free.
        let b = gp.earliest_known(&l, now, 0, SimTime::from_day(8), SlotUse::Scheduled, 0, &mut known).unwrap();
        assert_eq!(b.day, 7);
        assert_eq!(known.first_unknown(1), 7);
    }

    #[test]
    fn a_gp_takes_new_patients_under_its_cap_with_an_open_list_only() {
        let mut gp = Gp::new(0, 20, 60);
        gp.list_size = 9;
        assert!(gp.takes_new_patients(10));
        assert!(!gp.takes_new_patients(9), "at the cap");
        // A week of 100 slots with 96 consultations given: 0.96 ≥ 0.95, the list closes under the cap.
        gp.diary.offer(100);
        (0..96).for_each(|_| gp.diary.give());
        gp.diary.end_week(0.95);
        assert!(!gp.takes_new_patients(10), "diary saturated");
        // The next week's end still sees the same window (nothing new): closed; a retired GP never takes any.
        gp.diary.end_week(0.95);
        assert!(!gp.takes_new_patients(10));
        gp.diary.end_week(0.0);
        assert!(gp.takes_new_patients(10), "rule off");
        gp.active = false;
        assert!(!gp.takes_new_patients(10), "retired");
    }

    #[test]
    fn ring_forgets_days_that_left_the_horizon() {
        let l = layout(0.0);
        let mut gp = Gp::new(0, 20, 10);
        let b = gp.earliest(&l, SimTime::ZERO, SimTime::from_day(5), SlotUse::Scheduled, 0).unwrap();
        gp.book(&b);
        assert_eq!(gp.booked_on(1), 1);
        assert_eq!(gp.booked_on(11), 0, "day 11 reuses day 1's ring entry, fresh");
    }
}
