//! The web UI in the test's own process: the router `consentgate serve`
//! serves (every page, extractor and middleware), on the setup's config and
//! identity, driven one request at a time with `tower::ServiceExt::oneshot`.
//! No port, no process to start or stop; the register, the vault and the
//! files are the setup's own, so the CLI helpers of [`Setup`] see what a
//! page did. What needs the running service itself (its daily duties, its
//! environment, failpoints) is tested through `consentgate serve`
//! (`tests/web_http/served.rs`).
//!
//! [`Client`] keeps cookies and follows no redirect, as a browser's form
//! post is seen by the server; its calls read like `reqwest`'s blocking
//! client so the tests read the same either way.

use super::{Setup, TODAY};
use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use std::convert::Infallible;
use std::sync::Mutex;
use tower::ServiceExt;

/// The router on a runtime of its own.
pub struct App {
    rt: tokio::runtime::Runtime,
    router: axum::Router,
    state: std::sync::Arc<consentgate::web::AppState>,
}

impl App {
    /// The pages on the setup as it is configured, unlocked, today being
    /// [`TODAY`].
    pub fn start(setup: &Setup) -> App {
        let config = consentgate::config::Config::load(&setup.config).expect("config");
        let identity = consentgate::keys::load_identity(&config.paths.identity).expect("identity");
        let here = std::net::SocketAddr::from(([127, 0, 0, 1], 8080));
        let url = consentgate::web::tls::public_url(&config, &here, false);
        let today = chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").expect("today");
        App::serving(consentgate::web::AppState::serving(config, Some(identity), false, url).on(today))
    }

    /// The pages of `state` (a test that builds its own: the gate model).
    pub fn serving(state: consentgate::web::AppState) -> App {
        let state = std::sync::Arc::new(state);
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime");
        App { rt, router: consentgate::web::router(state.clone()), state }
    }

    /// A path is its own URL here (the `reqwest` tests prefix a host).
    pub fn url(&self, path: &str) -> String {
        path.to_string()
    }

    /// A browser with no cookies yet.
    pub fn client(&self) -> Client<'_> {
        Client { app: self, cookies: Mutex::new(Vec::new()) }
    }

    /// A browser logged in as `user` (on the register with `role`) without
    /// a password: the session a login would have made, and its CSRF token.
    pub fn session_of(&self, user: &str, role: consentgate::web::auth::Role) -> (Client<'_>, String) {
        let (token, csrf) = self.state.sessions().create(user, role);
        let client = self.client();
        client.cookies.lock().expect("cookies").push((consentgate::web::auth::SESSION_COOKIE.to_string(), token));
        (client, csrf)
    }

    fn call(&self, req: Request<Body>) -> Response {
        self.rt.block_on(async {
            let res = self.router.clone().oneshot(req).await.unwrap_or_else(|e: Infallible| match e {});
            let (parts, body) = res.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.expect("the whole body");
            Response { status: parts.status, headers: parts.headers, body }
        })
    }
}

/// One browser on plain HTTP: its cookies, kept as the server sets and
/// clears them. A `Secure` cookie is never sent back (a browser would not,
/// over plain HTTP); paths and expiry dates are not looked at (the
/// service's cookies are for `/` and end with the session).
pub struct Client<'a> {
    app: &'a App,
    cookies: Mutex<Vec<(String, String)>>,
}

impl Client<'_> {
    pub fn get(&self, url: impl AsRef<str>) -> RequestBuilder<'_> {
        self.request(Method::GET, url.as_ref())
    }

    pub fn post(&self, url: impl AsRef<str>) -> RequestBuilder<'_> {
        self.request(Method::POST, url.as_ref())
    }

    fn request(&self, method: Method, url: &str) -> RequestBuilder<'_> {
        RequestBuilder { client: self, method, url: url.to_string(), body: Vec::new(), content_type: None }
    }

    fn keep_cookies(&self, headers: &HeaderMap) {
        let mut jar = self.cookies.lock().expect("cookies");
        for set in headers.get_all(header::SET_COOKIE) {
            let set = set.to_str().expect("a cookie in ASCII");
            let (pair, attributes) = set.split_once(';').unwrap_or((set, ""));
            let (name, value) = pair.split_once('=').expect("name=value");
            let (name, value) = (name.trim().to_string(), value.trim().to_string());
            jar.retain(|(n, _)| *n != name);
            let attributes = attributes.to_ascii_lowercase();
            let cleared = value.is_empty() || attributes.contains("max-age=0");
            let secure = attributes.split(';').any(|a| a.trim() == "secure");
            if !cleared && !secure {
                jar.push((name, value));
            }
        }
    }
}

