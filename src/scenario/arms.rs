//! Policies and variants: resolving `[[policies]]` and `[[variants]]` into
//! [`Arm`]s — the base and each variant, with their own parameters and
//! policies — which the runner simulates over the same replications.

use super::{Problem, ZoneIndex};
use crate::model::params::Parameters;
use crate::model::policy::spec::{check_params, scale_example, PolicyParams, PolicySpec, POLICY_TYPES, READS_PARTICIPATION};
use crate::model::policy::Scope;
use toml::{Table, Value};

/// The base case or one variant: what one column of results is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Arm {
    /// 0 for the base, 1… for variants in file order.
    pub index: usize,
    /// `base`, or the variant's name.
    pub name: String,
    pub description: String,
    pub parameters: Parameters,
    pub policies: Vec<PolicySpec>,
    /// What the variant's table writes, keys as typed (`parameters.gp.x = 1;
    /// extend_policies "today_cpts": participation = 0.9`; [`written`]); empty for the base.
    pub written: String,
}

/// How many settings [`written`] names before "…".
const WRITTEN_SHOWN: usize = 4;

/// What variant `v` writes, keys as typed, for a warning that it changes
/// nothing: each parameter as `parameters.a.b = value`, each extension as
/// `extend_policies "name": key = value, …`, each added or removed policy by
/// name; at most [`WRITTEN_SHOWN`] of them, then "…".
pub fn written(v: &crate::scenario::file::VariantFile) -> String {
    fn leaves(prefix: &str, t: &toml::Table, out: &mut Vec<String>) {
        for (k, v) in t {
            match v {
                toml::Value::Table(inner) => leaves(&format!("{prefix}.{k}"), inner, out),
                _ => out.push(format!("{prefix}.{k} = {v}")),
            }
        }
    }
    let mut out = Vec::new();
    if let Some(p) = &v.parameters {
        leaves("parameters", p, &mut out);
    }
    for e in &v.extend_policies {
        let name = e.get("name").and_then(toml::Value::as_str).unwrap_or("?");
        let set: Vec<String> = e.iter().filter(|(k, _)| *k != "name").map(|(k, v)| format!("{k} = {v}")).collect();
        out.push(format!("extend_policies {name:?}: {}", set.join(", ")));
    }
    for a in &v.add_policies {
        let name = a.get("name").or_else(|| a.get("type")).and_then(toml::Value::as_str).unwrap_or("?");
        out.push(format!("add_policies {name:?}"));
    }
    out.extend(v.remove_policies.iter().map(|r| format!("remove_policies {r:?}")));
    let more = out.len() > WRITTEN_SHOWN;
    out.truncate(WRITTEN_SHOWN);
    if more {
        out.push("…".into());
    }
    out.join("; ")
}

/// The keys of a `[[policies]]` table besides its type's own parameters.
pub const COMMON_KEYS: [&str; 7] = ["type", "name", "start_day", "end_day", "territories", "zones", "participation"];

fn problem(pb: &mut Vec<Problem>, path: String, reason: impl Into<String>) {
    pb.push(Problem { line: None, path, reason: reason.into() });
}

/// The `type` of a policy table (removed from `rest`), if it names a known type.
fn policy_type(pb: &mut Vec<Problem>, at: &str, rest: &mut Table) -> Option<String> {
    match rest.remove("type") {
        Some(Value::String(k)) if POLICY_TYPES.contains(&k.as_str()) => Some(k),
        Some(Value::String(k)) => {
            let hint = super::suggest::did_you_mean(&k, POLICY_TYPES.iter().copied());
            problem(pb, format!("{at}.type"), format!("unknown policy type {k:?}{hint}; known types: {}", POLICY_TYPES.join(", ")));
            None
        }
        Some(_) => {
            problem(pb, format!("{at}.type"), "must be a string");
            None
        }
        None => {
            problem(pb, format!("{at}.type"), format!("missing: give one of {}", POLICY_TYPES.join(", ")));
            None
        }
    }
}

