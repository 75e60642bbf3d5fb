//! The decision "may this photo be kept, for these purposes, with these
//! children in it?" as a pure function of plain data.
//!
//! [`decide`] takes the facts gathered about a photo, a snapshot of the
//! register, the setting's policy settings and today's date, and returns a
//! [`Decision`]. It does no I/O, reads no clock and collects *every* reason
//! that stands against the photo, not just the first. Reason codes are part
//! of the public contract: they appear unchanged in the database, the CLI's
//! JSON, the audit log and the web UI.
//!
//! The facts are facts, not claims: the faces are those the detector found
//! on the exact pixels that are stored (the face ledger, [`FaceIs`]), and
//! the children are register ids, bound once when they were tagged
//! ([`bind_tags`]). [`check_store_invariants`] is the gate itself, written
//! apart from the reasons, and the register holds every stored photo to it.

mod consent;
mod facts;
pub mod picture;
mod reasons;

pub use consent::{consent_status, default_review_by, ConsentStatus};
pub use facts::{bind_tags, child_name, Camera, FaceIs, Facts, Rules, Snapshot, Source, SourceKind, Tagging};
pub use facts::{GROUP_IN_OTHERS_JOURNEY, LEARNING_JOURNEY};
pub use reasons::{on_deletion_clock, Clock, MediaProblem, Reason, ReasonCode};

use crate::model::{Child, ChildId, Device, DeviceId};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
    pub device: Option<DeviceId>,
    /// The register ids of the tagged children that were found.
    pub children: Vec<ChildId>,
}

impl Decision {
    pub fn codes(&self) -> BTreeSet<ReasonCode> {
        self.reasons.iter().map(|r| r.code).collect()
    }
}

/// Reasons that keep a photo in staging for more tagging rather than sending
/// it to the quarantine, until the tagging deadline passes. Files that
/// disagree wait for a person to tag the photo; once one has and they still
/// disagree with what the person said, a manager settles it.
fn holds_for_tagging(code: ReasonCode, facts: &Facts) -> bool {
    match code {
        ReasonCode::UntaggedFaces => true,
        ReasonCode::TagSourcesDisagree => !facts.tagged_by_person,
        _ => false,
    }
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
        Tagging::Nobody => reasons.extend(forbidden_purposes(&facts.purposes, rules)),
        Tagging::Children(ids) => {
            let taken_on = facts.captured_on.unwrap_or(facts.received_on);
            let check = check_children(snapshot, rules, today, ids, &facts.purposes, taken_on);
            children = check.children;
            reasons.extend(check.reasons);
        }
    }
    if !matches!(facts.tagging, Tagging::Untagged) {
        for label in &facts.unknown_tags {
            reasons.push(Reason::new(ReasonCode::UnknownChild).detail(label.clone()));
        }
        check_faces(facts, &mut reasons);
        check_sources(facts, &mut reasons);
        check_captions(facts, snapshot, &children, &mut reasons);
    }
    if arrived_past_retention(facts, rules) {
        reasons.push(Reason::new(ReasonCode::OlderThanRetention).detail(format!(
            "taken {}, more than {} days before it arrived",
            facts.captured_on.map(|d| d.to_string()).unwrap_or_default(),
            rules.max_age_days
        )));
    }

    // Waiting for a person to tag it, or to finish tagging it. Once its
    // tagging time is up it goes to the manager; a photo no person ever
    // tagged is then overdue (a deletion may follow, announced first). A
    // photo that was stored before has no tagging time: it waits.
    let untagged = matches!(facts.tagging, Tagging::Untagged);
    let only_holds = reasons.iter().all(|r| holds_for_tagging(r.code, facts));
    let waiting = untagged || (!reasons.is_empty() && only_holds);
    let past_deadline = waiting && !facts.was_stored && tagging_deadline_passed(facts, rules, today);
    if past_deadline && !facts.tagged_by_person {
        reasons.push(Reason::new(ReasonCode::TaggingOverdue));
    }

    reasons.sort();
    reasons.dedup();
    let only_holds = reasons.iter().all(|r| holds_for_tagging(r.code, facts));
    let verdict = if reasons.is_empty() {
        if untagged {
            Verdict::AwaitTags
        } else {
            Verdict::Store
        }
    } else if only_holds && !past_deadline {
        Verdict::AwaitTags
    } else {
        Verdict::Quarantine
    };
    Decision { verdict, reasons, device, children: children.iter().map(|c| c.id.clone()).collect() }
}

