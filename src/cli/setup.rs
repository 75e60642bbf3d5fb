//! `init` and `config show`.

use super::{print_json, BadInput, Ctx};
use crate::audit::Action;
use crate::config::{Config, DEFAULT_TOML};
use crate::error::Context as _;
use crate::keys;
use crate::register::Register;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up (created if missing; must not hold a setup).
    /// Without it: set up what the config file names (its folders and
    /// identity), and write the service's recipient into its
    /// `recipients = []` line (the Debian package's
    /// /etc/consentgate/consentgate.toml)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Write the identity without a passphrase (tests, demos; not for a real setting)
    #[arg(long)]
    no_passphrase: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    cmd: ConfigCmd,
}

#[derive(Debug, Subcommand)]
enum ConfigCmd {
    /// Print the configuration in force, after defaults and overrides
    Show {
        /// JSON instead of TOML
        #[arg(long)]
        json: bool,
    },
}

/// Creates a folder with owner-only permissions (0700).
pub fn private_dir(path: &Path) -> crate::error::Result<()> {
    std::fs::create_dir_all(path).with_context(|| format!("creating {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("setting permissions on {}", path.display()))?;
    }
    Ok(())
}

/// The config text `init` writes: the commented default with the setup's
/// own paths and recipient.
pub fn setup_config_text(identity_file: &str, recipient: &str) -> String {
    DEFAULT_TOML
        .replace("inbox = \"../inbox\"", "inbox = \"inbox\"")
        .replace("data = \"../data\"", "data = \"data\"")
        .replace("quarantine = \"../quarantine\"", "quarantine = \"quarantine\"")
        .replace("identity = \"../data/identity.age\"", &format!("identity = \"data/{identity_file}\""))
        .replace("recipients = []", &format!("recipients = [\"{recipient}\"]"))
}

/// Sets up DIR; used by `init` and by the demo.
pub fn create_setup(
    dir: &Path,
    passphrase: Option<age::secrecy::SecretString>,
    actor: &str,
) -> crate::error::Result<PathBuf> {
    let config_path = dir.join("consentgate.toml");
    for existing in [config_path.clone(), dir.join("data"), dir.join("inbox"), dir.join("quarantine")] {
        if existing.exists() {
            return Err(BadInput(format!(
                "{} already exists: refusing to overwrite a setup (choose an empty folder)",
                existing.display()
            ))
            .into());
        }
    }
    private_dir(dir)?;
    for sub in ["inbox", "data", "quarantine"] {
        private_dir(&dir.join(sub))?;
    }
    let identity_file = if passphrase.is_some() { "identity.age" } else { "identity.txt" };
    let recipient = keys::create_identity(&dir.join("data").join(identity_file), passphrase)?;
    let text = setup_config_text(identity_file, &recipient.to_string());
    std::fs::write(&config_path, &text).with_context(|| format!("writing {}", config_path.display()))?;
    let config = Config::load(&config_path)?;
    let mut register = Register::open(&config.database_path())?;
    register.audit(
        &crate::audit::Entry::new(actor, Action::SetupInit)
            .detail(serde_json::json!({ "recipient": recipient.to_string() })),
    )?;
    Ok(config_path)
}

pub fn init(args: &InitArgs, actor: &str, dir: &Path) -> crate::error::Result<()> {
    let passphrase = if args.no_passphrase { None } else { Some(keys::passphrase(true)?) };
    let config_path = create_setup(dir, passphrase, actor)?;
    let dir = dir.display();
    println!("Set up consentgate in {dir}:");
    println!("  config      {}", config_path.display());
    println!("  inbox       {dir}/inbox        (point the setting's cameras and iPads here)");
    println!("  data        {dir}/data         (register, vault, staging: encrypted)");
    println!("  quarantine  {dir}/quarantine   (held-back photos: encrypted)");
    println!(
        "  identity    {dir}/data/{}{}",
        if args.no_passphrase { "identity.txt" } else { "identity.age" },
        if args.no_passphrase { "  (NOT passphrase-protected)" } else { "  (passphrase-protected)" }
    );
    println!();
    println!("Next: export CONSENTGATE_CONFIG={}", config_path.display());
    println!(
        "      consentgate device add --id ipad1 --label \"Rainbow room iPad\" --folder ipad1 --from-photo PHOTO.jpg"
    );
    println!("        (PHOTO.jpg: any photo the iPad took; its make, model and serial are read from it)");
    println!("      consentgate child add C001 --name \"…\" --room Rainbow");
    Ok(())
}

/// `init` without `--dir`: the folders and identity the config names are
/// made, and the service's recipient is written into the config's
/// `recipients = []` line (nothing else in the file changes).
pub fn init_in_place(ctx: &Ctx, args: &InitArgs) -> crate::error::Result<()> {
    let c = &ctx.config;
    let path = &ctx.config_path;
    if !c.keys.recipients.is_empty() {
        return Err(
            BadInput(format!("{}: keys.recipients is set already: this setting is set up", path.display())).into()
        );
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    if text.lines().filter(|l| l.trim() == "recipients = []").count() != 1 {
        return Err(BadInput(format!(
            "{}: no single `recipients = []` line to fill in (set keys.recipients by hand, or use --dir)",
            path.display()
        ))
        .into());
    }
    if c.paths.identity.exists() {
        return Err(
            BadInput(format!("{} already exists: refusing to overwrite a key", c.paths.identity.display())).into()
        );
    }
    for dir in [&c.paths.inbox, &c.paths.data, &c.paths.quarantine] {
        private_dir(dir)?;
    }
    if let Some(parent) = c.paths.identity.parent() {
        private_dir(parent)?;
    }
    let passphrase = if args.no_passphrase { None } else { Some(keys::passphrase(true)?) };
    let recipient = keys::create_identity(&c.paths.identity, passphrase)?.to_string();
    let filled: String = text
        .lines()
        .map(|l| if l.trim() == "recipients = []" { format!("recipients = [\"{recipient}\"]") } else { l.to_string() })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    std::fs::write(path, filled).with_context(|| format!("writing the recipient into {}", path.display()))?;
    let config = Config::load(path)?;
    let mut register = Register::open(&config.database_path())?;
    register.audit(
        &crate::audit::Entry::new(&ctx.actor, Action::SetupInit).detail(serde_json::json!({ "recipient": recipient })),
    )?;
    println!("Set up consentgate as {} says:", path.display());
    println!("  inbox       {}", c.paths.inbox.display());
    println!("  data        {}", c.paths.data.display());
    println!("  quarantine  {}", c.paths.quarantine.display());
    println!("  identity    {}", c.paths.identity.display());
    println!("  recipient   {recipient} (written into keys.recipients)");
    Ok(())
}

/// `doctor`: every check in words; exit 1 when any is a problem.
pub fn doctor(ctx: &Ctx, json: bool) -> crate::error::Result<()> {
    use crate::doctor::Status;
    let checks = crate::doctor::run(&ctx.config, ctx.today);
    if json {
        print_json(&checks)?;
    } else {
        println!("consentgate doctor: {}", ctx.config_path.display());
        for c in &checks {
            let mark = match c.status {
                Status::Ok => "ok     ",
                Status::Warning => "warning",
                Status::Problem => "PROBLEM",
            };
            println!("{mark}  {}: {}", c.name, c.says);
        }
    }
    let problems = checks.iter().filter(|c| c.status == Status::Problem).count();
    if problems > 0 {
        crate::error::bail!("{problems} problem(s) found: see above");
    }
    Ok(())
}

pub fn show_config(ctx: &Ctx, args: &ConfigArgs) -> crate::error::Result<()> {
    match args.cmd {
        ConfigCmd::Show { json: true } => print_json(&ctx.config),
        ConfigCmd::Show { json: false } => {
            println!("# {} (with defaults and environment overrides)", ctx.config_path.display());
            print!("{}", toml::to_string_pretty(&ctx.config)?);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setup_config_rewrites_every_path_and_the_recipient() {
        let r = age::x25519::Identity::generate().to_public().to_string();
        let text = setup_config_text("identity.txt", &r);
        assert!(!text.contains("\"../"), "a path still points outside the setup");
        let cfg = Config::parse(&text, Path::new("x"), &[]).expect("parses");
        assert_eq!(cfg.keys.recipients, vec![r]);
        assert_eq!(cfg.paths.identity, PathBuf::from("data/identity.txt"));
    }

    #[test]
    fn the_packages_config_is_the_default_with_its_paths_and_bind() {
        let text = include_str!("../../dist/consentgate.toml");
        let cfg = Config::parse(text, Path::new("/etc/consentgate/consentgate.toml"), &[]).expect("parses");
        assert_eq!(cfg.paths.data, PathBuf::from("/var/lib/consentgate/data"));
        assert_eq!(cfg.web.bind, "0.0.0.0:8443");
        let default = Config::parse(DEFAULT_TOML, Path::new("/x/config/consentgate.toml"), &[]).expect("parses");
        let (mut a, mut b) = (cfg.clone(), default.clone());
        a.paths = b.paths.clone();
        a.web.bind = b.web.bind.clone();
        b.keys = a.keys.clone();
        assert_eq!(a, b, "everything else as the default config says");
        assert_eq!(text.lines().filter(|l| l.trim() == "recipients = []").count(), 1, "init fills this line in");
    }
}
