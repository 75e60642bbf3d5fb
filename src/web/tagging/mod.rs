//! The practitioner's tagging screens: the queue (counts, filters, oldest
//! first, deadlines, bulk tagging) and the tagging page (the photo at the
//! size of the screen, numbered face boxes, "Save and next"). Every save goes
//! through [`crate::workflow::tag::tag`], one photo at a time.

use super::auth::User;
use super::manager::field;
use super::pages::{csrf, page};
use super::practitioner::{face_boxes, load_visible, may_see, photo_id, plain_named};
use super::{blocking, AppError, AppState};
use crate::faces::Face;
use crate::model::{Child, PhotoState};
use crate::policy::Reason;
use crate::register::PhotoRecord;
use crate::web::auth::Posted;
use crate::workflow::tag::TagRequest;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use maud::{html, Markup, PreEscaped};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

mod page;
mod queue;
mod undo;
pub use page::{tag, tag_page};
pub use queue::{bulk, queue};
pub use undo::undo;

/// Days before the tagging deadline from which a photo is flagged.
const DEADLINE_WARNING_DAYS: i64 = 2;

/// The queue's filters, carried from page to page.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    room: String,
    #[serde(default)]
    device: String,
    #[serde(default)]
    day: String,
    /// Where a manager came from to tag a stored or held photo again.
    #[serde(default)]
    back: String,
}

impl Filter {
    fn from_form(form: &[(String, String)]) -> Filter {
        Filter {
            room: field(form, "room").into(),
            device: field(form, "device").into(),
            day: field(form, "day").into(),
            back: field(form, "back").into(),
        }
    }

    /// `?room=..&device=..&day=..`, only the ones set (never a child's name:
    /// rooms, device ids and dates).
    fn query(&self) -> String {
        let parts: Vec<String> = [("room", &self.room), ("device", &self.device), ("day", &self.day)]
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    fn hidden(&self) -> Markup {
        html! {
            input type="hidden" name="room" value=(self.room);
            input type="hidden" name="device" value=(self.device);
            input type="hidden" name="day" value=(self.day);
        }
    }

    fn keeps(&self, p: &PhotoRecord, rooms: &HashMap<String, String>) -> bool {
        let room_ok = self.room.is_empty() || {
            let mut tagged = p.tags.iter().filter_map(|t| t.child_id.as_ref()).peekable();
            // An untagged photo has no room yet: it is in every room's queue.
            tagged.peek().is_none() || tagged.any(|c| rooms.get(c.as_str()).is_some_and(|r| *r == self.room))
        };
        room_ok
            && (self.device.is_empty() || p.device.as_deref() == Some(self.device.as_str()))
            && (self.day.is_empty() || day_of(p) == self.day)
    }
}

/// Percent-encodes a query value.
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// When the photo was taken (when it arrived, if the camera did not say).
fn taken(p: &PhotoRecord) -> std::borrow::Cow<'_, str> {
    match &p.captured_at {
        Some(t) => t.into(),
        None => p.received_at.text().into(),
    }
}

fn day_of(p: &PhotoRecord) -> String {
    p.taken_on().to_string()
}

/// "Tue 1 Oct, 09:12" for people.
fn when(p: &PhotoRecord) -> String {
    let t = taken(p);
    let t = t.as_ref();
    chrono::NaiveDateTime::parse_from_str(t.get(..19).unwrap_or(t), "%Y-%m-%dT%H:%M:%S")
        .map(|d| d.format("%a %-d %b %Y, %H:%M").to_string())
        .unwrap_or_else(|_| t.get(..16).unwrap_or(t).replace('T', " "))
}

/// Days left until the photo goes to the quarantine untagged (counted as
/// the policy counts: from the day it arrived, or was sent back).
fn days_left(p: &PhotoRecord, rules: &crate::policy::Rules, today: NaiveDate) -> Option<i64> {
    let deadline = crate::policy::tagging_deadline(&p.stored.facts, rules)?;
    Some((deadline - today).num_days())
}

