//! What retention reads (each photo's ages, all or only those that may
//! fall due) and writes: the announcements of deletions to come (each at
//! least a week before it is made) and a manager's decision to keep a photo.

use super::{date_str, now, Register, RegisterError, Result};
use crate::audit::{self, Action};
use crate::model::{ChildId, PhotoId, PhotoState};
use crate::retention::Deletion;
use chrono::NaiveDate;
use rusqlite::params;

impl Register {
    /// Brings the announcements in line with `plan` (the deletions falling
    /// due within the week ahead): each one not announced yet is announced
    /// from `today`; an announcement whose photo is no longer in the plan
    /// (released, kept, deleted) is withdrawn. One transaction, audited
    /// `retention.announce` with the photos newly announced. Returns them.
    pub fn announce_deletions(&mut self, plan: &[Deletion], today: NaiveDate, actor: &str) -> Result<Vec<PhotoId>> {
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
            return Err(RegisterError::NoteRequired("say why the photo is kept (a note)"));
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

/// What the retention plan reads of the photos.
impl Register {
    /// What retention reads of every photo, straight from the columns and
    /// the tags (no stored facts parsed): the retention plan over a big
    /// register without reading every photo whole.
    pub fn photo_ages(&self) -> Result<Vec<crate::retention::PhotoAge>> {
        self.ages_where("1", &[], Tags::AllAtOnce)
    }

    /// [`Self::photo_ages`] of only the photos that any rule could make
    /// fall due by `horizon`: the retention pages' look-ahead found by
    /// SQLite, not by reading 100,000 photos on every request. A superset
    /// by construction (each rule's day is no earlier than the day this
    /// compares), so [`crate::retention::ahead`] over it is the same as
    /// over every photo (`due_by_is_the_plan_of_every_photo` checks).
    pub fn photo_ages_due_by(
        &self,
        rules: &crate::retention::Rules,
        horizon: NaiveDate,
    ) -> Result<Vec<crate::retention::PhotoAge>> {
        // The day each rule would have to start from to be due by the
        // horizon; before the calendar begins, nothing can be.
        let before = |days: u32| {
            horizon
                .checked_sub_days(chrono::Days::new(u64::from(days)))
                .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
        };
        let (age, left, held) =
            (before(rules.max_age_days), before(rules.after_leaving_days), before(rules.quarantine_days));
        // A date the plan cannot read counts as the earliest, so it is
        // picked here too.
        let unreadable = |col: &str| format!("{col} NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*'");
        self.ages_where(
            &format!(
                "kept_at IS NULL AND state IN ('stored', 'quarantined') AND (
                   min(coalesce(substr(captured_at, 1, 10), '9999'), substr(received_at, 1, 10)) <= :age
                   OR {}
                   OR id IN (SELECT photo_id FROM tags WHERE child_id IN
                             (SELECT id FROM children WHERE left_on IS NOT NULL AND left_on <= :left))
                   OR (state = 'quarantined' AND clock_since IS NOT NULL
                       AND (substr(clock_since, 1, 10) <= :held OR {})))",
                unreadable("received_at"),
                unreadable("clock_since")
            ),
            rusqlite::named_params! { ":age": age, ":left": left, ":held": held },
            Tags::PhotoByPhoto,
        )
    }

    /// What retention reads of the photos (not deleted) `cond` selects.
    fn ages_where(
        &self,
        cond: &str,
        params: &[(&str, &dyn rusqlite::ToSql)],
        tags: Tags,
    ) -> Result<Vec<crate::retention::PhotoAge>> {
        let day = |s: Option<String>| s.as_deref().and_then(crate::model::day_of);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT id, state, captured_at, received_at, state_since, clock_since, kept_at IS NOT NULL,
                    (SELECT announced_on FROM deletion_notices n WHERE n.photo_id = photos.id)
             FROM photos WHERE state <> 'deleted' AND ({cond}) ORDER BY received_at, id",
        ))?;
        let mut rows = stmt.query(params)?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: PhotoId = r.get(0)?;
            let state: String = r.get(1)?;
            let received_on = day(r.get(3)?).unwrap_or(NaiveDate::MIN);
            out.push(crate::retention::PhotoAge {
                state: PhotoState::parse(&state).unwrap_or(PhotoState::Quarantined),
                captured_on: day(r.get(2)?),
                received_on,
                state_since: day(r.get(4)?).unwrap_or(received_on),
                children: Vec::new(),
                clock_since: day(r.get(5)?),
                kept: r.get(6)?,
                announced_on: day(r.get(7)?),
                id,
            });
        }
        // The children tagged in each: every tag at once for a whole
        // register, each photo's own for a few.
        let mut children: std::collections::HashMap<String, Vec<ChildId>> = std::collections::HashMap::new();
        let mut add = |rows: &mut rusqlite::Rows<'_>| -> Result<()> {
            while let Some(r) = rows.next()? {
                children.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
            Ok(())
        };
        match tags {
            Tags::AllAtOnce => {
                let mut stmt = self
                    .conn
                    .prepare("SELECT photo_id, child_id FROM tags WHERE child_id IS NOT NULL ORDER BY rowid")?;
                add(&mut stmt.query([])?)?;
            }
            Tags::PhotoByPhoto => {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT photo_id, child_id FROM tags WHERE photo_id = ?1 AND child_id IS NOT NULL ORDER BY rowid",
                )?;
                for p in &out {
                    add(&mut stmt.query([&p.id])?)?;
                }
            }
        }
        for p in &mut out {
            p.children = children.remove(p.id.as_str()).unwrap_or_default();
        }
        Ok(out)
    }
}

/// How [`Register::ages_where`] reads the tags of the photos it found.
enum Tags {
    AllAtOnce,
    PhotoByPhoto,
}
