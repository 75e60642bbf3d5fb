//! The tamper-evident audit log: every state change is appended in the same
//! transaction as the change, carrying the seal of the entry before it.
//!
//! An entry's seal is computed over a JSON array of its sequence number,
//! time, actor, action, photo, child, detail and the previous seal, so
//! editing, removing or reordering any entry breaks the chain from there on.
//! The seal is an HMAC-SHA256 under the audit key, a secret kept outside the
//! database (`anchor`); entries written before a setup had the key carry a
//! plain SHA-256 and still verify as they did. After every committed write
//! the newest seal is appended to the checkpoint file, so a log cut at its
//! end, or rewritten from some entry on, no longer matches it.

mod action;
mod anchor;

pub use action::{describe, Action, Origin};
pub use anchor::{Anchor, Checkpoint, Checkpoints, Key};

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What one entry records.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: Action,
    pub photo: Option<&'a str>,
    pub child: Option<&'a str>,
    pub detail: serde_json::Value,
}

impl<'a> Entry<'a> {
    pub fn new(actor: &'a str, action: Action) -> Self {
        Entry { actor, action, photo: None, child: None, detail: serde_json::Value::Null }
    }
    pub fn photo(mut self, photo: &'a str) -> Self {
        self.photo = Some(photo);
        self
    }
    pub fn child(mut self, child: &'a str) -> Self {
        self.child = Some(child);
        self
    }
    pub fn detail(mut self, detail: serde_json::Value) -> Self {
        self.detail = detail;
        self
    }
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub photo: Option<String>,
    pub child: Option<String>,
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

/// The longest actor an entry records; a longer one is cut and marked.
const MAX_ACTOR: crate::limits::Field = crate::limits::Field::Short;

/// The text an entry's seal covers.
#[allow(clippy::too_many_arguments)]
fn canonical(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    photo: Option<&str>,
    child: Option<&str>,
    detail: &str,
    prev: &str,
) -> String {
    serde_json::json!([seq, at, actor, action, photo, child, detail, prev]).to_string()
}

/// An entry's seal: HMAC under the key from the key's first entry on, a
/// plain SHA-256 before it (and in registers without a key).
fn seal(key: Option<&Key>, seq: i64, canonical: &str) -> String {
    match key {
        Some(k) if seq >= k.from_seq => k.mac(canonical.as_bytes()),
        _ => hex::encode(Sha256::digest(canonical.as_bytes())),
    }
}

/// Where entries are appended: a write transaction that knows the chain's
/// key and is told of each entry, so that its head can be checkpointed once
/// the transaction commits.
pub trait Writer {
    fn conn(&self) -> &Connection;
    fn key(&self) -> Option<&Key>;
    fn appended(&self, seq: i64, seal: &str);
}

/// Appends an entry; call inside the transaction that makes the change.
pub fn append(w: &impl Writer, entry: &Entry<'_>) -> rusqlite::Result<i64> {
    let conn = w.conn();
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let at = crate::clock::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let actor = crate::limits::bounded(MAX_ACTOR, entry.actor);
    let detail = entry.detail.to_string();
    let text = canonical(seq, &at, &actor, entry.action.code(), entry.photo, entry.child, &detail, &prev);
    let hash = seal(w.key(), seq, &text);
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, photo_id, child_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at, actor, entry.action.code(), entry.photo, entry.child, detail, prev, hash],
    )?;
    w.appended(seq, &hash);
    Ok(seq)
}

/// What `verify` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Finding {
    Intact,
    /// An entry's contents no longer match its seal, or an entry is not the
    /// one a checkpoint vouches for, or the checkpoint file was edited.
    Altered,
    /// An entry is missing from the middle, entries were reordered, or a
    /// record on the register has lost the entry that created it.
    Removed,
    /// The log ends before the newest checkpoint: its end was cut off.
    Truncated,
    /// The log has sealed entries but the checkpoint file is gone.
    Unanchored,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub entries: u64,
    /// The first entry at which the chain breaks, and why.
    pub broken: Option<(i64, String)>,
    pub finding: Finding,
    /// The first entry sealed with the audit key (`None`: no key).
    pub keyed_from: Option<i64>,
    /// The newest entry the checkpoint file vouches for.
    pub checkpoint: Option<i64>,
}

impl Verification {
    fn broken(mut self, finding: Finding, seq: i64, why: String) -> Verification {
        self.finding = finding;
        self.broken = Some((seq, why));
        self
    }
}

