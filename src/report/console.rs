//! The command line's own sentences (how a run ended, the warm-up check,
//! the precision reached, the totals, where the results are), in French or
//! English like the terminal tables ([`super::terminal`]). One function per
//! sentence, the numbers through [`super::num`]; `main` only prints them.

use super::labels::{count, given, num, plural_fr};
use super::Lang;
use std::path::Path;

/// "results in DIR".
pub fn results_in(lang: Lang, dir: &Path) -> String {
    match lang {
        Lang::Fr => format!("résultats dans {}", dir.display()),
        Lang::En => format!("results in {}", dir.display()),
    }
}

/// "report in FILE".
pub fn report_in(lang: Lang, file: &Path) -> String {
    match lang {
        Lang::Fr => format!("rapport dans {}", file.display()),
        Lang::En => format!("report in {}", file.display()),
    }
}

/// The warm-up check: the days used, those MSER-5 suggests on a series of
/// `weeks` weeks, and what that can tell ([`crate::experiment::warmup::verdict`]).
pub fn warmup(lang: Lang, weeks: usize, configured_days: u32, suggested_days: u32) -> String {
    use crate::experiment::warmup::{longest_days, verdict, Verdict};
    let fr = lang == Lang::Fr;
    let days = |n: u32| crate::io::counted(u64::from(n), if fr { "jour" } else { "day" }, if fr { "jours" } else { "days" }, fr);
    let longest = days(longest_days(weeks));
    let why = match (verdict(weeks, configured_days, suggested_days), lang) {
        (Verdict::Longer, Lang::Fr) => "attention\u{a0}: plus long que la mise en régime utilisée ; envisagez d'augmenter warmup_days".to_string(),
        (Verdict::Longer, Lang::En) => "warning: longer than the warm-up used; consider raising warmup_days".to_string(),
        (Verdict::AtItsBound, Lang::Fr) => "le plus long qu'il puisse suggérer sur ce calcul\u{a0}: la série ne se stabilise pas dans sa première moitié (saisons, tendance) ; un balayage de la mise en régime tranche (docs/experiments.md §\u{a0}10)".to_string(),
        (Verdict::AtItsBound, Lang::En) => "the longest it can suggest on this run: the series does not settle in its first half (seasons, a trend); a warm-up sweep decides (docs/experiments.md § 10)".to_string(),
        (Verdict::RunTooShort, Lang::Fr) => {
            format!("calcul trop court pour en juger\u{a0}: sur {weeks} semaines, MSER-5 ne peut suggérer plus de {longest} ; observez plus longtemps")
        }
        (Verdict::RunTooShort, Lang::En) => {
            format!("the run is too short to judge: on {weeks} weeks MSER-5 cannot suggest more than {longest}; observe longer")
        }
        (Verdict::LongEnough, Lang::Fr) => "la mise en régime utilisée est assez longue".to_string(),
        (Verdict::LongEnough, Lang::En) => "the warm-up used is long enough".to_string(),
    };
    let (used, suggested) = (days(configured_days), days(suggested_days));
    match lang {
        Lang::Fr => {
            let used = format!("{used} {}", if crate::io::plural(u64::from(configured_days), true) { "utilisés" } else { "utilisé" });
            format!("mise en régime\u{a0}: {used} ; MSER-5 sur le délai moyen hebdomadaire (semaines de congés des MG mises à part) suggère {suggested} ({why})")
        }
        Lang::En => {
            format!("warm-up: {used} used; MSER-5 on the weekly mean delay (GPs' leave weeks set aside) suggests {suggested} ({why})")
        }
    }
}

/// The precision reached on `indicator`: the widest relative 95 %
/// half-width (NaN: not measurable), of the mean (`levels`) or of the
/// base's mean for a paired difference.
pub fn precision(lang: Lang, indicator: &str, worst_relative_half_width: f64, levels: bool) -> String {
    let w = worst_relative_half_width;
    match (lang, w.is_nan()) {
        (Lang::Fr, true) => format!(
            "précision\u{a0}: {indicator} plus grande demi-largeur à 95 %\u{a0}: non disponible (0 dans chaque réplication\u{a0}: pas de largeur relative à mesurer)"
        ),
        (Lang::En, true) => format!(
            "precision: {indicator} widest 95 % half-width: not available (0 in every replication: no relative width to measure)"
        ),
        (Lang::Fr, false) => format!(
            "précision\u{a0}: {indicator} plus grande demi-largeur à 95 % = {} % {}",
            num(lang, 100.0 * w),
            if levels { "de la moyenne" } else { "de la moyenne de la base (différence appariée variante − base)" }
        ),
        (Lang::En, false) => format!(
            "precision: {indicator} widest 95 % half-width = {:.2} % {}",
            100.0 * w,
            if levels { "of the mean" } else { "of the base's mean (paired difference variant − base)" }
        ),
    }
}

