//! Writing a photo's decision: its row, its tags (children by id), its face
//! ledger and its audit entry, in one transaction, held to the gate.
//!
//! A photo is written as stored only if it keeps the gate's invariants
//! ([`check_store_invariants`]) against the register as it is inside the
//! same transaction; the schema's triggers refuse a stored photo whose
//! face ledger is not whole, whichever code wrote it.

use super::db::Tx;
use super::photos::{bad_json, face_row, json, state_for, Change, FaceRow, NewPhoto, PhotoRecord, FACE_COLUMNS};
use super::{now, Register, RegisterError, Result, StoredFacts};
use crate::audit::{self, Action};
use crate::model::PhotoState;
use crate::policy::{check_store_invariants, on_deletion_clock, Decision, FaceIs, Facts, Rules, Snapshot, Tagging};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

pub(super) fn audit_head(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit", [], |r| r.get(0))
}

/// How often a write reads the register again when it changed under it.
pub(super) const WRITE_TRIES: u32 = 10;

/// `let (tx, snapshot) = begin_write!(self);`: a write transaction with the
/// register as it is under its write lock. The register is read first, then
/// confirmed unchanged once the lock is held (every change to the register
/// appends to the audit log in its own transaction, so an unchanged head
/// means nothing changed), and read again if it did change, up to
/// [`WRITE_TRIES`] times. A macro: a function cannot hand back the borrow
/// from inside its loop.
macro_rules! begin_write {
    ($register:expr) => {{
        let mut tries = 0;
        loop {
            tries += 1;
            let head = $crate::register::decisions::audit_head(&$register.conn)?;
            let snapshot = $register.snapshot()?;
            let tx = $register.tx()?;
            if $crate::register::decisions::audit_head(&tx)? == head {
                break (tx, snapshot);
            }
            if tries >= $crate::register::decisions::WRITE_TRIES {
                return Err($crate::register::RegisterError::KeptChanging);
            }
        }
    }};
}
pub(super) use begin_write;

/// The store's refusal of a photo that would break the gate's invariants,
/// whichever path brought it here.
fn refuse_broken_store(id: &str, facts: &Facts, snapshot: &Snapshot, rules: &Rules, today: NaiveDate) -> Result<()> {
    check_store_invariants(facts, snapshot, rules, today).map_err(|violation| {
        // The code, not the detail: a tag may be a child's name.
        let code = violation.reason().code;
        tracing::error!(photo = %id, %code, "refused to store a photo that breaks the gate's invariants");
        RegisterError::Refused { photo: id.to_string(), violation }
    })
}

fn tagging_parts(t: &Tagging) -> (bool, bool) {
    match t {
        Tagging::Untagged => (false, false),
        Tagging::Nobody => (true, true),
        Tagging::Children(_) => (true, false),
    }
}

/// The photo's tags: its children by id (an id the register does not hold
/// is kept as a tag that names nobody), then the tags that named nobody.
fn write_tags(tx: &Transaction<'_>, id: &str, facts: &Facts, regions: &[(String, [f64; 4])]) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM tags WHERE photo_id = ?1", [id])?;
    let region_of = |who: &str| regions.iter().find(|(w, _)| w == who).map(|(_, r)| json(r));
    for child in facts.children() {
        let known: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM children WHERE id = ?1)", [child], |r| r.get(0))?;
        tx.execute(
            "INSERT OR IGNORE INTO tags (photo_id, label, child_id, region) VALUES (?1, ?2, ?3, ?4)",
            params![id, child, known.then_some(child), region_of(child)],
        )?;
    }
    for label in &facts.unknown_tags {
        tx.execute(
            "INSERT OR IGNORE INTO tags (photo_id, label, child_id, region) VALUES (?1, ?2, NULL, ?3)",
            params![id, label, region_of(label)],
        )?;
    }
    Ok(())
}

/// The photo's face ledger as `faces` says, with the boxes `rects`; each
/// line that changed from `before` is signed by `change`'s actor (a line
/// that did not change keeps who said it and when).
fn write_ledger(
    tx: &Transaction<'_>,
    id: &str,
    before: &[FaceRow],
    faces: &[FaceIs],
    rects: &[Option<[f64; 4]>],
    change: &Change<'_>,
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM faces WHERE photo_id = ?1", [id])?;
    let at = now();
    for (i, is) in faces.iter().enumerate() {
        let same = before.get(i).filter(|r| &r.is == is);
        let rect = rects.get(i).copied().flatten();
        let (by, when, note) = match (same, is) {
            (Some(r), _) => (r.by.clone(), r.at.clone(), r.note.clone()),
            (None, FaceIs::Unassigned) => (None, None, None),
            (None, _) => (Some(change.actor.to_string()), Some(at.clone()), change.note.map(str::to_string)),
        };
        let child = match is {
            FaceIs::Child(c) => Some(c.as_str()),
            _ => None,
        };
        tx.execute(
            "INSERT INTO faces (photo_id, face_no, child_id, not_child, decided_by, decided_at, note, x, y, w, h)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                id,
                i64::try_from(i + 1).unwrap_or(i64::MAX),
                child,
                *is == FaceIs::NotAChild,
                by,
                when,
                note,
                rect.map(|r| r[0]),
                rect.map(|r| r[1]),
                rect.map(|r| r[2]),
                rect.map(|r| r[3]),
            ],
        )?;
    }
    Ok(())
}

