//! Logging in: the form, the throttle, the password check, the audit entry.

use super::auth::{self, cookie, set_cookie, Attempt, LOGIN_COOKIE, SESSION_COOKIE};
use super::{blocking, pages, AppError, AppState};
use crate::audit::Action;
use crate::limits::{bounded, Field};
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How long a login waits for other checks of the same name and address.
const PATIENCE: Duration = Duration::from_secs(30);

/// The actor of a failed login: nobody has shown who they are.
const ANONYMOUS: &str = "anonymous";

pub async fn page(State(st): State<Arc<AppState>>) -> Response {
    let token = auth::random_token();
    let cookie = set_cookie(LOGIN_COOKIE, &token, st.secure_cookies, Some(3600));
    ([(header::SET_COOKIE, cookie)], pages::login(&token, None)).into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    csrf: String,
}

fn too_many() -> Response {
    (StatusCode::TOO_MANY_REQUESTS, pages::message("Log in", "Too many failed logins: wait 15 minutes and try again."))
        .into_response()
}

pub async fn login(
    State(st): State<Arc<AppState>>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Result<Response, AppError> {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !auth::constant_time_eq(expected.as_bytes(), f.csrf.as_bytes()) {
        return Ok((StatusCode::FORBIDDEN, pages::message("Log in", "The login form expired: reload the page."))
            .into_response());
    }
    let name = f.name.trim().to_string();
    // Counted before the password is looked at: at most the limit are checked.
    let Some(attempt) = Attempt::admit(&st, auth::login_keys(&name, addr.ip()), PATIENCE).await else {
        return Ok(too_many());
    };
    let st2 = st.clone();
    let who = name.clone();
    let password = f.password;
    let role = blocking(move || {
        let mut reg = st2.register()?;
        let role = auth::check_password(reg.user_credentials(&who)?, &password);
        attempt.finish(role.is_some());
        let entry = match role {
            Some(_) => crate::audit::Entry::new(&who, Action::Login),
            None => crate::audit::Entry::new(ANONYMOUS, Action::LoginFailed).detail(serde_json::json!({
                "user": bounded(Field::Short, &who), "address": addr.ip().to_string(),
            })),
        };
        reg.audit(&entry)?;
        Ok(role)
    })
    .await?;
    let Some(role) = role else {
        let token = auth::random_token();
        let c = set_cookie(LOGIN_COOKIE, &token, st.secure_cookies, Some(3600));
        return Ok((
            StatusCode::UNAUTHORIZED,
            [(header::SET_COOKIE, c)],
            pages::login(&token, Some("That name and password do not match.")),
        )
            .into_response());
    };
    let (token, _) = st.sessions().create(&name, role);
    let mut res = Redirect::to("/").into_response();
    let h = res.headers_mut();
    if let Ok(v) = set_cookie(SESSION_COOKIE, &token, st.secure_cookies, None).parse() {
        h.append(header::SET_COOKIE, v);
    }
    if let Ok(v) = set_cookie(LOGIN_COOKIE, "", st.secure_cookies, Some(0)).parse() {
        h.append(header::SET_COOKIE, v);
    }
    Ok(res)
}
