//! `offsite restore --to DIR`: a working setting rebuilt from the off-site
//! copy on a fresh machine, with the identity. The register, audit key,
//! checkpoints and config are decrypted; the ciphertexts come down as they
//! are, each checked against its size and checksum; then the same recovery
//! as after a crash makes the files match the register, every photo is
//! decrypted and checked against its id (the SHA-256 of the original), and
//! the audit chain is verified against the checkpoints.

use super::local::local_path;
use super::plan::{self, parse_key};
use super::store::Store;
use super::Progress;
use crate::config::Config;
use crate::ingest::{recover, Recovery};
use crate::model::PhotoState;
use crate::register::Register;
use crate::vault::{private_dir, Layout};
use age::x25519;
use futures_util::StreamExt;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub to: PathBuf,
    /// The restored setting's config file.
    pub config: PathBuf,
    /// Ciphertext files downloaded, and their bytes.
    pub files: usize,
    pub bytes: u64,
    /// Photos on the restored register that are not deleted.
    pub photos: usize,
    /// Of those, decrypted and found to be the original bytes.
    pub photos_checked: usize,
    /// Photos whose ciphertext does not decrypt to the original.
    pub bad_photos: Vec<String>,
    /// What recovery did to make the files match the register (a photo
    /// missing there is not in the off-site copy).
    pub recovery: Recovery,
    pub audit: crate::audit::Verification,
    /// Every photo there and whole, and the audit chain intact.
    pub complete: bool,
    pub seconds: f64,
}

/// Why a restore cannot be done as asked: the caller's to put right (bad
/// input); nothing was restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error("{0} is not empty: restore into a new folder")]
    NotEmpty(String),
    #[error("nothing to restore: no register under {bucket}/{prefix} in the bucket (is the prefix right?)")]
    NothingThere { bucket: String, prefix: String },
    #[error("cannot decrypt {key} with this identity ({why}): is it this setting's identity, and the right prefix?")]
    CannotDecrypt { key: String, why: String },
}

crate::error::kind_of!(BadInput: RestoreError);

/// Where the restored setting's files go.
fn restored_layout(to: &Path) -> Layout {
    Layout { data: to.join("data"), quarantine: to.join("quarantine") }
}

/// The restored config: the pushed one (the setting's retention, purposes
/// and recipients), with the paths of the restored folder and this
/// machine's `[offsite]` section (the one that just worked).
fn restored_config(
    pushed: Option<&[u8]>,
    current: &Config,
    identity: &str,
    note: &str,
) -> crate::error::Result<String> {
    let mut table: toml::Table = match pushed {
        Some(b) => std::str::from_utf8(b)?.parse()?,
        None => toml::Table::try_from(current)?,
    };
    let mut paths: toml::Table = toml::toml! {
        inbox = "inbox"
        data = "data"
        quarantine = "quarantine"
    };
    paths.insert("identity".into(), toml::Value::String(format!("data/{identity}")));
    table.insert("paths".into(), toml::Value::Table(paths));
    table.insert("offsite".into(), toml::Value::try_from(&current.offsite)?);
    let text = format!(
        "# {note}\n# The original file's comments are not kept: config/consentgate.toml in the\n\
         # source explains every key.\n\n{}",
        toml::to_string_pretty(&table)?
    );
    // It must load as it is written.
    Config::parse(&text, Path::new("consentgate.toml"), &[])?;
    Ok(text)
}