/// The ledger in `faces` must have a line for every face the detector
/// found on the photo, and no more: who a face is can change, how many
/// faces the pixels hold cannot.
fn check_ledger_size(id: &str, faces: &Option<Vec<FaceIs>>, found: Option<i64>) -> Result<()> {
    let lines = faces.as_ref().map(|f| i64::try_from(f.len()).unwrap_or(i64::MAX));
    if lines != found {
        return Err(RegisterError::LedgerSize { photo: id.to_string(), lines, found });
    }
    Ok(())
}

/// The day a held photo's deletion clock started: kept from before while it
/// stays held for a reason that must go, started today when it first is,
/// none otherwise.
fn clock_since(
    state: PhotoState,
    decision: &Decision,
    before: Option<(PhotoState, Option<String>)>,
    today: NaiveDate,
) -> Option<String> {
    if state != PhotoState::Quarantined || !on_deletion_clock(&decision.reasons) {
        return None;
    }
    match before {
        Some((PhotoState::Quarantined, Some(since))) => Some(since),
        _ => Some(super::date_str(today)),
    }
}

impl Register {
    /// Adds a photo with its first decision, its tags and its face ledger,
    /// in one transaction with its audit entry. The ciphertext must already
    /// be durable. A photo to be stored must keep the gate's invariants
    /// against the register as it is in this transaction
    /// ([`check_store_invariants`]), or nothing is written and the error
    /// says which one it breaks.
    pub fn insert_photo(
        &mut self,
        p: &NewPhoto,
        decision: &Decision,
        rules: &Rules,
        today: NaiveDate,
        origin: crate::audit::Origin,
        actor: &str,
    ) -> Result<PhotoState> {
        let (tx, snapshot) = begin_write!(self);
        let change = Change::new(Action::arrived(origin, decision.verdict), actor);
        let state = insert_in(&tx, &snapshot, p, decision, rules, today, change)?;
        tx.commit()?;
        Ok(state)
    }

