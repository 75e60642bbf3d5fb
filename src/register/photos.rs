//! Photos and their tags on the register.

use super::{now, Register, RegisterError, Result};
use crate::audit;
use crate::model::PhotoState;
use crate::policy::{check_store_invariants, Decision, Facts, Reason, Rules, Snapshot, Tagging, Verdict};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// The named parameters of `page_query`'s condition.
macro_rules! page_params {
    ($state:expr, $filter:expr) => {
        rusqlite::named_params! {
            ":state": $state.as_str(), ":reason": $filter.reason, ":child": $filter.child, ":room": $filter.room,
            ":purpose": $filter.purpose, ":from": $filter.from.map(|d| d.to_string()), ":to": $filter.to.map(|d| d.to_string()),
        }
    };
}

/// Facts about the file that are shown but not decided on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaInfo {
    /// EXIF orientation (1–8), when the file carries one.
    pub orientation: Option<u16>,
    /// The file carries GPS coordinates.
    pub gps: bool,
    /// The capture time's UTC offset, when the camera wrote one.
    #[serde(default)]
    pub captured_offset: Option<String>,
    /// An encrypted thumbnail exists.
    pub thumbnail: bool,
    /// Face boxes (numbered from 1) a practitioner confirmed are not a
    /// child's face: a poster, a doll, an adult visitor.
    #[serde(default)]
    pub not_faces: Vec<usize>,
    /// Faces the detector found (the boxes themselves are encrypted).
    #[serde(default)]
    pub faces_found: Option<u32>,
}

/// What the `facts` column holds: everything a later re-decision needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFacts {
    pub facts: Facts,
    pub media: MediaInfo,
}

impl StoredFacts {
    /// The faces that must be covered by tagged children: those found, less
    /// the boxes confirmed not to be a child's face.
    pub fn faces_to_cover(&self) -> Option<u32> {
        let dismissed = u32::try_from(self.media.not_faces.len()).unwrap_or(u32::MAX);
        self.facts.faces.map(|n| n.saturating_sub(dismissed))
    }

    /// These file facts with the tags and purposes about to be written: what
    /// the store checks before it commits the photo as stored.
    fn with_tags(&self, tagging: &Tagging, purposes: &[String]) -> Facts {
        let mut f = self.facts.clone();
        f.tagging = tagging.clone();
        f.purposes = purposes.to_vec();
        f.faces = self.faces_to_cover();
        f
    }
}

/// A tag as stored: the label as written, the child it resolved to, and an
/// optional region `[x, y, w, h]` as fractions of the image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagRow {
    pub label: String,
    pub child_id: Option<String>,
    pub region: Option<[f64; 4]>,
}

/// A photo to add to the register.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub id: String,
    pub source_name: String,
    pub source_folder: Option<String>,
    pub format: String,
    pub bytes: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub captured_at: Option<String>,
    pub stored: StoredFacts,
    pub regions: Vec<(String, [f64; 4])>,
    /// The photo this one was redacted from.
    pub derived_from: Option<String>,
}

/// Who changes a photo, how, and why (for the audit log).
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub action: &'a str,
    pub actor: &'a str,
    pub note: Option<&'a str>,
}

impl<'a> Change<'a> {
    pub fn new(action: &'a str, actor: &'a str) -> Self {
        Change { action, actor, note: None }
    }
    pub fn note(mut self, note: &'a str) -> Self {
        self.note = Some(note);
        self
    }

    /// A note over the limit for notes is refused (bad input), not stored.
    fn check(&self) -> Result<()> {
        match self.note {
            Some(n) => super::check_field(crate::limits::Field::Note, "the note", n),
            None => Ok(()),
        }
    }
}

/// A reported concern about a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incident {
    pub id: i64,
    pub photo: String,
    pub opened_at: String,
    pub opened_by: String,
    pub reason: String,
    pub closed_at: Option<String>,
    pub closed_by: Option<String>,
    pub resolution: Option<String>,
}

