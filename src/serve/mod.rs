//! `parcours serve`: a local web application in which a CPTS board picks
//! its territory on a map, reads its diagnostic, composes options from the
//! policy catalogue, runs them with the same engine as `parcours run` (into
//! a normal output folder) and compares the results.
//!
//! An axum server on a small tokio runtime; every page asset is embedded
//! (`assets/`), nothing is fetched from the network. Runs go through a
//! queue ([`runs`]) onto a pool of `max_running` workers (each run has its
//! own interruption flag, so cancelling one leaves the others running).
//! Request bodies are limited, a panic in a handler becomes a 500
//! answer, and every text the page shows is inserted as text, never as
//! HTML. The API and the design: docs/serve.md.

pub mod body;
pub mod catalogue;
mod catalogue_fr;
pub mod compose;
pub mod departement;
pub mod failures;
pub mod problems_fr;
pub mod runs;
pub mod territory;
pub mod work;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::FutureExt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

/// How the server is started.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on (127.0.0.1 unless `--listen` says otherwise).
    pub listen: IpAddr,
    /// Port (0: any free port; the address is printed).
    pub port: u16,
    /// Open the page in the default browser once listening.
    pub open: bool,
    /// Folder of the run folders (`output/`, as `parcours run`).
    pub output: PathBuf,
    /// Runs waiting for the worker at most (more are refused with 429).
    pub max_queued: usize,
    /// Worker threads of one run (0: one per core), as `parcours run --threads`.
    pub threads: usize,
    /// Runs simulated at the same time (at least 1); the others wait.
    pub max_running: usize,
    /// Settings of the quick baselines (the selection's and its département's).
    pub quick: departement::Quick,
    /// Language of what the server prints (the page has its own switch).
    pub lang: crate::report::Lang,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: IpAddr::from([127, 0, 0, 1]),
            port: 8080,
            open: false,
            output: PathBuf::from("output"),
            max_queued: 4,
            threads: 0,
            max_running: 2,
            quick: departement::Quick::default(),
            lang: crate::report::Lang::default(),
        }
    }
}

/// Largest request body accepted (a scenario file or a composed scenario), bytes.
pub const MAX_BODY_BYTES: usize = 512 * 1024;

/// The state every handler shares.
pub struct AppState {
    pub config: Config,
    pub runs: runs::Runs,
    /// One quick baseline simulation of the diagnostic at a time.
    pub diagnostic_permits: tokio::sync::Semaphore,
    /// The départements' quick baselines, computed in the background.
    pub departements: departement::Baselines,
}

pub type Shared = Arc<AppState>;

/// The application's routes (also used by tests through [`serve`]).
pub fn router(state: Shared) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/app.js", get(app_js))
        .route("/app.css", get(app_css))
        .route("/api/health", get(health))
        .route("/api/search", get(territory::search))
        .route("/api/communes", get(territory::communes))
        .route("/api/diagnostic", post(territory::diagnostic))
        .route("/api/baseline", post(territory::baseline))
        .route("/api/baseline/departement/{code}", get(departement::show).post(departement::start))
        .route("/api/baseline/departement/{code}/cancel", post(departement::cancel))
        .route("/api/catalogue", get(catalogue::handler))
        .route("/api/scenario/validate", post(compose::validate_handler))
        .route("/api/scenario/parse", post(compose::parse_handler))
        .route("/api/runs", get(runs::list).post(runs::create))
        .route("/api/runs/{id}", get(runs::show))
        .route("/api/runs/{id}/events", get(runs::events))
        .route("/api/runs/{id}/cancel", post(runs::cancel))
        .route("/api/runs/{id}/resume", post(runs::resume))
        .route("/api/runs/{id}/files/{name}", get(runs::file))
        .route("/api/compare", get(runs::compare))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn(guard))
        .with_state(state)
}

/// Every answer: a panic becomes a 500 (the server goes on), and headers
/// that keep the page from loading anything from elsewhere.
async fn guard(req: Request, next: Next) -> Response {
    let mut res = match std::panic::AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(r) => r,
        Err(_) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal error (a bug in parcours; the server goes on)"),
    };
    let h = res.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'",
    ));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    res
}