/// A failure to read what verification needs (not a finding).
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("audit checkpoints: {0}")]
    Checkpoints(#[from] std::io::Error),
}

/// Walks the whole chain in order and reports the first break; then, with
/// an anchor, checks the checkpoint file against it.
pub fn verify(conn: &Connection, anchor: Option<&Anchor>) -> Result<Verification, AuditError> {
    let key = anchor.map(|a| &a.key);
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, photo_id, child_id, detail, prev_hash, hash FROM audit ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut v = Verification {
        entries: 0,
        broken: None,
        finding: Finding::Intact,
        keyed_from: key.map(|k| k.from_seq),
        checkpoint: None,
    };
    // Each entry's seal, by seq - 1, for the checkpoints.
    let mut seals: Vec<String> = Vec::new();
    while let Some(r) = rows.next()? {
        v.entries += 1;
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let actor: String = r.get(2)?;
        let action: String = r.get(3)?;
        let photo: Option<String> = r.get(4)?;
        let child: Option<String> = r.get(5)?;
        let detail: String = r.get(6)?;
        let prev: String = r.get(7)?;
        let hash: String = r.get(8)?;
        if seq != expected_seq {
            return Ok(v.broken(Finding::Removed, seq, format!("entry {expected_seq} is missing (next is {seq})")));
        }
        if prev != expected_prev {
            return Ok(v.broken(
                Finding::Removed,
                seq,
                "does not follow the entry before it (removed or reordered)".into(),
            ));
        }
        let text = canonical(seq, &at, &actor, &action, photo.as_deref(), child.as_deref(), &detail, &prev);
        if seal(key, seq, &text) != hash {
            let why = if key.is_some_and(|k| seq >= k.from_seq) {
                format!("entry {seq} altered: its seal does not match its contents under the audit key (changed after it was written, or rewritten without the key)")
            } else {
                "its contents were changed after it was written".into()
            };
            return Ok(v.broken(Finding::Altered, seq, why));
        }
        seals.push(hash.clone());
        expected_prev = hash;
        expected_seq += 1;
    }
    match anchor {
        Some(a) => check_checkpoints(v, &seals, a),
        None => Ok(v),
    }
}

/// Every checkpoint must name an entry that is still there with the seal it
/// had; the newest says how long the log was at least.
fn check_checkpoints(mut v: Verification, seals: &[String], anchor: &Anchor) -> Result<Verification, AuditError> {
    let last = i64::try_from(seals.len()).unwrap_or(i64::MAX);
    let Some(cps) = anchor.checkpoints()? else {
        if last >= anchor.key.from_seq {
            let why = format!(
                "the checkpoint file {} is missing: the end of the log is not vouched for (it may have been cut)",
                anchor.checkpoint_path().display()
            );
            return Ok(v.broken(Finding::Unanchored, last, why));
        }
        return Ok(v);
    };
    v.checkpoint = cps.valid.iter().map(|c| c.seq).max();
    if let Some(line) = cps.forged_line {
        let why = format!("the checkpoint file was altered at line {line}: its MAC does not hold under the audit key");
        return Ok(v.broken(Finding::Altered, last, why));
    }
    if let Some(newest) = v.checkpoint.filter(|&n| n > last) {
        let why = format!(
            "truncated after entry {last}: the checkpoint file vouches for entry {newest}, so {} entries were cut off the end",
            newest - last
        );
        return Ok(v.broken(Finding::Truncated, last, why));
    }
    let mut mismatched: Vec<i64> = cps
        .valid
        .iter()
        .filter(|c| usize::try_from(c.seq - 1).ok().and_then(|i| seals.get(i)) != Some(&c.head))
        .map(|c| c.seq)
        .collect();
    mismatched.sort_unstable();
    if let Some(&seq) = mismatched.first() {
        let why =
            format!("entry {seq} altered: it is not the entry the checkpoint file vouches for (the log was rewritten)");
        return Ok(v.broken(Finding::Altered, seq, why));
    }
    Ok(v)
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub photo: Option<String>,
    pub child: Option<String>,
}