/// The warning of a `--precision` run that stopped at `--max-replications`
/// before its target: the widest half-width and its indicator.
pub fn precision_not_met(lang: Lang, r: &crate::output::PrecisionRecord) -> String {
    let widest = r.widest_relative_half_width.unwrap_or(f64::NAN);
    let ind = r.widest_indicator.as_deref().unwrap_or("–");
    match lang {
        Lang::Fr => format!(
            "attention\u{a0}: précision visée non atteinte\u{a0}: {} réplications (le maximum, --max-replications {}) laissent une demi-largeur à 95 % de {} % de la moyenne pour {ind}, au-delà des {} % demandés ; augmentez --max-replications (consigné dans run.json, « precision »)",
            r.replications,
            r.max_replications,
            num(lang, 100.0 * widest),
            given(lang, (100.0 * r.target * 1e9).round() / 1e9)
        ),
        Lang::En => format!(
            "warning: precision target not met: {} replications (the cap, --max-replications {}) leave a 95 % half-width of {} % of the mean for {ind}, above the {} % asked; raise --max-replications (recorded in run.json, \"precision\")",
            r.replications,
            r.max_replications,
            num(lang, 100.0 * widest),
            given(lang, (100.0 * r.target * 1e9).round() / 1e9)
        ),
    }
}

/// What a finished command ran.
pub struct Totals {
    pub points: usize,
    pub variants: usize,
    pub replications: u32,
    pub years: f64,
    pub seed: u64,
    pub tasks: usize,
    pub ran: usize,
    pub reused: usize,
    pub needs: u64,
    pub events: u64,
}

/// "task" or "tasks" (French "tâche" / "tâches") for `n` tasks: English
/// singular for exactly 1, French for 0 and 1.
pub fn tasks_word(lang: Lang, n: usize) -> &'static str {
    match lang {
        Lang::Fr if n <= 1 => "tâche",
        Lang::Fr => "tâches",
        Lang::En if n == 1 => "task",
        Lang::En => "tasks",
    }
}

/// A French participle or adjective agreeing with `n` feminine things
/// (`faite` / `faites`): plural above 1.
fn fem(n: usize, word: &str) -> String {
    if n > 1 {
        format!("{word}s")
    } else {
        word.to_string()
    }
}

/// "1 point(s) × 1 variant(s) × 2 replications × 1 years, seed …: …".
pub fn totals(lang: Lang, t: &Totals) -> String {
    match lang {
        Lang::Fr => format!(
            "{} point{} × {} variante{} × {} réplication{} × {} an{}, graine {}\u{a0}: {} {} ({} {} maintenant, {} {}), {} besoin{}, {} événement{}",
            t.points,
            plural_fr(t.points as u64),
            t.variants,
            plural_fr(t.variants as u64),
            t.replications,
            plural_fr(u64::from(t.replications)),
            given(lang, t.years),
            if t.years >= 2.0 { "s" } else { "" },
            t.seed,
            count(lang, t.tasks as u64),
            tasks_word(lang, t.tasks),
            count(lang, t.ran as u64),
            fem(t.ran, "exécutée"),
            count(lang, t.reused as u64),
            if t.reused > 1 { "déjà faites" } else { "déjà faite" },
            count(lang, t.needs),
            plural_fr(t.needs),
            count(lang, t.events),
            plural_fr(t.events)
        ),
        Lang::En => format!(
            "{} point(s) × {} variant(s) × {} replications × {} years, seed {}: {} {} ({} run now, {} found done), {} needs, {} events",
            t.points,
            t.variants,
            t.replications,
            t.years,
            t.seed,
            count(lang, t.tasks as u64),
            tasks_word(lang, t.tasks),
            count(lang, t.ran as u64),
            count(lang, t.reused as u64),
            count(lang, t.needs),
            count(lang, t.events)
        ),
    }
}

/// The warning of a run of fewer than 2 replications, as printed.
pub fn one_replication(lang: Lang, replications: u32) -> String {
    prefixed(lang, &one_replication_words(lang, replications))
}

