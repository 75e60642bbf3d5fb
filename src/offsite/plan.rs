//! The push plan: a pure function of what is here (the local ciphertexts
//! and the register snapshot's photo states), what is there (one listing of
//! the bucket) and what earlier pushes verified. No I/O.
//!
//! The rules, in the order of the two unforgivable errors:
//! - nothing of a photo the register has deleted (or does not know yet) is
//!   uploaded, and every object of a deleted photo is deleted: the
//!   setting's retention promise holds off-site;
//! - an object of a photo still on the register is deleted only when the
//!   photo's ciphertext is here under another name (it moved between vault,
//!   staging and quarantine) and so goes up in the same push; a live photo
//!   whose file is missing here keeps its off-site copy, which may be the
//!   only one;
//! - an object counts as copied only when its size and checksum (the S3
//!   ETag: the MD5 of a single upload, or of the parts' MD5s) match.

use crate::model::PhotoState;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a ciphertext lives, here and in the bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Vault,
    Staging,
    Quarantine,
    Thumbs,
    Faces,
}

impl Area {
    pub const ALL: [Area; 5] = [Area::Vault, Area::Staging, Area::Quarantine, Area::Thumbs, Area::Faces];

    pub fn name(self) -> &'static str {
        match self {
            Area::Vault => "vault",
            Area::Staging => "staging",
            Area::Quarantine => "quarantine",
            Area::Thumbs => "thumbs",
            Area::Faces => "faces",
        }
    }

    /// Whether this area holds photos themselves (not thumbnails or faces).
    pub fn holds_photos(self) -> bool {
        matches!(self, Area::Vault | Area::Staging | Area::Quarantine)
    }

    /// Where a photo in `state` lives; none once deleted.
    pub fn of_state(state: PhotoState) -> Option<Area> {
        match state {
            PhotoState::Stored => Some(Area::Vault),
            PhotoState::AwaitingTags => Some(Area::Staging),
            PhotoState::Quarantined => Some(Area::Quarantine),
            PhotoState::Deleted => None,
        }
    }

    /// The photo state whose ciphertext lives here (none for thumbnails).
    pub fn state(self) -> Option<PhotoState> {
        match self {
            Area::Vault => Some(PhotoState::Stored),
            Area::Staging => Some(PhotoState::AwaitingTags),
            Area::Quarantine => Some(PhotoState::Quarantined),
            Area::Thumbs | Area::Faces => None,
        }
    }
}

/// The object name (below the setting's prefix) of a photo's ciphertext
/// in `area`: the local layout, `vault/ab/<id>.age` and `<area>/<id>.age`.
pub fn file_key(area: Area, id: &str) -> String {
    match area {
        Area::Vault => format!("vault/{}/{id}.age", id.get(..2).unwrap_or("00")),
        a => format!("{}/{id}.age", a.name()),
    }
}

/// The area and photo id an object name stands for, if it is one of ours.
pub fn parse_key(key: &str) -> Option<(Area, String)> {
    let (area, rest) = key.split_once('/')?;
    let area = Area::ALL.into_iter().find(|a| a.name() == area)?;
    let name = match area {
        Area::Vault => {
            let (shard, name) = rest.split_once('/')?;
            if shard.len() != 2 || !name.starts_with(shard) {
                return None;
            }
            name
        }
        _ => rest,
    };
    let id = name.strip_suffix(".age")?;
    let ok = id.len() == 64 && id.chars().all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
    ok.then(|| (area, id.to_string()))
}

/// The objects encrypted at push time (not files as they are).
pub const REGISTER_KEY: &str = "register/consentgate.db.age";
pub const AUDIT_KEY_KEY: &str = "register/audit.key.age";
pub const CHECKPOINTS_KEY: &str = "register/audit.checkpoints.age";
pub const CONFIG_KEY: &str = "register/consentgate.toml.age";
/// In upload order: the register before the checkpoints that vouch for
/// it, so that a push cut in between leaves checkpoints no newer than the
/// register (which `audit verify` accepts).
pub const SEALED_KEYS: [&str; 4] = [CONFIG_KEY, AUDIT_KEY_KEY, REGISTER_KEY, CHECKPOINTS_KEY];

