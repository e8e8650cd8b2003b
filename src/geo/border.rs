//! The border of a selection of real communes: in the model a territory's
//! inhabitants see only the GPs inside it, so a selection whose inhabitants
//! would go to a GP just across its edge (a few communes cut out of a
//! bassin de vie) has its access understated. [`outside_share`] counts the
//! inhabitants whose nearest GP commune, in all of France and with the
//! model's travel times (`model::territory::travel_minutes`), lies outside
//! the selection; [`border_warning`] says so above
//! [`BORDER_SHARE_WARN`] (`territory show`, `scenario check`, every run).

use super::{arrondissements_of, dataset, density_class, parent_city, practising_gps, project, structures, Dataset, CITIES};
use crate::model::params::TravelParams;
use crate::model::territory::{travel_minutes, Zone};
use crate::model::DensityClass;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Share of a selection's inhabitants whose nearest GP commune is outside
/// it above which the selection is warned of (assumption: 10 %; below, a
/// few inhabitants at the edge, as every territory has; above, the
/// selection cuts through where its inhabitants see a GP).
pub const BORDER_SHARE_WARN: f64 = 0.10;

/// Side of the grid cells indexing France's GP communes, km.
const CELL_KM: f64 = 10.0;
/// Most rings of cells searched around a commune (2,000 km: past any
/// distance between two communes of one territory's reach).
const RINGS: i64 = 200;

/// A commune of France with GPs (self-employed or salaried at the default
/// number a centre), projected.
struct GpPlace {
    insee: &'static str,
    x: f64,
    y: f64,
    density: DensityClass,
}

/// France's GP communes in grid cells of [`CELL_KM`], built once.
struct GpIndex {
    places: Vec<GpPlace>,
    cells: HashMap<(i64, i64), Vec<usize>>,
}

fn cell(x: f64, y: f64) -> (i64, i64) {
    ((x / CELL_KM).floor() as i64, (y / CELL_KM).floor() as i64)
}

fn index() -> &'static GpIndex {
    static INDEX: OnceLock<GpIndex> = OnceLock::new();
    INDEX.get_or_init(|| build_index(dataset()))
}

fn build_index(ds: &'static Dataset) -> GpIndex {
    let per_centre = structures::CDS_GPS_PER_CENTRE;
    let places: Vec<GpPlace> = ds
        .communes
        .iter()
        .filter(|c| c.lat.is_finite() && c.lon.is_finite() && practising_gps(ds, c, per_centre) > 0)
        .map(|c| {
            let (x, y) = project(c.lat, c.lon);
            GpPlace { insee: c.insee.as_str(), x, y, density: density_class(c.density7) }
        })
        .collect();
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, p) in places.iter().enumerate() {
        cells.entry(cell(p.x, p.y)).or_default().push(i);
    }
    GpIndex { places, cells }
}

/// The codes that are the territory's places: its zones, and for a city
/// (Paris, Lyon, Marseille) its arrondissements, for an arrondissement its
/// city (the two rows are one place).
fn places_of(ds: &Dataset, zones: &[Zone]) -> HashSet<String> {
    let mut out: HashSet<String> = HashSet::new();
    for z in zones {
        out.insert(z.name.clone());
        if ds.commune(&z.name).is_some_and(|c| c.arrondissement) {
            out.insert(parent_city(&z.name).to_string());
        }
        if CITIES.contains(&z.name.as_str()) {
            out.extend(arrondissements_of(&ds.communes, &z.name).map(|i| ds.communes[i].insee.clone()));
        }
    }
    out
}

/// The inhabitants of `zones` (one real territory, zones named by INSEE
/// code) whose nearest GP commune of France is outside the territory, and
/// all its inhabitants: `(outside, total)`. A zone with GPs is its own
/// nearest (the access time alone); a tie goes to the territory.
pub fn outside_share(zones: &[Zone], travel: &TravelParams) -> (u64, u64) {
    let idx = index();
    let inside = places_of(dataset(), zones);
    // A zone's own GP count (its `salaried_gps_per_centre` may differ from the index's).
    let zone_gps: HashMap<&str, u32> = zones.iter().map(|z| (z.name.as_str(), z.gps)).collect();
    let total: u64 = zones.iter().map(Zone::inhabitants).sum();
    if idx.places.iter().all(|p| inside.contains(p.insee)) {
        return (0, total); // every GP commune of France is inside (`france`)
    }
    let outside =
        zones.iter().filter(|z| z.gps == 0 && nearest_is_outside(idx, travel, z, &inside, &zone_gps)).map(Zone::inhabitants).sum();
    (outside, total)
}

/// Whether the nearest GP commune of zone `z` (which has no GP) is outside
/// the territory: rings of grid cells outward, the nearest inside and
/// outside kept, until a ring's nearest point is farther than the best
/// found at the fastest speed.
fn nearest_is_outside(idx: &GpIndex, travel: &TravelParams, z: &Zone, inside: &HashSet<String>, zone_gps: &HashMap<&str, u32>) -> bool {
    let from = (z.x_km, z.y_km, z.density);
    let fastest = travel.speed_kmh.iter().copied().fold(1.0_f64, f64::max);
    let (cx, cy) = cell(from.0, from.1);
    let (mut best_in, mut best_out) = (f64::INFINITY, f64::INFINITY);
    for ring in 0..=RINGS {
        // No point of this ring is nearer than (ring − 1) cells.
        let bound = travel.access_minutes + 60.0 * ((ring - 1).max(0) as f64 * CELL_KM) * travel.detour_factor / fastest;
        if bound > best_in.min(best_out) {
            break;
        }
        for dx in -ring..=ring {
            for dy in -ring..=ring {
                if dx.abs() != ring && dy.abs() != ring {
                    continue;
                }
                let Some(list) = idx.cells.get(&(cx + dx, cy + dy)) else { continue };
                for &i in list {
                    let p = &idx.places[i];
                    let t = travel_minutes(travel, from, (p.x, p.y, p.density));
                    if !inside.contains(p.insee) {
                        best_out = best_out.min(t);
                    } else if zone_gps.get(p.insee).is_none_or(|g| *g > 0) {
                        best_in = best_in.min(t);
                    }
                }
            }
        }
    }
    best_out < best_in
}

