//! The tests that drive the real `consentgate` binary, each in a temporary
//! setting of its own, as one test binary: they run side by side (a test
//! that waits on a slow copy or a server does not hold up the rest), and
//! the suite links one binary instead of twenty-one.
//!
//! Run one area with its module's name: `cargo test --test cli ingest::`.

#[path = "../common/mod.rs"]
mod common;

mod audit;
// libtest starts tests in the order of their names: slow copies into the
// inbox (a 60-second stall) start first, so the rest run beside them.
mod copies;
mod corpus;
mod faces;
mod formats;
mod gate;
mod golden;
mod heic;
mod ingest;
mod limits;
mod manager;
mod offsite;
mod paperwork;
mod pictures;
mod publish;
mod register;
mod register_files;
mod requests;
mod retention_hold;
mod setting_https;
mod users;
