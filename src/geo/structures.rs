//! The coordination structures that exist today, per commune, from the
//! embedded per-département figures (`data/departements.csv`) and the GPs
//! placed by [`super::place_gps`].
//!
//! - **MSP** (maisons de santé pluriprofessionnelles): the number of each
//!   département, Etalab « Baromètre des résultats de l'action publique »
//!   (2,251 at 31 December 2022; columns `msp`). Placed where GPs cluster:
//!   the communes of the département are ranked by GPs placed (most first,
//!   then INSEE code); a commune needs at least [`MSP_MIN_GPS`] GPs (an MSP
//!   gathers at least two doctors, Code de la santé publique L. 6323-3) and
//!   holds at most one team per [`TEAM_GPS`] GPs (at least one). Teams are
//!   handed out in rounds down the ranking (one each, then a second to the
//!   communes with room for two …) until the count is placed; what finds no
//!   room is reported as unplaced.
//! - **Centres de santé**: the number of each département (same barometer,
//!   2021; column `centres_sante`, 522 in all), shared among its communes
//!   (arrondissements for the three cities) in proportion to their
//!   population, largest remainder: most are municipal or associative
//!   centres of the towns, so a centre goes where people live, and a small
//!   commune gets one only when its département has many (assumption; no
//!   per-commune count of centres is embedded). Until stop 20 they were
//!   placed as the MSPs, one per commune with GPs in rounds, which gave
//!   every commune of Seine-Saint-Denis a centre and Saint-Denis (149,077
//!   inhabitants) as many as Le Raincy (14,735).
//!   Each centre brings its own salaried GPs ([`CDS_GPS_PER_CENTRE`] by
//!   default), whom BPE's D265 (self-employed GPs) does not count: the
//!   territory builder adds them to the commune hosting the centre as
//!   ordinary GPs of the zone ([`Structures::salaried_gps_in`]).
//! - **CPTS**: no per-commune or per-département coverage is embedded (the
//!   FINESS category 604 and the DGOS perimeters were not found as data,
//!   `data/raw/SOURCES.md`). The national figure is applied in each
//!   département: CPTS covered more than 70 % of the population at the end
//!   of 2023 (Assurance Maladie, via context/003; « près de 70 % », Ministère
//!   de la santé, January 2024, via context/000). A CPTS covers whole EPCIs
//!   (its perimeter is a bassin of a few EPCI or communes): the EPCIs of each
//!   département are taken in a fixed pseudo-random order (a hash of the
//!   code, favouring no kind of place, since no data says which are
//!   covered) and kept while they bring the covered population closer to
//!   [`CPTS_COVERAGE`].
//!
//! Paris, Lyon and Marseille count as their arrondissements for MSPs (the
//! arrondissements hold the GPs) and as one EPCI for the CPTS.

use super::{dataset, Commune, Dataset, CITIES};
use crate::engine::rng::{mix64, stable_hash};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// GPs of one MSP or centre de santé team (assumption: a team of about five
/// GPs; plausible range 3–8).
pub const TEAM_GPS: u32 = 5;
/// Salaried GPs a centre de santé brings, full model GPs (assumption; plausible
/// range 2–6 for sensitivity analysis). IGAS 2013 (report RM2013-119P, via Le
/// Quotidien du médecin): 1,220 centres, a third of them medical or polyvalent
/// (≈ 407), where 2,150 GPs practise, ≈ 5.3 GPs a centre by headcount; salaried
/// posts are often part-time and every model GP has a full calendar, so a
/// centre counts a little less than its headcount. No full-time-equivalent
/// figure was found in the raw data or the context documents. A territory's
/// `salaried_gps_per_centre` overrides it (0: none).
pub const CDS_GPS_PER_CENTRE: u32 = 4;
/// Fewest GPs of a commune hosting an MSP (CSP L. 6323-3: at least two doctors).
pub const MSP_MIN_GPS: u32 = 2;
/// Share of the population covered by a CPTS (Assurance Maladie, end of 2023: > 70 %).
pub const CPTS_COVERAGE: f64 = 0.70;
/// Inhabitants (within a département) above which an EPCI is taken commune
/// by commune for CPTS coverage: a metropole holds several CPTS (assumption;
/// CPTS serve from about 20,000 to 60,000+ inhabitants, context/004).
pub const CPTS_LARGE_EPCI: u64 = 150_000;

/// Per-département counts of MSPs and centres de santé (Etalab barometer).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DepartementStructures {
    pub msp: u32,
    pub centres_sante: u32,
}

