//! The decision "may this photo be kept, for these purposes, with these
//! children in it?" as a pure function of plain data.
//!
//! [`decide`] takes the facts gathered about a photo, a snapshot of the
//! register, the setting's policy settings and today's date, and returns a
//! [`Decision`]. It does no I/O, reads no clock and collects *every* reason
//! that stands against the photo, not just the first. Reason codes are part
//! of the public contract: they appear unchanged in the database, the CLI's
//! JSON, the audit log and the web UI.

pub mod picture;

use crate::model::{normalise, resolve_children, Child, ConsentAction, ConsentEvent, Device, GuardianLink};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;

/// Why a photo may not simply be stored. The string forms are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    UnknownChild,
    NoConsent,
    ConsentWithdrawn,
    ConsentReviewOverdue,
    ConsentWithoutParentalResponsibility,
    ChildLeftSetting,
    PurposeForbidden,
    UnregisteredDevice,
    DeviceFolderMismatch,
    NoCameraMetadata,
    UnsupportedFormat,
    CorruptImage,
    ImageTooLarge,
    TaggingOverdue,
    ReportedConcern,
    UntaggedFaces,
    CaptionNamesUntaggedChild,
    FaceCheckFailed,
    DecoderUnavailable,
    OlderThanRetention,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 20] = [
        ReasonCode::UnknownChild,
        ReasonCode::NoConsent,
        ReasonCode::ConsentWithdrawn,
        ReasonCode::ConsentReviewOverdue,
        ReasonCode::ConsentWithoutParentalResponsibility,
        ReasonCode::ChildLeftSetting,
        ReasonCode::PurposeForbidden,
        ReasonCode::UnregisteredDevice,
        ReasonCode::DeviceFolderMismatch,
        ReasonCode::NoCameraMetadata,
        ReasonCode::UnsupportedFormat,
        ReasonCode::CorruptImage,
        ReasonCode::ImageTooLarge,
        ReasonCode::TaggingOverdue,
        ReasonCode::ReportedConcern,
        ReasonCode::UntaggedFaces,
        ReasonCode::CaptionNamesUntaggedChild,
        ReasonCode::FaceCheckFailed,
        ReasonCode::DecoderUnavailable,
        ReasonCode::OlderThanRetention,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::UnknownChild => "unknown_child",
            ReasonCode::NoConsent => "no_consent",
            ReasonCode::ConsentWithdrawn => "consent_withdrawn",
            ReasonCode::ConsentReviewOverdue => "consent_review_overdue",
            ReasonCode::ConsentWithoutParentalResponsibility => "consent_without_parental_responsibility",
            ReasonCode::ChildLeftSetting => "child_left_setting",
            ReasonCode::PurposeForbidden => "purpose_forbidden",
            ReasonCode::UnregisteredDevice => "unregistered_device",
            ReasonCode::DeviceFolderMismatch => "device_folder_mismatch",
            ReasonCode::NoCameraMetadata => "no_camera_metadata",
            ReasonCode::UnsupportedFormat => "unsupported_format",
            ReasonCode::CorruptImage => "corrupt_image",
            ReasonCode::ImageTooLarge => "image_too_large",
            ReasonCode::TaggingOverdue => "tagging_overdue",
            ReasonCode::ReportedConcern => "reported_concern",
            ReasonCode::UntaggedFaces => "untagged_faces",
            ReasonCode::CaptionNamesUntaggedChild => "caption_names_untagged_child",
            ReasonCode::FaceCheckFailed => "face_check_failed",
            ReasonCode::DecoderUnavailable => "decoder_unavailable",
            ReasonCode::OlderThanRetention => "older_than_retention",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The reason in plain words, for people reading the queue.
    pub fn describe(self) -> &'static str {
        match self {
            ReasonCode::UnknownChild => "a tag names nobody on the register",
            ReasonCode::NoConsent => "a child in the photo has no consent for this use",
            ReasonCode::ConsentWithdrawn => "a parent has withdrawn consent for this use",
            ReasonCode::ConsentReviewOverdue => "the consent is past its review date",
            ReasonCode::ConsentWithoutParentalResponsibility => {
                "consent was given by someone without parental responsibility"
            }
            ReasonCode::ChildLeftSetting => "the photo was taken after the child left the setting",
            ReasonCode::PurposeForbidden => "the setting's policy forbids this use",
            ReasonCode::UnregisteredDevice => "the photo did not come from a registered setting device",
            ReasonCode::DeviceFolderMismatch => {
                "the photo came in through one device's folder but was taken by another"
            }
            ReasonCode::NoCameraMetadata => "no camera information: a screenshot, download or forwarded image",
            ReasonCode::UnsupportedFormat => "not a format that can be verified",
            ReasonCode::CorruptImage => "the image is damaged and does not open",
            ReasonCode::ImageTooLarge => "the file is over the size or pixel limits",
            ReasonCode::TaggingOverdue => "nobody tagged the children in time",
            ReasonCode::ReportedConcern => "a member of staff reported a concern",
            ReasonCode::UntaggedFaces => "there are more faces than tagged children",
            ReasonCode::CaptionNamesUntaggedChild => "a caption names a child who is not tagged",
            ReasonCode::FaceCheckFailed => "the faces in it could not be counted: a person must look at it",
            ReasonCode::OlderThanRetention => {
                "it was taken longer ago than the setting keeps photos: held for the manager, not deleted on arrival"
            }
            ReasonCode::DecoderUnavailable => {
                "this computer cannot open the format (HEIC needs the libheif library): it could not be checked"
            }
        }
    }
}

