//! The plain data decisions read: the facts about one photo, the part of
//! the register they are checked against, and the setting's rules.

use super::MediaProblem;
use crate::model::{resolve_children, Child, ChildId, ConsentEvent, Device, DeviceId, GuardianLink};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The camera as its EXIF (or container metadata) names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Camera {
    pub make: String,
    pub model: String,
    pub serial: Option<String>,
}

/// Who is in the photo, as far as anyone has said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Tagging {
    /// Nobody has tagged it yet.
    Untagged,
    /// Tagged explicitly as showing no children (artwork, the room).
    Nobody,
    /// The children in it, by register id: each name or alias was bound
    /// to its child once, when the tag was made (see [`bind_tags`]), and
    /// is never read again.
    Children(Vec<ChildId>),
}

/// One face the detector found on the exact pixels that are stored, and
/// who it is: its line in the photo's face ledger.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaceIs {
    /// Nobody has said whose face it is.
    Unassigned,
    /// This child's face (a register id).
    Child(ChildId),
    /// Not a child's face: a poster, a doll, an adult (a person said so).
    NotAChild,
}

impl FaceIs {
    /// Whether this face may be a child's other than `child` (register id):
    /// another child's, or one nobody has said whose. What a copy made for
    /// one child (their picture, their parent's copy) must not show.
    pub fn may_be_other_than(&self, child: &str) -> bool {
        match self {
            FaceIs::NotAChild => false,
            FaceIs::Child(c) => c != child,
            FaceIs::Unassigned => true,
        }
    }
}

/// Where a photo's own tags came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// `<photo name>.tags.json` beside it in the inbox.
    Sidecar,
    /// The photo's own XMP: IPTC `PersonInImage`, MWG face-region names.
    Xmp,
}

impl SourceKind {
    pub fn describe(self) -> &'static str {
        match self {
            SourceKind::Sidecar => "its sidecar file",
            SourceKind::Xmp => "its own XMP metadata",
        }
    }
}

/// The children one source named, bound to register ids when the photo
/// arrived; `unknown` are the names that named nobody (or several).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub kind: SourceKind,
    pub children: Vec<ChildId>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<String>,
}

/// Everything gathered about one photo that the decision depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// What verifying the file found wrong, with a detail for people.
    pub media_problem: Option<(MediaProblem, String)>,
    /// `None` when the file names no camera make or model at all.
    pub camera: Option<Camera>,
    /// The device whose inbox folder the photo arrived through, if any.
    pub folder_device: Option<DeviceId>,
    pub captured_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub tagging: Tagging,
    /// Tags as written that named nobody on the register (or several
    /// children) when they were made: each holds the photo until a person
    /// tags it again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown_tags: Vec<String>,
    /// What the photo is for; the caller fills in the configured default.
    pub purposes: Vec<String>,
    /// A member of staff reported a concern about this photo.
    pub reported: bool,
    /// The face ledger: every face the detector found on the stored pixels
    /// and whose it is, in the detector's order (face 1 first); `None`
    /// when the check did not run (it is off, or it failed). The register
    /// holds it in its own table, not in the facts column.
    #[serde(skip)]
    pub faces: Option<Vec<FaceIs>>,
    /// Why the face check could not run on a photo it should have run on
    /// (cleared when the manager has looked at the photo and released it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_check_failed: Option<String>,
    /// Free text carried with the photo (captions, descriptions, titles).
    pub captions: Vec<String>,
    /// The day a manager sent the photo back for tagging: its tagging time
    /// runs from here, not from the day it arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tagging_restarted_on: Option<NaiveDate>,
    /// What the photo's own files named (its sidecar, its XMP), bound to
    /// register ids on arrival.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// The tags are a person's (the tagging screen, `consentgate tag`),
    /// not what the files said.
    #[serde(default)]
    pub tagged_by_person: bool,
    /// A manager released the photo having seen where its tags and its
    /// files disagree.
    #[serde(default)]
    pub sources_reviewed: bool,
    /// The photo has been in the vault: a later hold is paperwork, never a
    /// missed tagging deadline.
    #[serde(default)]
    pub was_stored: bool,
}

impl Facts {
    /// Facts for a verified photo from no camera, untagged, received today:
    /// the starting point callers and tests fill in.
    pub fn new(received_on: NaiveDate) -> Self {
        Facts {
            media_problem: None,
            camera: None,
            folder_device: None,
            captured_on: None,
            received_on,
            tagging: Tagging::Untagged,
            unknown_tags: Vec::new(),
            purposes: Vec::new(),
            reported: false,
            faces: None,
            face_check_failed: None,
            captions: Vec::new(),
            tagging_restarted_on: None,
            sources: Vec::new(),
            tagged_by_person: false,
            sources_reviewed: false,
            was_stored: false,
        }
    }

    /// The children tagged (register ids), none when untagged or nobody.
    pub fn children(&self) -> &[ChildId] {
        match &self.tagging {
            Tagging::Children(ids) => ids,
            Tagging::Untagged | Tagging::Nobody => &[],
        }
    }
}

/// The part of the register that decisions read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub children: Vec<Child>,
    pub guardians: Vec<GuardianLink>,
    pub consents: Vec<ConsentEvent>,
    pub devices: Vec<Device>,
}

impl Snapshot {
    /// The child's name, or the id itself for a child not on the register.
    pub fn child_name(&self, id: &str) -> String {
        child_name(&self.children, id)
    }

    /// The guardian's name, or the id itself for one not on the register.
    pub fn guardian_name(&self, guardian_id: &str) -> String {
        self.guardians
            .iter()
            .find(|g| g.guardian_id == guardian_id)
            .map_or_else(|| guardian_id.to_string(), |g| g.name.clone())
    }
}

/// The name of the child `id` among `children`, or the id itself when the
/// child is not there (people read names; an id is the last resort).
pub fn child_name(children: &[Child], id: &str) -> String {
    children.iter().find(|c| c.id == id).map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// The policy settings decisions depend on (taken from the config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub forbidden_purposes: BTreeSet<String>,
    pub consent_review_days: u32,
    pub awaiting_tags_days: u32,
    /// Retention's age limit: a photo that arrives already older than this
    /// is held (`older_than_retention`), never stored nor deleted unseen.
    pub max_age_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            forbidden_purposes: ["social_media".to_string()].into(),
            consent_review_days: 365,
            awaiting_tags_days: 7,
            max_age_days: 1095,
        }
    }
}

pub const LEARNING_JOURNEY: &str = "learning_journey";
pub const GROUP_IN_OTHERS_JOURNEY: &str = "group_in_others_journey";

/// Tags bound to children: each name, alias or id resolved against the
/// register once, now. Returns the distinct children's ids in the order
/// first named, and the tags that named nobody (or several children).
pub fn bind_tags(children: &[Child], labels: &[String]) -> (Vec<ChildId>, Vec<String>) {
    let resolved = resolve_children(children, labels);
    let ids = resolved.children.iter().map(|c| c.id.clone()).collect();
    // A name that names nobody, written twice ("Zara", "zara "), once.
    let mut unknown: Vec<String> = Vec::new();
    for (label, _) in resolved.unresolved {
        if !unknown.iter().any(|u| crate::model::normalise(u) == crate::model::normalise(&label)) {
            unknown.push(label);
        }
    }
    (ids, unknown)
}
