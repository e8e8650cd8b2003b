//! Real French territories: the embedded open data (communes, emergency
//! departments, départements) and the territory builder.
//!
//! The processed data in `data/` (made by `scripts/build_data.py` from the
//! raw open data; sources and licences in `data/NOTICE.md`) is compiled into
//! the binary, so a real territory needs no file at run time. A territory is
//! selected as a département, an EPCI, a list of INSEE codes or the communes
//! within a radius of one; the builder turns each commune into a zone. Every
//! derived figure and its assumption is documented in `docs/territories.md`.

pub mod apl;

use crate::model::params::Parameters;
use crate::model::territory::{apportion, ArchetypeDefaults, Territory, Zone};
use crate::model::DensityClass;
use std::collections::HashMap;
use std::sync::OnceLock;

const COMMUNES_CSV: &str = include_str!("../../data/communes.csv");
const ARRONDISSEMENTS_CSV: &str = include_str!("../../data/arrondissements.csv");
const ED_SITES_CSV: &str = include_str!("../../data/ed_sites.csv");
const DEPARTEMENTS_CSV: &str = include_str!("../../data/departements.csv");

/// Mean Earth radius, km.
const EARTH_KM: f64 = 6371.0;
/// Projection centre (mainland France), degrees.
const LAT0: f64 = 46.5;

/// GP consultations and visits per GP per year used to turn APL into GPs:
/// the national APL supply (Σ APL × population = 252.4 M consultations,
/// `data/departements.csv`) over ≈ 52,000 self-employed GPs counted by the
/// APL method (DREES), ≈ 4,850.
pub const CONSULTATIONS_PER_GP_YEAR: f64 = 4_850.0;
/// Self-employed nurses per 10,000 inhabitants nationally (DREES RPPS, ≈ 14),
/// scaled by each département's nurse density relative to the national one.
pub const NURSES_PER_10000: f64 = 14.0;
/// Pharmacies per 10,000 inhabitants (≈ 20,000 for 68 M, Ordre des pharmaciens).
pub const PHARMACIES_PER_10000: f64 = 2.9;
/// Emergency departments this far (km, straight line) from a commune of the
/// territory are counted as serving it, even outside its borders (assumption).
pub const ED_REACH_KM: f64 = 40.0;

/// A commune of the official list.
#[derive(Clone, Debug, PartialEq)]
pub struct Commune {
    pub insee: String,
    pub name: String,
    pub dep: String,
    pub epci: String,
    pub population: u64,
    pub lat: f64,
    pub lon: f64,
    /// INSEE 7-level density grid, 1 (most dense) … 7.
    pub density7: u8,
    /// DREES APL to GPs 2023 (consultations per standardised inhabitant per year).
    pub apl: Option<f64>,
    /// An arrondissement municipal of Paris, Lyon or Marseille: selectable by
    /// its code only, never with its département, EPCI or a radius (the city
    /// itself is a commune row already).
    pub arrondissement: bool,
}

/// An emergency department (DREES SAE 2023 joined to FINESS coordinates).
#[derive(Clone, Debug, PartialEq)]
pub struct EdSite {
    pub name: String,
    pub insee: String,
    pub lat: f64,
    pub lon: f64,
    pub visits: u64,
}

/// The embedded dataset.
pub struct Dataset {
    pub communes: Vec<Commune>,
    pub ed_sites: Vec<EdSite>,
    /// Nurses per inhabitant of each département relative to the national figure.
    pub nurse_density: HashMap<String, f64>,
    by_insee: HashMap<String, usize>,
}

/// The dataset, parsed once.
pub fn dataset() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(|| parse_dataset().expect("the embedded data parses (tested)"))
}