/// `start_day` and `end_day` of a policy table (removed from `rest`), checked.
fn policy_days(pb: &mut Vec<Problem>, at: &str, rest: &mut Table, warmup_days: u32) -> (Option<i64>, Option<i64>) {
    let day = |pb: &mut Vec<Problem>, rest: &mut Table, key: &str| -> Option<i64> {
        match rest.remove(key) {
            Some(Value::Integer(d)) => Some(d),
            Some(_) => {
                problem(pb, format!("{at}.{key}"), "must be a whole number of days after the warm-up");
                None
            }
            None => None,
        }
    };
    let start_day = day(pb, rest, "start_day");
    let end_day = day(pb, rest, "end_day");
    if let Some(s) = start_day {
        if s < -i64::from(warmup_days) || s > 36_500 {
            problem(pb, format!("{at}.start_day"), format!("must be between -{warmup_days} (start of the warm-up) and 36500 (got {s})"));
        }
    }
    if let (Some(s), Some(e)) = (start_day.or(Some(-i64::from(warmup_days))), end_day) {
        if e <= s {
            problem(pb, format!("{at}.end_day"), format!("must come after start_day (got {e})"));
        }
    }
    (start_day, end_day)
}

/// `participation` of a policy table (removed from `rest`; 1 when absent), checked.
fn policy_participation(pb: &mut Vec<Problem>, at: &str, rest: &mut Table) -> f64 {
    let participation = match rest.remove("participation") {
        Some(Value::Float(f)) => f,
        Some(Value::Integer(i)) => i as f64,
        Some(other) => {
            problem(pb, format!("{at}.participation"), format!("must be a share between 0 and 1, like 0.5 (got {other})"));
            1.0
        }
        None => 1.0,
    };
    if !(participation.is_finite() && (0.0..=1.0).contains(&participation)) {
        problem(pb, format!("{at}.participation"), crate::model::params::share_reason(participation));
    }
    participation
}

/// Resolves one `[[policies]]` table found at `at` (e.g. `policies[2]`).
pub fn resolve_policy(pb: &mut Vec<Problem>, at: &str, table: &Table, zones: &ZoneIndex, warmup_days: u32) -> Option<PolicySpec> {
    let before = pb.len();
    let mut rest = table.clone();
    let kind = policy_type(pb, at, &mut rest)?;
    let name = match rest.remove("name") {
        Some(Value::String(n)) if !n.trim().is_empty() => n,
        Some(_) => {
            problem(pb, format!("{at}.name"), "must be a non-empty string");
            kind.clone()
        }
        None => kind.clone(),
    };
    let (start_day, end_day) = policy_days(pb, at, &mut rest, warmup_days);
    if rest.contains_key("participation") && !READS_PARTICIPATION.contains(&kind.as_str()) {
        problem(
            pb,
            format!("{at}.participation"),
            format!(
                "a {kind} policy does not read participation (only {} do: the share of GPs taking part), so it would change nothing; \
                 to make it larger or smaller change its own keys{} (docs/policies.md)",
                READS_PARTICIPATION.join(", "),
                scale_example(&kind).map(|e| format!(", e.g. {e}")).unwrap_or_default()
            ),
        );
    }
    let participation = policy_participation(pb, at, &mut rest);
    let in_zone = scope_zones(pb, at, &mut rest, zones);
    rest.insert("type".into(), Value::String(kind.clone()));
    let params: Option<PolicyParams> = match serde_path_to_error::deserialize(Value::Table(rest.clone())) {
        Ok(p) => Some(p),
        Err(e) => {
            let mut path = e.path().to_string();
            let message = e.into_inner().to_string();
            // A tagged enum loses the path of a bad variant: the field is the key holding that string.
            let variant = variant_field(&message, &rest);
            if let Some(key) = &variant {
                path = key.clone();
            }
            let field = if path == "." { String::new() } else { format!(".{path}") };
            // At the policy's top level the keys every policy takes are known too (serde lists only the type's own).
            let common: &[&str] = if path == "." && variant.is_none() { &COMMON_KEYS } else { &[] };
            // A top-level key written after `[[policies]]` lands in the last policy: said so.
            let misplaced = (path == "." && at.starts_with("policies["))
                .then(|| super::misplaced::unknown_field(&message).and_then(|k| super::misplaced::explain(&format!("{at}.{k}"), k)))
                .flatten();
            problem(pb, format!("{at}{field}"), misplaced.unwrap_or_else(|| super::suggest::improve(&message, common)));
            None
        }
    };
    if let Some(p) = &params {
        // Field-by-field checks, then every number generically (finite, within its bound).
        let mut found: Vec<(String, String)> = check_params(p).into_iter().map(|(f, r)| (format!("{at}.{f}"), r)).collect();
        super::bounds::merge(&mut found, super::bounds::number_problems(p, &kind, super::bounds::POLICY_BOUNDS), at);
        for (path, reason) in found {
            problem(pb, path, reason);
        }
        if let PolicyParams::Workforce(w) = p {
            for (k, ev) in w.events.iter().enumerate() {
                if zones.complete && zones.zone(&ev.zone).is_none() {
                    problem(pb, format!("{at}.events[{k}].zone"), format!("no zone is called {:?}", ev.zone));
                }
            }
        }
    }
    let params = params?;
    (pb.len() == before).then_some(PolicySpec { name, params, start_day, end_day, scope: Scope { in_zone, participation } })
}

