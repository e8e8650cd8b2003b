//! `parcours validate`: the model's defaults against published figures.
//!
//! The targets are `data/targets.toml` (embedded; another file with
//! `--targets`). Each names how it is compared ([`TargetKind`]): an
//! indicator of a validation scenario (`scenarios/validation/`, embedded),
//! the relative effect of a variant, the model's GP accessibility (APL
//! method) on a real territory, or a figure the model only takes as input
//! or cannot produce (shown, not tested). This module turns targets and
//! simulation results into the validation table; `commands::validate` runs
//! the scenarios, and `report::validation` writes the HTML page.

use crate::experiment::calibrate::{check_target_values, national_label, replication_value, tolerance, within_tolerance};
use crate::experiment::file::{TargetFile, TargetKind, TargetsFile};
use crate::experiment::tasks::TaskResult;
use crate::model::params::Parameters;
use crate::model::territory::Zone;
use crate::model::DensityClass;
use crate::scenario::{self, Problem, ScenarioError};
use crate::stats::mean_ci;
use serde::Serialize;
use std::path::Path;

/// The embedded targets file (`data/targets.toml`).
pub const TARGETS: &str = include_str!("../data/targets.toml");

/// The embedded validation scenarios, by name.
pub const SCENARIOS: &[(&str, &str)] = &[
    ("france-mix", include_str!("../scenarios/validation/france-mix.toml")),
    ("hautes-alpes", include_str!("../scenarios/validation/hautes-alpes.toml")),
];

/// APL below which a commune counts as GP-underserved (defined in `geo::apl`,
/// which computes APL).
pub use crate::geo::apl::UNDERSERVED_APL;

/// The verdict of one target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// The figure is a model input: shown, not tested.
    Input,
    /// The model cannot produce it.
    NotModelled,
    /// The published figure's source could not be traced (`untraced` in the
    /// targets file, said in the row's note): simulated and shown, not tested.
    Untraced,
}

/// One row of `validation.csv`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ValidationRow {
    pub target: String,
    /// The target's label in French (`label_fr`; empty: none). Not a column of `validation.csv`.
    #[serde(skip)]
    pub target_fr: String,
    pub kind: String,
    pub scenario: String,
    pub territory: String,
    pub group: String,
    pub indicator: String,
    pub value: f64,
    pub tolerance: f64,
    pub simulated_mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub replications: usize,
    pub status: Status,
    pub source: String,
    /// The source in French (`source_fr`; empty: none). Not a column of `validation.csv`.
    #[serde(skip)]
    pub source_fr: String,
    pub note: String,
    /// The note in French (`note_fr` and `untraced_fr`, each else its
    /// English text). Not a column of `validation.csv`.
    #[serde(skip)]
    pub note_fr: String,
    /// The parameters fitted to this target (`fitted` in the targets file; empty: none).
    pub fitted: String,
    /// `fitted` in French (`fitted_fr`, else `fitted`). Not a column of `validation.csv`.
    #[serde(skip)]
    pub fitted_fr: String,
}

/// A published national figure of the embedded targets file that compares
/// directly with one of the model's indicators: a `simulated` target over a
/// whole scenario (no territory, no denominator, group `all`).
#[derive(Clone, Debug, PartialEq)]
pub struct NationalFigure {
    pub indicator: String,
    pub value: f64,
    pub label: String,
    pub source: String,
    /// The source in French (`source_fr`, else `source`).
    pub source_fr: String,
}

/// The embedded targets' national figures ([`NationalFigure`]), in file
/// order: what a territory's simulated baseline is read against (e.g. ED
/// visits 310 per 1,000 a year, médecin traitant coverage 0.93).
pub fn national_figures() -> Vec<NationalFigure> {
    let Ok(file) = scenario::parse_toml::<TargetsFile>(TARGETS, "data/targets.toml") else { return Vec::new() };
    file.target
        .into_iter()
        .filter(|t| t.kind == TargetKind::Simulated && t.territory.is_none() && t.denominator.is_none() && t.group == "all")
        .map(|t| {
            let source_fr = if t.source_fr.is_empty() { t.source.clone() } else { t.source_fr };
            NationalFigure { indicator: t.indicator, value: t.value, label: t.label, source: t.source, source_fr }
        })
        .collect()
}

/// Where a validation scenario comes from.
pub struct ScenarioSource {
    pub name: String,
    pub origin: String,
    pub text: String,
}