fn parse_dataset() -> Result<Dataset, String> {
    let mut communes = Vec::new();
    for (text, arrondissement) in [(COMMUNES_CSV, false), (ARRONDISSEMENTS_CSV, true)] {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        for row in rdr.records() {
            let r = row.map_err(|e| e.to_string())?;
            let num = |i: usize| r.get(i).and_then(|v| v.parse::<f64>().ok());
            communes.push(Commune {
                insee: r[0].to_string(),
                name: r[1].to_string(),
                dep: r[2].to_string(),
                epci: r[4].to_string(),
                population: r[5].parse().unwrap_or(0),
                lat: num(6).unwrap_or(f64::NAN),
                lon: num(7).unwrap_or(f64::NAN),
                density7: r[9].parse().unwrap_or(7),
                apl: num(10),
                arrondissement,
            });
        }
    }
    let mut ed_sites = Vec::new();
    let mut rdr = csv::Reader::from_reader(ED_SITES_CSV.as_bytes());
    for row in rdr.records() {
        let r = row.map_err(|e| e.to_string())?;
        ed_sites.push(EdSite {
            name: r[1].to_string(),
            insee: r[2].to_string(),
            lat: r[4].parse().unwrap_or(f64::NAN),
            lon: r[5].parse().unwrap_or(f64::NAN),
            visits: r[6].parse().unwrap_or(0),
        });
    }
    let mut nurses = Vec::new();
    let mut rdr = csv::Reader::from_reader(DEPARTEMENTS_CSV.as_bytes());
    for row in rdr.records() {
        let r = row.map_err(|e| e.to_string())?;
        let (pop, n): (f64, f64) = (r[3].parse().unwrap_or(0.0), r[7].parse().unwrap_or(0.0));
        nurses.push((r[0].to_string(), pop, n));
    }
    let national = nurses.iter().map(|d| d.2).sum::<f64>() / nurses.iter().map(|d| d.1).sum::<f64>().max(1.0);
    let nurse_density = nurses.into_iter().filter(|d| d.1 > 0.0 && d.2 > 0.0).map(|(dep, pop, n)| (dep, n / pop / national)).collect();
    let by_insee = communes.iter().enumerate().map(|(i, c)| (c.insee.clone(), i)).collect();
    Ok(Dataset { communes, ed_sites, nurse_density, by_insee })
}

/// How a real territory is chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum Selection {
    /// Every commune (all of France).
    All,
    Departement(String),
    Epci(String),
    Communes(Vec<String>),
    Around {
        commune: String,
        radius_km: f64,
    },
}

impl Dataset {
    /// The commune with INSEE code `code`.
    pub fn commune(&self, code: &str) -> Option<&Commune> {
        self.by_insee.get(code).map(|&i| &self.communes[i])
    }

    /// APL for a commune DREES gives none (Mayotte, re-created communes):
    /// the population-weighted mean of its département, or, where the whole
    /// département lacks APL, the GP density of its density class's
    /// archetype turned into consultations (assumption).
    pub fn fallback_apl(&self, c: &Commune) -> f64 {
        let (sum, pop) = self
            .communes
            .iter()
            .filter(|o| o.dep == c.dep)
            .filter_map(|o| o.apl.map(|a| (a * o.population as f64, o.population as f64)))
            .fold((0.0, 0.0), |acc, x| (acc.0 + x.0, acc.1 + x.1));
        if pop > 0.0 {
            sum / pop
        } else {
            class_defaults(density_class(c.density7)).gps_per_10000 / 10_000.0 * CONSULTATIONS_PER_GP_YEAR
        }
    }