/// The key of `table` holding the value a serde `message` complains of
/// ("unknown variant `phone`, expected …", "invalid type: string \"two\",
/// expected f64", "invalid type: floating point `1.5`, expected u32"), if
/// exactly one key holds it: a tagged enum loses the field's path.
fn variant_field(message: &str, table: &Table) -> Option<String> {
    let word = if let Some((_, rest)) = message.split_once("unknown variant `") {
        rest.split_once('`')?.0
    } else if let Some((_, rest)) = message.split_once("invalid type: string \"") {
        rest.split_once('"')?.0
    } else {
        // `invalid type: floating point `2.5`` or `invalid value: integer `-1`` (a number out of its type's range).
        let after = message.split_once("invalid type: ").or_else(|| message.split_once("invalid value: "))?.1;
        after.split_once('`')?.1.split_once('`')?.0
    };
    let holds = |v: &Value| match v {
        Value::String(s) => s == word,
        Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => v.to_string() == word,
        _ => false,
    };
    let mut keys = table.iter().filter(|(k, v)| k.as_str() != "type" && holds(v)).map(|(k, _)| k.clone());
    let key = keys.next()?;
    keys.next().is_none().then_some(key)
}

/// Why an entry of a `zones` or `territories` list is refused: it is not a
/// name; a number (`zones = [23176]`, a commune's INSEE code) is told to be quoted.
fn not_a_name(v: &Value) -> String {
    match v {
        Value::Integer(_) | Value::Float(_) => format!("must be a name (string){}\"{v}\"", super::suggest::QUOTE_IT),
        _ => "must be a name (string)".into(),
    }
}

/// The zones a policy covers: its `territories` and `zones` (names), or every zone.
fn scope_zones(pb: &mut Vec<Problem>, at: &str, rest: &mut Table, zones: &ZoneIndex) -> Vec<bool> {
    let names = |pb: &mut Vec<Problem>, rest: &mut Table, key: &str| -> Vec<String> {
        match rest.remove(key) {
            Some(Value::Array(a)) => a
                .iter()
                .enumerate()
                .filter_map(|(i, v)| match v {
                    Value::String(s) => Some(s.clone()),
                    _ => {
                        problem(pb, format!("{at}.{key}[{i}]"), not_a_name(v));
                        None
                    }
                })
                .collect(),
            Some(_) => {
                problem(pb, format!("{at}.{key}"), "must be a list of names");
                Vec::new()
            }
            None => Vec::new(),
        }
    };
    // No `territories` and no `zones` key: everywhere. An empty list: nowhere.
    let everywhere = !rest.contains_key("territories") && !rest.contains_key("zones");
    let territories = names(pb, rest, "territories");
    let zone_names = names(pb, rest, "zones");
    let mut in_zone = vec![everywhere; zones.len()];
    for (i, t) in territories.iter().enumerate() {
        match zones.territory(t) {
            Some(ti) => {
                for (z, inside) in in_zone.iter_mut().enumerate() {
                    *inside |= zones.territory_of(z) == ti;
                }
            }
            None => report_unknown(pb, &format!("{at}.territories[{i}]"), "territories", t, zones),
        }
    }
    for (i, name) in zone_names.iter().enumerate() {
        match zones.zone(name) {
            Some(z) => in_zone[z] = true,
            None => report_unknown(pb, &format!("{at}.zones[{i}]"), "zones", name, zones),
        }
    }
    in_zone
}

