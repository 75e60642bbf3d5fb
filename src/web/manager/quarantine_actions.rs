//! What a manager does to held photos: one card's actions (release, send
//! back, blur, attest, delete after a confirmation), several photos at
//! once, and the blur's preview. A refusal goes back to the photo's card,
//! in words.

use super::*;
use crate::audit::Action;
use crate::web::auth::Posted;
use axum::response::Redirect;

pub async fn quarantine_action(
    State(st): State<Arc<AppState>>,
    Path((id, action)): Path<(String, String)>,
    Posted { user: Manager(user), form }: Posted<Vec<(String, String)>, Manager>,
) -> Result<Response, AppError> {
    let id = photo_id(&id)?;
    let here = back_here(field(&form, "here"));
    let back = format!("/quarantine?{here}#q-{}", short(&id));
    let note = field(&form, "note").to_string();
    if note.is_empty() {
        st.sessions().set_problem(&user.token, &id, "write a note first: it goes into the audit log".into());
        return Ok(Redirect::to(&back).into_response());
    }
    if action == "delete" && field(&form, "confirm") != "yes" {
        let (st2, pid) = (st.clone(), id.clone());
        let photo = blocking(move || Ok(st2.register()?.photo(&pid)?)).await?;
        let photo = photo.ok_or_else(|| AppError::BadInput("no such photo".into()))?;
        let action = format!("/quarantine/{id}/delete");
        let page = super::photos::confirm_delete(&user, &action, &[&photo], &note, &[("here", &here)], &back);
        return Ok(page.into_response());
    }
    let purposes: Vec<String> = form.iter().filter(|(k, _)| k == "purpose").map(|(_, v)| v.clone()).collect();
    let device = field(&form, "device").to_string();
    let st2 = st.clone();
    let actor = user.name.clone();
    let action2 = action.clone();
    let pid = id.clone();
    let result = blocking(move || {
        let mut reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        workflow::ensure_quarantined(&photo)?;
        Ok(quarantine_do(&mut reg, &st2, &actor, &action2, &photo, &note, purposes, &device))
    })
    .await?;
    let result = match result {
        Ok(text) => text,
        Err(e) => {
            st.sessions().set_problem(&user.token, &pid, e.for_a_person()?);
            return Ok(Redirect::to(&back).into_response());
        }
    };
    Ok(page(
        &user,
        "/quarantine",
        "Quarantine",
        html! {
            div.flash { (result) }
            p { a href={ "/quarantine?" (here) } { "Back to the quarantine" } }
        },
    )
    .into_response())
}

/// The query of the quarantine page a form came from (`page=N`, and
/// `reason=code`), checked: nothing but those.
fn back_here(here: &str) -> String {
    let ok = here.len() <= 1024 && here.chars().all(|c| c.is_ascii_alphanumeric() || "=&_-.%".contains(c));
    if ok && !here.is_empty() {
        here.to_string()
    } else {
        "page=1".to_string()
    }
}

/// One action on one quarantined photo, through the workflow; its outcome
/// in words.
#[allow(clippy::too_many_arguments)]
fn quarantine_do(
    reg: &mut crate::register::Register,
    st: &AppState,
    actor: &str,
    action: &str,
    photo: &crate::register::PhotoRecord,
    note: &str,
    purposes: Vec<String>,
    device: &str,
) -> crate::error::Result<String> {
    let mut w = workflow::Ctx::new(reg, &st.config, st.today(), actor);
    match action {
        "release" => {
            if purposes.is_empty() {
                return Err(crate::error::BadInput("keep at least one purpose ticked".into()).into());
            }
            let same = purposes.iter().all(|p| photo.purposes.contains(p))
                && photo.purposes.iter().all(|p| purposes.contains(p));
            let narrowed = if same { Vec::new() } else { purposes };
            released(workflow::release(&mut w, photo, note, &narrowed), photo)
        }
        "redact" => {
            let identity = &st.identity()?;
            let (_, state) = workflow::redact::redact(&mut w, photo, note, identity)??;
            Ok(format!(
                "{}: redacted. The children without consent are blurred in a new copy, which is {}; the original is deleted.",
                photo.source_name,
                state.to_string().replace('_', " ")
            ))
        }
        "attest" => {
            // Named before anything is saved: a name read afterwards could
            // fail a change already made.
            let name = w.reg.device_label(device)?;
            match workflow::devices::attest(&mut w, photo, device, note)? {
                PhotoState::Quarantined => Ok(format!(
                    "{}: recorded as taken on {name}, but something else still holds it.",
                    photo.source_name
                )),
                to => Ok(format!(
                    "{}: recorded as taken on {name}; it is now {}.",
                    photo.source_name,
                    if to == PhotoState::Stored { "stored in the vault" } else { "waiting to be tagged" }
                )),
            }
        }
        "send-back" => sent_back(workflow::send_back(&mut w, photo, note), photo, &st.config),
        "delete" => {
            workflow::delete(&mut w, photo, "manager", Change::new(Action::QuarantineDelete, actor).note(note))?;
            Ok(format!("{} deleted. The register keeps its name and dates, not the photo.", photo.source_name))
        }
        other => Err(crate::error::BadInput(format!("unknown action `{other}`")).into()),
    }
}

