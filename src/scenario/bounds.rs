//! Generic checks of every number of the parameters and of each policy:
//! finite, and within a plausible range where the value sizes what a run
//! allocates or loops over (lines, staff, sessions, places, rates, days).
//!
//! The value (parameters, or one policy's `PolicyParams`) is serialised to a
//! TOML tree and every numeric leaf is visited with its path
//! (`lines_per_100k`, `answered_share[2]`, `events[0].change`). A float that
//! is NaN or infinite is refused ("must be a finite number, got inf"). A
//! leaf whose name matches a [`Bound`] — by its full key
//! (`sas.lines_per_100k`, indices dropped), else by the suffix of its name
//! (`_eur`, `_days` …) — is refused outside the bound ("must be at most
//! 1000 …"). The bounds are far above any real territory and keep a run
//! from aborting on an allocation (docs/policies.md § Bounds lists them).

use serde::Serialize;
use toml::Value;

/// A plausible range of one numeric field; `unit` ends the message.
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    /// `type.field` for a policy, `group.field` for a parameter, or a name
    /// suffix starting with `_` (applies to every field whose name ends so).
    pub key: &'static str,
    pub min: f64,
    pub max: f64,
    pub unit: &'static str,
}

/// Most SAS calls taken a day per 100,000 covered inhabitants (see [`POLICY_BOUNDS`]).
pub const SAS_CALLS_PER_DAY_PER_100K_MAX: f64 = 10_000.0;
/// Most teleconsultations a day of one policy, whole scope (see [`POLICY_BOUNDS`]).
pub const TELECONSULTATIONS_PER_DAY_MAX: f64 = 100_000.0;

/// Most full-time health mediators of one policy (see [`POLICY_BOUNDS`]).
pub const MEDIATORS_MAX: f64 = 10_000.0;
/// Most people one mediator follows a year (see [`POLICY_BOUNDS`]).
pub const PEOPLE_PER_MEDIATOR_MAX: f64 = 3_000.0;

const fn b(key: &'static str, min: f64, max: f64, unit: &'static str) -> Bound {
    Bound { key, min, max, unit }
}