impl ReasonCode {
    /// What clears the reason, or why nothing can, in plain words: every
    /// held photo has a way out (the quarantine card shows it).
    pub fn way_out(self) -> &'static str {
        match self {
            ReasonCode::UnknownChild | ReasonCode::UntaggedFaces | ReasonCode::CaptionNamesUntaggedChild => {
                "Send it back for tagging, or add the child to the register and release it."
            }
            ReasonCode::TaggingOverdue => "Send it back for tagging: it gets a fresh tagging time from today.",
            ReasonCode::NoConsent | ReasonCode::ConsentWithdrawn | ReasonCode::ChildLeftSetting => {
                "Keep it for fewer purposes, blur the child, or delete it."
            }
            ReasonCode::ConsentReviewOverdue => {
                "Record the renewed consent on the register, then release it; or keep it for fewer purposes, blur the child, or delete it."
            }
            ReasonCode::ConsentWithoutParentalResponsibility => {
                "Record consent signed by a parent with parental responsibility, then release it; or blur the child, or delete it."
            }
            ReasonCode::PurposeForbidden => "Keep it for fewer purposes (the forbidden one unticked), or delete it.",
            ReasonCode::UnregisteredDevice => "Register this camera if it is the setting's; otherwise delete it.",
            ReasonCode::DeviceFolderMismatch => {
                "If staff copied it through the wrong folder, say it is the camera's own; otherwise delete it."
            }
            ReasonCode::NoCameraMetadata => "Say which setting device took it, if you know; otherwise delete it.",
            ReasonCode::ReportedConcern | ReasonCode::FaceCheckFailed => {
                "Look at it: release it if it is fine, or delete it."
            }
            ReasonCode::UnsupportedFormat | ReasonCode::CorruptImage | ReasonCode::ImageTooLarge => {
                "Nothing can make it checkable: delete it, and take the photo again if it is needed."
            }
            ReasonCode::DecoderUnavailable => {
                "Install libheif on this computer (libheif1) and release it, or delete it."
            }
            ReasonCode::OlderThanRetention => {
                "The setting may not keep it: delete it (retention deletes it when its quarantine time runs out)."
            }
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One reason standing against a photo, with the child and purpose it
/// concerns where it concerns one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Reason {
    pub code: ReasonCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Reason {
    pub fn new(code: ReasonCode) -> Self {
        Reason { code, child: None, purpose: None, detail: None }
    }
    pub fn child(mut self, child: impl Into<String>) -> Self {
        self.child = Some(child.into());
        self
    }
    pub fn purpose(mut self, purpose: impl Into<String>) -> Self {
        self.purpose = Some(purpose.into());
        self
    }
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(c) = &self.child {
            write!(f, " child={c}")?;
        }
        if let Some(p) = &self.purpose {
            write!(f, " purpose={p}")?;
        }
        if let Some(d) = &self.detail {
            write!(f, " ({d})")?;
        }
        Ok(())
    }
}

/// What verifying the file itself found wrong, if anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MediaProblem {
    UnsupportedFormat,
    Corrupt,
    TooLarge,
    /// The format is known but this machine has no decoder for it (HEIC
    /// without the system's libheif): the file could not be verified.
    DecoderUnavailable,
}

