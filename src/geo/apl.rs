//! GP accessibility of a built territory by the APL method, to compare the
//! model's supply with DREES APL.
//!
//! DREES's APL is a two-step floating catchment: each GP's yearly activity is
//! shared among the population within reach, and each commune adds up the
//! shares within reach, with distance bands weighted 1 (< 10 min), 2/3
//! (10–15 min) and 1/3 (15–20 min). The population is *standardised* for
//! GP consumption: each inhabitant counts for the consumption of GP care of
//! their age band relative to the national mean ([`age_weights`],
//! [`standardised_population`]), so the APL is in consultations per
//! standardised inhabitant. Here the same computation ([`model_apl`], the one
//! place) runs on the model's zones (their age bands), GPs and road travel
//! times (access time excluded), with the activity of each zone's GPs given by
//! the caller. DREES counts each GP's *activity*: the consultations, visits and
//! teleconsultations it *gave* in the year (SNIIR-AM), bounded as
//! [`drees_counted_activity`] says. `parcours validate` passes the
//! consultations model GPs give in simulation (by density class, from a
//! validation scenario), the like-for-like figure; the displays without a
//! simulation (`territory show`, the web diagnostic, the supply warning of
//! `run`) pass the consultations a GP *offers* in the model's calendar
//! ([`model_consultations_per_gp_year`], ≈ 5,400), which is the supply a
//! simulation starts from, and say so. Means over communes are weighted by
//! the standardised population, shares below a threshold by inhabitants, as
//! DREES's file says. What differs from DREES: each commune takes its
//! département's age structure (DREES: the commune's own), GPs of a density
//! class all count for the class's activity (DREES: each GP's own), and
//! travel times are straight lines at one speed per density class (DREES: the
//! road network), so the two agree on level and gradient, not commune by
//! commune.

use super::Built;
use crate::model::params::Parameters;
use crate::model::territory::{travel_minutes, Zone};
use crate::model::DensityClass;
use std::collections::HashMap;

/// APL below which a commune counts as GP-underserved (DREES "zone
/// sous-dense" threshold for GPs).
pub const UNDERSERVED_APL: f64 = 2.5;

/// Distance-decay weight of the APL method for a drive of `minutes`.
pub fn band_weight(minutes: f64) -> f64 {
    if minutes < 10.0 {
        1.0
    } else if minutes < 15.0 {
        2.0 / 3.0
    } else if minutes < 20.0 {
        1.0 / 3.0
    } else {
        0.0
    }
}

/// DREES's weight of each five-year age band in the APL 2023's standardised
/// population: the band's mean consumption of GP care relative to the
/// national mean (sheet `Paramètres` of
/// `data/raw/apl/drees_apl_medecins_generalistes_2022_2023.xlsx`,
/// « Pondération de la population selon l'âge », column 2023; DCIR 2021,
/// Cnam): 0–4, 5–9, …, 85–89, 90 and over.
pub const DREES_AGE_WEIGHTS_2023: [f64; 19] =
    [1.12, 0.58, 0.51, 0.60, 0.75, 0.79, 0.82, 0.85, 0.89, 0.93, 1.03, 1.15, 1.18, 1.23, 1.46, 1.57, 1.63, 1.89, 2.26];

/// France's inhabitants on 1 January 2025 by five-year age band (0–4, …,
/// 85–89, 90 and over), the sum over the 101 départements of INSEE's
/// estimates (`data/raw/population/estim-pop-dep-sexe-aq-1975-2025`, year
/// 2025). They merge [`DREES_AGE_WEIGHTS_2023`] into the model's six bands;
/// summed by model band they are
/// [`crate::model::indicators::STANDARD_POPULATION`] (a test checks it).
pub const FRANCE_2025_BY_FIVE_YEARS: [u64; 19] = [
    3_357_546, 3_839_253, 4_250_107, 4_287_161, 3_962_084, 3_887_931, 4_059_181, 4_309_100, 4_371_443, 4_138_342, 4_515_825, 4_408_109,
    4_294_869, 3_948_016, 3_669_343, 3_154_606, 1_849_039, 1_341_052, 962_609,
];

