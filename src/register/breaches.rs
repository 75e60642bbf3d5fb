//! Incidents as a breach register: an incident marked a possible breach
//! has 72 hours for the decision whether to report it to the regulator;
//! the decision (reported or not, why, by whom) is recorded once.

use super::{now, Disclosure, RegisterError, Result};
use crate::audit::{self, Action};
use crate::limits::Field;
use crate::model::{At, PhotoId};
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// How long the setting has to decide whether to report a breach.
pub const REPORT_WITHIN_HOURS: i64 = 72;

/// An incident marked a possible breach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Breach {
    pub incident: i64,
    pub photo: PhotoId,
    pub concern: String,
    pub opened_at: At,
    pub marked_at: At,
    pub marked_by: String,
    pub note: String,
    /// When the 72 hours from marking run out.
    pub decide_by: At,
    pub decided_at: Option<At>,
    pub decided_by: Option<String>,
    /// Reported to the regulator, or not.
    pub reported: Option<bool>,
    pub why: Option<String>,
    /// The copies of the photo that had left the setting.
    pub disclosures: Vec<Disclosure>,
}

impl Breach {
    /// Whole hours left to decide (negative once past), `None` once decided.
    pub fn hours_left(&self, at: DateTime<Utc>) -> Option<i64> {
        if self.decided_at.is_some() {
            return None;
        }
        Some((self.decide_by.time() - at).num_hours())
    }
}

const SELECT: &str = "SELECT id, photo_id, reason, opened_at, breach_at, breach_by, breach_note, decided_at,
        decided_by, reported, decision_why FROM incidents";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Breach> {
    let marked_at: At = r.get(4)?;
    let decide_by = marked_at.plus_hours(REPORT_WITHIN_HOURS);
    Ok(Breach {
        incident: r.get(0)?,
        photo: r.get(1)?,
        concern: r.get(2)?,
        opened_at: r.get(3)?,
        marked_at,
        marked_by: r.get(5)?,
        note: r.get(6)?,
        decide_by,
        decided_at: r.get(7)?,
        decided_by: r.get(8)?,
        reported: r.get(9)?,
        why: r.get(10)?,
        disclosures: Vec::new(),
    })
}

impl super::Register {
    fn breach(&self, incident: i64) -> Result<Option<Breach>> {
        let found = self
            .conn
            .query_row(&format!("{SELECT} WHERE id = ?1 AND breach_at IS NOT NULL"), [incident], row)
            .optional()?;
        found.map(|b| self.with_disclosures(b)).transpose()
    }

    fn with_disclosures(&self, mut b: Breach) -> Result<Breach> {
        b.disclosures = self.disclosures(Some(&b.photo), None)?;
        Ok(b)
    }

    /// Marks an incident a possible breach: its 72 hours start now
    /// (audited `incident.breach`).
    pub fn mark_breach(&mut self, incident: i64, note: &str, actor: &str) -> Result<Breach> {
        if note.trim().is_empty() {
            return Err(RegisterError::NoteRequired("the note must say what may have been breached"));
        }
        super::check_field(Field::Note, "the note", note)?;
        let tx = self.tx()?;
        let state: Option<Option<At>> =
            tx.query_row("SELECT breach_at FROM incidents WHERE id = ?1", [incident], |r| r.get(0)).optional()?;
        match state {
            None => return Err(RegisterError::NotFound { what: "incident", id: incident.to_string() }),
            Some(Some(at)) => return Err(RegisterError::BreachMarked { incident, at }),
            Some(None) => {}
        }
        tx.execute(
            "UPDATE incidents SET breach_at = ?2, breach_by = ?3, breach_note = ?4 WHERE id = ?1",
            params![incident, now(), actor, note],
        )?;
        let photo: String = tx.query_row("SELECT photo_id FROM incidents WHERE id = ?1", [incident], |r| r.get(0))?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::IncidentBreach)
                .photo(&photo)
                .detail(serde_json::json!({ "incident": incident, "note": note })),
        )?;
        tx.commit()?;
        self.breach(incident)?.ok_or(RegisterError::NotFound { what: "breach", id: incident.to_string() })
    }

    /// Records the decision on a possible breach, once: reported to the
    /// regulator or not, and why (audited `incident.breach_decision`).
    pub fn decide_breach(&mut self, incident: i64, reported: bool, why: &str, actor: &str) -> Result<Breach> {
        if why.trim().is_empty() {
            return Err(RegisterError::NoteRequired("say why (--why)"));
        }
        super::check_field(Field::Note, "the reason", why)?;
        let b = self.breach(incident)?.ok_or(RegisterError::NotABreach(incident))?;
        if let Some(at) = &b.decided_at {
            return Err(RegisterError::BreachDecided { incident, at: *at });
        }
        let tx = self.tx()?;
        tx.execute(
            "UPDATE incidents SET decided_at = ?2, decided_by = ?3, reported = ?4, decision_why = ?5 WHERE id = ?1",
            params![incident, now(), actor, reported, why],
        )?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::IncidentBreachDecision).photo(&b.photo).detail(serde_json::json!({
                "incident": incident, "reported": reported, "why": why, "decide_by": b.decide_by,
            })),
        )?;
        tx.commit()?;
        self.breach(incident)?.ok_or(RegisterError::NotFound { what: "breach", id: incident.to_string() })
    }

    /// The breach register: every incident marked a possible breach, the
    /// undecided first.
    pub fn breaches(&self) -> Result<Vec<Breach>> {
        let mut stmt =
            self.conn.prepare(&format!("{SELECT} WHERE breach_at IS NOT NULL ORDER BY decided_at IS NOT NULL, id"))?;
        let rows = stmt.query_map([], row)?.collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter().map(|b| self.with_disclosures(b)).collect()
    }
}
