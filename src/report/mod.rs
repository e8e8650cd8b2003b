//! The HTML report: one self-contained file a CPTS board can read in a
//! meeting, in French or English.
//!
//! `report.html` holds inline CSS and inline SVG figures (no script, no
//! network): the question and the scenario, what each variant changes, key
//! results with 95 % intervals, differences against the base in plain
//! words, equity breakdowns, figures and maps, the experiment's own tables,
//! and method and provenance (the STRESS-DES items). Figures are also
//! written as SVG and PNG under `figures/`. Every text that comes from a
//! scenario or experiment file is HTML-escaped ([`esc`]). It is written by
//! every command and rebuilt from an output folder by `parcours report DIR`.

pub mod charts;
pub mod console;
pub mod decision;
pub(crate) mod labels;
pub mod reasons_fr;
pub mod regulation;
mod seasonal;
pub mod terminal;
pub mod units;
pub mod units_fr;
pub mod validation;
mod waits;

pub use labels::{board_text, cite_articles, colon, count, given, gp_source_label, num, plural_fr, policy_type_fr, signed_num, Lang};

use crate::experiment::file::SensitivityMethod;
use crate::experiment::tasks::TaskResult;
use crate::experiment::{sensitivity, Command, Plan};
use crate::model::indicators::DELAY_BANDS;
use crate::results::compare::{clamp_interval, IntervalOf};
use crate::results::{below_mde, mark, DifferenceRow, Results, SummaryRow};
use charts::Figure;
use labels::{group_label, indicator_label, interval_sep, t};
use std::fmt::Write as _;
use std::path::Path;
use units::Shown;

/// Escapes text for HTML (element content and quoted attributes).
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The indicators of the key-results table.
const KEY: &[&str] = &[
    "delay_mean_days",
    "delay_mean_days.chronic_followup",
    "unscheduled_seen_48h_share",
    "registered_gp_coverage",
    "gp_list_closed_share",
    "forgone_care_rate",
    "ed_visits_per_1000",
    "ed_visits_per_1000.primary_care_treatable",
    "avoidable_hosp_per_1000",
    "readmission_30d_rate",
    "gp_utilisation",
    "cost_total_per_inhabitant_eur",
    // Its two parts (trial 33: the structures' running cost, certain, was only in
    // differences.csv beside a total whose change was not distinguishable).
    "cost_care_per_inhabitant_eur",
    "cost_policy_per_inhabitant_eur",
];

/// The rows of the key-results table: the indicators of the scenario's
/// question first, then [`KEY`].
fn key_indicators(plan: &Plan) -> Vec<String> {
    let mut out: Vec<String> = plan.base.question_indicators.clone();
    for k in KEY {
        if !out.iter().any(|o| o == k) {
            out.push((*k).to_string());
        }
    }
    out
}

/// The differences told in words: the family marked better or worse
/// (Holm-adjusted per variant and territory).
const SAID: &[&str] = crate::results::MARKED;

/// Indicators of coordination (issue 19 §1), written only when `coordination.enabled`.
const COORDINATION: &[&str] =
    &["coordination_hours_per_professional", "coordination_hours_per_nurse", "information_lost_per_1000", "information_lost_share"];

/// The second line's families shown per specialty (issue 19 §2), written
/// only when `specialists.enabled`: the median delay, the 90th percentile
/// (the long waits) and the share of referrals given up.
const SECOND_LINE: &[&str] = &["specialist_delay_median_days", "specialist_delay_p90_days", "specialist_forgone_share"];

/// The indicators that join the key ones when written: coordination's, then
/// the second line's, specialty by specialty.
fn written_extras() -> Vec<String> {
    let specialties = crate::model::specialists::Specialty::ALL;
    let second_line = specialties.iter().flat_map(|s| SECOND_LINE.iter().map(move |f| format!("{f}.{}", s.label())));
    COORDINATION.iter().map(|c| (*c).to_string()).chain(second_line).collect()
}

/// Indicators of the equity table.
/// Rates per inhabitant come crude and age-standardised: groups of
/// different ages (people without a médecin traitant are younger) are
/// compared on the standardised ones.
const EQUITY: &[&str] = &[
    "delay_mean_days",
    "forgone_care_rate",
    "ed_visits_per_1000",
    "ed_visits_per_1000_age_std",
    "avoidable_hosp_per_1000",
    "avoidable_hosp_per_1000_age_std",
];

/// What the report is made from.
pub struct ReportInput<'a> {
    /// The plan's results (its plan, task results and rows).
    pub results: &'a Results<'a>,
    /// `run.json` as written (or about to be).
    pub manifest: &'a serde_json::Value,
    pub lang: Lang,
    /// The output folder (figures are written into `figures/`; calibration tables are read from it).
    pub dir: &'a Path,
}

/// Writes `report.html` and `figures/` into the output folder; returns the
/// names of the files written (relative to the folder).
pub fn write(input: &ReportInput) -> Result<Vec<String>, String> {
    let html = charts::in_lang(input.lang, || page(input))?;
    let path = input.dir.join("report.html");
    crate::io::write_atomic(&path, html.as_bytes()).map_err(|e| e.to_string())?;
    Ok(vec!["report.html".into(), "figures/".into()])
}

struct Ctx<'a> {
    input: &'a ReportInput<'a>,
    summary: &'a [SummaryRow],
    diffs: &'a [DifferenceRow],
    /// Point shown as "the" result (0: the run, or the experiment's first point).
    point: Option<u32>,
}

impl Ctx<'_> {
    fn lang(&self) -> Lang {
        self.input.lang
    }

    fn plan(&self) -> &Plan {
        self.input.results.plan
    }

    fn cell(&self, variant: &str, territory: &str, group: &str, indicator: &str) -> Option<&SummaryRow> {
        self.summary.iter().find(|r| {
            r.point == self.point && r.variant == variant && r.territory == territory && r.group == group && r.indicator == indicator
        })
    }

    fn diff(&self, variant: &str, territory: &str, indicator: &str) -> Option<&DifferenceRow> {
        crate::results::compare::group_all_row(self.diffs, self.point, variant, territory, indicator)
    }
}

