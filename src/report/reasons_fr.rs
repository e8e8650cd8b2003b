//! The scenario validator's reasons in French, for the two front ends that
//! speak it: the web page (`serve::problems_fr::message_fr`, which names the
//! field by its French label) and the command line under `--lang fr`
//! ([`super::console::scenario_error`], which keeps the file, the line and
//! the key). One translation of the English reasons (`scenario`'s,
//! `scenario::bounds`', serde's, `scenario::suggest`'s), with the value
//! entered in French figures, e.g. "must be a share between 0 and 1 (got
//! 1.5)" → « doit être comprise entre 0 et 1 (vous avez saisi 1,5) ». The
//! [`Reader`] decides the few words that differ: the page names a key by its
//! label and speaks of boxes and the map; the command line names the key
//! its user writes in TOML. A reason this module does not know is given in
//! English after a French lead-in, so that nothing is lost.

/// Who reads the reason: the web page's board member or the command line's
/// user, who writes the scenario's TOML keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// The web page: a key by its French label (`report::labels`).
    Page,
    /// The command line: a key by its identifier, as written in the file.
    CommandLine,
}

/// The reason as a French sentence's end: the reason in French
/// ([`reason_fr`]), a no-break space before each colon, a full stop unless
/// it ends with one (or `?`, `!`, `»`). The page puts the field's label
/// before it, the command line the file, line and key.
pub fn reason_sentence_fr(reason: &str, reader: Reader) -> String {
    let reason = reason_fr(reason, reader).replace(" : ", "\u{a0}: ");
    let end = if reason.ends_with(['.', '?', '!', '»']) { "" } else { "." };
    format!("{reason}{end}")
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
/// units ([`super::units_fr`]) do not have, in French.
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

/// The reason of a required setting left empty (the web page's form:
/// `serve::compose`), « à remplir » in French.
pub const EMPTY_FIELD: &str = "must be filled in (the field is empty)";

/// The reason in French for `reader`: the validator's common reasons, else
/// the English reason after a French lead-in.
pub fn reason_fr(reason: &str, reader: Reader) -> String {
    let r = reason.trim();
    let page = reader == Reader::Page;
    let got = entered(r);
    if r.starts_with("must be a share between 0 and 1") || r.starts_with("must be between 0 and 1") {
        // "; for 90 %, write 0.9" (`model::params::share_reason`).
        let hint = r
            .split_once("; for ")
            .and_then(|(_, h)| h.split_once(" %, write "))
            // A scenario file takes a decimal point (trial 34: « écrivez 0,9 » was then refused); the page's field a comma.
            .map(|(pct, share)| match reader {
                Reader::Page => format!("\u{a0}; pour {} %, saisissez {}", number_fr(pct), number_fr(share)),
                Reader::CommandLine => format!("\u{a0}; pour {} %, écrivez {share} (avec un point décimal)", number_fr(pct)),
            })
            .unwrap_or_default();
        return format!("doit être comprise entre 0 et 1{got}{hint}");
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
    if r.starts_with("must be a whole number from 1 to ") {
        let max = between(r, "from 1 to ", " ").unwrap_or_default();
        return format!("doit être un nombre entier de 1 à {}{got}", number_fr(max));
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
    if r.starts_with("invalid type: null") || r.starts_with("missing field") || r == EMPTY_FIELD {
        return "à remplir".into();
    }
    if r.starts_with("invalid type:") {
        let v = quoted_value(r).map(|v| format!(" (vous avez saisi {v})")).unwrap_or_default();
        if r.contains("boolean") {
            let choice = if page { "oui ou non (case cochée ou non)" } else { "true (oui) ou false (non)" };
            return format!("doit être {choice}{v}");
        }
        if r.contains("expected a number") || r.contains("f64") {
            return format!("doit être un nombre{v}");
        }
        if r.contains("string") {
            let quote = r.split_once(crate::scenario::suggest::QUOTE_IT).map(|(_, q)| quote_it(q));
            return format!("doit être un texte{v}{}", quote.unwrap_or_default());
        }
        return format!("valeur d'un type inattendu{v}");
    }
    if let Some((kind, _)) = r.strip_prefix('`').and_then(|x| x.split_once("` is a policy type, not a group of parameters")) {
        return format!(
            "«\u{a0}{kind}\u{a0}» est un type de mesure, pas un groupe de paramètres\u{a0}: une variante modifie celle d'aujourd'hui avec \
             extend_policies = [{{ name = \"today_{kind}\", … }}] et en ajoute une avec add_policies = [{{ type = \"{kind}\", … }}] (docs/policies.md)"
        );
    }
    if let Some(name) = r.strip_prefix("unknown field `").and_then(|x| x.split('`').next()) {
        return unknown_key(r, name, reader);
    }
    if let Some(name) = r.strip_prefix("unknown variant `").and_then(|x| x.split('`').next()) {
        return unknown_value(r, name, reader);
    }
    let indicator =
        between(r, "no indicator named \"", "\"").or_else(|| r.strip_prefix('"')?.split_once("\" is not an indicator").map(|(n, _)| n));
    if let Some(name) = indicator {
        let guess = between(r, "did you mean `", "`").map(meant).unwrap_or_default();
        let listed = if page { "" } else { " (parcours scenario indicators les liste)" };
        return format!("aucun indicateur ne s'appelle « {name} »{guess}{listed}");
    }
    if let Some(kind) = between(r, "unknown policy type \"", "\"") {
        if page {
            return format!("type de mesure inconnu « {kind} » (choisissez une mesure du catalogue)");
        }
        let known = between(r, "known types: ", "\n").map(|k| format!(" (types possibles\u{a0}: {k})")).unwrap_or_default();
        let guess = between(r, "did you mean `", "`").map(meant).unwrap_or_default();
        return format!("type de mesure inconnu « {kind} »{known}{guess}");
    }
    if let Some((code, place)) =
        r.strip_prefix("commune ").and_then(|x| x.strip_suffix(") is not in this scenario's territory")?.split_once(" ("))
    {
        return format!("la commune {code} ({place}) ne fait pas partie du territoire choisi");
    }
    if let Some((name, rest)) = r.strip_prefix("no zone is called \"").and_then(|x| x.split_once("\"; ")) {
        if let Some(code) = rest.strip_prefix("a real territory's zones are INSEE commune codes: write ") {
            return format!("aucune zone ne s'appelle «\u{a0}{name}\u{a0}»\u{a0}; les zones d'un territoire réel sont les codes INSEE de ses communes\u{a0}: écrivez {code}");
        }
        if let Some((who, place)) = rest.strip_suffix(", not in this scenario's territory").and_then(|x| x.split_once(" is commune ")) {
            return format!("aucune zone ne s'appelle «\u{a0}{name}\u{a0}»\u{a0}; {who} est la commune {place}, qui ne fait pas partie du territoire choisi");
        }
    }
    if let Some(code) = between(r, "no zone is called \"", "\"") {
        return format!("la commune {code} ne fait pas partie du territoire choisi");
    }
    if let Some(fr) = policy_refusal_fr(r) {
        return fr;
    }
    if let Some(name) = between(r, "duplicate variant name \"", "\"") {
        return format!("une autre variante s'appelle déjà « {name} » : donnez-lui un autre nom");
    }
    if r.starts_with("the variant changes nothing") {
        return "la variante ne change rien : ajoutez-lui au moins une mesure du catalogue".into();
    }
    if r.starts_with("must be a non-empty name other than \"base\"") {
        return "donnez-lui un nom, autre que «\u{a0}base\u{a0}» (le nom réservé au cas de base)".into();
    }
    if r.starts_with("must be a non-empty name") {
        return "donnez-lui un nom".into();
    }
    if r == crate::scenario::misplaced::VARIANT_POLICIES {
        return "une variante n'a pas de clé policies\u{a0}: écrivez add_policies = [ … ] pour ajouter des mesures dans cette variante \
                (extend_policies pour modifier une mesure existante, remove_policies pour en retirer une) ; les policies écrites avant \
                le premier [[variants]] sont celles de la base, dans toutes les variantes"
            .into();
    }
    if let Some((key, rest)) = r.strip_prefix('`').and_then(|x| x.split_once("` is a top-level key but is written after `[[")) {
        let header = rest.split("]]`").next().unwrap_or_default();
        let first = header.split('.').next().unwrap_or(header);
        return format!(
            "«\u{a0}{key}\u{a0}» est une clé de premier niveau mais elle est écrite après [[{header}]]\u{a0}: TOML la lit donc dans la dernière table [[{header}]]\u{a0}; \
             placez-la avant le premier [[{first}]] (les clés de premier niveau viennent avant toute [table] et [[table]] du fichier)"
        );
    }
    if let Some((name, names)) = between(r, "no territory is called \"", "\"").zip(between(r, "(the scenario's territories: ", ")")) {
        return format!("aucun territoire ne s'appelle «\u{a0}{name}\u{a0}» (territoires du scénario\u{a0}: {names})");
    }
    if let Some((w, _)) = r.strip_prefix("must be between -").and_then(|x| x.split_once(" (start of the warm-up) and 36500")) {
        return format!("doit être entre −{w} (début de la mise en régime) et 36\u{202F}500{got}");
    }
    if r == "give the scenario a name" {
        return "donnez un nom au scénario".into();
    }
    if r.starts_with("empty list of communes") {
        return if page {
            "aucune commune choisie : choisissez-en sur la carte ou par la recherche".into()
        } else {
            "aucune commune : donnez au moins un code INSEE".into()
        };
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
    if r.starts_with("no département \"") {
        return crate::geo::no_departement(between(r, "\"", "\"").unwrap_or_default(), true);
    }
    if let Some((_, number)) = r.split_once(crate::scenario::suggest::DECIMAL_POINT) {
        return format!("les nombres s'écrivent avec un point décimal, non une virgule\u{a0}: écrivez {number}");
    }
    if let Some(rest) = r.strip_prefix("must be a name (string)") {
        let quote = rest.split_once(crate::scenario::suggest::QUOTE_IT).map(|(_, q)| quote_it(q));
        return format!("doit être un nom (un texte){}", quote.unwrap_or_default());
    }
    if let Some(fr) = selection_fr(r) {
        return fr;
    }
    if r.contains("unknown commune") || r.contains("no commune") || r.contains("not a commune") {
        return format!("commune inconnue (code INSEE{})", between(r, "\"", "\"").map(|c| format!(" {c}")).unwrap_or_default());
    }
    format!("valeur refusée (détail en anglais\u{a0}: {r})")
}

/// « ; vouliez-vous dire « guess » ? », the one French form of serde's and
/// `scenario::suggest`'s "did you mean `guess`?" (no-break spaces before
/// « ; » and « ? », as French typography wants).
fn meant(guess: &str) -> String {
    format!("\u{a0}; vouliez-vous dire « {guess} »\u{a0}?")
}

/// « ; écrivez-le entre guillemets : "81" », the French of
/// `scenario::suggest::QUOTE_IT` (a number where a text is expected).
fn quote_it(quoted: &str) -> String {
    format!("\u{a0}; écrivez-le entre guillemets\u{a0}: {quoted}")
}

/// A territory that selects nothing (`geo::Dataset::select`, in a
/// scenario's words: `scenario::file_form`) in French, with its suggestions.
fn selection_fr(r: &str) -> Option<String> {
    // Several unknown commune codes of one list: each reason in French.
    let joiner = crate::geo::UNKNOWN_CODES_JOINER;
    if r.contains(&format!("{joiner}no commune has the INSEE code \"")) {
        let parts: Option<Vec<String>> = r.split(joiner).map(selection_fr).collect();
        return parts.map(|p| p.join(joiner));
    }
    let (head, guess) = match r.split_once("; did you mean ") {
        Some((h, g)) => (h, format!("\u{a0}; vouliez-vous dire {}\u{a0}?", g.trim_end_matches('?'))),
        None => (r, String::new()),
    };
    if let Some(d) = between(head, "no commune in département \"", "\" (codes are like") {
        return Some(format!("aucun département n'a le code «\u{a0}{d}\u{a0}» (les codes s'écrivent \"05\", \"2A\", \"971\"){guess}"));
    }
    if let Some(e) = between(head, "no commune in EPCI \"", "\" (give its 9-digit SIREN)") {
        return Some(format!("aucun EPCI n'a le numéro «\u{a0}{e}\u{a0}» (donnez son SIREN à 9 chiffres){guess}"));
    }
    if let Some(c) = between(head, "no commune has the INSEE code \"", "\"") {
        return Some(format!("aucune commune n'a le code INSEE «\u{a0}{c}\u{a0}»{guess}"));
    }
    None
}

/// The refusals of a variant's policies (`scenario::arms`, `resolve_variants`)
/// in French; None for any other reason. Keys and policy names stay as typed.
fn policy_refusal_fr(r: &str) -> Option<String> {
    if let Some((name, rest)) = r.strip_prefix('"').and_then(|x| x.split_once("\" is already extended at ")) {
        let at = rest.split(':').next().unwrap_or_default();
        return Some(format!("«\u{a0}{name}\u{a0}» est déjà étendue en {at}\u{a0}: donnez tous ses changements dans une seule table"));
    }
    if let Some((name, rest)) = r.strip_prefix("an extension changes \"").and_then(|x| x.split_once("\" for the whole run: with ")) {
        let key = rest.split(' ').next().unwrap_or_default();
        return Some(format!(
            "une extension change «\u{a0}{name}\u{a0}» pour toute la simulation\u{a0}: avec {key}, la structure qui existe aujourd'hui serait absente \
             hors de ces jours\u{a0}; pour ajouter des sites ou des membres à partir d'un jour donné, ajoutez une seconde politique avec add_policies et {key}"
        ));
    }
    if let Some(name) =
        r.strip_prefix('"').and_then(|x| x.strip_suffix("\" is also in this variant's extend_policies: remove it or extend it, not both"))
    {
        return Some(format!(
            "«\u{a0}{name}\u{a0}» est aussi dans extend_policies de cette variante\u{a0}: retirez-la ou étendez-la, pas les deux"
        ));
    }
    if let Some(name) = between(r, "a policy called \"", "\" is already in force") {
        return Some(format!("une politique «\u{a0}{name}\u{a0}» est déjà en vigueur\u{a0}; donnez un autre nom à la nouvelle"));
    }
    if let Some((label, rest)) = r.strip_prefix("this territory has no existing ").and_then(|x| x.split_once(" (today's organisation: ")) {
        let (today, kind) = rest.split_once("); to add one, use add_policies with type = ")?;
        return Some(format!(
            "ce territoire n'a pas de {label} aujourd'hui (organisation d'aujourd'hui\u{a0}: {today})\u{a0}; pour en ajouter, utilisez add_policies avec type = {kind}"
        ));
    }
    if let Some((other, rest)) = r.strip_prefix("unknown organisation \"").and_then(|x| x.split_once('"')) {
        let guess = between(rest, "did you mean `", "`").map(meant).unwrap_or_default();
        return Some(format!(
            "organisation inconnue «\u{a0}{other}\u{a0}»{guess}\u{a0}; écrivez \"today\" (les structures qui existent) ou \"none\" (aucune structure)"
        ));
    }
    if let Some((written, _)) = r.strip_prefix("give only one of ").and_then(|x| x.split_once(" (")) {
        return Some(format!(
            "un territoire se choisit d'une seule façon (archetype, zones, departement, epci, communes, around ou france)\u{a0}: gardez une seule de ces clés ({})",
            written.replace(" and ", " et ")
        ));
    }
    if let Some((kind, rest)) = r.strip_prefix("a ").and_then(|x| x.split_once(" policy does not read participation (only ")) {
        let (readers, tail) = rest.split_once(" do:")?;
        let example = between(tail, "e.g. ", " (docs").map(|e| format!(", par exemple {e}")).unwrap_or_default();
        return Some(format!(
            "une politique {kind} ne lit pas participation (seules {readers} la lisent\u{a0}: la part des MG qui y prennent part), elle ne changerait donc rien\u{a0}; \
             pour l'agrandir ou la réduire, changez ses propres clés{example}"
        ));
    }
    if let Some(rest) = r.strip_prefix("the base has no policy called \"") {
        let (name, tail) = rest.split_once('"')?;
        let guess = between(tail, "did you mean `", "`").map(meant).unwrap_or_default();
        let list = match tail.split_once("the base's policies: ") {
            Some((_, l)) => format!("\u{a0}; politiques de la base\u{a0}: {l}"),
            None if tail.contains("no policies at all") => {
                "\u{a0}; la base n'a aucune politique (organisation = \"today\" ajoute celles d'aujourd'hui, nommées today_…)".into()
            }
            None => String::new(),
        };
        return Some(format!("la base n'a pas de politique «\u{a0}{name}\u{a0}»{guess}{list}"));
    }
    None
}

/// serde's unknown field, completed by `scenario::suggest` ("unknown field
/// `x`; did you mean `y`?; expected one of `a`, `b`"): the page says « paramètre
/// inconnu » and the label of the key meant; the command line says « clé
/// inconnue », the keys expected and the key meant, as they are written.
fn unknown_key(r: &str, name: &str, reader: Reader) -> String {
    let guess = between(r, "did you mean `", "`");
    if reader == Reader::Page {
        let label = guess.map(|g| super::labels::parameter_label_fr(g).unwrap_or(g));
        return format!("paramètre inconnu « {name} »{}", label.map(meant).unwrap_or_default());
    }
    unknown(r, &format!("clé inconnue « {name} »"), "clés possibles", "aucune clé n'est attendue ici", guess)
}

/// serde's unknown variant, completed by `scenario::suggest` ("unknown
/// variant `rsik`; did you mean `risk`?; expected one of `risk`, `spread`"):
/// the value meant as it is written (a value, not a key: no label), and on
/// the command line the values expected.
fn unknown_value(r: &str, name: &str, reader: Reader) -> String {
    let guess = between(r, "did you mean `", "`");
    if reader == Reader::Page {
        return format!("valeur inconnue « {name} »{}", guess.map(meant).unwrap_or_default());
    }
    unknown(r, &format!("valeur inconnue « {name} »"), "valeurs possibles", "aucune valeur n'est attendue ici", guess)
}

/// The command line's « X inconnue « name » (possibles : a, b) ; vouliez-vous
/// dire « guess » ? », from the English list "expected one of `a`, `b`".
fn unknown(r: &str, head: &str, possible: &str, none: &str, guess: Option<&str>) -> String {
    let expected: Vec<&str> =
        between(r, "expected one of ", "\n").map(|list| list.split('`').skip(1).step_by(2).collect()).unwrap_or_default();
    let known = match (expected.is_empty(), r.contains("is expected here")) {
        (false, _) => format!(" ({possible}\u{a0}: {})", expected.join(", ")),
        (true, true) => format!(" ({none})"),
        (true, false) => String::new(),
    };
    format!("{head}{known}{}", guess.map(meant).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::Reader::{CommandLine, Page};
    use super::*;

    /// Trial 34 (a board on the Cantal): a variant called "base" was told « donnez-lui un nom »;
    /// `policies` in a variant was told, in English, to move it to the base; an unknown
    /// territory and a start day before the warm-up came « détail en anglais ».
    #[test]
    fn the_trial_34_refusals_are_said_in_french() {
        assert_eq!(
            reason_fr("must be a non-empty name other than \"base\"", CommandLine),
            "donnez-lui un nom, autre que «\u{a0}base\u{a0}» (le nom réservé au cas de base)"
        );
        let fr = reason_fr(crate::scenario::misplaced::VARIANT_POLICIES, CommandLine);
        assert!(fr.starts_with("une variante n'a pas de clé policies\u{a0}: écrivez add_policies"), "{fr}");
        let fr = reason_fr(
            "`years` is a top-level key but is written after `[[territories]]`, so TOML reads it as part of the last territory; \
             move it above the first `[[territories]]` (top-level keys come before every [table] and [[table]] of the file)",
            CommandLine,
        );
        assert!(fr.starts_with("«\u{a0}years\u{a0}» est une clé de premier niveau mais elle est écrite après [[territories]]"), "{fr}");
        assert!(fr.contains("placez-la avant le premier [[territories]]"), "{fr}");
        assert_eq!(
            reason_fr("no territory is called \"saint-flour\" (the scenario's territories: \"sf\", \"aurillac\")", CommandLine),
            "aucun territoire ne s'appelle «\u{a0}saint-flour\u{a0}» (territoires du scénario\u{a0}: \"sf\", \"aurillac\")"
        );
        assert_eq!(
            reason_fr("must be between -182 (start of the warm-up) and 36500 (got -300)", CommandLine),
            "doit être entre −182 (début de la mise en régime) et 36\u{202F}500 (vous avez saisi −300)"
        );
    }

    /// Several unknown commune codes of one list (`geo::Dataset::select`): each said in French.
    #[test]
    fn each_unknown_commune_of_a_list_is_said_in_french() {
        let r = "no commune has the INSEE code \"Millau\"; did you mean communes=12145 (Millau)? — \
                 no commune has the INSEE code \"Creissels\"; did you mean communes=12084 (Creissels)?";
        assert_eq!(
            reason_fr(r, CommandLine),
            "aucune commune n'a le code INSEE «\u{a0}Millau\u{a0}»\u{a0}; vouliez-vous dire communes=12145 (Millau)\u{a0}? — \
             aucune commune n'a le code INSEE «\u{a0}Creissels\u{a0}»\u{a0}; vouliez-vous dire communes=12084 (Creissels)\u{a0}?"
        );
    }

    /// Reasons as the validator gives them, in French with the value entered in French figures.
    #[test]
    fn reasons_are_said_in_french_with_the_value_entered() {
        assert_eq!(reason_fr("must be a share between 0 and 1 (got 1.5)", Page), "doit être comprise entre 0 et 1 (vous avez saisi 1,5)");
        // Trial 32: participation = 90 for 90 %.
        assert_eq!(crate::model::params::share_reason(90.0), "must be a share between 0 and 1 (got 90); for 90 %, write 0.9");
        // Stop 42's trial: 43.2 / 100 is 0.43200000000000005 in floating point; the hint says 0.432.
        assert_eq!(crate::model::params::share_reason(43.2), "must be a share between 0 and 1 (got 43.2); for 43.2 %, write 0.432");
        assert_eq!(crate::model::params::share_reason(1.5), "must be a share between 0 and 1 (got 1.5)");
        assert_eq!(crate::model::params::share_reason(2.5), "must be a share between 0 and 1 (got 2.5); for 2.5 %, write 0.025");
        assert_eq!(crate::model::params::share_reason(150.0), "must be a share between 0 and 1 (got 150)");
        assert_eq!(
            reason_fr(&crate::model::params::share_reason(90.0), CommandLine),
            "doit être comprise entre 0 et 1 (vous avez saisi 90)\u{a0}; pour 90 %, écrivez 0.9 (avec un point décimal)"
        );
        assert_eq!(reason_fr("must be zero or positive (got -1)", Page), "doit être supérieure ou égale à 0 (vous avez saisi −1)");
        assert_eq!(
            reason_fr("must be at most 1,000 lines per 100,000 inhabitants (got 1e9)", Page),
            "doit être d'au plus 1\u{202F}000 lignes pour 100\u{202F}000 habitants (vous avez saisi 1e9)"
        );
        assert_eq!(reason_fr("must be at most 3650 days", Page), "doit être d'au plus 3\u{202F}650 jours");
        assert_eq!(
            reason_fr("invalid value: integer `-1`, expected u32: must be a whole number from 1 to 200 on the web page (`parcours run` takes up to 100000)", Page),
            "doit être un nombre entier de 1 à 200 sur cette page (vous avez saisi −1)"
        );
        assert_eq!(
            reason_fr("invalid value: integer `-1`, expected u32", Page),
            "doit être un nombre entier positif ou nul (vous avez saisi −1)"
        );
        assert_eq!(
            reason_fr("invalid type: floating point `2.5`, expected u32", Page),
            "doit être un nombre entier positif ou nul (vous avez saisi 2,5)"
        );
        assert_eq!(reason_fr("must come after start_day (got 10)", Page), "doit venir après le jour de début (vous avez saisi 10)");
        assert_eq!(
            reason_fr("must be a number of years in (0, 50] (got 0)", Page),
            "doit être une durée de plus de 0 et d'au plus 50 ans (vous avez saisi 0)"
        );
        assert!(reason_fr("unknown field `doctorz`; did you mean `doctors`?; expected one of `doctors`", Page)
            .starts_with("paramètre inconnu « doctorz »\u{a0}; vouliez-vous dire « "));
        assert_eq!(reason_fr("must be a whole number from 1 to 100000", Page), "doit être un nombre entier de 1 à 100\u{202F}000");
        assert_eq!(
            reason_fr("invalid type: integer `81`, expected a string; write it in quotes: \"81\"", Page),
            "doit être un texte (vous avez saisi 81)\u{a0}; écrivez-le entre guillemets\u{a0}: \"81\""
        );
        assert_eq!(
            reason_fr("\"today_cpts\" is already extended at [0]: give every change of it in one table", CommandLine),
            "«\u{a0}today_cpts\u{a0}» est déjà étendue en [0]\u{a0}: donnez tous ses changements dans une seule table"
        );
        assert!(reason_fr("an extension changes \"today_cpts\" for the whole run: with start_day the structure …", CommandLine)
            .starts_with("une extension change «\u{a0}today_cpts\u{a0}» pour toute la simulation\u{a0}: avec start_day, la structure"));
        assert_eq!(
            reason_fr("\"today_msp\" is also in this variant's extend_policies: remove it or extend it, not both", CommandLine),
            "«\u{a0}today_msp\u{a0}» est aussi dans extend_policies de cette variante\u{a0}: retirez-la ou étendez-la, pas les deux"
        );
        assert_eq!(
            reason_fr("the base has no policy called \"today_cpt\"; did you mean `today_cpts`?; the base's policies: today_cpts, today_msp", CommandLine),
            "la base n'a pas de politique «\u{a0}today_cpt\u{a0}»\u{a0}; vouliez-vous dire « today_cpts »\u{a0}?\u{a0}; politiques de la base\u{a0}: today_cpts, today_msp"
        );
        assert_eq!(
            reason_fr("a policy called \"m\" is already in force; name the new one differently", CommandLine),
            "une politique «\u{a0}m\u{a0}» est déjà en vigueur\u{a0}; donnez un autre nom à la nouvelle"
        );
        assert_eq!(
            reason_fr("this territory has no existing SAS (today's organisation: today_cpts, today_dac); to add one, use add_policies with type = \"sas\"", CommandLine),
            "ce territoire n'a pas de SAS aujourd'hui (organisation d'aujourd'hui\u{a0}: today_cpts, today_dac)\u{a0}; pour en ajouter, utilisez add_policies avec type = \"sas\""
        );
        assert_eq!(
            reason_fr("no commune in département \"Creuse\" (codes are like \"05\", \"2A\", \"971\"); did you mean departement = \"23\" (Creuse)?", CommandLine),
            "aucun département n'a le code «\u{a0}Creuse\u{a0}» (les codes s'écrivent \"05\", \"2A\", \"971\")\u{a0}; vouliez-vous dire departement = \"23\" (Creuse)\u{a0}?"
        );
        assert_eq!(
            reason_fr("must be a name (string); write it in quotes: \"23176\"", CommandLine),
            "doit être un nom (un texte)\u{a0}; écrivez-le entre guillemets\u{a0}: \"23176\""
        );
        assert_eq!(
            reason_fr("unknown organisation \"aujourd hui\"; give \"today\" (the structures that exist) or \"none\" (no structure)", CommandLine),
            "organisation inconnue «\u{a0}aujourd hui\u{a0}»\u{a0}; écrivez \"today\" (les structures qui existent) ou \"none\" (aucune structure)"
        );
        assert!(reason_fr(
            "give only one of departement and communes (both written): a territory is chosen one way (archetype, …)",
            CommandLine
        )
        .ends_with("gardez une seule de ces clés (departement et communes)"));
        assert_eq!(
            reason_fr(
                "a teleconsultation policy does not read participation (only cpts, msp, sas, telexpertise do: the share of GPs taking part), so it would change nothing; \
                 to make it larger or smaller change its own keys, e.g. doctors = 4, consultations_per_day = 200 (docs/policies.md)",
                CommandLine
            ),
            "une politique teleconsultation ne lit pas participation (seules cpts, msp, sas, telexpertise la lisent\u{a0}: la part des MG qui y prennent part), \
             elle ne changerait donc rien\u{a0}; pour l'agrandir ou la réduire, changez ses propres clés, par exemple doctors = 4, consultations_per_day = 200"
        );
        assert_eq!(reason_fr("something new", Page), "valeur refusée (détail en anglais\u{a0}: something new)");
        assert_eq!(
            reason_fr(&crate::geo::no_departement("99", false), Page),
            "aucun département «\u{a0}99\u{a0}» (les départements sont 01–19, 2A, 2B, 21–95, 971–974, 976)"
        );
    }

    /// The command line names keys and values as they are written (the page
    /// a key by its label), lists those expected, and says true / false,
    /// not a box to tick.
    #[test]
    fn the_command_line_reads_the_keys_it_writes() {
        let unknown = "unknown field `particpation`; did you mean `participation`?; expected one of `call_share`, `participation`";
        assert_eq!(
            reason_fr(unknown, CommandLine),
            "clé inconnue « particpation » (clés possibles\u{a0}: call_share, participation)\u{a0}; vouliez-vous dire « participation »\u{a0}?"
        );
        assert_eq!(
            reason_fr("unknown field `x`; no field is expected here", CommandLine),
            "clé inconnue « x » (aucune clé n'est attendue ici)"
        );
        assert_eq!(
            reason_fr("unknown field `shared_slot`; did you mean `shared_slots`?; expected one of `shared_slots`", Page),
            "paramètre inconnu « shared_slot »\u{a0}; vouliez-vous dire « créneaux partagés »\u{a0}?"
        );
        let variant = "unknown variant `rsik`; did you mean `risk`?; expected one of `risk`, `spread`, `first`";
        assert_eq!(
            reason_fr(variant, CommandLine),
            "valeur inconnue « rsik » (valeurs possibles\u{a0}: risk, spread, first)\u{a0}; vouliez-vous dire « risk »\u{a0}?"
        );
        assert_eq!(reason_fr(variant, Page), "valeur inconnue « rsik »\u{a0}; vouliez-vous dire « risk »\u{a0}?");
        let kind = "unknown policy type \"saas\"; did you mean `sas`?; known types: cpts, msp, sas";
        assert_eq!(
            reason_fr(kind, CommandLine),
            "type de mesure inconnu « saas » (types possibles\u{a0}: cpts, msp, sas)\u{a0}; vouliez-vous dire « sas »\u{a0}?"
        );
        assert_eq!(reason_fr(kind, Page), "type de mesure inconnu « saas » (choisissez une mesure du catalogue)");
        assert_eq!(
            reason_fr(
                "no indicator named \"ed_visit\"; did you mean `ed_visits`? (`parcours scenario indicators` lists them)",
                CommandLine
            ),
            "aucun indicateur ne s'appelle « ed_visit »\u{a0}; vouliez-vous dire « ed_visits »\u{a0}? (parcours scenario indicators les liste)"
        );
        assert_eq!(
            reason_fr("\"waits\" is not an indicator (`parcours scenario indicators` lists them)", CommandLine),
            "aucun indicateur ne s'appelle « waits » (parcours scenario indicators les liste)"
        );
        assert_eq!(reason_fr("invalid type: string \"yes\", expected a boolean", CommandLine), "doit être true (oui) ou false (non)");
        assert_eq!(reason_fr("invalid type: string \"yes\", expected a boolean", Page), "doit être oui ou non (case cochée ou non)");
        // The same reason for both otherwise; a sentence ends with a full stop, a colon gets its no-break space.
        assert_eq!(
            reason_sentence_fr("must be a share between 0 and 1 (got 1.5)", CommandLine),
            "doit être comprise entre 0 et 1 (vous avez saisi 1,5)."
        );
        assert_eq!(
            reason_sentence_fr("the variant changes nothing", Page),
            "la variante ne change rien\u{a0}: ajoutez-lui au moins une mesure du catalogue."
        );
    }
}