/// Reads and checks a targets file: the fields each kind needs, known
/// scenarios (embedded names, or `.toml` paths relative to the file).
pub fn load(text: &str, origin: &str, dir: &Path) -> Result<(Vec<TargetFile>, Vec<ScenarioSource>), ScenarioError> {
    let file: TargetsFile = scenario::parse_toml(text, origin)?;
    let mut pb = Vec::new();
    let mut sources: Vec<ScenarioSource> = Vec::new();
    for (i, t) in file.target.iter().enumerate() {
        let mut p = |field: &str, reason: String| pb.push(Problem { line: None, path: format!("target[{i}].{field}"), reason });
        check_target_values(t, &mut p);
        match t.kind {
            TargetKind::Simulated | TargetKind::Difference => match &t.scenario {
                None => p("scenario", "a simulated target names its validation scenario".into()),
                Some(name) if !sources.iter().any(|s| &s.name == name) => match scenario_source(name, dir) {
                    Ok(s) => sources.push(s),
                    Err(reason) => p("scenario", reason),
                },
                Some(_) => {}
            },
            TargetKind::Apl => {
                if t.spec.is_none() {
                    p("spec", "an APL target names a real territory (e.g. spec = \"france\")".into());
                }
                // Its GPs count for the consultations given in a simulation (as DREES counts activity).
                match &t.scenario {
                    None => p(
                        "scenario",
                        "an APL target names the validation scenario whose simulated GP activity (consultations given per GP-year by density class) it counts, e.g. scenario = \"france-mix\"".into(),
                    ),
                    Some(name) if !sources.iter().any(|s| &s.name == name) => match scenario_source(name, dir) {
                        Ok(s) => sources.push(s),
                        Err(reason) => p("scenario", reason),
                    },
                    Some(_) => {}
                }
                if !matches!(t.indicator.as_str(), "apl" | "underserved_share") {
                    p("indicator", format!("an APL target is `apl` or `underserved_share` (got {:?})", t.indicator));
                }
                if t.group != "all" && DensityClass::ALL.iter().all(|c| c.label() != t.group) {
                    p("group", format!("{:?} is not `all` or a density class (dense_urban, intermediate, rural, isolated)", t.group));
                }
            }
            TargetKind::Input => match &t.parameter {
                None => p("parameter", "an input target names its parameter (e.g. choice.information_lack)".into()),
                Some(path) if parameter_value(path).is_none() => p("parameter", format!("{path:?} is not a numeric model parameter")),
                Some(_) => {}
            },
            TargetKind::NotModelled => {}
        }
        // Simulated indicators are known before any scenario runs: a typo in
        // the last scenario's target must not wait for the others to run.
        if matches!(t.kind, TargetKind::Simulated | TargetKind::Difference) {
            for (field, name) in [("indicator", Some(&t.indicator)), ("denominator", t.denominator.as_ref())] {
                if let Some(reason) = name.filter(|n| !n.trim().is_empty()).and_then(|n| crate::experiment::unknown_indicator(n)) {
                    p(field, reason);
                }
            }
        }
        if t.kind == TargetKind::Difference && t.variant.is_none() {
            p("variant", "a difference target names the variant compared with the base".into());
        }
    }
    if file.target.is_empty() {
        pb.push(Problem { line: None, path: "target".into(), reason: "no targets".into() });
    }
    if pb.is_empty() {
        Ok((file.target, sources))
    } else {
        Err(scenario::locate::with_lines(ScenarioError::Invalid { origin: origin.into(), problems: pb }, text))
    }
}

/// An embedded validation scenario, or a `.toml` file relative to `dir`.
fn scenario_source(name: &str, dir: &Path) -> Result<ScenarioSource, String> {
    if let Some((n, text)) = SCENARIOS.iter().find(|(n, _)| *n == name) {
        return Ok(ScenarioSource { name: name.into(), origin: format!("<embedded scenarios/validation/{n}.toml>"), text: (*text).into() });
    }
    if name.ends_with(".toml") {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        return Ok(ScenarioSource { name: name.into(), origin: path.display().to_string(), text });
    }
    let known: Vec<&str> = SCENARIOS.iter().map(|(n, _)| *n).collect();
    Err(format!("{name:?} is neither an embedded validation scenario ({}) nor a .toml file", known.join(", ")))
}

/// The sub-folder of a validation scenario's outputs: its name, or a
/// file's stem, made safe by the rule of run folders
/// ([`crate::io::folder_safe`]: accents folded, "Hautes-Alpes été" →
/// "Hautes-Alpes_ete").
pub fn folder_name(name: &str) -> String {
    let stem = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or(name);
    let s = crate::io::folder_safe(stem);
    if s.is_empty() {
        "scenario".into()
    } else {
        s
    }
}

/// A numeric default parameter by its dotted path (`choice.asc_ed`).
pub fn parameter_value(path: &str) -> Option<f64> {
    let mut v = toml::Value::try_from(Parameters::default()).ok()?;
    for part in path.split('.') {
        v = v.get(part)?.clone();
    }
    v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
}

/// The results of one validation scenario.
pub struct ScenarioResults<'a> {
    pub name: &'a str,
    pub territory_names: &'a [String],
    pub arm_names: &'a [String],
    pub tasks: &'a [TaskResult],
}

