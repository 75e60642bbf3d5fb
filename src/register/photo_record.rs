//! A photo as the register holds it: its record, tags, faces and the facts
//! stored with it, read from a row.

use super::Result;
use crate::model::{At, ChildId, DeviceId, PhotoId, PhotoState};
use crate::policy::{FaceIs, Facts, Reason, Tagging, Verdict};
use rusqlite::Row;
use serde::{Deserialize, Serialize};

/// Facts about the file that are shown but not decided on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaInfo {
    /// EXIF orientation (1–8), when the file carries one.
    pub orientation: Option<u16>,
    /// The file carries GPS coordinates.
    pub gps: bool,
    /// The capture time's UTC offset, when the camera wrote one.
    #[serde(default)]
    pub captured_offset: Option<String>,
    /// An encrypted thumbnail exists.
    pub thumbnail: bool,
}

/// What the `facts` column holds: everything a later re-decision needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredFacts {
    pub facts: Facts,
    pub media: MediaInfo,
}

/// A tag as stored: a child by register id (bound when the tag was made),
/// or a tag that named nobody, as written; with the region drawn for it,
/// if any, `[x, y, w, h]` as fractions of the image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TagRow {
    /// The child's id; or the tag as written when it named nobody.
    pub label: String,
    pub child_id: Option<ChildId>,
    pub region: Option<[f64; 4]>,
}

/// One line of a photo's face ledger: the face's box, whose face it is,
/// and who said so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaceRow {
    /// The box the detector found, `[x, y, w, h]` as fractions of the
    /// upright image (`None` for a face counted before the ledger).
    pub rect: Option<[f64; 4]>,
    pub is: FaceIs,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A photo to add to the register.
#[derive(Debug, Clone)]
pub struct NewPhoto {
    pub id: PhotoId,
    pub source_name: String,
    pub source_folder: Option<String>,
    pub format: String,
    pub bytes: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub captured_at: Option<String>,
    /// The facts, with the face ledger (`stored.facts.faces`) and the
    /// tags (bound to ids) to write.
    pub stored: StoredFacts,
    /// Regions drawn or given for tagged children (by id) or unknown tags.
    pub regions: Vec<(String, [f64; 4])>,
    /// The boxes of the faces found, in the ledger's order (as many as
    /// `stored.facts.faces` has lines).
    pub face_boxes: Vec<[f64; 4]>,
    /// The photo this one was redacted from.
    pub derived_from: Option<PhotoId>,
}

/// Who changes a photo, how, and why (for the audit log).
#[derive(Debug, Clone, Copy)]
pub struct Change<'a> {
    pub action: crate::audit::Action,
    pub actor: &'a str,
    pub note: Option<&'a str>,
}

impl<'a> Change<'a> {
    pub fn new(action: crate::audit::Action, actor: &'a str) -> Self {
        Change { action, actor, note: None }
    }
    pub fn note(mut self, note: &'a str) -> Self {
        self.note = Some(note);
        self
    }

    /// A note over the limit for notes is refused (bad input), not stored.
    pub(super) fn check(&self) -> Result<()> {
        match self.note {
            Some(n) => super::check_field(crate::limits::Field::Note, "the note", n),
            None => Ok(()),
        }
    }
}

/// A reported concern about a photo.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Incident {
    pub id: i64,
    pub photo: PhotoId,
    pub opened_at: At,
    pub opened_by: String,
    pub reason: String,
    pub closed_at: Option<At>,
    pub closed_by: Option<String>,
    pub resolution: Option<String>,
}

/// A photo as the register holds it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PhotoRecord {
    pub id: PhotoId,
    pub state: PhotoState,
    pub source_name: String,
    pub source_folder: Option<String>,
    pub format: String,
    pub bytes: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub captured_at: Option<String>,
    pub device: Option<DeviceId>,
    pub purposes: Vec<String>,
    pub tagged: bool,
    pub nobody: bool,
    pub reported: bool,
    pub reasons: Vec<Reason>,
    pub stored: StoredFacts,
    pub received_at: At,
    pub updated_at: At,
    /// When the photo entered its current state.
    pub state_since: At,
    pub deleted_at: Option<At>,
    /// Why it was deleted: a retention rule, `manager` or `redacted`.
    pub deleted_rule: Option<String>,
    /// The photo this one was redacted from.
    pub derived_from: Option<PhotoId>,
    pub tags: Vec<TagRow>,
    /// The face ledger: one line per face found on the stored pixels;
    /// `None` when the face check did not run on this photo.
    pub faces: Option<Vec<FaceRow>>,
    /// The day a deletion clock started for it in the quarantine (a reason
    /// that must go), if one did.
    pub clock_since: Option<String>,
    /// A manager's decision to keep it from retention: who, when, why.
    pub kept: Option<(String, String, String)>,
}