fn page(input: &ReportInput) -> Result<String, String> {
    let plan = input.results.plan;
    let with_point = input.results.with_point;
    let ctx = Ctx { input, summary: &input.results.summary, diffs: &input.results.differences, point: with_point.then_some(0) };
    let lang = input.lang;
    let title = format!("{} — {}", t(lang, "report_title"), plan.name);
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>",
        lang.code(),
        esc(&title),
        CSS
    );
    let description =
        if plan.base.description.trim().is_empty() { t(lang, "no_question").to_string() } else { plan.base.description.clone() };
    let _ = writeln!(
        h,
        "<header>\n<h1>{}</h1>\n<p class=\"question\">{}</p>\n<p class=\"meta\">{}</p>\n</header>",
        esc(&title),
        esc(&description),
        esc(&format!(
            "parcours {} · {} {} · {} {} · {} {}",
            crate::provenance::VERSION,
            t(lang, "command"),
            plan.inputs.command.name(),
            t(lang, "replications"),
            plan.replications,
            t(lang, "seed"),
            plan.base.seed
        ))
    );
    let decision = crate::results::compare::decide_with_question(
        &input.results.rows,
        ctx.diffs,
        &plan.arm_names,
        &plan.territory_names,
        ctx.point,
        &plan.base.question_indicators,
    );
    // Too few replications, said at the top as in the terminal (trial 34: one replication's
    // report had no warning and said « sans effet distinguable »).
    if let Some(w) = console::replication_warning(lang, plan) {
        let _ = writeln!(h, "<p class=\"warnings replications\">⚠ {}</p>", esc(&w));
    }
    let misses = crate::results::compare::premise_misses(ctx.summary, &plan.base.premises, &plan.arm_names[0]);
    for m in &misses {
        let _ = writeln!(h, "<p class=\"warnings premise\">⚠ {}</p>", esc(&console::premise_missed(lang, m)));
    }
    // A window shorter than a year in the GPs' leave weeks: the same words as
    // the terminal's and run.json's (Scenario::season), above the "per year" figures.
    if let Some(w) = plan.base.season() {
        let _ = writeln!(h, "<p class=\"warnings season\">⚠ {}</p>", esc(if lang == Lang::Fr { &w.fr } else { &w.en }));
    }
    // What the data says of the territory's supply (its APL against DREES's, inhabitants whose
    // nearest GP is outside it, communes not of one piece): the terminal's and run.json's words
    // (trial 32 found them only there).
    for w in &plan.base.supply_warnings {
        let _ = writeln!(h, "<p class=\"warnings supply\">⚠ {}</p>", esc(if lang == Lang::Fr { &w.fr } else { &w.en }));
    }
    // The scenario's other warnings (a policy acting on no one, starting after the end …): trial 33.
    for w in plan.base.warnings_for_report(lang == Lang::Fr) {
        let _ = writeln!(h, "<p class=\"warnings scenario\">⚠ {}</p>", esc(&w));
    }
    for (_, w) in plan.unchanged_warnings() {
        let _ = writeln!(h, "<p class=\"warnings unchanged\">{}</p>", esc(&decision::unchanged_words(lang, &w)));
    }
    h.push_str(&decision::summary_section(&ctx, &decision));
    h.push_str(&scenario_section(&ctx));
    if with_point {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(t(lang, "point0_note")));
    }
    h.push_str(&results_section(&ctx));
    h.push_str(&differences_section(&ctx));
    h.push_str(&regulation::compare_section(&ctx));
    h.push_str(&regulation::section(&ctx));
    h.push_str(&equity_section(&ctx));
    h.push_str(&seasonal::section(&ctx));
    h.push_str(&decision::groups_section(&ctx, &decision)?);
    h.push_str(&figures_section(&ctx)?);
    h.push_str(&experiment_section(&ctx)?);
    h.push_str(&method_section(&ctx));
    h.push_str("</body>\n</html>\n");
    Ok(h)
}

