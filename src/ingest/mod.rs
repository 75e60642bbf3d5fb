//! The pipeline: every complete file in the inbox ends up, exactly once,
//! encrypted in the vault, the quarantine or staging, with its row on the
//! register; only then is the plaintext original removed.
//!
//! Order for each photo: read (no symlinks, regular files only) → hash →
//! facts → decision → encrypted thumbnail and ciphertext written durably →
//! row and audit entry committed → original (and sidecar) removed.
//!
//! One file per job: `scan` (passes over the inbox, workers, `--once`),
//! `ready` (when a file is complete), `photo` (a photo read whole),
//! `stream` (large files and video), `tags` and `sidecar` (tags that come
//! with or after a photo), `transition` (deciding again), `recover` (after
//! a crash), `watch` (`serve`'s loop).

mod photo;
mod ready;
mod recover;
mod scan;
pub mod sidecar;
mod stream;
mod tags;
mod transition;
pub mod watch;

pub use recover::{recover, Recovery};
pub use sidecar::Sidecar;
pub use transition::{carry_out, discard_uncommitted, redecide};

use crate::config::Config;
use crate::error::Context as _;
use crate::media::{self, Format};
use crate::model::{PhotoId, PhotoState};
use crate::policy::{decide, Facts, Reason, Tagging};
use crate::register::{Change, MediaInfo, NewPhoto, Register, StoredFacts};
use crate::vault::{self, failpoint, Layout, Sealer};
use chrono::NaiveDate;
use ready::{Tracker, Version};
use serde::Serialize;
use std::collections::{HashSet, VecDeque};
use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Who the audit log names for automatic ingestion.
pub const INGEST_ACTOR: &str = "ingest";

/// Files larger than this are streamed (hashed and encrypted in one pass,
/// constant memory) instead of read into memory.
pub const STREAM_THRESHOLD: u64 = 128 << 20;

/// Photos read into memory up to this size are held until they are sealed;
/// larger ones are let go before the face check and read again as they are
/// sealed (their content checked against the id read the first time).
pub const HELD_THROUGH_FACES: u64 = 16 << 20;

/// What became of one file in the inbox (`outcome` in `ingest --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Taken, and now in this state.
    Stored,
    AwaitingTags,
    Quarantined,
    /// Its bytes were already on the register: the copy was removed.
    Duplicate,
    /// A late sidecar tagged a photo already waiting.
    Tagged,
    /// Left in the inbox for now (not complete yet, or waiting for its photo).
    Waiting,
    /// Never taken (links, FIFOs, folders too deep).
    Skipped,
    /// Processing failed; the file was left in the inbox.
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Stored => "stored",
            Outcome::AwaitingTags => "awaiting_tags",
            Outcome::Quarantined => "quarantined",
            Outcome::Duplicate => "duplicate",
            Outcome::Tagged => "tagged",
            Outcome::Waiting => "waiting",
            Outcome::Skipped => "skipped",
            Outcome::Failed => "failed",
        }
    }
}

impl From<PhotoState> for Outcome {
    fn from(s: PhotoState) -> Outcome {
        match s {
            PhotoState::Stored => Outcome::Stored,
            PhotoState::AwaitingTags => Outcome::AwaitingTags,
            PhotoState::Quarantined => Outcome::Quarantined,
            // A photo is never deleted on its way in; were it, the copy is gone.
            PhotoState::Deleted => Outcome::Duplicate,
        }
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happened to one file in the inbox.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Entry {
    /// The path relative to the inbox.
    pub file: String,
    pub outcome: Outcome,
    pub photo: Option<PhotoId>,
    pub reasons: Vec<Reason>,
    pub detail: Option<String>,
    /// For a file left waiting, what for (the JSON says it in `detail`).
    #[serde(skip)]
    pub wait: Wait,
}

/// What a file left in the inbox waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wait {
    /// The next pass, in a moment: a copy still being written, or a file
    /// identical to one being taken.
    #[default]
    NextPass,
    /// A photo that may never come (a sidecar with no photo of its name).
    Photo,
    /// The rest of a file that reads as damaged, until its grace time ends.
    Rest,
}

impl Entry {
    pub(super) fn new(file: &str, outcome: Outcome) -> Entry {
        Entry { file: file.into(), outcome, photo: None, reasons: vec![], detail: None, wait: Wait::NextPass }
    }
    pub(super) fn waiting_for(mut self, wait: Wait) -> Entry {
        self.wait = wait;
        self
    }
    pub(super) fn detail(mut self, d: impl Into<String>) -> Entry {
        self.detail = Some(d.into());
        self
    }

