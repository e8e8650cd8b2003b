//! The scenario validator's problems in French, for a board member: the
//! form's field named by its French label (the page's own labels, the
//! catalogue's parameter labels, the policy types' French names), never by
//! its path in the scenario file (`variants[0].add_policies[0].call_share`),
//! and the reason in French with the value entered, e.g. « Part des appels
//! régulés (SAS, variante « sas ») : doit être comprise entre 0 et 1 (vous
//! avez saisi 1,5). » The English path and reason stay as they are (the
//! command line's words, `parcours scenario check`); this is a translation
//! beside them (`FieldError::message_fr`). The reasons' French is
//! `report::reasons_fr`'s, which the command line's `--lang fr` shares.

use crate::report::reasons_fr::{reason_sentence_fr, Reader};

/// The French sentence of one problem: the field's label, then the reason.
/// `toml` is the scenario's text (the form as written, or the file pasted):
/// it gives the policy type and the variant's name of a policy's field.
pub fn message_fr(path: &str, reason: &str, toml: &str) -> String {
    let doc = toml.parse::<toml::Table>().ok();
    format!("{}\u{a0}: {}", label_fr(path, doc.as_ref()), reason_sentence_fr(reason, Reader::Page))
}

/// The French label of the field at `path` (a scenario file's path).
pub fn label_fr(path: &str, doc: Option<&toml::Table>) -> String {
    let parts: Vec<&str> = path.split('.').filter(|p| !p.is_empty()).collect();
    let Some((&first, rest)) = parts.split_first() else { return "Scénario".into() };
    let (head, index) = indexed(first);
    match (head, index, rest) {
        ("name", None, []) => "Nom du scénario".into(),
        ("description", None, []) => "Description du scénario".into(),
        ("replications", None, []) => "Réplications".into(),
        ("years", None, []) => "Années simulées".into(),
        ("warmup_days", None, []) => "Mise en route (jours)".into(),
        ("seed", None, []) => "Graine".into(),
        ("lang", None, []) => "Langue du rapport".into(),
        ("territories", _, ["communes", ..]) => "Communes choisies".into(),
        ("territories", _, _) => "Territoire choisi".into(),
        ("variants", None, _) => "Variantes".into(),
        ("policies", None, _) => "Mesures déjà en place".into(),
        ("policies", Some(j), field) => {
            let kind = lookup(doc, &[("policies", Some(j)), ("type", None)]);
            policy_field(kind.as_deref(), field, "mesure déjà en place".into())
        }
        ("variants", Some(i), rest) => variant_field(doc, i, rest),
        ("parameters", None, [.., leaf]) => match crate::report::labels::parameter_label_fr(leaf) {
            Some(l) => format!("Paramètre du modèle « {l} »"),
            None => "Paramètre du modèle".into(),
        },
        _ => "Scénario".into(),
    }
}

/// `variants[i]` and below.
fn variant_field(doc: Option<&toml::Table>, i: usize, rest: &[&str]) -> String {
    let named = lookup(doc, &[("variants", Some(i)), ("name", None)]).filter(|n| !n.is_empty());
    let variant = named.map_or_else(|| format!("variante n°\u{a0}{}", i + 1), |n| format!("variante « {n} »"));
    let Some((&first, field)) = rest.split_first() else { return capitalised(&variant) };
    match indexed(first) {
        ("name", None) => format!("Nom de la {variant}"),
        ("description", None) => format!("Description de la {variant}"),
        (list @ ("add_policies" | "extend_policies"), Some(j)) => {
            let kind = lookup(doc, &[("variants", Some(i)), (list, Some(j)), ("type", None)]).or_else(|| extended_type(doc, i, j, list));
            policy_field(kind.as_deref(), field, variant)
        }
        _ => format!("Mesures de la {variant}"),
    }
}

