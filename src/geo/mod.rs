//! Real French territories: the embedded open data (communes, emergency
//! departments, départements) and the territory builder.
//!
//! The processed data in `data/` (made by `scripts/build_data.py` from the
//! raw open data; sources and licences in `data/NOTICE.md`) is compiled into
//! the binary, so a real territory needs no file at run time. A territory is
//! selected as a département, an EPCI, a list of INSEE codes or the communes
//! within a radius of one; the builder turns each commune into a zone. Every
//! derived figure and its assumption is documented in `docs/territories.md`.
//! Each commune's patients take its département's 2025 age structure (INSEE),
//! its GPs are those practising there (INSEE BPE 2024, de-duplicated to a
//! headcount) and the salaried GPs of its centres de santé, and its vulnerable share follows its median income (Filosofi).

pub mod apl;
pub mod border;
pub mod find;
pub mod seasonal;
pub mod structures;

use crate::model::params::Parameters;
use crate::model::territory::{apportion, ArchetypeDefaults, Territory, Zone, OWN_EPCI};
use crate::model::DensityClass;
use std::collections::HashMap;
use std::sync::OnceLock;

const COMMUNES_CSV: &str = include_str!("../../data/communes.csv");
const ARRONDISSEMENTS_CSV: &str = include_str!("../../data/arrondissements.csv");
const ED_SITES_CSV: &str = include_str!("../../data/ed_sites.csv");
pub(crate) const DEPARTEMENTS_CSV: &str = include_str!("../../data/departements.csv");
const EPCI_CSV: &str = include_str!("../../data/epci.csv");

/// Mean Earth radius, km.
const EARTH_KM: f64 = 6371.0;
/// Projection centre (mainland France), degrees.
const LAT0: f64 = 46.5;

/// GPs practising in France, as a headcount: the national total the model
/// placed from APL until 2026, Σ APL × population / [`CONSULTATIONS_PER_GP_YEAR`]
/// (DREES APL 2023). DREES's APL counts the self-employed GPs *and* the
/// salaried GPs of centres de santé (« omnipraticiens libéraux […] et
/// salariés en centre de santé », sheet `Paramètres` of
/// `drees_apl_medecins_generalistes_2022_2023.xlsx`), so this total holds
/// both: the self-employed GPs placed from BPE are this total less the
/// centres' salaried GPs ([`self_employed_headcount`]).
pub const GP_HEADCOUNT: u64 = 52_846;
/// Where the GPs of a real territory come from (shown by `territory show` and the report).
pub const GP_SOURCE: &str =
    "INSEE BPE 2024 (D265, place of practice), 60,573 sites scaled to 50,758 self-employed GPs (52,846 GPs less 2,088 salaried in centres de santé)";

/// Self-employed GPs of France, placed where BPE counts them: [`GP_HEADCOUNT`]
/// less the salaried GPs of the 522 centres de santé at
/// [`structures::CDS_GPS_PER_CENTRE`] a centre (50,758 = 52,846 − 522 × 4).
/// INSEE BPE 2024 counts 60,573 self-employed practice sites (D265), a GP
/// being counted once per place of practice: 1.193 sites per GP (assumption,
/// plausible range 1.05–1.20), taken as the same everywhere. A territory
/// that sets another number of GPs a centre changes its salaried GPs only.
pub fn self_employed_headcount() -> u64 {
    let centres: u64 = structures::parse_counts(DEPARTEMENTS_CSV).values().map(|d| u64::from(d.centres_sante)).sum();
    GP_HEADCOUNT - centres * u64::from(structures::CDS_GPS_PER_CENTRE)
}
/// National median disposable income per consumption unit, Filosofi 2021 (€/year).
pub const NATIONAL_MEDIAN_INCOME: f64 = 22_810.0;
/// Elasticity of the poverty rate to median income: the log-log slope of
/// poverty rate on national median / median over 1,694 bassins de vie
/// (INSEE 2021, `data/bassins_vie.csv`; R² 0.64).
pub const INCOME_ELASTICITY: f64 = 3.0;
/// Bounds of a commune's vulnerable share (assumption).
pub const VULNERABLE_BOUNDS: (f64, f64) = (0.02, 0.60);
/// The three cities split into arrondissements municipaux.
pub(crate) const CITIES: [&str; 3] = ["75056", "69123", "13055"];

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
    /// GP practice sites, INSEE BPE 2024 (D265); `None` for arrondissements
    /// (BPE counts Paris, Lyon and Marseille as whole cities).
    pub gp_sites: Option<u32>,
    /// GPs placed in the commune (see [`place_gps`]).
    pub gps: u32,
    /// Median disposable income per consumption unit, Filosofi 2021 (€/year);
    /// `None` where INSEE does not publish it (statistical secrecy).
    pub median_income: Option<f64>,
    /// Vulnerable share from the median income (see [`vulnerable_shares`]).
    pub vulnerable: Option<f64>,
    /// Secondary homes and occasional dwellings, INSEE census 2021.
    pub secondary_homes: Option<u64>,
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
    /// Age structure of each département, INSEE estimate on 1 January 2025, model bands.
    pub age_shares: HashMap<String, [f64; 6]>,
    /// Départements and EPCI: (code, name).
    pub departements: Vec<(String, String)>,
    pub epcis: Vec<(String, String)>,
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
                gp_sites: r.get(11).and_then(|v| v.parse().ok()),
                gps: 0,
                median_income: num(12),
                vulnerable: None,
                secondary_homes: r.get(13).and_then(|v| v.parse().ok()),
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
    let (mut nurses, mut age_shares, mut departements) = (Vec::new(), HashMap::new(), Vec::new());
    let mut rdr = csv::Reader::from_reader(DEPARTEMENTS_CSV.as_bytes());
    for row in rdr.records() {
        let r = row.map_err(|e| e.to_string())?;
        let (pop, n): (f64, f64) = (r[3].parse().unwrap_or(0.0), r[7].parse().unwrap_or(0.0));
        nurses.push((r[0].to_string(), pop, n));
        departements.push((r[0].to_string(), r[1].to_string()));
        let ages: Vec<f64> = (12..18).filter_map(|i| r.get(i).and_then(|v| v.parse().ok())).collect();
        let total: f64 = ages.iter().sum();
        if ages.len() == 6 && total > 0.0 {
            age_shares.insert(r[0].to_string(), std::array::from_fn(|a| ages[a] / total));
        }
    }
    let mut epcis = Vec::new();
    for row in csv::Reader::from_reader(EPCI_CSV.as_bytes()).records() {
        let r = row.map_err(|e| e.to_string())?;
        epcis.push((r[0].to_string(), r[1].to_string()));
    }
    place_gps(&mut communes);
    vulnerable_shares(&mut communes);
    let national = nurses.iter().map(|d| d.2).sum::<f64>() / nurses.iter().map(|d| d.1).sum::<f64>().max(1.0);
    let nurse_density = nurses.into_iter().filter(|d| d.1 > 0.0 && d.2 > 0.0).map(|(dep, pop, n)| (dep, n / pop / national)).collect();
    let by_insee = communes.iter().enumerate().map(|(i, c)| (c.insee.clone(), i)).collect();
    Ok(Dataset { communes, ed_sites, nurse_density, age_shares, departements, epcis, by_insee })
}

