//! Checking the warm-up with MSER-5 (White 1997; White, Cobb & Spratt 2000).
//!
//! The model starts empty (no one waiting, calendars free), so early weeks
//! are not typical. Every run records whole-run weekly totals, warm-up
//! included; MSER-5 averages the series in batches of five, and picks the
//! truncation point d (at most half the series) that minimises the squared
//! standard error of the mean of what remains, `Σ_{i>d} (Z_i − Z̄_d)² / (n − d)²`.
//! Applied to the weekly mean delay (base arm, first point, averaged over
//! replications), it says how much warm-up the data call for; `run` prints
//! it beside the scenario's `warmup_days` and writes it into `run.json`.

use super::tasks::TaskResult;
pub use crate::model::providers::LeaveWindows;
use serde::Serialize;

/// The MSER-5 truncation point of `series`, in observations (a multiple of 5).
pub fn mser5(series: &[f64]) -> usize {
    let batches: Vec<f64> = series.chunks_exact(5).map(|c| c.iter().sum::<f64>() / 5.0).collect();
    let n = batches.len();
    if n < 4 {
        return 0;
    }
    let mut best = (f64::INFINITY, 0);
    for d in 0..=n / 2 {
        let rest = &batches[d..];
        let m = rest.len() as f64;
        let mean = rest.iter().sum::<f64>() / m;
        let stat = rest.iter().map(|z| (z - mean).powi(2)).sum::<f64>() / (m * m);
        if stat < best.0 {
            best = (stat, d);
        }
    }
    best.1 * 5
}

/// What MSER-5 says of a run's warm-up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WarmupCheck {
    /// The series examined.
    pub series: &'static str,
    pub weeks: usize,
    /// Warm-up MSER-5 calls for, days (weeks × 7).
    pub suggested_days: u32,
    /// The scenario's warm-up, days.
    pub configured_days: u32,
}

/// What the check can say of a warm-up of `configured_days`, from a series
/// of `weeks` weekly values (MSER-5 truncates at most half of the batches of
/// five weeks: [`longest_days`] is the longest warm-up it can suggest).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// MSER-5 suggests more than the warm-up used.
    Longer,
    /// It suggests the longest it can on this run: the series never settles
    /// within its first half (seasons, a trend), so it cannot tell a transient
    /// from the calendar; a warm-up sweep decides (docs/experiments.md § 10).
    AtItsBound,
    /// The warm-up used is at least the longest MSER-5 could suggest on this
    /// run, so "long enough" would be said whatever the series: the run is too
    /// short for the check (observe longer).
    RunTooShort,
    /// It suggests no more than the warm-up used, which it could have exceeded.
    LongEnough,
}

/// The longest warm-up (days) MSER-5 can suggest on a series of `weeks`
/// weekly values: half of its whole batches of five, in days.
pub fn longest_days(weeks: usize) -> u32 {
    (7 * (weeks / 5 / 2) * 5) as u32
}

/// The verdict on a warm-up of `configured_days` when MSER-5 suggests
/// `suggested_days` on a series of `weeks` weeks (one rule for the terminal
/// and the report).
pub fn verdict(weeks: usize, configured_days: u32, suggested_days: u32) -> Verdict {
    let longest = longest_days(weeks);
    if configured_days >= longest {
        Verdict::RunTooShort
    } else if suggested_days >= longest && longest > 0 {
        Verdict::AtItsBound
    } else if suggested_days > configured_days {
        Verdict::Longer
    } else {
        Verdict::LongEnough
    }
}

/// Weekly mean delay (days) of the base arm's first point, averaged over
/// replications; weeks without consultations and the last (partial) week
/// are left out.
pub fn mean_delay_series(tasks: &[TaskResult]) -> Vec<f64> {
    let base: Vec<&TaskResult> = tasks.iter().filter(|t| t.arm == 0 && t.point == tasks.first().map_or(0, |f| f.point)).collect();
    let weeks = base.iter().map(|t| t.weekly.len()).min().unwrap_or(0).saturating_sub(1);
    (0..weeks)
        .map(|w| {
            let (sum, n) = base.iter().fold((0u64, 0u64), |(s, n), t| (s + t.weekly[w].delay_sum_min, n + t.weekly[w].consultations));
            if n == 0 {
                0.0
            } else {
                sum as f64 / n as f64 / 1440.0
            }
        })
        .collect()
}

/// Weeks after each leave window whose delays still carry its backlog,
/// set aside with it (assumption, read off the embedded default's series:
/// after the summer window its weekly mean delay is 11.9, 8.7 and 7.8 days
/// against ≈ 6.5 the rest of the year; range 0–3 gave the same suggestion,
/// 105 days, on that run).
pub const BACKLOG_WEEKS: u32 = 3;

