//! The `parcours` command line: a thin layer over the library.
//!
//! Arguments are parsed by clap, turned into validated values, and errors
//! mapped to exit codes: 0 success, 2 bad input (a scenario or an option),
//! 1 internal error (with a request to report it), 3 validation targets
//! not met (`validate`), 130 interrupted.

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parcours::commands::{self, ExecOptions, Extra, Outcome, Precision, PrecisionOn};
use parcours::experiment::tasks::{self, Shard};
use parcours::experiment::{Command as ExpCommand, Overrides, Plan};
use parcours::io::RunError;
use parcours::output;
use parcours::provenance::VERSION;
use parcours::report::Lang;
use parcours::report::{console, num, terminal};
use parcours::scenario::{self, ScenarioError};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::SystemTime;

/// Large blocks on transparent huge pages (`engine::huge_pages`): fewer TLB misses on large territories.
#[global_allocator]
static ALLOC: parcours::engine::huge_pages::HugePageAlloc = parcours::engine::huge_pages::HugePageAlloc;

#[derive(Parser)]
#[command(name = "parcours", version, about = "Simulate territorial primary-care pathways")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run a scenario (the embedded default if no file is given).
    Run(RunArgs),
    /// Run an experiment's design (grid, list of points or Latin hypercube).
    Sweep(ExperimentArgs),
    /// One-at-a-time or Sobol sensitivity analysis of an experiment's parameters.
    Sensitivity(ExperimentArgs),
    /// Search parameter values that reproduce an experiment's targets.
    Calibrate(ExperimentArgs),
    /// Check the default parameters against published figures
    /// (data/targets.toml): prints and writes the validation table; exit
    /// status 3 when a target fails.
    Validate(ValidateArgs),
    /// Combine the task results of shards (folders of one plan) into the outputs.
    Merge {
        /// Output folders of the shards (the same plan).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// Where to write the outputs (default: the first folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Language of report.html (default fr) and of the terminal
        /// (default: fr when LC_ALL, LC_MESSAGES or LANG starts with fr, else en).
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// Rebuild report.html (and figures/) of a complete output folder.
    Report {
        dir: PathBuf,
        /// Language: fr (default) or en.
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// Check, create or describe scenario files.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Inspect real French territories built from the embedded data.
    #[command(subcommand)]
    Territory(TerritoryCommand),
    /// Start the local web application (map, diagnostic, options, runs,
    /// comparisons); prints its address. See docs/serve.md.
    #[cfg(feature = "serve")]
    Serve(ServeArgs),
}

#[cfg(feature = "serve")]
#[derive(clap::Args)]
struct ServeArgs {
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Open the page in the default browser.
    #[arg(long)]
    open: bool,
    /// Address to listen on; anything but 127.0.0.1 / ::1 lets other machines run simulations.
    #[arg(long, default_value = "127.0.0.1")]
    listen: std::net::IpAddr,
    /// Folder of the run folders, as `parcours run` writes them.
    #[arg(long, default_value = "output")]
    output: PathBuf,
    /// Worker threads of a run (0 = one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Runs simulated at the same time (more wait in a queue); each uses
    /// `--threads` threads. Results do not depend on it.
    #[arg(long, default_value_t = 2)]
    max_running: usize,
    /// Language of the start line (the page has its own switch): fr or en
    /// (default: fr when LC_ALL, LC_MESSAGES or LANG starts with fr, else en).
    #[arg(long)]
    lang: Option<Lang>,
}

#[derive(Subcommand)]
enum TerritoryCommand {
    /// Summarise a territory before simulating it: communes, population by
    /// density class, professionals, EDs, travel times, and its GP
    /// accessibility by the APL method against DREES APL 2023.
    /// SPEC: departement=05 | epci=SIREN | communes=CODE,CODE | around=CODE:KM | france
    Show {
        spec: String,
        /// Also list the communes it covers (name, code, population, GPs).
        #[arg(long)]
        communes: bool,
        /// Language of the summary: fr or en (default: fr when LC_ALL,
        /// LC_MESSAGES or LANG starts with fr, else en).
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// Find a commune, EPCI or département by name (accents and case
    /// optional) and print its code and the SPEC `territory show` takes.
    Find {
        name: String,
        /// Language of the answer: fr or en (default: fr when LC_ALL,
        /// LC_MESSAGES or LANG starts with fr, else en).
        #[arg(long)]
        lang: Option<Lang>,
    },
}

#[derive(clap::Args)]
struct RunArgs {
    /// Scenario file (TOML); the embedded default when omitted.
    scenario: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
    /// Give each variant its own random streams instead of the base's
    /// (common random numbers). Only useful to measure what CRN gains.
    #[arg(long)]
    independent_seeds: bool,
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Targets file (default: the embedded data/targets.toml).
    #[arg(long)]
    targets: Option<PathBuf>,
    #[command(flatten)]
    sim: SimArgs,
}

#[derive(clap::Args)]
struct ExperimentArgs {
    /// Experiment file (TOML; see docs/experiments.md).
    experiment: PathBuf,
    #[command(flatten)]
    common: CommonArgs,
}

/// Options of every command that simulates (`run`, the experiments and `validate`).
#[derive(clap::Args)]
struct SimArgs {
    /// Number of replications (overrides the files; 1 to 100,000, as in a file).
    #[arg(long, allow_negative_numbers = true, value_parser = replications_arg)]
    replications: Option<u32>,
    /// Base seed (overrides the files).
    #[arg(long)]
    seed: Option<u64>,
    /// Simulated years after warm-up (overrides the files).
    #[arg(long, allow_negative_numbers = true)]
    years: Option<f64>,
    /// Worker threads (0 = one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Output folder (default: output/<name>-<date>-<time>). Running the
    /// same command again with the same folder resumes: finished tasks are kept.
    #[arg(long)]
    out: Option<PathBuf>,
    /// No progress and no tables: only errors, warnings (about the inputs,
    /// and what the results mean: they stay on purpose) and the line naming
    /// the output folder.
    #[arg(long, short)]
    quiet: bool,
    /// Run even when the memory estimate exceeds the memory available or
    /// one replication would take hours.
    #[arg(long)]
    no_limits: bool,
    /// Language of the HTML reports (default fr) and of the terminal
    /// (default: fr when LC_ALL, LC_MESSAGES or LANG starts with fr, else en).
    #[arg(long)]
    lang: Option<Lang>,
}

/// Options of the commands that run a plan (`run` and the experiments).
#[derive(clap::Args)]
struct CommonArgs {
    #[command(flatten)]
    sim: SimArgs,
    /// Run only the tasks k with k mod N = I (a job array's share; default
    /// from SLURM_ARRAY_TASK_ID); then `parcours merge`.
    #[arg(long, requires = "task_count")]
    task_index: Option<u32>,
    /// Number of shards N (default from SLURM_ARRAY_TASK_COUNT).
    #[arg(long, requires = "task_index")]
    task_count: Option<u32>,
    /// Add replications until every 95 % interval half-width of the
    /// precision indicators is at most this share of the mean (e.g. 0.02).
    #[arg(long, allow_negative_numbers = true)]
    precision: Option<f64>,
    /// Indicators (group `all`) that --precision watches, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "delay_mean_days,ed_visits_per_1000")]
    precision_indicators: Vec<String>,
    /// What --precision measures: each arm's level, or the paired differences
    /// variant − base (half-width relative to the base's mean).
    #[arg(long, value_enum, default_value_t = PrecisionOn::Levels)]
    precision_on: PrecisionOn,
    /// Most replications --precision may reach.
    #[arg(long, default_value_t = 200)]
    max_replications: u32,
    /// Simulate every task twice and stop if the two results differ (the
    /// model's invariants are checked on every task in any case; debug
    /// builds always do this).
    #[arg(long)]
    check: bool,
    /// Do not write report.html and figures/.
    #[arg(long)]
    no_report: bool,
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Validate a scenario file and summarise it.
    Check {
        file: PathBuf,
        /// Language of the summary and the warnings: fr or en (default: fr
        /// when LC_ALL, LC_MESSAGES or LANG starts with fr, else en).
        #[arg(long)]
        lang: Option<Lang>,
    },
    /// Write a commented template with every field and default.
    Init {
        /// Where to write it (default: print to standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of scenario files.
    Schema,
    /// Print the parameter table (unit, default, source) in Markdown.
    Params,
    /// Print the indicator table (numerator, denominator, unit, window) in Markdown.
    Indicators,
}

/// An error and its exit code.
enum Failure {
    BadInput(String),
    /// A scenario, experiment or targets file that cannot be used (exit
    /// status 2, as a bad input), said in the terminal's language.
    Scenario(ScenarioError),
    Internal(anyhow::Error),
    /// Ctrl-C: what was done is saved (exit status 130).
    Interrupted,
    /// `validate`: this many targets were not met (exit status 3).
    TargetsMissed(usize),
}

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::Scenario(e)
    }
}

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    // The language of the command's own messages, errors included.
    let lang = terminal_lang(command_lang(&cli.command));
    let outcome = std::panic::catch_unwind(|| dispatch(cli));
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(Failure::BadInput(msg))) => {
            let msg = if lang == Lang::Fr { console::out_folder_fr(&msg) } else { msg };
            eprintln!("{}{msg}", console::error_prefix(lang));
            ExitCode::from(2)
        }
        Ok(Err(Failure::Scenario(e))) => {
            eprintln!("{}{}", console::error_prefix(lang), console::scenario_error(lang, &e));
            ExitCode::from(2)
        }
        Ok(Err(Failure::Interrupted)) => ExitCode::from(130),
        Ok(Err(Failure::TargetsMissed(n))) => {
            eprintln!("{}", console::targets_missed(lang, n));
            ExitCode::from(3)
        }
        Ok(Err(Failure::Internal(e))) => {
            eprintln!("{}", console::internal_error(lang, &format!("{e:#}"), VERSION));
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!("{}", console::internal_panic(lang, VERSION));
            ExitCode::from(1)
        }
    }
}

