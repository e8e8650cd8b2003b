//! GP accessibility of a built territory by the APL method, to compare the
//! model's supply with DREES APL.
//!
//! DREES's APL is a two-step floating catchment: each GP's yearly activity is
//! shared among the population within reach, and each commune adds up the
//! shares within reach, with distance bands weighted 1 (< 10 min), 2/3
//! (10–15 min) and 1/3 (15–20 min). Here the same computation runs on the
//! model's zones, GPs and road travel times (access time excluded), with the
//! model's consultations per GP-year as activity. DREES uses age-standardised
//! populations and each GP's own activity; the model has neither, so the two
//! agree on level and gradient, not commune by commune.

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

/// Consultations a GP offers per year in the model's default calendar:
/// slots per weekday × 5 days × (52 − weeks off) weeks, less eight public
/// holidays falling on weekdays about 5 times in 7.
pub fn model_consultations_per_gp_year(p: &Parameters) -> f64 {
    let g = &p.gp;
    let span = |s: &str| crate::engine::calendar::parse_hours(s).map_or(0.0, |(a, b)| f64::from(b - a));
    let per_day = ((span(&g.morning) + span(&g.afternoon)) / f64::from(g.slot_minutes.max(1))).floor();
    let weeks = 52.0 - f64::from(g.weeks_off_per_year);
    per_day * 5.0 * weeks - per_day * 8.0 * 5.0 / 7.0 * weeks / 52.0
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

/// The model's APL of each zone: consultations accessible per inhabitant per year.
pub fn model_apl(zones: &[Zone], p: &Parameters) -> Vec<f64> {
    let near = neighbours(zones, p);
    let activity = model_consultations_per_gp_year(p);
    // Step 1: each zone's GP supply over the weighted population within reach.
    let ratio: Vec<f64> = zones
        .iter()
        .enumerate()
        .map(|(j, z)| {
            if z.gps == 0 {
                return 0.0;
            }
            let demand: f64 = near[j].iter().map(|&(k, d)| band_weight(d) * zones[k].inhabitants() as f64).sum();
            if demand > 0.0 {
                f64::from(z.gps) * activity / demand
            } else {
                0.0
            }
        })
        .collect();
    // Step 2: each zone adds up the ratios within reach.
    near.iter().map(|n| n.iter().map(|&(j, d)| band_weight(d) * ratio[j]).sum()).collect()
}

/// One row of the comparison: population-weighted mean APL, model and DREES.
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
/// for the zones of real territories (named by INSEE code).
pub fn compare(zones: &[Zone], p: &Parameters) -> Vec<AplRow> {
    let ds = super::dataset();
    let model = model_apl(zones, p);
    let mut rows = Vec::new();
    let groups: Vec<(String, Option<DensityClass>)> =
        DensityClass::ALL.iter().map(|c| (c.label().to_string(), Some(*c))).chain(std::iter::once(("all".to_string(), None))).collect();
    for (label, class) in groups {
        let (mut n, mut pop, mut m, mut d, mut mb, mut db) = (0usize, 0u64, 0.0, 0.0, 0u64, 0u64);
        for (z, a) in zones.iter().zip(&model) {
            if class.is_some_and(|c| c != z.density) {
                continue;
            }
            let Some(drees) = ds.commune(&z.name).and_then(|c| c.apl) else { continue };
            let w = z.inhabitants();
            n += 1;
            pop += w;
            m += a * w as f64;
            d += drees * w as f64;
            mb += if *a < UNDERSERVED_APL { w } else { 0 };
            db += if drees < UNDERSERVED_APL { w } else { 0 };
        }
        if pop > 0 {
            let share = |x: u64| x as f64 / pop as f64;
            rows.push(AplRow {
                group: label,
                communes: n,
                population: pop,
                model: m / pop as f64,
                drees: d / pop as f64,
                model_below: share(mb),
                drees_below: share(db),
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
        "| classe de densité | communes | habitants | APL modèle | APL DREES 2023 | modèle / DREES | APL < 2,5, modèle | APL < 2,5, DREES |\n|---|---|---|---|---|---|---|---|\n"
    } else {
        "| density class | communes | inhabitants | model APL | DREES APL 2023 | model / DREES | APL < 2.5, model | APL < 2.5, DREES |\n|---|---|---|---|---|---|---|---|\n"
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
            r.communes,
            r.population,
            d(r.model, 2),
            d(r.drees, 2),
            d(r.model / r.drees, 2),
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

    #[test]
    fn a_lone_zone_gets_its_own_supply_per_inhabitant() {
        let p = Parameters::default();
        let z = Zone {
            name: "z".into(),
            territory: 0,
            population: [1000, 0, 0, 0, 0, 0],
            density: DensityClass::Rural,
            x_km: 0.0,
            y_km: 0.0,
            broadband: 1.0,
            vulnerable: 0.0,
            gps: 2,
            pharmacies: 0,
            nurses: 0,
        };
        let apl = model_apl(&[z], &p);
        let expected = 2.0 * model_consultations_per_gp_year(&p) / 1000.0;
        assert!((apl[0] - expected).abs() < 1e-9);
        // ≈ 23 slots a day, 5 days, 46 weeks: ≈ 5,200 consultations a GP-year.
        assert!((5_000.0..5_400.0).contains(&model_consultations_per_gp_year(&p)));
    }
}