/// Bounds of policy fields (key `type.field`), checked before the suffix rules.
///
/// Two are plausible ranges rather than allocation guards (a user found
/// 100,000 SAS calls a day per 100,000 inhabitants and 1,000,000
/// teleconsultations a day accepted silently):
/// - `sas.calls_per_day_per_100k` (the SAS's daily capacity): at most
///   10,000 a day per 100,000 covered, i.e. 10 % of the covered inhabitants
///   every day, ≈ 170 × the default 60 (assumption; high enough to stand
///   for "no capacity limit" in tests of a few thousand inhabitants);
/// - `teleconsultation.consultations_per_day` (for the whole scope): at most
///   100,000 a day, ≈ 5 × France's whole teleconsultation volume (today's
///   organisation: 32 a day per 100,000 inhabitants, ≈ 3.2 % of GP
///   consultations in 2023, Cnam / DREES; × 68 million ≈ 21,800 a day).
///
/// The health mediators' two fields are bounded like the other staff of a
/// policy (a user found 100,000 mediators accepted):
/// - `mediators.mediators`: at most 10,000 full-time mediators, as the
///   nurses, doctors, case managers, referents and coordinating nurses of
///   the other policies; at the default 150 people a mediator, 10,000
///   follow 1.5 million people, more vulnerable inhabitants than any
///   département has (the reach is min(1, mediators × people_per_mediator /
///   vulnerable inhabitants): more mediators than that add only their cost).
///   France's programmes fund mediators by the hundred (PRAPS, « Médiateurs
///   santé-précarité », context/003), so 10,000 is far above them (assumption);
/// - `mediators.people_per_mediator`: at most 3,000 a year, 10 × the top of
///   its plausible range 50–300 (a mediator's active file of a hundred or
///   two; assumption), i.e. about 14 new people every working day.
pub const POLICY_BOUNDS: &[Bound] = &[
    b("sas.calls_per_day_per_100k", 0.0, SAS_CALLS_PER_DAY_PER_100K_MAX, "calls a day per 100,000 inhabitants"),
    b("sas.lines_per_100k", 0.0, 1_000.0, "lines per 100,000 inhabitants"),
    b("ipa.nurses", 0.0, 10_000.0, "nurses"),
    b("ipa.consultations_per_day", 0.0, 1_000.0, "consultations a day per nurse"),
    b("teleconsultation.doctors", 0.0, 10_000.0, "doctors"),
    b("teleconsultation.consultations_per_day", 0.0, TELECONSULTATIONS_PER_DAY_MAX, "consultations a day for the whole scope"),
    b("pdsa.gps_on_duty", 0.0, 10_000.0, "GPs on duty"),
    b("pdsa.slot_minutes", 5.0, 240.0, "minutes"),
    b("mobile_unit.days_per_week", 0.0, 7.0, "days a week"),
    b("mobile_unit.consultations_per_day", 0.0, 1_000.0, "consultations a day"),
    b("dac.capacity_cases", 0.0, 1_000_000.0, "situations"),
    b("dac.discharge_visits_per_day", 0.0, 10_000.0, "visits a day"),
    b("dac.case_managers", 0.0, 10_000.0, "full-time case managers"),
    b("dac.caseload_per_manager", 0.0, 1_000.0, "situations per case manager"),
    b("msp.delegation_nurses", 0.0, 10_000.0, "nurses"),
    b("msp.extended_hours_per_gp_week", 0.0, 168.0, "hours a week"),
    b("msp.attractiveness", 0.0, 100.0, "factor"),
    b("cpts.attractiveness", 0.0, 100.0, "factor"),
    b("cpts.list_cap_extension", 0.0, 10.0, "share of the list cap"),
    b("caregiver_support.places", 0.0, 10_000_000.0, "places"),
    b("mediators.mediators", 0.0, MEDIATORS_MAX, "full-time mediators"),
    b("mediators.people_per_mediator", 0.0, PEOPLE_PER_MEDIATOR_MAX, "people followed per mediator a year"),
    b("legibility.staff_fte", 0.0, 10_000.0, "full-time referents"),
    b("legibility.people_per_fte", 0.0, 1_000_000.0, "people per referent a year"),
    b("navigators.fte", 0.0, 10_000.0, "full-time coordinating nurses"),
    b("navigators.people_per_fte", 0.0, 100_000.0, "people followed per nurse a year"),
    b("specialist_sessions.sessions_per_week", 0.0, 10_000.0, "sessions a week"),
    b("telexpertise.answer_days", 0.0, 365.0, "days"),
    b("workforce.events.change", -10_000.0, 10_000.0, "GPs, either sign"),
    b("workforce.events.day", 0.0, 36_500.0, "days"),
];

/// Bounds of parameters (key `group.field`), checked before the suffix rules.
pub const PARAMETER_BOUNDS: &[Bound] = &[
    b("registration.list_cap", 0.0, 1_000_000.0, "patients"),
    b("specialists.per_100k", 0.0, 10_000.0, "specialists per 100,000 inhabitants"),
    b("specialists.consultations_per_session", 0.0, 100.0, "consultations a session"),
    b("specialists.sessions_per_week", 0.0, 14.0, "half-day sessions a week"),
    b("workforce.installations_per_10000", 0.0, 1_000.0, "new GPs per 10,000 inhabitants a year"),
    b("needs.winter_peak_day", 0.0, 365.0, "day of the year"),
];

/// Bounds by the end of a field's name, for parameters and policies alike.
pub const SUFFIX_BOUNDS: &[Bound] = &[
    b("_per_year", 0.0, 365.0, "a year"),
    b("_days", 0.0, 3_650.0, "days"),
    b("_minutes", 0.0, 1_440.0, "minutes"),
    b("_hours", 0.0, 8_760.0, "hours"),
    b("_factor", 0.0, 100.0, "as a factor"),
    b("_eur", 0.0, 1e9, "€"),
    // Alternative-specific constants of a choice (`asc`, `protocol_asc`):
    // logit utilities, the same ±100 as `waits.asc_wait_own_gp` (e^100
    // already makes an option certain).
    b("asc", -100.0, 100.0, "(a utility)"),
];

