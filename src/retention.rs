//! Retention: what the setting may no longer keep.
//!
//! [`plan`] is pure: from the photos, the children and the rules it says
//! which photos fall due for deletion within the week ahead, under which
//! rule, and on which day each may be deleted. The sweeper
//! ([`crate::workflow::run_retention`]) announces what is new in it and
//! carries out what its day has come for.
//!
//! Nothing is deleted that no person decided or written rule requires, and
//! nothing unannounced:
//! - a photo waiting for tags is never deleted here (past
//!   `awaiting_tags_days` the policy sends a photo nobody tagged to the
//!   quarantine, `tagging_overdue`);
//! - a photo in the quarantine has a deletion clock only while a reason
//!   that must go holds it ([`crate::policy::ReasonCode::clock`]: a refusal,
//!   a withdrawal, a forbidden purpose, a device that was never the
//!   setting's, a photo nobody tagged...); held for paperwork (a review
//!   overdue, a signature, a face not yet said) it waits, however long, until
//!   the age and leaving rules reach it;
//! - the age and leaving rules reach a quarantined photo no sooner than its
//!   quarantine time, so the manager always has that time to look;
//! - every deletion is announced (on the dashboard and the retention page)
//!   at least [`NOTICE_DAYS`] before it is made: a deletion first announced
//!   late (the service was off over a closure) is made a week after, never
//!   at once;
//! - a photo a manager kept, with a note, is never deleted automatically.

use crate::model::{Child, ChildId, PhotoId, PhotoState};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// How long before it is made every automatic deletion is announced.
pub const NOTICE_DAYS: u32 = 7;

/// How far ahead the manager's pages (the overview, the retention page)
/// show the deletions coming.
pub const LOOK_AHEAD_DAYS: u32 = 30;

/// What the plan needs to know about a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoAge {
    pub id: PhotoId,
    pub state: PhotoState,
    pub captured_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    /// When it entered its current state.
    pub state_since: NaiveDate,
    /// Register ids of the children tagged in it.
    pub children: Vec<ChildId>,
    /// When its deletion clock started in the quarantine (a reason that
    /// must go), if it has one.
    pub clock_since: Option<NaiveDate>,
    /// A manager kept it from retention.
    pub kept: bool,
    /// When its deletion was first announced, if it has been.
    pub announced_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub after_leaving_days: u32,
    pub max_age_days: u32,
    pub quarantine_days: u32,
}

impl From<&crate::config::Retention> for Rules {
    fn from(r: &crate::config::Retention) -> Self {
        Rules {
            after_leaving_days: r.after_leaving_days,
            max_age_days: r.max_age_days,
            quarantine_days: r.quarantine_days,
        }
    }
}

/// The rule a deletion is made under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// A child in the photo left the setting `after_leaving_days` ago.
    AfterLeaving { child: ChildId },
    /// Older than `max_age_days` since capture (or receipt).
    MaxAge,
    /// Held in the quarantine for a reason that must go, uncleared for
    /// `quarantine_days`.
    QuarantineExpired,
}

impl Rule {
    pub fn code(&self) -> &'static str {
        match self {
            Rule::AfterLeaving { .. } => "after_leaving_days",
            Rule::MaxAge => "max_age_days",
            Rule::QuarantineExpired => "quarantine_days",
        }
    }

    /// The rule in words, for people.
    pub fn describe(&self, children: &[Child]) -> String {
        match self {
            Rule::AfterLeaving { child } => {
                let name = children.iter().find(|c| &c.id == child).map_or(child.as_str(), |c| c.name.as_str());
                format!("{name} has left the setting")
            }
            Rule::MaxAge => "older than the setting keeps photos".into(),
            Rule::QuarantineExpired => {
                "held in the quarantine too long, for a reason that means it must go, without being cleared".into()
            }
        }
    }
}

/// One photo a rule will delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deletion {
    pub photo: PhotoId,
    #[serde(flatten)]
    pub rule: Rule,
    /// The day the rule falls due.
    pub due: NaiveDate,
    /// The day its deletion was first announced, if it has been.
    pub announced_on: Option<NaiveDate>,
    /// The first day it may be deleted: its due day, and a week after it
    /// was announced (or, not announced yet, a week from today).
    pub deletes_on: NaiveDate,
}

impl Deletion {
    /// Whether it may be deleted on `today`: due, and announced a week ago.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.announced_on.is_some() && self.deletes_on <= today
    }
}