/// Whether week `w` of the series (run days 7w … 7w + 6, day 0 being day
/// `start_day_of_year` of the year) falls in the GPs' seasonal leave
/// windows `leave` (`providers::SeasonalLeave`: the summer window, the
/// Christmas weeks, the same week-of-year rule) or in the [`BACKLOG_WEEKS`]
/// after one that the run has been through (the first weeks of a run
/// started on 1 January carry no Christmas backlog: they are its
/// transient). A window of no weeks sets nothing aside.
pub fn leave_week(w: usize, start_day_of_year: u32, leave: LeaveWindows) -> bool {
    use crate::model::providers::SeasonalLeave as L;
    let woy = L::week_of_year(7 * w as u32, start_day_of_year);
    let after = |first: u32, weeks: u32| {
        let into = L::weeks_since(woy, first);
        // In the window, or in its backlog with the window's last week within the run.
        weeks > 0 && (into < weeks || (into < weeks + BACKLOG_WEEKS && w as u32 + weeks > into))
    };
    after(L::SUMMER_FIRST_WEEK, leave.summer_weeks) || after(L::CHRISTMAS_WEEK, leave.christmas_weeks)
}

/// `series` with its leave weeks ([`leave_week`]) replaced by the straight
/// line between the nearest weeks outside them (the nearest one at an end;
/// unchanged when every week is a leave week): MSER-5 assumes a steady
/// state, and the GPs' summer and Christmas leave are a calendar, not a
/// transient (trial 34: the check suggested 70 days at a 120-day warm-up
/// and 245, its bound, at 182, as the summer fell early or late in the series).
pub fn without_leave_weeks(series: &[f64], start_day_of_year: u32, windows: LeaveWindows) -> Vec<f64> {
    let leave: Vec<bool> = (0..series.len()).map(|w| leave_week(w, start_day_of_year, windows)).collect();
    let kept: Vec<usize> = (0..series.len()).filter(|&w| !leave[w]).collect();
    (0..series.len())
        .map(|w| {
            if !leave[w] {
                return series[w];
            }
            let after = kept.partition_point(|&k| k < w);
            match (after.checked_sub(1).map(|i| kept[i]), kept.get(after).copied()) {
                (Some(a), Some(b)) => series[a] + (series[b] - series[a]) * (w - a) as f64 / (b - a) as f64,
                // The nearest kept week at an end; the week itself when none is kept.
                (before, next) => series[before.or(next).unwrap_or(w)],
            }
        })
        .collect()
}

