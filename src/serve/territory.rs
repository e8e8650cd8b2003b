//! Territory pages: search by name, the communes to draw on the map, the
//! diagnostic of today (from the embedded data) and a quick baseline
//! simulation of the selection.

use super::{blocking, error, Shared};
use crate::geo::{self, Commune, Dataset};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Most communes a map or a diagnostic takes (a large département has ≈ 900).
pub const MAX_COMMUNES: usize = 3000;
/// Most inhabitants of a quick baseline simulation.
pub const MAX_BASELINE_INHABITANTS: u64 = 600_000;

#[derive(Deserialize)]
pub struct SearchQuery {
    pub q: String,
}

#[derive(Serialize)]
pub struct Hit {
    pub kind: &'static str,
    pub code: String,
    pub name: String,
    pub detail: String,
    /// The same in French (`habitants`).
    pub detail_fr: String,
    pub spec: String,
    pub population: u64,
    /// The spec of the map to show for it: the commune and its neighbours, or the EPCI / département.
    pub map_spec: String,
}

/// `GET /api/search?q=gueret`: communes, EPCI and départements by name
/// (accents and case optional; `geo::find`), 20 at most.
pub async fn search(super::body::JsonQuery(q): super::body::JsonQuery<SearchQuery>) -> Response {
    if q.q.chars().count() > 100 {
        return error(StatusCode::BAD_REQUEST, "q: 100 characters at most");
    }
    // The message of a name not found in both languages (as `detail`).
    let found = match blocking(move || (geo::find::find(geo::dataset(), &q.q), geo::find::find_in(geo::dataset(), &q.q, true).err())).await
    {
        Ok(f) => f,
        Err(r) => return r,
    };
    let (found, message_fr) = found;
    match found {
        Ok(found) => {
            let total = found.len();
            let results: Vec<Hit> = found
                .into_iter()
                .take(20)
                .map(|f| Hit {
                    detail_fr: f.detail_in(true),
                    detail: f.detail_in(false),
                    map_spec: if f.kind == "commune" { format!("around={}:{}", f.code, NEIGHBOURS_KM) } else { f.spec.clone() },
                    kind: f.kind,
                    code: f.code,
                    name: f.name,
                    spec: f.spec,
                    population: f.population,
                })
                .collect();
            Json(serde_json::json!({ "results": results, "total": total })).into_response()
        }
        Err(message) => {
            Json(serde_json::json!({ "results": [], "total": 0, "message": message, "message_fr": message_fr })).into_response()
        }
    }
}

/// Radius of the neighbours shown around a commune found by name, km.
pub const NEIGHBOURS_KM: u32 = 20;

#[derive(Serialize)]
pub struct MapCommune {
    pub code: String,
    pub name: String,
    pub dep: String,
    pub population: u64,
    pub gps: u32,
    pub apl: Option<f64>,
    /// Lambert-93-like projection, km (`geo::project`).
    pub x: f64,
    pub y: f64,
}

#[derive(Serialize)]
pub struct MapEd {
    pub name: String,
    pub x: f64,
    pub y: f64,
}

#[derive(Deserialize)]
pub struct SpecQuery {
    pub spec: String,
}