/// [`one_replication`] without its « warning: » (`run.json`'s warnings).
pub fn one_replication_words(lang: Lang, replications: u32) -> String {
    match lang {
        Lang::Fr => format!(
            "{replications} réplication\u{a0}: aucun intervalle à 95 % ne peut être calculé (n < 2) ; ci_low et ci_high sont vides dans summary.csv \
             et differences.csv et affichés « – » ; utilisez --replications 2 ou plus"
        ),
        Lang::En => format!(
            "{replications} replication: no 95 % interval can be computed (n < 2); ci_low and ci_high are empty in summary.csv \
             and differences.csv and shown as \"–\"; use --replications 2 or more"
        ),
    }
}

/// The warning of a run of exactly 2 replications with variants (trial 32:
/// a board read "≈0" beside a large effect as "about zero", and saw a tiny
/// difference repeated in both replications called "better"), without its
/// « warning: » ([`result_warnings`]).
pub fn two_replications_words(lang: Lang) -> String {
    match lang {
        Lang::Fr => "2 réplications\u{a0}: chaque différence n'a qu'un degré de liberté\u{a0}; un effet n'est dit mieux ou moins bien \
                     que s'il est grand devant l'écart entre les deux réplications, si bien qu'un grand effet peut rester « non distinguable » \
                     (lisez son intervalle) et qu'une très petite différence répétée presque à l'identique peut être dite « mieux »\u{a0}; \
                     faites 5 réplications ou plus avant de décider (le tableau des effets minimaux détectables dit combien chacun en demande)"
            .to_string(),
        Lang::En => "2 replications: each difference has one degree of freedom; an effect is called better or worse only when it is large \
                     against the gap between the two replications, so a large effect can stay \"not distinguishable\" (read its interval) and \
                     a very small difference repeated almost identically can be called better; run 5 or more replications before deciding \
                     (the table of minimum detectable effects says how many each needs)"
            .to_string(),
    }
}

/// An output folder refused (`commands::execution`), in French for the
/// command line (trial 32: « erreur : … holds the results of another run »);
/// any other message as it is.
pub fn out_folder_fr(message: &str) -> String {
    if let Some((dir, _)) = message.split_once(" holds the results of another run") {
        return format!(
            "{dir} contient les résultats d'une autre simulation (son plan.json diffère\u{a0}: d'autres entrées, une autre graine, \
             une autre durée ou une autre version de parcours)\u{a0}; choisissez un autre dossier --out, ou supprimez celui-ci"
        );
    }
    if let Some((dir, rest)) = message.split_once(" is not empty and is not a parcours output folder (it holds ") {
        let held = rest.split_once("):").map_or(rest, |(h, _)| h).replace(" and ", " et ").replace(" more", " autres");
        return format!(
            "{dir} n'est pas vide et n'est pas un dossier de résultats de parcours (il contient {held})\u{a0}: parcours écraserait \
             les fichiers de mêmes noms\u{a0}; choisissez un nouveau dossier --out (parcours le crée), ou un dossier vide"
        );
    }
    if let Some((dir, _)) = message.split_once(" is in use by another parcours process") {
        return format!("{dir} est utilisé par un autre calcul parcours en cours\u{a0}; attendez qu'il se termine, ou choisissez un autre dossier --out");
    }
    if let Some((dir, _)) = message.strip_prefix("--out ").and_then(|m| m.split_once(" is a file, not a folder")) {
        return format!(
            "--out {dir} est un fichier, pas un dossier\u{a0}; donnez un nouveau dossier, ou un dossier de résultats de parcours pour reprendre"
        );
    }
    message.to_string()
}

/// A warning of [`result_warnings`] as the terminal prints it: after « warning: ».
pub fn warning_line(lang: Lang, words: &str) -> String {
    prefixed(lang, words)
}

/// A warning's words as the terminal prints them: after « warning: ».
fn prefixed(lang: Lang, words: &str) -> String {
    match lang {
        Lang::Fr => format!("attention\u{a0}: {words}"),
        Lang::En => format!("warning: {words}"),
    }
}

/// A task redone because its file could not be used.
pub fn redone(lang: Lang, what: &str) -> String {
    match lang {
        Lang::Fr => format!("attention\u{a0}: tâche refaite, son fichier était inutilisable\u{a0}: {what}"),
        Lang::En => format!("warning: redone a task whose file could not be used: {what}"),
    }
}

