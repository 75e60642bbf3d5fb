//! The quarantine queue: each held photo, why it is held today (in words,
//! the codes in a details line), the children by name with their consent
//! now, and the actions that can clear it; several photos at once with one
//! note; 20 cards a page.

use super::*;
use crate::policy::{decide, ReasonCode, Verdict};
use axum::extract::Query;

/// Cards per page.
pub const PAGE: usize = 20;

#[derive(serde::Deserialize, Default)]
pub struct QueueQuery {
    page: Option<usize>,
    /// Only photos held for this reason (its code).
    reason: Option<String>,
}

pub async fn quarantine(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Query(q): Query<QueueQuery>,
) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let today = st.today();
    let (photos, snapshot, incidents, devices) = blocking(move || {
        let reg = st2.register()?;
        let mut photos = reg.photos(Some(PhotoState::Quarantined))?;
        photos.sort_by(|a, b| (&a.state_since, &a.id).cmp(&(&b.state_since, &b.id)));
        let incidents: Vec<crate::register::Incident> =
            reg.incidents()?.into_iter().filter(|i| i.closed_at.is_none()).collect();
        Ok((photos, reg.snapshot()?, incidents, reg.devices()?))
    })
    .await?;
    let rules = st.config.rules();
    let ui = &st.config.ui;
    let reason = q.reason.filter(|r| !r.is_empty());
    let shown: Vec<&crate::register::PhotoRecord> = photos
        .iter()
        .filter(|p| reason.as_deref().is_none_or(|r| p.reasons.iter().any(|x| x.code.as_str() == r)))
        .collect();
    let pager = Pager::new(shown.len(), PAGE, q.page);
    let mut codes: Vec<ReasonCode> = photos.iter().flat_map(|p| p.reasons.iter().map(|r| r.code)).collect();
    codes.sort_by_key(|c| c.as_str());
    codes.dedup();
    let name_of = |id: &str| snapshot.children.iter().find(|c| c.id == id).map(|c| c.name.clone());
    let link = |n: usize| match &reason {
        Some(r) => format!("/quarantine?page={n}&reason={r}"),
        None => format!("/quarantine?page={n}"),
    };
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            @if photos.is_empty() { p.ok { "The quarantine is empty." } }
            @if !photos.is_empty() {
                form.filters method="get" action="/quarantine" {
                    label { "Held because " select name="reason" {
                        option value="" { "any reason (" (photos.len()) ")" }
                        @for c in &codes {
                            option value=(c.as_str()) selected[reason.as_deref() == Some(c.as_str())] {
                                (c.describe()) " (" (photos.iter().filter(|p| p.reasons.iter().any(|r| r.code == *c)).count()) ")"
                            }
                        }
                    } }
                    button type="submit" { "Show" }
                }
                form.card id="bulk" method="post" action="/quarantine/bulk" {
                    (csrf(&user))
                    h2 { "Several photos at once" }
                    p.muted { "Tick the photos below, write one note, and release or delete them all. Each photo is still checked on its own; the summary says what happened to each." }
                    label { "Note " input type="text" name="note" required; }
                    button.primary type="submit" name="action" value="release" { "Release the ticked photos" }
                    " "
                    button.danger type="submit" name="action" value="delete" { "Delete the ticked photos" }
                }
                p.muted { (shown.len()) " photo(s) held" @if pager.pages > 1 { " · page " (pager.page) " of " (pager.pages) } }
            }
            @for p in pager.of(shown.iter()) {
                @let facts = p.facts();
                @let now = decide(&facts, &snapshot, &rules, today);
                @let tagged: Vec<&crate::register::TagRow> = p.tags.iter().filter(|t| t.child_id.is_some()).collect();
                @let can_redact = !tagged.is_empty() && p.format != "mp4" && p.format != "mov" && p.format != "3gp"
                    && now.reasons.iter().any(|r| r.child.is_some());
                div.card id={ "q-" (short(&p.id)) } {
                    div.qgrid {
                        div {
                            @if p.stored.media.thumbnail {
                                img.thumb src={ "/photo/" (p.id) "/thumb" } alt={ "held photo " (p.source_name) };
                            } @else { p.muted { "No preview for this " (p.format) " file." } }
                            p.muted { (p.source_name) " · held since " (ui.when(&p.state_since)) }
                            label.pick { input type="checkbox" name="photo" value=(p.id) form="bulk"; " Tick for the bulk action" }
                        }
                        div {
                            h2 { "Why it is held" }
                            @if now.verdict != Verdict::Quarantine {
                                p.ok { "Nothing holds it any more today: releasing it "
                                    (if now.verdict == Verdict::Store { "stores it." } else { "sends it back to be tagged." }) }
                            }
                            ul.reasons {
                                @for r in &now.reasons {
                                    li { (r.code.describe())
                                        @if let Some(c) = r.child.as_deref() { ": " (name_of(c).unwrap_or_else(|| c.to_string())) }
                                        @if let Some(pp) = &r.purpose { " (" (pp.replace('_', " ")) ")" }
                                        @if r.code == ReasonCode::ReportedConcern || r.code == ReasonCode::UnknownChild || r.code == ReasonCode::UnregisteredDevice {
                                            @if let Some(d) = &r.detail { span.muted { " — " (d) } }
                                        }
                                    }
                                }
                            }
                            @for i in incidents.iter().filter(|i| i.photo == p.id) {
                            p.concern { "Concern reported by " (i.opened_by) " on " (ui.when(&i.opened_at)) ": " q { (i.reason) } }
                        }
                        details.codes { summary { "Details" } p.muted { "Codes: " (now.reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join(", ")) " · photo " (short(&p.id)) } }
                            @if now.reasons.iter().any(|r| r.code == ReasonCode::UnregisteredDevice) {
                                p {
                                    @if let Some(c) = &facts.camera {
                                        "Taken by: " strong { (c.make) " " (c.model) } @if let Some(s) = &c.serial { " (serial " (s) ")" } ". "
                                        a href={ "/devices?photo=" (p.id) "#register" } { "Register this camera" }
                                        " if it is the setting's; its held photos are then checked again."
                                    }
                                }
                            }
                            @if now.reasons.iter().any(|r| r.code == ReasonCode::NoCameraMetadata) {
                                p.muted { "The file carries no camera information (a screenshot, a download or a forwarded image), so no device can vouch for it. If it is not the setting's own, delete it. If you know it was taken on a setting device, say which: that is recorded with your note, and the photo is checked again." }
                                @if !devices.is_empty() {
                                    form.attest method="post" action={ "/quarantine/" (p.id) "/attest" } {
                                        (csrf(&user))
                                        label { "Taken on " select name="device" { @for d in &devices { option value=(d.id) { (d.label) } } } }
                                        label { "How you know " input type="text" name="note" required; }
                                        button type="submit" { "It is the setting's own" }
                                    }
                                }
                            }
                            @if !tagged.is_empty() {
                                h2 { "Children and their consent today" }
                                @let group = tagged.len() >= 2 && p.purposes.iter().any(|x| x == LEARNING_JOURNEY);
                                table tabindex="0" {
                                    @for t in &tagged {
                                        @let c = t.child_id.as_deref().unwrap_or_default();
                                        tr {
                                            th { a href={ "/children/" (c) } { (name_of(c).unwrap_or_else(|| c.to_string())) } }
                                            @for purpose in p.purposes.iter().map(String::as_str).chain(group.then_some(GROUP_IN_OTHERS_JOURNEY)) {
                                                @let s = consent_status(&snapshot, c, purpose, &rules, today);
                                                td class=(state_class(&s)) { (purpose.replace('_', " ")) ": " (status_text(&s)) }
                                            }
                                            td { @if t.region.is_some() { "face marked" } @else { span.warn { "face not marked" } } }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    div.actions {
                        form method="post" action={ "/quarantine/" (p.id) "/release" } {
                            (csrf(&user))
                            label { "Note " input type="text" name="note" required; }
                            @if p.purposes.len() > 1 {
                                fieldset { legend { "Keep it for" }
                                    @for purpose in &p.purposes {
                                        label { input type="checkbox" name="purpose" value=(purpose) checked; " " (purpose.replace('_', " ")) }
                                    }
                                }
                            } @else {
                                @for purpose in &p.purposes { input type="hidden" name="purpose" value=(purpose); }
                            }
                            button.primary type="submit" { "Release" }
                        }
                        @if can_redact {
                            details.preview {
                                summary { "Preview the blur" }
                                img.thumb src={ "/quarantine/" (p.id) "/preview" } loading="lazy" alt={ "what blurring would leave of " (p.source_name) };
                                p.muted { "The whole head around each marked face is blurred, not only the face box." }
                            }
                            form method="post" action={ "/quarantine/" (p.id) "/redact" } {
                                (csrf(&user))
                                label { "Note " input type="text" name="note" required; }
                                button type="submit" { "Blur the children without consent" }
                            }
                        }
                        form method="post" action={ "/quarantine/" (p.id) "/delete" } {
                            (csrf(&user))
                            label { "Reason " input type="text" name="note" required; }
                            button.danger type="submit" { "Delete" }
                        }
                    }
                }
            }
            (pager.nav(link, "← Earlier", "Later →"))
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
    let device = field(&form, "device").to_string();
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
                released(workflow::release(&mut w, &photo, &note, &narrowed), &photo)
            }
            "redact" => {
                let identity =
                    st2.identity.as_ref().ok_or_else(|| anyhow::anyhow!("the service runs without its identity"))?;
                let (_, state) = workflow::redact::redact(&mut w, &photo, &note, identity)?;
                Ok(format!(
                    "{}: redacted. The children without consent are blurred in a new copy, which is {}; the original is deleted.",
                    photo.source_name,
                    state.to_string().replace('_', " ")
                ))
            }
            "attest" => match workflow::devices::attest(&mut w, &photo, &device, &note)? {
                PhotoState::Quarantined => {
                    Ok(format!("{}: recorded as taken on {device}, but something else still holds it.", photo.source_name))
                }
                to => Ok(format!(
                    "{}: recorded as taken on {device}; it is now {}.",
                    photo.source_name,
                    if to == PhotoState::Stored { "stored in the vault" } else { "waiting to be tagged" }
                )),
            },
            "delete" => {
                workflow::delete(&mut w, &photo, "manager", Change::new("quarantine.delete", &actor).note(&note))?;
                Ok(format!("{} deleted. The register keeps its name and dates, not the photo.", photo.source_name))
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
            p { a href="/quarantine" { "Back to the quarantine" } }
        },
    )
    .into_response())
}

/// A release's outcome in words; a refusal names what still holds it.
fn released(outcome: anyhow::Result<PhotoState>, photo: &crate::register::PhotoRecord) -> anyhow::Result<String> {
    match outcome {
        Ok(PhotoState::Stored) => Ok(format!("{}: released and stored in the vault.", photo.source_name)),
        Ok(_) => Ok(format!("{}: nobody has tagged it yet, so it is back in the tagging queue.", photo.source_name)),
        Err(e) => match e.downcast_ref::<workflow::StillRefused>() {
            Some(still) => Err(crate::error::Refused(format!(
                "{} stays in the quarantine: {}",
                photo.source_name,
                still.0.iter().map(|r| r.code.describe()).collect::<Vec<_>>().join("; ")
            ))
            .into()),
            None => Err(e),
        },
    }
}

/// Several photos at once, with one note: each is released (or deleted)
/// on its own, and the summary says what happened to each.
pub async fn quarantine_bulk(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    user.check_csrf(field(&form, "csrf"))?;
    let note = field(&form, "note").to_string();
    if note.is_empty() {
        return Err(AppError::BadInput("a note is required".into()));
    }
    let action = field(&form, "action").to_string();
    if action != "release" && action != "delete" {
        return Err(AppError::BadInput(format!("unknown action `{action}`")));
    }
    let ids = form
        .iter()
        .filter(|(k, _)| k == "photo")
        .map(|(_, v)| photo_id(v))
        .collect::<Result<Vec<String>, AppError>>()?;
    if ids.is_empty() {
        return Err(AppError::BadInput("tick at least one photo".into()));
    }
    let (st2, actor) = (st.clone(), user.name.clone());
    let lines = blocking(move || {
        let mut reg = st2.register()?;
        let mut out = Vec::new();
        for id in ids {
            let Some(photo) = reg.photo(&id)? else { continue };
            if photo.state != PhotoState::Quarantined {
                out.push((false, format!("{}: not in the quarantine any more", photo.source_name)));
                continue;
            }
            let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
            let line = if action == "release" {
                released(workflow::release(&mut w, &photo, &note, &[]), &photo)
            } else {
                workflow::delete(&mut w, &photo, "manager", Change::new("quarantine.delete", &actor).note(&note))
                    .map(|()| format!("{}: deleted", photo.source_name))
            };
            out.push(match line {
                Ok(text) => (true, text),
                Err(e) => (false, crate::error::classify(&e).1),
            });
        }
        Ok(out)
    })
    .await?;
    let done = lines.iter().filter(|(ok, _)| *ok).count();
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            div.flash { (done) " of " (lines.len()) " done." }
            ul { @for (ok, text) in &lines { li class=(if *ok { "ok" } else { "warn" }) { (text) } } }
            p { a href="/quarantine" { "Back to the quarantine" } }
        },
    )
    .into_response())
}

/// What redaction would leave of a held photo, for the manager to look at
/// before applying it: decrypted and blurred in memory, never written.
pub async fn redact_preview(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = photo_id(&id)?;
    let (st2, actor) = (st.clone(), user.name.clone());
    let jpeg = blocking(move || {
        let identity = st2.identity.as_ref().ok_or_else(|| anyhow::anyhow!("the service runs without its identity"))?;
        let mut reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        workflow::ensure_quarantined(&photo)?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        workflow::redact::preview(&w, &photo, identity, 1280)
    })
    .await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response())
}