/// The `--lang` a command was given, if it takes one.
fn command_lang(c: &Command) -> Option<Lang> {
    match c {
        Command::Run(a) => a.common.sim.lang,
        Command::Sweep(a) | Command::Sensitivity(a) | Command::Calibrate(a) => a.common.sim.lang,
        Command::Validate(a) => a.sim.lang,
        Command::Merge { lang, .. } | Command::Report { lang, .. } => *lang,
        Command::Scenario(ScenarioCommand::Check { lang, .. }) => *lang,
        Command::Scenario(_) => None,
        Command::Territory(TerritoryCommand::Show { lang, .. } | TerritoryCommand::Find { lang, .. }) => *lang,
        #[cfg(feature = "serve")]
        Command::Serve(a) => a.lang,
    }
}

/// A reader that goes away (`parcours … | head -3`) ends parcours as it
/// ends `cat` or `ls`: killed by SIGPIPE, silently (the shell shows status
/// 141), instead of a panic reported as a bug. Rust ignores SIGPIPE by
/// default, which turns the write into an error and `println!` into a panic.
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: called first in main, before any thread starts; restores the default action of one signal.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Validate(args) => validate(args),
        Command::Sweep(args) => experiment(ExpCommand::Sweep, args),
        Command::Sensitivity(args) => experiment(ExpCommand::Sensitivity, args),
        Command::Calibrate(args) => experiment(ExpCommand::Calibrate, args),
        Command::Merge { dirs, out, lang } => merge(&dirs, out, lang),
        Command::Report { dir, lang } => {
            let path = commands::report(&dir, lang.unwrap_or_default()).map_err(run_failure)?;
            println!("{}", console::report_in(terminal_lang(lang), &path));
            Ok(())
        }
        Command::Scenario(ScenarioCommand::Check { file, lang }) => {
            let lang = terminal_lang(lang);
            let (s, summary) = commands::scenario::check(&file, lang)?;
            print!("{summary}");
            warn_scenario(&s, lang);
            Ok(())
        }
        Command::Scenario(ScenarioCommand::Init { out }) => {
            let text = commands::scenario::init();
            match out {
                Some(p) => {
                    if p.exists() {
                        return Err(Failure::BadInput(format!("{} exists already; choose another name", p.display())));
                    }
                    parcours::io::write_atomic(&p, text.as_bytes()).map_err(|e| Failure::BadInput(e.to_string()))?;
                    eprintln!("{}", console::wrote(terminal_lang(None), &p));
                }
                None => print!("{text}"),
            }
            Ok(())
        }
        Command::Scenario(ScenarioCommand::Schema) => {
            println!("{}", commands::scenario::schema().map_err(|e| Failure::Internal(e.into()))?);
            Ok(())
        }
        Command::Territory(TerritoryCommand::Find { name, lang }) => {
            print!("{}", commands::territory::find(&name, terminal_lang(lang)).map_err(Failure::BadInput)?);
            Ok(())
        }
        Command::Territory(TerritoryCommand::Show { spec, communes, lang }) => {
            print!("{}", commands::territory::show(&spec, communes, terminal_lang(lang)).map_err(Failure::BadInput)?);
            Ok(())
        }
        #[cfg(feature = "serve")]
        Command::Serve(a) => parcours::serve::serve(parcours::serve::Config {
            listen: a.listen,
            port: a.port,
            open: a.open,
            output: a.output,
            threads: a.threads,
            max_running: a.max_running,
            lang: terminal_lang(a.lang),
            ..Default::default()
        })
        .map_err(Failure::BadInput),
        Command::Scenario(ScenarioCommand::Indicators) => {
            print!("{}", commands::scenario::indicators());
            Ok(())
        }
        Command::Scenario(ScenarioCommand::Params) => {
            print!("{}", commands::scenario::params());
            Ok(())
        }
    }
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let source = commands::run::source(args.scenario.as_deref())?;
    let plan = commands::run::plan(source, overrides(&args.common.sim, args.independent_seeds))?;
    warn_plan(&plan, terminal_lang(args.common.sim.lang));
    execute(plan, &args.common)
}

