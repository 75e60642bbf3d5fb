//! `init` and `config show`.

use super::{print_json, BadInput, Ctx};
use crate::config::{Config, DEFAULT_TOML};
use crate::keys;
use crate::register::Register;
use anyhow::Context as _;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to set up (created if missing; must not hold a setup)
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
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
pub fn private_dir(path: &Path) -> anyhow::Result<()> {
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
) -> anyhow::Result<PathBuf> {
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
        &crate::audit::Entry::new(actor, "setup.init")
            .detail(serde_json::json!({ "recipient": recipient.to_string() })),
    )?;
    Ok(config_path)
}

pub fn init(args: &InitArgs, actor: &str) -> anyhow::Result<()> {
    let passphrase = if args.no_passphrase { None } else { Some(keys::passphrase(true)?) };
    let config_path = create_setup(&args.dir, passphrase, actor)?;
    let dir = args.dir.display();
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

pub fn show_config(ctx: &Ctx, args: &ConfigArgs) -> anyhow::Result<()> {
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
}
