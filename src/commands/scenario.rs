//! `parcours scenario check | init | schema | params | indicators`: describe
//! scenario files without simulating. Each function returns the text the
//! command prints.

use crate::report::{count, given, plural_fr, Lang};
use crate::scenario::{self, template, Scenario, ScenarioError};
use std::fmt::Write as _;
use std::path::Path;

/// `scenario check FILE`: the validated scenario and its summary, in `lang`.
pub fn check(file: &Path, lang: Lang) -> Result<(Scenario, String), ScenarioError> {
    let fr = lang == Lang::Fr;
    let s = scenario::load(file)?;
    let mut out = String::new();
    let n = |x: u64| count(lang, x);
    if fr {
        let _ = writeln!(out, "{}\u{a0}: scénario valide {:?} (sha256 {})", file.display(), s.name, &s.sha256[..12]);
    } else {
        let _ = writeln!(out, "{}: valid scenario {:?} (sha256 {})", file.display(), s.name, &s.sha256[..12]);
    }
    for (i, t) in s.territories.iter().enumerate() {
        let zones: Vec<_> = s.zones.iter().filter(|z| z.territory as usize == i).collect();
        let pop: u64 = zones.iter().map(|z| z.inhabitants()).sum();
        let gps: u32 = zones.iter().map(|z| z.gps).sum();
        let (z, g, e) = (zones.len() as u64, u64::from(gps), t.emergency_departments.len() as u64);
        if fr {
            let _ = writeln!(
                out,
                "  {}\u{a0}: {} zone{}, {} habitant{}, {} médecin{} généraliste{}, {} service{} d'urgences",
                t.name,
                n(z),
                plural_fr(z),
                n(pop),
                plural_fr(pop),
                n(g),
                plural_fr(g),
                plural_fr(g),
                n(e),
                plural_fr(e)
            );
        } else {
            let c = |x: u64, one: &str, many: &str| crate::io::counted(x, one, many, false);
            let _ = writeln!(
                out,
                "  {}: {}, {}, {}, {}",
                t.name,
                c(z, "zone", "zones"),
                c(pop, "inhabitant", "inhabitants"),
                c(g, "GP", "GPs"),
                c(e, "ED", "EDs")
            );
        }
    }
    if fr {
        let _ = writeln!(
            out,
            "  {} réplication{} × {} an{} après {} jour{} de mise en régime, graine {}",
            s.replications,
            plural_fr(u64::from(s.replications)),
            given(lang, s.years),
            if s.years >= 2.0 { "s" } else { "" },
            s.warmup_days,
            plural_fr(u64::from(s.warmup_days)),
            s.seed
        );
    } else {
        let _ = writeln!(
            out,
            "  {} × {} {} after {} of warm-up, seed {}",
            crate::io::counted(u64::from(s.replications), "replication", "replications", false),
            s.years,
            if s.years == 1.0 { "year" } else { "years" },
            crate::io::counted(u64::from(s.warmup_days), "day", "days", false),
            s.seed
        );
    }
    out.push_str(&crate::report::cite_articles(lang, &scenario::organisation::describe_in(&s.existing, fr)));
    if let Ok(text) = std::fs::read_to_string(file) {
        let source = crate::experiment::Source { origin: file.display().to_string(), text };
        if let Ok(plan) = crate::experiment::Plan::for_run(source, crate::experiment::Overrides::default()) {
            let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
            let need = crate::io::bytes(super::memory_estimate(&plan, workers), fr);
            let kept = crate::io::bytes(super::task_result_bytes(&plan.base), fr);
            if fr {
                let workers = crate::io::counted(workers as u64, "processus de calcul", "processus de calcul", fr);
                let _ = writeln!(out, "  mémoire estimée\u{a0}: {need} avec {workers} ({kept} gardés par résultat de tâche)");
            } else {
                let workers = crate::io::counted(workers as u64, "worker", "workers", fr);
                let _ = writeln!(out, "  memory estimate: {need} with {workers} ({kept} kept per task result)");
            }
        }
    }
    Ok((s, out))
}

/// `scenario init`: a commented scenario to start from.
pub fn init() -> String {
    template::scenario_template()
}

/// `scenario schema`: the JSON Schema of scenario files.
pub fn schema() -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&schemars::schema_for!(scenario::file::ScenarioFile))
}

/// `scenario params`: the parameter table (docs/parameters.md).
pub fn params() -> String {
    template::parameter_table_markdown()
}

/// `scenario indicators`: the indicator table (docs/experiments.md § 4.1).
pub fn indicators() -> String {
    crate::model::indicators::markdown_table()
}