fn deadline_note(left: Option<i64>) -> Markup {
    html! {
        @match left {
            Some(n) if n <= 0 => p.deadline { "Past the tagging deadline: it goes to the manager at the next check." },
            Some(1) => p.deadline { "Tag today: untagged, it goes to the manager tomorrow." },
            Some(n) if n <= DEADLINE_WARNING_DAYS => p.deadline { "Tag soon: " (n) " days left." },
            _ => {},
        }
    }
}

/// The label staff know a photo's device by (devices by id).
fn device_label(devices: &HashMap<String, String>, p: &PhotoRecord) -> String {
    match &p.device {
        Some(d) => devices.get(d.as_str()).cloned().unwrap_or_else(|| d.to_string()),
        None => "an unregistered device".into(),
    }
}

/// "the photo from Tue 1 Oct 2026, 09:12 (Rainbow room iPad)".
fn describe(devices: &HashMap<String, String>, p: &PhotoRecord) -> String {
    format!("the photo from {} ({})", when(p), device_label(devices, p))
}

/// Everything the practitioner's pages need from the register.
struct Context {
    waiting: Vec<PhotoRecord>,
    children: Vec<Child>,
    devices: HashMap<String, String>,
    /// The children who have a picture on their button.
    pictures: HashSet<String>,
}

impl Context {
    fn load(st: &AppState) -> crate::error::Result<Context> {
        let reg = st.register()?;
        let mut waiting = reg.photos(Some(PhotoState::AwaitingTags))?;
        // Oldest first: the tagging deadline comes first for them.
        waiting.sort_by_cached_key(|p| (taken(p).into_owned(), p.received_at, p.id.clone()));
        let today = st.today();
        let children = reg.children()?.into_iter().filter(|c| c.left.is_none_or(|l| l >= today)).collect();
        let devices = reg.devices()?.into_iter().map(|d| (d.id.into(), d.label)).collect();
        let pictures =
            crate::workflow::picture::current(&reg, &st.config.rules(), today)?.into_iter().map(|p| p.child).collect();
        Ok(Context { waiting, children, devices, pictures })
    }

    fn rooms_by_child(&self) -> HashMap<String, String> {
        self.children.iter().filter_map(|c| Some((c.id.to_string(), c.room.clone()?))).collect()
    }

    fn names(&self) -> HashMap<String, String> {
        self.children.iter().map(|c| (c.id.to_string(), c.name.clone())).collect()
    }

    /// The photos waiting under a filter, oldest first.
    fn queue(&self, f: &Filter) -> Vec<&PhotoRecord> {
        let rooms = self.rooms_by_child();
        self.waiting.iter().filter(|p| f.keeps(p, &rooms)).collect()
    }

    /// The photo to tag after `id`: the next in the queue, else the first.
    fn next_after(&self, id: &str, f: &Filter) -> Option<String> {
        let q = self.queue(f);
        let at = q.iter().position(|p| p.id == id);
        let after = at.map_or(0, |i| i + 1);
        q.iter().skip(after).chain(q.iter().take(after)).find(|p| p.id != id).map(|p| p.id.to_string())
    }

    fn device_label(&self, p: &PhotoRecord) -> String {
        device_label(&self.devices, p)
    }

    fn describe(&self, p: &PhotoRecord) -> String {
        describe(&self.devices, p)
    }

    /// The rooms in the order to show them: the chosen room first, then by
    /// name, children without a room last.
    fn rooms<'a>(&'a self, first: &str) -> Vec<(String, Vec<&'a Child>)> {
        let mut by_room: BTreeMap<(u8, String), Vec<&Child>> = BTreeMap::new();
        for c in &self.children {
            let key = match &c.room {
                Some(r) if r == first => (0, r.clone()),
                Some(r) => (1, r.clone()),
                None => (2, "No room".into()),
            };
            by_room.entry(key).or_default().push(c);
        }
        by_room
            .into_iter()
            .map(|((_, r), mut cs)| {
                cs.sort_by(|a, b| a.name.cmp(&b.name));
                (r, cs)
            })
            .collect()
    }
}

