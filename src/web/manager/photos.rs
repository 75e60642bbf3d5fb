//! The stored photos: the gallery, and a page per photo (the photo large,
//! who is in it, what it is for, what happened to it, in words) with what
//! a manager can do about it: tag it again, report a concern, delete it
//! (after a confirmation that names it and shows it).

use super::*;
use crate::audit::Action;
use crate::web::auth::Posted;
use axum::extract::Query;

/// Photos shown per gallery page.
pub const PAGE: usize = 48;

#[derive(serde::Deserialize, Default)]
pub struct GalleryQuery {
    child: Option<String>,
    room: Option<String>,
    purpose: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<usize>,
}

pub async fn gallery(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Query(q): Query<GalleryQuery>,
) -> Result<Markup, AppError> {
    let nonempty = |s: &Option<String>| s.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
    let (child, room, purpose) = (nonempty(&q.child), nonempty(&q.room), nonempty(&q.purpose));
    let from = nonempty(&q.from).map(|s| crate::input::parse_date(&s)).transpose().map_err(AppError::from)?;
    let to = nonempty(&q.to).map(|s| crate::input::parse_date(&s)).transpose().map_err(AppError::from)?;
    let st2 = st.clone();
    let filter = crate::register::PhotoFilter {
        child: child.clone(),
        room: room.clone(),
        purpose: purpose.clone(),
        from,
        to,
        order: crate::register::PhotoOrder::NewestTaken,
        ..Default::default()
    };
    let asked = q.page;
    let (photos, total, children) = blocking(move || {
        let reg = st2.register()?;
        let total = reg.count_photos(PhotoState::Stored, &filter)?;
        let pager = Pager::new(total, PAGE, asked);
        let photos = reg.photos_page(PhotoState::Stored, &filter, pager.offset(), PAGE)?;
        Ok((photos, total, reg.children()?))
    })
    .await?;
    let day = crate::register::PhotoRecord::taken_on;
    let pager = Pager::new(total, PAGE, q.page);
    let ui = &st.config.ui;
    let name_of = |id: &str| crate::policy::child_name(&children, id);
    let mut rooms: Vec<&str> = children.iter().filter_map(|c| c.room.as_deref()).collect();
    rooms.sort_unstable();
    rooms.dedup();
    let link = |n: usize| {
        let mut params = vec![format!("page={n}")];
        for (k, v) in [
            ("child", &child),
            ("room", &room),
            ("purpose", &purpose),
            ("from", &nonempty(&q.from)),
            ("to", &nonempty(&q.to)),
        ] {
            if let Some(v) = v {
                params.push(format!("{k}={}", url_encode(v)));
            }
        }
        format!("/gallery?{}", params.join("&"))
    };
    Ok(page(
        &user,
        "/gallery",
        "Stored photos",
        html! {
            form.filters method="get" action="/gallery" {
                label { "Child " select name="child" { option value="" { "anyone" }
                    @for c in &children { option value=(c.id) selected[child.as_deref() == Some(c.id.as_str())] { (c.name) } } } }
                label { "Room " select name="room" { option value="" { "any" }
                    @for r in &rooms { option value=(r) selected[room.as_deref() == Some(*r)] { (r) } } } }
                label { "Purpose " select name="purpose" { option value="" { "any" }
                    @for p in &st.config.purposes.known { option value=(p) selected[purpose.as_deref() == Some(p.as_str())] { (p.replace('_', " ")) } } } }
                label { "From " input type="date" name="from" value=[nonempty(&q.from)]; }
                label { "To " input type="date" name="to" value=[nonempty(&q.to)]; }
                button type="submit" { "Show" }
            }
            p.muted { (total) " stored photo(s)" @if pager.pages > 1 { " · page " (pager.page) " of " (pager.pages) } }
            div.gallery {
                @for p in &photos {
                    @let who = p.tags.iter().filter_map(|t| t.child_id.as_deref()).map(name_of).collect::<Vec<_>>().join(", ");
                    figure {
                        a.open href={ "/photos/" (p.id) } aria-label=(if who.is_empty() { format!("Open {}", p.source_name) } else { format!("Open the photo of {who}") }) {
                        @if p.stored.media.thumbnail {
                            img src={ "/photo/" (p.id) "/thumb" } alt="" loading="lazy";
                        } @else { div.noimg { (p.format) } }
                        }
                        figcaption {
                            (p.tags.iter().filter_map(|t| t.child_id.as_deref()).map(name_of).collect::<Vec<_>>().join(", "))
                            br;
                            span.muted { (ui.date(day(p))) " · " (p.purposes.iter().map(|x| x.replace('_', " ")).collect::<Vec<_>>().join(", ")) }
                        }
                    }
                }
            }
            (pager.nav(link, "← Newer", "Older →"))
        },
    ))
}