pub(crate) const CSS: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #1f77b4;padding-bottom:.2em;margin-top:2em}\
.question{font-size:1.15em;font-style:italic}.meta,.note{color:#555;font-size:.9em}\
table{border-collapse:collapse;margin:1em 0;font-size:.92em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}\
th{background:#f0f4f8}td:first-child,th:first-child{text-align:left}\
figure{margin:1.5em 0;page-break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{color:#444;font-size:.9em}\
.better{color:#1a7f37}.worse{color:#b42318}li{margin:.3em 0}\
.scroll{overflow-x:auto;max-width:100%}.verdict{display:block;font-size:.85em;font-weight:600}td.nd .verdict{color:#666}\
.mapwrap{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start}.mapwrap figure{flex:1 1 560px;min-width:0}\
.sentences li{font-size:1.05em}.warnings{color:#8a5a00}\
@media print{body{max-width:none;margin:0}h2{page-break-after:avoid}}";

pub(crate) fn table(head: &[String], body: &[Vec<String>]) -> String {
    let mut s = String::from("<table>\n<thead><tr>");
    for c in head {
        let _ = write!(s, "<th>{}</th>", esc(c));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for r in body {
        s.push_str("<tr>");
        for c in r {
            let _ = write!(s, "<td>{}</td>", esc(c));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody>\n</table>\n");
    s
}

/// `mean [low; high]`, the interval clamped to the values the indicator
/// can take (`clamped` is set when it was); `mean [–]` without an interval
/// (n < 2); "–" when nothing was observed ([`notes`] explains all three
/// under the table).
fn with_ci(lang: Lang, r: Option<&SummaryRow>, clamped: &mut bool) -> String {
    let sep = interval_sep(lang);
    match r {
        Some(r) if r.mean.is_finite() && r.ci_low.is_finite() && r.ci_high.is_finite() => {
            let (lo, hi, c) = clamp_interval(&r.indicator, r.ci_low, r.ci_high, IntervalOf::Level);
            *clamped |= c;
            let v = |x: f64| units::value(lang, &r.indicator, x, Shown::Level);
            format!("{} [{}{sep}{}]", v(r.mean), v(lo), v(hi))
        }
        Some(r) if r.mean.is_finite() => format!("{} [–]", units::value(lang, &r.indicator, r.mean, Shown::Level)),
        _ => "–".into(),
    }
}

/// The footnotes of a table built with [`with_ci`]: why a cell shows "–",
/// and that intervals were clamped.
fn notes(lang: Lang, body: &[Vec<String>], clamped: bool) -> String {
    let cells = || body.iter().flat_map(|r| r.iter().skip(1));
    let mut h = String::new();
    if clamped {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(t(lang, "note_clamped")));
    }
    if cells().any(|c| c.ends_with("[–]")) {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(t(lang, "note_no_interval")));
    }
    if cells().any(|c| c == "–") {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(t(lang, "note_missing")));
    }
    h
}

fn scenario_section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let s = &plan.base;
    let mut h = format!("<section id=\"scenario\">\n<h2>{}</h2>\n", t(lang, "scenario"));
    let head: Vec<String> = ["territory", "zones", "inhabitants", "gps", "eds", "aged_65", "aged_75", "vulnerable_share", "gp_source"]
        .iter()
        .map(|k| t(lang, k).to_string())
        .collect();
    let body: Vec<Vec<String>> = s
        .territories
        .iter()
        .enumerate()
        .map(|(i, terr)| {
            let zones: Vec<_> = s.zones.iter().filter(|z| z.territory as usize == i).collect();
            let profile = crate::model::territory::profile(zones.iter().copied());
            vec![
                terr.name.clone(),
                count(lang, zones.len() as u64),
                count(lang, zones.iter().map(|z| z.inhabitants()).sum::<u64>()),
                count(lang, u64::from(zones.iter().map(|z| z.gps).sum::<u32>())),
                count(lang, terr.emergency_departments.len() as u64),
                num(lang, 100.0 * profile.aged_65),
                num(lang, 100.0 * profile.aged_75),
                num(lang, 100.0 * profile.vulnerable),
                labels::gp_source_label(lang, &terr.gp_source),
            ]
        })
        .collect();
    h.push_str(&table(&head, &body));
    h.push_str(&existing_structures_table(lang, &s.existing));
    let colon = labels::colon(lang);
    let _ = writeln!(
        h,
        "<p>{}</p>",
        esc(&format!(
            "{}{colon}{} {} ({}) · {}{colon}{} {}",
            t(lang, "horizon"),
            given(lang, s.years),
            labels::years_word(lang, s.years),
            s.observed_dates(lang == Lang::Fr),
            t(lang, "warmup"),
            s.warmup_days,
            t(lang, "days")
        ))
    );
    for arm in s.arms() {
        h.push_str(&arm_description(ctx, arm));
    }
    h.push_str("</section>\n");
    h
}

/// The existing structure (today's organisation) that policy `name` stands
/// for, if it is one.
fn existing_structure<'a>(s: &'a crate::scenario::Scenario, name: &str) -> Option<&'a crate::scenario::organisation::Existing> {
    s.existing.iter().find(|e| !e.policy.is_empty() && e.policy == name)
}

/// How the report names a policy: an existing structure (`today_msp`) by
/// what it is, not by its policy's name ("Maisons de santé
/// pluriprofessionnelles existantes (MSP)", with " — territory" when several
/// territories have one); a policy named by its type (`sas`) by the type's
/// French name in French ("Service d'accès aux soins (SAS) [sas]"); any other
/// by its name. `kind` is the policy's type (`msp`, `sas` …).
fn policy_display_name(lang: Lang, s: &crate::scenario::Scenario, name: &str, kind: &str) -> String {
    if let Some(e) = existing_structure(s, name) {
        let label = labels::structure_label(lang, e.kind);
        return if s.existing.iter().filter(|x| x.kind == e.kind).count() > 1 { format!("{label} — {}", e.territory) } else { label };
    }
    if lang == Lang::Fr && name == kind {
        return policy_type_fr(kind).map_or(name.to_string(), |t| format!("{t} [{name}]"));
    }
    name.to_string()
}

/// What an arm is: its name, description, changed parameters and policies.
fn arm_description(ctx: &Ctx, arm: &crate::scenario::Arm) -> String {
    let (lang, s) = (ctx.lang(), &ctx.plan().base);
    let mut h = String::new();
    let label = if arm.index == 0 {
        t(lang, "base_case").to_string()
    } else {
        match lang {
            Lang::Fr => format!("{} « {} »", t(lang, "variant"), arm.name),
            Lang::En => format!("{} “{}”", t(lang, "variant"), arm.name),
        }
    };
    let _ = writeln!(h, "<h3>{}</h3>", esc(&label));
    if arm.index > 0 && !arm.description.trim().is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(&arm.description));
    }
    if arm.index > 0 {
        let changed = parameter_changes(&s.base.parameters, &arm.parameters);
        if !changed.is_empty() {
            let _ = writeln!(h, "<p>{} {}</p>", esc(t(lang, "parameters_changed")), esc(&changed.join(" ; ")));
        }
    }
    if arm.policies.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", esc(t(lang, "no_policy")));
    } else {
        h.push_str("<ul>\n");
        for p in &arm.policies {
            let kind = p.params.kind();
            let zones = p.scope.in_zone.iter().filter(|&&z| z).count();
            // Participation only where the policy reads it (trial 32: "participation 100 %" on a PDSA).
            let reads_participation = crate::model::policy::spec::READS_PARTICIPATION.contains(&kind.as_str());
            let when = match (p.start_day, p.end_day) {
                (None, None) => t(lang, "whole_run").to_string(),
                // Each day with its date (trial 33: « du jour 91 » left the board to count).
                (a, b) => {
                    let dated = |d: i64| format!("{d} ({})", s.date_of_day(d, lang == Lang::Fr));
                    let span = match b {
                        Some(b) => format!("{} {} {} {}", t(lang, "from_day"), dated(a.unwrap_or(0)), t(lang, "to_day"), dated(b)),
                        None => format!("{} {}{}", t(lang, "from_day"), dated(a.unwrap_or(0)), t(lang, "no_end")),
                    };
                    // How much of the observed window it acts in (trial 34: an SAS from mid-year read
                    // as a full year's effect): active on days [start, end) (`policy::Schedule::active`).
                    let window = (s.years * 365.0).round().max(1.0);
                    let (from, to) = (a.unwrap_or(0).max(0) as f64, b.map_or(window, |b| (b as f64).min(window)));
                    let active = ((to - from).max(0.0) / window).min(1.0);
                    if active < 1.0 {
                        let pct = format!("{} %", num(lang, 100.0 * active));
                        format!("{span}{}{pct}{}", t(lang, "active_share"), t(lang, "of_observed"))
                    } else {
                        span
                    }
                }
            };
            let existing = existing_structure(s, &p.name);
            let name = policy_display_name(lang, s, &p.name, &kind);
            // The kind in brackets only when the policy's name is not the kind itself ("cpts (cpts)"),
            // by its French name in French ("ophthalmology_sessions (Consultations avancées de spécialistes)").
            let kind_shown = if lang == Lang::Fr { policy_type_fr(&kind).map_or(kind.clone(), str::to_string) } else { kind.clone() };
            let kind = if kind.is_empty() || kind == p.name || existing.is_some() { String::new() } else { format!(" ({kind_shown})") };
            let sep = labels::list_sep(lang);
            let base = if arm.index > 0 { s.base.policies.iter().find(|b| b.name == p.name) } else { None };
            let settings: String = policy_settings(lang, p, base).iter().map(|x| format!("{sep}{x}")).collect();
            let participation = if reads_participation {
                format!("{sep}{} {}", t(lang, "participation"), decision::participation(ctx, &arm.name, &p.name, p.scope.participation))
            } else {
                String::new()
            };
            let _ = writeln!(
                h,
                "<li><b>{}</b>{} — {}{}{sep}{} {}{}</li>",
                esc(&name),
                esc(&kind),
                esc(&when),
                esc(&participation),
                zones,
                esc(&zones_covered(lang, zones)),
                esc(&settings)
            );
        }
        h.push_str("</ul>\n");
    }
    h
}

/// What a policy line states besides participation and zones: the type's
/// capacity keys (`spec::capacity_keys`: a DAC's situations followed at
/// once, a teleconsultation's doctors …), each key a variant's policy sets
/// otherwise than the base's policy of the same name (`base → variant`),
/// a changed participation too. Labelled in the report's language by
/// `labels::parameter_label` (every policy field has a label there: tested).
fn policy_settings(
    lang: Lang,
    p: &crate::model::policy::spec::PolicySpec,
    base: Option<&crate::model::policy::spec::PolicySpec>,
) -> Vec<String> {
    let json = |q: &crate::model::policy::spec::PolicySpec| serde_json::to_value(&q.params).unwrap_or_default();
    let (v, b) = (json(p), base.map(json));
    let kind = v.get("type").and_then(|t| t.as_str()).unwrap_or_default().to_string();
    let label = |k: &str| labels::parameter_label(lang, k).unwrap_or(k).to_string();
    // A whole count (GPs on duty, doctors) is written as one, not as 4.00; any
    // other number as it is written (0.0025, not 0.003: trial 32 read a doubling
    // 0.0025 → 0.005 as "0,003 → 0,005").
    let shown = |x: &serde_json::Value| match (x.as_u64(), x.as_f64()) {
        (Some(n), _) => labels::count(lang, n),
        (None, Some(f)) if f.fract() == 0.0 && f.abs() >= 1000.0 => num(lang, f),
        (None, Some(f)) if lang == Lang::Fr => format!("{f}").replace('.', ",").replace('-', "−"),
        (None, Some(f)) => format!("{f}").replace('-', "−"),
        (None, None) => x.to_string().trim_matches('"').to_string(),
    };
    let colon = labels::colon(lang);
    let mut out = Vec::new();
    if let Some(base) = base {
        if base.scope.participation != p.scope.participation {
            out.push(format!(
                "{} {:.0} % → {:.0} %",
                t(lang, "participation"),
                100.0 * base.scope.participation,
                100.0 * p.scope.participation
            ));
        }
    }
    let Some(fields) = v.as_object() else { return out };
    for (k, x) in fields {
        if k == "type" {
            continue;
        }
        let was = b.as_ref().and_then(|b| b.get(k)).filter(|w| *w != x);
        if let Some(w) = was {
            out.push(format!("{}{colon}{} → {}", label(k), shown(w), shown(x)));
        } else if crate::model::policy::spec::capacity_keys(&kind).contains(&k.as_str()) && x.as_f64() != Some(0.0) {
            out.push(format!("{}{colon}{}", label(k), shown(x)));
        }
    }
    out
}

/// Parameters of a variant that differ from the base: `group.name: base → variant`.
fn parameter_changes(base: &crate::model::params::Parameters, arm: &crate::model::params::Parameters) -> Vec<String> {
    fn leaves(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, serde_json::Value)>) {
        match v {
            serde_json::Value::Object(m) => {
                m.iter().for_each(|(k, x)| leaves(&if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") }, x, out))
            }
            other => out.push((prefix.to_string(), other.clone())),
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    leaves("", &serde_json::to_value(base).unwrap_or_default(), &mut a);
    leaves("", &serde_json::to_value(arm).unwrap_or_default(), &mut b);
    a.iter().zip(&b).filter(|(x, y)| x.1 != y.1).map(|(x, y)| format!("{}: {} → {}", x.0, x.1, y.1)).collect()
}

fn results_section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let mut h = format!("<section id=\"results\">\n<h2>{}</h2>\n<p>{}</p>\n", t(lang, "key_results"), esc(t(lang, "key_results_note")));
    for terr in &plan.territory_names {
        let _ = writeln!(h, "<h3>{}</h3>", esc(terr));
        let head: Vec<String> = std::iter::once(t(lang, "indicator").to_string()).chain(plan.arm_names.iter().cloned()).collect();
        // Coordination's (issue 19 §1) and the second line's indicators join the key ones when they were written.
        let written = |ind: &str| plan.arm_names.iter().any(|a| ctx.cell(a, terr, "all", ind).is_some());
        let mut shown = key_indicators(plan);
        for c in written_extras().into_iter().filter(|c| written(c)) {
            if !shown.contains(&c) {
                shown.push(c);
            }
        }
        let mut clamped = false;
        let body: Vec<Vec<String>> = shown
            .iter()
            .map(|ind| {
                std::iter::once(units::label(lang, ind, Shown::Level))
                    .chain(plan.arm_names.iter().map(|a| with_ci(lang, ctx.cell(a, terr, "all", ind), &mut clamped)))
                    .collect()
            })
            .collect();
        h.push_str(&table(&head, &body));
        h.push_str(&notes(lang, &body, clamped));
        if shown.iter().any(|i| i.starts_with("specialist_delay")) {
            let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(t(lang, "second_line_note")));
        }
        h.push_str(&services_table(ctx, terr, &head));
    }
    h.push_str("</section>\n");
    h
}

/// The activity of each service of `territory` (PDSA, protocols, pharmacy,
/// teleconsultation …: `consultations_per_1000.<service>`) in every arm: the
/// volume a structure gives, which trial 32 found only in summary.csv
/// (a board could not see that an option's effect came from 600 pharmacy
/// acts a year per 1,000). Empty when no arm has a service.
fn services_table(ctx: &Ctx, territory: &str, head: &[String]) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let mut services: Vec<&str> = Vec::new();
    for r in ctx.summary.iter().filter(|r| r.point == ctx.point && r.territory == territory && r.group == "all") {
        if let Some(service) = r.indicator.strip_prefix("consultations_per_1000.") {
            if !services.contains(&service) {
                services.push(service);
            }
        }
    }
    if services.is_empty() {
        return String::new();
    }
    services.sort_unstable();
    let mut clamped = false;
    let body: Vec<Vec<String>> = services
        .iter()
        .map(|service| {
            let ind = format!("consultations_per_1000.{service}");
            std::iter::once(service_label(lang, &plan.base, service))
                .chain(plan.arm_names.iter().map(|a| with_ci(lang, ctx.cell(a, territory, "all", &ind), &mut clamped)))
                .collect()
        })
        .collect();
    let mut h = format!("<p class=\"note\">{}</p>\n", esc(t(lang, "services_activity")));
    let head: Vec<String> = std::iter::once("service".to_string()).chain(head.iter().skip(1).cloned()).collect();
    h.push_str(&table(&head, &body));
    h.push_str(&notes(lang, &body, clamped));
    h
}

/// What each policy's service is, by the suffix the policy gives its name
/// (`model::policy`: `{name}_protocol` …): (suffix, English, French).
const SERVICE_KINDS: &[(&str, &str, &str)] = &[
    ("protocol", "cooperation protocols", "protocoles de coopération"),
    ("pdsa", "out-of-hours GP on duty", "médecin de garde (PDSA)"),
    ("remote", "teleconsultations", "téléconsultations"),
    ("extended_hours", "extended opening hours", "horaires élargis"),
    ("nurse", "nurse consultations", "consultations infirmières"),
    ("discharge", "visits after a hospital stay", "visites après une hospitalisation"),
    ("pharmacy", "pharmacy consultations", "consultations en pharmacie"),
    ("ipa", "advanced practice nurse (IPA)", "infirmier en pratique avancée (IPA)"),
    ("mobile", "mobile unit", "unité mobile"),
];

/// A service's row name in the report: what it gives and whose it is
/// ("cooperation protocols — Existing CPTS …"), from the policy of any arm
/// whose name the service's begins with; the raw name when no policy or
/// suffix matches (trial 32 read `today_cpts_rural_protocol` as jargon).
fn service_label(lang: Lang, s: &crate::scenario::Scenario, service: &str) -> String {
    for arm in s.arms() {
        for p in &arm.policies {
            let Some(suffix) = service.strip_prefix(p.name.as_str()).and_then(|r| r.strip_prefix('_')) else { continue };
            let Some(k) = SERVICE_KINDS.iter().find(|k| k.0 == suffix) else { continue };
            let kind = p.params.kind();
            let what = if lang == Lang::Fr { k.2 } else { k.1 };
            return format!("{what} — {}", policy_display_name(lang, s, &p.name, &kind));
        }
    }
    service.to_string()
}

/// "SAS: −12.4 ED visits per 1,000 inhabitants per year [−15.1; −9.7]".
fn differences_section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    if plan.arm_names.len() < 2 {
        return String::new();
    }
    let mut h =
        format!("<section id=\"differences\">\n<h2>{}</h2>\n<p>{}</p>\n<ul>\n", t(lang, "differences"), esc(t(lang, "differences_note")));
    let mut clamped = false;
    // The rows of the terminal's table (one list): the question's indicators
    // first, those outside the marked family Holm-adjusted among themselves.
    let question = &plan.base.question_indicators;
    let said = terminal::difference_indicators(ctx.diffs, question);
    let asked = crate::results::compare::question_rows(ctx.diffs, ctx.point, question);
    for v in plan.arm_names.iter().skip(1) {
        for terr in &plan.territory_names {
            for ind in said.iter().map(String::as_str) {
                let own = |r: &&DifferenceRow| r.variant == *v && r.territory == *terr && r.indicator == ind;
                let Some(d) = asked.iter().find(own).or_else(|| ctx.diff(v, terr, ind)) else { continue };
                let marked = mark(d);
                let class = match marked {
                    Some(true) => " class=\"better\"",
                    Some(false) => " class=\"worse\"",
                    None => "",
                };
                let has_interval = d.ci_low.is_finite() && d.ci_high.is_finite();
                let mut verdict = if marked.is_some() {
                    String::new()
                } else if crate::results::row_does_not_vary(d) {
                    format!(" — {}", labels::constant_difference(lang))
                } else if has_interval && (d.ci_low > 0.0 || d.ci_high < 0.0) {
                    format!(
                        "{}{} ≥ 0{})",
                        t(lang, "not_significant_holm"),
                        num(lang, d.p_holm),
                        if lang == Lang::Fr { ",05" } else { ".05" }
                    )
                } else if has_interval {
                    t(lang, "not_significant").to_string()
                } else {
                    t(lang, "no_interval").to_string()
                };
                if !SAID.contains(&ind) && !crate::results::row_does_not_vary(d) && d.mean_diff.is_finite() {
                    verdict.push_str(t(lang, "outside_family"));
                }
                verdict.push_str(&format!(" ({} {})", d.n, t(lang, "replications_word")));
                if below_mde(d) {
                    verdict.push_str(&format!("{} {}", t(lang, "below_mde"), units::value(lang, ind, d.mde, Shown::Level)));
                }
                let base_mean = ctx.cell(&plan.arm_names[0], terr, "all", ind).map_or(f64::NAN, |r| r.mean);
                let (lo, hi, c) = clamp_interval(ind, d.ci_low, d.ci_high, IntervalOf::Difference { base_mean });
                clamped |= c;
                let sep = interval_sep(lang);
                let diff = |x: f64| units::value(lang, ind, x, Shown::Difference);
                let interval = if has_interval { format!(" [{}{sep}{}]", diff(lo), diff(hi)) } else { String::new() };
                let _ = writeln!(
                    h,
                    "<li{class}><b>{}</b> ({}){}{} {}{}{}</li>",
                    esc(v),
                    esc(terr),
                    labels::colon(lang),
                    esc(&diff(d.mean_diff)),
                    esc(&units::label(lang, ind, Shown::Difference)),
                    esc(&interval),
                    esc(&verdict)
                );
            }
        }
    }
    h.push_str("</ul>\n");
    if clamped {
        let _ = writeln!(h, "<p class=\"note\">{}</p>", esc(t(lang, "note_clamped")));
    }
    h.push_str("</section>\n");
    h
}