fn validate(args: ValidateArgs) -> Result<(), Failure> {
    let (text, origin, dir) = match &args.targets {
        Some(p) => (
            std::fs::read_to_string(p).map_err(|e| ScenarioError::Unreadable { origin: p.display().to_string(), reason: e.to_string() })?,
            p.display().to_string(),
            p.parent().map(Path::to_path_buf).unwrap_or_default(),
        ),
        None => (parcours::validation::TARGETS.to_string(), "<embedded data/targets.toml>".to_string(), PathBuf::from(".")),
    };
    let (targets, sources) = parcours::validation::load(&text, &origin, &dir)?;
    let lang = terminal_lang(args.sim.lang);
    let overrides = overrides(&args.sim, false);
    let out = args.sim.out.clone().unwrap_or_else(|| output::new_run_dir(&PathBuf::from("output"), "validation", SystemTime::now()));
    let opts = ExecOptions {
        out: out.clone(),
        threads: args.sim.threads,
        shard: Shard::ALL,
        precision: None,
        no_limits: args.sim.no_limits,
        report: Some(args.sim.lang.unwrap_or_default()),
        stop: None,
    };
    install_interrupt_handler(lang, &out);
    let show = !args.sim.quiet && std::io::stderr().is_terminal();
    let bar = ProgressBar::with_draw_target(None, if show { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() });
    bar.set_style(
        ProgressStyle::with_template(match lang {
            Lang::Fr => "validate {msg} [{bar:30}] {pos}/{len} tâches, {per_sec}, fin dans {eta}",
            Lang::En => "validate {msg} [{bar:30}] {pos}/{len} tasks, {per_sec}, ETA {eta}",
        })
        .expect("valid template")
        .progress_chars("=> "),
    );
    let log = ProgressLog::new(!args.sim.quiet && !std::io::stderr().is_terminal(), lang);
    let progress = |name: &str, done: usize, total: usize| {
        bar.set_message(name.to_string());
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        log.tick(&format!("validate {name}"), done, total);
        note_progress(Some(name), done, total);
    };
    let outcome = commands::validate(&targets, &origin, &sources, &overrides, &opts, lang, &progress).map_err(run_failure)?;
    bar.finish_and_clear();
    match outcome {
        commands::ValidateOutcome::Interrupted { scenario, execution } => {
            let saved =
                Saved { out: out.clone(), scenario: Some(scenario), done: execution.reused + execution.ran, total: execution.tasks };
            eprintln!("{}", interrupted_line(lang, &saved));
            Err(Failure::Interrupted)
        }
        commands::ValidateOutcome::Complete { rows, scenarios, season } => {
            // The seasonal window's warning `run` prints (stderr, as `run`'s).
            let colon = parcours::report::colon(lang);
            for (name, w) in &season {
                eprintln!("{}{name}{colon}{}", console::warning_prefix(lang), if lang == Lang::Fr { &w.fr } else { &w.en });
            }
            // `-q`: nothing but errors (the exit status says whether targets were missed).
            if !args.sim.quiet {
                print!("{}", parcours::report::validation::terminal_table(&rows, lang));
                println!("{}", parcours::report::validation::summary_line(lang, &rows, &scenarios, &out));
            }
            let failed = parcours::validation::failures(&rows);
            if failed > 0 {
                Err(Failure::TargetsMissed(failed))
            } else {
                Ok(())
            }
        }
    }
}

