//! `offsite push`: the register snapshot, one scan, one listing, the plan,
//! then uploads (each counted once its size and checksum match), the
//! sealed register objects, and last the deletions, only when every upload
//! went through.

use super::local::{self, State};
use super::plan::{self, Copied, Deletion, Held, Kept, LocalFile, Sealed, SEALED_KEYS};
use super::store::{Mismatch, Store};
use super::Progress;
use crate::config::Config;
use crate::model::PhotoState;
use crate::vault::{Layout, Sealer};
use futures_util::StreamExt;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Temporary files of a push in the data folder (the register copy, the
/// state file being written): a push killed mid-way leaves them, the next
/// one removes them.
const TEMP_PREFIX: &str = ".cg-tmp-offsite-";

/// Another push holds the lock.
#[derive(Debug, thiserror::Error)]
#[error("another off-site push of this setting is running (a scheduled one in `consentgate serve`?); try again later")]
pub struct Busy;

crate::error::kind_of!(RetryLater: Busy);

/// Why a push did not finish. A setting that is not set up is the
/// caller's to put right (bad input); an upload or a deletion that failed
/// is a failure, and the next push finishes the work.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error("no register at {0}: run `consentgate init --dir DIR` first")]
    NoRegister(String),
    #[error("the data folder {0} does not exist: run `consentgate init --dir DIR` first")]
    NoDataFolder(String),
    #[error(
        "{failed} of {total} uploads failed{}, first {key}: {cause}. Nothing was deleted off-site; push again to finish",
        if *.mismatch { " (the copy did not match)" } else { "" }
    )]
    Uploads { failed: usize, total: usize, mismatch: bool, key: String, cause: String },
    #[error("could not delete {key} off-site: {cause}; push again to finish")]
    Delete { key: String, cause: String },
}

impl crate::error::KindOf for PushError {
    fn kind(&self) -> crate::error::Kind {
        match self {
            PushError::NoRegister(_) | PushError::NoDataFolder(_) => crate::error::Kind::BadInput,
            PushError::Uploads { .. } | PushError::Delete { .. } => crate::error::Kind::Failed,
        }
    }
}

/// What one push did.
#[derive(Debug, Clone, Serialize)]
pub struct PushReport {
    pub bucket: String,
    pub prefix: String,
    /// Objects under the prefix when the push began.
    pub listed: usize,
    /// Files uploaded and verified.
    pub uploaded: usize,
    pub uploaded_bytes: u64,
    /// Files already there (listed, or confirmed with the store).
    pub unchanged: usize,
    /// Sealed objects (register, audit key, checkpoints, config) uploaded.
    pub sealed: Vec<String>,
    pub deleted: Vec<Deletion>,
    pub kept: Vec<Kept>,
    pub held: Vec<Held>,
    /// Files gone between the scan and their upload (moved or deleted
    /// meanwhile: the next push sees them where they are now).
    pub vanished: usize,
    pub seconds: f64,
}