fn equity_section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let mut h = format!("<section id=\"equity\">\n<h2>{}</h2>\n<p>{}</p>\n", t(lang, "equity"), esc(t(lang, "equity_note")));
    let base = &plan.arm_names[0];
    for terr in &plan.territory_names {
        let _ = writeln!(h, "<h3>{}</h3>", esc(terr));
        let mut groups: Vec<String> = Vec::new();
        for r in ctx.summary.iter().filter(|r| r.point == ctx.point && &r.variant == base && &r.territory == terr && r.group != "all") {
            if !groups.contains(&r.group) {
                groups.push(r.group.clone());
            }
        }
        let head: Vec<String> =
            std::iter::once(t(lang, "group").to_string()).chain(EQUITY.iter().map(|i| units::label(lang, i, Shown::Level))).collect();
        // A group with nothing observed (a density class absent from the territory) is left out, not shown as a row of "–".
        let mut clamped = false;
        let body: Vec<Vec<String>> = groups
            .iter()
            .filter(|g| EQUITY.iter().any(|i| ctx.cell(base, terr, g, i).is_some_and(|r| r.mean.is_finite())))
            .map(|g| {
                std::iter::once(group_label(lang, g))
                    .chain(EQUITY.iter().map(|i| with_ci(lang, ctx.cell(base, terr, g, i), &mut clamped)))
                    .collect()
            })
            .collect();
        h.push_str(&table(&head, &body));
        h.push_str(&notes(lang, &body, clamped));
    }
    h.push_str("</section>\n");
    h
}

