//! Taking back one's own save: for [`UNDO_MINUTES`] after a practitioner
//! saves a photo (and until anything else happens to it), an "Undo" button
//! puts it back in the tagging queue, where they tag it again. The move is
//! decided through the one gate, like every other.

use super::*;
use crate::web::auth::NoFields;
use crate::workflow::tag::UNDO_MINUTES;

/// The "Undo" button for a photo just saved.
pub(super) fn undo_button(user: &User, photo_id: &str, what: &str) -> Markup {
    html! {
        form.inline method="post" action={ "/tag/" (photo_id) "/undo" } {
            (csrf(user))
            button type="submit" aria-label={ "Undo the save of " (what) } { "Undo" }
        }
    }
}

/// The user's own saves they may still take back, newest first.
pub(super) fn recent_saves(st: &AppState, user: &User) -> crate::error::Result<Vec<PhotoRecord>> {
    let reg = st.register()?;
    let since = crate::workflow::tag::undo_since(crate::clock::now());
    let mut photos = Vec::new();
    for id in reg.saves_since(&user.name, &since)?.into_iter().take(10) {
        if let Some(p) =
            reg.photo(&id)?.filter(|p| p.state != PhotoState::Deleted && p.state != PhotoState::AwaitingTags)
        {
            photos.push(p);
        }
    }
    Ok(photos)
}

/// The list of saves that can still be taken back, on the queue page.
pub(super) fn recent_list(user: &User, ctx: &Context, saves: &[PhotoRecord]) -> Markup {
    html! {
        @if !saves.is_empty() {
            section.card.recent aria-labelledby="recent-h" {
                h2 #recent-h { "Your saves in the last " (UNDO_MINUTES) " minutes" }
                p.muted { "Tagged the wrong child? Undo puts the photo back here to tag again." }
                ul.plain {
                    @for p in saves {
                        @let what = ctx.describe(p);
                        li {
                            (what) " — "
                            @match p.state {
                                PhotoState::Stored => "stored",
                                _ => "held for the manager",
                            }
                            " " (undo_button(user, &p.id, &what))
                        }
                    }
                }
            }
        }
    }
}

pub async fn undo(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user, form: NoFields {} }: Posted<NoFields>,
) -> Result<Response, AppError> {
    let id = photo_id(&id)?;
    let (st2, actor) = (st.clone(), user.name.clone());
    let outcome = blocking(move || {
        let mut reg = st2.register()?;
        let devices: HashMap<String, String> = reg.devices()?.into_iter().map(|d| (d.id.into(), d.label)).collect();
        let photo = reg.photo(&id)?.filter(|p| p.state != PhotoState::Deleted);
        let Some(photo) = photo else { return Ok(Err("That photo is not there any more.".to_string())) };
        let what = describe(&devices, &photo);
        let mut w = crate::workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        match crate::workflow::tag::undo(&mut w, &photo) {
            Ok(_) => Ok(Ok((photo.id, what))),
            Err(e) => e.for_a_person().map(Err),
        }
    })
    .await?;
    match outcome {
        Ok((id, what)) => {
            let line = html! { strong { "Taken back" } ": " (what) " waits to be tagged again. Your choices are ticked as a starting point." };
            st.sessions().set_notice(&user.token, line.into_string());
            Ok(Redirect::to(&format!("/tag/{id}")).into_response())
        }
        Err(msg) => {
            let line = html! { strong.warn { "Not undone" } ": " (msg) };
            st.sessions().set_notice(&user.token, line.into_string());
            Ok(Redirect::to("/tag").into_response())
        }
    }
}
