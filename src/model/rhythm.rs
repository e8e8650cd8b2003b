//! The week's rhythm (issue 17): GPs' working week as it is, demand by
//! weekday, and what becomes of minor acute needs that arise while
//! practices are closed for the weekend.
//!
//! - **Part-time GPs.** A share `week.part_time_share` of GPs work
//!   `5 − week.part_time_days_off` days a week: each has whole weekdays off
//!   (consecutive, from a weekday drawn per GP among Monday–Friday), on top
//!   of their weeks off. [`days_off_mask`] gives the days; `Gp::is_off`
//!   applies them, so a part-time GP offers no slot on them.
//! - **Demand by weekday.** The onset rate of acute minor needs on a weekday
//!   is multiplied by that weekday's factor of `week.acute_weekday_factors`
//!   divided by the factors' mean ([`weekday_factor`]): the profile moves
//!   needs between weekdays and keeps the yearly rate.
//! - **The weekend.** An acute minor need that arises from Saturday 12:00 to
//!   Sunday 24:00 ([`in_weekend`]) goes straight to the ED with probability
//!   `week.weekend_ed_share`, to the out-of-hours roster (PDSA) on duty with
//!   probability `week.weekend_pdsa_share` (only where a PDSA offers a place),
//!   and otherwise waits for Monday: the ordinary pathway without the ED nor
//!   the roster among its options ([`weekend_route`]).

use crate::engine::{SimTime, Weekday};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Parameters of the week's rhythm (`[parameters.week]`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct WeekParams {
    /// Relative onset rate of acute minor needs by weekday, Monday first
    /// (divided by their mean, so the yearly rate is kept). All 1: flat.
    pub acute_weekday_factors: [f64; 7],
    /// Share of the acute minor needs arising at the weekend (Saturday 12:00 – Sunday 24:00) that go straight to the ED.
    pub weekend_ed_share: f64,
    /// Share of those that go to the PDSA roster on duty where there is one with a place (elsewhere they wait for Monday).
    pub weekend_pdsa_share: f64,
    /// Share of GPs working part time (fewer than 5 days a week).
    pub part_time_share: f64,
    /// Weekdays off each week of a part-time GP (1–4).
    pub part_time_days_off: u32,
}

impl Default for WeekParams {
    fn default() -> Self {
        WeekParams {
            acute_weekday_factors: [1.15, 1.0, 1.0, 1.0, 1.0, 0.95, 0.9],
            weekend_ed_share: 0.04,
            weekend_pdsa_share: 0.10,
            part_time_share: 0.2,
            part_time_days_off: 1,
        }
    }
}

impl WeekParams {
    /// Problems with these values: (field under `parameters.week`, what is wrong).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let f = &self.acute_weekday_factors;
        if f.iter().any(|x| !x.is_finite() || *x < 0.0) || f.iter().sum::<f64>() <= 0.0 {
            out.push(("acute_weekday_factors", format!("must be 7 non-negative numbers, not all 0 (got {f:?})")));
        }
        for (field, v) in [
            ("weekend_ed_share", self.weekend_ed_share),
            ("weekend_pdsa_share", self.weekend_pdsa_share),
            ("part_time_share", self.part_time_share),
        ] {
            if !(v.is_finite() && (0.0..=1.0).contains(&v)) {
                out.push((field, crate::model::params::share_reason(v)));
            }
        }
        if self.weekend_ed_share + self.weekend_pdsa_share > 1.0 {
            out.push((
                "weekend_pdsa_share",
                format!(
                    "weekend_ed_share + weekend_pdsa_share must be at most 1 (got {} + {})",
                    self.weekend_ed_share, self.weekend_pdsa_share
                ),
            ));
        }
        if !(1..=4).contains(&self.part_time_days_off) {
            out.push(("part_time_days_off", format!("must be between 1 and 4 days (got {})", self.part_time_days_off)));
        }
        out
    }
}

/// The multiplier of the acute minor onset rate on `weekday`: its factor
/// over the mean of the seven (1 when all factors are equal).
pub fn weekday_factor(factors: &[f64; 7], weekday: Weekday) -> f64 {
    let mean = factors.iter().sum::<f64>() / 7.0;
    if mean > 0.0 {
        factors[weekday.index()] / mean
    } else {
        1.0
    }
}