/// The model's age band (0–14, 15–44, 45–64, 65–74, 75–84, 85+) of each
/// five-year band of [`DREES_AGE_WEIGHTS_2023`].
const MODEL_BAND: [usize; 19] = [0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 4, 5, 5];

/// DREES's age weights in the model's six age bands (0–14, 15–44, 45–64,
/// 65–74, 75–84, 85+): each band's five-year weights averaged over France's
/// 2025 inhabitants ([`FRANCE_2025_BY_FIVE_YEARS`]), then all scaled so that
/// France's standardised population equals its population, as DREES's is in
/// its year (Σ of the 2023 file's standardised populations = Σ of its
/// populations; France has aged since DCIR 2021, so the unscaled mean weight
/// of 2025 is 1.008). ≈ 0.706, 0.777, 1.065, 1.330, 1.579, 2.028.
pub fn age_weights() -> [f64; 6] {
    let (mut weighted, mut people) = ([0.0; 6], [0.0; 6]);
    for ((&w, &n), &band) in DREES_AGE_WEIGHTS_2023.iter().zip(&FRANCE_2025_BY_FIVE_YEARS).zip(&MODEL_BAND) {
        weighted[band] += w * n as f64;
        people[band] += n as f64;
    }
    let scale = people.iter().sum::<f64>() / weighted.iter().sum::<f64>();
    std::array::from_fn(|a| scale * weighted[a] / people[a])
}

/// A zone's population standardised for GP consumption (DREES « population
/// standardisée »): Σ over its age bands of inhabitants × [`age_weights`].
/// The APL's demand and the weight of a commune in a mean APL.
pub fn standardised_population(z: &Zone) -> f64 {
    standardised_with(z, &age_weights())
}

fn standardised_with(z: &Zone, weights: &[f64; 6]) -> f64 {
    z.population.iter().zip(weights).map(|(&n, w)| f64::from(n) * w).sum()
}

/// Consultations a GP offers per year in the model's default calendar:
/// slots per weekday × 5 days × (52 − weeks off) weeks, less eight public
/// holidays falling on weekdays about 5 times in 7. The activity of the
/// APL shown without a simulation ([`compare`]).
pub fn model_consultations_per_gp_year(p: &Parameters) -> f64 {
    let g = &p.gp;
    let span = |s: &str| crate::engine::calendar::parse_hours(s).map_or(0.0, |(a, b)| f64::from(b - a));
    let per_day = ((span(&g.morning) + span(&g.afternoon)) / f64::from(g.slot_minutes.max(1))).floor();
    let weeks = 52.0 - f64::from(g.weeks_off_per_year);
    per_day * 5.0 * weeks - per_day * 8.0 * 5.0 / 7.0 * weeks / 52.0
}

/// The activity DREES's APL counts for a GP who gave `given` consultations,
/// visits and teleconsultations in the year (sheet `Paramètres` of
/// `drees_apl_medecins_generalistes_2022_2023.xlsx`, « Comptabilisation de
/// l'activité »): 0 below 250, 3,600 from 251 to 3,600, the activity itself
/// from 3,601 to 6,000, 6,000 above. (DREES imputes 5,400 to a GP without
/// activity the year before and does not bound the centres de santé; the
/// model's GPs all have a year's activity and are bounded alike.)
pub fn drees_counted_activity(given: f64) -> f64 {
    if given <= 250.0 {
        0.0
    } else {
        given.clamp(3_600.0, 6_000.0)
    }
}

/// Driving minutes between two zones (travel time without the fixed access time).
fn drive(p: &Parameters, a: &Zone, b: &Zone) -> f64 {
    travel_minutes(&p.travel, (a.x_km, a.y_km, a.density), (b.x_km, b.y_km, b.density)) - p.travel.access_minutes
}

/// Zones within 20 minutes' drive of each zone (grid index; itself included).
fn neighbours(zones: &[Zone], p: &Parameters) -> Vec<Vec<(usize, f64)>> {
    let fastest = p.travel.speed_kmh.iter().cloned().fold(1.0, f64::max);
    let cell = 20.0 / 60.0 * fastest / p.travel.detour_factor.max(1.0);
    let key = |z: &Zone| ((z.x_km / cell).floor() as i64, (z.y_km / cell).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, z) in zones.iter().enumerate() {
        grid.entry(key(z)).or_default().push(i);
    }
    zones
        .iter()
        .map(|a| {
            let (cx, cy) = key(a);
            let mut near = Vec::new();
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &j in grid.get(&(cx + dx, cy + dy)).map_or(&[][..], |v| &v[..]) {
                        let d = drive(p, a, &zones[j]);
                        if d < 20.0 {
                            near.push((j, d));
                        }
                    }
                }
            }
            near
        })
        .collect()
}