impl MediaProblem {
    pub fn code(self) -> ReasonCode {
        match self {
            MediaProblem::UnsupportedFormat => ReasonCode::UnsupportedFormat,
            MediaProblem::Corrupt => ReasonCode::CorruptImage,
            MediaProblem::TooLarge => ReasonCode::ImageTooLarge,
            MediaProblem::DecoderUnavailable => ReasonCode::DecoderUnavailable,
        }
    }
}

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
    /// The children in it, as written by the tagger (ids, names or aliases).
    Children(Vec<String>),
}

/// Everything gathered about one photo that the decision depends on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// What verifying the file found wrong, with a detail for people.
    pub media_problem: Option<(MediaProblem, String)>,
    /// `None` when the file names no camera make or model at all.
    pub camera: Option<Camera>,
    /// The device whose inbox folder the photo arrived through, if any.
    pub folder_device: Option<String>,
    pub captured_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub tagging: Tagging,
    /// What the photo is for; the caller fills in the configured default.
    pub purposes: Vec<String>,
    /// A member of staff reported a concern about this photo.
    pub reported: bool,
    /// Faces the detector found, when it ran.
    pub faces: Option<u32>,
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
            purposes: Vec::new(),
            reported: false,
            faces: None,
            face_check_failed: None,
            captions: Vec::new(),
            tagging_restarted_on: None,
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

/// The current state of one child's consent for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ConsentStatus {
    /// A valid grant, due for review on `review_by`.
    Granted {
        by: String,
        signed: NaiveDate,
        review_by: NaiveDate,
    },
    /// No event at all.
    Missing,
    Refused {
        by: String,
        on: NaiveDate,
    },
    Withdrawn {
        by: String,
        on: NaiveDate,
    },
    /// A grant whose review date has passed.
    ReviewOverdue {
        by: String,
        signed: NaiveDate,
        review_by: NaiveDate,
    },
    /// A grant by someone without parental responsibility for this child.
    WithoutParentalResponsibility {
        by: String,
        signed: NaiveDate,
    },
}

impl ConsentStatus {
    pub fn is_valid(&self) -> bool {
        matches!(self, ConsentStatus::Granted { .. })
    }

    /// The reason this status stands against a photo, if it does.
    pub fn reason_code(&self) -> Option<ReasonCode> {
        match self {
            ConsentStatus::Granted { .. } => None,
            ConsentStatus::Missing | ConsentStatus::Refused { .. } => Some(ReasonCode::NoConsent),
            ConsentStatus::Withdrawn { .. } => Some(ReasonCode::ConsentWithdrawn),
            ConsentStatus::ReviewOverdue { .. } => Some(ReasonCode::ConsentReviewOverdue),
            ConsentStatus::WithoutParentalResponsibility { .. } => {
                Some(ReasonCode::ConsentWithoutParentalResponsibility)
            }
        }
    }

    /// A short word for listings.
    pub fn label(&self) -> &'static str {
        match self {
            ConsentStatus::Granted { .. } => "granted",
            ConsentStatus::Missing => "none",
            ConsentStatus::Refused { .. } => "refused",
            ConsentStatus::Withdrawn { .. } => "withdrawn",
            ConsentStatus::ReviewOverdue { .. } => "review overdue",
            ConsentStatus::WithoutParentalResponsibility { .. } => "no parental responsibility",
        }
    }
}

/// When a grant signed on `signed` is due for review, absent an explicit date.
pub fn default_review_by(signed: NaiveDate, rules: &Rules) -> NaiveDate {
    signed.checked_add_days(Days::new(u64::from(rules.consent_review_days))).unwrap_or(NaiveDate::MAX)
}

