//! What keeps the audit log honest from outside the database: the audit key
//! and the checkpoint file, both in the data folder beside the register.
//!
//! `audit.key` holds a random 256-bit secret and the first entry it seals;
//! every entry from there on carries an HMAC-SHA256 under it instead of a
//! plain hash, so an edit cannot be "fixed up" by recomputing the chain
//! without the key. `audit.checkpoints` gets a line `SEQ HEAD MAC` after
//! every committed write: the newest entry and its seal, vouched for by the
//! key. A log cut at its end is then shorter than its last checkpoint.
//! Both files are created owner-only (0600).

use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

const KEY_FILE: &str = "audit.key";
const CHECKPOINT_FILE: &str = "audit.checkpoints";
const KEY_HEADER: &str = "# consentgate audit key: it keeps the audit log tamper-evident.\n\
# Back it up with the identity; whoever holds it can rewrite the log.\n";

/// The secret that seals the chain from entry `from_seq` on.
#[derive(Clone)]
pub struct Key {
    secret: [u8; 32],
    /// The first entry sealed with the key; entries before it were written
    /// before the key existed and carry a plain SHA-256 chain.
    pub from_seq: i64,
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Key").field("from_seq", &self.from_seq).finish_non_exhaustive()
    }
}

impl Key {
    /// A fresh random key sealing entries from `from_seq` on.
    pub fn generate(from_seq: i64) -> Key {
        use argon2::password_hash::rand_core::{OsRng, RngCore};
        let mut secret = [0u8; 32];
        OsRng.fill_bytes(&mut secret);
        Key { secret, from_seq }
    }

    /// HMAC-SHA256 of `message` under the key, in hex.
    pub fn mac(&self, message: &[u8]) -> String {
        // HMAC takes a key of any length: this cannot fail.
        let mut m = <Hmac<Sha256> as Mac>::new_from_slice(&self.secret).unwrap_or_else(|_| unreachable!());
        m.update(message);
        hex::encode(m.finalize().into_bytes())
    }

    /// Whether `mac_hex` is the MAC of `message` (compared in constant time).
    pub fn verify(&self, message: &[u8], mac_hex: &str) -> bool {
        let Ok(expected) = hex::decode(mac_hex) else { return false };
        let Ok(mut m) = <Hmac<Sha256> as Mac>::new_from_slice(&self.secret) else { return false };
        m.update(message);
        m.verify_slice(&expected).is_ok()
    }

    fn checkpoint_message(seq: i64, head: &str) -> Vec<u8> {
        format!("consentgate audit checkpoint {seq} {head}").into_bytes()
    }

    fn to_text(&self) -> String {
        format!("{KEY_HEADER}key {}\nfrom-seq {}\n", hex::encode(self.secret), self.from_seq)
    }

    fn parse(text: &str) -> Option<Key> {
        let mut secret = None;
        let mut from_seq = None;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            match line.split_once(' ') {
                Some(("key", v)) => secret = hex::decode(v.trim()).ok().and_then(|b| <[u8; 32]>::try_from(b).ok()),
                Some(("from-seq", v)) => from_seq = v.trim().parse().ok(),
                _ => {}
            }
        }
        Some(Key { secret: secret?, from_seq: from_seq? })
    }
}

/// One line of the checkpoint file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub head: String,
}

/// The checkpoint file as read: the lines whose MAC holds, and the first
/// line that does not (1-based), if any.
#[derive(Debug, Default)]
pub struct Checkpoints {
    pub valid: Vec<Checkpoint>,
    pub forged_line: Option<usize>,
}

/// The key and checkpoint files of one register.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub key: Key,
    dir: PathBuf,
}

/// Opens a file owner-only: created 0600, and tightened if it is not.
fn private_open(path: &Path, opts: &mut std::fs::OpenOptions) -> std::io::Result<std::fs::File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        let f = opts.open(path)?;
        if f.metadata()?.permissions().mode() & 0o077 != 0 {
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(f)
    }
    #[cfg(not(unix))]
    opts.open(path)
}

/// The folder of the database file, where the anchor's files live.
fn folder_of(db: &Path) -> PathBuf {
    db.parent().unwrap_or(Path::new(".")).to_path_buf()
}

