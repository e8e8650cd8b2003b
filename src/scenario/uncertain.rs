//! Probabilistic sensitivity analysis: scenario values given as distributions.
//!
//! Any number of a scenario may be written as a distribution instead of a
//! value, e.g. `participation = { dist = "beta", mean = 0.3, sd = 0.05 }`.
//! [`extract`] finds them, checks them, and replaces each by its mean so the
//! scenario validates as usual; [`draw`] samples every one once per
//! replication, from its own named stream (`psa/<path>` of the base seed and
//! the replication), so all arms of a replication see the same draw (paired
//! comparisons) and results do not depend on threads. The draws are saved
//! per replication (`psa.csv`).

use super::paths;
use super::{Problem, Scenario, ScenarioError};
use crate::engine::rng::RandomStreams;
use rand::Rng;
use rand_distr::{Beta, Distribution as _, Gamma, LogNormal, Normal, Triangular, Uniform};
use toml_edit::{DocumentMut, Item, TableLike, Value};

/// A distribution of a scenario value.
#[derive(Clone, Debug, PartialEq)]
pub enum Distribution {
    Normal {
        mean: f64,
        sd: f64,
    },
    /// Of the value itself (not of its logarithm).
    LogNormal {
        mean: f64,
        sd: f64,
    },
    Gamma {
        mean: f64,
        sd: f64,
    },
    Beta {
        mean: f64,
        sd: f64,
    },
    Uniform {
        low: f64,
        high: f64,
    },
    Triangular {
        low: f64,
        mode: f64,
        high: f64,
    },
}

/// One uncertain value of a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Uncertain {
    /// Its path in the scenario (see [`paths`]).
    pub path: String,
    pub dist: Distribution,
    /// Rounded to an integer when set.
    pub integer: bool,
}

impl Distribution {
    /// The mean, which stands for the value when nothing is sampled.
    pub fn mean(&self) -> f64 {
        match *self {
            Distribution::Normal { mean, .. }
            | Distribution::LogNormal { mean, .. }
            | Distribution::Gamma { mean, .. }
            | Distribution::Beta { mean, .. } => mean,
            Distribution::Uniform { low, high } => (low + high) / 2.0,
            Distribution::Triangular { low, mode, high } => (low + mode + high) / 3.0,
        }
    }

    /// One draw. Parameters were checked by [`parse_dist`], so building the
    /// sampler cannot fail.
    pub fn sample(&self, rng: &mut impl Rng) -> f64 {
        match *self {
            Distribution::Normal { mean, sd } => Normal::new(mean, sd).expect("checked").sample(rng),
            Distribution::LogNormal { mean, sd } => {
                let s2 = (1.0 + (sd / mean).powi(2)).ln();
                LogNormal::new(mean.ln() - s2 / 2.0, s2.sqrt()).expect("checked").sample(rng)
            }
            Distribution::Gamma { mean, sd } => Gamma::new((mean / sd).powi(2), sd * sd / mean).expect("checked").sample(rng),
            Distribution::Beta { mean, sd } => {
                let k = mean * (1.0 - mean) / (sd * sd) - 1.0;
                Beta::new(mean * k, (1.0 - mean) * k).expect("checked").sample(rng)
            }
            Distribution::Uniform { low, high } => Uniform::new_inclusive(low, high).expect("checked").sample(rng),
            Distribution::Triangular { low, mode, high } => Triangular::new(low, high, mode).expect("checked").sample(rng),
        }
    }
}

