//! Crash recovery: make the files match the register again.
//!
//! The register is the truth. Ingestion writes the ciphertext, then commits
//! the row, then removes the inbox original; state changes move the file,
//! then commit the row. So after any crash:
//! - a temporary file is an unfinished write: removed;
//! - a ciphertext without a row is an ingest whose row never committed, and
//!   its original is still in the inbox: removed (the inbox copy is taken
//!   again);
//! - a row whose file is in another state's place is a move whose row never
//!   committed: the file is moved back;
//! - a second copy of a file (a cross-file-system move cut short) is
//!   removed, keeping the one where the row says.

use crate::model::PhotoState;
use crate::register::Register;
use crate::vault::{move_durable, remove_durable, Layout, TEMP_PREFIX};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct Recovery {
    pub temp_files_removed: usize,
    pub orphan_files_removed: usize,
    pub files_moved_back: usize,
    /// Rows whose ciphertext is nowhere: reported, never silently dropped.
    pub missing: Vec<String>,
}

impl Recovery {
    pub fn is_clean(&self) -> bool {
        *self == Recovery::default()
    }
}

/// For the operator's log: the counts, and the first few missing photos by
/// their short id (a lost disk can make it thousands).
impl std::fmt::Display for Recovery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} temporary file(s) removed, {} orphan file(s) removed, {} file(s) moved back",
            self.temp_files_removed, self.orphan_files_removed, self.files_moved_back
        )?;
        if !self.missing.is_empty() {
            const SHOWN: usize = 5;
            let first: Vec<&str> = self.missing.iter().take(SHOWN).map(|id| crate::model::short(id)).collect();
            let more = self.missing.len().saturating_sub(SHOWN);
            write!(f, "; {} photo(s) on the register have no file: {}", self.missing.len(), first.join(", "))?;
            if more > 0 {
                write!(f, " and {more} more")?;
            }
        }
        Ok(())
    }
}

/// Every `*.age` (and temporary) file under `dir`, one level of shards deep.
fn files_in(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() && depth > 0 {
            files_in(&e.path(), out, depth - 1);
        } else if ft.is_file() {
            out.push(e.path());
        }
    }
}

fn id_of(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let id = name.strip_suffix(".age")?;
    (id.len() == 64 && id.chars().all(|c| c.is_ascii_hexdigit())).then(|| id.to_string())
}

pub fn recover(reg: &Register, layout: &Layout) -> crate::error::Result<Recovery> {
    let mut r = Recovery::default();
    let states: HashMap<String, PhotoState> = reg.photo_states()?.into_iter().collect();

    let mut files = Vec::new();
    for dir in layout.blob_dirs() {
        files_in(&dir, &mut files, 1);
    }
    // Temporary files first.
    files.retain(|f| {
        let temp = f.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(TEMP_PREFIX));
        if temp && remove_durable(f).is_ok() {
            r.temp_files_removed += 1;
        }
        !temp
    });

    // Rows whose file is not where the state says: find it elsewhere.
    for (id, state) in &states {
        let Some(expected) = layout.blob_path(id, *state) else { continue };
        if expected.exists() {
            continue;
        }
        let elsewhere = PhotoState::ALL
            .iter()
            .filter(|s| *s != state)
            .filter_map(|s| layout.blob_path(id, *s))
            .find(|p| p.exists());
        match elsewhere {
            Some(found) => {
                move_durable(&found, &expected)?;
                r.files_moved_back += 1;
            }
            None => r.missing.push(id.clone()),
        }
    }

    // Files that no row accounts for.
    for f in files {
        if !f.exists() {
            continue; // moved back above
        }
        // Thumbnails and face boxes belong to any photo not deleted.
        let in_thumbs =
            f.parent() == Some(layout.thumbs_dir().as_path()) || f.parent() == Some(layout.faces_dir().as_path());
        let keep = match (id_of(&f), in_thumbs) {
            (Some(id), true) => states.get(&id).is_some_and(|s| *s != PhotoState::Deleted),
            (Some(id), false) => states.get(&id).and_then(|s| layout.blob_path(&id, *s)).is_some_and(|p| p == f),
            (None, _) => true, // not ours (a README, say): leave it
        };
        if !keep {
            remove_durable(&f)?;
            r.orphan_files_removed += 1;
        }
    }
    r.missing.sort();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::Recovery;

    #[test]
    fn a_recovery_says_its_counts_and_names_only_the_first_missing_photos() {
        let clean = Recovery::default();
        assert_eq!(clean.to_string(), "0 temporary file(s) removed, 0 orphan file(s) removed, 0 file(s) moved back");
        let lost = Recovery {
            temp_files_removed: 1,
            missing: (0..100_000).map(|n| format!("{n:064x}")).collect(),
            ..Recovery::default()
        };
        let said = lost.to_string();
        assert!(said.contains("100000 photo(s) on the register have no file: 000000000000, 000000000000"), "{said}");
        assert!(said.ends_with(" and 99995 more"), "{said}");
        assert!(said.len() < 300, "one line, not every id: {} characters", said.len());
    }
}