/// An interrupted command: what is saved and how to finish.
pub fn interrupted(lang: Lang, done: usize, tasks: usize, saved_in: &Path, out: &Path) -> String {
    match lang {
        Lang::Fr => format!(
            "interrompu\u{a0}: {done} {} sur {tasks} {} et {} dans {} ; relancez la même commande avec --out {} pour les terminer",
            tasks_word(lang, done),
            if done > 1 { "sont faites" } else { "est faite" },
            fem(done, "enregistrée"),
            saved_in.display(),
            out.display()
        ),
        Lang::En => format!(
            "interrupted: {done} of {tasks} {} {} done and saved in {}; run the same command with --out {} to finish them",
            tasks_word(lang, tasks),
            if done == 1 { "is" } else { "are" },
            saved_in.display(),
            out.display()
        ),
    }
}

/// `validate` interrupted during a scenario: what is saved and how to finish.
pub fn interrupted_validation(lang: Lang, scenario: &str, done: usize, tasks: usize, out: &Path) -> String {
    match lang {
        Lang::Fr => format!(
            "interrompu pendant {scenario}\u{a0}: {done} de ses {tasks} {} {} dans {} ; relancez la même commande avec --out {} pour terminer",
            tasks_word(lang, tasks),
            if done > 1 { "sont enregistrées" } else { "est enregistrée" },
            out.display(),
            out.display()
        ),
        Lang::En => format!(
            "interrupted during {scenario}: {done} of {tasks} of its tasks are saved in {}; run the same command with --out {} to finish",
            out.display(),
            out.display()
        ),
    }
}

/// `validate`'s last word when targets are missed (exit status 3).
pub fn targets_missed(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Fr => format!(
            "validation\u{a0}: {n} {} (voir le tableau et docs/validation.md)",
            if n > 1 { "cibles non atteintes" } else { "cible non atteinte" }
        ),
        Lang::En => format!("validation: {n} target(s) not met (see the table and docs/validation.md)"),
    }
}

/// The prefix of a bad input's message on standard error ("error: …").
pub fn error_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "erreur\u{a0}: ",
        Lang::En => "error: ",
    }
}

/// Why a scenario (or experiment, or targets file) cannot be used, as the
/// command line prints it after [`error_prefix`], one problem a line. In
/// English the validator's own text ("file:12: policies[0].participation:
/// must be …"); in French the same file, line and key (the user writes the
/// key in TOML), the reason in French ([`super::reasons_fr`], the web page's
/// translation): « file:12\u{a0}: policies[0].participation\u{a0}: doit
/// être comprise entre 0 et 1 (vous avez saisi 1,5). »
pub fn scenario_error(lang: Lang, e: &crate::scenario::ScenarioError) -> String {
    use super::reasons_fr::{reason_sentence_fr, Reader};
    use crate::scenario::ScenarioError;
    match (lang, e) {
        (Lang::En, _) => e.to_string(),
        (Lang::Fr, ScenarioError::Unreadable { origin, reason }) => {
            format!("{origin}\u{a0}: impossible de lire le fichier\u{a0}: {reason}")
        }
        (Lang::Fr, ScenarioError::Invalid { origin, problems }) => problems
            .iter()
            .map(|p| {
                let origin = if origin == crate::scenario::COMMAND_LINE { "ligne de commande" } else { origin };
                let at = p.line.map_or_else(|| origin.to_string(), |l| format!("{origin}:{l}"));
                format!("{at}\u{a0}: {}\u{a0}: {}", p.path, reason_sentence_fr(&p.reason, Reader::CommandLine))
            })
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The prefix of a warning on standard error ("warning: …").
pub fn warning_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "attention\u{a0}: ",
        Lang::En => "warning: ",
    }
}

/// A bug: the error, and a request to report it.
pub fn internal_error(lang: Lang, error: &str, version: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "erreur interne\u{a0}: {error}\nC'est un défaut de parcours {version} ; signalez-le avec la commande que vous avez lancée."
        ),
        Lang::En => format!("internal error: {error}\nThis is a bug in parcours {version}; please report it with the command you ran."),
    }
}

