//! The manager's page for photos leaving the setting: the take-down list
//! (until each is marked done), possible breaches with their 72-hour clock,
//! subject access requests due, the export for a purpose, and the
//! disclosure log.

use super::auth::{Manager, User};
use super::form::{Note, Text};
use super::pages::{csrf, page};
use super::{blocking, AppError, AppState};
use crate::model::short;
use crate::register::{Breach, Request, TakeDown, REPORT_WITHIN_HOURS};
use crate::web::auth::Posted;
use crate::workflow::{self, publish, sar};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use std::sync::Arc;

/// The take-downs still open, with what a manager needs to find each copy:
/// the photo's file name and state, and the child's name.
pub struct OpenTakedowns {
    rows: Vec<TakeDown>,
    photos: std::collections::HashMap<String, (String, crate::model::PhotoState)>,
    children: Vec<crate::model::Child>,
}

impl OpenTakedowns {
    /// `rows` with the names they are shown by, read from `reg`.
    pub fn named(reg: &crate::register::Register, rows: Vec<TakeDown>) -> crate::register::Result<Self> {
        let ids: Vec<&str> = rows.iter().map(|t| t.photo.as_str()).collect();
        let photos = reg.names_and_states(&ids)?;
        let children = if rows.is_empty() { Vec::new() } else { reg.children()? };
        Ok(OpenTakedowns { rows, photos, children })
    }
}