/// The face ledger against the tags: every face found on the stored pixels
/// is a tagged child's (one face each) or not a child's face.
fn check_faces(facts: &Facts, reasons: &mut Vec<Reason>) {
    let Some(faces) = &facts.faces else { return };
    let tagged = facts.children();
    let mut unassigned = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, face) in faces.iter().enumerate() {
        let n = i + 1;
        match face {
            FaceIs::Unassigned => unassigned.push(n.to_string()),
            FaceIs::NotAChild => {}
            FaceIs::Child(id) => {
                if !tagged.contains(id) {
                    reasons.push(
                        Reason::new(ReasonCode::UntaggedFaces)
                            .child(id)
                            .detail(format!("face {n} is said to be a child who is not tagged")),
                    );
                }
                if !seen.insert(id) {
                    reasons.push(
                        Reason::new(ReasonCode::UntaggedFaces)
                            .child(id)
                            .detail(format!("face {n} is said to be a child who already has a face")),
                    );
                }
            }
        }
    }
    if !unassigned.is_empty() {
        let which = if unassigned.len() == 1 { "face" } else { "faces" };
        reasons.push(Reason::new(ReasonCode::UntaggedFaces).detail(format!(
            "{which} {} of {}: nobody has said whose, or that it is not a child",
            unassigned.join(", "),
            faces.len()
        )));
    }
}

/// Every child the photo's own files name is tagged; and until a person
/// has tagged it, the files agree with one another. A manager who has
/// looked ([`Facts::sources_reviewed`]) settles it.
fn check_sources(facts: &Facts, reasons: &mut Vec<Reason>) {
    if facts.sources_reviewed {
        return;
    }
    let named: Vec<&Source> =
        facts.sources.iter().filter(|s| !s.children.is_empty() || !s.unknown.is_empty()).collect();
    let tagged = facts.children();
    for s in &named {
        for id in s.children.iter().filter(|id| !tagged.contains(id)) {
            reasons.push(
                Reason::new(ReasonCode::TagSourcesDisagree)
                    .child(id)
                    .detail(format!("{} names a child who is not tagged", s.kind.describe())),
            );
        }
        for label in s.unknown.iter().filter(|l| !facts.unknown_tags.contains(l)) {
            reasons.push(
                Reason::new(ReasonCode::TagSourcesDisagree)
                    .detail(format!("{} names `{label}`, who is not tagged", s.kind.describe())),
            );
        }
    }
    if facts.tagged_by_person {
        return;
    }
    for s in &named {
        for other in named.iter().filter(|o| o.kind != s.kind) {
            for id in other.children.iter().filter(|id| !s.children.contains(id)) {
                reasons.push(Reason::new(ReasonCode::TagSourcesDisagree).child(id).detail(format!(
                    "{} names a child {} does not",
                    other.kind.describe(),
                    s.kind.describe()
                )));
            }
            for label in other.unknown.iter().filter(|l| !s.unknown.contains(l)) {
                reasons.push(Reason::new(ReasonCode::TagSourcesDisagree).detail(format!(
                    "{} names `{label}`, {} does not",
                    other.kind.describe(),
                    s.kind.describe()
                )));
            }
        }
    }
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
    tagging_deadline(facts, rules).is_some_and(|deadline| today >= deadline)
}

/// The day a photo still waiting for tags goes to the quarantine: its
/// tagging time counted from the day it arrived, or from the day a manager
/// sent it back for tagging.
pub fn tagging_deadline(facts: &Facts, rules: &Rules) -> Option<NaiveDate> {
    let clock_from = facts.tagging_restarted_on.map_or(facts.received_on, |d| d.max(facts.received_on));
    clock_from.checked_add_days(Days::new(u64::from(rules.awaiting_tags_days)))
}

fn camera_matches(device: &Device, cam: &Camera) -> bool {
    let same = crate::model::same_words;
    same(&device.make, &cam.make)
        && same(&device.model, &cam.model)
        && match (&device.serial, &cam.serial) {
            (None, _) => true,
            (Some(want), Some(got)) => same(want, got),
            (Some(_), None) => false,
        }
}

/// A retired device took photos for the setting until the day it was
/// retired; a photo it took that day or later (or one with no capture
/// date) is not the setting's.
fn in_service(device: &Device, facts: &Facts) -> bool {
    match device.retired_on {
        None => true,
        Some(retired) => facts.captured_on.is_some_and(|taken| taken < retired),
    }
}

