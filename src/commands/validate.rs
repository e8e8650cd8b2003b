//! `parcours validate`: runs the validation scenarios (each like `run`,
//! into its own sub-folder, resumable), computes the APL targets on real
//! territories, and writes `validation.csv`, `validation.html` and
//! `validation.json` last.

use super::execution::{execute, ExecOptions, Outcome};
use crate::experiment::calibrate;
use crate::experiment::file::{TargetFile, TargetKind};
use crate::experiment::tasks::{Execution, TaskResult};
use crate::experiment::{Overrides, Plan, Source};
use crate::io::{write_atomic, RunError};
use crate::model::DensityClass;
use crate::report::console::scenario_error;
use crate::report::Lang;
use crate::scenario::ScenarioError;
use crate::validation::{self as v, ScenarioResults, ScenarioSource, ValidatedScenario, ValidationProvenance, ValidationRow};

/// What `validate` produced.
pub enum ValidateOutcome {
    /// Every scenario ran; the table is written.
    Complete {
        rows: Vec<ValidationRow>,
        scenarios: Vec<String>,
        /// Per validation scenario whose observed window meets the GPs'
        /// seasonal leave (`Scenario::season`): its name and the warning `run` prints.
        season: Vec<(String, crate::scenario::Warning)>,
    },
    /// Ctrl-C during a scenario: its finished tasks are saved.
    Interrupted { scenario: String, execution: Execution },
}

/// `parcours validate`: runs each validation scenario (base and variants)
/// into `opts.out/<scenario>/` (resumable like a run), computes the APL
/// targets on real territories, and writes `validation.csv`,
/// `validation.json` and `validation.html` into `opts.out`. A scenario or
/// target that cannot be used is said in `lang` (the terminal's).
pub fn validate(
    targets: &[TargetFile],
    targets_origin: &str,
    sources: &[ScenarioSource],
    overrides: &Overrides,
    opts: &ExecOptions,
    lang: Lang,
    progress: &(dyn Fn(&str, usize, usize) + Sync),
) -> Result<ValidateOutcome, RunError> {
    // Before any scenario runs: validation.* would overwrite the user's
    // files. Creates the folder, which no scenario may have made (targets
    // that are only inputs or not modelled run none).
    let _lock = super::execution::lock_validation_dir(&opts.out)?;
    let mut runs = Vec::new();
    let unusable = |e: ScenarioError| RunError::Input(scenario_error(lang, &e));
    for s in sources {
        let source = Source { origin: s.origin.clone(), text: s.text.clone() };
        let mut plan = Plan::for_run(source, overrides.clone()).map_err(unusable)?;
        let mine: Vec<_> = targets.iter().filter(|t| t.scenario.as_ref() == Some(&s.name)).cloned().collect();
        calibrate::check_scenario_targets(targets, &s.name, &plan.territory_names, targets_origin).map_err(unusable)?;
        for t in mine.iter().filter(|t| t.kind == TargetKind::Difference) {
            let variant = t.variant.as_deref().unwrap_or_default();
            if !plan.arm_names.iter().skip(1).any(|a| a == variant) {
                let label = if t.label.is_empty() { &t.indicator } else { &t.label };
                return Err(RunError::Input(format!(
                    "{targets_origin}: target {label:?} compares variant {variant:?}, which scenario {:?} ({}) does not have",
                    s.name, s.origin
                )));
            }
        }
        let sub = ExecOptions { out: opts.out.join(v::folder_name(&s.name)), ..opts.clone() };
        let name = s.name.clone();
        let outcome = execute(&mut plan, &sub, &|done, total| progress(&name, done, total))?;
        match outcome {
            Outcome::Complete { tasks, .. } => runs.push((s.name.clone(), plan, tasks)),
            Outcome::Interrupted { execution } => return Ok(ValidateOutcome::Interrupted { scenario: s.name.clone(), execution }),
            Outcome::ShardDone { .. } => unreachable!("validate runs every task"),
        }
    }
    let apl = apl_by_spec(targets, &runs)?;
    let rows: Vec<v::ValidationRow> = targets
        .iter()
        .map(|t| match t.kind {
            TargetKind::Simulated | TargetKind::Difference => {
                let (name, plan, tasks) = runs.iter().find(|r| t.scenario.as_ref() == Some(&r.0)).expect("scenario ran");
                v::simulated_row(t, &ScenarioResults { name, territory_names: &plan.territory_names, arm_names: &plan.arm_names, tasks })
            }
            TargetKind::Apl => {
                let a = apl
                    .iter()
                    .find(|a| t.spec.as_ref() == Some(&a.spec) && t.scenario.as_ref() == Some(&a.activity.scenario))
                    .expect("spec built");
                v::apl_row(t, &a.zones, &a.values, &a.activity)
            }
            TargetKind::Input | TargetKind::NotModelled => v::untested_row(t),
        })
        .collect();
    let provenance = ValidationProvenance {
        version: crate::provenance::VERSION.to_string(),
        targets_sha256: targets_sha(targets),
        scenarios: runs
            .iter()
            .map(|(name, plan, _)| ValidatedScenario {
                name: name.clone(),
                origin: plan.inputs.scenario.origin.clone(),
                scenario_sha256: crate::scenario::sha256_hex(&plan.inputs.scenario.text),
                plan: plan.identity.clone(),
                seed: plan.base.seed,
                replications: plan.replications,
                years: plan.base.years,
                warmup_days: plan.base.warmup_days,
                folder: v::folder_name(name),
            })
            .collect(),
        failures: v::failures(&rows),
    };
    let csv = v::csv(&rows).map_err(|e| RunError::Input(format!("validation.csv: {e}")))?;
    write_atomic(&opts.out.join("validation.csv"), &csv)?;
    let json = serde_json::to_vec_pretty(&serde_json::json!({ "provenance": &provenance, "rows": &rows }))
        .map_err(|e| RunError::Input(format!("validation.json: {e}")))?;
    let season: Vec<(String, crate::scenario::Warning)> =
        runs.iter().filter_map(|(name, plan, _)| plan.base.season().map(|w| (name.clone(), w))).collect();
    if let Some(lang) = opts.report {
        let warnings: Vec<String> =
            season.iter().map(|(name, w)| format!("{name}: {}", if lang == crate::report::Lang::Fr { &w.fr } else { &w.en })).collect();
        let html = crate::report::validation::page(&rows, &provenance, &warnings, lang);
        write_atomic(&opts.out.join("validation.html"), html.as_bytes())?;
    }
    // Written last: its presence marks a complete validation.
    write_atomic(&opts.out.join("validation.json"), &json)?;
    Ok(ValidateOutcome::Complete { rows, scenarios: runs.into_iter().map(|r| r.0).collect(), season })
}