/// A request being made: a form, a multipart upload or nothing as its body.
pub struct RequestBuilder<'a> {
    client: &'a Client<'a>,
    method: Method,
    url: String,
    body: Vec<u8>,
    content_type: Option<String>,
}

impl RequestBuilder<'_> {
    /// An `application/x-www-form-urlencoded` body, as a browser posts a form.
    pub fn form<K: AsRef<str>, V: AsRef<str>>(mut self, pairs: &[(K, V)]) -> Self {
        let encoded: Vec<String> =
            pairs.iter().map(|(k, v)| format!("{}={}", encode(k.as_ref()), encode(v.as_ref()))).collect();
        self.body = encoded.join("&").into_bytes();
        self.content_type = Some("application/x-www-form-urlencoded".into());
        self
    }

    /// A `multipart/form-data` body.
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.content_type = Some(format!("multipart/form-data; boundary={}", Multipart::BOUNDARY));
        self.body = form.finish();
        self
    }

    /// Sends it; never fails (the `Result` is there so the tests read as
    /// with a real client).
    pub fn send(self) -> Result<Response, Infallible> {
        let mut req = Request::builder().method(self.method).uri(&self.url);
        let cookies = self.client.cookies.lock().expect("cookies").clone();
        if !cookies.is_empty() {
            let line = cookies.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("; ");
            req = req.header(header::COOKIE, line);
        }
        if let Some(t) = &self.content_type {
            req = req.header(header::CONTENT_TYPE, t);
        }
        let mut req = req.body(Body::from(self.body)).expect("a request");
        // The peer's address, as the listener tells the login throttle.
        let peer = std::net::SocketAddr::from(([127, 0, 0, 1], 50000));
        req.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        let res = self.client.app.call(req);
        self.client.keep_cookies(&res.headers);
        Ok(res)
    }
}

/// `application/x-www-form-urlencoded` escaping of one name or value.
fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A multipart form: text fields and files.
#[derive(Default)]
pub struct Multipart {
    body: Vec<u8>,
}

impl Multipart {
    const BOUNDARY: &'static str = "consentgate-test-boundary-7c1f";

    pub fn new() -> Multipart {
        Multipart::default()
    }

    pub fn text(self, name: &str, value: impl AsRef<str>) -> Multipart {
        self.part(&format!("form-data; name=\"{name}\""), value.as_ref().as_bytes())
    }

    /// A file field named `name`, uploaded as `file_name`.
    pub fn file(self, name: &str, file_name: &str, bytes: &[u8]) -> Multipart {
        self.part(&format!("form-data; name=\"{name}\"; filename=\"{file_name}\""), bytes)
    }

    fn part(mut self, disposition: &str, bytes: &[u8]) -> Multipart {
        let head = format!("--{}\r\nContent-Disposition: {disposition}\r\n\r\n", Multipart::BOUNDARY);
        self.body.extend_from_slice(head.as_bytes());
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    fn finish(mut self) -> Vec<u8> {
        self.body.extend_from_slice(format!("--{}--\r\n", Multipart::BOUNDARY).as_bytes());
        self.body
    }
}

/// A whole response.
pub struct Response {
    status: StatusCode,
    headers: HeaderMap<HeaderValue>,
    body: axum::body::Bytes,
}

impl Response {
    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn text(self) -> Result<String, std::string::FromUtf8Error> {
        String::from_utf8(self.body.to_vec())
    }

    pub fn bytes(self) -> Result<axum::body::Bytes, Infallible> {
        Ok(self.body)
    }
}