fn experiment(command: ExpCommand, args: ExperimentArgs) -> Result<(), Failure> {
    let overrides = overrides(&args.common.sim, false);
    let plan = match command {
        ExpCommand::Sweep => commands::sweep::plan(&args.experiment, overrides)?,
        ExpCommand::Sensitivity => commands::sensitivity::plan(&args.experiment, overrides)?,
        ExpCommand::Calibrate => commands::calibrate::plan(&args.experiment, overrides)?,
        ExpCommand::Run => unreachable!("run is not an experiment"),
    };
    warn_plan(&plan, terminal_lang(args.common.sim.lang));
    execute(plan, &args.common)
}

/// Prints what is valid in a scenario but has no effect (after overrides), in `lang`.
fn warn_scenario(s: &scenario::Scenario, lang: Lang) {
    let colon = parcours::report::colon(lang);
    for w in s.warnings_in(lang == Lang::Fr) {
        eprintln!("{}{}{colon}{w}", console::warning_prefix(lang), s.origin);
    }
}

/// [`warn_scenario`] of a plan's base, less the "changes nothing" of a
/// variant an experiment's factors change (`Plan::warnings_in`).
fn warn_plan(plan: &Plan, lang: Lang) {
    let colon = parcours::report::colon(lang);
    for w in plan.warnings_in(lang == Lang::Fr) {
        eprintln!("{}{}{colon}{w}", console::warning_prefix(lang), plan.base.origin);
    }
}