/// The row of a simulated or difference target.
pub fn simulated_row(t: &TargetFile, r: &ScenarioResults) -> ValidationRow {
    let base: Vec<&TaskResult> = r.tasks.iter().filter(|k| k.arm == 0).collect();
    let values: Vec<f64> = match t.kind {
        TargetKind::Difference => {
            let arm = t.variant.as_ref().and_then(|v| r.arm_names.iter().position(|a| a == v));
            base.iter()
                .filter_map(|b| {
                    let v = r.tasks.iter().find(|k| Some(k.arm as usize) == arm && k.replication == b.replication)?;
                    let (x0, x1) = (replication_value(b, t, r.territory_names)?, replication_value(v, t, r.territory_names)?);
                    (x0 != 0.0).then(|| 100.0 * (x1 - x0) / x0)
                })
                .collect()
        }
        _ => base.iter().filter_map(|k| replication_value(k, t, r.territory_names)).collect(),
    };
    let (m, lo, hi) = mean_ci(&values);
    let status = if within_tolerance(t, m) { Status::Pass } else { Status::Fail };
    let mut row = row(t, status, values.len());
    row.scenario = r.name.into();
    row.territory = t.territory.clone().unwrap_or_else(|| national_label(t).into());
    (row.simulated_mean, row.ci_low, row.ci_high) = (m, lo, hi);
    row
}

/// The GP activity the APL targets count, from a validation scenario:
/// the consultations its GPs gave per GP-year (`gp_consultations_per_gp_year`,
/// every consultation at a GP's slot, teleconsultations by the patient's own
/// GP and consultations squeezed in included: what DREES counts from
/// SNIIR-AM), by density class, for each replication of the base arm. A
/// territory counts for the density class of the zones holding most of its
/// GPs (a synthetic archetype's ordinary zones: its centre is denser but
/// holds fewer); territories of one class are pooled by their GPs.
#[derive(Clone, Debug, PartialEq)]
pub struct GivenActivity {
    pub scenario: String,
    /// Per base replication: consultations given per GP-year by density
    /// class ([`DensityClass::index`]); `None` where no territory has that class.
    pub by_replication: Vec<[Option<f64>; 4]>,
}

impl GivenActivity {
    /// From a scenario's results and its zones (which give each territory's class and GPs).
    pub fn of(r: &ScenarioResults, zones: &[Zone]) -> Self {
        let n = r.territory_names.len();
        let mut gps = vec![[0u64; 4]; n];
        for z in zones.iter().filter(|z| (z.territory as usize) < n) {
            gps[z.territory as usize][z.density.index()] += u64::from(z.gps);
        }
        // The class holding most of a territory's GPs (the first of DensityClass::ALL on a tie).
        let class: Vec<(usize, u64)> = gps
            .iter()
            .map(|g| {
                let c = (0..4).fold(0, |best, c| if g[c] > g[best] { c } else { best });
                (c, g.iter().sum())
            })
            .collect();
        let by_replication = r
            .tasks
            .iter()
            .filter(|k| k.arm == 0)
            .map(|task| {
                let (mut sum, mut weight) = ([0.0; 4], [0.0; 4]);
                for (i, &(c, w)) in class.iter().enumerate() {
                    if let Some(v) = task.value(i as u16, "all", "gp_consultations_per_gp_year").filter(|v| v.is_finite() && w > 0) {
                        sum[c] += w as f64 * v;
                        weight[c] += w as f64;
                    }
                }
                std::array::from_fn(|c| (weight[c] > 0.0).then(|| sum[c] / weight[c]))
            })
            .collect();
        GivenActivity { scenario: r.name.to_string(), by_replication }
    }