/// A photo as the register holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhotoRecord {
    pub id: String,
    pub state: PhotoState,
    pub source_name: String,
    pub source_folder: Option<String>,
    pub format: String,
    pub bytes: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub captured_at: Option<String>,
    pub device: Option<String>,
    pub purposes: Vec<String>,
    pub tagged: bool,
    pub nobody: bool,
    pub reported: bool,
    pub reasons: Vec<Reason>,
    pub stored: StoredFacts,
    pub received_at: String,
    pub updated_at: String,
    /// When the photo entered its current state.
    pub state_since: String,
    pub deleted_at: Option<String>,
    /// Why it was deleted: a retention rule, `manager` or `redacted`.
    pub deleted_rule: Option<String>,
    /// The photo this one was redacted from.
    pub derived_from: Option<String>,
    pub tags: Vec<TagRow>,
}

impl PhotoRecord {
    /// The facts for a fresh decision: the stored file facts with the current
    /// tags, purposes and report flag.
    pub fn facts(&self) -> Facts {
        let mut f = self.stored.facts.clone();
        f.tagging = if self.nobody {
            Tagging::Nobody
        } else if self.tagged {
            Tagging::Children(self.tags.iter().map(|t| t.label.clone()).collect())
        } else {
            Tagging::Untagged
        };
        f.purposes = self.purposes.clone();
        f.reported = self.reported;
        // Boxes confirmed not to be a child's face do not count.
        f.faces = self.stored.faces_to_cover();
        f
    }

    /// The DESIGN.md JSON shape, with a few extra fields.
    pub fn to_json(&self) -> serde_json::Value {
        let tags: Vec<&str> = self.tags.iter().map(|t| t.child_id.as_deref().unwrap_or(t.label.as_str())).collect();
        serde_json::json!({
            "id": self.id,
            "state": self.state,
            "source_name": self.source_name,
            "format": self.format,
            "width": self.width,
            "height": self.height,
            "captured_at": self.captured_at,
            "captured_offset": self.stored.media.captured_offset,
            "device": self.device,
            "purposes": self.purposes,
            "tags": tags,
            "nobody": self.nobody,
            "reasons": self.reasons,
            "bytes": self.bytes,
            "source_folder": self.source_folder,
            "received_at": self.received_at,
            "state_since": self.state_since,
            "deleted_at": self.deleted_at,
            "deleted_rule": self.deleted_rule,
            "derived_from": self.derived_from,
            "camera": self.stored.facts.camera,
            "orientation": self.stored.media.orientation,
            "gps": self.stored.media.gps,
            "regions": self.tags.iter().filter_map(|t| t.region.map(|r| (t.child_id.clone().unwrap_or(t.label.clone()), r))).collect::<std::collections::BTreeMap<_, _>>(),
        })
    }
}

pub fn state_for(verdict: Verdict) -> PhotoState {
    match verdict {
        Verdict::Store => PhotoState::Stored,
        Verdict::AwaitTags => PhotoState::AwaitingTags,
        Verdict::Quarantine => PhotoState::Quarantined,
    }
}

fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

const COLUMNS: &str = "id, state, source_name, source_folder, format, bytes, width, height, captured_at, device_id, \
                       purposes, tagged, nobody, reported, reasons, facts, received_at, updated_at, \
                       state_since, deleted_at, deleted_rule, derived_from";

