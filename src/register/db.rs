//! The register's one connection and its one way to write.
//!
//! Every connection waits for a busy database (the busy timeout) rather
//! than failing, and every write transaction starts IMMEDIATE: it takes the
//! write lock up front, so two writers queue instead of one failing with
//! "database is locked" when it upgrades a read to a write. A committed
//! write that appended audit entries then checkpoints the new head (see
//! [`crate::audit::Anchor`]). The database and its `-wal`/`-shm` files are
//! owner-only (0600): they hold children's names.

use super::Result;
use crate::audit::{self, Action, Anchor, Key};
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::cell::RefCell;
use std::ops::Deref;
use std::path::Path;
use std::time::Duration;

/// How long a connection waits for another writer before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The actor of entries the register writes on its own.
const SYSTEM_ACTOR: &str = "consentgate";

pub(crate) struct Db {
    conn: Connection,
    anchor: Option<Anchor>,
}

impl Deref for Db {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl Db {
    /// Opens (creating it owner-only if needed) and migrates the register
    /// at `path`; loads the audit key beside it, creating it on first use.
    pub(super) fn open(path: &Path) -> Result<Db> {
        make_private(path)?;
        let mut db = Self::setup(Connection::open(path)?)?;
        db.anchor_at(path)?;
        Ok(db)
    }

    /// A connection already migrated (tests of an upgrade).
    #[cfg(test)]
    pub(super) fn wrap(conn: Connection) -> Db {
        Db { conn, anchor: None }
    }

    pub(super) fn in_memory() -> Result<Db> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Db> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A re-check of a child in a year of photos sorts and looks up
        // 100,000 ids: in memory, not in temporary files, with a 32 MiB
        // cache, and the first 64 MiB of the file read in place (mapped)
        // rather than copied page by page (0.9 s -> 0.7 s at 90,000 photos;
        // the mapped pages are the file's, which the system can drop).
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", -32_768)?;
        conn.pragma_update(None, "mmap_size", 67_108_864)?;
        super::MIGRATIONS.to_latest(&mut conn)?;
        Ok(Db { conn, anchor: None })
    }

    /// The audit key and checkpoint file (none for an in-memory register).
    pub fn anchor(&self) -> Option<&Anchor> {
        self.anchor.as_ref()
    }

    /// A write transaction: IMMEDIATE, checkpointed on commit.
    pub fn transaction(&mut self) -> rusqlite::Result<Tx<'_>> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Tx { tx, anchor: self.anchor.as_ref(), head: RefCell::new(None) })
    }

    /// Loads the audit key beside the database, or makes one. A register
    /// that already has entries gets an entry saying the chain is sealed
    /// with the key from there on (under the write lock, so that only one
    /// process makes the key).
    fn anchor_at(&mut self, path: &Path) -> Result<()> {
        if let Some(a) = Anchor::load(path)? {
            self.anchor = Some(a);
            return Ok(());
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (anchor, last) = match Anchor::load(path)? {
            Some(a) => (a, None),
            None => {
                let last: i64 = tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM audit", [], |r| r.get(0))?;
                (Anchor::create(path, last + 1)?, Some(last))
            }
        };
        let tx = Tx { tx, anchor: Some(&anchor), head: RefCell::new(None) };
        if let Some(last) = last.filter(|&l| l > 0) {
            audit::append(
                &tx,
                &audit::Entry::new(SYSTEM_ACTOR, Action::AuditKeyed).detail(serde_json::json!({
                    "from_seq": last + 1,
                    "note": "the chain was re-anchored here: from this entry on every entry is sealed with the \
                             audit key and checkpointed outside the database",
                })),
            )?;
        }
        tx.commit()?;
        self.anchor = Some(anchor);
        Ok(())
    }
}

/// A write transaction of the register. Reads and writes go through it as
/// through a [`Transaction`]; audit entries appended in it are sealed with
/// the register's key, and the head is checkpointed once it commits.
pub(crate) struct Tx<'a> {
    tx: Transaction<'a>,
    anchor: Option<&'a Anchor>,
    head: RefCell<Option<(i64, String)>>,
}

impl<'a> Deref for Tx<'a> {
    type Target = Transaction<'a>;
    fn deref(&self) -> &Transaction<'a> {
        &self.tx
    }
}

impl audit::Writer for Tx<'_> {
    fn conn(&self) -> &Connection {
        &self.tx
    }
    fn key(&self) -> Option<&Key> {
        self.anchor.map(|a| &a.key)
    }
    fn appended(&self, seq: i64, seal: &str) {
        *self.head.borrow_mut() = Some((seq, seal.to_string()));
    }
}

impl Tx<'_> {
    /// Commits, then checkpoints the newest audit entry it wrote. The change
    /// is in by then: a checkpoint that cannot be written is logged, and
    /// the next commit's checkpoint covers it.
    pub fn commit(self) -> rusqlite::Result<()> {
        let head = self.head.into_inner();
        self.tx.commit()?;
        if let (Some(anchor), Some((seq, seal))) = (self.anchor, head) {
            if let Err(e) = anchor.checkpoint(seq, &seal) {
                tracing::error!(
                    "could not checkpoint audit entry {seq} in {}: {e}",
                    anchor.checkpoint_path().display()
                );
            }
        }
        Ok(())
    }
}

/// Makes the database owner-only before SQLite opens it: a new one is
/// created empty with mode 0600, and the files of an existing setup lose
/// group and other permissions. SQLite gives the `-wal` and `-shm` files it
/// creates later the database file's mode, so they are 0600 too.
#[cfg(unix)]
fn make_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    match std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path) {
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e),
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::metadata(&p) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600))?
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
