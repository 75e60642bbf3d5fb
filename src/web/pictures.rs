//! Children's pictures on their tagging buttons: served to logged-in staff
//! only (decrypted in memory, never cached), chosen and removed by the
//! manager on the child's page. The rule and the work are in
//! [`crate::workflow::picture`].

use super::auth::{Manager, User};
use super::pages::csrf;
use super::practitioner::child_id;
use super::{blocking, AppError, AppState};
use crate::model::short;
use crate::model::{Child, PhotoState};
use crate::policy::picture::PictureProblem;
use crate::register::{ChildPicture, PhotoRecord};
use crate::web::auth::{NoFields, Posted};
use crate::workflow::picture::{self, Cut};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use std::sync::Arc;

/// The stored photos offered on the child's page to cut a picture from.
pub const CHOICES: usize = 24;

/// The ready-made squares a manager can pick (`x,y,w,h` made square).
const PRESETS: &[(&str, &str, [f64; 4])] = &[
    ("middle", "The middle", [0.25, 0.25, 0.5, 0.5]),
    ("top", "The top middle", [0.25, 0.0, 0.5, 0.5]),
    ("bottom", "The bottom middle", [0.25, 0.5, 0.5, 0.5]),
    ("left", "The left", [0.0, 0.25, 0.5, 0.5]),
    ("right", "The right", [0.5, 0.25, 0.5, 0.5]),
    ("whole", "As much of the photo as fits a square", [0.0, 0.0, 1.0, 1.0]),
];

/// `GET /children/{id}/picture`: the child's picture for staff (either
/// role), decrypted in memory; 404 when they have none.
pub async fn serve(State(st): State<Arc<AppState>>, user: User, Path(id): Path<String>) -> Result<Response, AppError> {
    let id = child_id(&id)?;
    let st2 = st.clone();
    let bytes = blocking(move || {
        let Some(identity) = &st2.identity_opt() else { return Ok(None) };
        let mut reg = st2.register()?;
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &user.name);
        picture::open(&mut w, &id, identity)
    })
    .await?;
    Ok(match bytes {
        Some(b) => ([(header::CONTENT_TYPE, "image/jpeg")], b).into_response(),
        None => (StatusCode::NOT_FOUND, "no picture").into_response(),
    })
}

/// The picture form: the photo, and where to cut.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct PictureForm {
    photo: crate::web::form::Text,
    cut: crate::web::form::Text,
    region: crate::web::form::Text,
}

/// `POST /children/{id}/picture`: the manager cuts the child's picture from
/// a stored photo (`photo`), around the tagged face or a preset (`cut`),
/// or exactly (`region`, x,y,w,h).
pub async fn set(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form }: Posted<PictureForm, Manager>,
) -> Result<Response, AppError> {
    let id = child_id(&id)?;
    let photo = form.photo.to_string();
    if photo.is_empty() {
        return Err(AppError::BadInput("choose the photo to cut the picture from".into()));
    }
    let photo = super::practitioner::photo_id(&photo)?;
    let cut = match (form.region.as_str(), form.cut.as_str()) {
        ("", "face" | "") => Cut::Face,
        ("", preset) => match PRESETS.iter().find(|(k, _, _)| *k == preset) {
            Some((_, _, r)) => Cut::Region(*r),
            None => return Err(AppError::BadInput(format!("`{preset}` is not a place to cut"))),
        },
        (typed, _) => Cut::Region(crate::input::parse_region(typed).map_err(AppError::from)?),
    };
    let st2 = st.clone();
    let actor = user.name.clone();
    let back = format!("/children/{id}#picture");
    blocking(move || {
        let Some(identity) = &st2.identity_opt() else {
            return Err(crate::error::BadInput("the service cannot read the vault here (no identity)".into()).into());
        };
        let mut reg = st2.register()?;
        let child = reg.find_child(&id)?;
        let Some(photo) = reg.photo(&photo)? else {
            return Err(picture::refused(&child.id, &photo, &[PictureProblem::PhotoNotStored]));
        };
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        picture::set(&mut w, &child, &photo, cut, identity)
    })
    .await?;
    Ok(Redirect::to(&back).into_response())
}

