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
//! Values are set in the TOML document (comments and layout kept), then the
//! text is validated like any scenario: a path never bypasses validation.

use toml_edit::{DocumentMut, Item, TableLike, Value};

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
    set_in(doc.as_table_mut(), &segs, path, value, integer)
}

/// The number at `path` in `doc`, if there is one.
pub fn get_number(doc: &DocumentMut, path: &str) -> Option<f64> {
    let segs = split(path).ok()?;
    let item = get_in(doc.as_table(), &segs)?;
    match item.as_value()? {
        Value::Integer(i) => Some(*i.value() as f64),
        Value::Float(f) => Some(*f.value()),
        _ => None,
    }
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

fn set_in(node: &mut dyn TableLike, segs: &[&str], path: &str, value: f64, integer: bool) -> Result<(), String> {
    let (first, rest) = segs.split_first().expect("split gives at least one segment");
    if rest.is_empty() {
        let was_integer = matches!(node.get(first).and_then(Item::as_value), Some(Value::Integer(_)));
        let old_is_number = matches!(node.get(first).and_then(Item::as_value), Some(Value::Integer(_) | Value::Float(_)));
        let is_table = node.get(first).is_some_and(|i| i.is_table_like() && i.as_table_like().is_some_and(|t| !t.contains_key("dist")));
        if is_table {
            return Err(format!("{path}: is a table, not a number"));
        }
        let new = if integer || (was_integer && old_is_number) { toml_edit::value(value.round() as i64) } else { toml_edit::value(value) };
        node.insert(first, new);
        return Ok(());
    }
    if node.get(first).is_none() {
        // Only parameter tables may be created: elements of arrays (policies,
        // territories, variants) must exist, or the path has a typo.
        if *first != "parameters" && !path.split('.').take_while(|s| s != first).any(|s| s == "parameters") {
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
            descend_or_set(t, rest2, path, value, integer, sel)
        }
        Item::Value(Value::Array(a)) => {
            let (sel, rest2) = rest.split_first().expect("rest not empty");
            let tables: Vec<&dyn TableLike> = a.iter().filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike)).collect();
            if tables.len() != a.len() {
                return Err(format!("{path}: {first} is a list of values, not of tables"));
            }
            let idx = pick(tables, sel).ok_or_else(|| no_element(path, first, sel))?;
            let t = a.get_mut(idx).and_then(Value::as_inline_table_mut).expect("picked inline table");
            descend_or_set(t, rest2, path, value, integer, sel)
        }
        other => match other.as_table_like_mut() {
            Some(t) => set_in(t, rest, path, value, integer),
            None => Err(format!("{path}: {first} is a value, not a table")),
        },
    }
}

fn descend_or_set(t: &mut dyn TableLike, rest: &[&str], path: &str, value: f64, integer: bool, sel: &str) -> Result<(), String> {
    if rest.is_empty() {
        return Err(format!("{path}: ends at the element {sel:?}; name one of its fields"));
    }
    set_in(t, rest, path, value, integer)
}

fn no_element(path: &str, array: &str, sel: &str) -> String {
    format!("{path}: no element of {array} is named {sel:?} (by `name`, by `type` if only one has it, or by index)")
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
    fn bad_paths_say_why() {
        assert!(set(TEXT, "policies.pdsa.participation", 0.1).unwrap_err().contains("no element of policies"));
        assert!(set("name = \"x\"", "policies.sas.participation", 0.1).unwrap_err().contains("has no \"policies\""));
        assert!(set(TEXT, "name.x", 0.1).unwrap_err().contains("is a value, not a table"));
        assert!(set(TEXT, "policies..x", 0.1).unwrap_err().contains("not a path"));
        assert!(set(TEXT, "policies.sas", 0.1).unwrap_err().contains("name one of its fields"));
        assert!(set(TEXT, "parameters.choice.asc_ed", f64::NAN).unwrap_err().contains("finite"));
    }
}