/// `--replications` as a whole number ≥ 0; its range is checked with the
/// files' values (`Scenario::with_overrides`, which says it in French too).
/// A negative or fractional value is said in the same words (it read
/// « -1 is not in 0..=4294967295 », or « unexpected argument '-1' »).
fn replications_arg(given: &str) -> Result<u32, String> {
    given
        .trim()
        .parse::<u32>()
        .map_err(|_| format!("{} (got {given})", parcours::scenario::replications_reason(parcours::scenario::MAX_REPLICATIONS)))
}

fn overrides(c: &SimArgs, independent_seeds: bool) -> Overrides {
    Overrides { replications: c.replications, seed: c.seed, years: c.years, independent_seeds }
}

/// The shard of a job array: the options, else Slurm's array variables.
fn shard(c: &CommonArgs) -> Result<Shard, Failure> {
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.trim().parse::<u32>().ok());
    let (index, count) = match (c.task_index, c.task_count) {
        (Some(i), Some(n)) => (i, n),
        _ => match (env("SLURM_ARRAY_TASK_ID"), env("SLURM_ARRAY_TASK_COUNT")) {
            (Some(id), Some(n)) => (id - env("SLURM_ARRAY_TASK_MIN").unwrap_or(0).min(id), n),
            _ => return Ok(Shard::ALL),
        },
    };
    if count == 0 || index >= count {
        return Err(Failure::BadInput(format!("--task-index {index} must be below --task-count {count} (and the count above 0)")));
    }
    Ok(Shard { index, count })
}

/// Refuses, before any replication runs, an indicator --precision cannot
/// watch: it names the nearest known indicator, or lists them all.
fn precision_indicators_known(names: &[String]) -> Result<(), Failure> {
    use parcours::model::indicators::{is_known, INDICATORS};
    let Some(unknown) = names.iter().find(|n| !is_known(n)) else { return Ok(()) };
    let known = || INDICATORS.iter().map(|i| i.name);
    let hint = match parcours::scenario::suggest::nearest(unknown, known()) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("known indicators: {}", known().collect::<Vec<_>>().join(", ")),
    };
    Err(Failure::BadInput(format!(
        "--precision-indicators: unknown indicator `{unknown}`; {hint} (`parcours scenario indicators` lists them)"
    )))
}

fn execute(mut plan: Plan, c: &CommonArgs) -> Result<(), Failure> {
    let shard = shard(c)?;
    // Debug builds always check (`--check`: every task simulated twice, results compared).
    plan.check = c.check || cfg!(debug_assertions);
    let precision = match c.precision {
        None => None,
        Some(r) if r.is_finite() && r > 0.0 && r < 1.0 => {
            if shard != Shard::ALL {
                return Err(Failure::BadInput("--precision decides the replications as it goes: it cannot be split into shards".into()));
            }
            if c.max_replications < 2 || c.max_replications > parcours::scenario::MAX_REPLICATIONS {
                return Err(Failure::BadInput(format!(
                    "--max-replications must be a whole number from 2 to {}",
                    parcours::scenario::MAX_REPLICATIONS
                )));
            }
            if c.precision_on == PrecisionOn::Differences && plan.arm_names.len() < 2 {
                return Err(Failure::BadInput(
                    "--precision-on differences: the scenario has no variant, so there is no difference to make precise (use --precision-on levels)".into(),
                ));
            }
            precision_indicators_known(&c.precision_indicators)?;
            Some(Precision {
                relative: r,
                indicators: c.precision_indicators.clone(),
                max_replications: c.max_replications,
                on: c.precision_on,
            })
        }
        Some(r) => return Err(Failure::BadInput(format!("--precision must be a share between 0 and 1, e.g. 0.02 (got {r})"))),
    };
    let out = c.sim.out.clone().unwrap_or_else(|| output::new_run_dir(&PathBuf::from("output"), &plan.name, SystemTime::now()));
    let report_lang = (!c.no_report).then_some(c.sim.lang.unwrap_or_default());
    let opts = ExecOptions {
        out: out.clone(),
        threads: c.sim.threads,
        shard,
        precision,
        no_limits: c.sim.no_limits,
        report: report_lang,
        stop: None,
    };
    let lang = terminal_lang(c.sim.lang);
    install_interrupt_handler(lang, &out);
    let show = !c.sim.quiet && std::io::stderr().is_terminal();
    let bar = ProgressBar::with_draw_target(None, if show { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() });
    bar.set_style(
        ProgressStyle::with_template(match lang {
            Lang::Fr => "{msg} [{bar:30}] {pos}/{len} tâches (point × variante × réplication), {per_sec}, fin dans {eta}",
            Lang::En => "{msg} [{bar:30}] {pos}/{len} tasks (point × variant × replication), {per_sec}, ETA {eta}",
        })
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(format!("{} {}", plan.inputs.command.name(), plan.name));
    let log = ProgressLog::new(!c.sim.quiet && !std::io::stderr().is_terminal(), lang);
    let label = format!("{} {}", plan.inputs.command.name(), plan.name);
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        log.tick(&label, done, total);
        note_progress(None, done, total);
    };
    let outcome = commands::execute(&mut plan, &opts, &progress).map_err(run_failure)?;
    bar.finish_and_clear();
    if let (Outcome::Complete { precision: reached, .. }, Some(p)) = (&outcome, &opts.precision) {
        let record = commands::precision_record(p, plan.replications, reached);
        if !record.met {
            eprintln!("{}", console::precision_not_met(lang, &record));
        }
    }
    report(&plan, outcome, &out, c.sim.quiet, lang, opts.shard)
}