fn figure_html(f: &Figure, caption: &str) -> String {
    // The SVG text comes from plotters, which escapes the text it draws.
    let svg = f.svg.trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").trim();
    format!("<figure id=\"fig-{}\">\n{svg}\n<figcaption>{}</figcaption>\n</figure>\n", esc(&f.name), esc(caption))
}

fn figures_section(ctx: &Ctx) -> Result<String, String> {
    let mut h = format!("<section id=\"figures\">\n<h2>{}</h2>\n", t(ctx.lang(), "figures"));
    h.push_str(&delay_figures(ctx)?);
    h.push_str(&indicator_figures(ctx)?);
    h.push_str(&difference_figures(ctx)?);
    h.push_str(&series_figures(ctx)?);
    h.push_str(&map_figures(ctx)?);
    h.push_str(&decision::difference_maps(ctx)?);
    h.push_str("</section>\n");
    Ok(h)
}

/// Figures 1: delay distribution by territory, and mean delay by need kind.
fn delay_figures(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let dir = ctx.input.dir.join("figures");
    let mut h = String::new();
    // 1. Delay distribution by territory (one chart each, a series per variant), and mean delay by need kind.
    let bands: Vec<String> = DELAY_BANDS.iter().map(|b| labels::band_label(lang, b.0)).collect();
    let interval = |r: Option<&SummaryRow>| {
        r.map_or((f64::NAN, f64::NAN, f64::NAN), |r| {
            let k = units::scale(&r.indicator);
            (k * r.mean, k * r.ci_low, k * r.ci_high)
        })
    };
    let mut kinds: Vec<String> = Vec::new();
    for r in ctx.summary.iter().filter(|r| r.point == ctx.point && r.group == "all") {
        if let Some(k) = r.indicator.strip_prefix("delay_mean_days.") {
            if !kinds.iter().any(|x| x == k) {
                kinds.push(k.to_string());
            }
        }
    }
    for (ti, terr) in plan.territory_names.iter().enumerate() {
        let values: Vec<Vec<(f64, f64, f64)>> = plan
            .arm_names
            .iter()
            .map(|a| DELAY_BANDS.iter().map(|b| interval(ctx.cell(a, terr, "all", &format!("delay_share.{}", b.0)))).collect())
            .collect();
        let title = format!("{} — {terr}", t(lang, "fig_delay_title"));
        let f = crate::figure!(
            &dir,
            &format!("delay-distribution-{}", ti + 1),
            (760, 400),
            charts::bars_with_intervals,
            &title,
            t(lang, "share"),
            &bands,
            &plan.arm_names,
            &values
        )?;
        h.push_str(&figure_html(&f, t(lang, "fig_delay_caption")));
        let values: Vec<Vec<(f64, f64, f64)>> = plan
            .arm_names
            .iter()
            .map(|a| kinds.iter().map(|k| interval(ctx.cell(a, terr, "all", &format!("delay_mean_days.{k}")))).collect())
            .collect();
        let kind_labels: Vec<String> = kinds.iter().map(|k| labels::need_kind_label(lang, k)).collect();
        let title = format!("{} — {terr}", t(lang, "fig_kind_title"));
        let f = crate::figure!(
            &dir,
            &format!("delay-by-need-{}", ti + 1),
            (760, 400),
            charts::bars_with_intervals,
            &title,
            t(lang, "days"),
            &kind_labels,
            &plan.arm_names,
            &values
        )?;
        h.push_str(&figure_html(&f, t(lang, "fig_kind_caption")));
        h.push_str(&waits::wait_figures(ctx, &dir, ti, terr)?);
    }
    Ok(h)
}

/// Figures 2: the equity indicators by territory and arm.
fn indicator_figures(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let dir = ctx.input.dir.join("figures");
    let mut h = String::new();
    // 2. Key indicators across variants, with intervals.
    for (k, ind) in EQUITY.iter().enumerate() {
        let values: Vec<Vec<(f64, f64, f64)>> = plan
            .arm_names
            .iter()
            .map(|a| {
                plan.territory_names
                    .iter()
                    .map(|terr| {
                        let k = units::scale(ind);
                        ctx.cell(a, terr, "all", ind).map_or((f64::NAN, f64::NAN, f64::NAN), |r| (k * r.mean, k * r.ci_low, k * r.ci_high))
                    })
                    .collect()
            })
            .collect();
        let label = units::label(lang, ind, Shown::Level);
        let f = crate::figure!(
            &dir,
            &format!("indicator-{}", k + 1),
            (760, 380),
            charts::bars_with_intervals,
            &label,
            &label,
            &plan.territory_names,
            &plan.arm_names,
            &values
        )?;
        h.push_str(&figure_html(&f, t(lang, "fig_indicator_caption")));
    }
    Ok(h)
}

