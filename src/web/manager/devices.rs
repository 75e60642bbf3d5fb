//! The setting's devices: list, register (also from a held photo's camera,
//! "register this camera"), retire one the setting stopped using (the
//! default: its photos stay), remove one registered by mistake after
//! seeing which photos it holds and when they would be deleted.

use super::*;
use crate::web::auth::Posted;
use crate::web::form::Text;
use axum::extract::Query;

#[derive(serde::Deserialize, Default)]
pub struct FromPhoto {
    /// A photo whose camera fills in the form.
    photo: Option<String>,
}

pub async fn devices(
    State(st): State<Arc<AppState>>,
    Manager(user): Manager,
    Query(q): Query<FromPhoto>,
) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let photo = q.photo.map(|p| photo_id(&p)).transpose()?;
    let (devices, camera) = blocking(move || {
        let reg = st2.register()?;
        let camera = match photo {
            Some(id) => reg.photo(&id)?.and_then(|p| p.facts().camera),
            None => None,
        };
        Ok((reg.devices()?, camera))
    })
    .await?;
    let (make, model, serial) = camera.map(|c| (c.make, c.model, c.serial.unwrap_or_default())).unwrap_or_default();
    Ok(page(
        &user,
        "/devices",
        "Devices",
        html! {
            // A card per device: its name, what it is, and what can be done
            // with it, readable on a phone as on a desk.
            div.cards.devices {
                @for d in &devices {
                    div.card.device id={ "device-" (d.id) } {
                        h2 { (d.label) @if d.label != d.id.as_str() { " " span.muted { "(" (d.id) ")" } } }
                        dl.facts {
                            dt { "Camera" } dd { (d.make) " " (d.model) }
                            dt { "Serial" } dd { (d.serial.as_deref().unwrap_or("not recorded")) }
                            dt { "Inbox folder" } dd { (d.folder.as_deref().unwrap_or("none")) }
                            dt { "In use" } dd { @match d.retired_on { Some(on) => { "retired " (st.config.ui.date(on)) }, None => "yes" } }
                        }
                        @if d.retired_on.is_none() {
                            form method="post" action={ "/devices/" (d.id) "/retire" } {
                                (csrf(&user))
                                label { "Note " input type="text" name="note" placeholder="e.g. screen broken"; }
                                " "
                                button.primary type="submit" { "Retire (broken, lost or replaced)" }
                            }
                        }
                        form method="post" action={ "/devices/" (d.id) "/remove" } { (csrf(&user)) button.danger type="submit" { "Remove (registered by mistake)…" } }
                    }
                }
            }
            div.card id="register" {
                h2 { "Register a setting device" }
                @if !make.is_empty() {
                    p.ok { "Make, model and serial are filled in from the held photo's camera. Give it an id and a name staff know it by." }
                }
                form.inline method="post" action="/devices" {
                    (csrf(&user))
                    label { "Id " input type="text" name="id" placeholder="e.g. ipad2" required; }
                    label { "Name " input type="text" name="label" placeholder="e.g. Rainbow room iPad" required; }
                    label { "Make " input type="text" name="make" value=(make) required; }
                    label { "Model " input type="text" name="model" value=(model) required; }
                    label { "Serial " input type="text" name="serial" value=(serial) placeholder="optional"; }
                    label { "Inbox folder " input type="text" name="folder" placeholder="optional"; }
                    button.primary type="submit" { "Register" }
                }
                p.muted { "Retiring a device keeps every photo it took until today; anything it takes from then on is held as not the setting's. Removing one is for a device that was never the setting's: every photo it took is held, and deleted after the quarantine time. A device removed by mistake can be added back under its id: the photos its removal held are checked again." }
            }
        },
    ))
}

/// The form that registers a device.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NewDevice {
    id: Text,
    label: Text,
    make: Text,
    model: Text,
    serial: Text,
    folder: Text,
}

