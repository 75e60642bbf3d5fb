//! The setting's web accounts: add, disable and enable, reset a password,
//! remove (after a confirmation). The last manager cannot be disabled or
//! removed.

use super::*;
use crate::accounts;
use crate::web::auth::Posted;
use crate::web::form::Text;

pub async fn users(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Result<Markup, AppError> {
    let st2 = st.clone();
    let list = blocking(move || Ok(st2.register()?.users()?)).await?;
    Ok(page(&user, "/users", "Users", users_body(&user, &list)))
}

fn users_body(user: &crate::web::auth::User, list: &[crate::register::UserInfo]) -> Markup {
    html! {
        div.card {
            table tabindex="0" {
                tr { th { "Name" } th { "Role" } th { "Can log in" } th { "Actions" } }
                @for u in list {
                    tr {
                        td { (u.name) @if u.name == user.name { span.muted { " (you)" } } }
                        td { (u.role) }
                        td { @if u.disabled { span.warn { "no: disabled" } } @else if !u.has_password { span.warn { "no password set" } } @else { "yes" } }
                        td.actions {
                            form method="post" action={ "/users/" (u.name) "/" (if u.disabled { "enable" } else { "disable" }) } {
                                (csrf(user))
                                button type="submit" { (if u.disabled { "Enable" } else { "Disable" }) }
                            }
                            form method="post" action={ "/users/" (u.name) "/password" } {
                                (csrf(user))
                                label { span.sr-only { "New password for " (u.name) } input type="password" name="password" autocomplete="new-password" minlength=(accounts::MIN_PASSWORD) placeholder="new password" required; }
                                button type="submit" { "Set password" }
                            }
                            form method="post" action={ "/users/" (u.name) "/remove" } {
                                (csrf(user))
                                button.danger type="submit" { "Remove…" }
                            }
                        }
                    }
                }
            }
        }
        div.card {
            h2 { "Add a user" }
            form.inline method="post" action="/users" {
                (csrf(user))
                label { "Login name " input type="text" name="name" required autocomplete="off"; }
                label { "Role " select name="role" { option value="practitioner" { "practitioner" } option value="manager" { "manager" } } }
                label { "Password " input type="password" name="password" autocomplete="new-password" minlength=(accounts::MIN_PASSWORD) required; }
                button.primary type="submit" { "Add user" }
            }
            p.muted { "Passwords have at least " (accounts::MIN_PASSWORD) " characters. Each person has their own account; never share one." }
        }
    }
}

/// The user forms: who, in which role, the password as typed (never
/// trimmed), and the confirmation a removal asks for.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct UserForm {
    name: Text,
    role: Text,
    password: String,
    confirm: Text,
}

pub async fn add_user(
    State(st): State<Arc<AppState>>,
    Posted { user: Manager(user), form }: Posted<UserForm, Manager>,
) -> Result<Response, AppError> {
    let (name, role) = (form.name.to_string(), form.role.to_string());
    let password = form.password;
    let (st2, actor, name2) = (st.clone(), user.name.clone(), name.clone());
    blocking(move || accounts::add(&mut st2.register()?, &name2, &role, &password, &actor)).await?;
    Ok(done(&user, "/users", "Users", format!("Added {name}."), &[]))
}

pub async fn user_action(
    State(st): State<Arc<AppState>>,
    Path((name, action)): Path<(String, String)>,
    Posted { user: Manager(user), form }: Posted<UserForm, Manager>,
) -> Result<Response, AppError> {
    if action == "remove" && form.confirm.as_str() != "yes" {
        return Ok(page(&user, "/users", "Remove a user", html! {
            div.card {
                p { "Remove " strong { (name) } " for good? They can no longer log in, and the name can be used again. "
                    "The audit log keeps what they did. To stop them logging in for a while, disable them instead." }
                form method="post" action={ "/users/" (name) "/remove" } {
                    (csrf(&user))
                    input type="hidden" name="confirm" value="yes";
                    button.danger type="submit" { "Remove " (name) }
                    " "
                    a href="/users" { "Keep " (name) }
                }
            }
        })
        .into_response());
    }
    let password = form.password;
    let (st2, actor, name2) = (st.clone(), user.name.clone(), name.clone());
    let text = blocking(move || {
        let mut reg = st2.register()?;
        let text = match action.as_str() {
            "disable" => {
                reg.set_user_disabled(&name2, true, &actor).map(|()| format!("{name2} can no longer log in."))?
            }
            "enable" => reg.set_user_disabled(&name2, false, &actor).map(|()| format!("{name2} can log in again."))?,
            "remove" => reg.remove_user(&name2, &actor).map(|()| format!("Removed {name2}."))?,
            "password" => {
                accounts::reset_password(&mut reg, &name2, &password, &actor)?;
                format!("New password set for {name2}.")
            }
            other => return Err(crate::error::BadInput(format!("unknown action `{other}`")).into()),
        };
        Ok(text)
    })
    .await?;
    Ok(done(&user, "/users", "Users", text, &[]))
}