/// Figures 3: paired differences against the base (with variants only).
fn difference_figures(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let dir = ctx.input.dir.join("figures");
    let mut h = String::new();
    // 3. Paired differences against the base.
    if plan.arm_names.len() > 1 {
        // ED visits and avoidable hospitalisations, then the question's own
        // indicators (the ones a second-line question is about would
        // otherwise go unplotted, beside two bars of zero).
        let mut shown: Vec<&str> = vec!["ed_visits_per_1000", "avoidable_hosp_per_1000"];
        for q in &plan.base.question_indicators {
            if !shown.contains(&q.as_str()) && ctx.diffs.iter().any(|d| d.point == ctx.point && d.group == "all" && &d.indicator == q) {
                shown.push(q);
            }
        }
        for (k, ind) in shown.iter().enumerate() {
            let variants: Vec<String> = plan.arm_names[1..].to_vec();
            let values: Vec<Vec<(f64, f64, f64)>> = variants
                .iter()
                .map(|v| {
                    plan.territory_names
                        .iter()
                        .map(|terr| {
                            let k = units::scale(ind);
                            ctx.diff(v, terr, ind)
                                .map_or((f64::NAN, f64::NAN, f64::NAN), |d| (k * d.mean_diff, k * d.ci_low, k * d.ci_high))
                        })
                        .collect()
                })
                .collect();
            let label = format!("{}{}{}", t(lang, "difference_vs_base"), labels::colon(lang), units::label(lang, ind, Shown::Difference));
            let f = crate::figure!(
                &dir,
                &format!("difference-{}", k + 1),
                (760, 380),
                charts::bars_with_intervals,
                &label,
                t(lang, "difference"),
                &plan.territory_names,
                &variants,
                &values
            )?;
            let caption = if SAID.contains(ind) {
                t(lang, "fig_difference_caption").to_string()
            } else {
                format!("{} {}", t(lang, "fig_difference_caption"), t(lang, "fig_difference_question"))
            };
            h.push_str(&figure_html(&f, &caption));
        }
    }
    Ok(h)
}

/// Figures 4: weekly series over the whole run.
fn series_figures(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let dir = ctx.input.dir.join("figures");
    let mut h = String::new();
    // 4. Time series over the whole run (warm-up shaded).
    let warmup_months = f64::from(plan.base.warmup_days) / 30.44;
    for (k, (title, unit, per)) in
        [(t(lang, "fig_series_delay"), t(lang, "days"), true), (t(lang, "fig_series_ed"), t(lang, "ed_per_week"), false)]
            .into_iter()
            .enumerate()
    {
        let series: Vec<(String, Vec<(f64, f64)>)> =
            plan.arm_names.iter().enumerate().map(|(a, name)| (name.clone(), weekly_series(ctx, a as u32, per))).collect();
        let f = crate::figure!(
            &dir,
            &format!("series-{}", k + 1),
            (760, 380),
            charts::lines,
            title,
            t(lang, "months"),
            unit,
            &series,
            Some(warmup_months)
        )?;
        h.push_str(&figure_html(&f, t(lang, "fig_series_caption")));
    }
    Ok(h)
}

/// Figures 5: maps of the zones.
fn map_figures(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let dir = ctx.input.dir.join("figures");
    let mut h = String::new();
    // 5. Maps, one per territory and indicator.
    for (ti, terr) in plan.base.territories.iter().enumerate() {
        for (k, (ind, legend)) in
            [("delay", t(lang, "map_delay")), ("forgone", t(lang, "map_forgone")), ("avoidable", t(lang, "map_avoidable"))]
                .into_iter()
                .enumerate()
        {
            let zones = zone_values(ctx, ti, ind);
            if zones.is_empty() {
                continue;
            }
            let eds: Vec<(f64, f64)> = terr.emergency_departments.iter().map(|e| (e.1, e.2)).collect();
            let title = format!("{} — {}", terr.name, legend);
            let f = crate::figure!(&dir, &format!("map-{}-{}", ti + 1, k + 1), (760, 600), charts::zone_map, &title, &zones, &eds, legend)?;
            h.push_str(&figure_html(&f, t(lang, "fig_map_caption")));
        }
    }
    Ok(h)
}

/// Weekly series of arm `arm` (point 0): mean delay (days) or ED visits per week, mean over replications; x in months.
fn weekly_series(ctx: &Ctx, arm: u32, delay: bool) -> Vec<(f64, f64)> {
    let tasks: Vec<&TaskResult> = ctx.input.results.tasks.iter().filter(|t| t.arm == arm && t.point == ctx.point.unwrap_or(0)).collect();
    let weeks = tasks.iter().map(|t| t.weekly.len()).min().unwrap_or(0).saturating_sub(1);
    (0..weeks)
        .map(|w| {
            let x = (w as f64 * 7.0 + 3.5) / 30.44;
            let y = if delay {
                let (s, n) = tasks.iter().fold((0u64, 0u64), |(s, n), t| (s + t.weekly[w].delay_sum_min, n + t.weekly[w].consultations));
                if n == 0 {
                    f64::NAN
                } else {
                    s as f64 / n as f64 / 1440.0
                }
            } else {
                tasks.iter().map(|t| t.weekly[w].ed_visits as f64).sum::<f64>() / tasks.len().max(1) as f64
            };
            (x, y)
        })
        .filter(|p| p.1.is_finite())
        .collect()
}

/// (x, y, inhabitants, value) of every zone of territory `territory`, base arm, point 0.
fn zone_values(ctx: &Ctx, territory: usize, what: &str) -> Vec<(f64, f64, f64, f64)> {
    let plan = ctx.plan();
    let tasks: Vec<&TaskResult> = ctx.input.results.tasks.iter().filter(|t| t.arm == 0 && t.point == ctx.point.unwrap_or(0)).collect();
    if tasks.iter().any(|t| t.zones.len() != plan.base.zones.len()) || tasks.is_empty() {
        return Vec::new();
    }
    let years = plan.base.years * tasks.len() as f64;
    plan.base
        .zones
        .iter()
        .enumerate()
        .filter(|(_, z)| z.territory as usize == territory)
        .map(|(i, z)| {
            let sum = |f: &dyn Fn(&crate::model::indicators::ZoneStat) -> u64| tasks.iter().map(|t| f(&t.zones[i])).sum::<u64>() as f64;
            let pop = z.inhabitants() as f64;
            let v = match what {
                "delay" => sum(&|s| s.delay_sum_min) / sum(&|s| s.consultations) / 1440.0,
                "forgone" => units::scale("forgone_care_rate") * sum(&|s| s.forgone) / sum(&|s| s.needs),
                _ => 1000.0 * sum(&|s| s.avoidable_admissions) / (pop * years),
            };
            (z.x_km, z.y_km, pop, v)
        })
        .collect()
}

fn experiment_section(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let mut h = String::new();
    match plan.inputs.command {
        Command::Run => return Ok(h),
        Command::Sweep => {
            let _ = writeln!(h, "<section id=\"experiment\">\n<h2>{}</h2>", t(lang, "sweep"));
            h.push_str(&sweep_table(ctx));
            h.push_str(&decision::point_differences(ctx)?);
        }
        Command::Sensitivity => {
            let _ = writeln!(h, "<section id=\"experiment\">\n<h2>{}</h2>", t(lang, "sensitivity"));
            let method = plan.experiment.as_ref().and_then(|e| e.sensitivity.as_ref()).map(|s| (s.method, s.bootstrap.unwrap_or(500)));
            match method {
                Some((SensitivityMethod::Oat, _)) => h.push_str(&tornado_figures(ctx)?),
                Some((SensitivityMethod::Sobol, bootstrap)) => h.push_str(&sobol_figures(ctx, bootstrap as usize)?),
                None => {}
            }
            h.push_str(&decision::point_differences(ctx)?);
        }
        Command::Calibrate => {
            let _ = writeln!(h, "<section id=\"experiment\">\n<h2>{}</h2>", t(lang, "calibration"));
            h.push_str(&csv_table(lang, &ctx.input.dir.join("fit.csv")));
            if let Ok(best) = std::fs::read_to_string(ctx.input.dir.join("best.toml")) {
                let _ = writeln!(h, "<pre>{}</pre>", esc(&best));
            }
        }
    }
    h.push_str("</section>\n");
    Ok(h)
}

