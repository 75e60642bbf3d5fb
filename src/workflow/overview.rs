//! The manager's overview, computed from plain data (a snapshot of the
//! register, the photos, the incidents): consent reviews coming due, photos
//! waiting for tags by age, the quarantine by reason, device and room, the
//! weeks' pattern, and the deletions retention will make in the coming
//! month. Pure: the web page only draws it.

use crate::model::{Child, DeviceId, PhotoState};
use crate::policy::{consent_status, ConsentStatus, ReasonCode, Rules as PolicyRules, Snapshot};
use crate::register::{Incident, PhotoSummary};
use crate::retention::{self, Rules as RetentionRules};
use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// A consent whose review date falls within the window (or has passed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDue {
    pub child: String,
    pub name: String,
    pub purpose: String,
    pub review_by: NaiveDate,
    /// Negative when the review is overdue.
    pub days_left: i64,
}

/// One week's new arrivals in the quarantine and concerns reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Week {
    /// The Monday the week starts on.
    pub starts: NaiveDate,
    pub held: usize,
    pub concerns: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Overview {
    /// Reviews due within 60 days, or overdue, soonest first.
    pub reviews: Vec<ReviewDue>,
    /// Photos waiting for tags, by how long they have waited.
    pub waiting: Vec<(String, usize)>,
    /// Waiting photos within a day of the tagging deadline (or past it).
    pub waiting_near_deadline: usize,
    pub quarantined: usize,
    /// The quarantine by reason (a reason counted once per photo).
    pub by_reason: Vec<(ReasonCode, usize)>,
    /// The quarantine by device (`None`: no registered device matched).
    pub by_device: Vec<(Option<DeviceId>, usize)>,
    /// The quarantine by the rooms of the children tagged in it.
    pub by_room: Vec<(String, usize)>,
    /// The last eight weeks, oldest first.
    pub weeks: Vec<Week>,
    /// Concerns reported, by device and by room, for patterns.
    pub concerns_by_device: Vec<(Option<DeviceId>, usize)>,
    pub concerns_by_room: Vec<(String, usize)>,
    /// Deletions retention will make in the next 30 days, by the day each
    /// may be made (announced a week before at least).
    pub deletions: Vec<(NaiveDate, usize)>,
    /// Photos held for paperwork the setting can put right (no deletion
    /// clock), by child and what they wait for, most first.
    pub paperwork: Vec<PaperworkHold>,
}

/// Photos held, never deleted for it, until something is put right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaperworkHold {
    pub code: ReasonCode,
    /// The child it is about (register id), if any.
    pub child: Option<String>,
    pub photos: usize,
    /// In words: "held until Ella's consent review".
    pub until: String,
}

/// What a hold for paperwork waits for, in words.
fn until(code: ReasonCode, name: Option<&str>) -> String {
    let name = name.unwrap_or("a child");
    match code {
        ReasonCode::ConsentReviewOverdue => format!("held until {name}'s consent review"),
        ReasonCode::NoConsent => format!("held until {name}'s consent is recorded"),
        ReasonCode::ConsentWithoutParentalResponsibility => {
            format!("held until a parent with parental responsibility signs {name}'s consent")
        }
        ReasonCode::UntaggedFaces | ReasonCode::TagSourcesDisagree | ReasonCode::CaptionNamesUntaggedChild => {
            "held until someone says who is in them".into()
        }
        ReasonCode::UnknownChild => "held until someone says which child a tag means".into(),
        ReasonCode::DeviceFolderMismatch => "held until someone says which device took them".into(),
        ReasonCode::ReportedConcern | ReasonCode::FaceCheckFailed => "held until a manager has looked at them".into(),
        ReasonCode::DecoderUnavailable => "held until this computer can open their format (libheif)".into(),
        other => format!("held: {}", other.describe()),
    }
}

/// Everything the overview reads.
pub struct Inputs<'a> {
    pub snapshot: &'a Snapshot,
    /// The photos waiting for tags, those held, and those with a concern
    /// (others may be included; they are not counted).
    pub photos: &'a [PhotoSummary],
    /// What retention reads of every photo that may fall due within
    /// [`retention::LOOK_AHEAD_DAYS`] (more are allowed: only those due
    /// are counted).
    pub ages: &'a [retention::PhotoAge],
    pub incidents: &'a [Incident],
    pub rules: &'a PolicyRules,
    pub retention: &'a RetentionRules,
    pub purposes: &'a [String],
    pub today: NaiveDate,
}

