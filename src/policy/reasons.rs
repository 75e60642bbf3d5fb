//! Reason codes: why a photo may not simply be stored, in words, with
//! their way out and whether they may ever lead to a deletion.

use crate::model::ChildId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a photo may not simply be stored. The string forms are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    UnknownChild,
    NoConsent,
    ConsentRefused,
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
    TagSourcesDisagree,
}

impl ReasonCode {
    pub const ALL: [ReasonCode; 22] = [
        ReasonCode::UnknownChild,
        ReasonCode::NoConsent,
        ReasonCode::ConsentRefused,
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
        ReasonCode::TagSourcesDisagree,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::UnknownChild => "unknown_child",
            ReasonCode::NoConsent => "no_consent",
            ReasonCode::ConsentRefused => "consent_refused",
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
            ReasonCode::TagSourcesDisagree => "tag_sources_disagree",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The reason in plain words, for people reading the queue.
    pub fn describe(self) -> &'static str {
        match self {
            ReasonCode::UnknownChild => "a tag names nobody on the register",
            ReasonCode::NoConsent => "a child in the photo has no consent recorded for this use",
            ReasonCode::ConsentRefused => "a parent has refused consent for this use",
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
            ReasonCode::UntaggedFaces => "a face in it is not yet said to be a child's, or not a child",
            ReasonCode::CaptionNamesUntaggedChild => "a caption names a child who is not tagged",
            ReasonCode::FaceCheckFailed => "the faces in it could not be counted: a person must look at it",
            ReasonCode::OlderThanRetention => {
                "it was taken longer ago than the setting keeps photos: held for the manager, not deleted on arrival"
            }
            ReasonCode::DecoderUnavailable => {
                "this computer cannot open the format (HEIC needs the libheif library): it could not be checked"
            }
            ReasonCode::TagSourcesDisagree => {
                "the photo's own tags (its sidecar, its XMP) and the children tagged do not agree"
            }
        }
    }
}

impl ReasonCode {
    /// What clears the reason, or why nothing can, in plain words: every
    /// held photo has a way out (the quarantine card shows it).
    pub fn way_out(self) -> &'static str {
        match self {
            ReasonCode::UnknownChild => {
                "Tag it again and choose the child (add them to the register first if they are new), or send it back for tagging."
            }
            ReasonCode::UntaggedFaces => {
                "Tag it again and say whose each face is, or that it is not a child's; or send it back for tagging."
            }
            ReasonCode::CaptionNamesUntaggedChild => {
                "Tag it again with the child the caption names, or release it if the caption is wrong."
            }
            ReasonCode::TaggingOverdue => {
                "Tag it yourself (Tag again), or send it back for tagging: it gets a fresh tagging time from today."
            }
            ReasonCode::NoConsent => {
                "Record the parent's consent on the register (it comes back by itself), or keep it for fewer purposes, blur the child, or delete it."
            }
            ReasonCode::ConsentRefused | ReasonCode::ConsentWithdrawn | ReasonCode::ChildLeftSetting => {
                "Keep it for fewer purposes (untick them under Release), blur the child, or delete it; if the child is tagged by mistake, tag it again."
            }
            ReasonCode::ConsentReviewOverdue => {
                "Record the renewed consent on the register: it comes back by itself. It is kept safe until then, never deleted for being late."
            }
            ReasonCode::ConsentWithoutParentalResponsibility => {
                "Record consent signed by a parent with parental responsibility: it comes back by itself. Or blur the child, or delete it."
            }
            ReasonCode::PurposeForbidden => {
                "Untick the forbidden purpose under Release (or tag it again for another purpose), or delete it."
            }
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
                "Delete it, or keep it held until this computer can open the format (libheif1 installed) and take the photo in again from the camera."
            }
            ReasonCode::OlderThanRetention => {
                "The setting may not keep it: delete it (retention deletes it when its quarantine time runs out)."
            }
            ReasonCode::TagSourcesDisagree => {
                "Look at it and tag it again with every child in it (the names its files give are listed), or release it if the tags are right."
            }
        }
    }

    /// Whether a photo held for this reason may be deleted automatically,
    /// once its quarantine time has run out and the deletion has been
    /// announced: only where a person decided (a refusal, a withdrawal, a
    /// forbidden purpose) or a written rule says it must go (a device that
    /// was never the setting's, a file that cannot be checked, the age and
    /// leaving rules, a photo nobody tagged in time). A reason the setting
    /// can put right (paperwork: a review, a signature, a device, a tag)
    /// never starts a deletion clock: the photo waits, encrypted and out of
    /// every use, and comes back by itself when it is put right. The one
    /// place this is decided; `retention` and the pages read it.
    pub fn clock(self) -> Clock {
        match self {
            ReasonCode::ConsentRefused
            | ReasonCode::ConsentWithdrawn
            | ReasonCode::PurposeForbidden
            | ReasonCode::UnregisteredDevice
            | ReasonCode::NoCameraMetadata
            | ReasonCode::UnsupportedFormat
            | ReasonCode::CorruptImage
            | ReasonCode::ImageTooLarge
            | ReasonCode::OlderThanRetention
            | ReasonCode::ChildLeftSetting
            | ReasonCode::TaggingOverdue => Clock::MustGo,
            ReasonCode::UnknownChild
            | ReasonCode::NoConsent
            | ReasonCode::ConsentReviewOverdue
            | ReasonCode::ConsentWithoutParentalResponsibility
            | ReasonCode::DeviceFolderMismatch
            | ReasonCode::ReportedConcern
            | ReasonCode::UntaggedFaces
            | ReasonCode::CaptionNamesUntaggedChild
            | ReasonCode::FaceCheckFailed
            | ReasonCode::DecoderUnavailable
            | ReasonCode::TagSourcesDisagree => Clock::MustWait,
        }
    }
}

/// What a hold does to a photo's life: see [`ReasonCode::clock`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// A person decided, or a written rule says so: the quarantine time
    /// runs, and then the photo is deleted (announced first).
    MustGo,
    /// Paperwork the setting can put right: no deletion clock ever starts.
    MustWait,
}

/// Whether a photo held for `reasons` is on a deletion clock: true when
/// any of them must go.
pub fn on_deletion_clock<'a>(reasons: impl IntoIterator<Item = &'a Reason>) -> bool {
    reasons.into_iter().any(|r| r.code.clock() == Clock::MustGo)
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
    pub child: Option<ChildId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Reason {
    pub fn new(code: ReasonCode) -> Self {
        Reason { code, child: None, purpose: None, detail: None }
    }
    pub fn child(mut self, child: &ChildId) -> Self {
        self.child = Some(child.clone());
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