/// A sweep: a row per point (the first 500), base arm, first territory.
fn sweep_table(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let terr = &plan.territory_names[0];
    let head: Vec<String> = std::iter::once(t(lang, "point").to_string())
        .chain(plan.factors.iter().map(|f| f.path.clone()))
        .chain(EQUITY.iter().map(|i| format!("{} ({terr})", indicator_label(lang, i))))
        .collect();
    let mut clamped = false;
    let body: Vec<Vec<String>> = plan
        .points
        .iter()
        .take(500)
        .map(|p| {
            std::iter::once(p.index.to_string())
                .chain(p.values.iter().map(|v| num(lang, *v)))
                .chain(EQUITY.iter().map(|i| {
                    ctx.summary
                        .iter()
                        .find(|r| {
                            r.point == Some(p.index)
                                && r.variant == plan.arm_names[0]
                                && &r.territory == terr
                                && r.group == "all"
                                && r.indicator == *i
                        })
                        .map_or("–".into(), |r| with_ci(lang, Some(r), &mut clamped))
                }))
                .collect()
        })
        .collect();
    table(&head, &body) + &notes(lang, &body, clamped)
}

/// One-at-a-time sensitivity: a tornado per territory and indicator (base
/// arm), `tornado-<indicator>.png` for the first territory and
/// `tornado-<territory>-<indicator>.png` (1-based) for the others.
fn tornado_figures(ctx: &Ctx) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let dir = ctx.input.dir.join("figures");
    let base = &plan.arm_names[0];
    let mut h = String::new();
    let rows = sensitivity::one_at_a_time(plan, ctx.input.results.tasks);
    for ((j, terr), (k, ind)) in
        plan.territory_names.iter().enumerate().flat_map(|t| plan.indicators.iter().enumerate().map(move |i| (t, i)))
    {
        let mine: Vec<_> = rows.iter().filter(|r| &r.variant == base && &r.territory == terr && &r.indicator == ind).collect();
        let Some(first) = mine.first() else { continue };
        // Each bar names its parameter's low → high; a swing that may be
        // noise says so (docs/experiments.md § 5).
        let bar_label = |r: &sensitivity::OatRow| {
            let range =
                format!("{} ({} → {})", short_path(&r.parameter), labels::num(lang, r.parameter_low), labels::num(lang, r.parameter_high));
            if r.distinguishable() {
                range
            } else {
                format!("{range} (n.d.)")
            }
        };
        // Shares in % as everywhere else (`units`).
        let scale = units::scale(ind);
        let bars: Vec<(String, f64, f64)> =
            mine.iter().map(|r| (bar_label(r), scale * r.output_at_low, scale * r.output_at_high)).collect();
        let title = format!("{} ({terr})", units::label(lang, ind, Shown::Level));
        let f = crate::figure!(
            &dir,
            &if j == 0 { format!("tornado-{}", k + 1) } else { format!("tornado-{}-{}", j + 1, k + 1) },
            // One row a bar, and one for the legend (`charts::tornado`).
            (860, 120 + 46 * (bars.len() as u32 + 1)),
            charts::tornado,
            &title,
            scale * first.output_at_baseline,
            &bars,
            t(lang, "at_low"),
            t(lang, "at_high")
        )?;
        let mut caption = t(lang, "fig_tornado_caption").to_string();
        if mine.iter().any(|r| !r.distinguishable()) {
            caption = format!("{caption} {}", t(lang, "fig_tornado_nd"));
        }
        h.push_str(&figure_html(&f, &caption));
    }
    Ok(h)
}

/// Sobol indices: first-order and total bars per indicator (base arm, first territory).
fn sobol_figures(ctx: &Ctx, bootstrap: usize) -> Result<String, String> {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let dir = ctx.input.dir.join("figures");
    let (base, terr) = (&plan.arm_names[0], &plan.territory_names[0]);
    let mut h = String::new();
    let rows = sensitivity::sobol(plan, ctx.input.results.tasks, bootstrap);
    for (k, ind) in plan.indicators.iter().enumerate() {
        let mine: Vec<_> = rows.iter().filter(|r| &r.variant == base && &r.territory == terr && &r.indicator == ind).collect();
        let params: Vec<String> = mine.iter().map(|r| short_path(&r.parameter)).collect();
        let values = vec![
            mine.iter().map(|r| (r.first_order, r.first_order_low, r.first_order_high)).collect(),
            mine.iter().map(|r| (r.total, r.total_low, r.total_high)).collect(),
        ];
        let series = vec![t(lang, "first_order").to_string(), t(lang, "total_index").to_string()];
        let title = format!("Sobol — {} ({terr})", indicator_label(lang, ind));
        let f = crate::figure!(
            &dir,
            &format!("sobol-{}", k + 1),
            (860, 400),
            charts::bars_with_intervals,
            &title,
            "index",
            &params,
            &series,
            &values
        )?;
        h.push_str(&figure_html(&f, t(lang, "fig_sobol_caption")));
    }
    Ok(h)
}

/// The last two segments of a scenario path (`choice.asc_ed`), for chart labels.
fn short_path(path: &str) -> String {
    let segs: Vec<&str> = path.split('.').collect();
    segs[segs.len().saturating_sub(2)..].join(".")
}

/// A CSV file of the folder as an HTML table (escaped); empty if absent.
fn csv_table(lang: Lang, path: &Path) -> String {
    let Ok(mut r) = csv::Reader::from_path(path) else { return String::new() };
    let head: Vec<String> = r.headers().map(|h| h.iter().map(String::from).collect()).unwrap_or_default();
    let body: Vec<Vec<String>> = r
        .records()
        .flatten()
        .map(|rec| {
            rec.iter()
                .map(|c| if c.is_empty() { "–".to_string() } else { c.parse::<f64>().map_or(c.to_string(), |x| num(lang, x)) })
                .collect()
        })
        .collect();
    table(&head, &body)
}

