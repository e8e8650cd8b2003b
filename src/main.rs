//! The `parcours` command line: a thin layer over the library.
//!
//! Arguments are parsed by clap, turned into validated values, and errors
//! mapped to exit codes: 0 success, 2 bad input (a scenario or an option),
//! 1 internal error (with a request to report it).

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parcours::output::{self, RunError};
use parcours::scenario::{self, template, ScenarioError};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Check, create or describe scenario files.
    #[command(subcommand)]
    Scenario(ScenarioCommand),
    /// Inspect real French territories built from the embedded data.
    #[command(subcommand)]
    Territory(TerritoryCommand),
}

#[derive(Subcommand)]
enum TerritoryCommand {
    /// Summarise a territory before simulating it: communes, population by
    /// density class, professionals, EDs, travel times, and its GP
    /// accessibility by the APL method against DREES APL 2023.
    /// SPEC: departement=05 | epci=SIREN | communes=CODE,CODE | around=CODE:KM | france
    Show { spec: String },
}

#[derive(clap::Args)]
struct RunArgs {
    /// Scenario file (TOML); the embedded default when omitted.
    scenario: Option<PathBuf>,
    /// Number of replications (overrides the scenario).
    #[arg(long)]
    replications: Option<u32>,
    /// Base seed (overrides the scenario).
    #[arg(long)]
    seed: Option<u64>,
    /// Simulated years after warm-up (overrides the scenario).
    #[arg(long)]
    years: Option<f64>,
    /// Worker threads (0 = one per core). Results do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Output folder (default: output/<scenario>-<date>-<time>).
    #[arg(long)]
    out: Option<PathBuf>,
    /// No progress bar and no table.
    #[arg(long, short)]
    quiet: bool,
    /// Give each variant its own random streams instead of the base's
    /// (common random numbers). Only useful to measure what CRN gains.
    #[arg(long)]
    independent_seeds: bool,
}

#[derive(Subcommand)]
enum ScenarioCommand {
    /// Validate a scenario file and summarise it.
    Check { file: PathBuf },
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
}

/// An error and its exit code.
enum Failure {
    BadInput(String),
    Internal(anyhow::Error),
}

impl From<ScenarioError> for Failure {
    fn from(e: ScenarioError) -> Self {
        Failure::BadInput(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = std::panic::catch_unwind(|| dispatch(cli));
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(Failure::BadInput(msg))) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Ok(Err(Failure::Internal(e))) => {
            eprintln!("internal error: {e:#}\nThis is a bug in parcours {}; please report it with the command you ran.", output::VERSION);
            ExitCode::from(1)
        }
        Err(_) => {
            eprintln!(
                "internal error (panic, see above). This is a bug in parcours {}; please report it with the command you ran.",
                output::VERSION
            );
            ExitCode::from(1)
        }
    }
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Run(args) => run(args),
        Command::Scenario(ScenarioCommand::Check { file }) => {
            let s = scenario::load(&file)?;
            println!("{}: valid scenario {:?} (sha256 {})", file.display(), s.name, &s.sha256[..12]);
            for (i, t) in s.territories.iter().enumerate() {
                let zones: Vec<_> = s.zones.iter().filter(|z| z.territory as usize == i).collect();
                let pop: u64 = zones.iter().map(|z| z.inhabitants()).sum();
                let gps: u32 = zones.iter().map(|z| z.gps).sum();
                println!("  {}: {} zones, {} inhabitants, {} GPs, {} EDs", t.name, zones.len(), pop, gps, t.emergency_departments.len());
            }
            println!("  {} replications × {} years after {} days of warm-up, seed {}", s.replications, s.years, s.warmup_days, s.seed);
            Ok(())
        }
        Command::Scenario(ScenarioCommand::Init { out }) => {
            let text = template::scenario_template();
            match out {
                Some(p) => {
                    if p.exists() {
                        return Err(Failure::BadInput(format!("{} exists already; choose another name", p.display())));
                    }
                    output::write_atomic(&p, text.as_bytes()).map_err(|e| Failure::BadInput(e.to_string()))?;
                    eprintln!("wrote {}", p.display());
                }
                None => print!("{text}"),
            }
            Ok(())
        }
        Command::Scenario(ScenarioCommand::Schema) => {
            let schema = schemars::schema_for!(scenario::file::ScenarioFile);
            println!("{}", serde_json::to_string_pretty(&schema).map_err(|e| Failure::Internal(e.into()))?);
            Ok(())
        }
        Command::Territory(TerritoryCommand::Show { spec }) => {
            let selection = parcours::geo::parse_spec(&spec).map_err(Failure::BadInput)?;
            let ds = parcours::geo::dataset();
            let picked = ds.select(&selection).map_err(Failure::BadInput)?;
            let built = parcours::geo::build(ds, &picked, &spec, 0, &parcours::geo::BuildOptions::default());
            let params = parcours::model::params::Parameters::default();
            print!("{}", parcours::geo::summary(&built, &params));
            println!("\nGP accessibility, APL method (consultations accessible per inhabitant per year):");
            print!("{}", parcours::geo::apl::table(&parcours::geo::apl::compare(&built.zones, &params)));
            Ok(())
        }
        Command::Scenario(ScenarioCommand::Params) => {
            print!("{}", template::parameter_table_markdown());
            Ok(())
        }
    }
}

fn run(args: RunArgs) -> Result<(), Failure> {
    let s = match &args.scenario {
        Some(p) => scenario::load(p)?,
        None => scenario::embedded_default(),
    };
    let mut s = s.with_overrides(args.replications, args.seed, args.years)?;
    s.independent_seeds = args.independent_seeds;
    let tasks = u64::from(s.replications) * (1 + s.variants.len() as u64);
    let show = !args.quiet && std::io::stderr().is_terminal();
    let bar = ProgressBar::with_draw_target(Some(tasks), if show { ProgressDrawTarget::stderr() } else { ProgressDrawTarget::hidden() });
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} tasks (variant × replication), {per_sec}, ETA {eta}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(format!("running {}", s.name));
    let result = output::simulate(&s, args.threads, |_| bar.inc(1)).map_err(internal)?;
    bar.finish_and_clear();
    let dir = args.out.clone().unwrap_or_else(|| output::new_run_dir(&PathBuf::from("output"), &s.name, result.started));
    let written = output::write_run(&dir, &result).map_err(|e| match e {
        RunError::Write { .. } => Failure::BadInput(e.to_string()),
        other => internal(other),
    })?;
    let (needs, events) = result.totals();
    if !args.quiet {
        let names: Vec<String> = s.territories.iter().map(|t| output::csv_safe(&t.name)).collect();
        println!("{}", output::summary_table(&written.summary, &names));
        if !s.variants.is_empty() {
            println!("{}", output::differences_table(&written.differences, &names));
        }
        println!(
            "{} variant(s) × {} replications × {} years, {} inhabitants, seed {}: {} needs, {} events in {:.2} s ({:.2} M events/s, {} threads)",
            1 + s.variants.len(),
            s.replications,
            s.years,
            s.inhabitants(),
            s.seed,
            needs,
            events,
            result.wall.as_secs_f64(),
            events as f64 / result.wall.as_secs_f64().max(1e-9) / 1e6,
            result.threads
        );
    }
    println!("results in {}", dir.display());
    Ok(())
}

fn internal(e: impl Into<anyhow::Error>) -> Failure {
    Failure::Internal(e.into())
}
