//! The manager's pages: the quarantine queue, the consent register,
//! devices, the retention plan, the audit log, incidents. (Disclosures and
//! take-downs: [`super::publish`].)

use super::auth::Manager;
use super::pages::{csrf, page, short};
use super::practitioner::{photo_id, plain};
use super::{blocking, AppError, AppState};
use crate::input::records;
use crate::model::{ConsentAction, ConsentEvent, Device, GuardianLink, PhotoState};
use crate::policy::{consent_status, ConsentStatus, GROUP_IN_OTHERS_JOURNEY, LEARNING_JOURNEY};
use crate::register::Change;
use crate::workflow;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup};
use std::sync::Arc;

pub(super) fn field<'a>(form: &'a [(String, String)], key: &str) -> &'a str {
    form.iter().find(|(k, _)| k == key).map(|(_, v)| v.trim()).unwrap_or("")
}

fn status_text(s: &ConsentStatus) -> String {
    match s {
        ConsentStatus::Granted { review_by, .. } => format!("granted, review by {review_by}"),
        ConsentStatus::ReviewOverdue { review_by, .. } => format!("REVIEW OVERDUE since {review_by}"),
        ConsentStatus::WithoutParentalResponsibility { by, .. } => {
            format!("signed by {by}: no parental responsibility")
        }
        ConsentStatus::Refused { on, .. } => format!("refused {on}"),
        ConsentStatus::Withdrawn { on, .. } => format!("withdrawn {on}"),
        ConsentStatus::Missing => "none".into(),
    }
}

fn state_class(s: &ConsentStatus) -> &'static str {
    match s {
        ConsentStatus::Granted { .. } => "state-granted",
        ConsentStatus::ReviewOverdue { .. } => "state-review_overdue",
        ConsentStatus::WithoutParentalResponsibility { .. } => "state-without_parental_responsibility",
        ConsentStatus::Refused { .. } => "state-refused",
        ConsentStatus::Withdrawn { .. } => "state-withdrawn",
        ConsentStatus::Missing => "state-missing",
    }
}

pub async fn quarantine(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let today = st.today();
    let (photos, snapshot) = blocking(move || {
        let reg = st2.register()?;
        let mut photos = reg.photos(Some(PhotoState::Quarantined))?;
        photos.sort_by(|a, b| (&a.state_since, &a.id).cmp(&(&b.state_since, &b.id)));
        Ok((photos, reg.snapshot()?))
    })
    .await?;
    let rules = st.config.rules();
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            @if photos.is_empty() { p.ok { "The quarantine is empty." } }
            @for p in &photos {
                div.card id={ "q-" (short(&p.id)) } {
                    div.qgrid {
                        div {
                            @if p.stored.media.thumbnail {
                                img.thumb src={ "/photo/" (p.id) "/thumb" } alt="quarantined photo";
                            } @else { p.muted { "No preview (" (p.format) ")" } }
                            p.muted { "Photo " (short(&p.id)) " · held since " (p.state_since.get(..10).unwrap_or("")) }
                        }
                        div {
                            h2 { "Why it is held" }
                            ul.reasons { @for r in &p.reasons { li { (plain(r)) " " code { (r.code) } } } }
                            h2 { "Children and their consent" }
                            @let group = p.tags.iter().filter(|t| t.child_id.is_some()).count() >= 2 && p.purposes.iter().any(|x| x == LEARNING_JOURNEY);
                            table {
                                @for t in &p.tags {
                                    tr {
                                        th {
                                        (t.child_id.as_deref().unwrap_or(&t.label))
                                        @if let Some(c) = t.child_id.as_deref().and_then(|c| snapshot.children.iter().find(|k| k.id == c)) { br; span.muted { (c.name) } }
                                    }
                                        @if let Some(c) = &t.child_id {
                                            @for purpose in p.purposes.iter().map(String::as_str).chain(group.then_some(GROUP_IN_OTHERS_JOURNEY)) {
                                                @let s = consent_status(&snapshot, c, purpose, &rules, today);
                                                td class=(state_class(&s)) { (purpose.replace('_', " ")) ": " (status_text(&s)) }
                                            }
                                            td { @if t.region.is_some() { "region marked" } @else { span.warn { "no region" } } }
                                        } @else { td.bad { "not on the register" } }
                                    }
                                }
                            }
                        }
                    }
                    div.actions {
                form method="post" action={ "/quarantine/" (p.id) "/release" } {
                        (csrf(&user))
                        input type="text" name="note" placeholder="note (required)" required;
                        @for purpose in &p.purposes {
                            label { input type="checkbox" name="purpose" value=(purpose) checked; " " (purpose.replace('_', " ")) }
                        }
                        button.primary type="submit" { "Release" }
                    }
                    form method="post" action={ "/quarantine/" (p.id) "/redact" } {
                        (csrf(&user))
                        input type="text" name="note" placeholder="note (required)" required;
                        button type="submit" { "Redact children without consent" }
                    }
                    form method="post" action={ "/quarantine/" (p.id) "/delete" } {
                        (csrf(&user))
                        input type="text" name="note" placeholder="reason (required)" required;
                        button.danger type="submit" { "Delete" }
                    }
                    }
                }
            }
        },
    ))
}