fn plus(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// The rule that deletes `p` first, with the day it falls due; `None` when
/// no rule will (waiting for tags, deleted, kept by a manager).
fn first_due(p: &PhotoAge, children: &[Child], rules: &Rules) -> Option<(NaiveDate, Rule)> {
    if p.kept {
        return None;
    }
    let due: Vec<(NaiveDate, Rule)> = match p.state {
        PhotoState::Stored => age_rules(p, children, rules),
        PhotoState::Quarantined => {
            // The manager has the quarantine time to look, whatever rule.
            let looked_at = plus(p.state_since, rules.quarantine_days);
            let mut due: Vec<(NaiveDate, Rule)> =
                age_rules(p, children, rules).into_iter().map(|(day, rule)| (day.max(looked_at), rule)).collect();
            // The clock starts when a reason that must go first holds it
            // (as it enters the quarantine, or later).
            if let Some(since) = p.clock_since {
                due.push((plus(since, rules.quarantine_days), Rule::QuarantineExpired));
            }
            due
        }
        PhotoState::AwaitingTags | PhotoState::Deleted => return None,
    };
    due.into_iter().min_by_key(|(day, _)| *day)
}

/// The deletions falling due by `today` plus [`NOTICE_DAYS`], each photo
/// once under the rule that falls due first: what is announced from today,
/// and, where [`Deletion::is_due`], what is deleted today.
pub fn plan(photos: &[PhotoAge], children: &[Child], rules: &Rules, today: NaiveDate) -> Vec<Deletion> {
    ahead(photos, children, rules, today, NOTICE_DAYS)
}

/// The deletions falling due from `today` to `today + days` (and any
/// overdue), each photo once, in the order they may be made.
pub fn ahead(photos: &[PhotoAge], children: &[Child], rules: &Rules, today: NaiveDate, days: u32) -> Vec<Deletion> {
    let horizon = horizon(today, days);
    let mut out: Vec<Deletion> = photos
        .iter()
        .filter_map(|p| {
            let (due, rule) = first_due(p, children, rules)?;
            (due <= horizon).then(|| Deletion {
                photo: p.id.clone(),
                rule,
                due,
                announced_on: p.announced_on,
                deletes_on: due.max(plus(p.announced_on.unwrap_or(today), NOTICE_DAYS)),
            })
        })
        .collect();
    out.sort_by(|a, b| (a.deletes_on, &a.photo).cmp(&(b.deletes_on, &b.photo)));
    out
}

/// The last day [`ahead`] looks at from `today`.
pub fn horizon(today: NaiveDate, days: u32) -> NaiveDate {
    plus(today, days)
}

/// The rules that would delete a photo kept in the vault, with their days.
fn age_rules(p: &PhotoAge, children: &[Child], rules: &Rules) -> Vec<(NaiveDate, Rule)> {
    let mut due: Vec<(NaiveDate, Rule)> = Vec::new();
    for id in &p.children {
        if let Some(left) = children.iter().find(|c| &c.id == id).and_then(|c| c.left) {
            due.push((plus(left, rules.after_leaving_days), Rule::AfterLeaving { child: id.clone() }));
        }
    }
    due.push((plus(p.captured_on.unwrap_or(p.received_on), rules.max_age_days), Rule::MaxAge));
    due
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    const RULES: Rules = Rules { after_leaving_days: 30, max_age_days: 1095, quarantine_days: 30 };

    fn photo(id: &str, state: PhotoState, captured: Option<&str>, children: &[&str]) -> PhotoAge {
        PhotoAge {
            id: id.into(),
            state,
            captured_on: captured.map(d),
            received_on: d("2026-01-10"),
            state_since: d("2026-01-10"),
            children: children.iter().map(|c| (*c).into()).collect(),
            clock_since: None,
            kept: false,
            announced_on: None,
        }
    }

    fn child(id: &str, left: Option<&str>) -> Child {
        Child { id: id.into(), name: id.into(), aliases: vec![], room: None, started: None, left: left.map(d) }
    }

    /// What the sweeper deletes on `today`.
    fn deleted_on(photos: &[PhotoAge], children: &[Child], today: NaiveDate) -> Vec<String> {
        plan(photos, children, &RULES, today).into_iter().filter(|x| x.is_due(today)).map(|x| x.photo.into()).collect()
    }

    #[test]
    fn looking_ahead_lists_each_photo_once_on_the_day_it_may_go() {
        let photos = [
            photo("left", PhotoState::Stored, Some("2026-10-01"), &["C1"]),
            photo("old", PhotoState::Stored, Some("2023-11-01"), &["C2"]),
            photo("young", PhotoState::Stored, Some("2026-10-01"), &["C2"]),
        ];
        let children = [child("C1", Some("2026-11-01")), child("C2", None)];
        let got: Vec<(NaiveDate, String)> = ahead(&photos, &children, &RULES, d("2026-11-22"), 30)
            .into_iter()
            .map(|x| (x.deletes_on, x.photo.into()))
            .collect();
        // 1095 days after 2023-11-01 is 2026-10-31: due, not announced yet,
        // so a week from today.
        assert_eq!(got, [(d("2026-11-29"), "old".to_string()), (d("2026-12-01"), "left".to_string())]);
        assert_eq!(Rule::AfterLeaving { child: "C1".into() }.describe(&children), "C1 has left the setting");
    }

    #[test]
    fn nothing_is_deleted_before_a_week_after_it_was_announced() {
        let mut old = photo("old", PhotoState::Stored, Some("2020-01-01"), &[]);
        // Long overdue, first seen today (the service was off): a week.
        let today = d("2026-11-22");
        let p = plan(std::slice::from_ref(&old), &[], &RULES, today);
        assert_eq!((p.len(), p[0].is_due(today), p[0].deletes_on), (1, false, d("2026-11-29")));
        old.announced_on = Some(today);
        assert!(deleted_on(std::slice::from_ref(&old), &[], d("2026-11-28")).is_empty(), "day 6");
        assert_eq!(deleted_on(std::slice::from_ref(&old), &[], d("2026-11-29")), ["old"]);
        // Announced a week ahead of its day: deleted on its day.
        let mut soon = photo("soon", PhotoState::Stored, Some("2023-12-01"), &[]);
        soon.announced_on = Some(d("2026-11-22"));
        let due = plan(std::slice::from_ref(&soon), &[], &RULES, d("2026-11-30"));
        assert_eq!(due[0].due, d("2026-11-30"));
        assert_eq!(deleted_on(&[soon], &[], d("2026-11-30")), ["soon"]);
    }

    #[test]
    fn nothing_is_due_for_a_young_photo_of_children_still_here() {
        let p = photo("a", PhotoState::Stored, Some("2026-01-01"), &["C1"]);
        assert!(plan(&[p], &[child("C1", None)], &RULES, d("2026-11-22")).is_empty());
    }

    #[test]
    fn after_leaving_counts_from_any_child_in_the_photo() {
        let mut p = photo("a", PhotoState::Stored, Some("2026-01-01"), &["C1", "C2"]);
        let kids = [child("C1", None), child("C2", Some("2026-07-20"))];
        p.announced_on = Some(d("2026-08-01"));
        assert!(deleted_on(std::slice::from_ref(&p), &kids, d("2026-08-18")).is_empty(), "day 29");
        let due = plan(std::slice::from_ref(&p), &kids, &RULES, d("2026-08-19"));
        assert_eq!(due[0].rule, Rule::AfterLeaving { child: "C2".into() });
        assert_eq!((due[0].due, due[0].deletes_on), (d("2026-08-19"), d("2026-08-19")));
        assert_eq!(deleted_on(&[p], &kids, d("2026-08-19")), ["a"]);
    }

    #[test]
    fn max_age_counts_from_capture_or_else_receipt() {
        let old = photo("a", PhotoState::Stored, Some("2023-11-01"), &[]);
        let due = plan(&[old], &[], &RULES, d("2026-11-22"));
        assert_eq!(due[0].rule, Rule::MaxAge);
        assert_eq!(due[0].due, d("2026-10-31"));
        let mut undated = photo("b", PhotoState::Stored, None, &[]);
        undated.received_on = d("2023-11-30");
        assert!(plan(std::slice::from_ref(&undated), &[], &RULES, d("2026-11-21")).is_empty(), "more than a week off");
        assert_eq!(plan(&[undated], &[], &RULES, d("2026-11-22"))[0].due, d("2026-11-29"));
    }

    #[test]
    fn a_quarantine_entry_expires_only_on_a_deletion_clock() {
        let mut q = photo("q", PhotoState::Quarantined, Some("2026-10-01"), &[]);
        q.state_since = d("2026-10-20");
        // Held for paperwork (no clock): never, however long.
        assert!(plan(std::slice::from_ref(&q), &[], &RULES, d("2027-06-01")).is_empty());
        // A reason that must go started its clock when it was held.
        q.clock_since = Some(d("2026-10-20"));
        q.announced_on = Some(d("2026-11-12"));
        assert!(deleted_on(std::slice::from_ref(&q), &[], d("2026-11-18")).is_empty());
        let due = plan(std::slice::from_ref(&q), &[], &RULES, d("2026-11-19"));
        assert_eq!((due[0].rule.clone(), due[0].is_due(d("2026-11-19"))), (Rule::QuarantineExpired, true));
        // A clock that started later counts from then.
        q.clock_since = Some(d("2026-11-10"));
        assert_eq!(plan(std::slice::from_ref(&q), &[], &RULES, d("2026-12-10"))[0].due, d("2026-12-10"));
        // the same age in the vault is kept
        q.state = PhotoState::Stored;
        assert!(plan(&[q], &[], &RULES, d("2026-11-19")).is_empty());
    }

    #[test]
    fn a_photo_held_for_paperwork_waits_for_the_age_rules_and_its_quarantine_time() {
        // Held since 2026-11-20 for a review overdue; taken in 2020.
        let mut p = photo("a", PhotoState::Quarantined, Some("2020-01-01"), &[]);
        p.state_since = d("2026-11-20");
        let due = plan(std::slice::from_ref(&p), &[], &RULES, d("2026-12-13"));
        assert_eq!(
            (due[0].rule.clone(), due[0].due),
            (Rule::MaxAge, d("2026-12-20")),
            "no sooner than its quarantine time"
        );
        // A young one held for paperwork: nothing.
        let mut young = photo("b", PhotoState::Quarantined, Some("2026-11-01"), &[]);
        young.state_since = d("2026-11-20");
        assert!(plan(&[young], &[], &RULES, d("2029-10-01")).is_empty(), "until the age rule reaches it");
    }

    #[test]
    fn the_rule_that_fell_due_first_is_named_once() {
        let p = photo("a", PhotoState::Stored, Some("2023-01-01"), &["C1"]);
        let due = plan(&[p], &[child("C1", Some("2025-01-01"))], &RULES, d("2026-11-22"));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].rule, Rule::AfterLeaving { child: "C1".into() });
    }

    #[test]
    fn deleted_waiting_and_kept_photos_are_never_planned() {
        let p = photo("a", PhotoState::Deleted, Some("2000-01-01"), &[]);
        let w = photo("b", PhotoState::AwaitingTags, Some("2020-01-01"), &["C1"]);
        let mut k = photo("c", PhotoState::Stored, Some("2000-01-01"), &[]);
        k.kept = true;
        assert!(plan(&[p, w, k], &[child("C1", Some("2021-01-01"))], &RULES, d("2026-11-22")).is_empty());
    }

    proptest! {
        /// Whatever a photo's dates, state, clock and announcement: it is
        /// deleted only when announced a week before, on or after the day a
        /// rule fell due; a quarantined photo no sooner than its quarantine
        /// time, and (held for paperwork) only by an age rule; never kept
        /// ones; and a plan only grows as time passes.
        #[test]
        fn a_deletion_is_announced_due_and_follows_a_rule(
            captured in 0..2000u64, left in proptest::option::of(0..2000u64), since in 0..2000u64,
            state in 0..4usize, clock in proptest::option::of(0..2000u64), kept in any::<bool>(),
            announced in proptest::option::of(0..3000u64), day in 0..3000u64, later in 0..500u64,
        ) {
            let base = d("2022-01-01");
            let state = [PhotoState::Stored, PhotoState::Quarantined, PhotoState::AwaitingTags, PhotoState::Deleted][state];
            let mut p = photo("a", state, None, &["C1"]);
            p.captured_on = Some(base + Days::new(captured));
            p.state_since = base + Days::new(since);
            p.clock_since = clock.map(|c| base + Days::new(c));
            p.kept = kept;
            p.announced_on = announced.map(|a| base + Days::new(a));
            let kids = [Child { left: left.map(|l| base + Days::new(l)), ..child("C1", None) }];
            let today = base + Days::new(day);
            for del in plan(std::slice::from_ref(&p), &kids, &RULES, today) {
                prop_assert!(!kept && matches!(state, PhotoState::Stored | PhotoState::Quarantined));
                prop_assert!(del.due <= today + Days::new(u64::from(NOTICE_DAYS)));
                if del.is_due(today) {
                    let announced = p.announced_on.expect("announced");
                    prop_assert!(announced + Days::new(u64::from(NOTICE_DAYS)) <= today, "a week's notice");
                    prop_assert!(del.due <= today);
                    if state == PhotoState::Quarantined {
                        match p.clock_since {
                            Some(since) => prop_assert!(
                                del.rule != Rule::QuarantineExpired || since + Days::new(30) <= today,
                                "its quarantine time on the clock"
                            ),
                            None => {
                                prop_assert!(del.rule != Rule::QuarantineExpired, "paperwork has no clock");
                                prop_assert!(p.state_since + Days::new(30) <= today, "its quarantine time");
                            }
                        }
                    }
                }
            }
            let now = plan(std::slice::from_ref(&p), &kids, &RULES, today);
            let then = plan(std::slice::from_ref(&p), &kids, &RULES, today + Days::new(later));
            prop_assert!(now.len() <= then.len());
        }
    }
}
