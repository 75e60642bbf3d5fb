//! Logout, reporting a concern, the photo's pictures (thumbnail, screen
//! size), and what the practitioner's pages share. Tagging: [`super::tagging`].

use super::auth::{set_cookie, User, SESSION_COOKIE};
use super::pages::page;
use super::{blocking, AppError, AppState};
use crate::model::PhotoState;
use crate::policy::ReasonCode;
use crate::register::PhotoRecord;
use crate::web::auth::{NoFields, Posted};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use std::sync::Arc;

pub async fn home(user: User) -> Redirect {
    Redirect::to(if user.is_manager() { "/quarantine" } else { "/tag" })
}

pub async fn logout(
    State(st): State<Arc<AppState>>,
    Posted { user, form: _ }: Posted<NoFields>,
) -> Result<Response, AppError> {
    st.sessions().end(&user.token);
    let c = set_cookie(SESSION_COOKIE, "", st.secure_cookies, Some(0));
    Ok(([(header::SET_COOKIE, c)], Redirect::to("/login")).into_response())
}

/// A photo id in a URL: exactly 64 hex characters.
pub fn photo_id(id: &str) -> Result<String, AppError> {
    if id.len() == 64 && id.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(id.to_ascii_lowercase())
    } else {
        Err(AppError::BadInput("not a photo id".into()))
    }
}

/// A child id from a path, checked before it reaches the register.
pub fn child_id(id: &str) -> Result<String, AppError> {
    crate::input::check_id("child", id).map_err(AppError::from)?;
    Ok(id.to_string())
}

/// May this user see this photo? Practitioners see only photos waiting for
/// tags; managers see everything not deleted.
pub fn may_see(user: &User, photo: &PhotoRecord) -> bool {
    match photo.state {
        PhotoState::Deleted => false,
        PhotoState::AwaitingTags => true,
        _ => user.is_manager(),
    }
}

pub(super) async fn load_visible(st: &Arc<AppState>, user: &User, id: &str) -> Result<PhotoRecord, AppError> {
    let id = photo_id(id)?;
    let st2 = st.clone();
    let photo = blocking(move || Ok(st2.register()?.photo(&id)?)).await?;
    match photo {
        Some(p) if may_see(user, &p) => Ok(p),
        _ => Err(AppError::BadInput("no such photo waiting for you".into())),
    }
}

/// A reason in plain words, with the child's name (for practitioners, who
/// know the children by name) and the purpose.
pub fn plain_named(r: &crate::policy::Reason, names: &std::collections::HashMap<String, String>) -> String {
    plain_with(r, |c| names.get(c).cloned().unwrap_or_else(|| c.to_string()))
}

fn plain_with(r: &crate::policy::Reason, name: impl Fn(&str) -> String) -> String {
    let mut s = r.code.describe().to_string();
    if let Some(c) = &r.child {
        s.push_str(&format!(" ({}", name(c)));
        if let Some(p) = &r.purpose {
            s.push_str(&format!(", {}", p.replace('_', " ")));
        }
        s.push(')');
    } else if let Some(p) = &r.purpose {
        s.push_str(&format!(" ({})", p.replace('_', " ")));
    }
    if r.code == ReasonCode::UnknownChild {
        if let Some(d) = &r.detail {
            s.push_str(&format!(": {d}"));
        }
    }
    s
}

#[derive(Deserialize)]
pub struct ReportForm {
    reason: String,
}

pub async fn report(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user, form: f }: Posted<ReportForm>,
) -> Result<Response, AppError> {
    if f.reason.trim().is_empty() {
        return Err(AppError::BadInput("say what the concern is".into()));
    }
    let photo = load_visible(&st, &user, &id).await?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let (incident, _) = blocking(move || {
        let mut reg = st2.register()?;
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        crate::workflow::report(&mut w, &photo, f.reason.trim())
    })
    .await?;
    Ok(page(
        &user,
        "/tag",
        "Concern reported",
        html! {
            div.flash.held { "Incident " (incident) " is open; the photo is held back for the manager." }
            p { a href="/tag" { "Back to the photos to tag" } }
        },
    )
    .into_response())
}

/// The face boxes of a photo, decrypted in memory (none when the check did
/// not run or the service has no identity).
pub(super) fn face_boxes(st: &AppState, photo: &PhotoRecord) -> crate::error::Result<Vec<crate::faces::Face>> {
    let layout = crate::vault::Layout::new(&st.config);
    Ok(crate::workflow::tag::face_boxes(&layout, photo, st.identity_opt().as_ref())?.unwrap_or_default())
}

const STILLS: &[&str] = &["jpeg", "png", "tiff", "webp", "heic", "heif", "avif"];

/// The photo at the size of a screen, for the tagging page: decrypted and
/// scaled in memory, never cached, never written anywhere in plaintext (a
/// large progressive JPEG's coefficients go to a sealed scratch file while
/// it decodes). The thumbnail
/// when the file cannot be decoded here (a video's preview frame).
pub async fn view(State(st): State<Arc<AppState>>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let st2 = st.clone();
    let bytes = blocking(move || {
        let Some(identity) = &st2.identity_opt() else { return Ok(None) };
        let layout = crate::vault::Layout::new(&st2.config);
        if let Some(blob) = layout.blob_path(&photo.id, photo.state).filter(|b| b.exists()) {
            // Stills only: a video is never read whole into memory here.
            if STILLS.contains(&photo.format.as_str()) {
                let original = crate::vault::open(&blob, identity)?;
                let limits = crate::media::Limits::from(&st2.config.limits);
                if let Ok(jpeg) = crate::media::screen_view(&original, photo.stored.media.orientation, &limits) {
                    return Ok(Some(jpeg));
                }
            }
        }
        open_thumb(&layout, &photo.id, identity)
    })
    .await?;
    Ok(jpeg_or_404(bytes))
}

/// A photo's thumbnail, decrypted in memory; `None` when it has none.
fn open_thumb(
    layout: &crate::vault::Layout,
    id: &str,
    identity: &age::x25519::Identity,
) -> crate::error::Result<Option<Vec<u8>>> {
    let path = layout.thumb_path(id);
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(crate::vault::open(&path, identity)?))
}

fn jpeg_or_404(bytes: Option<Vec<u8>>) -> Response {
    match bytes {
        Some(b) => ([(header::CONTENT_TYPE, "image/jpeg")], b).into_response(),
        None => (StatusCode::NOT_FOUND, "no preview").into_response(),
    }
}

/// The thumbnail, decrypted in memory, never cached.
pub async fn thumb(State(st): State<Arc<AppState>>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let st2 = st.clone();
    let bytes = blocking(move || {
        let Some(identity) = &st2.identity_opt() else { return Ok(None) };
        open_thumb(&crate::vault::Layout::new(&st2.config), &photo.id, identity)
    })
    .await?;
    Ok(jpeg_or_404(bytes))
}