/// Derives the current consent of `child` for `purpose` from the history.
///
/// The latest event in effect wins: latest by date, then by the order it was
/// recorded. Events dated after `today` are not yet in effect (a withdrawal
/// "from next Monday" bites on Monday).
pub fn consent_status(
    snapshot: &Snapshot,
    child: &str,
    purpose: &str,
    rules: &Rules,
    today: NaiveDate,
) -> ConsentStatus {
    let latest = snapshot
        .consents
        .iter()
        .filter(|e| e.child_id == child && e.purpose == purpose && e.date <= today)
        .max_by_key(|e| (e.date, e.seq));
    let Some(ev) = latest else {
        return ConsentStatus::Missing;
    };
    match ev.action {
        ConsentAction::Refuse => ConsentStatus::Refused { by: ev.by.clone(), on: ev.date },
        ConsentAction::Withdraw => ConsentStatus::Withdrawn { by: ev.by.clone(), on: ev.date },
        ConsentAction::Grant => {
            let has_pr = snapshot
                .guardians
                .iter()
                .any(|g| g.guardian_id == ev.by && g.child_id == child && g.parental_responsibility);
            if !has_pr {
                return ConsentStatus::WithoutParentalResponsibility { by: ev.by.clone(), signed: ev.date };
            }
            let review_by = ev.review_by.unwrap_or_else(|| default_review_by(ev.date, rules));
            if today > review_by {
                ConsentStatus::ReviewOverdue { by: ev.by.clone(), signed: ev.date, review_by }
            } else {
                ConsentStatus::Granted { by: ev.by.clone(), signed: ev.date, review_by }
            }
        }
    }
}

/// What happens to the photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Encrypt into the vault.
    Store,
    /// Hold (encrypted) in staging until a practitioner tags it.
    AwaitTags,
    /// Encrypt into the quarantine for the manager, with the reasons.
    Quarantine,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub verdict: Verdict,
    /// Every reason standing against the photo, sorted; empty when stored.
    pub reasons: Vec<Reason>,
    /// The registered device that took the photo, when one matched.
    pub device: Option<String>,
    /// The register ids of the tagged children that were found.
    pub children: Vec<String>,
}

impl Decision {
    pub fn codes(&self) -> BTreeSet<ReasonCode> {
        self.reasons.iter().map(|r| r.code).collect()
    }
}

/// Reasons that keep a photo in staging for more tagging rather than sending
/// it to the quarantine, until the tagging deadline passes.
fn holds_for_tagging(code: ReasonCode) -> bool {
    matches!(code, ReasonCode::UntaggedFaces)
}

/// Decides what happens to a photo. Pure: same inputs, same decision.
///
/// A photo the reasons would store is held to [`check_store_invariants`]
/// as well: if the two ever disagree, the photo goes to the quarantine
/// with the broken invariant as its reason, never into the vault.
pub fn decide(facts: &Facts, snapshot: &Snapshot, rules: &Rules, today: NaiveDate) -> Decision {
    let mut decision = assess(facts, snapshot, rules, today);
    if decision.verdict == Verdict::Store {
        if let Err(broken) = check_store_invariants(facts, snapshot, rules, today) {
            decision.reasons.push(broken.reason());
            decision.reasons.sort();
            decision.verdict = Verdict::Quarantine;
        }
    }
    decision
}

