//! Files and numbers as written: the error of a run that is not the user's
//! input ([`RunError`]), atomic file writes ([`write_atomic`]), CSV cells
//! made safe for spreadsheets ([`csv_safe`]), CSV bytes of serialisable rows
//! ([`csv_of`]), "not available" as an empty cell ([`number_or_empty`]) and
//! three significant figures for tables ([`fmt3`]), names made safe for
//! folders ([`folder_safe`]). A bottom layer: used by
//! `experiment`, `results`, `output`, `report` and `commands`, it imports
//! nothing from the crate.

use serde::Serialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Errors of a run that are not the user's input.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("could not start {0} worker threads: {1}")]
    Threads(usize, String),
    #[error("replication {replication} broke an invariant of the model: {what}")]
    Invariant { replication: u32, what: String },
    #[error("{0}")]
    Input(String),
    #[error("interrupted")]
    Interrupted,
    #[error("could not write {path}: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// Writes a number, or an empty CSV cell when it is not available (NaN or
/// infinite): a file never shows a made-up number for what was not observed.
pub fn number_or_empty<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    if x.is_finite() {
        s.serialize_f64(*x)
    } else {
        s.serialize_none()
    }
}

/// Makes a text cell safe for spreadsheets: a leading `=`, `+`, `-`, `@`,
/// tab or carriage return would be read as a formula (CSV injection).
pub fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// CSV bytes of serialisable rows (`\n` line ends, a header from the first row).
pub fn csv_of<T: Serialize>(rows: &[T]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    for r in rows {
        w.serialize(r).expect("rows serialise to memory");
    }
    w.into_inner().expect("in-memory writer")
}

/// Writes `bytes` to `path` atomically: a temporary file in the same
/// folder (named after the process and a counter, so concurrent shards
/// never share one), flushed to disk, then renamed over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), RunError> {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let err = |source| RunError::Write { path: path.to_path_buf(), source };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_file_name(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map_err(err)
}

/// Integer digits grouped by three from the right, the one rule of every
/// text the program writes: in English with a comma (60,573), in French
/// (`fr`) with a narrow no-break space, U+202F (60\u{202F}573), as the
/// Imprimerie nationale's rules and the CLDR write French numbers. Digits
/// only: a sign or decimals are the caller's.
pub fn group_thousands(int: &str, fr: bool) -> String {
    let sep = if fr { '\u{202F}' } else { ',' };
    let n = int.chars().count();
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            grouped.push(sep);
        }
        grouped.push(c);
    }
    grouped
}

/// A count (inhabitants, communes, tasks) with its thousands grouped
/// ([`group_thousands`]).
pub fn count(n: u64, fr: bool) -> String {
    group_thousands(&n.to_string(), fr)
}

/// Whether a count takes the plural, the one rule of every text: in
/// English every count but 1 (« 0 visits », « 1 visit »), in French (`fr`)
/// from 2 on (« 0 visite », « 1 visite », « 2 visites »).
pub fn plural(n: u64, fr: bool) -> bool {
    if fr {
        n >= 2
    } else {
        n != 1
    }
}

/// A count and its noun, singular or plural by [`plural`], the count's
/// thousands grouped ([`count`]): « 1 commune », « 12,000 inhabitants ».
pub fn counted(n: u64, one: &str, many: &str, fr: bool) -> String {
    format!("{} {}", count(n, fr), if plural(n, fr) { many } else { one })
}

/// A size in memory in human units, decimal (1 kB = 1,000 bytes, as
/// `memory_estimate` and `MemAvailable` are compared): "720 bytes",
/// "48 kB", "466 MB", "3.4 GB"; in French (`fr`) « 720 octets », « 48 ko »,
/// « 466 Mo », « 3,4 Go ». The unit is the smallest whose rounded value is
/// below 1,000 (999,999,999 bytes is "1.0 GB", not "1000 MB").
pub fn bytes(n: u64, fr: bool) -> String {
    if n < 1_000 {
        return counted(n, if fr { "octet" } else { "byte" }, if fr { "octets" } else { "bytes" }, fr);
    }
    // (bytes per unit, decimals shown, English, French).
    const UNITS: [(f64, usize, &str, &str); 3] = [(1e3, 0, "kB", "ko"), (1e6, 0, "MB", "Mo"), (1e9, 1, "GB", "Go")];
    let shown = |u: &(f64, usize, &str, &str)| format!("{:.*}", u.1, n as f64 / u.0);
    let below_1000 = |u: &&(f64, usize, &str, &str)| shown(u).parse::<f64>().is_ok_and(|v| v < 1_000.0);
    let unit = UNITS.iter().find(below_1000).unwrap_or(&UNITS[UNITS.len() - 1]);
    let value = if fr { shown(unit).replace('.', ",") } else { shown(unit) };
    format!("{value} {}", if fr { unit.3 } else { unit.2 })
}

