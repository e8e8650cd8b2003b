//! Finding a territory by name (`parcours territory find`): communes, EPCI
//! and départements whose name contains the query, accents, case, hyphens
//! and apostrophes ignored ("gueret" finds Guéret, "st etienne" finds
//! Saint-Étienne), each with the spec `territory show` and scenarios take.
//! An unknown name gets the nearest names by edit distance as suggestions
//! (a swap of two neighbouring letters counts as one edit: "Auhc" is Auch).
//! Messages come in English and French (`fr`), as the rest of the command
//! line and the web page.

use super::Dataset;

/// One territory found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// "commune", "EPCI" or "département".
    pub kind: &'static str,
    pub code: String,
    pub name: String,
    /// Where a commune lies: its département's name and code, "Creuse (23)".
    pub within: Option<String>,
    /// An EPCI's number of communes.
    pub communes: Option<u64>,
    /// What `territory show` takes: `communes=23096`, `epci=…`, `departement=23`.
    pub spec: String,
    /// Inhabitants (to order the answers).
    pub population: u64,
}

impl Found {
    /// Where it lies (a commune's département) and how big it is, in
    /// French when `fr`: "Creuse (23), 12,345 inhabitants", "7 communes,
    /// 3,456 inhabitants".
    pub fn detail_in(&self, fr: bool) -> String {
        let people = crate::io::counted(
            self.population,
            if fr { "habitant" } else { "inhabitant" },
            if fr { "habitants" } else { "inhabitants" },
            fr,
        );
        match (&self.within, self.communes) {
            (Some(w), _) => format!("{w}, {people}"),
            (None, Some(n)) => format!("{}, {people}", crate::io::counted(n, "commune", "communes", fr)),
            (None, None) => people,
        }
    }
}