fn counted<K: Ord>(map: BTreeMap<K, usize>) -> Vec<(K, usize)> {
    let mut v: Vec<(K, usize)> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// What the room counts say for photos of children with no room, and for
/// photos with no child tagged: rows of their own, not rooms (no list
/// narrows to them).
pub const NO_ROOM: &str = "no room";
pub const NO_CHILD_TAGGED: &str = "no child tagged";

fn rooms_of<'a>(photo: &PhotoSummary, children: &'a [Child]) -> Vec<&'a str> {
    let mut rooms: Vec<&str> = photo
        .children
        .iter()
        .filter_map(|id| children.iter().find(|c| c.id == *id))
        .map(|c| c.room.as_deref().unwrap_or(NO_ROOM))
        .collect();
    rooms.sort_unstable();
    rooms.dedup();
    if rooms.is_empty() {
        rooms.push(NO_CHILD_TAGGED);
    }
    rooms
}

pub fn overview(i: &Inputs<'_>) -> Overview {
    let mut o = Overview::default();
    let days_between = |a: NaiveDate, b: NaiveDate| (b - a).num_days();

    // Reviews: every current grant whose review date is within 60 days.
    for c in i.snapshot.children.iter().filter(|c| c.left.is_none_or(|l| l >= i.today)) {
        for p in i.purposes {
            let review_by = match consent_status(i.snapshot, &c.id, p, i.rules, i.today) {
                ConsentStatus::Granted { review_by, .. } | ConsentStatus::ReviewOverdue { review_by, .. } => review_by,
                _ => continue,
            };
            let days_left = days_between(i.today, review_by);
            if days_left <= 60 {
                o.reviews.push(ReviewDue {
                    child: c.id.to_string(),
                    name: c.name.clone(),
                    purpose: p.clone(),
                    review_by,
                    days_left,
                });
            }
        }
    }
    o.reviews.sort_by(|a, b| (a.review_by, &a.child).cmp(&(b.review_by, &b.child)));

    // Waiting for tags, by age.
    let buckets = ["today", "1–2 days", "3–6 days", "a week or more"];
    let mut waiting = [0usize; 4];
    for p in i.photos.iter().filter(|p| p.state == PhotoState::AwaitingTags) {
        let since = p.state_since.day();
        let age = days_between(since, i.today);
        waiting[match age {
            ..=0 => 0,
            1..=2 => 1,
            3..=6 => 2,
            _ => 3,
        }] += 1;
        if age + 1 >= i64::from(i.rules.awaiting_tags_days) {
            o.waiting_near_deadline += 1;
        }
    }
    o.waiting = buckets.iter().map(|b| b.to_string()).zip(waiting).collect();

    // The quarantine now.
    let (mut reasons, mut devices, mut rooms) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    let held: Vec<&PhotoSummary> = i.photos.iter().filter(|p| p.state == PhotoState::Quarantined).collect();
    o.quarantined = held.len();
    for p in &held {
        let mut codes: Vec<ReasonCode> = p.reasons.iter().map(|r| r.code).collect();
        codes.sort_by_key(|c| c.as_str());
        codes.dedup();
        for c in codes {
            reasons.entry(c.as_str()).or_insert((c, 0)).1 += 1;
        }
        *devices.entry(p.device.clone()).or_insert(0) += 1;
        for r in rooms_of(p, &i.snapshot.children) {
            *rooms.entry(r.to_string()).or_insert(0) += 1;
        }
    }
    // Held for paperwork: no deletion clock, waiting for what it names.
    let mut paperwork: BTreeMap<(ReasonCode, Option<String>), usize> = BTreeMap::new();
    for p in held.iter().filter(|p| !crate::policy::on_deletion_clock(&p.reasons)) {
        let mut whys: Vec<(ReasonCode, Option<String>)> =
            p.reasons.iter().map(|r| (r.code, r.child.as_ref().map(String::from))).collect();
        whys.sort();
        whys.dedup();
        for why in whys {
            *paperwork.entry(why).or_insert(0) += 1;
        }
    }
    let name_of = |id: &str| i.snapshot.children.iter().find(|c| c.id == id).map(|c| c.name.as_str());
    o.paperwork = paperwork
        .into_iter()
        .map(|((code, child), photos)| PaperworkHold {
            until: until(code, child.as_deref().and_then(name_of)),
            code,
            child,
            photos,
        })
        .collect();
    o.paperwork.sort_by(|a, b| b.photos.cmp(&a.photos).then(a.until.cmp(&b.until)));
    let mut by_reason: Vec<(ReasonCode, usize)> = reasons.into_values().collect();
    by_reason.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    o.by_reason = by_reason;
    o.by_device = counted(devices);
    o.by_room = counted(rooms);

    // The last eight weeks: photos that entered the quarantine, and concerns.
    let monday = i.today - Days::new(u64::from(i.today.weekday().num_days_from_monday()));
    o.weeks = (0..8u64).rev().map(|k| Week { starts: monday - Days::new(7 * k), held: 0, concerns: 0 }).collect();
    let week_of = |d: NaiveDate| o.weeks.iter().position(|w| d >= w.starts && d < w.starts + Days::new(7));
    let mut held_weeks = [0usize; 8];
    for p in &held {
        if let Some(k) = week_of(p.state_since.day()) {
            held_weeks[k] += 1;
        }
    }
    let mut concern_weeks = [0usize; 8];
    let (mut c_devices, mut c_rooms) = (BTreeMap::new(), BTreeMap::new());
    for inc in i.incidents {
        if let Some(k) = week_of(inc.opened_at.day()) {
            concern_weeks[k] += 1;
        }
        if let Some(p) = i.photos.iter().find(|p| p.id == inc.photo) {
            *c_devices.entry(p.device.clone()).or_insert(0) += 1;
            for r in rooms_of(p, &i.snapshot.children) {
                *c_rooms.entry(r.to_string()).or_insert(0) += 1;
            }
        }
    }
    for (k, w) in o.weeks.iter_mut().enumerate() {
        w.held = held_weeks[k];
        w.concerns = concern_weeks[k];
    }
    o.concerns_by_device = counted(c_devices);
    o.concerns_by_room = counted(c_rooms);

    // Retention over the next 30 days: what may be deleted on each day.
    for day in retention::ahead(i.ages, &i.snapshot.children, i.retention, i.today, retention::LOOK_AHEAD_DAYS)
        .iter()
        .map(|d| d.deletes_on)
    {
        match o.deletions.last_mut() {
            Some((d, n)) if *d == day => *n += 1,
            _ => o.deletions.push((day, 1)),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ConsentAction, ConsentEvent, GuardianLink};

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    fn kid(id: &str, room: &str) -> Child {
        Child {
            id: id.into(),
            name: format!("Child {id}"),
            aliases: vec![],
            room: Some(room.into()),
            started: None,
            left: None,
        }
    }

    fn grant(child: &str, on: &str, review: &str) -> ConsentEvent {
        ConsentEvent {
            seq: 0,
            child_id: child.into(),
            purpose: "display".into(),
            action: ConsentAction::Grant,
            by: format!("G{child}"),
            date: d(on),
            review_by: Some(d(review)),
            evidence: None,
        }
    }

    fn snapshot() -> Snapshot {
        let children = vec![kid("C1", "Rainbow"), kid("C2", "Stars"), kid("C3", "Stars")];
        let guardians = children
            .iter()
            .map(|c| GuardianLink {
                guardian_id: format!("G{}", c.id),
                child_id: c.id.clone(),
                name: "g".into(),
                relationship: "parent".into(),
                parental_responsibility: true,
            })
            .collect();
        let consents = vec![
            grant("C1", "2025-12-01", "2026-12-20"), // 20 days
            grant("C2", "2025-12-01", "2027-01-20"), // 51 days
            grant("C3", "2025-12-01", "2027-06-01"), // far off
        ];
        Snapshot { children, guardians, consents, devices: vec![] }
    }

    #[test]
    fn reviews_due_within_sixty_days_soonest_first() {
        let snap = snapshot();
        let rules = PolicyRules::default();
        let purposes = vec!["display".to_string()];
        let retention = RetentionRules { after_leaving_days: 30, max_age_days: 36500, quarantine_days: 30 };
        let i = Inputs {
            snapshot: &snap,
            photos: &[],
            ages: &[],
            incidents: &[],
            rules: &rules,
            retention: &retention,
            purposes: &purposes,
            today: d("2026-11-30"),
        };
        let o = overview(&i);
        let got: Vec<(&str, i64)> = o.reviews.iter().map(|r| (r.child.as_str(), r.days_left)).collect();
        assert_eq!(got, [("C1", 20), ("C2", 51)]);
        assert_eq!(o.weeks.len(), 8);
        assert_eq!(o.weeks[7].starts, d("2026-11-30"), "the last week starts on this Monday");
        assert_eq!(o.waiting.iter().map(|w| w.1).sum::<usize>(), 0);
    }
}
