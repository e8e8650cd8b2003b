//! "Did you mean …?": the nearest known name to a mistyped one.
//!
//! Serde refuses an unknown field or variant with a message listing the
//! names it expected (`unknown field `particpation`, expected one of …`).
//! [`improve`] rewrites such a message: it adds the names the caller knows
//! serde could not (a policy's common keys), and puts the nearest known
//! name first, by normalised Damerau–Levenshtein similarity (`strsim`).
//! [`nearest`] serves any other list of names (indicators, policy types).
//! [`plain_types`] says serde's expected Rust types (`expected u32`) in
//! words ("expected a whole number ≥ 0").

/// Similarity (0 to 1) a known name needs to be suggested.
const MIN_SIMILARITY: f64 = 0.6;

/// The known name nearest to `word`, if one is near enough.
pub fn nearest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::normalized_damerau_levenshtein(&word, &k.to_lowercase()), k))
        .filter(|(s, _)| *s >= MIN_SIMILARITY)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// ` (did you mean `x`?)`, or nothing.
pub fn did_you_mean<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    nearest(word, known).map_or(String::new(), |k| format!("; did you mean `{k}`?"))
}

/// serde's expected Rust types in words, the one table of the scenario
/// files and the web page: (type, words).
const TYPE_WORDS: &[(&str, &str)] = &[
    ("u64", "a whole number ≥ 0"),
    ("u32", "a whole number ≥ 0"),
    ("usize", "a whole number ≥ 0"),
    ("u16", "a whole number from 0 to 65,535"),
    ("u8", "a whole number from 0 to 255"),
    ("i64", "a whole number"),
    ("i32", "a whole number"),
    ("f64", "a number"),
    ("f32", "a number"),
];

/// A serde message ending in "expected <Rust type>" ("invalid type:
/// floating point `2.5`, expected u32") with the type said in words
/// ("…, expected a whole number ≥ 0"); a number where a text is expected
/// (`departement = 81`) told to quote it ([`QUOTE_IT`]); any other message unchanged.
pub fn plain_types(message: &str) -> String {
    if let Some(number) = unquoted_number(message) {
        return format!("{message}{QUOTE_IT}\"{number}\"");
    }
    for (ty, words) in TYPE_WORDS {
        if let Some(head) = message.strip_suffix(&format!("expected {ty}")) {
            return format!("{head}expected {words}");
        }
    }
    message.to_string()
}

/// What [`plain_types`] adds to a number written where a text is expected,
/// before the number quoted (`report::reasons_fr` says it in French).
pub const QUOTE_IT: &str = "; write it in quotes: ";

/// The number of serde's "invalid type: integer `81`, expected a string"
/// (or floating point), if the message is that.
fn unquoted_number(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("invalid type: integer `").or_else(|| message.strip_prefix("invalid type: floating point `"))?;
    let (number, tail) = rest.split_once('`')?;
    (tail == ", expected a string").then_some(number)
}

/// What a TOML syntax error on a line holding a French decimal number
/// (`years = 0,3`) gets, before the number with a point ("0.3");
/// `report::reasons_fr` says it in French.
pub const DECIMAL_POINT: &str = "; numbers take a decimal point, not a comma: write ";

/// The number written with a decimal comma on a `key = value` line
/// (`years = 0,3` → "0.3"), if its value is one: digits, one comma, digits.
pub fn decimal_comma(line: &str) -> Option<String> {
    let line = line.split('#').next()?;
    // After any `=`: a key of an inline table too (trial 34: `{ participation = 0,9 }`
    // was refused as "expected `.`, `=`").
    line.split('=').skip(1).find_map(|after| {
        let value = after.trim_start();
        let end = value.find(|c: char| c.is_whitespace() || matches!(c, '}' | ']')).unwrap_or(value.len());
        let (whole, fraction) = value[..end].split_once(',')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let whole_ok = digits(whole.strip_prefix('-').unwrap_or(whole));
        (whole_ok && digits(fraction)).then(|| format!("{whole}.{fraction}"))
    })
}

