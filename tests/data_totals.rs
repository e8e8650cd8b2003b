//! Checks on the processed territorial dataset in `data/`
//! (built by `scripts/build_data.py`, documented in `data/NOTICE.md`).
//!
//! Reference figures:
//! * 34 875 communes: COG 2026, France métropolitaine + DROM (decoupage-administratif
//!   6.0.0, `commune-actuelle` outside the collectivités d'outre-mer).
//! * population ≈ 68.35 M (INSEE populations municipales 2023, Mayotte 2017 census);
//!   INSEE's legal population of France is ≈ 68 M, tolerance ±1.5 %.
//! * 20.9 M emergency-department visits in 2023 (DREES SAE 2023), tolerance ±3 %.
//! * 2 251 maisons de santé pluriprofessionnelles on 31 Dec 2022 (Etalab baromètre).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

const EXPECTED_COMMUNES: usize = 34_875;
const EXPECTED_DEPARTEMENTS: usize = 101;
const POPULATION_REF: f64 = 68_000_000.0;
const POPULATION_TOL: f64 = 0.015;
const ED_VISITS_REF: f64 = 20_900_000.0;
const ED_VISITS_TOL: f64 = 0.03;
const EXPECTED_MSP: u64 = 2_251;
/// Communes without coordinates after all fallbacks (see NOTICE.md).
const MAX_UNPLACED: usize = 0;
/// Communes without APL 2023: Mayotte (17), 4 Cantal communes re-established
/// after 2023, 6 uninhabited Meuse communes.
const MAX_WITHOUT_APL: usize = 27;

struct Table {
    headers: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

fn load(name: &str) -> Table {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data").join(name);
    let mut rdr = csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("expected a readable CSV file at {}: {e}", path.display()));
    let headers: Vec<String> =
        rdr.headers().unwrap_or_else(|e| panic!("expected a header line in {name}: {e}")).iter().map(str::to_owned).collect();
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.unwrap_or_else(|e| panic!("expected well-formed CSV in {name}, row {}: {e}", i + 2));
        rows.push(headers.iter().cloned().zip(rec.iter().map(str::to_owned)).collect::<HashMap<_, _>>());
    }
    Table { headers, rows }
}

fn col<'a>(row: &'a HashMap<String, String>, name: &str) -> &'a str {
    row.get(name).map(String::as_str).unwrap_or_else(|| panic!("expected a column `{name}`"))
}

fn parse_u64(table: &str, key: &str, col_name: &str, v: &str) -> u64 {
    v.parse().unwrap_or_else(|_| panic!("expected a non-negative integer in {table} `{col_name}` for {key}, got {v:?}"))
}

fn parse_f64(table: &str, key: &str, col_name: &str, v: &str) -> f64 {
    v.parse().unwrap_or_else(|_| panic!("expected a number in {table} `{col_name}` for {key}, got {v:?}"))
}

fn departement_codes() -> HashSet<String> {
    load("departements.csv").rows.iter().map(|r| col(r, "dep").to_owned()).collect()
}

