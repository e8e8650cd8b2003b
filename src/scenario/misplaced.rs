//! A top-level key written after an array of tables: TOML reads
//! `years = 2` placed below `[[territories]]` as a key of the last
//! territory, so serde's "unknown field `years`" in `territories[0]` hides
//! the real mistake. [`explain`] recognises a key of a table of an array
//! (`territories`, `territories.zones`, `variants`, `policies`) that is a
//! known top-level scenario key and says where to move it.

use super::file::ScenarioFile;

/// The keys a scenario file takes at its top level (`name`, `years`,
/// `territories` …), read from its JSON Schema.
pub fn top_level_keys() -> Vec<String> {
    let schema = schemars::schema_for!(ScenarioFile);
    schema.as_value().get("properties").and_then(|p| p.as_object()).map(|p| p.keys().cloned().collect()).unwrap_or_default()
}

/// The header of the array of tables a path is inside, without indices:
/// `territories[0].zones[2]` ─► `territories.zones`; `None` when the path
/// is not inside an array of tables.
fn array_header(table_path: &str) -> Option<String> {
    if !table_path.ends_with(']') {
        return None;
    }
    let words: Vec<&str> = table_path.split('.').map(|s| s.split('[').next().unwrap_or(s)).collect();
    Some(words.join("."))
}

/// `policies` written in a `[[variants]]` table: the variant's own keys,
/// not "move it above" (which would put the policy in the base and every
/// variant, losing the comparison: trial 34).
pub const VARIANT_POLICIES: &str = "a variant has no `policies`: write add_policies = [ … ] to add policies in this variant \
     (extend_policies to change one that exists, remove_policies to remove one); `policies` written above the first \
     [[variants]] are the base's, in every variant";

/// The reason to give instead of "unknown field `KEY`" found at `path`
/// (e.g. `territories[0].years`) when `KEY` is a top-level scenario key,
/// else `None`. `unknown` is the key serde found unknown.
pub fn explain(path: &str, unknown: &str) -> Option<String> {
    let table_path = path.strip_suffix(unknown)?.strip_suffix('.')?;
    let header = array_header(table_path)?;
    if !top_level_keys().iter().any(|k| k == unknown) {
        return None;
    }
    if header == "variants" && unknown == "policies" {
        return Some(VARIANT_POLICIES.to_string());
    }
    let first = header.split('.').next().unwrap_or(&header);
    Some(format!(
        "`{unknown}` is a top-level key but is written after `[[{header}]]`, so TOML reads it as part of the last {what}; \
         move it above the first `[[{first}]]` (top-level keys come before every [table] and [[table]] of the file)",
        what = table_word(&header),
    ))
}

/// What one table of an array is called in a sentence.
fn table_word(header: &str) -> &'static str {
    match header {
        "territories" => "territory",
        "territories.zones" => "zone of the last territory",
        "variants" => "variant",
        "policies" => "policy",
        _ => "table of that list",
    }
}

/// The key serde names in "unknown field `KEY`, expected …", if any.
pub fn unknown_field(message: &str) -> Option<&str> {
    message.split_once("unknown field `")?.1.split_once('`').map(|(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Trial 34: `policies` in a variant was told to move above the first [[variants]] (the
    /// base's, in every variant: the comparison lost); now the variant's own keys.
    #[test]
    fn policies_in_a_variant_are_told_the_variants_keys() {
        assert_eq!(explain("variants[0].policies", "policies").as_deref(), Some(VARIANT_POLICIES));
        assert!(explain("territories[0].years", "years").unwrap().contains("move it above the first `[[territories]]`"));
    }

    #[test]
    fn a_top_level_key_in_a_territory_is_said_misplaced() {
        let why = explain("territories[0].years", "years").unwrap();
        assert_eq!(
            why,
            "`years` is a top-level key but is written after `[[territories]]`, so TOML reads it as part of the last territory; \
             move it above the first `[[territories]]` (top-level keys come before every [table] and [[table]] of the file)"
        );
        assert!(explain("territories[1].zones[0].seed", "seed").unwrap().contains("after `[[territories.zones]]`"));
        // Not a top-level key, or not inside an array of tables: serde's words stand.
        assert_eq!(explain("territories[0].colour", "colour"), None);
        assert_eq!(explain("parameters.gp.years", "years"), None);
    }
}