/// Every reason standing against the photo, and the verdict they give.
fn assess(facts: &Facts, snapshot: &Snapshot, rules: &Rules, today: NaiveDate) -> Decision {
    let mut reasons = Vec::new();

    if let Some((problem, detail)) = &facts.media_problem {
        reasons.push(Reason::new(problem.code()).detail(detail.clone()));
    }
    if facts.reported {
        reasons.push(Reason::new(ReasonCode::ReportedConcern));
    }
    if let Some(why) = &facts.face_check_failed {
        reasons.push(Reason::new(ReasonCode::FaceCheckFailed).detail(why.clone()));
    }

    let device = check_device(facts, &snapshot.devices, &mut reasons);

    let mut children: Vec<&Child> = Vec::new();
    match &facts.tagging {
        Tagging::Untagged => reasons.extend(forbidden_purposes(&facts.purposes, rules)),
        Tagging::Nobody => {
            reasons.extend(forbidden_purposes(&facts.purposes, rules));
            if facts.faces.unwrap_or(0) > 0 {
                reasons.push(
                    Reason::new(ReasonCode::UntaggedFaces).detail(format!(
                        "{} face(s) on a photo tagged as showing no children",
                        facts.faces.unwrap_or(0)
                    )),
                );
            }
        }
        Tagging::Children(labels) => {
            let taken_on = facts.captured_on.unwrap_or(facts.received_on);
            let check = check_children(snapshot, rules, today, labels, &facts.purposes, taken_on);
            children = check.children;
            reasons.extend(check.reasons);
            // Faces are covered by distinct children, not by tags: a child
            // tagged twice (id and alias, or the same id again) covers one.
            let tagged = count(children.len());
            if let Some(faces) = facts.faces {
                if faces > tagged {
                    reasons.push(
                        Reason::new(ReasonCode::UntaggedFaces)
                            .detail(format!("{faces} face(s), {tagged} distinct child(ren) tagged")),
                    );
                }
            }
        }
    }

    if !matches!(facts.tagging, Tagging::Untagged) {
        check_captions(facts, snapshot, &children, &mut reasons);
    }
    if arrived_past_retention(facts, rules) {
        reasons.push(Reason::new(ReasonCode::OlderThanRetention).detail(format!(
            "taken {}, more than {} days before it arrived",
            facts.captured_on.map(|d| d.to_string()).unwrap_or_default(),
            rules.max_age_days
        )));
    }

    let untagged = matches!(facts.tagging, Tagging::Untagged);
    let only_holds = reasons.iter().all(|r| holds_for_tagging(r.code));
    let waiting = untagged || (!reasons.is_empty() && only_holds);
    if waiting && tagging_deadline_passed(facts, rules, today) {
        reasons.push(Reason::new(ReasonCode::TaggingOverdue));
    }

    reasons.sort();
    reasons.dedup();
    let only_holds = reasons.iter().all(|r| holds_for_tagging(r.code));
    let verdict = if reasons.is_empty() {
        if untagged {
            Verdict::AwaitTags
        } else {
            Verdict::Store
        }
    } else if only_holds {
        Verdict::AwaitTags
    } else {
        Verdict::Quarantine
    };
    Decision { verdict, reasons, device, children: children.iter().map(|c| c.id.clone()).collect() }
}

/// Taken longer before it arrived than retention keeps photos. Judged on the
/// day of arrival (not today), so a photo that ages out in the vault is
/// deleted by retention as usual.
fn arrived_past_retention(facts: &Facts, rules: &Rules) -> bool {
    facts
        .captured_on
        .and_then(|c| c.checked_add_days(Days::new(u64::from(rules.max_age_days))))
        .is_some_and(|limit| facts.received_on >= limit)
}

fn tagging_deadline_passed(facts: &Facts, rules: &Rules, today: NaiveDate) -> bool {
    let clock_from = facts.tagging_restarted_on.map_or(facts.received_on, |d| d.max(facts.received_on));
    clock_from
        .checked_add_days(Days::new(u64::from(rules.awaiting_tags_days)))
        .is_some_and(|deadline| today >= deadline)
}

fn camera_matches(device: &Device, cam: &Camera) -> bool {
    let same = |a: &str, b: &str| normalise(a) == normalise(b);
    same(&device.make, &cam.make)
        && same(&device.model, &cam.model)
        && match (&device.serial, &cam.serial) {
            (None, _) => true,
            (Some(want), Some(got)) => same(want, got),
            (Some(_), None) => false,
        }
}

