//! Finding the line of a field in the scenario text, for error messages.
//!
//! Validation works on parsed values and names problems by field path
//! (`territories[1].area_km2`); this module parses the same text with
//! `toml_edit`, which keeps spans, and turns a path into a line number.

use toml_edit::{ImDocument, Item};

/// One step of a field path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

fn steps(path: &str) -> Vec<Step<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Step::Key(key));
        }
        for idx in rest.split('[') {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(Step::Index(i));
            }
        }
    }
    out
}

/// The 1-based line of the deepest existing part of `path` in `text`.
pub fn line_of(text: &str, path: &str) -> Option<usize> {
    let doc = ImDocument::parse(text).ok()?;
    let mut item: &Item = doc.as_item();
    let mut best = None;
    for step in steps(path) {
        let next = match step {
            Step::Key(k) => item.get(k),
            Step::Index(i) => item.get(i),
        };
        match next {
            Some(n) => {
                item = n;
                if let Some(span) = span_of(n) {
                    best = Some(span);
                }
            }
            None => break,
        }
    }
    best.map(|offset| line_at(text, offset))
}

fn span_of(item: &Item) -> Option<usize> {
    match item {
        Item::Value(v) => v.span().map(|s| s.start),
        Item::Table(t) => t.span().map(|s| s.start),
        Item::ArrayOfTables(a) => a.span().map(|s| s.start),
        Item::None => None,
    }
}

/// The 1-based line containing byte `offset`.
pub fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].bytes().filter(|&b| b == b'\n').count() + 1
}

/// Fills the missing line of each problem of an `Invalid` error from its
/// path in `text` (the file the error names), for checks run after parsing
/// (experiment and targets files): `file:line: path: reason`.
pub fn with_lines(e: super::ScenarioError, text: &str) -> super::ScenarioError {
    match e {
        super::ScenarioError::Invalid { origin, mut problems } => {
            for p in &mut problems {
                p.line = p.line.or_else(|| line_of(text, &p.path));
            }
            super::ScenarioError::Invalid { origin, problems }
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "name = \"x\"\n\n[[territories]]\nname = \"a\"\n\n[[territories]]\nname = \"b\"\narea_km2 = -4\n\n[parameters.gp]\nslot_minutes = 0\n";

    #[test]
    fn finds_lines_of_nested_fields() {
        assert_eq!(line_of(TEXT, "name"), Some(1));
        assert_eq!(line_of(TEXT, "territories[1].area_km2"), Some(8));
        assert_eq!(line_of(TEXT, "parameters.gp.slot_minutes"), Some(11));
    }

    #[test]
    fn falls_back_to_the_deepest_existing_parent() {
        assert_eq!(line_of(TEXT, "territories[1].population"), line_of(TEXT, "territories[1]"));
        assert_eq!(line_of("not = [valid", "x"), None);
    }
}