/// Rewrites serde's "unknown field/variant `x`, expected …" with `extra`
/// names added to the expected ones and the nearest suggested; an expected
/// Rust type is said in words ([`plain_types`]); any other message is
/// returned unchanged.
pub fn improve(message: &str, extra: &[&str]) -> String {
    // A policy table's messages end with a newline (toml's `Value` deserializer).
    let message = message.trim();
    let Some((what, rest)) = ["unknown field `", "unknown variant `"].iter().find_map(|p| message.split_once(p).map(|(_, r)| (*p, r)))
    else {
        return plain_types(message);
    };
    let Some((word, tail)) = rest.split_once('`') else { return message.to_string() };
    let mut known: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
    for e in extra {
        if !known.contains(e) {
            known.push(e);
        }
    }
    let kind = if what.contains("field") { "field" } else { "variant" };
    let list = if known.is_empty() {
        format!("no {kind} is expected here")
    } else {
        format!("expected one of {}", known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
    };
    format!("unknown {kind} `{word}`{}; {list}", did_you_mean(word, known.iter().copied()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_where_a_text_is_expected_is_told_to_be_quoted() {
        assert_eq!(
            plain_types("invalid type: integer `81`, expected a string"),
            "invalid type: integer `81`, expected a string; write it in quotes: \"81\""
        );
        assert_eq!(plain_types("invalid type: integer `81`, expected u32"), "invalid type: integer `81`, expected a whole number ≥ 0");
        assert_eq!(plain_types("invalid type: boolean `true`, expected a string"), "invalid type: boolean `true`, expected a string");
        assert_eq!(
            improve("invalid value: integer `-10`, expected u32\n", &[]),
            "invalid value: integer `-10`, expected a whole number ≥ 0"
        );
    }

    #[test]
    fn a_decimal_comma_is_found_on_its_line() {
        assert_eq!(decimal_comma("years = 0,3"), Some("0.3".into()));
        assert_eq!(decimal_comma("participation = 0,8 # 80 %"), Some("0.8".into()));
        assert_eq!(decimal_comma("zones = [\"a\", \"b\"]"), None);
        assert_eq!(decimal_comma("communes = 1,2"), Some("1.2".into()));
        assert_eq!(decimal_comma("name = \"x\""), None);
        // Within an inline table (trial 34), not a list's or a table's comma.
        assert_eq!(decimal_comma("add_policies = [{ type = \"sas\", participation = 0,9 }]"), Some("0.9".into()));
        assert_eq!(decimal_comma("x = { a = 1, b = 2 }"), None);
        assert_eq!(decimal_comma("values = [1,2]"), None);
    }

    #[test]
    fn a_typo_gets_the_nearest_name_and_nothing_far_is_suggested() {
        assert_eq!(nearest("particpation", ["start_day", "participation", "zones"]), Some("participation"));
        assert_eq!(nearest("department", ["departement", "epci", "communes"]), Some("departement"));
        assert_eq!(nearest("colour", ["name", "archetype", "population"]), None);
    }

    #[test]
    fn serde_messages_are_completed_with_the_callers_names() {
        let m = improve("unknown field `particpation`, expected `call_share` or `max_delay_hours`", &["participation", "zones"]);
        assert!(m.starts_with("unknown field `particpation`; did you mean `participation`?"), "{m}");
        assert!(m.contains("`call_share`") && m.contains("`zones`"), "{m}");
        let m = improve("unknown variant `rurall`, expected one of `dense_urban`, `rural`", &[]);
        assert!(m.contains("did you mean `rural`?"), "{m}");
        assert_eq!(improve("invalid type: string", &["x"]), "invalid type: string");
        // Rust's type names said in words.
        assert_eq!(
            improve("invalid type: floating point `2.5`, expected u32", &[]),
            "invalid type: floating point `2.5`, expected a whole number ≥ 0"
        );
        assert_eq!(improve("invalid type: string \"two\", expected f64", &[]), "invalid type: string \"two\", expected a number");
        assert_eq!(
            improve("invalid value: integer `70000`, expected u16", &[]),
            "invalid value: integer `70000`, expected a whole number from 0 to 65,535"
        );
    }
}