pub async fn quarantine_action(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let id = photo_id(&id)?;
    let note = field(&form, "note").to_string();
    if note.is_empty() {
        return Err(AppError::BadInput("a note is required".into()));
    }
    let purposes: Vec<String> = form.iter().filter(|(k, _)| k == "purpose").map(|(_, v)| v.clone()).collect();
    let st2 = st.clone();
    let actor = user.name.clone();
    let action2 = action.clone();
    let result = blocking(move || {
        let mut reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        workflow::ensure_quarantined(&photo)?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        match action2.as_str() {
            "release" => {
                if purposes.is_empty() {
                    return Err(crate::error::BadInput("keep at least one purpose ticked".into()).into());
                }
                let same = purposes.iter().all(|p| photo.purposes.contains(p))
                    && photo.purposes.iter().all(|p| purposes.contains(p));
                let narrowed = if same { Vec::new() } else { purposes };
                workflow::release(&mut w, &photo, &note, &narrowed)?;
                Ok(format!("Photo {} released: stored in the vault.", short(&photo.id)))
            }
            "redact" => {
                let identity =
                    st2.identity.as_ref().ok_or_else(|| anyhow::anyhow!("the service runs without its identity"))?;
                let (new_id, state) = workflow::redact::redact(&mut w, &photo, &note, identity)?;
                Ok(format!(
                    "Photo {} redacted: the new photo {} is {state}; the original is deleted.",
                    short(&photo.id),
                    short(&new_id)
                ))
            }
            "delete" => {
                workflow::delete(&mut w, &photo, "manager", Change::new("quarantine.delete", &actor).note(&note))?;
                Ok(format!("Photo {} deleted; a tombstone keeps its id and dates.", short(&photo.id)))
            }
            other => Err(crate::error::BadInput(format!("unknown action `{other}`")).into()),
        }
    })
    .await?;
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            div.flash { (result) }
            p { a href="/quarantine" { "Back to the queue" } }
        },
    )
    .into_response())
}

