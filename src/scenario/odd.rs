//! Policy inputs that are valid but rarely what was meant, said as
//! warnings (stderr of every command, the page's warnings, `run.json`):
//! a policy with `participation = 0` (nobody takes part: it acts on no
//! one) or covering no zone (`zones = []`: it acts nowhere), a policy starting on a negative day (during the warm-up: its
//! effect is already in place when observation begins), a teleconsultation
//! volume far above any observed one for its scope's inhabitants; and in
//! `[parameters.specialists]`, values set while the second line is off, an
//! urgent request that accepts a longer wait than a routine one, and
//! `catchment_share = 0` (the same run as `catchment = false`). Values outside
//! a plausible range are refused instead (`bounds`).

use super::{arm_words, Scenario, Warning};

impl Scenario {
    /// One line per policy of the file (a variant's inherited copy of a
    /// base policy is said once, for the base) with `participation = 0`,
    /// no zone covered, or `start_day < 0`. Today's organisation (`today_*`) is left out
    /// in the base (the file does not write it), not where a variant extends it
    /// (trial 33: `extend_policies` with `participation = 0.0` was not warned of).
    pub(super) fn odd_input_warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for arm in self.arms() {
            let (at, fr_at) = (arm_words(arm, false), arm_words(arm, true));
            for p in &arm.policies {
                let inherited = arm.index > 0 && self.base.policies.contains(p);
                if inherited || (arm.index == 0 && p.name.starts_with("today_")) {
                    continue;
                }
                if let (0.0, crate::model::policy::spec::PolicyParams::Sas(s)) = (p.scope.participation, &p.params) {
                    // A SAS without GPs still answers its calls: advice, and services when it orients to every option
                    // (stop 45's trial: « elle n'agit donc sur personne » beside an effect on ED visits).
                    out.push(sas_without_gps(&p.name, &at, &fr_at, s.advice_share > 0.0 || s.orient_to_all_options));
                } else if p.scope.participation == 0.0 {
                    out.push(Warning {
                        form_fr: Some(format!(
                            "la mesure {:?} ({fr_at}) a une participation des professionnels de 0\u{a0}: aucun n'y prend part, elle n'agit donc sur personne \
                             (ses coûts fixes peuvent compter) ; donnez une participation au-dessus de 0 (par exemple 0,5) ou retirez la mesure",
                            p.name
                        )),
                        en: format!(
                            "policy {:?} ({at}) has participation = 0: none of its zones' professionals takes part, so it acts on no one \
                             (its fixed costs may still count); give a share above 0 (e.g. 0.5), or remove the policy",
                            p.name
                        ),
                        fr: format!(
                            "la politique {:?} ({fr_at}) a participation = 0\u{a0}: aucun professionnel de ses zones n'y prend part, elle n'agit donc sur personne \
                             (ses coûts fixes peuvent compter) ; donnez une part au-dessus de 0 (par exemple 0.5) ou retirez la politique",
                            p.name
                        ),
                    });
                }
                if !p.scope.in_zone.iter().any(|&z| z) {
                    out.push(Warning {
                        form_fr: Some(format!(
                            "la mesure {:?} ({fr_at}) ne couvre aucune commune\u{a0}: elle n'agit donc nulle part et cette option ne diffère des autres \
                             que par ce qu'elle change d'autre ; choisissez les communes qu'elle couvre, ou aucune pour tout le territoire",
                            p.name
                        )),
                        en: format!(
                            "policy {:?} ({at}) covers no zone: its `zones` (and `territories`) list is empty, so it acts nowhere and this arm \
                             differs from the others only by what else it changes; name the zones it covers, or leave out `zones` and \
                             `territories` for every zone",
                            p.name
                        ),
                        fr: format!(
                            "la politique {:?} ({fr_at}) ne couvre aucune zone\u{a0}: sa liste `zones` (et `territories`) est vide, elle n'agit donc nulle part \
                             et cette option ne diffère des autres que par ce qu'elle change d'autre ; nommez les zones couvertes, ou omettez \
                             `zones` et `territories` pour toutes les zones",
                            p.name
                        ),
                    });
                }
                if let Some(w) = self.teleconsultation_volume_warning(p, &at, &fr_at) {
                    out.push(w);
                }
                if let Some(start) = p.start_day.filter(|s| *s < 0) {
                    out.push(Warning {
                        form_fr: Some(format!(
                            "la mesure {:?} ({fr_at}) commence au jour {}, pendant la mise en régime ({} jours)\u{a0}: elle est en place dès le premier \
                             jour observé et son démarrage n'est pas observé ; le jour 0 est le premier jour observé",
                            p.name,
                            start.to_string().replace('-', "−"),
                            self.warmup_days
                        )),
                        en: format!(
                            "policy {:?} ({at}) starts on day {start}, during the warm-up (warmup_days = {}): it is in place from the first \
                             observed day and its start is not observed; start_day = 0 is the first observed day",
                            p.name, self.warmup_days
                        ),
                        fr: format!(
                            "la politique {:?} ({fr_at}) commence au jour {start}, pendant la mise en régime (warmup_days = {})\u{a0}: elle est en place dès le premier \
                             jour observé et son démarrage n'est pas observé ; start_day = 0 est le premier jour observé",
                            p.name, self.warmup_days
                        ),
                    });
                }
            }
        }
        out
    }

    /// A teleconsultation policy offering more than
    /// [`TELECONSULTATIONS_PER_100K_DAY_ODD`] a day per 100,000 inhabitants
    /// of its scope: valid (a way to say "no capacity limit"), but far
    /// above any observed volume.
    fn teleconsultation_volume_warning(&self, p: &crate::model::policy::spec::PolicySpec, at: &str, fr_at: &str) -> Option<Warning> {
        let crate::model::policy::spec::PolicyParams::Teleconsultation(t) = &p.params else { return None };
        let covered: u64 = self.zones.iter().zip(&p.scope.in_zone).filter(|(_, inside)| **inside).map(|(z, _)| z.inhabitants()).sum();
        let per_100k = 100_000.0 * f64::from(t.consultations_per_day) / covered.max(1) as f64;
        (covered > 0 && per_100k > TELECONSULTATIONS_PER_100K_DAY_ODD).then(|| {
            let fr = format!(
                "la politique {:?} ({fr_at}) offre {} téléconsultations par jour pour {} habitants ({per_100k:.0} pour 100\u{202F}000 ; aujourd'hui environ 32)\u{a0}: \
                 plus de {TELECONSULTATIONS_PER_100K_DAY_ODD:.0} pour 100\u{202F}000 par jour dépasse de loin tout volume observé, \
                 la plateforme agit donc comme sans limite",
                p.name,
                crate::io::count(u64::from(t.consultations_per_day), true),
                crate::io::count(covered, true)
            );
            // The page says "mesure" for a policy (the form's word).
            Warning { form_fr: Some(fr.replacen("la politique ", "la mesure ", 1)), fr, en: format!(
                "policy {:?} ({at}) offers {} teleconsultations a day for {} inhabitants ({per_100k:.0} per 100,000; today about 32): \
                 more than {TELECONSULTATIONS_PER_100K_DAY_ODD:.0} per 100,000 a day is far above any observed volume, \
                 so the platform acts as if unlimited",
                p.name,
                crate::io::count(u64::from(t.consultations_per_day), false),
                crate::io::count(covered, false)
            ) }
        })
    }

    /// `[parameters.specialists]` inputs that are valid but rarely what was
    /// meant, per arm (a variant whose specialists' parameters are the base's
    /// is said once, for the base): values other than the defaults while
    /// `enabled = false` (they change nothing), `urgent_tolerance_median_days`
    /// above `tolerance_median_days` (urgent requests would wait longer than
    /// routine ones), and `catchment_share = 0` (the same run, byte for byte,
    /// as `catchment = false`).
    pub(super) fn specialist_input_warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for arm in self.arms() {
            let sp = &arm.parameters.specialists;
            if arm.index > 0 && *sp == self.base.parameters.specialists {
                continue;
            }
            let (at, fr_at) = (arm_words(arm, false), arm_words(arm, true));
            if !sp.enabled {
                let set = specialist_fields_set(sp);
                if !set.is_empty() {
                    let list = set.join(", ");
                    let (given, nothing) = if set.len() > 1 {
                        (
                            format!("{} de ses réglages sont donnés", set.len()),
                            "ils ne changent donc rien (simulez le second recours, ou retirez ces réglages)",
                        )
                    } else {
                        (
                            "un de ses réglages est donné".to_string(),
                            "il ne change donc rien (simulez le second recours, ou retirez ce réglage)",
                        )
                    };
                    out.push(Warning {
                        form_fr: Some(format!("le second recours (les spécialistes) n'est pas simulé ({fr_at}), mais {given}\u{a0}: {nothing}")),
                        en: format!(
                            "[parameters.specialists] ({at}) sets {list} but enabled = false: the second line does not run, so the values set change nothing (set enabled = true, or remove them)"
                        ),
                        fr: format!(
                            "[parameters.specialists] ({fr_at}) donne {list} mais enabled = false\u{a0}: le second recours ne tourne pas, les valeurs données ne changent donc rien (mettez enabled = true, ou retirez-les)"
                        ),
                    });
                }
                continue;
            }
            if sp.urgent_tolerance_median_days > sp.tolerance_median_days {
                let (u, r) = (sp.urgent_tolerance_median_days, sp.tolerance_median_days);
                let days = |x: f64| x.to_string().replace('.', ",");
                out.push(Warning {
                    form_fr: Some(format!(
                        "second recours ({fr_at})\u{a0}: l'attente qu'accepte une demande urgente (médiane de {} jours) dépasse celle d'une demande non urgente ({} jours)\u{a0}: \
                         les demandes urgentes (symptômes nouveaux ou aggravés) accepteraient des attentes plus longues que les autres",
                        days(u),
                        days(r)
                    )),
                    en: format!(
                        "[parameters.specialists] ({at}) urgent_tolerance_median_days = {u} is above tolerance_median_days = {r}: urgent requests (new or worsening symptoms) would accept longer waits than routine ones"
                    ),
                    fr: format!(
                        "[parameters.specialists] ({fr_at}) urgent_tolerance_median_days = {u} dépasse tolerance_median_days = {r}\u{a0}: les demandes urgentes (symptômes nouveaux ou aggravés) accepteraient des attentes plus longues que les demandes non urgentes"
                    ),
                });
            }
            if sp.catchment && sp.catchment_share == 0.0 {
                out.push(Warning {
                    form_fr: Some(format!(
                        "second recours ({fr_at})\u{a0}: la part des recours qui traversent la limite du territoire vaut 0\u{a0}: rien ne la traverse, \
                         la même simulation que sans ces recours (à l'octet près) ; désactivez-les, ou donnez-leur une part au-dessus de 0"
                    )),
                    en: format!(
                        "[parameters.specialists] ({at}) catchment_share = 0: nothing crosses the territory's boundary, the same run as catchment = false (byte for byte); say catchment = false, or give a share above 0"
                    ),
                    fr: format!(
                        "[parameters.specialists] ({fr_at}) catchment_share = 0\u{a0}: rien ne traverse la limite du territoire, la même simulation que catchment = false (à l'octet près) ; écrivez catchment = false, ou donnez une part au-dessus de 0"
                    ),
                });
            }
        }
        out
    }
}

