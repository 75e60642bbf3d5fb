//! The off-site copy on S3-compatible storage: a setting that loses its
//! laptop loses nothing.
//!
//! Only ciphertext leaves. Under the setting's prefix in the bucket:
//!
//! | object | what |
//! | --- | --- |
//! | `vault/ab/<id>.age`, `staging/<id>.age`, `quarantine/<id>.age` | the photos' ciphertexts, as they are here |
//! | `thumbs/<id>.age`, `faces/<id>.age` | thumbnails and face boxes, as they are here |
//! | `register/consentgate.db.age` | a consistent copy of the register (SQLite's online backup), age-encrypted to `keys.recipients` |
//! | `register/audit.key.age` | the audit key, age-encrypted likewise: `audit verify` after a restore needs it, and it never leaves in plaintext |
//! | `register/audit.checkpoints.age` | the audit checkpoints, read before the register is copied, encrypted likewise |
//! | `register/consentgate.toml.age` | the config file, encrypted likewise (retention, purposes, recipients come back with a restore) |
//!
//! The identity never leaves. Whoever can read the bucket sees object
//! names (photo ids: SHA-256 of the photo), sizes and times, nothing else.
//!
//! - [`plan`]: the pure push plan (what goes up, what goes, what stays).
//! - [`local`]: the ciphertexts here with their checksums, and the push's
//!   state file.
//! - [`store`]: the bucket through `object_store`, uploads and downloads
//!   checked by size and checksum, the credentials.
//! - [`push`], [`verify`], [`restore`]: the three commands.

pub mod local;
pub mod plan;
pub mod push;
pub mod restore;
pub mod store;
pub mod verify;

pub use push::{push, Busy, PushReport};
pub use restore::{restore, RestoreReport};
pub use verify::{verify, VerifyReport};

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Progress of long work on stderr: a line rewritten in place, at most a
/// few times a second; silent unless enabled (off with `--json`, or when
/// stderr is not a terminal, and in `serve`).
#[derive(Clone, Default)]
pub struct Progress {
    enabled: bool,
    shown: Arc<Mutex<Option<Instant>>>,
}

impl Progress {
    pub fn new(enabled: bool) -> Progress {
        Progress { enabled, shown: Arc::default() }
    }

    /// `what n/total`.
    pub fn tick(&self, what: &str, n: usize, total: Option<usize>) {
        if !self.enabled {
            return;
        }
        let Ok(mut shown) = self.shown.lock() else { return };
        let due = shown.is_none_or(|t| t.elapsed() > Duration::from_millis(200)) || Some(n) == total;
        if due {
            match total {
                Some(t) => eprint!("\r{what} {n}/{t}   "),
                None => eprint!("\r{what} {n}   "),
            }
            *shown = Some(Instant::now());
        }
    }

    /// Ends the progress line, if one was shown.
    pub fn done(&self) {
        if let Ok(mut shown) = self.shown.lock() {
            if shown.take().is_some() {
                eprintln!();
            }
        }
    }
}
