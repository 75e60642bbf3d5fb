//! What is here: the ciphertexts under the setting's folders with their
//! checksums, and the push's own state file (`data/offsite.json`, 0600):
//! the checksums of files already read (by size and modification time, so
//! a push with nothing changed reads no photo) and what earlier pushes
//! uploaded and verified. Losing the state file costs time, never data: the
//! next push reads the files again and asks the store.

use super::plan::{file_key, Area, Known, LocalFile};
use crate::vault::{Layout, TEMP_PREFIX};
use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Files up to this size go up in one request; larger ones in parts of this
/// size (S3 wants parts of at least 5 MiB). The ETag follows from it.
pub const PART_SIZE: u64 = 16 << 20;

const STATE_FILE: &str = "offsite.json";
const STATE_VERSION: u32 = 1;

/// The checksum of a file as read on an earlier push.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hashed {
    pub size: u64,
    pub mtime_ns: i128,
    pub etag: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct State {
    version: u32,
    /// The store these records are about: `endpoint bucket prefix`.
    target: String,
    /// By object name.
    pub local: BTreeMap<String, Hashed>,
    /// What was uploaded and verified, by object name.
    pub remote: Known,
}

impl State {
    pub fn path(data: &Path) -> PathBuf {
        data.join(STATE_FILE)
    }

    /// The state for `target`; a missing, unreadable or other store's file
    /// starts afresh (it only saves time).
    pub fn load(data: &Path, target: &str) -> State {
        let fresh = State { version: STATE_VERSION, target: target.to_string(), ..State::default() };
        let Ok(bytes) = std::fs::read(Self::path(data)) else { return fresh };
        match serde_json::from_slice::<State>(&bytes) {
            Ok(s) if s.version == STATE_VERSION && s.target == target => s,
            Ok(s) => State { local: s.local, ..fresh },
            Err(e) => {
                tracing::warn!("ignoring the unreadable {}: {e}", Self::path(data).display());
                fresh
            }
        }
    }