/// Why `name`, given in a policy's `key` list (`zones` or `territories`),
/// names nothing in the scenario, or `None` when it does (or may: a
/// territory that could not be built may hold it). A commune code of France
/// outside the territory says so: "commune 23096 (Guéret, Creuse) is not in
/// this scenario's territory".
fn unknown_scope_name(key: &str, name: &str, zones: &ZoneIndex) -> Option<String> {
    let known = if key == "territories" { zones.territory(name).is_some() } else { zones.zone(name).is_some() };
    if known || !zones.complete {
        return None;
    }
    if key == "territories" {
        // The names there are (trial 34: "saint-flour" for a territory called "sf").
        let names: Vec<String> = zones.territory_names().iter().map(|t| format!("{t:?}")).collect();
        return Some(format!("no territory is called {name:?} (the scenario's territories: {})", names.join(", ")));
    }
    let ds = crate::geo::dataset();
    Some(match ds.commune(name) {
        Some(c) => {
            let dep = ds.departement_name(&c.dep).map_or(String::new(), |d| format!(", {d}"));
            format!("commune {name} ({}{dep}) is not in this scenario's territory", c.name)
        }
        None => match commune_named(name, zones) {
            Some(c) if zones.zone(&c.code).is_some() => {
                format!("no zone is called {name:?}; a real territory's zones are INSEE commune codes: write {:?} ({})", c.code, c.name)
            }
            Some(c) => format!(
                "no zone is called {name:?}; {} is commune {} ({}), not in this scenario's territory",
                c.name,
                c.code,
                c.within.unwrap_or_default()
            ),
            None => format!("no zone is called {name:?}"),
        },
    })
}

/// The commune of France called `name` (accents and case ignored,
/// `geo::find`), one of the scenario's zones first, then the most populous:
/// a zone written by name where real territories take INSEE codes ("Albi" for 81004).
fn commune_named(name: &str, zones: &ZoneIndex) -> Option<crate::geo::find::Found> {
    use crate::geo::find::{find, normalise};
    let wanted = normalise(name);
    let same: Vec<_> =
        find(crate::geo::dataset(), name).ok()?.into_iter().filter(|f| f.kind == "commune" && normalise(&f.name) == wanted).collect();
    let in_scenario = same.iter().position(|f| zones.zone(&f.code).is_some());
    in_scenario.or((!same.is_empty()).then_some(0)).map(|i| same[i].clone())
}

/// Reports at `at` the name of a policy's `key` list that names nothing (see [`unknown_scope_name`]).
fn report_unknown(pb: &mut Vec<Problem>, at: &str, key: &str, name: &str, zones: &ZoneIndex) {
    if let Some(reason) = unknown_scope_name(key, name, zones) {
        problem(pb, at.to_string(), reason);
    }
}

/// Resolves a list of policy tables; names must be unique.
pub fn resolve_policies(pb: &mut Vec<Problem>, at: &str, tables: &[Table], zones: &ZoneIndex, warmup_days: u32) -> Vec<PolicySpec> {
    let mut out: Vec<PolicySpec> = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        if let Some(p) = resolve_policy(pb, &format!("{at}[{i}]"), t, zones, warmup_days) {
            if out.iter().any(|o| o.name == p.name) {
                problem(pb, format!("{at}[{i}].name"), format!("two policies are called {:?}; give each a distinct name", p.name));
            }
            out.push(p);
        }
    }
    out
}

/// The name of a policy table: its `name`, or its type.
fn table_name(t: &Table) -> Option<&str> {
    t.get("name").or_else(|| t.get("type")).and_then(Value::as_str)
}

