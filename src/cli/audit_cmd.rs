//! `audit verify|list`.

use super::{print_json, table, Ctx};
use crate::audit::Filter;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Check the chain's seals and checkpoints: exit 0 when intact, 1 saying
    /// what was found (an entry altered or removed, the log truncated)
    Verify {
        /// The verification as JSON (still exit 1 when broken)
        #[arg(long)]
        json: bool,
    },
    /// List audit entries
    List {
        /// Only entries about this photo (full id)
        #[arg(long)]
        photo: Option<String>,
        /// Only entries about this child (id, name or alias)
        #[arg(long)]
        child: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The chain is broken: exit 1.
#[derive(Debug, thiserror::Error)]
#[error("audit chain BROKEN at entry {seq} of {entries}: {why}")]
pub struct Broken {
    seq: i64,
    entries: u64,
    why: String,
}

pub fn run(ctx: &Ctx, cmd: AuditCmd) -> anyhow::Result<()> {
    let reg = ctx.register()?;
    match cmd {
        AuditCmd::Verify { json } => {
            let v = reg.audit_verify()?;
            if json {
                print_json(&v)?;
            }
            match v.broken {
                None if json => Ok(()),
                None => {
                    let keyed = match (v.keyed_from, v.checkpoint) {
                        (Some(k), Some(c)) => {
                            format!(" (sealed with the audit key from entry {k}; newest checkpoint: entry {c})")
                        }
                        (Some(k), None) => format!(" (sealed with the audit key from entry {k})"),
                        (None, _) => String::new(),
                    };
                    println!("audit chain intact: {} entries{keyed}", v.entries);
                    Ok(())
                }
                Some((seq, why)) => Err(Broken { seq, entries: v.entries, why }.into()),
            }
        }
        AuditCmd::List { photo, child, json } => {
            let child = child.map(|c| reg.find_child_by_first_name(&c)).transpose()?.map(|c| c.id);
            let records = reg.audit_list(&Filter { photo, child })?;
            if json {
                return print_json(&records);
            }
            let rows: Vec<Vec<String>> = records
                .iter()
                .map(|r| {
                    vec![
                        r.seq.to_string(),
                        r.at.clone(),
                        r.actor.clone(),
                        r.action.clone(),
                        r.photo.as_deref().map(|p| p.chars().take(12).collect()).unwrap_or_else(|| "-".into()),
                        table::opt(&r.child),
                        if r.detail.is_null() { String::new() } else { r.detail.to_string() },
                    ]
                })
                .collect();
            table::print(&["SEQ", "AT", "ACTOR", "ACTION", "PHOTO", "CHILD", "DETAIL"], &rows);
            Ok(())
        }
    }
}
