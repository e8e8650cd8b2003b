//! The next visit booked at the end of a consultation (issue 17, the long
//! right tail of GP waits).
//!
//! A GP who follows a chronic patient often fixes the next review before the
//! patient leaves ("on se revoit dans trois mois"): the request of that
//! follow-up is the consultation itself, and an appointment survey that times
//! delays from the request (DREES, Études et Résultats n° 1085, 2018) counts
//! the whole interval, weeks or months. The rule:
//!
//! - At a consultation that restarts the follow-up clock (`model::consultation`,
//!   § 7.4 of docs/ODD.md) given by the patient's own GP (médecin traitant),
//!   with probability `waits.next_visit_booked_share` (stream `next_visit`,
//!   keyed by patient and epoch), the next chronic follow-up is requested at
//!   once and booked with that GP for its due date: the first free regular
//!   slot from the day the follow-up is due ([`due`]) to the follow-up's
//!   tolerance later, within the GP's calendar horizon. Its delay counts from
//!   the consultation, in the need kind `chronic_followup`.
//! - If the own GP has no such slot, nothing is booked: the follow-up is
//!   requested later, its lead time before it is due, as without the rule.
//! - The number of follow-ups is the clock's: one follow-up is due per
//!   interval, requested either at the visit or later, never both. While a
//!   booked visit is pending, a consultation in between that restarts the
//!   clock (a post-discharge visit, a complex situation) restarts the hazard
//!   clock but requests nothing more: the booked visit stays the next
//!   follow-up (the patient keeps the appointment), so it comes earlier than
//!   the clock's interval after that consultation, never later, and the
//!   overdue rule (`deterioration.overdue_*`) is not reached.
//!
//! Checks, renewals and prevention are not booked at a visit: the model draws
//! them as Poisson needs, with no interval the GP could book to; complex
//! situations likewise (their consultations do restart the clock, so they may
//! book the next chronic follow-up).

use crate::engine::{Minutes, SimTime};

/// The time a follow-up booked at `t` is due: `interval_days` later.
pub fn due(t: SimTime, interval_days: f64) -> SimTime {
    t + Minutes::from_days_f64(interval_days)
}

/// Whether the next visit is booked at this consultation: `u` (uniform on
/// [0, 1)) below `share`. A share of 0 never books (and the caller draws nothing).
pub fn books_next_visit(share: f64, u: f64) -> bool {
    u < share
}

/// The stream entity of the decision at a consultation of `patient` whose
/// clock has just moved to `epoch`.
pub fn entity(patient: u32, epoch: u16) -> u64 {
    (u64::from(patient) << 16) | u64::from(epoch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_visit_is_due_one_interval_after_the_consultation() {
        let t = SimTime::from_day(10) + Minutes::hours(9);
        assert_eq!(due(t, 91.0), SimTime::from_day(101) + Minutes::hours(9));
        assert_eq!(due(t, 61.0).day(), 71);
    }

    #[test]
    fn the_share_is_a_probability() {
        assert!(!books_next_visit(0.0, 0.0), "share 0 never books");
        assert!(books_next_visit(1.0, 0.999_999));
        assert!(books_next_visit(0.3, 0.299) && !books_next_visit(0.3, 0.3));
        assert_ne!(entity(1, 2), entity(2, 1));
        // By hand: patient 3, epoch 5 → 3 × 65,536 + 5.
        assert_eq!(entity(3, 5), 196_613);
    }
}
