//! Progress on long work (an ingest pass, a re-check, an export, the
//! retention sweep), reported to whatever front-end is watching: the CLI
//! draws a bar on a terminal, the daemon and tests watch nothing.

/// Told how far long work has got. Every method has a do-nothing default.
pub trait Progress: Sync {
    /// Work on `total` items of `what` begins.
    fn begin(&self, _what: &str, _total: u64) {}
    /// One item (named, e.g. a file) is done.
    fn step(&self, _item: &str) {}
    /// The work is over.
    fn end(&self) {}
}

/// Watches nothing.
pub struct Quiet;

impl Progress for Quiet {}
