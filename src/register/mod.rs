//! The register: SQLite schema, migrations and typed queries.
//!
//! Every change goes through a method here that writes the change and its
//! audit entry in one transaction. Migrations are numbered `.sql` files
//! compiled into the binary and applied when the register is opened.

mod error;
pub use error::RegisterError;
mod breaches;
mod db;
mod decisions;
mod devices;
mod disclosures;
mod erasure;
mod history;
mod inbox;
pub use inbox::{LeftFile, LeftKind};
pub mod import;
mod photo_record;
mod photos;
mod pictures;
mod requests;
mod retention;
mod users;
pub use users::UserInfo;

pub use breaches::{Breach, REPORT_WITHIN_HOURS};
pub use disclosures::{Disclosed, Disclosing, Disclosure, DisclosureKind, TakeDown};
pub use erasure::Erasing;
pub use photos::{
    state_for, Change, FaceRow, Incident, MediaInfo, NewPhoto, PhotoFilter, PhotoOrder, PhotoRecord, PhotoSummary,
    StoredFacts, TagRow,
};
pub use pictures::{ChildPicture, RemovedPicture};
pub use requests::{due_on, Request, ERASURE};

use crate::audit::{self, Action};
use crate::limits::Field;
use crate::model::{lookup_child, Child, ChildId, ConsentAction, ConsentEvent, Device, GuardianLink, Lookup};
use crate::policy::Snapshot;
use chrono::NaiveDate;
use db::{Db, Tx};
use rusqlite::{params, Connection, OptionalExtension};
use rusqlite_migration::{Migrations, M};
use std::path::Path;
use std::sync::LazyLock;

pub type Result<T, E = RegisterError> = std::result::Result<T, E>;

/// The schema's migrations, oldest first: one SQL file per version.
const MIGRATION_SQL: &[&str] = &[
    include_str!("migrations/001_register.sql"),
    include_str!("migrations/002_manager.sql"),
    include_str!("migrations/003_disclosures.sql"),
    include_str!("migrations/004_requests.sql"),
    include_str!("migrations/005_breaches.sql"),
    include_str!("migrations/006_users.sql"),
    include_str!("migrations/007_child_pictures.sql"),
    include_str!("migrations/008_face_ledger.sql"),
    include_str!("migrations/009_must_wait.sql"),
    include_str!("migrations/010_audit_indexes.sql"),
    include_str!("migrations/011_scoped_rechecks.sql"),
    include_str!("migrations/012_inbox_left.sql"),
];

static MIGRATIONS: LazyLock<Migrations<'static>> =
    LazyLock::new(|| Migrations::new(MIGRATION_SQL.iter().map(|sql| M::up(sql)).collect()));

/// A consistent copy of the register at `db` in the new file `dest`, taken
/// with SQLite's online backup in one step while writers wait: every
/// committed transaction up to that moment and nothing after it.
pub fn backup(db: &Path, dest: &Path) -> Result<()> {
    let src = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
    src.busy_timeout(db::BUSY_TIMEOUT)?;
    let mut dst = Connection::open(dest)?;
    let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
    // All pages in one step (-1): one read transaction, one moment.
    loop {
        match backup.step(-1)? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            _ => std::thread::sleep(std::time::Duration::from_millis(20)),
        }
    }
}

/// The photo states in a copy of the register (as [`backup`] makes), read
/// without migrating it or touching the audit key.
pub fn photo_states_of(copy: &Path) -> Result<Vec<(String, crate::model::PhotoState)>> {
    photos::photo_states_in(&Connection::open(copy)?)
}

/// The number of schema versions this build knows.
pub fn schema_versions() -> usize {
    MIGRATION_SQL.len()
}

pub(crate) fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok())
}

