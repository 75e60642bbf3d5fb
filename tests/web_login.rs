//! Logging in against the real `consentgate serve`, many at once: correct
//! logins all succeed, a burst of wrong passwords is checked no more than
//! the limit allows, a stranger elsewhere cannot lock a user out, an
//! unknown name costs what a known one does, a huge name stays out of the
//! log.

mod common;

use common::{Server, Setup};
use reqwest::blocking::Client;
use reqwest::StatusCode;
use std::net::IpAddr;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const PW: &str = "manager password 1";
/// The server's limit of failed logins for one name from one address.
const LIMIT: usize = 5;

fn setup() -> Setup {
    let s = Setup::new();
    s.user("sam", "manager", PW);
    s
}

fn client_from(ip: &str) -> Client {
    let ip: IpAddr = ip.parse().expect("ip");
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(ip)
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client")
}

fn csrf_in(page: &str) -> Option<String> {
    let key = "name=\"csrf\" value=\"";
    let at = page.find(key)? + key.len();
    page[at..].split('"').next().map(str::to_string)
}

/// A login form ready to post: the client holds its cookie. A refused
/// login comes back with a fresh form, which the next post uses.
struct Form {
    client: Client,
    csrf: String,
}

impl Form {
    fn open(srv: &Server, from: &str) -> Form {
        let client = client_from(from);
        let page = client.get(srv.url("/login")).send().expect("login page").text().expect("text");
        let csrf = csrf_in(&page).expect("csrf field");
        Form { client, csrf }
    }

    fn post(&mut self, srv: &Server, name: &str, pw: &str) -> StatusCode {
        let form = [("name", name), ("password", pw), ("csrf", self.csrf.as_str())];
        let res = self.client.post(srv.url("/login")).form(&form).send().expect("post");
        let status = res.status();
        if let Some(csrf) = csrf_in(&res.text().unwrap_or_default()) {
            self.csrf = csrf;
        }
        status
    }
}