/// A ciphertext here: its object name, size and expected ETag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalFile {
    pub key: String,
    pub size: u64,
    pub etag: String,
}

/// Something encrypted at push time: its object name and the SHA-256 of
/// its plaintext (age output differs every time, so the plaintext says
/// whether it changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sealed {
    pub key: String,
    pub plain_sha256: String,
}

/// An object in the bucket, as one listing shows it. Some stores list no
/// ETag; then an earlier push's verification, or a HEAD, says what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteObject {
    pub key: String,
    pub size: u64,
    pub etag: Option<String>,
}

/// What an earlier push uploaded and verified (the push's state file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Copied {
    pub size: u64,
    pub etag: String,
    /// For sealed objects: the plaintext's SHA-256.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plain_sha256: Option<String>,
}

pub type Known = BTreeMap<String, Copied>;

/// Why an object in the bucket goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeleteReason {
    /// The photo is deleted on the register (retention, erasure, the
    /// manager): the off-site copy follows.
    Deleted,
    /// The photo's ciphertext is here under another name (it moved between
    /// vault, staging and quarantine), uploaded in the same push.
    Moved,
}

/// Why an object in the bucket stays although nothing here matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeepReason {
    /// The photo is on the register but its file is missing here: the
    /// off-site copy may be the only one.
    MissingHere,
    /// No photo on the register has this id (the register may be older
    /// than the bucket): kept for a person to look at.
    NotOnRegister,
    /// Not an object consentgate writes.
    Foreign,
}

/// Why a file here is not uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// Deleted on the register; the file is about to go here too.
    Deleted,
    /// Newer than the register snapshot: it goes up with the next push,
    /// together with the register that accounts for it.
    NotOnRegisterYet,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deletion {
    pub key: String,
    pub reason: DeleteReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Kept {
    pub key: String,
    pub reason: KeepReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    pub key: String,
    pub reason: HoldReason,
}

/// What one push does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Not in the bucket, or different there: upload.
    pub upload: Vec<LocalFile>,
    /// There with the right size, but the listing has no ETag and no
    /// earlier push verified it: ask the store (HEAD), upload if it differs.
    pub check: Vec<LocalFile>,
    /// Sealed objects to encrypt and upload again.
    pub seal: Vec<String>,
    /// Objects to delete once every upload has succeeded.
    pub delete: Vec<Deletion>,
    pub kept: Vec<Kept>,
    pub held: Vec<Held>,
    /// Files and sealed objects already copied.
    pub unchanged: usize,
}

impl Plan {
    /// Nothing to send or remove.
    pub fn is_empty(&self) -> bool {
        self.upload.is_empty() && self.check.is_empty() && self.seal.is_empty() && self.delete.is_empty()
    }
}

/// An ETag as a store sends it (`"…"`, `W/"…"`, any case) in one form.
pub fn normalize_etag(etag: &str) -> String {
    etag.trim().trim_start_matches("W/").trim_matches('"').to_ascii_lowercase()
}

/// Whether the listed object is this file, copied whole.
fn copied(file: &LocalFile, remote: &RemoteObject, known: &Known) -> Option<bool> {
    if remote.size != file.size {
        return Some(false);
    }
    match &remote.etag {
        Some(e) => Some(normalize_etag(e) == normalize_etag(&file.etag)),
        None => match known.get(&file.key) {
            Some(k) if k.size == file.size && normalize_etag(&k.etag) == normalize_etag(&file.etag) => Some(true),
            // Unknown: the store must say.
            _ => None,
        },
    }
}