#[test]
fn communes_match_official_list() {
    let t = load("communes.csv");
    let expected_headers = [
        "insee",
        "name",
        "dep",
        "region",
        "epci",
        "population",
        "lat",
        "lon",
        "area_km2",
        "density7",
        "apl_mg_2023",
        "gp_bpe_2024",
        "median_income_2021",
        "secondary_homes_2021",
    ];
    assert_eq!(t.headers, expected_headers, "expected communes.csv columns exactly {expected_headers:?}");
    assert_eq!(t.rows.len(), EXPECTED_COMMUNES, "expected exactly {EXPECTED_COMMUNES} communes (COG 2026, metropolitan France + DROM)");

    let deps = departement_codes();
    let mut seen = HashSet::new();
    let mut population: u64 = 0;
    let mut unplaced = Vec::new();
    let mut without_apl = 0usize;
    for r in &t.rows {
        let insee = col(r, "insee");
        assert!(
            insee.chars().count() == 5 && insee.chars().all(|c| c.is_ascii_alphanumeric()),
            "expected a 5-character alphanumeric INSEE code, got {insee:?}"
        );
        assert!(seen.insert(insee.to_owned()), "expected INSEE codes to be unique, {insee} repeats");
        let dep = col(r, "dep");
        assert!(deps.contains(dep), "expected département {dep:?} of commune {insee} to be in departements.csv");
        assert!(insee.starts_with(&dep[..2]), "expected commune {insee} to start with its département code {dep}");
        population += parse_u64("communes.csv", insee, "population", col(r, "population"));

        let (lat, lon) = (col(r, "lat"), col(r, "lon"));
        if lat.is_empty() || lon.is_empty() {
            unplaced.push(insee.to_owned());
        } else {
            let (lat, lon) = (parse_f64("communes.csv", insee, "lat", lat), parse_f64("communes.csv", insee, "lon", lon));
            assert!(
                (-22.0..=51.5).contains(&lat) && (-62.0..=56.0).contains(&lon),
                "expected commune {insee} within France + DROM bounds, got ({lat}, {lon})"
            );
            if !dep.starts_with("97") {
                assert!(
                    (41.0..=51.5).contains(&lat) && (-5.5..=10.0).contains(&lon),
                    "expected metropolitan commune {insee} within metropolitan bounds, got ({lat}, {lon})"
                );
            }
        }
        let d7 = col(r, "density7");
        if !d7.is_empty() {
            let d = parse_u64("communes.csv", insee, "density7", d7);
            assert!((1..=7).contains(&d), "expected density7 in 1..=7 for {insee}, got {d}");
        }
        let apl = col(r, "apl_mg_2023");
        if apl.is_empty() {
            without_apl += 1;
        } else {
            let a = parse_f64("communes.csv", insee, "apl_mg_2023", apl);
            assert!((0.0..=50.0).contains(&a), "expected APL in 0..=50 consultations/inhabitant/year for {insee}, got {a}");
        }
        let area = col(r, "area_km2");
        if !area.is_empty() {
            let a = parse_f64("communes.csv", insee, "area_km2", area);
            assert!(a > 0.0 && a < 20_000.0, "expected a positive area below 20 000 km² for {insee}, got {a}");
        }
    }

    let rel = (population as f64 - POPULATION_REF).abs() / POPULATION_REF;
    assert!(
        rel <= POPULATION_TOL,
        "expected national population within ±{:.1} % of {POPULATION_REF} (INSEE legal population ≈ 68 M; \
         file built with 68 350 798), got {population}",
        POPULATION_TOL * 100.0
    );
    assert!(
        unplaced.len() == MAX_UNPLACED,
        "expected {MAX_UNPLACED} communes without coordinates (the pipeline places every commune), got {}: {:?}",
        unplaced.len(),
        &unplaced[..unplaced.len().min(20)]
    );
    assert!(without_apl <= MAX_WITHOUT_APL, "expected at most {MAX_WITHOUT_APL} communes without apl_mg_2023, got {without_apl}");
    for city in ["75056", "69123", "13055"] {
        assert!(seen.contains(city), "expected {city} (Paris/Lyon/Marseille) as a single commune row");
    }
}

