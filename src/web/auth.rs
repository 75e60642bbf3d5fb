//! Accounts in the web UI: sessions, roles, CSRF tokens, login throttling.
//!
//! Sessions live in memory (a restart logs everyone out). The session cookie
//! is HttpOnly and SameSite=Strict (and Secure behind TLS); every form
//! carries the session's CSRF token; a session idle for
//! `web.session_idle_minutes` ends; repeated failed logins for a name or
//! from an address are refused for a while.

use super::AppState;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const SESSION_COOKIE: &str = "cg_session";
pub const LOGIN_COOKIE: &str = "cg_login";
/// Failed logins allowed in the window before the name or address is refused.
pub const MAX_FAILURES: u32 = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Manager,
    Practitioner,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "manager" => Some(Role::Manager),
            "practitioner" => Some(Role::Practitioner),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user: String,
    pub role: Role,
    pub csrf: String,
    last_seen: Instant,
}

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub role: Role,
    pub csrf: String,
    pub token: String,
}

impl User {
    pub fn is_manager(&self) -> bool {
        self.role == Role::Manager
    }

    /// Checks a form's CSRF token.
    pub fn check_csrf(&self, token: &str) -> Result<(), super::AppError> {
        if constant_time_eq(self.csrf.as_bytes(), token.as_bytes()) {
            Ok(())
        } else {
            Err(super::AppError::Forbidden(
                "the form has expired or did not come from this site: reload the page".into(),
            ))
        }
    }
}

/// A manager, or a 403.
pub struct Manager(pub User);

pub fn random_token() -> String {
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Reads one cookie from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value with the project's flags.
pub fn set_cookie(name: &str, value: &str, secure: bool, max_age: Option<u64>) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

#[derive(Default)]
pub struct Sessions {
    by_token: HashMap<String, Session>,
}

impl Sessions {
    pub fn create(&mut self, user: &str, role: Role) -> (String, String) {
        let token = random_token();
        let csrf = random_token();
        self.by_token
            .insert(token.clone(), Session { user: user.into(), role, csrf: csrf.clone(), last_seen: Instant::now() });
        (token, csrf)
    }

    /// The live session for a token, touching it; expired ones are dropped.
    pub fn touch(&mut self, token: &str, idle: Duration) -> Option<Session> {
        let now = Instant::now();
        self.by_token.retain(|_, s| now.duration_since(s.last_seen) < idle);
        let s = self.by_token.get_mut(token)?;
        s.last_seen = now;
        Some(s.clone())
    }

    pub fn end(&mut self, token: &str) {
        self.by_token.remove(token);
    }
}

/// Failed-login counts by user name and by address.
#[derive(Default)]
pub struct Throttle {
    failures: HashMap<String, (u32, Instant)>,
}

impl Throttle {
    fn live(&mut self, key: &str) -> u32 {
        let now = Instant::now();
        self.failures.retain(|_, (_, first)| now.duration_since(*first) < FAILURE_WINDOW);
        self.failures.get(key).map(|(n, _)| *n).unwrap_or(0)
    }

    pub fn blocked(&mut self, keys: &[String]) -> bool {
        keys.iter().any(|k| self.live(k) >= MAX_FAILURES)
    }

    pub fn fail(&mut self, keys: &[String]) {
        for k in keys {
            let e = self.failures.entry(k.clone()).or_insert((0, Instant::now()));
            e.0 += 1;
        }
    }

    pub fn clear(&mut self, keys: &[String]) {
        for k in keys {
            self.failures.remove(k);
        }
    }
}

/// Not logged in: to the login page.
pub struct LoginRequired;

impl IntoResponse for LoginRequired {
    fn into_response(self) -> Response {
        Redirect::to("/login").into_response()
    }
}

impl FromRequestParts<Arc<AppState>> for User {
    type Rejection = LoginRequired;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(LoginRequired)?;
        let session = state.sessions().touch(&token, state.idle).ok_or(LoginRequired)?;
        Ok(User { name: session.user, role: session.role, csrf: session.csrf, token })
    }
}

impl FromRequestParts<Arc<AppState>> for Manager {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let user = User::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        if user.is_manager() {
            Ok(Manager(user))
        } else {
            Err((StatusCode::FORBIDDEN, "this page is for managers").into_response())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_when_idle() {
        let mut s = Sessions::default();
        let (token, _) = s.create("sam", Role::Manager);
        assert!(s.touch(&token, Duration::from_secs(60)).is_some());
        std::thread::sleep(Duration::from_millis(20));
        assert!(s.touch(&token, Duration::from_millis(10)).is_none());
        assert!(s.touch(&token, Duration::from_secs(60)).is_none(), "gone for good");
    }

    #[test]
    fn throttling_engages_after_repeated_failures() {
        let mut t = Throttle::default();
        let keys = vec!["user:sam".to_string(), "addr:127.0.0.1".to_string()];
        for _ in 0..MAX_FAILURES - 1 {
            t.fail(&keys);
        }
        assert!(!t.blocked(&keys));
        t.fail(&keys);
        assert!(t.blocked(&keys));
        assert!(t.blocked(&["addr:127.0.0.1".to_string()]));
        t.clear(&keys);
        assert!(!t.blocked(&keys));
    }

    #[test]
    fn cookies_are_parsed_and_flagged() {
        let mut h = HeaderMap::new();
        h.insert(header::COOKIE, "a=1; cg_session=abc; b=2".parse().expect("header"));
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "zz"), None);
        let c = set_cookie(SESSION_COOKIE, "x", true, None);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(!set_cookie(SESSION_COOKIE, "x", false, None).contains("Secure"));
    }

    #[test]
    fn tokens_are_random_and_compared_in_constant_time() {
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 64);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