    /// Indices of the communes selected, in INSEE order; an error says why none could be.
    pub fn select(&self, sel: &Selection) -> Result<Vec<usize>, String> {
        let communes = || (0..self.communes.len()).filter(|&i| !self.communes[i].arrondissement);
        let picked: Vec<usize> = match sel {
            Selection::All => communes().collect(),
            Selection::Departement(d) => communes().filter(|&i| &self.communes[i].dep == d).collect(),
            Selection::Epci(e) => communes().filter(|&i| &self.communes[i].epci == e).collect(),
            Selection::Communes(codes) => {
                let mut v = Vec::new();
                for c in codes {
                    v.push(*self.by_insee.get(c).ok_or_else(|| format!("no commune has the INSEE code {c:?}"))?);
                }
                v.sort_unstable();
                v.dedup();
                v
            }
            Selection::Around { commune, radius_km } => {
                let centre = self.commune(commune).ok_or_else(|| format!("no commune has the INSEE code {commune:?}"))?;
                communes()
                    .filter(|&i| great_circle_km(centre.lat, centre.lon, self.communes[i].lat, self.communes[i].lon) <= *radius_km)
                    .collect()
            }
        };
        if picked.is_empty() {
            return Err(match sel {
                Selection::Departement(d) => format!("no commune in département {d:?} (codes are like \"05\", \"2A\", \"971\")"),
                Selection::Epci(e) => format!("no commune in EPCI {e:?} (give its 9-digit SIREN)"),
                _ => "no commune selected".into(),
            });
        }
        Ok(picked)
    }
}

/// Parses a territory spec of `parcours territory show`: `departement=05`,
/// `epci=200040715`, `communes=05061,05023`, `around=05061:20` (INSEE code
/// and radius in km), or `france`.
pub fn parse_spec(spec: &str) -> Result<Selection, String> {
    if spec == "france" {
        return Ok(Selection::All);
    }
    let (key, value) = spec.split_once('=').ok_or_else(|| {
        format!("{spec:?}: expected KEY=VALUE (departement=05, epci=SIREN, communes=CODE,CODE, around=CODE:KM) or france")
    })?;
    match key {
        "departement" => Ok(Selection::Departement(value.to_string())),
        "epci" => Ok(Selection::Epci(value.to_string())),
        "communes" => Ok(Selection::Communes(value.split(',').map(|c| c.trim().to_string()).collect())),
        "around" => {
            let (code, km) = value.split_once(':').ok_or_else(|| format!("{spec:?}: expected around=CODE:KM"))?;
            let radius_km: f64 = km.parse().map_err(|_| format!("{spec:?}: the radius {km:?} is not a number of km"))?;
            if !(radius_km.is_finite() && radius_km > 0.0) {
                return Err(format!("{spec:?}: the radius must be positive"));
            }
            Ok(Selection::Around { commune: code.to_string(), radius_km })
        }
        other => Err(format!("{other:?} is not a territory kind: use departement, epci, communes or around")),
    }
}

/// Great-circle distance (haversine), km.
pub fn great_circle_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_KM * a.sqrt().asin()
}

/// Lambert conformal conic projection of mainland France and Corsica, km
/// (spherical form, standard parallels 44° N and 49° N, origin 46.5° N 3° E,
/// as Lambert-93): being conformal with two standard parallels, it keeps
/// local distances within ≈ 1 % of great-circle distances between 42° and
/// 51° N. Overseas départements (south of 30° N or west of 10° W) are
/// projected around their own centre and laid out far from the mainland.
pub fn project(lat: f64, lon: f64) -> (f64, f64) {
    if lat < 30.0 || lon < -10.0 {
        return project_overseas(lat, lon);
    }
    let (phi1, phi2, phi0, lam0) = (44f64.to_radians(), 49f64.to_radians(), LAT0.to_radians(), 3f64.to_radians());
    let t = |phi: f64| (std::f64::consts::FRAC_PI_4 + phi / 2.0).tan();
    let n = (phi1.cos() / phi2.cos()).ln() / (t(phi2) / t(phi1)).ln();
    let f = phi1.cos() * t(phi1).powf(n) / n;
    let rho = |phi: f64| EARTH_KM * f / t(phi).powf(n);
    let theta = n * (lon.to_radians() - lam0);
    let r = rho(lat.to_radians());
    (r * theta.sin(), rho(phi0) - r * theta.cos())
}

/// Centres of the overseas départements: Guadeloupe, Martinique, Guyane, La Réunion, Mayotte.
const OVERSEAS: [(f64, f64); 5] = [(16.2, -61.5), (14.6, -61.0), (4.0, -53.0), (-21.1, 55.5), (-12.8, 45.15)];