/// Today's structures of every commune.
pub struct Structures {
    pub by_departement: HashMap<String, DepartementStructures>,
    /// MSP teams placed in a commune (INSEE code; arrondissements for the three cities).
    pub msp: HashMap<String, u32>,
    /// Centre de santé teams placed in a commune.
    pub centres_sante: HashMap<String, u32>,
    /// MSPs and centres de santé of each département that found no room.
    pub unplaced: HashMap<String, (u32, u32)>,
    /// Units covered by a CPTS: `dep:epci`, or `dep:epci:commune` inside a large EPCI.
    pub cpts: HashSet<String>,
    /// Large EPCIs (`dep:epci`), taken commune by commune.
    pub large_epcis: HashSet<String>,
}

impl Structures {
    /// MSP teams in a zone (a city row sums its arrondissements).
    pub fn msp_in(&self, ds: &Dataset, insee: &str) -> u32 {
        self.count(ds, &self.msp, insee)
    }

    /// Centre de santé teams in a zone.
    pub fn centres_sante_in(&self, ds: &Dataset, insee: &str) -> u32 {
        self.count(ds, &self.centres_sante, insee)
    }

    /// Salaried GPs of the centres de santé of a zone, `per_centre` each.
    pub fn salaried_gps_in(&self, ds: &Dataset, insee: &str, per_centre: u32) -> u32 {
        self.centres_sante_in(ds, insee) * per_centre
    }

    fn count(&self, ds: &Dataset, map: &HashMap<String, u32>, insee: &str) -> u32 {
        if CITIES.contains(&insee) {
            ds.communes
                .iter()
                .filter(|c| c.arrondissement && super::parent_city(&c.insee) == insee)
                .map(|c| map.get(&c.insee).copied().unwrap_or(0))
                .sum()
        } else {
            map.get(insee).copied().unwrap_or(0)
        }
    }

    /// Whether a commune is covered by a CPTS.
    pub fn cpts_covers(&self, c: &Commune) -> bool {
        self.cpts.contains(&self.cpts_unit(c))
    }

    /// The CPTS coverage unit of a commune (an arrondissement counts as its city).
    fn cpts_unit(&self, c: &Commune) -> String {
        let epci = format!("{}:{}", c.dep, c.epci);
        if self.large_epcis.contains(&epci) {
            let insee = if c.arrondissement { super::parent_city(&c.insee) } else { c.insee.as_str() };
            format!("{epci}:{insee}")
        } else {
            epci
        }
    }
}

/// The structures, computed once.
pub fn structures() -> &'static Structures {
    static S: OnceLock<Structures> = OnceLock::new();
    S.get_or_init(|| compute(dataset(), &parse_counts(super::DEPARTEMENTS_CSV)))
}

/// `msp` and `centres_sante` of `data/departements.csv`.
pub fn parse_counts(text: &str) -> HashMap<String, DepartementStructures> {
    let mut out = HashMap::new();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().cloned().unwrap_or_default();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (msp, cds) = (col("msp"), col("centres_sante"));
    for r in rdr.records().flatten() {
        let n = |i: Option<usize>| i.and_then(|i| r.get(i)).and_then(|v| v.parse().ok()).unwrap_or(0);
        out.insert(r[0].to_string(), DepartementStructures { msp: n(msp), centres_sante: n(cds) });
    }
    out
}

/// Hands out `count` teams down `ranked` (commune index, GPs, room), in
/// rounds; `used` is the room each commune has already given. Returns the
/// teams placed per commune index and the count that found no room.
pub fn place_teams(ranked: &[(usize, u32)], room: &[u32], used: &mut [u32], count: u32) -> (Vec<(usize, u32)>, u32) {
    let mut placed: HashMap<usize, u32> = HashMap::new();
    let mut left = count;
    while left > 0 {
        let mut any = false;
        for (k, &(i, _)) in ranked.iter().enumerate() {
            if left == 0 {
                break;
            }
            if used[k] < room[k] {
                used[k] += 1;
                *placed.entry(i).or_default() += 1;
                left -= 1;
                any = true;
            }
        }
        if !any {
            break;
        }
    }
    let mut v: Vec<(usize, u32)> = placed.into_iter().collect();
    v.sort_unstable();
    (v, left)
}

/// The `count` centres de santé of a département shared among its communes
/// `idx` in proportion to their population (largest remainder): the
/// centres per commune index, and how many found no inhabitant (all, when
/// the département has nobody).
pub fn centres_by_population(ds: &Dataset, idx: &[usize], count: u32) -> (Vec<(usize, u32)>, u32) {
    let weights: Vec<f64> = idx.iter().map(|&i| ds.communes[i].population as f64).collect();
    if count == 0 || weights.iter().sum::<f64>() <= 0.0 {
        return (Vec::new(), count);
    }
    let shares = crate::model::territory::apportion(u64::from(count), &weights);
    (idx.iter().zip(shares).filter(|&(_, k)| k > 0).map(|(&i, k)| (i, k as u32)).collect(), 0)
}

