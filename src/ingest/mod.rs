//! The pipeline: every complete file in the inbox ends up, exactly once,
//! encrypted in the vault, the quarantine or staging, with its row on the
//! register; only then is the plaintext original removed.
//!
//! Order for each photo: read (no symlinks, regular files only) → hash →
//! facts → decision → encrypted thumbnail and ciphertext written durably →
//! row and audit entry committed → original (and sidecar) removed.

mod ready;
mod recover;
mod sidecar;
mod transition;
pub mod watch;

pub use recover::{recover, Recovery};
pub use sidecar::Sidecar;
pub use transition::{discard_uncommitted, redecide};

use crate::config::Config;
use crate::media::{self, Format};
use crate::model::PhotoState;
use crate::policy::{decide, Facts, Reason, Tagging};
use crate::register::{Change, MediaInfo, NewPhoto, Register, StoredFacts};
use crate::vault::{self, failpoint, Layout, Sealer};
use anyhow::Context as _;
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
    pub photo: Option<String>,
    pub reasons: Vec<Reason>,
    pub detail: Option<String>,
}

impl Entry {
    fn new(file: &str, outcome: Outcome) -> Entry {
        Entry { file: file.into(), outcome, photo: None, reasons: vec![], detail: None }
    }
    fn detail(mut self, d: impl Into<String>) -> Entry {
        self.detail = Some(d.into());
        self
    }

    /// A file left for now that another pass soon will take (still being
    /// written, or waiting for an identical file): not a sidecar waiting for
    /// a photo that may never come.
    pub fn retry_soon(&self) -> bool {
        self.outcome == Outcome::Waiting
            && self.detail.as_deref() != Some(NO_PHOTO_YET)
            && !self.detail.as_deref().is_some_and(|d| d.starts_with(DAMAGED_WAIT))
    }
}

const NO_PHOTO_YET: &str = "no photo of that name is waiting for tags yet";

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

impl Ingestor {
    /// Takes the ingest lock, opens the register and recovers from any crash.
    pub fn open(config: Config, today: NaiveDate) -> anyhow::Result<(Ingestor, Recovery)> {
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
            tracing::warn!(?recovery, "recovered from an interrupted run");
        }
        let sealer = Sealer::new(crate::keys::recipients(&config.keys.recipients))?;
        let limits = media::Limits::from(&config.limits).for_faces(&config.faces);
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
        Some(Entry::new(rel, Outcome::Waiting).detail(self.damaged_detail()))
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