/// The catchments of a set of zones: who is within 20 minutes of whom, and
/// each zone's distance-weighted standardised population within reach (the
/// APL's first step denominator). Built once, it gives the APL for any activity
/// ([`Catchments::apl`]): `parcours validate` computes one per replication.
pub struct Catchments {
    near: Vec<Vec<(usize, f64)>>,
    demand: Vec<f64>,
}

impl Catchments {
    pub fn new(zones: &[Zone], p: &Parameters) -> Self {
        let near = neighbours(zones, p);
        let weights = age_weights();
        let standardised: Vec<f64> = zones.iter().map(|z| standardised_with(z, &weights)).collect();
        let demand = near.iter().map(|n| n.iter().map(|&(k, d)| band_weight(d) * standardised[k]).sum()).collect();
        Catchments { near, demand }
    }

    /// The APL of each zone (consultations accessible per standardised
    /// inhabitant per year) when each GP of a zone counts for `activity(zone)`
    /// consultations a year. `zones` are the ones the catchments were built on.
    pub fn apl(&self, zones: &[Zone], activity: impl Fn(&Zone) -> f64) -> Vec<f64> {
        // Step 1: each zone's GP supply over the weighted population within reach.
        let ratio: Vec<f64> = zones
            .iter()
            .zip(&self.demand)
            .map(|(z, &demand)| if z.gps == 0 || demand <= 0.0 { 0.0 } else { f64::from(z.gps) * activity(z) / demand })
            .collect();
        // Step 2: each zone adds up the ratios within reach.
        self.near.iter().map(|n| n.iter().map(|&(j, d)| band_weight(d) * ratio[j]).sum()).collect()
    }
}

/// The model's APL of each zone: consultations accessible per standardised
/// inhabitant per year, each GP of a zone counting for `activity(zone)` consultations
/// a year (DREES: its activity in the year).
pub fn model_apl(zones: &[Zone], p: &Parameters, activity: impl Fn(&Zone) -> f64) -> Vec<f64> {
    Catchments::new(zones, p).apl(zones, activity)
}

/// A commune's weights in a summary of APLs: inhabitants and standardised
/// population ([`standardised_population`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AplWeights {
    pub inhabitants: u64,
    pub standardised: f64,
}

impl AplWeights {
    pub fn of(z: &Zone) -> Self {
        AplWeights { inhabitants: z.inhabitants(), standardised: standardised_population(z) }
    }

    /// A commune of `inhabitants` whose age structure is `shares` (the
    /// model's six bands, summing to 1), e.g. its département's.
    pub fn with_ages(inhabitants: u64, shares: &[f64; 6]) -> Self {
        let standardised = inhabitants as f64 * shares.iter().zip(age_weights()).map(|(s, w)| s * w).sum::<f64>();
        AplWeights { inhabitants, standardised }
    }

    /// A commune of the embedded data without building it: its inhabitants
    /// with its département's age structure ([`Self::with_ages`]), or
    /// France's mean (standardised = inhabitants) for a département without
    /// one. The weights of DREES's APL in the web diagnostic and in the check
    /// of the APL targets against DREES's file.
    pub fn of_commune(ds: &super::Dataset, c: &super::Commune) -> Self {
        ds.age_shares
            .get(&c.dep)
            .map_or(AplWeights { inhabitants: c.population, standardised: c.population as f64 }, |s| Self::with_ages(c.population, s))
    }
}

