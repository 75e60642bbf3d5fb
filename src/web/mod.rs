//! The web UI: server-rendered pages for practitioners (tagging, reporting)
//! and managers (the quarantine queue, the consent register, devices,
//! retention, the audit log, incidents, disclosures). Login everywhere;
//! loopback by default. All register, crypto and image work runs on the
//! blocking pool.

pub mod auth;
mod download;
pub mod form;
mod login;
mod manager;
mod pages;
mod pictures;
mod practitioner;
mod publish;
mod setup;
mod tagging;
pub mod throttle;
pub mod tls;
mod unlock;
mod upload;

use crate::config::Config;
use crate::error::Kind;
use auth::{Sessions, Throttle};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// Shared by every request.
pub struct AppState {
    pub config: Config,
    /// The identity that decrypts for the pages (thumbnails, redaction,
    /// exports); `None` while the service is locked. Only ever in memory.
    identity: std::sync::RwLock<Option<age::x25519::Identity>>,
    sessions: Mutex<Sessions>,
    throttle: Mutex<Throttle>,
    pub idle: Duration,
    pub secure_cookies: bool,
    /// Whether the pages are served over TLS by consentgate itself.
    pub tls: bool,
    /// The address the iPads use (for the setup page and its QR code).
    pub url: String,
    /// The date the pages take as today, when fixed ([`AppState::on`]);
    /// else the one clock's.
    today: Option<chrono::NaiveDate>,
}

/// The service started without its passphrase: what must decrypt waits
/// until a manager unlocks it.
#[derive(Debug, thiserror::Error)]
#[error("the service is locked: a manager unlocks it with the passphrase")]
pub struct Locked;

// Told apart by the web (it offers the unlock form); elsewhere a failure.
crate::error::kind_of!(Failed: Locked);

impl AppState {
    /// The identity that opens the vault, for the work that must decrypt
    /// (redaction, previews, exports, subject access); [`Locked`] while the
    /// service is.
    pub fn identity(&self) -> crate::error::Result<age::x25519::Identity> {
        self.identity_opt().ok_or_else(|| Locked.into())
    }

    /// The identity, if the service is unlocked.
    pub fn identity_opt(&self) -> Option<age::x25519::Identity> {
        self.identity.read().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    pub fn is_locked(&self) -> bool {
        self.identity_opt().is_none()
    }

    /// Keeps the unlocked identity in memory until the service stops.
    pub fn unlock(&self, identity: age::x25519::Identity) {
        *self.identity.write().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(identity);
    }

    pub fn new(config: Config, identity: Option<age::x25519::Identity>) -> AppState {
        AppState::serving(config, identity, false, String::new())
    }

    /// The state of a service reached at `url`, over TLS or not.
    pub fn serving(config: Config, identity: Option<age::x25519::Identity>, tls: bool, url: String) -> AppState {
        let idle = Duration::from_secs(config.web.session_idle_minutes.max(1) * 60);
        let secure_cookies = config.web.secure_cookies || tls;
        auth::warm_up();
        AppState {
            config,
            identity: std::sync::RwLock::new(identity),
            sessions: Mutex::new(Sessions::default()),
            throttle: Mutex::new(Throttle::default()),
            idle,
            secure_cookies,
            tls,
            url,
            today: None,
        }
    }

    /// The same state with today fixed at `day`: for a test that runs the
    /// pages in its own process, where `$CONSENTGATE_TODAY` (one for the
    /// whole process) cannot differ from test to test.
    pub fn on(self, day: chrono::NaiveDate) -> AppState {
        AppState { today: Some(day), ..self }
    }

    pub fn sessions(&self) -> MutexGuard<'_, Sessions> {
        self.sessions.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn throttle(&self) -> MutexGuard<'_, Throttle> {
        self.throttle.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.today.unwrap_or_else(|| crate::clock::today().unwrap_or_else(|_| crate::clock::local_today()))
    }

    /// A fresh register connection (inside a blocking task), with any
    /// re-check a crash left owing finished first.
    pub fn register(&self) -> crate::error::Result<crate::register::Register> {
        crate::workflow::open_register(&self.config, self.today(), "consentgate")
    }
}

/// What a person is told of a failure that is not theirs to act on (its
/// details go to the log).
pub const FAILED_STEP: &str = "something went wrong; nothing was changed by the failed step";

/// An error page: bad input (400), a forged or stale form (403), nothing
/// by that name (404), a refusal by policy or a clash (409), busy for now
/// (503, with `Retry-After`) or a failure (500, logged; the page says only
/// that it failed). The status follows the error's [`Kind`].
#[derive(Debug)]
pub enum AppError {
    BadInput(String),
    Forbidden(String),
    Refused(String),
    /// The service is locked: the page offers the unlock form.
    Locked,
    /// Any other kind, with the message a person acts on.
    Kinded(Kind, String),
    Internal(crate::error::Error),
}

impl From<crate::error::Error> for AppError {
    fn from(e: crate::error::Error) -> Self {
        if e.find::<Locked>().is_some() {
            return AppError::Locked;
        }
        match e.kind() {
            Kind::BadInput => AppError::BadInput(e.told()),
            Kind::Refused => AppError::Refused(e.told()),
            Kind::Failed => AppError::Internal(e),
            kind => AppError::Kinded(kind, e.told()),
        }
    }
}