/// Plans one push. `register` is the photo states of the register snapshot
/// that goes up in the same push.
pub fn plan(
    local: &[LocalFile],
    sealed: &[Sealed],
    remote: &[RemoteObject],
    known: &Known,
    register: &HashMap<String, PhotoState>,
) -> Plan {
    let mut p = Plan::default();
    let remote_by_key: HashMap<&str, &RemoteObject> = remote.iter().map(|r| (r.key.as_str(), r)).collect();
    let state_of = |id: &str| register.get(id).copied();

    // Files here whose photo is on the register and not deleted go up.
    let mut uploadable: BTreeSet<&str> = BTreeSet::new();
    // Photos whose ciphertext (not thumbnail) is here and goes up.
    let mut photo_here: BTreeSet<String> = BTreeSet::new();
    for f in local {
        let Some((area, id)) = parse_key(&f.key) else { continue };
        match state_of(&id) {
            None => p.held.push(Held { key: f.key.clone(), reason: HoldReason::NotOnRegisterYet }),
            Some(PhotoState::Deleted) => p.held.push(Held { key: f.key.clone(), reason: HoldReason::Deleted }),
            Some(_) => {
                uploadable.insert(&f.key);
                if area.holds_photos() {
                    photo_here.insert(id);
                }
                match remote_by_key.get(f.key.as_str()).map(|r| copied(f, r, known)) {
                    None | Some(Some(false)) => p.upload.push(f.clone()),
                    Some(Some(true)) => p.unchanged += 1,
                    Some(None) => p.check.push(f.clone()),
                }
            }
        }
    }

    for s in sealed {
        let done = match (remote_by_key.get(s.key.as_str()), known.get(&s.key)) {
            (Some(r), Some(k)) => {
                k.plain_sha256.as_deref() == Some(s.plain_sha256.as_str())
                    && r.size == k.size
                    && r.etag.as_deref().is_none_or(|e| normalize_etag(e) == normalize_etag(&k.etag))
            }
            _ => false,
        };
        if done {
            p.unchanged += 1;
        } else {
            p.seal.push(s.key.clone());
        }
    }

    let sealed_keys: BTreeSet<&str> = sealed.iter().map(|s| s.key.as_str()).collect();
    for r in remote {
        if uploadable.contains(r.key.as_str()) || sealed_keys.contains(r.key.as_str()) {
            continue;
        }
        let Some((area, id)) = parse_key(&r.key) else {
            p.kept.push(Kept { key: r.key.clone(), reason: KeepReason::Foreign });
            continue;
        };
        match state_of(&id) {
            Some(PhotoState::Deleted) => p.delete.push(Deletion { key: r.key.clone(), reason: DeleteReason::Deleted }),
            None => p.kept.push(Kept { key: r.key.clone(), reason: KeepReason::NotOnRegister }),
            Some(_) if area.holds_photos() && photo_here.contains(&id) => {
                p.delete.push(Deletion { key: r.key.clone(), reason: DeleteReason::Moved })
            }
            Some(_) => p.kept.push(Kept { key: r.key.clone(), reason: KeepReason::MissingHere }),
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "ab00000000000000000000000000000000000000000000000000000000000001";
    const B: &str = "cd00000000000000000000000000000000000000000000000000000000000002";

    fn local(area: Area, id: &str, etag: &str) -> LocalFile {
        LocalFile { key: file_key(area, id), size: 10, etag: etag.into() }
    }

    fn remote(area: Area, id: &str, etag: Option<&str>) -> RemoteObject {
        RemoteObject { key: file_key(area, id), size: 10, etag: etag.map(|e| format!("\"{e}\"")) }
    }

    fn states(list: &[(&str, PhotoState)]) -> HashMap<String, PhotoState> {
        list.iter().map(|(id, s)| (id.to_string(), *s)).collect()
    }

    #[test]
    fn keys_round_trip_and_strangers_are_not_ours() {
        for area in Area::ALL {
            let key = file_key(area, A);
            assert_eq!(parse_key(&key), Some((area, A.to_string())), "{key}");
        }
        assert_eq!(file_key(Area::Vault, A), format!("vault/ab/{A}.age"));
        for stranger in [
            "vault/cd/ab00000000000000000000000000000000000000000000000000000000000001.age".to_string(),
            format!("vault/{A}.age"),
            format!("thumbs/{}.age", &A[..63]),
            format!("thumbs/{}.age", A.to_uppercase()),
            format!("thumbs/{A}.jpg"),
            format!("elsewhere/{A}.age"),
            REGISTER_KEY.to_string(),
            "README".to_string(),
        ] {
            assert_eq!(parse_key(&stranger), None, "{stranger}");
        }
    }

    #[test]
    fn etags_compare_in_one_form() {
        assert_eq!(normalize_etag("\"ABC\""), "abc");
        assert_eq!(normalize_etag("W/\"abc-2\""), "abc-2");
        assert_eq!(normalize_etag("abc"), "abc");
    }

    #[test]
    fn a_new_photo_goes_up_and_a_copied_one_costs_nothing() {
        let reg = states(&[(A, PhotoState::Stored), (B, PhotoState::Stored)]);
        let here = [local(Area::Vault, A, "e1"), local(Area::Thumbs, A, "t1"), local(Area::Vault, B, "e2")];
        let there = [remote(Area::Vault, A, Some("e1")), remote(Area::Thumbs, A, Some("t1"))];
        let p = plan(&here, &[], &there, &Known::new(), &reg);
        assert_eq!(p.upload, vec![local(Area::Vault, B, "e2")]);
        assert_eq!(p.unchanged, 2);
        assert!(p.check.is_empty() && p.delete.is_empty() && p.kept.is_empty() && p.held.is_empty());
        // Once all is there, the plan is empty.
        let there = [
            remote(Area::Vault, A, Some("e1")),
            remote(Area::Thumbs, A, Some("t1")),
            remote(Area::Vault, B, Some("e2")),
        ];
        assert!(plan(&here, &[], &there, &Known::new(), &reg).is_empty());
    }

    #[test]
    fn size_and_checksum_must_both_match() {
        let reg = states(&[(A, PhotoState::Stored)]);
        let here = [local(Area::Vault, A, "e1")];
        // A different ETag: uploaded again.
        let p = plan(&here, &[], &[remote(Area::Vault, A, Some("zz"))], &Known::new(), &reg);
        assert_eq!(p.upload.len(), 1);
        // A cut-short object: the size differs, whatever the ETag.
        let short = RemoteObject { size: 4, ..remote(Area::Vault, A, Some("e1")) };
        assert_eq!(plan(&here, &[], &[short], &Known::new(), &reg).upload.len(), 1);
    }

    #[test]
    fn a_listing_without_etags_relies_on_what_an_earlier_push_verified() {
        let reg = states(&[(A, PhotoState::Stored)]);
        let here = [local(Area::Vault, A, "e1")];
        let there = [remote(Area::Vault, A, None)];
        // Never verified (a push killed before it saved its state): ask the store.
        let p = plan(&here, &[], &there, &Known::new(), &reg);
        assert_eq!(p.check, vec![local(Area::Vault, A, "e1")]);
        assert!(p.upload.is_empty());
        // Verified with this checksum: copied.
        let mut known = Known::new();
        known.insert(file_key(Area::Vault, A), Copied { size: 10, etag: "\"E1\"".into(), plain_sha256: None });
        let p = plan(&here, &[], &there, &known, &reg);
        assert!(p.is_empty() && p.unchanged == 1, "{p:?}");
        // Verified, but the file here has changed since (a face box rewritten).
        let changed = [local(Area::Vault, A, "e9")];
        assert_eq!(plan(&changed, &[], &there, &known, &reg).check.len(), 1);
    }

    #[test]
    fn sealed_objects_go_up_when_their_plaintext_changes() {
        let s = |sha: &str| Sealed { key: REGISTER_KEY.into(), plain_sha256: sha.into() };
        let r = RemoteObject { key: REGISTER_KEY.into(), size: 99, etag: None };
        let mut known = Known::new();
        known.insert(REGISTER_KEY.into(), Copied { size: 99, etag: "x".into(), plain_sha256: Some("p1".into()) });
        let none = HashMap::new();
        assert_eq!(plan(&[], &[s("p1")], std::slice::from_ref(&r), &known, &none).unchanged, 1);
        assert_eq!(plan(&[], &[s("p2")], std::slice::from_ref(&r), &known, &none).seal, vec![REGISTER_KEY.to_string()]);
        // Gone from the bucket, or replaced there, or never recorded.
        assert_eq!(plan(&[], &[s("p1")], &[], &known, &none).seal.len(), 1);
        let other = RemoteObject { size: 98, ..r.clone() };
        assert_eq!(plan(&[], &[s("p1")], &[other], &known, &none).seal.len(), 1);
        let listed = RemoteObject { etag: Some("y".into()), ..r.clone() };
        assert_eq!(plan(&[], &[s("p1")], &[listed], &known, &none).seal.len(), 1);
        assert_eq!(plan(&[], &[s("p1")], &[r], &Known::new(), &none).seal.len(), 1);
    }

    #[test]
    fn a_photo_deleted_on_the_register_leaves_the_bucket_and_never_goes_up() {
        let reg = states(&[(A, PhotoState::Deleted)]);
        // Its files are gone here (or about to go: the tombstone comes first).
        let there = [remote(Area::Vault, A, Some("e1")), remote(Area::Thumbs, A, None), remote(Area::Faces, A, None)];
        for here in [vec![], vec![local(Area::Vault, A, "e1"), local(Area::Thumbs, A, "t")]] {
            let p = plan(&here, &[], &there, &Known::new(), &reg);
            assert!(p.upload.is_empty() && p.check.is_empty(), "{p:?}");
            let gone: Vec<&str> = p.delete.iter().map(|d| d.key.as_str()).collect();
            assert_eq!(gone.len(), 3, "{p:?}");
            assert!(p.delete.iter().all(|d| d.reason == DeleteReason::Deleted));
            assert_eq!(p.held.len(), here.len());
        }
    }

    #[test]
    fn a_moved_photo_is_uploaded_under_its_new_name_and_the_old_one_goes() {
        let reg = states(&[(A, PhotoState::Quarantined)]);
        let here = [local(Area::Quarantine, A, "e1"), local(Area::Thumbs, A, "t")];
        let there = [remote(Area::Vault, A, Some("e1")), remote(Area::Thumbs, A, Some("t"))];
        let p = plan(&here, &[], &there, &Known::new(), &reg);
        assert_eq!(p.upload, vec![local(Area::Quarantine, A, "e1")]);
        assert_eq!(p.delete, vec![Deletion { key: file_key(Area::Vault, A), reason: DeleteReason::Moved }]);
    }

    #[test]
    fn a_live_photo_missing_here_keeps_its_offsite_copy() {
        // The data folder not mounted, a file lost, or a move after the
        // snapshot: never delete what may be the only copy.
        let reg = states(&[(A, PhotoState::Stored)]);
        let there = [remote(Area::Vault, A, Some("e1")), remote(Area::Thumbs, A, Some("t"))];
        let p = plan(&[], &[], &there, &Known::new(), &reg);
        assert!(p.delete.is_empty(), "{p:?}");
        assert_eq!(p.kept.len(), 2);
        assert!(p.kept.iter().all(|k| k.reason == KeepReason::MissingHere));
        // Only the thumbnail here: the photo's own copy still stays.
        let p = plan(&[local(Area::Thumbs, A, "t")], &[], &there, &Known::new(), &reg);
        assert!(p.delete.is_empty(), "{p:?}");
    }

    #[test]
    fn what_the_register_does_not_know_is_neither_sent_nor_removed() {
        let reg = HashMap::new();
        let p = plan(&[local(Area::Vault, A, "e")], &[], &[remote(Area::Vault, B, None)], &Known::new(), &reg);
        assert!(p.upload.is_empty() && p.delete.is_empty());
        assert_eq!(p.held, vec![Held { key: file_key(Area::Vault, A), reason: HoldReason::NotOnRegisterYet }]);
        assert_eq!(p.kept, vec![Kept { key: file_key(Area::Vault, B), reason: KeepReason::NotOnRegister }]);
        let foreign = RemoteObject { key: "notes/readme.txt".into(), size: 1, etag: None };
        let p = plan(&[], &[], &[foreign], &Known::new(), &reg);
        assert_eq!(p.kept[0].reason, KeepReason::Foreign);
    }

    /// Every combination of register state, area, here/there and listing
    /// form for one photo; the invariants hold in each.
    #[test]
    fn exhaustively_nothing_is_lost_and_nothing_deleted_stays() {
        let reg_states = [
            None,
            Some(PhotoState::Stored),
            Some(PhotoState::AwaitingTags),
            Some(PhotoState::Quarantined),
            Some(PhotoState::Deleted),
        ];
        // Each area: absent, present with matching etag, present with another.
        let variants = [0u8, 1, 2];
        let mut cases = 0;
        for state in reg_states {
            let reg: HashMap<String, PhotoState> = state.map(|s| (A.to_string(), s)).into_iter().collect();
            for here_mask in 0u32..32 {
                for there_code in 0u32..243 {
                    for listed_etags in [true, false] {
                        let here: Vec<LocalFile> = Area::ALL
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| here_mask & (1 << i) != 0)
                            .map(|(_, a)| local(*a, A, "e"))
                            .collect();
                        let mut code = there_code;
                        let mut there = Vec::new();
                        for a in Area::ALL {
                            let v = variants[(code % 3) as usize];
                            code /= 3;
                            let etag = match v {
                                1 => "e",
                                _ => "other",
                            };
                            if v > 0 {
                                there.push(remote(a, A, listed_etags.then_some(etag)));
                            }
                        }
                        let p = plan(&here, &[], &there, &Known::new(), &reg);
                        check_invariants(&p, &here, &there, state);
                        cases += 1;
                    }
                }
            }
        }
        assert_eq!(cases, 5 * 32 * 243 * 2);
    }

    fn check_invariants(p: &Plan, here: &[LocalFile], there: &[RemoteObject], state: Option<PhotoState>) {
        let ctx = || format!("state {state:?}\nhere {here:?}\nthere {there:?}\nplan {p:?}");
        let live = matches!(state, Some(s) if s != PhotoState::Deleted);
        let sent: BTreeSet<&str> = p.upload.iter().chain(&p.check).map(|f| f.key.as_str()).collect();
        // Never upload a deleted or unknown photo.
        if !live {
            assert!(sent.is_empty(), "uploads a photo that is not live: {}", ctx());
        }
        // Every remote object of a deleted photo is deleted.
        if state == Some(PhotoState::Deleted) {
            assert_eq!(p.delete.len(), there.len(), "keeps an object of a deleted photo: {}", ctx());
        }
        // A live photo's object is deleted only when its ciphertext goes up
        // (or is already there) under another name in the same push.
        for d in &p.delete {
            if live {
                assert_eq!(d.reason, DeleteReason::Moved, "{}", ctx());
                let (area, _) = parse_key(&d.key).expect("ours");
                assert!(area.holds_photos(), "deletes a live photo's thumbnail: {}", ctx());
                assert!(
                    here.iter().any(|f| parse_key(&f.key).is_some_and(|(a, _)| a.holds_photos()) && f.key != d.key),
                    "deletes a live photo's only copy: {}",
                    ctx()
                );
            }
        }
        // Every live file here is accounted for exactly once.
        if live {
            let unchanged = here.len() - p.upload.len() - p.check.len();
            assert_eq!(p.unchanged, unchanged, "{}", ctx());
            for f in here {
                let there_same =
                    there.iter().any(|r| r.key == f.key && r.etag.as_deref().is_some_and(|e| normalize_etag(e) == "e"));
                let planned = sent.contains(f.key.as_str());
                assert_eq!(planned, !there_same, "{}", ctx());
            }
        }
        // Nothing is both kept and deleted; every remote object not here is one or the other.
        for r in there {
            let here_too = live && here.iter().any(|f| f.key == r.key);
            let deleted = p.delete.iter().any(|d| d.key == r.key);
            let kept = p.kept.iter().any(|k| k.key == r.key);
            assert!(here_too || (deleted ^ kept), "{} : {}", r.key, ctx());
        }
    }
}