/// One numeric leaf of a serialised value.
struct Leaf {
    /// As shown: `answered_share[2]`, `events[0].change`.
    path: String,
    /// Indices dropped, to match a bound: `events.change`.
    key: String,
    value: f64,
}

fn leaves(v: &Value, path: &str, key: &str, out: &mut Vec<Leaf>) {
    match v {
        Value::Float(f) => out.push(Leaf { path: path.to_string(), key: key.to_string(), value: *f }),
        Value::Integer(i) => out.push(Leaf { path: path.to_string(), key: key.to_string(), value: *i as f64 }),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                leaves(x, &format!("{path}[{i}]"), key, out);
            }
        }
        Value::Table(t) => {
            for (k, x) in t {
                let join = |p: &str| if p.is_empty() { k.clone() } else { format!("{p}.{k}") };
                leaves(x, &join(path), &join(key), out);
            }
        }
        _ => {}
    }
}

/// A number as written in a message: a whole number with its thousands
/// grouped (`io::count`: 100,000), `1e30` rather than thirty-one digits.
fn shown(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 {
        format!("{v:e}")
    } else if v.is_finite() && v.fract() == 0.0 {
        format!("{}{}", if v < 0.0 { "-" } else { "" }, crate::io::count(v.abs() as u64, false))
    } else {
        format!("{v}")
    }
}

/// What is wrong with one leaf, if anything: not finite, or outside the
/// bound that `qualified` (`group.field` / `type.field`) or its suffix matches.
fn leaf_problem(leaf: &Leaf, qualified: &str, bounds: &[Bound]) -> Option<(String, bool)> {
    let v = leaf.value;
    if !v.is_finite() {
        return Some((format!("must be a finite number, got {v}"), true));
    }
    let name = leaf.key.rsplit('.').next().unwrap_or(&leaf.key);
    let bound = bounds.iter().find(|b| b.key == qualified).or_else(|| SUFFIX_BOUNDS.iter().find(|b| name.ends_with(b.key)))?;
    if v > bound.max {
        Some((format!("must be at most {} {} (got {})", shown(bound.max), bound.unit, shown(v)), false))
    } else if v < bound.min {
        Some((format!("must be at least {} {} (got {})", shown(bound.min), bound.unit, shown(v)), false))
    } else {
        None
    }
}

/// Checks every number of `value`: (path, reason, non-finite) per problem,
/// paths relative to `value`. `kind` qualifies keys for `bounds` (a policy
/// type; empty for parameters, whose keys start with their group).
pub fn number_problems<T: Serialize>(value: &T, kind: &str, bounds: &[Bound]) -> Vec<(String, String, bool)> {
    let Ok(tree) = Value::try_from(value) else { return Vec::new() };
    let mut all = Vec::new();
    leaves(&tree, "", "", &mut all);
    all.iter()
        .filter_map(|leaf| {
            let qualified = if kind.is_empty() { leaf.key.clone() } else { format!("{kind}.{}", leaf.key) };
            leaf_problem(leaf, &qualified, bounds).map(|(why, nonfinite)| (leaf.path.clone(), why, nonfinite))
        })
        .collect()
}

/// Merges the generic problems into those of the field-by-field checks
/// (`found`, full paths): a non-finite value replaces what else was said
/// of its field; a bound is added only where nothing was said yet.
pub fn merge(found: &mut Vec<(String, String)>, generic: Vec<(String, String, bool)>, prefix: &str) {
    for (path, why, nonfinite) in generic {
        let path = format!("{prefix}.{path}");
        if nonfinite {
            found.retain(|(p, _)| p != &path);
            found.push((path, why));
        } else if !found.iter().any(|(p, _)| p == &path) {
            found.push((path, why));
        }
    }
}