/// The child buttons, by room, with search as you type (the search box
/// appears with script; without it every button is there).
fn child_buttons(ctx: &Context, first_room: &str, chosen: &[String], id_prefix: &str) -> Markup {
    html! {
        div.find hidden {
            label for={ (id_prefix) "find" } { "Find a child" }
            input.findchild type="search" id={ (id_prefix) "find" } autocomplete="off" placeholder="Name or nickname";
        }
        @for (room, children) in ctx.rooms(first_room) {
            div.room {
                h3 { (room) }
                div.children {
                    @for c in children {
                        @let names = std::iter::once(c.name.as_str()).chain(c.aliases.iter().map(String::as_str)).collect::<Vec<_>>().join(" ").to_lowercase();
                        label.child data-find=(names) data-name=(c.name) {
                            input type="checkbox" name="child" value=(c.id) checked[chosen.iter().any(|x| c.id == *x)];
                            span {
                                // The name is the label; the picture is beside it, for recognising.
                                @if ctx.pictures.contains(c.id.as_str()) {
                                    img.avatar src={ "/children/" (c.id) "/picture" } alt="" width="40" height="40" loading="lazy";
                                }
                                (c.name)
                            }
                        }
                    }
                }
            }
        }
    }
}

fn purpose_boxes(st: &AppState, ticked: &[String]) -> Markup {
    // Forbidden purposes are not offered; group consent is applied by the
    // group rule, not chosen.
    let allowed =
        st.config.purposes.known.iter().filter(|p| {
            !st.config.purposes.forbidden.contains(p) && p.as_str() != crate::policy::GROUP_IN_OTHERS_JOURNEY
        });
    html! {
        div.checks {
            @for p in allowed {
                label.check { input type="checkbox" name="purpose" value=(p) checked[ticked.contains(p)]; (p.replace('_', " ")) }
            }
        }
    }
}

/// A problem with what was sent, shown next to its field.
#[derive(Debug, Clone)]
struct Problem {
    field: &'static str,
    text: String,
    /// Saved, but the photo still waits (rather than nothing saved).
    saved: bool,
}

impl Problem {
    fn at(field: &'static str, text: impl Into<String>) -> Problem {
        Problem { field, text: text.into(), saved: false }
    }
}

fn problem_at(problem: &Option<Problem>, at: &str) -> Markup {
    html! {
        @if let Some(p) = problem.as_ref().filter(|p| p.field == at) {
            p.error id={ "error-" (at) } role="alert" { (p.text) }
        }
    }
}

/// The outcome of one photo's decision in plain words, children by name;
/// the reason codes only in the details line.
fn outcome_line(what: &str, state: PhotoState, reasons: &[Reason], names: &HashMap<String, String>) -> Markup {
    html! {
        @match state {
            PhotoState::Stored => { strong { "Stored" } " " (what) " in the vault." },
            PhotoState::AwaitingTags => { strong { "Still waiting" } ": " (what) " — " (reasons.iter().map(|r| plain_named(r, names)).collect::<Vec<_>>().join("; ")) "." },
            _ => { strong { "Held for the manager" } ": " (what) " — " (reasons.iter().map(|r| plain_named(r, names)).collect::<Vec<_>>().join("; ")) "." },
        }
        @if !reasons.is_empty() {
            span.details { " Details: " (reasons.iter().map(|r| r.code.to_string()).collect::<Vec<_>>().join(", ")) }
        }
    }
}

fn notice_box(html: Option<String>) -> Markup {
    html! {
        @if let Some(n) = html {
            div.flash.notice role="status" { (PreEscaped(n)) }
        }
    }
}