/// `GET /api/communes?spec=departement=23`: the communes of a territory spec
/// (`departement=`, `epci=`, `communes=`, `around=CODE:KM`) with their
/// projected centres, and the emergency departments serving them.
pub async fn communes(super::body::JsonQuery(q): super::body::JsonQuery<SpecQuery>) -> Response {
    match blocking(move || map_of(&q.spec)).await {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err(e)) => {
            Json(serde_json::json!({ "error": e, "field": "spec" })).into_response().with_status(StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(r) => r,
    }
}

trait WithStatus {
    fn with_status(self, s: StatusCode) -> Response;
}
impl WithStatus for Response {
    fn with_status(mut self, s: StatusCode) -> Response {
        *self.status_mut() = s;
        self
    }
}

fn map_of(spec: &str) -> Result<serde_json::Value, String> {
    if spec.len() > 20_000 {
        return Err("spec: too long".into());
    }
    let selection = geo::parse_spec(spec)?;
    if selection == geo::Selection::All {
        return Err(format!("spec: all of France has too many communes for the map (more than {MAX_COMMUNES}); pick a département"));
    }
    let ds = geo::dataset();
    let picked = ds.select(&selection)?;
    if picked.len() > MAX_COMMUNES {
        return Err(format!(
            "spec: {} communes, more than the {} the map shows",
            crate::io::count(picked.len() as u64, false),
            crate::io::count(MAX_COMMUNES as u64, false)
        ));
    }
    let communes: Vec<&Commune> = picked.iter().map(|&i| &ds.communes[i]).filter(|c| c.lat.is_finite() && c.lon.is_finite()).collect();
    Ok(serde_json::json!({ "spec": spec, "communes": map_communes(&communes), "eds": eds_near(ds, &communes) }))
}

fn map_communes(communes: &[&Commune]) -> Vec<MapCommune> {
    communes
        .iter()
        .map(|c| {
            let (x, y) = geo::project(c.lat, c.lon);
            MapCommune {
                code: c.insee.clone(),
                name: c.name.clone(),
                dep: c.dep.clone(),
                population: c.population,
                gps: geo::practising_gps(geo::dataset(), c, geo::structures::CDS_GPS_PER_CENTRE),
                apl: c.apl,
                x: round2(x),
                y: round2(y),
            }
        })
        .collect()
}

/// The ED sites within `geo::ED_REACH_KM` of a commune (as `geo::build` counts them).
fn eds_near(ds: &Dataset, communes: &[&Commune]) -> Vec<MapEd> {
    ds.ed_sites
        .iter()
        .filter(|e| e.lat.is_finite() && communes.iter().any(|c| geo::great_circle_km(c.lat, c.lon, e.lat, e.lon) <= geo::ED_REACH_KM))
        .map(|e| {
            let (x, y) = geo::project(e.lat, e.lon);
            MapEd { name: e.name.clone(), x: round2(x), y: round2(y) }
        })
        .collect()
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selected {
    pub communes: Vec<String>,
}

/// Figures of one area, from the embedded data.
#[derive(Serialize, Clone, Debug)]
pub struct Figures {
    pub label: String,
    pub communes: usize,
    pub population: u64,
    pub gps: u32,
    pub gps_per_10000: f64,
    /// DREES APL 2023, its mean weighted by the standardised population
    /// (`geo::apl::summarise`; communes with a value).
    pub apl: Option<f64>,
    /// Share of the population in communes with APL below 2.5.
    pub apl_below_2_5: Option<f64>,
    /// Shares of the age bands 0-14, 15-44, 45-64, 65-74, 75-84, 85+.
    pub ages: [f64; 6],
    pub aged_65_plus: f64,
    pub aged_75_plus: f64,
    pub vulnerable: Option<f64>,
}

fn figures<'a>(ds: &Dataset, label: &str, communes: impl Iterator<Item = &'a Commune>) -> Figures {
    let (mut n, mut pop, mut gps) = (0usize, 0u64, 0u32);
    let mut with_apl = Vec::new();
    let (mut vul_w, mut vul_sum) = (0u64, 0.0);
    let mut ages = [0.0; 6];
    for c in communes {
        n += 1;
        pop += c.population;
        gps += geo::practising_gps(ds, c, geo::structures::CDS_GPS_PER_CENTRE);
        if let Some(a) = c.apl {
            // Weighted as DREES's note says (a commune without an age structure counts as France's mean).
            with_apl.push((geo::apl::AplWeights::of_commune(ds, c), a));
        }
        if let Some(v) = c.vulnerable {
            vul_w += c.population;
            vul_sum += v * c.population as f64;
        }
        if let Some(s) = ds.age_shares.get(&c.dep) {
            for (a, x) in ages.iter_mut().zip(s) {
                *a += x * c.population as f64;
            }
        }
    }
    let drees = geo::apl::summarise(with_apl);
    let total: f64 = ages.iter().sum();
    if total > 0.0 {
        for a in &mut ages {
            *a /= total;
        }
    }
    Figures {
        label: label.to_string(),
        communes: n,
        population: pop,
        gps,
        gps_per_10000: if pop > 0 { 10_000.0 * f64::from(gps) / pop as f64 } else { 0.0 },
        apl: drees.map(|d| d.0),
        apl_below_2_5: drees.map(|d| d.1),
        aged_65_plus: ages[3] + ages[4] + ages[5],
        aged_75_plus: ages[4] + ages[5],
        ages,
        vulnerable: (vul_w > 0).then(|| vul_sum / vul_w as f64),
    }
}

fn france() -> &'static Figures {
    static F: OnceLock<Figures> = OnceLock::new();
    F.get_or_init(|| {
        let ds = geo::dataset();
        figures(ds, "France", ds.communes.iter().filter(|c| !c.arrondissement))
    })
}