impl PhotoRecord {
    /// The day the photo was taken, by its camera's clock, or else the
    /// day it arrived: the one day every page, file name and filter uses.
    pub fn taken_on(&self) -> chrono::NaiveDate {
        self.captured_at.as_deref().and_then(crate::model::day_of).unwrap_or(self.received_at.day())
    }

    /// The regions drawn for the photo's tags: (who, [x, y, w, h] as
    /// fractions of the photo).
    pub fn regions(&self) -> Vec<(String, [f64; 4])> {
        self.tags.iter().filter_map(|t| Some((t.label.clone(), t.region?))).collect()
    }

    /// The facts for a fresh decision: the stored file facts with the
    /// current tags (children by id; what named nobody, as written), the
    /// face ledger, the purposes and the report flag. No name is looked up.
    pub fn facts(&self) -> Facts {
        let mut f = self.stored.facts.clone();
        f.tagging = if self.nobody {
            Tagging::Nobody
        } else if self.tagged {
            Tagging::Children(self.child_ids())
        } else {
            Tagging::Untagged
        };
        f.unknown_tags = self.tags.iter().filter(|t| t.child_id.is_none()).map(|t| t.label.clone()).collect();
        f.faces = self.faces.as_ref().map(|rows| rows.iter().map(|r| r.is.clone()).collect());
        f.purposes = self.purposes.clone();
        f.reported = self.reported;
        f
    }

    /// The photo as people and messages name it: its file name, then the
    /// short id the CLI takes (`garden.jpg (photo 2ba13c138b41)`).
    pub fn named(&self) -> String {
        format!("{} (photo {})", self.source_name, crate::model::short(&self.id))
    }

    /// The children tagged in it, by register id.
    pub fn child_ids(&self) -> Vec<ChildId> {
        self.tags.iter().filter_map(|t| t.child_id.clone()).collect()
    }

    /// Whether `child` (a register id) is tagged in it.
    pub fn shows(&self, child: &str) -> bool {
        self.tags.iter().any(|t| t.child_id.as_deref() == Some(child))
    }

    /// The face `child` is said to have in it (1-based), if any.
    pub fn face_of(&self, child: &str) -> Option<usize> {
        self.faces.as_ref()?.iter().position(|r| matches!(&r.is, FaceIs::Child(c) if c == child)).map(|i| i + 1)
    }

    /// The DESIGN.md JSON shape, with a few extra fields.
    pub fn to_json(&self) -> serde_json::Value {
        let tags: Vec<&str> = self.tags.iter().map(|t| t.child_id.as_deref().unwrap_or(t.label.as_str())).collect();
        serde_json::json!({
            "id": self.id,
            "state": self.state,
            "source_name": self.source_name,
            "format": self.format,
            "width": self.width,
            "height": self.height,
            "captured_at": self.captured_at,
            "captured_offset": self.stored.media.captured_offset,
            "device": self.device,
            "purposes": self.purposes,
            "tags": tags,
            "nobody": self.nobody,
            "reasons": self.reasons,
            "bytes": self.bytes,
            "source_folder": self.source_folder,
            "received_at": self.received_at,
            "state_since": self.state_since,
            "deleted_at": self.deleted_at,
            "deleted_rule": self.deleted_rule,
            "derived_from": self.derived_from,
            "camera": self.stored.facts.camera,
            "orientation": self.stored.media.orientation,
            "gps": self.stored.media.gps,
            "regions": self.tags.iter().filter_map(|t| t.region.map(|r| (t.label.clone(), r))).collect::<std::collections::BTreeMap<_, _>>(),
            "faces": self.faces.as_ref().map(|rows| rows.iter().enumerate().map(|(i, r)| serde_json::json!({
                "face": i + 1,
                "child": match &r.is { FaceIs::Child(c) => Some(c.as_str()), _ => None },
                "not_a_child": r.is == FaceIs::NotAChild,
                "by": r.by, "at": r.at,
            })).collect::<Vec<_>>()),
            "kept": self.kept.as_ref().map(|(by, at, note)| serde_json::json!({"by": by, "at": at, "note": note})),
        })
    }
}

pub fn state_for(verdict: Verdict) -> PhotoState {
    match verdict {
        Verdict::Store => PhotoState::Stored,
        Verdict::AwaitTags => PhotoState::AwaitingTags,
        Verdict::Quarantine => PhotoState::Quarantined,
    }
}