impl Scenario {
    /// An MSP or centre de santé (`msp` policy) covering communes where no
    /// GP practises at the start: a team there has no member (members are
    /// the covered zones' GPs), so that site acts on no one. Said per policy
    /// the file writes or extends (an extension of `today_msp` names only the
    /// communes it adds; a variant's inherited copy is said once, for the base).
    /// Not said of a territory a policy written whole covers entirely (its
    /// default scope): that is one team of the territory's participating
    /// GPs, which the patients of communes without a GP reach through their
    /// own GP (stop 47: the shipped rural-sas-tele-msp warned of 18 such
    /// communes). An extension still names the communes it adds.
    pub(super) fn msp_without_gp_warnings(&self) -> Vec<Warning> {
        use crate::model::policy::spec::PolicyParams;
        let mut out = Vec::new();
        for arm in self.arms() {
            let (at, fr_at) = (arm_words(arm, false), arm_words(arm, true));
            for p in arm.policies.iter().filter(|p| matches!(p.params, PolicyParams::Msp(_))) {
                if arm.index > 0 && self.base.policies.contains(p) {
                    continue;
                }
                let before = self.base.policies.iter().find(|b| b.name == p.name && arm.index > 0);
                if before.is_none() && p.name.starts_with("today_") {
                    continue; // today's sites are placed where GPs practise
                }
                let mut partly_covered = vec![false; self.territories.len()];
                for (z, zone) in self.zones.iter().enumerate() {
                    if !p.scope.covers(z as u32) {
                        if let Some(t) = partly_covered.get_mut(usize::from(zone.territory)) {
                            *t = true;
                        }
                    }
                }
                let empty: Vec<&str> = (0..self.zones.len())
                    .filter(|&z| before.is_some() || partly_covered.get(usize::from(self.zones[z].territory)).copied().unwrap_or(true))
                    .filter(|&z| p.scope.covers(z as u32) && before.is_none_or(|b| !b.scope.covers(z as u32)) && self.zones[z].gps == 0)
                    .map(|z| self.zones[z].name.as_str())
                    .collect();
                if empty.is_empty() {
                    continue;
                }
                // A real territory's zones are INSEE codes: the commune's name beside.
                let named = |n: &str| crate::geo::dataset().commune(n).map_or(format!("{n:?}"), |c| format!("{n:?} ({})", c.name));
                let shown = empty.iter().take(5).map(|n| named(n)).collect::<Vec<_>>().join(", ");
                let more = if empty.len() > 5 { format!(" (+{})", empty.len() - 5) } else { String::new() };
                out.push(Warning {
                    form_fr: Some(format!(
                        "la mesure {:?} ({fr_at}) couvre {shown}{more}, où aucun médecin généraliste n'exerce au départ\u{a0}: une équipe n'y a aucun membre \
                         (les membres sont les MG des communes couvertes), ce site n'agit donc sur personne ; choisissez une commune où exercent des MG",
                        p.name
                    )),
                    en: format!(
                        "policy {:?} ({at}) covers {shown}{more}, where no GP practises at the start: a team there has no member \
                         (an MSP's members are its communes' GPs), so that site acts on no one; name a commune where GPs practise \
                         (`parcours territory show … --communes` lists them)",
                        p.name
                    ),
                    fr: format!(
                        "la politique {:?} ({fr_at}) couvre {shown}{more}, où aucun MG n'exerce au départ\u{a0}: une équipe n'y a aucun membre \
                         (les membres d'une MSP sont les MG de ses communes), ce site n'agit donc sur personne ; nommez une commune où exercent des MG \
                         (`parcours territory show … --communes` les liste)",
                        p.name
                    ),
                });
            }
        }
        out
    }
}