/// Matches the camera against the registered devices; returns the device id.
fn check_device(facts: &Facts, devices: &[Device], reasons: &mut Vec<Reason>) -> Option<String> {
    let Some(cam) = &facts.camera else {
        reasons.push(Reason::new(ReasonCode::NoCameraMetadata));
        return None;
    };
    let candidates: Vec<&Device> = devices.iter().filter(|d| camera_matches(d, cam)).collect();
    if candidates.is_empty() {
        let serial = cam.serial.as_deref().map(|s| format!(" serial {s}")).unwrap_or_default();
        reasons.push(Reason::new(ReasonCode::UnregisteredDevice).detail(format!(
            "{} {}{serial}",
            cam.make.trim(),
            cam.model.trim()
        )));
    }
    // A folder counts only while its device is registered.
    let folder_device = facts.folder_device.as_ref().filter(|f| devices.iter().any(|d| &d.id == *f));
    if let Some(folder_dev) = folder_device {
        if !candidates.iter().any(|d| &d.id == folder_dev) {
            let named = candidates.first().map(|d| d.id.as_str()).unwrap_or("an unregistered camera");
            reasons.push(
                Reason::new(ReasonCode::DeviceFolderMismatch)
                    .detail(format!("came through {folder_dev}'s folder, taken by {named}")),
            );
        }
        if let Some(d) = candidates.iter().find(|d| &d.id == folder_dev) {
            return Some(d.id.clone());
        }
    }
    candidates.first().map(|d| d.id.clone())
}

/// What checking a set of tagged children against the register found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChildrenCheck<'a> {
    /// The children the tags resolved to, without repeats.
    pub children: Vec<&'a Child>,
    /// Unknown tags, forbidden purposes, missing or invalid consent, leavers.
    pub reasons: Vec<Reason>,
}

fn forbidden_purposes<'p>(purposes: &'p [String], rules: &'p Rules) -> impl Iterator<Item = Reason> + 'p {
    purposes
        .iter()
        .filter(|p| rules.forbidden_purposes.contains(*p))
        .map(|p| Reason::new(ReasonCode::PurposeForbidden).purpose(p.clone()))
}

/// The consent half of [`decide`]: may a photo taken on `taken_on` showing
/// the children named by `labels` be used for `purposes`? Resolves the tags,
/// applies the group rule, and checks every child's consent for every
/// purpose, the forbidden purposes and leaving dates.
pub fn check_children<'a>(
    snapshot: &'a Snapshot,
    rules: &Rules,
    today: NaiveDate,
    labels: &[String],
    purposes: &[String],
    taken_on: NaiveDate,
) -> ChildrenCheck<'a> {
    let mut reasons: Vec<Reason> = forbidden_purposes(purposes, rules).collect();
    let resolved = resolve_children(&snapshot.children, labels);
    let children = resolved.children;
    for (label, candidates) in resolved.unresolved {
        let reason = Reason::new(ReasonCode::UnknownChild);
        reasons.push(if candidates.is_empty() {
            reason.detail(label)
        } else {
            reason.detail(format!("{label}: ambiguous between {}", candidates.join(", ")))
        });
    }
    let wanted = purposes_needed(purposes, children.len());
    for child in &children {
        if let Some(left) = child.left {
            if taken_on > left {
                reasons.push(
                    Reason::new(ReasonCode::ChildLeftSetting)
                        .child(child.id.clone())
                        .detail(format!("left {left}, photo of {taken_on}")),
                );
            }
        }
        for purpose in &wanted {
            if rules.forbidden_purposes.contains(*purpose) {
                continue; // already refused outright as purpose_forbidden
            }
            let status = consent_status(snapshot, &child.id, purpose, rules, today);
            if let Some(code) = status.reason_code() {
                reasons.push(Reason::new(code).child(child.id.clone()).purpose(*purpose));
            }
        }
    }
    reasons.sort();
    reasons.dedup();
    ChildrenCheck { children, reasons }
}

