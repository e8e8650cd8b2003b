//! Addressing one value of a scenario file by a dotted path.
//!
//! Experiments vary scenario values and probabilistic sensitivity analysis
//! samples them; both name a value by its path in the scenario text, e.g.
//! `parameters.choice.asc_ed`, `policies.sas.participation`,
//! `territories.rural.population` or
//! `variants.msp.add_policies.msp.participation`. In an array (`policies`,
//! `territories`, `variants`, `add_policies`) a segment picks the element
//! whose `name` is that segment, else the one whose `type` is (if only one
//! has it), else the element at that index (`policies.0.participation`).
//! In a list of numbers (a fixed-length parameter array such as
//! `specialists.follow_up_share`) the last segment is the element's 0-based
//! index: `parameters.specialists.follow_up_share.0`; an array the scenario
//! does not write starts from the base's `[parameters]` value (for a
//! variant's overrides), else from the documented default, and only the
//! element named changes.
//! Values are set in the TOML document (comments and layout kept), then the
//! text is validated like any scenario: a path never bypasses validation.

use toml_edit::{DocumentMut, Item, TableLike, Value};

use crate::model::params::Parameters;

/// Parses `text` as an editable TOML document.
pub fn document(text: &str) -> Result<DocumentMut, String> {
    text.parse::<DocumentMut>().map_err(|e| format!("not valid TOML: {}", e.message()))
}

/// Sets the number at `path` in `doc` (integer when `integer` or when the
/// value replaced was an integer). Missing tables on the way are created;
/// missing array elements are an error.
pub fn set_number(doc: &mut DocumentMut, path: &str, value: f64, integer: bool) -> Result<(), String> {
    let segs = split(path)?;
    if !value.is_finite() {
        return Err(format!("{path}: {value} is not a finite number"));
    }
    let default = default_array(doc, &segs);
    set_in(doc.as_table_mut(), &segs, path, value, integer, default.as_ref())
}

/// [`set_number`] for a caller that reports a [`crate::scenario::Problem`]
/// under `path`: its reason without the path it would repeat
/// ("p: p: speed_kmh has 4 values…").
pub fn set_number_problem(doc: &mut DocumentMut, path: &str, value: f64, integer: bool) -> Result<(), crate::scenario::Problem> {
    set_number(doc, path, value, integer).map_err(|reason| crate::scenario::Problem {
        line: None,
        path: path.to_string(),
        reason: reason.strip_prefix(&format!("{path}: ")).map_or(reason.clone(), str::to_string),
    })
}

/// `text` with numbers set at paths, and its scenario, validated: the one
/// way an experiment's point and the Python API's `with_parameters` edit a
/// scenario. `values` are `(path, value, integer)`. A path that names
/// nothing is a problem under that path, every such path reported. A
/// problem of the edited scenario keeps the line of its path in `text` (the
/// text its author wrote) unless it is at a value set here: that value's
/// line is in the edited text, which nobody wrote or sees, so it has none
/// and `origin` should say what was set ("tiny.toml with gp.x = 2").
pub fn edit(
    text: &str,
    origin: &str,
    values: &[(&str, f64, bool)],
) -> Result<(String, crate::scenario::Scenario), crate::scenario::ScenarioError> {
    use crate::scenario::{Problem, ScenarioError};
    let mut doc = document(text).map_err(|reason| ScenarioError::Unreadable { origin: origin.to_string(), reason })?;
    let problems: Vec<Problem> =
        values.iter().filter_map(|(path, v, integer)| set_number_problem(&mut doc, path, *v, *integer).err()).collect();
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid { origin: origin.to_string(), problems });
    }
    // Problems name elements by index (`territories[0].population`), paths
    // also by name (`territories.valley.population`): both forms compared.
    let set: Vec<String> = values.iter().flat_map(|(path, _, _)| [path.to_string(), indexed(&doc, path)]).collect();
    let set_here = |p: &str| {
        let p = p.replace('[', ".").replace(']', "");
        set.iter().any(|path| p == *path || p.starts_with(&format!("{path}.")))
    };
    let edited = doc.to_string();
    let scenario = crate::scenario::parse(&edited, origin).map_err(|e| match e {
        ScenarioError::Invalid { origin, problems } => ScenarioError::Invalid {
            origin,
            problems: problems
                .into_iter()
                .map(|p| {
                    let line = if set_here(&p.path) { None } else { crate::scenario::locate::line_of(text, &p.path) };
                    Problem { line, ..p }
                })
                .collect(),
        },
        other => other,
    })?;
    Ok((edited, scenario))
}

