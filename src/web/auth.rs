//! Accounts in the web UI: sessions, roles, CSRF tokens, login throttling.
//!
//! Sessions live in memory (a restart logs everyone out). The session cookie
//! is HttpOnly and SameSite=Strict (and Secure behind TLS); every form
//! carries the session's CSRF token; a session idle for
//! `web.session_idle_minutes` ends; repeated failed logins for a name from
//! an address, or from an address whatever the name, are refused for a
//! while. Attempts are counted before the password is checked, and an
//! unknown name costs the same password check as a known one.

pub use super::throttle::{login_keys, Admission, Attempt, Throttle, ThrottleKey};
use super::AppState;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

pub const SESSION_COOKIE: &str = "cg_session";
pub const LOGIN_COOKIE: &str = "cg_login";
/// Failed logins allowed for one name from one address in the window.
pub const MAX_FAILURES: u32 = 5;
/// Failed logins allowed from one address, whatever the names, in the window.
pub const MAX_ADDRESS_FAILURES: u32 = 4 * MAX_FAILURES;
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
    /// A short notice for the session's next page (the outcome of the
    /// photo just saved), shown once.
    notices: HashMap<String, String>,
    /// Why an action on one photo was refused, for that photo's card on
    /// the next page: (photo id, the reason in words).
    problems: HashMap<String, (String, String)>,
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
        let live = &self.by_token;
        self.notices.retain(|t, _| live.contains_key(t));
        self.problems.retain(|t, _| live.contains_key(t));
        let s = self.by_token.get_mut(token)?;
        s.last_seen = now;
        Some(s.clone())
    }

    pub fn end(&mut self, token: &str) {
        self.by_token.remove(token);
        self.notices.remove(token);
        self.problems.remove(token);
    }

    /// Leaves a notice (HTML made by the pages) for the session's next page.
    pub fn set_notice(&mut self, token: &str, html: String) {
        if self.by_token.contains_key(token) {
            self.notices.insert(token.to_string(), html);
        }
    }

    /// The notice left for this session, once.
    pub fn take_notice(&mut self, token: &str) -> Option<String> {
        self.notices.remove(token)
    }

    /// Leaves why an action on `photo` was refused, for its card.
    pub fn set_problem(&mut self, token: &str, photo: &str, text: String) {
        if self.by_token.contains_key(token) {
            self.problems.insert(token.to_string(), (photo.to_string(), text));
        }
    }

    /// The refusal left for this session, once: (photo id, reason).
    pub fn take_problem(&mut self, token: &str) -> Option<(String, String)> {
        self.problems.remove(token)
    }
}

/// A hash of a random password with the default parameters: what an
/// unknown name is checked against, so that it costs what a known one does.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default().hash_password(random_token().as_bytes(), &salt).map(|h| h.to_string()).unwrap_or_default()
});

/// Makes the dummy hash now rather than in the first login.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}