    /// Lists candidate files: regular files with names worth taking, and
    /// reports what is refused (links, FIFOs, devices, folders nested deeper
    /// than [`MAX_DEPTH`]).
    fn list(&self) -> (Vec<(PathBuf, std::fs::Metadata)>, Vec<Entry>) {
        let mut files = Vec::new();
        let mut refused = Vec::new();
        let mut dirs = vec![(self.config.paths.inbox.clone(), 0usize)];
        while let Some((dir, depth)) = dirs.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                let path = e.path();
                let name = e.file_name().to_string_lossy().into_owned();
                if ignored_name(&name) {
                    continue;
                }
                let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
                let ft = meta.file_type();
                if ft.is_dir() {
                    if depth < MAX_DEPTH {
                        dirs.push((path, depth + 1));
                    } else {
                        refused.push(Entry::new(&self.rel(&path), Outcome::Skipped).detail(format!(
                            "a folder nested more than {MAX_DEPTH} deep in the inbox: not searched; move its photos up"
                        )));
                    }
                } else if ft.is_file() {
                    files.push((path, meta));
                } else {
                    let what = if ft.is_symlink() { "a symbolic link" } else { "not a regular file" };
                    refused.push(
                        Entry::new(&self.rel(&path), Outcome::Skipped)
                            .detail(format!("{what}: never followed or read")),
                    );
                }
            }
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        (files, refused)
    }

    /// One pass over the inbox: takes every complete file, in parallel up to
    /// the configured workers.
    pub fn scan(&self) -> Vec<Entry> {
        let (files, mut entries) = self.list();
        let now = Instant::now();
        let present: HashSet<PathBuf> = files.iter().map(|(p, _)| p.clone()).collect();
        let mut queue = VecDeque::new();
        // Read /proc once per pass, and only when there is something to take.
        let mut writing: Option<HashSet<(u64, u64)>> = None;
        for (path, meta) in files {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let mtime = meta.modified().unwrap_or(std::time::SystemTime::UNIX_EPOCH);
            let (ready, damaged) = {
                let mut t = self.tracker.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                (
                    t.ready(&path, meta.len(), mtime, self.settle(), now),
                    t.still_damaged(&path, meta.len(), mtime, self.grace()),
                )
            };
            if !ready {
                entries.push(Entry::new(&self.rel(&path), Outcome::Waiting).detail("still being written"));
                continue;
            }
            if damaged {
                entries.push(Entry::new(&self.rel(&path), Outcome::Waiting).detail(self.damaged_detail()));
                continue;
            }
            let v = Version::of(&meta);
            if writing
                .get_or_insert_with(|| ready::open_for_writing(&self.config.paths.inbox))
                .contains(&(v.dev, v.ino))
            {
                entries.push(
                    Entry::new(&self.rel(&path), Outcome::Waiting).detail("still open for writing by another program"),
                );
                continue;
            }
            if let Some(photo_name) = name.strip_suffix(SIDECAR_SUFFIX) {
                // A sidecar whose photo is still in the inbox goes with it.
                if !present.contains(&path.with_file_name(photo_name)) {
                    queue.push_back(path);
                }
                continue;
            }
            queue.push_back(path);
        }
        let queue = Mutex::new(queue);
        let results = Mutex::new(Vec::new());
        let workers = self.config.workers().max(1);
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(|| loop {
                    let next = queue.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front();
                    let Some(path) = next else { break };
                    let entry = self.take(&path);
                    if entry.outcome != Outcome::Waiting {
                        self.tracker.lock().unwrap_or_else(std::sync::PoisonError::into_inner).forget(&path);
                    }
                    results.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(entry);
                });
            }
        });
        entries.extend(results.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner));
        entries.sort_by(|a, b| a.file.cmp(&b.file));
        entries
    }

    /// Processes one file; every failure becomes an entry, never a panic,
    /// and leaves the file in the inbox.
    fn take(&self, path: &Path) -> Entry {
        let rel = self.rel(path);
        let is_sidecar = path.to_string_lossy().ends_with(SIDECAR_SUFFIX);
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            if is_sidecar {
                self.take_late_sidecar(path, &rel)
            } else {
                self.take_photo(path, &rel)
            }
        }));
        match result {
            Ok(Ok(e)) => e,
            Ok(Err(err)) => {
                tracing::error!(file = %rel, "ingest failed: {err:#}");
                Entry::new(&rel, Outcome::Failed).detail(format!("{err:#}"))
            }
            Err(_) => Entry::new(&rel, Outcome::Failed)
                .detail("internal error while processing; the file was left in the inbox"),
        }
    }

    fn take_photo(&self, path: &Path, rel: &str) -> anyhow::Result<Entry> {
        let Some(mut file) = open_regular(path)? else {
            return Ok(Entry::new(rel, Outcome::Skipped).detail("vanished or not a regular file"));
        };
        let opened = Version::of(&file.metadata()?);
        let len = opened.len;
        let mut head = vec![0u8; media::SNIFF_LEN];
        let n = read_up_to(&mut file, &mut head)?;
        head.truncate(n);
        let format = media::sniff(&head);
        let sidecar_path = sidecar_for(path);
        let sidecar = match sidecar::read(&sidecar_path, &self.config.purposes.known) {
            Ok(s) => s,
            Err(why) => {
                // A bad sidecar is reported and removed (it holds children's
                // names); the photo waits for tags like any other.
                self.register().audit(
                    &crate::audit::Entry::new(INGEST_ACTOR, "sidecar.rejected")
                        .detail(serde_json::json!({ "file": rel, "why": why })),
                )?;
                vault::remove_durable(&sidecar_path)?;
                tracing::warn!(file = %rel, "sidecar rejected: {why}");
                None
            }
        };
        if format.is_video() || len > STREAM_THRESHOLD.min(self.limits.max_image_bytes.saturating_add(1)) {
            return self.take_streamed(file, head, format, &opened, path, rel, sidecar.as_ref());
        }
        let mut bytes = head;
        file.read_to_end(&mut bytes)?;
        if bytes.len() as u64 != len {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("changed while being read"));
        }
        let id = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
        let Some(_guard) = InFlight::claim(&self.in_flight, &id) else {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("an identical file is being processed"));
        };
        if let Some(e) = self.duplicate(&id, path, rel, &opened)? {
            return Ok(e);
        }
        let mut analysis = media::analyse(&bytes, &self.limits);
        if matches!(analysis.problem, Some((crate::policy::MediaProblem::Corrupt, _))) {
            if let Some(wait) = self.wait_if_damaged(path, rel, &opened) {
                return Ok(wait);
            }
        }
        let checked = self.faces(&mut analysis);
        let received = self.today();
        let (mut facts, regions) = self.facts(&analysis, path, received, sidecar.as_ref());
        let faces = match checked {
            Ok(found) => found,
            Err(why) => {
                facts.face_check_failed = Some(why);
                None
            }
        };
        facts.faces = faces.as_ref().map(|f| u32::try_from(f.len()).unwrap_or(u32::MAX));
        let faces_found = facts.faces;
        let snapshot = self.register().snapshot()?;
        let decision = decide(&facts, &snapshot, &self.config.rules(), self.today());
        let state = crate::register::state_for(decision.verdict);
        let thumbnail = analysis.thumbnail.is_some();
        if let Some(thumb) = &analysis.thumbnail {
            self.sealer.seal_bytes(thumb, &self.layout.thumb_path(&id))?;
        }
        if let Some(found) = &faces {
            self.sealer.seal_bytes(&serde_json::to_vec(found)?, &self.layout.faces_path(&id))?;
        }
        if let Some(dest) = self.layout.blob_path(&id, state) {
            vault::private_dir(dest.parent().unwrap_or(&self.layout.data))?;
            self.sealer.seal_bytes(&bytes, &dest)?;
        }
        drop(bytes);
        failpoint("after_blob_persist");
        let mut photo = new_photo(&id, &self.folder_of(path), path, len, &analysis, facts, regions, thumbnail);
        photo.stored.media.faces_found = faces_found;
        self.commit(rel, &photo, &decision, sidecar.as_ref(), path, &opened)
    }

    /// Large files and videos: hashed and encrypted in one pass, in constant
    /// memory. Their facts come from the first bytes only.
    #[allow(clippy::too_many_arguments)]
    fn take_streamed(
        &self,
        mut file: File,
        head: Vec<u8>,
        format: Format,
        opened: &Version,
        path: &Path,
        rel: &str,
        sidecar: Option<&Sidecar>,
    ) -> anyhow::Result<Entry> {
        let len = opened.len;
        let mut analysis = media::Analysis { format: Some(format), ..Default::default() };
        let mut preview = None;
        if format.is_video() {
            use std::io::{Seek, SeekFrom};
            let v = media::video::read(&mut file);
            file.seek(SeekFrom::Start(head.len() as u64))?;
            // No movie header yet: cameras write it last, so this is most
            // likely a copy still on its way.
            if v == media::video::VideoFacts::default() {
                if let Some(wait) = self.wait_if_damaged(path, rel, opened) {
                    return Ok(wait);
                }
            }
            if v.make.is_some() || v.model.is_some() {
                analysis.camera = Some(crate::policy::Camera {
                    make: v.make.unwrap_or_default(),
                    model: v.model.unwrap_or_default(),
                    serial: None,
                });
            }
            analysis.captured_at = v.created;
            analysis.width = v.width;
            analysis.height = v.height;
            analysis.gps = v.gps;
            analysis.captions = v.captions;
            preview = media::video::preview_frame(path);
        }
        analysis.problem = if format == Format::Unknown {
            Some((crate::policy::MediaProblem::UnsupportedFormat, "unrecognised large file".into()))
        } else {
            media::over_byte_limit(format, len, &self.limits).map(|w| (crate::policy::MediaProblem::TooLarge, w))
        };
        let (facts, regions) = self.facts(&analysis, path, self.today(), sidecar);
        let snapshot = self.register().snapshot()?;
        let decision = decide(&facts, &snapshot, &self.config.rules(), self.today());
        let state = crate::register::state_for(decision.verdict);
        // The id is not known yet: encrypt into the state's folder, then
        // name it (a rename on the same file system).
        let dir = self.layout.state_dir(state);
        let mut reader = std::io::Cursor::new(head).chain(&mut file);
        let (tmp, id, total) = self.sealer.seal_stream(&mut reader, &dir)?;
        if total != len {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("changed while being read"));
        }
        let Some(_guard) = InFlight::claim(&self.in_flight, &id) else {
            return Ok(Entry::new(rel, Outcome::Waiting).detail("an identical file is being processed"));
        };
        if let Some(e) = self.duplicate(&id, path, rel, opened)? {
            return Ok(e); // the temporary file is dropped, and so removed
        }
        let dest = self.layout.blob_path(&id, state).unwrap_or_else(|| dir.join(format!("{id}.age")));
        vault::private_dir(dest.parent().unwrap_or(&dir))?;
        failpoint("after_temp_write");
        vault::persist(tmp, &dest)?;
        if let Some(frame) = &preview {
            self.sealer.seal_bytes(frame, &self.layout.thumb_path(&id))?;
        }
        failpoint("after_blob_persist");
        let photo = new_photo(&id, &self.folder_of(path), path, len, &analysis, facts, regions, preview.is_some());
        self.commit(rel, &photo, &decision, sidecar, path, opened)
    }

    /// Commits the row (the ciphertext is durable by now), then removes the
    /// original and its sidecar from the inbox. A row the register refuses
    /// (a photo to be stored that breaks the gate's invariants) or fails to
    /// write leaves the original in the inbox, and its ciphertext is removed
    /// at once rather than left in the vault until the next start.
    fn commit(
        &self,
        rel: &str,
        photo: &NewPhoto,
        decision: &crate::policy::Decision,
        sidecar: Option<&Sidecar>,
        path: &Path,
        opened: &Version,
    ) -> anyhow::Result<Entry> {
        // Nothing leaves the inbox that was not read whole: the file must be
        // the version that was read, and nobody may still be writing it.
        if let Some(why) = ready::unsettled(path, opened) {
            discard_uncommitted(
                &self.register(),
                &self.layout,
                &photo.id,
                crate::register::state_for(decision.verdict),
            );
            return Ok(Entry::new(rel, Outcome::Waiting).detail(why));
        }
        // The ingest makes this change; a sidecar's `tagged_by` is only what
        // the file claims, recorded as such by `record_claim`.
        let actor = INGEST_ACTOR.to_string();
        let inserted =
            self.register().insert_photo(photo, decision, &self.config.rules(), self.today(), "ingest", &actor);
        let state = match inserted {
            Ok(state) => state,
            Err(err) => {
                let state = crate::register::state_for(decision.verdict);
                discard_uncommitted(&self.register(), &self.layout, &photo.id, state);
                return Err(err.into());
            }
        };
        failpoint("after_row_commit");
        self.record_claim(&photo.id, sidecar);
        vault::remove_durable(path)?;
        if sidecar.is_some() {
            vault::remove_durable(&sidecar_for(path))?;
        }
        Ok(Entry {
            file: rel.into(),
            outcome: state.into(),
            photo: Some(photo.id.clone()),
            reasons: decision.reasons.clone(),
            detail: None,
        })
    }

    /// A file whose bytes are already on the register is not stored twice:
    /// the inbox copy goes (an encrypted copy exists, or the photo was
    /// deliberately deleted and is kept out).
    fn duplicate(&self, id: &str, path: &Path, rel: &str, opened: &Version) -> anyhow::Result<Option<Entry>> {
        let Some(existing) = self.register().photo(id)? else { return Ok(None) };
        if let Some(why) = ready::unsettled(path, opened) {
            return Ok(Some(Entry::new(rel, Outcome::Waiting).detail(why)));
        }
        let detail = match existing.state {
            PhotoState::Deleted => {
                "this photo was deleted before: it came back and was removed again, not stored".to_string()
            }
            s => format!("already on the register ({s}): the copy was removed"),
        };
        self.register().audit(
            &crate::audit::Entry::new(INGEST_ACTOR, "ingest.duplicate")
                .photo(id)
                .detail(serde_json::json!({ "state": existing.state })),
        )?;
        vault::remove_durable(path)?;
        // A sidecar for a copy of a photo still waiting for tags tags it.
        let sidecar_path = sidecar_for(path);
        let mut entry = Entry {
            file: rel.into(),
            outcome: Outcome::Duplicate,
            photo: Some(id.into()),
            reasons: existing.reasons.clone(),
            detail: Some(detail),
        };
        if existing.state == PhotoState::AwaitingTags {
            if let Ok(Some(s)) = sidecar::read(&sidecar_path, &self.config.purposes.known) {
                let (state, reasons) = self.apply_sidecar(&existing, &s)?;
                vault::remove_durable(&sidecar_path)?;
                entry.outcome = state.into();
                entry.reasons = reasons;
            }
        }
        Ok(Some(entry))
    }

    /// Runs the face check on the decoded image (then drops it), when it is
    /// enabled and the image decoded. A detector failure is never taken as
    /// "no faces": it comes back as `Err` and becomes `face_check_failed`.
    fn faces(&self, a: &mut media::Analysis) -> Result<Option<Vec<crate::faces::Face>>, String> {
        let Some(img) = a.upright.take() else { return Ok(None) };
        if !self.config.faces.enabled {
            return Ok(None);
        }
        let f = &self.config.faces;
        if vault::fault_injected("face_check") {
            return Err("the face detector failed (injected fault)".into());
        }
        let result = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::faces::detect(&img, f.max_side, f.threshold)
        })) {
            Ok(r) => r,
            Err(_) => Err("the face detector panicked".to_string()),
        };
        result.map(Some).map_err(|e| {
            tracing::error!("face check failed: {e}");
            e
        })
    }

    /// Builds the policy's facts; returns them with the named regions.
    fn facts(
        &self,
        a: &media::Analysis,
        path: &Path,
        received_on: NaiveDate,
        sidecar: Option<&Sidecar>,
    ) -> (Facts, Vec<(String, [f64; 4])>) {
        let mut f = Facts::new(received_on);
        f.media_problem = a.problem.clone();
        f.camera = a.camera.clone();
        f.captured_on = a.captured_at.map(|t| t.date());
        f.captions = a.captions.clone();
        if let Some(folder) = self.folder_of(path) {
            let snapshot_devices = self.register().devices().unwrap_or_default();
            f.folder_device = snapshot_devices.into_iter().find(|d| d.folder.as_deref() == Some(&folder)).map(|d| d.id);
        }
        let mut regions = a.regions.clone();
        match sidecar {
            Some(s) => {
                f.tagging = s.tagging();
                f.purposes = s.purposes.clone();
                regions = s.regions.iter().map(|(k, v)| (k.clone(), *v)).collect();
            }
            None if !a.people.is_empty() => f.tagging = Tagging::Children(a.people.clone()),
            None => {}
        }
        if f.purposes.is_empty() {
            f.purposes = self.config.purposes.default.clone();
        }
        (f, regions)
    }

    /// A sidecar that arrived after its photo: tags the waiting photo.
    fn take_late_sidecar(&self, path: &Path, rel: &str) -> anyhow::Result<Entry> {
        let photo_name = file_name(path).trim_end_matches(SIDECAR_SUFFIX).to_string();
        let folder = self.folder_of(path);
        let waiting = self.register().awaiting_photo_named(folder.as_deref(), &photo_name)?;
        let Some(photo) = waiting else {
            return Ok(Entry::new(rel, Outcome::Waiting).detail(NO_PHOTO_YET));
        };
        let sidecar = match sidecar::read(path, &self.config.purposes.known) {
            Ok(Some(s)) => s,
            Ok(None) => return Ok(Entry::new(rel, Outcome::Skipped).detail("vanished")),
            Err(why) => {
                self.register().audit(
                    &crate::audit::Entry::new(INGEST_ACTOR, "sidecar.rejected")
                        .photo(&photo.id)
                        .detail(serde_json::json!({ "file": rel, "why": why })),
                )?;
                vault::remove_durable(path)?;
                return Ok(Entry::new(rel, Outcome::Failed).detail(format!("sidecar rejected and removed: {why}")));
            }
        };
        let (state, reasons) = self.apply_sidecar(&photo, &sidecar)?;
        vault::remove_durable(path)?;
        Ok(Entry {
            file: rel.into(),
            outcome: Outcome::Tagged,
            photo: Some(photo.id),
            reasons,
            detail: Some(format!("now {state}")),
        })
    }

    /// Records who a sidecar says tagged the photo, as its claim (bounded):
    /// the ingest cannot know who wrote the file, so it is never the actor.
    /// The change is committed by now; a claim that cannot be written is
    /// logged.
    fn record_claim(&self, photo: &str, sidecar: Option<&Sidecar>) {
        let Some(claimed) = sidecar.and_then(|s| s.tagged_by.as_deref()) else { return };
        let entry = crate::audit::Entry::new(INGEST_ACTOR, "sidecar.tagged_by")
            .photo(photo)
            .detail(serde_json::json!({ "claimed": crate::limits::bounded(crate::limits::Field::Short, claimed) }));
        if let Err(e) = self.register().audit(&entry) {
            tracing::warn!(photo, "could not record the sidecar's tagged_by: {e}");
        }
    }

    fn apply_sidecar(
        &self,
        photo: &crate::register::PhotoRecord,
        s: &Sidecar,
    ) -> anyhow::Result<(PhotoState, Vec<Reason>)> {
        let mut facts = photo.facts();
        facts.tagging = s.tagging();
        if !s.purposes.is_empty() {
            facts.purposes = s.purposes.clone();
        }
        let regions: Vec<(String, [f64; 4])> = s.regions.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let actor = s.tagged_by.clone().unwrap_or_else(|| INGEST_ACTOR.into());
        let mut reg = self.register();
        let (state, decision) = redecide(
            &mut reg,
            &self.layout,
            &self.config.rules(),
            self.today(),
            photo,
            &facts,
            &regions,
            Change::new("tag.sidecar", &actor),
        )?;
        drop(reg);
        self.record_claim(&photo.id, Some(s));
        Ok((state, decision.reasons))
    }

    /// Runs passes until nothing in the inbox is still settling, or the
    /// patience runs out (`ingest --once`).
    pub fn run_once(&self, patience: Duration) -> Vec<Entry> {
        let start = Instant::now();
        let mut done: Vec<Entry> = Vec::new();
        loop {
            let pass = self.scan();
            let (waiting, finished): (Vec<Entry>, Vec<Entry>) =
                pass.into_iter().partition(|e| e.outcome == Outcome::Waiting);
            done.extend(finished);
            let settling = waiting.iter().any(Entry::retry_soon);
            if !settling || start.elapsed() >= patience {
                done.extend(waiting);
                break;
            }
            std::thread::sleep((self.settle() / 4).max(Duration::from_millis(50)));
        }
        // A file is reported once: its last outcome.
        let mut seen = HashSet::new();
        let mut out: Vec<Entry> = done.into_iter().rev().filter(|e| seen.insert(e.file.clone())).collect();
        out.reverse();
        out.sort_by(|a, b| a.file.cmp(&b.file));
        out
    }
}

/// Marks a photo id as being processed, so two identical files in one pass
/// are not both taken.
struct InFlight<'a> {
    set: &'a Mutex<HashSet<String>>,
    id: String,
}

impl<'a> InFlight<'a> {
    fn claim(set: &'a Mutex<HashSet<String>>, id: &str) -> Option<InFlight<'a>> {
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
    id: &str,
    folder: &Option<String>,
    path: &Path,
    len: u64,
    a: &media::Analysis,
    facts: Facts,
    regions: Vec<(String, [f64; 4])>,
    thumbnail: bool,
) -> NewPhoto {
    NewPhoto {
        id: id.to_string(),
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
                not_faces: Vec::new(),
                faces_found: None,
            },
        },
        regions,
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// `<photo name>.tags.json` beside the photo.
pub fn sidecar_for(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(SIDECAR_SUFFIX);
    path.with_file_name(name)
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

fn read_up_to(file: &mut File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
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