/// The purposes every child in a photo of `children` distinct children
/// needs consent for. The group rule: in a learning journey photo with two
/// or more children, each child appears in the others' journeys too.
pub fn purposes_needed(purposes: &[String], children: usize) -> Vec<&str> {
    let mut wanted: Vec<&str> = purposes.iter().map(String::as_str).collect();
    if children >= 2 && wanted.contains(&LEARNING_JOURNEY) && !wanted.contains(&GROUP_IN_OTHERS_JOURNEY) {
        wanted.push(GROUP_IN_OTHERS_JOURNEY);
    }
    wanted
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// An invariant of the gate that a photo in the vault must keep, whatever
/// path brought it there: the last check before a photo is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("nobody has tagged the photo")]
    Untagged,
    #[error("the tag `{0}` names nobody on the register, or several children")]
    UnresolvedTag(String),
    #[error("the setting's policy forbids the purpose {0}")]
    ForbiddenPurpose(String),
    #[error("{child} has no current consent for {purpose} ({code})")]
    NoConsent { child: String, purpose: String, code: ReasonCode },
    #[error("{faces} face(s) but {children} distinct consenting child(ren) tagged")]
    UncoveredFaces { faces: u32, children: u32 },
}

impl Violation {
    /// The reason a photo that would break this invariant is held with.
    pub fn reason(&self) -> Reason {
        let reason = match self {
            Violation::Untagged | Violation::UncoveredFaces { .. } => Reason::new(ReasonCode::UntaggedFaces),
            Violation::UnresolvedTag(_) => Reason::new(ReasonCode::UnknownChild),
            Violation::ForbiddenPurpose(p) => Reason::new(ReasonCode::PurposeForbidden).purpose(p.clone()),
            Violation::NoConsent { child, purpose, code } => {
                Reason::new(*code).child(child.clone()).purpose(purpose.clone())
            }
        };
        reason.detail(format!("store check: {self}"))
    }
}

/// What must hold of a photo before it may be stored, checked apart from
/// [`decide`]'s reasons so that no path into the vault rests on them alone:
/// the photo is tagged; every tag names exactly one child on the register;
/// no purpose is forbidden; every tagged child has current consent for
/// every purpose of the photo (with the group rule); and the faces found
/// (less those confirmed not a child's face) are no more than the distinct
/// children tagged, each counted once however often or by whichever name
/// it is tagged. `facts.faces` of `None` means no face count to hold to
/// (the check was off, or failed and a manager looked at the photo).
pub fn check_store_invariants(
    facts: &Facts,
    snapshot: &Snapshot,
    rules: &Rules,
    today: NaiveDate,
) -> Result<(), Violation> {
    let labels: &[String] = match &facts.tagging {
        Tagging::Untagged => return Err(Violation::Untagged),
        Tagging::Nobody => &[],
        Tagging::Children(labels) => labels,
    };
    let resolved = resolve_children(&snapshot.children, labels);
    if let Some((label, _)) = resolved.unresolved.into_iter().next() {
        return Err(Violation::UnresolvedTag(label));
    }
    if let Some(p) = facts.purposes.iter().find(|p| rules.forbidden_purposes.contains(*p)) {
        return Err(Violation::ForbiddenPurpose(p.clone()));
    }
    let wanted = purposes_needed(&facts.purposes, resolved.children.len());
    let mut consenting = 0u32;
    for child in &resolved.children {
        for purpose in &wanted {
            if let Some(code) = consent_status(snapshot, &child.id, purpose, rules, today).reason_code() {
                return Err(Violation::NoConsent { child: child.id.clone(), purpose: purpose.to_string(), code });
            }
        }
        consenting = consenting.saturating_add(1);
    }
    match facts.faces {
        Some(faces) if faces > consenting => Err(Violation::UncoveredFaces { faces, children: consenting }),
        _ => Ok(()),
    }
}

/// A caption that names a registered child who is not tagged means somebody
/// knows a child is in the photo whom nobody checked consent for.
fn check_captions(facts: &Facts, snapshot: &Snapshot, tagged: &[&Child], reasons: &mut Vec<Reason>) {
    if facts.captions.is_empty() {
        return;
    }
    let words: Vec<Vec<String>> = facts.captions.iter().map(|c| words_of(c)).collect();
    for child in &snapshot.children {
        if tagged.iter().any(|t| t.id == child.id) {
            continue;
        }
        let named = child.names().any(|name| {
            let needle = words_of(name);
            !needle.is_empty() && words.iter().any(|hay| contains_run(hay, &needle))
        });
        if named {
            reasons.push(Reason::new(ReasonCode::CaptionNamesUntaggedChild).child(child.id.clone()));
        }
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests;