pub async fn register(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let (snapshot, takedowns) = blocking(move || {
        let reg = st2.register()?;
        Ok((reg.snapshot()?, reg.takedowns(false)?))
    })
    .await?;
    let rules = st.config.rules();
    let today = st.today();
    let purposes = &st.config.purposes.known;
    Ok(page(
        &user,
        "/register",
        "Consent register",
        html! {
            (super::publish::takedown_card(&user, &takedowns))
            div.card {
                h2 { "Consent by child and purpose" }
                p.muted { "Overdue reviews are highlighted. Today is " (today) "." }
                table {
                    tr { th { "Child" } @for p in purposes { th { (p.replace('_', " ")) } } }
                    @for c in &snapshot.children {
                        tr {
                            th { (c.id) " " (c.name) @if let Some(l) = c.left { br; span.muted { "left " (l) } } }
                            @for p in purposes {
                                @let s = consent_status(&snapshot, &c.id, p, &rules, today);
                                @if rules.forbidden_purposes.contains(p) {
                                    td.muted { "forbidden by policy" }
                                } @else {
                                    td class=(state_class(&s)) { (status_text(&s)) }
                                }
                            }
                        }
                    }
                }
            }
            div.card {
                h2 { "Record a consent form" }
                form.inline method="post" action="/register/consent" {
                    (csrf(&user))
                    select name="child" { @for c in &snapshot.children { option value=(c.id) { (c.id) " " (c.name) } } }
                    select name="purpose" { @for p in purposes { option value=(p) { (p.replace('_', " ")) } } }
                    select name="action" { option value="grant" { "grant" } option value="refuse" { "refuse" } option value="withdraw" { "withdraw" } }
                    select name="by" { @for g in &snapshot.guardians { option value=(g.guardian_id) { (g.guardian_id) " " (g.name) " (" (g.child_id) ")" } } }
                    label { "signed / effective " input type="date" name="date" required; }
                    label { "review by " input type="date" name="review_by"; }
                    input type="text" name="evidence" placeholder="evidence, e.g. admission form";
                    button.primary type="submit" { "Record" }
                }
            }
            div.card {
                h2 { "Guardians" }
                table {
                    tr { th { "Child" } th { "Guardian" } th { "Relationship" } th { "Parental responsibility" } }
                    @for g in &snapshot.guardians {
                        tr { td { (g.child_id) } td { (g.guardian_id) " " (g.name) } td { (g.relationship) }
                             td class=(if g.parental_responsibility { "state-granted" } else { "state-refused" }) { (if g.parental_responsibility { "yes" } else { "no" }) } }
                    }
                }
                form.inline method="post" action="/register/guardian" {
                    (csrf(&user))
                    select name="child" { @for c in &snapshot.children { option value=(c.id) { (c.id) " " (c.name) } } }
                    input type="text" name="id" placeholder="guardian id, e.g. G010" required;
                    input type="text" name="name" placeholder="name" required;
                    input type="text" name="relationship" placeholder="relationship" required;
                    select name="parental_responsibility" { option value="yes" { "has parental responsibility" } option value="no" { "no parental responsibility" } }
                    button type="submit" { "Add guardian" }
                }
            }
            div.card {
                h2 { "Add a child" }
                form.inline method="post" action="/register/child" {
                    (csrf(&user))
                    input type="text" name="id" placeholder="id, e.g. C010" required;
                    input type="text" name="name" placeholder="name" required;
                    input type="text" name="aliases" placeholder="other names; separated";
                    input type="text" name="room" placeholder="room";
                    label { "started " input type="date" name="started"; }
                    button type="submit" { "Add child" }
                }
            }
            div.card {
                h2 { "Import from CSV" }
                p.muted { "All or nothing: one bad row rejects the file, naming every bad line. Children: "
                    code { "id,name,aliases,room,started,left" } ". Consent: " code { "child,purpose,action,by,date,review_by,evidence" } "." }
                form.inline method="post" action="/register/import" enctype="multipart/form-data" {
                    (csrf(&user))
                    select name="kind" { option value="consent" { "consent events" } option value="children" { "children" } }
                    input type="file" name="file" accept=".csv,text/csv" required;
                    button type="submit" { "Import" }
                }
            }
        },
    ))
}

/// After a register change: re-check the stored and waiting photos.
fn recheck(
    st: &AppState,
    reg: &mut crate::register::Register,
    actor: &str,
    cause: &str,
) -> anyhow::Result<Vec<workflow::Moved>> {
    let mut w = workflow::Ctx::new(reg, &st.config, st.today(), actor);
    workflow::reevaluate(&mut w, cause)
}

fn done(user: &super::auth::User, here: &str, title: &str, text: String, moved: &[workflow::Moved]) -> Response {
    done_and(user, here, title, text, moved, html! {})
}

/// [`done`], with more to show after the photos moved.
fn done_and(
    user: &super::auth::User,
    here: &str,
    title: &str,
    text: String,
    moved: &[workflow::Moved],
    more: Markup,
) -> Response {
    page(user, here, title, html! {
        div.flash { (text) }
        @if !moved.is_empty() {
            div.flash.held {
                strong { "Photos moved to the quarantine:" }
                ul { @for m in moved { li { "photo " (short(&m.photo)) ": " @for r in &m.reasons { (plain(r)) "; " } } } }
            }
        }
        (more)
        p { a href=(here) { "Back" } }
    })
    .into_response()
}

pub(super) fn date_field(form: &[(String, String)], key: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    match field(form, key) {
        "" => Ok(None),
        s => crate::input::parse_date(s).map(Some).map_err(AppError::BadInput),
    }
}

pub async fn consent(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let action =
        ConsentAction::parse(field(&form, "action")).ok_or_else(|| AppError::BadInput("unknown action".into()))?;
    let date = date_field(&form, "date")?.ok_or_else(|| AppError::BadInput("the date is required".into()))?;
    let event = ConsentEvent {
        seq: 0,
        child_id: field(&form, "child").to_string(),
        purpose: field(&form, "purpose").to_string(),
        action,
        by: field(&form, "by").to_string(),
        date,
        review_by: date_field(&form, "review_by")?,
        evidence: Some(field(&form, "evidence").to_string()).filter(|e| !e.is_empty()),
    };
    records::ok(records::consent(&st.config, &event))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let (text, moved, takedowns) = blocking(move || {
        let mut reg = st2.register()?;
        reg.find_child(&event.child_id)?;
        reg.add_consent_events(std::slice::from_ref(&event), &actor)?;
        let moved =
            recheck(&st2, &mut reg, &actor, &format!("consent {} {} {}", event.action, event.child_id, event.purpose))?;
        let takedowns = match event.action {
            ConsentAction::Withdraw | ConsentAction::Refuse => reg.open_takedowns(&event.child_id, &event.purpose)?,
            ConsentAction::Grant => Vec::new(),
        };
        Ok((
            format!(
                "Recorded: {} {} {} (by {}, {}).",
                event.child_id, event.action, event.purpose, event.by, event.date
            ),
            moved,
            takedowns,
        ))
    })
    .await?;
    let more = super::publish::takedown_card(&user, &takedowns);
    Ok(done_and(&user, "/register", "Consent register", text, &moved, more))
}