/// Teleconsultations a day per 100,000 covered inhabitants above which a
/// policy is said to be far above any observed volume: ≈ 30 × today's 32
/// a day per 100,000 (≈ 3.2 % of GP consultations in 2023, Cnam / DREES;
/// `organisation::TELE_PER_100K_DAY`). Assumption, range 300–3,000.
pub const TELECONSULTATIONS_PER_100K_DAY_ODD: f64 = 1_000.0;

/// The `[parameters.specialists]` fields of `sp` other than `enabled` whose
/// value differs from the default, in alphabetical order.
fn specialist_fields_set(sp: &crate::model::specialists::SpecialistParams) -> Vec<String> {
    let (Ok(serde_json::Value::Object(got)), Ok(serde_json::Value::Object(default))) =
        (serde_json::to_value(sp), serde_json::to_value(crate::model::specialists::SpecialistParams::default()))
    else {
        return Vec::new();
    };
    got.iter().filter(|(k, v)| k.as_str() != "enabled" && default.get(k.as_str()) != Some(v)).map(|(k, _)| k.clone()).collect()
}

#[cfg(test)]
mod tests {
    use crate::scenario::parse;

    fn scenario(policy: &str) -> String {
        format!(
            "name = \"odd\"\nseed = 1\nreplications = 1\nyears = 1.0\nwarmup_days = 60\n\
             [[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 2000\narea_km2 = 100\nzone_count = 2\n{policy}"
        )
    }