/// `path` with each element of an array of tables named by its index
/// (`territories.valley.population` → `territories.0.population`), as a
/// problem's path names it (`territories[0].population`, dots for brackets).
fn indexed(doc: &DocumentMut, path: &str) -> String {
    let Ok(segs) = split(path) else { return path.to_string() };
    let mut out: Vec<String> = Vec::new();
    let mut node = Some(doc.as_item());
    let mut segs = segs.into_iter();
    while let Some(seg) = segs.next() {
        out.push(seg.to_string());
        node = node.and_then(|n| n.get(seg));
        let tables: Option<Vec<&dyn TableLike>> = match node {
            Some(Item::ArrayOfTables(a)) => Some(a.iter().map(|t| t as &dyn TableLike).collect()),
            Some(Item::Value(Value::Array(a))) if !a.is_empty() && a.iter().all(Value::is_inline_table) => {
                Some(a.iter().filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike)).collect())
            }
            _ => None,
        };
        let Some(tables) = tables else { continue };
        let Some(sel) = segs.next() else { break };
        match pick(tables, sel) {
            Some(i) => {
                out.push(i.to_string());
                node = node.and_then(|n| n.get(i));
            }
            None => {
                out.push(sel.to_string());
                node = None;
            }
        }
    }
    out.join(".")
}

/// The error of a list of `len` values named by something other than an index.
fn not_an_index(path: &str, first: &str, len: usize) -> String {
    format!("{path}: {first} is a list of {len} values: an index (0 to {}) is expected as the last segment", len.saturating_sub(1))
}

/// The array an element path (`….follow_up_share.0`) under `parameters`
/// starts from when the scenario does not write it: the base's
/// `[parameters]` value (which a variant's overrides start from), else the
/// default of [`Parameters`]. `None` when `segs` is not such a path.
fn default_array(doc: &DocumentMut, segs: &[&str]) -> Option<toml_edit::Array> {
    let (_, head) = segs.split_last()?;
    let at = head.iter().rposition(|s| *s == "parameters")?;
    let key = &head[at + 1..];
    if key.is_empty() {
        return None;
    }
    let base: Vec<&str> = std::iter::once("parameters").chain(key.iter().copied()).collect();
    if let Some(a) = get_in(doc.as_table(), &base).and_then(Item::as_array) {
        return Some(a.clone());
    }
    let defaults = toml::Value::try_from(Parameters::default()).ok()?;
    let mut v = &defaults;
    for k in key {
        v = v.get(*k)?;
    }
    let mut out = toml_edit::Array::new();
    for x in v.as_array()? {
        match x {
            toml::Value::Float(f) => out.push(*f),
            toml::Value::Integer(i) => out.push(*i),
            toml::Value::Boolean(b) => out.push(*b),
            _ => return None,
        }
    }
    Some(out)
}