    /// A file left for now that another pass soon will take (still being
    /// written, or waiting for an identical file): not a sidecar waiting for
    /// a photo that may never come.
    pub fn retry_soon(&self) -> bool {
        self.outcome == Outcome::Waiting && self.wait == Wait::NextPass
    }
}

const NO_PHOTO_YET: &str = "no photo of that name is waiting for tags yet";

impl Entry {
    /// A file this run did not take that waiting a moment will not take
    /// either: it failed (a full disk, a file it cannot read), or it waits
    /// for something that may never come (a sidecar with no photo). A copy
    /// still being written (or one identical to a file being taken) is not
    /// one, nor a file that is never taken by design (a link, a FIFO, a
    /// folder too deep: reported, left alone). A scheduled `ingest --once`
    /// exits non-zero when any file is one.
    pub fn needs_attention(&self) -> bool {
        match self.outcome {
            Outcome::Failed => true,
            Outcome::Waiting => self.wait == Wait::Photo,
            _ => false,
        }
    }
}

/// How deep the inbox is searched: a device's folder and the dated
/// sub-folders import tools make, with room to spare. Deeper folders are
/// reported, never silently left.
pub const MAX_DEPTH: usize = 16;

/// The start of the detail of a damaged file within its grace time.
const DAMAGED_WAIT: &str = "reads as damaged (cut short?)";

/// The inbox names that are never taken: hidden, temporary, partial.
pub fn ignored_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    name.starts_with('.')
        || name.starts_with('~')
        || [".part", ".tmp", ".crdownload"].iter().any(|s| lower.ends_with(s))
}

pub const SIDECAR_SUFFIX: &str = ".tags.json";

/// One ingester per setup at a time: holds `data/ingest.lock`.
pub struct Ingestor {
    pub config: Config,
    pub layout: Layout,
    sealer: Sealer,
    register: Mutex<Register>,
    limits: media::Limits,
    tracker: Mutex<Tracker>,
    in_flight: Mutex<HashSet<String>>,
    opened_on: NaiveDate,
    _lock: File,
}

/// Another process holds the ingest lock.
#[derive(Debug, thiserror::Error)]
#[error("another consentgate is already ingesting this setup (is `consentgate serve` running?)")]
pub struct Busy;

crate::error::kind_of!(RetryLater: Busy);

impl Ingestor {
    /// Takes the ingest lock, opens the register and recovers from any crash.
    pub fn open(config: Config, today: NaiveDate) -> crate::error::Result<(Ingestor, Recovery)> {
        let layout = Layout::new(&config);
        layout.ensure().context("creating the vault folders")?;
        let lock_path = config.paths.data.join("ingest.lock");
        let lock = File::options().create(true).truncate(false).write(true).open(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(Busy.into()),
            Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
        }
        let register = Register::open(&config.database_path())?;
        let recovery = recover(&register, &layout)?;
        if !recovery.is_clean() {
            tracing::warn!(%recovery, "recovered from an interrupted run");
        }
        let sealer = Sealer::new(crate::keys::recipients(&config.keys.recipients))?;
        let limits = media::Limits::from(&config.limits).for_faces(&config.faces);
        crate::memory::WORKING.set_total(config.limits.working_memory_mb << 20);
        media::scratch_in(&config.paths.data);
        Ok((
            Ingestor {
                config,
                layout,
                sealer,
                register: Mutex::new(register),
                limits,
                tracker: Mutex::new(Tracker::default()),
                in_flight: Mutex::new(HashSet::new()),
                opened_on: today,
                _lock: lock,
            },
            recovery,
        ))
    }

    /// The writer closed this file: it is complete.
    pub fn closed(&self, path: &Path) {
        self.tracker.lock().unwrap_or_else(std::sync::PoisonError::into_inner).closed(path);
    }

    /// Today, as the clock (or `$CONSENTGATE_TODAY`) says; the date the
    /// ingester opened as a fall-back.
    fn today(&self) -> NaiveDate {
        crate::clock::today().unwrap_or(self.opened_on)
    }

    fn register(&self) -> std::sync::MutexGuard<'_, Register> {
        self.register.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn settle(&self) -> Duration {
        Duration::from_millis(self.config.ingest.settle_ms)
    }

    fn grace(&self) -> Duration {
        Duration::from_secs(self.config.ingest.damaged_grace_secs)
    }

    fn damaged_detail(&self) -> String {
        format!(
            "{DAMAGED_WAIT} written less than {} s ago: waiting for the rest (ingest.damaged_grace_secs)",
            self.config.ingest.damaged_grace_secs
        )
    }