    /// Trial 33: today's CPTS extended with `participation = 0.0` was not
    /// warned of (today's structures were left out wholesale); the base's
    /// own today_* are still not said (the file does not write them).
    #[test]
    fn an_extension_to_participation_zero_is_warned() {
        let text = "name = \"t\"\nyears = 0.05\n[[territories]]\nname = \"lozere\"\ndepartement = \"48\"\n\
                    [[variants]]\nname = \"v\"\nextend_policies = [{ name = \"today_cpts\", participation = 0.0 }]\n";
        let w: Vec<String> = parse(text, "odd.toml").unwrap().odd_input_warnings().into_iter().map(|w| w.en).collect();
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("policy \"today_cpts\" (variant \"v\") has participation = 0"), "{w:?}");
        let base = "name = \"t\"\nyears = 0.05\n[[territories]]\nname = \"lozere\"\ndepartement = \"48\"\n";
        assert!(parse(base, "odd.toml").unwrap().odd_input_warnings().is_empty());
    }

    /// Stop 45's trial: a SAS without GPs was said to act on no one while its
    /// advice cut ED visits. It still answers and advises (the default's
    /// 0.432); with no advice and GP slots only, it acts on no one.
    #[test]
    fn a_sas_without_gps_is_said_to_still_advise() {
        let warn = |extra: &str| -> Vec<String> {
            let text = scenario(&format!("[[policies]]\ntype = \"sas\"\nname = \"s\"\nparticipation = 0.0\n{extra}"));
            parse(&text, "odd.toml").unwrap().odd_input_warnings().into_iter().map(|w| w.en).collect()
        };
        let w = warn("");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("no GP takes part") && w[0].contains("still answers calls") && !w[0].contains("acts on no one"), "{w:?}");
        let w = warn("advice_share = 0.0\n");
        assert!(w[0].contains("gives no advice: it acts on no one"), "{w:?}");
        let w = warn("advice_share = 0.0\norient_to_all_options = true\n");
        assert!(w[0].contains("still answers calls"), "{w:?}");
    }

    /// Each odd input gives exactly one warning naming the policy and the
    /// field; an ordinary policy none; a variant inheriting the base's
    /// policy does not repeat it.
    #[test]
    fn participation_zero_and_a_negative_start_are_warned_once() {
        let warn = |policy: &str| -> Vec<String> {
            let s = parse(&scenario(policy), "odd.toml").unwrap();
            s.odd_input_warnings().into_iter().map(|w| w.en).collect()
        };
        assert!(warn("[[policies]]\ntype = \"cpts\"\nparticipation = 0.6\nstart_day = 0\n").is_empty());
        let w = warn("[[policies]]\ntype = \"cpts\"\nname = \"c\"\nparticipation = 0.0\n[[variants]]\nname = \"v\"\nadd_policies = [{ type = \"msp\" }]\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("policy \"c\" (base) has participation = 0"), "{w:?}");
        let w = warn("[[policies]]\ntype = \"cpts\"\nname = \"c\"\nstart_day = -30\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("starts on day -30, during the warm-up (warmup_days = 60)"), "{w:?}");
        // 2,000 inhabitants: 20 a day is 1,000 per 100,000 (at the threshold, no
        // warning), 21 is 1,050 (by hand: 100,000 × 21 / 2,000).
        assert!(warn("[[policies]]\ntype = \"teleconsultation\"\nconsultations_per_day = 20\n").is_empty());
        let w = warn("[[policies]]\ntype = \"teleconsultation\"\nname = \"t\"\nconsultations_per_day = 21\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("policy \"t\" (base) offers 21 teleconsultations a day for 2,000 inhabitants (1050 per 100,000"), "{w:?}");
        let s = parse(&scenario("[[policies]]\ntype = \"cpts\"\nparticipation = 0.0\n"), "odd.toml").unwrap();
        assert!(s.warnings().iter().any(|w| w.contains("participation = 0")), "shown with the other warnings");
        // The same warning in French (`--lang fr`, `run.json`'s warnings_fr).
        let fr = s.warnings_in(true);
        assert!(fr[0].starts_with("la politique \"cpts\" (base) a participation = 0\u{a0}: aucun professionnel"), "{fr:?}");
    }

    /// An MSP site in a commune without GP has no member: said for the
    /// communes a policy covers (B, not A), and for those an extension adds
    /// (B) without repeating the base's; a site with GPs says nothing.
    #[test]
    fn an_msp_site_without_gp_is_warned_once_by_name() {
        let zones = "[[territories]]\nname = \"t\"\nzones = [\n\
             { name = \"A\", population = 3000, density = \"rural\", x_km = 0.0, y_km = 0.0, gps = 3 },\n\
             { name = \"B\", population = 500, density = \"rural\", x_km = 5.0, y_km = 0.0, gps = 0 },\n\
             { name = \"C\", population = 400, density = \"rural\", x_km = 0.0, y_km = 5.0, gps = 0 },\n]\n";
        let warn = |rest: &str| -> Vec<String> {
            let text = format!("name = \"odd\"\nseed = 1\nreplications = 2\nyears = 1.0\n{zones}{rest}");
            parse(&text, "odd.toml").unwrap().msp_without_gp_warnings().into_iter().map(|w| w.en).collect()
        };
        assert!(warn("[[policies]]\ntype = \"msp\"\nname = \"m\"\nzones = [\"A\"]\n").is_empty());
        // The whole territory (the default scope, or every commune named): one team, nothing to say.
        assert!(warn("[[policies]]\ntype = \"msp\"\nname = \"m\"\n").is_empty());
        assert!(warn("[[policies]]\ntype = \"msp\"\nname = \"m\"\nzones = [\"A\", \"B\", \"C\"]\n").is_empty());
        let w = warn("[[policies]]\ntype = \"msp\"\nname = \"m\"\nzones = [\"A\", \"B\"]\n");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("policy \"m\" (base) covers \"B\", where no GP practises at the start"), "{w:?}");
        let w = warn(
            "[[policies]]\ntype = \"msp\"\nname = \"m\"\nzones = [\"A\"]\n\
             [[variants]]\nname = \"v\"\nextend_policies = [{ name = \"m\", zones = [\"B\"] }]\n",
        );
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("policy \"m\" (variant \"v\") covers \"B\", where"), "{w:?}");
        // The base's own site without GP (B) is said for the base; the variant names only C, which it adds.
        let w = warn(
            "[[policies]]\ntype = \"msp\"\nname = \"m\"\nzones = [\"A\", \"B\"]\n\
             [[variants]]\nname = \"v\"\nextend_policies = [{ name = \"m\", zones = [\"C\"] }]\n",
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("policy \"m\" (base) covers \"B\", where"), "{w:?}");
        assert!(w[1].starts_with("policy \"m\" (variant \"v\") covers \"C\", where"), "{w:?}");
    }
}

