//! The reference workload "clinic" (shared/bench/WORKLOAD.md §A), expressed
//! as an ordinary scenario file and run by `parcours run`, conforms
//! statistically (§A.7): each output within 4 standard deviations of one run
//! of the reference ensemble at N = 10,000.

mod common;

use common::{parcours, stderr};

fn summary_value(csv: &str, indicator: &str) -> f64 {
    let row =
        csv.lines().find(|l| l.starts_with(&format!("base,clinic,all,{indicator},"))).unwrap_or_else(|| panic!("{indicator} missing"));
    row.split(',').nth(4).unwrap().parse().unwrap()
}

#[test]
fn clinic_10k_conforms_to_the_reference_ensemble_within_4_sd() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("clinic");
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench/clinic-10k.toml");
    let o = parcours(&["run", scenario, "--quiet", "--no-report", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let n = 10_000.0;
    let needs = summary_value(&csv, "needs_per_1000") * n / 1000.0;
    let held = summary_value(&csv, "consultations_per_inhabitant") * n;
    let ed = summary_value(&csv, "ed_visits_per_1000") * n / 1000.0;
    let wait = summary_value(&csv, "delay_mean_calendar_days");
    // §A.7 at N = 10k: mean wait 8.161 days (SD of one run 0.31); ED share
    // 5.196 % (SD 0.35 percentage points); needs 5N ± √(5N).
    assert!((wait - 8.161).abs() <= 4.0 * 0.31, "mean wait {wait} days");
    let ed_share = ed / needs;
    assert!((ed_share - 0.05196).abs() <= 4.0 * 0.0035, "ED share {ed_share}");
    assert!((needs - 5.0 * n).abs() <= 4.0 * (5.0 * n).sqrt(), "needs {needs}");
    // Every need ends booked or at the ED (no forgoing, no other outcome);
    // consultations held ≈ 0.922 × needs (booked minus those after day 364).
    assert_eq!(summary_value(&csv, "forgone_care_rate"), 0.0);
    let held_share = held / needs;
    assert!((held_share - 0.922).abs() < 0.015, "held / needs = {held_share}");
    // Every patient is on a list of exactly 1,000 (one GP per 1,000).
    assert_eq!(summary_value(&csv, "registered_gp_coverage"), 1.0);
}