/// `POST /children/{id}/picture/remove`: the manager takes the picture off.
pub async fn remove(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form: _ }: Posted<NoFields, Manager>,
) -> Result<Response, AppError> {
    let id = child_id(&id)?;
    let st2 = st.clone();
    let actor = user.name.clone();
    let back = format!("/children/{id}#picture");
    blocking(move || {
        let mut reg = st2.register()?;
        let child = reg.find_child(&id)?;
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        picture::remove(&mut w, &child.id, "removed by the manager on the child's page")
    })
    .await?;
    Ok(Redirect::to(&back).into_response())
}

/// The card on the child's page: the picture they have, and the form to
/// choose one from the stored photos they are tagged in (or why not).
pub fn card(
    user: &User,
    child: &Child,
    current: Option<&ChildPicture>,
    photos: &[PhotoRecord],
    blockers: &[PictureProblem],
    ui: &crate::config::Ui,
) -> Markup {
    let stored: Vec<&PhotoRecord> = photos
        .iter()
        .filter(|p| p.state == PhotoState::Stored && p.stored.media.thumbnail)
        .filter(|p| p.tags.iter().any(|t| t.child_id.as_deref() == Some(&child.id)))
        .take(CHOICES)
        .collect();
    let day = |p: &PhotoRecord| ui.date(p.taken_on());
    html! {
        div.card.wide #picture {
            h2 { "Picture on the tagging button" }
            @if let Some(p) = current {
                div.picturenow {
                    img.avatar.large src={ "/children/" (child.id) "/picture" } alt={ "The picture staff see for " (child.name) };
                    @let from = photos.iter().find(|x| x.id == p.photo).map_or_else(|| format!("photo {}", short(&p.photo)), |x| x.source_name.clone());
                    p.muted { "Cut from " (from) ", chosen by " (p.chosen_by) "." }
                }
                form.inline method="post" action={ "/children/" (child.id) "/picture/remove" } {
                    (csrf(user))
                    button type="submit" { "Remove the picture" }
                }
            } @else {
                p { "None: " (child.name) "'s button shows the name only." }
            }
            @if !blockers.is_empty() {
                p { "No picture can be chosen now: " (crate::policy::picture::describe(blockers)) "." }
            } @else if stored.is_empty() {
                p.muted { "No stored photo with " (child.name) " tagged in it yet: a picture is cut from one." }
            } @else {
                form method="post" action={ "/children/" (child.id) "/picture" } {
                    (csrf(user))
                    fieldset {
                        legend { "Choose a stored photo " (child.name) " is tagged in" }
                        div.pickgrid {
                            @for (i, p) in stored.iter().enumerate() {
                                label.pickphoto {
                                    input type="radio" name="photo" value=(p.id) required checked[i == 0 && current.is_none()];
                                    img src={ "/photo/" (p.id) "/thumb" } alt="" loading="lazy";
                                    span { "Photo of " (day(p)) }
                                }
                            }
                        }
                    }
                    div.cutrow {
                        label { "Where to cut "
                            select name="cut" {
                                option value="face" { "Around the tagged face" }
                                @for (k, text, _) in PRESETS { option value=(k) { (text) } }
                            }
                        }
                        label { "Or exactly, as x,y,w,h fractions (optional) "
                            input type="text" name="region" placeholder="0.4,0.2,0.2,0.2" autocomplete="off";
                        }
                    }
                    p.muted { "Staff see the picture beside the name when tagging. It is kept encrypted, and removed when " (child.name) " leaves, when consent for the learning journey ends, or when the photo leaves the vault." }
                    button.primary type="submit" { "Use this picture" }
                }
            }
        }
    }
}