/// A panic (its message is printed above): a request to report it.
pub fn internal_panic(lang: Lang, version: &str) -> String {
    match lang {
        Lang::Fr => format!(
            "erreur interne (panique, voir au-dessus). C'est un défaut de parcours {version} ; signalez-le avec la commande que vous avez lancée."
        ),
        Lang::En => format!(
            "internal error (panic, see above). This is a bug in parcours {version}; please report it with the command you ran."
        ),
    }
}

/// "wrote FILE" (`scenario init --out`).
pub fn wrote(lang: Lang, file: &Path) -> String {
    match lang {
        Lang::Fr => format!("écrit\u{a0}: {}", file.display()),
        Lang::En => format!("wrote {}", file.display()),
    }
}

/// A shard of a job array done: which one of how many, the command every
/// shard runs (`command`, the program's arguments, with `--task-index I`
/// for I = 0 … count − 1) and the merge that follows.
pub fn shard_done(lang: Lang, tasks: usize, ran: usize, reused: usize, out: &Path, index: u32, count: u32, command: &[String]) -> String {
    let last = count.saturating_sub(1);
    let pattern = shard_command(command, count);
    let o = out.display();
    match lang {
        Lang::Fr => format!(
            "part {index} sur {count} (indices 0 à {last})\u{a0}: {tasks} {} {} ({ran} {} maintenant, {reused} {}) dans {o}\n\
             chaque part I = 0, 1, …, {last} lance\u{a0}: {pattern}\n\
             (Slurm\u{a0}: sbatch --array=0-{last}, I venant de SLURM_ARRAY_TASK_ID) ; quand les {count} parts sont faites\u{a0}: parcours merge {o} \
             (parts écrites dans des dossiers séparés\u{a0}: parcours merge DOSSIER_0 … DOSSIER_{last} --out {o})",
            tasks_word(lang, tasks),
            fem(tasks, "faite"),
            fem(ran, "exécutée"),
            if reused > 1 { "déjà faites" } else { "déjà faite" },
        ),
        Lang::En => format!(
            "shard {index} of {count} (indices 0 to {last}): {tasks} {} done ({ran} run now, {reused} found done) in {o}\n\
             each shard I = 0, 1, …, {last} runs: {pattern}\n\
             (Slurm: sbatch --array=0-{last}, I from SLURM_ARRAY_TASK_ID); when all {count} shards are done: parcours merge {o} \
             (shards written to separate folders: parcours merge DIR_0 … DIR_{last} --out {o})",
            tasks_word(lang, tasks),
        ),
    }
}

/// The command line of a shard with its index as `I`: `--task-index` and
/// `--task-count` replaced (or added, when the shard came from Slurm's
/// variables), arguments with spaces quoted.
pub fn shard_command(command: &[String], count: u32) -> String {
    let mut out: Vec<String> = vec!["parcours".into()];
    let mut skip = false;
    for a in command.iter().skip(1) {
        if std::mem::take(&mut skip) {
            continue;
        }
        if a == "--task-index" || a == "--task-count" {
            skip = true;
            continue;
        }
        if a.starts_with("--task-index=") || a.starts_with("--task-count=") {
            continue;
        }
        out.push(if a.is_empty() || a.contains(|c: char| c.is_whitespace() || c == '\'') {
            format!("'{}'", a.replace('\'', "'\\''"))
        } else {
            a.clone()
        });
    }
    out.push(format!("--task-index I --task-count {count}"));
    out.join(" ")
}

/// A premise of the question the base misses, in words (terminal and report).
pub fn premise_missed(lang: Lang, m: &crate::results::compare::PremiseMiss) -> String {
    prefixed(lang, &premise_missed_words(lang, m))
}

/// [`premise_missed`] without its « warning: » (`run.json`'s warnings).
pub fn premise_missed_words(lang: Lang, m: &crate::results::compare::PremiseMiss) -> String {
    let p = &m.premise;
    // A share also as the tables show it (trial 34: « gp_utilisation ≥ 0,900 … donne 0,858 »
    // beside tables in per cent): « 0,900 (90,0 %) ».
    let bound = |x: f64| match crate::results::compare::is_share(&p.indicator) {
        true => format!("{} ({} %)", num(lang, x), super::units::value(lang, &p.indicator, x, super::units::Shown::Level)),
        false => num(lang, x),
    };
    let range = match (p.at_least, p.at_most) {
        (Some(a), Some(b)) => format!("{} ≤ {} ≤ {}", bound(a), p.indicator, bound(b)),
        (Some(a), None) => format!("{} ≥ {}", p.indicator, bound(a)),
        (None, Some(b)) => format!("{} ≤ {}", p.indicator, bound(b)),
        (None, None) => p.indicator.clone(),
    };
    match lang {
        Lang::Fr => format!(
            "la question du scénario suppose {range} ({}), mais la situation de base donne {} sur « {} »\u{a0}: les résultats décrivent un autre point de départ que celui de la question",
            super::labels::indicator_label(lang, &p.indicator),
            bound(m.mean),
            m.territory
        ),
        Lang::En => format!(
            "the scenario's question assumes {range} ({}), but the base case gives {} in “{}”: the results describe another starting point than the question's",
            super::labels::indicator_label(lang, &p.indicator),
            bound(m.mean),
            m.territory
        ),
    }
}

