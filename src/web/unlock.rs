//! Unlocking a service that started without its passphrase (on boot, by
//! systemd): it watches, checks and encrypts as usual, since encrypting
//! needs only the recipients; what must decrypt (thumbnails, the tagging
//! view, redaction, exports) waits until a manager types the passphrase
//! here. The identity is kept in memory until the service stops; nothing
//! secret is written. Attempts are throttled as logins are, and audited.

use super::auth::{self, Attempt, Manager, Posted};
use super::{blocking, pages, AppError, AppState};
use crate::audit::Action;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(30);

/// The throttle's keys for unlocking from an address: its own allowance,
/// apart from logins.
fn keys(addr: SocketAddr) -> Vec<auth::ThrottleKey> {
    vec![(format!("unlock:{}", addr.ip()), auth::MAX_FAILURES)]
}

fn unlock_page(user: &auth::User, error: Option<&str>) -> maud::Markup {
    pages::page(
        user,
        "/unlock",
        "Unlock",
        html! {
            div.card {
                p { "consentgate started without its passphrase (after a restart, on boot). It keeps taking \
                     photos in, checking and encrypting them; photos cannot be shown, redacted or exported \
                     until a manager unlocks it. It stays unlocked until the service stops." }
                @if let Some(e) = error { p.bad role="alert" { (e) } }
                form method="post" action="/unlock" {
                    (pages::csrf(user))
                    p { label { "Passphrase " input type="password" name="passphrase" autocomplete="off" required autofocus; } }
                    button.primary type="submit" { "Unlock" }
                }
            }
        },
    )
}

pub async fn page(State(st): State<Arc<AppState>>, Manager(user): Manager) -> Response {
    if !st.is_locked() {
        return pages::page(&user, "/unlock", "Unlock", html! { p { "consentgate is unlocked." } }).into_response();
    }
    unlock_page(&user, None).into_response()
}

#[derive(Deserialize)]
pub struct UnlockForm {
    passphrase: String,
}

pub async fn unlock(
    State(st): State<Arc<AppState>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Posted { user: Manager(user), form }: Posted<UnlockForm, Manager>,
) -> Result<Response, AppError> {
    if !st.is_locked() {
        return Ok(Redirect::to("/").into_response());
    }
    let Some(attempt) = Attempt::admit(&st, keys(addr), PATIENCE).await else {
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            unlock_page(&user, Some("Too many wrong passphrases: wait 15 minutes and try again.")),
        )
            .into_response());
    };
    let (st2, who) = (st.clone(), user.name.clone());
    let pass = age::secrecy::SecretString::from(form.passphrase);
    let opened = blocking(move || {
        let path = st2.config.paths.identity.clone();
        let opened = crate::keys::unlock_identity(&path, Some(&pass));
        attempt.finish(opened.is_ok());
        let mut reg = st2.register()?;
        let entry = match &opened {
            Ok(_) => crate::audit::Entry::new(&who, Action::ServiceUnlock),
            Err(_) => crate::audit::Entry::new(&who, Action::ServiceUnlockFailed)
                .detail(serde_json::json!({ "address": addr.ip().to_string() })),
        };
        reg.audit(&entry)?;
        match opened {
            Ok(identity) => Ok(Some(identity)),
            Err(crate::keys::KeyError::Unlock { .. }) => Ok(None),
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    match opened {
        Some(identity) => {
            st.unlock(identity);
            tracing::info!(by = %user.name, "unlocked");
            Ok(Redirect::to("/").into_response())
        }
        None => Ok((StatusCode::FORBIDDEN, unlock_page(&user, Some("That is not the passphrase."))).into_response()),
    }
}
