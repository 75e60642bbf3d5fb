//! Logout, the "to tag" queue, tagging, reporting a concern, thumbnails.

use super::auth::{set_cookie, User, SESSION_COOKIE};
use super::pages::{csrf, page, short};
use super::{blocking, AppError, AppState};
use crate::model::PhotoState;
use crate::policy::ReasonCode;
use crate::register::PhotoRecord;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;
use std::sync::Arc;

pub async fn home(user: User) -> Redirect {
    Redirect::to(if user.is_manager() { "/quarantine" } else { "/tag" })
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn logout(
    State(st): State<Arc<AppState>>,
    user: User,
    Form(f): Form<CsrfForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&f.csrf)?;
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

/// May this user see this photo? Practitioners see only photos waiting for
/// tags; managers see everything not deleted.
pub fn may_see(user: &User, photo: &PhotoRecord) -> bool {
    match photo.state {
        PhotoState::Deleted => false,
        PhotoState::AwaitingTags => true,
        _ => user.is_manager(),
    }
}

async fn load_visible(st: &Arc<AppState>, user: &User, id: &str) -> Result<PhotoRecord, AppError> {
    let id = photo_id(id)?;
    let st2 = st.clone();
    let photo = blocking(move || Ok(st2.register()?.photo(&id)?)).await?;
    match photo {
        Some(p) if may_see(user, &p) => Ok(p),
        _ => Err(AppError::BadInput("no such photo waiting for you".into())),
    }
}

fn preview(p: &PhotoRecord) -> Markup {
    html! {
        @if p.stored.media.thumbnail {
            img.thumb src={ "/photo/" (p.id) "/thumb" } alt="photo to tag";
        } @else {
            p.muted { "No preview for this " (p.format) " file." }
        }
    }
}

pub async fn queue(State(st): State<Arc<AppState>>, user: User) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let photos = blocking(move || Ok(st2.register()?.photos(Some(PhotoState::AwaitingTags))?)).await?;
    Ok(page(
        &user,
        "/tag",
        "Photos to tag",
        html! {
            @if photos.is_empty() { p { "Nothing to tag: every photo has its children." } }
            div.grid {
                @for p in &photos {
                    div.card {
                        (preview(p))
                        p.muted { "Arrived " (p.received_at.get(..10).unwrap_or("")) @if let Some(d) = &p.device { " · " (d) } }
                        a.button href={ "/tag/" (p.id) } { "Tag this photo" }
                    }
                }
            }
        },
    ))
}

