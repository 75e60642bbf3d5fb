//! Requests from parents about their child's data: subject access, with
//! the date each was received and the legal deadline; erasure of what the
//! register holds of a child.

use super::{date_str, now, RegisterError, Result, TakeDown};
use crate::audit::{self, Action};
use crate::model::{At, ChildId};
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// A subject access request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    pub id: i64,
    pub kind: String,
    pub child: ChildId,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub recorded_by: String,
    pub fulfilled_at: Option<At>,
    pub fulfilled_by: Option<String>,
    pub destination: Option<String>,
}

/// The legal deadline for answering a request: one calendar month after it
/// was received (the last day of a shorter month when there is no such day).
pub fn due_on(received: NaiveDate) -> NaiveDate {
    received.checked_add_months(chrono::Months::new(1)).unwrap_or(received)
}

/// What an erased child's (or guardian's) name becomes.
pub const ERASED: &str = "[erased]";

/// The purpose take-downs opened by an erasure are recorded against.
pub const ERASURE: &str = "erasure";

const SELECT: &str = "SELECT id, kind, child_id, received_on, due_on, recorded_by, fulfilled_at, fulfilled_by,
        destination FROM requests";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Request> {
    Ok(Request {
        id: r.get(0)?,
        kind: r.get(1)?,
        child: r.get(2)?,
        received_on: r.get(3)?,
        due_on: r.get(4)?,
        recorded_by: r.get(5)?,
        fulfilled_at: r.get(6)?,
        fulfilled_by: r.get(7)?,
        destination: r.get(8)?,
    })
}

impl super::Register {
    /// Records a subject access request for `child` received on `received`
    /// (audited `request.sar`); returns it. A request still open for the
    /// child is returned as it is instead.
    pub fn open_subject_access(&mut self, child: &str, received: NaiveDate, actor: &str) -> Result<Request> {
        let tx = self.tx()?;
        let open = tx
            .query_row(
                &format!("{SELECT} WHERE child_id = ?1 AND kind = 'subject_access' AND fulfilled_at IS NULL"),
                [child],
                row,
            )
            .optional()?;
        if let Some(r) = open {
            return Ok(r);
        }
        let due = due_on(received);
        tx.execute(
            "INSERT INTO requests (kind, child_id, received_on, due_on, recorded_at, recorded_by)
             VALUES ('subject_access', ?1, ?2, ?3, ?4, ?5)",
            params![child, date_str(received), date_str(due), now(), actor],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::RequestSar).child(child).detail(serde_json::json!({
                "request": id, "received": date_str(received), "due": date_str(due),
            })),
        )?;
        let r = tx.query_row(&format!("{SELECT} WHERE id = ?1"), [id], row)?;
        tx.commit()?;
        Ok(r)
    }

    /// Marks a request answered, with `summary` (what was given) as its
    /// audit entry, in one transaction.
    pub fn fulfil_request(
        &mut self,
        id: i64,
        destination: &str,
        actor: &str,
        summary: &audit::Entry<'_>,
    ) -> Result<Request> {
        let tx = self.tx()?;
        let n = tx.execute(
            "UPDATE requests SET fulfilled_at = ?2, fulfilled_by = ?3, destination = ?4
             WHERE id = ?1 AND fulfilled_at IS NULL",
            params![id, now(), actor, destination],
        )?;
        if n == 0 {
            return Err(RegisterError::RequestNotOpen(id));
        }
        audit::append(&tx, summary)?;
        let r = tx.query_row(&format!("{SELECT} WHERE id = ?1"), [id], row)?;
        tx.commit()?;
        Ok(r)
    }

    /// Requests, the open ones first by due date, then the answered ones.
    pub fn requests(&self) -> Result<Vec<Request>> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} ORDER BY fulfilled_at IS NOT NULL, due_on, id"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Erases what the register holds of a child beyond what the audit
    /// needs: the name (replaced by `ERASED`), room, leaving and start
    /// dates, aliases and guardian links (a guardian left with no child
    /// loses their name too). Opens a take-down (purpose `erasure`) for
    /// every copy already disclosed of a photo showing the child. Audited
    /// `erase.child` with `detail`, in one transaction; returns the
    /// take-downs open for the erasure.
    pub fn erase_child(&mut self, child: &str, actor: &str, detail: serde_json::Value) -> Result<Vec<TakeDown>> {
        let tx = self.tx()?;
        erase_child_in(&tx, child, actor, detail)?;
        tx.commit()?;
        self.open_takedowns(child, ERASURE)
    }
}

/// [`Register::erase_child`] inside a write transaction the caller holds.
/// Doing it again changes nothing more (the take-downs are opened once).
pub(super) fn erase_child_in(
    tx: &super::db::Tx<'_>,
    child: &str,
    actor: &str,
    detail: serde_json::Value,
) -> Result<()> {
    let n = tx.execute(
        "UPDATE children SET name = ?2, room = NULL, started = NULL, left_on = NULL WHERE id = ?1",
        params![child, ERASED],
    )?;
    if n == 0 {
        return Err(RegisterError::NotFound { what: "child", id: child.into() });
    }
    tx.execute("DELETE FROM child_aliases WHERE child_id = ?1", [child])?;
    let guardians: Vec<String> = {
        let mut stmt = tx.prepare("SELECT guardian_id FROM guardian_links WHERE child_id = ?1")?;
        let rows = stmt.query_map([child], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    tx.execute("DELETE FROM guardian_links WHERE child_id = ?1", [child])?;
    for g in &guardians {
        tx.execute(
            "UPDATE guardians SET name = ?2 WHERE id = ?1
             AND NOT EXISTS (SELECT 1 FROM guardian_links WHERE guardian_id = ?1)",
            params![g, ERASED],
        )?;
    }
    super::disclosures::open_takedowns_for(tx, child, ERASURE, actor, |_| true)?;
    audit::append(tx, &audit::Entry::new(actor, Action::EraseChild).child(child).detail(detail))?;
    Ok(())
}