fn merge(dirs: &[PathBuf], out: Option<PathBuf>, lang: Option<Lang>) -> Result<(), Failure> {
    let out = out.unwrap_or_else(|| dirs[0].clone());
    let (plan, outcome) = commands::merge(dirs, &out, Some(lang.unwrap_or_default())).map_err(run_failure)?;
    report(&plan, outcome, &out, false, terminal_lang(lang), Shard::ALL)
}

/// The language of the terminal: `--lang`, else French when the locale
/// (LC_ALL, then LC_MESSAGES, then LANG: the first one set) starts with
/// `fr`, else English.
fn terminal_lang(option: Option<Lang>) -> Lang {
    option.unwrap_or_else(|| {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        if locale.is_some_and(|l| l.starts_with("fr")) {
            Lang::Fr
        } else {
            Lang::En
        }
    })
}

/// Prints how a command ended; an interruption exits with status 130.
fn report(plan: &Plan, outcome: Outcome, out: &Path, quiet: bool, lang: Lang, shard: Shard) -> Result<(), Failure> {
    match outcome {
        Outcome::Interrupted { execution } => {
            let saved = Saved { out: out.to_path_buf(), scenario: None, done: execution.reused + execution.ran, total: execution.tasks };
            eprintln!("{}", interrupted_line(lang, &saved));
            Err(Failure::Interrupted)
        }
        Outcome::ShardDone { execution } => {
            let args: Vec<String> = std::env::args().collect();
            let (i, n) = (shard.index, shard.count);
            println!("{}", console::shard_done(lang, execution.tasks, execution.ran, execution.reused, out, i, n, &args));
            Ok(())
        }
        Outcome::Complete { written, tasks, execution, precision, extra } => {
            for w in &execution.redone {
                eprintln!("{}", console::redone(lang, w));
            }
            // The same warnings as run.json's, each after « warning: » (one list, not a twin of it).
            for w in console::result_warnings(lang, plan, &written.summary) {
                eprintln!("{}", console::warning_line(lang, &w));
            }
            if !quiet {
                print_tables(plan, &written, &extra, lang);
                print_run_summary(plan, &written, &tasks, &execution, &precision, lang);
            }
            println!("{}", console::results_in(lang, out));
            Ok(())
        }
    }
}

/// The warm-up check, the precision reached and the totals of a finished command.
fn print_run_summary(
    plan: &Plan,
    written: &output::Written,
    tasks: &[parcours::experiment::tasks::TaskResult],
    execution: &tasks::Execution,
    precision: &[commands::PrecisionReached],
    lang: Lang,
) {
    if let Some(w) = &written.warmup {
        println!("{}", console::warmup(lang, w.weeks, w.configured_days, w.suggested_days));
    }
    for p in precision {
        println!("{}", console::precision(lang, &p.indicator, p.worst_relative_half_width, p.on == PrecisionOn::Levels));
    }
    let totals = console::Totals {
        points: plan.points.len(),
        variants: plan.arm_names.len(),
        replications: plan.replications,
        years: plan.base.years,
        seed: plan.base.seed,
        tasks: tasks.len(),
        ran: execution.ran,
        reused: execution.reused,
        needs: tasks.iter().map(|t| t.needs).sum(),
        events: tasks.iter().map(|t| t.events).sum(),
    };
    println!("{}", console::totals(lang, &totals));
}