pub async fn tag_page(State(st): State<Arc<AppState>>, user: User, Path(id): Path<String>) -> Result<Markup, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let st2 = st.clone();
    let today = st.today();
    let pid = photo.id.clone();
    let (children, faces) = blocking(move || {
        let all = st2.register()?.children()?;
        let faces = face_boxes(&st2, &pid)?;
        Ok((all.into_iter().filter(|c| c.left.is_none_or(|l| l >= today)).collect::<Vec<_>>(), faces))
    })
    .await?;
    let mut rooms: Vec<String> = children.iter().map(|c| c.room.clone().unwrap_or_else(|| "No room".into())).collect();
    rooms.sort();
    rooms.dedup();
    // Forbidden purposes are not offered; group consent is applied by the
    // group rule, not chosen.
    // The photo's own purposes are ticked (the config's defaults for a photo
    // that has none): saving without a change keeps them.
    let ticked = if photo.purposes.is_empty() { st.config.purposes.default.clone() } else { photo.purposes.clone() };
    let allowed: Vec<&String> = st
        .config
        .purposes
        .known
        .iter()
        .filter(|p| !st.config.purposes.forbidden.contains(p) && p.as_str() != crate::policy::GROUP_IN_OTHERS_JOURNEY)
        .collect();
    Ok(page(
        &user,
        "/tag",
        "Who is in this photo?",
        html! {
            div.card {
                div.stage { (preview(&photo)) }
                p.muted { "Photo " (short(&photo.id)) " · arrived " (photo.received_at.get(..10).unwrap_or("")) }
            }
            form.card method="post" action={ "/tag/" (photo.id) } {
                (csrf(&user))
                @for room in &rooms {
                    h2 { (room) }
                    div.children {
                        @for c in children.iter().filter(|c| c.room.clone().unwrap_or_else(|| "No room".into()) == *room) {
                            label.child {
                                input type="checkbox" name="child" value=(c.id);
                                span { (c.name) }
                            }
                        }
                    }
                }
                p { label { input type="checkbox" name="nobody" value="yes"; " No children in this photo (artwork, the room)" } }
                h2 { "What is it for?" }
                p {
                    @for p in &allowed {
                        label { input type="checkbox" name="purpose" value=(p) checked[ticked.contains(p)]; " " (p.replace('_', " ")) } " "
                    }
                }
                @if !faces.is_empty() {
                h2 { "Faces found" }
                p.muted { "Numbered on the photo. Say whose face each is, or that it is not a child's (a poster, a doll, a grown-up)." }
                @for (i, f) in faces.iter().enumerate() {
                    @let n = i + 1;
                    input.facebox type="hidden" data-n=(n) data-rect=(format!("{:.4},{:.4},{:.4},{:.4}", f.rect[0], f.rect[1], f.rect[2], f.rect[3]));
                    p {
                        "Face " (n) ": "
                        select name={ "face_" (n) } {
                            option value="" { "— choose the child —" }
                            @for c in &children { option value=(c.id) { (c.name) } }
                        }
                        " "
                        label { input type="checkbox" name={ "not_face_" (n) } value="yes" checked[photo.stored.media.not_faces.contains(&n)]; " not a child's face" }
                    }
                }
            }
            details {
                    summary { "Mark where each child is (for blurring if a consent is missing)" }
                    p.muted { "Choose a child, then drag a box on the photo; or type x,y,w,h as fractions." }
                    div.regions {
                        @for c in &children {
                            label {
                                input type="radio" name="draw_for" value=(c.id);
                                " " (c.name) " "
                                input.region type="text" name={ "region_" (c.id) } data-child=(c.name) placeholder="x,y,w,h" size="24";
                            }
                        }
                    }
                }
                p { button.primary type="submit" { "Save tags" } }
            }
            form.card method="post" action={ "/report/" (photo.id) } {
                (csrf(&user))
                h2 { "Report a concern" }
                p { input type="text" name="reason" placeholder="What is wrong with this photo?" size="50" required; }
                button.danger type="submit" { "Report" }
            }
        },
    ))
}

fn parse_region(s: &str) -> Result<Option<[f64; 4]>, AppError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| AppError::BadInput(format!("region `{s}`: four numbers x,y,w,h")))?;
    let ok = v.len() == 4
        && v.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x))
        && v[2] > 0.0
        && v[3] > 0.0
        && v[0] + v[2] <= 1.0001
        && v[1] + v[3] <= 1.0001;
    if !ok {
        return Err(AppError::BadInput(format!("region `{s}`: x,y,w,h must be fractions of the photo")));
    }
    Ok(Some([v[0], v[1], v[2], v[3]]))
}

/// The outcome of a decision, in plain words.
pub fn outcome(state: PhotoState, reasons: &[crate::policy::Reason]) -> Markup {
    html! {
        @match state {
            PhotoState::Stored => div.flash { strong { "Stored in the vault." } " Thank you." },
            PhotoState::AwaitingTags => div.flash.held {
                strong { "Still waiting for tags." }
                ul.reasons { @for r in reasons { li { (r.code.describe()) } } }
            },
            _ => div.flash.held {
                strong { "Held back for the manager." }
                ul.reasons { @for r in reasons { li { (plain(r)) } } }
            },
        }
        p { a href="/tag" { "Back to the photos to tag" } }
    }
}