/// The warning of a SAS with `participation = 0`: no GP takes part, so the
/// regulator books no GP slot; when it still `acts` (advice, or services
/// with `orient_to_all_options`), it says so instead of « acts on no one ».
fn sas_without_gps(name: &str, at: &str, fr_at: &str, acts: bool) -> Warning {
    let (en_what, fr_what) = if acts {
        (
            "it still answers calls, resolves some by advice (advice_share) and, with orient_to_all_options, books services",
            "il répond encore aux appels, en résout une partie par un conseil et, s'il oriente vers toutes les options, réserve des services",
        )
    } else {
        (
            "and it gives no advice: it acts on no one (its fixed costs may still count)",
            "et il ne donne pas de conseil\u{a0}: il n'agit sur personne (ses coûts fixes peuvent compter)",
        )
    };
    Warning {
        form_fr: Some(format!(
            "le SAS {name:?} ({fr_at}) a une participation des médecins de 0\u{a0}: aucun créneau de médecin n'est réservé par le régulateur ; {fr_what} ; donnez une participation au-dessus de 0 (par exemple 0,5) pour qu'il oriente vers des médecins"
        )),
        en: format!(
            "SAS {name:?} ({at}) has participation = 0: no GP takes part, so the regulator books no GP slot; {en_what}; give a share above 0 (e.g. 0.5) for it to orient callers to GPs"
        ),
        fr: format!(
            "le SAS {name:?} ({fr_at}) a participation = 0\u{a0}: aucun médecin n'y prend part, le régulateur ne réserve aucun créneau de médecin ; {fr_what} ; donnez une part au-dessus de 0 (par exemple 0.5) pour qu'il oriente vers des médecins"
        ),
    }
}