/// A release's outcome in words; a refusal names what still holds it.
fn released(outcome: Outcome, photo: &crate::register::PhotoRecord) -> crate::error::Result<String> {
    match outcome? {
        Ok(PhotoState::Stored) => Ok(format!("{}: released and stored in the vault.", photo.source_name)),
        Ok(_) => Ok(format!("{}: nobody has tagged it yet, so it is back in the tagging queue.", photo.source_name)),
        Err(still) => Err(stays(photo, "", still.0.iter())),
    }
}

/// The refusal of a photo that stays in the quarantine, naming what
/// (after `what`) still holds it.
fn stays<'a>(
    photo: &crate::register::PhotoRecord,
    what: &str,
    reasons: impl Iterator<Item = &'a crate::policy::Reason>,
) -> crate::error::Error {
    let reasons: Vec<&str> = reasons.map(|r| r.code.describe()).collect();
    crate::error::Refused(format!("{} stays in the quarantine: {what}{}", photo.source_name, reasons.join("; "))).into()
}

/// Where a release or a send-back put a photo, or what still holds it.
type Outcome = crate::error::Result<Result<PhotoState, workflow::StillRefused>>;

/// A send-back's outcome in words; a refusal names what tagging cannot clear.
fn sent_back(
    outcome: Outcome,
    photo: &crate::register::PhotoRecord,
    config: &crate::config::Config,
) -> crate::error::Result<String> {
    match outcome? {
        Ok(_) => Ok(format!(
            "{}: back in the tagging queue, with {} days from today to tag it.",
            photo.source_name, config.retention.awaiting_tags_days
        )),
        Err(still) => Err(stays(
            photo,
            "tagging would not clear ",
            still.0.iter().filter(|r| !workflow::is_tagging_reason(r.code)),
        )),
    }
}

/// Several photos at once, with one note: each is released, sent back for
/// tagging (or deleted)
/// on its own, and the summary says what happened to each.
pub async fn quarantine_bulk(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<Vec<(String, String)>, Manager>,
) -> Result<Response, AppError> {
    let note = field(&form, "note").to_string();
    if note.is_empty() {
        return Err(AppError::BadInput("a note is required".into()));
    }
    let action = field(&form, "action").to_string();
    if !["release", "send-back", "delete"].contains(&action.as_str()) {
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
    if action == "delete" && field(&form, "confirm") != "yes" {
        let (st2, wanted) = (st.clone(), ids.clone());
        let photos = blocking(move || {
            let reg = st2.register()?;
            let mut out = Vec::new();
            for id in &wanted {
                out.extend(reg.photo(id)?);
            }
            Ok(out)
        })
        .await?;
        let refs: Vec<&crate::register::PhotoRecord> = photos.iter().collect();
        let mut hidden: Vec<(&str, &str)> = vec![("action", "delete")];
        hidden.extend(ids.iter().map(|id| ("photo", id.as_str())));
        let page = super::photos::confirm_delete(&user, "/quarantine/bulk", &refs, &note, &hidden, "/quarantine");
        return Ok(page.into_response());
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
            } else if action == "send-back" {
                sent_back(workflow::send_back(&mut w, &photo, &note), &photo, &st2.config)
            } else {
                workflow::delete(&mut w, &photo, "manager", Change::new(Action::QuarantineDelete, &actor).note(&note))
                    .map(|()| format!("{}: deleted", photo.source_name))
            };
            out.push(match line {
                Ok(text) => (true, text),
                // A failure is logged whole; the page says only that it failed, as a single action's does.
                Err(e) => (
                    false,
                    e.for_a_person().unwrap_or_else(|failed| {
                        tracing::error!("bulk {action} of {}: {failed:#}", photo.named());
                        format!("{}: {}", photo.source_name, crate::web::FAILED_STEP)
                    }),
                ),
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
        let identity = &st2.identity()?;
        let mut reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        workflow::ensure_quarantined(&photo)?;
        let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        workflow::redact::preview(&w, &photo, identity, 1280)
    })
    .await?;
    Ok(([(axum::http::header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response())
}
