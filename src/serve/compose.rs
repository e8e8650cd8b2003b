//! From the page's form to a scenario file and back: a [`Composed`]
//! scenario (communes, replications, horizon, policies of the base case,
//! variants) is written as ordinary TOML and validated by the same
//! `scenario::parse` as a file, so the page shows the same messages (field
//! path and reason) next to the fields, and the file it downloads is the
//! one that runs.

use crate::scenario::{self, ScenarioError};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

/// Limits of what the page may ask (beyond the scenario format's own).
pub const MAX_REPLICATIONS: u32 = 200;

/// Why a number of replications is refused on the web page, whichever way it
/// came (the form, a pasted file, a JSON value that is not even a whole
/// number): the scenario validator's words with the page's limit.
pub fn replications_reason() -> String {
    format!(
        "{} on the web page (`parcours run` takes up to {})",
        scenario::replications_reason(MAX_REPLICATIONS),
        scenario::MAX_REPLICATIONS
    )
}
pub const MAX_YEARS: f64 = 10.0;

/// The validator's reason for a run length out of its range ("must be a
/// number of years in (0, 50] (got -1)") with the page's upper limit
/// ([`MAX_YEARS`]), the one a longer run is refused with; any other reason
/// unchanged.
fn page_years_reason(reason: String) -> String {
    let validator = format!("must be a number of years in (0, {}]", scenario::MAX_YEARS);
    match reason.strip_prefix(&validator) {
        Some(rest) => format!("must be a number of years in (0, {MAX_YEARS}] on the web page{rest}"),
        None => reason,
    }
}
pub const MAX_VARIANTS: usize = 12;
pub const MAX_POLICIES: usize = 12;
/// Characters of a scenario's name (the run folder is named after it).
pub const MAX_NAME_CHARS: usize = 120;

/// A policy as the page composes it: type, optional name, dates and scope,
/// and the type's own parameters (only those that differ from the defaults).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyIn {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub start_day: Option<i64>,
    #[serde(default)]
    pub end_day: Option<i64>,
    /// Communes (INSEE codes) covered; None: the whole territory.
    #[serde(default)]
    pub zones: Option<Vec<String>>,
    #[serde(default)]
    pub participation: Option<f64>,
    /// In a variant: the base policy this one changes (`today_cpts`: raise
    /// the existing CPTS's participation, add a site), written as an
    /// `extend_policies` table; None: a policy added beside the base's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// A variant compared with the base: its name and the policies it adds.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantIn {
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub policies: Vec<PolicyIn>,
}

/// The scenario the page composes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Composed {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub communes: Vec<String>,
    /// The settings below are `None` when their field is empty (JSON `null`
    /// or missing): an empty replications, years or warm-up field is a
    /// problem beside the others ([`Composed::limits`]), never one that
    /// hides them.
    #[serde(default)]
    pub replications: Option<u32>,
    #[serde(default)]
    pub years: Option<f64>,
    #[serde(default)]
    pub warmup_days: Option<u32>,
    /// Empty: the scenario format's default seed
    /// ([`scenario::file::DEFAULT_SEED`], the seed of a file that names
    /// none, as `parcours run` reads it): no `seed` line is written.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Policies already in place (the base case).
    #[serde(default)]
    pub policies: Vec<PolicyIn>,
    #[serde(default)]
    pub variants: Vec<VariantIn>,
}

/// A TOML string literal (escaped).
pub fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A TOML key: bare when it can be, else quoted.
fn toml_key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        k.to_string()
    } else {
        toml_str(k)
    }
}

fn toml_f64(x: f64) -> String {
    toml::Value::Float(x).to_string()
}

/// A JSON value as a TOML value (None for null, which means "default").
fn toml_value(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Null => None,
        // serde_json keeps integers and floats apart: 2 stays 2, 2.5 stays 2.5.
        serde_json::Value::Number(n) => Some(n.to_string()),
        other => toml::Value::try_from(other).ok().map(|t| t.to_string()),
    }
}

fn string_list(items: &[String]) -> String {
    let mut s = String::from("[");
    for (i, c) in items.iter().enumerate() {
        if i > 0 {
            s.push_str(if i % 8 == 0 { ",\n  " } else { ", " });
        }
        s.push_str(&toml_str(c));
    }
    s.push(']');
    s
}

