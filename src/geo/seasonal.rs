//! The secondary homes of real communes, for the seasonal population
//! (`model::seasonal`): INSEE census 2021 (`secondary_homes_2021` of
//! `data/communes.csv`, résidences secondaires et logements occasionnels),
//! and whether a commune's winter holidays are a winter-sports stay.

use super::Dataset;
use crate::model::seasonal::SecondaryHomes;

/// Départements whose communes count as mountain communes for the winter
/// holidays (assumption: the départements of the large ski areas of the
/// Alps and the Pyrenees — Alpes-de-Haute-Provence, Hautes-Alpes, Ariège,
/// Isère, Hautes-Pyrénées, Savoie, Haute-Savoie; Alpes-Maritimes,
/// Pyrénées-Atlantiques and Pyrénées-Orientales left out as mostly coastal
/// by their secondary homes). The model has no altitude: a lowland commune
/// of these départements counts as mountain too.
pub const WINTER_SPORTS_DEPARTEMENTS: [&str; 7] = ["04", "05", "09", "38", "65", "73", "74"];

/// The secondary homes of the commune with INSEE code `insee` (none for an
/// unknown code or a commune without the figure).
pub fn secondary_homes(ds: &Dataset, insee: &str) -> SecondaryHomes {
    ds.commune(insee).map_or(SecondaryHomes::default(), |c| SecondaryHomes {
        homes: c.secondary_homes.unwrap_or(0).min(u64::from(u32::MAX)) as u32,
        winter_sports: WINTER_SPORTS_DEPARTEMENTS.contains(&c.dep.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secondary_homes_come_from_the_census() {
        // data/communes.csv: Chamonix-Mont-Blanc (74056) and Guéret (23096),
        // INSEE RP 2021 P21_RSECOCC as in /work/shared raw vacance_communes.csv.
        let ds = super::super::dataset();
        let chamonix = secondary_homes(ds, "74056");
        assert_eq!(chamonix, SecondaryHomes { homes: 9_987, winter_sports: true });
        assert_eq!(secondary_homes(ds, "23096"), SecondaryHomes { homes: 352, winter_sports: false });
        assert_eq!(secondary_homes(ds, "00000"), SecondaryHomes::default());
    }
}
