//! `request sar|erase|list`: parents' requests about their child's data.

use super::{parse_date, print_json, table, BadInput, Ctx};
use crate::workflow::{self, erase, sar, short};
use chrono::NaiveDate;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum RequestCmd {
    /// A subject access request: record it (with the date received and the
    /// one-month deadline) and, with --to, answer it: every photo held of the
    /// child with other children blurred (or withheld and listed), their
    /// consent history, the audit entries about them, and an index.html
    Sar {
        /// The child's id, name or alias
        child: String,
        /// The folder to write the answer into (not inside the inbox, data or quarantine);
        /// without it the request is only recorded, as due
        #[arg(long, value_name = "DIR")]
        to: Option<PathBuf>,
        /// When the request was received [default: today]
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        received: Option<NaiveDate>,
        /// The age identity that reads the archive [default: paths.identity]
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Erase a child: photos where they are the only child deleted, group photos
    /// redacted (or deleted where the child cannot be located), copies given out
    /// listed for take-down, the register entry kept without the name; a receipt
    Erase {
        /// The child's id, name or alias
        child: String,
        /// Show what would be done, and do nothing
        #[arg(long, conflicts_with = "receipt")]
        dry_run: bool,
        /// The folder for the receipt, in plain text and HTML (not inside the inbox,
        /// data or quarantine folders)
        #[arg(long, value_name = "DIR", required_unless_present = "dry_run")]
        receipt: Option<PathBuf>,
        /// Why, for the audit log and the receipt
        #[arg(long, default_value = "at the parent's request")]
        note: String,
        /// The age identity that reads the archive (to redact) [default: paths.identity]
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Requests, the open ones first with their deadlines
    List {
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: RequestCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        RequestCmd::List { json } => {
            let list = reg.requests()?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("no requests");
            }
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|r| {
                    let state = match &r.fulfilled_at {
                        Some(at) => format!("answered {}", at.day()),
                        None if r.due_on < ctx.today => "OVERDUE".into(),
                        None => "open".into(),
                    };
                    vec![
                        r.id.to_string(),
                        r.kind.clone(),
                        r.child.to_string(),
                        r.received_on.to_string(),
                        r.due_on.to_string(),
                        state,
                    ]
                })
                .collect();
            table::print(&["ID", "KIND", "CHILD", "RECEIVED", "DUE", "STATE"], &rows);
            Ok(())
        }
        RequestCmd::Erase { child, dry_run, receipt, note, identity, json } => {
            let child = reg.find_child_by_first_name(&child)?;
            let identity = super::manager::identity(ctx, identity)?;
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            let mut folder = receipt.as_deref().map(|dir| workflow::sink::Folder::new(&w, dir)).transpose()?;
            let sink = folder.as_mut().map(|f| f as &mut dyn workflow::sink::Sink);
            let done = erase::erase(&mut w, &child, &identity, &note, sink)?;
            if json {
                return print_json(&done);
            }
            if done.steps.is_empty() {
                println!("no photo of {} is held", done.child);
            }
            for step in &done.steps {
                println!("{}{}", if dry_run { "would: " } else { "" }, erase::describe(step));
            }
            if dry_run {
                println!("dry run: nothing was changed");
                return Ok(());
            }
            println!("{} is erased from the register but for the id the audit log needs", done.child);
            for t in &done.takedowns {
                println!("take down {}: photo {} at {}/{}", t.id, short(&t.photo), t.destination, t.file);
            }
            for r in &done.receipt {
                println!("receipt: {}", r.display());
            }
            Ok(())
        }
        RequestCmd::Sar { child, to, received, identity, json } => {
            let child = reg.find_child_by_first_name(&child)?;
            let received = received.unwrap_or(ctx.today);
            if received > ctx.today {
                return Err(BadInput(format!("--received {received} is after today")).into());
            }
            let Some(to) = to else {
                let r = reg.open_subject_access(&child.id, received, &ctx.actor)?;
                if json {
                    return print_json(&r);
                }
                println!(
                    "request {} recorded: subject access for {}, received {}, due {}",
                    r.id, r.child, r.received_on, r.due_on
                );
                return Ok(());
            };
            let identity = super::manager::identity(ctx, identity)?;
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            let mut folder = workflow::sink::Folder::new(&w, &to)?;
            let answer = sar::subject_access(&mut w, &child, &mut folder, &identity, received)?;
            if json {
                return print_json(&answer);
            }
            println!(
                "request {} answered in {}: {} photo(s) ({} with other children blurred), {} consent event(s), {} audit entries (the log is {})",
                answer.request.id,
                to.display(),
                answer.photos.len(),
                answer.redacted.len(),
                answer.consent_events,
                answer.audit_entries,
                serde_json::to_value(answer.chain.finding)?.as_str().unwrap_or("checked")
            );
            for w in &answer.withheld {
                println!("withheld {} ({}): {}", short(&w.photo), w.day, w.why);
            }
            println!("give the parent the whole folder; open index.html first");
            Ok(())
        }
    }
}