/// The summary of the APLs of some communes, as DREES's file prescribes
/// (sheet `APL 2023`, note): the mean APL weighted by the standardised
/// population, and the share of inhabitants (not standardised) living where
/// APL is below [`UNDERSERVED_APL`]. `None` when nobody lives there.
pub fn summarise(communes: impl IntoIterator<Item = (AplWeights, f64)>) -> Option<(f64, f64)> {
    let (mut standardised, mut sum, mut inhabitants, mut under) = (0.0, 0.0, 0u64, 0u64);
    for (w, apl) in communes {
        standardised += w.standardised;
        sum += w.standardised * apl;
        inhabitants += w.inhabitants;
        if apl < UNDERSERVED_APL {
            under += w.inhabitants;
        }
    }
    (inhabitants > 0 && standardised > 0.0).then(|| (sum / standardised, under as f64 / inhabitants as f64))
}

/// One row of the comparison: mean APL (weighted by the standardised
/// population) and share of inhabitants under [`UNDERSERVED_APL`], model and
/// DREES, over the same communes ([`summarise`]).
#[derive(Clone, Debug, PartialEq)]
pub struct AplRow {
    pub group: String,
    pub communes: usize,
    pub population: u64,
    pub model: f64,
    pub drees: f64,
    /// Share of the population living where APL is below [`UNDERSERVED_APL`], model and DREES.
    pub model_below: f64,
    pub drees_below: f64,
}

/// The model's APL against DREES APL 2023, by density class and overall,
/// for the zones of real territories (named by INSEE code), without a
/// simulation: each GP counts for the consultations it offers in the
/// model's calendar ([`model_consultations_per_gp_year`], ≈ 5,400 a year),
/// where DREES counts those given (France's mean ≈ 4,850,
/// [`super::CONSULTATIONS_PER_GP_YEAR`]); the model's column therefore reads
/// ≈ 1.1 × DREES's where GPs are placed alike. `parcours validate` compares
/// consultations given. Both columns are summarised over the communes DREES
/// gives an APL for, with the model's weights of each commune.
pub fn compare(zones: &[Zone], p: &Parameters) -> Vec<AplRow> {
    let ds = super::dataset();
    let offered = model_consultations_per_gp_year(p);
    let model = model_apl(zones, p, |_| offered);
    // Each zone with a DREES APL: its density class, weights, model APL and DREES APL.
    let with_drees: Vec<(DensityClass, AplWeights, f64, f64)> = zones
        .iter()
        .zip(&model)
        .filter_map(|(z, &a)| ds.commune(&z.name).and_then(|c| c.apl).map(|d| (z.density, AplWeights::of(z), a, d)))
        .collect();
    let groups: Vec<(String, Option<DensityClass>)> =
        DensityClass::ALL.iter().map(|c| (c.label().to_string(), Some(*c))).chain(std::iter::once(("all".to_string(), None))).collect();
    let mut rows = Vec::new();
    for (label, class) in groups {
        let picked: Vec<&(DensityClass, AplWeights, f64, f64)> = with_drees.iter().filter(|r| class.is_none_or(|c| c == r.0)).collect();
        let model = summarise(picked.iter().map(|r| (r.1, r.2)));
        let drees = summarise(picked.iter().map(|r| (r.1, r.3)));
        if let (Some((m, mb)), Some((d, db))) = (model, drees) {
            rows.push(AplRow {
                group: label,
                communes: picked.len(),
                population: picked.iter().map(|r| r.1.inhabitants).sum(),
                model: m,
                drees: d,
                model_below: mb,
                drees_below: db,
            });
        }
    }
    rows
}

/// Population-weighted mean travel time (minutes, access included) to the
/// nearest GP and to the nearest ED of a built territory.
pub fn mean_travel_to_nearest(built: &Built, p: &Parameters) -> (f64, f64) {
    let zones = &built.zones;
    let with_gp: Vec<&Zone> = zones.iter().filter(|z| z.gps > 0).collect();
    let (mut gp, mut ed, mut w) = (0.0, 0.0, 0.0);
    for z in zones {
        let pop = z.inhabitants() as f64;
        let to = |x: f64, y: f64, d: DensityClass| travel_minutes(&p.travel, (z.x_km, z.y_km, z.density), (x, y, d));
        let g = with_gp.iter().map(|o| to(o.x_km, o.y_km, o.density)).fold(f64::INFINITY, f64::min);
        let e = built.territory.emergency_departments.iter().map(|(_, x, y)| to(*x, *y, z.density)).fold(f64::INFINITY, f64::min);
        if g.is_finite() && e.is_finite() {
            gp += g * pop;
            ed += e * pop;
            w += pop;
        }
    }
    if w > 0.0 {
        (gp / w, ed / w)
    } else {
        (f64::NAN, f64::NAN)
    }
}

