//! What the inbox's passes left there: files not taken that waiting a
//! moment will not take either. Each pass replaces the record; the manager's
//! overview and `doctor` read it, so a file that fails on every pass (or a
//! link never followed) is seen by a person, not only by a log.

use super::{Register, Result};
use crate::model::At;
use rusqlite::params;
use serde::Serialize;
use std::collections::HashMap;

/// Why a file stays in the inbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftKind {
    /// Taking it failed, or it could not be checked now: tried again on
    /// every pass.
    Failed,
    /// Tags for a photo that has not arrived.
    Waiting,
    /// Never taken by design (a link, a FIFO, a folder nested too deep).
    Skipped,
}

impl LeftKind {
    fn as_str(self) -> &'static str {
        match self {
            LeftKind::Failed => "failed",
            LeftKind::Waiting => "waiting",
            LeftKind::Skipped => "skipped",
        }
    }

    fn parse(s: &str) -> LeftKind {
        match s {
            "waiting" => LeftKind::Waiting,
            "skipped" => LeftKind::Skipped,
            _ => LeftKind::Failed,
        }
    }
}

/// A file the passes have left in the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftFile {
    /// The path relative to the inbox.
    pub file: String,
    pub kind: LeftKind,
    /// Why, as the last pass said it.
    pub detail: String,
    /// The first and the last pass that left it.
    pub first_seen: At,
    pub last_seen: At,
    /// How many passes have left it.
    pub passes: i64,
}

impl Register {
    /// Records one pass: `left` are the files it left (with why), `pending`
    /// the files it did not decide on yet (still being written, say), whose
    /// record stands; every other file's record goes (taken, or gone).
    pub fn note_inbox_pass(&mut self, left: &[(String, LeftKind, String)], pending: &[&str]) -> Result<()> {
        let before = self.inbox_left()?;
        if before.is_empty() && left.is_empty() {
            return Ok(());
        }
        let now = At::now();
        let known: HashMap<&str, &LeftFile> = before.iter().map(|l| (l.file.as_str(), l)).collect();
        let tx = self.tx()?;
        for l in &before {
            if !pending.contains(&l.file.as_str()) && !left.iter().any(|(f, _, _)| *f == l.file) {
                tx.execute("DELETE FROM inbox_left WHERE file = ?1", [&l.file])?;
            }
        }
        for (file, kind, detail) in left {
            let (first, passes) = known.get(file.as_str()).map_or((now, 0), |l| (l.first_seen, l.passes));
            tx.execute(
                "INSERT OR REPLACE INTO inbox_left (file, outcome, detail, first_seen, last_seen, passes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![file, kind.as_str(), detail, first, now, passes + 1],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The files the passes have left in the inbox, longest waiting first.
    pub fn inbox_left(&self) -> Result<Vec<LeftFile>> {
        let mut st = self.conn.prepare(
            "SELECT file, outcome, detail, first_seen, last_seen, passes FROM inbox_left ORDER BY first_seen, file",
        )?;
        let rows = st.query_map([], |r| {
            Ok(LeftFile {
                file: r.get(0)?,
                kind: LeftKind::parse(&r.get::<_, String>(1)?),
                detail: r.get(2)?,
                first_seen: r.get(3)?,
                last_seen: r.get(4)?,
                passes: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