fn write_policy(out: &mut String, header: &str, p: &PolicyIn) {
    out.push_str(&format!("\n{header}\ntype = {}\n", toml_str(&p.kind)));
    if let Some(n) = p.extends.as_deref().or(p.name.as_deref()).filter(|n| !n.is_empty()) {
        out.push_str(&format!("name = {}\n", toml_str(n)));
    }
    if let Some(d) = p.start_day {
        out.push_str(&format!("start_day = {d}\n"));
    }
    if let Some(d) = p.end_day {
        out.push_str(&format!("end_day = {d}\n"));
    }
    if let Some(z) = &p.zones {
        out.push_str(&format!("zones = {}\n", string_list(z)));
    }
    if let Some(x) = p.participation {
        out.push_str(&format!("participation = {}\n", toml_f64(x)));
    }
    for (k, v) in &p.params {
        if let Some(t) = toml_value(v) {
            out.push_str(&format!("{} = {t}\n", toml_key(k)));
        }
    }
}

impl Composed {
    /// The scenario file: plain TOML that `parcours scenario check` and
    /// `parcours run` take as it is.
    pub fn to_toml(&self) -> String {
        let mut s = String::from("# Composed with `parcours serve`. Check: parcours scenario check FILE; run again: parcours run FILE\n");
        s.push_str(&format!("name = {}\n", toml_str(&self.name)));
        s.push_str(&format!("description = {}\n", toml_str(&self.description)));
        // An empty setting is left out: the file's default (and, but for the seed, a problem of `limits`).
        if let Some(seed) = self.seed {
            s.push_str(&format!("seed = {seed}\n"));
        }
        if let Some(r) = self.replications {
            s.push_str(&format!("replications = {r}\n"));
        }
        if let Some(y) = self.years {
            s.push_str(&format!("years = {}\n", toml_f64(y)));
        }
        if let Some(w) = self.warmup_days {
            s.push_str(&format!("warmup_days = {w}\n"));
        }
        s.push_str(&format!("\n[[territories]]\nname = {}\ncommunes = {}\n", toml_str(&self.name), string_list(&self.communes)));
        for p in &self.policies {
            write_policy(&mut s, "[[policies]]", p);
        }
        for v in &self.variants {
            s.push_str(&format!("\n[[variants]]\nname = {}\n", toml_str(&v.name)));
            if !v.description.is_empty() {
                s.push_str(&format!("description = {}\n", toml_str(&v.description)));
            }
            if v.policies.is_empty() {
                s.push_str("add_policies = []\n");
            }
            for p in &v.policies {
                let header = if p.extends.is_some() { "[[variants.extend_policies]]" } else { "[[variants.add_policies]]" };
                write_policy(&mut s, header, p);
            }
        }
        s
    }

    /// Problems the page's own limits find (the format's are the validator's).
    fn limits(&self) -> Vec<scenario::Problem> {
        let mut v = Vec::new();
        let mut add = |path: &str, reason: String| v.push(scenario::Problem { line: None, path: path.into(), reason });
        for (path, empty) in
            [("replications", self.replications.is_none()), ("years", self.years.is_none()), ("warmup_days", self.warmup_days.is_none())]
        {
            if empty {
                add(path, EMPTY_FIELD.into());
            }
        }
        if self.replications.is_some_and(|r| r > MAX_REPLICATIONS) {
            add("replications", replications_reason());
        }
        if self.years.is_some_and(|y| y.is_finite() && y > MAX_YEARS) {
            add("years", format!("at most {MAX_YEARS} years from the web page (use `parcours run` for more)"));
        }
        if self.variants.len() > MAX_VARIANTS {
            add("variants", format!("at most {MAX_VARIANTS} variants"));
        }
        if self.communes.len() > super::territory::MAX_COMMUNES {
            add("territories[0].communes", format!("at most {} communes", crate::io::count(super::territory::MAX_COMMUNES as u64, false)));
        }
        if self.name.trim().is_empty() {
            add("name", "give the scenario a name".into());
        }
        if self.name.chars().count() > MAX_NAME_CHARS {
            add("name", format!("at most {MAX_NAME_CHARS} characters ({} given)", self.name.chars().count()));
        }
        for (i, var) in self.variants.iter().enumerate() {
            if var.policies.len() > MAX_POLICIES {
                add(&format!("variants[{i}].add_policies"), format!("at most {MAX_POLICIES} policies"));
            }
        }
        if self.policies.len() > MAX_POLICIES {
            add("policies", format!("at most {MAX_POLICIES} policies"));
        }
        v
    }
}