/// The take-downs still open, each with its "done" form; nothing when
/// there are none. Photos by file name, children by name, days as the
/// setting writes them.
pub fn takedown_card(user: &User, ui: &crate::config::Ui, open: &OpenTakedowns) -> Markup {
    let photo = |t: &TakeDown| match open.photos.get(t.photo.as_str()) {
        Some((name, state)) => super::manager::photo_link(&t.photo, name, *state),
        None => html! { "photo " (short(&t.photo)) },
    };
    html! {
        @if !open.rows.is_empty() {
            div.card.takedowns id="takedowns" {
                h2 { "To take down (" (open.rows.len()) ")" }
                p { "Consent was withdrawn for copies that already left the setting. Take each one down, then mark it done." }
                table tabindex="0" {
                    tr { th { "No." } th { "Photo" } th { "Sent for" } th { "On" } th { "Where it went" } th { "Withdrawn" } th {} }
                    @for t in &open.rows {
                        tr {
                            td { (t.id) }
                            td { (photo(t)) }
                            td { (t.disclosed_for.replace('_', " ")) }
                            td { (ui.day(t.disclosed_at)) }
                            td { code { (t.destination) "/" (t.file) } }
                            td {
                                @if t.purpose == crate::register::ERASURE { "erased at a parent's request" }
                                @else { (crate::policy::child_name(&open.children, &t.child)) "'s consent for " (t.purpose.replace('_', " ")) }
                            }
                            td {
                                form.inline method="post" action={ "/disclosures/" (t.id) "/done" } {
                                    (csrf(user))
                                    input type="text" name="note" placeholder="what was done (required)" aria-label="what was done (required)" required;
                                    button type="submit" { "Mark done" }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

pub async fn disclosures(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let (open, log, rooms, requests, breaches, children) = blocking(move || {
        let reg = st2.register()?;
        let children: Vec<(String, String)> = reg.children()?.into_iter().map(|c| (c.id.into(), c.name)).collect();
        let mut rooms: Vec<String> = reg.children()?.into_iter().filter_map(|c| c.room).collect();
        rooms.sort();
        rooms.dedup();
        let requests: Vec<Request> = reg.requests()?.into_iter().filter(|r| r.fulfilled_at.is_none()).collect();
        let breaches: Vec<Breach> = reg.breaches()?.into_iter().filter(|b| b.decided_at.is_none()).collect();
        let log = reg.disclosures(None, None)?;
        let ids: Vec<&str> =
            log.iter().map(|d| d.photo.as_str()).chain(breaches.iter().map(|b| b.photo.as_str())).collect();
        let files = reg.source_names(&ids)?;
        Ok((OpenTakedowns::named(&reg, reg.takedowns(false)?)?, (log, files), rooms, requests, breaches, children))
    })
    .await?;
    let (log, files) = log;
    let file_of = |id: &str| files.get(id).cloned().unwrap_or_else(|| short(id).to_string());
    let today = st.today();
    let ui = &st.config.ui;
    let name_of = |id: &str| children.iter().find(|(c, _)| c == id).map_or_else(|| id.to_string(), |(_, n)| n.clone());
    let rules = st.config.rules();
    let purposes: Vec<&String> =
        st.config.purposes.known.iter().filter(|p| !rules.forbidden_purposes.contains(*p)).collect();
    Ok(page(
        &user,
        "/disclosures",
        "Disclosures",
        html! {
            (takedown_card(&user, ui, &open))
            @if !breaches.is_empty() {
                div.card id="breaches" {
                    h2 { "Possible breaches to decide (" (breaches.len()) ")" }
                    p.muted { "Decide within " (REPORT_WITHIN_HOURS) " hours whether to report each to the regulator (the ICO), and record why." }
                    table tabindex="0" {
                        tr { th { "Incident" } th { "Photo" } th { "What happened" } th { "Decide by" } th { "Copies out" } }
                        @for b in &breaches {
                            @let left = b.hours_left(crate::clock::now()).unwrap_or(0);
                            tr {
                                td { (b.incident) } td { (file_of(&b.photo)) } td { (b.note) }
                                td class=[(left < 12).then_some("bad")] {
                                    (ui.at(b.decide_by)) " (" @if left < 0 { (-left) " hours late" } @else { (left) " hours left" } ")"
                                }
                                td { @for d in &b.disclosures { code { (d.destination) "/" (d.file) } br; } }
                            }
                            tr {
                                td colspan="5" {
                                    form.inline method="post" action={ "/disclosures/breach/" (b.incident) } {
                                        (csrf(&user))
                                        label { "Reported to the regulator? " select name="reported" {
                                            option value="" { "— choose —" } option value="yes" { "yes, reported" } option value="no" { "no, not reported" } } }
                                        label { "Why " input type="text" name="why" required; }
                                        button.primary type="submit" { "Record the decision" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !requests.is_empty() {
                div.card id="requests" {
                    h2 { "Requests due (" (requests.len()) ")" }
                    p.muted { "Answer each before its deadline with \"Record and answer\" under Subject access request below." }
                    table tabindex="0" {
                        tr { th { "No." } th { "Child" } th { "Received" } th { "Due" } }
                        @for r in &requests {
                            tr {
                                td { (r.id) } td { (name_of(&r.child)) } td { (ui.date(r.received_on)) }
                                td class=[(r.due_on < today).then_some("bad")] {
                                    (ui.date(r.due_on)) @if r.due_on < today { " OVERDUE" }
                                }
                            }
                        }
                    }
                }
            }
            div.card {
                h2 { "Export for a purpose" }
                p.muted { "A zip downloads in your browser. Every stored photo for the purpose is checked against the register as it goes in; only those every child in them has consent for are in it, without any metadata. Each is written on the disclosure log below." }
                form.inline method="post" action="/disclosures/export" {
                    (csrf(&user))
                    label { "For " select name="purpose" { @for p in &purposes { option value=(p) { (p.replace('_', " ")) } } } }
                    label { "taken since " input type="date" name="since"; }
                    label { "Room " select name="room" { option value="" { "every room" } @for r in &rooms { option value=(r) { (r) } } } }
                    button.primary type="submit" { "Download" }
                }
            }
            div.card {
                h2 { "Subject access request" }
                p.muted { "A parent asks for everything held about their child: answer within one month. "
                    "The answer is a zip that downloads in your browser: every photo of the child with other children blurred (or withheld and listed), "
                    "their consent history, the audit entries about them and an index (index.html) to give the parent with it." }
                form.inline method="post" action="/disclosures/sar" {
                    (csrf(&user))
                    label { "Child " select name="child" { @for (id, name) in &children { option value=(id) { (name) } } } }
                    label { "Received " input type="date" name="received" required; }
                    button type="submit" { "Record" }
                    button.primary type="submit" name="answer" value="yes" { "Record and download the answer" }
                }
            }
            div.card {
                h2 { "Disclosure log" }
                @if log.is_empty() { p.muted { "Nothing has left the setting yet." } }
                @else {
                    table tabindex="0" {
                        tr { th { "No." } th { "Photo" } th { "Purpose" } th { "When" } th { "By" } th { "Where" } th { "Children" } }
                        @for d in log.iter().rev() {
                            tr {
                                td { (d.id) }
                                td { (file_of(&d.photo)) }
                                td { (d.purpose.replace('_', " ")) @if let Some(s) = &d.subject { " (" (name_of(s)) ")" } }
                                td { (ui.at(d.at)) }
                                td { (d.actor) }
                                td { code { (d.destination) "/" (d.file) } }
                                td { (d.children.iter().map(|c| name_of(c)).collect::<Vec<_>>().join(", ")) }
                            }
                        }
                    }
                }
            }
        },
    ))
}

/// The export form: for which purpose, taken since when, from which room.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ExportForm {
    purpose: Text,
    since: Text,
    room: Text,
}

pub async fn export(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<ExportForm, Manager>,
) -> Result<Response, AppError> {
    let sel =
        publish::Selection { purpose: form.purpose.to_string(), since: form.since.date()?, room: form.room.given() };
    publish::check_purpose(&st.config, &sel.purpose)?;
    let st2 = st.clone();
    let actor = user.name.clone();
    // Say so on a page, before a download starts, when nothing can be read
    // or nothing would be in it.
    let (sel, count) = blocking(move || {
        st2.identity()?;
        let mut reg = st2.register()?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        let (photos, _) = publish::select(&w, &sel)?;
        Ok((sel, photos.len()))
    })
    .await?;
    if count == 0 {
        return Ok(page(
            &user,
            "/disclosures",
            "Disclosures",
            html! {
                div.flash.held { "No stored photo may be used for " (sel.purpose.replace('_', " ")) " today: there is nothing to download." }
                p { a href="/disclosures" { "Back" } }
            },
        )
        .into_response());
    }
    let name = format!("{}-{}.zip", sel.purpose.replace('_', "-"), st.today());
    let (st2, actor) = (st.clone(), user.name.clone());
    Ok(crate::web::download::zip(&name, move |sink| {
        let identity = &st2.identity()?;
        let mut reg = st2.register()?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        let to = format!("web download by {actor}");
        publish::zip_purpose(&mut w, &sel, identity, &to, sink).map(drop)
    }))
}

/// A subject access request: whose, received when, and whether to answer it now.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SarForm {
    child: Text,
    received: Text,
    answer: Text,
}

pub async fn sar(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<SarForm, Manager>,
) -> Result<Response, AppError> {
    let today = st.today();
    let received = form.received.date()?.unwrap_or(today);
    if received > today {
        return Err(AppError::BadInput("the request cannot be received after today".into()));
    }
    let answer = form.answer.as_str() == "yes";
    let child = form.child.to_string();
    let (st2, actor) = (st.clone(), user.name.clone());
    let (child, recorded) = blocking(move || {
        let mut reg = st2.register()?;
        let child = reg.find_child_by_first_name(&child)?;
        if answer {
            st2.identity()?; // without it nothing can be read: say so on a page
            return Ok((child, None));
        }
        let r = reg.open_subject_access(&child.id, received, &actor)?;
        let due = st2.config.ui.date(r.due_on);
        Ok((child.clone(), Some(format!("Request {} recorded for {}: due {due}.", r.id, child.name))))
    })
    .await?;
    if let Some(text) = recorded {
        return Ok(page(
            &user,
            "/disclosures",
            "Disclosures",
            html! { div.flash { (text) } p { a href="/disclosures" { "Back" } } },
        )
        .into_response());
    }
    // The answer, made as it downloads: never written to this computer.
    let name = format!("subject-access-{}-{today}.zip", child.id);
    let (st2, actor) = (st.clone(), user.name.clone());
    Ok(crate::web::download::zip(&name, move |out| {
        let identity = &st2.identity()?;
        let mut reg = st2.register()?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, today, &actor);
        let mut pack = workflow::sink::ZipOut::new(out, &format!("web download by {actor}"));
        sar::subject_access(&mut w, &child, &mut pack, identity, received)
            .map(drop)
            .map_err(|e| e.context(format!("subject access download for {}", child.id)))
    }))
}

pub async fn takedown_done(
    State(st): State<Arc<AppState>>,
    Path(id): Path<i64>,
    Posted { user: Manager(user), form }: Posted<Note, Manager>,
) -> Result<Response, AppError> {
    let note = form.note.to_string();
    let st2 = st.clone();
    let actor = user.name.clone();
    let done = blocking(move || Ok(st2.register()?.takedown_done(id, &note, &actor)?)).await?;
    Ok(page(
        &user,
        "/disclosures",
        "Disclosures",
        html! {
            div.flash { "Take-down " (done.id) " marked done: " code { (done.destination) "/" (done.file) } "." }
            p { a href="/disclosures" { "Back" } }
        },
    )
    .into_response())
}

/// The breach decision form.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct BreachForm {
    reported: Text,
    why: Text,
}

/// A manager's decision on a possible breach: reported to the regulator or
/// not, and why (audited).
pub async fn breach_decide(
    State(st): State<Arc<AppState>>,
    Path(incident): Path<i64>,
    Posted { user: Manager(user), form }: Posted<BreachForm, Manager>,
) -> Result<Response, AppError> {
    let reported = match form.reported.as_str() {
        "" => return Err(AppError::BadInput("say whether it was reported to the regulator".into())),
        s => crate::input::parse_yes_no(s).map_err(AppError::from)?,
    };
    let why = form.why.to_string();
    let (st2, actor) = (st.clone(), user.name.clone());
    let b = blocking(move || Ok(st2.register()?.decide_breach(incident, reported, &why, &actor)?)).await?;
    let text = format!(
        "Incident {}: recorded as {} to the regulator ({}).",
        b.incident,
        if reported { "reported" } else { "not reported" },
        b.why.as_deref().unwrap_or("")
    );
    Ok(page(
        &user,
        "/disclosures",
        "Disclosures",
        html! { div.flash { (text) } p { a href="/disclosures" { "Back" } } },
    )
    .into_response())
}
