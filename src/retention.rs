//! Retention: what the setting may no longer keep.
//!
//! [`plan`] is pure: from the photos, the children and the rules it says
//! which photos are due for deletion today and under which rule. The
//! sweeper ([`crate::workflow::run_retention`]) carries the plan out.
//!
//! Nothing is deleted before a manager could see it: a photo waiting for
//! tags is never deleted here (past `awaiting_tags_days` the policy sends it
//! to the quarantine, `tagging_overdue`), and a photo in the quarantine is
//! deleted only once it has sat there uncleared for `quarantine_days`, even
//! when an age rule is already due (a photo that arrives older than
//! `max_age_days` is held as `older_than_retention`, not deleted on arrival).
//! [`held`] lists those, for the preview.

use crate::model::{Child, PhotoState};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// What the plan needs to know about a photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoAge {
    pub id: String,
    pub state: PhotoState,
    pub captured_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    /// When it entered its current state.
    pub state_since: NaiveDate,
    /// Register ids of the children tagged in it.
    pub children: Vec<String>,
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
    AfterLeaving { child: String },
    /// Older than `max_age_days` since capture (or receipt).
    MaxAge,
    /// In the quarantine longer than `quarantine_days`, uncleared.
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
}

/// A quarantined photo an age rule would already delete, held for the
/// manager until the quarantine time runs out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    pub photo: String,
    #[serde(flatten)]
    pub rule: Rule,
    /// The day the rule fell due.
    pub due: NaiveDate,
    /// The day retention deletes it unless the manager acts first.
    pub deletes_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deletion {
    pub photo: String,
    #[serde(flatten)]
    pub rule: Rule,
    /// The day it became due.
    pub due: NaiveDate,
}

