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
//! - [`push()`], [`verify()`], [`restore()`]: the three commands.

pub mod local;
pub mod plan;
pub mod push;
pub mod restore;
pub mod store;
pub mod verify;

pub use push::{last_push, push, Busy, PushError, PushReport};
pub use restore::{restore, RestoreError, RestoreReport};
pub use verify::{verify, VerifyReport};

/// Who is told how far a push, verify or restore has got (the CLI's bar,
/// or [`crate::progress::Quiet`]); shared with the blocking pool.
pub type Progress = std::sync::Arc<dyn crate::progress::Progress + Send>;