pub(super) fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

pub(super) const COLUMNS: &str =
    "id, state, source_name, source_folder, format, bytes, width, height, captured_at, device_id, \
                       purposes, tagged, nobody, reported, reasons, facts, received_at, updated_at, \
                       state_since, deleted_at, deleted_rule, derived_from, faces_found, clock_since, \
                       kept_by, kept_at, kept_note";

pub(super) fn bad_json(e: serde_json::Error) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
}

pub(super) fn from_row(r: &Row<'_>) -> rusqlite::Result<PhotoRecord> {
    let state: String = r.get(1)?;
    let purposes: String = r.get(10)?;
    let reasons: String = r.get(14)?;
    let facts: String = r.get(15)?;
    Ok(PhotoRecord {
        id: r.get(0)?,
        state: PhotoState::parse(&state).unwrap_or(PhotoState::Quarantined),
        source_name: r.get(2)?,
        source_folder: r.get(3)?,
        format: r.get(4)?,
        bytes: r.get::<_, i64>(5)?.max(0) as u64,
        width: r.get(6)?,
        height: r.get(7)?,
        captured_at: r.get(8)?,
        device: r.get(9)?,
        purposes: serde_json::from_str(&purposes).map_err(bad_json)?,
        tagged: r.get(11)?,
        nobody: r.get(12)?,
        reported: r.get(13)?,
        reasons: serde_json::from_str(&reasons).map_err(bad_json)?,
        stored: serde_json::from_str(&facts).map_err(bad_json)?,
        received_at: r.get(16)?,
        updated_at: r.get(17)?,
        // Rows from before the column was kept: since they arrived.
        state_since: r.get::<_, Option<At>>(18)?.map_or_else(|| r.get(16), Ok)?,
        deleted_at: r.get(19)?,
        deleted_rule: r.get(20)?,
        derived_from: r.get(21)?,
        tags: Vec::new(),
        // The ledger's lines are read next; an empty ledger of this size
        // stands until then (and stays, were they missing: nobody's faces).
        faces: r.get::<_, Option<i64>>(22)?.map(|n| {
            vec![
                FaceRow { rect: None, is: FaceIs::Unassigned, by: None, at: None, note: None };
                usize::try_from(n).unwrap_or(0)
            ]
        }),
        clock_since: r.get(23)?,
        kept: match (r.get::<_, Option<String>>(24)?, r.get::<_, Option<String>>(25)?) {
            (Some(by), Some(at)) => Some((by, at, r.get::<_, Option<String>>(26)?.unwrap_or_default())),
            _ => None,
        },
    })
}

/// The ledger's columns, as [`face_row`] reads them.
pub(super) const FACE_COLUMNS: &str = "face_no, child_id, not_child, decided_by, decided_at, note, x, y, w, h";

/// A ledger line from [`FACE_COLUMNS`] starting at `at`.
pub(super) fn face_row(r: &Row<'_>, at: usize) -> rusqlite::Result<(usize, FaceRow)> {
    let n: i64 = r.get(at)?;
    let rect = match (r.get(at + 6)?, r.get(at + 7)?, r.get(at + 8)?, r.get(at + 9)?) {
        (Some(x), Some(y), Some(w), Some(h)) => Some([x, y, w, h]),
        _ => None,
    };
    let child: Option<ChildId> = r.get(at + 1)?;
    let not_child: bool = r.get(at + 2)?;
    let is = match (child, not_child) {
        (Some(c), _) => FaceIs::Child(c),
        (None, true) => FaceIs::NotAChild,
        (None, false) => FaceIs::Unassigned,
    };
    Ok((
        usize::try_from(n).unwrap_or(0),
        FaceRow { rect, is, by: r.get(at + 3)?, at: r.get(at + 4)?, note: r.get(at + 5)? },
    ))
}

/// Puts ledger line `n` (1-based) in its place; a line beyond the count
/// found is ignored (the count is the detector's, not the lines').
pub(super) fn place(faces: &mut Option<Vec<FaceRow>>, n: usize, row: FaceRow) {
    if let Some(slot) = faces.as_mut().and_then(|f| f.get_mut(n.wrapping_sub(1))) {
        *slot = row;
    }
}

/// A tag from the columns label, child_id, region starting at `at`.
pub(super) fn tag_row(r: &Row<'_>, at: usize) -> rusqlite::Result<TagRow> {
    let region: Option<String> = r.get(at + 2)?;
    Ok(TagRow {
        label: r.get(at)?,
        child_id: r.get(at + 1)?,
        region: region.and_then(|s| serde_json::from_str(&s).ok()),
    })
}