/// Magnitude from which [`fmt3`] writes a number in scientific notation:
/// a billion has ten digits, more than any count the model makes (France
/// has 68 million inhabitants); beyond, the digits are noise in a table (a
/// tolerance of 1e300 wrote 301 of them).
pub const SCIENTIFIC_FROM: f64 = 1e9;

/// Three significant figures, for terminal tables: 0.123, 1.23, 12.3, every
/// integer digit from 100 (1234), and from [`SCIENTIFIC_FROM`] scientific
/// notation with three significant figures (1.00e300). A negative number
/// that rounds to zero is written without its sign (float noise such as
/// −7.1e-16 read "−0.000": trial 33).
pub fn fmt3(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    let s = if a >= SCIENTIFIC_FROM {
        format!("{x:.2e}")
    } else if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 1.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    };
    match s.strip_prefix('-') {
        Some(digits) if shows_zero(digits) => digits.to_string(),
        _ => s,
    }
}

/// Whether a number as written (no sign) is zero: only zeros and a decimal point.
pub fn shows_zero(digits: &str) -> bool {
    digits.chars().all(|c| c == '0' || c == '.' || c == ',')
}

/// Latin letters with diacritics (Latin-1 and Latin Extended-A: French,
/// and the other languages of French place and personal names) and the
/// ligatures, as ASCII letters. An explicit table rather than a
/// transliteration crate (`deunicode` embeds tables for all of Unicode,
/// ≈ 200 KB): folder names only need the Latin letters a French user types.
#[rustfmt::skip]
const ASCII_FOLDS: &[(char, &str)] = &[
    ('à', "a"), ('á', "a"), ('â', "a"), ('ã', "a"), ('ä', "a"), ('å', "a"), ('ā', "a"), ('ă', "a"), ('ą', "a"),
    ('À', "A"), ('Á', "A"), ('Â', "A"), ('Ã', "A"), ('Ä', "A"), ('Å', "A"), ('Ā', "A"), ('Ă', "A"), ('Ą', "A"),
    ('æ', "ae"), ('Æ', "AE"), ('ç', "c"), ('ć', "c"), ('č', "c"), ('Ç', "C"), ('Ć', "C"), ('Č', "C"),
    ('ď', "d"), ('đ', "d"), ('Ď', "D"), ('Đ', "D"), ('ð', "d"), ('Ð', "D"),
    ('è', "e"), ('é', "e"), ('ê', "e"), ('ë', "e"), ('ē', "e"), ('ė', "e"), ('ę', "e"), ('ě', "e"),
    ('È', "E"), ('É', "E"), ('Ê', "E"), ('Ë', "E"), ('Ē', "E"), ('Ė', "E"), ('Ę', "E"), ('Ě', "E"),
    ('ğ', "g"), ('Ğ', "G"), ('ì', "i"), ('í', "i"), ('î', "i"), ('ï', "i"), ('ī', "i"), ('ı', "i"),
    ('Ì', "I"), ('Í', "I"), ('Î', "I"), ('Ï', "I"), ('Ī', "I"), ('İ', "I"),
    ('ł', "l"), ('Ł', "L"), ('ñ', "n"), ('ń', "n"), ('ň', "n"), ('Ñ', "N"), ('Ń', "N"), ('Ň', "N"),
    ('ò', "o"), ('ó', "o"), ('ô', "o"), ('õ', "o"), ('ö', "o"), ('ø', "o"), ('ō', "o"), ('ő', "o"),
    ('Ò', "O"), ('Ó', "O"), ('Ô', "O"), ('Õ', "O"), ('Ö', "O"), ('Ø', "O"), ('Ō', "O"), ('Ő', "O"),
    ('œ', "oe"), ('Œ', "OE"), ('ř', "r"), ('Ř', "R"), ('ś', "s"), ('š', "s"), ('ş', "s"), ('Ś', "S"), ('Š', "S"), ('Ş', "S"),
    ('ß', "ss"), ('ť', "t"), ('ţ', "t"), ('Ť', "T"), ('Ţ', "T"), ('þ', "th"), ('Þ', "TH"),
    ('ù', "u"), ('ú', "u"), ('û', "u"), ('ü', "u"), ('ū', "u"), ('ů', "u"), ('ű', "u"),
    ('Ù', "U"), ('Ú', "U"), ('Û', "U"), ('Ü', "U"), ('Ū', "U"), ('Ů', "U"), ('Ű', "U"),
    ('ý', "y"), ('ÿ', "y"), ('Ý', "Y"), ('Ÿ', "Y"), ('ź', "z"), ('ż', "z"), ('ž', "z"), ('Ź', "Z"), ('Ż', "Z"), ('Ž', "Z"),
    ('’', "_"), ('\u{2013}', "-"), ('\u{2014}', "-"),
];

