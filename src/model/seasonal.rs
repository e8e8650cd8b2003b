//! Seasonal population (issue 17): people staying in the secondary homes of
//! a territory during the holidays, who fall ill there and ask its GPs,
//! services and EDs for care.
//!
//! A commune's **bed capacity** is its secondary homes (INSEE census 2021,
//! résidences secondaires et logements occasionnels) × `persons_per_home`;
//! the **share present** on a day follows a calendar of stays
//! ([`Stay`]: summer, winter sports in mountain communes, short holidays,
//! off season), each with an occupancy share. Visitors are patients without
//! a médecin traitant locally, with no chronic follow-up there (their
//! chronic care stays at home): only **acute needs** (minor and serious)
//! arise for them, at the healthy rates of their age band, and only while
//! present. The world keeps, per zone, a pool of visitor records sized at
//! the most crowded stay, and thins their daily demand by the share present
//! on the day over that peak share (demand thinning: no agent is created
//! or destroyed during a run). Visitors are never registered, never counted
//! as inhabitants, and their needs are recorded apart from the residents'
//! (see `indicators`), so residents' rates keep their denominators.

use super::params::SeasonalParams;

/// What a zone holds for the seasonal population.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SecondaryHomes {
    /// Secondary homes and occasional dwellings (INSEE census 2021).
    pub homes: u32,
    /// A mountain commune: its winter holidays are a winter-sports stay.
    pub winter_sports: bool,
}

/// A stay period of the calendar of presence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stay {
    /// 1 July – 31 August.
    Summer,
    /// Christmas–New Year and February holidays, in a mountain commune.
    WinterSports,
    /// Christmas–New Year and February holidays elsewhere, spring (Easter)
    /// and All Saints' holidays everywhere.
    ShortHoliday,
    /// Every other day (weekends and stays outside school holidays).
    OffSeason,
}

/// Day-of-year windows [first, end) of a 365-day year (0 = 1 January),
/// France's school holidays as a whole (the three zones' weeks together;
/// Éducation nationale calendars 2023–2026, assumption: the same every year).
pub const SUMMER: (u32, u32) = (181, 243);
/// 21 December – 3 January (two windows across the new year).
pub const CHRISTMAS: [(u32, u32); 2] = [(354, 365), (0, 3)];
/// 8 February – 7 March: the winter holidays of zones A, B and C.
pub const FEBRUARY: (u32, u32) = (38, 66);
/// 5 April – 2 May: the spring holidays of zones A, B and C.
pub const SPRING: (u32, u32) = (94, 122);
/// 19 October – 3 November: All Saints' holidays.
pub const ALL_SAINTS: (u32, u32) = (291, 307);

/// Labels of the periods of the seasonal indicators ([`indicator_period`]).
pub const PERIODS: [&str; 3] = ["summer", "winter_holidays", "rest"];

fn within(doy: u32, w: (u32, u32)) -> bool {
    (w.0..w.1).contains(&doy)
}

/// The stay of day-of-year `doy` (0 = 1 January; taken modulo 365).
pub fn stay_of(doy: u32, winter_sports: bool) -> Stay {
    let d = doy % 365;
    if within(d, SUMMER) {
        Stay::Summer
    } else if CHRISTMAS.iter().any(|&w| within(d, w)) || within(d, FEBRUARY) {
        if winter_sports {
            Stay::WinterSports
        } else {
            Stay::ShortHoliday
        }
    } else if within(d, SPRING) || within(d, ALL_SAINTS) {
        Stay::ShortHoliday
    } else {
        Stay::OffSeason
    }
}

/// The period of the seasonal indicators of day-of-year `doy`: 0 summer
/// (1 July – 31 August), 1 winter holidays (Christmas–New Year and
/// February holidays), 2 the rest of the year.
pub fn indicator_period(doy: u32) -> usize {
    match stay_of(doy, true) {
        Stay::Summer => 0,
        Stay::WinterSports => 1,
        _ => 2,
    }
}

/// Share of the bed capacity occupied during `stay`.
pub fn occupancy(p: &SeasonalParams, stay: Stay) -> f64 {
    match stay {
        Stay::Summer => p.summer_occupancy,
        Stay::WinterSports => p.winter_sports_occupancy,
        Stay::ShortHoliday => p.short_holiday_occupancy,
        Stay::OffSeason => p.off_season_occupancy,
    }
}

/// The largest occupancy share a zone of this kind reaches over the year.
pub fn peak_occupancy(p: &SeasonalParams, winter_sports: bool) -> f64 {
    let mut peak = p.summer_occupancy.max(p.short_holiday_occupancy).max(p.off_season_occupancy);
    if winter_sports {
        peak = peak.max(p.winter_sports_occupancy);
    }
    peak
}

/// Visitor records kept for a zone: bed capacity × peak occupancy, rounded.
pub fn pool_size(p: &SeasonalParams, h: SecondaryHomes) -> u32 {
    (f64::from(h.homes) * p.persons_per_home * peak_occupancy(p, h.winter_sports)).round() as u32
}

/// Visitor-days of a zone over a 365-day year: capacity × Σ days × occupancy.
pub fn visitor_days_per_year(p: &SeasonalParams, h: SecondaryHomes) -> f64 {
    let capacity = f64::from(h.homes) * p.persons_per_home;
    (0..365).map(|d| occupancy(p, stay_of(d, h.winter_sports))).sum::<f64>() * capacity
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_calendar_of_stays_counts_its_days() {
        // By hand: summer 62 days (31 July + 31 August); Christmas 11 + 3 and
        // February 28 = 42 winter days; spring 28 + All Saints 16 = 44.
        let count = |ws: bool, s: Stay| (0..365).filter(|&d| stay_of(d, ws) == s).count();
        assert_eq!(count(true, Stay::Summer), 62);
        assert_eq!(count(true, Stay::WinterSports), 42);
        assert_eq!(count(true, Stay::ShortHoliday), 44);
        assert_eq!(count(true, Stay::OffSeason), 365 - 62 - 42 - 44);
        assert_eq!(count(false, Stay::WinterSports), 0);
        assert_eq!(count(false, Stay::ShortHoliday), 86);
        // 15 August is summer, 1 May spring, 1 February off season.
        assert_eq!(stay_of(226, false), Stay::Summer);
        assert_eq!(stay_of(120, false), Stay::ShortHoliday);
        assert_eq!(stay_of(31, true), Stay::OffSeason);
        assert_eq!(stay_of(365 + 226, false), Stay::Summer);
        assert_eq!((indicator_period(200), indicator_period(50), indicator_period(100)), (0, 1, 2));
    }

    #[test]
    fn visitor_days_of_a_tiny_commune_by_hand() {
        // 100 homes × 2.5 persons = 250 beds. Mountain: 62 × 0.5 + 42 × 0.5
        // + 44 × 0.25 + 217 × 0.05 = 31 + 21 + 11 + 10.85 = 73.85 full-bed
        // days → 18,462.5 visitor-days; coast: 62 × 0.5 + 86 × 0.25 + 217
        // × 0.05 = 31 + 21.5 + 10.85 = 63.35 → 15,837.5.
        let p = SeasonalParams::default();
        let mountain = SecondaryHomes { homes: 100, winter_sports: true };
        let coast = SecondaryHomes { homes: 100, winter_sports: false };
        assert!((visitor_days_per_year(&p, mountain) - 18_462.5).abs() < 1e-6);
        assert!((visitor_days_per_year(&p, coast) - 15_837.5).abs() < 1e-6);
        assert_eq!(pool_size(&p, mountain), 125);
    }
}