/// The reason of a required setting left empty (« à remplir »), declared
/// with its French (`report::reasons_fr`).
pub use crate::report::reasons_fr::EMPTY_FIELD;

/// A problem of the page's limits after which the scenario is not validated
/// further: a list too long to be worth building (communes, variants,
/// policies). The others are reported beside the validator's.
fn too_large(p: &scenario::Problem) -> bool {
    p.path == "variants" || p.path == "policies" || p.path.ends_with(".communes") || p.path.ends_with(".add_policies")
}

/// What the page sends to validate or run: a composed scenario, or the
/// text of a scenario file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioIn {
    #[serde(default)]
    pub scenario: Option<Composed>,
    #[serde(default)]
    pub toml: Option<String>,
    /// The page's language, as `POST /api/runs` takes it: accepted and
    /// ignored (the answer carries both languages: `reason` and
    /// `message_fr`, `warnings` and `warnings_fr`).
    #[serde(default)]
    pub lang: Option<String>,
}

/// One problem, for the page: the field's path (`variants[0].add_policies[0].doctors`), its line in the file, the reason.
#[derive(Serialize, Clone, Debug)]
pub struct FieldError {
    pub path: String,
    pub line: Option<usize>,
    /// The validator's reason, in English (the command line's words).
    pub reason: String,
    /// For a board member: the field by its French label and the reason in
    /// French, no file path (`problems_fr::message_fr`), e.g. « Participation
    /// des professionnels (SAS, variante « sas ») : doit être comprise entre
    /// 0 et 1 (vous avez saisi 1,5). »
    pub message_fr: String,
}

impl FieldError {
    fn new(path: impl Into<String>, line: Option<usize>, reason: impl Into<String>) -> Self {
        FieldError { path: path.into(), line, reason: reason.into(), message_fr: String::new() }
    }
}

/// The scenario text and its validation: the parsed scenario, or the
/// problems, each with its French message (`FieldError::message_fr`).
pub fn check(input: &ScenarioIn) -> (String, Result<scenario::Scenario, Vec<FieldError>>) {
    let (text, checked) = check_en(input);
    let checked = checked.map_err(|errors| {
        errors.into_iter().map(|e| FieldError { message_fr: super::problems_fr::message_fr(&e.path, &e.reason, &text), ..e }).collect()
    });
    (text, checked)
}

/// [`check`] with the English reasons only.
fn check_en(input: &ScenarioIn) -> (String, Result<scenario::Scenario, Vec<FieldError>>) {
    let (text, limits) = match (&input.scenario, &input.toml) {
        (Some(c), _) => (c.to_toml(), c.limits()),
        (None, Some(t)) => (t.clone(), Vec::new()),
        (None, None) => {
            return (String::new(), Err(vec![FieldError::new("scenario", None, "send `scenario` (the form) or `toml` (a file)")]))
        }
    };
    // The form's replications are the page's: its limit, whatever the validator's is.
    let from_form = input.scenario.is_some();
    let problems = |ps: Vec<scenario::Problem>| {
        ps.into_iter()
            .map(|p| {
                let reason = if from_form && p.path == "replications" && p.reason != EMPTY_FIELD {
                    replications_reason()
                } else if p.path == "years" {
                    page_years_reason(p.reason)
                } else {
                    p.reason
                };
                FieldError::new(p.path, p.line, reason)
            })
            .collect::<Vec<FieldError>>()
    };
    if limits.iter().any(too_large) {
        return (text, Err(problems(limits)));
    }
    // Every problem at once: the page's limits, then the validator's on the
    // other fields (a field the limits name already is said once, by them).
    let mut found = problems(limits);
    let parsed = match scenario::parse(&text, "scenario.toml") {
        Ok(_) if !found.is_empty() => Err(found),
        Ok(s) => Ok(s),
        Err(ScenarioError::Invalid { problems: ps, .. }) => {
            for p in problems(ps) {
                if !found.iter().any(|f| f.path == p.path) {
                    found.push(p);
                }
            }
            Err(found)
        }
        Err(e @ ScenarioError::Unreadable { .. }) => Err(vec![FieldError::new("scenario", None, e.to_string())]),
    };
    if let Ok(s) = &parsed {
        if s.name.chars().count() > MAX_NAME_CHARS {
            let reason = format!("at most {MAX_NAME_CHARS} characters ({} given)", s.name.chars().count());
            return (text, Err(vec![FieldError::new("name", None, reason)]));
        }
        if input.toml.is_some() && input.scenario.is_none() && (s.replications > MAX_REPLICATIONS || s.years > MAX_YEARS) {
            let (path, reason) = if s.replications > MAX_REPLICATIONS {
                ("replications", replications_reason())
            } else {
                ("years", format!("at most {MAX_YEARS} years from the web page (use `parcours run` for more)"))
            };
            return (text, Err(vec![FieldError::new(path, None, reason)]));
        }
    }
    (text, parsed)
}