/// `name` as a folder name: letters with diacritics and ligatures folded to
/// ASCII ([`ASCII_FOLDS`]: "Équipe de soins" → "Equipe_de_soins"), ASCII
/// letters, digits, `-` and `_` kept, anything else `_`.
pub fn folder_safe(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match ASCII_FOLDS.iter().find(|f| f.0 == c) {
            Some((_, ascii)) => out.push_str(ascii),
            None if c.is_ascii_alphanumeric() || c == '-' || c == '_' => out.push(c),
            None => out.push('_'),
        }
    }
    out
}

#[cfg(test)]
mod bytes_tests {
    use super::bytes;

    /// Sizes by hand: 720 bytes, 48,000 bytes = 48 kB, 466 × 10⁶ = 466 MB,
    /// 3.35 × 10⁹ = 3.4 GB (one decimal), in both languages; 1 byte singular.
    #[test]
    fn sizes_read_in_human_units() {
        assert_eq!(bytes(1, false), "1 byte");
        assert_eq!(bytes(720, false), "720 bytes");
        assert_eq!(bytes(720, true), "720 octets");
        assert_eq!(bytes(48_000, false), "48 kB");
        assert_eq!(bytes(466_000_000, true), "466 Mo");
        assert_eq!(bytes(3_350_000_001, false), "3.4 GB");
        assert_eq!(bytes(3_350_000_001, true), "3,4 Go");
    }

    /// A value that rounds to 1,000 takes the next unit, by hand: 999,499
    /// bytes is 999.499 kB → "999 kB"; 999,500 is 999.5 kB, which rounds to
    /// 1000 kB → 0.9995 MB → "1 MB"; 999,999,999 is 999.999999 MB → 1000
    /// MB → 0.999999999 GB → "1.0 GB" (it printed "1000 MB"); 999,499,999
    /// is "999 MB"; 999 bytes and 1,000 bytes are on either side of kB.
    #[test]
    fn rounding_never_reaches_1000_of_a_unit() {
        assert_eq!(bytes(999, false), "999 bytes");
        assert_eq!(bytes(1_000, false), "1 kB");
        assert_eq!(bytes(999_499, false), "999 kB");
        assert_eq!(bytes(999_500, false), "1 MB");
        assert_eq!(bytes(999_500, true), "1 Mo");
        assert_eq!(bytes(999_499_999, false), "999 MB");
        assert_eq!(bytes(999_999_999, false), "1.0 GB");
        assert_eq!(bytes(999_999_999, true), "1,0 Go");
        assert_eq!(bytes(u64::MAX, false), "18446744073.7 GB", "the largest unit has no next");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Break caught: float noise (−7.1e-16) written "-0.000" (trial 33); the
    /// sign stays on a number that does not round to zero.
    #[test]
    fn a_negative_number_shown_as_zero_has_no_sign() {
        assert_eq!(fmt3(-7.1e-16), "0.000");
        assert_eq!(fmt3(-0.0004), "0.000");
        assert_eq!(fmt3(-0.0006), "-0.001");
        assert_eq!(fmt3(-0.04), "-0.040");
        assert_eq!(fmt3(-5.0), "-5.00");
    }

    #[test]
    fn values_not_available_are_empty_cells() {
        #[derive(Serialize)]
        struct Row {
            name: &'static str,
            #[serde(serialize_with = "number_or_empty")]
            mean: f64,
            #[serde(serialize_with = "number_or_empty")]
            ci_low: f64,
        }
        let text = String::from_utf8(csv_of(&[Row { name: "x", mean: 3.09, ci_low: f64::NAN }])).unwrap();
        assert_eq!(text, "name,mean,ci_low\nx,3.09,\n");
    }

    #[test]
    fn formulas_are_neutralised_in_csv_cells() {
        assert_eq!(csv_safe("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_safe("-1+1"), "'-1+1");
        assert_eq!(csv_safe("urban"), "urban");
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        write_atomic(&p, b"x,y\n").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x,y\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
