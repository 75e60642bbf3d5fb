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
}

impl Filter {
    fn from_form(form: &[(String, String)]) -> Filter {
        Filter {
            room: field(form, "room").into(),
            device: field(form, "device").into(),
            day: field(form, "day").into(),
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
            tagged.peek().is_none() || tagged.any(|c| rooms.get(c).is_some_and(|r| *r == self.room))
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
fn taken(p: &PhotoRecord) -> &str {
    p.captured_at.as_deref().unwrap_or(&p.received_at)
}

fn day_of(p: &PhotoRecord) -> &str {
    taken(p).get(..10).unwrap_or("")
}

/// "Tue 1 Oct, 09:12" for people.
fn when(p: &PhotoRecord) -> String {
    let t = taken(p);
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

/// Everything the practitioner's pages need from the register.
struct Context {
    waiting: Vec<PhotoRecord>,
    children: Vec<Child>,
    devices: HashMap<String, String>,
    /// The children who have a picture on their button.
    pictures: HashSet<String>,
}

impl Context {
    fn load(st: &AppState) -> anyhow::Result<Context> {
        let reg = st.register()?;
        let mut waiting = reg.photos(Some(PhotoState::AwaitingTags))?;
        // Oldest first: the tagging deadline comes first for them.
        waiting.sort_by(|a, b| (taken(a), &a.received_at, &a.id).cmp(&(taken(b), &b.received_at, &b.id)));
        let today = st.today();
        let children = reg.children()?.into_iter().filter(|c| c.left.is_none_or(|l| l >= today)).collect();
        let devices = reg.devices()?.into_iter().map(|d| (d.id, d.label)).collect();
        let pictures =
            crate::workflow::picture::current(&reg, &st.config.rules(), today)?.into_iter().map(|p| p.child).collect();
        Ok(Context { waiting, children, devices, pictures })
    }

    fn rooms_by_child(&self) -> HashMap<String, String> {
        self.children.iter().filter_map(|c| Some((c.id.clone(), c.room.clone()?))).collect()
    }

    fn names(&self) -> HashMap<String, String> {
        self.children.iter().map(|c| (c.id.clone(), c.name.clone())).collect()
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
        q.iter().skip(after).chain(q.iter().take(after)).find(|p| p.id != id).map(|p| p.id.clone())
    }

    fn device_label(&self, p: &PhotoRecord) -> String {
        match &p.device {
            Some(d) => self.devices.get(d).cloned().unwrap_or_else(|| d.clone()),
            None => "an unregistered device".into(),
        }
    }

    fn describe(&self, p: &PhotoRecord) -> String {
        format!("the photo from {} ({})", when(p), self.device_label(p))
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
                            input type="checkbox" name="child" value=(c.id) checked[chosen.contains(&c.id)];
                            span {
                                // The name is the label; the picture is beside it, for recognising.
                                @if ctx.pictures.contains(&c.id) {
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

// ---------------------------------------------------------------- the queue

/// What the bulk form sent, kept when it comes back with a problem.
#[derive(Debug, Clone, Default)]
struct BulkChoices {
    photos: Vec<String>,
    children: Vec<String>,
    purposes: Vec<String>,
}

pub async fn queue(
    State(st): State<Arc<AppState>>,
    user: User,
    Query(filter): Query<Filter>,
) -> Result<Response, AppError> {
    let st2 = st.clone();
    let ctx = blocking(move || Context::load(&st2)).await?;
    let notice = st.sessions().take_notice(&user.token);
    Ok(queue_page(&st, &user, &ctx, &filter, notice, &BulkChoices::default(), None).into_response())
}

fn queue_page(
    st: &AppState,
    user: &User,
    ctx: &Context,
    f: &Filter,
    notice: Option<String>,
    bulk: &BulkChoices,
    problem: Option<Problem>,
) -> Markup {
    let today = st.today();
    let rules = st.config.rules();
    let shown = ctx.queue(f);
    let soon = shown.iter().filter(|p| days_left(p, &rules, today).is_some_and(|n| n <= DEADLINE_WARNING_DAYS)).count();
    let mut rooms: Vec<&String> = ctx.children.iter().filter_map(|c| c.room.as_ref()).collect();
    rooms.sort();
    rooms.dedup();
    let mut device_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut day_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &ctx.waiting {
        *device_counts.entry(p.device.as_deref().unwrap_or("")).or_default() += 1;
        *day_counts.entry(day_of(p)).or_default() += 1;
    }
    let q = f.query();
    page(
        user,
        "/tag",
        "Photos to tag",
        html! {
            (notice_box(notice))
            @if st.is_locked() {
                p.bad role="status" { "consentgate restarted and is locked: photos keep coming in, but cannot be shown until a manager "
                    a href="/unlock" { "unlocks it" } "." }
            }
            p { a.button href="/upload" { "Upload photos from this iPad" } }
            p.counts {
                strong { (shown.len()) } " waiting"
                @if shown.len() != ctx.waiting.len() { " here (" (ctx.waiting.len()) " in all)" }
                @if soon > 0 { " · " span.warn { strong { (soon) } " near the tagging deadline" } }
                " · oldest first"
            }
            form.filters method="get" action="/tag" {
                label { "Room " select name="room" {
                    option value="" { "All rooms" }
                    @for r in &rooms { option value=(r) selected[f.room == **r] { (r) } }
                } }
                label { "Device " select name="device" {
                    option value="" { "All devices" }
                    @for (d, n) in &device_counts {
                        @if !d.is_empty() {
                            option value=(d) selected[f.device == *d] { (ctx.devices.get(*d).map(String::as_str).unwrap_or(d)) " (" (n) ")" }
                        }
                    }
                } }
                label { "Day " select name="day" {
                    option value="" { "Every day" }
                    @for (d, n) in &day_counts { option value=(d) selected[f.day == *d] { (d) " (" (n) ")" } }
                } }
                button type="submit" { "Show" }
            }
            @if shown.is_empty() {
                p { "Nothing to tag here: every photo has its children." }
            } @else {
                p { a.button.primary href={ "/tag/" (shown[0].id) (q) } { "Start tagging (oldest first)" } }
                (problem_at(&problem, "photos"))
                ul.grid.queue aria-label="Photos waiting for tags" {
                    @for p in &shown {
                        @let what = format!("Photo from {}, {}", when(p), ctx.device_label(p));
                        li.card {
                            a.open href={ "/tag/" (p.id) (q) } aria-label={ "Tag: " (what) } {
                                @if p.stored.media.thumbnail {
                                    img.thumb src={ "/photo/" (p.id) "/thumb" } alt="" loading="lazy";
                                } @else {
                                    span.muted { "No preview for this " (p.format) " file." }
                                }
                            }
                            p { (when(p)) " · " (ctx.device_label(p)) }
                            @if p.faces.as_ref().is_some_and(|f| !f.is_empty()) {
                                p.muted { (p.faces.as_ref().map_or(0, Vec::len)) " face(s) found" }
                            }
                            (deadline_note(days_left(p, &rules, today)))
                            label.check {
                                input type="checkbox" name="photo" value=(p.id) form="bulk" checked[bulk.photos.contains(&p.id)];
                                "Select for bulk tagging"
                            }
                        }
                    }
                }
                form.card #bulk method="post" action="/tag/bulk" {
                    (csrf(user))
                    (f.hidden())
                    h2 { "Tag the selected photos at once" }
                    p.muted { "The same children or purposes for every selected photo (a session in the garden), or \"no children\". Each photo is still checked on its own; faces found still need saying whose they are." }
                    fieldset {
                        legend { "Children in every selected photo" }
                        (problem_at(&problem, "children"))
                        (child_buttons(ctx, &f.room, &bulk.children, "bulk-"))
                    }
                    fieldset {
                        legend { "What they are for (leave all unticked to keep each photo's)" }
                        (purpose_boxes(st, &bulk.purposes))
                    }
                    div.savebar {
                        button.primary type="submit" name="action" value="children" { "Tag the selected photos" }
                        button type="submit" name="action" value="nobody" { "No children in the selected photos" }
                    }
                }
            }
        },
    )
}

pub async fn bulk(
    State(st): State<Arc<AppState>>,
    Posted { user, form }: Posted<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let f = Filter::from_form(&form);
    let all = |key: &str| form.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect::<Vec<_>>();
    let choices = BulkChoices { photos: all("photo"), children: all("child"), purposes: all("purpose") };
    let nobody = field(&form, "action") == "nobody";
    let problem = if choices.photos.is_empty() {
        Some(Problem::at("photos", "Tick the photos to tag first (\"Select for bulk tagging\" on each)."))
    } else if nobody && !choices.children.is_empty() {
        Some(Problem::at("children", "You chose children and \"no children\": untick the children, or tag them."))
    } else if !nobody && choices.children.is_empty() && choices.purposes.is_empty() {
        Some(Problem::at("children", "Choose the children who are in every selected photo."))
    } else {
        None
    };
    let mut ids = Vec::new();
    for p in &choices.photos {
        ids.push(photo_id(p)?);
    }
    let st2 = st.clone();
    if let Some(problem) = problem {
        let ctx = blocking(move || Context::load(&st2)).await?;
        let page = queue_page(&st, &user, &ctx, &f, None, &choices, Some(problem));
        return Ok((StatusCode::BAD_REQUEST, page).into_response());
    }
    let actor = user.name.clone();
    let viewer = user.clone();
    let req = TagRequest {
        children: choices.children.clone(),
        nobody,
        purposes: choices.purposes.clone(),
        ..TagRequest::default()
    };
    // Each photo on its own: one photo's refusal does not stop the others.
    let (ctx, results) = blocking(move || {
        let before = Context::load(&st2)?;
        let mut results = Vec::new();
        for id in &ids {
            let mut reg = st2.register()?;
            let photo = match reg.photo(id)? {
                Some(p) if may_see(&viewer, &p) && p.state == PhotoState::AwaitingTags => p,
                _ => {
                    results.push((id.clone(), None, Err("it is no longer waiting for tags".to_string())));
                    continue;
                }
            };
            let what = before.describe(&photo);
            let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
            let r = match crate::workflow::tag::tag(&mut w, &photo, &req) {
                Ok((state, decision)) => Ok((state, decision.reasons)),
                Err(e) => match crate::failure::classify(&e) {
                    (crate::error::Kind::Failed, _) => return Err(e),
                    (_, msg) => Err(msg),
                },
            };
            results.push((id.clone(), Some(what), r));
        }
        Ok((before, results))
    })
    .await?;
    let names = ctx.names();
    let count = |s: PhotoState| results.iter().filter(|(_, _, r)| matches!(r, Ok((x, _)) if *x == s)).count();
    let (stored, held, waiting) =
        (count(PhotoState::Stored), count(PhotoState::Quarantined), count(PhotoState::AwaitingTags));
    let refused = results.iter().filter(|(_, _, r)| r.is_err()).count();
    let summary = html! {
        strong { "Bulk tagging of " (results.len()) " photo(s): " }
        (stored) " stored, " (held) " held for the manager, " (waiting) " still waiting"
        @if refused > 0 { ", " (refused) " not tagged" }
        "."
        ul.outcomes {
            @for (_, what, r) in &results {
                @let what = what.clone().unwrap_or_else(|| "a photo".into());
                li {
                    @match r {
                        Ok((state, reasons)) => (outcome_line(&what, *state, reasons, &names)),
                        Err(msg) => { strong { "Not tagged" } ": " (what) ": " (msg) },
                    }
                }
            }
        }
    };
    st.sessions().set_notice(&user.token, summary.into_string());
    Ok(Redirect::to(&format!("/tag{}", f.query())).into_response())
}

// ---------------------------------------------------------- the tagging page

/// The choices on the tagging form, as sent or as the photo has them.
#[derive(Debug, Clone, Default)]
struct Choices {
    children: Vec<String>,
    nobody: bool,
    purposes: Vec<String>,
    /// Face box N is this child.
    faces: BTreeMap<usize, String>,
    not_faces: Vec<usize>,
    /// A region typed or drawn, by child id, as sent.
    regions: BTreeMap<String, String>,
}

impl Choices {
    /// What the photo already has: its tags, purposes, whose each face is.
    fn of(photo: &PhotoRecord, default_purposes: &[String]) -> Choices {
        let mut c = Choices {
            children: photo.child_ids(),
            nobody: photo.nobody,
            purposes: if photo.purposes.is_empty() { default_purposes.to_vec() } else { photo.purposes.clone() },
            ..Choices::default()
        };
        for (i, row) in photo.faces.iter().flatten().enumerate() {
            match &row.is {
                crate::policy::FaceIs::Child(child) => {
                    c.faces.insert(i + 1, child.clone());
                }
                crate::policy::FaceIs::NotAChild => c.not_faces.push(i + 1),
                crate::policy::FaceIs::Unassigned => {}
            }
        }
        for t in &photo.tags {
            let (Some(child), Some(r)) = (&t.child_id, t.region) else { continue };
            if photo.face_of(child).is_none() {
                c.regions.insert(child.clone(), format!("{:.4},{:.4},{:.4},{:.4}", r[0], r[1], r[2], r[3]));
            }
        }
        c
    }

    fn from_form(form: &[(String, String)]) -> Choices {
        let mut c = Choices { nobody: form.iter().any(|(k, v)| k == "nobody" && v == "yes"), ..Choices::default() };
        for (k, v) in form {
            let v = v.trim();
            match k.as_str() {
                "child" => c.children.push(v.to_string()),
                "purpose" => c.purposes.push(v.to_string()),
                _ => {
                    if let Some(n) = k.strip_prefix("face_").and_then(|n| n.parse::<usize>().ok()) {
                        if !v.is_empty() {
                            c.faces.insert(n, v.to_string());
                        }
                    } else if let Some(n) = k.strip_prefix("not_face_").and_then(|n| n.parse::<usize>().ok()) {
                        if v == "yes" {
                            c.not_faces.push(n);
                        }
                    } else if let Some(child) = k.strip_prefix("region_") {
                        if !v.is_empty() {
                            c.regions.insert(child.to_string(), v.to_string());
                        }
                    }
                }
            }
        }
        c
    }
}

pub async fn tag_page(
    State(st): State<Arc<AppState>>,
    user: User,
    Path(id): Path<String>,
    Query(filter): Query<Filter>,
) -> Result<Response, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let st2 = st.clone();
    let p2 = photo.clone();
    let (ctx, boxes) = blocking(move || Ok((Context::load(&st2)?, face_boxes(&st2, &p2)?))).await?;
    let choices = Choices::of(&photo, &st.config.purposes.default);
    let notice = st.sessions().take_notice(&user.token);
    Ok(tag_view(&st, &user, &ctx, &photo, &boxes, &choices, &filter, notice, None).into_response())
}

#[allow(clippy::too_many_arguments)]
fn tag_view(
    st: &AppState,
    user: &User,
    ctx: &Context,
    photo: &PhotoRecord,
    boxes: &[Face],
    chosen: &Choices,
    f: &Filter,
    notice: Option<String>,
    problem: Option<Problem>,
) -> Markup {
    let q = f.query();
    let queue = ctx.queue(f);
    let place = queue.iter().position(|p| p.id == photo.id).map(|i| i + 1);
    let next = ctx.next_after(&photo.id, f);
    let today = st.today();
    page(
        user,
        "/tag",
        "Who is in this photo?",
        html! {
            (notice_box(notice))
            @if let Some(p) = &problem {
                div.flash.held role="alert" { p.flat {
                    @if p.saved { strong { "Saved, but the photo still waits." } } @else { strong { "Not saved yet." } }
                    " Your choices are kept; what to do is next to the field, in red: "
                    a href={ "#error-" (p.field) } { "go to it" } "."
                } }
            }
            p.counts {
                @if let Some(n) = place { "Photo " (n) " of " (queue.len()) " · " }
                (when(photo)) " · " (ctx.device_label(photo))
                " · " a href={ "/tag" (q) } { "Back to the queue" }
            }
            (deadline_note(days_left(photo, &st.config.rules(), today)))
            div.tagging {
                figure.stage {
                    div.viewport {
                        div.frame {
                            @if photo.stored.media.thumbnail {
                                img.photo src={ "/photo/" (photo.id) "/view" } alt={ "The photo to tag, taken " (when(photo)) };
                            } @else {
                                p.muted { "No preview for this " (photo.format) " file." }
                            }
                            @for (i, b) in boxes.iter().enumerate() {
                                @let n = i + 1;
                                button.facebox type="button" hidden data-n=(n)
                                    data-rect=(format!("{:.4},{:.4},{:.4},{:.4}", b.rect[0], b.rect[1], b.rect[2], b.rect[3]))
                                    aria-pressed="false" aria-label={ "Face " (n) } {
                                    span.n { (n) }
                                }
                            }
                        }
                    }
                    figcaption {
                        button.zoom type="button" hidden aria-pressed="false" aria-keyshortcuts="z" { "Zoom in" }
                        @if !boxes.is_empty() {
                            span.muted { " Tap a numbered face, then the child. " }
                        }
                    }
                }
                div.panel {
                    form.card #tagform method="post" action={ "/tag/" (photo.id) } {
                        (csrf(user))
                        (f.hidden())
                        fieldset.whom {
                            legend { "Children in the photo" }
                            (problem_at(&problem, "children"))
                            (child_buttons(ctx, &f.room, &chosen.children, ""))
                            label.check {
                                input type="checkbox" name="nobody" value="yes" checked[chosen.nobody];
                                "No children in this photo (artwork, the room)"
                            }
                        }
                        @if !boxes.is_empty() {
                            fieldset.faces {
                                legend { "Faces found: " (boxes.len()) " (the numbers on the photo)" }
                                (problem_at(&problem, "faces"))
                                @for (i, _) in boxes.iter().enumerate() {
                                    @let n = i + 1;
                                    div.facerow {
                                        label for={ "face_" (n) } { "Face " (n) " is" }
                                        select id={ "face_" (n) } name={ "face_" (n) } data-n=(n) {
                                            option value="" { "— not chosen —" }
                                            @for c in &ctx.children {
                                                option value=(c.id) selected[chosen.faces.get(&n) == Some(&c.id)] { (c.name) }
                                            }
                                        }
                                        label.check {
                                            input type="checkbox" name={ "not_face_" (n) } value="yes" data-n=(n) checked[chosen.not_faces.contains(&n)];
                                            "not a child's face"
                                        }
                                    }
                                }
                            }
                        }
                        fieldset {
                            legend { "What is it for?" }
                            (purpose_boxes(st, &chosen.purposes))
                        }
                        details.regions-box {
                            summary { "Mark where a child is by hand (for blurring if a consent is missing)" }
                            p.muted { "Choose a child, then drag a box on the photo; or type x,y,w,h as fractions of the photo." }
                            (problem_at(&problem, "regions"))
                            div.regions {
                                @for c in &ctx.children {
                                    div.regionrow {
                                        label.check {
                                            input type="radio" name="draw_for" value=(c.id);
                                            "Draw for " (c.name)
                                        }
                                        label {
                                            span.sr-only { "Region of " (c.name) }
                                            input.region type="text" name={ "region_" (c.id) } data-child=(c.name) placeholder="x,y,w,h"
                                                value=[chosen.regions.get(&c.id)];
                                        }
                                    }
                                }
                            }
                        }
                        (problem_at(&problem, "save"))
                        div.savebar {
                            button.primary type="submit" name="action" value="next" aria-keyshortcuts="s" { "Save and next" }
                            button type="submit" name="action" value="nobody" aria-keyshortcuts="n" {
                                @if boxes.is_empty() { "No children in this photo" } @else { "None of these are children" }
                            }
                            @if let Some(n) = &next {
                                a.button href={ "/tag/" (n) (q) } { "Skip" }
                            }
                        }
                        p.muted.keys { "Keys: 1–9 a face, S save and next, N no children, Z zoom." }
                    }
                    form.card method="post" action={ "/report/" (photo.id) } {
                        (csrf(user))
                        h2 { "Report a concern" }
                        p { label { "What is wrong with this photo? " input type="text" name="reason" required; } }
                        button.danger type="submit" { "Report" }
                    }
                }
            }
        },
    )
}

pub async fn tag(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user, form }: Posted<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let f = Filter::from_form(&form);
    let mut chosen = Choices::from_form(&form);
    let st2 = st.clone();
    let p2 = photo.clone();
    let (ctx, boxes) = blocking(move || Ok((Context::load(&st2)?, face_boxes(&st2, &p2)?))).await?;
    if field(&form, "action") == "nobody" {
        // "None of these are children": no children, every face dismissed.
        chosen.children.clear();
        chosen.faces.clear();
        chosen.nobody = true;
        chosen.not_faces = (1..=boxes.len()).collect();
    }
    // Children chosen for a face count as chosen.
    for c in chosen.faces.values() {
        if !chosen.children.contains(c) {
            chosen.children.push(c.clone());
        }
    }
    let back = |problem: Problem| {
        let page = tag_view(&st, &user, &ctx, &photo, &boxes, &chosen, &f, None, Some(problem));
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    };
    if !chosen.nobody && chosen.children.is_empty() {
        return back(Problem::at("children", "Choose the children in this photo, or say there are no children."));
    }
    if chosen.nobody && !chosen.children.is_empty() {
        return back(Problem::at("children", "You chose children and also \"no children\": untick one of them."));
    }
    let mut regions = Vec::new();
    for (child, text) in &chosen.regions {
        // A region for a child who is not chosen is left out, as before.
        if chosen.children.contains(child) {
            match crate::input::parse_region(text) {
                Ok(r) => regions.push((child.clone(), r)),
                Err(e) => return back(Problem::at("regions", e)),
            }
        }
    }
    let not_faces = chosen.not_faces.clone();
    let req = TagRequest {
        children: chosen.children.clone(),
        nobody: chosen.nobody,
        purposes: chosen.purposes.clone(),
        faces: chosen.faces.iter().map(|(n, c)| (*n, c.clone())).collect(),
        regions,
        note: (!not_faces.is_empty()).then(|| "confirmed on the tagging screen".to_string()),
        not_faces,
    };
    let st2 = st.clone();
    let actor = user.name.clone();
    let p2 = photo.clone();
    let decided = blocking(move || {
        let mut reg = st2.register()?;
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        match crate::workflow::tag::tag(&mut w, &p2, &req) {
            Ok((state, decision)) => Ok(Ok((state, decision.reasons))),
            Err(e) => match crate::failure::classify(&e) {
                (crate::error::Kind::Failed, _) => Err(e),
                (_, msg) => Ok(Err(msg)),
            },
        }
    })
    .await?;
    let (state, reasons) = match decided {
        Ok(d) => d,
        Err(msg) => return back(Problem::at("save", msg)),
    };
    let names = ctx.names();
    if state == PhotoState::AwaitingTags {
        // Saved, but the photo still waits: the same page, the choices as
        // saved, what is missing next to the faces.
        let st2 = st.clone();
        let pid = photo.id.clone();
        let fresh = blocking(move || Ok(st2.register()?.photo(&pid)?)).await?;
        let fresh = fresh.unwrap_or(photo);
        let text = format!(
            "Saved, but it still waits: {}. Say whose each face is, or tick \"not a child's face\".",
            reasons.iter().map(|r| plain_named(r, &names)).collect::<Vec<_>>().join("; ")
        );
        let field = if boxes.is_empty() { "children" } else { "faces" };
        let page =
            tag_view(&st, &user, &ctx, &fresh, &boxes, &chosen, &f, None, Some(Problem { field, text, saved: true }));
        return Ok(page.into_response());
    }
    let line = outcome_line(&ctx.describe(&photo), state, &reasons, &names);
    st.sessions().set_notice(&user.token, line.into_string());
    let to = match ctx.next_after(&photo.id, &f) {
        Some(next) => format!("/tag/{next}{}", f.query()),
        None => format!("/tag{}", f.query()),
    };
    Ok(Redirect::to(&to).into_response())
}
