//! What retention writes: the announcements of deletions to come (each at
//! least a week before it is made) and a manager's decision to keep a photo.

use super::{date_str, now, Register, RegisterError, Result};
use crate::audit;
use crate::audit::Action;
use crate::retention::Deletion;
use chrono::NaiveDate;
use rusqlite::params;

impl Register {
    /// Brings the announcements in line with `plan` (the deletions falling
    /// due within the week ahead): each one not announced yet is announced
    /// from `today`; an announcement whose photo is no longer in the plan
    /// (released, kept, deleted) is withdrawn. One transaction, audited
    /// `retention.announce` with the photos newly announced. Returns them.
    pub fn announce_deletions(&mut self, plan: &[Deletion], today: NaiveDate, actor: &str) -> Result<Vec<String>> {
        let tx = self.tx()?;
        let planned: std::collections::HashSet<&str> = plan.iter().map(|d| d.photo.as_str()).collect();
        let held: Vec<String> = {
            let mut stmt = tx.prepare("SELECT photo_id FROM deletion_notices")?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for old in held.iter().filter(|p| !planned.contains(p.as_str())) {
            tx.execute("DELETE FROM deletion_notices WHERE photo_id = ?1", [old])?;
        }
        let mut new = Vec::new();
        for d in plan.iter().filter(|d| d.announced_on.is_none()) {
            let n = tx.execute(
                "INSERT OR IGNORE INTO deletion_notices (photo_id, rule, due_on, announced_on) VALUES (?1, ?2, ?3, ?4)",
                params![d.photo, d.rule.code(), date_str(d.due), date_str(today)],
            )?;
            if n > 0 {
                new.push(d.photo.clone());
            }
        }
        if !new.is_empty() {
            let first = crate::retention::NOTICE_DAYS;
            audit::append(
                &tx,
                &audit::Entry::new(actor, Action::RetentionAnnounce).detail(serde_json::json!({
                    "photos": new.iter().map(|p| crate::model::short(p)).collect::<Vec<_>>(),
                    "note": format!("deleted no sooner than {first} days from today"),
                })),
            )?;
        }
        tx.commit()?;
        Ok(new)
    }

    /// A manager keeps photo `id` from retention (every automatic rule),
    /// with why; its announced deletion is withdrawn. Audited
    /// `retention.keep`.
    pub fn keep_photo(&mut self, id: &str, note: &str, actor: &str) -> Result<()> {
        super::check_field(crate::limits::Field::Note, "the note", note)?;
        if note.trim().is_empty() {
            return Err(RegisterError::Invalid("say why the photo is kept (a note)".into()));
        }
        let tx = self.tx()?;
        let n = tx.execute(
            "UPDATE photos SET kept_at = ?2, kept_by = ?3, kept_note = ?4 WHERE id = ?1 AND state <> 'deleted'",
            params![id, now(), actor, note],
        )?;
        if n == 0 {
            return Err(RegisterError::NotFound { what: "photo (not deleted)", id: id.into() });
        }
        tx.execute("DELETE FROM deletion_notices WHERE photo_id = ?1", [id])?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::RetentionKeep).photo(id).detail(serde_json::json!({ "note": note })),
        )?;
        tx.commit()?;
        Ok(())
    }
}