fn print_tables(plan: &Plan, written: &output::Written, extra: &Extra, lang: Lang) {
    let names: Vec<String> = plan.territory_names.iter().map(|t| parcours::io::csv_safe(t)).collect();
    if plan.inputs.command == ExpCommand::Run {
        let question = &plan.base.question_indicators;
        println!("{}", terminal::summary_table(&written.summary, &names, lang, question));
        if let Some(table) = terminal::regulation_table(&written.summary, &plan.arm_names, &names, lang, &|a| {
            parcours::report::regulation::unlimited_lines(&plan.base, a)
        }) {
            println!("{table}");
        }
        let season = terminal::seasonal_table(&written.summary, &names, lang);
        if !season.is_empty() {
            println!("{season}");
        }
        if plan.arm_names.len() > 1 {
            println!(
                "{}",
                terminal::differences_table(&written.differences, &written.summary, &names, lang, question, &plan.unchanged_warnings())
            );
        }
    }
    if plan.inputs.command != ExpCommand::Run {
        print!("{}", parcours::report::decision::point_differences_text(plan, &written.differences, lang));
    }
    print_documented_ranges(plan, lang);
    match extra {
        Extra::None => {}
        Extra::Oat(rows) => print_oat(plan, rows, &names, lang),
        Extra::Sobol(rows) => print_sobol(plan, rows, &names, lang),
        Extra::Calibration(c) => print_calibration(c, lang),
    }
}

/// The factors whose range the experiment left out, taken from
/// docs/parameters.md (`experiment::validate`): named with the range used,
/// so that the run says where its bounds come from.
fn print_documented_ranges(plan: &Plan, lang: Lang) {
    let taken: Vec<String> = plan
        .factors
        .iter()
        .filter(|f| f.documented_range)
        .map(|f| format!("{} {} … {}", f.path, num(lang, f.low), num(lang, f.high)))
        .collect();
    if taken.is_empty() {
        return;
    }
    match lang {
        Lang::Fr => println!("plages plausibles de docs/parameters.md (l'expérience n'en donne pas)\u{a0}: {}", taken.join(" ; ")),
        Lang::En => println!("plausible ranges from docs/parameters.md (the experiment gives none): {}", taken.join("; ")),
    }
}

/// One-at-a-time sensitivity: a table per territory and arm (a factor may
/// act in one variant only), largest swing first.
fn print_oat(plan: &Plan, rows: &[parcours::experiment::sensitivity::OatRow], names: &[String], lang: Lang) {
    let territories: Vec<(&str, &str)> = plan.territory_names.iter().zip(names).map(|(t, n)| (t.as_str(), n.as_str())).collect();
    print!("{}", terminal::oat_tables(rows, &plan.arm_names, &territories, lang));
}

/// Sobol indices: base arm, first territory.
fn print_sobol(plan: &Plan, rows: &[parcours::experiment::sensitivity::SobolRow], names: &[String], lang: Lang) {
    if lang == Lang::Fr {
        println!("indices de Sobol (base, {})\u{a0}: premier ordre [IC à 95 %], total [IC à 95 %]", names[0]);
    } else {
        println!("Sobol indices (base, {}): first order [95 % CI], total [95 % CI]", names[0]);
    }
    let mine: Vec<_> = rows.iter().filter(|r| r.variant == plan.arm_names[0] && r.territory == plan.territory_names[0]).collect();
    let w = mine.iter().map(|r| r.parameter.chars().count()).max().unwrap_or(0);
    for r in mine {
        println!(
            "  {:26} {:w$}  S1 {:>6} [{}, {}]  ST {:>6} [{}, {}]",
            r.indicator,
            r.parameter,
            num(lang, r.first_order),
            num(lang, r.first_order_low),
            num(lang, r.first_order_high),
            num(lang, r.total),
            num(lang, r.total_low),
            num(lang, r.total_high)
        );
    }
    if let Some(note) = parcours::experiment::sensitivity::sobol_sample_note(rows, lang == Lang::Fr) {
        println!("{note}");
    }
}

/// The calibration's best values and fit.
fn print_calibration(c: &commands::CalibrationSummary, lang: Lang) {
    if lang == Lang::Fr {
        println!("calage\u{a0}: meilleur de {} candidats, distance {:.4}", c.evaluations, c.distance);
    } else {
        println!("calibration: best of {} candidates, distance {:.4}", c.evaluations, c.distance);
    }
    for (p, v) in &c.best_values {
        println!("  {p} = {v}");
    }
    let head = if lang == Lang::Fr {
        ["cible", "territoire", "valeur", "tolérance", "simulé [IC à 95 %]", "atteinte"]
    } else {
        ["target", "territory", "value", "tolerance", "simulated [95% CI]", "within"]
    };
    println!("  {:28} {:24} {:>10} {:>10} {:>22}  {}", head[0], head[1], head[2], head[3], head[4], head[5]);
    for f in &c.fit {
        println!(
            "  {:28} {:24} {:>10} {:>10} {:>22}  {}",
            f.indicator,
            parcours::io::csv_safe(&f.territory),
            num(lang, f.target),
            num(lang, f.tolerance),
            if f.ci_low.is_finite() {
                format!("{} [{}, {}]", num(lang, f.simulated_mean), num(lang, f.ci_low), num(lang, f.ci_high))
            } else {
                format!("{} [–]", num(lang, f.simulated_mean))
            },
            match (f.within_tolerance, lang) {
                (true, Lang::Fr) => "oui",
                (false, Lang::Fr) => "non",
                (true, Lang::En) => "yes",
                (false, Lang::En) => "no",
            }
        );
    }
}