fn bad_json(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

fn from_row(r: &Row<'_>) -> rusqlite::Result<PhotoRecord> {
    let state: String = r.get(1)?;
    let purposes: String = r.get(10)?;
    let reasons: String = r.get(14)?;
    let facts: String = r.get(15)?;
    Ok(PhotoRecord {
        id: r.get(0)?,
        state: PhotoState::parse(&state).unwrap_or(PhotoState::Quarantined),
        source_name: r.get(2)?,
        source_folder: r.get(3)?,
        format: r.get(4)?,
        bytes: r.get::<_, i64>(5)?.max(0) as u64,
        width: r.get(6)?,
        height: r.get(7)?,
        captured_at: r.get(8)?,
        device: r.get(9)?,
        purposes: serde_json::from_str(&purposes).map_err(bad_json)?,
        tagged: r.get(11)?,
        nobody: r.get(12)?,
        reported: r.get(13)?,
        reasons: serde_json::from_str(&reasons).map_err(bad_json)?,
        stored: serde_json::from_str(&facts).map_err(bad_json)?,
        received_at: r.get(16)?,
        updated_at: r.get(17)?,
        state_since: r.get::<_, Option<String>>(18)?.unwrap_or_default(),
        deleted_at: r.get(19)?,
        deleted_rule: r.get(20)?,
        derived_from: r.get(21)?,
        tags: Vec::new(),
    })
}

/// A tag from the columns label, child_id, region starting at `at`.
fn tag_row(r: &Row<'_>, at: usize) -> rusqlite::Result<TagRow> {
    let region: Option<String> = r.get(at + 2)?;
    Ok(TagRow {
        label: r.get(at)?,
        child_id: r.get(at + 1)?,
        region: region.and_then(|s| serde_json::from_str(&s).ok()),
    })
}

/// Which photos a page of [`Register::photos_page`] shows (absent fields
/// let everything through).
#[derive(Debug, Clone, Default)]
pub struct PhotoFilter {
    /// Held for this reason (its code).
    pub reason: Option<String>,
    /// Tagged with this child (register id).
    pub child: Option<String>,
    /// Tagged with a child of this room.
    pub room: Option<String>,
    /// Kept for this purpose.
    pub purpose: Option<String>,
    /// Taken (or, without a capture date, received) on or after this day.
    pub from: Option<NaiveDate>,
    /// ... and on or before this day.
    pub to: Option<NaiveDate>,
    pub order: PhotoOrder,
}

/// The order of a page of photos.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PhotoOrder {
    /// The longest in its state first (the quarantine queue).
    #[default]
    LongestInState,
    /// The most recently taken first (the gallery).
    NewestTaken,
}

fn tagging_parts(t: &Tagging) -> (bool, bool, &[String]) {
    match t {
        Tagging::Untagged => (false, false, &[]),
        Tagging::Nobody => (true, true, &[]),
        Tagging::Children(labels) => (true, false, labels.as_slice()),
    }
}

fn write_tags(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    labels: &[String],
    decision: &Decision,
    regions: &[(String, [f64; 4])],
    snapshot_children: &[crate::model::Child],
) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM tags WHERE photo_id = ?1", [id])?;
    for label in labels {
        let child = match crate::model::lookup_child(snapshot_children, label) {
            crate::model::Lookup::Found(c) if decision.children.contains(&c.id) => Some(c.id.clone()),
            _ => None,
        };
        let region = regions
            .iter()
            .find(|(who, _)| who == label || child.as_deref() == Some(who.as_str()))
            .map(|(_, r)| json(r));
        tx.execute(
            "INSERT OR IGNORE INTO tags (photo_id, label, child_id, region) VALUES (?1, ?2, ?3, ?4)",
            params![id, label, child, region],
        )?;
    }
    Ok(())
}

fn audit_head(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit", [], |r| r.get(0))
}

/// How often a write reads the register again when it changed under it.
const WRITE_TRIES: u32 = 10;

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
            let head = audit_head(&$register.conn)?;
            let snapshot = $register.snapshot()?;
            let tx = $register.tx()?;
            if audit_head(&tx)? == head {
                break (tx, snapshot);
            }
            if tries >= WRITE_TRIES {
                return Err(RegisterError::Invalid(
                    "the register kept changing while a photo was being recorded: try again".into(),
                ));
            }
        }
    }};
}

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