impl Anchor {
    /// The anchor beside the database at `db`, if its key exists.
    pub fn load(db: &Path) -> std::io::Result<Option<Anchor>> {
        let dir = folder_of(db);
        let mut text = String::new();
        match private_open(&dir.join(KEY_FILE), std::fs::OpenOptions::new().read(true)) {
            Ok(mut f) => f.read_to_string(&mut text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let key = Key::parse(&text).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} is not an audit key", dir.join(KEY_FILE).display()),
            )
        })?;
        Ok(Some(Anchor { key, dir }))
    }

    /// Writes a new key beside the database at `db`, sealing from
    /// `from_seq`. The file appears whole or not at all; if another process
    /// made one first, that one is returned.
    pub fn create(db: &Path, from_seq: i64) -> std::io::Result<Anchor> {
        let dir = folder_of(db);
        let key = Key::generate(from_seq);
        // A temporary file is created 0600; it takes the name only if no
        // key is there yet.
        let mut tmp = tempfile::Builder::new().prefix(".audit.key.").tempfile_in(&dir)?;
        tmp.write_all(key.to_text().as_bytes())?;
        tmp.as_file().sync_all()?;
        match tmp.persist_noclobber(dir.join(KEY_FILE)) {
            Ok(_) => {
                std::fs::File::open(&dir)?.sync_all()?;
                Ok(Anchor { key, dir })
            }
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                Self::load(db)?.ok_or_else(|| std::io::Error::other("the audit key vanished while it was created"))
            }
            Err(e) => Err(e.error),
        }
    }

    pub fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE)
    }

    pub fn checkpoint_path(&self) -> PathBuf {
        self.dir.join(CHECKPOINT_FILE)
    }

    /// Appends a checkpoint for the committed entry `seq` with seal `head`
    /// (one write of one line: lines from several processes never mix).
    pub fn checkpoint(&self, seq: i64, head: &str) -> std::io::Result<()> {
        let line = format!("{seq} {head} {}\n", self.key.mac(&Key::checkpoint_message(seq, head)));
        let mut f = private_open(&self.checkpoint_path(), std::fs::OpenOptions::new().append(true).create(true))?;
        f.write_all(line.as_bytes())
    }

    /// Reads the checkpoint file; `None` when there is none.
    pub fn checkpoints(&self) -> std::io::Result<Option<Checkpoints>> {
        let text = match std::fs::read_to_string(self.checkpoint_path()) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        let mut out = Checkpoints::default();
        for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
            let parts: Vec<&str> = line.split(' ').collect();
            let parsed = match parts.as_slice() {
                [seq, head, mac] => seq.parse::<i64>().ok().map(|seq| (seq, *head, *mac)),
                _ => None,
            };
            match parsed {
                Some((seq, head, mac)) if self.key.verify(&Key::checkpoint_message(seq, head), mac) => {
                    out.valid.push(Checkpoint { seq, head: head.to_string() })
                }
                _ => {
                    out.forged_line.get_or_insert(i + 1);
                }
            }
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_private_and_reads_back() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("consentgate.db");
        assert!(Anchor::load(&db).expect("load").is_none());
        let a = Anchor::create(&db, 7).expect("create");
        let b = Anchor::load(&db).expect("load").expect("exists");
        assert_eq!(b.key.from_seq, 7);
        assert_eq!(a.key.mac(b"x"), b.key.mac(b"x"));
        assert_ne!(a.key.mac(b"x"), Key::generate(7).mac(b"x"), "random per setup");
        // a second create keeps the first key
        assert_eq!(Anchor::create(&db, 9).expect("again").key.mac(b"x"), a.key.mac(b"x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(a.key_path()).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_forged_checkpoint_line_is_found() {
        let dir = tempfile::tempdir().expect("dir");
        let a = Anchor::create(&dir.path().join("db"), 1).expect("create");
        assert!(a.checkpoints().expect("read").is_none());
        a.checkpoint(1, "aa").expect("write");
        a.checkpoint(2, "bb").expect("write");
        let mut text = std::fs::read_to_string(a.checkpoint_path()).expect("read");
        text.push_str("9 cc 0000\n");
        std::fs::write(a.checkpoint_path(), text).expect("write");
        let c = a.checkpoints().expect("read").expect("file");
        assert_eq!(c.valid.iter().map(|c| c.seq).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(c.forged_line, Some(3));
    }
}