/// Checks a list of INSEE codes: known, not too many, at least one, close
/// enough to be one territory.
pub fn check_codes(codes: &[String]) -> Result<(), String> {
    if codes.is_empty() {
        return Err("communes: select at least one commune".into());
    }
    if codes.len() > MAX_COMMUNES {
        return Err(format!(
            "communes: {} communes, more than {}",
            crate::io::count(codes.len() as u64, false),
            crate::io::count(MAX_COMMUNES as u64, false)
        ));
    }
    let ds = geo::dataset();
    for c in codes {
        if ds.commune(c).is_none() {
            return Err(format!("communes: no commune has the INSEE code {:?}", c.chars().take(20).collect::<String>()));
        }
    }
    // One territory: communes within `geo::MAX_TERRITORY_SPAN_KM` of each other, as scenario files.
    ds.select(&geo::Selection::Communes(codes.to_vec())).map(|_| ()).map_err(|e| format!("communes: {e}"))
}

/// `POST /api/diagnostic {communes}`: population, ages, GPs and density,
/// APL (DREES, and the model's APL method with the consultations its GPs
/// offer, `geo::apl::compare`), travel times to the nearest GP
/// and ED, EDs serving the selection — beside its main département and France.
pub async fn diagnostic(super::body::JsonBody(sel): super::body::JsonBody<Selected>) -> Response {
    if let Err(e) = check_codes(&sel.communes) {
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(serde_json::json!({ "error": e, "field": "communes" }))).into_response();
    }
    match blocking(move || diagnose(&sel.communes)).await {
        Ok(v) => Json(v).into_response(),
        Err(r) => r,
    }
}

fn diagnose(codes: &[String]) -> serde_json::Value {
    let ds = geo::dataset();
    let picked = ds.select(&geo::Selection::Communes(codes.to_vec())).unwrap_or_default();
    let selected: Vec<&Commune> = picked.iter().map(|&i| &ds.communes[i]).collect();
    let mine = figures(ds, "selection", selected.iter().copied());
    let dep = main_departement(&selected);
    let dep_name = ds.departements.iter().find(|d| d.0 == dep).map_or(dep.clone(), |d| d.1.clone());
    let dep_figures = figures(ds, &format!("{dep_name} ({dep})"), ds.communes.iter().filter(|c| c.dep == dep && !c.arrondissement));
    let built = geo::build(ds, &picked, "selection", 0, &geo::BuildOptions::default());
    let params = crate::model::params::Parameters::default();
    let (gp_min, ed_min) = geo::apl::mean_travel_to_nearest(&built, &params);
    let model_apl = geo::apl::compare(&built.zones, &params).into_iter().find(|r| r.group == "all").map(|r| r.model);
    let eds: Vec<&str> = built.territory.emergency_departments.iter().map(|e| e.0.as_str()).collect();
    let mut density: Vec<serde_json::Value> = Vec::new();
    for class in crate::model::DensityClass::ALL {
        let pop: u64 = built.zones.iter().filter(|z| z.density == class).map(|z| z.inhabitants()).sum();
        if pop > 0 {
            density.push(serde_json::json!({ "class": class.label(), "population": pop }));
        }
    }
    // A selection not of one piece (`geo::Dataset::gap`): said above the diagnostic.
    let gap = ds.gap_of(codes);
    serde_json::json!({
        "warning": gap.as_ref().map(|g| geo::gap_warning("selection", g, false)),
        "warning_fr": gap.as_ref().map(|g| geo::gap_warning("sélection", g, true)),
        "selection": mine,
        "departement_code": dep,
        "departement": dep_figures,
        "france": france(),
        "model_apl": model_apl,
        "travel_gp_minutes": finite(gp_min),
        "travel_ed_minutes": finite(ed_min),
        "eds": eds,
        "ed_reach_km": geo::ED_REACH_KM,
        "density_classes": density,
        "nurses": built.zones.iter().map(|z| z.nurses).sum::<u32>(),
        "pharmacies": built.zones.iter().map(|z| z.pharmacies).sum::<u32>(),
        "gp_source": built.territory.gp_source,
        "gp_source_fr": crate::report::gp_source_label(crate::report::Lang::Fr, &built.territory.gp_source),
        "structures": existing_structures(&built),
    })
}