/// The type of an `extend_policies` entry: the base policy of that name.
fn extended_type(doc: Option<&toml::Table>, i: usize, j: usize, list: &str) -> Option<String> {
    let name = lookup(doc, &[("variants", Some(i)), (list, Some(j)), ("name", None)])?;
    let base = doc?.get("policies")?.as_array()?;
    base.iter().find(|p| p.get("name").and_then(|n| n.as_str()) == Some(&name))?.get("type")?.as_str().map(String::from)
}

/// A policy's field: « Participation des professionnels (SAS, variante « x ») ».
fn policy_field(kind: Option<&str>, field: &[&str], whose: String) -> String {
    let title = kind.map(|k| crate::report::policy_type_fr(k).map_or_else(|| k.to_string(), String::from));
    let context = match &title {
        Some(t) => format!("{t}, {whose}"),
        None => whose.clone(),
    };
    let label = match field.first().map(|f| indexed(f).0) {
        None => return capitalised(&title.map_or_else(|| format!("Mesure de la {whose}"), |t| format!("{t} — {whose}"))),
        Some("participation") => "Participation des professionnels".to_string(),
        Some("start_day") => "Début (jour après la mise en régime)".into(),
        Some("end_day") => "Fin (jour)".into(),
        Some("zones" | "territories") => "Communes couvertes".into(),
        Some("type") => "Type de mesure".into(),
        Some("name") => "Nom de la mesure".into(),
        Some(key) => super::catalogue_fr::label_fr(key).map_or_else(|| format!("Paramètre « {key} »"), capitalised),
    };
    format!("{label} — {context}")
}

/// `name[3]` → (`name`, Some(3)); `name` → (`name`, None).
fn indexed(part: &str) -> (&str, Option<usize>) {
    match part.split_once('[') {
        Some((head, rest)) => (head, rest.trim_end_matches(']').parse().ok()),
        None => (part, None),
    }
}

/// A string value of the scenario at a path of (key, index) steps.
fn lookup(doc: Option<&toml::Table>, steps: &[(&str, Option<usize>)]) -> Option<String> {
    let mut at: &toml::Value = doc?.get(steps.first()?.0)?;
    for (n, (key, index)) in steps.iter().enumerate() {
        if n > 0 {
            at = at.get(key)?;
        }
        if let Some(i) = index {
            at = at.get(*i)?;
        }
    }
    at.as_str().map(String::from)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORM: &str = r#"name = "x"
replications = 2
[[territories]]
name = "x"
communes = ["23096"]
[[policies]]
type = "msp"
name = "today_msp"
[[variants]]
name = "régulation"
[[variants.add_policies]]
type = "sas"
[[variants.extend_policies]]
name = "today_msp"
"#;

    /// Labels by hand from the page's own (index.html, app.js) and the catalogue's.
    #[test]
    fn fields_are_named_by_their_french_labels() {
        let doc = FORM.parse::<toml::Table>().ok();
        let l = |p: &str| label_fr(p, doc.as_ref());
        assert_eq!(l("replications"), "Réplications");
        assert_eq!(l("territories[0].communes"), "Communes choisies");
        assert_eq!(l("variants[0].name"), "Nom de la variante « régulation »");
        assert_eq!(
            l("variants[0].add_policies[0].participation"),
            "Participation des professionnels — Service d'accès aux soins (SAS), variante « régulation »"
        );
        assert_eq!(l("variants[0].add_policies[0]"), "Service d'accès aux soins (SAS) — variante « régulation »");
        assert_eq!(l("variants[3].add_policies[0].start_day"), "Début (jour après la mise en régime) — variante n°\u{a0}4");
        assert!(l("variants[0].extend_policies[0].participation").contains("MSP"), "{}", l("variants[0].extend_policies[0].participation"));
        assert_eq!(
            l("policies[0].start_day"),
            "Début (jour après la mise en régime) — Maison de santé pluriprofessionnelle (MSP), mesure déjà en place"
        );
    }
}