/// Posts `n` logins at the same moment, each from its own client.
fn at_once(srv: &Server, n: usize, name: &str, pw: &str) -> Vec<StatusCode> {
    let barrier = Arc::new(Barrier::new(n));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|_| {
                let barrier = barrier.clone();
                scope.spawn(move || {
                    let mut form = Form::open(srv, "127.0.0.1");
                    barrier.wait();
                    form.post(srv, name, pw)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    })
}

fn count(statuses: &[StatusCode], code: StatusCode) -> usize {
    statuses.iter().filter(|s| **s == code).count()
}

fn failed_logins(s: &Setup) -> Vec<serde_json::Value> {
    let log = s.json(&["audit", "list"]);
    log.as_array().expect("log").iter().filter(|e| e["action"] == "login.failed").cloned().collect()
}

#[test]
fn twenty_correct_logins_at_once_all_succeed() {
    let s = setup();
    let srv = Server::start(&s);
    let statuses = at_once(&srv, 20, "sam", PW);
    assert_eq!(count(&statuses, StatusCode::SEE_OTHER), 20, "{statuses:?}");
    let log = s.json(&["audit", "list"]);
    let logins = log.as_array().expect("log").iter().filter(|e| e["action"] == "login").count();
    assert_eq!(logins, 20, "each login is audited");
    s.ok(&["audit", "verify"]);
}

#[test]
fn fifty_wrong_passwords_at_once_are_checked_at_most_the_limit() {
    let s = setup();
    let srv = Server::start(&s);
    let statuses = at_once(&srv, 50, "sam", "wrong password");
    assert_eq!(count(&statuses, StatusCode::INTERNAL_SERVER_ERROR), 0, "{statuses:?}");
    let checked = count(&statuses, StatusCode::UNAUTHORIZED);
    assert!(checked <= LIMIT, "{checked} checked: {statuses:?}");
    assert_eq!(checked + count(&statuses, StatusCode::TOO_MANY_REQUESTS), 50, "{statuses:?}");
    assert_eq!(failed_logins(&s).len(), checked, "each check is audited, and only those");
    // and the right password from here now waits too
    assert_eq!(Form::open(&srv, "127.0.0.1").post(&srv, "sam", PW), StatusCode::TOO_MANY_REQUESTS);
}

#[test]
fn a_stranger_elsewhere_cannot_lock_the_user_out() {
    let s = setup();
    let srv = Server::start(&s);
    let mut stranger = Form::open(&srv, "127.0.0.2");
    let statuses: Vec<StatusCode> = (0..LIMIT + 3).map(|_| stranger.post(&srv, "sam", "guess")).collect();
    assert_eq!(count(&statuses, StatusCode::UNAUTHORIZED), LIMIT, "{statuses:?}");
    assert_eq!(statuses.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "the stranger is throttled");
    assert_eq!(Form::open(&srv, "127.0.0.1").post(&srv, "sam", PW), StatusCode::SEE_OTHER, "sam still logs in");
    let failed = failed_logins(&s);
    assert!(failed.iter().all(|e| e["detail"]["address"] == "127.0.0.2" && e["detail"]["user"] == "sam"));
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
fn an_unknown_name_takes_as_long_as_a_known_one() {
    let s = setup();
    let srv = Server::start(&s);
    // Each attempt from its own address: only the password check is timed.
    let time = |name: &str, from: String| {
        let mut form = Form::open(&srv, &from);
        let t = Instant::now();
        assert_eq!(form.post(&srv, name, "wrong password"), StatusCode::UNAUTHORIZED);
        t.elapsed()
    };
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for i in 0..LIMIT {
        known.push(time("sam", format!("127.0.1.{i}")));
        unknown.push(time(&format!("nobody{i}"), format!("127.0.2.{i}")));
    }
    let (known, unknown) = (median(known), median(unknown));
    eprintln!("failed login, median of {LIMIT}: known name {known:?}, unknown name {unknown:?}");
    assert!(unknown * 2 >= known, "unknown {unknown:?} vs known {known:?}: the name's existence shows");
}

#[test]
fn a_huge_user_name_goes_into_the_log_bounded() {
    let s = setup();
    let srv = Server::start(&s);
    let huge = "a".repeat(3 << 20);
    assert_eq!(Form::open(&srv, "127.0.0.1").post(&srv, &huge, "x"), StatusCode::UNAUTHORIZED);
    let failed = failed_logins(&s);
    assert_eq!(failed.len(), 1);
    let entry = failed[0].to_string();
    assert!(entry.len() < 1000, "the entry is {} bytes", entry.len());
    assert_ne!(failed[0]["actor"], huge.as_str());
}

/// Bounded load on loopback: 20 clients log in 10 times each (20 users),
/// stopping early after 60 s; prints logins per second and errors.
/// `cargo test --release --test web_login -- --ignored --nocapture`
#[test]
#[ignore = "load measurement; run on demand"]
fn login_load_with_twenty_clients() {
    const CLIENTS: usize = 20;
    const EACH: usize = 10;
    let s = Setup::new();
    for i in 0..CLIENTS {
        s.user(&format!("user{i}"), "practitioner", PW);
    }
    let srv = Server::start(&s);
    let barrier = Arc::new(Barrier::new(CLIENTS));
    let deadline = Duration::from_secs(60);
    let start = Instant::now();
    let results: Vec<(usize, usize)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|i| {
                let barrier = barrier.clone();
                let srv = &srv;
                scope.spawn(move || {
                    barrier.wait();
                    let (mut ok, mut errors) = (0, 0);
                    for _ in 0..EACH {
                        if start.elapsed() > deadline {
                            break;
                        }
                        match Form::open(srv, "127.0.0.1").post(srv, &format!("user{i}"), PW) {
                            StatusCode::SEE_OTHER => ok += 1,
                            _ => errors += 1,
                        }
                    }
                    (ok, errors)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("thread")).collect()
    });
    let secs = start.elapsed().as_secs_f64();
    let ok: usize = results.iter().map(|r| r.0).sum();
    let errors: usize = results.iter().map(|r| r.1).sum();
    eprintln!("{CLIENTS} clients: {ok} logins in {secs:.1} s = {:.1} logins/s, {errors} errors", ok as f64 / secs);
    assert_eq!(errors, 0);
}