/// The bounds as a markdown table (docs/policies.md § Bounds holds it;
/// a test keeps the two equal).
pub fn markdown_table() -> String {
    let mut out = String::from("| field | at least | at most | unit |\n|---|---|---|---|\n");
    let rows = [("policy", POLICY_BOUNDS), ("parameter", PARAMETER_BOUNDS), ("any field ending in", SUFFIX_BOUNDS)];
    for (what, bounds) in rows {
        for b in bounds {
            out.push_str(&format!("| {what} `{}` | {} | {} | {} |\n", b.key, shown(b.min), shown(b.max), b.unit));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::params::Parameters;
    use crate::model::policy::spec::{PolicyParams, POLICY_TYPES};

    /// A bound naming no field would never act: every key is a leaf of the defaults.
    #[test]
    fn every_bound_names_a_field() {
        let mut keys: Vec<String> = Vec::new();
        let mut all = Vec::new();
        leaves(&Value::try_from(Parameters::default()).unwrap(), "", "", &mut all);
        keys.extend(all.iter().map(|l| l.key.clone()));
        for t in POLICY_TYPES {
            let table: toml::Table = toml::from_str(&format!("type = \"{t}\"")).unwrap();
            let p: PolicyParams = Value::Table(table).try_into().unwrap();
            let mut all = Vec::new();
            leaves(&Value::try_from(&p).unwrap(), "", "", &mut all);
            keys.extend(all.iter().map(|l| format!("{t}.{}", l.key)));
        }
        // Workforce events are an empty list by default.
        keys.extend(["workforce.events.change".to_string(), "workforce.events.day".to_string()]);
        for b in POLICY_BOUNDS.iter().chain(PARAMETER_BOUNDS) {
            assert!(keys.contains(&b.key.to_string()), "bound {} names no field", b.key);
        }
    }

    #[test]
    fn defaults_are_within_every_bound() {
        assert_eq!(number_problems(&Parameters::default(), "", PARAMETER_BOUNDS), vec![]);
        for t in POLICY_TYPES {
            let table: toml::Table = toml::from_str(&format!("type = \"{t}\"")).unwrap();
            let p: PolicyParams = Value::Table(table).try_into().unwrap();
            assert_eq!(number_problems(&p, t, POLICY_BOUNDS), vec![], "{t}");
        }
    }

    #[test]
    fn the_documented_bounds_are_the_bounds() {
        let doc = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/policies.md")).unwrap();
        assert!(doc.contains(&markdown_table()), "docs/policies.md § Bounds is stale: paste bounds::markdown_table()");
    }

    /// What two users typed: refused, naming the field and the range; the
    /// limits themselves accepted.
    #[test]
    fn absurd_sas_and_teleconsultation_capacities_are_refused() {
        let problems = |t: &str, field: &str, v: &str| {
            let table: toml::Table = toml::from_str(&format!("type = \"{t}\"\n{field} = {v}")).unwrap();
            let p: PolicyParams = Value::Table(table).try_into().unwrap();
            number_problems(&p, t, POLICY_BOUNDS)
        };
        assert_eq!(
            problems("sas", "calls_per_day_per_100k", "100000.0"),
            vec![(
                "calls_per_day_per_100k".to_string(),
                "must be at most 10,000 calls a day per 100,000 inhabitants (got 100,000)".to_string(),
                false
            )]
        );
        assert_eq!(
            problems("teleconsultation", "consultations_per_day", "1000000"),
            vec![(
                "consultations_per_day".to_string(),
                "must be at most 100,000 consultations a day for the whole scope (got 1,000,000)".to_string(),
                false
            )]
        );
        assert!(problems("sas", "calls_per_day_per_100k", "10000.0").is_empty());
        assert!(problems("teleconsultation", "consultations_per_day", "100000").is_empty());
    }

    #[test]
    fn large_numbers_are_shown_with_an_exponent() {
        assert_eq!(shown(1e30), "1e30");
        assert_eq!(shown(1000.0), "1,000");
        assert_eq!(shown(100_000.0), "100,000");
        assert_eq!(shown(0.5), "0.5");
        assert_eq!(shown(-5_000.0), "-5,000");
    }
}