/// Reads a `{ dist = … }` table; the reason when it is not a valid distribution.
pub fn parse_dist(t: &dyn TableLike) -> Result<(Distribution, bool), String> {
    let num = |k: &str| -> Result<f64, String> {
        match t.get(k).and_then(Item::as_value) {
            Some(Value::Float(f)) => Ok(*f.value()),
            Some(Value::Integer(i)) => Ok(*i.value() as f64),
            Some(_) => Err(format!("`{k}` must be a number")),
            None => Err(format!("`{k}` is missing")),
        }
    };
    let kind = t.get("dist").and_then(Item::as_str).ok_or("`dist` must be a string")?;
    let allowed: &[&str] = match kind {
        "normal" | "lognormal" | "gamma" | "beta" => &["mean", "sd"],
        "uniform" => &["low", "high"],
        "triangular" => &["low", "mode", "high"],
        other => return Err(format!("unknown distribution {other:?} (normal, lognormal, gamma, beta, uniform, triangular)")),
    };
    for (k, _) in t.iter() {
        if k != "dist" && k != "integer" && !allowed.contains(&k) {
            return Err(format!("unknown field `{k}` for a {kind} distribution (takes {})", allowed.join(", ")));
        }
    }
    let integer = match t.get("integer") {
        None => false,
        Some(i) => i.as_bool().ok_or("`integer` must be true or false")?,
    };
    let finite = |k: &str| num(k).and_then(|v| if v.is_finite() { Ok(v) } else { Err(format!("`{k}` must be finite")) });
    let dist = match kind {
        "uniform" => {
            let (low, high) = (finite("low")?, finite("high")?);
            if low > high {
                return Err(format!("low {low} is above high {high}"));
            }
            Distribution::Uniform { low, high }
        }
        "triangular" => {
            let (low, mode, high) = (finite("low")?, finite("mode")?, finite("high")?);
            if !(low <= mode && mode <= high && low < high) {
                return Err(format!("needs low ≤ mode ≤ high and low < high (got {low}, {mode}, {high})"));
            }
            Distribution::Triangular { low, mode, high }
        }
        _ => {
            let (mean, sd) = (finite("mean")?, finite("sd")?);
            if sd <= 0.0 {
                return Err(format!("sd must be positive (got {sd})"));
            }
            match kind {
                "normal" => Distribution::Normal { mean, sd },
                "lognormal" | "gamma" if mean <= 0.0 => return Err(format!("a {kind} distribution needs a positive mean (got {mean})")),
                "lognormal" => Distribution::LogNormal { mean, sd },
                "gamma" => Distribution::Gamma { mean, sd },
                _ if !(0.0 < mean && mean < 1.0 && sd * sd < mean * (1.0 - mean)) => {
                    return Err(format!("a beta distribution needs 0 < mean < 1 and sd² < mean·(1 − mean) (got mean {mean}, sd {sd})"))
                }
                _ => Distribution::Beta { mean, sd },
            }
        }
    };
    Ok((dist, integer))
}

/// Finds every `{ dist = … }` value in `text`, checks it, and returns the
/// text with each replaced by its mean, and the list of uncertain values.
pub fn extract(text: &str, origin: &str) -> Result<(String, Vec<Uncertain>), ScenarioError> {
    let Ok(mut doc) = paths::document(text) else {
        // Not TOML: let the ordinary parser report it with its line.
        return Ok((text.to_string(), Vec::new()));
    };
    let mut found = Vec::new();
    collect(doc.as_table(), "", &mut found);
    if found.is_empty() {
        return Ok((text.to_string(), Vec::new()));
    }
    let mut problems = Vec::new();
    let mut uncertain = Vec::new();
    for path in found {
        let t = paths::get_item(&doc, &path).and_then(Item::as_table_like).expect("collected from this document");
        match parse_dist(t) {
            Ok((dist, integer)) => uncertain.push(Uncertain { path, dist, integer }),
            Err(reason) => problems.push(Problem { line: None, path, reason }),
        }
    }
    if !problems.is_empty() {
        return Err(ScenarioError::Invalid { origin: origin.to_string(), problems });
    }
    for u in &uncertain {
        set(&mut doc, u, u.dist.mean(), origin)?;
    }
    Ok((doc.to_string(), uncertain))
}

fn set(doc: &mut DocumentMut, u: &Uncertain, v: f64, origin: &str) -> Result<(), ScenarioError> {
    paths::set_number_problem(doc, &u.path, v, u.integer).map_err(|p| ScenarioError::Invalid { origin: origin.into(), problems: vec![p] })
}

/// Paths of the tables holding a `dist` key, below `node`.
fn collect(node: &dyn TableLike, prefix: &str, out: &mut Vec<String>) {
    for (k, item) in node.iter() {
        let path = if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
        match item {
            Item::ArrayOfTables(a) => {
                let tables: Vec<&dyn TableLike> = a.iter().map(|t| t as &dyn TableLike).collect();
                for (i, t) in tables.iter().enumerate() {
                    collect(*t, &format!("{path}.{}", paths::segment_for(&tables, i)), out);
                }
            }
            Item::Value(Value::Array(a)) => {
                let tables: Vec<&dyn TableLike> = a.iter().filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike)).collect();
                if tables.len() == a.len() {
                    for (i, t) in tables.iter().enumerate() {
                        collect(*t, &format!("{path}.{}", paths::segment_for(&tables, i)), out);
                    }
                }
            }
            other => {
                if let Some(t) = other.as_table_like() {
                    if t.contains_key("dist") {
                        out.push(path);
                    } else {
                        collect(t, &path, out);
                    }
                }
            }
        }
    }
}