/// Everything taken from the register at one moment.
struct Snapshot {
    /// Sealed objects' names, plaintexts and their SHA-256, in upload order.
    sealed: Vec<(&'static str, Vec<u8>, String)>,
    states: HashMap<String, PhotoState>,
}

impl Snapshot {
    /// The checkpoints are read before the register is copied, so the
    /// copy holds every entry they vouch for; the config file as it is.
    fn take(config: &Config) -> crate::error::Result<Snapshot> {
        let db = config.database_path();
        if !db.is_file() {
            return Err(PushError::NoRegister(db.display().to_string()).into());
        }
        let anchor = crate::audit::Anchor::load(&db)?;
        let read_opt = |p: &Path| match std::fs::read(p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        };
        let checkpoints = match &anchor {
            Some(a) => read_opt(&a.checkpoint_path())?.map(|mut b| {
                // Only whole lines (a line being appended is for next time).
                let end = b.iter().rposition(|&c| c == b'\n').map_or(0, |i| i + 1);
                b.truncate(end);
                b
            }),
            None => None,
        };
        let audit_key = match &anchor {
            Some(a) => read_opt(&a.key_path())?,
            None => None,
        };
        let copy = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(&config.paths.data)?;
        crate::register::backup(&db, copy.path())?;
        let register = std::fs::read(copy.path())?;
        let states = crate::register::photo_states_of(copy.path())?.into_iter().collect();
        let config_text = match &config.file {
            Some(p) => read_opt(p)?,
            None => None,
        };
        let mut sealed = Vec::new();
        for key in SEALED_KEYS {
            let bytes = match key {
                plan::CONFIG_KEY => config_text.clone(),
                plan::AUDIT_KEY_KEY => audit_key.clone(),
                plan::REGISTER_KEY => Some(register.clone()),
                _ => checkpoints.clone(),
            };
            if let Some(b) = bytes {
                let sha = sha256_hex(&b);
                sealed.push((key, b, sha));
            }
        }
        Ok(Snapshot { sealed, states })
    }
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// Removes what a killed push left in the data folder.
fn remove_leftovers(data: &Path) {
    let Ok(rd) = std::fs::read_dir(data) else { return };
    for e in rd.flatten() {
        if e.file_name().to_str().is_some_and(|n| n.starts_with(TEMP_PREFIX)) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn vanished(e: &crate::error::Error) -> bool {
    e.find::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
}

/// Pushes the setting to its off-site store. Blocking work (the register
/// copy, reading and hashing files, encryption) runs on the blocking pool.
pub async fn push(config: &Config, progress: Progress) -> crate::error::Result<PushReport> {
    let started = Instant::now();
    let store = Store::open(&config.offsite)?;
    let sealer = Sealer::new(crate::keys::recipients(&config.keys.recipients))?;
    let data = config.paths.data.clone();
    if !data.is_dir() {
        return Err(PushError::NoDataFolder(data.display().to_string()).into());
    }
    let lock_path = data.join("offsite.lock");
    let _lock = crate::blocking::run("offsite.lock", move || -> crate::error::Result<std::fs::File> {
        let lock = std::fs::File::options().create(true).truncate(false).write(true).open(&lock_path)?;
        match lock.try_lock() {
            Ok(()) => Ok(lock),
            Err(std::fs::TryLockError::WouldBlock) => Err(Busy.into()),
            Err(std::fs::TryLockError::Error(e)) => Err(e.into()),
        }
    })
    .await??;

    let cfg = config.clone();
    let snapshot = crate::blocking::run("offsite.snapshot", move || {
        remove_leftovers(&cfg.paths.data);
        Snapshot::take(&cfg)
    })
    .await??;

    let layout = Layout::new(config);
    let target = store.target.clone();
    let d = data.clone();
    let scan_progress = progress.clone();
    let (mut state, files) = crate::blocking::run("offsite.scan", move || -> std::io::Result<_> {
        let mut state = State::load(&d, &target);
        let files = local::scan(&layout, &mut state, &*scan_progress)?;
        Ok((state, files))
    })
    .await??;

    let remote = store.list().await?;
    let listed = remote.len();
    let sealed: Vec<Sealed> =
        snapshot.sealed.iter().map(|(k, _, sha)| Sealed { key: k.to_string(), plain_sha256: sha.clone() }).collect();
    let local_files: Vec<LocalFile> = files.iter().map(|(f, _)| f.clone()).collect();
    let mut p = plan::plan(&local_files, &sealed, &remote, &state.remote, &snapshot.states);
    let paths: HashMap<String, PathBuf> = files.into_iter().map(|(f, path)| (f.key, path)).collect();
    let concurrency = config.offsite.concurrency;
    let mut report = PushReport {
        bucket: config.offsite.bucket.clone(),
        prefix: config.offsite.prefix.clone(),
        listed,
        uploaded: 0,
        uploaded_bytes: 0,
        unchanged: p.unchanged,
        sealed: Vec::new(),
        deleted: Vec::new(),
        kept: std::mem::take(&mut p.kept),
        held: std::mem::take(&mut p.held),
        vanished: 0,
        seconds: 0.0,
    };

    // Listed without a checksum and never verified: the store says.
    let mut to_upload = std::mem::take(&mut p.upload);
    let mut heads = futures_util::stream::iter(std::mem::take(&mut p.check).into_iter().map(|f| {
        let store = store.clone();
        async move {
            let r = store.head(&f.key).await;
            (f, r)
        }
    }))
    .buffer_unordered(concurrency);
    while let Some((f, r)) = heads.next().await {
        match r? {
            Some(o)
                if o.size == f.size
                    && o.etag.as_deref().map(plan::normalize_etag) == Some(plan::normalize_etag(&f.etag)) =>
            {
                state.remote.insert(
                    f.key.clone(),
                    Copied { size: f.size, etag: plan::normalize_etag(&f.etag), plain_sha256: None },
                );
                report.unchanged += 1;
            }
            _ => to_upload.push(f),
        }
    }
    drop(heads);

    // Uploads, a few at a time; a failed one is tried once more.
    let total = to_upload.len();
    progress.begin("uploading", total as u64);
    let mut last_save = Instant::now();
    let mut failed: Vec<(LocalFile, crate::error::Error)> = Vec::new();
    for round in 0..2 {
        let batch =
            if round == 0 { std::mem::take(&mut to_upload) } else { failed.drain(..).map(|(f, _)| f).collect() };
        let mut uploads = futures_util::stream::iter(batch.into_iter().map(|f| {
            let store = store.clone();
            let path = paths.get(&f.key).cloned().unwrap_or_default();
            async move {
                let r = store.put_file(&f.key, path, &f.etag).await;
                (f, r)
            }
        }))
        .buffer_unordered(concurrency);
        while let Some((f, r)) = uploads.next().await {
            match r {
                Ok(put) => {
                    state.remote.insert(f.key.clone(), Copied { size: put.size, etag: put.etag, plain_sha256: None });
                    report.uploaded += 1;
                    report.uploaded_bytes += put.size;
                    progress.step(&f.key);
                    stall_if_asked(report.uploaded).await;
                }
                Err(e) if vanished(&e) => report.vanished += 1,
                Err(e) => failed.push((f, e)),
            }
            if last_save.elapsed() > Duration::from_secs(2) {
                save_state(&state, &data).await?;
                last_save = Instant::now();
            }
        }
        if failed.is_empty() {
            break;
        }
    }
    progress.end();
    if let Some((f, e)) = failed.first() {
        save_state(&state, &data).await?;
        return Err(PushError::Uploads {
            failed: failed.len(),
            total,
            mismatch: e.find::<Mismatch>().is_some(),
            key: f.key.clone(),
            cause: format!("{e:#}"),
        }
        .into());
    }

    // The register and what vouches for it, encrypted now.
    for (key, plain, plain_sha256) in snapshot.sealed {
        if !p.seal.iter().any(|k| k == key) {
            continue;
        }
        let s = sealer.clone();
        let ciphertext = crate::blocking::run("offsite.seal", move || s.seal_to_vec(&plain)).await??;
        let put = store.put_bytes(key, ciphertext).await?;
        state
            .remote
            .insert(key.to_string(), Copied { size: put.size, etag: put.etag, plain_sha256: Some(plain_sha256) });
        report.sealed.push(key.to_string());
    }

    // Last, what no longer belongs off-site.
    let mut deletions = futures_util::stream::iter(std::mem::take(&mut p.delete).into_iter().map(|d| {
        let store = store.clone();
        async move {
            let r = store.delete(&d.key).await;
            (d, r)
        }
    }))
    .buffer_unordered(concurrency);
    let mut delete_error = None;
    while let Some((d, r)) = deletions.next().await {
        match r {
            Ok(()) => {
                state.remote.remove(&d.key);
                report.deleted.push(d);
            }
            Err(e) => {
                delete_error.get_or_insert((d.key, e));
            }
        }
    }
    drop(deletions);
    save_state(&state, &data).await?;
    if let Some((key, e)) = delete_error {
        return Err(PushError::Delete { key, cause: format!("{e:#}") }.into());
    }
    report.deleted.sort_by(|a, b| a.key.cmp(&b.key));
    report.seconds = started.elapsed().as_secs_f64();
    let record = serde_json::json!({
        "at": crate::clock::now().to_rfc3339(), "uploaded": report.uploaded, "deleted": report.deleted.len(),
    });
    let path = data.join(LAST_PUSH);
    crate::blocking::run("offsite.last", move || crate::vault::write_private(&path, record.to_string().as_bytes()))
        .await??;
    Ok(report)
}

/// In the data folder: when the last push finished whole (for `doctor`).
pub const LAST_PUSH: &str = "offsite-last-push.json";

/// When the last push finished whole, if one has.
pub fn last_push(config: &Config) -> Option<chrono::DateTime<chrono::Utc>> {
    let text = std::fs::read_to_string(config.paths.data.join(LAST_PUSH)).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    chrono::DateTime::parse_from_rfc3339(v["at"].as_str()?).ok().map(|t| t.with_timezone(&chrono::Utc))
}

async fn save_state(state: &State, data: &Path) -> crate::error::Result<()> {
    let state = state.clone();
    let data = data.to_path_buf();
    crate::blocking::run("offsite.save", move || state.save(&data)).await??;
    Ok(())
}

/// A test-only stall after the `n`th upload (`offsite_stall_after_N`), so
/// that a test can kill the process there with SIGKILL.
async fn stall_if_asked(n: usize) {
    let step = format!("offsite_stall_after_{n}");
    if crate::failpoint::fault_injected(&step) {
        eprintln!("failpoint {step}: stalled");
        loop {
            tokio::time::sleep(Duration::from_secs(3600)).await;
        }
    }
}