/// Lower case, accents removed, every run of other characters one space,
/// "st"/"ste" read as "saint"/"sainte".
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(char::to_lowercase) {
        let plain = match ch {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => "a",
            'ç' => "c",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' | 'ì' => "i",
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ÿ' | 'ý' => "y",
            'ñ' => "n",
            'œ' => "oe",
            'æ' => "ae",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => " ",
        };
        out.push_str(plain);
    }
    out.split_whitespace()
        .map(|w| match w {
            "st" => "saint",
            "ste" => "sainte",
            w => w,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every commune, EPCI and département of the dataset as a candidate.
fn candidates(ds: &Dataset) -> Vec<Found> {
    let mut pop_of_dep = std::collections::HashMap::<&str, u64>::new();
    let mut pop_of_epci = std::collections::HashMap::<&str, (u64, usize)>::new();
    for c in ds.communes.iter().filter(|c| !c.arrondissement) {
        *pop_of_dep.entry(&c.dep).or_default() += c.population;
        let e = pop_of_epci.entry(&c.epci).or_default();
        e.0 += c.population;
        e.1 += 1;
    }
    let dep_name = |code: &str| ds.departements.iter().find(|d| d.0 == code).map_or("", |d| d.1.as_str()).to_string();
    let communes = ds.communes.iter().map(|c| Found {
        kind: "commune",
        code: c.insee.clone(),
        name: c.name.clone(),
        within: Some(format!("{} ({})", dep_name(&c.dep), c.dep)),
        communes: None,
        spec: format!("communes={}", c.insee),
        population: c.population,
    });
    let epcis = ds.epcis.iter().map(|(code, name)| {
        let (pop, n) = pop_of_epci.get(code.as_str()).copied().unwrap_or_default();
        Found {
            kind: "EPCI",
            code: code.clone(),
            name: name.clone(),
            within: None,
            communes: Some(n as u64),
            spec: format!("epci={code}"),
            population: pop,
        }
    });
    let deps = ds.departements.iter().map(|(code, name)| {
        let pop = pop_of_dep.get(code.as_str()).copied().unwrap_or_default();
        Found {
            kind: "département",
            code: code.clone(),
            name: name.clone(),
            within: None,
            communes: None,
            spec: format!("departement={code}"),
            population: pop,
        }
    });
    deps.chain(epcis).chain(communes).collect()
}

/// The territories whose name contains `query` (normalised): exact names
/// first, then départements, EPCI and communes, larger first. An error when
/// none does, with up to five suggestions.
pub fn find(ds: &Dataset, query: &str) -> Result<Vec<Found>, String> {
    find_in(ds, query, false)
}

/// [`find`] with its error message in French when `fr`.
pub fn find_in(ds: &Dataset, query: &str, fr: bool) -> Result<Vec<Found>, String> {
    // "Gers (32)", as results are shown, is the name before its code.
    let query = match query.trim().strip_suffix(')').and_then(|q| q.rsplit_once('(')) {
        Some((name, _)) if !normalise(name).is_empty() => name.trim(),
        _ => query,
    };
    let q = normalise(query);
    if q.is_empty() {
        return Err(if fr {
            format!("{query:?}\u{a0}: donnez le nom d'une commune, d'un EPCI ou d'un département (lettres ou chiffres)")
        } else {
            format!("{query:?}: give a name of a commune, an EPCI or a département (letters or digits)")
        });
    }
    let all = candidates(ds);
    let mut hits: Vec<(bool, usize, Found)> = Vec::new();
    for (order, f) in all.iter().enumerate() {
        let n = normalise(&f.name);
        // Codes as INSEE writes them, in any case (`2a` is Corse-du-Sud's
        // `2A`); a département's without its leading zero too (`1` is Ain's `01`).
        let code = f.code.eq_ignore_ascii_case(query.trim())
            || (f.kind == "département" && f.code.eq_ignore_ascii_case(&super::departement_code(query)));
        if n.contains(&q) || code {
            hits.push((n != q && !code, order, f.clone()));
        }
    }
    if hits.is_empty() && super::departement_like(query) {
        // "99", "2C": the codes there are, not names a few letters from it.
        return Err(super::no_departement(&super::departement_code(query), fr));
    }
    if hits.is_empty() {
        let ept = grand_paris_territory(&q).map(|_| ept_note(fr)).unwrap_or_default();
        return Err(if fr {
            format!("aucune commune, aucun EPCI ni département ne s'appelle {query:?}{}{ept}", did_you_mean(&all, &q, fr))
        } else {
            format!("no commune, EPCI or département is called {query:?}{}{ept}", did_you_mean(&all, &q, fr))
        });
    }
    let rank = |f: &Found| match f.kind {
        "département" => 0,
        "EPCI" => 1,
        _ => 2,
    };
    hits.sort_by(|a, b| a.0.cmp(&b.0).then(rank(&a.2).cmp(&rank(&b.2))).then(b.2.population.cmp(&a.2.population)).then(a.1.cmp(&b.1)));
    Ok(hits.into_iter().map(|h| h.2).collect())
}

/// The établissements publics territoriaux (EPT) of the Métropole du Grand
/// Paris outside Paris (T2 to T12; décrets n° 2015-1655 to 2015-1665 of
/// 11 December 2015). They are not EPCIs à fiscalité propre, so the
/// embedded EPCI table (data/epci.csv) has the Métropole but not them, and
/// their composition is not in `data/`: a search for one says so.
pub const GRAND_PARIS_TERRITORIES: [&str; 11] = [
    "Vallée Sud - Grand Paris",
    "Grand Paris Seine Ouest",
    "Paris Ouest La Défense",
    "Boucle Nord de Seine",
    "Plaine Commune",
    "Paris Terres d'Envol",
    "Est Ensemble",
    "Grand Paris - Grand Est",
    "Paris-Est-Marne et Bois",
    "Grand Paris Sud Est Avenir",
    "Grand-Orly Seine Bièvre",
];

/// The EPT of the Grand Paris whose name `q` (normalised) is, contains, is
/// part of (4 letters at least) or is near (edit distance at most a third
/// of its length), if any.
pub fn grand_paris_territory(q: &str) -> Option<&'static str> {
    let limit = (q.chars().count() / 3).max(1);
    GRAND_PARIS_TERRITORIES.into_iter().find(|name| {
        let n = normalise(name);
        (q.chars().count() >= 4 && (n.contains(q) || q.contains(&n))) || edit_distance(&n, q) <= limit
    })
}

/// What a search for an EPT of the Grand Paris answers (after the sentence
/// saying the name is not found).
pub fn ept_note(fr: bool) -> String {
    if fr {
        " ; les EPT du Grand Paris (Plaine Commune, Est Ensemble …) ne sont pas encore connus\u{a0}: leur composition n'est pas dans les données ; indiquez les communes (communes=CODE,CODE)".into()
    } else {
        "; the EPTs of the Grand Paris (Plaine Commune, Est Ensemble …) are not known yet: their composition is not in the data; give the communes (communes=CODE,CODE)".into()
    }
}

/// The names of `kind` ("commune", "EPCI", "département") `name` may mean:
/// those containing it, else the nearest by edit distance ([`nearest`]),
/// at most three, as `spec (name)`.
pub fn may_mean(ds: &Dataset, name: &str, kind: &str) -> Vec<String> {
    let shown = |f: &Found| format!("{} ({})", f.spec, f.name);
    let containing: Vec<String> = find(ds, name).unwrap_or_default().iter().filter(|f| f.kind == kind).take(3).map(shown).collect();
    if !containing.is_empty() {
        return containing;
    }
    let all: Vec<Found> = candidates(ds).into_iter().filter(|f| f.kind == kind).collect();
    nearest(&all, &normalise(name)).into_iter().take(3).map(shown).collect()
}

/// "; did you mean …?" (French: "; vouliez-vous dire … ?") with the five
/// names nearest to `q` by edit distance (at most a third of its length),
/// or nothing.
fn did_you_mean(all: &[Found], q: &str, fr: bool) -> String {
    let names: Vec<String> = nearest(all, q).iter().map(|f| format!("{} ({} {})", f.name, f.kind, f.code)).collect();
    match (names.is_empty(), fr) {
        (true, _) => String::new(),
        (false, true) => format!(" ; vouliez-vous dire {} ?", names.join(", ")),
        (false, false) => format!("; did you mean {}?", names.join(", ")),
    }
}

/// The five names nearest to `q` (normalised) by edit distance, of the whole
/// name or of one of its words, at most a third of `q`'s length (at least
/// 2): nearest first, then a whole name before a name with a word that
/// near ("Auch" before "Grand Auch"), then larger first. A name that
/// contains `q` is among them when near enough: "Aubervillier" (a letter
/// short) finds Aubervilliers before the farther Auberville.
fn nearest<'a>(all: &'a [Found], q: &str) -> Vec<&'a Found> {
    let limit = (q.chars().count() / 3).max(2);
    let mut near: Vec<(usize, bool, u64, &Found)> = all
        .iter()
        .filter_map(|f| {
            let n = normalise(&f.name);
            let whole = edit_distance(&n, q);
            let d = whole.min(n.split(' ').map(|w| edit_distance(w, q)).min().unwrap_or(usize::MAX));
            (d <= limit).then_some((d, whole > d, u64::MAX - f.population, f))
        })
        .collect();
    near.sort_by_key(|x| (x.0, x.1, x.2));
    near.into_iter().take(5).map(|x| x.3).collect()
}