/// A short description of a valid scenario.
pub fn summary(s: &scenario::Scenario) -> serde_json::Value {
    serde_json::json!({
        "name": s.name,
        "inhabitants": s.inhabitants(),
        "zones": s.zones.len(),
        "gps": s.zones.iter().map(|z| z.gps).sum::<u32>(),
        "territories": s.territories.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        "replications": s.replications,
        "years": s.years,
        "warmup_days": s.warmup_days,
        "arms": s.arms().map(|a| a.name.clone()).collect::<Vec<_>>(),
        "warnings": s.warnings(),
        "warnings_fr": s.warnings_for_form().iter().map(|w| board_warning(w)).collect::<Vec<_>>(),
    })
}

/// A warning of `Scenario::warnings_for_form` as the page shows it: a
/// measure the file left unnamed (so named after its type, `"mobile_unit"`)
/// or one of today's structures (`"today_cpts"`) by its French name, as the
/// form shows it (`report::policy_type_fr`, `report::labels::structure_label`),
/// « Unité mobile (bus de soins) »; a name of the user's own stays as written.
pub fn board_warning(w: &str) -> String {
    const MEASURE: &str = "mesure \"";
    let mut out = String::new();
    let mut rest = w;
    while let Some(i) = rest.find(MEASURE) {
        out.push_str(&rest[..i + MEASURE.len() - 1]);
        let tail = &rest[i + MEASURE.len()..];
        let name = tail.split('"').next().unwrap_or_default();
        let today = |kind: &str| {
            let label = crate::report::labels::structure_label(crate::report::Lang::Fr, kind);
            (label != kind).then_some(label)
        };
        match crate::report::policy_type_fr(name).map(String::from).or_else(|| name.strip_prefix("today_").and_then(today)) {
            Some(fr) if tail.len() > name.len() => {
                out.push_str(&format!("« {fr} »"));
                rest = &tail[name.len() + 1..];
            }
            _ => {
                out.push('"');
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `POST /api/scenario/validate {scenario | toml}`: `{ valid, toml, errors,
/// summary, estimate }` (422 when invalid, with every problem's field and
/// reason; `estimate`: the run's expected computing time, `serve::work`).
pub async fn validate_handler(
    axum::extract::State(state): axum::extract::State<super::Shared>,
    super::body::JsonBody(input): super::body::JsonBody<ScenarioIn>,
) -> Response {
    let threads = super::runs::run_threads(state.config.threads);
    let r = super::blocking(move || {
        let (text, parsed) = check(&input);
        match parsed {
            Ok(s) => {
                let estimate = super::work::estimate(&s, threads).json();
                (
                    StatusCode::OK,
                    serde_json::json!({ "valid": true, "toml": text, "errors": [], "summary": summary(&s), "estimate": estimate }),
                )
            }
            Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, serde_json::json!({ "valid": false, "toml": text, "errors": errors })),
        }
    })
    .await;
    match r {
        Ok((status, v)) => (status, Json(v)).into_response(),
        Err(r) => r,
    }
}

/// `POST /api/scenario/parse` (body: a scenario file's text): validates it
/// and, when the page can show it as a form (one territory of real
/// communes, policies and variants that only add policies), the form.
pub async fn parse_handler(body: axum::body::Bytes) -> Response {
    let Ok(body) = String::from_utf8(body.to_vec()) else {
        return super::body::rejection(StatusCode::UNPROCESSABLE_ENTITY, "scenario", "the file is not UTF-8 text");
    };
    let r = super::blocking(move || {
        let input = ScenarioIn { scenario: None, toml: Some(body.clone()), lang: None };
        let (_, parsed) = check(&input);
        match parsed {
            Ok(s) => (
                StatusCode::OK,
                serde_json::json!({ "valid": true, "toml": body, "errors": [], "summary": summary(&s), "form": to_form(&body) }),
            ),
            Err(errors) => (StatusCode::UNPROCESSABLE_ENTITY, serde_json::json!({ "valid": false, "toml": body, "errors": errors })),
        }
    })
    .await;
    match r {
        Ok((status, v)) => (status, Json(v)).into_response(),
        Err(r) => r,
    }
}

/// The form of a valid scenario file, when it fits one.
pub fn to_form(text: &str) -> Option<Composed> {
    let raw = scenario::parse_raw(text, "scenario.toml").ok()?;
    let [t] = raw.territories.as_slice() else { return None };
    if t.archetype.is_some() || t.zones.is_some() || t.france.is_some() || t.broadband.is_some() || t.vulnerable.is_some() {
        return None;
    }
    let ds = crate::geo::dataset();
    let selection = if let Some(c) = &t.communes {
        crate::geo::Selection::Communes(c.clone())
    } else if let Some(d) = &t.departement {
        crate::geo::Selection::Departement(d.clone())
    } else if let Some(e) = &t.epci {
        crate::geo::Selection::Epci(e.clone())
    } else if let Some(a) = &t.around {
        crate::geo::Selection::Around { commune: a.commune.clone(), radius_km: a.radius_km }
    } else {
        return None;
    };
    let communes: Vec<String> = ds.select(&selection).ok()?.into_iter().map(|i| ds.communes[i].insee.clone()).collect();
    let policy = |tb: &toml::Table| -> Option<PolicyIn> {
        let mut p = PolicyIn::default();
        for (k, v) in tb {
            match k.as_str() {
                "type" => p.kind = v.as_str()?.to_string(),
                "name" => p.name = Some(v.as_str()?.to_string()),
                "start_day" => p.start_day = Some(v.as_integer()?),
                "end_day" => p.end_day = Some(v.as_integer()?),
                "participation" => p.participation = Some(v.as_float().or(v.as_integer().map(|i| i as f64))?),
                "zones" => p.zones = Some(v.as_array()?.iter().map(|z| z.as_str().map(String::from)).collect::<Option<_>>()?),
                "territories" => return None,
                _ => {
                    p.params.insert(k.clone(), serde_json::to_value(v).ok()?);
                }
            }
        }
        Some(p)
    };
    let policies = raw.policies.iter().map(policy).collect::<Option<Vec<_>>>()?;
    let mut variants = Vec::new();
    // A changed base policy comes back as one the form marks `extends`; it
    // must say its type (the form shows the type's fields).
    let extension = |tb: &toml::Table| -> Option<PolicyIn> {
        tb.get("type")?;
        let mut p = policy(tb)?;
        p.extends = p.name.take();
        p.extends.as_ref()?;
        Some(p)
    };
    for v in &raw.variants {
        if v.parameters.is_some() || !v.remove_policies.is_empty() {
            return None;
        }
        let mut policies = v.add_policies.iter().map(policy).collect::<Option<Vec<_>>>()?;
        policies.extend(v.extend_policies.iter().map(extension).collect::<Option<Vec<_>>>()?);
        variants.push(VariantIn { name: v.name.clone(), description: v.description.clone(), policies });
    }
    // What the form cannot show is kept as the file's text (the page opens
    // it as raw TOML): other parameters, or another organisation than today's.
    if raw.parameters != crate::model::params::Parameters::default() || raw.organisation.as_deref().is_some_and(|o| o != "today") {
        return None;
    }
    Some(Composed {
        name: raw.name,
        description: raw.description,
        communes,
        replications: Some(raw.replications),
        years: Some(raw.years),
        warmup_days: Some(raw.warmup_days),
        seed: Some(raw.seed),
        policies,
        variants,
    })
}

#[cfg(test)]
mod tests {
    /// One limit, one constant: the form's field stops where the server does.
    #[test]
    fn the_pages_replication_field_has_the_servers_limit() {
        let html = include_str!("assets/index.html");
        let field = html.lines().find(|l| l.contains("id=\"scn-replications\"")).unwrap();
        assert!(field.contains(&format!("max=\"{MAX_REPLICATIONS}\"")), "{field}");
    }

    use super::*;

    /// The seed field left empty is the scenario format's default seed, the
    /// one the page says (placeholder and hint, in both languages).
    #[test]
    fn the_pages_seed_field_says_the_default_seed() {
        let html = include_str!("assets/index.html");
        let field = html.lines().find(|l| l.contains("id=\"scn-seed\"")).unwrap();
        assert_eq!(scenario::file::DEFAULT_SEED, 20_260_101);
        assert!(field.contains("placeholder=\"20260101\""), "{field}");
        let js = include_str!("assets/app.js");
        assert!(js.contains("seed_hint: \"vide : 20260101, la graine par défaut\""));
        assert!(js.contains("seed_hint: \"empty: 20260101, the default seed\""));
    }

    /// A form as the page sends it (JSON), with a share of the
    /// teleconsultation option and the settings given.
    fn form(settings: serde_json::Value, share: f64) -> ScenarioIn {
        let mut sc = serde_json::json!({
            "name": "x", "communes": ["23096"], "replications": 2, "years": 0.1, "warmup_days": 10,
            "variants": [{ "name": "tele", "policies": [{ "type": "teleconsultation", "params": { "follow_up_share": share } }] }],
        });
        for (k, v) in settings.as_object().unwrap() {
            sc[k] = v.clone();
        }
        serde_json::from_value(serde_json::json!({ "scenario": sc })).expect("the page's JSON")
    }

    /// An empty seed (null, or no `seed` at all) is the seed of a scenario
    /// file that names none (20260101, as `parcours run` reads such a
    /// file): the form's file has no `seed` line and runs with it.
    #[test]
    fn an_empty_seed_is_the_seed_of_a_file_without_one() {
        for settings in [serde_json::json!({ "seed": null }), serde_json::json!({})] {
            let (text, checked) = check(&form(settings, 0.5));
            let s = checked.expect("valid");
            assert_eq!(s.seed, 20_260_101);
            assert!(!text.contains("seed"), "{text}");
            assert_eq!(scenario::parse(&text, "file.toml").unwrap().seed, 20_260_101, "the CLI reads the same file alike");
        }
        let (text, checked) = check(&form(serde_json::json!({ "seed": 7 }), 0.5));
        assert_eq!(checked.unwrap().seed, 7);
        assert!(text.contains("\nseed = 7\n"), "{text}");
    }

    /// A form with several bad fields gets every problem at once, each by
    /// its field and in French: an empty seed hides nothing (it is the
    /// default), nor do empty settings or the page's limit of years hide the
    /// share of 1.5 the validator finds.
    #[test]
    fn every_problem_of_the_form_is_said_at_once() {
        let share = "Part nécessitant une consultation en présentiel — Téléconsultation et téléexpertise, variante « tele »\u{a0}: \
                     doit être comprise entre 0 et 1 (vous avez saisi 1,5).";
        let settings = serde_json::json!({ "seed": null, "replications": null, "warmup_days": null, "years": 20 });
        let (_, checked) = check(&form(settings, 1.5));
        let errors = checked.unwrap_err();
        let said: Vec<(&str, &str)> = errors.iter().map(|e| (e.path.as_str(), e.message_fr.as_str())).collect();
        assert_eq!(
            said,
            [
                ("replications", "Réplications\u{a0}: à remplir."),
                ("warmup_days", "Mise en route (jours)\u{a0}: à remplir."),
                (
                    "years",
                    "Années simulées\u{a0}: au plus 10 ans sur cette page (pour davantage, demandez une simulation en ligne de commande \
                     à l'équipe qui vous accompagne)."
                ),
                ("variants[0].add_policies[0].follow_up_share", share),
            ]
        );
        // The seed alone empty: only the share.
        let (_, checked) = check(&form(serde_json::json!({ "seed": null }), 1.5));
        let errors = checked.unwrap_err();
        assert_eq!(errors.iter().map(|e| e.message_fr.as_str()).collect::<Vec<_>>(), [share]);
    }

    /// The page sends `lang` to /api/runs; /api/scenario/validate takes it too (and ignores it).
    #[test]
    fn validation_accepts_the_pages_language() {
        let input: ScenarioIn = serde_json::from_value(serde_json::json!({ "toml": "name = \"x\"\n", "lang": "en" })).unwrap();
        assert_eq!(input.lang.as_deref(), Some("en"));
        assert!(serde_json::from_value::<ScenarioIn>(serde_json::json!({ "toml": "", "colour": "red" })).is_err());
    }

    #[test]
    fn an_option_extending_todays_structure_is_written_and_read_back_as_extend_policies() {
        let c = Composed {
            name: "auch".into(),
            description: String::new(),
            communes: vec!["32013".into()],
            replications: Some(2),
            years: Some(0.1),
            warmup_days: Some(10),
            seed: Some(1),
            policies: Vec::new(),
            variants: vec![VariantIn {
                name: "cpts 0.9".into(),
                description: String::new(),
                policies: vec![PolicyIn {
                    kind: "cpts".into(),
                    extends: Some("today_cpts".into()),
                    participation: Some(0.9),
                    ..Default::default()
                }],
            }],
        };
        let text = c.to_toml();
        let raw: toml::Table = toml::from_str(&text).expect("valid TOML");
        let ext = &raw["variants"][0]["extend_policies"][0];
        assert_eq!(
            (ext["name"].as_str(), ext["type"].as_str(), ext["participation"].as_float()),
            (Some("today_cpts"), Some("cpts"), Some(0.9))
        );
        assert!(raw["variants"][0].get("add_policies").is_none(), "{text}");
        let back = to_form(&text).expect("a form again");
        assert_eq!(back.variants[0].policies[0].extends.as_deref(), Some("today_cpts"));
        assert_eq!(back.variants[0].policies[0].participation, Some(0.9));
        // The file runs as a scenario (the base has today's CPTS to extend).
        let (_, checked) = check(&ScenarioIn { scenario: Some(c), toml: None, lang: None });
        assert!(checked.is_ok(), "{checked:?}");
    }

    #[test]
    fn a_file_the_form_cannot_show_stays_text() {
        let base = "name = \"t\"\n[[territories]]\nname = \"t\"\ncommunes = [\"32013\"]\n";
        assert!(to_form(base).is_some());
        assert!(to_form(&format!("organisation = \"none\"\n{base}")).is_none());
        assert!(to_form(&format!("organisation = \"today\"\n{base}")).is_some());
        // An extension without its type cannot show the type's fields.
        let untyped = format!("{base}[[variants]]\nname = \"v\"\nextend_policies = [{{ name = \"today_cpts\", participation = 0.9 }}]\n");
        assert!(to_form(&untyped).is_none());
    }

    #[test]
    fn hostile_text_stays_text_in_the_toml() {
        let weird = "a \"quoted\" name\nwith a newline, a \\ backslash, ''' and é";
        let c = Composed {
            name: weird.into(),
            description: "]] [[variants]] = 1".into(),
            communes: vec!["23096".into()],
            replications: Some(2),
            years: Some(0.1),
            warmup_days: Some(10),
            seed: Some(1),
            policies: Vec::new(),
            variants: vec![VariantIn {
                name: "x\" = 1\n[evil]".into(),
                description: String::new(),
                policies: vec![PolicyIn {
                    kind: "teleconsultation".into(),
                    params: [("doctors".to_string(), serde_json::json!(2)), ("a key = 1".to_string(), serde_json::json!(1))]
                        .into_iter()
                        .collect(),
                    ..Default::default()
                }],
            }],
        };
        let text = c.to_toml();
        let raw: toml::Table = toml::from_str(&text).expect("valid TOML whatever the names");
        assert_eq!(raw["name"].as_str(), Some(weird));
        assert_eq!(raw["variants"][0]["name"].as_str(), Some("x\" = 1\n[evil]"));
        assert!(raw.get("evil").is_none());
        let p = &raw["variants"][0]["add_policies"][0];
        assert_eq!((p["doctors"].as_integer(), p["a key = 1"].as_integer()), (Some(2), Some(1)));
        // The validator refuses the odd key by name, as in a file.
        let (_, checked) = check(&ScenarioIn { scenario: Some(c), toml: None, lang: None });
        let errors = checked.unwrap_err();
        assert!(errors.iter().any(|e| e.reason.contains("a key = 1")), "{errors:?}");
    }
}
