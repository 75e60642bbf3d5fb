//! The tamper-evident audit log: every state change is appended in the same
//! transaction as the change, carrying the hash of the entry before it.
//!
//! An entry's hash is SHA-256 over a JSON array of its sequence number, time,
//! actor, action, photo, child, detail and the previous hash, so editing,
//! removing or reordering any entry breaks the chain from there on.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What one entry records.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub photo: Option<&'a str>,
    pub child: Option<&'a str>,
    pub detail: serde_json::Value,
}

impl<'a> Entry<'a> {
    pub fn new(actor: &'a str, action: &'a str) -> Self {
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

#[allow(clippy::too_many_arguments)]
fn entry_hash(
    seq: i64,
    at: &str,
    actor: &str,
    action: &str,
    photo: Option<&str>,
    child: Option<&str>,
    detail: &str,
    prev: &str,
) -> String {
    let canonical = serde_json::json!([seq, at, actor, action, photo, child, detail, prev]).to_string();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

/// Appends an entry; call inside the transaction that makes the change.
pub fn append(conn: &Connection, entry: &Entry<'_>) -> rusqlite::Result<i64> {
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let detail = entry.detail.to_string();
    let hash = entry_hash(seq, &at, entry.actor, entry.action, entry.photo, entry.child, &detail, &prev);
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, photo_id, child_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, at, entry.actor, entry.action, entry.photo, entry.child, detail, prev, hash],
    )?;
    Ok(seq)
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub entries: u64,
    /// The first entry at which the chain breaks, and why.
    pub broken: Option<(i64, String)>,
}

/// Walks the whole chain in order and reports the first break.
pub fn verify(conn: &Connection) -> rusqlite::Result<Verification> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, photo_id, child_id, detail, prev_hash, hash FROM audit ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut entries = 0u64;
    while let Some(r) = rows.next()? {
        entries += 1;
        let seq: i64 = r.get(0)?;
        let at: String = r.get(1)?;
        let actor: String = r.get(2)?;
        let action: String = r.get(3)?;
        let photo: Option<String> = r.get(4)?;
        let child: Option<String> = r.get(5)?;
        let detail: String = r.get(6)?;
        let prev: String = r.get(7)?;
        let hash: String = r.get(8)?;
        let broken = |why: String| Ok(Verification { entries, broken: Some((seq, why)) });
        if seq != expected_seq {
            return broken(format!("entry {expected_seq} is missing (next is {seq})"));
        }
        if prev != expected_prev {
            return broken("does not follow the entry before it (removed or reordered)".into());
        }
        let recomputed = entry_hash(seq, &at, &actor, &action, photo.as_deref(), child.as_deref(), &detail, &prev);
        if recomputed != hash {
            return broken("its contents were changed after it was written".into());
        }
        expected_prev = hash;
        expected_seq += 1;
    }
    Ok(Verification { entries, broken: None })
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

    fn db() -> Connection {
        let conn = Connection::open_in_memory().expect("memory db");
        conn.execute_batch(
            "CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL,
             action TEXT NOT NULL, photo_id TEXT, child_id TEXT, detail TEXT NOT NULL,
             prev_hash TEXT NOT NULL, hash TEXT NOT NULL)",
        )
        .expect("schema");
        for i in 0..5 {
            let detail = serde_json::json!({ "n": i });
            append(&conn, &Entry::new("jess", "child.add").child("C001").detail(detail)).expect("append");
        }
        conn
    }

    #[test]
    fn an_untouched_chain_verifies() {
        let v = verify(&db()).expect("verify");
        assert_eq!(v, Verification { entries: 5, broken: None });
    }

    #[test]
    fn an_edited_entry_is_found() {
        let conn = db();
        conn.execute("UPDATE audit SET actor = 'mallory' WHERE seq = 3", []).expect("tamper");
        assert_eq!(verify(&conn).expect("verify").broken.map(|b| b.0), Some(3));
    }

    #[test]
    fn a_removed_entry_is_found() {
        let conn = db();
        conn.execute("DELETE FROM audit WHERE seq = 2", []).expect("tamper");
        assert_eq!(verify(&conn).expect("verify").broken.map(|b| b.0), Some(3));
    }

    #[test]
    fn reordered_entries_are_found() {
        let conn = db();
        conn.execute_batch(
            "UPDATE audit SET seq = 100 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 4;
             UPDATE audit SET seq = 4 WHERE seq = 100;",
        )
        .expect("tamper");
        assert_eq!(verify(&conn).expect("verify").broken.map(|b| b.0), Some(2));
    }

    #[test]
    fn a_rehashed_edit_still_breaks_the_next_link() {
        let conn = db();
        // Edit entry 2 and fix up its own hash: entry 3 no longer follows it.
        let r = list(&conn, &Filter::default()).expect("list").remove(1);
        let forged = entry_hash(r.seq, &r.at, "mallory", &r.action, None, r.child.as_deref(), "{}", &r.prev_hash);
        conn.execute("UPDATE audit SET actor='mallory', detail='{}', hash=?1 WHERE seq=2", [forged]).expect("tamper");
        assert_eq!(verify(&conn).expect("verify").broken.map(|b| b.0), Some(3));
    }

    #[test]
    fn list_filters_by_photo_and_child() {
        let conn = db();
        append(&conn, &Entry::new("jess", "tag").photo("abc")).expect("append");
        assert_eq!(list(&conn, &Filter { photo: Some("abc".into()), child: None }).expect("list").len(), 1);
        assert_eq!(list(&conn, &Filter { photo: None, child: Some("C001".into()) }).expect("list").len(), 5);
    }
}