pub async fn add_child(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let child = crate::model::Child {
        id: field(&form, "id").to_string(),
        name: field(&form, "name").to_string(),
        aliases: field(&form, "aliases")
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect(),
        room: Some(field(&form, "room").to_string()).filter(|r| !r.is_empty()),
        started: date_field(&form, "started")?,
        left: None,
    };
    records::ok(records::child(&child))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let id = child.id.clone();
    blocking(move || Ok(st2.register()?.add_child(&child, &actor)?)).await?;
    Ok(done(&user, "/register", "Consent register", format!("Added child {id}."), &[]))
}

pub async fn add_guardian(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let link = GuardianLink {
        guardian_id: field(&form, "id").to_string(),
        child_id: field(&form, "child").to_string(),
        name: field(&form, "name").to_string(),
        relationship: field(&form, "relationship").to_string(),
        parental_responsibility: crate::input::parse_yes_no(field(&form, "parental_responsibility"))
            .map_err(AppError::BadInput)?,
    };
    records::ok(records::guardian(&link))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let text = format!("Added guardian {} of {}.", link.guardian_id, link.child_id);
    blocking(move || {
        let mut reg = st2.register()?;
        reg.find_child(&link.child_id)?;
        Ok(reg.add_guardian(&link, &actor)?)
    })
    .await?;
    Ok(done(&user, "/register", "Consent register", text, &[]))
}

pub async fn import(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (mut token, mut kind, mut data) = (String::new(), String::new(), Vec::new());
    while let Some(f) = multipart.next_field().await.map_err(|e| AppError::BadInput(e.to_string()))? {
        match f.name() {
            Some("csrf") => token = f.text().await.map_err(|e| AppError::BadInput(e.to_string()))?,
            Some("kind") => kind = f.text().await.map_err(|e| AppError::BadInput(e.to_string()))?,
            Some("file") => data = f.bytes().await.map_err(|e| AppError::BadInput(e.to_string()))?.to_vec(),
            _ => {}
        }
    }
    user.check_csrf(&token)?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let (text, moved) = blocking(move || {
        let mut reg = st2.register()?;
        match kind.as_str() {
            "children" => {
                let rows = crate::input::csv::read_from(
                    &data[..],
                    "the uploaded file",
                    crate::register::import::CHILD_COLUMNS,
                )?;
                let n = crate::register::import::import_children(&mut reg, &rows, "the uploaded file", &actor)?;
                Ok((format!("Imported {n} children."), Vec::new()))
            }
            "consent" => {
                let rows = crate::input::csv::read_from(
                    &data[..],
                    "the uploaded file",
                    crate::register::import::CONSENT_COLUMNS,
                )?;
                let n = crate::register::import::import_consents(
                    &mut reg,
                    &st2.config,
                    &rows,
                    "the uploaded file",
                    &actor,
                )?;
                let moved = recheck(&st2, &mut reg, &actor, "consent import")?;
                Ok((format!("Imported {n} consent events."), moved))
            }
            other => Err(crate::error::BadInput(format!("unknown import `{other}`")).into()),
        }
    })
    .await?;
    Ok(done(&user, "/register", "Consent register", text, &moved))
}

pub async fn devices(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let devices = blocking(move || Ok(st2.register()?.devices()?)).await?;
    Ok(page(
        &user,
        "/devices",
        "Devices",
        html! {
            div.card {
                table {
                    tr { th { "Id" } th { "Label" } th { "Make" } th { "Model" } th { "Serial" } th { "Inbox folder" } th {} }
                    @for d in &devices {
                        tr {
                            td { (d.id) } td { (d.label) } td { (d.make) } td { (d.model) }
                            td { (d.serial.as_deref().unwrap_or("-")) } td { (d.folder.as_deref().unwrap_or("-")) }
                            td { form method="post" action={ "/devices/" (d.id) "/remove" } { (csrf(&user)) button.danger type="submit" { "Remove" } } }
                        }
                    }
                }
            }
            div.card {
                h2 { "Register a setting device" }
                form.inline method="post" action="/devices" {
                    (csrf(&user))
                    input type="text" name="id" placeholder="id, e.g. ipad2" required;
                    input type="text" name="label" placeholder="label" required;
                    input type="text" name="make" placeholder="EXIF make" required;
                    input type="text" name="model" placeholder="EXIF model" required;
                    input type="text" name="serial" placeholder="serial (optional)";
                    input type="text" name="folder" placeholder="inbox folder (optional)";
                    button.primary type="submit" { "Register" }
                }
            }
        },
    ))
}

