//! The outcomes of a SAS call (issue 18): advice (the regulator resolves the
//! call without a consultation) and abandoned calls (the caller hangs up and
//! makes their own choice, as without a SAS). Each pinned by a tiny scenario
//! whose counts follow by hand: no GP, one ED, a CPTS protocol nobody knows
//! of (so a caller's own choice is the ED or forgoing), only acute minor
//! needs, no escalation. The arms share every need and every draw (common
//! random numbers), so several identities hold exactly, need by need.
//!
//! Each test names the deliberate break of the model it catches.

mod common;

use parcours::model::indicators::{Cell, EdCause};
use parcours::model::NeedKind;
use parcours::scenario::parse;

/// A CPTS whose protocol takes every acute minor need and which informs nobody.
const PROTOCOL: &str = "[[policies]]\ntype = \"cpts\"\nprotocol_share = 1.0\ninformation_factor = 1.0\nshared_slots = false\n\
                        orphan_matching_per_month = 0.0\nattractiveness = 1.0\ncomplex_coordination_factor = 1.0\n";

/// Nobody knows of the protocol; everybody knows the SAS number.
const CHOICE: &str = "service_unawareness = 1.0\nunawareness_no_digital_factor = 1.0";

/// 4,000 inhabitants, no GP, one ED, nobody vulnerable, only acute minor needs.
fn scenario(policies: &str) -> String {
    format!(
        "name = \"sas-advice\"\nseed = 17\nreplications = 1\nyears = 1.0\nwarmup_days = 0\n\
         [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 4000\narea_km2 = 200\nzone_count = 4\n\
         gps_per_10000 = 0.0\ned_count = 1\nvulnerable = 0.0\n{PROTOCOL}{policies}\n{}\n[parameters.choice]\n{CHOICE}\n",
        common::QUIET_ACUTE_MINOR_ONLY
    )
}

/// A SAS every caller reaches, never over its daily capacity, giving no
/// advice unless `extra` sets `advice_share`, and followed by every advised
/// caller unless it sets `advice_adherence` (their defaults, 0.432 since
/// stop 42 and 0.776 since stop 45, are pinned in
/// `no_advice_and_an_empty_scope_change_nothing`).
fn sas(extra: &str) -> String {
    let advice = if extra.contains("advice_share") { "" } else { "advice_share = 0.0\n" };
    let adherence = if extra.contains("advice_adherence") { "" } else { "advice_adherence = 1.0\n" };
    format!("[[policies]]\ntype = \"sas\"\ncall_share = 1.0\ncalls_per_day_per_100k = 10000\n{advice}{adherence}{extra}\n")
}

/// The base cell of one replication; the run's bookkeeping must hold
/// (every need ends in exactly one outcome, advice included).
fn cell(text: &str) -> Cell {
    let s = parse(text, "sas advice test").unwrap_or_else(|e| panic!("{e}"));
    let out = s.world(0).run(0);
    out.diagnostics.check().unwrap_or_else(|e| panic!("bookkeeping: {e}"));
    out.recorder.cell(0, 0).clone()
}

fn treatable(c: &Cell) -> u64 {
    c.ed_visits[EdCause::PrimaryCareTreatable as usize]
}

fn forgone(c: &Cell) -> u64 {
    c.forgone[NeedKind::AcuteMinor as usize]
}

fn close(what: &str, got: f64, want: f64, n: f64) {
    let se = (want * (1.0 - want) / n).sqrt().max(1.0 / n);
    assert!((got - want).abs() <= 4.0 * se, "{what}: {got:.4}, expected {want:.4} ± {:.4}", 4.0 * se);
}

/// Break caught: advice that never happens, that still sends the caller to
/// the ED, or that counts the need as forgone.
/// SAS to participating GPs only (there are none): without advice every
/// caller (they chose the ED) goes to the ED, as without SAS. With
/// `advice_share` a = 0.4, a share 0.4 of the answered calls is advised
/// (binomial, ±4 s.e.), and — same needs, same choices — treatable ED
/// visits fall by exactly the advised calls, forgone care does not move
/// and no escalation appears (none is drawn): by hand.
#[test]
fn advice_resolves_a_share_of_calls_without_ed_nor_forgone_care() {
    let none = cell(&scenario(""));
    let no_advice = cell(&scenario(&sas("")));
    let advice = cell(&scenario(&sas("advice_share = 0.4")));
    assert!(treatable(&none) > 300, "the ED is chosen: {}", treatable(&none));
    assert_eq!(treatable(&no_advice), treatable(&none));
    assert_eq!(no_advice.sas_advised, 0);
    assert_eq!(advice.sas_calls, no_advice.sas_calls, "the same needs call");
    close("advised share of answered calls", advice.sas_advised as f64 / advice.sas_calls as f64, 0.4, advice.sas_calls as f64);
    assert_eq!(treatable(&advice), treatable(&none) - advice.sas_advised, "each advised call is one ED visit less");
    assert_eq!(forgone(&advice), forgone(&none), "advice is not forgone care");
    assert_eq!(advice.ed_visits[EdCause::Escalation as usize], 0);
    // Direction and size in the share: a = 0.8 advises twice as many calls (±4 s.e. of each).
    let more = cell(&scenario(&sas("advice_share = 0.8")));
    close("a = 0.8", more.sas_advised as f64 / more.sas_calls as f64, 0.8, more.sas_calls as f64);
    assert!(more.sas_advised > advice.sas_advised);
}

