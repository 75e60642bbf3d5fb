//! consentgate keeps photos of young children safe in early-years settings.
//!
//! Photos imported by the setting's cameras and iPads are checked against the
//! parental consent register, encrypted with age into the vault, or held in
//! an encrypted quarantine for the manager; retention deletes what may no
//! longer be kept.
//!
//! # Layout
//!
//! A functional core inside an imperative shell:
//!
//! - [`model`]: plain domain data (children, guardians, consent events,
//!   devices, photo states) and child look-up by id, name or alias.
//! - [`policy`]: the pure decision function and its reason codes.
//! - [`config`]: the TOML configuration, defaults and validation.
//! - [`register`]: the SQLite register, its migrations and typed queries.
//! - [`audit`]: the hash-chained audit log.
//! - [`media`]: format sniffing, limits, decode check, EXIF/XMP facts, thumbnails.
//! - [`vault`]: where ciphertexts live; atomic, durable age encryption.
//! - [`ingest`]: the inbox pipeline, readiness, sidecars, crash recovery, the watcher.
//! - [`retention`]: the pure retention plan.
//! - [`workflow`]: the manager's work: re-checks, quarantine release/delete,
//!   reports, the retention sweep, export and redaction.
//! - [`web`]: the axum web UI (sessions, CSRF, pages for both roles).
//! - [`daemon`]: `serve` — the watcher, the web UI and the daily duties in
//!   one process until a shutdown signal; [`blocking`] is its one way onto
//!   the blocking pool.
//! - [`doctor`]: what is wrong with a setup, in words (`consentgate doctor`).
//! - [`offsite`]: the off-site copy on S3-compatible storage: the pure
//!   push plan, push, verify and restore; only ciphertext leaves.
//! - [`keys`]: the service's age identity and the vault recipients.
//! - [`limits`]: the longest text each register field may hold.
//! - [`progress`]: how long work tells a front-end how far it has got.
//! - [`failpoint`]: the test build's crash points and injected faults.
//! - [`clock`]: today's date (overridable for what-if runs) and timestamps.
//! - [`error`]: the library's one error type, whose kind (bad input, not
//!   found, refused, conflict, retry later, failed) is fixed when it is
//!   made, from the typed cause that says its own; the CLI's exit codes and
//!   the web's HTTP statuses both derive from it.
//! - [`input`]: what people type (dates, ids, yes/no, purposes, CSV rows),
//!   checked the same way by every front-end.
//! - [`cli`]: the command-line interface, a leaf nothing else imports;
//!   `main.rs` only calls [`cli::main`].

// The exceptions: the run-time binding to libheif (`media::heif`),
// libjpeg's error manager (`media::turbo`), libwebp's scaled decode
// (`media::webp_scaled`), one SSE2 instruction in the lossless WebP
// reader's select predictor (`media::vp8l`, on values only) and one
// `sync_file_range` call in the streaming writer (`vault::start_writeback`).
#![deny(unsafe_code)]
// A long-running daemon must not panic on a bad file: no unwrap/expect
// outside tests.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod accounts;
pub mod audit;
pub mod blocking;
pub mod cli;
pub mod clock;
pub mod config;
pub mod daemon;
pub mod doctor;
pub mod error;
pub mod faces;
pub mod failpoint;
pub mod ingest;
pub mod input;
pub mod keys;
pub mod limits;
pub mod media;
pub mod memory;
pub mod model;
pub mod offsite;
pub mod policy;
pub mod progress;
pub mod register;
pub mod retention;
pub mod vault;
pub mod web;
pub mod workflow;
