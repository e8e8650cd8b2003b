//! The policy catalogue the page composes options from: every type of
//! `model::policy::spec::POLICY_TYPES` with its plain-language description
//! ("Reality" in docs/policies.md, and a French sentence of its own), its
//! parameters (defaults from the code, unit and source from the tables of
//! docs/policies.md) and its costs. One source: the documentation the
//! scenario files use, embedded at build time.

use crate::model::policy::spec::{PolicyParams, POLICY_TYPES};
use axum::Json;
use serde::Serialize;
use std::sync::OnceLock;

const POLICIES_MD: &str = include_str!("../../docs/policies.md");

#[derive(Serialize, Clone, Debug)]
pub struct Param {
    pub name: String,
    /// A French label (`catalogue_fr`; the identifier when it has none).
    pub label_fr: String,
    /// "integer", "number", "bool" or "list" (lists are edited in the TOML file only).
    pub kind: &'static str,
    pub default: serde_json::Value,
    pub unit: String,
    /// The unit in French (`report::units_fr`; the English one when it has none).
    pub unit_fr: String,
    pub source: String,
    /// The source in French (`catalogue_fr`; the English one when it has none).
    pub source_fr: String,
    /// A share in [0, 1] (checked by the validator).
    pub share: bool,
}

#[derive(Serialize, Clone, Debug)]
pub struct Entry {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub title_fr: String,
    pub description: String,
    pub description_fr: String,
    pub costs: String,
    /// The costs in French (`catalogue_fr`; the English ones when it has none).
    pub costs_fr: String,
    pub params: Vec<Param>,
}

/// French name ([`crate::report::policy_type_fr`], the report's too) and one plain sentence for each policy type.
fn french(kind: &str) -> (&'static str, &'static str) {
    let title = crate::report::policy_type_fr(kind).unwrap_or_default();
    let description = match kind {
        "cpts" => "Réseau des professionnels du territoire\u{a0}: créneaux partagés de soins non programmés, recherche d'un médecin traitant pour les patients qui n'en ont pas, protocoles de coopération, guichet unique.",
        "msp" => "Exercice en équipe\u{a0}: agenda mutualisé, délégation de tâches (infirmières Asalée pour les patients chroniques), horaires élargis.",
        "sas" => "Régulation téléphonique\u{a0}: les patients qui appellent sont orientés vers un créneau de médecin de ville le jour même plutôt que vers les urgences.",
        "pdsa" => "Gardes de médecins de ville le soir, la nuit, le week-end et les jours fériés.",
        "teleconsultation" => "Consultations à distance (plateforme et médecins participants) pour les patients ayant un accès numérique ; avis à distance entre professionnels.",
        "dac" => "Appui aux parcours complexes\u{a0}: coordination des patients âgés ou polypathologiques, sorties d'hôpital accompagnées.",
        "ipa" => "Des infirmiers en pratique avancée suivent des patients chroniques stables et renouvellent leurs traitements.",
        "pharmacist" => "Le pharmacien prend en charge certains soins non programmés simples (protocoles) et vaccine.",
        "mobile_unit" => "Une équipe mobile consulte à tour de rôle dans les communes éloignées.",
        "mediators" => "Des médiateurs accompagnent les personnes vulnérables vers les soins et réduisent le renoncement.",
        "navigators" => "Des infirmiers organisent le suivi des patients chroniques inscrits\u{a0}: rendez-vous chez le médecin traitant, suivis manqués reprogrammés.",
        "legibility" => "Faire connaître l'offre du territoire\u{a0}: guichet unique ou référent orientation de la CPTS, annuaire public en ligne, professionnels formés à réorienter.",
        "caregiver_support" => "Soutien et répit pour les aidants de patients âgés ou dépendants.",
        "telexpertise" => "Le médecin généraliste demande l'avis d'un spécialiste à distance, sans visite ; possible seulement si le cabinet est bien connecté.",
        "specialist_sessions" => "Des spécialistes tiennent des demi-journées de consultation dans le territoire chaque semaine.",
        "workforce" => "Départs en retraite et installations de médecins généralistes, datés ou selon une dynamique.",
        _ => "",
    };
    (title, description)
}

/// The catalogue, built once.
pub fn catalogue() -> &'static [Entry] {
    static C: OnceLock<Vec<Entry>> = OnceLock::new();
    C.get_or_init(|| POLICY_TYPES.iter().map(|t| entry(t)).collect())
}