pub async fn add_device(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<NewDevice, Manager>,
) -> Result<Response, AppError> {
    let d = Device {
        id: crate::model::DeviceId::parse(&form.id).map_err(AppError::from)?,
        label: form.label.to_string(),
        make: form.make.to_string(),
        model: form.model.to_string(),
        serial: form.serial.given(),
        folder: form.folder.given(),
        retired_on: None,
    };
    let st2 = st.clone();
    let actor = user.name.clone();
    let (moved, name) = blocking(move || {
        let mut reg = st2.register()?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        let moved = workflow::devices::add(&mut w, &d)?;
        if let Some(f) = &d.folder {
            crate::vault::private_dir(&st2.config.paths.inbox.join(f))?;
        }
        // Registered already: a name that cannot be read back is shown as the id.
        let name = reg.device_label(&d.id).unwrap_or_else(|_| d.id.to_string());
        Ok((moved, name))
    })
    .await?;
    let text = match moved.len() {
        0 => format!("Registered {name}."),
        n => format!("Registered {name}. {n} held photo(s) from it were checked again and left the quarantine."),
    };
    Ok(done(&user, "/devices", "Devices", text, &[]))
}

pub async fn remove_device(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form }: Posted<crate::web::form::Confirmed, Manager>,
) -> Result<Response, AppError> {
    let st2 = st.clone();
    let actor = user.name.clone();
    let id2 = id.clone();
    if !form.yes() {
        let (would, deletes_on, name) = blocking(move || {
            let mut reg = st2.register()?;
            let name = reg.device_label(&id2)?;
            let w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
            Ok((workflow::devices::removal_preview(&w, &id2)?, workflow::devices::removal_deletes_on(&w), name))
        })
        .await?;
        return Ok(page(&user, "/devices", "Remove a device", html! {
            div.card {
                @if would.is_empty() {
                    p { "Removing " strong { (name) } " moves no photos." }
                } @else {
                    p { "Removing " strong { (name) } " says it was never the setting's: " strong { (would.len()) " photo(s)" } " it took go to the quarantine, and are "
                        strong.bad { "deleted on " (st.config.ui.date(deletes_on)) } " unless you keep them:" }
                    ul { @for p in would.iter().take(50) { li { (photo_link(&p.id, &p.source_name, p.state)) " (" (p.state.to_string().replace('_', " ")) ")" } } }
                    @if would.len() > 50 { p.muted { "and " (would.len() - 50) " more." } }
                    p { "If the device is broken, lost or replaced, " strong { "retire it instead" } ": its photos stay." }
                    form method="post" action={ "/devices/" (id) "/retire" } {
                        (csrf(&user))
                        button.primary type="submit" { "Retire " (name) " instead" }
                    }
                    p.muted { "Adding the device back under the same id checks them again." }
                }
                form method="post" action={ "/devices/" (id) "/remove" } {
                    (csrf(&user))
                    input type="hidden" name="confirm" value="yes";
                    button.danger type="submit" { "Remove " (name) }
                    " "
                    a.button href="/devices" { "Keep it" }
                }
            }
        })
        .into_response());
    }
    let (moved, name) = blocking(move || {
        let mut reg = st2.register()?;
        let name = reg.device_label(&id2)?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        Ok((workflow::devices::remove(&mut w, &id2)?, name))
    })
    .await?;
    Ok(done(&user, "/devices", "Devices", format!("{name} removed."), &moved))
}

/// The form that retires a device: from which day, and why.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct Retire {
    on: Text,
    note: Text,
}

pub async fn retire_device(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    Posted { user: Manager(user), form }: Posted<Retire, Manager>,
) -> Result<Response, AppError> {
    let on = form.on.date()?.unwrap_or_else(|| st.today());
    let note = form.note.to_string();
    let st2 = st.clone();
    let actor = user.name.clone();
    let id2 = id.clone();
    let (moved, name) = blocking(move || {
        let mut reg = st2.register()?;
        let name = reg.device_label(&id2)?;
        let mut w = workflow::Ctx::new(&mut reg, &st2.config, st2.today(), &actor);
        Ok((workflow::devices::retire(&mut w, &id2, on, &note)?, name))
    })
    .await?;
    let text = format!(
        "{name} retired from {}: every photo it took before then stays; anything it takes from then on is held as not the setting's.",
        st.config.ui.date(on)
    );
    Ok(done(&user, "/devices", "Devices", text, &moved))
}