impl Register {
    /// Adds a photo with its first decision, in one transaction with its
    /// audit entry. The ciphertext must already be durable. A photo to be
    /// stored must keep the gate's invariants against the register as it is
    /// in this transaction ([`check_store_invariants`]), or nothing is
    /// written and the error says which one it breaks.
    pub fn insert_photo(
        &mut self,
        p: &NewPhoto,
        decision: &Decision,
        rules: &Rules,
        today: NaiveDate,
        origin: &str,
        actor: &str,
    ) -> Result<PhotoState> {
        let facts = &p.stored.facts;
        let (tagged, nobody, labels) = tagging_parts(&facts.tagging);
        let state = state_for(decision.verdict);
        let (tx, snapshot) = begin_write!(self);
        if state == PhotoState::Stored {
            refuse_broken_store(&p.id, &p.stored.with_tags(&facts.tagging, &facts.purposes), &snapshot, rules, today)?;
        }
        let at = now();
        tx.execute(
            &format!("INSERT INTO photos ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17, ?17, NULL, NULL, ?18)"),
            params![
                p.id,
                state.as_str(),
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
                json(&p.stored),
                at,
                p.derived_from
            ],
        )?;
        write_tags(&tx, &p.id, labels, decision, &p.regions, &snapshot.children)?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, &format!("{origin}.{}", state.as_str())).photo(&p.id).detail(serde_json::json!({
                "reasons": decision.reasons, "device": decision.device, "children": decision.children,
                "derived_from": p.derived_from,
            })),
        )?;
        tx.commit()?;
        Ok(state)
    }

    /// Records a new decision (after tagging, a report, a register change):
    /// state, reasons, device, tags and purposes. The ciphertext must already
    /// be where the new state says. A photo to be stored is held to the
    /// gate's invariants as [`Register::insert_photo`] holds it, with the
    /// faces the register holds for it: if it breaks one, nothing changes.
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
        let (tagged, nobody, labels) = tagging_parts(&facts.tagging);
        let state = state_for(decision.verdict);
        let (tx, snapshot) = begin_write!(self);
        if state == PhotoState::Stored {
            let held: String = tx
                .query_row("SELECT facts FROM photos WHERE id = ?1", [&photo.id], |r| r.get(0))
                .optional()?
                .ok_or_else(|| RegisterError::NotFound { what: "photo", id: photo.id.clone() })?;
            let held: StoredFacts = serde_json::from_str(&held).map_err(bad_json)?;
            refuse_broken_store(&photo.id, &held.with_tags(&facts.tagging, &facts.purposes), &snapshot, rules, today)?;
        }
        tx.execute(
            "UPDATE photos SET state_since = CASE WHEN state = ?2 THEN state_since ELSE ?9 END,
             state = ?2, device_id = ?3, purposes = ?4, tagged = ?5, nobody = ?6, reported = ?7,
             reasons = ?8, updated_at = ?9 WHERE id = ?1",
            params![
                photo.id,
                state.as_str(),
                decision.device,
                json(&facts.purposes),
                tagged,
                nobody,
                facts.reported,
                json(&decision.reasons),
                now()
            ],
        )?;
        if tagged || nobody {
            write_tags(&tx, &photo.id, labels, decision, regions, &snapshot.children)?;
        }
        audit::append(
            &tx,
            &audit::Entry::new(change.actor, change.action).photo(&photo.id).detail(serde_json::json!({
                "from": photo.state, "to": state, "reasons": decision.reasons,
                "children": decision.children, "purposes": facts.purposes, "note": change.note,
            })),
        )?;
        tx.commit()?;
        Ok(state)
    }

    /// The photo with this full id.
    pub fn photo(&self, id: &str) -> Result<Option<PhotoRecord>> {
        let rec =
            self.conn.query_row(&format!("SELECT {COLUMNS} FROM photos WHERE id = ?1"), [id], from_row).optional()?;
        match rec {
            None => Ok(None),
            Some(mut p) => {
                p.tags = self.tags_of(&p.id)?;
                Ok(Some(p))
            }
        }
    }

    /// Finds a photo by a unique prefix of at least 8 hex characters.
    pub fn find_photo(&self, prefix: &str) -> Result<PhotoRecord> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < 8 || prefix.len() > 64 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(RegisterError::Invalid(format!(
                "`{prefix}` is not a photo id: give at least 8 hex characters of it"
            )));
        }
        let mut stmt = self.conn.prepare("SELECT id FROM photos WHERE id >= ?1 AND id < ?1 || 'g' LIMIT 2")?;
        let ids: Vec<String> = stmt.query_map([&prefix], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [] => Err(RegisterError::NotFound { what: "photo", id: prefix }),
            [one] => self.photo(one)?.ok_or(RegisterError::NotFound { what: "photo", id: prefix }),
            _ => Err(RegisterError::Ambiguous {
                label: prefix,
                candidates: "several photos (give more of the id)".into(),
            }),
        }
    }

    /// Photos, oldest first, optionally in one state.
    pub fn photos(&self, state: Option<PhotoState>) -> Result<Vec<PhotoRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM photos WHERE (?1 IS NULL OR state = ?1) ORDER BY received_at, id"
        ))?;
        let mut photos: Vec<PhotoRecord> =
            stmt.query_map([state.map(|s| s.as_str())], from_row)?.collect::<rusqlite::Result<_>>()?;
        // The tags of all of them in one pass, not one query per photo.
        let mut tags: std::collections::HashMap<String, Vec<TagRow>> = std::collections::HashMap::new();
        let mut stmt = self.conn.prepare(
            "SELECT photo_id, label, child_id, region FROM tags
             WHERE ?1 IS NULL OR photo_id IN (SELECT id FROM photos WHERE state = ?1) ORDER BY rowid",
        )?;
        let mut rows = stmt.query([state.map(|s| s.as_str())])?;
        while let Some(r) = rows.next()? {
            tags.entry(r.get(0)?).or_default().push(tag_row(r, 1)?);
        }
        for p in &mut photos {
            p.tags = tags.remove(&p.id).unwrap_or_default();
        }
        Ok(photos)
    }

    /// The file name each of `ids` arrived as (those on the register).
    pub fn source_names(&self, ids: &[&str]) -> Result<std::collections::HashMap<String, String>> {
        let mut stmt = self.conn.prepare_cached("SELECT source_name FROM photos WHERE id = ?1")?;
        let mut out = std::collections::HashMap::new();
        for id in ids {
            if let Some(name) = stmt.query_row([id], |r| r.get::<_, String>(0)).optional()? {
                out.insert((*id).to_string(), name);
            }
        }
        Ok(out)
    }

    /// What retention reads of every photo, straight from the columns and
    /// the tags (no stored facts parsed): the retention plan over a big
    /// register without reading every photo whole.
    pub fn photo_ages(&self) -> Result<Vec<crate::retention::PhotoAge>> {
        let day = |s: Option<String>| s.and_then(|s| s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()));
        let mut children: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        let mut stmt =
            self.conn.prepare("SELECT photo_id, child_id FROM tags WHERE child_id IS NOT NULL ORDER BY rowid")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            children.entry(r.get(0)?).or_default().push(r.get(1)?);
        }
        let mut stmt = self
            .conn
            .prepare("SELECT id, state, captured_at, received_at, state_since FROM photos ORDER BY received_at, id")?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let state: String = r.get(1)?;
            let received_on = day(r.get(3)?).unwrap_or(NaiveDate::MIN);
            out.push(crate::retention::PhotoAge {
                state: PhotoState::parse(&state).unwrap_or(PhotoState::Quarantined),
                captured_on: day(r.get(2)?),
                received_on,
                state_since: day(r.get(4)?).unwrap_or(received_on),
                children: children.remove(&id).unwrap_or_default(),
                id,
            });
        }
        Ok(out)
    }

    /// How many photos in `state` match `filter` (what a page's "N of M"
    /// and its last page come from).
    pub fn count_photos(&self, state: PhotoState, filter: &PhotoFilter) -> Result<usize> {
        let (cond, _) = page_query(filter);
        let total: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM photos WHERE {cond}"),
            page_params!(state, filter),
            |r| r.get(0),
        )?;
        Ok(usize::try_from(total).unwrap_or(0))
    }

    /// The photos in `state` matching `filter`, in its order, `limit` of
    /// them from `offset` (filtered and paged by SQLite, so a page costs
    /// the same at 100,000 photos as at 100).
    pub fn photos_page(
        &self,
        state: PhotoState,
        filter: &PhotoFilter,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<PhotoRecord>> {
        let (cond, order) = page_query(filter);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM photos WHERE {cond} ORDER BY {order} LIMIT {} OFFSET {}",
            i64::try_from(limit).unwrap_or(i64::MAX),
            i64::try_from(offset).unwrap_or(i64::MAX)
        ))?;
        let mut photos: Vec<PhotoRecord> =
            stmt.query_map(page_params!(state, filter), from_row)?.collect::<rusqlite::Result<_>>()?;
        for p in &mut photos {
            p.tags = self.tags_of(&p.id)?;
        }
        Ok(photos)
    }

    /// For each reason code on the photos in `state`, how many carry it.
    pub fn reason_counts(&self, state: PhotoState) -> Result<Vec<(String, usize)>> {
        let mut stmt = self.conn.prepare(
            "SELECT json_extract(value, '$.code') AS code, count(DISTINCT photos.id)
             FROM photos, json_each(photos.reasons) WHERE state = ?1 GROUP BY code ORDER BY code",
        )?;
        let rows = stmt.query_map([state.as_str()], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        Ok(rows.map(|r| r.map(|(c, n)| (c, usize::try_from(n).unwrap_or(0)))).collect::<rusqlite::Result<_>>()?)
    }

    /// The newest photo still waiting for tags that arrived as `name` in
    /// `folder` (for a sidecar that comes after its photo).
    pub fn awaiting_photo_named(&self, folder: Option<&str>, name: &str) -> Result<Option<PhotoRecord>> {
        let id: Option<String> = self
            .conn
            .query_row(
                "SELECT id FROM photos WHERE state = 'awaiting_tags' AND source_name = ?1
                 AND source_folder IS ?2 ORDER BY received_at DESC LIMIT 1",
                params![name, folder],
                |r| r.get(0),
            )
            .optional()?;
        match id {
            Some(id) => self.photo(&id),
            None => Ok(None),
        }
    }

    fn tags_of(&self, id: &str) -> Result<Vec<TagRow>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT label, child_id, region FROM tags WHERE photo_id = ?1 ORDER BY rowid")?;
        let rows = stmt.query_map([id], |r| tag_row(r, 0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks a photo deleted, keeping a tombstone (id, dates, rule, no
    /// image data), and closes its open incidents. The ciphertext goes after
    /// this commits (a leftover file is an orphan that recovery removes).
    pub fn tombstone(&mut self, photo: &PhotoRecord, rule: &str, change: Change<'_>) -> Result<()> {
        change.check()?;
        let tx = self.conn.transaction()?;
        let at = now();
        tx.execute(
            "UPDATE photos SET state = 'deleted', state_since = ?2, updated_at = ?2, deleted_at = ?2,
             deleted_rule = ?3, deleted_note = ?4 WHERE id = ?1",
            params![photo.id, at, rule, change.note],
        )?;
        tx.execute(
            "UPDATE incidents SET closed_at = ?2, closed_by = ?3, resolution = ?4 WHERE photo_id = ?1 AND closed_at IS NULL",
            params![photo.id, at, change.actor, format!("photo deleted ({rule})")],
        )?;
        audit::append(
            &tx,
            &audit::Entry::new(change.actor, change.action).photo(&photo.id).detail(serde_json::json!({
                "from": photo.state, "rule": rule, "note": change.note,
            })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Opens an incident about a photo; returns its number.
    pub fn open_incident(&mut self, photo: &str, reason: &str, actor: &str) -> Result<i64> {
        super::check_field(crate::limits::Field::Note, "the concern", reason)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO incidents (photo_id, opened_at, opened_by, reason) VALUES (?1, ?2, ?3, ?4)",
            params![photo, now(), actor, reason],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(
            &tx,
            &audit::Entry::new(actor, "incident.open")
                .photo(photo)
                .detail(serde_json::json!({ "incident": id, "reason": reason })),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Closes the open incidents about a photo.
    pub fn close_incidents(&mut self, photo: &str, resolution: &str, actor: &str) -> Result<usize> {
        super::check_field(crate::limits::Field::Note, "the resolution", resolution)?;
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE incidents SET closed_at = ?2, closed_by = ?3, resolution = ?4 WHERE photo_id = ?1 AND closed_at IS NULL",
            params![photo, now(), actor, resolution],
        )?;
        if n > 0 {
            audit::append(
                &tx,
                &audit::Entry::new(actor, "incident.close")
                    .photo(photo)
                    .detail(serde_json::json!({ "resolution": resolution })),
            )?;
        }
        tx.commit()?;
        Ok(n)
    }

    pub fn incidents(&self) -> Result<Vec<Incident>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, photo_id, opened_at, opened_by, reason, closed_at, closed_by, resolution FROM incidents ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Incident {
                id: r.get(0)?,
                photo: r.get(1)?,
                opened_at: r.get(2)?,
                opened_by: r.get(3)?,
                reason: r.get(4)?,
                closed_at: r.get(5)?,
                closed_by: r.get(6)?,
                resolution: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Replaces the stored file facts (after a face is dismissed).
    pub fn set_stored_facts(&mut self, photo: &PhotoRecord, stored: &StoredFacts, change: Change<'_>) -> Result<()> {
        change.check()?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE photos SET facts = ?2, updated_at = ?3 WHERE id = ?1",
            params![photo.id, json(stored), now()],
        )?;
        audit::append(
            &tx,
            &audit::Entry::new(change.actor, change.action).photo(&photo.id).detail(serde_json::json!({
                "not_faces": stored.media.not_faces,
                "face_check_failed": stored.facts.face_check_failed,
                "note": change.note,
            })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every photo id with its state (for recovery).
    pub fn photo_states(&self) -> Result<Vec<(String, PhotoState)>> {
        photo_states_in(&self.conn)
    }
}

/// Every photo id with its state, from any connection to a register (an
/// unknown state reads as quarantined: held, never dropped).
pub(super) fn photo_states_in(conn: &Connection) -> Result<Vec<(String, PhotoState)>> {
    let mut stmt = conn.prepare("SELECT id, state FROM photos")?;
    let rows = stmt.query_map([], |r| {
        let s: String = r.get(1)?;
        Ok((r.get(0)?, PhotoState::parse(&s).unwrap_or(PhotoState::Quarantined)))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The SQL condition and order of a page of photos; its parameters come
/// from `page_params!`.
fn page_query(filter: &PhotoFilter) -> (String, String) {
    let day = "coalesce(substr(captured_at, 1, 10), substr(received_at, 1, 10))";
    let cond = format!(
        "state = :state
         AND (:reason IS NULL OR EXISTS (SELECT 1 FROM json_each(photos.reasons) WHERE json_extract(value, '$.code') = :reason))
         AND (:child IS NULL OR EXISTS (SELECT 1 FROM tags WHERE tags.photo_id = photos.id AND tags.child_id = :child))
         AND (:room IS NULL OR EXISTS (SELECT 1 FROM tags JOIN children ON children.id = tags.child_id
              WHERE tags.photo_id = photos.id AND children.room = :room COLLATE NOCASE))
         AND (:purpose IS NULL OR EXISTS (SELECT 1 FROM json_each(photos.purposes) WHERE value = :purpose))
         AND (:from IS NULL OR {day} >= :from) AND (:to IS NULL OR {day} <= :to)"
    );
    let order = match filter.order {
        PhotoOrder::LongestInState => "state_since, id".to_string(),
        PhotoOrder::NewestTaken => format!("{day} DESC, id DESC"),
    };
    (cond, order)
}
