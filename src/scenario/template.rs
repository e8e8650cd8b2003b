//! The commented scenario template (`parcours scenario init`) and the
//! parameter table (`parcours scenario params`, kept in `docs/parameters.md`).
//!
//! Both are generated from the parameter defaults and [`PARAMETER_DOCS`], so
//! they cannot drift from the code.

use crate::model::params::{param_doc, Parameters, PARAMETER_DOCS};
use serde_json::Value;

fn toml_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("{s:?}"),
        Value::Array(a) => format!("[{}]", a.iter().map(toml_value).collect::<Vec<_>>().join(", ")),
        other => other.to_string(),
    }
}

fn sections() -> Vec<(String, Vec<(String, String)>)> {
    let v = serde_json::to_value(Parameters::default()).expect("parameters serialise");
    let mut out = Vec::new();
    if let Value::Object(groups) = v {
        for (group, fields) in groups {
            let mut rows = Vec::new();
            if let Value::Object(fields) = fields {
                for (name, value) in fields {
                    rows.push((name, toml_value(&value)));
                }
            }
            out.push((group, rows));
        }
    }
    out
}

/// A commented scenario file showing every field and parameter default.
pub fn scenario_template() -> String {
    let mut s = String::from(
        "# parcours scenario. Every field below is optional unless marked (required).\n\
         # Check it with: parcours scenario check FILE ; run it with: parcours run FILE\n\n\
         name = \"my-territory\"            # (required) used for the output folder\n\
         description = \"What question does this scenario ask?\"\n\
         # question_indicators = [\"forgone_care_rate\"]   # shown first (parcours scenario indicators)\n\
         # premises = [{ indicator = \"gp_utilisation\", at_least = 0.9 }]   # warned if the base misses it\n\
         seed = 20260101                   # base seed of every random stream\n\
         replications = 10\n\
         years = 1.0                       # simulated years after warm-up\n\
         warmup_days = 182                 # simulated before indicators are recorded\n\
         start_day_of_year = 0             # 0 = the run starts on 1 January\n\
         # public_holidays = [0, 120, 127, 194, 226, 304, 314, 358]   # days of the year\n\
         # organisation = \"today\"          # the base's structures: \"today\" (real territories' default: their MSPs,\n\
         #                                 # centres de santé, CPTS, PDSA, DAC, teleconsultation) or \"none\" (no structure)\n\n\
         # A synthetic territory (archetype: dense_urban, intermediate, rural, isolated).\n\
         [[territories]]\n\
         name = \"rural\"                    # (required)\n\
         archetype = \"rural\"\n\
         population = 40000\n\
         area_km2 = 1500\n\
         zone_count = 30\n\
         # gps_per_10000 = 5.2             # default by archetype\n\
         # broadband = 0.8\n\
         # vulnerable = 0.12\n\
         # ed_count = 1\n\n\
         # A territory can instead list its zones (and ED sites) explicitly:\n\
         # [[territories]]\n\
         # name = \"valley\"\n\
         # [[territories.zones]]\n\
         # name = \"village\"\n\
         # population = 1200\n\
         # density = \"isolated\"           # dense_urban, intermediate, rural, isolated\n\
         # x_km = 0.0\n\
         # y_km = 0.0\n\
         # gps = 1\n\
         # [[territories.ed_sites]]\n\
         # name = \"hospital\"\n\
         # x_km = 25.0\n\
         # y_km = 3.0\n\n\
         # Or a real French territory by its INSEE codes (parcours territory find NAME gives them;\n\
         # parcours territory show departement=23 lists its communes, GPs and today's structures):\n\
         # [[territories]]\n\
         # name = \"creuse\"\n\
         # departement = \"23\"              # or epci = \"200040715\", communes = [\"23096\", \"23176\"],\n\
         #                                 # around = { commune = \"23096\", radius_km = 20 }, france = true\n\n\
         # Options compared with the base, each a [[variants]] table (docs/policies.md):\n\
         # [[variants]]\n\
         # name = \"sas\"\n\
         # description = \"Join the SAS with half of the GPs.\"\n\
         # add_policies = [{ type = \"sas\", participation = 0.5 }]\n\
         # extend_policies = [{ name = \"today_cpts\", participation = 0.8 }]   # enlarge a structure the base has\n\
         # remove_policies = [\"today_msp\"]   # or take one away (names: parcours scenario check FILE)\n\
         # [variants.parameters.gp]            # parameters that differ in this option only\n\
         # unscheduled_share = 0.2\n\n\
         # Model parameters: uncomment to change a default. Unit and source on each line.\n",
    );
    for (group, rows) in sections() {
        s.push_str(&format!("\n[parameters.{group}]\n"));
        for (name, value) in rows {
            let path = format!("{group}.{name}");
            let (unit, source) = param_doc(&path).map_or(("", ""), |d| (d.unit, d.source));
            s.push_str(&format!("# {name} = {value}   # {unit}; {source}\n"));
        }
    }
    s
}