    /// Records a new decision (after tagging, a report, a register change):
    /// state, reasons, device, purposes, the file facts a person can change
    /// (a face check a manager stood in for, a tagging time restarted),
    /// and, for a tagged photo, its tags and face ledger. The ciphertext
    /// must already be where the new state says. A photo to be stored is
    /// held to the gate's invariants as [`Register::insert_photo`] holds
    /// it: if it breaks one, nothing changes.
    #[allow(clippy::too_many_arguments)]
    pub fn update_decision(
        &mut self,
        photo: &PhotoRecord,
        facts: &Facts,
        decision: &Decision,
        regions: &[(String, [f64; 4])],
        rules: &Rules,
        today: NaiveDate,
        change: Change<'_>,
    ) -> Result<PhotoState> {
        change.check()?;
        let (tagged, nobody) = tagging_parts(&facts.tagging);
        let state = state_for(decision.verdict);
        let (tx, snapshot) = begin_write!(self);
        let (held, found, was, since): (String, Option<i64>, String, Option<String>) = tx
            .query_row("SELECT facts, faces_found, state, clock_since FROM photos WHERE id = ?1", [&photo.id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .optional()?
            .ok_or_else(|| RegisterError::NotFound { what: "photo", id: photo.id.to_string() })?;
        let was = PhotoState::parse(&was).unwrap_or(PhotoState::Quarantined);
        if was == PhotoState::Deleted {
            return Err(RegisterError::DecidedAfterDeletion(photo.id.to_string()));
        }
        let mut stored: StoredFacts = serde_json::from_str(&held).map_err(bad_json)?;
        if tagged || nobody {
            check_ledger_size(&photo.id, &facts.faces, found)?;
        }
        if state == PhotoState::Stored {
            refuse_broken_store(&photo.id, facts, &snapshot, rules, today)?;
        }
        let was_stored = stored.facts.was_stored || state == PhotoState::Stored;
        stored.facts = facts.clone();
        stored.facts.was_stored = was_stored;
        // The ledger as it is in this transaction: its boxes never change,
        // and who said what of a line that stays the same is kept.
        let before: Vec<FaceRow> = {
            let mut stmt =
                tx.prepare(&format!("SELECT {FACE_COLUMNS} FROM faces WHERE photo_id = ?1 ORDER BY face_no"))?;
            let rows = stmt.query_map([&photo.id], |r| face_row(r, 0))?;
            rows.map(|r| r.map(|(_, row)| row)).collect::<rusqlite::Result<_>>()?
        };
        let write_faces = |tx: &Transaction<'_>| -> Result<()> {
            if tagged || nobody {
                write_tags(tx, &photo.id, facts, regions)?;
                if let Some(faces) = &facts.faces {
                    let rects: Vec<Option<[f64; 4]>> = before.iter().map(|r| r.rect).collect();
                    write_ledger(tx, &photo.id, &before, faces, &rects, &change)?;
                }
            }
            Ok(())
        };
        // A stored photo's ledger is whole before it is stored, and a photo
        // leaves the vault before its ledger may lose a line: the schema
        // checks both.
        if state == PhotoState::Stored {
            write_faces(&tx)?;
        }
        tx.execute(
            "UPDATE photos SET state_since = CASE WHEN state = ?2 THEN state_since ELSE ?9 END,
             state = ?2, device_id = ?3, purposes = ?4, tagged = ?5, nobody = ?6, reported = ?7,
             reasons = ?8, updated_at = ?9, facts = ?10, clock_since = ?11 WHERE id = ?1",
            params![
                photo.id,
                state.as_str(),
                decision.device,
                json(&facts.purposes),
                tagged,
                nobody,
                facts.reported,
                json(&decision.reasons),
                now(),
                json(&stored),
                clock_since(state, decision, Some((was, since)), today),
            ],
        )?;
        if state != PhotoState::Stored {
            write_faces(&tx)?;
        }
        audit::append(
            &tx,
            &audit::Entry::new(change.actor, change.action).photo(&photo.id).detail(serde_json::json!({
                "from": photo.state, "to": state, "reasons": decision.reasons,
                "children": decision.children, "purposes": facts.purposes, "note": change.note,
                "faces": facts.faces,
            })),
        )?;
        tx.commit()?;
        Ok(state)
    }
}

/// [`Register::insert_photo`] inside a write transaction the caller holds,
/// with the register as `snapshot` shows it in that transaction.
pub(super) fn insert_in(
    tx: &Tx<'_>,
    snapshot: &Snapshot,
    p: &NewPhoto,
    decision: &Decision,
    rules: &Rules,
    today: NaiveDate,
    change: Change<'_>,
) -> Result<PhotoState> {
    let facts = &p.stored.facts;
    let (tagged, nobody) = tagging_parts(&facts.tagging);
    let state = state_for(decision.verdict);
    if state == PhotoState::Stored {
        refuse_broken_store(&p.id, facts, snapshot, rules, today)?;
    }
    let mut stored = p.stored.clone();
    stored.facts.was_stored |= state == PhotoState::Stored;
    let at = now();
    let found = facts.faces.as_ref().map(|f| i64::try_from(f.len()).unwrap_or(i64::MAX));
    // Written as waiting first: the ledger and the tags go in, then the
    // state, which the schema checks against them.
    tx.execute(
            "INSERT INTO photos (id, state, source_name, source_folder, format, bytes, width, height, captured_at,
             device_id, purposes, tagged, nobody, reported, reasons, facts, received_at, updated_at, state_since,
             derived_from, faces_found)
             VALUES (?1, 'awaiting_tags', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?16, ?17, ?18)",
            params![
                p.id,
                p.source_name,
                p.source_folder,
                p.format,
                p.bytes as i64,
                p.width,
                p.height,
                p.captured_at,
                decision.device,
                json(&facts.purposes),
                tagged,
                nobody,
                facts.reported,
                json(&decision.reasons),
                json(&stored),
                at,
                p.derived_from,
                found,
            ],
        )?;
    write_tags(tx, &p.id, facts, &p.regions)?;
    if let Some(faces) = &facts.faces {
        let rects: Vec<Option<[f64; 4]>> = p.face_boxes.iter().map(|b| Some(*b)).collect();
        write_ledger(tx, &p.id, &[], faces, &rects, &change)?;
    }
    tx.execute(
        "UPDATE photos SET state = ?2, clock_since = ?3 WHERE id = ?1",
        params![p.id, state.as_str(), clock_since(state, decision, None, today)],
    )?;
    audit::append(
        tx,
        &audit::Entry::new(change.actor, change.action).photo(&p.id).detail(serde_json::json!({
            "reasons": decision.reasons, "device": decision.device, "children": decision.children,
            "derived_from": p.derived_from, "faces": facts.faces,
        })),
    )?;
    Ok(state)
}