pub async fn add_device(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let d = Device {
        id: field(&form, "id").to_string(),
        label: field(&form, "label").to_string(),
        make: field(&form, "make").to_string(),
        model: field(&form, "model").to_string(),
        serial: Some(field(&form, "serial").to_string()).filter(|s| !s.is_empty()),
        folder: Some(field(&form, "folder").to_string()).filter(|s| !s.is_empty()),
    };
    records::ok(records::device(&d))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let id = d.id.clone();
    blocking(move || {
        st2.register()?.add_device(&d, &actor)?;
        if let Some(f) = &d.folder {
            crate::vault::private_dir(&st2.config.paths.inbox.join(f))?;
        }
        Ok(())
    })
    .await?;
    Ok(done(&user, "/devices", "Devices", format!("Registered device {id}."), &[]))
}

pub async fn remove_device(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let id2 = id.clone();
    let moved = blocking(move || {
        let mut reg = st2.register()?;
        reg.remove_device(&id2, &actor)?;
        recheck(&st2, &mut reg, &actor, &format!("device {id2} removed"))
    })
    .await?;
    Ok(done(&user, "/devices", "Devices", format!("Device {id} removed."), &moved))
}

pub async fn retention(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let actor = user.name.clone();
    let plan = blocking(move || {
        let mut reg = st2.register()?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        workflow::retention_plan(&w)
    })
    .await?;
    Ok(page(
        &user,
        "/retention",
        "Retention plan",
        html! {
            p.muted { "What `consentgate retention run` (daily in the service) would delete today. Nothing is deleted from this page." }
            @if plan.is_empty() { p.ok { "Nothing is due for deletion." } }
            table {
                tr { th { "Photo" } th { "Rule" } th { "Due" } }
                @for d in &plan {
                    tr { td { (short(&d.photo)) } td { (d.rule.code()) @if let crate::retention::Rule::AfterLeaving { child } = &d.rule { " (" (child) ")" } } td { (d.due) } }
                }
            }
        },
    ))
}

pub async fn audit(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let log = blocking(move || Ok(st2.register()?.audit_list(&crate::audit::Filter::default())?)).await?;
    Ok(page(
        &user,
        "/audit",
        "Audit log",
        html! {
            form method="post" action="/audit/verify" { (csrf(&user)) button.primary type="submit" { "Verify the chain" } }
            table {
                tr { th { "#" } th { "When" } th { "Who" } th { "What" } th { "Photo" } th { "Child" } }
                @for e in log.iter().rev().take(300) {
                    tr { td { (e.seq) } td { (e.at) } td { (e.actor) } td { (e.action) }
                         td { (e.photo.as_deref().map(short).unwrap_or("-")) } td { (e.child.as_deref().unwrap_or("-")) } }
                }
            }
        },
    ))
}

pub async fn audit_verify(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let st2 = st.clone();
    let v = blocking(move || Ok(st2.register()?.audit_verify()?)).await?;
    let body = match v.broken {
        None => html! { div.flash { "The audit chain is intact: " (v.entries) " entries." } },
        Some((seq, why)) => {
            html! { div.flash.held { strong { "The audit chain is BROKEN at entry " (seq) ": " } (why) } }
        }
    };
    Ok(page(&user, "/audit", "Audit log", html! { (body) p { a href="/audit" { "Back" } } }).into_response())
}

pub async fn incidents(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let list = blocking(move || Ok(st2.register()?.incidents()?)).await?;
    Ok(page(
        &user,
        "/incidents",
        "Incidents",
        html! {
            @if list.is_empty() { p { "No concerns have been reported." } }
            table {
                tr { th { "#" } th { "Photo" } th { "Opened" } th { "By" } th { "Concern" } th { "Outcome" } }
                @for i in &list {
                    tr { td { (i.id) } td { (short(&i.photo)) } td { (i.opened_at) } td { (i.opened_by) } td { (i.reason) }
                         td { @if let Some(r) = &i.resolution { (r) } @else { span.warn { "open" } } } }
                }
            }
        },
    ))
}