/// Break caught: advice that every advised caller follows whatever
/// `advice_adherence` says, or a caller who does not follow it and vanishes
/// (neither ED nor forgone care) or counts as resolved.
/// The regulator advises every call (`advice_share` 1); with
/// `advice_adherence` h = 0.5 a share 0.5 of the calls is resolved (±4
/// binomial s.e.), and the others, heading to the ED, go there: by hand,
/// treatable ED visits = the no-SAS arm's − the resolved calls exactly,
/// forgone care unchanged; at h = 1 every call is resolved, at h = 0 none
/// and the ED visits are the no-SAS arm's.
#[test]
fn an_advised_caller_who_does_not_follow_the_advice_makes_their_own_choice() {
    let none = cell(&scenario(""));
    let half = cell(&scenario(&sas("advice_share = 1.0\nadvice_adherence = 0.5")));
    close("resolved share at h = 0.5", half.sas_advised as f64 / half.sas_calls as f64, 0.5, half.sas_calls as f64);
    assert_eq!(treatable(&half), treatable(&none) - half.sas_advised, "each caller not following the advice goes to the ED");
    assert_eq!(forgone(&half), forgone(&none));
    let all = cell(&scenario(&sas("advice_share = 1.0\nadvice_adherence = 1.0")));
    assert_eq!(all.sas_advised, all.sas_calls);
    assert_eq!(treatable(&all), treatable(&none) - all.sas_calls);
    let nobody = cell(&scenario(&sas("advice_share = 1.0\nadvice_adherence = 0.0")));
    assert_eq!(nobody.sas_advised, 0);
    assert_eq!(treatable(&nobody), treatable(&none), "advice nobody follows changes nothing");
    assert_eq!(nobody.sas_calls, all.sas_calls, "the same calls, answered");
}

/// Break caught: an advised need drawn to escalate escaping its
/// escalation (advice does not treat).
/// Every acute need is drawn to escalate (`acute_escalation_share` 1); the
/// regulator advises every call. Compared with the same SAS without advice
/// (where callers go to the ED: a treatable visit ends the need), no
/// treatable ED visit is left, and escalations rise by the advised calls,
/// less those still pending at the horizon (by hand: between 95 % and 100 %
/// of the advised calls; forgone needs escalate alike in both arms).
#[test]
fn an_advised_need_drawn_to_escalate_still_escalates() {
    let escalating = |extra: &str| scenario(&sas(extra)).replace("acute_escalation_share = 0", "acute_escalation_share = 1");
    let without = cell(&escalating(""));
    let c = cell(&escalating("advice_share = 1.0"));
    assert_eq!(treatable(&c), 0);
    assert_eq!(c.sas_advised, c.sas_calls);
    assert_eq!(treatable(&without), without.sas_calls);
    let esc = |x: &Cell| x.ed_visits[EdCause::Escalation as usize];
    let extra = esc(&c) - esc(&without);
    assert!(
        extra <= c.sas_advised && extra as f64 >= 0.95 * c.sas_advised as f64,
        "{extra} more escalations for {} advised",
        c.sas_advised
    );
}

/// Break caught: callers who hang up vanish (neither ED nor forgone care),
/// or call again instead of choosing.
/// SAS oriented to every option (it books the protocol nobody knows of),
/// one line, 10 minutes a call, callers who do not wait (patience 0): a
/// caller either is answered and booked, or hangs up and makes their own
/// choice between the ED and forgoing, as without a SAS. By hand: treatable
/// ED visits + forgone needs = abandoned calls + answered calls not booked,
/// exactly; and the ED's share of those own choices is the no-SAS arm's
/// share (the same utilities; ±4 binomial s.e.).
#[test]
fn a_caller_who_hangs_up_makes_their_own_choice() {
    let none = cell(&scenario(""));
    let lines = cell(&scenario(&sas("orient_to_all_options = true\nlines_per_100k = 1.0\nhandling_minutes = 10\npatience_minutes = 0")));
    assert!(lines.sas_abandoned > 100, "the line saturates: {} abandoned", lines.sas_abandoned);
    let not_booked = lines.sas_calls - lines.sas_oriented - lines.sas_to_service - lines.sas_advised;
    assert_eq!(treatable(&lines) + forgone(&lines), lines.sas_abandoned + not_booked);
    let ed_share = treatable(&none) as f64 / (treatable(&none) + forgone(&none)) as f64;
    let own = (treatable(&lines) + forgone(&lines)) as f64;
    close("ED share of the own choices after hanging up", treatable(&lines) as f64 / own, ed_share, own);
}

