//! Children's pictures on the register: which stored photo each child's
//! tagging-button picture was cut from, where its ciphertext is, who chose
//! it and when. Every set and removal re-reads the facts and applies
//! [`crate::policy::picture`] inside its own write transaction, with its
//! audit entry: a picture is never recorded, nor left standing, on facts
//! that changed a moment before.

use super::{requests::ERASED, Register, RegisterError, Result};
use crate::audit::{self, Action};
use crate::model::{At, ChildId, ConsentAction, ConsentEvent, GuardianLink, PhotoId, PhotoState};
use crate::policy::picture::{problems, PictureFacts, PictureProblem};
use crate::policy::{consent_status, Rules, Snapshot, LEARNING_JOURNEY};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

/// A child's picture as the register has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildPicture {
    pub child: String,
    /// The stored photo it was cut from.
    pub photo: PhotoId,
    /// The ciphertext's name in `data/pictures/`.
    pub file: String,
    /// The square cut, `[x, y, w, h]` as fractions of the upright photo.
    pub region: [f64; 4],
    pub chosen_by: String,
    pub chosen_at: At,
}

/// A picture taken off the register, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovedPicture {
    pub picture: ChildPicture,
    /// The rule's problems; empty when the manager removed it.
    pub problems: Vec<PictureProblem>,
}

const SELECT: &str = "SELECT child_id, photo_id, file, region, chosen_by, chosen_at FROM child_pictures";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ChildPicture> {
    let region: String = r.get(3)?;
    Ok(ChildPicture {
        child: r.get(0)?,
        photo: r.get(1)?,
        file: r.get(2)?,
        region: serde_json::from_str(&region).unwrap_or([0.0; 4]),
        chosen_by: r.get(4)?,
        chosen_at: r.get(5)?,
    })
}

/// The facts [`crate::policy::picture::problems`] reads, from the register
/// as `conn` sees it (inside a write transaction: as it will commit).
pub(super) fn facts_in(
    conn: &Connection,
    child: &str,
    photo: &str,
    rules: &Rules,
    today: NaiveDate,
) -> Result<PictureFacts> {
    let found: Option<(String, Option<String>)> = conn
        .query_row("SELECT name, left_on FROM children WHERE id = ?1", [child], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let on_register = found.as_ref().is_some_and(|(name, _)| name != ERASED);
    let left = found.and_then(|(_, l)| l).and_then(|l| NaiveDate::parse_from_str(&l, "%Y-%m-%d").ok());
    // The child a picture record names, as the register wrote it.
    let child_id = ChildId::from_register(child.to_string());
    let mut snapshot =
        Snapshot { children: Vec::new(), guardians: Vec::new(), consents: Vec::new(), devices: Vec::new() };
    {
        let mut stmt = conn.prepare(
            "SELECT seq, action, guardian_id, date, review_by FROM consent_events
             WHERE child_id = ?1 AND purpose = ?2 ORDER BY seq",
        )?;
        let rows = stmt.query_map(params![child, LEARNING_JOURNEY], |r| {
            let action: String = r.get(1)?;
            let date: String = r.get(3)?;
            let review_by: Option<String> = r.get(4)?;
            Ok(ConsentEvent {
                seq: r.get(0)?,
                child_id: child_id.clone(),
                purpose: LEARNING_JOURNEY.to_string(),
                action: ConsentAction::parse(&action).unwrap_or(ConsentAction::Refuse),
                by: r.get(2)?,
                date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or(NaiveDate::MAX),
                review_by: review_by.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()),
                evidence: None,
            })
        })?;
        snapshot.consents = rows.collect::<rusqlite::Result<_>>()?;
        let mut stmt = conn.prepare(
            "SELECT guardian_id, relationship, parental_responsibility FROM guardian_links WHERE child_id = ?1",
        )?;
        let rows = stmt.query_map([child], |r| {
            Ok(GuardianLink {
                guardian_id: r.get(0)?,
                child_id: child_id.clone(),
                name: String::new(),
                relationship: r.get(1)?,
                parental_responsibility: r.get(2)?,
            })
        })?;
        snapshot.guardians = rows.collect::<rusqlite::Result<_>>()?;
    }
    let state: Option<String> =
        conn.query_row("SELECT state FROM photos WHERE id = ?1", [photo], |r| r.get(0)).optional()?;
    let tagged: bool = conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM tags WHERE photo_id = ?1 AND child_id = ?2)",
        params![photo, child],
        |r| r.get(0),
    )?;
    Ok(PictureFacts {
        on_register,
        left,
        learning_journey: consent_status(&snapshot, child, LEARNING_JOURNEY, rules, today),
        photo: state.as_deref().and_then(PhotoState::parse),
        tagged,
    })
}