/// A reason in plain words, with the child's id and the purpose.
pub fn plain(r: &crate::policy::Reason) -> String {
    let mut s = r.code.describe().to_string();
    if let Some(c) = &r.child {
        s.push_str(&format!(" ({c}"));
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

pub async fn tag(
    State(st): State<Arc<AppState>>,
    user: User,
    Path(id): Path<String>,
    Form(form): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let token = form.iter().find(|(k, _)| k == "csrf").map(|(_, v)| v.as_str()).unwrap_or("");
    user.check_csrf(token)?;
    let photo = load_visible(&st, &user, &id).await?;
    let children: Vec<String> = form.iter().filter(|(k, _)| k == "child").map(|(_, v)| v.clone()).collect();
    let nobody = form.iter().any(|(k, v)| k == "nobody" && v == "yes");
    let purposes: Vec<String> = form.iter().filter(|(k, _)| k == "purpose").map(|(_, v)| v.clone()).collect();
    // Unknown purposes and "children and no children" are refused by
    // workflow::tag, for every front-end; an empty form is the web's own.
    if !nobody && children.is_empty() {
        return Err(AppError::BadInput("choose the children in the photo, or \"no children\"".into()));
    }
    let mut faces: Vec<(usize, String)> = Vec::new();
    let mut not_faces: Vec<usize> = Vec::new();
    for (k, v) in &form {
        if let Some(n) = k.strip_prefix("face_").and_then(|n| n.parse::<usize>().ok()) {
            if !v.is_empty() {
                faces.push((n, v.clone()));
            }
        } else if let Some(n) = k.strip_prefix("not_face_").and_then(|n| n.parse::<usize>().ok()) {
            if v == "yes" {
                not_faces.push(n);
            }
        }
    }
    let mut regions = Vec::new();
    for c in &children {
        if let Some((_, v)) = form.iter().find(|(k, _)| *k == format!("region_{c}")) {
            if let Some(r) = parse_region(v)? {
                regions.push((c.clone(), r));
            }
        }
    }
    let req = crate::workflow::tag::TagRequest {
        children,
        nobody,
        purposes,
        faces,
        regions,
        note: (!not_faces.is_empty()).then(|| "confirmed on the tagging screen".to_string()),
        not_faces,
    };
    let st2 = st.clone();
    let actor = user.name.clone();
    let (state, reasons) = blocking(move || {
        let mut reg = st2.register()?;
        let boxes = face_boxes(&st2, &photo.id)?;
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        let (state, decision) = crate::workflow::tag::tag(&mut w, &photo, &req, &boxes)?;
        Ok((state, decision.reasons))
    })
    .await?;
    Ok(page(&user, "/tag", "Tagged", outcome(state, &reasons)).into_response())
}

#[derive(Deserialize)]
pub struct ReportForm {
    csrf: String,
    reason: String,
}

pub async fn report(
    State(st): State<Arc<AppState>>,
    user: User,
    Path(id): Path<String>,
    Form(f): Form<ReportForm>,
) -> Result<Response, AppError> {
    user.check_csrf(&f.csrf)?;
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
fn face_boxes(st: &AppState, id: &str) -> anyhow::Result<Vec<crate::faces::Face>> {
    let Some(identity) = st.identity.as_ref() else { return Ok(Vec::new()) };
    Ok(crate::workflow::tag::face_boxes(&crate::vault::Layout::new(&st.config), id, identity)?.unwrap_or_default())
}

/// The thumbnail, decrypted in memory, never cached.
pub async fn thumb(State(st): State<Arc<AppState>>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let photo = load_visible(&st, &user, &id).await?;
    let st2 = st.clone();
    let bytes = blocking(move || {
        let Some(identity) = st2.identity.as_ref() else { return Ok(None) };
        let path = crate::vault::Layout::new(&st2.config).thumb_path(&photo.id);
        if !path.exists() {
            return Ok(None);
        }
        Ok(Some(crate::vault::open(&path, identity)?))
    })
    .await?;
    match bytes {
        Some(b) => Ok(([(header::CONTENT_TYPE, "image/jpeg")], b).into_response()),
        None => Ok((StatusCode::NOT_FOUND, "no preview").into_response()),
    }
}
