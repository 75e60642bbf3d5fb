//! The setting's devices: list, register, remove.

use super::*;

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
