//! The decision summary (issue 22 § 1): a variant that changes nothing gets
//! no better/worse mark anywhere in it (against the base, by group, best
//! option, sentence) at any replication count; a variant with a real effect
//! gets one; the summary opens the report.

use parcours::results::compare::{decide, DECISION};
use parcours::results::{differences, indicator_rows, simulate};
use parcours::scenario::parse;

mod common;

/// The weekend route (issue 17, `model::rhythm`) is off: weekend acute needs
/// reach the ED through the logit, so the SAS has the calls to regulate
/// that make its effect real at 5 replications (with the route on, its ED
/// effect at 5 replications is −1.3 per 1,000, p_holm 0.07: not marked).
/// Every GP takes part in the SAS (participation 1): at half participation,
/// with the defaults of the stop-25 recalibration, the ED effect at 5
/// replications is −2.5 per 1,000, p_holm 0.078, not marked either.
const RURAL: &str = "name = \"r\"\narchetype = \"rural\"\npopulation = 8000\narea_km2 = 400\nzone_count = 9";

fn scenario(replications: u32) -> String {
    format!(
        "name = \"t\"\nseed = 11\nreplications = {replications}\nyears = 0.5\nwarmup_days = 60\n[[territories]]\n{RURAL}\n\
         [[variants]]\nname = \"none\"\nadd_policies = [{{ type = \"sas\", zones = [] }}]\n\
         [[variants]]\nname = \"sas\"\nadd_policies = [{{ type = \"sas\", participation = 1.0 }}]\n\
         [parameters.week]\nweekend_ed_share = 0\nweekend_pdsa_share = 0\n"
    )
}

#[test]
fn nothing_is_never_marked_and_a_real_effect_is() {
    for reps in [2, 5, 20] {
        let s = parse(&scenario(reps), "decision test").unwrap_or_else(|e| panic!("{e}"));
        let run = simulate(&s, 0, |_| {}).unwrap();
        let (rows, diffs) = (indicator_rows(&run), differences(&run));
        let arms: Vec<String> = ["base", "none", "sas"].iter().map(|x| x.to_string()).collect();
        let variants = arms[1..].to_vec();
        let d = decide(&rows, &diffs, &arms, &["r".to_string()], None);
        assert_eq!(d.vs_base.iter().filter(|e| e.row.variant == "none").count(), DECISION.len(), "{reps}: {:?}", d.vs_base);
        let marked: Vec<_> = d.vs_base.iter().chain(&d.groups).filter(|e| e.row.variant == "none" && e.mark().is_some()).collect();
        assert!(marked.is_empty(), "{reps} replications: {marked:?}");
        assert!(DECISION.iter().all(|i| d.best(&variants, "r", i) != Some("none")), "{reps}");
        assert!(d.largest_group_effect("none", "r").is_none(), "{reps}");
        for c in d.cost_per_avoided.iter().filter(|c| c.variant == "none") {
            assert!(c.value.is_err(), "{reps}: {c:?}");
        }
        if reps >= 5 {
            let real: Vec<_> = d.vs_base.iter().filter(|e| e.row.variant == "sas" && e.mark().is_some()).collect();
            assert!(!real.is_empty(), "{reps}: the SAS effect is marked: {:?}", d.vs_base);
            // The real effect wins against the null variant on the same indicator.
            let e = real[0];
            let pair = d.between.iter().find(|r| r.a == "none" && r.b == "sas" && r.indicator == e.row.indicator).unwrap();
            assert!(pair.p_holm >= pair.p_value, "{pair:?}");
        }
    }
}

/// Through the command line: the report opens with the decision summary,
/// whose sentence for the null variant claims no effect, in both languages.
#[test]
fn the_report_opens_with_the_decision_summary() {
    let dir = tempfile::tempdir().unwrap();
    let file = common::write(dir.path(), "s.toml", &scenario(3));
    for lang in ["fr", "en"] {
        let out = dir.path().join(lang);
        let o = common::parcours(&["run", file.to_str().unwrap(), "--lang", lang, "--out", out.to_str().unwrap()]);
        assert!(o.status.success(), "{}", common::stderr(&o));
        let report = std::fs::read_to_string(out.join("report.html")).unwrap();
        let (dec, scen) = (report.find("<section id=\"decision\">").unwrap(), report.find("<section id=\"scenario\">").unwrap());
        assert!(dec < scen, "the decision summary comes first");
        let none = report.lines().find(|l| l.starts_with("<li>") && (l.contains("« none »") || l.contains("“none”"))).unwrap();
        let (claim, nothing) = if lang == "fr" { ("réduit", "sans effet distinguable") } else { ("reduces", "no distinguishable effect") };
        assert!(!none.contains(claim) && none.contains(nothing), "{none}");
        assert!(report.contains("<section id=\"groups\">"), "effects by group");
        assert!(report.contains("Holm"), "the adjustment is named");
    }
}
