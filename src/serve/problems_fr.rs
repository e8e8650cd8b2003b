//! The scenario validator's problems in French, for a board member: the
//! form's field named by its French label (the page's own labels, the
//! catalogue's parameter labels, the policy types' French names), never by
//! its path in the scenario file (`variants[0].add_policies[0].call_share`),
//! and the reason in French with the value entered, e.g. « Part des appels
//! régulés (SAS, variante « sas ») : doit être comprise entre 0 et 1 (vous
//! avez saisi 1,5). » The English path and reason stay as they are (the
//! command line's words, `parcours scenario check`); this is a translation
//! beside them (`FieldError::message_fr`). A reason this module does not
//! know is given in English after a French lead-in, so that nothing is lost.

/// The French sentence of one problem: the field's label, then the reason.
/// `toml` is the scenario's text (the form as written, or the file pasted):
/// it gives the policy type and the variant's name of a policy's field.
pub fn message_fr(path: &str, reason: &str, toml: &str) -> String {
    let doc = toml.parse::<toml::Table>().ok();
    let reason = reason_fr(reason).replace(" : ", "\u{a0}: ");
    let end = if reason.ends_with(['.', '?', '!', '»']) { "" } else { "." };
    format!("{}\u{a0}: {reason}{end}", label_fr(path, doc.as_ref()))
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
        Some("start_day") => "Début (jour après la mise en route)".into(),
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

/// A number as the validator writes it (`1.5`, `1,000`, `1e9`) in French (`1,5`, `1 000`, `1e9`).
pub fn number_fr(s: &str) -> String {
    let plain = s.trim().replace(',', "");
    match plain.parse::<f64>() {
        Ok(x) if x.fract() == 0.0 && x.abs() < 1e15 && !plain.contains('e') => {
            format!("{}{}", if x < 0.0 { "−" } else { "" }, crate::io::count(x.abs() as u64, true))
        }
        Ok(_) => plain.replace('-', "−").replace('.', ","),
        Err(_) => s.to_string(),
    }
}

/// What follows `marker` up to `end` (or to the end of `s`).
fn between<'a>(s: &'a str, marker: &str, end: &str) -> Option<&'a str> {
    let from = s.find(marker)? + marker.len();
    let rest = &s[from..];
    Some(rest.find(end).map_or(rest, |e| &rest[..e]))
}

/// « (vous avez saisi X) » from an English "(got X)", or nothing.
fn entered(reason: &str) -> String {
    between(reason, "(got ", ")")
        .or_else(|| between(reason, ", got ", ";"))
        .map(|v| format!(" (vous avez saisi {})", number_fr(v.trim())))
        .unwrap_or_default()
}

/// A value serde quotes in backticks: "invalid value: integer `-1`, …" → "-1".
fn quoted_value(reason: &str) -> Option<String> {
    reason.starts_with("invalid").then(|| between(reason, "`", "`").map(number_fr)).flatten()
}

/// The units of the validator's bounds (`scenario::bounds`) the catalogue's
/// units (`units_fr`) do not have, in French.
const BOUND_UNITS_FR: &[(&str, &str)] = &[
    ("days", "jours"),
    ("day", "jour"),
    ("minutes", "minutes"),
    ("hours", "heures"),
    ("hours a week", "heures par semaine"),
    ("days a week", "jours par semaine"),
    ("day of the year", "jour de l'année"),
    ("a year", "par an"),
    ("years", "ans"),
    ("€", "€"),
    ("factor", "(facteur)"),
    ("as a factor", "(facteur)"),
    ("nurses", "infirmiers"),
    ("doctors", "médecins"),
    ("patients", "patients"),
    ("places", "places"),
    ("situations", "situations"),
    ("situations per case manager", "situations par gestionnaire de cas"),
    ("share of the list cap", "part du plafond de patientèle"),
    ("sessions a week", "vacations par semaine"),
    ("half-day sessions a week", "demi-journées par semaine"),
    ("visits a day", "passages par jour"),
    ("consultations a day", "consultations par jour"),
    ("consultations a day per nurse", "consultations par jour et par infirmier"),
    ("consultations a day for the whole scope", "consultations par jour pour tout le périmètre"),
    ("consultations a session", "consultations par vacation"),
    ("calls a day per 100,000 inhabitants", "appels par jour pour 100\u{202F}000 habitants"),
    ("lines per 100,000 inhabitants", "lignes pour 100\u{202F}000 habitants"),
    ("specialists per 100,000 inhabitants", "spécialistes pour 100\u{202F}000 habitants"),
    ("new GPs per 10,000 inhabitants a year", "nouveaux MG pour 10\u{202F}000 habitants par an"),
    ("people per referent a year", "personnes par référent et par an"),
    ("people followed per nurse a year", "personnes suivies par infirmier et par an"),
    ("people followed per mediator a year", "personnes suivies par médiateur et par an"),
    ("full-time referents", "référents à temps plein"),
    ("full-time mediators", "médiateurs à temps plein"),
    ("full-time coordinating nurses", "infirmiers de coordination à temps plein"),
    ("full-time case managers", "gestionnaires de cas à temps plein"),
    ("GPs on duty", "MG de garde"),
    ("GPs, either sign", "MG, en plus ou en moins"),
];