/// A JSON error `{ "error": message }` with a status.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(serde_json::json!({ "error": message.into() }))).into_response()
}

async fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, "no such page")
}

async fn health(State(s): State<Shared>) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "ok": true, "version": crate::provenance::VERSION, "output": s.config.output.display().to_string() }))
}

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

async fn index() -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], INDEX_HTML).into_response()
}

async fn app_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], APP_JS).into_response()
}

async fn app_css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], APP_CSS).into_response()
}

/// Runs blocking work (data, simulation) off the async threads; a panic in
/// it becomes an error message instead of taking the connection down.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, Response> {
    tokio::task::spawn_blocking(move || std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)))
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| error(StatusCode::INTERNAL_SERVER_ERROR, "internal error (a bug in parcours; the server goes on)"))
}

/// The first line the server prints: its address (what a script reads:
/// the URL follows "parcours serve" in both languages), where runs go, how to stop.
pub fn start_line(lang: crate::report::Lang, url: &str, output: &std::path::Path) -> String {
    match lang {
        crate::report::Lang::Fr => {
            format!("parcours serve\u{a0}: {url} (simulations écrites dans {} ; Ctrl-C pour arrêter)", output.display())
        }
        crate::report::Lang::En => format!("parcours serve: {url} (runs written to {}; Ctrl-C to stop)", output.display()),
    }
}

/// The warning of a server others can reach.
/// `--output` naming a file: runs are written into a folder.
fn output_not_a_folder(lang: crate::report::Lang, output: &std::path::Path) -> String {
    match lang {
        crate::report::Lang::Fr => format!(
            "--output {}\u{a0}: c'est un fichier\u{a0}; --output doit être un dossier (créé s'il n'existe pas), où chaque simulation écrit le sien",
            output.display()
        ),
        crate::report::Lang::En => {
            format!("--output {}: is a file; --output must be a folder (created if missing), where each run writes its own", output.display())
        }
    }
}

fn open_to_others(lang: crate::report::Lang, listen: IpAddr) -> String {
    match lang {
        crate::report::Lang::Fr => {
            format!("attention\u{a0}: écoute sur {listen} — quiconque atteint cette adresse peut lancer des simulations")
        }
        crate::report::Lang::En => format!("warning: listening on {listen} — anyone who can reach this address can run simulations"),
    }
}

/// Starts the server and serves until the process ends: prints the address
/// (`parcours serve: http://127.0.0.1:8080/`) on standard output first.
pub fn serve(mut config: Config) -> Result<(), String> {
    if let Some(q) = departement::Quick::from_env()? {
        eprintln!(
            "{}: quick baselines of {} replications, {} year(s) after {} days",
            departement::QUICK_ENV,
            q.replications,
            q.years,
            q.warmup_days
        );
        config.quick = q;
    }
    if config.output.exists() && !config.output.is_dir() {
        return Err(output_not_a_folder(config.lang, &config.output));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(config.listen, config.port);
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr().map_err(|e| e.to_string())?;
        let url = format!("http://{local}/");
        std::fs::create_dir_all(&config.output).map_err(|e| format!("cannot create {}: {e}", config.output.display()))?;
        println!("{}", start_line(config.lang, &url, &config.output));
        use std::io::Write;
        let _ = std::io::stdout().flush();
        if !config.listen.is_loopback() {
            eprintln!("{}", open_to_others(config.lang, config.listen));
        }
        if config.open {
            open_browser(&url);
        }
        let state = Arc::new(AppState {
            runs: runs::Runs::new(config.max_queued, config.max_running),
            diagnostic_permits: tokio::sync::Semaphore::new(1),
            departements: departement::Baselines::default(),
            config,
        });
        axum::serve(listener, router(state)).await.map_err(|e| format!("server stopped: {e}"))
    })
}

/// Opens `url` in the desktop's browser, if there is one (errors ignored: the address is printed).
fn open_browser(url: &str) {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(cmd).arg(url).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn();
}