#[test]
fn ed_sites_total_visits() {
    let t = load("ed_sites.csv");
    for c in ["finess", "name", "insee", "dep", "lat", "lon", "visits_2023"] {
        assert!(t.headers.iter().any(|h| h == c), "expected ed_sites.csv to have a column `{c}`");
    }
    let communes: HashSet<String> = load("communes.csv").rows.iter().map(|r| col(r, "insee").to_owned()).collect();
    let deps = departement_codes();
    let mut finess = HashSet::new();
    let mut total: u64 = 0;
    for r in &t.rows {
        let fi = col(r, "finess");
        assert!(fi.chars().count() == 9, "expected a 9-character FINESS number, got {fi:?}");
        assert!(finess.insert(fi.to_owned()), "expected one row per FINESS site, {fi} repeats");
        assert!(communes.contains(col(r, "insee")), "expected ED site {fi} commune {:?} in communes.csv", col(r, "insee"));
        assert!(deps.contains(col(r, "dep")), "expected ED site {fi} département {:?} in departements.csv", col(r, "dep"));
        assert!(!col(r, "lat").is_empty() && !col(r, "lon").is_empty(), "expected coordinates for every ED site, {fi} has none");
        parse_f64("ed_sites.csv", fi, "lat", col(r, "lat"));
        parse_f64("ed_sites.csv", fi, "lon", col(r, "lon"));
        let v = parse_u64("ed_sites.csv", fi, "visits_2023", col(r, "visits_2023"));
        if t.headers.iter().any(|h| h == "visits_gen_2023") {
            let g = parse_u64("ed_sites.csv", fi, "visits_gen_2023", col(r, "visits_gen_2023"));
            let p = parse_u64("ed_sites.csv", fi, "visits_ped_2023", col(r, "visits_ped_2023"));
            assert_eq!(g + p, v, "expected visits_2023 = general + paediatric for {fi}");
        }
        total += v;
    }
    let rel = (total as f64 - ED_VISITS_REF).abs() / ED_VISITS_REF;
    assert!(
        rel <= ED_VISITS_TOL,
        "expected national ED visits 2023 within ±{:.0} % of {ED_VISITS_REF} (DREES SAE 2023: 20.9 M; \
         file built with 20 876 207, Saint-Martin excluded), got {total}",
        ED_VISITS_TOL * 100.0
    );
    assert!(t.rows.len() >= 600, "expected at least 600 ED sites (617 in SAE 2023 outside Saint-Martin), got {}", t.rows.len());
}

#[test]
fn departements_totals() {
    let t = load("departements.csv");
    for c in ["dep", "name", "region", "population", "msp", "centres_sante", "gp", "nurses", "dentists"] {
        assert!(t.headers.iter().any(|h| h == c), "expected departements.csv to have a column `{c}`");
    }
    assert_eq!(t.rows.len(), EXPECTED_DEPARTEMENTS, "expected {EXPECTED_DEPARTEMENTS} départements (metropolitan France + 5 DROM)");
    let mut msp: u64 = 0;
    let mut population: u64 = 0;
    let mut seen = HashSet::new();
    for r in &t.rows {
        let dep = col(r, "dep");
        assert!(seen.insert(dep.to_owned()), "expected unique département codes, {dep} repeats");
        msp += parse_u64("departements.csv", dep, "msp", col(r, "msp"));
        population += parse_u64("departements.csv", dep, "population", col(r, "population"));
    }
    assert_eq!(msp, EXPECTED_MSP, "expected {EXPECTED_MSP} MSP on 31 Dec 2022 (Etalab baromètre / SOURCES.md)");

    let communes_pop: u64 =
        load("communes.csv").rows.iter().map(|r| parse_u64("communes.csv", col(r, "insee"), "population", col(r, "population"))).sum();
    assert_eq!(population, communes_pop, "expected département populations to sum to the communes' total");
}

/// The standard population of age-standardised rates is France 2025 by age
/// band as data/departements.csv gives it (the constant is typed in the
/// model, which does not read data files).
#[test]
fn standard_population_is_france_2025_by_age() {
    let t = load("departements.csv");
    let bands = ["pop2025_0_14", "pop2025_15_44", "pop2025_45_64", "pop2025_65_74", "pop2025_75_84", "pop2025_85_plus"];
    let sums: Vec<u64> = bands.iter().map(|b| t.rows.iter().map(|r| r[*b].parse::<u64>().unwrap_or(0)).sum()).collect();
    assert_eq!(sums, parcours::model::indicators::STANDARD_POPULATION.to_vec());
}