/// The city (Paris, Lyon, Marseille) an arrondissement municipal belongs to.
pub(crate) fn parent_city(arrondissement: &str) -> &'static str {
    match arrondissement.get(..2) {
        Some("75") => CITIES[0],
        Some("69") => CITIES[1],
        _ => CITIES[2],
    }
}

/// Indices of the arrondissements of `city`.
fn arrondissements_of<'a>(communes: &'a [Commune], city: &'a str) -> impl Iterator<Item = usize> + 'a {
    (0..communes.len()).filter(move |&i| communes[i].arrondissement && parent_city(&communes[i].insee) == city)
}

/// Self-employed GPs where they practise (INSEE BPE 2024, D265). BPE counts a GP once per
/// place of practice, so a GP with a secondary site would become two: the
/// national headcount [`self_employed_headcount`] is shared among départements in
/// proportion to their BPE sites, then among each département's communes in
/// proportion to theirs (largest remainder both times, so a département's
/// GPs do not depend on the territory selected). The GPs of Paris, Lyon and
/// Marseille are shared among their arrondissements by DREES APL × population.
fn place_gps(communes: &mut [Commune]) {
    let mut deps: Vec<&str> = communes.iter().filter(|c| !c.arrondissement).map(|c| c.dep.as_str()).collect();
    deps.sort_unstable();
    deps.dedup();
    let deps: Vec<String> = deps.into_iter().map(str::to_string).collect();
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in communes.iter().enumerate().filter(|(_, c)| !c.arrondissement) {
        members.entry(deps[deps.binary_search(&c.dep).unwrap_or(0)].as_str()).or_default().push(i);
    }
    let sites = |idx: &[usize]| idx.iter().map(|&i| f64::from(communes[i].gp_sites.unwrap_or(0))).collect::<Vec<f64>>();
    let per_dep: Vec<f64> = deps.iter().map(|d| sites(&members[d.as_str()]).iter().sum()).collect();
    let mut placed = vec![0u64; communes.len()];
    for (d, n) in deps.iter().zip(apportion(self_employed_headcount(), &per_dep)) {
        let idx = &members[d.as_str()];
        for (&i, g) in idx.iter().zip(apportion(n, &sites(idx))) {
            placed[i] = g;
        }
    }
    for city in CITIES {
        let Some(ci) = communes.iter().position(|c| c.insee == city && !c.arrondissement) else { continue };
        let idx: Vec<usize> = arrondissements_of(communes, city).collect();
        let w: Vec<f64> = idx.iter().map(|&i| communes[i].apl.unwrap_or(0.0) * communes[i].population as f64).collect();
        for (&i, g) in idx.iter().zip(apportion(placed[ci], &w)) {
            placed[i] = g;
        }
    }
    for (c, g) in communes.iter_mut().zip(placed) {
        c.gps = g as u32;
    }
}

/// Each commune's vulnerable share from its median income (Filosofi 2021):
/// proportional to (national median / commune median)^[`INCOME_ELASTICITY`],
/// the relation of the poverty rate to the median across bassins de vie,
/// scaled so that over the communes with a median the population-weighted
/// mean equals that of today's density-class shares (the national level
/// stays an assumption; income redistributes it), then bounded by
/// [`VULNERABLE_BOUNDS`]. Paris, Lyon and Marseille, which Filosofi gives by
/// arrondissement only, take their arrondissements' population-weighted mean.
/// Communes without a median keep their density class's share.
fn vulnerable_shares(communes: &mut [Commune]) {
    let mut index: Vec<Option<f64>> = communes
        .iter()
        .map(|c| c.median_income.filter(|m| *m > 0.0).map(|m| (NATIONAL_MEDIAN_INCOME / m).powf(INCOME_ELASTICITY)))
        .collect();
    for city in CITIES {
        let (mut sum, mut pop) = (0.0, 0.0);
        for i in arrondissements_of(communes, city) {
            if let Some(x) = index[i] {
                sum += x * communes[i].population as f64;
                pop += communes[i].population as f64;
            }
        }
        if let Some(ci) = communes.iter().position(|c| c.insee == city && !c.arrondissement) {
            if pop > 0.0 && index[ci].is_none() {
                index[ci] = Some(sum / pop);
            }
        }
    }
    let (mut today, mut weighted) = (0.0, 0.0);
    for (c, x) in communes.iter().zip(&index).filter(|(c, _)| !c.arrondissement) {
        if let Some(x) = x {
            today += c.population as f64 * class_defaults(density_class(c.density7)).vulnerable;
            weighted += c.population as f64 * x;
        }
    }
    let scale = if weighted > 0.0 { today / weighted } else { 0.0 };
    for (c, x) in communes.iter_mut().zip(index) {
        c.vulnerable = x.map(|x| (scale * x).clamp(VULNERABLE_BOUNDS.0, VULNERABLE_BOUNDS.1));
    }
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

    /// The name of the département with code `code` ("23" ─► "Creuse").
    pub fn departement_name(&self, code: &str) -> Option<&str> {
        self.departements.iter().find(|d| d.0 == code).map(|d| d.1.as_str())
    }

    /// "; did you mean …" when `name` is, contains or is near the name of a
    /// `kind` (a user who wrote `departement = "Creuse"` or `communes =
    /// ["Aubervillier"]`: [`find::may_mean`]), and the note on the EPTs of
    /// the Grand Paris when it names one; or nothing.
    fn named(&self, name: &str, kind: &str) -> String {
        let found = find::may_mean(self, name, kind);
        let mut s = if found.is_empty() { String::new() } else { format!("; did you mean {}?", found.join(", ")) };
        if kind == "EPCI" || kind == "commune" {
            if find::grand_paris_territory(&find::normalise(name)).is_some() {
                s.push_str(&find::ept_note(false));
            }
        }
        s
    }

    /// Indices of the communes selected, in INSEE order; an error says why none could be.
    pub fn select(&self, sel: &Selection) -> Result<Vec<usize>, String> {
        let communes = || (0..self.communes.len()).filter(|&i| !self.communes[i].arrondissement);
        if let Some(why) = refused_selection(sel) {
            return Err(why);
        }
        let picked: Vec<usize> = match sel {
            Selection::All => communes().collect(),
            // Codes as `territory find` matches them: "2a" is 2A, "5" is 05.
            Selection::Departement(d) => {
                let d = departement_code(d);
                communes().filter(|&i| self.communes[i].dep.eq_ignore_ascii_case(&d)).collect()
            }
            Selection::Epci(e) => communes().filter(|&i| &self.communes[i].epci == e).collect(),
            Selection::Communes(codes) => {
                // Every unknown code said at once, each with its suggestion (trial 32: a list written
                // by name was told its first commune's code, the next one at the next check).
                let unknown: Vec<String> = codes
                    .iter()
                    .filter(|c| !self.by_insee.contains_key(*c))
                    .map(|c| format!("no commune has the INSEE code {c:?}{}", self.named(c, "commune")))
                    .collect();
                if !unknown.is_empty() {
                    return Err(unknown.join(UNKNOWN_CODES_JOINER));
                }
                let mut v: Vec<usize> = codes.iter().map(|c| self.by_insee[c]).collect();
                v.sort_unstable();
                v.dedup();
                self.check_span(&v)?;
                v
            }
            Selection::Around { commune, radius_km } => {
                let centre = self
                    .commune(commune)
                    .ok_or_else(|| format!("no commune has the INSEE code {commune:?}{}", self.named(commune, "commune")))?;
                communes()
                    .filter(|&i| great_circle_km(centre.lat, centre.lon, self.communes[i].lat, self.communes[i].lon) <= *radius_km)
                    .collect()
            }
        };
        if picked.is_empty() {
            return Err(match sel {
                Selection::Departement(d) if d.trim() == "20" => {
                    "no commune in département \"20\": Corsica is two départements since 1976, \"2A\" (Corse-du-Sud) and \"2B\" (Haute-Corse); give one territory for each".into()
                }
                // A code no département has: the codes there are, not names near "99".
                Selection::Departement(d) if departement_like(d) => no_departement(&departement_code(d), false),
                Selection::Departement(d) => {
                    format!("no commune in département {d:?} (codes are like \"05\", \"2A\", \"971\"){}", self.named(d, "département"))
                }
                Selection::Epci(e) => format!("no commune in EPCI {e:?} (give its 9-digit SIREN){}", self.named(e, "EPCI")),
                _ => "no commune selected".into(),
            });
        }
        Ok(picked)
    }
}