/// Today's structures of the selection (MSP, centres de santé, CPTS,
/// PDSA, DAC, teleconsultation, SAS), as a run of it with
/// `organisation = "today"` would have them, each with its figures and source.
pub(super) fn existing_structures(built: &geo::Built) -> Vec<serde_json::Value> {
    use crate::scenario::organisation::{expand, Kind};
    let x = expand(std::slice::from_ref(&built.territory), &built.zones, &[Some(Kind::Real)]);
    // The policy type a variant extending it must name (`today_cds` is an `msp`).
    let type_of = |name: &str| {
        x.tables.iter().find(|t| t.get("name").and_then(|n| n.as_str()) == Some(name)).and_then(|t| t.get("type")).and_then(|t| t.as_str())
    };
    x.existing
        .iter()
        .map(|e| {
            // The French in a board's words (the published article, no scenario-file key), as the report.
            let fr = |s: &str| crate::report::board_text(crate::report::Lang::Fr, s);
            serde_json::json!({ "kind": e.kind, "policy": e.policy, "type": type_of(&e.policy), "what": e.what,
                "what_fr": fr(&e.what_fr), "source": e.source, "source_fr": fr(&crate::scenario::organisation::source_fr(&e.source)) })
        })
        .collect()
}

/// The département holding most of the selection's inhabitants (its code).
fn main_departement(selected: &[&Commune]) -> String {
    let mut by_dep: std::collections::BTreeMap<&str, u64> = Default::default();
    for c in selected {
        *by_dep.entry(c.dep.as_str()).or_default() += c.population;
    }
    by_dep.iter().max_by_key(|(_, p)| **p).map(|(d, _)| d.to_string()).unwrap_or_default()
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

/// `POST /api/baseline {communes}`: a quick simulation of the selection
/// today ([`super::departement::Quick`]: 3 replications, a quarter after a
/// 60-day warm-up, seed 1, in memory: no folder) — its key indicators with
/// 95 % intervals, each beside the published national figure where
/// data/targets.toml has one (`france`, `france_source`, `france_source_fr`; null otherwise).
/// Then starts the same baseline of the selection's main département in the
/// background (`departement`: its status; the page polls its `url`).
pub async fn baseline(State(s): State<Shared>, super::body::JsonBody(sel): super::body::JsonBody<Selected>) -> Response {
    if let Err(e) = check_codes(&sel.communes) {
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(serde_json::json!({ "error": e, "field": "communes" }))).into_response();
    }
    let Ok(_permit) = s.diagnostic_permits.try_acquire() else {
        return error(StatusCode::TOO_MANY_REQUESTS, "a baseline simulation is already running; try again in a moment");
    };
    let (threads, quick) = (s.config.threads, s.config.quick.clone());
    let state = s.clone();
    let answer = blocking(move || {
        let mine = quick_baseline(&sel.communes, threads, &quick);
        // The selection's first, then its département's (never before: it must not slow the selection's).
        let ds = geo::dataset();
        let picked = ds.select(&geo::Selection::Communes(sel.communes.clone())).unwrap_or_default();
        let dep = main_departement(&picked.iter().map(|&i| &ds.communes[i]).collect::<Vec<_>>());
        let dep = super::departement::request(&state, &dep).map(|st| super::departement::answer(&state, &st));
        mine.map(|mut v| {
            v["departement"] = dep.unwrap_or_default();
            // Where the département's baselines are kept (the server's `--output`).
            v["baselines_dir"] = state.config.output.join(".baselines").display().to_string().into();
            v
        })
    })
    .await;
    match answer {
        Ok(Ok(v)) => Json(v).into_response(),
        Ok(Err((en, fr))) => (StatusCode::UNPROCESSABLE_ENTITY, Json(serde_json::json!({ "error": en, "error_fr": fr }))).into_response(),
        Err(r) => r,
    }
}

/// The scenario of the selection's quick baseline (also what the page shows for it).
pub fn baseline_scenario(codes: &[String], quick: &super::departement::Quick) -> String {
    super::departement::scenario("baseline", codes, quick)
}

/// Why a quick baseline cannot run, in English and French (the page shows `error_fr` in French).
type Refusal = (String, String);

/// The refusal of a selection above [`MAX_BASELINE_INHABITANTS`], in English and French.
pub fn too_many_inhabitants(inhabitants: u64) -> Refusal {
    use crate::report::{count, Lang};
    (
        format!(
            "communes: {} inhabitants; the quick baseline stops at {} (run a scenario instead)",
            count(Lang::En, inhabitants),
            count(Lang::En, MAX_BASELINE_INHABITANTS)
        ),
        format!(
            "communes\u{a0}: {} habitants ; la simulation rapide s'arrête à {} (lancez plutôt un scénario)",
            count(Lang::Fr, inhabitants),
            count(Lang::Fr, MAX_BASELINE_INHABITANTS)
        ),
    )
}