/// Matches the camera against the registered devices; returns the device id.
fn check_device(facts: &Facts, devices: &[Device], reasons: &mut Vec<Reason>) -> Option<DeviceId> {
    let Some(cam) = &facts.camera else {
        reasons.push(Reason::new(ReasonCode::NoCameraMetadata));
        return None;
    };
    let matching: Vec<&Device> = devices.iter().filter(|d| camera_matches(d, cam)).collect();
    let candidates: Vec<&Device> = matching.iter().copied().filter(|d| in_service(d, facts)).collect();
    if candidates.is_empty() {
        let serial = cam.serial.as_deref().map(|s| format!(" serial {s}")).unwrap_or_default();
        let retired = matching
            .iter()
            .filter_map(|d| d.retired_on.map(|on| format!(", taken after {} was retired on {on}", d.label)))
            .next()
            .unwrap_or_default();
        reasons.push(Reason::new(ReasonCode::UnregisteredDevice).detail(format!(
            "{} {}{serial}{retired}",
            cam.make.trim(),
            cam.model.trim()
        )));
    }
    // A folder counts only while its device is registered and in service.
    let folder_device =
        facts.folder_device.as_ref().filter(|f| devices.iter().any(|d| &d.id == *f && d.retired_on.is_none()));
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
    /// The children the ids name, without repeats.
    pub children: Vec<&'a Child>,
    /// Ids not on the register, forbidden purposes, missing or invalid
    /// consent, leavers.
    pub reasons: Vec<Reason>,
}

fn forbidden_purposes<'p>(purposes: &'p [String], rules: &'p Rules) -> impl Iterator<Item = Reason> + 'p {
    purposes
        .iter()
        .filter(|p| rules.forbidden_purposes.contains(*p))
        .map(|p| Reason::new(ReasonCode::PurposeForbidden).purpose(p.clone()))
}

