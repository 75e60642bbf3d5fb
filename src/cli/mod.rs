//! The command-line interface: clap derive, one module per command group,
//! each owning its arguments and `run`.
//!
//! Exit codes: 0 success, 1 runtime error, 2 usage or bad input, 3 refused
//! by policy, 75 busy: try again later (another ingester, a push under way).

mod audit_cmd;
mod bench;
mod breaches;
mod children;
mod consent;
mod demo;
mod devices;
mod manager;
mod offsite;
mod photos;
mod progress;
mod publish;
mod requests;
mod setup;
mod table;
mod users;

use crate::config::{Config, DEFAULT_PATH};
use crate::error::Context as _;
use crate::register::Register;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "consentgate",
    version,
    about = "Keeps photos of young children safe: every photo is checked against the consent register, \
             then encrypted into the vault or held in quarantine.",
    after_help = "Start with `consentgate demo`, or `consentgate init --dir DIR` to set up a setting.",
    args_override_self = true
)]
pub struct Cli {
    /// The config file [default: $CONSENTGATE_CONFIG, else config/consentgate.toml]
    #[arg(long, global = true, env = "CONSENTGATE_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,

    /// Who is doing this, for the audit log [default: the OS user]
    #[arg(long = "as", global = true, value_name = "USER")]
    actor: Option<String>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Create a new setup: config, identity, inbox/, data/, quarantine/
    Init(setup::InitArgs),
    /// Show the configuration in force (after defaults and overrides)
    Config(setup::ConfigArgs),
    /// A self-contained tour on bundled examples, in a temporary folder
    Demo(demo::DemoArgs),
    /// Process the inbox: `ingest --once` takes what is there now and exits
    Ingest(photos::IngestArgs),
    /// Watch the inbox, run the web UI and the daily duties, until SIGINT/SIGTERM
    Serve(photos::ServeArgs),
    /// Measure ingest speed and memory on bundled photos, in a temporary setup
    Bench(bench::BenchArgs),
    /// Say what is wrong with this setup, in words: permissions, disk space,
    /// HEIC support, the clock, the register and audit log, files left in
    /// the inbox, the HTTPS certificate, the off-site copy (exit 1 if
    /// something is)
    Doctor {
        /// Each check as JSON: `name`, `status` (ok, warning, problem), `says`
        #[arg(long)]
        json: bool,
    },
    /// Photos on the register
    #[command(subcommand)]
    Photo(photos::PhotoCmd),
    /// Say which children are in a photo (or --nobody); the photo is decided again
    Tag(photos::TagArgs),
    /// Report a concern about a photo: it goes to the quarantine and an incident opens
    Report {
        /// The photo id, or a unique prefix of at least 8 hex characters
        photo: String,
        #[arg(long)]
        reason: String,
    },
    /// The manager's queue of held-back photos
    #[command(subcommand)]
    Quarantine(manager::QuarantineCmd),
    /// Reported concerns
    #[command(subcommand)]
    Incident(manager::IncidentCmd),
    /// Delete what may no longer be kept
    #[command(subcommand)]
    Retention(manager::RetentionCmd),
    /// Decrypted, metadata-free copies: a child's learning journey, or for a purpose
    #[command(subcommand)]
    Export(manager::ExportCmd),
    /// Every copy that left the setting (the disclosure log), and the take-down list
    Disclosures(publish::DisclosuresArgs),
    /// Parents' requests about their child's data: subject access
    #[command(subcommand)]
    Request(requests::RequestCmd),
    /// Children on the register
    #[command(subcommand)]
    Child(children::ChildCmd),
    /// Guardians and their parental responsibility
    #[command(subcommand)]
    Guardian(children::GuardianCmd),
    /// Parental consent: grant, refuse, withdraw, show, import
    #[command(subcommand)]
    Consent(consent::ConsentCmd),
    /// Setting-owned cameras and iPads
    #[command(subcommand)]
    Device(devices::DeviceCmd),
    /// Accounts for the web UI
    #[command(subcommand)]
    User(users::UserCmd),
    /// The tamper-evident audit log
    #[command(subcommand)]
    Audit(audit_cmd::AuditCmd),
    /// The off-site copy on S3-compatible storage: push, verify, restore
    #[command(subcommand)]
    Offsite(offsite::OffsiteCmd),
}

pub use crate::error::{BadInput, Refused};
pub use crate::input::{check_id, parse_date, parse_yes_no};

/// What the running command needs: the config, the register, who and when.
pub struct Ctx {
    pub config_path: PathBuf,
    pub config: Config,
    pub actor: String,
    pub today: NaiveDate,
}

impl Ctx {
    fn load(config: Option<PathBuf>, actor: String) -> crate::error::Result<Ctx> {
        let config_path = config.unwrap_or_else(|| PathBuf::from(DEFAULT_PATH));
        if !config_path.exists() {
            return Err(BadInput(format!(
                "no config file at {}: run `consentgate init --dir DIR` and pass --config DIR/consentgate.toml \
                 (or set $CONSENTGATE_CONFIG)",
                config_path.display()
            ))
            .into());
        }
        let config = Config::load(&config_path)?;
        Ok(Ctx { config_path, config, actor, today: today()? })
    }