/// Applies a variant's `extend_policies` (found at `at`) to its copy of the
/// base policies: each table names a base policy and gives what differs.
/// `zones` and `territories` are added to the policy's scope (a new site);
/// any other key replaces the base's value. The changed table is resolved
/// like any `[[policies]]` table and takes the base policy's place.
pub fn extend_policies(
    pb: &mut Vec<Problem>,
    at: &str,
    extensions: &[Table],
    base_tables: &[Table],
    policies: &mut [PolicySpec],
    zones: &ZoneIndex,
    warmup_days: u32,
) {
    let known: Vec<&str> = base_tables.iter().filter_map(table_name).collect();
    for (i, ext) in extensions.iter().enumerate() {
        let at = format!("{at}[{i}]");
        let Some(name) = ext.get("name").and_then(Value::as_str) else {
            problem(pb, format!("{at}.name"), format!("missing: name the base policy to extend (one of {})", known.join(", ")));
            continue;
        };
        let Some(base) = base_tables.iter().find(|t| table_name(t) == Some(name)) else {
            if is_unbuilt_today(name, zones) {
                continue;
            }
            problem(pb, format!("{at}.name"), no_base_policy(name, &known));
            continue;
        };
        if let Some(j) = extensions[..i].iter().position(|e| e.get("name").and_then(Value::as_str) == Some(name)) {
            problem(pb, format!("{at}.name"), format!("{name:?} is already extended at [{j}]: give every change of it in one table"));
            continue;
        }
        let mut merged = base.clone();
        merged.insert("name".into(), Value::String(name.to_string()));
        let everywhere = !base.contains_key("zones") && !base.contains_key("territories");
        for (k, v) in ext {
            match k.as_str() {
                "name" => {}
                "type" if Some(v) != base.get("type") => {
                    problem(pb, format!("{at}.type"), "cannot change a policy's type; remove it and add another")
                }
                "start_day" | "end_day" => problem(
                    pb,
                    format!("{at}.{k}"),
                    format!(
                        "an extension changes {name:?} for the whole run: with {k} the structure that exists today would be absent \
                         outside those days; to add sites or members from a later day, add a second policy with add_policies and {k}"
                    ),
                ),
                "zones" | "territories" if everywhere => {
                    problem(pb, format!("{at}.{k}"), format!("{name:?} already covers every zone"));
                }
                "zones" | "territories" => {
                    let mut list = match merged.get(k) {
                        Some(Value::Array(a)) => a.clone(),
                        _ => Vec::new(),
                    };
                    match v {
                        Value::Array(more) => {
                            // Checked here, so an unknown name is reported at its own index (not at its place in the merged list).
                            for (j, x) in more.iter().enumerate() {
                                if !x.is_str() {
                                    problem(pb, format!("{at}.{k}[{j}]"), not_a_name(x));
                                } else if let Some(reason) = x.as_str().and_then(|n| unknown_scope_name(k, n, zones)) {
                                    problem(pb, format!("{at}.{k}[{j}]"), reason);
                                } else if !list.contains(x) {
                                    list.push(x.clone());
                                }
                            }
                        }
                        _ => problem(pb, format!("{at}.{k}"), "must be a list of names"),
                    }
                    merged.insert(k.clone(), Value::Array(list));
                }
                _ => {
                    merged.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(p) = resolve_policy(pb, &at, &merged, zones, warmup_days) {
            if let Some(slot) = policies.iter_mut().find(|q| q.name == name) {
                *slot = p;
            } else {
                problem(pb, format!("{at}.name"), format!("{name:?} is removed by this variant's remove_policies"));
            }
        }
    }
}

/// Why `extend_policies` cannot extend `name`, the base's policies being
/// `known`. A `today_<type>` of a real policy type that today's organisation
/// did not build ("today_sas": no territory has a SAS today) says so and how
/// to add one; any other name gets the nearest known name, when one is near
/// (a typo: "today_cpt" ─► `today_cpts`).
fn no_base_policy(name: &str, known: &[&str]) -> String {
    let today: Vec<&str> = known.iter().copied().filter(|k| k.starts_with("today_")).collect();
    // A structure of that type exists under another name ("today_msp_millau" for `today_msp`): a misnaming.
    let same_kind = today_kind(name).and_then(|kind| today.iter().find(|k| today_kind(k) == Some(kind)));
    if let (Some(kind), None, false) = (today_kind(name), same_kind, today.is_empty()) {
        let label = if kind.len() <= 4 { kind.to_uppercase() } else { kind.to_string() };
        return format!(
            "this territory has no existing {label} (today's organisation: {}); to add one, use add_policies with type = {kind:?}",
            today.join(", ")
        );
    }
    let hint = match same_kind {
        Some(k) => format!("; did you mean `{k}`?"),
        None => super::suggest::did_you_mean(name, known.iter().copied()),
    };
    let list = if known.is_empty() {
        "the base has no policies at all (organisation = \"today\" adds today's, named today_…)".to_string()
    } else {
        format!("the base's policies: {}", known.join(", "))
    };
    format!("the base has no policy called {name:?}{hint}; {list}")
}

/// The policy type a `today_<type>` or `today_<type>_<territory>` name
/// names ("today_sas" ─► "sas", "today_mobile_unit_cantal" ─► "mobile_unit"),
/// if it is one of [`POLICY_TYPES`].
fn today_kind(name: &str) -> Option<&'static str> {
    let rest = name.strip_prefix("today_")?;
    POLICY_TYPES.iter().copied().filter(|t| rest == *t || rest.strip_prefix(*t).is_some_and(|r| r.starts_with('_'))).max_by_key(|t| t.len())
}

/// Whether `name` is one of today's structures (`today_…`) that could not
/// be built because a territory has an error of its own: a variant naming
/// it is then not blamed (the territory's error is the first cause, and
/// fixing it builds the structure).
pub fn is_unbuilt_today(name: &str, zones: &ZoneIndex) -> bool {
    !zones.complete && name.starts_with("today_")
}

/// Base parameters with a variant's overrides merged in (tables merged key by key).
pub fn merge_parameters(base: &Parameters, overrides: &Table) -> Result<Parameters, (String, String)> {
    let mut merged = Value::try_from(base).map_err(|e| (String::new(), e.to_string()))?;
    merge(&mut merged, &Value::Table(overrides.clone()));
    serde_path_to_error::deserialize(merged).map_err(|e| {
        let (path, message) = (e.path().to_string(), e.into_inner().to_string());
        let reason = super::policy_as_parameters(&path, &message).unwrap_or_else(|| super::suggest::improve(&message, &[]));
        (path, reason)
    })
}

fn merge(into: &mut Value, from: &Value) {
    match (into, from) {
        (Value::Table(a), Value::Table(b)) => {
            for (k, v) in b {
                match a.get_mut(k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        a.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trial 32: `extend_policies` naming "today_msp_millau" in a territory
    /// that has MSPs (named `today_msp`) was told the territory has no MSP.
    /// A misnamed structure that exists is suggested by its name; one that
    /// does not exist is said so, with how to add one.
    #[test]
    fn a_misnamed_structure_is_not_said_absent() {
        let known = ["today_msp", "today_cpts", "today_pdsa"];
        let e = no_base_policy("today_msp_millau", &known);
        assert!(e.starts_with("the base has no policy called \"today_msp_millau\"; did you mean `today_msp`?"), "{e}");
        let e = no_base_policy("today_sas", &known);
        assert!(e.starts_with("this territory has no existing SAS (today's organisation: today_msp, today_cpts, today_pdsa)"), "{e}");
    }

    #[test]
    fn merging_overrides_only_what_is_written() {
        let base = Parameters::default();
        let over: Table = toml::from_str("[gp]\nunscheduled_share = 0.3\n").unwrap();
        let merged = merge_parameters(&base, &over).unwrap();
        assert_eq!(merged.gp.unscheduled_share, 0.3);
        assert_eq!(merged.gp.slot_minutes, base.gp.slot_minutes);
        assert_eq!(merged.needs, base.needs);
    }

    #[test]
    fn unknown_override_is_refused_with_its_path() {
        let over: Table = toml::from_str("[gp]\ncolour = 1\n").unwrap();
        let (path, reason) = merge_parameters(&Parameters::default(), &over).unwrap_err();
        assert_eq!(path, "gp.colour");
        assert!(reason.contains("unknown field `colour`"), "{reason}");
    }
}