/// Sets element `sel` (a 0-based index) of the list of values `first` of
/// `node` (created from `default` when absent); `None` when `first` is not
/// such a list (or `sel` not an index), for the caller's other cases.
fn set_element(
    node: &mut dyn TableLike,
    first: &str,
    sel: &str,
    path: &str,
    value: f64,
    integer: bool,
    default: Option<&toml_edit::Array>,
) -> Option<Result<(), String>> {
    let Ok(i) = sel.parse::<usize>() else {
        // A name (`.rural`) or a negative number (`.-1`) where an index is expected.
        let len = match node.get(first) {
            Some(Item::Value(Value::Array(a))) if a.iter().all(|v| !v.is_inline_table()) => a.len(),
            None => default?.len(),
            _ => return None,
        };
        return Some(Err(not_an_index(path, first, len)));
    };
    match node.get(first) {
        Some(Item::Value(Value::Array(a))) if a.iter().all(|v| !v.is_inline_table()) => {}
        None if default.is_some() => {
            node.insert(first, Item::Value(Value::Array(default.expect("checked").clone())));
        }
        _ => return None,
    }
    let a = node.get_mut(first).and_then(Item::as_array_mut).expect("a list of values, present or inserted");
    if i >= a.len() {
        return Some(Err(format!(
            "{path}: {first} has {} values, indices 0 to {}; {i} is out of range",
            a.len(),
            a.len().saturating_sub(1)
        )));
    }
    let was_integer = matches!(a.get(i), Some(Value::Integer(_)));
    let new = if integer || was_integer { Value::from(value.round() as i64) } else { Value::from(value) };
    a.replace(i, new);
    Some(Ok(()))
}

/// The number at `path` in `doc`, if there is one.
pub fn get_number(doc: &DocumentMut, path: &str) -> Option<f64> {
    let segs = split(path).ok()?;
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i.value() as f64),
        Value::Float(f) => Some(*f.value()),
        _ => None,
    };
    if let Some(item) = get_in(doc.as_table(), &segs) {
        return number(item.as_value()?);
    }
    // An element of a list of values: `….follow_up_share.0`.
    let (last, head) = segs.split_last()?;
    let i: usize = last.parse().ok()?;
    number(get_in(doc.as_table(), head)?.as_array()?.get(i)?)
}

/// The item at `path` (any kind), if there is one.
pub fn get_item<'a>(doc: &'a DocumentMut, path: &str) -> Option<&'a Item> {
    get_in(doc.as_table(), &split(path).ok()?)
}

fn split(path: &str) -> Result<Vec<&str>, String> {
    let segs: Vec<&str> = path.split('.').collect();
    if segs.iter().any(|s| s.trim().is_empty()) {
        return Err(format!("{path:?} is not a path (segments separated by dots, none empty)"));
    }
    Ok(segs)
}

fn set_in(
    node: &mut dyn TableLike,
    segs: &[&str],
    path: &str,
    value: f64,
    integer: bool,
    default: Option<&toml_edit::Array>,
) -> Result<(), String> {
    let (first, rest) = segs.split_first().expect("split gives at least one segment");
    if let [sel] = rest {
        if let Some(done) = set_element(node, first, sel, path, value, integer, default) {
            return done;
        }
    }
    if rest.is_empty() {
        let was_integer = matches!(node.get(first).and_then(Item::as_value), Some(Value::Integer(_)));
        let old_is_number = matches!(node.get(first).and_then(Item::as_value), Some(Value::Integer(_) | Value::Float(_)));
        let is_table = node.get(first).is_some_and(|i| i.is_table_like() && i.as_table_like().is_some_and(|t| !t.contains_key("dist")));
        if is_table {
            return Err(format!("{path}: is a table, not a number"));
        }
        // A model parameter that holds a whole number is rounded, written in the scenario or not.
        let whole = path.rsplit_once("parameters.").is_some_and(|(_, p)| crate::model::params::is_integer_parameter(p));
        let new = if integer || whole || (was_integer && old_is_number) {
            toml_edit::value(value.round() as i64)
        } else {
            toml_edit::value(value)
        };
        node.insert(first, new);
        return Ok(());
    }
    if node.get(first).is_none() {
        // Only parameter tables may be created: elements of arrays (policies,
        // territories, variants) must exist, or the path has a typo.
        if *first != "parameters" && !path.split('.').take_while(|s| s != first).any(|s| s == "parameters") {
            if let Some(why) = rest.first().and_then(|sel| todays_structure(path, first, sel)) {
                return Err(why);
            }
            // A model parameter written without its `parameters.` root
            // (as `Scenario::with_parameters` takes it): say where it lives.
            if path.starts_with(first) && crate::model::params::param_doc(path).is_some() {
                return Err(format!(
                    "{path}: the scenario has no {first:?} here; a model parameter is written under `parameters.` in an experiment file: did you mean `parameters.{path}`?"
                ));
            }
            return Err(format!("{path}: the scenario has no {first:?} here"));
        }
        node.insert(first, toml_edit::value(toml_edit::InlineTable::new()));
    }
    let item = node.get_mut(first).expect("present or inserted");
    match item {
        Item::ArrayOfTables(a) => {
            let (sel, rest2) = rest.split_first().expect("rest not empty");
            let idx = pick(a.iter().map(|t| t as &dyn TableLike).collect(), sel).ok_or_else(|| no_element(path, first, sel))?;
            let t = a.get_mut(idx).expect("picked index exists");
            descend_or_set(t, rest2, path, value, integer, sel, default)
        }
        Item::Value(Value::Array(a)) => {
            let (sel, rest2) = rest.split_first().expect("rest not empty");
            let tables: Vec<&dyn TableLike> = a.iter().filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike)).collect();
            if tables.len() != a.len() {
                return Err(not_an_index(path, first, a.len()));
            }
            let idx = pick(tables, sel).ok_or_else(|| no_element(path, first, sel))?;
            let t = a.get_mut(idx).and_then(Value::as_inline_table_mut).expect("picked inline table");
            descend_or_set(t, rest2, path, value, integer, sel, default)
        }
        other => match other.as_table_like_mut() {
            Some(t) => set_in(t, rest, path, value, integer, default),
            None => Err(format!("{path}: {first} is a value, not a table")),
        },
    }
}