fn quick_baseline(codes: &[String], threads: usize, quick: &super::departement::Quick) -> Result<serde_json::Value, Refusal> {
    let same = |e: String| (e.clone(), e);
    let s = crate::scenario::parse(&baseline_scenario(codes, quick), "baseline.toml").map_err(|e| same(e.to_string()))?;
    let inhabitants = s.inhabitants();
    if inhabitants > MAX_BASELINE_INHABITANTS {
        return Err(too_many_inhabitants(inhabitants));
    }
    let run = crate::results::simulate(&s, threads, |_| {}).map_err(|e| same(e.to_string()))?;
    let summary = crate::results::summarise(&run);
    let france = crate::validation::national_figures();
    let rows: Vec<serde_json::Value> = crate::report::terminal::KEY_INDICATORS
        .iter()
        .filter_map(|k| {
            let r = summary.iter().find(|r| r.variant == "base" && r.group == "all" && r.indicator == k.name)?;
            let published = france.iter().find(|f| f.indicator == k.name);
            let mut row = serde_json::json!({
                "indicator": k.name, "fr": k.fr.trim(), "en": k.en.trim(), "share": k.share,
                "mean": finite(r.mean), "ci_low": finite(r.ci_low), "ci_high": finite(r.ci_high), "n": r.n,
                "france": published.map(|f| f.value), "france_source": published.map(|f| f.source.as_str()),
                "france_source_fr": published.map(|f| crate::report::board_text(crate::report::Lang::Fr, &f.source_fr)),
            });
            super::runs::clamp_shown(&mut row, crate::results::compare::IntervalOf::Level);
            Some(row)
        })
        .collect();
    Ok(serde_json::json!({
        "replications": s.replications, "years": s.years, "warmup_days": s.warmup_days, "seed": quick.seed,
        "inhabitants": inhabitants, "indicators": rows,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick baseline's limit in both languages (a board member found
    /// it in English on the French page), French digits grouped by U+202F.
    #[test]
    fn the_inhabitant_limit_is_said_in_french_too() {
        let (en, fr) = too_many_inhabitants(1_704_316);
        assert_eq!(en, "communes: 1,704,316 inhabitants; the quick baseline stops at 600,000 (run a scenario instead)");
        assert_eq!(
            fr,
            "communes\u{a0}: 1\u{202F}704\u{202F}316 habitants ; la simulation rapide s'arrête à 600\u{202F}000 (lancez plutôt un scénario)"
        );
    }

    /// The server's first line follows the language; the address comes after "parcours serve" in both.
    #[test]
    fn the_start_line_follows_the_language() {
        use crate::report::Lang;
        let out = std::path::Path::new("output");
        assert_eq!(
            super::super::start_line(Lang::Fr, "http://127.0.0.1:8080/", out),
            "parcours serve\u{a0}: http://127.0.0.1:8080/ (simulations écrites dans output ; Ctrl-C pour arrêter)"
        );
        assert_eq!(
            super::super::start_line(Lang::En, "http://127.0.0.1:8080/", out),
            "parcours serve: http://127.0.0.1:8080/ (runs written to output; Ctrl-C to stop)"
        );
    }

    /// The page's figures count a commune's GPs as the built territory does
    /// (`geo::practising_gps`): Seine-Saint-Denis, 755 self-employed GPs
    /// (901 BPE sites × 50,758 / 60,573 = 755.01) and 56 centres de santé ×
    /// 4 salaried GPs = 224, 979 in all; France 52,846.
    #[test]
    fn figures_count_the_salaried_gps_as_the_territory_does() {
        let ds = geo::dataset();
        let dep = figures(ds, "93", ds.communes.iter().filter(|c| c.dep == "93" && !c.arrondissement));
        assert_eq!(dep.gps, 979);
        let built = geo::build(ds, &ds.select(&geo::Selection::Departement("93".into())).unwrap(), "93", 0, &geo::BuildOptions::default());
        assert_eq!(built.zones.iter().map(|z| z.gps).sum::<u32>(), dep.gps);
        let france = figures(ds, "France", ds.communes.iter().filter(|c| !c.arrondissement));
        assert_eq!(u64::from(france.gps), geo::GP_HEADCOUNT);
    }
}