/// Between the reasons of a list's unknown commune codes, one per code
/// (`Dataset::select`; `report::reasons_fr` splits on it to translate each).
pub const UNKNOWN_CODES_JOINER: &str = " — ";

/// A département code as INSEE writes it: a one-digit code zero-padded
/// ("5" → "05", as `01` … `09` are written), every other code as given,
/// trimmed ("05", "2A", "971"). A user who types the number of the
/// Hautes-Alpes gets the Hautes-Alpes, not a suggestion of départements
/// whose names are near "5".
pub fn departement_code(code: &str) -> String {
    let c = code.trim();
    if c.len() == 1 && c.as_bytes()[0].is_ascii_digit() {
        format!("0{c}")
    } else {
        c.to_string()
    }
}

/// Whether `code` is written like a département code (one to three digits,
/// possibly negative, or a digit and a letter: "99", "2C", "975"), rather
/// than a name: a code no département has is then answered with the codes
/// there are ([`no_departement`]), not with names near it.
pub fn departement_like(code: &str) -> bool {
    let c = code.trim();
    let digits = c.strip_prefix('-').unwrap_or(c);
    let b = c.as_bytes();
    ((1..=3).contains(&digits.len()) && digits.bytes().all(|x| x.is_ascii_digit()))
        || (b.len() == 2 && b[0].is_ascii_digit() && b[1].is_ascii_alphabetic())
}

/// The codes of the départements of the embedded data (data/departements.csv;
/// a test checks them): mainland and Corsica, and the overseas ones but Saint-Pierre-et-Miquelon (975, a collectivity).
pub const DEPARTEMENT_CODES: &str = "01–19, 2A, 2B, 21–95, 971–974, 976";

/// The answer to a département code that does not exist, `code` as given
/// (in French when `fr`): the codes there are; for "20", Corsica's two.
pub fn no_departement(code: &str, fr: bool) -> String {
    match (code.trim() == "20", fr) {
        (true, false) => "no département \"20\": Corsica is two départements since 1976, \"2A\" (Corse-du-Sud) and \"2B\" (Haute-Corse)".into(),
        (true, true) => "aucun département «\u{a0}20\u{a0}»\u{a0}: la Corse forme deux départements depuis 1976, «\u{a0}2A\u{a0}» (Corse-du-Sud) et «\u{a0}2B\u{a0}» (Haute-Corse)".into(),
        (false, false) => format!("no département {code:?} (départements are {DEPARTEMENT_CODES})"),
        (false, true) => format!("aucun département «\u{a0}{code}\u{a0}» (les départements sont {DEPARTEMENT_CODES})"),
    }
}

/// Why a selection is refused before it is made: an empty code (`epci = ""`
/// would otherwise pick the communes of no EPCI (four islands far apart),
/// `departement = ""` nothing with a confusing reason), or a radius wider
/// than [`MAX_AROUND_RADIUS_KM`]. The one check of
/// `territory show` and of scenario files (both call [`Dataset::select`]).
fn refused_selection(sel: &Selection) -> Option<String> {
    let blank = |s: &str| s.trim().is_empty();
    match sel {
        Selection::Departement(d) if blank(d) => {
            Some("empty département code: give one like \"05\", \"2A\", \"971\" (to find it by name: parcours territory find NAME)".into())
        }
        Selection::Epci(e) if blank(e) => {
            Some("empty EPCI code: give its 9-digit SIREN, like \"200040715\" (to find it by name: parcours territory find NAME)".into())
        }
        Selection::Communes(c) if c.iter().all(|c| blank(c)) => Some(
            "empty list of communes: give their INSEE codes, like \"05061,05023\" (to find one by name: parcours territory find NAME)"
                .into(),
        ),
        Selection::Communes(c) if c.iter().any(|c| blank(c)) => {
            Some("an empty INSEE code in the list of communes (two commas in a row, or one at an end?)".into())
        }
        Selection::Around { radius_km, .. } if *radius_km > MAX_AROUND_RADIUS_KM => Some(format!(
            "a radius of {radius_km} km is too wide: at most {MAX_AROUND_RADIUS_KM} km, so that its communes lie at most \
             {MAX_TERRITORY_SPAN_KM} km apart as a list of communes may; give far-apart places as separate territories"
        )),
        Selection::Around { commune, .. } if blank(commune) => Some(
            "empty commune code: give the INSEE code of the centre, like \"05061\" (to find it by name: parcours territory find NAME)"
                .into(),
        ),
        _ => None,
    }
}

/// The farthest two communes of one territory given as a list of communes
/// may lie apart, km. Assumption: a little above the widest département of
/// the embedded data (Guyane, 340 km between its farthest communes; in
/// mainland France Nord, 181 km; a test measures both), so that any
/// commune list of one département passes, while places 600 km apart —
/// whose inhabitants would be modelled as travelling to each other's GPs —
/// are refused: they are separate territories.
pub const MAX_TERRITORY_SPAN_KM: f64 = 350.0;

/// The widest radius of `around`, km: half of [`MAX_TERRITORY_SPAN_KM`], so
/// that a territory given by a radius spans no more than one given as a
/// list of communes (`around=46102:1000` took in a quarter of France).
pub const MAX_AROUND_RADIUS_KM: f64 = MAX_TERRITORY_SPAN_KM / 2.0;

