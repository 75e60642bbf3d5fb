//! A nursery can run it: HTTPS off the laptop with the setting's own
//! certificate authority, photos from the iPad's browser through the one
//! gate, and a locked start unlocked by a manager over HTTPS. Through the
//! real binary (`serve` on 0.0.0.0), with a client that trusts only the
//! setting's authority.

use crate::common::{fixture, Server, Setup};
use reqwest::blocking::{multipart, Client};
use reqwest::StatusCode;
use std::time::{Duration, Instant};

const MANAGER_PW: &str = "manager-pass-1";
const PRACT_PW: &str = "practitioner-pass-1";

/// A client that trusts the setting's authority and nothing else.
fn trusting(s: &Setup) -> Client {
    let ca = std::fs::read(s.data().join("tls/ca.crt")).expect("the setting's CA");
    Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(&ca).expect("pem"))
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

fn login(c: &Client, srv: &Server, name: &str, pw: &str) -> String {
    let (set, csrf) = crate::common::log_in(c, srv, name, pw);
    assert!(set.contains("cg_session=") && set.contains("Secure"), "cookies are Secure over TLS: {set}");
    csrf
}

const PASSPHRASE: &str = "a long passphrase for the vault";

fn unlock(c: &Client, srv: &Server, csrf: &str, passphrase: &str) -> reqwest::blocking::Response {
    c.post(srv.url("/unlock")).form(&[("csrf", csrf), ("passphrase", passphrase)]).send().expect("unlock")
}

fn setting(s: &Setup) {
    s.seed();
    s.device("ipad1", "Apple", "iPhone 7");
    s.user("sam", "manager", MANAGER_PW);
    s.user("jess", "practitioner", PRACT_PW);
}

/// Waits for the watcher to have taken `n` photos in.
fn photos_after(s: &Setup, n: usize) -> Vec<serde_json::Value> {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let list = s.json(&["photo", "list"]);
        let list = list.as_array().cloned().unwrap_or_default();
        if list.len() >= n || Instant::now() > until {
            return list;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(files_under(&e.path()));
        } else {
            out.push(e.file_name().to_string_lossy().to_string());
        }
    }
    out
}

