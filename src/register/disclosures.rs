//! The disclosure log and the take-down list.
//!
//! Every copy of a photo that leaves the setting is a disclosure: which
//! photo, for which purpose, when, by whom, to where, and which children it
//! showed. When consent for a purpose is withdrawn, every disclosure of a
//! photo of that child that needed it opens a take-down for the manager to
//! carry out and mark done.

use super::db::Tx;
use super::{now, RegisterError, Result};
use crate::audit::{self, Action};
use crate::limits::Field;
use crate::model::{At, ChildId, PhotoId};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// Why a copy left the setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureKind {
    /// `export child`: a child's learning journey.
    LearningJourney,
    /// `export purpose`: a display, the website, a newsletter.
    Purpose,
    /// A subject access request.
    SubjectAccess,
}

impl DisclosureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DisclosureKind::LearningJourney => "learning_journey",
            DisclosureKind::Purpose => "purpose",
            DisclosureKind::SubjectAccess => "subject_access",
        }
    }
}

/// One photo written out, to be recorded.
#[derive(Debug, Clone)]
pub struct Disclosed {
    pub photo: PhotoId,
    /// The file's name in the destination folder.
    pub file: String,
    /// The children the photo shows.
    pub children: Vec<crate::model::ChildId>,
}

/// One export, to be recorded with its photos.
#[derive(Debug, Clone)]
pub struct Disclosing<'a> {
    pub kind: DisclosureKind,
    pub purpose: &'a str,
    /// The child whose journey or request it is.
    pub subject: Option<&'a str>,
    pub destination: &'a str,
    pub actor: &'a str,
}

/// A recorded disclosure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Disclosure {
    pub id: i64,
    pub photo: PhotoId,
    pub purpose: String,
    pub kind: String,
    pub subject: Option<ChildId>,
    pub at: At,
    pub actor: String,
    pub destination: String,
    pub file: String,
    pub children: Vec<ChildId>,
}

/// A disclosed copy to take down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TakeDown {
    pub id: i64,
    pub disclosure: i64,
    pub photo: PhotoId,
    /// The child whose consent was withdrawn, and for what.
    pub child: ChildId,
    pub purpose: String,
    /// Where the copy went.
    pub destination: String,
    pub file: String,
    pub disclosed_for: String,
    pub disclosed_at: At,
    pub opened_at: At,
    pub opened_by: String,
    pub done_at: Option<At>,
    pub done_by: Option<String>,
    pub note: Option<String>,
}

const DISCLOSURE_COLUMNS: &str = "d.id, d.photo_id, d.purpose, d.kind, d.subject, d.at, d.actor, d.destination, d.file";

const TAKEDOWN_SELECT: &str = "SELECT t.id, t.disclosure_id, d.photo_id, t.child_id, t.purpose, d.destination, d.file,
        d.purpose, d.at, t.opened_at, t.opened_by, t.done_at, t.done_by, t.note
     FROM takedowns t JOIN disclosures d ON d.id = t.disclosure_id";

fn takedown_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TakeDown> {
    Ok(TakeDown {
        id: r.get(0)?,
        disclosure: r.get(1)?,
        photo: r.get(2)?,
        child: r.get(3)?,
        purpose: r.get(4)?,
        destination: r.get(5)?,
        file: r.get(6)?,
        disclosed_for: r.get(7)?,
        disclosed_at: r.get(8)?,
        opened_at: r.get(9)?,
        opened_by: r.get(10)?,
        done_at: r.get(11)?,
        done_by: r.get(12)?,
        note: r.get(13)?,
    })
}