impl Dataset {
    /// Refuses communes farther apart than [`MAX_TERRITORY_SPAN_KM`]. Two
    /// sweeps (the commune farthest from the first, then the one farthest
    /// from it) find the pair named; its distance is real, so a refusal is
    /// always right (the sweep may miss a wider pair of a long list: it
    /// finds at least half the widest distance).
    fn check_span(&self, picked: &[usize]) -> Result<(), String> {
        let placed: Vec<&Commune> = picked.iter().map(|&i| &self.communes[i]).filter(|c| c.lat.is_finite() && c.lon.is_finite()).collect();
        let farthest = |from: &Commune| {
            placed.iter().map(|c| (great_circle_km(from.lat, from.lon, c.lat, c.lon), *c)).fold(None, |best: Option<(f64, &Commune)>, x| {
                if best.is_none_or(|b| x.0 > b.0) {
                    Some(x)
                } else {
                    best
                }
            })
        };
        let Some(&first) = placed.first() else { return Ok(()) };
        let Some((_, a)) = farthest(first) else { return Ok(()) };
        let Some((km, b)) = farthest(a) else { return Ok(()) };
        if km > MAX_TERRITORY_SPAN_KM {
            return Err(format!(
                "{} ({}) and {} ({}) are {km:.0} km apart: the communes of one territory must lie within {MAX_TERRITORY_SPAN_KM:.0} km \
                 of each other (the widest département, Guyane, spans 340 km); give far-apart places as separate territories",
                a.name, a.insee, b.name, b.insee
            ));
        }
        Ok(())
    }
}

/// Farthest a commune of a list may lie from its nearest neighbour in the
/// list before the territory is said not to be contiguous (a warning, not
/// an error), km between the communes' centres. Assumption, range 20–60:
/// neighbouring communes' centres are a few km apart in most of France
/// (a median commune of ≈ 11 km²), and at most ≈ 35 km for the largest
/// mainland communes (Arles, 759 km²), so a list of one piece never
/// exceeds it there, while two places an hour's drive apart (Coubron and
/// Reims, 114 km between centres) are said to be separate. Guyane's communes, some of
/// thousands of km², can exceed it while touching: the warning then says
/// what is already true.
pub const MAX_NEIGHBOUR_GAP_KM: f64 = 40.0;

/// Two parts of a list of communes farther apart than
/// [`MAX_NEIGHBOUR_GAP_KM`]: the closest pair across them.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// "Coubron (93015)": a commune of the part holding the list's first commune.
    pub near: String,
    /// "Reims (51454)": the nearest commune outside it.
    pub far: String,
    pub km: f64,
}

impl Dataset {
    /// [`gap`] of the communes of `codes`, in the order given (unknown codes left out).
    pub fn gap_of(&self, codes: &[String]) -> Option<Gap> {
        gap(&codes.iter().filter_map(|c| self.commune(c)).collect::<Vec<_>>())
    }
}

/// The gap of a list of communes that is not of one piece: grown from its
/// first commune (the one the user gave first) by adding, each time, the
/// commune nearest to those already taken (Prim's minimum spanning tree),
/// it stops at a step longer than [`MAX_NEIGHBOUR_GAP_KM`] — the closest
/// link between the part reached and the rest. None when every commune is
/// reached. O(n²) distances: a list of 3,000 communes is 9 M, ≈ 0.1 s.
pub fn gap(communes: &[&Commune]) -> Option<Gap> {
    let placed: Vec<&Commune> = communes.iter().copied().filter(|c| c.lat.is_finite() && c.lon.is_finite()).collect();
    let n = placed.len();
    if n < 2 {
        return None;
    }
    let km = |a: &Commune, b: &Commune| great_circle_km(a.lat, a.lon, b.lat, b.lon);
    let mut taken = vec![false; n];
    // For each commune not taken: its distance to the nearest taken one, and which.
    let mut best: Vec<(f64, usize)> = (0..n).map(|j| (km(placed[0], placed[j]), 0)).collect();
    taken[0] = true;
    for _ in 1..n {
        let (j, &(d, from)) = best.iter().enumerate().filter(|(j, _)| !taken[*j]).min_by(|a, b| a.1 .0.total_cmp(&b.1 .0))?;
        if d > MAX_NEIGHBOUR_GAP_KM {
            let named = |c: &Commune| format!("{} ({})", c.name, c.insee);
            return Some(Gap { near: named(placed[from]), far: named(placed[j]), km: d });
        }
        taken[j] = true;
        for (k, b) in best.iter_mut().enumerate().filter(|(k, _)| !taken[*k]) {
            let dk = km(placed[j], placed[k]);
            if dk < b.0 {
                *b = (dk, j);
            }
        }
    }
    None
}

/// The advice of [`gap_warning`] in French, for a scenario file (several
/// `[[territories]]`), and for the web page (one territory a scenario).
const GAP_ADVICE_FR: &str = "donnez des lieux éloignés comme territoires séparés, sauf si c'est voulu";
const GAP_ADVICE_FORM_FR: &str = "simulez les lieux éloignés dans des scénarios séparés, sauf si c'est voulu";

/// [`gap_warning`] in French for the web page, whose form has one territory.
pub fn gap_warning_for_form(territory: &str, g: &Gap) -> String {
    gap_warning(territory, g, true).replace(GAP_ADVICE_FR, GAP_ADVICE_FORM_FR)
}

/// The warning of a territory whose communes are not of one piece ([`gap`]), in French when `fr`.
pub fn gap_warning(territory: &str, g: &Gap, fr: bool) -> String {
    if fr {
        format!(
            "les communes du territoire {territory:?} ne sont pas d'un seul tenant\u{a0}: {} est à {} km de la commune la plus proche \
             de la partie qui commence par la première donnée, {}, plus que {MAX_NEIGHBOUR_GAP_KM:.0} km ; le modèle les traite comme \
             un seul territoire dont les habitants vont chez les MG les uns des autres\u{a0}: {GAP_ADVICE_FR}",
            g.far,
            g.km.round(),
            g.near
        )
    } else {
        format!(
            "the communes of territory {territory:?} are not of one piece: {} is {:.0} km from the nearest commune of the part \
             around the first one given, {}, more than {MAX_NEIGHBOUR_GAP_KM:.0} km; the model treats them as one territory whose \
             inhabitants use each other's GPs: give far-apart places as separate territories unless that is meant",
            g.far, g.km, g.near
        )
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
        format!(
            "{spec:?}: expected KEY=VALUE (departement=05, epci=SIREN, communes=CODE,CODE, around=CODE:KM) or france; \
             to find a code by name: parcours territory find {spec:?}"
        )
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
    /// Salaried GPs per centre de santé (`None`: [`structures::CDS_GPS_PER_CENTRE`]; 0: none).
    pub salaried_gps_per_centre: Option<u32>,
}

/// What the builder made, with counts for the user.
pub struct Built {
    pub territory: Territory,
    pub zones: Vec<Zone>,
    /// Communes left out because they have no coordinates.
    pub unplaced: usize,
    /// Salaried GPs of the centres de santé, included in the zones' GPs.
    pub salaried: Salaried,
}

/// The salaried GPs of the centres de santé of a built territory.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Salaried {
    /// Centres de santé placed in the territory's communes.
    pub centres: u32,
    /// GPs each centre brings.
    pub per_centre: u32,
    /// Their GPs, `centres × per_centre`.
    pub gps: u32,
}