fn plus(d: NaiveDate, days: u32) -> NaiveDate {
    d.checked_add_days(Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// The deletions due on `today`: at most one per photo, under the rule that
/// fell due first; deleted photos are never planned again.
pub fn plan(photos: &[PhotoAge], children: &[Child], rules: &Rules, today: NaiveDate) -> Vec<Deletion> {
    let mut out = Vec::new();
    for p in photos {
        let due = match p.state {
            PhotoState::Stored => age_rules(p, children, rules),
            PhotoState::Quarantined => vec![(plus(p.state_since, rules.quarantine_days), Rule::QuarantineExpired)],
            PhotoState::AwaitingTags | PhotoState::Deleted => continue,
        };
        if let Some((when, rule)) = due.into_iter().filter(|(when, _)| *when <= today).min_by_key(|(when, _)| *when) {
            out.push(Deletion { photo: p.id.clone(), rule, due: when });
        }
    }
    out.sort_by(|a, b| (a.due, &a.photo).cmp(&(b.due, &b.photo)));
    out
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

/// The deletions due from `today` to `today + days`, each photo once, on
/// the first day it falls due (those due today first).
///
/// One pass: a photo's due dates do not depend on the day asked, so the plan
/// for the last day holds every photo due in the window, each under the rule
/// that falls due first, and it first appears on the later of its due day
/// and today. (The same as asking [`plan`] day by day: tested below.)
pub fn ahead(
    photos: &[PhotoAge],
    children: &[Child],
    rules: &Rules,
    today: NaiveDate,
    days: u32,
) -> Vec<(NaiveDate, Deletion)> {
    plan(photos, children, rules, plus(today, days)).into_iter().map(|d| (d.due.max(today), d)).collect()
}

impl Rule {
    /// The rule in words, for people.
    pub fn describe(&self, children: &[Child]) -> String {
        match self {
            Rule::AfterLeaving { child } => {
                let name = children.iter().find(|c| &c.id == child).map_or(child.as_str(), |c| c.name.as_str());
                format!("{name} has left the setting")
            }
            Rule::MaxAge => "older than the setting keeps photos".into(),
            Rule::QuarantineExpired => "held in the quarantine too long without being cleared".into(),
        }
    }
}

/// Quarantined photos that an age rule has reached but that wait for the
/// manager (and are not due for deletion today): what the preview shows
/// besides the plan.
pub fn held(photos: &[PhotoAge], children: &[Child], rules: &Rules, today: NaiveDate) -> Vec<Held> {
    let mut out = Vec::new();
    for p in photos.iter().filter(|p| p.state == PhotoState::Quarantined) {
        let deletes_on = plus(p.state_since, rules.quarantine_days);
        if deletes_on <= today {
            continue; // in today's plan
        }
        let first =
            age_rules(p, children, rules).into_iter().filter(|(when, _)| *when <= today).min_by_key(|(w, _)| *w);
        if let Some((due, rule)) = first {
            out.push(Held { photo: p.id.clone(), rule, due, deletes_on });
        }
    }
    out.sort_by(|a, b| (a.deletes_on, &a.photo).cmp(&(b.deletes_on, &b.photo)));
    out
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
            children: children.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn child(id: &str, left: Option<&str>) -> Child {
        Child { id: id.into(), name: id.into(), aliases: vec![], room: None, started: None, left: left.map(d) }
    }

    #[test]
    fn looking_ahead_lists_each_photo_once_on_the_day_it_falls_due() {
        let photos = [
            photo("left", PhotoState::Stored, Some("2026-10-01"), &["C1"]),
            photo("old", PhotoState::Stored, Some("2023-11-01"), &["C2"]),
            photo("young", PhotoState::Stored, Some("2026-10-01"), &["C2"]),
        ];
        let children = [child("C1", Some("2026-11-01")), child("C2", None)];
        let got: Vec<(NaiveDate, String)> =
            ahead(&photos, &children, &RULES, d("2026-11-22"), 30).into_iter().map(|(day, x)| (day, x.photo)).collect();
        // 1095 days after 2023-11-01 is 2026-10-31: already due today.
        assert_eq!(got, [(d("2026-11-22"), "old".to_string()), (d("2026-12-01"), "left".to_string())]);
        assert_eq!(Rule::AfterLeaving { child: "C1".into() }.describe(&children), "C1 has left the setting");
    }

    /// `ahead` in one pass gives what asking `plan` day by day gives, over
    /// every combination of state, capture date, leaving date and window.
    #[test]
    fn looking_ahead_in_one_pass_equals_planning_day_by_day() {
        fn day_by_day(
            photos: &[PhotoAge],
            children: &[Child],
            today: NaiveDate,
            days: u32,
        ) -> Vec<(NaiveDate, Deletion)> {
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::new();
            for k in 0..=days {
                let day = plus(today, k);
                for del in plan(photos, children, &RULES, day) {
                    if seen.insert(del.photo.clone()) {
                        out.push((day, del));
                    }
                }
            }
            out
        }
        let today = d("2026-11-22");
        let states = [PhotoState::Stored, PhotoState::Quarantined, PhotoState::AwaitingTags, PhotoState::Deleted];
        let offsets: [i64; 7] = [-2000, -1100, -1096, -1095, -1080, -40, 0];
        let left: [Option<i64>; 5] = [None, Some(-60), Some(-30), Some(-10), Some(5)];
        let mut cases = 0;
        for days in [0, 1, 30] {
            for lc in left {
                let kids = [
                    child("C1", lc.map(|o| (today + chrono::TimeDelta::days(o)).to_string()).as_deref()),
                    child("C2", None),
                ];
                let mut photos = Vec::new();
                for (i, state) in states.iter().enumerate() {
                    for (j, off) in offsets.iter().enumerate() {
                        for (k, since) in [-40i64, -29, -5].iter().enumerate() {
                            let taken = (today + chrono::TimeDelta::days(*off)).to_string();
                            let mut p = photo(
                                &format!("p{i}{j}{k}"),
                                *state,
                                Some(&taken),
                                if j % 2 == 0 { &["C1"] } else { &["C2"] },
                            );
                            p.state_since = today + chrono::TimeDelta::days(*since);
                            photos.push(p);
                        }
                    }
                }
                assert_eq!(ahead(&photos, &kids, &RULES, today, days), day_by_day(&photos, &kids, today, days));
                cases += photos.len();
            }
        }
        assert_eq!(cases, 3 * 5 * 4 * 7 * 3);
    }

    #[test]
    fn nothing_is_due_for_a_young_photo_of_children_still_here() {
        let p = photo("a", PhotoState::Stored, Some("2026-01-01"), &["C1"]);
        assert!(plan(&[p], &[child("C1", None)], &RULES, d("2026-11-22")).is_empty());
    }

    #[test]
    fn after_leaving_counts_from_any_child_in_the_photo() {
        let p = photo("a", PhotoState::Stored, Some("2026-01-01"), &["C1", "C2"]);
        let kids = [child("C1", None), child("C2", Some("2026-07-20"))];
        assert!(plan(std::slice::from_ref(&p), &kids, &RULES, d("2026-08-18")).is_empty(), "day 29");
        let due = plan(&[p], &kids, &RULES, d("2026-08-19"));
        assert_eq!(
            due,
            vec![Deletion { photo: "a".into(), rule: Rule::AfterLeaving { child: "C2".into() }, due: d("2026-08-19") }]
        );
    }

    #[test]
    fn max_age_counts_from_capture_or_else_receipt() {
        let old = photo("a", PhotoState::Stored, Some("2023-11-01"), &[]);
        let due = plan(&[old], &[], &RULES, d("2026-11-22"));
        assert_eq!(due[0].rule, Rule::MaxAge);
        assert_eq!(due[0].due, d("2026-10-31"));
        let mut undated = photo("b", PhotoState::Stored, None, &[]);
        undated.received_on = d("2023-11-30");
        assert!(plan(std::slice::from_ref(&undated), &[], &RULES, d("2026-11-28")).is_empty());
        assert_eq!(plan(&[undated], &[], &RULES, d("2026-11-29")).len(), 1);
    }

    #[test]
    fn an_uncleared_quarantine_entry_expires() {
        let mut q = photo("q", PhotoState::Quarantined, Some("2026-10-01"), &[]);
        q.state_since = d("2026-10-20");
        assert!(plan(std::slice::from_ref(&q), &[], &RULES, d("2026-11-18")).is_empty());
        let due = plan(std::slice::from_ref(&q), &[], &RULES, d("2026-11-19"));
        assert_eq!(due[0].rule, Rule::QuarantineExpired);
        // the same age in the vault is kept
        q.state = PhotoState::Stored;
        assert!(plan(&[q], &[], &RULES, d("2026-11-19")).is_empty());
    }

    #[test]
    fn the_rule_that_fell_due_first_is_named_once() {
        let p = photo("a", PhotoState::Stored, Some("2023-01-01"), &["C1"]);
        let due = plan(&[p], &[child("C1", Some("2025-01-01"))], &RULES, d("2026-11-22"));
        assert_eq!(due.len(), 1);
        assert_eq!(due[0].rule, Rule::AfterLeaving { child: "C1".into() });
    }

    #[test]
    fn deleted_photos_are_never_planned_again() {
        let p = photo("a", PhotoState::Deleted, Some("2000-01-01"), &[]);
        assert!(plan(&[p], &[], &RULES, d("2026-11-22")).is_empty());
    }

    #[test]
    fn a_photo_waiting_for_tags_is_never_deleted_by_retention() {
        // An old camera date, a child long gone: still nobody has seen it.
        let p = photo("a", PhotoState::AwaitingTags, Some("2020-01-01"), &["C1"]);
        assert!(plan(&[p], &[child("C1", Some("2021-01-01"))], &RULES, d("2026-11-22")).is_empty());
    }

    #[test]
    fn a_photo_that_arrives_too_old_is_held_until_the_quarantine_time_runs_out() {
        // Arrived (and was quarantined) on 2026-11-20, taken in 2020.
        let mut p = photo("a", PhotoState::Quarantined, Some("2020-01-01"), &[]);
        p.received_on = d("2026-11-20");
        p.state_since = d("2026-11-20");
        assert!(plan(std::slice::from_ref(&p), &[], &RULES, d("2026-11-20")).is_empty(), "not on arrival");
        let h = held(std::slice::from_ref(&p), &[], &RULES, d("2026-11-20"));
        assert_eq!(
            h,
            vec![Held { photo: "a".into(), rule: Rule::MaxAge, due: d("2022-12-31"), deletes_on: d("2026-12-20") }]
        );
        assert!(plan(std::slice::from_ref(&p), &[], &RULES, d("2026-12-19")).is_empty());
        assert_eq!(plan(std::slice::from_ref(&p), &[], &RULES, d("2026-12-20"))[0].rule, Rule::QuarantineExpired);
        assert!(held(&[p], &[], &RULES, d("2026-12-20")).is_empty(), "in the plan now, not held");
    }

    proptest! {
        #[test]
        fn a_plan_only_grows_as_time_passes(
            captured in 0..2000u64, left in proptest::option::of(0..2000u64), since in 0..2000u64,
            quarantined in any::<bool>(), day in 0..3000u64, later in 0..500u64,
        ) {
            let base = d("2022-01-01");
            let mut p = photo("a", if quarantined { PhotoState::Quarantined } else { PhotoState::Stored }, None, &["C1"]);
            p.captured_on = Some(base + Days::new(captured));
            p.state_since = base + Days::new(since);
            let kids = [Child { left: left.map(|l| base + Days::new(l)), ..child("C1", None) }];
            let today = base + Days::new(day);
            let now = plan(std::slice::from_ref(&p), &kids, &RULES, today);
            let then = plan(std::slice::from_ref(&p), &kids, &RULES, today + Days::new(later));
            prop_assert!(now.len() <= then.len());
            for del in &now { prop_assert!(del.due <= today); }
        }
    }
}