/// Checks a password against a user's (role, stored hash). Without a user,
/// or with an unreadable hash, the same check runs against a dummy hash and
/// fails: an unknown name takes as long as a known one.
pub fn check_password(user: Option<(String, String)>, password: &str) -> Option<Role> {
    let (role, stored) = match &user {
        Some((role, hash)) if PasswordHash::new(hash).is_ok() => (Some(role.as_str()), hash.as_str()),
        _ => (None, DUMMY_HASH.as_str()),
    };
    let matched = PasswordHash::new(stored)
        .is_ok_and(|h| argon2::Argon2::default().verify_password(password.as_bytes(), &h).is_ok());
    role.filter(|_| matched).and_then(Role::parse)
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
        // A user disabled, removed or given another role since logging in
        // (from the web or the CLI) is logged out on their next request.
        let (st, name) = (state.clone(), session.user.clone());
        let role = super::blocking(move || Ok(st.register()?.active_role(&name)?)).await.ok().flatten();
        if role.as_deref().and_then(Role::parse) != Some(session.role) {
            state.sessions().end(&token);
            return Err(LoginRequired);
        }
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

impl AsRef<User> for User {
    fn as_ref(&self) -> &User {
        self
    }
}

impl AsRef<User> for Manager {
    fn as_ref(&self) -> &User {
        &self.0
    }
}

/// A form POSTed by a logged-in member of staff (`Who`: [`User`], or
/// [`Manager`] for the manager's pages) whose CSRF token matched the
/// session's. Every form handler takes this rather than `Form`, so that no
/// handler can forget the check: a form without the session's token never
/// reaches it (403). `T` is the form's fields; a `csrf` field is read here.
pub struct Posted<T, Who = User> {
    pub user: Who,
    pub form: T,
}

/// A form with nothing but its CSRF token (a button).
#[derive(serde::Deserialize)]
pub struct NoFields {}

/// The most a form may be (the register's CSV import is a multipart
/// upload, not a form).
const FORM_LIMIT: usize = 1 << 20;

impl<T, Who> FromRequest<Arc<AppState>> for Posted<T, Who>
where
    T: serde::de::DeserializeOwned + Send,
    Who: FromRequestParts<Arc<AppState>> + AsRef<User> + Send,
    Who::Rejection: IntoResponse,
{
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &Arc<AppState>) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let user = Who::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let bytes = axum::body::to_bytes(body, FORM_LIMIT)
            .await
            .map_err(|_| super::AppError::BadInput("the form is too large".into()).into_response())?;
        let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| super::AppError::BadInput(format!("the form could not be read: {e}")).into_response())?;
        let token = fields.iter().find(|(k, _)| k == "csrf").map_or("", |(_, v)| v.as_str());
        user.as_ref().check_csrf(token).map_err(IntoResponse::into_response)?;
        let form = serde_urlencoded::from_bytes(&bytes)
            .map_err(|e| super::AppError::BadInput(format!("the form could not be read: {e}")).into_response())?;
        Ok(Posted { user, form })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::IpAddr;

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
    fn a_notice_is_shown_once_and_only_to_its_session() {
        let mut s = Sessions::default();
        let (a, _) = s.create("jess", Role::Practitioner);
        let (b, _) = s.create("sam", Role::Manager);
        s.set_notice(&a, "stored".into());
        s.set_notice("no such session", "x".into());
        assert_eq!(s.take_notice(&b), None);
        assert_eq!(s.take_notice(&a).as_deref(), Some("stored"));
        assert_eq!(s.take_notice(&a), None, "once");
        s.set_notice(&a, "held".into());
        s.end(&a);
        assert_eq!(s.take_notice(&a), None, "gone with the session");
    }

    #[test]
    fn throttling_engages_after_repeated_failures() {
        let mut t = Throttle::default();
        let ip: IpAddr = "127.0.0.1".parse().expect("ip");
        let keys = login_keys("Sam", ip);
        for _ in 0..MAX_FAILURES - 1 {
            assert_eq!(t.admit(&keys), Admission::Admitted);
            t.finish(&keys, true);
        }
        assert_eq!(t.admit(&keys), Admission::Admitted);
        t.finish(&keys, true);
        assert_eq!(t.admit(&login_keys("sam", ip)), Admission::Refused, "names are compared lower-cased");
        // another name from the address is still let through
        assert_eq!(t.admit(&login_keys("jess", ip)), Admission::Admitted);
        // and the same name from another address
        assert_eq!(t.admit(&login_keys("sam", "127.0.0.2".parse().expect("ip"))), Admission::Admitted);
    }

    #[test]
    fn checks_under_way_count_before_they_finish() {
        let mut t = Throttle::default();
        let keys = login_keys("sam", "127.0.0.1".parse().expect("ip"));
        for _ in 0..MAX_FAILURES {
            assert_eq!(t.admit(&keys), Admission::Admitted);
        }
        assert_eq!(t.admit(&keys), Admission::Wait, "five checks are under way");
        t.finish(&keys, false);
        assert_eq!(t.admit(&keys), Admission::Admitted, "a success makes room");
        for _ in 0..MAX_FAILURES {
            t.finish(&keys, true);
        }
        assert_eq!(t.admit(&keys), Admission::Refused);
    }

    #[test]
    fn an_address_is_limited_across_names() {
        let mut t = Throttle::default();
        let ip: IpAddr = "10.0.0.9".parse().expect("ip");
        for i in 0..MAX_ADDRESS_FAILURES {
            let keys = login_keys(&format!("name{i}"), ip);
            assert_eq!(t.admit(&keys), Admission::Admitted);
            t.finish(&keys, true);
        }
        assert_eq!(t.admit(&login_keys("sam", ip)), Admission::Refused);
    }

    #[test]
    fn an_unknown_user_fails_the_same_check() {
        let hash = {
            let salt = SaltString::generate(&mut OsRng);
            argon2::Argon2::default().hash_password(b"right one", &salt).expect("hash").to_string()
        };
        let user = || Some(("manager".to_string(), hash.clone()));
        assert_eq!(check_password(user(), "right one"), Some(Role::Manager));
        assert_eq!(check_password(user(), "wrong"), None);
        assert_eq!(check_password(None, "right one"), None);
        assert_eq!(check_password(Some(("manager".into(), "not a hash".into())), "x"), None);
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