/// The warning of a territory whose share of inhabitants with their
/// nearest GP outside it is at least [`BORDER_SHARE_WARN`], in English or
/// French (`fr`); `None` below. `chosen_by` is the key that chose it
/// (`communes`, `around`, `epci`, `departement`): the advice widens to what
/// is wider than that (an EPCI is not told to widen to its EPCI).
pub fn border_warning(territory: &str, outside: u64, total: u64, fr: bool, chosen_by: &str) -> Option<String> {
    let territory = if fr { format!("territoire {territory:?}") } else { format!("territory {territory:?}") };
    if total == 0 || (outside as f64) < BORDER_SHARE_WARN * total as f64 {
        return None;
    }
    let pct = (100.0 * outside as f64 / total as f64).round();
    let (o, t) = (crate::io::count(outside, fr), crate::io::count(total, fr));
    Some(if fr {
        format!(
            "{territory}\u{a0}: {pct} % des habitants de la sélection ({o} sur {t}) ont leur commune de MG la plus proche hors de la sélection \
             (dans toute la France, avec les temps de trajet du modèle)\u{a0}: dans le modèle ils ne sont servis que par les MG de la sélection ; \
             élargissez la sélection ({})",
            wider(chosen_by, true)
        )
    } else {
        format!(
            "{territory}: {pct} % of the selection's inhabitants ({o} of {t}) have their nearest GP commune outside it \
             (in all of France, with the model's travel times): they are served only by the selection's GPs in the model; \
             widen the selection ({})",
            wider(chosen_by, false)
        )
    })
}

/// Where to widen a selection chosen by `chosen_by`, as an example.
fn wider(chosen_by: &str, fr: bool) -> &'static str {
    match (chosen_by, fr) {
        ("epci", false) => "e.g. the bassin de vie, or the communes around: around = { commune = …, radius_km = … }",
        ("epci", true) => "par exemple au bassin de vie, ou aux communes alentour\u{a0}: around = { commune = …, radius_km = … }",
        ("departement", false) => "e.g. a list of communes taking in the neighbouring ones across the border: communes = […]",
        ("departement", true) => {
            "par exemple une liste de communes prenant les voisines de l'autre côté de la limite\u{a0}: communes = […]"
        }
        (_, false) => "e.g. the EPCI or bassin de vie",
        (_, true) => "par exemple à l'EPCI ou au bassin de vie",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(code: &str, at: &str, people: u32, gps: u32) -> Zone {
        let c = dataset().commune(at).expect("a commune of the data");
        let (x, y) = project(c.lat, c.lon);
        Zone {
            name: code.into(),
            territory: 0,
            population: [0, people, 0, 0, 0, 0],
            density: density_class(c.density7),
            x_km: x,
            y_km: y,
            broadband: 0.9,
            vulnerable: 0.1,
            gps,
            pharmacies: 0,
            nurses: 0,
            epci: 0,
        }
    }

    /// Saint-Martin-Cantalès (15200, no GP) put at Aurillac's place beside
    /// Aurillac with its GPs: its nearest GP is Aurillac at the access time
    /// alone, which nothing outside beats, so no one is outside (0 of 400).
    /// Aurillac without GPs (its salaried GPs taken away, say): the selection
    /// has none, so all 400 have their nearest GP outside.
    #[test]
    fn a_selection_without_gp_has_everyone_outside_and_one_with_them_at_hand_no_one() {
        let travel = TravelParams::default();
        let with = [zone("15014", "15014", 300, 26), zone("15200", "15014", 100, 0)];
        assert_eq!(outside_share(&with, &travel), (0, 400));
        let without = [zone("15014", "15014", 300, 0), zone("15200", "15014", 100, 0)];
        assert_eq!(outside_share(&without, &travel), (400, 400));
    }

    /// The threshold, 10 %: 10 of 100 is warned of, 9 of 100 is not.
    #[test]
    fn the_warning_starts_at_the_threshold() {
        assert!(border_warning("t", 10, 100, false, "communes")
            .unwrap()
            .starts_with("territory \"t\": 10 % of the selection's inhabitants (10 of 100)"));
        assert_eq!(border_warning("t", 9, 100, false, "communes"), None);
        assert_eq!(border_warning("t", 0, 0, true, "communes"), None);
    }

    /// The advice widens beyond what chose the territory (trial 31: an EPCI
    /// was told to widen « à l'EPCI »).
    #[test]
    fn the_advice_widens_beyond_the_selection() {
        let advice = |by: &str, fr: bool| border_warning("t", 50, 100, fr, by).unwrap();
        assert!(advice("communes", false).ends_with("widen the selection (e.g. the EPCI or bassin de vie)"));
        for fr in [false, true] {
            assert!(!advice("epci", fr).contains("EPCI"), "{}", advice("epci", fr));
            assert!(advice("epci", fr).contains("around = {"), "{}", advice("epci", fr));
            assert!(advice("departement", fr).contains("communes = […]"), "{}", advice("departement", fr));
        }
    }
}