    /// A file that reads as damaged and was written within the grace time
    /// waits (and is not read again until it changes); after that it is
    /// judged as it is.
    fn wait_if_damaged(&self, path: &Path, rel: &str, opened: &Version) -> Option<Entry> {
        if opened.age() >= self.grace() {
            return None;
        }
        self.tracker.lock().unwrap_or_else(std::sync::PoisonError::into_inner).damaged(path, opened);
        Some(Entry::new(rel, Outcome::Waiting).detail(self.damaged_detail()).waiting_for(Wait::Rest))
    }

    /// The inbox file's path relative to the inbox, as text.
    fn rel(&self, path: &Path) -> String {
        path.strip_prefix(&self.config.paths.inbox).unwrap_or(path).to_string_lossy().into_owned()
    }

    /// The first folder under the inbox the file sits in, if any.
    fn folder_of(&self, path: &Path) -> Option<String> {
        let rel = path.strip_prefix(&self.config.paths.inbox).ok()?;
        let mut comps = rel.components();
        match (comps.next(), comps.next()) {
            (Some(Component::Normal(first)), Some(_)) => Some(first.to_string_lossy().into_owned()),
            _ => None,
        }
    }
}

/// Marks a photo id as being processed, so two identical files in one pass
/// are not both taken.
pub(super) struct InFlight<'a> {
    set: &'a Mutex<HashSet<String>>,
    id: String,
}

impl<'a> InFlight<'a> {
    pub(super) fn claim(set: &'a Mutex<HashSet<String>>, id: &str) -> Option<InFlight<'a>> {
        let mut s = set.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        s.insert(id.to_string()).then(|| InFlight { set, id: id.to_string() })
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.set.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&self.id);
    }
}

/// The register row for a photo, from what was learnt about its file.
#[allow(clippy::too_many_arguments)]
fn new_photo(
    id: &PhotoId,
    folder: &Option<String>,
    path: &Path,
    len: u64,
    a: &media::Analysis,
    facts: Facts,
    regions: Vec<(String, [f64; 4])>,
    thumbnail: bool,
) -> NewPhoto {
    NewPhoto {
        id: id.clone(),
        source_name: file_name(path),
        source_folder: folder.clone(),
        format: a.format().as_str().into(),
        bytes: len,
        width: a.width,
        height: a.height,
        captured_at: a.captured_at.map(|t| t.format("%Y-%m-%dT%H:%M:%S").to_string()),
        derived_from: None,
        stored: StoredFacts {
            facts,
            media: MediaInfo {
                orientation: a.orientation,
                gps: a.gps,
                captured_offset: a.captured_offset.clone(),
                thumbnail,
            },
        },
        regions,
        face_boxes: Vec::new(),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `<photo name>.tags.json` beside the photo: that name, or the one file
/// beside it whose name differs from it only in letter case (a camera's
/// `IMG_1.JPG` with a tool's `img_1.jpg.tags.json`).
pub fn sidecar_for(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(SIDECAR_SUFFIX);
    let exact = path.with_file_name(&name);
    if exact.exists() {
        return exact;
    }
    let want = name.to_string_lossy().to_lowercase();
    let dir = path.parent().unwrap_or(Path::new("."));
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.flatten()
                .filter(|e| e.file_name().to_string_lossy().to_lowercase() == want)
                .map(|e| e.path())
                .take(2)
                .collect()
        })
        .unwrap_or_default();
    match found.as_slice() {
        [one] => one.clone(),
        _ => exact,
    }
}

/// Opens a file without following a symbolic link and without blocking on a
/// FIFO; `None` when it vanished or is not a regular file.
pub fn open_regular(path: &Path) -> std::io::Result<Option<File>> {
    use std::os::unix::fs::OpenOptionsExt;
    let opened = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path);
    let file = match opened {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(None),
        Err(e) => return Err(e),
    };
    if !file.metadata()?.file_type().is_file() {
        return Ok(None);
    }
    Ok(Some(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_and_partial_names_are_ignored() {
        for n in [".DS_Store", ".IMG_1.JPG.icloud", "~lock", "IMG_1.JPG.part", "a.tmp", "b.CRDOWNLOAD"] {
            assert!(ignored_name(n), "{n}");
        }
        for n in ["IMG_0042.JPG", "photo.heic", "IMG_0042.JPG.tags.json"] {
            assert!(!ignored_name(n), "{n}");
        }
    }

    #[test]
    fn sidecars_sit_beside_their_photo() {
        assert_eq!(sidecar_for(Path::new("/in/ipad1/IMG_1.JPG")), PathBuf::from("/in/ipad1/IMG_1.JPG.tags.json"));
    }
}