/// Break caught: advice drawn from a stream shared with other mechanisms,
/// or a default that is not the documented one: a share of 0 (no draw) and
/// a share so small that nobody is advised (10⁻¹², a draw for every call)
/// give the same counts, byte for byte; a SAS written without the parameter
/// is the SAS with `advice_share = 0.432` and `advice_adherence = 0.776`
/// written out (Rennes 2022, stop 42; Haute-Savoie, stop 45), whose calls
/// are resolved by advice in the share 0.432 × 0.776 = 0.335232 (by hand);
/// and a SAS with advice whose scope is empty changes nothing.
#[test]
fn no_advice_and_an_empty_scope_change_nothing() {
    let zero = format!("{:?}", cell(&scenario(&sas("orient_to_all_options = true\nadvice_share = 0.0"))));
    let drawn = format!("{:?}", cell(&scenario(&sas("orient_to_all_options = true\nadvice_share = 1e-12"))));
    assert!(zero == drawn);
    let unwritten = "[[policies]]\ntype = \"sas\"\ncall_share = 1.0\ncalls_per_day_per_100k = 10000\n";
    let default = cell(&scenario(unwritten));
    assert!(format!("{default:?}") == format!("{:?}", cell(&scenario(&sas("advice_share = 0.432\nadvice_adherence = 0.776")))));
    close("default resolved share", default.sas_advised as f64 / default.sas_calls as f64, 0.335232, default.sas_calls as f64);
    let none = format!("{:?}", cell(&scenario("")));
    let empty = format!("{:?}", cell(&scenario(&sas("zones = []\norient_to_all_options = true\nadvice_share = 0.5"))));
    assert!(empty == none);
}

/// Break caught: calls over the SAS's daily capacity not counted (or counted
/// as answered or abandoned), or a capacity that does not bind.
/// No GP: a caller goes to the ED whatever the call comes to (answered with
/// nothing booked, or not taken), so a SAS taking one or two calls a day
/// sees exactly the calls of a SAS without limit (N, every need and draw
/// shared). 40,000 inhabitants place ≫ 2 calls every day of the 73 observed
/// (0.2 year), so by hand: a capacity of 1 call a day (0.001 per 100,000,
/// rounded up to 1) answers 73 calls and leaves N − 73 over capacity; a
/// capacity of 2 (5 per 100,000 × 40,000) answers 146 and leaves N − 146;
/// the indicator is (N − 73) / N; treatable ED visits do not move.
#[test]
fn calls_over_the_daily_capacity_are_counted_apart() {
    let text = |per_100k: &str| {
        scenario(&sas("").replace("calls_per_day_per_100k = 10000", &format!("calls_per_day_per_100k = {per_100k}")))
            .replace("population = 4000", "population = 40000")
            .replace("years = 1.0", "years = 0.2")
    };
    let unlimited = cell(&text("10000"));
    let n = unlimited.sas_calls;
    assert_eq!(unlimited.sas_over_capacity, 0, "room for every call");
    assert!(n > 5 * 73, "several calls a day: {n}");
    let one = cell(&text("0.001"));
    assert_eq!((one.sas_calls, one.sas_over_capacity, one.sas_abandoned), (73, n - 73, 0));
    assert_eq!(treatable(&one), treatable(&unlimited), "a call not taken ends at the ED, as one answered for nothing");
    let two = cell(&text("5"));
    assert_eq!((two.sas_calls, two.sas_over_capacity), (146, n - 146));
    // The indicator, as declared (numerator ÷ calls placed), in group `all`.
    let rows = common::rows(&text("0.001"));
    let share = rows.iter().find(|r| r.group == "all" && r.indicator == "sas_over_capacity_share").expect("written").value;
    assert!((share - (n - 73) as f64 / n as f64).abs() < 1e-12, "{share} vs {}", (n - 73) as f64 / n as f64);
    let none = common::rows(&scenario(""));
    assert!(!none.iter().any(|r| r.indicator == "sas_over_capacity_share"), "no call placed: not written");
}
