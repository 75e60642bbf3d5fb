//! The quarantine queue: each held photo, why, and the manager's actions
//! (release, redact, delete).

use super::*;

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
                            @let camera = p.facts().camera;
                            @if p.reasons.iter().any(|r| r.code == crate::policy::ReasonCode::UnregisteredDevice) {
                                p {
                                    @if let Some(c) = &camera {
                                        "Taken by: " strong { (c.make) " " (c.model) } @if let Some(s) = &c.serial { " (serial " (s) ")" } ". "
                                        a href={ "/devices?photo=" (p.id) "#register" } { "Register this camera" }
                                        " if it is the setting's; its held photos are then checked again."
                                    } @else {
                                        "The file carries no camera information, so no device can vouch for it."
                                    }
                                }
                            }
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
                        input type="text" name="note" placeholder="note (required)" aria-label="note (required)" required;
                        @for purpose in &p.purposes {
                            label { input type="checkbox" name="purpose" value=(purpose) checked; " " (purpose.replace('_', " ")) }
                        }
                        button.primary type="submit" { "Release" }
                    }
                    form method="post" action={ "/quarantine/" (p.id) "/redact" } {
                        (csrf(&user))
                        input type="text" name="note" placeholder="note (required)" aria-label="note (required)" required;
                        button type="submit" { "Redact children without consent" }
                    }
                    form method="post" action={ "/quarantine/" (p.id) "/delete" } {
                        (csrf(&user))
                        input type="text" name="note" placeholder="reason (required)" aria-label="reason (required)" required;
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