/// What too few replications leave unsaid (1: no interval; 2 with variants:
/// one degree of freedom), for the terminal, `run.json` and the report.
pub fn replication_warning(lang: Lang, plan: &crate::experiment::Plan) -> Option<String> {
    if plan.replications < 2 {
        Some(one_replication_words(lang, plan.replications))
    } else if plan.replications == 2 && plan.arm_names.len() > 1 {
        Some(two_replications_words(lang))
    } else {
        None
    }
}

/// The warnings only a run's results can give (fewer than 2 replications, a
/// premise of the question the base misses), in `lang`, without their
/// « warning: »: what `run.json` adds to the scenario's warnings, so that
/// a reader of the folder (the Python API) has every warning the terminal printed.
pub fn result_warnings(lang: Lang, plan: &crate::experiment::Plan, summary: &[crate::results::SummaryRow]) -> Vec<String> {
    let mut out: Vec<String> = replication_warning(lang, plan).into_iter().collect();
    for m in crate::results::compare::premise_misses(summary, &plan.base.premises, &plan.arm_names[0]) {
        out.push(premise_missed_words(lang, &m));
    }
    out
}

#[cfg(test)]
mod tests {
    /// Trial 32: an --out folder holding another run was refused in English under --lang fr.
    #[test]
    fn an_out_folder_refused_is_said_in_french() {
        let fr = super::out_folder_fr(
            "/tmp/o holds the results of another run (its plan.json differs: other inputs, seed, horizon or parcours build); \
             choose another --out folder, or delete that one",
        );
        assert!(fr.starts_with("/tmp/o contient les résultats d'une autre simulation"), "{fr}");
        assert!(fr.ends_with("choisissez un autre dossier --out, ou supprimez celui-ci"), "{fr}");
        let fr = super::out_folder_fr(
            "/tmp/o is not empty and is not a parcours output folder (it holds a.txt, b.txt, c.txt and 2 more): parcours …",
        );
        assert!(
            fr.starts_with(
                "/tmp/o n'est pas vide et n'est pas un dossier de résultats de parcours (il contient a.txt, b.txt, c.txt et 2 autres)"
            ),
            "{fr}"
        );
        assert_eq!(super::out_folder_fr("something else"), "something else");
    }

    /// « suggère 0 jours »: 0 and 1 take the singular in French (`io::plural`).
    #[test]
    fn warm_up_days_agree_with_their_count() {
        assert!(warmup(Lang::Fr, 77, 182, 0).contains(
            "182 jours utilisés ; MSER-5 sur le délai moyen hebdomadaire (semaines de congés des MG mises à part) suggère 0 jour ("
        ));
        assert!(warmup(Lang::Fr, 77, 1, 1).starts_with("mise en régime\u{a0}: 1 jour utilisé ;"));
        assert!(warmup(Lang::En, 77, 1, 0)
            .starts_with("warm-up: 1 day used; MSER-5 on the weekly mean delay (GPs' leave weeks set aside) suggests 0 days ("));
    }

    use super::*;