impl super::Register {
    /// Records the photos an export wrote, each with a `disclosure` audit
    /// entry on the photo, and then `summary` (the export's own entry, if
    /// any), in one transaction. Returns the new disclosure ids in order.
    pub fn record_disclosures(
        &mut self,
        how: &Disclosing<'_>,
        photos: &[Disclosed],
        summary: Option<&audit::Entry<'_>>,
    ) -> Result<Vec<i64>> {
        let tx = self.tx()?;
        let at = now();
        let mut ids = Vec::with_capacity(photos.len());
        for p in photos {
            tx.execute(
                "INSERT INTO disclosures (photo_id, purpose, kind, subject, at, actor, destination, file)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![p.photo, how.purpose, how.kind.as_str(), how.subject, at, how.actor, how.destination, p.file],
            )?;
            let id = tx.last_insert_rowid();
            for c in &p.children {
                tx.execute(
                    "INSERT OR IGNORE INTO disclosure_children (disclosure_id, child_id) VALUES (?1, ?2)",
                    params![id, c],
                )?;
            }
            audit::append(
                &tx,
                &audit::Entry::new(how.actor, Action::Disclosure).photo(&p.photo).detail(serde_json::json!({
                    "disclosure": id, "kind": how.kind.as_str(), "purpose": how.purpose,
                    "subject": how.subject, "to": how.destination, "file": p.file, "children": p.children,
                })),
            )?;
            ids.push(id);
        }
        if let Some(summary) = summary {
            audit::append(&tx, summary)?;
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The disclosure log, oldest first: all of it, or of one photo, or of
    /// the photos showing one child.
    pub fn disclosures(&self, photo: Option<&str>, child: Option<&str>) -> Result<Vec<Disclosure>> {
        Ok(disclosures_in(&self.conn, photo, child)?)
    }

    /// The take-downs still open for `child` and `purpose` (those a
    /// withdrawal opened among them).
    pub fn open_takedowns(&self, child: &str, purpose: &str) -> Result<Vec<TakeDown>> {
        let mut stmt = self.conn.prepare(&format!(
            "{TAKEDOWN_SELECT} WHERE t.child_id = ?1 AND t.purpose = ?2 AND t.done_at IS NULL ORDER BY t.id"
        ))?;
        let rows = stmt.query_map(params![child, purpose], takedown_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The take-down list: the open ones, or all.
    pub fn takedowns(&self, all: bool) -> Result<Vec<TakeDown>> {
        let mut stmt =
            self.conn.prepare(&format!("{TAKEDOWN_SELECT} WHERE (?1 OR t.done_at IS NULL) ORDER BY t.id"))?;
        let rows = stmt.query_map([all], takedown_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks a take-down done, with the manager's note (audited
    /// `takedown.done`).
    pub fn takedown_done(&mut self, id: i64, note: &str, actor: &str) -> Result<TakeDown> {
        if note.trim().is_empty() {
            return Err(RegisterError::NoteRequired("the note must say what was taken down, and how"));
        }
        super::check_field(Field::Note, "the note", note)?;
        let tx = self.tx()?;
        let found = tx
            .query_row(&format!("{TAKEDOWN_SELECT} WHERE t.id = ?1"), [id], takedown_row)
            .optional()?
            .ok_or_else(|| RegisterError::NotFound { what: "take-down", id: id.to_string() })?;
        if let Some(at) = &found.done_at {
            return Err(RegisterError::TakedownDone { id, at: *at });
        }
        tx.execute(
            "UPDATE takedowns SET done_at = ?2, done_by = ?3, note = ?4 WHERE id = ?1",
            params![id, now(), actor, note],
        )?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::TakedownDone).photo(&found.photo).child(&found.child).detail(
                serde_json::json!({ "takedown": id, "disclosure": found.disclosure, "purpose": found.purpose, "note": note }),
            ),
        )?;
        let done = tx.query_row(&format!("{TAKEDOWN_SELECT} WHERE t.id = ?1"), [id], takedown_row)?;
        tx.commit()?;
        Ok(done)
    }
}

fn disclosures_in(conn: &Connection, photo: Option<&str>, child: Option<&str>) -> rusqlite::Result<Vec<Disclosure>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DISCLOSURE_COLUMNS}, (SELECT json_group_array(child_id) FROM
             (SELECT child_id FROM disclosure_children c WHERE c.disclosure_id = d.id ORDER BY child_id))
         FROM disclosures d
         WHERE (?1 IS NULL OR d.photo_id = ?1)
           AND (?2 IS NULL OR EXISTS (SELECT 1 FROM disclosure_children c WHERE c.disclosure_id = d.id AND c.child_id = ?2))
         ORDER BY d.id"
    ))?;
    let rows = stmt.query_map(params![photo, child], |r| {
        let children: String = r.get(9)?;
        Ok(Disclosure {
            id: r.get(0)?,
            photo: r.get(1)?,
            purpose: r.get(2)?,
            kind: r.get(3)?,
            subject: r.get(4)?,
            at: r.get(5)?,
            actor: r.get(6)?,
            destination: r.get(7)?,
            file: r.get(8)?,
            children: serde_json::from_str(&children).unwrap_or_default(),
        })
    })?;
    rows.collect()
}

/// Called with each consent event as it is recorded: a withdrawal or
/// refusal of `child`'s consent for `purpose` opens a take-down for every
/// disclosure of a photo showing the child that needed that consent (the
/// group rule included), each with a `takedown.open` audit entry, in the
/// event's own transaction.
pub(super) fn open_takedowns_in(tx: &Tx<'_>, child: &str, purpose: &str, actor: &str) -> rusqlite::Result<()> {
    open_takedowns_for(tx, child, purpose, actor, |d| {
        crate::policy::purposes_needed(std::slice::from_ref(&d.purpose), d.children.len()).contains(&purpose)
    })
}

/// Opens a take-down (recorded against `purpose`) for each disclosure of a
/// photo showing `child` that `needed` picks.
pub(super) fn open_takedowns_for(
    tx: &Tx<'_>,
    child: &str,
    purpose: &str,
    actor: &str,
    needed: impl Fn(&Disclosure) -> bool,
) -> rusqlite::Result<()> {
    let needed = disclosures_in(tx, None, Some(child))?.into_iter().filter(|d| needed(d));
    let at = now();
    for d in needed {
        let n = tx.execute(
            "INSERT OR IGNORE INTO takedowns (disclosure_id, child_id, purpose, opened_at, opened_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![d.id, child, purpose, at, actor],
        )?;
        if n > 0 {
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                &audit::Entry::new(actor, Action::TakedownOpen).photo(&d.photo).child(child).detail(
                    serde_json::json!({
                        "takedown": id, "disclosure": d.id, "purpose": purpose, "to": d.destination, "file": d.file,
                    }),
                ),
            )?;
        }
    }
    Ok(())
}
