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
        /// Only entries about this photo (its id, or a unique prefix of at
        /// least 8 hex characters; one that matches nothing is an error)
        #[arg(long)]
        photo: Option<String>,
        /// Only entries about this child (id, name or alias)
        #[arg(long)]
        child: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The full id a photo is named by: a photo on the register, or one the
/// log mentions (erased photos leave their entries). A prefix that matches
/// nothing, or several, is an error, never an empty list.
fn photo_in_log(reg: &crate::register::Register, given: &str) -> crate::error::Result<String> {
    use crate::register::RegisterError;
    match reg.find_photo(given) {
        Ok(p) => Ok(p.id.into()),
        Err(RegisterError::NotFound { .. }) => {
            let prefix = given.trim().to_ascii_lowercase();
            let mut ids: Vec<String> = reg
                .audit_list(&Filter::default())?
                .into_iter()
                .filter_map(|r| r.photo)
                .filter(|p| p.starts_with(&prefix))
                .collect();
            ids.sort();
            ids.dedup();
            match ids.as_slice() {
                [one] => Ok(one.clone()),
                [] => Err(RegisterError::NotFound { what: "photo", id: prefix }.into()),
                _ => Err(RegisterError::Ambiguous {
                    label: prefix,
                    candidates: "several photos (give more of the id)".into(),
                }
                .into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// The chain is broken: exit 1.
#[derive(Debug, thiserror::Error)]
#[error("audit chain BROKEN at entry {seq} of {entries}: {why}")]
pub struct Broken {
    seq: i64,
    entries: u64,
    why: String,
}

crate::error::kind_of!(Failed: Broken);

pub fn run(ctx: &Ctx, cmd: AuditCmd) -> crate::error::Result<()> {
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
            let child = child.map(|c| reg.find_child_by_first_name(&c)).transpose()?.map(|c| c.id.into());
            let photo = photo.map(|p| photo_in_log(&reg, &p)).transpose()?;
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
