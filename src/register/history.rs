//! The register's own history read back: the newest entry about a photo
//! and a person's recent saves (for taking one back), and the re-checks
//! owed after a change, with the children they are about.

use super::{audit, Register, Result};
use rusqlite::params;

impl Register {
    /// The newest audit entry about a photo.
    pub fn last_entry_about(&self, photo: &str) -> Result<Option<audit::Record>> {
        // In order of `seq`: the newest is the last.
        Ok(audit::list(&self.conn, &audit::Filter { photo: Some(photo.to_string()), ..Default::default() })?.pop())
    }

    /// The photos whose newest audit entry is `actor`'s tag made at or
    /// after `since` (an RFC 3339 instant), newest first.
    pub fn saves_since(&self, actor: &str, since: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.photo_id FROM audit a
             WHERE a.action = ?3 AND a.actor = ?1 AND a.at >= ?2 AND a.photo_id IS NOT NULL
               AND a.seq = (SELECT MAX(b.seq) FROM audit b WHERE b.photo_id = a.photo_id)
             ORDER BY a.seq DESC",
        )?;
        let rows = stmt.query_map(params![actor, since, audit::Action::Tag.code()], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Appends an audit entry on its own (for actions that change no row,
    /// such as an export).
    pub fn audit(&mut self, entry: &audit::Entry<'_>) -> Result<()> {
        let tx = self.tx()?;
        audit::append(&tx, entry)?;
        tx.commit()?;
        Ok(())
    }

    // ---- re-checks owed --------------------------------------------------

    /// The re-checks owed: every change to the register that can change
    /// what is allowed (consent, children, aliases, guardians, devices)
    /// journals one in its own transaction (the schema's triggers), and the
    /// re-check removes it when it is done. Oldest first: (id, cause).
    pub fn rechecks_owed(&self) -> Result<Vec<(i64, String)>> {
        let mut stmt = self.conn.prepare("SELECT id, cause FROM rechecks ORDER BY id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The children whose photos the re-checks owed are about, when every
    /// one owed names a child (a consent or guardian change); `None` when
    /// none is owed or one is about everything (a child added or renamed,
    /// an alias, a device): then every photo is checked.
    pub fn recheck_scope(&self) -> Result<Option<Vec<String>>> {
        let (owed, unscoped): (i64, i64) =
            self.conn.query_row("SELECT count(*), count(*) - count(child_id) FROM rechecks", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        if owed == 0 || unscoped > 0 {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare("SELECT DISTINCT child_id FROM rechecks ORDER BY child_id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(Some(rows.collect::<rusqlite::Result<_>>()?))
    }

    /// The newest re-check owed, if any: a re-check that starts after it
    /// covers it and every one before.
    pub fn newest_recheck_owed(&self) -> Result<Option<i64>> {
        Ok(self.conn.query_row("SELECT max(id) FROM rechecks", [], |r| r.get(0))?)
    }

    /// A re-check that started when `upto` was the newest owed is done.
    pub fn rechecks_done(&mut self, upto: i64) -> Result<()> {
        let tx = self.tx()?;
        tx.execute("DELETE FROM rechecks WHERE id <= ?1", [upto])?;
        tx.commit()?;
        Ok(())
    }
}