/// Overseas: a local equirectangular projection around the nearest overseas
/// centre, each laid out 5,000 km apart, far from the mainland.
fn project_overseas(lat: f64, lon: f64) -> (f64, f64) {
    let (k, &(lat_c, lon_c)) = OVERSEAS
        .iter()
        .enumerate()
        .min_by(|a, b| great_circle_km(lat, lon, a.1 .0, a.1 .1).total_cmp(&great_circle_km(lat, lon, b.1 .0, b.1 .1)))
        .expect("non-empty");
    let x = EARTH_KM * (lon - lon_c).to_radians() * lat_c.to_radians().cos();
    let y = EARTH_KM * (lat - lat_c).to_radians();
    (x + 5_000.0 * (k as f64 + 1.0), y - 20_000.0)
}

/// The model's 4 density classes from INSEE's 7 levels: 1 → dense urban;
/// 2–4 (intermediate centres, urban belts, small towns) → intermediate;
/// 5–6 (rural towns, dispersed rural) → rural; 7 (very dispersed rural,
/// most mountain communes) → isolated.
pub fn density_class(density7: u8) -> DensityClass {
    match density7 {
        1 => DensityClass::DenseUrban,
        2..=4 => DensityClass::Intermediate,
        5 | 6 => DensityClass::Rural,
        _ => DensityClass::Isolated,
    }
}

fn class_defaults(d: DensityClass) -> ArchetypeDefaults {
    match d {
        DensityClass::DenseUrban => ArchetypeDefaults::DENSE_URBAN,
        DensityClass::Intermediate => ArchetypeDefaults::INTERMEDIATE,
        DensityClass::Rural => ArchetypeDefaults::RURAL,
        DensityClass::Isolated => ArchetypeDefaults::ISOLATED,
    }
}

/// Options of the builder a scenario may set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BuildOptions {
    pub broadband: Option<f64>,
    pub vulnerable: Option<f64>,
}

/// What the builder made, with counts for the user.
pub struct Built {
    pub territory: Territory,
    pub zones: Vec<Zone>,
    /// Communes left out because they have no coordinates.
    pub unplaced: usize,
}

/// Builds a territory from the selected communes: one zone per commune with
/// its population split by the national age structure of its density class,
/// GPs from APL × population / [`CONSULTATIONS_PER_GP_YEAR`] apportioned by
/// APL × population, nurses and pharmacies from per-capita ratios, and the
/// ED sites within [`ED_REACH_KM`] of its communes.
pub fn build(ds: &Dataset, picked: &[usize], name: &str, index: u16, opts: &BuildOptions) -> Built {
    let placed: Vec<&Commune> = picked.iter().map(|&i| &ds.communes[i]).filter(|c| c.lat.is_finite() && c.lon.is_finite()).collect();
    let unplaced = picked.len() - placed.len();
    let supply: Vec<f64> = placed.iter().map(|c| c.apl.unwrap_or_else(|| ds.fallback_apl(c)) * c.population as f64).collect();
    let gp_total = (supply.iter().sum::<f64>() / CONSULTATIONS_PER_GP_YEAR).round() as u64;
    let gps = apportion(gp_total, &supply);
    let pop_total: u64 = placed.iter().map(|c| c.population).sum();
    let nurse_weights: Vec<f64> =
        placed.iter().map(|c| c.population as f64 * ds.nurse_density.get(&c.dep).copied().unwrap_or(1.0)).collect();
    let nurses_total = (nurse_weights.iter().sum::<f64>() * NURSES_PER_10000 / 10_000.0).round() as u64;
    let nurses = apportion(nurses_total, &nurse_weights);
    let pharmacy_weights: Vec<f64> = placed.iter().map(|c| c.population as f64 * pharmacy_factor(density_class(c.density7))).collect();
    let pharmacies = apportion((pop_total as f64 * PHARMACIES_PER_10000 / 10_000.0).round() as u64, &pharmacy_weights);
    let zones = placed
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let class = density_class(c.density7);
            let d = class_defaults(class);
            let ages = apportion(c.population, &d.age_shares);
            let (x, y) = project(c.lat, c.lon);
            Zone {
                name: c.insee.clone(),
                territory: index,
                population: std::array::from_fn(|a| ages[a] as u32),
                density: class,
                x_km: x,
                y_km: y,
                broadband: opts.broadband.unwrap_or(d.broadband),
                vulnerable: opts.vulnerable.unwrap_or(d.vulnerable),
                gps: gps[i] as u32,
                pharmacies: pharmacies[i] as u32,
                nurses: nurses[i] as u32,
            }
        })
        .collect();
    let eds = ds
        .ed_sites
        .iter()
        .filter(|e| e.lat.is_finite() && placed.iter().any(|c| great_circle_km(c.lat, c.lon, e.lat, e.lon) <= ED_REACH_KM))
        .map(|e| {
            let (x, y) = project(e.lat, e.lon);
            (e.name.clone(), x, y)
        })
        .collect();
    Built { territory: Territory { name: name.to_string(), emergency_departments: eds }, zones, unplaced }
}