/// A unit of the bounds in French (the catalogue's or [`BOUND_UNITS_FR`], else as it is).
fn unit_fr(unit: &str) -> String {
    let unit = unit.trim();
    BOUND_UNITS_FR
        .iter()
        .find(|(en, _)| *en == unit)
        .map(|(_, fr)| *fr)
        .or_else(|| super::units_fr::unit_fr(unit))
        .map_or_else(|| unit.to_string(), String::from)
}

/// The reason in French: the validator's common reasons, else the English
/// reason after a French lead-in.
pub fn reason_fr(reason: &str) -> String {
    let r = reason.trim();
    let got = entered(r);
    if r.starts_with("must be a share between 0 and 1") || r.starts_with("must be between 0 and 1") {
        return format!("doit être comprise entre 0 et 1{got}");
    }
    if r.starts_with("must be zero or positive") || r.starts_with("must be at least 0 ") {
        return format!("doit être supérieure ou égale à 0{got}");
    }
    if r.starts_with("must be a finite number") {
        return format!("doit être un nombre{got}");
    }
    if let Some(rest) = r.strip_prefix("must be at most ").or_else(|| r.strip_prefix("must be at least ")) {
        let most = r.starts_with("must be at most");
        let bound = rest.split(" (").next().unwrap_or(rest).trim();
        let (n, unit) = bound.split_once(' ').unwrap_or((bound, ""));
        if n.chars().next().is_some_and(|c| c.is_ascii_digit() || c == '-') {
            let unit = if unit.is_empty() { String::new() } else { format!(" {}", unit_fr(unit)) };
            return format!("doit être {} {}{unit}{got}", if most { "d'au plus" } else { "d'au moins" }, number_fr(n));
        }
    }
    if let Some(rest) = r.strip_prefix("must be between ") {
        if let Some((low, high)) = rest.split(" (").next().and_then(|b| b.split_once(" and ")) {
            let (high, unit) = high.split_once(' ').unwrap_or((high, ""));
            let unit = if unit.is_empty() { String::new() } else { format!(" {}", unit_fr(unit)) };
            return format!("doit être comprise entre {} et {}{unit}{got}", number_fr(low), number_fr(high));
        }
    }
    if r.starts_with("must be a number of years in (0, ") {
        let max = between(r, "(0, ", "]").unwrap_or("50");
        let page = if r.contains(" on the web page") { " sur cette page" } else { "" };
        return format!("doit être une durée de plus de 0 et d'au plus {} ans{page}{got}", number_fr(max));
    }
    if r.starts_with("must come after start_day") {
        return format!("doit venir après le jour de début{got}");
    }
    if r.contains("on the web page") && r.contains("whole number from 1 to") {
        let max = between(r, "from 1 to ", " ").unwrap_or("200");
        let given = quoted_value(r).map(|v| format!(" (vous avez saisi {v})")).unwrap_or_default();
        return format!("doit être un nombre entier de 1 à {} sur cette page{given}", number_fr(max));
    }
    if let Some(years) = between(r, "at most ", " years from the web page") {
        return format!(
            "au plus {} ans sur cette page (pour davantage, demandez une simulation en ligne de commande à l'équipe qui vous accompagne)",
            number_fr(years)
        );
    }
    if r.starts_with("invalid value: integer") || r.starts_with("invalid type: floating point") {
        let v = quoted_value(r).map(|v| format!(" (vous avez saisi {v})")).unwrap_or_default();
        if r.contains("from 0 to ") || r.contains("≥ 0") || r.contains("u32") || r.contains("u64") || r.contains("u16") {
            return format!("doit être un nombre entier positif ou nul{v}");
        }
        return format!("doit être un nombre entier{v}");
    }
    if r.starts_with("invalid type: null") || r.starts_with("missing field") || r == super::compose::EMPTY_FIELD {
        return "à remplir".into();
    }
    if r.starts_with("invalid type:") {
        let v = quoted_value(r).map(|v| format!(" (vous avez saisi {v})")).unwrap_or_default();
        if r.contains("boolean") {
            return format!("doit être oui ou non (case cochée ou non){v}");
        }
        if r.contains("expected a number") || r.contains("f64") {
            return format!("doit être un nombre{v}");
        }
        if r.contains("string") {
            return format!("doit être un texte{v}");
        }
        return format!("valeur d'un type inattendu{v}");
    }
    if let Some(name) = r.strip_prefix("unknown field `").and_then(|x| x.split('`').next()) {
        let guess = between(r, "did you mean `", "`").map(|g| {
            let label = super::catalogue_fr::label_fr(g).map_or_else(|| g.to_string(), String::from);
            format!(" ; vouliez-vous dire « {label} » ?")
        });
        return format!("paramètre inconnu « {name} »{}", guess.unwrap_or_default());
    }
    if let Some(kind) = between(r, "unknown policy type \"", "\"") {
        return format!("type de mesure inconnu « {kind} » (choisissez une mesure du catalogue)");
    }
    if let Some((code, place)) =
        r.strip_prefix("commune ").and_then(|x| x.strip_suffix(") is not in this scenario's territory")?.split_once(" ("))
    {
        return format!("la commune {code} ({place}) ne fait pas partie du territoire choisi");
    }
    if let Some(code) = between(r, "no zone is called \"", "\"") {
        return format!("la commune {code} ne fait pas partie du territoire choisi");
    }
    if let Some(name) = between(r, "duplicate variant name \"", "\"") {
        return format!("une autre variante s'appelle déjà « {name} » : donnez-lui un autre nom");
    }
    if r.starts_with("the variant changes nothing") {
        return "la variante ne change rien : ajoutez-lui au moins une mesure du catalogue".into();
    }
    if r.starts_with("must be a non-empty name") {
        return "donnez-lui un nom".into();
    }
    if r == "give the scenario a name" {
        return "donnez un nom au scénario".into();
    }
    if r.starts_with("empty list of communes") {
        return "aucune commune choisie : choisissez-en sur la carte ou par la recherche".into();
    }
    if let Some(n) = between(r, "at most ", " communes") {
        return format!("au plus {} communes", number_fr(n));
    }
    if let Some(n) = between(r, "at most ", " variants") {
        return format!("au plus {} variantes", number_fr(n));
    }
    if let Some(n) = between(r, "at most ", " policies") {
        return format!("au plus {} mesures", number_fr(n));
    }
    if let Some(n) = between(r, "at most ", " characters") {
        let given = between(r, "(", " given)").map(|g| format!(" (vous en avez saisi {})", number_fr(g))).unwrap_or_default();
        return format!("au plus {} caractères{given}", number_fr(n));
    }
    if r.contains("unknown commune") || r.contains("no commune") || r.contains("not a commune") {
        return format!("commune inconnue (code INSEE{})", between(r, "\"", "\"").map(|c| format!(" {c}")).unwrap_or_default());
    }
    format!("valeur refusée (détail en anglais\u{a0}: {r})")
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
        assert_eq!(l("variants[3].add_policies[0].start_day"), "Début (jour après la mise en route) — variante n°\u{a0}4");
        assert!(l("variants[0].extend_policies[0].participation").contains("MSP"), "{}", l("variants[0].extend_policies[0].participation"));
        assert_eq!(
            l("policies[0].start_day"),
            "Début (jour après la mise en route) — Maison de santé pluriprofessionnelle (MSP), mesure déjà en place"
        );
    }

    /// Reasons as the validator gives them, in French with the value entered in French figures.
    #[test]
    fn reasons_are_said_in_french_with_the_value_entered() {
        assert_eq!(reason_fr("must be a share between 0 and 1 (got 1.5)"), "doit être comprise entre 0 et 1 (vous avez saisi 1,5)");
        assert_eq!(reason_fr("must be zero or positive (got -1)"), "doit être supérieure ou égale à 0 (vous avez saisi −1)");
        assert_eq!(
            reason_fr("must be at most 1,000 lines per 100,000 inhabitants (got 1e9)"),
            "doit être d'au plus 1\u{202F}000 lignes pour 100\u{202F}000 habitants (vous avez saisi 1e9)"
        );
        assert_eq!(reason_fr("must be at most 3650 days"), "doit être d'au plus 3\u{202F}650 jours");
        assert_eq!(
            reason_fr("invalid value: integer `-1`, expected u32: must be a whole number from 1 to 200 on the web page (`parcours run` takes up to 100000)"),
            "doit être un nombre entier de 1 à 200 sur cette page (vous avez saisi −1)"
        );
        assert_eq!(
            reason_fr("invalid value: integer `-1`, expected u32"),
            "doit être un nombre entier positif ou nul (vous avez saisi −1)"
        );
        assert_eq!(
            reason_fr("invalid type: floating point `2.5`, expected u32"),
            "doit être un nombre entier positif ou nul (vous avez saisi 2,5)"
        );
        assert_eq!(reason_fr("must come after start_day (got 10)"), "doit venir après le jour de début (vous avez saisi 10)");
        assert_eq!(
            reason_fr("must be a number of years in (0, 50] (got 0)"),
            "doit être une durée de plus de 0 et d'au plus 50 ans (vous avez saisi 0)"
        );
        assert!(reason_fr("unknown field `doctorz`; did you mean `doctors`?; expected one of `doctors`")
            .starts_with("paramètre inconnu « doctorz » ; vouliez-vous dire « "));
        assert_eq!(reason_fr("something new"), "valeur refusée (détail en anglais\u{a0}: something new)");
    }
}