    /// Writes the state atomically, owner-only.
    pub fn save(&self, data: &Path) -> std::io::Result<()> {
        let mut tmp = tempfile::Builder::new().prefix(TEMP_PREFIX).tempfile_in(data)?;
        tmp.write_all(&serde_json::to_vec(self).map_err(std::io::Error::other)?)?;
        tmp.as_file().sync_all()?;
        tmp.persist(Self::path(data)).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The ETag an S3 store gives these bytes when they are uploaded as this
/// module uploads them: the MD5 of one request, or for a multipart upload
/// the MD5 of the parts' MD5s and the number of parts.
pub fn etag_of(reader: &mut dyn Read, size: u64) -> std::io::Result<String> {
    let mut buf = vec![0u8; 1 << 16];
    let mut part = Md5::new();
    let mut in_part = 0u64;
    let mut parts: Vec<u8> = Vec::new();
    let mut count = 0u32;
    loop {
        let want = usize::try_from((PART_SIZE - in_part).min(buf.len() as u64)).unwrap_or(buf.len());
        let n = match reader.read(&mut buf[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        part.update(&buf[..n]);
        in_part += n as u64;
        if in_part == PART_SIZE {
            parts.extend_from_slice(&part.finalize_reset());
            count += 1;
            in_part = 0;
        }
    }
    if size <= PART_SIZE {
        return Ok(if count == 1 { hex::encode(&parts) } else { hex::encode(part.finalize()) });
    }
    if in_part > 0 {
        parts.extend_from_slice(&part.finalize());
        count += 1;
    }
    Ok(format!("{}-{count}", hex::encode(Md5::digest(&parts))))
}

/// The ETag of a file, with its size (read now).
pub fn etag_of_file(path: &Path) -> std::io::Result<(u64, String)> {
    let f = std::fs::File::open(path)?;
    let size = f.metadata()?.len();
    let etag = etag_of(&mut std::io::BufReader::with_capacity(1 << 16, f), size)?;
    Ok((size, etag))
}

fn mtime_ns(m: &std::fs::Metadata) -> i128 {
    m.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(-1)
}

/// Where a photo's ciphertext in `area` lives here.
pub fn local_path(layout: &Layout, area: Area, id: &str) -> PathBuf {
    match area.state() {
        Some(state) => layout.blob_path(id, state).unwrap_or_else(|| layout.quarantine.join(format!("{id}.age"))),
        None if area == Area::Thumbs => layout.thumb_path(id),
        None => layout.faces_path(id),
    }
}

fn area_dir(layout: &Layout, area: Area) -> PathBuf {
    match area {
        Area::Vault => layout.vault_dir(),
        Area::Staging => layout.staging_dir(),
        Area::Quarantine => layout.quarantine.clone(),
        Area::Thumbs => layout.thumbs_dir(),
        Area::Faces => layout.faces_dir(),
    }
}

/// The ids of the `<id>.age` files in a folder (and, for the vault, its
/// shards), never temporary files.
fn ids_in(dir: &Path, depth: usize, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        if ft.is_dir() && depth > 0 {
            ids_in(&e.path(), depth - 1, out);
        } else if ft.is_file() && !name.starts_with(TEMP_PREFIX) {
            if let Some(id) = name.strip_suffix(".age") {
                out.push(id.to_string());
            }
        }
    }
}

/// Every ciphertext here, with its object name and checksum (from the
/// state's records when its size and time are unchanged, else read now).
/// `progress` is told of each file.
pub fn scan(
    layout: &Layout,
    state: &mut State,
    progress: &dyn crate::progress::Progress,
) -> std::io::Result<Vec<(LocalFile, PathBuf)>> {
    let mut found = Vec::new();
    for area in Area::ALL {
        let mut ids = Vec::new();
        ids_in(&area_dir(layout, area), usize::from(area == Area::Vault), &mut ids);
        ids.sort();
        found.extend(ids.into_iter().map(|id| (area, id)));
    }
    progress.begin("reading files", found.len() as u64);
    let mut out = Vec::new();
    let mut seen = BTreeMap::new();
    for (area, id) in found {
        let key = file_key(area, &id);
        progress.step(&key);
        if super::plan::parse_key(&key).is_none() {
            continue; // not a photo's file (a README, say)
        }
        let path = local_path(layout, area, &id);
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            // In a shard it does not belong to, or gone meanwhile.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        let (size, mtime) = (meta.len(), mtime_ns(&meta));
        let etag = match state.local.get(&key) {
            Some(h) if h.size == size && h.mtime_ns == mtime => h.etag.clone(),
            _ => match etag_of_file(&path) {
                Ok((_, etag)) => etag,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
                Err(e) => return Err(e),
            },
        };
        seen.insert(key.clone(), Hashed { size, mtime_ns: mtime, etag: etag.clone() });
        out.push((LocalFile { key, size, etag }, path));
    }
    progress.end();
    state.local = seen;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_files_have_the_md5_as_etag() {
        let data = b"hello world";
        assert_eq!(etag_of(&mut &data[..], data.len() as u64).expect("etag"), "5eb63bbbe01eeed093cb22bb8f5acdc3");
        assert_eq!(etag_of(&mut &b""[..], 0).expect("etag"), "d41d8cd98f00b204e9800998ecf8427e");
    }

    #[test]
    fn large_files_have_the_multipart_etag() {
        let part = PART_SIZE as usize;
        for len in [part, part + 1, 2 * part, 2 * part + 5] {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let got = etag_of(&mut &data[..], len as u64).expect("etag");
            let want = if len <= part {
                hex::encode(Md5::digest(&data))
            } else {
                let chunks: Vec<&[u8]> = data.chunks(part).collect();
                let cat: Vec<u8> = chunks.iter().flat_map(|c| Md5::digest(c).to_vec()).collect();
                format!("{}-{}", hex::encode(Md5::digest(&cat)), chunks.len())
            };
            assert_eq!(got, want, "{len}");
        }
    }

    #[test]
    fn the_scan_reads_each_file_once_and_skips_temporary_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let layout = Layout { data: dir.path().join("data"), quarantine: dir.path().join("q") };
        layout.ensure().expect("ensure");
        let id = "ab".to_string() + &"0".repeat(62);
        let vault = layout.blob_path(&id, crate::model::PhotoState::Stored).expect("path");
        std::fs::create_dir_all(vault.parent().expect("shard")).expect("mkdir");
        std::fs::write(&vault, b"ciphertext").expect("write");
        std::fs::write(layout.thumb_path(&id), b"thumb").expect("write");
        std::fs::write(layout.thumbs_dir().join(format!("{TEMP_PREFIX}x")), b"partial").expect("write");
        std::fs::write(layout.quarantine.join("README.md"), b"not ours").expect("write");
        let mut state = State::default();
        let quiet = crate::progress::Quiet;
        let files = scan(&layout, &mut state, &quiet).expect("scan");
        let keys: Vec<&str> = files.iter().map(|(f, _)| f.key.as_str()).collect();
        assert_eq!(keys, vec![format!("vault/ab/{id}.age"), format!("thumbs/{id}.age")]);
        // Unchanged files are not read again: a recorded checksum stands
        // while size and time are the same (so a wrong one shows here).
        let thumb_key = format!("thumbs/{id}.age");
        state.local.get_mut(&thumb_key).expect("recorded").etag = "recorded".into();
        let again = scan(&layout, &mut state, &quiet).expect("scan");
        assert_eq!(again[1].0.etag, "recorded");
        assert_eq!(again[0].0, files[0].0);
        // A changed file is read again.
        std::fs::write(layout.thumb_path(&id), b"thumb, rewritten").expect("write");
        let third = scan(&layout, &mut state, &quiet).expect("scan");
        assert_eq!(third[1].0.etag, hex::encode(Md5::digest(b"thumb, rewritten")));
        // Saved and loaded for the same store; another store starts afresh
        // on what was uploaded, not on the checksums.
        state.remote.insert("k".into(), super::super::plan::Copied { size: 1, etag: "e".into(), plain_sha256: None });
        state.target = "t1".into();
        state.version = STATE_VERSION;
        state.save(&layout.data).expect("save");
        assert_eq!(State::load(&layout.data, "t1").remote.len(), 1);
        let other = State::load(&layout.data, "t2");
        assert!(other.remote.is_empty() && other.local.len() == 2);
    }
}
