//! Fixed-length arrays of a scenario file hold exactly their length.
//!
//! Serde refuses an array that is too short for a fixed-size field
//! (`[f64; 4]`) but silently drops the extra values of one that is too
//! long (`urgent_share = [0.2, 0.2, 0.2, 0.2, 0.9]` would load, its last
//! value ignored). This module checks every array of the scenario text
//! against the JSON Schema of scenario files (`parcours scenario schema`,
//! where a fixed-size field has `minItems` = `maxItems`), so that no field
//! needs code of its own: the base's `[parameters]` (and every other table
//! the schema describes), and each variant's `parameters` overrides,
//! checked against the schema of `Parameters`. Experiments set their values
//! in the scenario text, which is then validated, so their points are
//! checked by the same rule.

use std::sync::OnceLock;

use serde_json::Value as Json;
use toml::Value;

use super::Problem;

/// The JSON Schema of scenario files, built once.
fn schema() -> &'static Json {
    static SCHEMA: OnceLock<Json> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(super::file::ScenarioFile).as_value().clone())
}

/// The fixed length of an array schema (`minItems` = `maxItems`), if it has one.
fn fixed_length(s: &Json) -> Option<usize> {
    let min = s.get("minItems")?.as_u64()?;
    let max = s.get("maxItems")?.as_u64()?;
    (min == max).then_some(min as usize)
}

/// `s` with `$ref`s followed and, among alternatives (`anyOf`, `oneOf`,
/// `allOf`), the one that describes `given`: the one whose `type` tag is
/// `given`'s (`type = "telexpertise"` among the policies' alternatives,
/// which start with the CPTS's), else the first that is not an `Option`'s
/// `null`.
fn resolve<'a>(s: &'a Json, defs: &'a Json, given: Option<&Value>) -> &'a Json {
    if let Some(name) = s.get("$ref").and_then(Json::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        return defs.get(name).map_or(s, |d| resolve(d, defs, given));
    }
    let tag = given.and_then(|g| g.get("type")).and_then(Value::as_str);
    for key in ["anyOf", "oneOf", "allOf"] {
        if let Some(alts) = s.get(key).and_then(Json::as_array) {
            let alts: Vec<&Json> =
                alts.iter().filter(|a| a.get("type").and_then(Json::as_str) != Some("null")).map(|a| resolve(a, defs, given)).collect();
            let tagged = |a: &&&Json| tag.is_some() && a.pointer("/properties/type/const").and_then(Json::as_str) == tag;
            if let Some(chosen) = alts.iter().find(tagged).or(alts.first()) {
                return chosen;
            }
        }
    }
    s
}

/// Pushes a problem for every array under `given` whose length differs from
/// its schema's fixed length; `path` names `given` in the file.
fn walk(given: &Value, s: &Json, defs: &Json, path: &str, out: &mut Vec<Problem>, text: &str) {
    let s = resolve(s, defs, Some(given));
    match given {
        Value::Table(t) => {
            let Some(props) = s.get("properties") else { return };
            for (k, v) in t {
                if let Some(sub) = props.get(k) {
                    let at = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    walk(v, sub, defs, &at, out, text);
                }
            }
        }
        Value::Array(a) => {
            if let Some(n) = fixed_length(s) {
                if a.len() > n {
                    out.push(Problem {
                        line: super::locate::line_of(text, path),
                        path: path.to_string(),
                        reason: format!(
                            "{} values given, {n} expected: the array has exactly {n} (docs/parameters.md); the extra ones would be ignored",
                            a.len()
                        ),
                    });
                }
            }
            if let Some(items) = s.get("items") {
                for (i, v) in a.iter().enumerate() {
                    walk(v, items, defs, &format!("{path}[{i}]"), out, text);
                }
            }
        }
        _ => {}
    }
}