pub(crate) fn now() -> String {
    crate::clock::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// An open register.
pub struct Register {
    conn: Db,
}

impl Register {
    /// Opens (creating if needed) and migrates the register at `path`.
    pub fn open(path: &Path) -> Result<Register> {
        Ok(Register { conn: Db::open(path)? })
    }

    /// A fresh in-memory register, for tests.
    pub fn open_in_memory() -> Result<Register> {
        Ok(Register { conn: Db::in_memory()? })
    }

    /// The raw connection, for the audit reader and tests.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    fn tx(&mut self) -> Result<Tx<'_>> {
        Ok(self.conn.transaction()?)
    }

    // ---- children --------------------------------------------------------

    pub fn add_child(&mut self, child: &Child, actor: &str) -> Result<()> {
        let tx = self.tx()?;
        insert_child(&tx, child, actor)?;
        tx.commit()?;
        Ok(())
    }

    /// Adds every child or none: the CSV import.
    pub fn add_children(&mut self, children: &[Child], actor: &str) -> Result<()> {
        let tx = self.tx()?;
        for c in children {
            insert_child(&tx, c, actor)?;
        }
        tx.commit()?;
        Ok(())
    }

    pub fn set_leaving_date(&mut self, id: &str, left: NaiveDate, actor: &str) -> Result<()> {
        let tx = self.tx()?;
        let n = tx.execute("UPDATE children SET left_on = ?2 WHERE id = ?1", params![id, date_str(left)])?;
        if n == 0 {
            return Err(RegisterError::NotFound { what: "child", id: id.into() });
        }
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::ChildLeave)
                .child(id)
                .detail(serde_json::json!({ "left": date_str(left) })),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn children(&self) -> Result<Vec<Child>> {
        let mut aliases = std::collections::HashMap::<String, Vec<String>>::new();
        let mut stmt = self.conn.prepare("SELECT child_id, alias FROM child_aliases ORDER BY rowid")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (c, a) = row?;
            aliases.entry(c).or_default().push(a);
        }
        let mut stmt = self.conn.prepare("SELECT id, name, room, started, left_on FROM children ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            let id: ChildId = r.get(0)?;
            Ok(Child {
                aliases: aliases.get(id.as_str()).cloned().unwrap_or_default(),
                id,
                name: r.get(1)?,
                room: r.get(2)?,
                started: parse_date(r.get(3)?),
                left: parse_date(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finds a child by id, name or alias (case-insensitive).
    pub fn find_child(&self, label: &str) -> Result<Child> {
        let children = self.children()?;
        found(label, lookup_child(&children, label), &children)
    }

    /// [`Register::find_child`], or by a first name only one child has: for
    /// what a manager types, never for a photo's tags (see
    /// [`crate::model::lookup_child_by_first_name`]).
    pub fn find_child_by_first_name(&self, label: &str) -> Result<Child> {
        let children = self.children()?;
        found(label, crate::model::lookup_child_by_first_name(&children, label), &children)
    }

    // ---- guardians -------------------------------------------------------

    /// Ties a guardian to a child, creating the guardian if new. The same
    /// guardian id may be tied to several children (siblings) but must keep
    /// one name.
    pub fn add_guardian(&mut self, link: &GuardianLink, actor: &str) -> Result<()> {
        check_text(&[
            (Field::Name, "the guardian's name", Some(&link.name)),
            (Field::Short, "the relationship", Some(&link.relationship)),
        ])?;
        let tx = self.tx()?;
        let known: Option<String> =
            tx.query_row("SELECT name FROM guardians WHERE id = ?1", [&link.guardian_id], |r| r.get(0)).optional()?;
        match known {
            Some(name) if name != link.name => {
                return Err(RegisterError::GuardianIdTaken { id: link.guardian_id.clone(), name })
            }
            Some(_) => {}
            None => {
                tx.execute("INSERT INTO guardians (id, name) VALUES (?1, ?2)", params![link.guardian_id, link.name])?;
            }
        }
        let exists: bool = tx.query_row(
            "SELECT EXISTS(SELECT 1 FROM guardian_links WHERE guardian_id = ?1 AND child_id = ?2)",
            params![link.guardian_id, link.child_id],
            |r| r.get(0),
        )?;
        if exists {
            return Err(RegisterError::Duplicate {
                what: "guardian",
                id: format!("{} of {}", link.guardian_id, link.child_id),
            });
        }
        tx.execute(
            "INSERT INTO guardian_links (guardian_id, child_id, relationship, parental_responsibility)
             VALUES (?1, ?2, ?3, ?4)",
            params![link.guardian_id, link.child_id, link.relationship, link.parental_responsibility],
        )?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::GuardianAdd).child(&link.child_id).detail(serde_json::json!({
                "guardian": link.guardian_id,
                "relationship": link.relationship,
                "parental_responsibility": link.parental_responsibility,
            })),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn guardian_links(&self) -> Result<Vec<GuardianLink>> {
        let mut stmt = self.conn.prepare(
            "SELECT l.guardian_id, l.child_id, g.name, l.relationship, l.parental_responsibility
             FROM guardian_links l JOIN guardians g ON g.id = l.guardian_id ORDER BY l.child_id, l.guardian_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(GuardianLink {
                guardian_id: r.get(0)?,
                child_id: r.get(1)?,
                name: r.get(2)?,
                relationship: r.get(3)?,
                parental_responsibility: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- consent ---------------------------------------------------------

    /// Records consent events, all or none. `seq` of each is ignored. A
    /// withdrawal or refusal opens take-downs for copies already disclosed.
    pub fn add_consent_events(&mut self, events: &[ConsentEvent], actor: &str) -> Result<()> {
        let tx = self.tx()?;
        for ev in events {
            check_text(&[(Field::Note, "the evidence", ev.evidence.as_deref())])?;
            let linked: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM guardian_links WHERE guardian_id = ?1 AND child_id = ?2)",
                params![ev.by, ev.child_id],
                |r| r.get(0),
            )?;
            if !linked {
                return Err(RegisterError::NotAGuardian { guardian: ev.by.clone(), child: ev.child_id.clone() });
            }
            tx.execute(
                "INSERT INTO consent_events (child_id, purpose, action, guardian_id, date, review_by, evidence, recorded_at, recorded_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    ev.child_id,
                    ev.purpose,
                    ev.action.as_str(),
                    ev.by,
                    date_str(ev.date),
                    ev.review_by.map(date_str),
                    ev.evidence,
                    now(),
                    actor
                ],
            )?;
            audit::append(
                &tx,
                &audit::Entry::new(actor, Action::consent(ev.action)).child(&ev.child_id).detail(serde_json::json!({
                    "purpose": ev.purpose, "by": ev.by, "date": date_str(ev.date),
                    "review_by": ev.review_by.map(date_str),
                })),
            )?;
            if matches!(ev.action, ConsentAction::Withdraw | ConsentAction::Refuse) {
                disclosures::open_takedowns_in(&tx, &ev.child_id, &ev.purpose, actor)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    pub fn consent_events(&self, child: Option<&str>) -> Result<Vec<ConsentEvent>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, child_id, purpose, action, guardian_id, date, review_by, evidence
             FROM consent_events WHERE (?1 IS NULL OR child_id = ?1) ORDER BY seq",
        )?;
        let rows = stmt.query_map([child], |r| {
            let action: String = r.get(3)?;
            let date: String = r.get(5)?;
            Ok(ConsentEvent {
                seq: r.get(0)?,
                child_id: r.get(1)?,
                purpose: r.get(2)?,
                action: ConsentAction::parse(&action).unwrap_or(ConsentAction::Refuse),
                by: r.get(4)?,
                date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or(NaiveDate::MIN),
                review_by: parse_date(r.get(6)?),
                evidence: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    // ---- devices: see devices.rs ------------------------------------------

    // ---- decisions -------------------------------------------------------

    /// Everything the policy reads, as plain data.
    pub fn snapshot(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            children: self.children()?,
            guardians: self.guardian_links()?,
            consents: self.consent_events(None)?,
            devices: self.devices()?,
        })
    }

    // ---- audit -----------------------------------------------------------

    /// Checks the chain's seals and the checkpoint file, then that every
    /// photo and child on the register has the entry that created it: a
    /// chain can be cut at its end without breaking a link, but not without
    /// losing those (nor, with the audit key, without falling short of the
    /// newest checkpoint).
    /// SQLite's quick check of the database file: "ok", or what is wrong.
    pub fn quick_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA quick_check", [], |r| r.get(0))?)
    }

    pub fn audit_verify(&self) -> Result<audit::Verification> {
        // Every way a photo comes onto the register, as a JSON list of codes.
        let arrivals = || {
            use crate::policy::Verdict;
            let codes: Vec<&str> = [audit::Origin::Ingest, audit::Origin::Redact]
                .into_iter()
                .flat_map(|o| {
                    [Verdict::Store, Verdict::AwaitTags, Verdict::Quarantine].map(|v| Action::arrived(o, v).code())
                })
                .collect();
            serde_json::Value::from(codes).to_string()
        };
        let mut v = audit::verify(&self.conn, self.conn.anchor())?;
        if v.broken.is_some() && v.finding != audit::Finding::Truncated {
            return Ok(v);
        }
        let orphan: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT 'photo', id FROM photos p WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.photo_id = p.id
                   AND a.action IN (SELECT value FROM json_each(?1)))
                 UNION ALL
                 SELECT 'child', id FROM children c WHERE NOT EXISTS (SELECT 1 FROM audit a WHERE a.child_id = c.id
                   AND a.action = ?2)
                 LIMIT 1",
                params![arrivals(), Action::ChildAdd.code()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some((what, id)) = orphan {
            let lost = format!("{what} {id} has no record of how it came onto the register: entries were removed");
            match &mut v.broken {
                Some((_, why)) => *why = format!("{why}; {lost}"),
                None => {
                    let last = i64::try_from(v.entries).unwrap_or(i64::MAX);
                    v.finding = audit::Finding::Removed;
                    v.broken = Some((last, lost));
                }
            }
        }
        Ok(v)
    }

    pub fn audit_list(&self, filter: &audit::Filter) -> Result<Vec<audit::Record>> {
        Ok(audit::list(&self.conn, filter)?)
    }
}

/// Checks one text field against [`crate::limits`]: bad input, named.
fn check_field(field: Field, name: &str, value: &str) -> Result<()> {
    Ok(crate::limits::check(field, name, value)?)
}

/// Checks several text fields (absent ones pass).
fn check_text(fields: &[(Field, &str, Option<&str>)]) -> Result<()> {
    for (field, name, value) in fields {
        if let Some(v) = value {
            check_field(*field, name, v)?;
        }
    }
    Ok(())
}

fn insert_child(tx: &Tx<'_>, c: &Child, actor: &str) -> Result<()> {
    check_text(&[(Field::Name, "the child's name", Some(&c.name)), (Field::Short, "the room", c.room.as_deref())])?;
    for a in &c.aliases {
        check_text(&[(Field::Short, "an alias", Some(a))])?;
    }
    let exists: bool =
        tx.query_row("SELECT EXISTS(SELECT 1 FROM children WHERE id = ?1 COLLATE NOCASE)", [&c.id], |r| r.get(0))?;
    if exists {
        return Err(RegisterError::Duplicate { what: "child", id: c.id.to_string() });
    }
    tx.execute(
        "INSERT INTO children (id, name, room, started, left_on, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![c.id, c.name, c.room, c.started.map(date_str), c.left.map(date_str), now()],
    )?;
    for a in &c.aliases {
        tx.execute("INSERT OR IGNORE INTO child_aliases (child_id, alias) VALUES (?1, ?2)", params![c.id, a])?;
    }
    // The audit carries the id only: children's names stay out of logs.
    audit::append(
        tx,
        &audit::Entry::new(actor, Action::ChildAdd).child(&c.id).detail(serde_json::json!({ "room": c.room })),
    )?;
    Ok(())
}

fn found(label: &str, lookup: Lookup<'_>, children: &[Child]) -> Result<Child> {
    match lookup {
        Lookup::Found(c) => Ok(c.clone()),
        Lookup::Unknown => {
            let like = crate::model::children_like(children, label);
            if like.is_empty() {
                return Err(RegisterError::NotFound { what: "child", id: label.into() });
            }
            let names: Vec<String> = like.iter().map(|c| format!("{} ({})", c.name, c.id)).collect();
            Err(RegisterError::NotFoundLike { what: "child", id: label.into(), like: names.join(", ") })
        }
        Lookup::Ambiguous(ids) => Err(RegisterError::Ambiguous { label: label.into(), candidates: ids.join(", ") }),
    }
}

#[cfg(test)]
mod tests;

/// Plain records for unit tests elsewhere in the crate.
#[cfg(test)]
pub(crate) mod tests_support {
    use super::*;

    /// A waiting photo with nothing known about it.
    pub fn photo(id: &str) -> PhotoRecord {
        PhotoRecord {
            id: id.into(),
            state: crate::model::PhotoState::AwaitingTags,
            source_name: format!("{id}.jpg"),
            source_folder: None,
            format: "jpeg".into(),
            bytes: 1,
            width: Some(100),
            height: Some(100),
            captured_at: None,
            device: None,
            purposes: vec!["learning_journey".into()],
            tagged: false,
            nobody: false,
            reported: false,
            reasons: Vec::new(),
            stored: StoredFacts {
                facts: crate::policy::Facts::new(chrono::NaiveDate::MIN),
                media: MediaInfo::default(),
            },
            received_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
            state_since: "2026-01-01T00:00:00Z".into(),
            deleted_at: None,
            deleted_rule: None,
            derived_from: None,
            tags: Vec::new(),
            faces: None,
            clock_since: None,
            kept: None,
        }
    }
}