/// Where the GPs of a real territory come from: [`GP_SOURCE`], then its
/// salaried GPs of centres de santé when it has some.
pub fn gp_source(s: &Salaried) -> String {
    if s.gps == 0 {
        return GP_SOURCE.to_string();
    }
    format!("{GP_SOURCE}; + {} salaried GPs of {} centres de santé (Etalab 2021), {} a centre (assumption)", s.gps, s.centres, s.per_centre)
}

/// GPs practising in commune `c`: its self-employed GPs (BPE, [`place_gps`])
/// and the salaried GPs of its centres de santé at `per_centre` a centre.
/// The one count of a commune's GPs: the built zones, `territory show` and
/// the web app's figures and map all read it.
pub fn practising_gps(ds: &Dataset, c: &Commune, per_centre: u32) -> u32 {
    c.gps + structures::structures().salaried_gps_in(ds, &c.insee, per_centre)
}

/// Builds a territory from the selected communes: one zone per commune with
/// its population split by its département's 2025 age structure, the GPs
/// practising there (see [`place_gps`]) and the salaried GPs of its centres
/// de santé ([`structures::CDS_GPS_PER_CENTRE`] a centre unless `opts` says
/// otherwise), its vulnerable share from its income (see
/// [`vulnerable_shares`]), nurses and pharmacies from per-capita ratios, and
/// the ED sites within [`ED_REACH_KM`] of its communes.
pub fn build(ds: &Dataset, picked: &[usize], name: &str, index: u16, opts: &BuildOptions) -> Built {
    let placed: Vec<&Commune> = picked.iter().map(|&i| &ds.communes[i]).filter(|c| c.lat.is_finite() && c.lon.is_finite()).collect();
    let unplaced = picked.len() - placed.len();
    let per_centre = opts.salaried_gps_per_centre.unwrap_or(structures::CDS_GPS_PER_CENTRE);
    let st = structures::structures();
    let centres: Vec<u32> = placed.iter().map(|c| st.centres_sante_in(ds, &c.insee)).collect();
    let salaried = Salaried { centres: centres.iter().sum(), per_centre, gps: centres.iter().sum::<u32>() * per_centre };
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
            let ages = apportion(c.population, ds.age_shares.get(&c.dep).unwrap_or(&d.age_shares));
            let (x, y) = project(c.lat, c.lon);
            Zone {
                name: c.insee.clone(),
                territory: index,
                population: std::array::from_fn(|a| ages[a] as u32),
                density: class,
                x_km: x,
                y_km: y,
                broadband: opts.broadband.unwrap_or(d.broadband),
                vulnerable: opts.vulnerable.or(c.vulnerable).unwrap_or(d.vulnerable),
                gps: practising_gps(ds, c, per_centre),
                pharmacies: pharmacies[i] as u32,
                nurses: nurses[i] as u32,
                epci: epci_code(c, i),
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
    let territory = Territory { name: name.to_string(), emergency_departments: eds, gp_source: gp_source(&salaried) };
    Built { territory, zones, unplaced, salaried }
}

/// A commune's EPCI as a number ([`Zone::epci`]): its SIREN code, or for
/// a commune in no EPCI (the COG's `ZZZZZZZZZ`: a few islands) a code of its
/// own, its position `i` in the territory with [`OWN_EPCI`] set. Arrondissements
/// carry their city's EPCI.
fn epci_code(c: &Commune, i: usize) -> u32 {
    match c.epci.parse::<u32>() {
        Ok(code) if code > 0 && code < OWN_EPCI => code,
        _ => OWN_EPCI | i as u32,
    }
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

/// A one-screen summary of a built territory (`parcours territory show`), in English.
pub fn summary(built: &Built, p: &Parameters) -> String {
    summary_in(built, p, false)
}

/// [`GP_SOURCE`] in French.
pub const GP_SOURCE_FR: &str = "INSEE BPE 2024 (D265, lieu d'exercice), 60\u{202F}573 sites ramenés à 50\u{202F}758 médecins libéraux (52\u{202F}846 médecins moins 2\u{202F}088 salariés de centres de santé)";

/// A decimal number with `digits` decimals, a decimal comma in French (`fr`).
pub fn decimal(fr: bool, x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    if fr {
        s.replace('.', ",")
    } else {
        s
    }
}

/// The French name of a density class (as the report's groups).
pub fn density_fr(class: DensityClass) -> &'static str {
    ["urbain dense", "intermédiaire", "rural", "isolé"][class.index()]
}

/// "commune" or "communes" for `n` of them: singular for 1 (and 0 in French).
fn communes_word(fr: bool, n: usize) -> &'static str {
    if n == 1 || (fr && n == 0) {
        "commune"
    } else {
        "communes"
    }
}