    /// Opens the register, which must have been set up by `init`.
    pub fn register(&self) -> crate::error::Result<Register> {
        let data = &self.config.paths.data;
        if !data.is_dir() {
            return Err(BadInput(format!(
                "the data folder {} does not exist: run `consentgate init --dir DIR` first",
                data.display()
            ))
            .into());
        }
        let path = self.config.database_path();
        let mut reg = Register::open(&path).with_context(|| format!("opening the register {}", path.display()))?;
        // A re-check a crash left owing is finished before anything else.
        let moved = crate::workflow::finish_owed(&mut reg, &self.config, self.today, &self.actor)?;
        if !moved.is_empty() {
            eprintln!("finished a re-check left owing ({} photo(s) moved):", moved.len());
            for m in &moved {
                eprintln!("  photo {} moved from {} to {}", crate::model::short(&m.photo), m.from, m.to);
            }
        }
        Ok(reg)
    }
}

fn actor(cli: &Cli) -> String {
    cli.actor
        .clone()
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// Today's date, or the one fixed by `$CONSENTGATE_TODAY`.
pub fn today() -> crate::error::Result<NaiveDate> {
    crate::clock::today().map_err(|e| BadInput(e.to_string()).into())
}

/// Prints a value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> crate::error::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Asks a yes/no question on the terminal; without a terminal the answer
/// is no (scripts pass `--yes`).
pub fn confirm(question: &str) -> crate::error::Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Ok(false);
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim().to_ascii_lowercase().as_str(), "y" | "yes"))
}

static PRINTING: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// What the binary does before a command that prints rather than serves
/// (see `main.rs`: a closed pipe ends it quietly).
pub fn on_printing_command(f: fn()) {
    let _ = PRINTING.set(f);
}

/// Runs the command line; `main.rs` calls this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let serves = match &cli.command {
        Command::Serve(_) => true,
        Command::Demo(args) => args.serve,
        _ => false,
    };
    if !serves {
        if let Some(f) = PRINTING.get() {
            f();
        }
    }
    init_tracing();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            let code = err.kind().exit_code();
            if code == 1 {
                eprintln!("hint: check the message above and try again");
            }
            ExitCode::from(code)
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("CONSENTGATE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

fn run(cli: Cli) -> crate::error::Result<()> {
    let actor = actor(&cli);
    let config = cli.config;
    let ctx = || Ctx::load(config.clone(), actor.clone());
    match cli.command {
        Command::Init(args) => match &args.dir {
            Some(dir) => setup::init(&args, &actor, dir),
            None => setup::init_in_place(&ctx()?, &args),
        },
        Command::Demo(args) => demo::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Config(args) => setup::show_config(&ctx()?, &args),
        Command::Ingest(args) => photos::ingest_once(&ctx()?, &args),
        Command::Serve(args) => photos::serve(&ctx()?, &args),
        Command::Doctor { json } => setup::doctor(&ctx()?, json),
        Command::Photo(cmd) => photos::run_photo(&ctx()?, cmd),
        Command::Tag(args) => photos::tag(&ctx()?, args),
        Command::Report { photo, reason } => manager::report(&ctx()?, &photo, &reason),
        Command::Quarantine(cmd) => manager::run_quarantine(&ctx()?, cmd),
        Command::Incident(cmd) => manager::run_incident(&ctx()?, cmd),
        Command::Retention(cmd) => manager::run_retention(&ctx()?, cmd),
        Command::Export(cmd) => manager::run_export(&ctx()?, cmd),
        Command::Disclosures(args) => publish::run(&ctx()?, args),
        Command::Request(cmd) => requests::run(&ctx()?, cmd),
        Command::Child(cmd) => children::run_child(&ctx()?, cmd),
        Command::Guardian(cmd) => children::run_guardian(&ctx()?, cmd),
        Command::Consent(cmd) => consent::run(&ctx()?, cmd),
        Command::Device(cmd) => devices::run(&ctx()?, cmd),
        Command::User(cmd) => users::run(&ctx()?, cmd),
        Command::Audit(cmd) => audit_cmd::run(&ctx()?, cmd),
        Command::Offsite(cmd) => offsite::run(&ctx()?, cmd),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_iso_or_uk_and_nothing_else() {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        assert_eq!(parse_date("2026-02-28"), Ok(d("2026-02-28")));
        assert_eq!(parse_date("28/02/2026"), Ok(d("2026-02-28")));
        assert_eq!(parse_date(" 1/9/2026 "), Ok(d("2026-09-01")));
        for bad in [
            "2026-2-28",
            "2026-02-30",
            "30/02/2026",
            "02/28/2026",
            "28/02/26",
            "2026-02-28T00:00",
            "",
            "20260228",
            "28-02-2026",
            "+2026-02-28",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_are_short_and_plain() {
        assert!(check_id("child", "C001").is_ok());
        assert!(check_id("child", "c-01_a").is_ok());
        for bad in ["", "C 001", "Amelia Rose", "../x", &"x".repeat(33)] {
            assert!(check_id("child", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_command_line_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
