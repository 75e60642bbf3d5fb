//! Photos and their tags on the register.

use super::{now, Register, RegisterError, Result};
use crate::audit::{self, Action};
use crate::model::{PhotoId, PhotoState};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

pub use super::photo_record::*;
use super::photo_record::{from_row, place, tag_row, COLUMNS};

/// The named parameters of `page_query`'s condition.
macro_rules! page_params {
    ($state:expr, $filter:expr) => {
        rusqlite::named_params! {
            ":state": $state.as_str(), ":reason": $filter.reason, ":child": $filter.child, ":room": $filter.room, ":device": $filter.device, ":unregistered": $filter.unregistered,
            ":purpose": $filter.purpose, ":from": $filter.from.map(|d| d.to_string()), ":to": $filter.to.map(|d| d.to_string()),
        }
    };
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
    /// From this registered device (its id).
    pub device: Option<String>,
    /// From no registered device (the camera matched none, or said nothing).
    pub unregistered: bool,
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

impl Register {
    /// The photo with this full id.
    pub fn photo(&self, id: &str) -> Result<Option<PhotoRecord>> {
        let rec =
            self.conn.query_row(&format!("SELECT {COLUMNS} FROM photos WHERE id = ?1"), [id], from_row).optional()?;
        match rec {
            None => Ok(None),
            Some(mut p) => {
                p.tags = self.tags_of(&p.id)?;
                self.read_ledger(&mut p)?;
                Ok(Some(p))
            }
        }
    }

    /// Finds a photo by a unique prefix of at least 8 hex characters.
    pub fn find_photo(&self, prefix: &str) -> Result<PhotoRecord> {
        let prefix = prefix.trim().to_ascii_lowercase();
        if prefix.len() < 8 || prefix.len() > 64 || !prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(RegisterError::NotAPhotoId(prefix));
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
        self.photos_where("?1 IS NULL OR state = ?1", &[&state.map(|s| s.as_str())])
    }

    /// The photos `cond` (an SQL condition on `photos`, with `params`)
    /// selects, oldest first, with their tags and face ledgers read in one
    /// pass each, not one query per photo.
    fn photos_where(&self, cond: &str, params: &[&dyn rusqlite::ToSql]) -> Result<Vec<PhotoRecord>> {
        self.fill_scan(Scan::Read, cond, params)?;
        let mut photos = Vec::new();
        let mut after = String::new();
        loop {
            let batch = self.next_in_scan(Scan::Read, &after, SCAN_BATCH)?;
            let Some(last) = batch.last() else { break };
            after = last.id.to_string();
            photos.extend(batch);
        }
        self.conn.execute("DELETE FROM temp.scan_read", [])?;
        photos.sort_unstable_by(|a, b| (&a.received_at, &a.id).cmp(&(&b.received_at, &b.id)));
        Ok(photos)
    }

    /// Starts a scan of the photos not deleted (of those `children` are
    /// tagged in, when given), read a batch at a time by
    /// [`Self::next_to_recheck`]: a re-check of 100,000 photos holds a
    /// thousand at a time, not all of them. Returns how many there are.
    pub fn begin_recheck(&self, children: Option<&[String]>) -> Result<usize> {
        match children {
            Some(children) => {
                let ids = serde_json::to_string(children).map_err(super::photo_record::bad_json)?;
                self.fill_scan(
                    Scan::Recheck,
                    "state != 'deleted' AND id IN (SELECT photo_id FROM tags
                       WHERE child_id IN (SELECT value FROM json_each(?1)))",
                    &[&ids],
                )
            }
            None => self.fill_scan(Scan::Recheck, "state != 'deleted'", &[]),
        }
    }

    /// The next `limit` photos of the scan [`Self::begin_recheck`] started,
    /// after the photo `after` ("" at first), in the order of their ids;
    /// empty at the end. Each is read as it is now (a photo deleted since
    /// the scan began is left out).
    pub fn next_to_recheck(&self, after: &str, limit: usize) -> Result<Vec<PhotoRecord>> {
        let batch = self.next_in_scan(Scan::Recheck, after, limit)?;
        Ok(batch.into_iter().filter(|p| p.state != PhotoState::Deleted).collect())
    }

    /// Puts the ids `cond` selects into the scan's table (this
    /// connection's own, in memory); how many.
    fn fill_scan(&self, scan: Scan, cond: &str, params: &[&dyn rusqlite::ToSql]) -> Result<usize> {
        let table = scan.table();
        self.conn.execute_batch(&format!(
            "CREATE TEMP TABLE IF NOT EXISTS {table} (pid TEXT PRIMARY KEY) WITHOUT ROWID;
             DELETE FROM temp.{table};"
        ))?;
        Ok(self
            .conn
            .execute(&format!("INSERT OR IGNORE INTO temp.{table} SELECT id FROM photos WHERE {cond}"), params)?)
    }

    /// Up to `limit` photos of the scan after the id `after`, with their
    /// tags and face ledgers: each found through its primary key, with no
    /// list of 100,000 ids built three times over.
    fn next_in_scan(&self, scan: Scan, after: &str, limit: usize) -> Result<Vec<PhotoRecord>> {
        let table = scan.table();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM temp.{table} JOIN photos ON photos.id = pid WHERE pid > ?1 ORDER BY pid LIMIT ?2"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut photos: Vec<PhotoRecord> =
            stmt.query_map(params![after, limit], from_row)?.collect::<rusqlite::Result<_>>()?;
        let (Some(first), Some(last)) = (photos.first(), photos.last()) else { return Ok(photos) };
        let (first, last) = (first.id.clone(), last.id.clone());
        let mut tags: std::collections::HashMap<String, Vec<TagRow>> = std::collections::HashMap::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT photo_id, label, child_id, region FROM temp.{table} JOIN tags ON tags.photo_id = pid
             WHERE pid BETWEEN ?1 AND ?2 ORDER BY tags.rowid"
        ))?;
        let mut rows = stmt.query(params![first, last])?;
        while let Some(r) = rows.next()? {
            tags.entry(r.get(0)?).or_default().push(tag_row(r, 1)?);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT photo_id, {FACE_COLUMNS} FROM temp.{table} JOIN faces ON faces.photo_id = pid
             WHERE pid BETWEEN ?1 AND ?2"
        ))?;
        let mut rows = stmt.query(params![first, last])?;
        let mut lines: std::collections::HashMap<String, Vec<(usize, FaceRow)>> = std::collections::HashMap::new();
        while let Some(r) = rows.next()? {
            lines.entry(r.get(0)?).or_default().push(face_row(r, 1)?);
        }
        for p in &mut photos {
            p.tags = tags.remove(p.id.as_str()).unwrap_or_default();
            for (n, row) in lines.remove(p.id.as_str()).unwrap_or_default() {
                place(&mut p.faces, n, row);
            }
        }
        Ok(photos)
    }

    /// What the overview counts of each photo in `states` (no stored facts
    /// read, no face ledger): the overview of a big register without
    /// reading its photos whole.
    pub fn summaries(&self, states: &[PhotoState]) -> Result<Vec<PhotoSummary>> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, coalesce(state_since, received_at), reasons, device_id FROM photos WHERE state = ?1
             ORDER BY received_at, id",
        )?;
        let mut tags = self.conn.prepare_cached(
            "SELECT tags.photo_id, tags.child_id FROM tags JOIN photos ON photos.id = tags.photo_id
             WHERE photos.state = ?1 AND tags.child_id IS NOT NULL ORDER BY tags.rowid",
        )?;
        for state in states {
            let mut children: std::collections::HashMap<String, Vec<crate::model::ChildId>> =
                std::collections::HashMap::new();
            let mut rows = tags.query([state.as_str()])?;
            while let Some(r) = rows.next()? {
                children.entry(r.get(0)?).or_default().push(r.get(1)?);
            }
            let rows = stmt.query_map([state.as_str()], |r| {
                Ok((r.get::<_, PhotoId>(0)?, r.get::<_, crate::model::At>(1)?, r.get::<_, String>(2)?, r.get(3)?))
            })?;
            for row in rows {
                let (id, since, reasons, device) = row?;
                out.push(PhotoSummary {
                    children: children.remove(id.as_str()).unwrap_or_default(),
                    id,
                    state: *state,
                    state_since: since,
                    reasons: serde_json::from_str(&reasons).map_err(super::photo_record::bad_json)?,
                    device,
                });
            }
        }
        Ok(out)
    }

    /// The file name each of `ids` arrived as (those on the register).
    pub fn source_names(&self, ids: &[&str]) -> Result<std::collections::HashMap<String, String>> {
        Ok(self.names_and_states(ids)?.into_iter().map(|(id, (name, _))| (id, name)).collect())
    }

    /// The file name and state of each photo in `ids` that the register has.
    pub fn names_and_states(&self, ids: &[&str]) -> Result<std::collections::HashMap<String, (String, PhotoState)>> {
        let mut stmt = self.conn.prepare_cached("SELECT source_name, state FROM photos WHERE id = ?1")?;
        let mut out = std::collections::HashMap::new();
        for id in ids {
            let row = stmt.query_row([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).optional()?;
            if let Some((name, state)) = row {
                out.insert((*id).to_string(), (name, PhotoState::parse(&state).unwrap_or(PhotoState::Deleted)));
            }
        }
        Ok(out)
    }

    /// How many of the photos `child` is tagged in are in each state (one
    /// pass over the child's tags, not one count per state).
    pub fn child_photo_counts(&self, child: &str) -> Result<std::collections::HashMap<PhotoState, usize>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT photos.state, count(DISTINCT photos.id) FROM tags JOIN photos ON photos.id = tags.photo_id
             WHERE tags.child_id = ?1 GROUP BY photos.state",
        )?;
        let rows = stmt.query_map([child], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut out = std::collections::HashMap::new();
        for row in rows {
            let (state, n) = row?;
            if let Some(state) = PhotoState::parse(&state) {
                out.insert(state, usize::try_from(n).unwrap_or(0));
            }
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
            self.read_ledger(p)?;
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
                "SELECT id FROM photos WHERE state = 'awaiting_tags' AND source_name = ?1 COLLATE NOCASE
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

    /// Reads the photo's face ledger lines into `p.faces`.
    fn read_ledger(&self, p: &mut PhotoRecord) -> Result<()> {
        if p.faces.is_none() {
            return Ok(());
        }
        let mut stmt = self.conn.prepare_cached(&format!("SELECT {FACE_COLUMNS} FROM faces WHERE photo_id = ?1"))?;
        let lines = stmt.query_map([&p.id], |r| face_row(r, 0))?.collect::<rusqlite::Result<Vec<_>>>()?;
        for (n, row) in lines {
            place(&mut p.faces, n, row);
        }
        Ok(())
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
        tombstone_in(&tx, photo, rule, change)?;
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
            &audit::Entry::new(actor, Action::IncidentOpen)
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
                &audit::Entry::new(actor, Action::IncidentClose)
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

/// How many photos a scan reads at a time.
const SCAN_BATCH: usize = 1000;

/// The two scans a connection may have going at once: a re-check's, and
/// any read made while it carries out its decisions.
#[derive(Clone, Copy)]
enum Scan {
    Recheck,
    Read,
}

impl Scan {
    fn table(self) -> &'static str {
        match self {
            Scan::Recheck => "scan_recheck",
            Scan::Read => "scan_read",
        }
    }
}

/// The SQL condition and order of a page of photos; its parameters come
/// from `page_params!`. The `+` before `tags.child_id` keeps SQLite on the
/// tags' primary key (photo, label) for each photo: through the index of
/// tags by child it read every tag of the child for every photo, and a
/// child in 90,000 photos took minutes (tests/scale.rs).
fn page_query(filter: &PhotoFilter) -> (String, String) {
    let day = "coalesce(substr(captured_at, 1, 10), substr(received_at, 1, 10))";
    let cond = format!(
        "state = :state
         AND (:reason IS NULL OR EXISTS (SELECT 1 FROM json_each(photos.reasons) WHERE json_extract(value, '$.code') = :reason))
         AND (:child IS NULL OR EXISTS (SELECT 1 FROM tags WHERE tags.photo_id = photos.id AND +tags.child_id = :child))
         AND (:room IS NULL OR EXISTS (SELECT 1 FROM tags JOIN children ON children.id = tags.child_id
              WHERE tags.photo_id = photos.id AND children.room = :room COLLATE NOCASE))
         AND (:device IS NULL OR device_id = :device) AND (NOT :unregistered OR device_id IS NULL)
         AND (:purpose IS NULL OR EXISTS (SELECT 1 FROM json_each(photos.purposes) WHERE value = :purpose))
         AND (:from IS NULL OR {day} >= :from) AND (:to IS NULL OR {day} <= :to)"
    );
    let order = match filter.order {
        PhotoOrder::LongestInState => "state_since, id".to_string(),
        PhotoOrder::NewestTaken => format!("{day} DESC, id DESC"),
    };
    (cond, order)
}

/// [`Register::tombstone`] inside a write transaction the caller holds.
pub(super) fn tombstone_in(tx: &super::db::Tx<'_>, photo: &PhotoRecord, rule: &str, change: Change<'_>) -> Result<()> {
    let at = now();
    tx.execute(
        "UPDATE photos SET state = 'deleted', state_since = ?2, updated_at = ?2, deleted_at = ?2,
         deleted_rule = ?3, deleted_note = ?4, clock_since = NULL WHERE id = ?1",
        params![photo.id, at, rule, change.note],
    )?;
    tx.execute("DELETE FROM deletion_notices WHERE photo_id = ?1", [&photo.id])?;
    tx.execute(
        "UPDATE incidents SET closed_at = ?2, closed_by = ?3, resolution = ?4 WHERE photo_id = ?1 AND closed_at IS NULL",
        params![photo.id, at, change.actor, format!("photo deleted ({rule})")],
    )?;
    audit::append(
        tx,
        &audit::Entry::new(change.actor, change.action).photo(&photo.id).detail(serde_json::json!({
            "from": photo.state, "rule": rule, "note": change.note,
        })),
    )?;
    Ok(())
}

/// What the overview counts of a photo: its state and since when, why it
/// is held, its device and the children tagged in it.
#[derive(Debug, Clone, PartialEq)]
pub struct PhotoSummary {
    pub id: PhotoId,
    pub state: PhotoState,
    pub state_since: crate::model::At,
    pub reasons: Vec<crate::policy::Reason>,
    pub device: Option<crate::model::DeviceId>,
    pub children: Vec<crate::model::ChildId>,
}

impl PhotoSummary {
    /// The summary of a photo read whole.
    pub fn of(p: &PhotoRecord) -> PhotoSummary {
        PhotoSummary {
            id: p.id.clone(),
            state: p.state,
            state_since: p.state_since,
            reasons: p.reasons.clone(),
            device: p.device.clone(),
            children: p.child_ids(),
        }
    }
}