/// The model's APL on one real territory, its GPs counting for the
/// consultations given in one validation scenario.
struct AplOfSpec {
    spec: String,
    /// Density class and weights (inhabitants, standardised population) of each zone.
    zones: Vec<(DensityClass, crate::geo::apl::AplWeights)>,
    /// The APL of each zone, one vector per base replication of the scenario.
    values: Vec<Vec<f64>>,
    activity: v::GivenActivity,
}

/// The model's APL of every zone of each real territory the APL targets
/// name, for each scenario whose simulated GP activity they count (the
/// scenarios have run: `runs`).
fn apl_by_spec(targets: &[TargetFile], runs: &[(String, Plan, Vec<TaskResult>)]) -> Result<Vec<AplOfSpec>, RunError> {
    let params = crate::model::params::Parameters::default();
    let mut built: Vec<(String, crate::geo::Built, crate::geo::apl::Catchments)> = Vec::new();
    let mut out: Vec<AplOfSpec> = Vec::new();
    for t in targets.iter().filter(|t| t.kind == TargetKind::Apl) {
        let (Some(spec), Some(scenario)) = (&t.spec, &t.scenario) else { continue };
        if out.iter().any(|o| &o.spec == spec && &o.activity.scenario == scenario) {
            continue;
        }
        if !built.iter().any(|b| &b.0 == spec) {
            let selection = crate::geo::parse_spec(spec).map_err(|e| RunError::Input(format!("APL target spec {spec:?}: {e}")))?;
            let ds = crate::geo::dataset();
            let picked = ds.select(&selection).map_err(|e| RunError::Input(format!("APL target spec {spec:?}: {e}")))?;
            let b = crate::geo::build(ds, &picked, spec, 0, &crate::geo::BuildOptions::default());
            let catchments = crate::geo::apl::Catchments::new(&b.zones, &params);
            built.push((spec.clone(), b, catchments));
        }
        let (_, b, catchments) = built.iter().find(|b| &b.0 == spec).expect("just built");
        let (name, plan, tasks) = runs.iter().find(|r| &r.0 == scenario).expect("scenario ran");
        let results = ScenarioResults { name, territory_names: &plan.territory_names, arm_names: &plan.arm_names, tasks };
        let activity = v::GivenActivity::of(&results, &plan.base.zones);
        let values = activity.apl(&b.zones, catchments).map_err(|e| RunError::Input(format!("APL target spec {spec:?}: {e}")))?;
        out.push(AplOfSpec {
            spec: spec.clone(),
            zones: b.zones.iter().map(|z| (z.density, crate::geo::apl::AplWeights::of(z))).collect(),
            values,
            activity,
        });
    }
    Ok(out)
}

fn targets_sha(targets: &[TargetFile]) -> String {
    crate::scenario::sha256_hex(&serde_json::to_string(targets).unwrap_or_default())
}
