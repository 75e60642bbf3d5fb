//! The manager's commands: `quarantine list|release|redact|delete`,
//! `report`, `incident list`, `retention run`, `export child|purpose`,
//! `photo recheck`.

use super::progress::Bar;
use super::{print_json, table, BadInput, Ctx};
use crate::audit::Action;
use crate::model::PhotoState;
use crate::register::{Change, Register};
use crate::workflow::{self, export, redact, short, Moved};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum QuarantineCmd {
    /// The queue, oldest first, with the reasons in plain words and codes
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check the photo again and store it if the policy now allows (exit 3 with the reasons if not)
    Release {
        /// The photo id, or a unique prefix of at least 8 hex characters
        photo: String,
        /// Why, for the audit log
        #[arg(long)]
        note: String,
        /// Keep it only for these purposes (narrowing what it is for; repeatable)
        #[arg(long = "purpose", value_name = "P")]
        purposes: Vec<String>,
    },
    /// Pixelate the face of every child without consent (and every face nobody has said whose), check the copy for faces again, store it, delete the original
    Redact {
        photo: String,
        #[arg(long)]
        note: String,
        /// The age identity that reads the archive [default: paths.identity]
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
    },
    /// Vouch that a photo without any camera information was taken on a
    /// setting device: its camera becomes the device's (audited with the
    /// note), and the photo is checked again
    Attest {
        photo: String,
        /// The setting device that took it
        #[arg(long, value_name = "DID")]
        device: String,
        /// How you know, e.g. "taken by Sam on the Rainbow iPad, app strips EXIF"
        #[arg(long)]
        note: String,
    },
    /// Send a photo held for its tagging (tagging time ran out, faces
    /// nobody tagged, a name not on the register) back to the tagging queue,
    /// with a fresh tagging time from today (exit 3 if something else holds it)
    SendBack {
        /// The photo id, or a unique prefix of at least 8 hex characters
        photo: String,
        /// Why, for the audit log
        #[arg(long)]
        note: String,
    },
    /// Delete the photo (a tombstone row is kept)
    Delete {
        photo: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum IncidentCmd {
    /// Reported concerns, open and closed
    List {
        #[arg(long)]
        json: bool,
    },
    /// The breach register: mark an incident a possible breach, decide, list
    #[command(subcommand)]
    Breach(super::breaches::BreachCmd),
}

#[derive(Debug, Subcommand)]
pub enum RetentionCmd {
    /// Announce what retention will delete within the week, and delete what was
    /// announced a week or more ago and is due
    Run {
        /// Show the plan without announcing or deleting anything
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Keep a photo from every automatic deletion, with why (the manager must be
    /// able to justify every photo kept)
    Keep {
        /// The photo id, or a unique prefix of at least 8 hex characters
        photo: String,
        /// Why it is kept
        #[arg(long)]
        note: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCmd {
    /// Decrypted copies of a child's learning-journey photos, metadata stripped
    Child {
        /// The child's id, name or alias
        child: String,
        /// The folder to write into (not inside the inbox, data or quarantine)
        #[arg(long, value_name = "DIR")]
        to: PathBuf,
        /// The age identity that reads the archive [default: paths.identity]
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
    },
    /// Decrypted, metadata-free copies of the photos that may be used for a purpose today
    /// (each re-checked; those that no longer pass are listed, not written)
    Purpose(super::publish::PurposeArgs),
}

pub(super) fn identity(ctx: &Ctx, file: Option<PathBuf>) -> crate::error::Result<age::x25519::Identity> {
    let path = file.unwrap_or_else(|| ctx.config.paths.identity.clone());
    Ok(crate::keys::load_identity(&path)?)
}

/// Prints the photos a re-check moved.
pub fn print_moved(moved: &[Moved]) {
    for m in moved {
        let codes: Vec<String> = m.reasons.iter().map(ToString::to_string).collect();
        println!("photo {} moved from {} to {}: {}", short(&m.photo), m.from, m.to, codes.join("; "));
    }
}

/// Re-checks stored, waiting and held photos after a register change.
pub fn recheck(ctx: &Ctx, reg: &mut Register, cause: &str) -> crate::error::Result<Vec<Moved>> {
    let bar = Bar::new(false);
    let mut w = workflow::Ctx::new(reg, &ctx.config, ctx.today, &ctx.actor).with_progress(&bar);
    let moved = workflow::recheck_owed(&mut w, cause)?;
    print_moved(&moved);
    Ok(moved)
}

/// [`recheck`] without printing (for `--json` output, which lists them).
pub fn recheck_quietly(ctx: &Ctx, reg: &mut Register, cause: &str) -> crate::error::Result<Vec<Moved>> {
    let mut w = workflow::Ctx::new(reg, &ctx.config, ctx.today, &ctx.actor);
    workflow::recheck_owed(&mut w, cause)
}

pub fn run_quarantine(ctx: &Ctx, cmd: QuarantineCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        QuarantineCmd::List { json } => {
            let mut photos = reg.photos(Some(PhotoState::Quarantined))?;
            photos.sort_by(|a, b| (&a.state_since, &a.id).cmp(&(&b.state_since, &b.id)));
            if json {
                let v: Vec<serde_json::Value> = photos
                    .iter()
                    .map(|p| {
                        let mut j = p.to_json();
                        j["explained"] = p.reasons.iter().map(|r| serde_json::json!(r.code.describe())).collect();
                        j
                    })
                    .collect();
                return print_json(&v);
            }
            if photos.is_empty() {
                println!("the quarantine is empty");
            }
            for p in &photos {
                println!("{}  since {}  {}", short(&p.id), p.state_since.day(), p.source_name);
                for r in &p.reasons {
                    println!("    {} — {r}", r.code.describe());
                }
                let mut ways: Vec<&str> = p.reasons.iter().map(|r| r.code.way_out()).collect();
                ways.dedup();
                for w in ways {
                    println!("    what clears it: {w}");
                }
            }
        }
        QuarantineCmd::Release { photo, note, purposes } => {
            for p in &purposes {
                if !ctx.config.is_known_purpose(p) {
                    return Err(BadInput(format!("unknown purpose `{p}`")).into());
                }
            }
            let photo = reg.find_photo(&photo)?;
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            match workflow::release(&mut w, &photo, &note, &purposes)? {
                Ok(PhotoState::Stored) => println!("released {}: stored in the vault", short(&photo.id)),
                Ok(_) => println!(
                    "released {}: nobody has tagged it yet, so it is back in the tagging queue",
                    short(&photo.id)
                ),
                Err(still) => {
                    println!("photo {} stays in the quarantine; the reasons still standing:", short(&photo.id));
                    for r in &still.0 {
                        println!("  {r}: {}", r.code.describe());
                    }
                    return Err(super::Refused(format!("{} reason(s) still stand", still.0.len())).into());
                }
            }
        }
        QuarantineCmd::SendBack { photo, note } => {
            let photo = reg.find_photo(&photo)?;
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            match workflow::send_back(&mut w, &photo, &note)? {
                Ok(PhotoState::AwaitingTags) => println!(
                    "{}: back in the tagging queue, with {} day(s) from today to tag it",
                    short(&photo.id),
                    ctx.config.retention.awaiting_tags_days
                ),
                Ok(to) => println!("{}: now {to}", short(&photo.id)),
                Err(still) => {
                    println!("photo {} stays in the quarantine; tagging would not clear:", short(&photo.id));
                    for r in still.0.iter().filter(|r| !workflow::is_tagging_reason(r.code)) {
                        println!("  {r}: {}", r.code.describe());
                    }
                    return Err(super::Refused(format!("{} reason(s) still stand", still.0.len())).into());
                }
            }
        }
        QuarantineCmd::Attest { photo, device, note } => {
            let photo = reg.find_photo(&photo)?;
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            match workflow::devices::attest(&mut w, &photo, &device, &note)? {
                PhotoState::Quarantined => {
                    let now = reg.photo(&photo.id)?.map(|p| p.reasons).unwrap_or_default();
                    println!("{}: recorded as taken on {device}; still held:", short(&photo.id));
                    for r in &now {
                        println!("  {r}: {}", r.code.describe());
                    }
                }
                to => println!("{}: recorded as taken on {device}; now {to}", short(&photo.id)),
            }
        }
        QuarantineCmd::Redact { photo, note, identity: id_file } => {
            let photo = reg.find_photo(&photo)?;
            workflow::ensure_quarantined(&photo)?;
            let identity = identity(ctx, id_file)?;
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            match redact::redact(&mut w, &photo, &note, &identity)? {
                Ok((id, state)) => {
                    println!("redacted {} into {} ({state}); the original is deleted", short(&photo.id), short(&id));
                }
                Err(cannot) => return Err(super::Refused(cannot.0).into()),
            }
        }
        QuarantineCmd::Delete { photo, reason } => {
            let photo = reg.find_photo(&photo)?;
            if photo.state == PhotoState::Deleted {
                return Err(BadInput(format!("photo {} was deleted already", short(&photo.id))).into());
            }
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            workflow::delete(
                &mut w,
                &photo,
                "manager",
                Change::new(Action::QuarantineDelete, &ctx.actor).note(&reason),
            )?;
            println!("deleted {}; a tombstone row keeps its id and dates", short(&photo.id));
        }
    }
    Ok(())
}

pub fn report(ctx: &Ctx, photo: &str, reason: &str) -> crate::error::Result<()> {
    if reason.trim().is_empty() {
        return Err(BadInput("--reason must say what the concern is".into()).into());
    }
    let mut reg = ctx.register()?;
    let photo = reg.find_photo(photo)?;
    let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
    let (incident, state) = workflow::report(&mut w, &photo, reason)?;
    println!("incident {incident} opened; photo {} is now {state}", short(&photo.id));
    Ok(())
}

pub fn run_incident(ctx: &Ctx, cmd: IncidentCmd) -> crate::error::Result<()> {
    let json = match cmd {
        IncidentCmd::List { json } => json,
        IncidentCmd::Breach(cmd) => return super::breaches::run(ctx, cmd),
    };
    let reg = ctx.register()?;
    let incidents = reg.incidents()?;
    if json {
        return print_json(&incidents);
    }
    let rows: Vec<Vec<String>> = incidents
        .iter()
        .map(|i| {
            vec![
                i.id.to_string(),
                short(&i.photo).to_string(),
                i.opened_at.to_string(),
                i.opened_by.clone(),
                i.reason.clone(),
                i.resolution.clone().unwrap_or_else(|| "OPEN".into()),
            ]
        })
        .collect();
    table::print(&["ID", "PHOTO", "OPENED", "BY", "CONCERN", "RESOLUTION"], &rows);
    Ok(())
}

/// Why retention deletes (or would delete) a photo, in words.
fn rule_text(rule: &crate::retention::Rule) -> String {
    match rule {
        crate::retention::Rule::AfterLeaving { child } => format!("{child} left the setting"),
        crate::retention::Rule::MaxAge => "older than retention.max_age_days".into(),
        crate::retention::Rule::QuarantineExpired => "held for a reason that must go, uncleared".into(),
    }
}

pub fn run_retention(ctx: &Ctx, cmd: RetentionCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    let (dry_run, json) = match cmd {
        RetentionCmd::Run { dry_run, json } => (dry_run, json),
        RetentionCmd::Keep { photo, note } => {
            let p = reg.find_photo(&photo)?;
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            workflow::keep(&mut w, &p, &note)?;
            println!("photo {} is kept from every automatic deletion: {note}", short(&p.id));
            return Ok(());
        }
    };
    let bar = Bar::new(json);
    let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor).with_progress(&bar);
    let swept = if dry_run {
        let (deleted, coming) = workflow::retention_plan(&w)?.into_iter().partition(|d| d.is_due(ctx.today));
        workflow::Swept { deleted, coming, ..Default::default() }
    } else {
        workflow::run_retention(&mut w)?
    };
    if json {
        return print_json(&serde_json::json!({
            "dry_run": dry_run, "deletions": swept.deleted, "announced": swept.coming,
            "newly_announced": swept.announced, "moved": swept.moved,
        }));
    }
    print_moved(&swept.moved);
    if swept.deleted.is_empty() && swept.coming.is_empty() {
        println!("nothing is due for deletion in the week from {}", ctx.today);
    }
    for d in &swept.coming {
        let new = if swept.announced.contains(&d.photo) { " (announced today)" } else { "" };
        println!(
            "{} {} on {} ({}){new}; `retention keep` keeps it",
            if dry_run { "would delete" } else { "will delete" },
            short(&d.photo),
            d.deletes_on,
            rule_text(&d.rule)
        );
    }
    for d in &swept.deleted {
        let what = rule_text(&d.rule);
        println!("{} {} (due {}: {what})", if dry_run { "would delete" } else { "deleted" }, short(&d.photo), d.due);
    }
    Ok(())
}

pub fn run_export(ctx: &Ctx, cmd: ExportCmd) -> crate::error::Result<()> {
    let (child, to, id_file) = match cmd {
        ExportCmd::Child { child, to, identity } => (child, to, identity),
        ExportCmd::Purpose(args) => return super::publish::export_purpose(ctx, args),
    };
    let mut reg = ctx.register()?;
    let child = reg.find_child_by_first_name(&child)?;
    let identity = identity(ctx, id_file)?;
    let bar = Bar::new(false);
    let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor).with_progress(&bar);
    let out = export::export_child(&mut w, &child, &to, &identity)?;
    println!("exported {} photo(s) of {} to {}", out.files.len(), child.id, to.display());
    for (id, why) in &out.skipped {
        println!("left out {}: {why}", short(id));
    }
    Ok(())
}

pub fn photo_recheck(ctx: &Ctx, json: bool) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    let bar = Bar::new(json);
    let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor).with_progress(&bar);
    let moved = workflow::reevaluate(&mut w, "recheck")?;
    if json {
        return print_json(&moved);
    }
    if moved.is_empty() {
        println!("every stored and waiting photo still passes");
    }
    print_moved(&moved);
    Ok(())
}