impl Register {
    /// Every child's picture, by child id.
    pub fn child_pictures(&self) -> Result<Vec<ChildPicture>> {
        let mut stmt = self.conn.prepare(&format!("{SELECT} ORDER BY child_id"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One child's picture, if they have one.
    pub fn child_picture(&self, child: &str) -> Result<Option<ChildPicture>> {
        Ok(self.conn.query_row(&format!("{SELECT} WHERE child_id = ?1"), [child], row).optional()?)
    }

    /// What stands against a picture of `child` cut from `photo` today.
    pub fn picture_problems(
        &self,
        child: &str,
        photo: &str,
        rules: &Rules,
        today: NaiveDate,
    ) -> Result<Vec<PictureProblem>> {
        Ok(problems(&facts_in(&self.conn, child, photo, rules, today)?, today))
    }

    /// Records `picture` as the child's (replacing the one they had), after
    /// checking the rule again inside the write: refused, naming every
    /// problem, when it does not hold. Audited `picture.set`. Returns the
    /// picture it replaced (whose file the caller removes).
    pub fn set_child_picture(
        &mut self,
        picture: &ChildPicture,
        rules: &Rules,
        today: NaiveDate,
    ) -> Result<Option<ChildPicture>> {
        let tx = self.tx()?;
        let found = problems(&facts_in(&tx, &picture.child, &picture.photo, rules, today)?, today);
        if !found.is_empty() {
            return Err(RegisterError::PictureRefused {
                child: picture.child.clone(),
                photo: picture.photo.to_string(),
                problems: found,
            });
        }
        let old = tx.query_row(&format!("{SELECT} WHERE child_id = ?1"), [&picture.child], row).optional()?;
        tx.execute("DELETE FROM child_pictures WHERE child_id = ?1", [&picture.child])?;
        tx.execute(
            "INSERT INTO child_pictures (child_id, photo_id, file, region, chosen_by, chosen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                picture.child,
                picture.photo,
                picture.file,
                serde_json::to_string(&picture.region).unwrap_or_else(|_| "[0,0,0,0]".into()),
                picture.chosen_by,
                picture.chosen_at,
            ],
        )?;
        audit::append(
            &tx,
            &audit::Entry::new(&picture.chosen_by, Action::PictureSet)
                .child(&picture.child)
                .photo(&picture.photo)
                .detail(serde_json::json!({ "region": picture.region, "replaced": old.as_ref().map(|o| &o.photo) })),
        )?;
        tx.commit()?;
        Ok(old)
    }

    /// Takes a child's picture off the register, audited `picture.remove`
    /// with `note`. `None` when they had none.
    pub fn remove_child_picture(&mut self, child: &str, actor: &str, note: &str) -> Result<Option<ChildPicture>> {
        let tx = self.tx()?;
        let Some(old) = tx.query_row(&format!("{SELECT} WHERE child_id = ?1"), [child], row).optional()? else {
            return Ok(None);
        };
        tx.execute("DELETE FROM child_pictures WHERE child_id = ?1", [child])?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::PictureRemove)
                .child(child)
                .photo(&old.photo)
                .detail(serde_json::json!({ "note": note, "problems": [] })),
        )?;
        tx.commit()?;
        Ok(Some(old))
    }

    /// Takes off every picture the rule no longer allows today (those cut
    /// from `photo` only, when given), each checked and removed inside one
    /// write with its audit entry `picture.remove` and the problems. Returns
    /// what was removed (whose files the caller removes).
    pub fn sweep_child_pictures(
        &mut self,
        photo: Option<&str>,
        rules: &Rules,
        today: NaiveDate,
        actor: &str,
        cause: &str,
    ) -> Result<Vec<RemovedPicture>> {
        let candidates: Vec<ChildPicture> =
            self.child_pictures()?.into_iter().filter(|p| photo.is_none_or(|id| p.photo == id)).collect();
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.tx()?;
        let mut removed = Vec::new();
        for p in candidates {
            // As it stands inside the write (it may have been replaced).
            let Some(now_p) = tx.query_row(&format!("{SELECT} WHERE child_id = ?1"), [&p.child], row).optional()?
            else {
                continue;
            };
            let found = problems(&facts_in(&tx, &now_p.child, &now_p.photo, rules, today)?, today);
            if found.is_empty() {
                continue;
            }
            tx.execute("DELETE FROM child_pictures WHERE child_id = ?1", [&now_p.child])?;
            audit::append(
                &tx,
                &audit::Entry::new(actor, Action::PictureRemove).child(&now_p.child).photo(&now_p.photo).detail(
                    serde_json::json!({
                        "note": cause,
                        "problems": found,
                    }),
                ),
            )?;
            removed.push(RemovedPicture { picture: now_p, problems: found });
        }
        tx.commit()?;
        Ok(removed)
    }

    /// The names of every picture file the register knows.
    pub fn picture_files(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT file FROM child_pictures")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