/// Whether `t` falls in the weekend window of acute needs: Saturday from
/// 12:00 (when practices that open on Saturday close) to Sunday 24:00.
pub fn in_weekend(t: SimTime) -> bool {
    match Weekday::of_day(t.day()) {
        Weekday::Saturday => t.minute_of_day() >= 12 * 60,
        Weekday::Sunday => true,
        _ => false,
    }
}

/// Where a weekend acute minor need goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeekendRoute {
    /// Straight to the emergency department.
    Ed,
    /// To the PDSA roster on duty.
    Pdsa,
    /// Waits for Monday: the ordinary pathway without the ED nor the roster.
    WaitMonday,
}

/// The route of a weekend acute minor need for a uniform draw `u`:
/// [0, ed) → ED; [ed, ed + pdsa) → PDSA when `roster` (a roster offers a
/// place), else waits for Monday; the rest waits for Monday.
pub fn weekend_route(u: f64, ed_share: f64, pdsa_share: f64, roster: bool) -> WeekendRoute {
    if u < ed_share {
        WeekendRoute::Ed
    } else if u < ed_share + pdsa_share && roster {
        WeekendRoute::Pdsa
    } else {
        WeekendRoute::WaitMonday
    }
}

/// The weekdays off (bit i = weekday i, Monday = 0) of a GP: `days`
/// consecutive weekdays among Monday–Friday from `first` (0–4), wrapping
/// after Friday; none when `part_time` is false.
pub fn days_off_mask(part_time: bool, first: u32, days: u32) -> u8 {
    if !part_time {
        return 0;
    }
    (0..days.min(4)).fold(0u8, |m, k| m | 1 << ((first + k) % 5))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Minutes;

    #[test]
    fn weekday_factors_are_relative_to_their_mean() {
        let f = [1.15, 1.0, 1.0, 1.0, 1.0, 0.95, 0.9];
        // Sum 7.0, mean 1.0: the factors themselves.
        assert!((weekday_factor(&f, Weekday::Monday) - 1.15).abs() < 1e-12);
        let g = [2.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]; // mean 8/7
        assert!((weekday_factor(&g, Weekday::Monday) - 2.0 * 7.0 / 8.0).abs() < 1e-12);
        assert!((weekday_factor(&g, Weekday::Thursday) - 7.0 / 8.0).abs() < 1e-12);
        assert_eq!(weekday_factor(&[1.0; 7], Weekday::Sunday), 1.0, "flat profile: exactly 1");
    }

    #[test]
    fn the_weekend_window_runs_from_saturday_noon_to_sunday_midnight() {
        let at = |day: u32, h: u32, m: u32| SimTime::from_day(day) + Minutes(h * 60 + m);
        assert!(!in_weekend(at(5, 11, 59)), "Saturday morning");
        assert!(in_weekend(at(5, 12, 0)));
        assert!(in_weekend(at(6, 0, 0)) && in_weekend(at(6, 23, 59)));
        assert!(!in_weekend(at(7, 0, 0)), "Monday");
        assert!(!in_weekend(at(4, 20, 0)), "Friday evening");
        assert!(in_weekend(at(12, 18, 0)), "the next Saturday");
    }

    #[test]
    fn weekend_routes_follow_the_shares() {
        assert_eq!(weekend_route(0.03, 0.04, 0.10, true), WeekendRoute::Ed);
        assert_eq!(weekend_route(0.05, 0.04, 0.10, true), WeekendRoute::Pdsa);
        assert_eq!(weekend_route(0.05, 0.04, 0.10, false), WeekendRoute::WaitMonday, "no roster: wait");
        assert_eq!(weekend_route(0.14, 0.04, 0.10, true), WeekendRoute::WaitMonday);
    }

    #[test]
    fn part_time_days_off_are_consecutive_weekdays() {
        assert_eq!(days_off_mask(false, 2, 1), 0);
        assert_eq!(days_off_mask(true, 2, 1), 0b0000100, "Wednesday");
        assert_eq!(days_off_mask(true, 4, 2), 0b0000001 | 0b0010000, "Friday and Monday");
        assert_eq!(days_off_mask(true, 0, 4).count_ones(), 4);
    }

    #[test]
    fn defaults_pass_and_bad_values_are_named() {
        assert!(WeekParams::default().problems().is_empty());
        let bad = WeekParams { weekend_ed_share: 0.7, weekend_pdsa_share: 0.5, part_time_days_off: 5, ..WeekParams::default() };
        let fields: Vec<_> = bad.problems().into_iter().map(|p| p.0).collect();
        assert_eq!(fields, ["weekend_pdsa_share", "part_time_days_off"]);
    }
}
