//! The pages through the running service, `consentgate serve`: what a
//! test in the process cannot reach. Its config as the environment changes
//! it, its daily duties at start (a photo found overdue), its own temporary
//! folder while a zip streams out, and the failpoints that stop a download
//! half way, each set in the service's environment.

use super::{ingested, photos, setup, MANAGER_PW};
use crate::common::{self, Server, Setup};
use reqwest::blocking::Client;
use reqwest::StatusCode;

#[test]
fn session_cookies_are_secure_when_configured_for_tls() {
    let s = setup();
    let srv = Server::start_with(&s, &[("CONSENTGATE__WEB__SECURE_COOKIES", "true")]);
    let res = reqwest::blocking::get(srv.url("/login")).expect("login page");
    let cookie = res.headers()["set-cookie"].to_str().unwrap_or("").to_string();
    assert!(cookie.contains("; Secure"), "{cookie}");
}

/// Logs in to the service; returns the client and the session's CSRF token.
fn login(srv: &Server, name: &str, pw: &str) -> (Client, String) {
    let c = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let (_, csrf) = common::log_in(&c, srv, name, pw);
    (c, csrf)
}

#[test]
fn a_photo_whose_tagging_time_ran_out_is_sent_back_from_its_card() {
    let s = setup();
    let (waiting, _) = photos(&s);
    let received = s.json(&["photo", "show", &waiting])["received_at"].as_str().expect("received")[..10].to_string();
    let received = chrono::NaiveDate::parse_from_str(&received, "%Y-%m-%d").expect("date");
    let late = (received + chrono::Days::new(9)).to_string();
    // The service starts 9 days on: its daily duties find the photo overdue.
    let srv = Server::start_with(&s, &[("CONSENTGATE_TODAY", &late)]);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let mut held = String::new();
    for _ in 0..100 {
        if s.json(&["photo", "show", &waiting])["state"] == "quarantined" {
            held = m.get(srv.url("/quarantine?reason=tagging_overdue")).send().expect("q").text().expect("text");
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(held.contains("nobody tagged the children in time"), "{held}");
    assert!(held.contains("Send back for tagging") && held.contains("7 days from today"), "{held}");
    let res = m
        .post(srv.url(&format!("/quarantine/{waiting}/send-back")))
        .form(&[("csrf", token.as_str()), ("note", "back from half term")])
        .send()
        .expect("send back");
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().expect("text");
    assert!(text.contains("back in the tagging queue, with 7 days from today"), "{text}");
    assert_eq!(s.json(&["photo", "show", &waiting])["state"], "awaiting_tags");
    let queue = m.get(srv.url("/tag")).send().expect("tag").text().expect("text");
    assert!(queue.contains(&waiting[..8]) || queue.contains("a.jpg"), "it is in the tagging queue again: {queue}");
}

#[test]
fn a_childs_page_sets_the_leaving_date_and_downloads_the_learning_journey() {
    let s = setup();
    let kept = s.arrive_phone("kept.jpg", 1, r#"{"children": ["C001"]}"#);
    assert_eq!(s.json(&["photo", "show", &kept])["state"], "stored");
    // and a video from the iPad, with its location and a caption
    s.device("ipad1", "Apple", "iPad (9th generation)");
    std::fs::write(s.inbox().join("ipad1/IMG_0100.MOV.tags.json"), r#"{"children": ["C001"]}"#).expect("sidecar");
    std::fs::copy(common::fixture("generated_ipad_gps.mov"), s.inbox().join("ipad1/IMG_0100.MOV")).expect("video");
    let v = s.json(&["ingest", "--once"]);
    // A video is watched by a manager before it is kept for use.
    let video = ingested(&v, "ipad1/IMG_0100.MOV");
    s.ok(&["quarantine", "release", &video[..12], "--note", "watched: Millie alone"]);
    // The server's temporary folder: the download must leave nothing there,
    // not even for a moment (it is looked at while the zip is half sent).
    let tmp = tempfile::tempdir().expect("tmp");
    let srv = Server::start_with(&s, &[("TMPDIR", tmp.path().to_str().expect("utf-8"))]);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let page = m.get(srv.url("/children/C001")).send().expect("child").text().expect("text");
    assert!(page.contains("Download the learning journey") && page.contains("Save the leaving date"), "{page}");

    // The download: one zip of clean copies, never cached, recorded.
    let touched = || std::fs::metadata(tmp.path()).and_then(|m| m.modified()).expect("mtime");
    let before = touched();
    let res = m.post(srv.url("/children/C001/export")).form(&[("csrf", token.as_str())]).send().expect("export");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers()["content-disposition"].to_str().expect("cd").contains("learning-journey-C001-"));
    let mut res = res;
    let mut bytes = vec![0u8; 4096];
    std::io::Read::read_exact(&mut res, &mut bytes).expect("the first bytes");
    assert!(common::files_in(tmp.path()).is_empty(), "nothing on disk while the zip is sent");
    std::io::Read::read_to_end(&mut res, &mut bytes).expect("the rest");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    assert_eq!(zip.len(), 2, "the photo and the video");
    let dir = tempfile::tempdir().expect("tmp");
    let names: Vec<String> = zip.file_names().map(|n| n.expect("name").into_owned()).collect();
    for name in &names {
        assert!(name.starts_with("C001_"), "no child's name in a file name: {name}");
        let path = dir.path().join(name);
        std::io::copy(&mut zip.by_name(name).expect("entry"), &mut std::fs::File::create(&path).expect("create"))
            .expect("copy");
        if name.ends_with(".jpg") {
            common::assert_no_metadata(&path);
        } else {
            let video = std::fs::read(&path).expect("video");
            assert_eq!(video.len(), std::fs::read(common::fixture("generated_ipad_gps.mov")).expect("orig").len());
            for needle in [&b"+52."[..], b"Millie", b"iPad"] {
                assert!(!video.windows(needle.len()).any(|w| w == needle), "{name} still has {needle:?}");
            }
        }
    }
    let log = s.ok(&["disclosures", "--json"]);
    assert_eq!(log.matches("web download by sam").count(), 2, "each file on the log: {log}");
    let audit = s.json(&["audit", "list", "--json"]).to_string();
    assert!(audit.contains(r#""complete":true"#), "the export's own entry says it finished: {audit}");
    assert!(common::files_in(tmp.path()).is_empty(), "nothing left on disk");
    assert_eq!(touched(), before, "nothing was even made and removed there");

    // Without the token: refused.
    let res = m.post(srv.url("/children/C001/export")).form(&[("csrf", "wrong")]).send().expect("export");
    assert_ne!(res.status(), StatusCode::OK);

    // A leaving date before the start date is refused, in words; a good one is kept.
    let res = m
        .post(srv.url("/children/C001/leave"))
        .form(&[("csrf", token.as_str()), ("on", "01/01/2020")])
        .send()
        .expect("leave");
    let text = res.text().expect("text");
    assert!(text.contains("before Amelia Rose's start date"), "{text}");
    let res = m
        .post(srv.url("/children/C001/leave"))
        .form(&[("csrf", token.as_str()), ("on", "2027-07-20")])
        .send()
        .expect("leave");
    let text = res.text().expect("text");
    assert!(text.contains("Amelia Rose leaves on 20/07/2027"), "{text}");
    let children = s.json(&["child", "list"]);
    assert_eq!(children[0]["left"], "2027-07-20", "{children}");
}

/// Waits until the disclosure log holds `n` entries of a web download.
fn wait_for_disclosures(s: &Setup, n: usize) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while s.ok(&["disclosures", "--json"]).matches("web download by sam").count() < n {
        assert!(std::time::Instant::now() < until, "the download never reached photo {n}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_learning_journey_download_checks_each_photo_again_as_it_goes() {
    let s = setup();
    s.arrive_phone("a.jpg", 1, r#"{"children": ["C001"]}"#);
    s.arrive_phone("b.jpg", 2, r#"{"children": ["C001"]}"#);
    // The server stops after the first photo until the test says go.
    let gate = s.root().join("gate");
    let srv = Server::start_with(
        &s,
        &[("CONSENTGATE_FAILPOINT", "zip_child_between_photos"), ("CONSENTGATE_GATE", gate.to_str().expect("utf-8"))],
    );
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let res = m.post(srv.url("/children/C001/export")).form(&[("csrf", token.as_str())]).send().expect("export");
    assert_eq!(res.status(), StatusCode::OK);
    wait_for_disclosures(&s, 1);
    // Millie's parent withdraws her learning-journey consent meanwhile.
    s.ok(&["consent", "withdraw", "C001", "learning_journey", "--by", "G001", "--on", "2026-11-22"]);
    std::fs::write(&gate, "").expect("gate");
    let bytes = res.bytes().expect("zip");
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a whole zip");
    assert_eq!(zip.len(), 1, "the photo after the withdrawal stays out");
    let log = s.json(&["disclosures", "--json"]);
    let log = log.as_array().expect("the log");
    assert_eq!(log.len(), 1, "{log:?}");
    assert!(
        log[0]["takedowns"].as_array().is_some_and(|t| !t.is_empty()),
        "the photo that went before the withdrawal is to be taken down: {log:?}"
    );
    let audit = s.json(&["audit", "list", "--json"]).to_string();
    assert!(audit.contains("no longer may go in the learning journey"), "{audit}");
    assert!(audit.contains(r#""complete":true"#), "{audit}");
}

#[test]
fn a_learning_journey_download_that_fails_fails_for_the_client_too() {
    let s = setup();
    s.arrive_phone("a.jpg", 1, r#"{"children": ["C001"]}"#);
    s.arrive_phone("b.jpg", 2, r#"{"children": ["C001"]}"#);
    let srv = Server::start_with(&s, &[("CONSENTGATE_FAILPOINT", "zip_child_fails")]);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let res = m.post(srv.url("/children/C001/export")).form(&[("csrf", token.as_str())]).send().expect("export");
    assert_eq!(res.status(), StatusCode::OK, "the headers went before the failure");
    assert!(res.bytes().is_err(), "a broken download, not a short zip that looks whole");
    // What did go out is on the log; the export's entry says it did not finish.
    let log = s.ok(&["disclosures", "--json"]);
    assert_eq!(log.matches("web download by sam").count(), 1, "{log}");
    let audit = s.json(&["audit", "list", "--json"]).to_string();
    assert!(audit.contains(r#""complete":false"#), "{audit}");
}