/// MSER-5 on the weekly mean delay of `tasks`, its leave weeks set aside
/// ([`without_leave_weeks`]: `leave`, the base arm's); the run starts on
/// day `start_day_of_year`.
pub fn check(tasks: &[TaskResult], configured_days: u32, start_day_of_year: u32, leave: LeaveWindows) -> Option<WarmupCheck> {
    let series = without_leave_weeks(&mean_delay_series(tasks), start_day_of_year, leave);
    (series.len() >= 20).then(|| WarmupCheck {
        series: "weekly mean delay to consultation (base, first point, mean over replications), the GPs' leave weeks and the 3 after each interpolated",
        weeks: series.len(),
        suggested_days: 7 * mser5(&series) as u32,
        configured_days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::RandomStreams;
    use rand::Rng;

    /// The default GPs' windows: the 9-week summer window, one Christmas week.
    const DEFAULT: LeaveWindows = LeaveWindows { summer_weeks: 9, christmas_weeks: 1 };

    /// By hand: 39 weeks (a 182-day warm-up and a quarter of a year) make 7
    /// batches, so MSER-5 truncates at most 3 batches, 15 weeks, 105 days:
    /// it cannot judge a warm-up of 182 days. 77 weeks (182 days and one
    /// year) make 15 batches, at most 7 truncated: 245 days, which is what it
    /// suggests on france-mix, its bound.
    #[test]
    fn the_verdict_knows_what_mser5_can_see() {
        assert_eq!(longest_days(39), 105);
        assert_eq!(longest_days(77), 245);
        assert_eq!(verdict(39, 182, 0), Verdict::RunTooShort);
        assert_eq!(verdict(39, 105, 0), Verdict::RunTooShort);
        assert_eq!(verdict(39, 98, 0), Verdict::LongEnough);
        assert_eq!(verdict(39, 35, 70), Verdict::Longer);
        assert_eq!(verdict(39, 35, 105), Verdict::AtItsBound);
        assert_eq!(verdict(77, 182, 245), Verdict::AtItsBound);
        assert_eq!(verdict(77, 182, 35), Verdict::LongEnough);
        assert_eq!(verdict(77, 182, 210), Verdict::Longer);
        assert_eq!(verdict(3, 0, 0), Verdict::RunTooShort);
        // A suggestion equal to the warm-up used is no more than it: long enough.
        assert_eq!(verdict(77, 182, 182), Verdict::LongEnough);
        assert_eq!(verdict(39, 35, 35), Verdict::LongEnough);
    }

    /// The leave weeks (from 1 January: summer weeks 26–37 with the backlog,
    /// Christmas 51 to week 2 of the next year, not weeks 0–2 of the first) are the straight line
    /// between their neighbours, by hand: weeks 25 (value 25) and 38 (38)
    /// around the summer give 26 … 37; the rest unchanged.
    #[test]
    fn leave_weeks_are_set_aside_by_a_straight_line() {
        assert!(!leave_week(25, 0, DEFAULT) && leave_week(26, 0, DEFAULT) && leave_week(37, 0, DEFAULT) && !leave_week(38, 0, DEFAULT));
        assert!(leave_week(51, 0, DEFAULT) && leave_week(52 + 2, 0, DEFAULT) && !leave_week(52 + 3, 0, DEFAULT));
        // A run started on 1 January has had no Christmas: its weeks 0–2 are its own.
        assert!(!leave_week(0, 0, DEFAULT) && !leave_week(2, 0, DEFAULT));
        // Starting on 2 July (day 182, week 26): series week 0 is a leave week.
        assert!(leave_week(0, 182, DEFAULT) && !leave_week(12, 182, DEFAULT));
        let series: Vec<f64> = (0..60).map(|w| if leave_week(w, 0, DEFAULT) { 100.0 } else { w as f64 }).collect();
        let out = without_leave_weeks(&series, 0, DEFAULT);
        assert_eq!(out[..26], series[..26]);
        for w in 26..38 {
            assert!((out[w] - w as f64).abs() < 1e-12, "week {w}: {}", out[w]);
        }
        // Christmas 51 … 54 between 50 and 55.
        assert!((out[53] - 53.0).abs() < 1e-12);
        assert_eq!(out[55], 55.0);
    }

    /// The windows follow the GPs' leave, by hand from 1 January: with two
    /// Christmas weeks (51 and week 0 of the next year, series weeks 51-52)
    /// the backlog runs to series week 55 (next year's week 3), with one to
    /// 54; with none, Christmas sets nothing aside; without summer leave
    /// the summer window neither. The default parameters give 9 + 1.
    #[test]
    fn the_leave_set_aside_is_the_leave_the_gps_take() {
        let two = LeaveWindows { summer_weeks: 9, christmas_weeks: 2 };
        assert!(leave_week(52, 0, two) && leave_week(55, 0, two) && !leave_week(56, 0, two));
        assert!(leave_week(54, 0, DEFAULT) && !leave_week(55, 0, DEFAULT));
        let none = LeaveWindows { summer_weeks: 9, christmas_weeks: 0 };
        assert!(!leave_week(51, 0, none) && !leave_week(53, 0, none) && leave_week(30, 0, none));
        let no_summer = LeaveWindows { summer_weeks: 0, christmas_weeks: 1 };
        assert!(!leave_week(26, 0, no_summer) && !leave_week(36, 0, no_summer) && leave_week(51, 0, no_summer));
        let mut gp = crate::model::params::GpParams::default();
        assert_eq!(crate::model::providers::SeasonalLeave::windows(&gp), DEFAULT);
        gp.christmas_weeks_off = 2;
        assert_eq!(crate::model::providers::SeasonalLeave::windows(&gp), two);
        // All six weeks off in summer: none left for Christmas (seasonal_weeks).
        (gp.summer_weeks_off, gp.weeks_off_per_year) = (6, 6);
        assert_eq!(crate::model::providers::SeasonalLeave::windows(&gp), LeaveWindows { summer_weeks: 9, christmas_weeks: 0 });
        (gp.summer_weeks_off, gp.christmas_weeks_off) = (0, 1);
        assert_eq!(crate::model::providers::SeasonalLeave::windows(&gp), no_summer);
    }

    /// A transient of 15 weeks then a flat level, with the summer and
    /// Christmas weeks raised (as the GPs' leave raises delays): MSER-5 on
    /// the raw series cuts elsewhere (5 weeks); with the leave weeks set aside it
    /// cuts at the end of the transient, 15 weeks (the first batch of five
    /// after which the series is flat, by hand).
    #[test]
    fn the_check_sees_the_transient_not_the_summer() {
        let series: Vec<f64> = (0..78)
            .map(|w| {
                if leave_week(w, 0, DEFAULT) {
                    9.0
                } else if w < 15 {
                    10.0 * (1.0 - w as f64 / 15.0) + 1.0
                } else {
                    1.0
                }
            })
            .collect();
        assert_ne!(mser5(&series), 15, "the raw series is cut elsewhere");
        assert_eq!(mser5(&without_leave_weeks(&series, 0, DEFAULT)), 15);
    }

    #[test]
    fn mser5_cuts_an_initial_transient() {
        // 30 weeks decaying from 10 to 0, then 120 weeks of noise around 0 (sd 1):
        // the truncation lands within 10 observations of the end of the transient.
        let mut rng = RandomStreams::new(3, 0).stream("mser");
        let series: Vec<f64> =
            (0..150).map(|i| if i < 30 { 10.0 * (1.0 - i as f64 / 30.0) } else { 0.0 } + (rng.random::<f64>() - 0.5) * 3.46).collect();
        let d = mser5(&series);
        assert!((20..=40).contains(&d), "truncation {d}");
        // A stationary series needs no truncation beyond a batch or two.
        let flat: Vec<f64> = (0..150).map(|_| (rng.random::<f64>() - 0.5) * 3.46).collect();
        assert!(mser5(&flat) <= 40, "flat truncation {}", mser5(&flat));
        assert_eq!(mser5(&[1.0; 12]), 0);
    }
}