/// Problems of the arrays of scenario `text` longer than their fixed
/// length (too short ones are refused when the file is read): the whole
/// file against the scenario schema, then each variant's `parameters`
/// overrides against the schema of `[parameters]`.
pub fn check(text: &str) -> Vec<Problem> {
    let Ok(doc) = text.parse::<toml::Table>() else { return Vec::new() };
    let root = schema();
    let defs = root.get("$defs").unwrap_or(&Json::Null);
    let mut out = Vec::new();
    walk(&Value::Table(doc.clone()), root, defs, "", &mut out, text);
    let parameters = defs.get("Parameters").unwrap_or(&Json::Null);
    if let Some(variants) = doc.get("variants").and_then(Value::as_array) {
        for (i, v) in variants.iter().enumerate() {
            if let Some(over) = v.get("parameters") {
                walk(over, parameters, defs, &format!("variants[{i}].parameters"), &mut out, text);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(text: &str) -> Vec<(String, String)> {
        check(text).into_iter().map(|p| (p.path, p.reason)).collect()
    }

    #[test]
    fn an_over_long_array_is_named_with_both_lengths() {
        let text =
            "name = \"x\"\n[parameters.specialists]\nfollow_up_lead_days = [90, 100, 330, 10]\nurgent_share = [0.2, 0.2, 0.2, 0.2, 0.9]\n";
        let found = paths(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "parameters.specialists.follow_up_lead_days");
        assert!(found[0].1.starts_with("4 values given, 2 expected"), "{}", found[0].1);
        assert_eq!(found[1].0, "parameters.specialists.urgent_share");
        assert!(found[1].1.starts_with("5 values given, 4 expected"), "{}", found[1].1);
        assert_eq!(check(text)[0].line, Some(3));
    }

    #[test]
    fn exact_lengths_and_free_lists_pass() {
        // daily_slot_caps is a list of any length; speed_kmh has exactly 4.
        let text = "name = \"x\"\n[parameters.gp]\ndaily_slot_caps = [1, 2, 3, 4, 5, 6, 7]\n[parameters.travel]\nspeed_kmh = [1.0, 2.0, 3.0, 4.0]\n";
        assert!(paths(text).is_empty(), "{:?}", paths(text));
    }

    #[test]
    fn an_options_null_alternative_is_left_out() {
        // By hand: an `Option` of a fixed array (schemars writes the `$ref`
        // and `null` alternatives in either order) resolves to the array,
        // whose fixed length is 2; a `$ref` alone is followed.
        let defs = serde_json::json!({ "Pair": { "type": "array", "minItems": 2, "maxItems": 2 } });
        let pair = &defs["Pair"];
        for s in [
            serde_json::json!({ "anyOf": [{ "type": "null" }, { "$ref": "#/$defs/Pair" }] }),
            serde_json::json!({ "anyOf": [{ "$ref": "#/$defs/Pair" }, { "type": "null" }] }),
            serde_json::json!({ "$ref": "#/$defs/Pair" }),
        ] {
            assert_eq!(resolve(&s, &defs, None), pair, "{s}");
            assert_eq!(fixed_length(resolve(&s, &defs, None)), Some(2));
        }
    }

    #[test]
    fn a_variants_override_is_checked_too() {
        let text = "name = \"x\"\n[[variants]]\nname = \"v\"\n[variants.parameters.travel]\nspeed_kmh = [1.0, 2.0, 3.0, 4.0, 5.0]\n";
        let found = paths(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "variants[0].parameters.travel.speed_kmh");
        assert!(found[0].1.starts_with("5 values given, 4 expected"), "{}", found[0].1);
    }

    /// By hand: two alternatives tagged `a` (x has 2 values) and `b` (x has
    /// 3); a table tagged `b` resolves to the second, one without a tag
    /// (or with an unknown one) to the first, as before.
    #[test]
    fn an_alternative_is_chosen_by_its_type_tag() {
        let defs = serde_json::json!({});
        let alt = |tag: &str, n: usize| {
            serde_json::json!({ "type": "object", "properties": {
                "type": { "type": "string", "const": tag },
                "x": { "type": "array", "minItems": n, "maxItems": n } } })
        };
        let s = serde_json::json!({ "oneOf": [alt("a", 2), alt("b", 3)] });
        let table = |t: &str| t.parse::<toml::Table>().map(Value::Table).unwrap();
        let x = |given: &Value| fixed_length(&resolve(&s, &defs, Some(given))["properties"]["x"]);
        assert_eq!(x(&table("type = \"b\"")), Some(3));
        assert_eq!(x(&table("type = \"a\"")), Some(2));
        assert_eq!(x(&table("y = 1")), Some(2));
        assert_eq!(x(&table("type = \"c\"")), Some(2));
    }

    /// A tele-expertise policy's `answered_share` has exactly 4 values (one
    /// per specialty); the policies' first alternative is the CPTS's, which
    /// has no such field, so 5 values passed unseen: in the base's policies
    /// and in a variant's added ones.
    #[test]
    fn another_policy_types_arrays_are_checked() {
        let policy = "type = \"telexpertise\"\nanswered_share = [0.1, 0.2, 0.3, 0.4, 0.5]\n";
        let found = paths(&format!("name = \"x\"\n[[policies]]\n{policy}"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "policies[0].answered_share");
        assert!(found[0].1.starts_with("5 values given, 4 expected"), "{}", found[0].1);
        let found = paths(&format!("name = \"x\"\n[[variants]]\nname = \"v\"\n[[variants.add_policies]]\n{policy}"));
        assert_eq!(found.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["variants[0].add_policies[0].answered_share"]);
        let four = "name = \"x\"\n[[policies]]\ntype = \"telexpertise\"\nanswered_share = [0.1, 0.2, 0.3, 0.4]\n";
        assert!(paths(four).is_empty(), "{:?}", paths(four));
    }
}