/// [`summary`] in French when `fr` (`territory show --lang fr`): the same
/// figures, French words and decimal commas.
pub fn summary_in(built: &Built, p: &Parameters, fr: bool) -> String {
    use std::fmt::Write;
    let zones = &built.zones;
    let total: u64 = zones.iter().map(|z| z.inhabitants()).sum();
    let d = |x: f64| decimal(fr, x, 1);
    let k = |n: u64| crate::io::count(n, fr);
    let mut s = String::new();
    let (name, n, unplaced) = (&built.territory.name, zones.len(), built.unplaced);
    let (n_shown, pop) = (k(n as u64), k(total));
    let _ = if fr {
        writeln!(
            s,
            "territoire {name}\u{a0}: {n_shown} {} ({unplaced} sans coordonnées, laissées de côté), {pop} habitants",
            communes_word(fr, n)
        )
    } else {
        writeln!(s, "territory {name}: {n_shown} {} ({unplaced} without coordinates, left out), {pop} inhabitants", communes_word(fr, n))
    };
    for class in DensityClass::ALL {
        let (n, p_class): (usize, u64) = zones.iter().filter(|z| z.density == class).fold((0, 0), |(n, s), z| (n + 1, s + z.inhabitants()));
        let share = d(if total > 0 { 100.0 * p_class as f64 / total as f64 } else { 0.0 });
        let (label, people) = if fr { (density_fr(class), "habitants") } else { (class.label(), "inhabitants") };
        let _ = writeln!(s, "  {label:<13} {:>6} {:<8} {:>10} {people} ({share} %)", k(n as u64), communes_word(fr, n), k(p_class));
    }
    let gps: u32 = zones.iter().map(|z| z.gps).sum();
    let nurses: u32 = zones.iter().map(|z| z.nurses).sum();
    let pharmacies: u32 = zones.iter().map(|z| z.pharmacies).sum();
    let per10k = d(if total > 0 { 10_000.0 * f64::from(gps) / total as f64 } else { 0.0 });
    let (gps_shown, nurses, pharmacies) = (k(u64::from(gps)), k(u64::from(nurses)), k(u64::from(pharmacies)));
    let self_employed = k(u64::from(gps - built.salaried.gps));
    let sal = &built.salaried;
    let centres = crate::io::counted(u64::from(sal.centres), "centre", "centres", fr);
    let _ = if fr {
        writeln!(s, "  médecins généralistes {gps_shown} ({per10k} pour 10\u{202F}000 habitants), infirmiers libéraux {nurses}, pharmacies {pharmacies}")
            .and_then(|()| writeln!(s, "    médecins libéraux {self_employed} d'après {GP_SOURCE_FR}"))
            .and_then(|()| writeln!(s, "    médecins salariés de centres de santé {}\u{a0}: {centres} de santé (baromètre Etalab 2021, placés comme le dit docs/territories.md) × {} médecins par centre (hypothèse, de 2 à 6 ; IGAS 2013\u{a0}: ≈ 5,3 par effectif ; `salaried_gps_per_centre` du territoire d'un scénario)", sal.gps, sal.per_centre))
    } else {
        writeln!(s, "  GPs {gps_shown} ({per10k} per 10,000), self-employed nurses {nurses}, pharmacies {pharmacies}")
            .and_then(|()| writeln!(s, "    self-employed GPs {self_employed} from {GP_SOURCE}"))
            .and_then(|()| writeln!(s, "    salaried GPs of centres de santé {}: {centres} de santé (Etalab baromètre 2021, placed as docs/territories.md says) × {} GPs a centre (assumption, range 2–6; IGAS 2013: ≈ 5.3 by headcount; `salaried_gps_per_centre` of a scenario's territory)", sal.gps, sal.per_centre))
    };
    let pr = crate::model::territory::profile(zones);
    let (a65, a75, a85, vul) = (d(100.0 * pr.aged_65), d(100.0 * pr.aged_75), d(100.0 * pr.aged_85), d(100.0 * pr.vulnerable));
    let _ = if fr {
        writeln!(s, "  65 ans et plus {a65} %, 75+ {a75} %, 85+ {a85} % (estimation INSEE 2025 de chaque département) ; vulnérables {vul} % (revenus Filosofi 2021, voir docs/territories.md)")
    } else {
        writeln!(s, "  aged 65+ {a65} %, 75+ {a75} %, 85+ {a85} % (INSEE estimate 2025 of each département); vulnerable {vul} % (Filosofi 2021 income, see docs/territories.md)")
    };
    let ds = dataset();
    let (homes, covered) = zones
        .iter()
        .filter_map(|z| ds.commune(&z.name).and_then(|c| c.secondary_homes.map(|h| (h, z.inhabitants()))))
        .fold((0, 0), |a, x| (a.0 + x.0, a.1 + x.1));
    if covered > 0 {
        let per100 = d(100.0 * homes as f64 / covered as f64);
        let homes = k(homes);
        let _ = if fr {
            writeln!(s, "  résidences secondaires {homes} ({per100} pour 100 habitants ; recensement INSEE 2021)\u{a0}: une population saisonnière, voir docs/territories.md")
        } else {
            writeln!(s, "  secondary homes {homes} ({per100} per 100 inhabitants; INSEE census 2021): a seasonal population, see docs/territories.md")
        };
    }
    let eds = built.territory.emergency_departments.len();
    let (gp_min, ed_min) = apl::mean_travel_to_nearest(built, p);
    let (gp_min, ed_min) = (d(gp_min), d(ed_min));
    let _ = if fr {
        writeln!(s, "  services d'urgences qui le desservent (à moins de {ED_REACH_KM} km)\u{a0}: {eds}")
            .and_then(|()| writeln!(s, "  temps de trajet moyen jusqu'au médecin généraliste le plus proche\u{a0}: {gp_min} min ; jusqu'aux urgences les plus proches\u{a0}: {ed_min} min (pondéré par la population)"))
    } else {
        writeln!(s, "  emergency departments serving it (within {ED_REACH_KM} km): {eds}").and_then(|()| {
            writeln!(s, "  mean travel time to the nearest GP: {gp_min} min; to the nearest ED: {ed_min} min (population-weighted)")
        })
    };
    s
}