/// The consent half of [`decide`]: may a photo taken on `taken_on` showing
/// the children `ids` (register ids) be used for `purposes`? Applies the
/// group rule, and checks every child's consent for every purpose, the
/// forbidden purposes and leaving dates. An id the register does not hold
/// (any more) names nobody.
pub fn check_children<'a>(
    snapshot: &'a Snapshot,
    rules: &Rules,
    today: NaiveDate,
    ids: &[ChildId],
    purposes: &[String],
    taken_on: NaiveDate,
) -> ChildrenCheck<'a> {
    let mut reasons: Vec<Reason> = forbidden_purposes(purposes, rules).collect();
    let mut children: Vec<&Child> = Vec::new();
    for id in ids {
        match snapshot.children.iter().find(|c| &c.id == id) {
            Some(c) if !children.iter().any(|k| k.id == c.id) => children.push(c),
            Some(_) => {}
            None => reasons.push(Reason::new(ReasonCode::UnknownChild).child(id)),
        }
    }
    let wanted = purposes_needed(purposes, children.len());
    for child in &children {
        if let Some(left) = child.left {
            if taken_on > left {
                reasons.push(
                    Reason::new(ReasonCode::ChildLeftSetting)
                        .child(&child.id)
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
                reasons.push(Reason::new(code).child(&child.id).purpose(*purpose));
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

/// An invariant of the gate that a photo in the vault must keep, whatever
/// path brought it there: the last check before a photo is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Violation {
    #[error("nobody has tagged the photo")]
    Untagged,
    #[error("a tag names nobody on the register, or several children")]
    UnresolvedTag(String),
    #[error("the setting's policy forbids the purpose {0}")]
    ForbiddenPurpose(String),
    #[error("{child} has no current consent for {purpose} ({code})")]
    NoConsent { child: ChildId, purpose: String, code: ReasonCode },
    #[error("{child} had left the setting when the photo was taken")]
    ChildLeft { child: ChildId },
    #[error("face {face} is nobody's: not said to be a tagged child's, nor not a child")]
    UnassignedFace { face: usize },
    #[error("face {face} is said to be {child}, who is not tagged in the photo")]
    FaceOfUntaggedChild { face: usize, child: ChildId },
    #[error("{child} is given two faces")]
    TwoFaces { child: ChildId },
    #[error("the photo's own files name a child who is not tagged")]
    SourcesDisagree { child: Option<ChildId> },
    #[error("the faces in it could not be checked and no manager has looked at it")]
    FaceCheckFailed,
    #[error("a member of staff reported a concern about it")]
    Reported,
    #[error("the file itself could not be verified ({0})")]
    Unverified(ReasonCode),
}

impl Violation {
    /// The reason a photo that would break this invariant is held with.
    pub fn reason(&self) -> Reason {
        let reason = match self {
            Violation::Untagged
            | Violation::UnassignedFace { .. }
            | Violation::FaceOfUntaggedChild { .. }
            | Violation::TwoFaces { .. } => Reason::new(ReasonCode::UntaggedFaces),
            Violation::UnresolvedTag(_) => Reason::new(ReasonCode::UnknownChild),
            Violation::ForbiddenPurpose(p) => Reason::new(ReasonCode::PurposeForbidden).purpose(p.clone()),
            Violation::NoConsent { child, purpose, code } => Reason::new(*code).child(child).purpose(purpose.clone()),
            Violation::ChildLeft { child } => Reason::new(ReasonCode::ChildLeftSetting).child(child),
            Violation::SourcesDisagree { .. } => Reason::new(ReasonCode::TagSourcesDisagree),
            Violation::FaceCheckFailed => Reason::new(ReasonCode::FaceCheckFailed),
            Violation::Reported => Reason::new(ReasonCode::ReportedConcern),
            Violation::Unverified(code) => Reason::new(*code),
        };
        reason.detail(format!("store check: {self}"))
    }
}

/// What must hold of a photo before it may be stored or sent out, checked
/// apart from [`decide`]'s reasons so that no path rests on them alone:
///
/// - the file was verified, no concern is open, and the faces were checked
///   (or a manager looked at a photo whose check failed);
/// - the photo is tagged, and every tag is a child on the register (by
///   id: nothing is looked up by name here);
/// - the face ledger: every face found on the stored pixels is a tagged
///   child's or not a child's, and no child has two faces (`facts.faces`
///   of `None`: the check is off, there is no ledger to hold to);
/// - every child the photo's own files name is tagged (unless a manager
///   has looked);
/// - no purpose is forbidden, and every child in it has current consent
///   for every purpose (with the group rule) and had not left when it was
///   taken.
pub fn check_store_invariants(
    facts: &Facts,
    snapshot: &Snapshot,
    rules: &Rules,
    today: NaiveDate,
) -> Result<(), Violation> {
    if let Some((problem, _)) = &facts.media_problem {
        return Err(Violation::Unverified(problem.code()));
    }
    if facts.reported {
        return Err(Violation::Reported);
    }
    if facts.face_check_failed.is_some() {
        return Err(Violation::FaceCheckFailed);
    }
    let ids: &[ChildId] = match &facts.tagging {
        Tagging::Untagged => return Err(Violation::Untagged),
        Tagging::Nobody => &[],
        Tagging::Children(ids) => ids,
    };
    if let Some(label) = facts.unknown_tags.first() {
        return Err(Violation::UnresolvedTag(label.clone()));
    }
    let mut children: Vec<&Child> = Vec::new();
    for id in ids {
        let child = snapshot.children.iter().find(|c| &c.id == id).ok_or(Violation::UnresolvedTag(id.to_string()))?;
        if !children.iter().any(|c| c.id == child.id) {
            children.push(child);
        }
    }
    if let Some(faces) = &facts.faces {
        let mut seen = BTreeSet::new();
        for (i, face) in faces.iter().enumerate() {
            match face {
                FaceIs::Unassigned => return Err(Violation::UnassignedFace { face: i + 1 }),
                FaceIs::NotAChild => {}
                FaceIs::Child(id) => {
                    if !ids.contains(id) {
                        return Err(Violation::FaceOfUntaggedChild { face: i + 1, child: id.clone() });
                    }
                    if !seen.insert(id) {
                        return Err(Violation::TwoFaces { child: id.clone() });
                    }
                }
            }
        }
    }
    if !facts.sources_reviewed {
        for s in &facts.sources {
            if let Some(id) = s.children.iter().find(|id| !ids.contains(id)) {
                return Err(Violation::SourcesDisagree { child: Some(id.clone()) });
            }
            if !s.unknown.is_empty() {
                return Err(Violation::SourcesDisagree { child: None });
            }
        }
    }
    if let Some(p) = facts.purposes.iter().find(|p| rules.forbidden_purposes.contains(*p)) {
        return Err(Violation::ForbiddenPurpose(p.clone()));
    }
    let taken_on = facts.captured_on.unwrap_or(facts.received_on);
    let wanted = purposes_needed(&facts.purposes, children.len());
    for child in &children {
        if child.left.is_some_and(|left| taken_on > left) {
            return Err(Violation::ChildLeft { child: child.id.clone() });
        }
        for purpose in &wanted {
            if let Some(code) = consent_status(snapshot, &child.id, purpose, rules, today).reason_code() {
                return Err(Violation::NoConsent { child: child.id.clone(), purpose: purpose.to_string(), code });
            }
        }
    }
    Ok(())
}

/// A caption that names a registered child who is not tagged means somebody
/// knows a child is in the photo whom nobody checked consent for, until a
/// manager who looked says the caption is wrong ([`Facts::sources_reviewed`]).
fn check_captions(facts: &Facts, snapshot: &Snapshot, tagged: &[&Child], reasons: &mut Vec<Reason>) {
    if facts.captions.is_empty() || facts.sources_reviewed {
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
            reasons.push(Reason::new(ReasonCode::CaptionNamesUntaggedChild).child(&child.id));
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