/// Pharmacies per inhabitant relative to the national mean, by density class (assumption: denser networks in rural areas).
fn pharmacy_factor(d: DensityClass) -> f64 {
    match d {
        DensityClass::DenseUrban => 0.95,
        DensityClass::Intermediate => 1.0,
        DensityClass::Rural => 1.15,
        DensityClass::Isolated => 1.2,
    }
}

/// A one-screen summary of a built territory (`parcours territory show`).
pub fn summary(built: &Built, p: &Parameters) -> String {
    use std::fmt::Write;
    let zones = &built.zones;
    let pop: u64 = zones.iter().map(|z| z.inhabitants()).sum();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "territory {}: {} communes ({} without coordinates, left out), {} inhabitants",
        built.territory.name,
        zones.len(),
        built.unplaced,
        pop
    );
    for class in DensityClass::ALL {
        let (n, p_class): (usize, u64) = zones.iter().filter(|z| z.density == class).fold((0, 0), |(n, s), z| (n + 1, s + z.inhabitants()));
        let share = if pop > 0 { 100.0 * p_class as f64 / pop as f64 } else { 0.0 };
        let _ = writeln!(s, "  {:<13} {:>6} communes {:>10} inhabitants ({share:.1} %)", class.label(), n, p_class);
    }
    let gps: u32 = zones.iter().map(|z| z.gps).sum();
    let nurses: u32 = zones.iter().map(|z| z.nurses).sum();
    let pharmacies: u32 = zones.iter().map(|z| z.pharmacies).sum();
    let per10k = |n: u32| if pop > 0 { 10_000.0 * f64::from(n) / pop as f64 } else { 0.0 };
    let _ = writeln!(s, "  GPs {gps} ({:.1} per 10,000), self-employed nurses {nurses}, pharmacies {pharmacies}", per10k(gps));
    let _ = writeln!(s, "  emergency departments serving it (within {ED_REACH_KM} km): {}", built.territory.emergency_departments.len());
    let (gp_min, ed_min) = apl::mean_travel_to_nearest(built, p);
    let _ = writeln!(s, "  mean travel time to the nearest GP: {gp_min:.1} min; to the nearest ED: {ed_min:.1} min (population-weighted)");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_parses_with_every_commune() {
        let ds = dataset();
        assert_eq!(ds.communes.iter().filter(|c| !c.arrondissement).count(), 34_875);
        assert_eq!(ds.communes.iter().filter(|c| c.arrondissement).count(), 45);
        assert!(ds.ed_sites.len() > 600);
        assert_eq!(ds.commune("05061").unwrap().name, "Gap");
    }

    #[test]
    fn selections_pick_the_right_communes() {
        let ds = dataset();
        assert_eq!(ds.select(&Selection::Departement("05".into())).unwrap().len(), 162);
        // Paris is one commune in its département; its arrondissements are picked by code only.
        assert_eq!(ds.select(&Selection::Departement("75".into())).unwrap().len(), 1);
        let arr = ds.select(&Selection::Communes(vec!["75118".into()])).unwrap();
        assert_eq!(ds.communes[arr[0]].name, "Paris 18e Arrondissement");
        assert_eq!(ds.select(&Selection::Epci("200093201".into())).unwrap().len(), 95);
        assert_eq!(ds.select(&Selection::Communes(vec!["05061".into(), "05023".into()])).unwrap().len(), 2);
        let around = ds.select(&Selection::Around { commune: "05061".into(), radius_km: 10.0 }).unwrap();
        assert!(around.iter().any(|&i| ds.communes[i].insee == "05061") && around.len() > 5);
        assert!(ds.select(&Selection::Departement("99".into())).unwrap_err().contains("99"));
        assert!(ds.select(&Selection::Communes(vec!["00000".into()])).unwrap_err().contains("00000"));
    }

    #[test]
    fn great_circle_and_projection_agree_locally() {
        // Gap – Briançon (≈ 58 km), Lille – Paris (≈ 204 km), Ajaccio – Bastia (≈ 107 km), Brest – Quimper (≈ 64 km).
        let pairs = [
            ((44.5597, 6.0786), (44.8986, 6.6436), 58.0),
            ((50.6292, 3.0573), (48.8566, 2.3522), 204.0),
            ((41.9192, 8.7386), (42.6970, 9.4503), 107.0),
            ((48.3904, -4.4861), (47.9960, -4.1024), 52.0),
        ];
        for (a, b, approx) in pairs {
            let d = great_circle_km(a.0, a.1, b.0, b.1);
            assert!((d / approx - 1.0).abs() < 0.05, "haversine {d} vs {approx}");
            let (p, q) = (project(a.0, a.1), project(b.0, b.1));
            let planar = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
            assert!((planar / d - 1.0).abs() < 0.01, "planar {planar} vs great-circle {d}");
        }
    }

    #[test]
    fn hautes_alpes_builds_with_gps_and_its_eds() {
        let ds = dataset();
        let picked = ds.select(&Selection::Departement("05".into())).unwrap();
        let b = build(ds, &picked, "05", 0, &BuildOptions::default());
        assert_eq!(b.zones.len() + b.unplaced, 162);
        let pop: u64 = b.zones.iter().map(|z| z.inhabitants()).sum();
        let expected: u64 = picked.iter().map(|&i| ds.communes[i].population).sum();
        assert_eq!(pop, expected);
        let gps: u32 = b.zones.iter().map(|z| z.gps).sum();
        // APL ≈ 4–5 in the Hautes-Alpes: ≈ 9–13 GPs per 10,000 of 140,000 inhabitants.
        assert!((100..=200).contains(&gps), "{gps} GPs");
        assert!(b.territory.emergency_departments.iter().any(|e| e.0.to_uppercase().contains("GAP")));
        assert!(b.territory.emergency_departments.len() >= 2);
    }

    #[test]
    fn overseas_departements_keep_their_own_distances() {
        // Saint-Denis – Saint-Pierre (La Réunion) ≈ 44 km.
        let (a, b) = ((-20.8823, 55.4504), (-21.3393, 55.4781));
        let d = great_circle_km(a.0, a.1, b.0, b.1);
        let (p, q) = (project(a.0, a.1), project(b.0, b.1));
        let planar = ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt();
        assert!((planar / d - 1.0).abs() < 0.01, "planar {planar} vs {d}");
        // Far from the mainland.
        assert!(p.0 > 5_000.0 && p.1 < -10_000.0);
    }

    #[test]
    fn density_levels_map_to_four_classes() {
        assert_eq!(density_class(1), DensityClass::DenseUrban);
        assert_eq!(density_class(3), DensityClass::Intermediate);
        assert_eq!(density_class(6), DensityClass::Rural);
        assert_eq!(density_class(7), DensityClass::Isolated);
    }
}