/// The comparison as a Markdown table.
pub fn table(rows: &[AplRow]) -> String {
    table_in(rows, false)
}

/// [`table`] with French headings, density classes and decimal commas when `fr`.
pub fn table_in(rows: &[AplRow], fr: bool) -> String {
    let mut s = String::from(if fr {
        "| classe de densité | communes | habitants | APL modèle (offertes) | APL DREES 2023 | modèle / DREES | APL < 2,5, modèle | APL < 2,5, DREES |\n|---|---|---|---|---|---|---|---|\n"
    } else {
        "| density class | communes | inhabitants | model APL (offered) | DREES APL 2023 | model / DREES | APL < 2.5, model | APL < 2.5, DREES |\n|---|---|---|---|---|---|---|---|\n"
    });
    let d = |x: f64, digits: usize| super::decimal(fr, x, digits);
    for r in rows {
        let group = match DensityClass::ALL.iter().find(|c| c.label() == r.group) {
            Some(c) if fr => super::density_fr(*c),
            _ if fr && r.group == "all" => "ensemble",
            _ => r.group.as_str(),
        };
        s.push_str(&format!(
            "| {group} | {} | {} | {} | {} | {} | {} % | {} % |\n",
            crate::io::count(r.communes as u64, fr),
            crate::io::count(r.population, fr),
            d(r.model, 2),
            d(r.drees, 2),
            // No ratio where DREES's APL is 0 (communes with no GP within 20 minutes): "–", not NaN.
            if r.drees > 0.0 { d(r.model / r.drees, 2) } else { "–".to_string() },
            d(100.0 * r.model_below, 1),
            d(100.0 * r.drees_below, 1)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_drees_method() {
        assert_eq!(band_weight(5.0), 1.0);
        assert!((band_weight(12.0) - 2.0 / 3.0).abs() < 1e-12);
        assert!((band_weight(19.9) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(band_weight(20.0), 0.0);
    }

    fn zone(name: &str, x_km: f64, inhabitants: u32, gps: u32) -> Zone {
        Zone {
            name: name.into(),
            territory: 0,
            population: [inhabitants, 0, 0, 0, 0, 0],
            density: DensityClass::Rural,
            x_km,
            y_km: 0.0,
            broadband: 1.0,
            vulnerable: 0.0,
            gps,
            pharmacies: 0,
            nurses: 0,
            epci: 0,
        }
    }

    /// DREES's weights in the model's bands, worked out by hand (Python, from
    /// the two tables): e.g. 85+ = (1.89 × 1,341,052 + 2.26 × 962,609) /
    /// 2,303,661 = 2.04461, × 68,605,616 / 69,178,868.9 (France's 2025
    /// population over its unscaled standardised population) = 2.02766.
    const WEIGHTS_BY_HAND: [f64; 6] =
        [0.706_492_785_3, 0.777_247_547_5, 1.064_846_531_5, 1.329_675_494_0, 1.578_970_607_0, 2.027_655_266_8];

    #[test]
    fn drees_age_weights_merge_into_the_models_bands() {
        let w = age_weights();
        for (a, b) in w.iter().zip(WEIGHTS_BY_HAND) {
            assert!((a - b).abs() < 1e-9, "{w:?}");
        }
        // The five-year populations add up to the model's standard population,
        // band by band (two INSEE extractions, one of them per model band).
        let mut by_band = [0u64; 6];
        for (n, &band) in FRANCE_2025_BY_FIVE_YEARS.iter().zip(&MODEL_BAND) {
            by_band[band] += n;
        }
        assert_eq!(by_band, crate::model::indicators::STANDARD_POPULATION);
        // France's standardised population is its population.
        let france: u64 = by_band.iter().sum();
        let standardised: f64 = by_band.iter().zip(w).map(|(&n, w)| n as f64 * w).sum();
        assert!((standardised / france as f64 - 1.0).abs() < 1e-12);
    }

    /// Two communes 12 minutes apart (weight 2/3): Y, 1,000 inhabitants aged
    /// 15–44 and one GP giving 5,000 a year; O, 1,000 aged 75–84, no GP. By
    /// hand with the weights above (w₁₅₋₄₄ = 0.7772475, w₇₅₋₈₄ = 1.5789706):
    /// Y's standardised demand 777.2475 + 2/3 × 1,578.9706 = 1,829.8946, so
    /// APL Y = 5,000 / 1,829.8946 = 2.732398 and O = 2/3 of it = 1.821599
    /// (unstandardised: 3.0 and 2.0). Mean weighted by the standardised
    /// population: 5,000 / 2,356.2181 = 2.122045 (Σ standardised × APL is the
    /// supply); under 2.5: O's 1,000 of 2,000 inhabitants. Had both been aged
    /// 15–44, Y's APL would be 5,000 / (777.2475 × 5/3) = 3.859774.
    #[test]
    fn the_apl_shares_the_supply_among_standardised_inhabitants_by_hand() {
        let mut p = Parameters::default();
        p.travel.speed_kmh = [60.0; 4];
        p.travel.detour_factor = 1.0;
        p.travel.access_minutes = 0.0;
        let mut young = zone("Y", 0.0, 0, 1);
        young.population = [0, 1000, 0, 0, 0, 0];
        let mut old = zone("O", 12.0, 0, 0);
        old.population = [0, 0, 0, 0, 1000, 0];
        let apl = model_apl(&[young.clone(), old.clone()], &p, |_| 5_000.0);
        assert!((apl[0] - 2.732_398).abs() < 1e-6 && (apl[1] - 1.821_599).abs() < 1e-6, "{apl:?}");
        assert!((standardised_population(&old) - 1_578.970_607).abs() < 1e-6);
        // From age shares (the web's figures): half 0–14, half 15–44 of 1,000:
        // 500 × 0.7064928 + 500 × 0.7772475 = 741.8702.
        let halves = AplWeights::with_ages(1000, &[0.5, 0.5, 0.0, 0.0, 0.0, 0.0]);
        assert!((halves.standardised - 741.870_2).abs() < 1e-4 && halves.inhabitants == 1000, "{halves:?}");
        let (mean, under) = summarise([(AplWeights::of(&young), apl[0]), (AplWeights::of(&old), apl[1])]).unwrap();
        assert!((mean - 2.122_045).abs() < 1e-6 && under == 0.5, "{mean} {under}");
        let mut young_too = old.clone();
        young_too.population = young.population;
        let apl = model_apl(&[young, young_too], &p, |_| 5_000.0);
        assert!((apl[0] - 3.859_774).abs() < 1e-6, "{apl:?}");
        assert_eq!(summarise([]), None);
    }

    #[test]
    fn a_lone_zone_gets_its_own_supply_per_standardised_inhabitant() {
        let p = Parameters::default();
        // 1,000 inhabitants aged 0–14: 706.49 standardised.
        let apl = model_apl(&[zone("z", 0.0, 1000, 2)], &p, |_| 4_850.0);
        assert!((apl[0] - 2.0 * 4_850.0 / (1000.0 * WEIGHTS_BY_HAND[0])).abs() < 1e-7);
        // 24 twenty-minute slots a day (08:30–12:00, 14:00–18:30), 5 days,
        // 46 weeks, less 8 holidays × 5/7 × 46/52: 5,520 − 121.3 = 5,398.7.
        assert!((model_consultations_per_gp_year(&p) - (5_520.0 - 24.0 * 8.0 * 5.0 / 7.0 * 46.0 / 52.0)).abs() < 1e-9);
    }

    /// Three zones on a line at 60 km/h, no detour, no access time: A (1,000
    /// inhabitants, 2 GPs giving 4,000 a year each) at 0 km, B (3,000, no GP)
    /// at 12 km, C (500, 1 GP giving 6,000) at 17 km: A–B 12 min (weight
    /// 2/3), B–C 5 min (1), A–C 17 min (1/3). By hand: A's weighted
    /// population 1,000 + 2,000 + 500/3 = 9,500/3, so A's ratio 8,000 × 3 /
    /// 9,500 = 48/19; C's 500 + 3,000 + 1,000/3 = 11,500/3, ratio 36/23. APL
    /// A = 48/19 + 12/23, B = 32/19 + 36/23, C = 16/19 + 36/23; and the
    /// supply is conserved: Σ inhabitants × APL = 14,000 consultations. All
    /// are aged 0–14, so each standardised population is w₀₋₁₄ × the
    /// inhabitants and every APL is divided by w₀₋₁₄.
    #[test]
    fn the_apl_shares_each_zones_given_activity_by_hand() {
        let mut p = Parameters::default();
        p.travel.speed_kmh = [60.0; 4];
        p.travel.detour_factor = 1.0;
        p.travel.access_minutes = 0.0;
        let zones = [zone("A", 0.0, 1000, 2), zone("B", 12.0, 3000, 0), zone("C", 17.0, 500, 1)];
        let activity = |z: &Zone| if z.name == "A" { 4_000.0 } else { 6_000.0 };
        let apl = model_apl(&zones, &p, activity);
        let expected = [48.0 / 19.0 + 12.0 / 23.0, 32.0 / 19.0 + 36.0 / 23.0, 16.0 / 19.0 + 36.0 / 23.0].map(|a| a / WEIGHTS_BY_HAND[0]);
        for (a, e) in apl.iter().zip(expected) {
            assert!((a - e).abs() < 1e-7, "{apl:?} vs {expected:?}");
        }
        let supply: f64 = zones.iter().zip(&apl).map(|(z, a)| standardised_population(z) * a).sum();
        assert!((supply - 14_000.0).abs() < 1e-6);
        // The catchments built once give the same APL, and it scales with the activity.
        let c = Catchments::new(&zones, &p);
        assert_eq!(c.apl(&zones, activity), apl);
        let doubled = c.apl(&zones, |z| 2.0 * activity(z));
        assert!(doubled.iter().zip(&apl).all(|(d, a)| (d - 2.0 * a).abs() < 1e-12));
    }

    /// The default travel the APL uses (drive = travel − access): an isolated
    /// commune 10 km as the crow flies from a rural bourg drives 13 km at
    /// 48 km/h = 16.25 min, in DREES's 15–20 min band (weight 1/3); at the
    /// rural 55 km/h it would be 14.182 min (2/3). Pins the defaults whose
    /// sensitivity docs/validation.md § Travel speeds and the APL measures.
    #[test]
    fn the_default_isolated_to_rural_drive_falls_in_the_third_band() {
        let p = crate::model::params::TravelParams::default();
        assert_eq!((p.speed_kmh, p.detour_factor, p.access_minutes), ([22.0, 38.0, 55.0, 48.0], 1.3, 5.0));
        let drive = travel_minutes(&p, (0.0, 0.0, DensityClass::Isolated), (6.0, 8.0, DensityClass::Rural)) - p.access_minutes;
        assert!((drive - 16.25).abs() < 1e-9, "{drive}");
        assert_eq!(band_weight(drive), 1.0 / 3.0);
        let at_rural_speed = crate::model::params::TravelParams { speed_kmh: [22.0, 38.0, 55.0, 55.0], ..p };
        let drive = travel_minutes(&at_rural_speed, (0.0, 0.0, DensityClass::Isolated), (6.0, 8.0, DensityClass::Rural)) - 5.0;
        assert!((drive - 14.181_818_2).abs() < 1e-6, "{drive}");
        assert_eq!(band_weight(drive), 2.0 / 3.0);
    }

    /// DREES's bounds on each GP's activity (sheet `Paramètres`): 0 up to
    /// 250, 3,600 from 251 to 3,600, itself to 6,000, 6,000 above.
    #[test]
    fn drees_counts_activity_within_its_bounds() {
        assert_eq!(drees_counted_activity(200.0), 0.0);
        assert_eq!(drees_counted_activity(250.0), 0.0);
        assert_eq!(drees_counted_activity(251.0), 3_600.0);
        assert_eq!(drees_counted_activity(3_000.0), 3_600.0);
        assert_eq!(drees_counted_activity(4_850.0), 4_850.0);
        assert_eq!(drees_counted_activity(6_000.0), 6_000.0);
        assert_eq!(drees_counted_activity(7_500.0), 6_000.0);
    }
}