/// Room for teams in a commune with `gps` GPs: none under [`MSP_MIN_GPS`],
/// else one per [`TEAM_GPS`] GPs, at least one.
pub fn room(gps: u32) -> u32 {
    if gps < MSP_MIN_GPS {
        0
    } else {
        (gps / TEAM_GPS).max(1)
    }
}

/// Picks units (key, population) in a fixed pseudo-random order, keeping
/// each while it brings the covered population closer to `target` × total.
pub fn cover_share<K: Clone + AsRef<str>>(units: &[(K, u64)], target: f64) -> Vec<K> {
    let total: u64 = units.iter().map(|u| u.1).sum();
    let goal = target * total as f64;
    let mut order: Vec<&(K, u64)> = units.iter().collect();
    order.sort_by_key(|u| (mix64(stable_hash(u.0.as_ref())), u.0.as_ref().to_string()));
    let mut covered = 0.0;
    let mut out = Vec::new();
    for (k, n) in order {
        let with = covered + *n as f64;
        if (with - goal).abs() < (covered - goal).abs() {
            covered = with;
            out.push(k.clone());
        }
    }
    out
}

fn compute(ds: &Dataset, counts: &HashMap<String, DepartementStructures>) -> Structures {
    // Communes per département: arrondissements instead of their city for teams.
    let mut by_dep: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, c) in ds.communes.iter().enumerate() {
        if !CITIES.contains(&c.insee.as_str()) || c.arrondissement {
            by_dep.entry(c.dep.as_str()).or_default().push(i);
        }
    }
    let (mut msp, mut cds, mut unplaced) = (HashMap::new(), HashMap::new(), HashMap::new());
    for (dep, idx) in &by_dep {
        let n = counts.get(*dep).copied().unwrap_or_default();
        let mut ranked: Vec<(usize, u32)> = idx.iter().map(|&i| (i, ds.communes[i].gps)).filter(|&(_, g)| g >= MSP_MIN_GPS).collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| ds.communes[a.0].insee.cmp(&ds.communes[b.0].insee)));
        let rooms: Vec<u32> = ranked.iter().map(|&(_, g)| room(g)).collect();
        let mut used = vec![0; ranked.len()];
        let (m, left_m) = place_teams(&ranked, &rooms, &mut used, n.msp);
        for (i, k) in m {
            msp.insert(ds.communes[i].insee.clone(), k);
        }
        let (c, left_c) = centres_by_population(ds, idx, n.centres_sante);
        for (i, k) in c {
            cds.insert(ds.communes[i].insee.clone(), k);
        }
        if left_m + left_c > 0 {
            unplaced.insert(dep.to_string(), (left_m, left_c));
        }
    }
    // CPTS: EPCIs of each département (city rows, not arrondissements, carry the population).
    let mut epci_pop: HashMap<String, u64> = HashMap::new();
    for c in ds.communes.iter().filter(|c| !c.arrondissement) {
        *epci_pop.entry(format!("{}:{}", c.dep, c.epci)).or_default() += c.population;
    }
    let large_epcis: HashSet<String> = epci_pop.iter().filter(|e| *e.1 > CPTS_LARGE_EPCI).map(|e| e.0.clone()).collect();
    let mut s = Structures { by_departement: counts.clone(), msp, centres_sante: cds, unplaced, cpts: HashSet::new(), large_epcis };
    let mut units: HashMap<&str, HashMap<String, u64>> = HashMap::new();
    for c in ds.communes.iter().filter(|c| !c.arrondissement) {
        *units.entry(c.dep.as_str()).or_default().entry(s.cpts_unit(c)).or_default() += c.population;
    }
    let mut units: Vec<(&str, Vec<(String, u64)>)> = units.into_iter().map(|(d, u)| (d, u.into_iter().collect())).collect();
    units.sort_unstable_by_key(|u| u.0);
    for (_, list) in units {
        s.cpts.extend(cover_share(&list, CPTS_COVERAGE));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teams_go_down_the_ranking_in_rounds_within_the_room() {
        // Communes with 12, 7, 3 and 2 GPs: room 2, 1, 1, 1.
        let ranked = [(0, 12), (1, 7), (2, 3), (3, 2)];
        let rooms: Vec<u32> = ranked.iter().map(|r| room(r.1)).collect();
        assert_eq!(rooms, vec![2, 1, 1, 1]);
        let mut used = vec![0; 4];
        // Three MSPs: one each to the three communes with most GPs.
        let (m, left) = place_teams(&ranked, &rooms, &mut used, 3);
        assert_eq!((m, left), (vec![(0, 1), (1, 1), (2, 1)], 0));
        // Then three centres de santé: the fourth commune, the second place of the first, then no room.
        let (c, left) = place_teams(&ranked, &rooms, &mut used, 3);
        assert_eq!((c, left), (vec![(0, 1), (3, 1)], 1));
        assert_eq!(room(1), 0);
    }

    #[test]
    fn centres_de_sante_follow_the_population() {
        // Seine-Saint-Denis (93): 56 centres (Etalab 2021) for 1,704,316
        // inhabitants; Saint-Denis (93066, 149,077 inhabitants):
        // 56 × 149,077 / 1,704,316 = 4.90 → 5 (largest remainder, by hand
        // from data/communes.csv); Le Raincy (93062, 14,735): 0.48;
        // Coubron (93015, 5,175): 0.17, none.
        let (s, ds) = (structures(), dataset());
        assert_eq!(s.centres_sante_in(ds, "93066"), 5);
        assert_eq!(s.centres_sante_in(ds, "93015"), 0);
        assert!(s.centres_sante_in(ds, "93062") <= 1);
        let in_93: u32 = ds.communes.iter().filter(|c| c.dep == "93").map(|c| s.centres_sante_in(ds, &c.insee)).sum();
        assert_eq!(in_93, 56, "all placed");
        let placed: u32 = s.centres_sante.values().sum();
        let left: u32 = s.unplaced.values().map(|u| u.1).sum();
        assert_eq!((placed, left), (522, 0));
    }

    #[test]
    fn coverage_stops_nearest_the_target() {
        // 100 inhabitants in units of 50, 30, 20: 70 % is reached exactly by 50 + 20 or 50 + 30 − …
        let units = vec![("a".to_string(), 50), ("b".to_string(), 30), ("c".to_string(), 20)];
        let covered = cover_share(&units, 0.7);
        let n: u64 = units.iter().filter(|u| covered.contains(&u.0)).map(|u| u.1).sum();
        assert!((60..=80).contains(&n), "{n}");
        assert_eq!(cover_share(&units, 0.0), Vec::<String>::new());
        assert_eq!(cover_share(&units, 1.0).len(), 3);
    }

    #[test]
    fn every_msp_and_centre_of_the_data_is_placed_or_reported() {
        let s = structures();
        let ds = dataset();
        let given: u32 = s.by_departement.values().map(|d| d.msp).sum();
        assert_eq!(given, 2_251, "Etalab barometer, 31 December 2022");
        let cds: u32 = s.by_departement.values().map(|d| d.centres_sante).sum();
        assert_eq!(cds, 522);
        let placed: u32 = s.msp.values().sum();
        let left: u32 = s.unplaced.values().map(|u| u.0).sum();
        assert_eq!(placed + left, given);
        // Gers (32): its MSPs all placed in communes with at least two GPs.
        let gers = s.by_departement["32"].msp;
        let in_gers: u32 = ds.communes.iter().filter(|c| c.dep == "32").map(|c| s.msp_in(ds, &c.insee)).sum();
        assert_eq!(in_gers, gers);
        for c in ds.communes.iter().filter(|c| c.dep == "32" && s.msp_in(ds, &c.insee) > 0) {
            assert!(c.gps >= MSP_MIN_GPS, "{}", c.insee);
        }
        // Paris counts its arrondissements' MSPs.
        let paris: u32 =
            ds.communes.iter().filter(|c| c.arrondissement && c.dep == "75").map(|c| s.msp.get(&c.insee).copied().unwrap_or(0)).sum();
        assert_eq!(s.msp_in(ds, "75056"), paris);
    }

    #[test]
    fn cpts_covers_about_seventy_percent_of_each_departement() {
        let s = structures();
        let ds = dataset();
        for dep in ["05", "23", "32", "59", "93"] {
            let (mut all, mut covered) = (0u64, 0u64);
            for c in ds.communes.iter().filter(|c| c.dep == dep && !c.arrondissement) {
                all += c.population;
                if s.cpts_covers(c) {
                    covered += c.population;
                }
            }
            let share = covered as f64 / all as f64;
            assert!((0.5..=0.9).contains(&share), "{dep}: {share}");
        }
    }
}