/// Edit distance between two strings, by characters: insertions, deletions,
/// substitutions and swaps of two neighbouring letters each count one
/// (Damerau–Levenshtein, optimal string alignment: "auhc" is 1 from "auch",
/// 2 from "aude").
pub fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

/// The answer of `parcours territory find`, at most `max` lines of matches,
/// in French when `fr`.
pub fn report(ds: &Dataset, query: &str, max: usize, fr: bool) -> Result<String, String> {
    use std::fmt::Write;
    let found = find_in(ds, query, fr)?;
    let mut s = String::new();
    // A typo can still be part of other names ("cruse" in Cruseilles): unless
    // a name is the query itself, say which names are close to it.
    let q = normalise(query);
    let exact = |f: &Found| {
        normalise(&f.name) == q
            || f.code.eq_ignore_ascii_case(query.trim())
            || (f.kind == "département" && f.code.eq_ignore_ascii_case(&super::departement_code(query)))
    };
    if !found.iter().any(exact) && super::departement_like(query) {
        // "20" is in "Paris 20e Arrondissement", but no département's code.
        let _ = writeln!(s, "{}", super::no_departement(&super::departement_code(query), fr));
    } else if !found.iter().any(exact) {
        let all = candidates(ds);
        let close = nearest(&all, &q);
        if !close.is_empty() {
            let names: Vec<String> = close.iter().map(|f| format!("{} ({} {}, {})", f.name, f.kind, f.code, f.spec)).collect();
            if fr {
                let _ = writeln!(s, "aucun nom n'est exactement {query:?} ; vouliez-vous dire {} ?", names.join(", "));
            } else {
                let _ = writeln!(s, "no name is exactly {query:?}; did you mean {}?", names.join(", "));
            }
        }
    }
    // The name column as wide as the longest name shown (EPCI names run to 60 characters).
    let width = found.iter().take(max).map(|f| f.name.chars().count()).max().unwrap_or(0).max(40);
    for f in found.iter().take(max) {
        let _ = writeln!(s, "{:<12} {:<10} {:<width$} {:<45} {}", f.kind, f.code, f.name, f.detail_in(fr), f.spec);
    }
    if found.len() > max {
        let more = found.len() - max;
        if fr {
            let _ = writeln!(s, "… et {more} autre{} ; donnez un nom plus long", if more > 1 { "s" } else { "" });
        } else {
            let _ = writeln!(s, "… and {more} more; give a longer name");
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::dataset;

    /// The detail of a commune, an EPCI and a département in both
    /// languages, written by hand: one thousands rule and one plural rule
    /// (`io::counted`), a French singular below 2.
    #[test]
    fn details_group_thousands_and_agree_in_number() {
        let f = |within: Option<&str>, communes: Option<u64>, population: u64| Found {
            kind: "x",
            code: String::new(),
            name: String::new(),
            within: within.map(String::from),
            communes,
            spec: String::new(),
            population,
        };
        let commune = f(Some("Creuse (23)"), None, 12_345);
        assert_eq!(commune.detail_in(false), "Creuse (23), 12,345 inhabitants");
        assert_eq!(commune.detail_in(true), "Creuse (23), 12\u{202F}345 habitants");
        let epci = f(None, Some(1), 1);
        assert_eq!(epci.detail_in(false), "1 commune, 1 inhabitant");
        assert_eq!(epci.detail_in(true), "1 commune, 1 habitant");
        let dep = f(None, None, 1_234_567);
        assert_eq!(dep.detail_in(true), "1\u{202F}234\u{202F}567 habitants");
    }

    #[test]
    fn names_match_without_accents_or_case() {
        assert_eq!(normalise("Saint-Étienne"), "saint etienne");
        assert_eq!(normalise("ST  etienne"), "saint etienne");
        assert_eq!(normalise("L'Île-d'Yeu"), "l ile d yeu");
        let found = find(dataset(), "gueret").unwrap();
        assert_eq!((found[0].kind, found[0].code.as_str(), found[0].name.as_str()), ("commune", "23096", "Guéret"));
        assert_eq!(found[0].spec, "communes=23096");
        let creuse = find(dataset(), "CREUSE").unwrap();
        assert_eq!((creuse[0].kind, creuse[0].spec.as_str()), ("département", "departement=23"));
        assert!(find(dataset(), "grand gueret").unwrap().iter().any(|f| f.kind == "EPCI"));
    }

    /// Corse-du-Sud is `2A` and Haute-Corse `2B` in INSEE's code: `2a`
    /// and `2b` find them first, as `2A` and `2B` do.
    #[test]
    fn departement_codes_are_found_in_any_case() {
        for (q, name) in [("2a", "Corse-du-Sud"), ("2A", "Corse-du-Sud"), ("2b", "Haute-Corse")] {
            let found = find(dataset(), q).unwrap_or_else(|e| panic!("{q}: {e}"));
            assert_eq!((found[0].kind, found[0].name.as_str()), ("département", name), "{q}");
            assert_eq!(found[0].spec, format!("departement={}", q.to_uppercase()));
            // A code found is the query itself: no "did you mean" above it.
            assert!(!report(dataset(), q, 5, false).unwrap().contains("no name is exactly"), "{q}");
        }
    }

    /// A code no département has ("99", "2C", "975") is answered with the
    /// codes there are, not with names a few letters from it (trial: "99"
    /// suggested Marseille 9e Arrondissement and Eu); "1" is Ain's "01".
    #[test]
    fn an_unknown_departement_code_says_which_codes_exist() {
        for q in ["99", "2C", "975", "123"] {
            assert_eq!(
                find(dataset(), q).unwrap_err(),
                format!("no département \"{q}\" (départements are 01–19, 2A, 2B, 21–95, 971–974, 976)"),
                "{q}"
            );
            assert!(find_in(dataset(), q, true).unwrap_err().starts_with("aucun département"), "{q}");
        }
        // "20" is part of Paris 20e Arrondissement, which is listed, after the note on Corsica.
        let r = report(dataset(), "20", 5, false).unwrap();
        assert!(r.starts_with("no département \"20\": Corsica is two départements since 1976"), "{r}");
        assert!(!r.contains("did you mean"), "{r}");
        let found = find(dataset(), "1").unwrap();
        assert_eq!((found[0].kind, found[0].name.as_str()), ("département", "Ain"));
        assert!(!report(dataset(), "1", 5, false).unwrap().contains("no name is exactly"));
    }

    #[test]
    fn a_name_as_results_show_it_finds_itself() {
        let found = find(dataset(), "Gers (32)").unwrap();
        assert_eq!((found[0].kind, found[0].code.as_str()), ("département", "32"));
        let found = find(dataset(), "Guéret (23096)").unwrap();
        assert_eq!((found[0].kind, found[0].code.as_str()), ("commune", "23096"));
    }

    #[test]
    fn unknown_names_get_suggestions() {
        let e = find(dataset(), "Guerret").unwrap_err();
        assert!(e.contains("did you mean") && e.contains("Guéret"), "{e}");
        assert!(find(dataset(), "  -- ").unwrap_err().contains("give a name"));
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    /// "cruse" is part of Cruseilles, so the search finds something; the
    /// answer must still offer Creuse (one letter away: c-r-u-s-e + e).
    #[test]
    fn a_typo_inside_other_names_still_gets_suggestions() {
        let r = report(dataset(), "cruse", 20, false).unwrap();
        let first = r.lines().next().unwrap();
        assert!(first.starts_with("no name is exactly \"cruse\"; did you mean Creuse (département 23, departement=23)"), "{r}");
        assert!(r.contains("Cruseilles"), "{r}");
        // Accents folded both ways: "guerét" is Guéret exactly, no suggestion line.
        assert!(!report(dataset(), "guerét", 20, false).unwrap().contains("no name is exactly"));
        assert!(!report(dataset(), "Creuse", 20, false).unwrap().contains("no name is exactly"));
    }

    /// "Auhc" (two letters swapped in Auch) is one edit from Auch and two
    /// from Aude (d→h, e→c, by hand): the commune Auch comes first, then
    /// the EPCI Grand Auch (a word of its name is one edit away), and both
    /// before the larger Aude.
    #[test]
    fn a_swap_of_two_letters_finds_the_name_first() {
        assert_eq!(edit_distance("auhc", "auch"), 1);
        assert_eq!(edit_distance("auhc", "aude"), 2);
        let e = find(dataset(), "Auhc").unwrap_err();
        let at = |name: &str| e.find(name).unwrap_or_else(|| panic!("{name} missing: {e}"));
        assert!(e.contains("did you mean Auch (commune 32013)"), "{e}");
        assert!(at("Grand Auch") < at("Aude ("), "{e}");
    }

    /// A commune given by name with a typo ("Aubervillier", one letter
    /// short of Aubervilliers, 93001) gets the commune by name; a name far
    /// from any ("zzzzqqq") gets nothing.
    #[test]
    fn a_name_with_a_typo_may_mean_the_nearest_commune() {
        assert_eq!(may_mean(dataset(), "Aubervillier", "commune"), ["communes=93001 (Aubervilliers)"]);
        // Two letters off (by hand: "aubervilier" lacks an l and the s; limit 11 / 3 = 3).
        assert!(may_mean(dataset(), "Aubervilier", "commune").contains(&"communes=93001 (Aubervilliers)".to_string()));
        assert!(may_mean(dataset(), "zzzzqqq", "commune").is_empty());
        // `territory find`: the name the typo is part of comes first (by hand:
        // 1 edit to Aubervilliers, 2 to Auberville: "aubervillier" less "ier", plus "e").
        let r = report(dataset(), "Aubervillier", 20, false).unwrap();
        assert!(r.starts_with("no name is exactly \"Aubervillier\"; did you mean Aubervilliers (commune 93001, communes=93001)"), "{r}");
    }

    /// Plaine Commune (an EPT of the Grand Paris, not an EPCI) is not in the
    /// data: the search says so and asks for the communes, in both languages;
    /// a name that is no EPT does not get the note.
    #[test]
    fn the_grand_paris_territories_are_named_as_unknown() {
        let e = find_in(dataset(), "Plaine Commune", false).unwrap_err();
        assert!(e.contains("the EPTs of the Grand Paris") && e.contains("give the communes"), "{e}");
        let e = find_in(dataset(), "plaine-communes", true).unwrap_err();
        assert!(e.contains("les EPT du Grand Paris") && e.contains("indiquez les communes"), "{e}");
        assert!(find_in(dataset(), "Est Ensemble", true).unwrap_err().contains("EPT"));
        assert!(!find(dataset(), "Zzyzx").unwrap_err().contains("EPT"));
        assert_eq!(grand_paris_territory(&normalise("Grand Orly Seine Bievre")), Some("Grand-Orly Seine Bièvre"));
    }

    #[test]
    fn answers_in_french() {
        let e = find_in(dataset(), "Auhc", true).unwrap_err();
        assert!(e.starts_with("aucune commune, aucun EPCI ni département ne s'appelle \"Auhc\" ; vouliez-vous dire Auch"), "{e}");
        let r = report(dataset(), "cruse", 20, true).unwrap();
        assert!(r.starts_with("aucun nom n'est exactement \"cruse\" ; vouliez-vous dire Creuse"), "{r}");
        assert!(r.contains(" habitants") && !r.contains("inhabitants"), "{r}");
        let many = report(dataset(), "saint", 3, true).unwrap();
        assert!(many.lines().last().unwrap().starts_with("… et ") && many.contains("autres ; donnez un nom plus long"), "{many}");
    }
}