    /// The mean over replications of each class's consultations given per GP-year.
    pub fn mean(&self) -> [Option<f64>; 4] {
        std::array::from_fn(|c| {
            let v: Vec<f64> = self.by_replication.iter().filter_map(|a| a[c]).collect();
            (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
        })
    }

    /// The model's APL of every zone of a real territory, one vector per
    /// replication: each GP counts for the activity DREES's APL would count
    /// ([`crate::geo::apl::drees_counted_activity`]) for the consultations
    /// given per GP-year in its zone's density class. An error names the
    /// class a zone with GPs needs and the scenario lacks.
    pub fn apl(&self, zones: &[Zone], catchments: &crate::geo::apl::Catchments) -> Result<Vec<Vec<f64>>, String> {
        for class in DensityClass::ALL {
            if self.by_replication.iter().any(|a| a[class.index()].is_none()) && zones.iter().any(|z| z.density == class && z.gps > 0) {
                return Err(format!(
                    "scenario {:?} has no territory of density class {} with consultations given in every replication, which the APL of the {} communes with GPs needs (the consultations given per GP-year of that class)",
                    self.scenario,
                    class.label(),
                    class.label()
                ));
            }
        }
        Ok(self
            .by_replication
            .iter()
            .map(|a| catchments.apl(zones, |z| a[z.density.index()].map_or(0.0, crate::geo::apl::drees_counted_activity)))
            .collect())
    }

    /// What the APL rows say of the activity they count, in English (`fr`
    /// false) or French.
    pub fn note(&self, fr: bool) -> String {
        let m = self.mean();
        let classes: Vec<String> = DensityClass::ALL
            .iter()
            .filter_map(|c| m[c.index()].map(|v| format!("{} {v:.0}", if fr { c.label_fr() } else { c.label() })))
            .collect();
        if fr {
            format!(
                "Médecins généralistes comptés avec les consultations données (activité simulée par classe de densité), comme la DREES compte l'activité de chaque médecin\u{a0}: {}, option de base, {} réplications, par médecin et par an {}.",
                self.scenario,
                self.by_replication.len(),
                classes.join(", ")
            )
        } else {
            format!(
                "GPs counted with the consultations given (simulated utilisation by density class), as DREES counts each GP's activity: {} base arm, {} replications, per GP-year {}.",
                self.scenario,
                self.by_replication.len(),
                classes.join(", ")
            )
        }
    }
}

/// The row of an APL target, from the model's APL of each zone of a real
/// territory in each replication of the activity's scenario
/// ([`GivenActivity::apl`]): the mean APL (weighted by the standardised
/// population), or the share of inhabitants below [`UNDERSERVED_APL`], of
/// the target's density class (or all), with its interval over replications.
/// `zones` gives each zone's density class and weights.
pub fn apl_row(
    t: &TargetFile,
    zones: &[(DensityClass, crate::geo::apl::AplWeights)],
    apl: &[Vec<f64>],
    activity: &GivenActivity,
) -> ValidationRow {
    let values: Vec<f64> = apl.iter().map(|a| apl_value(t, zones, a)).filter(|v| v.is_finite()).collect();
    let (m, lo, hi) = mean_ci(&values);
    let status = if within_tolerance(t, m) { Status::Pass } else { Status::Fail };
    let mut row = row(t, status, values.len());
    row.scenario = activity.scenario.clone();
    row.territory = t.spec.clone().unwrap_or_default();
    (row.simulated_mean, row.ci_low, row.ci_high) = (m, lo, hi);
    row.note = if row.note.is_empty() { activity.note(false) } else { format!("{} {}", activity.note(false), row.note) };
    row.note_fr = if row.note_fr.is_empty() { activity.note(true) } else { format!("{} {}", activity.note(true), row.note_fr) };
    row
}

/// One replication's value of an APL target over the zones of the target's
/// group ([`crate::geo::apl::summarise`]): the mean APL, or the share of
/// inhabitants below [`UNDERSERVED_APL`] (NaN when it has no inhabitant).
fn apl_value(t: &TargetFile, zones: &[(DensityClass, crate::geo::apl::AplWeights)], apl: &[f64]) -> f64 {
    let picked = zones.iter().zip(apl).filter(|((class, _), _)| t.group == "all" || class.label() == t.group).map(|((_, w), &a)| (*w, a));
    match crate::geo::apl::summarise(picked) {
        None => f64::NAN,
        Some((mean, _)) if t.indicator == "apl" => mean,
        Some((_, under)) => under,
    }
}

/// The row of an input or not-modelled target.
pub fn untested_row(t: &TargetFile) -> ValidationRow {
    match t.kind {
        TargetKind::Input => {
            let v = t.parameter.as_deref().and_then(parameter_value).unwrap_or(f64::NAN);
            let mut r = row(t, Status::Input, 0);
            r.territory = format!("parameter {}", t.parameter.clone().unwrap_or_default());
            (r.simulated_mean, r.ci_low, r.ci_high) = (v, v, v);
            r
        }
        _ => row(t, Status::NotModelled, 0),
    }
}

/// A target's row before its simulated values; a pass or fail of a target
/// whose source is not traced becomes [`Status::Untraced`] (its tolerance
/// still shown), its reason put before the note.
fn row(t: &TargetFile, status: Status, replications: usize) -> ValidationRow {
    let tested = matches!(status, Status::Pass | Status::Fail);
    let untraced = tested && !t.untraced.is_empty();
    let or = |fr: &str, en: &str| if fr.is_empty() { en.to_string() } else { fr.to_string() };
    let (note_fr, untraced_fr) = (or(&t.note_fr, &t.note), or(&t.untraced_fr, &t.untraced));
    let note = match (untraced, t.note.is_empty()) {
        (false, _) => t.note.clone(),
        (true, true) => format!("Source not traced: {}", t.untraced),
        (true, false) => format!("Source not traced: {} {}", t.untraced, t.note),
    };
    let note_fr = match (untraced, note_fr.is_empty()) {
        (false, _) => note_fr,
        (true, true) => format!("Source introuvable\u{a0}: {untraced_fr}"),
        (true, false) => format!("Source introuvable\u{a0}: {untraced_fr} {note_fr}"),
    };
    ValidationRow {
        target: if t.label.is_empty() { t.indicator.clone() } else { t.label.clone() },
        target_fr: t.label_fr.clone(),
        kind: serde_json::to_value(t.kind).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
        scenario: String::new(),
        territory: String::new(),
        group: t.group.clone(),
        indicator: match &t.denominator {
            Some(d) => format!("{} / {d}", t.indicator),
            None => t.indicator.clone(),
        },
        value: t.value,
        tolerance: if tested { tolerance(t) } else { f64::NAN },
        simulated_mean: f64::NAN,
        ci_low: f64::NAN,
        ci_high: f64::NAN,
        replications,
        status: if untraced { Status::Untraced } else { status },
        source: t.source.clone(),
        source_fr: t.source_fr.clone(),
        note,
        note_fr,
        fitted: t.fitted.clone(),
        fitted_fr: or(&t.fitted_fr, &t.fitted),
    }
}

/// How many tested targets failed.
pub fn failures(rows: &[ValidationRow]) -> usize {
    rows.iter().filter(|r| r.status == Status::Fail).count()
}

/// How many tested targets are met only because a parameter was fitted to them.
pub fn fitted_passes(rows: &[ValidationRow]) -> usize {
    rows.iter().filter(|r| r.status == Status::Pass && !r.fitted.is_empty()).count()
}

/// `validation.csv` (scenario-supplied texts made CSV-safe).
pub fn csv(rows: &[ValidationRow]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        let mut r = r.clone();
        for s in [&mut r.target, &mut r.territory, &mut r.source, &mut r.note, &mut r.note_fr] {
            *s = crate::io::csv_safe(s);
        }
        w.serialize(r)?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Where the validation's numbers come from (`validation.json`).
#[derive(Clone, Debug, Serialize)]
pub struct ValidationProvenance {
    pub version: String,
    pub targets_sha256: String,
    pub scenarios: Vec<ValidatedScenario>,
    pub failures: usize,
}

/// One validation scenario as run.
#[derive(Clone, Debug, Serialize)]
pub struct ValidatedScenario {
    pub name: String,
    pub origin: String,
    pub scenario_sha256: String,
    pub plan: String,
    pub seed: u64,
    pub replications: u32,
    pub years: f64,
    pub warmup_days: u32,
    /// Sub-folder with the scenario's own outputs and report.
    pub folder: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One rule for folder names: accents folded as for run folders
    /// (written out by hand), not replaced by `_` as before.
    #[test]
    fn folder_names_fold_accents_like_run_folders() {
        assert_eq!(folder_name("Hautes-Alpes été"), "Hautes-Alpes_ete");
        assert_eq!(folder_name("scenarios/validation/Guéret.toml"), "Gueret");
        assert_eq!(folder_name("Cœur"), "Coeur");
        assert_eq!(folder_name(""), "scenario");
    }

    fn embedded() -> Vec<TargetFile> {
        load(TARGETS, "data/targets.toml", Path::new("data")).unwrap().0
    }

    /// The APL targets are DREES's own APL 2023 figures on the model's
    /// definitions (density class of the commune, mean weighted by the
    /// standardised population, share of inhabitants under 2.5): computed here
    /// from the embedded commune file (each COG 2026 commune's APL, weighted
    /// by its inhabitants standardised with its département's ages), and
    /// independently by `scripts/drees_apl_targets.py` from DREES's commune
    /// rows with DREES's own standardised populations (dense urban 4.240,
    /// isolated 2.507, all 3.745, under 2.5 0.166), which the targets hold.
    /// The two weightings differ by < 0.01; a target written from another
    /// file or a rounded brief figure (4.1 dense urban) fails.
    #[test]
    fn the_apl_targets_are_the_drees_files_own_figures() {
        let ds = crate::geo::dataset();
        let apl_targets: Vec<TargetFile> = embedded().into_iter().filter(|t| t.kind == TargetKind::Apl).collect();
        assert_eq!(apl_targets.len(), 4);
        for t in apl_targets {
            assert_eq!(t.spec.as_deref(), Some("france"), "{}", t.label);
            let picked = ds
                .communes
                .iter()
                .filter(|c| !c.arrondissement && (t.group == "all" || crate::geo::density_class(c.density7).label() == t.group))
                .filter_map(|c| c.apl.map(|a| (crate::geo::apl::AplWeights::of_commune(ds, c), a)));
            let (mean, under) = crate::geo::apl::summarise(picked).expect("communes with an APL");
            let figure = if t.indicator == "apl" { mean } else { under };
            assert!((figure - t.value).abs() < 0.01, "{}: the file gives {figure:.4}, the target is {}", t.label, t.value);
        }
    }

    #[test]
    fn every_target_the_calibration_fits_says_so() {
        // `parcours calibrate` on france-mix fits every simulated target of
        // that scenario with a weight (scenarios/experiments/calibrate-defaults.toml):
        // each must name it in `fitted`, so validate never counts it as a test.
        let calibrated: Vec<TargetFile> = embedded()
            .into_iter()
            .filter(|t| t.kind == TargetKind::Simulated && t.scenario.as_deref() == Some("france-mix") && t.weight > 0.0)
            .collect();
        assert_eq!(calibrated.len(), 10);
        for t in &calibrated {
            assert!(t.fitted.starts_with("calibrated"), "{}: {:?}", t.label, t.fitted);
        }
        // The specialists' rows fitted by hand: the four national medians, Paris, the villages
        // (stop 23) and the ophthalmology 90th percentile (stop 24, the planned follow-ups).
        let by_hand = embedded().into_iter().filter(|t| t.fitted.starts_with("specialists.")).count();
        assert_eq!(by_hand, 7);
        // The SAS effect: `call_share` was chosen with it in view when the policy was written (stop 41).
        let sas = embedded().into_iter().find(|t| t.variant.as_deref() == Some("sas")).unwrap();
        assert!(sas.fitted.starts_with("sas.call_share") && !sas.fitted_fr.is_empty(), "{:?}", sas.fitted);
    }

    /// The Hautes-Alpes delay's source is not traced (stop 24): its row is
    /// simulated and shown with its tolerance, "not tested", its reason
    /// first in the note; it is neither counted nor fitted. The same target
    /// with a traced source is tested and fitted as any other (its count:
    /// `report::validation`'s tests).
    #[test]
    fn a_target_whose_source_is_not_traced_is_shown_not_tested_nor_fitted() {
        let ha = embedded().into_iter().find(|t| t.scenario.as_deref() == Some("hautes-alpes")).unwrap();
        assert!(ha.untraced.contains("Doctolib"), "{:?}", ha.untraced);
        let r = row(&ha, Status::Fail, 10);
        assert_eq!(r.status, Status::Untraced);
        assert_eq!(r.tolerance, 3.0, "the published tolerance is still shown");
        assert!(r.note.starts_with("Source not traced: no IRDES barometer"), "{}", r.note);
        assert!(r.note_fr.starts_with("Source introuvable\u{a0}: aucun baromètre IRDES"), "{}", r.note_fr);
        assert!(!crate::experiment::calibrate::fits(&ha, "hautes-alpes"));
        let traced = TargetFile { untraced: String::new(), ..ha.clone() };
        assert_eq!(row(&traced, Status::Fail, 10).status, Status::Fail);
        assert!(crate::experiment::calibrate::fits(&traced, "hautes-alpes"));
        assert!(!crate::experiment::calibrate::fits(&traced, "france-mix"), "another scenario's target");
        // An input target keeps its own status whatever `untraced` says.
        assert_eq!(row(&TargetFile { untraced: "x".into(), ..ha.clone() }, Status::Input, 0).status, Status::Input);
    }

    #[test]
    fn the_embedded_targets_cover_every_brief_figure_and_load() {
        let t = embedded();
        let (_, sources) = load(TARGETS, "data/targets.toml", Path::new("data")).unwrap();
        assert_eq!(sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["france-mix", "hautes-alpes"]);
        for indicator in
            ["gp_delay_mean_calendar_days", "registered_gp_coverage", "underserved_share", "information_lack", "teleconsultation_share"]
        {
            assert!(t.iter().any(|x| x.indicator == indicator), "{indicator}");
        }
        for indicator in ["ed_visits_per_1000", "avoidable_hosp_chronic_per_1000", "overdue_factor", "apl"] {
            assert!(t.iter().any(|x| x.indicator == indicator), "{indicator}");
        }
        assert!(t.iter().any(|x| x.kind == TargetKind::Difference && x.variant.as_deref() == Some("sas")));
        assert!(t.iter().all(|x| !x.source.is_empty()), "every target has a source");
    }

    #[test]
    fn input_targets_read_the_default_parameters() {
        assert_eq!(parameter_value("choice.information_lack"), Some(Parameters::default().choice.information_lack));
        assert_eq!(parameter_value("registration.list_cap"), Some(f64::from(Parameters::default().registration.list_cap)));
        assert_eq!(parameter_value("choice.nope"), None);
    }

    #[test]
    fn a_target_missing_what_its_kind_needs_is_refused_with_the_field() {
        let bad = "[[target]]\nkind = \"difference\"\nscenario = \"france-mix\"\nindicator = \"ed_visits_per_1000\"\nvalue = -10.0\n\
                   [[target]]\nkind = \"apl\"\nindicator = \"apl\"\nvalue = 3.0\n\
                   [[target]]\nscenario = \"atlantis\"\nindicator = \"x\"\nvalue = 1.0\n";
        let e = load(bad, "t.toml", Path::new(".")).err().unwrap().to_string();
        assert!(e.contains("target[0].variant") && e.contains("target[1].spec") && e.contains("target[2].scenario"), "{e}");
    }

    fn activity(scenario: &str, by_replication: Vec<[Option<f64>; 4]>) -> GivenActivity {
        GivenActivity { scenario: scenario.into(), by_replication }
    }

    /// The French validation page read "calibrated: the seven behavioural
    /// parameters…" on every fitted row and an English note on the APL rows;
    /// several sources were English. Every fitted and every sourced target
    /// has its French; the APL note is French in French (4 200 and 4 600
    /// consultations in rural: mean 4 400, by hand).
    #[test]
    fn the_french_page_has_its_french_fitted_note_and_sources() {
        for t in embedded() {
            assert!(t.fitted.is_empty() || !t.fitted_fr.is_empty(), "{}: fitted_fr", t.label);
            assert!(t.source.is_empty() || !t.source_fr.is_empty(), "{}: source_fr", t.label);
        }
        let t = embedded().into_iter().find(|t| t.fitted.starts_with("calibrated")).unwrap();
        let r = row(&t, Status::Pass, 2);
        assert!(r.fitted_fr.starts_with("calibré\u{a0}: les sept paramètres de comportement"), "{}", r.fitted_fr);
        let a = activity("france-mix", vec![[None, None, Some(4200.0), None], [None, None, Some(4600.0), None]]);
        assert_eq!(
            a.note(true),
            "Médecins généralistes comptés avec les consultations données (activité simulée par classe de densité), comme la DREES compte l'activité de chaque médecin\u{a0}: france-mix, option de base, 2 réplications, par médecin et par an rural 4400."
        );
        assert!(a.note(false).ends_with("per GP-year rural 4400."));
    }

    /// Weights (inhabitants, standardised): rural (100, 150) APL 2, rural
    /// (300, 250) APL 4, dense urban (600, 600) APL 5. Under 2.5: 100 of
    /// 1,000 inhabitants; rural mean by standardised population (150 × 2 +
    /// 250 × 4) / 400 = 3.25 (by inhabitants it would be 3.5).
    #[test]
    fn apl_rows_weight_by_standardised_population_and_count_underserved_inhabitants() {
        use crate::geo::apl::AplWeights;
        let w = |inhabitants: u64, standardised: f64| AplWeights { inhabitants, standardised };
        let zones = [(DensityClass::Rural, w(100, 150.0)), (DensityClass::Rural, w(300, 250.0)), (DensityClass::DenseUrban, w(600, 600.0))];
        let apl = [2.0, 4.0, 5.0];
        let a = activity("france-mix", vec![[None; 4]]);
        let mut t = embedded().into_iter().find(|t| t.indicator == "underserved_share").unwrap();
        let r = apl_row(&t, &zones, &[apl.to_vec()], &a);
        assert!((r.simulated_mean - 0.1).abs() < 1e-12);
        t.indicator = "apl".into();
        t.group = "rural".into();
        let r = apl_row(&t, &zones, &[apl.to_vec()], &a);
        assert!((r.simulated_mean - 3.25).abs() < 1e-12);
        assert_eq!(r.status, Status::Fail);
    }

    fn zone(territory: u16, density: DensityClass, inhabitants: u32, gps: u32) -> Zone {
        Zone {
            name: format!("z{territory}"),
            territory,
            population: [inhabitants, 0, 0, 0, 0, 0],
            density,
            x_km: 0.0,
            y_km: 0.0,
            broadband: 1.0,
            vulnerable: 0.0,
            gps,
            pharmacies: 0,
            nurses: 0,
            epci: 0,
        }
    }

    fn task(arm: u32, replication: u32, per_gp_year: &[f64]) -> TaskResult {
        TaskResult {
            point: 0,
            arm,
            variant: String::new(),
            replication,
            needs: 0,
            events: 0,
            draws: Vec::new(),
            rows: per_gp_year
                .iter()
                .enumerate()
                .map(|(i, v)| (i as u16, "all".into(), "gp_consultations_per_gp_year".into(), *v))
                .collect(),
            weekly: Vec::new(),
            zones: Vec::new(),
            histograms: Vec::new(),
        }
    }

    /// Three territories: t0 dense urban (10 GPs), t1 rural with a denser
    /// centre (8 rural GPs, 2 intermediate: rural), t2 rural (4 GPs). Given
    /// 5,000, 4,000 and 4,600 a GP-year: dense urban 5,000, rural pooled by
    /// GPs (10 × 4,000 + 4 × 4,600) / 14 = 4,171.43, intermediate and
    /// isolated none; the variant's arm is ignored.
    #[test]
    fn given_activity_is_each_density_class_of_the_scenario_pooled_by_gps() {
        use DensityClass::*;
        // A zone of a territory the results do not hold (t3) is left out.
        let zones = [
            zone(0, DenseUrban, 1000, 10),
            zone(1, Rural, 1000, 8),
            zone(1, Intermediate, 500, 2),
            zone(2, Rural, 800, 4),
            zone(3, Isolated, 100, 1),
        ];
        let names = ["a".to_string(), "b".into(), "c".into()];
        // A second replication where t2 has no value (NaN): rural is t1's 4,000 alone.
        let tasks = [task(0, 0, &[5_000.0, 4_000.0, 4_600.0]), task(1, 0, &[1.0, 1.0, 1.0]), task(0, 1, &[5_000.0, 4_000.0, f64::NAN])];
        let r = ScenarioResults { name: "mix", territory_names: &names, arm_names: &["base".into(), "v".into()], tasks: &tasks };
        let a = GivenActivity::of(&r, &zones);
        assert_eq!(a.by_replication.len(), 2);
        let [d, i, rural, iso] = a.by_replication[0];
        assert_eq!(d, Some(5_000.0));
        assert!((rural.unwrap() - (10.0 * 4_000.0 + 4.0 * 4_600.0) / 14.0).abs() < 1e-9);
        assert_eq!((i, iso), (None, None));
        assert_eq!(a.by_replication[1][2], Some(4_000.0));
        // A tie (3 intermediate and 3 rural GPs) counts for the first class of DensityClass::ALL.
        let tie = [zone(0, Rural, 1000, 3), zone(0, Intermediate, 1000, 3)];
        let tasks = [task(0, 0, &[4_200.0])];
        let r = ScenarioResults { name: "tie", territory_names: &names[..1], arm_names: &["base".into()], tasks: &tasks };
        assert_eq!(GivenActivity::of(&r, &tie).by_replication[0], [None, Some(4_200.0), None, None]);
        // A real territory's intermediate communes with GPs need that class.
        let e = a.apl(&zones, &crate::geo::apl::Catchments::new(&zones, &Parameters::default())).unwrap_err();
        assert!(e.contains("\"mix\"") && e.contains("intermediate"), "{e}");
    }

    /// The validate row counts the GPs' consultations given: a lone rural
    /// commune of 1,000 inhabitants aged 0–14 (706.49 standardised, DREES's
    /// weight 0.7064928) with 2 GPs has APL 2 × activity / 706.49, i.e.
    /// 8.0 / 0.7064928 and 10.0 / 0.7064928 in two replications giving 4,000
    /// and 5,000 a GP-year (mean 9.0 / 0.7064928, +25 % with the activity);
    /// 3,000 given counts as DREES's floor of 3,600 (7.2 / 0.7064928).
    #[test]
    fn the_apl_row_counts_the_simulated_consultations_given() {
        const W: f64 = 0.706_492_785_3;
        let zones = [zone(0, DensityClass::Rural, 1000, 2)];
        let c = crate::geo::apl::Catchments::new(&zones, &Parameters::default());
        let rural = |v: f64| [None, None, Some(v), None];
        let a = activity("france-mix", vec![rural(4_000.0), rural(5_000.0)]);
        let apl = a.apl(&zones, &c).unwrap();
        assert!((apl[0][0] - 8.0 / W).abs() < 1e-8 && (apl[1][0] - 10.0 / W).abs() < 1e-8, "{apl:?}");
        let mut t = embedded().into_iter().find(|t| t.indicator == "apl" && t.group == "all").unwrap();
        t.group = "rural".into();
        let r = apl_row(&t, &[(DensityClass::Rural, crate::geo::apl::AplWeights::of(&zones[0]))], &apl, &a);
        assert!((r.simulated_mean - 9.0 / W).abs() < 1e-8);
        assert_eq!((r.replications, r.scenario.as_str()), (2, "france-mix"));
        assert!(r.ci_low < 9.0 / W && r.ci_high > 9.0 / W);
        assert!(
            r.note.contains("consultations given (simulated utilisation by density class)") && r.note.contains("rural 4500"),
            "{}",
            r.note
        );
        let floor = activity("france-mix", vec![rural(3_000.0)]).apl(&zones, &c).unwrap();
        assert!((floor[0][0] - 7.2 / W).abs() < 1e-8);
        // Communes of a class without GPs need no activity of that class.
        let with_empty = [zone(0, DensityClass::Rural, 1000, 2), zone(0, DensityClass::Intermediate, 500, 0)];
        let c = crate::geo::apl::Catchments::new(&with_empty, &Parameters::default());
        assert!(a.apl(&with_empty, &c).is_ok());
    }
}