fn descend_or_set(
    t: &mut dyn TableLike,
    rest: &[&str],
    path: &str,
    value: f64,
    integer: bool,
    sel: &str,
    default: Option<&toml_edit::Array>,
) -> Result<(), String> {
    if rest.is_empty() {
        return Err(format!("{path}: ends at the element {sel:?}; name one of its fields"));
    }
    set_in(t, rest, path, value, integer, default)
}

fn no_element(path: &str, array: &str, sel: &str) -> String {
    if let Some(why) = todays_structure(path, array, sel) {
        return why;
    }
    format!("{path}: no element of {array} is named {sel:?} (by `name`, by `type` if only one has it, or by index)")
}

/// Why a path cannot name one of today's structures (`policies.today_cpts.…`)
/// in the base, and how to vary it: `organisation = "today"` builds them
/// from data, they are not in the scenario's text, which paths edit. A
/// variant's `extend_policies` table naming the structure is in the text, so
/// its values can be factors. `None` when `array` is not `policies` or `sel`
/// is not a `today_…` name.
fn todays_structure(path: &str, array: &str, sel: &str) -> Option<String> {
    if array != "policies" || !sel.starts_with("today_") {
        return None;
    }
    let key = path.rsplit('.').next().unwrap_or("participation");
    Some(format!(
        "{path}: {sel:?} is one of today's structures, built by organisation = \"today\" from data, not written in the scenario, \
         so an experiment cannot set it in the base; to vary it, extend it in a variant, e.g. \
         [[variants]] name = \"v\" extend_policies = [{{ name = \"{sel}\", {key} = … }}] (its value at the base's), \
         and vary \"variants.v.extend_policies.{sel}.{key}\": each point's differences v − base are the effect of that value \
         (docs/experiments.md § 2, today's structures)"
    ))
}

/// The index of the element a path segment selects.
fn pick(tables: Vec<&dyn TableLike>, sel: &str) -> Option<usize> {
    let field = |t: &dyn TableLike, k: &str| t.get(k).and_then(Item::as_str).map(str::to_string);
    if let Some(i) = tables.iter().position(|t| field(*t, "name").as_deref() == Some(sel)) {
        return Some(i);
    }
    let typed: Vec<usize> = tables.iter().enumerate().filter(|(_, t)| field(**t, "type").as_deref() == Some(sel)).map(|(i, _)| i).collect();
    if typed.len() == 1 {
        return Some(typed[0]);
    }
    sel.parse::<usize>().ok().filter(|&i| i < tables.len())
}