fn entry(kind: &str) -> Entry {
    let section = section_of(kind);
    let title = section.lines().next().and_then(|l| l.split_once(" — ")).map_or(kind.to_string(), |(_, t)| plain(t));
    let reality = paragraph(&section, "**Reality.**", &["**Mechanism", "\n\n", "|"]);
    let costs = paragraph(&section, "**Costs.**", &["**Test", "\n\n"]);
    let table = param_table(&section);
    let defaults = defaults_of(kind);
    let params = defaults
        .iter()
        .map(|(name, value)| {
            let (unit, source) = table.iter().find(|r| &r.0 == name).map(|r| (r.2.clone(), r.3.clone())).unwrap_or_default();
            let kind = match value {
                serde_json::Value::Bool(_) => "bool",
                serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
                serde_json::Value::Number(_) => "number",
                _ => "list",
            };
            let share = unit.starts_with("share") || name.ends_with("_share");
            let unit_fr = crate::report::units_fr::unit_fr(&unit).map_or_else(|| unit.clone(), String::from);
            let label_fr = super::catalogue_fr::label_fr(name).unwrap_or(name).to_string();
            let source_fr = super::catalogue_fr::source_fr(&source).unwrap_or_else(|| source.clone());
            // A board's words: the published article, not the project's `context/` file.
            let source_fr = crate::report::board_text(crate::report::Lang::Fr, &source_fr);
            Param { name: name.clone(), label_fr, kind, default: value.clone(), unit, unit_fr, source, source_fr, share }
        })
        .collect();
    let (title_fr, description_fr) = french(kind);
    Entry {
        kind: kind.to_string(),
        title,
        title_fr: title_fr.to_string(),
        description: reality,
        description_fr: description_fr.to_string(),
        costs_fr: crate::report::board_text(crate::report::Lang::Fr, &super::catalogue_fr::costs_fr(kind).unwrap_or_else(|| costs.clone())),
        costs,
        params,
    }
}

/// The type's parameters and defaults, in the order of docs/policies.md's
/// table when it lists them (then the others).
fn defaults_of(kind: &str) -> Vec<(String, serde_json::Value)> {
    let parsed: Result<PolicyParams, _> = toml::from_str(&format!("type = {kind:?}"));
    let Ok(serde_json::Value::Object(map)) = parsed.map(|p| serde_json::to_value(p).unwrap_or_default()) else { return Vec::new() };
    let order: Vec<String> = param_table(&section_of(kind)).into_iter().map(|r| r.0).collect();
    let mut v: Vec<(String, serde_json::Value)> = map.into_iter().filter(|(k, _)| k != "type").collect();
    v.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    v
}

/// The section `### \`kind\` — …` of docs/policies.md (heading included).
fn section_of(kind: &str) -> String {
    let head = format!("### `{kind}` — ");
    let Some(start) = POLICIES_MD.find(&head) else { return String::new() };
    let rest = &POLICIES_MD[start..];
    let end = rest[4..].find("\n## ").into_iter().chain(rest[4..].find("\n### ")).min().map_or(rest.len(), |e| e + 4);
    rest[..end].to_string()
}

/// The text after `marker` up to the first of `stops`, as plain text.
fn paragraph(section: &str, marker: &str, stops: &[&str]) -> String {
    let Some(i) = section.find(marker) else { return String::new() };
    let rest = &section[i + marker.len()..];
    let end = stops.iter().filter_map(|s| rest.find(s)).min().unwrap_or(rest.len());
    plain(&rest[..end])
}

/// Markdown to plain text: backticks, bold and line breaks removed.
fn plain(s: &str) -> String {
    s.replace(['`', '*'], "").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Rows (name, default, unit, source) of the section's parameter table.
fn param_table(section: &str) -> Vec<(String, String, String, String)> {
    section
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells.len() >= 4).then(|| (cells[0].trim_matches('`').to_string(), plain(cells[1]), plain(cells[2]), plain(cells[3])))
        })
        .collect()
}

/// `GET /api/catalogue`: every policy type, its description, parameters and costs,
/// and the keys every policy takes (dates and scope).
pub async fn handler() -> Json<serde_json::Value> {
    Json(serde_json::json!({
        "policies": catalogue(),
        "common": ["name", "start_day", "end_day", "zones", "participation"],
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_policy_has_a_description_and_documented_parameters() {
        let c = catalogue();
        assert_eq!(c.len(), POLICY_TYPES.len());
        for e in c {
            assert!(!e.description.is_empty() && !e.description_fr.is_empty(), "{}", e.kind);
            assert!(!e.params.is_empty(), "{}", e.kind);
            for p in &e.params {
                assert!(!p.unit.is_empty(), "{}.{} has no unit in docs/policies.md", e.kind, p.name);
            }
        }
        let tele = c.iter().find(|e| e.kind == "teleconsultation").unwrap();
        let doctors = tele.params.iter().find(|p| p.name == "doctors").unwrap();
        assert_eq!((doctors.kind, doctors.default.as_u64()), ("integer", Some(1)));
        assert!(tele.costs.contains("20,000"));
    }
}