/// The scenario of `replication`: every uncertain value drawn from its
/// stream, the text revalidated. Returns the draws (path, value) with it.
/// The scenario keeps the original text and hash for provenance.
pub fn draw(s: &Scenario, replication: u32) -> Result<(Scenario, Vec<(String, f64)>), ScenarioError> {
    let mut doc = paths::document(&s.mean_text).map_err(|reason| ScenarioError::Unreadable { origin: s.origin.clone(), reason })?;
    let streams = RandomStreams::new(s.seed, replication);
    let mut draws = Vec::with_capacity(s.uncertain.len());
    for u in &s.uncertain {
        let mut v = u.dist.sample(&mut streams.stream(&format!("psa/{}", u.path)));
        if u.integer {
            v = v.round();
        }
        set(&mut doc, u, v, &s.origin)?;
        draws.push((u.path.clone(), v));
    }
    let text = doc.to_string();
    let origin = format!("{} (replication {replication}, values drawn for the probabilistic sensitivity analysis)", s.origin);
    let raw = super::parse_raw(&text, &origin)?;
    let mut drawn = super::validate(raw, &text, &origin)?;
    drawn.seed = s.seed;
    drawn.replications = s.replications;
    drawn.years = s.years;
    drawn.independent_seeds = s.independent_seeds;
    drawn.origin = s.origin.clone();
    drawn.text = s.text.clone();
    drawn.sha256 = s.sha256.clone();
    drawn.uncertain = s.uncertain.clone();
    drawn.mean_text = s.mean_text.clone();
    Ok((drawn, draws))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::RandomStreams;

    fn dist(src: &str) -> Result<Distribution, String> {
        let d = paths::document(&format!("x = {src}")).unwrap();
        parse_dist(d.get("x").unwrap().as_table_like().unwrap()).map(|x| x.0)
    }

    #[test]
    fn distributions_are_checked() {
        assert_eq!(dist(r#"{ dist = "beta", mean = 0.3, sd = 0.05 }"#), Ok(Distribution::Beta { mean: 0.3, sd: 0.05 }));
        assert!(dist(r#"{ dist = "beta", mean = 0.3, sd = 0.6 }"#).unwrap_err().contains("sd²"));
        assert!(dist(r#"{ dist = "gamma", mean = -1, sd = 1 }"#).unwrap_err().contains("positive mean"));
        assert!(dist(r#"{ dist = "cauchy", mean = 1, sd = 1 }"#).unwrap_err().contains("unknown distribution"));
        assert!(dist(r#"{ dist = "normal", mean = 1 }"#).unwrap_err().contains("`sd` is missing"));
        assert!(dist(r#"{ dist = "uniform", low = 2, high = 1 }"#).unwrap_err().contains("above"));
        assert!(dist(r#"{ dist = "normal", mean = 1, sd = 1, shape = 2 }"#).unwrap_err().contains("unknown field `shape`"));
        assert!(dist(r#"{ dist = "triangular", low = 0, mode = 3, high = 2 }"#).unwrap_err().contains("low ≤ mode"));
    }

    #[test]
    fn sampled_moments_match_the_requested_ones() {
        // 40,000 draws: the sample mean is within 4 standard errors, the sd within 3 %.
        for d in [
            Distribution::Beta { mean: 0.3, sd: 0.05 },
            Distribution::Gamma { mean: 2.0, sd: 0.5 },
            Distribution::LogNormal { mean: 2.0, sd: 0.5 },
            Distribution::Normal { mean: -1.0, sd: 0.5 },
        ] {
            let mut rng = RandomStreams::new(7, 0).stream("t");
            let xs: Vec<f64> = (0..40_000).map(|_| d.sample(&mut rng)).collect();
            let m = xs.iter().sum::<f64>() / xs.len() as f64;
            let sd = (xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (xs.len() - 1) as f64).sqrt();
            let (Distribution::Beta { mean, sd: s }
            | Distribution::Gamma { mean, sd: s }
            | Distribution::LogNormal { mean, sd: s }
            | Distribution::Normal { mean, sd: s }) = d
            else {
                unreachable!()
            };
            assert!((m - mean).abs() < 4.0 * s / 200.0, "{d:?}: mean {m}");
            assert!((sd / s - 1.0).abs() < 0.03, "{d:?}: sd {sd}");
        }
        let t = Distribution::Triangular { low: 1.0, mode: 2.0, high: 6.0 };
        assert!((t.mean() - 3.0).abs() < 1e-12);
    }
}
