//! Why a run of the page failed, kept typed until it is said: in English
//! (`runs::Progress::message`, the command line's words, unchanged) and in
//! French for a board member (`Progress::message_fr`). The failures a run
//! can really have: its scenario refused when the run starts, its folder
//! not created or a file not written (disk full, no permission, a name too
//! long, a read-only disk), what the command refuses (more memory than the
//! computer has, a replication of hours, the folder in use by another
//! calculation or holding another run's results or other files), a model
//! invariant broken, the worker threads not started. A detail this module
//! does not know is given in English after a French sentence
//! ([`unknown_fr`]), so that nothing is lost.

use crate::io::RunError;
use crate::scenario::ScenarioError;
use std::path::PathBuf;

/// Why a run failed.
#[derive(Debug)]
pub enum Failure {
    /// Its scenario, refused when the run starts (`Plan::for_run`); `text` is the scenario's.
    Scenario { error: ScenarioError, text: String },
    /// Its folder could not be created.
    Folder { path: PathBuf, source: std::io::Error },
    /// What running it refused or met (`commands::execute`, writing its scenario).
    Run(RunError),
    /// An outcome a whole run never has (a shard's).
    Shard,
}

impl Failure {
    /// In English: the words the command line prints.
    pub fn en(&self) -> String {
        match self {
            Failure::Scenario { error, .. } => error.to_string(),
            Failure::Folder { path, source } => format!("cannot create {}: {source}", path.display()),
            Failure::Run(e) => e.to_string(),
            Failure::Shard => "unexpected: a shard".into(),
        }
    }

    /// In French, for the page: what happened and, when there is one, what to do.
    pub fn fr(&self) -> String {
        match self {
            Failure::Scenario { error: ScenarioError::Invalid { problems, .. }, text } => {
                let each: Vec<String> = problems.iter().map(|p| super::problems_fr::message_fr(&p.path, &p.reason, text)).collect();
                format!("le scénario a été refusé au lancement\u{a0}: {}", each.join(" "))
            }
            Failure::Scenario { error: ScenarioError::Unreadable { .. }, .. } => "le scénario n'a pas pu être lu au lancement".into(),
            Failure::Folder { path, source } => {
                format!("le dossier de la simulation ({}) n'a pas pu être créé\u{a0}: {}", path.display(), io_fr(source))
            }
            Failure::Run(RunError::Write { path, source }) => {
                format!("le fichier {} n'a pas pu être écrit\u{a0}: {}", path.display(), io_fr(source))
            }
            Failure::Run(RunError::Threads(n, _)) => format!(
                "l'ordinateur n'a pas pu démarrer les {n} fils de calcul de la simulation ; réessayez quand d'autres calculs seront terminés"
            ),
            Failure::Run(RunError::Invariant { replication, .. }) => format!(
                "la réplication {replication} a rencontré une incohérence interne du modèle (un défaut du logiciel, à signaler à l'équipe qui vous accompagne)"
            ),
            Failure::Run(RunError::Interrupted) => "simulation interrompue".into(),
            Failure::Run(RunError::Input(reason)) => refusal_fr(reason),
            Failure::Shard => "erreur interne du logiciel (le serveur continue de fonctionner)".into(),
        }
    }
}

/// A file-system error in French, by its kind (the system's own words are
/// English: an unknown kind keeps them).
pub fn io_fr(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => "le disque est plein ; libérez de la place, puis reprenez la simulation".into(),
        K::QuotaExceeded => "le quota de disque est atteint ; libérez de la place, puis reprenez la simulation".into(),
        K::PermissionDenied => "accès refusé\u{a0}: le serveur n'a pas le droit d'écrire dans son dossier de sortie".into(),
        K::ReadOnlyFilesystem => "le disque du dossier de sortie est en lecture seule".into(),
        K::InvalidFilename => "nom trop long (ou invalide) pour le disque ; donnez au scénario un nom plus court".into(),
        K::NotADirectory => "un fichier porte le nom d'un des dossiers du chemin".into(),
        K::NotFound => "dossier introuvable (déplacé ou supprimé pendant la simulation\u{a0}?)".into(),
        _ => format!("erreur du disque (détail technique, en anglais\u{a0}: {e})"),
    }
}

/// A French size from the English one `io::bytes` writes ("1.2 GB" → "1,2 Go").
fn bytes_fr(en: &str) -> String {
    let (n, unit) = en.trim().split_once(' ').unwrap_or((en, ""));
    let unit = match unit {
        "kB" => "ko",
        "MB" => "Mo",
        "GB" => "Go",
        "bytes" | "byte" => "octets",
        other => other,
    };
    format!("{} {unit}", super::catalogue_fr::numbers_fr(n))
}

/// What follows `marker` up to `end`.
fn between<'a>(s: &'a str, marker: &str, end: &str) -> Option<&'a str> {
    let from = s.find(marker)? + marker.len();
    s[from..].find(end).map(|e| &s[from..from + e])
}