/// The parameter table in Markdown (the body of `docs/parameters.md`).
pub fn parameter_table_markdown() -> String {
    let mut s = String::from("| parameter | default | unit | meaning / source |\n|---|---|---|---|\n");
    for (group, rows) in sections() {
        for (name, value) in rows {
            let path = format!("{group}.{name}");
            let d = param_doc(&path);
            s.push_str(&format!("| `{path}` | `{value}` | {} | {} |\n", d.map_or("", |d| d.unit), d.map_or("", |d| d.source)));
        }
    }
    debug_assert_eq!(PARAMETER_DOCS.len(), s.lines().count() - 2);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_parses_and_validates_as_is() {
        let s = crate::scenario::parse(&scenario_template(), "template").unwrap();
        assert_eq!(s.territories.len(), 1);
        assert_eq!(s.base.parameters, Parameters::default());
    }

    /// The template's real-territory and variant examples, uncommented, make a
    /// valid scenario: the Creuse (23) with today's structures, and a variant
    /// that adds an SAS, extends today's CPTS and removes today's MSPs (every
    /// name it uses exists in the Creuse's base).
    #[test]
    fn template_real_territory_and_variant_examples_are_valid() {
        let template = scenario_template();
        let from = template.find("# Or a real French territory").unwrap();
        let to = template.find("# Model parameters").unwrap();
        // Uncomment the TOML lines (a table header or `key = value`), not the prose.
        let toml_line = |l: &str| l.starts_with('[') || l.split_once(" = ").is_some_and(|(k, _)| !k.contains(' '));
        let body: String = template[from..to]
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(t) if toml_line(t) => format!("{t}\n"),
                _ => format!("{l}\n"),
            })
            .collect();
        let s = crate::scenario::parse(&format!("name = \"t\"\n{body}"), "template").unwrap();
        assert_eq!(s.territories.len(), 1);
        assert_eq!(s.variants.len(), 1);
        let names = |ps: &[crate::model::policy::spec::PolicySpec]| ps.iter().map(|p| p.name.clone()).collect::<Vec<_>>();
        assert!(names(&s.base.policies).contains(&"today_msp".to_string()), "{:?}", names(&s.base.policies));
        let v = names(&s.variants[0].policies);
        assert!(v.iter().any(|n| n.starts_with("sas")) && !v.contains(&"today_msp".to_string()), "{v:?}");
    }

    #[test]
    fn template_with_every_parameter_uncommented_keeps_the_defaults() {
        let template = scenario_template();
        let (head, params) = template.split_at(template.find("[parameters.").unwrap());
        let uncommented: Vec<String> = params
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) => rest.split("   # ").next().unwrap().to_string(),
                None => l.to_string(),
            })
            .collect();
        let text = format!("{head}{}", uncommented.join("\n"));
        assert!(text.contains("\nslot_minutes = 20"), "parameters were uncommented");
        let s = crate::scenario::parse(&text, "uncommented").unwrap();
        assert_eq!(s.base.parameters, Parameters::default());
    }

    #[test]
    fn parameter_table_lists_every_parameter() {
        let t = parameter_table_markdown();
        for d in PARAMETER_DOCS {
            assert!(t.contains(&format!("`{}`", d.path)), "{} missing", d.path);
        }
    }
}