/// The communes of a built territory, one a line: name, INSEE code,
/// population, GPs placed (self-employed and salaried of centres de santé),
/// BPE sites, vulnerable share, and today's structures: the EPCI (SIREN), whether a CPTS
/// covers it ([`structures`]), the MSP teams placed there; French headings when `fr`.
pub fn communes_table(built: &Built, fr: bool) -> String {
    use std::fmt::Write;
    let ds = dataset();
    let st = structures::structures();
    let head: [&str; 10] = if fr {
        ["commune", "code", "population", "MG", "salariés", "sites BPE", "vulnérables", "EPCI", "CPTS", "MSP"]
    } else {
        ["commune", "code", "population", "GPs", "salaried", "BPE sites", "vulnerable", "EPCI", "CPTS", "MSP"]
    };
    let mut s = format!(
        "{:<40} {:>6} {:>10} {:>5} {:>8} {:>9} {:>11} {:>9} {:>4} {:>3}\n",
        head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7], head[8], head[9]
    );
    // Today's structures commune by commune (`structures`): whether its EPCI (or, in a large
    // EPCI, the commune) is among those given a CPTS, and the MSP teams placed there.
    let (yes, no) = if fr { ("oui", "non") } else { ("yes", "no") };
    for z in &built.zones {
        let c = ds.commune(&z.name);
        let name = c.map_or(z.name.as_str(), |c| c.name.as_str());
        let sites = c.and_then(|c| c.gp_sites).map_or("–".to_string(), |n| n.to_string());
        let vulnerable = format!("{}{}", decimal(fr, 100.0 * z.vulnerable, 1), if fr { "\u{a0}%" } else { "%" });
        let salaried = st.salaried_gps_in(ds, &z.name, built.salaried.per_centre);
        let pop = crate::io::count(z.inhabitants(), fr);
        let epci = c.map_or("–", |c| c.epci.as_str());
        let cpts = if c.is_some_and(|c| st.cpts_covers(c)) { yes } else { no };
        let msp = st.msp_in(ds, &z.name);
        let _ = writeln!(
            s,
            "{name:<40} {:>6} {pop:>10} {:>5} {salaried:>8} {sites:>9} {vulnerable:>11} {epci:>9} {cpts:>4} {msp:>3}",
            z.name, z.gps
        );
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zone's EPCI (`Zone::epci`, the unit today's CPTS share slots in):
    /// Belfort's SIREN from data/communes.csv (200069052), and a commune in
    /// no EPCI (the COG writes ZZZZZZZZZ) a unit of its own, its position
    /// with the top bit set.
    #[test]
    fn a_zone_carries_its_communes_epci() {
        let belfort = dataset().commune("90010").unwrap();
        assert_eq!(epci_code(belfort, 7), 200_069_052);
        let island = Commune { epci: "ZZZZZZZZZ".into(), ..belfort.clone() };
        assert_eq!(epci_code(&island, 7), (1 << 31) | 7);
        let built = build(dataset(), &dataset().select(&parse_spec("communes=90010").unwrap()).unwrap(), "b", 0, &BuildOptions::default());
        assert_eq!(built.zones[0].epci, 200_069_052);
    }

    #[test]
    fn embedded_data_parses_with_every_commune() {
        let ds = dataset();
        assert_eq!(ds.communes.iter().filter(|c| !c.arrondissement).count(), 34_875);
        assert_eq!(ds.communes.iter().filter(|c| c.arrondissement).count(), 45);
        assert!(ds.ed_sites.len() > 600);
        assert_eq!(ds.commune("05061").unwrap().name, "Gap");
    }

    /// Auch and Lille: 797 km apart by the haversine formula on a 6,371 km
    /// sphere (computed by hand from their coordinates in data/communes.csv:
    /// 43.66018 N 0.56734 E, 50.63108 N 3.04702 E) — refused, naming both.
    #[test]
    fn communes_far_apart_are_not_one_territory() {
        let ds = dataset();
        let e = ds.select(&parse_spec("communes=32013,59350").unwrap()).unwrap_err();
        assert!(
            e.starts_with("Auch (32013) and Lille (59350) are 797 km apart")
                || e.starts_with("Lille (59350) and Auch (32013) are 797 km apart"),
            "{e}"
        );
        assert!(e.contains("within 350 km"), "{e}");
        // Neighbours pass.
        assert_eq!(ds.select(&parse_spec("communes=32013,32107").unwrap()).unwrap().len(), 2);
    }

    /// Every département's own communes, as one list, pass the span check;
    /// the widest (measured here over every pair, not by the two sweeps) is
    /// Guyane's, under the bound but above 300 km, so the bound is not loose.
    #[test]
    fn every_departement_fits_the_span() {
        let ds = dataset();
        let mut widest = (0.0_f64, String::new());
        for (code, _) in &ds.departements {
            let v: Vec<&Commune> = ds.communes.iter().filter(|c| &c.dep == code && !c.arrondissement && c.lat.is_finite()).collect();
            for (i, a) in v.iter().enumerate() {
                for b in &v[i + 1..] {
                    let km = great_circle_km(a.lat, a.lon, b.lat, b.lon);
                    if km > widest.0 {
                        widest = (km, code.clone());
                    }
                }
            }
            let picked: Vec<usize> =
                (0..ds.communes.len()).filter(|&i| &ds.communes[i].dep == code && !ds.communes[i].arrondissement).collect();
            assert!(ds.check_span(&picked).is_ok(), "{code}");
        }
        assert_eq!(widest.1, "973");
        assert!(widest.0 > 300.0 && widest.0 < MAX_TERRITORY_SPAN_KM, "{widest:?}");
    }

    /// The codes [`no_departement`] says are those of data/departements.csv.
    #[test]
    fn the_departement_codes_said_are_those_of_the_data() {
        let mut said: Vec<String> = (1..=19).chain(21..=95).map(|n| format!("{n:02}")).collect();
        said.extend(["2A", "2B", "971", "972", "973", "974", "976"].map(String::from));
        assert_eq!(DEPARTEMENT_CODES, "01–19, 2A, 2B, 21–95, 971–974, 976");
        let mut data: Vec<String> = dataset().departements.iter().map(|d| d.0.clone()).collect();
        said.sort();
        data.sort();
        assert_eq!(data, said);
        assert!(["99", "2C", "975", "5", "-5", " 48 "].iter().all(|c| departement_like(c)));
        assert!(["creuse", "200040715", "05061", "", "2AB", "A2"].iter().all(|c| !departement_like(c)));
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
        // Trial 32: a list written by names was told only its first commune's code; now every one at once.
        let err = ds.select(&Selection::Communes(vec!["Millau".into(), "12084".into(), "Creissels".into()])).unwrap_err();
        let parts: Vec<&str> = err.split(UNKNOWN_CODES_JOINER).collect();
        assert_eq!(parts.len(), 2, "{err}");
        assert!(parts[0].starts_with("no commune has the INSEE code \"Millau\"; did you mean ") && parts[0].contains("12145"), "{err}");
        assert!(parts[1].starts_with("no commune has the INSEE code \"Creissels\"; did you mean ") && parts[1].contains("12084"), "{err}");
        let around = ds.select(&Selection::Around { commune: "05061".into(), radius_km: 10.0 }).unwrap();
        assert!(around.iter().any(|&i| ds.communes[i].insee == "05061") && around.len() > 5);
        assert!(ds.select(&Selection::Departement("99".into())).unwrap_err().contains("99"));
        // A code no département has: the codes there are, no unrelated names.
        for (code, shown) in [("99", "99"), ("2C", "2C"), ("975", "975"), ("0", "00"), ("-5", "-5")] {
            assert_eq!(
                ds.select(&Selection::Departement(code.into())).unwrap_err(),
                format!("no département \"{shown}\" (départements are 01–19, 2A, 2B, 21–95, 971–974, 976)")
            );
        }
        // A one-digit code is zero-padded: "5" is the Hautes-Alpes (05), " 9 " the Ariège (09); 2A stays.
        assert_eq!(ds.select(&Selection::Departement("5".into())).unwrap(), ds.select(&Selection::Departement("05".into())).unwrap());
        assert_eq!(ds.select(&Selection::Departement(" 9 ".into())).unwrap(), ds.select(&Selection::Departement("09".into())).unwrap());
        assert_eq!(departement_code("2A"), "2A");
        assert_eq!(departement_code("971"), "971");
        let by_name = ds.select(&Selection::Departement("creuse".into())).unwrap_err();
        assert!(by_name.contains("did you mean departement=23 (Creuse)"), "{by_name}");
        assert!(ds.select(&Selection::Communes(vec!["00000".into()])).unwrap_err().contains("00000"));
    }

    /// Coubron (93015) and Reims (51454): one gap of ≈ 114 km between
    /// their centres (by hand: 0.336° of latitude × 111.2 km = 37.4 km,
    /// 1.479° of longitude × 111.2 × cos 49.1° = 107.7 km, √(37.4² + 107.7²)
    /// = 114; the trial's 135 km is by road).
    /// Three neighbours of the 93 (Coubron, Clichy-sous-Bois, Montfermeil)
    /// are of one piece; so is one commune alone.
    #[test]
    fn far_apart_communes_are_a_gap_and_neighbours_are_not() {
        let ds = dataset();
        let pick = |codes: &[&str]| ds.gap_of(&codes.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        let g = pick(&["93015", "51454"]).expect("a gap");
        assert_eq!((g.near.as_str(), g.far.as_str()), ("Coubron (93015)", "Reims (51454)"));
        assert!((g.km - 114.0).abs() < 1.5, "{g:?}");
        // The other way round, the commune given first anchors.
        assert_eq!(pick(&["51454", "93015"]).unwrap().far, "Coubron (93015)");
        assert_eq!(pick(&["93015", "93014", "93047"]), None);
        assert_eq!(pick(&["93015"]), None);
        // Reims given last, after three neighbours: it is the one named far.
        let g = pick(&["93015", "93014", "93047", "51454"]).expect("a gap");
        assert_eq!(g.far, "Reims (51454)");
        let w = gap_warning("t", &g, true);
        assert!(w.starts_with("les communes du territoire \"t\" ne sont pas d'un seul tenant\u{a0}: Reims (51454) est à "), "{w}");
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

    /// Built zones of a département.
    fn departement(code: &str) -> Vec<Zone> {
        let ds = dataset();
        build(ds, &ds.select(&Selection::Departement(code.into())).unwrap(), code, 0, &BuildOptions::default()).zones
    }

    #[test]
    fn real_territories_take_their_departements_age_structure() {
        // INSEE, estimate on 1 January 2025 (estim-pop-dep-sexe-aq-1975-2025,
        // sheet 2025), shares aged 65+ and 85+ in %, worked out by hand from
        // the raw file: Creuse 37,181 / 114,103 and 6,145 / 114,103, etc.
        for (dep, aged_65, aged_85) in [("23", 32.59, 5.39), ("93", 13.60, 1.81), ("05", 28.25, 4.47), ("59", 19.08, 2.76)] {
            let p = crate::model::territory::profile(&departement(dep));
            assert!((100.0 * p.aged_65 - aged_65).abs() < 1.0, "{dep}: 65+ {:.2} % vs INSEE {aged_65} %", 100.0 * p.aged_65);
            assert!((100.0 * p.aged_85 - aged_85).abs() < 1.0, "{dep}: 85+ {:.2} % vs INSEE {aged_85} %", 100.0 * p.aged_85);
        }
    }

    /// Built zones of a département with `per_centre` salaried GPs a centre de santé.
    fn departement_with(code: &str, per_centre: u32) -> Vec<Zone> {
        let ds = dataset();
        let opts = BuildOptions { salaried_gps_per_centre: Some(per_centre), ..BuildOptions::default() };
        build(ds, &ds.select(&Selection::Departement(code.into())).unwrap(), code, 0, &opts).zones
    }

    #[test]
    fn gps_are_the_bpe_practice_sites_as_a_headcount() {
        // GP practice sites (INSEE BPE 2024, D265) summed by hand from
        // bpe_communes.csv; 60,573 sites in France for 52,846 − 522 × 4 =
        // 50,758 self-employed GPs (522 centres de santé in
        // departements.csv). No salaried GP of a centre de santé here.
        for (dep, sites) in [("23", 81.0), ("93", 901.0), ("05", 206.0), ("59", 2502.0)] {
            let gps: u32 = departement_with(dep, 0).iter().map(|z| z.gps).sum();
            let expected = sites * 50_758.0 / 60_573.0;
            assert!((f64::from(gps) - expected).abs() < 1.0, "{dep}: {gps} GPs vs {expected:.2}");
        }
        let ds = dataset();
        let france: u64 = ds.communes.iter().filter(|c| !c.arrondissement).map(|c| u64::from(c.gps)).sum();
        assert_eq!(france, 50_758);
        assert_eq!(self_employed_headcount(), 50_758);
        assert!(GP_SOURCE.contains("50,758 self-employed") && GP_SOURCE.contains("2,088 salaried"));
        // Paris's GPs are shared among its arrondissements, not counted twice.
        let paris: u32 = ds.communes.iter().filter(|c| c.arrondissement && c.insee.starts_with("75")).map(|c| c.gps).sum();
        assert_eq!(paris, ds.commune("75056").unwrap().gps);
        // Guéret: 11 BPE sites.
        assert_eq!(ds.commune("23096").unwrap().gp_sites, Some(11));
    }

    #[test]
    fn centres_de_sante_add_their_salaried_gps_to_the_bpe_ones() {
        // Territoire de Belfort (90), by hand: 95 BPE sites in
        // bpe_communes.csv (D265) → 95 × 50,758 / 60,573 = 79.61 self-employed
        // GPs; 1 centre de santé (departements.csv, Etalab 2021) × 4 salaried
        // GPs = 4; 83.61 in all (±1: largest-remainder rounding).
        let gps = |per: u32| departement_with("90", per).iter().map(|z| z.gps).sum::<u32>();
        let expected = 95.0 * 50_758.0 / 60_573.0 + 4.0;
        assert!((f64::from(gps(4)) - expected).abs() < 1.0, "{} GPs vs {expected:.2}", gps(4));
        assert_eq!(gps(structures::CDS_GPS_PER_CENTRE), gps(4), "the default is 4 a centre");
        assert_eq!(gps(6) - gps(0), 6, "one centre, 6 GPs");
        // Creuse (23) has no centre de santé: BPE only, 81 × 50,758 / 60,573 = 67.88.
        assert_eq!(
            departement_with("23", 4).iter().map(|z| z.gps).sum::<u32>(),
            departement_with("23", 0).iter().map(|z| z.gps).sum::<u32>()
        );
        // Seine-Saint-Denis (93): 56 centres, all placed, 224 salaried GPs beside 901 × 50,758 / 60,573 = 755.01.
        let ds = dataset();
        let b = build(ds, &ds.select(&Selection::Departement("93".into())).unwrap(), "93", 0, &BuildOptions::default());
        assert_eq!(b.salaried, Salaried { centres: 56, per_centre: 4, gps: 224 });
        let total: u32 = b.zones.iter().map(|z| z.gps).sum();
        assert!((f64::from(total) - (755.01 + 224.0)).abs() < 1.0, "{total}");
        assert!(b.territory.gp_source.starts_with(GP_SOURCE) && b.territory.gp_source.contains("224 salaried GPs of 56 centres"));
        // Salaried GPs sit where their centre is: no commune gains more than its centres × 4.
        let st = structures::structures();
        for z in &b.zones {
            let bpe = ds.commune(&z.name).unwrap().gps;
            assert_eq!(z.gps - bpe, 4 * st.centres_sante_in(ds, &z.name), "{}", z.name);
        }
    }

    #[test]
    fn vulnerable_share_follows_income_or_falls_back() {
        let ds = dataset();
        let v = |code: &str| ds.commune(code).unwrap().vulnerable.unwrap();
        // Saint-Denis (93066, median 16,620 € in Filosofi 2021) vs Neuilly-sur-Seine (92051, 48,010 €).
        assert!(v("93066") > 2.0 * v("92051"), "{} vs {}", v("93066"), v("92051"));
        assert!(ds.communes.iter().filter_map(|c| c.vulnerable).all(|x| (VULNERABLE_BOUNDS.0..=VULNERABLE_BOUNDS.1).contains(&x)));
        assert!(ds.commune("75056").unwrap().vulnerable.is_some(), "Paris from its arrondissements");
        // A commune Filosofi does not publish keeps its density class's share.
        let secret = ds.communes.iter().find(|c| c.median_income.is_none() && !c.arrondissement && c.population > 0).unwrap();
        let picked = ds.select(&Selection::Communes(vec![secret.insee.clone()])).unwrap();
        let z = &build(ds, &picked, "s", 0, &BuildOptions::default()).zones[0];
        assert_eq!(z.vulnerable, class_defaults(z.density).vulnerable);
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
