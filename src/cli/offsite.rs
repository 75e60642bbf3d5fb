//! `offsite push|verify|restore`.

use super::{print_json, Ctx};
use crate::offsite::{self, plan::DeleteReason, Progress};
use clap::Subcommand;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Subcommand)]
pub enum OffsiteCmd {
    /// Copy the setting to the off-site store ([offsite] in the config):
    /// new and changed ciphertexts as they are, the register, audit key,
    /// checkpoints and config encrypted to keys.recipients; then remove
    /// what the register has deleted. Only what changed is sent; a push
    /// cut short is finished by the next one.
    Push {
        /// The report as JSON (no progress on stderr)
        #[arg(long)]
        json: bool,
    },
    /// Check the bucket against the register without downloading photos:
    /// exit 0 when every photo is off-site whole and nothing deleted is
    /// left there, 1 saying what is not
    Verify {
        /// The findings as JSON (still exit 1 when incomplete)
        #[arg(long)]
        json: bool,
    },
    /// Rebuild a working setting in a new folder from the off-site copy
    /// (on a fresh machine: a config with the [offsite] section, the
    /// identity, the access key). Exit 1 if anything is missing or does
    /// not check out.
    Restore {
        /// The new setting's folder (must not exist, or be empty)
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// The setting's age identity [default: paths.identity of the config]
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Skip decrypting every photo to check it against its id
        #[arg(long)]
        no_check: bool,
        /// The report as JSON (no progress on stderr)
        #[arg(long)]
        json: bool,
    },
}

/// The off-site copy is not complete: exit 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Incomplete(String);

crate::error::kind_of!(Failed: Incomplete);

/// A bar on stderr, drawn only for a person at a terminal.
fn progress(json: bool) -> Progress {
    Arc::new(super::progress::Bar::new(json))
}

fn runtime() -> crate::error::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().enable_all().build()?)
}

pub fn run(ctx: &Ctx, cmd: OffsiteCmd) -> crate::error::Result<()> {
    match cmd {
        OffsiteCmd::Push { json } => {
            let r = runtime()?.block_on(offsite::push(&ctx.config, progress(json)))?;
            if json {
                return print_json(&r);
            }
            let deleted = |why| r.deleted.iter().filter(|d| d.reason == why).count();
            println!(
                "pushed to {}/{} in {:.1} s: {} file(s) uploaded ({:.1} MB), {} unchanged, {} register object(s) \
                 sealed, {} deleted off-site ({} deleted on the register, {} moved)",
                r.bucket,
                r.prefix,
                r.seconds,
                r.uploaded,
                r.uploaded_bytes as f64 / 1e6,
                r.unchanged,
                r.sealed.len(),
                r.deleted.len(),
                deleted(DeleteReason::Deleted),
                deleted(DeleteReason::Moved),
            );
            if !r.held.is_empty() {
                println!("{} file(s) not sent: deleted on the register, or newer than it (next push)", r.held.len());
            }
            for k in &r.kept {
                println!("kept off-site: {} ({})", k.key, serde_json::to_value(k.reason)?.as_str().unwrap_or(""));
            }
            Ok(())
        }
        OffsiteCmd::Verify { json } => {
            let r = runtime()?.block_on(offsite::verify(&ctx.config, progress(json)))?;
            if json {
                print_json(&r)?;
            } else {
                println!("{}/{}: {} object(s); {} photo(s) on the register", r.bucket, r.prefix, r.objects, r.photos);
                for f in r.missing.iter().chain(&r.mismatched) {
                    println!("  {}: {}", f.key, f.why);
                }
                for k in &r.kept_after_deletion {
                    println!("  {k}: the photo is deleted on the register (the next push removes it)");
                }
                for k in &r.missing_register {
                    println!("  {k}: not in the bucket");
                }
                if !r.stale.is_empty() || !r.not_on_register.is_empty() {
                    println!(
                        "  ({} former place(s) of moved photos, {} object(s) of photos not on the register)",
                        r.stale.len(),
                        r.not_on_register.len()
                    );
                }
            }
            if r.complete {
                if !json {
                    println!("off-site copy complete");
                }
                Ok(())
            } else {
                Err(Incomplete(format!(
                    "off-site copy incomplete: {} missing, {} different, {} deleted photo object(s) still there, {} \
                     register object(s) missing; run `consentgate offsite push`",
                    r.missing.len(),
                    r.mismatched.len(),
                    r.kept_after_deletion.len(),
                    r.missing_register.len()
                ))
                .into())
            }
        }
        OffsiteCmd::Restore { to, identity, no_check, json } => {
            let identity_file = identity.clone().unwrap_or_else(|| ctx.config.paths.identity.clone());
            let id = super::manager::identity(ctx, identity)?;
            let r = runtime()?.block_on(offsite::restore(
                &ctx.config,
                &id,
                &identity_file,
                &to,
                !no_check,
                progress(json),
            ))?;
            if json {
                print_json(&r)?;
            } else {
                println!(
                    "restored {} file(s) ({:.1} MB) into {} in {:.1} s; {} photo(s) on the register, {} decrypted and \
                     checked",
                    r.files,
                    r.bytes as f64 / 1e6,
                    r.to.display(),
                    r.seconds,
                    r.photos,
                    r.photos_checked
                );
                match &r.audit.broken {
                    None => println!("audit chain intact: {} entries", r.audit.entries),
                    Some((seq, why)) => println!("audit chain BROKEN at entry {seq}: {why}"),
                }
                for p in &r.recovery.missing {
                    println!("missing: photo {p} is on the register but not in the off-site copy");
                }
                for p in &r.bad_photos {
                    println!("damaged: photo {p} does not decrypt to its original");
                }
                println!("next: consentgate --config {} audit verify", r.config.display());
            }
            if r.complete {
                Ok(())
            } else {
                Err(Incomplete("the restore is incomplete (see above)".into()).into())
            }
        }
    }
}