#[cfg(test)]
mod app_text_tests {
    /// The web app says of a difference identical in every replication what
    /// the terminal and the report say (`labels::constant_difference`, the
    /// verdict "not established" first): its copy in app.js is that text.
    #[test]
    fn the_app_says_the_constant_difference_as_the_report_does() {
        use crate::report::Lang;
        for lang in [Lang::En, Lang::Fr] {
            let text = crate::report::labels::constant_difference(lang);
            assert!(super::APP_JS.contains(&format!("constant: \"{text}\"")), "{text}");
        }
        assert!(crate::report::labels::constant_difference(Lang::Fr).starts_with("non établi"));
        assert!(crate::report::labels::constant_difference(Lang::En).starts_with("not established"));
    }

    /// The table of differences keeps its layout: a difference the same in
    /// every replication has the terminal's mark in its cell (the same
    /// constant), its long words once below the table after that mark,
    /// never in the cell (they pushed the columns to the right).
    #[test]
    fn the_app_marks_a_constant_difference_as_the_terminal_does() {
        assert_eq!(crate::report::labels::CONSTANT_MARK, "(¹)");
        assert!(super::APP_JS.contains("const CONSTANT_MARK = \"(¹)\";"));
        let cell = super::APP_JS.split_once("const verdictCell").expect("the verdict cell").1.split_once(";\n").unwrap().0;
        assert!(cell.contains("v === \"constant\"") && cell.contains(", CONSTANT_MARK)"), "{cell}");
        assert!(super::APP_JS.contains("`${CONSTANT_MARK} ${t(\"constant\")}`"), "the footnote");
    }
}

#[cfg(test)]
mod french_text_tests {
    use crate::report::labels::internal_reference;

    /// Every French text of the web app names no scenario file to edit, no
    /// `context/` document, no command-line option or command: the page's
    /// French table (app.js) and index.html, the catalogue's French
    /// (descriptions, costs, parameters' labels, units and sources). The
    /// structures' and France's sources go through `report::board_text`,
    /// whose French is checked in `report::labels`. Allowed: the file
    /// picker's accepted types (`accept=".toml,…"`, not a text).
    #[test]
    fn french_texts_of_the_web_app_name_no_internal_file_or_command() {
        let fr_table = super::APP_JS.split_once("\n  fr: {").and_then(|(_, r)| r.split_once("\n  en: {")).expect("T.fr, then T.en").0;
        let index = super::INDEX_HTML.replace("accept=\".toml,text/plain\"", "");
        let mut texts: Vec<(String, String)> = vec![("app.js T.fr".into(), fr_table.to_string()), ("index.html".into(), index)];
        for e in super::catalogue::catalogue() {
            texts.push((format!("{} description_fr", e.kind), e.description_fr.clone()));
            texts.push((format!("{} costs_fr", e.kind), e.costs_fr.clone()));
            for p in &e.params {
                texts.push((format!("{}.{} French", e.kind, p.name), format!("{} | {} | {}", p.label_fr, p.unit_fr, p.source_fr)));
            }
        }
        // The page's own table is JavaScript (`(n) => …`): the stricter form scan reads the catalogue's texts.
        let found: Vec<String> = texts
            .iter()
            .enumerate()
            .filter_map(|(i, (what, text))| {
                if i < 2 { internal_reference(text) } else { form_reference(text) }.map(|r| format!("{what}: {r}"))
            })
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }

    /// What a board member filling in the form cannot act on: besides
    /// [`internal_reference`], a scenario-file assignment (`years = 0.2`),
    /// a project document (`docs/`, an `issue `, the `ODD`), a command
    /// (`parcours territory …`; not the article « Tisser des parcours
    /// lisibles ») or a backquoted key.
    fn form_reference(text: &str) -> Option<&'static str> {
        const COMMANDS: [&str; 9] = ["run", "serve", "territory", "scenario", "experiment", "sensitivity", "validate", "merge", "report"];
        let command = text.match_indices("parcours ").any(|(i, _)| COMMANDS.iter().any(|c| text[i + 9..].starts_with(c)));
        internal_reference(text)
            .or_else(|| ["= ", "docs/", "issue ", "ODD", "`"].into_iter().find(|p| text.contains(p)))
            .or(command.then_some("parcours <command>"))
    }

    /// The French warnings `/api/scenario/validate` gives the page (its
    /// summary's `warnings_fr`) name the form's fields, not the file's keys,
    /// for scenarios that raise the warnings a board can meet: a variant
    /// adding a CPTS where today's works (the form's "étendre l'existante"),
    /// a measure starting after the end of a 0.2-year run in the winter
    /// holidays, a measure with participation 0, a model APL 1.41 × DREES's
    /// (Saint-Flour, trial 36), communes not of one piece (Auch and
    /// Toulouse, 70 km apart).
    #[test]
    fn french_warnings_of_the_web_page_name_the_forms_fields() {
        let scenarios = [
            "name = \"a\"\nyears = 0.2\nstart_day_of_year = 180\n[[territories]]\nname = \"gers\"\ndepartement = \"32\"\n[[variants]]\nname = \"v\"\n\
             add_policies = [{ type = \"cpts\", participation = 0.0, start_day = 200 }]\n",
            "name = \"b\"\nyears = 0.2\nwarmup_days = 60\n[[territories]]\nname = \"stflour\"\ncommunes = [\"15187\", \"15005\", \"15200\"]\n\
             [[variants]]\nname = \"tele\"\nadd_policies = [{ type = \"teleconsultation\" }]\n",
            "name = \"c\"\n[[territories]]\nname = \"c\"\ncommunes = [\"32013\", \"31555\"]\n",
        ];
        let mut warnings = Vec::new();
        for text in scenarios {
            let s = crate::scenario::parse(text, "t").unwrap();
            let summary = super::compose::summary(&s);
            warnings.extend(summary["warnings_fr"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_string()));
        }
        let all = warnings.join("\n");
        // Each warning named above is there (so the scan below reads it).
        for said in [
            "« Structure\u{a0}: étendre l'existante »",
            "durée simulée\u{a0}: 0,2 an",
            "une durée d'un an ou plus",
            "1,41 × l'APL",
            "scénarios séparés",
        ] {
            assert!(all.contains(said), "{said:?} not in {all}");
        }
        let found: Vec<String> = warnings
            .iter()
            .filter_map(|w| toml_identifier(w).or_else(|| form_reference(w).map(String::from)).map(|r| format!("{r}: {w}")))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }

    /// A scenario identifier in a French text: a snake_case word
    /// (`extend_policies`, `warmup_days`, `today_cpts`), a table header
    /// (`[[variants]]`, `[parameters.specialists]`) or a file name (`.toml`).
    fn toml_identifier(text: &str) -> Option<String> {
        let word = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .find(|w| w.trim_matches('_').contains('_'))
            .map(|w| format!("snake_case word {w}"));
        word.or_else(|| ["[[", "[parameters", ".toml"].into_iter().find(|p| text.contains(p)).map(String::from))
    }

    /// The French warnings an uploaded scenario file can raise on the page
    /// (`/api/scenario/parse` and `/validate`: the summary's `warnings_fr`)
    /// read as French for a board: no identifier of the file. Each file
    /// raises one warning the form alone cannot (or can with a measure of
    /// the catalogue): a second-line measure while the second line is not
    /// simulated, a measure starting during the warm-up, one covering no
    /// commune, second-line settings given while it is not simulated, an
    /// urgent request accepting a longer wait than a routine one, a share
    /// crossing the territory's limit of 0, a teleconsultation volume far
    /// above any observed; a measure left unnamed is named by its type's
    /// French name. The expected texts are written by hand.
    #[test]
    fn french_warnings_of_uploaded_files_name_no_identifier() {
        let base = "name = \"u\"\nyears = 1.0\n[[territories]]\nname = \"t\"\narchetype = \"rural\"\npopulation = 2000\narea_km2 = 100\nzone_count = 2\n";
        let files = [
            format!("{base}[[variants]]\nname = \"avis\"\nadd_policies = [{{ type = \"telexpertise\" }}]\n"),
            format!("{base}[[variants]]\nname = \"tot\"\nadd_policies = [{{ type = \"mobile_unit\", start_day = -10 }}]\n"),
            format!("{base}[[variants]]\nname = \"nulle\"\nadd_policies = [{{ type = \"sas\", zones = [] }}]\n"),
            format!("{base}[parameters.specialists]\ntolerance_median_days = 100.0\n"),
            format!("{base}[parameters.specialists]\nenabled = true\nurgent_tolerance_median_days = 200.0\ncatchment = true\ncatchment_share = 0.0\n"),
            format!("{base}[[variants]]\nname = \"tele\"\nadd_policies = [{{ type = \"teleconsultation\", consultations_per_day = 500 }}]\n"),
        ];
        let mut warnings = Vec::new();
        for text in &files {
            let input = super::compose::ScenarioIn { scenario: None, toml: Some(text.clone()), lang: None };
            let (_, checked) = super::compose::check(&input);
            let s = checked.unwrap_or_else(|e| panic!("{text}: {e:?}"));
            let summary = super::compose::summary(&s);
            warnings.extend(summary["warnings_fr"].as_array().unwrap().iter().map(|w| w.as_str().unwrap().to_string()));
        }
        let all = warnings.join("\n");
        for said in [
            "la mesure « Téléexpertise (second recours) » (variante \"avis\") n'agit que sur le second recours (les spécialistes), \
             mais le second recours n'est pas simulé dans ce scénario\u{a0}: elle ne change que le coût",
            "la mesure « Unité mobile (bus de soins) » (variante \"tot\") commence au jour −10, pendant la mise en régime (182 jours)\u{a0}: \
             elle est en place dès le premier jour observé",
            "la mesure « Service d'accès aux soins (SAS) » (variante \"nulle\") ne couvre aucune commune\u{a0}: elle n'agit donc nulle part",
            "le second recours (les spécialistes) n'est pas simulé (base), mais un de ses réglages est donné\u{a0}: il ne change donc rien \
             (simulez le second recours, ou retirez ce réglage)",
            "second recours (base)\u{a0}: l'attente qu'accepte une demande urgente (médiane de 200 jours) dépasse celle d'une demande non urgente (160 jours)",
            "second recours (base)\u{a0}: la part des recours qui traversent la limite du territoire vaut 0\u{a0}: rien ne la traverse",
            "la mesure « Téléconsultation et téléexpertise » (variante \"tele\") offre 500 téléconsultations par jour pour ",
        ] {
            assert!(all.contains(said), "{said:?} not in {all}");
        }
        let found: Vec<String> = warnings
            .iter()
            .filter_map(|w| toml_identifier(w).or_else(|| form_reference(w).map(String::from)).map(|r| format!("{r}: {w}")))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
        // The scan finds what it is for.
        assert_eq!(toml_identifier("écrivez extend_policies = [ … ]").as_deref(), Some("snake_case word extend_policies"));
        assert_eq!(toml_identifier("ajoutez des [[variants]]").as_deref(), Some("[["));
        assert_eq!(toml_identifier("la politique \"today_cpts\" (base)").as_deref(), Some("snake_case word today_cpts"));
        assert_eq!(toml_identifier("la mesure « CPTS » (variante \"a\")"), None);
    }

    /// The diagnostic's structures (`structures[].what_fr`, `source_fr`) of
    /// a real territory (the Gers: MSPs, CPTS, no SAS) name no file, key or
    /// project document.
    #[test]
    fn french_sources_of_the_diagnostic_name_no_key_or_document() {
        let ds = crate::geo::dataset();
        let built = crate::geo::build(
            ds,
            &ds.select(&crate::geo::Selection::Departement("32".into())).unwrap(),
            "32",
            0,
            &crate::geo::BuildOptions::default(),
        );
        let structures = super::territory::existing_structures(&built);
        assert!(structures.len() >= 6, "{structures:#?}");
        let found: Vec<String> = structures
            .iter()
            .flat_map(|x| [x["what_fr"].as_str().unwrap().to_string(), x["source_fr"].as_str().unwrap().to_string()])
            .filter_map(|t| form_reference(&t).map(|r| format!("{r}: {t}")))
            .collect();
        assert!(found.is_empty(), "{found:#?}");
    }
}