/// Progress as plain lines on stderr when it is not a terminal (a cluster
/// log, a file): when a task ends and either another 10 % of the tasks are
/// done since the last line or 30 s have passed since it.
struct ProgressLog {
    enabled: bool,
    lang: Lang,
    started: std::time::Instant,
    /// (time of the last line, tenths of the tasks done then, total then).
    last: std::sync::Mutex<(std::time::Instant, usize, usize)>,
}

/// Longest silence between two progress lines while tasks end.
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(30);

impl ProgressLog {
    fn new(enabled: bool, lang: Lang) -> Self {
        let now = std::time::Instant::now();
        ProgressLog { enabled, lang, started: now, last: std::sync::Mutex::new((now, 0, 0)) }
    }

    fn tick(&self, label: &str, done: usize, total: usize) {
        if !self.enabled || total == 0 || done == 0 {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let tenths = done * 10 / total;
        let new_total = last.2 != total;
        if !(new_total || tenths > last.1 || last.0.elapsed() >= PROGRESS_EVERY) {
            return;
        }
        *last = (std::time::Instant::now(), tenths, total);
        let elapsed = self.started.elapsed().as_secs();
        match self.lang {
            Lang::Fr => eprintln!(
                "avancement\u{a0}: {label}\u{a0}: {done}/{total} {} ({} %), {elapsed} s écoulées",
                console::tasks_word(self.lang, total),
                done * 100 / total
            ),
            Lang::En => eprintln!(
                "progress: {label}: {done}/{total} {} ({} %), {elapsed} s elapsed",
                console::tasks_word(self.lang, total),
                done * 100 / total
            ),
        }
    }
}

/// What a second Ctrl-C says before quitting: the output folder, and the
/// tasks done and saved so far (the progress callbacks keep them current
/// through [`note_progress`]; `scenario` is validate's current one).
struct Saved {
    out: PathBuf,
    scenario: Option<String>,
    done: usize,
    total: usize,
}

static SAVED: std::sync::Mutex<Option<Saved>> = std::sync::Mutex::new(None);

/// Records the tasks done so far, for a second Ctrl-C.
fn note_progress(scenario: Option<&str>, done: usize, total: usize) {
    if let Some(s) = SAVED.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        s.scenario = scenario.map(String::from);
        s.done = done;
        s.total = total;
    }
}

/// The line an interruption ends with: the tasks saved and how to finish
/// them (the same words whether the run stopped after its tasks under way
/// or at a second Ctrl-C).
fn interrupted_line(lang: Lang, s: &Saved) -> String {
    match &s.scenario {
        Some(name) => console::interrupted_validation(lang, name, s.done, s.total, &s.out),
        None => console::interrupted(lang, s.done, s.total, &s.out.join("tasks"), &s.out),
    }
}

/// Ctrl-C once: finish the tasks under way, save them, stop. Twice: quit
/// now, saying what is saved in `out` and how to finish.
fn install_interrupt_handler(lang: Lang, out: &Path) {
    *SAVED.lock().unwrap_or_else(|e| e.into_inner()) = Some(Saved { out: out.to_path_buf(), scenario: None, done: 0, total: 0 });
    let pressed = std::sync::atomic::AtomicU32::new(0);
    let _ = ctrlc::set_handler(move || {
        if pressed.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            tasks::STOP.store(true, std::sync::atomic::Ordering::SeqCst);
            match lang {
                Lang::Fr => eprintln!(
                    "\narrêt\u{a0}: fin des tâches en cours (Ctrl-C à nouveau pour quitter tout de suite ; les tâches finies sont enregistrées)"
                ),
                Lang::En => eprintln!("\nstopping: finishing the tasks under way (Ctrl-C again to quit at once; finished tasks are saved)"),
            }
        } else {
            if let Some(saved) = SAVED.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
                eprintln!("{}", interrupted_line(lang, saved));
            }
            std::process::exit(130);
        }
    });
}

fn run_failure(e: RunError) -> Failure {
    match e {
        RunError::Input(_) | RunError::Write { .. } => Failure::BadInput(e.to_string()),
        other => internal(other),
    }
}

fn internal(e: impl Into<anyhow::Error>) -> Failure {
    Failure::Internal(e.into())
}