    #[test]
    fn every_sentence_is_french_under_fr() {
        let t = Totals {
            points: 1,
            variants: 1,
            replications: 2,
            years: 1.0,
            seed: 7,
            tasks: 2,
            ran: 2,
            reused: 0,
            needs: 1_993_077,
            events: 12,
        };
        let fr = [
            results_in(Lang::Fr, Path::new("/tmp/x")),
            warmup(Lang::Fr, 77, 182, 245),
            precision(Lang::Fr, "delay_mean_days", 0.0123, true),
            totals(Lang::Fr, &t),
            one_replication(Lang::Fr, 1),
            interrupted(Lang::Fr, 1, 2, Path::new("a"), Path::new("b")),
            shard_done(Lang::Fr, 1, 1, 0, Path::new("b"), 0, 2, &[]),
            warmup(Lang::Fr, 39, 182, 0),
            warmup(Lang::Fr, 77, 182, 210),
            warmup(Lang::Fr, 77, 182, 35),
        ];
        for s in &fr {
            for english in ["results in", "warm-up", "days used", "replications ×", "run now", "of the mean", "warning", "tasks"] {
                assert!(!s.contains(english), "{english:?} in {s}");
            }
        }
        // 1 993 077 with narrow no-break spaces; 1.23 % as 1,23 %.
        assert!(fr[3].contains("1\u{202F}993\u{202F}077 besoins"), "{}", fr[3]);
        assert!(fr[2].contains("= 1,23 %"), "{}", fr[2]);
        assert_eq!(results_in(Lang::En, Path::new("/tmp/x")), "results in /tmp/x");
    }

    /// "1 tasks" read in a shard's message: one task is singular, in both
    /// languages (French also for 0), more are plural.
    #[test]
    fn one_task_is_singular() {
        let one = shard_done(Lang::En, 1, 1, 0, Path::new("o"), 0, 4, &[]);
        assert!(one.contains(": 1 task done (1 run now, 0 found done)"), "{one}");
        let two = shard_done(Lang::En, 2, 1, 1, Path::new("o"), 0, 4, &[]);
        assert!(two.contains(": 2 tasks done"), "{two}");
        let un = shard_done(Lang::Fr, 1, 1, 0, Path::new("o"), 0, 4, &[]);
        assert!(un.contains("\u{a0}: 1 tâche faite (1 exécutée maintenant, 0 déjà faite)"), "{un}");
        let deux = shard_done(Lang::Fr, 2, 2, 0, Path::new("o"), 0, 4, &[]);
        assert!(deux.contains("\u{a0}: 2 tâches faites (2 exécutées maintenant, 0 déjà faite)"), "{deux}");
        assert!(interrupted(Lang::En, 1, 1, Path::new("a"), Path::new("b")).starts_with("interrupted: 1 of 1 task is done"));
        assert!(interrupted(Lang::Fr, 1, 2, Path::new("a"), Path::new("b"))
            .starts_with("interrompu\u{a0}: 1 tâche sur 2 est faite et enregistrée"));
        assert!(interrupted(Lang::Fr, 2, 3, Path::new("a"), Path::new("b"))
            .starts_with("interrompu\u{a0}: 2 tâches sur 3 sont faites et enregistrées"));
        let t = Totals { points: 1, variants: 1, replications: 1, years: 1.0, seed: 1, tasks: 1, ran: 1, reused: 0, needs: 5, events: 9 };
        assert!(totals(Lang::En, &t).contains(": 1 task (1 run now, 0 found done)"), "{}", totals(Lang::En, &t));
        assert!(totals(Lang::Fr, &t).contains("\u{a0}: 1 tâche (1 exécutée maintenant, 0 déjà faite)"), "{}", totals(Lang::Fr, &t));
    }

    /// Every shard's command: the index replaced by I (or added, from
    /// Slurm's variables), every index 0 … N − 1 named, the merge after.
    #[test]
    fn a_shard_names_every_shard_and_the_merge() {
        let args = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            shard_command(&args("/usr/bin/parcours sweep e.toml --out o --task-index 3 --task-count 8 --quiet"), 8),
            "parcours sweep e.toml --out o --quiet --task-index I --task-count 8"
        );
        assert_eq!(
            shard_command(&args("parcours run a.toml --task-index=1 --task-count=4"), 4),
            "parcours run a.toml --task-index I --task-count 4"
        );
        assert_eq!(shard_command(&args("parcours run a.toml"), 4), "parcours run a.toml --task-index I --task-count 4");
        let en = shard_done(Lang::En, 5, 5, 0, Path::new("o"), 3, 8, &args("parcours sweep e.toml --out o --task-index 3 --task-count 8"));
        assert!(en.starts_with("shard 3 of 8 (indices 0 to 7)"), "{en}");
        assert!(en.contains("each shard I = 0, 1, …, 7 runs: parcours sweep e.toml --out o --task-index I --task-count 8"), "{en}");
        assert!(en.contains("sbatch --array=0-7") && en.contains("parcours merge o") && en.contains("DIR_0 … DIR_7 --out o"), "{en}");
    }
}