fn method_section(ctx: &Ctx) -> String {
    let (lang, plan) = (ctx.lang(), ctx.plan());
    let m = ctx.input.manifest;
    let get = |k: &str| {
        m.get(k).map_or("–".to_string(), |v| match v {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Bool(b) => t(lang, if *b { "yes" } else { "no" }).to_string(),
            serde_json::Value::Null => "–".to_string(),
            other => other.to_string(),
        })
    };
    let threads = m.get("threads").and_then(|v| v.as_u64()).unwrap_or(0);
    let threads = format!("{threads} {}", t(lang, if threads == 1 { "thread" } else { "threads" }));
    let mut h = format!("<section id=\"method\">\n<h2>{}</h2>\n<p>{}</p>\n", t(lang, "method"), esc(t(lang, "method_text")));
    // The terminal's sentence, with its verdict on what MSER-5 can judge.
    let warm = m.get("warmup_check").map_or("–".into(), |w| {
        let get = |k: &str| w.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
        console::warmup(lang, get("weeks") as usize, plan.base.warmup_days, get("suggested_days") as u32)
    });
    let rows: Vec<Vec<String>> = vec![
        vec![t(lang, "stress_purpose").into(), plan.base.description.clone()],
        vec![t(lang, "stress_logic").into(), t(lang, "stress_logic_text").into()],
        vec![t(lang, "stress_data").into(), t(lang, "stress_data_text").into()],
        vec![
            t(lang, "stress_experimentation").into(),
            format!("{} × {} × {} ({})", plan.points.len(), plan.arm_names.len(), get("replications"), t(lang, "points_variants_reps")),
        ],
        vec![t(lang, "warmup").into(), warm],
        vec![t(lang, "horizon").into(), format!("{} {}", given(lang, plan.base.years), labels::years_word(lang, plan.base.years))],
        vec![t(lang, "seed").into(), get("seed")],
        vec![t(lang, "crn").into(), get("common_random_numbers")],
        vec![
            t(lang, "stress_implementation").into(),
            format!("parcours {} (commit {}), {threads}", get("parcours_version"), get("git_commit")),
        ],
        vec![t(lang, "scenario_hash").into(), get("scenario_sha256")],
        vec![t(lang, "plan").into(), get("plan")],
        vec![t(lang, "stress_code").into(), t(lang, "stress_code_text").into()],
        vec![
            t(lang, "run_at").into(),
            format!(
                "{} → {}{} ({})",
                labels::timestamp(lang, &get("started_at")),
                labels::timestamp(lang, &get("finished_at")),
                // French times are Paris's (`labels::timestamp`), English ones UTC's (their « Z »).
                if lang == Lang::Fr { " heure de Paris" } else { "" },
                labels::duration(lang, m.get("wall_seconds").and_then(serde_json::Value::as_f64).unwrap_or(f64::NAN))
            ),
        ],
    ];
    h.push_str(&table(&[t(lang, "item").into(), t(lang, "value").into()], &rows));
    h.push_str("</section>\n");
    h
}

/// "zones covered" after a count of zones: « zone couverte » for 0 or 1 in French.
fn zones_covered(lang: Lang, zones: usize) -> String {
    match lang {
        Lang::Fr if zones < 2 => "zone couverte".into(),
        _ => t(lang, "zones_covered").into(),
    }
}

/// The existing structures of today's organisation (scenario
/// `organisation = "today"`), one row each with its source; nothing when none.
fn existing_structures_table(lang: Lang, existing: &[crate::scenario::organisation::Existing]) -> String {
    if existing.is_empty() {
        return String::new();
    }
    let mut h = format!("<h3>{}</h3>\n<table>\n<tr>", esc(t(lang, "existing_structures")));
    for k in ["territory", "structure", "policy_id", "what", "source"] {
        h.push_str(&format!("<th>{}</th>", esc(t(lang, k))));
    }
    h.push_str("</tr>\n");
    for e in existing {
        h.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&e.territory),
            esc(&labels::structure_label(lang, e.kind)),
            esc(&e.policy),
            esc(&labels::board_text(lang, if lang == Lang::Fr { &e.what_fr } else { &e.what })),
            esc(&labels::board_text(
                lang,
                &if lang == Lang::Fr { crate::scenario::organisation::source_fr(&e.source) } else { e.source.clone() }
            ))
        ));
    }
    h.push_str("</table>\n");
    h
}

#[cfg(test)]
mod policy_line_tests {
    use super::*;
    use crate::model::policy::dac::DacParams;
    use crate::model::policy::spec::{PolicyParams, PolicySpec};
    use crate::model::policy::Scope;

    fn dac(capacity_cases: u32) -> PolicySpec {
        PolicySpec {
            name: "today_dac".into(),
            params: PolicyParams::Dac(DacParams { capacity_cases, ..DacParams::default() }),
            start_day: None,
            end_day: None,
            scope: Scope { in_zone: vec![true; 3], participation: 1.0 },
        }
    }

    /// The Lot's variant raises today's DAC from 265 to 400 situations; its
    /// line read as the base's. The base line states the capacity, the
    /// variant's the change, and nothing else changed is listed.
    #[test]
    fn a_policy_line_states_its_capacity_and_what_a_variant_changes() {
        let (base, variant) = (dac(265), dac(400));
        assert_eq!(policy_settings(Lang::Fr, &base, None), ["situations suivies en même temps\u{a0}: 265"]);
        assert_eq!(policy_settings(Lang::En, &variant, Some(&base)), ["situations followed at once: 265 → 400"]);
        assert_eq!(policy_settings(Lang::Fr, &variant, Some(&base)), ["situations suivies en même temps\u{a0}: 265 → 400"]);
        assert_eq!(policy_settings(Lang::En, &base, Some(&base)), ["situations followed at once: 265"], "unchanged: the capacity only");
    }

    /// A setting is written as it is: today's protocol share 0.0025 doubled
    /// reads « 0,0025 → 0,005 » (trial 32 read « 0,003 → 0,005 »).
    #[test]
    fn a_small_setting_is_written_in_full() {
        use crate::model::policy::cpts::CptsParams;
        let cpts = |protocol_share: f64| PolicySpec {
            name: "today_cpts".into(),
            params: PolicyParams::Cpts(CptsParams { protocol_share, ..CptsParams::default() }),
            start_day: None,
            end_day: None,
            scope: Scope { in_zone: vec![true; 3], participation: 1.0 },
        };
        let line = policy_settings(Lang::Fr, &cpts(0.005), Some(&cpts(0.0025)));
        assert!(line.iter().any(|l| l.ends_with("\u{a0}: 0,0025 → 0,005")), "{line:?}");
        let line = policy_settings(Lang::En, &cpts(0.005), Some(&cpts(0.0025)));
        assert!(line.iter().any(|l| l.ends_with(": 0.0025 → 0.005")), "{line:?}");
    }

    /// A whole count is written as one: 4 GPs on duty, not « 4.00 »
    /// (polish26's read of the English Lot report).
    #[test]
    fn a_count_on_a_policy_line_has_no_decimals() {
        use crate::model::policy::pdsa::PdsaParams;
        let pdsa = |gps_on_duty: u32| PolicySpec {
            name: "today_pdsa".into(),
            params: PolicyParams::Pdsa(PdsaParams { gps_on_duty, ..PdsaParams::default() }),
            start_day: None,
            end_day: None,
            scope: Scope { in_zone: vec![true; 3], participation: 1.0 },
        };
        assert_eq!(policy_settings(Lang::En, &pdsa(4), None), ["GPs on duty: 4"]);
        assert_eq!(policy_settings(Lang::Fr, &pdsa(4), Some(&pdsa(2))), ["médecins de garde\u{a0}: 2 → 4"]);
        assert_eq!(policy_settings(Lang::En, &dac(1200), None), ["situations followed at once: 1,200"]);
    }

    /// Trial 26 read « capacity cases » (the identifier) on a policy line:
    /// every field of every policy type the scenario schema describes (any
    /// of them a variant may change, so any may be shown) has a label in
    /// both languages, not an identifier (no `_`).
    #[test]
    fn every_policy_field_has_a_label_in_both_languages() {
        let schema = schemars::schema_for!(PolicyParams).as_value().clone();
        let alternatives = schema.get("oneOf").and_then(serde_json::Value::as_array).expect("PolicyParams is a oneOf of types");
        let mut missing = Vec::new();
        for alt in alternatives {
            let props = alt.get("properties").and_then(serde_json::Value::as_object).expect("a policy type has properties");
            let kind = props.get("type").map(|t| t.to_string()).unwrap_or_default();
            for field in props.keys().filter(|k| *k != "type") {
                for lang in [Lang::Fr, Lang::En] {
                    if labels::parameter_label(lang, field).is_none_or(|l| l.contains('_')) {
                        missing.push(format!("{kind}.{field} ({})", lang.code()));
                    }
                }
            }
        }
        assert_eq!(alternatives.len(), crate::model::policy::spec::POLICY_TYPES.len());
        assert!(missing.is_empty(), "without a label in report::labels::PARAMETER_LABELS: {missing:?}");
    }
}
