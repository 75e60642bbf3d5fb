//! `export purpose` and `disclosures`: photos going out for a purpose, the
//! disclosure log, and the take-down list a withdrawal of consent opens.

use super::{parse_date, print_json, table, Ctx};
use crate::register::{Disclosure, Register, TakeDown};
use crate::workflow::{self, publish, short};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct PurposeArgs {
    /// The purpose, e.g. display, website, newsletter (a forbidden one is refused)
    purpose: String,
    /// The folder to write into (not inside the inbox, data or quarantine)
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    /// Only photos taken (or, without a date, received) on or after this date
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    since: Option<NaiveDate>,
    /// Only photos showing at least one child of this room
    #[arg(long, value_name = "ROOM")]
    room: Option<String>,
    /// The age identity that reads the archive [default: paths.identity]
    #[arg(long, value_name = "FILE")]
    identity: Option<PathBuf>,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

/// `export purpose`: re-checks every stored photo for the purpose today,
/// writes those that pass, lists those that do not.
pub fn export_purpose(ctx: &Ctx, args: PurposeArgs) -> crate::error::Result<()> {
    publish::check_purpose(&ctx.config, &args.purpose)?;
    let mut reg = ctx.register()?;
    let identity = super::manager::identity(ctx, args.identity)?;
    let sel = publish::Selection { purpose: args.purpose, since: args.since, room: args.room };
    let bar = super::progress::Bar::new(args.json);
    let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor).with_progress(&bar);
    let out = publish::export_purpose(&mut w, &sel, &args.to, &identity)?;
    if args.json {
        return print_json(&out);
    }
    println!("exported {} photo(s) for {} to {}", out.written.files.len(), out.purpose, args.to.display());
    for w in &out.withheld {
        let why: Vec<String> = w.reasons.iter().map(ToString::to_string).collect();
        println!("withheld {}: no longer allowed for {}: {}", short(&w.photo), out.purpose, why.join("; "));
    }
    for (id, why) in &out.written.skipped {
        println!("left out {}: {why}", short(id));
    }
    Ok(())
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DisclosuresArgs {
    #[command(subcommand)]
    cmd: Option<DisclosuresCmd>,
    /// Only the copies of this photo (id or a unique prefix of at least 8 hex characters)
    #[arg(long, conflicts_with = "child")]
    photo: Option<String>,
    /// Only the copies of photos showing this child (id, name or alias)
    #[arg(long)]
    child: Option<String>,
    /// Print the result as JSON
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
pub enum DisclosuresCmd {
    /// The take-down list: copies disclosed for a purpose whose consent was since withdrawn
    Takedowns {
        /// Those marked done as well
        #[arg(long)]
        all: bool,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Mark a take-down done, saying what was done (audited)
    Done {
        /// The take-down's number, as the list shows it
        id: i64,
        /// What was taken down, where and how
        #[arg(long)]
        note: String,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
}

/// A disclosure with its take-downs, for the listing.
#[derive(Serialize)]
struct Listed {
    #[serde(flatten)]
    disclosure: Disclosure,
    takedowns: Vec<TakeDown>,
}

pub fn run(ctx: &Ctx, args: DisclosuresArgs) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    match args.cmd {
        None => list(&reg, args.photo.as_deref(), args.child.as_deref(), args.json),
        Some(DisclosuresCmd::Takedowns { all, json }) => {
            let list = reg.takedowns(all)?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("{}", if all { "no take-downs" } else { "nothing to take down" });
            }
            print_takedowns(&list);
            Ok(())
        }
        Some(DisclosuresCmd::Done { id, note, json }) => {
            let done = reg.takedown_done(id, &note, &ctx.actor)?;
            if json {
                return print_json(&done);
            }
            println!(
                "take-down {id} marked done: {} of photo {} at {}",
                done.file,
                short(&done.photo),
                done.destination
            );
            Ok(())
        }
    }
}

fn list(reg: &Register, photo: Option<&str>, child: Option<&str>, json: bool) -> crate::error::Result<()> {
    let photo = photo.map(|p| reg.find_photo(p)).transpose()?.map(|p| p.id);
    let child = child.map(|c| reg.find_child_by_first_name(c)).transpose()?.map(|c| c.id);
    let takedowns = reg.takedowns(true)?;
    let listed: Vec<Listed> = reg
        .disclosures(photo.as_deref(), child.as_deref())?
        .into_iter()
        .map(|d| Listed {
            takedowns: takedowns.iter().filter(|t| t.disclosure == d.id).cloned().collect(),
            disclosure: d,
        })
        .collect();
    if json {
        return print_json(&listed);
    }
    if listed.is_empty() {
        println!("nothing has been disclosed");
        return Ok(());
    }
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|l| {
            let d = &l.disclosure;
            let open = l.takedowns.iter().filter(|t| t.done_at.is_none()).count();
            let state = match (l.takedowns.len(), open) {
                (0, _) => String::new(),
                (_, 0) => "taken down".into(),
                (_, n) => format!("TAKE DOWN ({n} open)"),
            };
            vec![
                d.id.to_string(),
                short(&d.photo).to_string(),
                d.purpose.clone(),
                d.at.to_string(),
                d.actor.clone(),
                format!("{}/{}", d.destination, d.file),
                d.children.join(" "),
                state,
            ]
        })
        .collect();
    table::print(&["ID", "PHOTO", "PURPOSE", "WHEN", "BY", "TO", "CHILDREN", "TAKE-DOWN"], &rows);
    Ok(())
}

fn print_takedowns(list: &[TakeDown]) {
    for t in list {
        let state = match &t.done_at {
            Some(at) => format!("done {at} by {}", t.done_by.as_deref().unwrap_or("")),
            None => "OPEN".into(),
        };
        println!(
            "take-down {}: photo {} sent for {} on {} to {}/{}; {} withdrew {} ({state})",
            t.id,
            short(&t.photo),
            t.disclosed_for,
            t.disclosed_at.day(),
            t.destination,
            t.file,
            t.child,
            t.purpose
        );
    }
}

/// After a withdrawal or refusal: the copies already out that must come
/// down (`consentgate disclosures done ID --note ...` once they have).
pub fn after_withdrawal(reg: &Register, child: &str, purpose: &str) -> crate::error::Result<()> {
    let open = reg.open_takedowns(child, purpose)?;
    if open.is_empty() {
        return Ok(());
    }
    println!("copies already disclosed that must now be taken down ({}):", open.len());
    print_takedowns(&open);
    println!("mark each done with `consentgate disclosures done ID --note ...` once it is");
    Ok(())
}
