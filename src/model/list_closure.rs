//! GPs closing their médecin-traitant list when their diary is saturated.
//!
//! A GP takes a new registered patient (médecin traitant) only while its
//! list is under `registration.list_cap` **and** its diary is not saturated:
//! over the last [`WINDOW_WEEKS`] complete weeks, the consultations it gave
//! (squeezed-in ones included) reached `registration.close_list_utilisation`
//! of the slots it offered. The status is set once a week (Monday 00:00,
//! [`DiaryLoad::end_week`]) and holds for the week: a GP whose load falls
//! back below the threshold reopens at the next Monday. A week the GP
//! offered no slot at all (leave) tells nothing: the status is unchanged.
//! At set-up no diary exists yet and every list is open (the initial lists
//! come from the cap alone, docs/ODD.md § 5); the warm-up lets the rule act
//! before the observation window.
//!
//! Sources of the behaviour (not of the threshold, an assumption): DREES,
//! Études et Résultats, May 2023 (4th panel of GPs, wave of January–April
//! 2022): 65 % of self-employed GPs say they are led to refuse new patients
//! as médecin traitant (53 % in 2019); UFC-Que Choisir, 21 November 2019
//! (2,770 GPs called anonymously in June 2019 as a newcomer looking for a
//! médecin traitant): 44 % refused, 9 % wanted to see the patient first, and
//! 71 % of those refusing said they already had too many patients.
//!
//! [`Gp::takes_new_patients`](super::providers::Gp::takes_new_patients) is
//! the one rule every path that registers a patient asks (set-up, after a
//! consultation, CPTS orphan matching). Cost: one counter increment per GP
//! consultation, one addition per GP and day (the day's offered slots, in
//! the loop that already counts them) and a sum of four weeks per GP on
//! Mondays; no calendar is read. No random number: deterministic.

/// Complete weeks the diary's load is measured over (assumption: "a recent
/// window", four weeks; a GP judges its diary over the last month).
pub const WINDOW_WEEKS: usize = 4;

/// A GP's recent load (consultations given and slots offered per week, the
/// current week and the [`WINDOW_WEEKS`] − 1 before it) and whether its list
/// is closed to new registrations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DiaryLoad {
    given: [u32; WINDOW_WEEKS],
    offered: [u32; WINDOW_WEEKS],
    /// Index of the current week in the two rings.
    current: u8,
    /// Closed to new registrations (set at the last [`DiaryLoad::end_week`]).
    closed: bool,
}

impl DiaryLoad {
    /// Counts `slots` offered today (0 on a day off).
    #[inline]
    pub fn offer(&mut self, slots: u32) {
        self.offered[self.current as usize] += slots;
    }

    /// Counts one consultation given.
    #[inline]
    pub fn give(&mut self) {
        let g = &mut self.given[self.current as usize];
        *g = g.saturating_add(1);
    }

    /// Whether the list is closed to new registrations.
    #[inline]
    pub fn closed(&self) -> bool {
        self.closed
    }

    /// The load of the window: (consultations given, slots offered) over
    /// the current week and the [`WINDOW_WEEKS`] − 1 before it.
    pub fn window(&self) -> (u64, u64) {
        (self.given.iter().map(|&g| u64::from(g)).sum(), self.offered.iter().map(|&o| u64::from(o)).sum())
    }

    /// Ends the current week (Monday 00:00): the list closes when the
    /// consultations given over the window reach `threshold` × the slots
    /// offered, and opens below; unchanged when no slot was offered.
    /// `threshold` 0 switches the rule off (always open). Then a new week
    /// starts, forgetting the oldest.
    pub fn end_week(&mut self, threshold: f64) {
        let (given, offered) = self.window();
        if threshold <= 0.0 {
            self.closed = false;
        } else if offered > 0 {
            self.closed = given as f64 >= threshold * offered as f64;
        }
        self.current = ((self.current as usize + 1) % WINDOW_WEEKS) as u8;
        self.given[self.current as usize] = 0;
        self.offered[self.current as usize] = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A week of `offered` slots (5 days) with `given` consultations, then its end.
    fn week(d: &mut DiaryLoad, offered: u32, given: u32, threshold: f64) {
        for _ in 0..5 {
            d.offer(offered / 5);
        }
        for _ in 0..given {
            d.give();
        }
        d.end_week(threshold);
    }

    #[test]
    fn a_saturated_diary_closes_the_list_and_one_with_room_keeps_it_open() {
        // 100 slots a week. 95 given of 100: 0.95 ≥ 0.95, closed; 94: open.
        let mut full = DiaryLoad::default();
        assert!(!full.closed(), "open before any week");
        week(&mut full, 100, 95, 0.95);
        assert!(full.closed());
        let mut room = DiaryLoad::default();
        week(&mut room, 100, 94, 0.95);
        assert!(!room.closed());
    }

    #[test]
    fn the_load_is_that_of_the_last_four_weeks_and_the_list_reopens() {
        // Four weeks of 100 slots: given 100, 100, 100, 80 → 380 / 400 = 0.95: closed.
        let mut d = DiaryLoad::default();
        for given in [100, 100, 100, 80] {
            week(&mut d, 100, given, 0.95);
        }
        assert!(d.closed());
        // A fifth week of 70 drops the first 100: 350 / 400 = 0.875 < 0.95: reopens.
        week(&mut d, 100, 70, 0.95);
        assert!(!d.closed());
        // The new week starts empty: the window holds 70 + 100 + 80 of 300.
        assert_eq!(d.window(), (250, 300));
        // Four weeks at 100 % close it again: the 80 and 70 have left the window by the last.
        for _ in 0..3 {
            week(&mut d, 100, 100, 0.95);
            assert!(!d.closed(), "350, 350, 370 of 400: under 0.95 until the 70 leaves");
        }
        week(&mut d, 100, 100, 0.95);
        assert!(d.closed());
    }

    #[test]
    fn a_week_without_slots_changes_nothing_and_threshold_zero_keeps_lists_open() {
        let mut d = DiaryLoad::default();
        week(&mut d, 100, 100, 0.95);
        assert!(d.closed());
        // Four weeks of leave: nothing offered, nothing given: still closed.
        for _ in 0..4 {
            week(&mut d, 0, 0, 0.95);
        }
        assert!(d.closed());
        // Threshold 0: open whatever the load.
        week(&mut d, 100, 100, 0.0);
        assert!(!d.closed());
        // An open list stays open through four weeks of leave (a window of
        // 0 given of 0 offered is no saturation).
        let mut open = DiaryLoad::default();
        week(&mut open, 100, 50, 0.95);
        for _ in 0..4 {
            week(&mut open, 0, 0, 0.95);
        }
        assert_eq!(open.window(), (0, 0));
        assert!(!open.closed());
    }
}