/// The command's refusals (`RunError::Input`, worded in
/// `commands::execution`) a run of the page can meet, in French; any
/// other after a French sentence.
fn refusal_fr(reason: &str) -> String {
    if let (Some(need), Some(avail)) = (between(reason, "needs about ", " of memory"), between(reason, " but ", " are available")) {
        return format!(
            "la simulation demanderait environ {} de mémoire, mais l'ordinateur n'en a que {} de libre ; réduisez le nombre de réplications, de communes ou de variantes",
            bytes_fr(need),
            bytes_fr(avail)
        );
    }
    if let Some(events) = between(reason, "one replication would simulate about ", " events") {
        let events = events.replace('e', " × 10^").replace('.', ",");
        return format!(
            "une réplication simulerait environ {events} événements (des heures de calcul chacune) ; réduisez la durée simulée ou le territoire"
        );
    }
    if reason.contains(" is in use by another parcours process") {
        return "le dossier de la simulation est utilisé par un autre calcul en cours ; attendez qu'il se termine, puis reprenez-la depuis la liste des simulations".into();
    }
    if reason.contains(" holds the results of another run") {
        return "le dossier de la simulation contient les résultats d'une autre simulation (d'autres réglages, une autre graine ou une autre version du logiciel) ; lancez le scénario de nouveau\u{a0}: il aura son propre dossier".into();
    }
    if reason.contains(" is not empty and is not a parcours output folder") {
        return "le dossier de la simulation contient d'autres fichiers que les siens ; lancez le scénario de nouveau\u{a0}: il aura son propre dossier".into();
    }
    if reason.contains(" is a file, not a folder") {
        return "un fichier porte le nom du dossier de la simulation ; lancez le scénario de nouveau\u{a0}: il aura son propre dossier"
            .into();
    }
    unknown_fr(reason)
}

/// A failure this module does not know: its English detail after a French sentence.
pub fn unknown_fr(detail: &str) -> String {
    format!("la simulation n'a pas pu aboutir (détail technique, en anglais\u{a0}: {detail})")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kinds of error this machine cannot produce on demand (root ignores
    /// permissions; the disk is not full), in French by their kind.
    #[test]
    fn file_system_errors_are_said_by_their_kind() {
        use std::io::{Error, ErrorKind as K};
        let write = |kind: K| Failure::Run(RunError::Write { path: "out/x/summary.csv".into(), source: Error::from(kind) }).fr();
        assert_eq!(
            write(K::StorageFull),
            "le fichier out/x/summary.csv n'a pas pu être écrit\u{a0}: le disque est plein ; libérez de la place, puis reprenez la simulation"
        );
        assert_eq!(
            write(K::PermissionDenied),
            "le fichier out/x/summary.csv n'a pas pu être écrit\u{a0}: accès refusé\u{a0}: le serveur n'a pas le droit d'écrire dans son dossier de sortie"
        );
        assert_eq!(
            write(K::ReadOnlyFilesystem),
            "le fichier out/x/summary.csv n'a pas pu être écrit\u{a0}: le disque du dossier de sortie est en lecture seule"
        );
        let odd = Failure::Run(RunError::Write { path: "f".into(), source: Error::other("strange") }).fr();
        assert_eq!(odd, "le fichier f n'a pas pu être écrit\u{a0}: erreur du disque (détail technique, en anglais\u{a0}: strange)");
    }

    /// The typed failures of the engine, and a shard's outcome.
    #[test]
    fn engine_failures_are_said_in_french() {
        let threads = Failure::Run(RunError::Threads(4, "Resource temporarily unavailable".into()));
        assert_eq!(threads.en(), "could not start 4 worker threads: Resource temporarily unavailable");
        assert_eq!(
            threads.fr(),
            "l'ordinateur n'a pas pu démarrer les 4 fils de calcul de la simulation ; réessayez quand d'autres calculs seront terminés"
        );
        let broken = Failure::Run(RunError::Invariant { replication: 3, what: "negative queue".into() });
        assert_eq!(
            broken.fr(),
            "la réplication 3 a rencontré une incohérence interne du modèle (un défaut du logiciel, à signaler à l'équipe qui vous accompagne)"
        );
        assert_eq!(Failure::Shard.en(), "unexpected: a shard");
        assert_eq!(Failure::Shard.fr(), "erreur interne du logiciel (le serveur continue de fonctionner)");
    }

    /// The command's refusals, from the English it writes (the memory one
    /// as `check_resources` words it; `runs::tests` makes the others for real).
    #[test]
    fn the_commands_refusals_are_said_in_french() {
        let memory = "this run needs about 12.4 GB of memory (2,000 inhabitants × 10,000 workers × 620 bytes each, and 20 task results × 41 kB kept) \
                      but 3.1 GB are available (MemAvailable); use fewer --threads or --replications, a smaller territory, or --no-limits to try anyway";
        assert_eq!(
            refusal_fr(memory),
            "la simulation demanderait environ 12,4 Go de mémoire, mais l'ordinateur n'en a que 3,1 Go de libre ; réduisez le nombre de réplications, de communes ou de variantes"
        );
        let events = "one replication would simulate about 2.5e10 events (more than 1e10, hours of work each); shorten `years` or the territory, or use --no-limits";
        assert_eq!(
            refusal_fr(events),
            "une réplication simulerait environ 2,5 × 10^10 événements (des heures de calcul chacune) ; réduisez la durée simulée ou le territoire"
        );
        assert_eq!(refusal_fr("something new"), "la simulation n'a pas pu aboutir (détail technique, en anglais\u{a0}: something new)");
    }
}