/// Entries in order, optionally only those about one photo or child.
pub fn list(conn: &Connection, filter: &Filter) -> rusqlite::Result<Vec<Record>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, photo_id, child_id, detail, prev_hash, hash FROM audit
         WHERE (?1 IS NULL OR photo_id = ?1) AND (?2 IS NULL OR child_id = ?2) ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![filter.photo, filter.child], |r| {
        let detail: String = r.get(6)?;
        Ok(Record {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            photo: r.get(4)?,
            child: r.get(5)?,
            detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::String(detail)),
            prev_hash: r.get(7)?,
            hash: r.get(8)?,
        })
    })?;
    rows.collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A connection as a writer, with an optional anchor that is
    /// checkpointed on every append (a test has no transactions).
    struct W<'a> {
        conn: &'a Connection,
        anchor: Option<&'a Anchor>,
        head: RefCell<Option<(i64, String)>>,
    }

    impl Writer for W<'_> {
        fn conn(&self) -> &Connection {
            self.conn
        }
        fn key(&self) -> Option<&Key> {
            self.anchor.map(|a| &a.key)
        }
        fn appended(&self, seq: i64, seal: &str) {
            if let Some(a) = self.anchor {
                a.checkpoint(seq, seal).expect("checkpoint");
            }
            *self.head.borrow_mut() = Some((seq, seal.to_string()));
        }
    }

    fn w<'a>(conn: &'a Connection, anchor: Option<&'a Anchor>) -> W<'a> {
        W { conn, anchor, head: RefCell::new(None) }
    }

    fn schema(conn: &Connection) {
        conn.execute_batch(
            "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
             action TEXT NOT NULL, photo_id TEXT, child_id TEXT, detail TEXT NOT NULL,
             prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
        )
        .expect("schema");
    }

    fn add(conn: &Connection, anchor: Option<&Anchor>, n: usize) {
        for i in 0..n {
            let detail = serde_json::json!({ "n": i });
            append(&w(conn, anchor), &Entry::new("jess", Action::ChildAdd).child("C001").detail(detail))
                .expect("append");
        }
    }

    fn db() -> Connection {
        let conn = Connection::open_in_memory().expect("memory db");
        schema(&conn);
        add(&conn, None, 5);
        conn
    }

    /// A register with 3 entries from before the key and 3 sealed by it.
    fn keyed() -> (tempfile::TempDir, Connection, Anchor) {
        let dir = tempfile::tempdir().expect("dir");
        let conn = Connection::open_in_memory().expect("memory db");
        schema(&conn);
        add(&conn, None, 3);
        let anchor = Anchor::create(&dir.path().join("consentgate.db"), 4).expect("key");
        add(&conn, Some(&anchor), 3);
        (dir, conn, anchor)
    }

    fn broken_at(conn: &Connection, anchor: Option<&Anchor>) -> Option<(Finding, i64)> {
        let v = verify(conn, anchor).expect("verify");
        v.broken.map(|b| (v.finding, b.0))
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let v = verify(&db(), None).expect("verify");
        let intact =
            Verification { entries: 5, broken: None, finding: Finding::Intact, keyed_from: None, checkpoint: None };
        assert_eq!(v, intact);
    }

    #[test]
    fn an_edited_entry_is_found() {
        let conn = db();
        conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 3", []).expect("tamper");
        assert_eq!(broken_at(&conn, None), Some((Finding::Altered, 3)));
    }

    #[test]
    fn a_removed_entry_is_found() {
        let conn = db();
        conn.execute("DELETE FROM audit WHERE seq = 2", []).expect("tamper");
        assert_eq!(broken_at(&conn, None), Some((Finding::Removed, 3)));
    }

    #[test]
    fn reordered_entries_are_found() {
        let conn = db();
        conn.execute_batch(
            "UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 4;
             UPDATE audit SET seq = 4 WHERE seq = 100;",
        )
        .expect("tamper");
        assert_eq!(broken_at(&conn, None), Some((Finding::Removed, 2)));
    }

    /// Recomputes every plain seal from `from` on, as someone with only the
    /// database could.
    fn rechain(conn: &Connection, from: i64) {
        let records = list(conn, &Filter::default()).expect("list");
        let mut prev = records.iter().find(|r| r.seq == from - 1).map_or(GENESIS.to_string(), |r| r.hash.clone());
        for r in records.iter().filter(|r| r.seq >= from) {
            let actor = if r.seq == from { "mallory" } else { r.actor.as_str() };
            let text = canonical(
                r.seq,
                &r.at,
                actor,
                &r.action,
                r.photo.as_deref(),
                r.child.as_deref(),
                &r.detail.to_string(),
                &prev,
            );
            let hash = seal(None, r.seq, &text);
            conn.execute(
                "UPDATE audit SET actor = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
                params![r.seq, actor, prev, hash],
            )
            .expect("tamper");
            prev = hash;
        }
    }

    #[test]
    fn a_rehashed_edit_still_breaks_the_next_link() {
        let conn = db();
        // Edit entry 2 and fix up its own hash: entry 3 no longer follows it.
        let r = list(&conn, &Filter::default()).expect("list").remove(1);
        let text = canonical(r.seq, &r.at, "mallory", &r.action, None, r.child.as_deref(), "{}", &r.prev_hash);
        let forged = seal(None, r.seq, &text);
        conn.execute("UPDATE audit SET actor='mallory', detail='{}', hash=?1 WHERE seq=2", [forged]).expect("tamper");
        assert_eq!(broken_at(&conn, None), Some((Finding::Removed, 3)));
    }

    #[test]
    fn without_a_key_a_rewritten_chain_passes_which_is_why_there_is_one() {
        let conn = db();
        rechain(&conn, 2);
        assert_eq!(broken_at(&conn, None), None);
    }

    #[test]
    fn a_keyed_chain_verifies_old_entries_plain_and_new_ones_sealed() {
        let (_dir, conn, anchor) = keyed();
        let v = verify(&conn, Some(&anchor)).expect("verify");
        assert_eq!((v.entries, v.finding, v.keyed_from, v.checkpoint), (6, Finding::Intact, Some(4), Some(6)));
        // entry 2 is plain SHA-256 of its text; entry 5 is sealed with the key
        let records = list(&conn, &Filter::default()).expect("list");
        let text = |r: &Record| {
            canonical(r.seq, &r.at, &r.actor, &r.action, None, r.child.as_deref(), &r.detail.to_string(), &r.prev_hash)
        };
        assert_eq!(seal(None, 2, &text(&records[1])), records[1].hash);
        assert_ne!(seal(None, 5, &text(&records[4])), records[4].hash);
        assert_eq!(seal(Some(&anchor.key), 5, &text(&records[4])), records[4].hash);
    }

    #[test]
    fn a_keyed_chain_rewritten_without_the_key_is_found_where_it_was_edited() {
        let (_dir, conn, anchor) = keyed();
        rechain(&conn, 5);
        assert_eq!(broken_at(&conn, Some(&anchor)), Some((Finding::Altered, 5)));
    }

    #[test]
    fn rewriting_the_plain_part_is_found_at_the_first_sealed_entry() {
        let (_dir, conn, anchor) = keyed();
        // Entries 2 and 3 rewritten with plain hashes: 4 is sealed over 3's
        // old hash and no longer follows.
        rechain(&conn, 2);
        let found = broken_at(&conn, Some(&anchor));
        assert!(matches!(found, Some((Finding::Removed | Finding::Altered, 4))), "{found:?}");
    }

    #[test]
    fn cutting_the_end_is_found_by_the_checkpoints() {
        let (_dir, conn, anchor) = keyed();
        conn.execute("DELETE FROM audit WHERE seq >= 5", []).expect("tamper");
        let v = verify(&conn, Some(&anchor)).expect("verify");
        assert_eq!((v.finding, v.checkpoint), (Finding::Truncated, Some(6)));
        let (seq, why) = v.broken.expect("broken");
        assert_eq!(seq, 4);
        assert!(why.starts_with("truncated after entry 4"), "{why}");
    }

    #[test]
    fn a_lost_checkpoint_file_is_reported() {
        let (_dir, conn, anchor) = keyed();
        std::fs::remove_file(anchor.checkpoint_path()).expect("rm");
        assert_eq!(broken_at(&conn, Some(&anchor)), Some((Finding::Unanchored, 6)));
    }

    #[test]
    fn a_long_actor_is_cut() {
        let conn = db();
        let long = "x".repeat(100_000);
        append(&w(&conn, None), &Entry::new(&long, Action::LoginFailed)).expect("append");
        let r = list(&conn, &Filter::default()).expect("list").pop().expect("entry");
        assert!(r.actor.chars().count() <= 65 && r.actor.ends_with('…'), "{}", r.actor.len());
        assert_eq!(broken_at(&conn, None), None);
    }

    #[test]
    fn list_filters_by_photo_and_child() {
        let conn = db();
        append(&w(&conn, None), &Entry::new("jess", Action::Tag).photo("abc")).expect("append");
        assert_eq!(list(&conn, &Filter { photo: Some("abc".into()), child: None }).expect("list").len(), 1);
        assert_eq!(list(&conn, &Filter { photo: None, child: Some("C001".into()) }).expect("list").len(), 5);
    }
}