/// Rebuilds the setting in `to` (which must not exist, or be empty).
pub async fn restore(
    config: &Config,
    identity: &x25519::Identity,
    identity_file: &Path,
    to: &Path,
    check_photos: bool,
    progress: Progress,
) -> crate::error::Result<RestoreReport> {
    let started = Instant::now();
    if to.exists() && std::fs::read_dir(to).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(RestoreError::NotEmpty(to.display().to_string()).into());
    }
    let store = Store::open(&config.offsite)?;
    let remote = store.list().await?;
    if !remote.iter().any(|r| r.key == plan::REGISTER_KEY) {
        return Err(RestoreError::NothingThere {
            bucket: config.offsite.bucket.clone(),
            prefix: config.offsite.prefix.clone(),
        }
        .into());
    }
    let layout = restored_layout(to);
    for d in [to.to_path_buf(), layout.data.clone(), layout.quarantine.clone(), to.join("inbox")] {
        private_dir(&d)?;
    }
    layout.ensure()?;

    // The register and what goes with it, decrypted.
    let mut pushed_config = None;
    for key in plan::SEALED_KEYS {
        if !remote.iter().any(|r| r.key == key) {
            continue;
        }
        let ciphertext = store.get_bytes(key).await?;
        let id = identity.clone();
        let plain = crate::blocking::run("offsite.open", move || crate::vault::open_bytes(&ciphertext, &id))
            .await?
            .map_err(|e| RestoreError::CannotDecrypt { key: key.to_string(), why: e.to_string() })?;
        let dest = match key {
            plan::CONFIG_KEY => {
                pushed_config = Some(plain);
                continue;
            }
            plan::REGISTER_KEY => config_database(&layout),
            plan::AUDIT_KEY_KEY => layout.data.join("audit.key"),
            _ => layout.data.join("audit.checkpoints"),
        };
        crate::blocking::run("offsite.write", move || crate::vault::write_private(&dest, &plain)).await??;
    }
    let note = format!(
        "Restored by `consentgate offsite restore` from {}/{} on {}.",
        config.offsite.bucket,
        config.offsite.prefix,
        crate::clock::now().format("%Y-%m-%d")
    );
    // The identity file as given, named as `init` names it.
    let identity_bytes = std::fs::read(identity_file)?;
    let identity_name = if crate::keys::is_protected(&identity_bytes) { "identity.age" } else { "identity.txt" };
    crate::vault::write_private(&layout.data.join(identity_name), &identity_bytes)?;
    let config_text = restored_config(pushed_config.as_deref(), config, identity_name, &note)?;
    let config_path = to.join("consentgate.toml");
    crate::vault::write_private(&config_path, config_text.as_bytes())?;

    // The ciphertexts as they are.
    let files: Vec<(String, PathBuf)> = remote
        .iter()
        .filter_map(|r| parse_key(&r.key).map(|(area, id)| (r.key.clone(), local_path(&layout, area, &id))))
        .collect();
    progress.begin("downloading", files.len() as u64);
    let mut downloads = futures_util::stream::iter(files.into_iter().map(|(key, dest)| {
        let store = store.clone();
        async move { store.get_file(&key, &dest).await.map(|n| (key, n)) }
    }))
    .buffer_unordered(config.offsite.concurrency);
    let (mut count, mut bytes) = (0usize, 0u64);
    while let Some(r) = downloads.next().await {
        let (key, n) = r?;
        bytes += n;
        count += 1;
        progress.step(&key);
    }
    drop(downloads);
    progress.end();

    // Make the files match the register, then check every photo.
    let id = identity.clone();
    let db = config_database(&layout);
    let inbox = to.join("inbox");
    let p = progress.clone();
    let (recovery, photos, checked, bad, audit) =
        crate::blocking::run("offsite.check", move || -> crate::error::Result<_> {
            let reg = Register::open(&db)?;
            // The devices' import folders, as `device add` made them.
            for folder in reg.devices()?.into_iter().filter_map(|d| d.folder) {
                private_dir(&inbox.join(folder))?;
            }
            let recovery = recover(&reg, &layout)?;
            let live: Vec<(String, PhotoState)> =
                reg.photo_states()?.into_iter().filter(|(_, s)| *s != PhotoState::Deleted).collect();
            let (mut checked, mut bad) = (0usize, Vec::new());
            if check_photos {
                p.begin("checking photos", live.len() as u64);
                for (photo, state) in &live {
                    p.step(photo.get(..12).unwrap_or(photo));
                    let Some(path) = layout.blob_path(photo, *state) else { continue };
                    if !path.exists() {
                        continue; // reported by recovery as missing
                    }
                    let mut hasher = HashWriter(Sha256::new());
                    match crate::vault::open_into(&path, &id, &mut hasher) {
                        Ok(_) if hex::encode(hasher.0.finalize()) == *photo => checked += 1,
                        _ => bad.push(photo.clone()),
                    }
                }
                p.end();
            }
            let audit = reg.audit_verify()?;
            Ok((recovery, live.len(), checked, bad, audit))
        })
        .await??;
    let complete = recovery.missing.is_empty() && bad.is_empty() && audit.broken.is_none();
    Ok(RestoreReport {
        to: to.to_path_buf(),
        config: config_path,
        files: count,
        bytes,
        photos,
        photos_checked: checked,
        bad_photos: bad,
        recovery,
        audit,
        complete,
        seconds: started.elapsed().as_secs_f64(),
    })
}

fn config_database(layout: &Layout) -> PathBuf {
    layout.data.join("consentgate.db")
}

/// Hashes what is written to it.
struct HashWriter(Sha256);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_restored_config_keeps_the_settings_rules_with_new_paths() {
        let pushed = b"[paths]\ndata = \"/old/data\"\n[retention]\nmax_age_days = 400\n[purposes]\nforbidden = [\"press\", \"social_media\"]\n";
        let mut current = Config::default();
        current.offsite.endpoint = "https://s3.example.org".into();
        current.offsite.bucket = "group".into();
        current.offsite.prefix = "site-1".into();
        let text = restored_config(Some(pushed), &current, "identity.age", "restored").expect("config");
        let cfg = Config::parse(&text, Path::new("x.toml"), &[]).expect("parses");
        assert_eq!(cfg.retention.max_age_days, 400);
        assert_eq!(cfg.purposes.forbidden, vec!["press".to_string(), "social_media".to_string()]);
        assert_eq!(cfg.paths.data, PathBuf::from("data"));
        assert_eq!(cfg.paths.identity, PathBuf::from("data/identity.age"));
        assert_eq!(cfg.offsite.prefix, "site-1");
        assert!(text.starts_with("# restored"));
    }
}