/// A typed error of the library becomes what the web says of its kind.
impl<E: crate::error::KindOf + std::error::Error + Send + Sync + 'static> From<E> for AppError {
    fn from(e: E) -> Self {
        AppError::from(crate::error::Error::from(e))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, msg) = match self {
            AppError::BadInput(m) => (StatusCode::BAD_REQUEST, m),
            AppError::Forbidden(m) => (StatusCode::FORBIDDEN, m),
            AppError::Refused(m) => (StatusCode::CONFLICT, m),
            AppError::Locked => return pages::locked().into_response(),
            AppError::Kinded(kind, m) => {
                let status = StatusCode::from_u16(kind.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                let mut res = (status, pages::message("Not done", &m)).into_response();
                if kind == Kind::RetryLater {
                    res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
                }
                return res;
            }
            AppError::Internal(e) => {
                tracing::error!("web request failed: {e:#}");
                (StatusCode::INTERNAL_SERVER_ERROR, FAILED_STEP.into())
            }
        };
        (status, pages::message("Not done", &msg)).into_response()
    }
}

/// Runs blocking work (SQLite, age, image decoding) off the async workers.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> crate::error::Result<T> + Send + 'static,
) -> Result<T, AppError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r.map_err(AppError::from),
        Err(e) if e.is_panic() => Err(AppError::Internal(crate::error::err!("a request handler panicked"))),
        Err(e) => Err(AppError::Internal(e.into())),
    }
}

const CSP: &str = "default-src 'none'; img-src 'self'; script-src 'self'; style-src 'self'; \
                   form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Security headers on every response; nothing is cached (pages carry
/// children's names, images are children).
async fn security_headers(req: axum::extract::Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub fn router(state: Arc<AppState>) -> Router {
    let upload_limit = upload::body_limit(&state.config);
    Router::new()
        .route("/setup", get(setup::page))
        .route("/setup/ca.crt", get(setup::ca_crt))
        .route("/setup/ipad.mobileconfig", get(setup::ipad_profile))
        .route("/unlock", get(unlock::page).post(unlock::unlock))
        .route("/upload", get(upload::page).post(upload::upload).layer(DefaultBodyLimit::max(upload_limit)))
        .route("/", get(practitioner::home))
        .route("/login", get(login::page).post(login::login))
        .route("/logout", post(practitioner::logout))
        .route("/static/app.css", get(pages::css))
        .route("/static/app.js", get(pages::js))
        .route("/tag", get(tagging::queue))
        .route("/tag/bulk", post(tagging::bulk))
        .route("/tag/{id}", get(tagging::tag_page).post(tagging::tag))
        .route("/tag/{id}/undo", post(tagging::undo))
        .route("/report/{id}", post(practitioner::report))
        .route("/photo/{id}/thumb", get(practitioner::thumb))
        .route("/dashboard", get(manager::dashboard))
        .route("/children/{id}", get(manager::child))
        .route("/children/{id}/leave", post(manager::child_leave))
        .route("/children/{id}/export", post(manager::child_export))
        .route("/children/{id}/erase", get(manager::erase_plan).post(manager::erase_child))
        .route("/children/{id}/picture", get(pictures::serve).post(pictures::set))
        .route("/children/{id}/picture/remove", post(pictures::remove))
        .route("/gallery", get(manager::gallery))
        .route("/photos/{id}", get(manager::photo))
        .route("/photos/{id}/delete", post(manager::delete_photo))
        .route("/photo/{id}/view", get(practitioner::view))
        .route("/quarantine", get(manager::quarantine))
        .route("/quarantine/bulk", post(manager::quarantine_bulk))
        .route("/quarantine/{id}/preview", get(manager::redact_preview))
        .route("/quarantine/{id}/{action}", post(manager::quarantine_action))
        .route("/register", get(manager::register))
        .route("/register/child", post(manager::add_child))
        .route("/register/guardian", post(manager::add_guardian))
        .route("/register/consent", post(manager::consent))
        .route("/register/import", post(manager::import))
        .route("/devices", get(manager::devices).post(manager::add_device))
        .route("/devices/{id}/remove", post(manager::remove_device))
        .route("/devices/{id}/retire", post(manager::retire_device))
        .route("/retention", get(manager::retention))
        .route("/retention/{id}/keep", post(manager::keep_photo))
        .route("/audit", get(manager::audit))
        .route("/audit/verify", post(manager::audit_verify))
        .route("/incidents", get(manager::incidents))
        .route("/users", get(manager::users).post(manager::add_user))
        .route("/users/{name}/{action}", post(manager::user_action))
        .route("/disclosures", get(publish::disclosures))
        .route("/disclosures/export", post(publish::export))
        .route("/disclosures/sar", post(publish::sar))
        .route("/disclosures/breach/{incident}", post(publish::breach_decide))
        .route("/disclosures/{id}/done", post(publish::takedown_done))
        .layer(DefaultBodyLimit::max(4 << 20))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// Where the UI listens: plain HTTP (loopback only) or TLS.
pub enum Listening {
    Plain(tokio::net::TcpListener),
    Tls(tls::TlsListener),
}

impl Listening {
    pub fn is_tls(&self) -> bool {
        matches!(self, Listening::Tls(_))
    }
}

/// Serves the UI on a bound listener until `shutdown` completes.
pub async fn serve(
    state: Arc<AppState>,
    listening: Listening,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> crate::error::Result<()> {
    use axum::serve::ListenerExt;
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    match listening {
        Listening::Plain(listener) => axum::serve(listener, app).with_graceful_shutdown(shutdown).await?,
        Listening::Tls(listener) => axum::serve(listener.tap_io(|_| {}), app).with_graceful_shutdown(shutdown).await?,
    }
    Ok(())
}