/// One photo, large, with who is in it, what it is for, what happened to
/// it, and what can be done about it.
pub async fn photo(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Path(id): Path<String>,
) -> Result<Markup, AppError> {
    let id = photo_id(&id)?;
    let st2 = st.clone();
    let (photo, snapshot, history, devices) = blocking(move || {
        let reg = st2.register()?;
        let photo = reg.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()))?;
        let history = reg.audit_list(&crate::audit::Filter { photo: Some(id), child: None })?;
        Ok((photo, reg.snapshot()?, history, reg.devices()?))
    })
    .await?;
    let ui = &st.config.ui;
    let name_of = |c: &str| snapshot.child_name(c);
    let children = photo.child_ids();
    let device = photo.device.as_deref().map(|d| devices.iter().find(|x| x.id == d).map_or(d, |x| x.label.as_str()));
    let here = format!("/photos/{}", photo.id);
    let alive = photo.state != PhotoState::Deleted;
    Ok(page(
        &user,
        "/gallery",
        &photo.source_name,
        html! {
            div.photopage {
                div {
                    @if alive && photo.stored.media.thumbnail {
                        img.large src={ "/photo/" (photo.id) "/view" } alt={ "The photo " (photo.source_name) };
                    } @else if alive {
                        p.muted { "No preview for this " (photo.format) " file." }
                    } @else {
                        p.muted { "This photo was deleted: the register keeps its name and dates, not the photo." }
                    }
                }
                div {
                    dl.facts {
                        dt { "Now" } dd { (photo.state.in_words()) }
                        dt { "Children" } dd {
                            @if children.is_empty() { @if photo.nobody { "no children" } @else { "nobody has said yet" } }
                            @for (i, c) in children.iter().enumerate() {
                                @if i > 0 { ", " }
                                a href={ "/children/" (c) } { (name_of(c)) }
                                @if photo.face_of(c).is_none() && photo.faces.is_some() { span.muted { " (face not marked)" } }
                            }
                        }
                        dt { "For" } dd { (photo.purposes.iter().map(|x| x.replace('_', " ")).collect::<Vec<_>>().join(", ")) }
                        dt { "Taken" } dd { (photo.captured_at.as_deref().map(|t| ui.when(t)).unwrap_or_else(|| "the camera did not say".into())) }
                        dt { "Camera" } dd { (device.unwrap_or("an unregistered device")) }
                        dt { "Arrived" } dd { (ui.at(photo.received_at)) }
                    }
                    @if photo.state == PhotoState::Quarantined {
                        p { a.button href={ "/quarantine#q-" (short(&photo.id)) } { "See why it is held" } }
                    }
                    @if alive {
                        div.actions {
                            p { a.button href={ "/tag/" (photo.id) "?back=" (url_encode(&here)) } { "Tag again" } }
                            p.muted { "Tag again when a child is missing or wrongly tagged: the photo is checked again against the register at once." }
                            form method="post" action={ "/report/" (photo.id) } {
                                (csrf(&user))
                                label { "Concern " input type="text" name="reason" required; }
                                button type="submit" { "Report a concern" }
                            }
                            form method="post" action={ "/photos/" (photo.id) "/delete" } {
                                (csrf(&user))
                                label { "Why delete it " input type="text" name="note" required; }
                                button.danger type="submit" { "Delete…" }
                            }
                        }
                    }
                }
            }
            h2 { "What happened to it" }
            ul.history {
                @for e in history.iter().rev() {
                    @let words = crate::audit::describe(&e.action);
                    li {
                        (ui.when(&e.at)) " · " (e.actor) ": " @if words.is_empty() { (e.action) } @else { (words) }
                        @if let Some(n) = e.detail.get("note").and_then(|n| n.as_str()) { " — " q { (n) } }
                    }
                }
            }
        },
    ))
}

/// "Delete…" on a photo's page: a confirmation that shows the photo and
/// names it first; only the confirmation's button deletes.
pub async fn delete(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form }: Posted<crate::web::form::Confirmed, Manager>,
) -> Result<Response, AppError> {
    let id = photo_id(&id)?;
    let note = form.note.to_string();
    if note.is_empty() {
        return Err(AppError::BadInput("say why it is deleted (a note)".into()));
    }
    let (st2, actor) = (st.clone(), user.name.clone());
    let photo = {
        let id = id.clone();
        blocking(move || {
            st2.register()?.photo(&id)?.ok_or_else(|| crate::error::BadInput("no such photo".into()).into())
        })
        .await?
    };
    if photo.state == PhotoState::Deleted {
        return Err(AppError::BadInput(format!("{} was deleted already", photo.source_name)));
    }
    if !form.yes() {
        let action = format!("/photos/{id}/delete");
        return Ok(confirm_delete(&user, &action, &[&photo], &note, &[], &format!("/photos/{id}")).into_response());
    }
    let st2 = st.clone();
    let name = blocking(move || {
        let mut reg = st2.register()?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        workflow::delete(&mut w, &photo, "manager", Change::new(Action::PhotoDelete, &actor).note(&note))?;
        Ok(photo.source_name)
    })
    .await?;
    Ok(done(
        &user,
        "/gallery",
        "Stored photos",
        format!("{name} deleted. The register keeps its name and dates, not the photo."),
        &[],
    ))
}

/// The confirmation before photos are deleted: each shown and named, the
/// note kept, one button that deletes and one way back.
pub(super) fn confirm_delete(
    user: &crate::web::auth::User,
    action: &str,
    photos: &[&crate::register::PhotoRecord],
    note: &str,
    hidden: &[(&str, &str)],
    back: &str,
) -> Markup {
    let title = if photos.len() == 1 {
        "Delete this photo?".to_string()
    } else {
        format!("Delete these {} photos?", photos.len())
    };
    page(
        user,
        "/gallery",
        &title,
        html! {
            p { "Deleted for good: the encrypted file goes, and the register keeps only its name and dates. Why: " q { (note) } }
            ul.grid.confirm {
                @for p in photos {
                    li.card {
                        @if p.stored.media.thumbnail { img.thumb src={ "/photo/" (p.id) "/thumb" } alt=""; }
                        p { (p.source_name) " · " (p.state.in_words()) }
                    }
                }
            }
            form method="post" action=(action) {
                (csrf(user))
                input type="hidden" name="note" value=(note);
                input type="hidden" name="confirm" value="yes";
                @for (k, v) in hidden { input type="hidden" name=(k) value=(v); }
                button.danger type="submit" { (if photos.len() == 1 { "Delete it for good".to_string() } else { format!("Delete the {} photos for good", photos.len()) }) }
                " "
                a.button href=(back) { "Keep them" }
            }
        },
    )
}