#[test]
fn off_the_laptop_it_speaks_https_with_the_settings_own_authority() {
    let s = Setup::new();
    setting(&s);
    let srv = Server::start_on(&s, &[], "0.0.0.0:0");
    assert!(srv.base.starts_with("https://127.0.0.1:"), "{}", srv.base);
    // The authority and the server key were made once, private.
    use std::os::unix::fs::PermissionsExt;
    for key in ["ca.key", "server.key"] {
        let mode = std::fs::metadata(s.data().join("tls").join(key)).expect("key").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{key}");
    }
    // A client that trusts only the setting's authority: the handshake holds.
    let c = trusting(&s);
    assert_eq!(c.get(srv.url("/login")).send().expect("https").status(), StatusCode::OK);
    login(&c, &srv, "sam", MANAGER_PW);
    // A client with only the public roots refuses it: nothing was trusted
    // that should not be.
    let public = Client::builder().tls_built_in_root_certs(false).build().expect("client");
    let err = public.get(srv.url("/login")).send().expect_err("an unknown authority");
    assert!(format!("{err:?}").to_lowercase().contains("certificate"), "{err:?}");
    // Plain HTTP on the same port gets no page and no cookie: a redirect.
    let plain = srv.base.replace("https://", "http://");
    let res = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
        .get(format!("{plain}/login"))
        .send()
        .expect("plain http");
    assert_eq!(res.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(res.headers()["location"], format!("{}/login", srv.base).as_str());
    assert!(res.headers().get("set-cookie").is_none());
    assert!(!res.text().expect("body").contains("<form"), "no page over plain HTTP");
    // The setup pages need no login and carry only the public certificate.
    let anon = trusting(&s);
    let ca = anon.get(srv.url("/setup/ca.crt")).send().expect("ca");
    assert_eq!(ca.headers()["content-type"], "application/x-x509-ca-cert");
    let ca = ca.text().expect("pem");
    assert_eq!(ca, std::fs::read_to_string(s.data().join("tls/ca.crt")).expect("ca"));
    assert!(!ca.contains("PRIVATE"));
    let profile = anon.get(srv.url("/setup/ipad.mobileconfig")).send().expect("profile");
    assert_eq!(profile.headers()["content-type"], "application/x-apple-aspen-config");
    let profile = profile.text().expect("xml");
    assert!(profile.contains("com.apple.security.root") && profile.contains("com.apple.webClip.managed"), "{profile}");
    assert!(!profile.contains("PRIVATE"));
    let page = anon.get(srv.url("/setup")).send().expect("setup").text().expect("html");
    assert!(page.contains("<svg") && page.contains("Certificate Trust Settings"), "{page}");
    assert!(page.contains("SHA-256 fingerprint"), "the fingerprint to compare");
}

#[test]
fn photos_from_the_ipads_browser_go_through_the_one_gate() {
    let s = Setup::new();
    setting(&s);
    // Small limits, so that "too big" needs no large file.
    let srv = Server::start_on(&s, &[("CONSENTGATE__LIMITS__MAX_IMAGE_BYTES", "200000")], "0.0.0.0:0");
    let c = trusting(&s);
    let csrf = login(&c, &srv, "jess", PRACT_PW);
    let page = c.get(srv.url("/upload")).send().expect("upload page").text().expect("html");
    assert!(page.contains("ipad1") && page.contains("multipart/form-data"), "{page}");
    let jpeg = std::fs::read(fixture("real_apple_iphone7.jpg")).expect("fixture");
    let photo = |name: &str, bytes: Vec<u8>| {
        multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str("image/jpeg").expect("mime")
    };
    let post = |form: multipart::Form| c.post(srv.url("/upload")).multipart(form).send().expect("upload");
    let inbox = s.inbox().join("ipad1");

    // Without the session's token: refused, nothing written.
    let res = post(
        multipart::Form::new()
            .text("csrf", "forged")
            .text("device", "ipad1")
            .part("photos", photo("a.jpg", jpeg.clone())),
    );
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = post(multipart::Form::new().text("device", "ipad1").part("photos", photo("a.jpg", jpeg.clone())));
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Not an image: 415, nothing left behind.
    let res = post(
        multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("device", "ipad1")
            .part("photos", photo("notes.jpg", b"Dear parents, the trip is on Friday. ".repeat(4))),
    );
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(res.text().expect("html").contains("is not a photo or a video"));
    // Too big: 413 with the limit in words.
    let mut big = jpeg.clone();
    big.resize(300_000, 0);
    let res = post(
        multipart::Form::new().text("csrf", csrf.clone()).text("device", "ipad1").part("photos", photo("big.jpg", big)),
    );
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(res.text().expect("html").contains("too big"));
    // A device that is not the setting's, or a path: refused.
    let res = post(
        multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("device", "../../etc")
            .part("photos", photo("x.jpg", jpeg.clone())),
    );
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(files_under(&s.inbox()).is_empty(), "nothing was written: {:?}", files_under(&s.inbox()));
    assert!(photos_after(&s, 0).is_empty());

    // The real thing: an Apple JPEG, named as a browser might send a path.
    let res = post(
        multipart::Form::new()
            .text("csrf", csrf.clone())
            .text("device", "ipad1")
            .part("photos", photo("../../IMG_0001.JPG", jpeg.clone())),
    );
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/tag");
    let queue = c.get(srv.url("/tag")).send().expect("queue").text().expect("html");
    assert!(queue.contains("IMG_0001.JPG") && queue.contains("being checked"), "the progress line: {queue}");
    let photos = photos_after(&s, 1);
    assert_eq!(photos.len(), 1, "{photos:?}");
    let p = &photos[0];
    assert_eq!(p["state"], "awaiting_tags", "decided by the gate: {p}");
    assert_eq!(p["device"], "ipad1");
    assert!(files_under(&inbox).is_empty(), "taken from the inbox: {:?}", files_under(&inbox));
    let audit = s.json(&["audit", "list"]);
    assert!(audit.to_string().contains("\"upload\""), "the upload is audited");
}

#[test]
fn a_locked_start_ingests_and_a_manager_unlocks_it_over_https() {
    let s = Setup::with_passphrase(PASSPHRASE);
    setting(&s);
    let srv = Server::start_on(&s, &[], "0.0.0.0:0");
    // Photos come in while locked: checked and encrypted with the recipient.
    std::fs::copy(fixture("camera_motorola_moto_g9_small.jpg"), s.inbox().join("phone.jpg")).expect("copy");
    let photos = photos_after(&s, 1);
    assert_eq!(photos.len(), 1);
    let id = photos[0]["id"].as_str().expect("id").to_string();
    let c = trusting(&s);
    let csrf = login(&c, &srv, "sam", MANAGER_PW);
    let queue = c.get(srv.url("/tag")).send().expect("queue").text().expect("html");
    assert!(queue.contains("is locked"), "{queue}");
    // What must decrypt says so and offers the unlock page.
    let res = c.get(srv.url(&format!("/quarantine/{id}/preview"))).send().expect("preview");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.text().expect("html").contains("/unlock"));
    // A practitioner cannot unlock.
    let p = trusting(&s);
    let p_csrf = login(&p, &srv, "jess", PRACT_PW);
    let res = unlock(&p, &srv, &p_csrf, PASSPHRASE);
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nor a forged form.
    let res = unlock(&c, &srv, "forged", PASSPHRASE);
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // A wrong passphrase is refused, then the right one unlocks.
    let res = unlock(&c, &srv, &csrf, "wrong");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().expect("html").contains("not the passphrase"));
    let res = unlock(&c, &srv, &csrf, PASSPHRASE);
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let thumb = c.get(srv.url(&format!("/photo/{id}/thumb"))).send().expect("thumb");
    assert_eq!(thumb.status(), StatusCode::OK);
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    let audit = s.json(&["audit", "list"]).to_string();
    assert!(audit.contains("service.unlock.failed") && audit.contains("\"service.unlock\""), "{audit}");
    // Nothing secret was written for it: the identity is still protected,
    // and no file of the setup holds the key in the clear.
    let identity = std::fs::read(s.data().join("identity.age")).expect("the identity");
    assert!(identity.starts_with(b"age-encryption.org/v1") || identity.starts_with(b"-----BEGIN AGE ENCRYPTED FILE"));
    fn holds_a_key(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(holds_a_key(&p));
            } else if std::fs::read(&p).is_ok_and(|b| b.windows(15).any(|w| w == b"AGE-SECRET-KEY-")) {
                out.push(p);
            }
        }
        out
    }
    assert_eq!(holds_a_key(&s.root()), Vec::<std::path::PathBuf>::new());
    drop(srv);

    // Wrong passphrases are throttled like logins: after five, even the
    // right one waits.
    let srv = Server::start_on(&s, &[], "0.0.0.0:0");
    let c = trusting(&s);
    let csrf = login(&c, &srv, "sam", MANAGER_PW);
    for _ in 0..5 {
        let res = unlock(&c, &srv, &csrf, "wrong");
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let res = unlock(&c, &srv, &csrf, PASSPHRASE);
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

/// The package's way in: its config names the folders; `init` without
/// `--dir` makes them and the identity and fills in the recipient; then
/// `doctor` finds nothing wrong, and says so in words when something is.
#[test]
fn the_packages_config_is_set_up_in_place_and_the_doctor_reads_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("var-lib-consentgate");
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/dist/consentgate.toml"))
        .expect("the package's config")
        .replace("/var/lib/consentgate", root.to_str().expect("path"));
    let config = dir.path().join("consentgate.toml");
    std::fs::write(&config, &text).expect("write");
    let cg = || {
        let mut c = assert_cmd::Command::cargo_bin("consentgate").expect("binary");
        c.env("CONSENTGATE_CONFIG", &config).env_remove("CONSENTGATE_TODAY");
        c
    };
    // Before init the doctor names what is missing, and fails.
    let out = cg().arg("doctor").output().expect("doctor");
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("PROBLEM  identity") && said.contains("run `consentgate init`"), "{said}");
    let out = cg().arg("init").env("CONSENTGATE_PASSPHRASE", PASSPHRASE).output().expect("init");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let after = std::fs::read_to_string(&config).expect("config");
    assert!(after.contains("recipients = [\"age1"), "the recipient is filled in");
    assert_eq!(after.lines().count(), text.lines().count(), "nothing else in the file changed");
    // A second init refuses: the setting is set up.
    let out = cg().arg("init").env("CONSENTGATE_PASSPHRASE", PASSPHRASE).output().expect("init");
    assert_eq!(out.status.code(), Some(2));
    // Warnings (no off-site copy) do not fail it; the JSON says the same.
    let out = cg().arg("doctor").output().expect("doctor");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let checks: serde_json::Value =
        serde_json::from_slice(&cg().args(["doctor", "--json"]).output().expect("doctor").stdout).expect("json");
    let status =
        |name: &str| checks.as_array().expect("list").iter().find(|c| c["name"] == name).map(|c| c["status"].clone());
    assert_eq!(status("identity"), Some("ok".into()));
    assert_eq!(status("audit log"), Some("ok".into()));
    assert_eq!(status("off-site copy"), Some("warning".into()));
    // The identity open to others is a problem, in words.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root.join("data/identity.age"), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = cg().arg("doctor").output().expect("doctor");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("chmod 600"));
}