fn get_in<'a>(node: &'a dyn TableLike, segs: &[&str]) -> Option<&'a Item> {
    let (first, rest) = segs.split_first()?;
    let item = node.get(first)?;
    if rest.is_empty() {
        return Some(item);
    }
    match item {
        Item::ArrayOfTables(a) => {
            let idx = pick(a.iter().map(|t| t as &dyn TableLike).collect(), rest[0])?;
            get_in(a.get(idx)?, &rest[1..])
        }
        Item::Value(Value::Array(a)) => {
            let tables: Vec<&dyn TableLike> = a.iter().filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike)).collect();
            let idx = pick(tables.clone(), rest[0])?;
            get_in(tables[idx], &rest[1..])
        }
        other => get_in(other.as_table_like()?, rest),
    }
}

/// The path segment that selects element `idx` of `tables`: its name, its
/// type when that is unique, else its index.
pub fn segment_for(tables: &[&dyn TableLike], idx: usize) -> String {
    let field = |t: &dyn TableLike, k: &str| t.get(k).and_then(Item::as_str).map(str::to_string);
    for key in ["name", "type"] {
        if let Some(v) = field(tables[idx], key) {
            if !v.contains('.') && pick(tables.to_vec(), &v) == Some(idx) {
                return v;
            }
        }
    }
    idx.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"
name = "x"
[[territories]]
name = "rural"
population = 1000
[[policies]]
type = "sas"
participation = 0.5
[[variants]]
name = "msp"
add_policies = [{ type = "msp", participation = 0.4 }]
"#;

    fn set(text: &str, path: &str, v: f64) -> Result<String, String> {
        let mut d = document(text)?;
        set_number(&mut d, path, v, false)?;
        Ok(d.to_string())
    }

    #[test]
    fn values_are_set_by_name_type_or_index() {
        let t = set(TEXT, "policies.sas.participation", 0.8).unwrap();
        assert_eq!(get_number(&document(&t).unwrap(), "policies.sas.participation"), Some(0.8));
        let t = set(TEXT, "policies.0.participation", 0.7).unwrap();
        assert_eq!(get_number(&document(&t).unwrap(), "policies.sas.participation"), Some(0.7));
        let t = set(TEXT, "variants.msp.add_policies.msp.participation", 0.9).unwrap();
        assert_eq!(get_number(&document(&t).unwrap(), "variants.msp.add_policies.0.participation"), Some(0.9));
        // Integers stay integers; missing tables are created.
        let t = set(TEXT, "territories.rural.population", 2500.4).unwrap();
        assert!(t.contains("population = 2500\n"), "{t}");
        let t = set(TEXT, "parameters.choice.asc_ed", -1.5).unwrap();
        assert_eq!(get_number(&document(&t).unwrap(), "parameters.choice.asc_ed"), Some(-1.5));
    }

    #[test]
    fn an_array_element_is_set_by_its_index() {
        // Not written: the documented default [22, 38, 55, 48] km/h with element 1 changed.
        let t = set(TEXT, "parameters.travel.speed_kmh.1", 30.0).unwrap();
        let d = document(&t).unwrap();
        let got: Vec<f64> = (0..4).map(|i| get_number(&d, &format!("parameters.travel.speed_kmh.{i}")).unwrap()).collect();
        assert_eq!(got, [22.0, 30.0, 55.0, 48.0]);
        assert_eq!(get_number(&d, "parameters.travel.speed_kmh.4"), None);
        // A variant's override starts from the base's written value, not the default.
        let base = format!("{TEXT}[parameters.travel]\nspeed_kmh = [1.0, 2.0, 3.0, 4.0]\n");
        let t = set(&base, "variants.msp.parameters.travel.speed_kmh.2", 9.0).unwrap();
        let d = document(&t).unwrap();
        let got: Vec<f64> = (0..4).map(|i| get_number(&d, &format!("variants.msp.parameters.travel.speed_kmh.{i}")).unwrap()).collect();
        assert_eq!(got, [1.0, 2.0, 9.0, 4.0]);
        assert_eq!(get_number(&d, "parameters.travel.speed_kmh.2"), Some(3.0), "the base is unchanged");
        // Integers stay integers in a list of integers.
        let t = set("[parameters.gp]\ndaily_slot_caps = [10, 12]\n", "parameters.gp.daily_slot_caps.1", 7.6).unwrap();
        assert!(t.contains("daily_slot_caps = [10, 8]"), "{t}");
    }

    #[test]
    fn a_bad_array_element_says_why() {
        let e = set(TEXT, "parameters.travel.speed_kmh.4", 30.0).unwrap_err();
        assert!(e.contains("speed_kmh has 4 values, indices 0 to 3; 4 is out of range"), "{e}");
        let base = format!("{TEXT}[parameters.travel]\nspeed_kmh = [1.0, 2.0, 3.0, 4.0]\n");
        let e = set(&base, "parameters.travel.speed_kmh.x", 30.0).unwrap_err();
        assert_eq!(e, "parameters.travel.speed_kmh.x: speed_kmh is a list of 4 values: an index (0 to 3) is expected as the last segment");
        // Not written (the default's 4 values): a name or a negative index is refused the same way, the path whole.
        for bad in ["rural", "-1"] {
            let path = format!("parameters.travel.speed_kmh.{bad}");
            let e = set(TEXT, &path, 30.0).unwrap_err();
            assert_eq!(e, format!("{path}: speed_kmh is a list of 4 values: an index (0 to 3) is expected as the last segment"));
        }
        // A caller's problem does not repeat the path.
        let mut d = document(TEXT).unwrap();
        let p = set_number_problem(&mut d, "parameters.travel.speed_kmh.4", 1.0, false).unwrap_err();
        assert_eq!(
            (p.path.as_str(), p.reason.as_str()),
            ("parameters.travel.speed_kmh.4", "speed_kmh has 4 values, indices 0 to 3; 4 is out of range")
        );
        // An index ending at an element of a list of tables names a policy,
        // not a number: the element is not replaced by the value.
        let e = set(TEXT, "variants.msp.add_policies.0", 0.1).unwrap_err();
        assert!(e.contains("variants.msp.add_policies.0: ends at the element \"0\"; name one of its fields"), "{e}");
        // An index under an array the scenario does not write and that is
        // not a parameter (no default to start from): an error, no panic.
        let e = set(TEXT, "territories.rural.nosuch.0", 1.0).unwrap_err();
        assert!(e.contains("territories.rural.nosuch.0: the scenario has no \"nosuch\" here"), "{e}");
        // A model parameter without its `parameters.` root is pointed to it
        // (the Python API's with_parameters takes the short form).
        let e = set(TEXT, "gp.unscheduled_share", 0.3).unwrap_err();
        assert_eq!(
            e,
            "gp.unscheduled_share: the scenario has no \"gp\" here; a model parameter is written under `parameters.` in an experiment file: did you mean `parameters.gp.unscheduled_share`?"
        );
    }

    /// A tiny valid scenario, for [`edit`].
    const VALID: &str = "name = \"t\"\nyears = 0.1\n\n[[territories]]\nname = \"valley\"\narchetype = \"rural\"\npopulation = 3000\narea_km2 = 300\nzone_count = 4\n";

    #[test]
    fn an_edit_names_each_path_once_and_no_line_of_the_edited_text() {
        use crate::scenario::ScenarioError;
        let (text, s) = edit(VALID, "t", &[("parameters.gp.unscheduled_share", 0.3, false)]).unwrap();
        assert!(text.contains("unscheduled_share = 0.3") && s.name == "t", "{text}");
        // Every path naming nothing, a bad index and a value not finite: each
        // path once in the message (the reason does not repeat it).
        let set = [
            ("parameters.travel.speed_kmh.7", 1.0, false),
            ("policies.today_cpts.participation", 0.5, false),
            ("parameters.gp.unscheduled_share", f64::INFINITY, false),
        ];
        let e = edit(VALID, "t", &set).unwrap_err();
        let ScenarioError::Invalid { problems, .. } = &e else { panic!("{e}") };
        assert_eq!(problems.len(), 3, "{e}");
        let message = e.to_string();
        for (path, _, _) in set {
            assert_eq!(message.matches(&format!("{path}:")).count(), 1, "{path} once in: {message}");
        }
        assert!(message.contains("t: parameters.gp.unscheduled_share: inf is not a finite number"), "{message}");
        assert!(message.contains("t: parameters.travel.speed_kmh.7: speed_kmh has 4 values"), "{message}");
        // A value out of range: its path, no line of the edited text (the
        // table it created is past the end of the text written).
        let e = edit(VALID, "t with gp.unscheduled_share = 5", &[("parameters.gp.unscheduled_share", 5.0, false)]).unwrap_err();
        let ScenarioError::Invalid { problems, .. } = &e else { panic!("{e}") };
        assert_eq!((problems[0].line, problems[0].path.as_str()), (None, "parameters.gp.unscheduled_share"), "{e}");
        assert!(e.to_string().starts_with("t with gp.unscheduled_share = 5: parameters.gp.unscheduled_share: "), "{e}");
        // A value set in an element named by its name, the problem naming it by index: no line either.
        let e = edit(VALID, "t", &[("territories.valley.population", -3.0, true)]).unwrap_err();
        let ScenarioError::Invalid { problems, .. } = &e else { panic!("{e}") };
        assert_eq!((problems[0].line, problems[0].path.as_str()), (None, "territories[0].population"), "{e}");
        let doc = document(TEXT).unwrap();
        assert_eq!(indexed(&doc, "variants.msp.add_policies.msp.participation"), "variants.0.add_policies.0.participation");
        assert_eq!(indexed(&doc, "policies.sas.participation"), "policies.0.participation");
        assert_eq!(indexed(&doc, "parameters.gp.x"), "parameters.gp.x");
        assert_eq!(indexed(&doc, "territories.nosuch.population"), "territories.nosuch.population");
        // A problem elsewhere keeps its line in the text written.
        let e = edit(&VALID.replace("zone_count = 4", "zone_count = 0"), "t", &[("years", 0.2, false)]).unwrap_err();
        let ScenarioError::Invalid { problems, .. } = &e else { panic!("{e}") };
        assert_eq!((problems[0].line, problems[0].path.as_str()), (Some(9), "territories[0].zone_count"), "{e}");
    }

    #[test]
    fn bad_paths_say_why() {
        assert!(set(TEXT, "policies.pdsa.participation", 0.1).unwrap_err().contains("no element of policies"));
        assert!(set("name = \"x\"", "policies.sas.participation", 0.1).unwrap_err().contains("has no \"policies\""));
        // Today's structures are built from data, not written: the error says how to vary one.
        let e = set("name = \"x\"", "policies.today_cpts.participation", 0.5).unwrap_err();
        assert!(e.starts_with("policies.today_cpts.participation: \"today_cpts\" is one of today's structures"), "{e}");
        assert!(e.contains("and vary \"variants.v.extend_policies.today_cpts.participation\""), "{e}");
        let e = set("name = \"x\"\n[[policies]]\ntype = \"sas\"\n", "policies.today_dac.capacity_cases", 300.0).unwrap_err();
        assert!(e.contains("extend_policies = [{ name = \"today_dac\", capacity_cases = … }]"), "{e}");
        assert!(set(TEXT, "name.x", 0.1).unwrap_err().contains("is a value, not a table"));
        assert!(set(TEXT, "policies..x", 0.1).unwrap_err().contains("not a path"));
        assert!(set(TEXT, "policies.sas", 0.1).unwrap_err().contains("name one of its fields"));
        assert!(set(TEXT, "parameters.choice.asc_ed", f64::NAN).unwrap_err().contains("finite"));
    }
}
