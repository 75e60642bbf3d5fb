//! `offsite verify`: the bucket against the register, without downloading
//! a photo: every photo on the register has its ciphertext off-site with
//! the size and checksum of the one here, nothing of a deleted photo is
//! left there, and the sealed register objects are there.

use super::local::{self, State};
use super::plan::{self, file_key, parse_key, Area, RemoteObject, SEALED_KEYS};
use super::store::Store;
use super::Progress;
use crate::config::Config;
use crate::model::PhotoState;
use crate::register::Register;
use crate::vault::Layout;
use futures_util::StreamExt;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A photo's object that is missing or differs off-site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub photo: String,
    pub key: String,
    pub why: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    pub bucket: String,
    pub prefix: String,
    /// Objects under the prefix.
    pub objects: usize,
    /// Photos on the register that are not deleted.
    pub photos: usize,
    /// True when every finding list below but `stale` and `not_on_register`
    /// is empty.
    pub complete: bool,
    /// Not off-site yet (or gone from the bucket).
    pub missing: Vec<Finding>,
    /// Off-site with another size or checksum than here.
    pub mismatched: Vec<Finding>,
    /// Objects of photos deleted on the register: the next push removes
    /// them (the retention promise off-site).
    pub kept_after_deletion: Vec<String>,
    /// Sealed register objects missing from the bucket.
    pub missing_register: Vec<String>,
    /// A photo's former place (it moved since the last push).
    pub stale: Vec<String>,
    /// Objects of photos the register does not know.
    pub not_on_register: Vec<String>,
    /// Objects whose checksum the listing did not give, asked one by one.
    pub asked_store: usize,
}

/// Checks the bucket against the register and the files here.
pub async fn verify(config: &Config, progress: Progress) -> crate::error::Result<VerifyReport> {
    let store = Store::open(&config.offsite)?;
    let cfg = config.clone();
    let target = store.target.clone();
    let p = progress.clone();
    let (states, files) = crate::blocking::run("offsite.verify.local", move || -> crate::error::Result<_> {
        let reg = Register::open(&cfg.database_path())?;
        let states: HashMap<String, PhotoState> = reg.photo_states()?.into_iter().collect();
        let mut state = State::load(&cfg.paths.data, &target);
        let files = local::scan(&Layout::new(&cfg), &mut state, &*p)?;
        Ok((states, files))
    })
    .await??;
    let here: BTreeMap<String, plan::LocalFile> = files.into_iter().map(|(f, _)| (f.key.clone(), f)).collect();

    let mut remote: BTreeMap<String, RemoteObject> =
        store.list().await?.into_iter().map(|r| (r.key.clone(), r)).collect();
    // The listing of some stores has no ETags: ask for the ones to compare.
    let ask: Vec<String> =
        remote.values().filter(|r| r.etag.is_none() && here.contains_key(&r.key)).map(|r| r.key.clone()).collect();
    let asked_store = ask.len();
    progress.begin("asking the store", asked_store as u64);
    let mut heads = futures_util::stream::iter(ask.into_iter().map(|k| {
        let store = store.clone();
        async move { store.head(&k).await }
    }))
    .buffer_unordered(config.offsite.concurrency);
    while let Some(r) = heads.next().await {
        if let Some(o) = r? {
            progress.step(&o.key);
            remote.insert(o.key.clone(), o);
        }
    }
    drop(heads);
    progress.end();

    let mut report = VerifyReport {
        bucket: config.offsite.bucket.clone(),
        prefix: config.offsite.prefix.clone(),
        objects: remote.len(),
        photos: states.values().filter(|s| **s != PhotoState::Deleted).count(),
        complete: false,
        missing: Vec::new(),
        mismatched: Vec::new(),
        kept_after_deletion: Vec::new(),
        missing_register: Vec::new(),
        stale: Vec::new(),
        not_on_register: Vec::new(),
        asked_store,
    };

    // Each live photo's ciphertext, and the thumbnails and faces here.
    let mut expected: Vec<(String, String)> = Vec::new();
    for (id, state) in &states {
        if let Some(area) = Area::of_state(*state) {
            expected.push((id.clone(), file_key(area, id)));
        }
    }
    for key in here.keys() {
        if let Some((area, id)) = parse_key(key) {
            let live = states.get(&id).is_some_and(|s| *s != PhotoState::Deleted);
            if !area.holds_photos() && live {
                expected.push((id, key.clone()));
            }
        }
    }
    expected.sort();
    for (photo, key) in expected {
        match (remote.get(&key), here.get(&key)) {
            (None, _) => report.missing.push(Finding { photo, key, why: "not in the bucket".into() }),
            (Some(r), Some(f)) if r.size != f.size => {
                let why = format!("size {} off-site, {} here", r.size, f.size);
                report.mismatched.push(Finding { photo, key, why });
            }
            (Some(r), Some(f))
                if r.etag.as_deref().map(plan::normalize_etag) != Some(plan::normalize_etag(&f.etag)) =>
            {
                let why = format!("checksum {} off-site, {} here", r.etag.as_deref().unwrap_or("none"), f.etag);
                report.mismatched.push(Finding { photo, key, why });
            }
            _ => {}
        }
    }

    for key in remote.keys() {
        let Some((area, id)) = parse_key(key) else { continue };
        match states.get(&id) {
            Some(PhotoState::Deleted) => report.kept_after_deletion.push(key.clone()),
            None => report.not_on_register.push(key.clone()),
            Some(s) if area.holds_photos() && Area::of_state(*s) != Some(area) => report.stale.push(key.clone()),
            Some(_) => {}
        }
    }
    for key in SEALED_KEYS {
        let optional = key == plan::CONFIG_KEY && config.file.is_none();
        if !optional && !remote.contains_key(key) {
            report.missing_register.push(key.to_string());
        }
    }
    report.complete = report.missing.is_empty()
        && report.mismatched.is_empty()
        && report.kept_after_deletion.is_empty()
        && report.missing_register.is_empty();
    Ok(report)
}
