//! The web UI at the HTTP level: login required everywhere, roles, CSRF,
//! throttling, headers, and that a practitioner never receives an image
//! they may not see. The router runs in the test's own process
//! (`common::app`), request by request; `served` holds what needs the
//! running `consentgate serve`.

#[path = "../common/mod.rs"]
mod common;
mod served;

use axum::http::StatusCode;
use common::app::{App, Client, Multipart, Response};
use common::{fixture, value_of, Setup};

const MANAGER_PW: &str = "manager password 1";
const PRACT_PW: &str = "practitioner password 1";

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s.user("sam", "manager", MANAGER_PW);
    s.user("jess", "practitioner", PRACT_PW);
    s
}

/// A photo waiting for tags and one in the quarantine (the phone photo at a
/// quarter of its size).
fn photos(s: &Setup) -> (String, String) {
    photos_from(s, "camera_motorola_moto_g9_small.jpg")
}

/// [`photos`] from another of the phone's photos in `fixtures/`.
fn photos_from(s: &Setup, fixture_name: &str) -> (String, String) {
    std::fs::copy(fixture(fixture_name), s.inbox().join("phone1/a.jpg")).expect("copy");
    let mut other = std::fs::read(fixture(fixture_name)).expect("read");
    other.extend_from_slice(b"variant q");
    std::fs::write(s.inbox().join("phone1/q.jpg"), other).expect("write");
    std::fs::write(s.inbox().join("phone1/q.jpg.tags.json"), r#"{"children": ["Zara"]}"#).expect("sidecar");
    let v = s.json(&["ingest", "--once"]);
    let files = v["files"].as_array().expect("files");
    let id = |f: &str| files.iter().find(|e| e["file"] == f).and_then(|e| e["photo"].as_str()).expect("id").to_string();
    (id("phone1/a.jpg"), id("phone1/q.jpg"))
}

/// A response, or the page its redirect leads to (Save and next).
fn followed(c: &Client, srv: &App, res: Response) -> (StatusCode, String) {
    if res.status() == StatusCode::SEE_OTHER {
        let to = res.headers()["location"].to_str().expect("location").to_string();
        let next = c.get(srv.url(&to)).send().expect("follow");
        (next.status(), next.text().expect("text"))
    } else {
        (res.status(), res.text().expect("text"))
    }
}

/// POSTs `form` with the session's CSRF token.
fn post_with(c: &Client, srv: &App, token: &str, path: &str, form: &[(&str, &str)]) -> Response {
    let mut f = form.to_vec();
    f.push(("csrf", token));
    c.post(srv.url(path)).form(&f).send().expect("post")
}

/// Logs in; returns the client and the session's CSRF token.
fn login<'a>(srv: &'a App, name: &str, pw: &str) -> (Client<'a>, String) {
    let c = srv.client();
    let page = c.get(srv.url("/login")).send().expect("login page").text().expect("text");
    let token = value_of(&page, "csrf");
    let res =
        c.post(srv.url("/login")).form(&[("name", name), ("password", pw), ("csrf", &token)]).send().expect("login");
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{name} logs in");
    let set = res.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join("\n");
    assert!(set.contains("cg_session=") && set.contains("HttpOnly") && set.contains("SameSite=Strict"), "{set}");
    let tag = c.get(srv.url("/tag")).send().expect("tag").text().expect("text");
    (c, value_of(&tag, "csrf"))
}

const GET_ROUTES: &[&str] = &[
    "/",
    "/tag",
    "/quarantine",
    "/register",
    "/devices",
    "/retention",
    "/audit",
    "/incidents",
    "/disclosures",
    "/users",
];
const MANAGER_GETS: &[&str] =
    &["/quarantine", "/register", "/devices", "/retention", "/audit", "/incidents", "/disclosures", "/users"];

#[test]
fn every_page_but_login_requires_a_session() {
    let s = setup();
    let (a, q) = photos(&s);
    let srv = App::start(&s);
    let c = srv.client();
    let mut gets: Vec<String> = GET_ROUTES.iter().map(|r| r.to_string()).collect();
    gets.extend([format!("/tag/{a}"), format!("/photo/{a}/thumb"), format!("/photo/{q}/thumb")]);
    for path in &gets {
        let res = c.get(srv.url(path)).send().expect("get");
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "GET {path}");
        assert_eq!(res.headers()["location"], "/login", "GET {path}");
    }
    let posts = [
        format!("/tag/{a}"),
        format!("/report/{a}"),
        format!("/quarantine/{q}/release"),
        format!("/quarantine/{q}/delete"),
        "/register/consent".into(),
        "/register/child".into(),
        "/register/guardian".into(),
        "/devices".into(),
        "/devices/phone1/remove".into(),
        "/audit/verify".into(),
        "/disclosures/export".into(),
        "/disclosures/sar".into(),
        "/disclosures/1/done".into(),
        "/logout".into(),
    ];
    for path in &posts {
        let res = c.post(srv.url(path)).form(&[("csrf", "x"), ("note", "x")]).send().expect("post");
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "POST {path}");
    }
    // nothing changed
    assert_eq!(s.json(&["photo", "show", &q])["state"], "quarantined");
    assert_eq!(s.json(&["device", "list"]).as_array().map(Vec::len), Some(1));
    // the login page and static files are public
    assert_eq!(c.get(srv.url("/login")).send().expect("login").status(), StatusCode::OK);
    assert_eq!(c.get(srv.url("/static/app.css")).send().expect("css").status(), StatusCode::OK);
}

#[test]
fn each_role_reaches_only_its_pages() {
    let s = setup();
    let (a, q) = photos(&s);
    let srv = App::start(&s);
    let (p, p_csrf) = login(&srv, "jess", PRACT_PW);
    assert_eq!(p.get(srv.url("/")).send().expect("home").headers()["location"], "/tag");
    for path in ["/tag".to_string(), format!("/tag/{a}")] {
        assert_eq!(p.get(srv.url(&path)).send().expect("get").status(), StatusCode::OK, "{path}");
    }
    for path in MANAGER_GETS {
        assert_eq!(p.get(srv.url(path)).send().expect("get").status(), StatusCode::FORBIDDEN, "{path}");
    }
    let res = p
        .post(srv.url(&format!("/quarantine/{q}/delete")))
        .form(&[("csrf", p_csrf.as_str()), ("note", "x")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = p.post(srv.url("/register/consent")).form(&[("csrf", p_csrf.as_str())]).send().expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // No image of a photo they may not see: the quarantined one.
    let res = p.get(srv.url(&format!("/photo/{q}/thumb"))).send().expect("thumb");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(!res.headers()["content-type"].to_str().unwrap_or("").starts_with("image/"));
    let res = p.get(srv.url(&format!("/tag/{q}"))).send().expect("tag page");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // The waiting one: a JPEG, never cached.
    let res = p.get(srv.url(&format!("/photo/{a}/thumb"))).send().expect("thumb");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let img = image::load_from_memory(&res.bytes().expect("bytes")).expect("a real thumbnail");
    assert!(img.width() <= 384);

    let (m, _) = login(&srv, "sam", MANAGER_PW);
    assert_eq!(m.get(srv.url("/")).send().expect("home").headers()["location"], "/quarantine");
    for path in GET_ROUTES.iter().skip(1) {
        assert_eq!(m.get(srv.url(path)).send().expect("get").status(), StatusCode::OK, "{path}");
    }
    assert_eq!(m.get(srv.url(&format!("/photo/{q}/thumb"))).send().expect("thumb").status(), StatusCode::OK);
}

#[test]
fn a_post_without_the_sessions_csrf_token_is_refused() {
    let s = setup();
    let (a, q) = photos(&s);
    let srv = App::start(&s);
    let (p, _) = login(&srv, "jess", PRACT_PW);
    let res =
        p.post(srv.url(&format!("/tag/{a}"))).form(&[("csrf", "forged"), ("child", "C001")]).send().expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = p.post(srv.url(&format!("/tag/{a}"))).form(&[("child", "C001")]).send().expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(s.json(&["photo", "show", &a])["state"], "awaiting_tags", "nothing changed");
    let (m, m_csrf) = login(&srv, "sam", MANAGER_PW);
    let res = m
        .post(srv.url(&format!("/quarantine/{q}/delete")))
        .form(&[("csrf", "nope"), ("note", "x")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(s.json(&["photo", "show", &q])["state"], "quarantined");
    // another session's token does not work either
    let (_, other_csrf) = login(&srv, "sam", MANAGER_PW);
    assert_ne!(other_csrf, m_csrf);
    let res = m.post(srv.url("/logout")).form(&[("csrf", other_csrf.as_str())]).send().expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // the right one logs out, and the session is gone
    let res = m.post(srv.url("/logout")).form(&[("csrf", m_csrf.as_str())]).send().expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(m.get(srv.url("/quarantine")).send().expect("get").status(), StatusCode::SEE_OTHER);
    // Every POST route of the router, read from its source so that a new
    // one cannot be missed, refuses a manager's form with a forged token.
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let router = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/web/mod.rs")).expect("router");
    let mut checked = 0;
    for line in router.lines().map(str::trim).filter(|l| l.starts_with(".route(\"") && l.contains("post(")) {
        let path = line.split('"').nth(1).expect("a path");
        if path == "/login" {
            continue; // before a session: its own token, checked below
        }
        let path = path
            .replace(
                "{id}",
                match path {
                    p if p.starts_with("/quarantine") => &q,
                    p if p.starts_with("/children") => "C001",
                    p if p.starts_with("/disclosures") => "1",
                    p if p.starts_with("/devices") => "phone1",
                    _ => &a,
                },
            )
            .replace("{action}", "release")
            .replace("{name}", "jess")
            .replace("{incident}", "1");
        let res = if path == "/register/import" || path == "/upload" {
            let form = Multipart::new().text("csrf", "forged").text("kind", "children").text("device", "phone1");
            m.post(srv.url(&path)).multipart(form).send().expect("post")
        } else {
            m.post(srv.url(&path)).form(&[("csrf", "forged"), ("note", "x"), ("child", "C001")]).send().expect("post")
        };
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "POST {path} with a forged token");
        checked += 1;
    }
    assert!(checked >= 24, "checked {checked} POST routes");
    assert_eq!(s.json(&["photo", "show", &q])["state"], "quarantined");
    assert_eq!(s.json(&["photo", "show", &a])["state"], "awaiting_tags");
    // a login form without its cookie is refused
    let res = srv
        .client()
        .post(srv.url("/login"))
        .form(&[("name", "sam"), ("password", MANAGER_PW), ("csrf", "x")])
        .send()
        .expect("login");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[test]
fn repeated_failed_logins_are_throttled() {
    let s = setup();
    let srv = App::start(&s);
    let c = srv.client();
    for i in 0..5 {
        let page = c.get(srv.url("/login")).send().expect("page").text().expect("text");
        let token = value_of(&page, "csrf");
        let res = c
            .post(srv.url("/login"))
            .form(&[("name", "sam"), ("password", "wrong"), ("csrf", &token)])
            .send()
            .expect("post");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    let page = c.get(srv.url("/login")).send().expect("page").text().expect("text");
    let token = value_of(&page, "csrf");
    let res = c
        .post(srv.url("/login"))
        .form(&[("name", "sam"), ("password", MANAGER_PW), ("csrf", &token)])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    let log = s.json(&["audit", "list"]);
    let failed = log.as_array().expect("log").iter().filter(|e| e["action"] == "login.failed").count();
    assert_eq!(failed, 5, "failed logins are audited");
}

#[test]
fn pages_carry_security_headers_and_no_names_in_urls() {
    let s = setup();
    let (a, _) = photos(&s);
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    for path in GET_ROUTES.iter().skip(1).map(|p| p.to_string()).chain([format!("/tag/{a}")]) {
        let res = m.get(srv.url(&path)).send().expect("get");
        let h = res.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap_or("");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["cache-control"], "no-store", "{path}");
        let html = res.text().expect("text");
        assert!(!html.contains("<script>") && !html.contains(" onclick="), "{path}: no inline script");
        for href in
            html.split("href=\"").skip(1).chain(html.split("action=\"").skip(1)).chain(html.split("src=\"").skip(1))
        {
            let url = href.split('"').next().unwrap_or("");
            for name in ["Amelia", "Millie", "Ben", "Chloe", "Rose"] {
                assert!(!url.contains(name), "{path}: a child's name in the URL {url}");
            }
        }
    }
}

#[test]
fn csv_import_through_the_page_is_all_or_nothing() {
    let s = setup();
    let srv = App::start(&s);
    let (m, csrf) = login(&srv, "sam", MANAGER_PW);
    let upload = |kind: &str, csv: &str| {
        let form =
            Multipart::new().text("csrf", csrf.clone()).text("kind", kind).file("file", "register.csv", csv.as_bytes());
        m.post(srv.url("/register/import")).multipart(form).send().expect("upload")
    };
    let bad = "child,purpose,action,by,date,review_by,evidence\nC001,website,grant,G001,2026-10-01,,form\nZara,website,grant,G001,2026-10-01,,\nC002,website,grant,G002,2026-31-01,,\n";
    let res = upload("consent", bad);
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let text = res.text().expect("text");
    assert!(text.contains("line 3") && text.contains("line 4") && text.contains("nothing was imported"), "{text}");
    assert!(text.contains("register.csv: 2 problem(s)"), "the file as the manager chose it: {text}");
    assert_eq!(s.json(&["consent", "show", "C001"])["history"].as_array().map(Vec::len), Some(3), "nothing written");
    let good = "child,purpose,action,by,date,review_by,evidence\nC001,website,grant,G001,2026-10-01,,form\n";
    let res = upload("consent", good);
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().expect("text").contains("Imported 1 consent events"));
    assert_eq!(s.json(&["consent", "show", "C001"])["history"].as_array().map(Vec::len), Some(4));
    // A grant signed by someone without parental responsibility is taken
    // and does not count: the page says so, apart, with the file's line and
    // the child's name.
    let res = upload("consent", "child,purpose,action,by,date\nC003,website,grant,G004,2026-09-01\n");
    assert_eq!(res.status(), StatusCode::OK);
    let page = res.text().expect("text");
    let warnings = &page[page.find("id=\"warnings\"").expect("the warnings, apart: {page}")..];
    let warnings = &warnings[..warnings.find("</div>").expect("its end")];
    assert!(
        warnings.contains("register.csv, line 2")
            && warnings.contains("Chloe Diaz")
            && warnings.contains("no parental responsibility"),
        "{warnings}"
    );
    let res = upload("children", "id,name,aliases,room,started,left\nC010,New Child,,Rainbow,2026-09-01,\n");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(s.json(&["child", "list"]).as_array().map(Vec::len), Some(4));
    // a forged token uploads nothing
    let form = Multipart::new().text("csrf", "forged").text("kind", "children").file(
        "file",
        "register.csv",
        b"id,name,aliases,room,started,left\nC011,X,,,,\n",
    );
    assert_eq!(
        m.post(srv.url("/register/import")).multipart(form).send().expect("post").status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(s.json(&["child", "list"]).as_array().map(Vec::len), Some(4));
}

#[test]
fn faces_are_offered_on_the_tagging_page_and_said_whose() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let put = |name: &str, variant: u32| {
        let mut b = std::fs::read(fixture("generated_ipad_face.jpg")).expect("read");
        b.extend_from_slice(format!("variant {variant}").as_bytes());
        std::fs::write(s.inbox().join("ipad1").join(name), b).expect("write");
    };
    put("a.jpg", 1);
    put("b.jpg", 2);
    let v = s.json(&["ingest", "--once"]);
    let files = v["files"].as_array().expect("files");
    let id = |f: &str| files.iter().find(|e| e["file"] == f).and_then(|e| e["photo"].as_str()).expect("id").to_string();
    let (a, b) = (id("ipad1/a.jpg"), id("ipad1/b.jpg"));
    let srv = App::start(&s);
    let (p, csrf) = login(&srv, "jess", PRACT_PW);
    let page = p.get(srv.url(&format!("/tag/{a}"))).send().expect("page").text().expect("text");
    assert!(page.contains("Faces found") && page.contains("name=\"face_1\""), "faces offered");
    // Face 1 is Millie: stored, the face hers in the ledger.
    let res = p
        .post(srv.url(&format!("/tag/{a}")))
        .form(&[("csrf", csrf.as_str()), ("child", "C001"), ("face_1", "C001"), ("purpose", "learning_journey")])
        .send()
        .expect("tag");
    let (status, page) = followed(&p, &srv, res);
    assert!(
        status.is_success() && page.contains("<strong>Stored</strong> the photo from"),
        "the outcome on the next page: {page}"
    );
    assert!(page.contains(&format!("action=\"/tag/{b}\"")), "the next photo to tag: {page}");
    let photo = s.json(&["photo", "show", &a]);
    assert_eq!(photo["state"], "stored");
    assert_eq!((photo["faces"][0]["child"].as_str(), photo["faces"][0]["by"].as_str()), (Some("C001"), Some("jess")));
    // Tagged "no children" with the face marked not a child's: stored, audited.
    let res = p
        .post(srv.url(&format!("/tag/{b}")))
        .form(&[("csrf", csrf.as_str()), ("nobody", "yes"), ("not_face_1", "yes")])
        .send()
        .expect("tag");
    let (_, page) = followed(&p, &srv, res);
    assert!(
        page.contains("<strong>Stored</strong> the photo from") && page.contains("Nothing to tag"),
        "the last one: the queue: {page}"
    );
    let log = s.json(&["audit", "list", "--photo", &b]);
    assert!(log.as_array().expect("log").iter().any(|e| e["action"] == "tag"
        && e["actor"] == "jess"
        && e["detail"]["faces"] == serde_json::json!(["not_a_child"])));
}

#[test]
fn the_tagging_form_naming_one_child_twice_does_not_cover_two_faces() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    std::fs::copy(fixture("generated_ipad_two_faces.jpg"), s.inbox().join("ipad1/two.jpg")).expect("copy");
    let v = s.json(&["ingest", "--once"]);
    let id = v["files"][0]["photo"].as_str().expect("photo").to_string();
    assert_eq!(s.json(&["photo", "show", &id])["state"], "awaiting_tags");
    let srv = App::start(&s);
    let (p, csrf) = login(&srv, "jess", PRACT_PW);
    let tag = |fields: &[(&str, &str)]| {
        let mut form = vec![("csrf", csrf.as_str()), ("purpose", "learning_journey")];
        form.extend(fields.iter().copied());
        let res = p.post(srv.url(&format!("/tag/{id}"))).form(&form).send().expect("tag");
        followed(&p, &srv, res)
    };
    // The form posts Millie twice: one child for two faces, held.
    let (status, page) = tag(&[("child", "C001"), ("child", "C001")]);
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Saved, but the photo still waits") && !page.contains("<strong>Stored</strong>"), "{page}");
    assert!(page.contains("a face in it is not yet said to be a child"), "what is missing, in plain words: {page}");
    let photo = s.json(&["photo", "show", &id]);
    assert_eq!(photo["state"], "awaiting_tags", "{photo}");
    assert_eq!(photo["reasons"][0]["code"], "untagged_faces", "{photo}");
    assert!(!s.data().join(format!("vault/{}/{id}.age", &id[..2])).exists(), "nothing in the vault");
    // A face both a child's and "not a child's face": refused, nothing saved.
    let (status, page) = tag(&[("child", "C001"), ("face_1", "C001"), ("not_face_1", "yes")]);
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("face 1 cannot be both"), "{page}");
    assert_eq!(s.json(&["photo", "show", &id])["faces"][0]["child"], serde_json::Value::Null);
    // Millie's face and Chloe's (both with group consent): stored.
    let (_, page) = tag(&[("child", "C001"), ("child", "C003"), ("face_1", "C001"), ("face_2", "C003")]);
    assert!(page.contains("<strong>Stored</strong> the photo from"), "{page}");
    assert_eq!(s.json(&["photo", "show", &id])["state"], "stored");
}

#[test]
fn a_withdrawal_on_the_register_form_lists_the_copies_to_take_down_until_marked_done() {
    let s = setup();
    let group = s.arrive_phone("group.jpg", 2, r#"{"children": ["C001", "C003"], "purposes": ["display"]}"#);
    let srv = App::start(&s);
    let (c, token) = login(&srv, "sam", MANAGER_PW);
    let export = |purpose: &str| {
        c.post(srv.url("/disclosures/export"))
            .form(&[("csrf", token.as_str()), ("purpose", purpose), ("since", ""), ("room", "Stars")])
            .send()
            .expect("export")
    };
    let res = export("social_media");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a forbidden purpose is refused");
    // The export is a download in the browser: a zip, nothing on the server.
    let res = export("display");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let disposition = res.headers()["content-disposition"].to_str().expect("header").to_string();
    assert!(disposition.starts_with("attachment; filename=\"display-"), "{disposition}");
    let bytes = res.bytes().expect("the zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a whole zip");
    assert_eq!(zip.len(), 1, "the one photo for display");
    let name = zip.by_index(0).expect("entry").name().expect("a name").to_string();
    assert!(name.starts_with("display_") && name.ends_with(".jpg"), "{name}");
    let log = c.get(srv.url("/disclosures")).send().expect("log").text().expect("text");
    assert!(log.contains("<td>group.jpg</td>") && log.contains("Amelia Rose, Chloe Diaz"), "by file name: {log}");
    assert!(log.contains("web download by sam"), "where it went: {log}");
    // Nothing for a purpose with no photo: a page says so, no empty zip.
    let res = export("website");
    assert_eq!(res.headers()["content-type"], "text/html; charset=utf-8");
    assert!(res.text().expect("text").contains("nothing to download"));

    // C003's parent withdraws the display on the register form.
    let page = c
        .post(srv.url("/register/consent"))
        .form(&[
            ("csrf", token.as_str()),
            ("child", "C003"),
            ("purpose", "display"),
            ("action", "withdraw"),
            ("by", "G003"),
            ("date", "2026-11-22"),
        ])
        .send()
        .expect("withdraw")
        .text()
        .expect("text");
    assert!(page.contains("To take down (1)"), "{page}");
    // The copy is named as the manager finds it: the photo by its file
    // name, the child by name; no ids.
    let card = &page[page.find("id=\"takedowns\"").expect("the take-down card")..];
    let card = &card[..card.find("</table>").expect("its table")];
    assert!(card.contains("group.jpg") && card.contains("Chloe Diaz's consent for display"), "{card}");
    let read: String = card.split('<').map(|part| part.split_once('>').map_or(part, |(_, text)| text)).collect();
    assert!(!read.contains(&group[..12]) && !read.contains("C003"), "no ids in what is read: {read}");
    assert!(page.contains("web download by sam"), "where it went: {page}");
    let register = c.get(srv.url("/register")).send().expect("register").text().expect("text");
    assert!(register.contains("To take down (1)"), "shown until done");

    let id = s.json(&["disclosures", "takedowns"])[0]["id"].as_i64().expect("id");
    let done = |note: &str| {
        c.post(srv.url(&format!("/disclosures/{id}/done")))
            .form(&[("csrf", token.as_str()), ("note", note)])
            .send()
            .expect("done")
    };
    assert_eq!(done("").status(), StatusCode::BAD_REQUEST, "a note is required");
    let page = done("removed from the Stars room board").text().expect("text");
    assert!(page.contains("marked done"), "{page}");
    let register = c.get(srv.url("/register")).send().expect("register").text().expect("text");
    assert!(!register.contains("To take down"), "gone once done");
    let all = s.json(&["disclosures", "takedowns", "--all"]);
    assert_eq!(all[0]["done_by"], "sam");
    assert_eq!(all[0]["note"], "removed from the Stars room board");

    // A subject access request not yet answered is shown with its deadline.
    s.ok(&["request", "sar", "C002", "--received", "2026-10-01"]);
    let page = c.get(srv.url("/disclosures")).send().expect("page").text().expect("text");
    assert!(page.contains("Requests due (1)") && page.contains("01/11/2026 OVERDUE"), "{page}");

    // The manager answers it from the page: the pack downloads as a zip,
    // nothing is written on the server.
    let res = c
        .post(srv.url("/disclosures/sar"))
        .form(&[("csrf", token.as_str()), ("child", "C001"), ("received", "2026-10-01"), ("answer", "yes")])
        .send()
        .expect("sar");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let disposition = res.headers()["content-disposition"].to_str().expect("header").to_string();
    assert!(disposition.starts_with("attachment; filename=\"subject-access-C001-"), "{disposition}");
    let bytes = res.bytes().expect("the zip");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a whole zip");
    let names: Vec<String> =
        (0..zip.len()).map(|i| zip.by_index(i).expect("entry").name().expect("a name").to_string()).collect();
    for want in ["index.html", "consent.json", "audit.json"] {
        assert!(names.iter().any(|n| n == want), "{want} in {names:?}");
    }
    let mut index = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("index.html").expect("index"), &mut index).expect("read");
    assert!(index.contains("What we hold about Amelia Rose"), "{index}");
    for other in ["Chloe", "C003", "Ben Ade", "C002"] {
        assert!(!index.contains(other), "another child in the pack: {other}");
    }
    // Chloe is in the one photo: blurred, or withheld and said why.
    assert!(
        names.iter().any(|n| n.starts_with("photos/photo_")) || index.contains("Not included"),
        "{names:?} {index}"
    );
    let log = s.json(&["audit", "list"]).to_string();
    assert!(log.contains("request.sar.answered") && log.contains("web download by sam"), "answered, and where: {log}");

    // A possible breach shows with its clock until it is decided.
    s.ok(&["report", &group[..10], "--reason", "on the wrong board"]);
    s.ok(&["incident", "breach", "mark", "1", "--note", "seen by visitors"]);
    let page = c.get(srv.url("/disclosures")).send().expect("page").text().expect("text");
    assert!(page.contains("Possible breaches to decide (1)") && page.contains("hours left"), "{page}");
    s.ok(&["incident", "breach", "decide", "1", "--reported", "no", "--why", "taken down at once"]);
    let page = c.get(srv.url("/disclosures")).send().expect("page").text().expect("text");
    assert!(!page.contains("Possible breaches"), "gone once decided");
}

/// The register's own forms: a child added with a UK date and aliases, a
/// guardian without parental responsibility told in words; bad input is
/// refused naming the field, and nothing is written.
#[test]
fn a_child_and_a_guardian_are_added_on_the_register_page() {
    let s = setup();
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let post = |path: &str, form: &[(&str, &str)]| post_with(&m, &srv, &token, path, form);
    let child = [("id", " C010 "), ("name", " Dara Quinn "), ("aliases", "Dee; D.Q. ;"), ("room", "Stars")];
    let res = post("/register/child", &[&child[..], &[("started", "31/02/2026")]].concat());
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "a day that is not one");
    assert_eq!(s.json(&["child", "list"]).as_array().map(Vec::len), Some(3), "nothing written");
    let res = post("/register/child", &[&child[..], &[("started", "01/09/2026")]].concat());
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().expect("text").contains("Added Dara Quinn to the register."));
    let added = s.json(&["child", "list"]);
    let dara = added.as_array().expect("list").iter().find(|c| c["id"] == "C010").expect("C010").clone();
    assert_eq!(dara["name"], "Dara Quinn", "trimmed");
    assert_eq!(dara["aliases"], serde_json::json!(["Dee", "D.Q."]));
    assert_eq!(dara["started"], "2026-09-01");

    let guardian = [("id", "G010"), ("child", "C010"), ("name", "Pat Quinn"), ("relationship", "grandparent")];
    let res = post("/register/guardian", &[&guardian[..], &[("parental_responsibility", "perhaps")]].concat());
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = post("/register/guardian", &[&guardian[..], &[("parental_responsibility", "no")]].concat());
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().expect("text");
    assert!(
        text.contains("Added Pat Quinn (grandparent) as a guardian of Dara Quinn, without parental responsibility"),
        "in words, not ids: {text}"
    );
    // A field given twice is refused, not read as either.
    let res = post("/register/child", &[("id", "C011"), ("name", "A"), ("name", "B")]);
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert!(s.json(&["child", "list"]).as_array().is_some_and(|l| l.iter().all(|c| c["id"] != "C011")));
}

/// A password is taken as typed: spaces at its ends are part of it.
#[test]
fn a_new_users_password_is_taken_as_typed() {
    let s = setup();
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let res = m
        .post(srv.url("/users"))
        .form(&[("name", "ali"), ("role", "practitioner"), ("password", "  ali password 12  "), ("csrf", &token)])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::OK);
    login(&srv, "ali", "  ali password 12  ");
}

#[test]
fn a_manager_manages_users_on_the_web_and_a_disabled_user_is_logged_out() {
    let s = setup();
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let (p, _) = login(&srv, "jess", PRACT_PW);
    let post = |path: &str, form: &[(&str, &str)]| post_with(&m, &srv, &token, path, form);

    // Adding: a short password is refused beside nothing changed.
    let res = post("/users", &[("name", "ali"), ("role", "practitioner"), ("password", "short")]);
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = post("/users", &[("name", "ali"), ("role", "practitioner"), ("password", "ali password 12")]);
    assert_eq!(res.status(), StatusCode::OK);
    let page = m.get(srv.url("/users")).send().expect("users").text().expect("text");
    assert!(page.contains("ali") && page.contains("jess") && page.contains("(you)"), "{page}");

    // Disabling jess ends her session at her next request and stops her logging in.
    assert_eq!(post("/users/jess/disable", &[]).status(), StatusCode::OK);
    let res = p.get(srv.url("/tag")).send().expect("tag");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    let c = srv.client();
    let login_page = c.get(srv.url("/login")).send().expect("login").text().expect("text");
    let t = value_of(&login_page, "csrf");
    let res = c
        .post(srv.url("/login"))
        .form(&[("name", "jess"), ("password", PRACT_PW), ("csrf", &t)])
        .send()
        .expect("login");
    assert_ne!(res.status(), StatusCode::SEE_OTHER, "a disabled user cannot log in");

    // Enabled again with a new password: the new one works.
    assert_eq!(post("/users/jess/enable", &[]).status(), StatusCode::OK);
    assert_eq!(post("/users/jess/password", &[("password", "jess new password")]).status(), StatusCode::OK);
    login(&srv, "jess", "jess new password");

    // Removing asks first; only the confirmed form removes.
    let res = post("/users/ali/remove", &[]);
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().expect("text");
    assert!(text.contains("for good") && text.contains("name=\"confirm\""), "{text}");
    assert!(m.get(srv.url("/users")).send().expect("users").text().expect("text").contains(">ali<"));
    assert_eq!(post("/users/ali/remove", &[("confirm", "yes")]).status(), StatusCode::OK);
    assert!(!m.get(srv.url("/users")).send().expect("users").text().expect("text").contains(">ali<"));

    // The last manager cannot remove or disable themselves.
    let res = post("/users/sam/remove", &[("confirm", "yes")]);
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().expect("text").contains("last manager"));
    assert_eq!(post("/users/sam/disable", &[]).status(), StatusCode::CONFLICT);
}

#[test]
fn a_device_removed_on_the_web_asks_first_and_register_this_camera_brings_its_photos_back() {
    let s = setup();
    let id = s.arrive_phone("solo.jpg", 1, r#"{"children": ["C001"]}"#);
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let post = |path: &str, form: &[(&str, &str)]| post_with(&m, &srv, &token, path, form);
    let state = || s.json(&["photo", "show", &id])["state"].as_str().unwrap_or("").to_string();

    let res = post("/devices/phone1/remove", &[]);
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().expect("text");
    assert!(
        text.contains("go to the quarantine")
            && text.contains("deleted on")
            && text.contains("retire it instead")
            && text.contains("solo.jpg")
            && text.contains("name=\"confirm\""),
        "{text}"
    );
    assert_eq!(state(), "stored", "nothing moved before the confirmation");

    assert_eq!(post("/devices/phone1/remove", &[("confirm", "yes")]).status(), StatusCode::OK);
    assert_eq!(state(), "quarantined");

    // The card names the camera and links to registering it, filled in from the photo.
    let queue = m.get(srv.url("/quarantine")).send().expect("queue").text().expect("text");
    assert!(queue.contains("moto g(9) plus") && queue.contains(&format!("/devices?photo={id}")), "{queue}");
    let form = m.get(srv.url(&format!("/devices?photo={id}"))).send().expect("devices").text().expect("text");
    assert!(form.contains("value=\"motorola\"") && form.contains("value=\"moto g(9) plus\""), "{form}");
    let res = post(
        "/devices",
        &[
            ("id", "phone1"),
            ("label", "Office phone"),
            ("make", "motorola"),
            ("model", "moto g(9) plus"),
            ("folder", "phone1"),
        ],
    );
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().expect("text");
    assert!(text.contains("Registered Office phone (phone1)") && text.contains("checked again"), "{text}");
    assert_eq!(state(), "stored");
    // The device by the name staff know it by, from here on.
    let text = post("/devices/phone1/remove", &[]).text().expect("text");
    assert!(text.contains("Removing <strong>Office phone (phone1)</strong>"), "{text}");
    assert!(text.contains(&format!("href=\"/photos/{id}\"")), "the photo it would hold, as a link: {text}");
    let text = post("/devices/phone1/retire", &[("note", "screen broken")]).text().expect("text");
    assert!(text.contains("Office phone (phone1) retired from"), "{text}");
}

#[test]
fn the_overview_a_childs_page_and_the_gallery_show_names_and_dates() {
    let s = setup();
    s.ok(&[
        "consent",
        "grant",
        "C002",
        "website",
        "--by",
        "G002",
        "--signed",
        "2026-01-10",
        "--review-by",
        "2026-12-15",
    ]);
    let solo = s.arrive_phone("solo.jpg", 1, r#"{"children": ["C001"]}"#);
    let other = s.arrive_phone("other.jpg", 2, r#"{"children": ["C003"]}"#);
    s.arrive_phone("held.jpg", 3, r#"{"children": ["Zara"]}"#);
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let get = |path: &str| {
        let res = m.get(srv.url(path)).send().expect("get");
        assert_eq!(res.status(), StatusCode::OK, "GET {path}");
        res.text().expect("text")
    };

    let dash = get("/dashboard");
    assert!(dash.contains("Ben Ade") && dash.contains("15/12/2026") && dash.contains("(in 23 days)"), "{dash}");
    assert!(dash.contains("In the quarantine: 1"), "{dash}");
    assert!(dash.contains("<svg") && dash.contains("aria-label=\"Photos held and concerns per week"), "{dash}");
    // What people read (links may carry a code in their address, to filter by it).
    let read: String = dash
        .split("href=\"")
        .enumerate()
        .map(|(i, part)| if i == 0 { part } else { part.split_once('"').map_or(part, |(_, rest)| rest) })
        .collect();
    assert!(!read.contains("unknown_child"), "reasons in words, not codes: {dash}");

    let page = get("/children/C003");
    for want in ["Chloe Diaz", "Guardian G003", "no: their signature does not count", "01/09/2026", "1 stored"] {
        assert!(page.contains(want), "missing {want}: {page}");
    }
    // Each count opens the list it counts; the newest photos can be tagged
    // again from here; the consent history says what happened in words.
    assert!(page.contains("<a href=\"/gallery?child=C003\">1 stored</a>"), "{page}");
    assert!(page.contains("<a href=\"/quarantine?child=C003\">0 in the quarantine</a>"), "{page}");
    assert!(
        page.contains(&format!("href=\"/tag/{other}?back=%2Fchildren%2FC003\"")) && page.contains("Tag again"),
        "{page}"
    );
    assert!(page.contains("<td>given</td>") && !page.contains("<td>grant</td>"), "{page}");
    let retag = get(&format!("/tag/{other}?back=%2Fchildren%2FC003"));
    assert!(retag.contains("href=\"/children/C003\">Back without saving"), "and back to the child: {retag}");

    let all = get("/gallery");
    assert!(all.contains(&format!("/photo/{solo}/thumb")) && all.contains(&format!("/photo/{other}/thumb")), "{all}");
    assert!(all.contains("2 stored photo(s)"), "{all}");
    let amelia = get("/gallery?child=C001");
    assert!(amelia.contains(&format!("/photo/{solo}/thumb")) && !amelia.contains(&format!("/photo/{other}/thumb")));
    let stars = get("/gallery?room=Stars&purpose=learning_journey");
    assert!(stars.contains(&format!("/photo/{other}/thumb")) && !stars.contains(&format!("/photo/{solo}/thumb")));
    let none = get("/gallery?from=2030-01-01");
    assert!(none.contains("0 stored photo(s)"), "{none}");
    let res = m.get(srv.url("/gallery?from=not-a-date")).send().expect("get");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn the_quarantine_pages_twenty_cards_and_releases_several_photos_with_one_note() {
    let s = setup();
    // 23 held photos: the face check could not run, a manager must look.
    let mut ids = Vec::new();
    for i in 0..23 {
        let name = format!("held{i:02}.jpg");
        put(&s, "phone1", "camera_motorola_moto_g9_small.jpg", &name, 100 + i);
        std::fs::write(s.inbox().join(format!("phone1/{name}.tags.json")), r#"{"children": ["C001"]}"#).expect("sc");
        let mut bytes = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
        bytes.extend_from_slice(format!("variant {}", 100 + i).as_bytes());
        ids.push(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)));
    }
    let out = s.cmd().env("CONSENTGATE_FAILPOINT", "face_check").args(["ingest", "--once"]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let untagged = s.arrive_phone("untagged.jpg", 200, "{}");
    s.ok(&["report", &untagged, "--reason", "a parent's car registration is visible"]);
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let page1 = m.get(srv.url("/quarantine")).send().expect("queue").text().expect("text");
    assert!(page1.contains("24 photo(s) held") && page1.contains("page 1 of 2"), "{page1}");
    assert_eq!(page1.matches("class=\"card\" id=\"q-").count(), 20, "20 cards a page");
    assert!(page1.contains("the faces in it could not be counted"), "reasons in words");
    assert!(!page1.contains("Blur the children"), "no redaction offered where nobody tagged has a face marked");
    let page2 = m.get(srv.url("/quarantine?page=2")).send().expect("queue").text().expect("text");
    assert_eq!(page2.matches("class=\"card\" id=\"q-").count(), 4);
    // The reported photo says what the concern is.
    let reported = m.get(srv.url("/quarantine?reason=reported_concern")).send().expect("q").text().expect("text");
    assert!(reported.contains("car registration") && reported.contains("1 photo(s) held"), "{reported}");

    // The manager has looked at them: one note releases three at once, and
    // the reported one (release clears a concern) goes back to tagging.
    let form: Vec<(&str, &str)> = vec![
        ("csrf", &token),
        ("note", "looked at each: one child, Millie"),
        ("action", "release"),
        ("photo", &ids[0]),
        ("photo", &ids[1]),
        ("photo", &untagged),
    ];
    let res = m.post(srv.url("/quarantine/bulk")).form(&form).send().expect("bulk");
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().expect("text");
    assert!(text.contains("3 of 3 done") && text.contains("back in the tagging queue"), "{text}");
    assert_eq!(s.json(&["photo", "show", &ids[0]])["state"], "stored");
    assert_eq!(s.json(&["photo", "show", &ids[1]])["state"], "stored");
    assert_eq!(s.json(&["photo", "show", &untagged])["state"], "awaiting_tags");
    assert_eq!(s.json(&["photo", "show", &ids[2]])["state"], "quarantined", "only the ticked ones");
    let notes = s.json(&["audit", "list", "--photo", &ids[0]]);
    assert!(notes.to_string().contains("looked at each: one child, Millie"));

    // A deletion that fails (its file cannot be removed: a folder stands in
    // its place) says so for that photo alone, in plain words; the others
    // are done, and the details go to the log, not the page.
    let blocked = s.quarantine().join(format!("{}.age", ids[2]));
    std::fs::remove_file(&blocked).expect("the held photo's file");
    std::fs::create_dir_all(blocked.join("in-the-way")).expect("a folder in its place");
    let form: Vec<(&str, &str)> = vec![
        ("csrf", &token),
        ("note", "duplicates of the same moment"),
        ("action", "delete"),
        ("confirm", "yes"),
        ("photo", &ids[2]),
        ("photo", &ids[3]),
    ];
    let text = m.post(srv.url("/quarantine/bulk")).form(&form).send().expect("bulk").text().expect("text");
    assert!(text.contains("1 of 2 done") && text.contains("held03.jpg: deleted"), "{text}");
    assert!(text.contains("held02.jpg: something went wrong"), "{text}");
    assert!(!text.contains("directory") && !text.contains(".age"), "no internals on the page: {text}");
}

/// Drops a distinct copy of a fixture into a device's folder.
fn put(s: &Setup, folder: &str, file: &str, name: &str, variant: u32) {
    let mut b = std::fs::read(fixture(file)).expect("read");
    b.extend_from_slice(format!("variant {variant}").as_bytes());
    std::fs::write(s.inbox().join(folder).join(name), b).expect("write");
}

fn ingested(v: &serde_json::Value, file: &str) -> String {
    v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|e| e["file"] == file)
        .and_then(|e| e["photo"].as_str())
        .expect("id")
        .to_string()
}

#[test]
fn bulk_tagging_decides_each_photo_on_its_own_and_sums_up() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    for i in 0..3 {
        put(&s, "phone1", "camera_motorola_moto_g9_small.jpg", &format!("garden{i}.jpg"), i);
    }
    put(&s, "ipad1", "generated_ipad_face.jpg", "face.jpg", 9);
    let v = s.json(&["ingest", "--once"]);
    let garden: Vec<String> = (0..3).map(|i| ingested(&v, &format!("phone1/garden{i}.jpg"))).collect();
    let face = ingested(&v, "ipad1/face.jpg");
    let srv = App::start(&s);
    let (p, csrf) = login(&srv, "jess", PRACT_PW);

    // Nothing ticked: the queue comes back with the problem by the photos
    // and the children chosen kept.
    let res = p
        .post(srv.url("/tag/bulk"))
        .form(&[("csrf", csrf.as_str()), ("child", "C001"), ("action", "children")])
        .send()
        .expect("bulk");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().expect("text");
    assert!(page.contains("id=\"error-photos\"") && page.contains("Tick the photos to tag first"), "{page}");
    assert!(page.contains("value=\"C001\" checked"), "the child chosen is kept: {page}");

    // Amelia and Ben in two garden photos: Ben has no group consent, so
    // both are held; the third, Amelia alone, is stored; the face photo
    // with "no children" still waits for its face.
    let mut form = vec![("csrf", csrf.as_str()), ("action", "children"), ("child", "C001"), ("child", "C002")];
    form.extend(garden[..2].iter().map(|g| ("photo", g.as_str())));
    form.push(("purpose", "learning_journey"));
    let res = p.post(srv.url("/tag/bulk")).form(&form).send().expect("bulk");
    let (_, page) = followed(&p, &srv, res);
    assert!(page.contains("Bulk tagging of 2 photo(s): </strong>0 stored, 2 held for the manager"), "{page}");
    assert!(page.contains("Ben Ade") && !page.contains("(C002"), "names, not ids: {page}");
    assert!(page.contains("Details: no_consent"), "the codes in a details line: {page}");
    for g in &garden[..2] {
        assert_eq!(s.json(&["photo", "show", g])["state"], "quarantined");
    }
    let res = p
        .post(srv.url("/tag/bulk"))
        .form(&[("csrf", csrf.as_str()), ("action", "children"), ("child", "Millie"), ("photo", &garden[2])])
        .send()
        .expect("bulk");
    let (_, page) = followed(&p, &srv, res);
    assert!(page.contains("1 stored"), "{page}");
    assert_eq!(s.json(&["photo", "show", &garden[2]])["state"], "stored");
    let res = p
        .post(srv.url("/tag/bulk"))
        .form(&[("csrf", csrf.as_str()), ("action", "nobody"), ("photo", &face), ("photo", &garden[0])])
        .send()
        .expect("bulk");
    let (_, page) = followed(&p, &srv, res);
    assert!(page.contains("1 still waiting, 1 not tagged"), "{page}");
    assert!(page.contains("a face in it is not yet said to be a child"), "{page}");
    assert!(page.contains("no longer waiting for tags"), "{page}");
    assert_eq!(s.json(&["photo", "show", &face])["state"], "awaiting_tags", "a face is never dismissed in bulk");
    // A forged form changes nothing.
    let res = p
        .post(srv.url("/tag/bulk"))
        .form(&[("csrf", "forged"), ("action", "nobody"), ("photo", &face)])
        .send()
        .expect("bulk");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[test]
fn the_queue_counts_filters_and_warns_of_the_deadline_oldest_first() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    put(&s, "ipad1", "generated_ipad_face.jpg", "old.jpg", 1);
    // It arrived six days before the server's today: one day left.
    let out =
        s.cmd().env("CONSENTGATE_TODAY", "2026-11-16").args(["ingest", "--once", "--json"]).output().expect("ingest");
    assert!(out.status.success());
    let old: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let old = ingested(&old, "ipad1/old.jpg");
    put(&s, "phone1", "camera_motorola_moto_g9_small.jpg", "cat.jpg", 2);
    let v = s.json(&["ingest", "--once"]);
    let cat = ingested(&v, "phone1/cat.jpg");
    let srv = App::start(&s);
    let (p, csrf) = login(&srv, "jess", PRACT_PW);
    let page = p.get(srv.url("/tag")).send().expect("queue").text().expect("text");
    assert!(
        page.contains("<strong>2</strong> waiting") && page.contains("1</strong> near the tagging deadline"),
        "{page}"
    );
    assert!(page.contains("Tag today: untagged, it goes to the manager tomorrow."), "{page}");
    // Oldest first: the cat (taken 2025) before the iPad photo (2026).
    assert!(page.find(&cat).expect("cat") < page.find(&old).expect("old"), "oldest first");
    assert!(page.contains(&format!("href=\"/tag/{cat}\"")));
    let page = p.get(srv.url("/tag?device=ipad1")).send().expect("queue").text().expect("text");
    assert!(page.contains(&old) && !page.contains(&cat) && page.contains("(2 in all)"), "by device: {page}");
    let page = p.get(srv.url("/tag?day=2025-06-01")).send().expect("queue").text().expect("text");
    assert!(!page.contains(&old), "by day: {page}");

    // Save and next keeps the filter; without script, "No children" on a
    // photo with a face dismisses the face too: remembered, stored.
    let page = p.get(srv.url(&format!("/tag/{old}?room=Rainbow"))).send().expect("page").text().expect("text");
    assert!(
        page.find("Amelia Rose").expect("Rainbow") < page.find("Chloe Diaz").expect("Stars"),
        "the room's children first"
    );
    let res = p
        .post(srv.url(&format!("/tag/{old}")))
        .form(&[("csrf", csrf.as_str()), ("action", "nobody"), ("room", "Rainbow"), ("device", ""), ("day", "")])
        .send()
        .expect("tag");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("/tag/{cat}?room=Rainbow").as_str());
    let photo = s.json(&["photo", "show", &old]);
    assert_eq!(photo["state"], "stored", "{photo}");
    let page = p.get(srv.url(&format!("/tag/{cat}?room=Stars"))).send().expect("page").text().expect("text");
    assert!(
        page.contains("<strong>Stored</strong> the photo from") && page.contains("in the vault"),
        "the notice, once: {page}"
    );
    assert!(
        page.find("Chloe Diaz").expect("Stars") < page.find("Amelia Rose").expect("Rainbow"),
        "the room's children first"
    );
    let again = p.get(srv.url(&format!("/tag/{cat}"))).send().expect("page").text().expect("text");
    assert!(!again.contains("<strong>Stored</strong> the photo from"), "shown once");

    // A bad region comes back in plain words beside its field, choices kept.
    let res = p
        .post(srv.url(&format!("/tag/{cat}")))
        .form(&[("csrf", csrf.as_str()), ("child", "C003"), ("region_C003", "0.5,0.5,0.9,0.9"), ("purpose", "display")])
        .send()
        .expect("tag");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().expect("text");
    assert!(page.contains("id=\"error-regions\"") && page.contains("is not inside the photo"), "{page}");
    assert!(page.contains("value=\"C003\" checked") && page.contains("value=\"display\" checked"), "kept: {page}");
    assert!(page.contains("value=\"0.5,0.5,0.9,0.9\""), "the typed region is kept: {page}");
    assert!(page.contains("<html lang=\"en-GB\">"));
    assert_eq!(s.json(&["photo", "show", &cat])["state"], "awaiting_tags");
}

#[test]
fn the_tagging_page_shows_the_photo_at_screen_size_only_to_who_may_see_it() {
    let s = setup();
    // The phone's own 16 MP photo, larger than a screen.
    let (a, q) = photos_from(&s, "camera_motorola_moto_g9.jpg");
    let srv = App::start(&s);
    let (p, _) = login(&srv, "jess", PRACT_PW);
    let res = p.get(srv.url(&format!("/photo/{a}/view"))).send().expect("view");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let img = image::load_from_memory(&res.bytes().expect("bytes")).expect("a picture");
    assert_eq!(img.width().max(img.height()), 1600, "screen size, not a 384 px thumbnail");
    assert_eq!(p.get(srv.url(&format!("/photo/{q}/view"))).send().expect("view").status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        srv.client().get(srv.url(&format!("/photo/{a}/view"))).send().expect("view").status(),
        StatusCode::SEE_OTHER
    );
}

#[test]
fn the_manager_previews_a_blur_that_covers_the_whole_head_before_applying_it() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    // Millie's face on the left, Ben's on the right (no group consent).
    let sidecar = format!(
        r#"{{"children": ["C001", "C002"], "purposes": ["learning_journey"],
            "regions": {{"C001": {}, "C002": {}}}}}"#,
        common::LEFT_FACE,
        common::RIGHT_FACE
    );
    let group = s.arrive_in("ipad1", "generated_ipad_two_faces.jpg", "group.jpg", 7, &sidecar);
    let photo = s.json(&["photo", "show", &group]);
    assert_eq!(photo["state"], "quarantined");
    assert_eq!(photo["faces"][1]["child"], "C002", "{photo}");
    let ben: [f64; 4] = {
        let boxes = s.json(&["photo", "faces", &group[..10]]);
        [0, 1, 2, 3].map(|i| boxes["faces"][1]["rect"][i].as_f64().expect("number"))
    };
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let queue = m.get(srv.url("/quarantine")).send().expect("queue").text().expect("text");
    assert!(queue.contains("Preview the blur") && queue.contains(&format!("/quarantine/{group}/preview")), "{queue}");

    let res = m.get(srv.url(&format!("/quarantine/{group}/preview"))).send().expect("preview");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = res.bytes().expect("bytes");
    let img = image::load_from_memory(&bytes).expect("a JPEG").to_rgb8();
    let (w, h) = (img.width(), img.height());
    // The blur's blocks cover the whole head around Ben's face box: a
    // patch in the middle of a block is one colour (give or take JPEG),
    // above the face box (the hair) as well as inside it.
    let (x0, y0, x1, y1) = consentgate::workflow::redact::head_box(ben, img.width(), img.height());
    let block = ((x1 - x0).max(y1 - y0) / 8).max(8);
    let flat = |bx: u32, by: u32| {
        let (cx, cy) = (x0 + bx * block + block / 2, y0 + by * block + block / 2);
        let px: Vec<f64> = (cy - 3..cy + 3)
            .flat_map(|y| (cx - 3..cx + 3).map(move |x| (x, y)))
            .map(|(x, y)| f64::from(img.get_pixel(x, y)[1]))
            .collect();
        let mean = px.iter().sum::<f64>() / px.len() as f64;
        px.iter().map(|v| (v - mean).abs()).sum::<f64>() / (px.len() as f64) < 4.0
    };
    assert!(y0 < (ben[1] * f64::from(img.height())) as u32, "the blur starts above the face box");
    for (bx, by) in [(0, 0), (3, 0), (2, 3), (4, 5)] {
        assert!(flat(bx, by), "block {bx},{by} is one colour");
    }
    // Millie's face is not blurred: the middle of her face box has detail.
    let b = common::LEFT_BOX;
    let (cx, cy) = (((b[0] + b[2] / 2.0) * f64::from(w)) as u32, ((b[1] + b[3] / 2.0) * f64::from(h)) as u32);
    let px: Vec<f64> = (cy - 8..cy + 8)
        .flat_map(|y| (cx - 8..cx + 8).map(move |x| (x, y)))
        .map(|(x, y)| f64::from(img.get_pixel(x, y)[1]))
        .collect();
    let mean = px.iter().sum::<f64>() / px.len() as f64;
    let spread = px.iter().map(|v| (v - mean).abs()).sum::<f64>() / px.len() as f64;
    assert!(spread > 4.0, "Millie's face keeps its detail ({spread:.1})");
    assert!(w.max(h) <= 1280, "the preview is at most screen size: {w}x{h}");
    let _ = (x1, y1);
    // Nothing was written: the photo is still held, no new photo exists.
    assert_eq!(s.json(&["photo", "show", &group])["state"], "quarantined");
    assert_eq!(s.json(&["photo", "list", "--state", "stored"]).as_array().map(Vec::len), Some(0));
    // Only for managers.
    let (p, _) = login(&srv, "jess", PRACT_PW);
    assert_eq!(
        p.get(srv.url(&format!("/quarantine/{group}/preview"))).send().expect("get").status(),
        StatusCode::FORBIDDEN
    );
}

#[test]
fn the_retention_page_says_what_is_deleted_when_and_why_in_words() {
    let s = setup();
    let stars = s.arrive_phone("stars.jpg", 31, r#"{"children": ["C003"]}"#);
    s.ok(&["child", "leave", "C003", "--on", "2026-11-01"]);
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let page = m.get(srv.url("/retention")).send().expect("retention").text().expect("text");
    assert!(page.contains("stars.jpg") && page.contains("Chloe Diaz has left the setting"), "{page}");
    // Each photo with its thumbnail, opening its own page.
    assert!(
        page.contains(&format!("href=\"/photos/{stars}\"")) && page.contains(&format!("/photo/{stars}/thumb")),
        "{page}"
    );
    assert!(page.contains("/2026"), "a date as the setting writes it: {page}");
    assert!(!page.contains("consentgate retention") && !page.contains('`'), "no command-line words: {page}");
}

#[test]
fn a_camera_less_photo_is_vouched_for_on_its_quarantine_card() {
    let s = setup();
    let mut bytes = std::fs::read(fixture("no_camera_orientation6.jpg")).expect("read");
    bytes.extend_from_slice(b"web");
    // A tablet staff know by a name of its own, with its own inbox folder.
    s.ok(&[
        "device",
        "add",
        "--id",
        "tab2",
        "--label",
        "Office tablet",
        "--make",
        "Lenovo",
        "--model",
        "Tab M10",
        "--folder",
        "tab2",
    ]);
    std::fs::create_dir_all(s.inbox().join("tab2")).expect("folder");
    std::fs::write(s.inbox().join("tab2/app.jpg.tags.json"), r#"{"children": ["C001"]}"#).expect("sidecar");
    std::fs::write(s.inbox().join("tab2/app.jpg"), &bytes).expect("write");
    let id = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    s.ok(&["ingest", "--once"]);
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let queue = m.get(srv.url("/quarantine")).send().expect("queue").text().expect("text");
    assert!(queue.contains(&format!("/quarantine/{id}/attest")) && queue.contains("It is the setting"), "{queue}");
    let res = m
        .post(srv.url(&format!("/quarantine/{id}/attest")))
        .form(&[("csrf", token.as_str()), ("device", "tab2"), ("note", "taken by Sam, app strips EXIF")])
        .send()
        .expect("attest");
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().expect("text");
    // The device by the name staff know it by.
    assert!(
        text.contains("app.jpg: recorded as taken on Office tablet (tab2); it is now stored in the vault"),
        "{text}"
    );
    assert_eq!(s.json(&["photo", "show", &id])["state"], "stored");
}

#[test]
fn the_audit_log_pages_a_hundred_entries_newest_first_and_filters_by_child() {
    let s = setup();
    for i in 0..50 {
        s.ok(&["consent", "withdraw", "C002", "display", "--by", "G002", "--on", "2026-10-01"]);
        s.ok(&[
            "consent",
            "grant",
            "C002",
            "display",
            "--by",
            "G002",
            "--signed",
            &format!("2026-10-{:02}", 2 + i % 20),
        ]);
    }
    let total = s.json(&["audit", "list"]).as_array().map(Vec::len).expect("entries");
    assert!(total > 100, "{total}");
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let total = total + 1; // the login is audited too
    let first = m.get(srv.url("/audit")).send().expect("audit").text().expect("text");
    assert!(first.contains(&format!("{total} entries, newest first")) && first.contains("page 1 of"), "{first}");
    assert_eq!(first.matches("<tr><td>").count(), 100, "a hundred a page");
    assert!(first.contains(&format!("entry {total} · ")), "the newest first");
    let last = m.get(srv.url("/audit?page=99")).send().expect("audit").text().expect("text");
    assert!(last.contains("entry 1 · "), "the last page holds the first entry");
    let ben = m.get(srv.url("/audit?child=C002")).send().expect("audit").text().expect("text");
    assert!(ben.contains(">Ben Ade</a></td>") && !ben.contains(">Amelia Rose</a></td>"), "only Ben's entries, by name");
    // In words; the codes only under Details.
    assert!(ben.contains("recorded a consent withdrawn") && ben.contains("recorded a consent given"), "{ben}");
    let outside_details: String =
        ben.split("<details").map(|part| part.split("</details>").last().unwrap_or("")).collect();
    assert!(!outside_details.contains("consent.withdraw"), "no codes outside Details: {outside_details}");
    let res = m.get(srv.url("/audit?child=../x")).send().expect("audit");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}

#[test]
fn a_held_photos_card_draws_its_face_boxes_named() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    std::fs::copy(fixture("generated_ipad_two_faces.jpg"), s.inbox().join("ipad1/two.jpg")).expect("copy");
    let v = s.json(&["ingest", "--once"]);
    let id = v["files"][0]["photo"].as_str().expect("id").to_string();
    s.ok(&["tag", &id[..10], "--face", "1", "Millie"]);
    s.ok(&["report", &id, "--reason", "check the background"]);
    assert_eq!(s.json(&["photo", "show", &id])["state"], "quarantined");
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let page = m.get(srv.url("/quarantine")).send().expect("q").text().expect("text");
    let card = &page[page.find("class=\"boxed\"").expect("a boxed thumbnail")..];
    assert!(
        card.contains("<svg") && card.contains("class=\"box ok\"") && card.contains("class=\"box loose\""),
        "{card}"
    );
    assert!(card.contains("Amelia Rose's face") && card.contains("1 face(s) nobody has said whose"), "{card}");
    assert!(!card.contains("style="), "no inline styles (the CSP forbids them)");
    assert_eq!(card.matches("</rect>").count(), 2, "each box closed, so the next is not drawn inside it: {card}");
}

/// The picture's bytes from the route, or its status.
fn picture(c: &Client, srv: &App, child: &str) -> Result<Vec<u8>, StatusCode> {
    let res = c.get(srv.url(&format!("/children/{child}/picture"))).send().expect("picture");
    match res.status() {
        StatusCode::OK => {
            assert_eq!(res.headers()["content-type"], "image/jpeg");
            assert_eq!(res.headers()["cache-control"], "no-store");
            Ok(res.bytes().expect("bytes").to_vec())
        }
        other => Err(other),
    }
}

#[test]
fn a_manager_chooses_a_childs_picture_and_only_staff_see_it() {
    let s = setup();
    let regions = r#""regions": {"C001": [0.4, 0.3, 0.1, 0.12]}"#;
    let photo = s.arrive_phone("cat.jpg", 1, &format!(r#"{{"children": ["C001"], {regions}}}"#));
    let waiting = s.arrive_phone("waiting.jpg", 2, "{}");
    let srv = App::start(&s);
    let anonymous = srv.client();
    let (m, m_csrf) = login(&srv, "sam", MANAGER_PW);
    let (p, p_csrf) = login(&srv, "jess", PRACT_PW);

    // The child's page offers the stored photos the child is tagged in.
    let page = m.get(srv.url("/children/C001")).send().expect("child").text().expect("text");
    assert!(page.contains("Picture on the tagging button") && page.contains("shows the name only"), "{page}");
    assert!(page.contains(&format!("value=\"{photo}\"")) && !page.contains(&waiting), "only stored photos of Amelia");
    assert_eq!(picture(&m, &srv, "C001"), Err(StatusCode::NOT_FOUND), "none yet");

    // Refused in plain words: a photo waiting for tags, a child not in the photo.
    let res = m
        .post(srv.url("/children/C001/picture"))
        .form(&[("csrf", m_csrf.as_str()), ("photo", waiting.as_str()), ("cut", "face")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().expect("text").contains("the photo is not stored in the vault"));
    let res = m
        .post(srv.url("/children/C003/picture"))
        .form(&[("csrf", m_csrf.as_str()), ("photo", photo.as_str()), ("cut", "face")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().expect("text").contains("the child is not tagged in the photo"));
    let res = m
        .post(srv.url("/children/C001/picture"))
        .form(&[("csrf", m_csrf.as_str()), ("photo", photo.as_str()), ("region", "2,0,1,1")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Only a manager chooses, with the session's token.
    let res = p
        .post(srv.url("/children/C001/picture"))
        .form(&[("csrf", p_csrf.as_str()), ("photo", photo.as_str()), ("cut", "face")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = m
        .post(srv.url("/children/C001/picture"))
        .form(&[("csrf", "forged"), ("photo", photo.as_str()), ("cut", "face")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(s.json(&["child", "picture", "list"]).as_array().expect("list").is_empty());

    // Chosen: around the tagged face.
    let res = m
        .post(srv.url("/children/C001/picture"))
        .form(&[("csrf", m_csrf.as_str()), ("photo", photo.as_str()), ("cut", "face")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/children/C001#picture");
    let listed = s.json(&["child", "picture", "list"]);
    assert_eq!(listed[0]["child"], "C001");
    assert_eq!(listed[0]["chosen_by"], "sam");
    let page = m.get(srv.url("/children/C001")).send().expect("child").text().expect("text");
    assert!(page.contains("Cut from cat.jpg, chosen by sam."), "the photo by its file name: {page}");

    // Both roles see it, a small square JPEG; nobody else does.
    let jpeg = picture(&p, &srv, "C001").expect("a practitioner sees it");
    let img = image::load_from_memory(&jpeg).expect("a JPEG");
    assert_eq!((img.width(), img.height()), (160, 160));
    assert_eq!(picture(&m, &srv, "C001").expect("the manager sees it"), jpeg);
    let res = anonymous.get(srv.url("/children/C001/picture")).send().expect("anonymous");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login");
    assert!(!res.headers().get("content-type").is_some_and(|t| t.to_str().unwrap_or("").starts_with("image/")));
    assert_eq!(picture(&p, &srv, "C002"), Err(StatusCode::NOT_FOUND));
    assert_eq!(picture(&p, &srv, "..%2Fx"), Err(StatusCode::BAD_REQUEST));

    // On the tagging page: beside Amelia's name, the name still the label.
    let tag = p.get(srv.url(&format!("/tag/{waiting}"))).send().expect("tag").text().expect("text");
    assert!(
        tag.contains(r#"<img class="avatar" src="/children/C001/picture" alt="" width="40" height="40" loading="lazy">Amelia Rose"#),
        "{tag}"
    );
    assert!(!tag.contains("/children/C002/picture"), "Ben has none: name only");
    let page = m.get(srv.url("/children/C001")).send().expect("child").text().expect("text");
    assert!(page.contains("The picture staff see for Amelia Rose") && page.contains("Remove the picture"));

    // A preset replaces it; removing takes it off.
    let res = m
        .post(srv.url("/children/C001/picture"))
        .form(&[("csrf", m_csrf.as_str()), ("photo", photo.as_str()), ("cut", "whole")])
        .send()
        .expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_ne!(picture(&p, &srv, "C001").expect("the new one"), jpeg);
    let res = p.post(srv.url("/children/C001/picture/remove")).form(&[("csrf", p_csrf.as_str())]).send().expect("post");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = m.post(srv.url("/children/C001/picture/remove")).form(&[("csrf", m_csrf.as_str())]).send().expect("post");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(picture(&p, &srv, "C001"), Err(StatusCode::NOT_FOUND));
    assert!(common::files_in(&s.data().join("pictures")).is_empty());
}

#[test]
fn a_picture_goes_when_consent_ends_the_child_leaves_or_the_photo_is_deleted() {
    let s = setup();
    let display = s.arrive_phone("display.jpg", 1, r#"{"children": ["C002"], "purposes": ["display"]}"#);
    let cat = s.arrive_phone("cat.jpg", 2, r#"{"children": ["C001"]}"#);
    let stars = s.arrive_phone("stars.jpg", 3, r#"{"children": ["C003"]}"#);
    for (child, photo) in [("C002", &display), ("C001", &cat), ("C003", &stars)] {
        s.ok(&["child", "picture", "set", child, "--photo", photo]);
    }
    let srv = App::start(&s);
    let (m, m_csrf) = login(&srv, "sam", MANAGER_PW);
    for child in ["C001", "C002", "C003"] {
        assert!(picture(&m, &srv, child).is_ok(), "{child}");
    }
    // Ben's learning-journey consent withdrawn on the register page.
    let res = m
        .post(srv.url("/register/consent"))
        .form(&[
            ("csrf", m_csrf.as_str()),
            ("child", "C002"),
            ("purpose", "learning_journey"),
            ("action", "withdraw"),
            ("by", "G002"),
            ("date", "2026-11-22"),
        ])
        .send()
        .expect("withdraw");
    assert!(res.status().is_success() || res.status() == StatusCode::SEE_OTHER, "{:?}", res.status());
    assert_eq!(picture(&m, &srv, "C002"), Err(StatusCode::NOT_FOUND));
    // Amelia leaves today.
    s.ok(&["child", "leave", "C001", "--on", "2026-11-22"]);
    assert_eq!(picture(&m, &srv, "C001"), Err(StatusCode::NOT_FOUND));
    // Chloe's photo is reported, then deleted from the quarantine.
    s.ok(&["report", &stars, "--reason", "a visitor in the background"]);
    let res = m
        .post(srv.url(&format!("/quarantine/{stars}/delete")))
        .form(&[("csrf", m_csrf.as_str()), ("note", "not needed"), ("confirm", "yes")])
        .send()
        .expect("delete");
    assert!(res.status().is_success() || res.status() == StatusCode::SEE_OTHER, "{:?}", res.status());
    assert_eq!(picture(&m, &srv, "C003"), Err(StatusCode::NOT_FOUND));
    assert!(s.json(&["child", "picture", "list"]).as_array().expect("list").is_empty(), "every row went");
    assert!(common::files_in(&s.data().join("pictures")).is_empty(), "every file went");
    let actions = s.json(&["audit", "list"]).to_string();
    assert_eq!(actions.matches("picture.remove").count(), 3, "each removal audited");
}

#[test]
fn a_possible_breach_is_decided_on_the_disclosures_page_in_plain_words() {
    let s = setup();
    let (waiting, _) = photos(&s);
    s.ok(&["report", &waiting, "--reason", "posted on a parent's group chat"]);
    s.ok(&["incident", "breach", "mark", "1", "--note", "shared outside the setting"]);
    s.ok(&["request", "sar", "Amelia", "--received", "2026-11-20"]);
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let page = m.get(srv.url("/disclosures")).send().expect("page").text().expect("text");
    assert!(!page.contains("consentgate "), "no command lines on the page: {page}");
    // The photo by its file name, the deadline as the setting writes times.
    let card = &page[page.find("id=\"breaches\"").expect("the breaches card")..];
    let card = &card[..card.find("</table>").expect("its table")];
    assert!(card.contains("<td>a.jpg</td>") && !card.contains(&waiting[..12]), "{card}");
    assert!(!card.contains("Z (") && card.contains("hours left"), "no raw timestamp: {card}");
    assert!(
        page.contains("Record the decision") && page.contains("Amelia Rose") && page.contains("20/11/2026"),
        "{page}"
    );
    // Nothing chosen: refused, in words.
    let res = m
        .post(srv.url("/disclosures/breach/1"))
        .form(&[("csrf", token.as_str()), ("why", "x")])
        .send()
        .expect("decide");
    assert!(res.text().expect("text").contains("say whether it was reported"));
    let res = m
        .post(srv.url("/disclosures/breach/1"))
        .form(&[("csrf", token.as_str()), ("reported", "no"), ("why", "removed within the hour; no risk")])
        .send()
        .expect("decide");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().expect("text").contains("recorded as not reported"));
    let list = s.json(&["incident", "breach", "list"]);
    assert_eq!(list[0]["reported"], false, "{list}");
    let incidents = m.get(srv.url("/incidents")).send().expect("incidents").text().expect("text");
    assert!(
        incidents.contains(">a.jpg</a>") && incidents.contains("group chat"),
        "the file name, not the id: {incidents}"
    );
    assert_eq!(list[0]["why"], "removed within the hour; no risk", "{list}");
}

#[test]
fn a_photo_copied_through_another_devices_folder_is_cleared_from_its_card() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    // The phone's photo arrives through the iPad's folder.
    let mut bytes = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
    bytes.extend_from_slice(b"variant copied");
    std::fs::write(s.inbox().join("ipad1/copied.jpg"), &bytes).expect("write");
    std::fs::write(s.inbox().join("ipad1/copied.jpg.tags.json"), r#"{"children": ["C001"]}"#).expect("sidecar");
    let v = s.json(&["ingest", "--once"]);
    let id = v["files"][0]["photo"].as_str().expect("id").to_string();
    let photo = s.json(&["photo", "show", &id]);
    assert_eq!(photo["state"], "quarantined", "{photo}");
    let srv = App::start(&s);
    let (m, token) = login(&srv, "sam", MANAGER_PW);
    let page = m.get(srv.url("/quarantine")).send().expect("q").text().expect("text");
    assert!(page.contains("What clears it") && page.contains("copied it through the wrong folder"), "{page}");
    assert!(page.contains("It is the phone1&#39;s own") || page.contains("It is the phone1's own"), "{page}");
    let res = m
        .post(srv.url(&format!("/quarantine/{id}/attest")))
        .form(&[
            ("csrf", token.as_str()),
            ("device", "phone1"),
            ("note", "Sam copied the phone's photos into the iPad folder"),
        ])
        .send()
        .expect("attest");
    let text = res.text().expect("text");
    assert!(text.contains("stored in the vault"), "{text}");
    assert_eq!(s.json(&["photo", "show", &id])["state"], "stored");
    let log = s.ok(&["audit", "list", "--json"]);
    assert!(log.contains("copied through another device"), "{log}");
}

/// The overview does not bury what is late: reviews overdue are their own
/// line, first, in red (not "within 30 days"); devices by the label staff
/// know them by; the numbers link to the list they count.
#[test]
fn the_overview_puts_overdue_reviews_first_and_names_devices_by_label() {
    let s = setup();
    s.ok(&[
        "consent",
        "grant",
        "C002",
        "website",
        "--by",
        "G002",
        "--signed",
        "2025-06-01",
        "--review-by",
        "2025-08-22",
    ]);
    s.ok(&[
        "device",
        "add",
        "--id",
        "cam9",
        "--label",
        "Stars room camera",
        "--make",
        "motorola",
        "--model",
        "moto g(9) plus",
        "--folder",
        "cam9",
    ]);
    s.arrive_in("cam9", "camera_motorola_moto_g9_small.jpg", "held.jpg", 7, r#"{"children": ["Zara"]}"#);
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let dash = m.get(srv.url("/dashboard")).send().expect("get").text().expect("text");
    let overdue = dash.find("1 overdue").unwrap_or_else(|| panic!("an overdue line: {dash}"));
    let within = dash.find("within 30 days").expect("the soon line");
    assert!(overdue < within, "overdue comes first");
    assert!(dash.contains("class=\"bad overdue-line\""), "in red: {dash}");
    assert!(dash.contains("<strong>0</strong> within 30 days"), "the overdue one is not 'within 30 days': {dash}");
    assert!(dash.contains("(457 days overdue)"), "how late, in days: {dash}");
    assert!(dash.contains("Stars room camera") && !dash.contains(">cam9<"), "the device by its label: {dash}");
    assert!(dash.contains("href=\"/quarantine?reason=unknown_child\""), "the number links to its list: {dash}");
    assert!(dash.contains("href=\"/quarantine?device=cam9\""), "the device's count links to its photos: {dash}");
    let from_cam9 = m.get(srv.url("/quarantine?device=cam9")).send().expect("get").text().expect("text");
    assert!(
        from_cam9.contains("Only the photos from Stars room camera") && from_cam9.contains("held.jpg"),
        "{from_cam9}"
    );
    let from_phone = m.get(srv.url("/quarantine?device=phone1")).send().expect("get").text().expect("text");
    assert!(!from_phone.contains("held.jpg") && from_phone.contains("0 photo(s) held"), "{from_phone}");
    // A link narrows to what the register can hold: an id that is not one,
    // or a room longer than a room may be, is refused in words.
    for bad in
        ["/quarantine?child=%3Cscript%3E", "/quarantine?device=a%20b", &format!("/quarantine?room={}", "x".repeat(65))]
    {
        let res = m.get(srv.url(bad)).send().expect("get");
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

/// A copy that left before a child's erasure is a take-down that says so,
/// not "[erased]'s consent for erasure".
#[test]
fn a_take_down_after_an_erasure_says_what_happened_in_words() {
    let s = setup();
    s.arrive_phone("board.jpg", 11, r#"{"children": ["C003"], "purposes": ["display"]}"#);
    let out = s.dir.path().join("display");
    s.ok(&["export", "purpose", "display", "--to", out.to_str().expect("path")]);
    let receipt = s.dir.path().join("receipts");
    s.ok(&["request", "erase", "C003", "--note", "parent's request", "--receipt", receipt.to_str().expect("path")]);
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let page = m.get(srv.url("/disclosures")).send().expect("get").text().expect("text");
    let card = &page[page.find("id=\"takedowns\"").expect("the take-down card")..];
    let card = &card[..card.find("</table>").expect("its table")];
    assert!(card.contains("erased at a parent's request") && card.contains("board.jpg"), "{card}");
    assert!(!card.contains("[erased]") && !card.contains("consent for erasure"), "{card}");
}

/// The tagging queue's day filter reads as the setting writes dates; its
/// value stays the day itself.
#[test]
fn the_tagging_queues_days_are_in_the_settings_date_format() {
    let s = setup();
    s.arrive_phone("waiting.jpg", 12, "{}");
    let srv = App::start(&s);
    let (p, _) = login(&srv, "jess", PRACT_PW);
    let queue = p.get(srv.url("/tag")).send().expect("queue").text().expect("text");
    assert!(queue.contains("<option value=\"2025-06-01\">01/06/2025 (1)</option>"), "{queue}");
}

/// A room's count on the overview opens the held photos of its children.
#[test]
fn a_rooms_count_opens_its_held_photos() {
    let s = setup();
    s.arrive_phone("stars.jpg", 13, r#"{"children": ["C003"], "purposes": ["website"]}"#);
    s.arrive_phone("rainbow.jpg", 14, r#"{"children": ["C001"], "purposes": ["website"]}"#);
    s.arrive_phone("nobody.jpg", 15, r#"{"children": ["Zara"]}"#);
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let dash = m.get(srv.url("/dashboard")).send().expect("get").text().expect("text");
    assert!(dash.contains("<td>Stars</td><td><a href=\"/quarantine?room=Stars\">1</a></td>"), "{dash}");
    // A row that is not a room links to no list that would be empty.
    assert!(dash.contains("<td>no child tagged</td><td>1</td>"), "{dash}");
    let list = m.get(srv.url("/quarantine?room=Stars")).send().expect("get").text().expect("text");
    assert!(list.contains("Only the photos of children in Stars"), "{list}");
    assert!(list.contains("stars.jpg") && !list.contains("rainbow.jpg"), "{list}");
}

/// The overview's count of held photos from no registered device opens
/// exactly those photos, whatever they are held for.
#[test]
fn the_count_of_photos_from_no_registered_device_opens_them() {
    let s = setup();
    std::fs::create_dir_all(s.inbox().join("stranger")).expect("folder");
    s.arrive_in("stranger", "camera_xiaomi_orientation6.jpg", "unknown.jpg", 8, r#"{"children": ["C001"]}"#);
    s.arrive_phone("known.jpg", 9, r#"{"children": ["Zara"]}"#);
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let dash = m.get(srv.url("/dashboard")).send().expect("get").text().expect("text");
    let row = &dash[dash
        .find("no registered device")
        .unwrap_or_else(|| panic!("the row: {} {dash}", s.json(&["photo", "list"])))..];
    assert!(row.contains("href=\"/quarantine?unregistered=yes\">1</a>"), "{row}");
    let list = m.get(srv.url("/quarantine?unregistered=yes")).send().expect("get").text().expect("text");
    assert!(list.contains("Only the photos from no registered device"), "{list}");
    assert!(list.contains("unknown.jpg") && !list.contains("known.jpg<"), "{list}");
    assert!(list.contains("1 photo(s) held"), "{list}");
    // Its cards' forms come back to the same list.
    assert!(list.contains("name=\"here\" value=\"page=1&amp;unregistered=yes\""), "{list}");
}

/// A card offers only ways out that work: a file that can never be stored
/// (here a GIF decompression bomb) is not offered "it is the setting's own",
/// and says to delete it.
#[test]
fn a_file_that_can_never_be_stored_is_not_offered_a_way_it_cannot_take() {
    let s = setup();
    std::fs::copy(common::fixture("fail_bomb.gif"), s.inbox().join("phone1/bomb.gif")).expect("copy");
    s.ok(&["ingest", "--once"]);
    let held = s.json(&["photo", "list", "--state", "quarantined"]);
    assert_eq!(held.as_array().map(Vec::len), Some(1), "{held}");
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let page = m.get(srv.url("/quarantine")).send().expect("get").text().expect("text");
    assert!(page.contains("This file can never be stored"), "{page}");
    assert!(!page.contains("It is the setting&#39;s own") && !page.contains("It is the setting's own"), "{page}");
}

/// The `action` of the form whose button says `button`, on `page`.
fn form_with_button(page: &str, button: &str) -> Option<String> {
    let at = page.find(button)?;
    let start = page[..at].rfind("<form")?;
    let key = "action=\"";
    let from = start + page[start..].find(key)? + key.len();
    Some(page[from..].split('"').next()?.replace("&amp;", "&"))
}

#[test]
fn a_practitioner_takes_back_their_own_save_and_nobody_elses() {
    let s = setup();
    let (a, _) = photos(&s);
    let srv = App::start(&s);
    let (p, p_csrf) = login(&srv, "jess", PRACT_PW);
    let (m, m_csrf) = login(&srv, "sam", MANAGER_PW);
    let save = |c: &Client, csrf: &str| {
        c.post(srv.url(&format!("/tag/{a}")))
            .form(&[("csrf", csrf), ("child", "C001"), ("purpose", "learning_journey"), ("action", "next")])
            .send()
            .expect("save")
    };
    let (_, page) = followed(&p, &srv, save(&p, &p_csrf));
    assert_eq!(s.json(&["photo", "show", &a])["state"], "stored");
    // The notice after Save carries Undo; so does the queue, for 30 minutes.
    let undo = format!("/tag/{a}/undo");
    assert_eq!(form_with_button(&page, ">Undo<").as_deref(), Some(undo.as_str()), "{page}");
    let queue = p.get(srv.url("/tag")).send().expect("queue").text().expect("text");
    assert!(queue.contains("Your saves in the last 30 minutes") && queue.contains(&undo), "{queue}");
    // Not someone else's save: the manager's Undo is refused, nothing moves.
    let res = m.post(srv.url(&undo)).form(&[("csrf", m_csrf.as_str())]).send().expect("undo");
    let (_, page) = followed(&m, &srv, res);
    assert!(page.contains("Not undone") && page.contains("has not been saved by you"), "{page}");
    assert_eq!(s.json(&["photo", "show", &a])["state"], "stored");
    // Their own: back in the queue, their choice ticked as a starting point.
    let res = p.post(srv.url(&undo)).form(&[("csrf", p_csrf.as_str())]).send().expect("undo");
    assert_eq!(res.headers()["location"], format!("/tag/{a}"));
    let (_, page) = followed(&p, &srv, res);
    assert!(page.contains("Taken back"), "{page}");
    assert!(page.contains("name=\"child\" value=\"C001\" checked"), "the choice kept: {page}");
    let shown = s.json(&["photo", "show", &a]);
    assert_eq!(shown["state"], "awaiting_tags", "{shown}");
    let log = s.json(&["audit", "list", "--photo", &a]).to_string();
    assert!(log.contains("\"tag.undo\""), "{log}");
    // Twice is once: it is waiting now.
    let res = p.post(srv.url(&undo)).form(&[("csrf", p_csrf.as_str())]).send().expect("undo");
    let (_, page) = followed(&p, &srv, res);
    assert!(page.contains("Not undone"), "{page}");
    // Saved again, then something else happens to it (a concern): no undo.
    followed(&p, &srv, save(&p, &p_csrf));
    s.ok(&["report", &a, "--reason", "a visitor in the background"]);
    let res = p.post(srv.url(&undo)).form(&[("csrf", p_csrf.as_str())]).send().expect("undo");
    let (_, page) = followed(&p, &srv, res);
    assert!(page.contains("Not undone"), "{page}");
    assert_eq!(s.json(&["photo", "show", &a])["state"], "quarantined");
    // A forged token undoes nothing.
    let res = p.post(srv.url(&undo)).form(&[("csrf", "forged")]).send().expect("undo");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

/// A caption naming a child who is on the register but not tagged: the card
/// says to tag them (not to add them to the register) and offers Tag again.
#[test]
fn a_caption_card_offers_the_way_out_it_names() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    // "Millie and Ben at the water tray", tagged only Millie.
    let id = s.arrive_in("ipad1", "generated_ipad_caption.jpg", "tray.jpg", 0, r#"{"children": ["C001"]}"#);
    assert_eq!(s.json(&["photo", "show", &id])["reasons"][0]["code"], "caption_names_untagged_child");
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let queue = m.get(srv.url("/quarantine")).send().expect("queue").text().expect("text");
    let card = &queue[queue.find("tray.jpg").expect("the card")..];
    assert!(card.contains("Tag it again with the child the caption names"), "{card}");
    assert!(!card.contains("add them to the register") && !card.contains("add the child to the register"), "{card}");
    assert!(card.contains(&format!("href=\"/tag/{id}?back=")) && card.contains(">Tag again<"), "{card}");
    assert!(card.contains("Ben Ade"), "the child the caption names, by name: {card}");
}

/// The mistake the undo is for: a practitioner taps a child whose parents
/// said no; the photo is held; they take the save back and tag it right.
/// Then a manager tags the stored photo again from the child's page.
#[test]
fn a_tap_on_a_refused_child_is_undone_and_a_stored_photo_is_tagged_again_from_a_childs_page() {
    let s = setup();
    let (a, _) = photos(&s);
    let srv = App::start(&s);
    let (p, p_csrf) = login(&srv, "jess", PRACT_PW);
    let save =
        |c: &Client, form: &[(&str, &str)]| c.post(srv.url(&format!("/tag/{a}"))).form(form).send().expect("save");
    let state = || s.json(&["photo", "show", &a]);
    // Ben has no consent for the website: the photo is held.
    let form = [("csrf", p_csrf.as_str()), ("child", "C002"), ("purpose", "website"), ("action", "next")];
    followed(&p, &srv, save(&p, &form));
    assert_eq!(state()["state"], "quarantined");
    let res = p.post(srv.url(&format!("/tag/{a}/undo"))).form(&[("csrf", p_csrf.as_str())]).send().expect("undo");
    let (_, page) = followed(&p, &srv, res);
    assert!(page.contains("Taken back"), "{page}");
    assert_eq!(state()["state"], "awaiting_tags", "out of the quarantine, back to tagging");
    let form = [("csrf", p_csrf.as_str()), ("child", "C001"), ("purpose", "learning_journey"), ("action", "next")];
    followed(&p, &srv, save(&p, &form));
    assert_eq!(state()["state"], "stored");
    assert_eq!(state()["tags"], serde_json::json!(["C001"]));

    // The manager, from Amelia's page: it is Chloe in it, not Amelia.
    let (m, m_csrf) = login(&srv, "sam", MANAGER_PW);
    let child_page = m.get(srv.url("/children/C001")).send().expect("child").text().expect("text");
    let retag = format!("/tag/{a}?back=%2Fchildren%2FC001");
    assert!(child_page.contains(&format!("href=\"{retag}\"")), "{child_page}");
    let page = m.get(srv.url(&retag)).send().expect("tag page").text().expect("text");
    assert!(page.contains("name=\"back\" value=\"/children/C001\""), "{page}");
    let form = [
        ("csrf", m_csrf.as_str()),
        ("child", "C003"),
        ("purpose", "learning_journey"),
        ("back", "/children/C001"),
        ("action", "next"),
    ];
    let page = save(&m, &form).text().expect("text");
    assert!(page.contains("Tagged again") && page.contains("<strong>Stored</strong>"), "{page}");
    assert!(
        page.contains("href=\"/children/C001\">Back to the child's page"),
        "back where the manager came from: {page}"
    );
    let shown = state();
    assert_eq!(shown["state"], "stored", "{shown}");
    assert_eq!(shown["tags"], serde_json::json!(["C003"]), "{shown}");
}

#[test]
fn a_manager_tags_a_held_photo_again_from_its_card_and_a_refusal_comes_back_to_the_card() {
    let s = setup();
    let (_, q) = photos(&s);
    let mut other = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
    other.extend_from_slice(b"variant r");
    std::fs::write(s.inbox().join("phone1/r.jpg"), other).expect("write");
    std::fs::write(s.inbox().join("phone1/r.jpg.tags.json"), r#"{"children": ["Zara"]}"#).expect("sidecar");
    let q2 = ingested(&s.json(&["ingest", "--once"]), "phone1/r.jpg");
    let srv = App::start(&s);
    let (m, csrf) = login(&srv, "sam", MANAGER_PW);
    let card = m.get(srv.url("/quarantine")).send().expect("get").text().expect("text");
    // Held for "Zara", whom the register does not know: Release is refused,
    // and the refusal comes back to the card, in words.
    let res = m
        .post(srv.url(&format!("/quarantine/{q}/release")))
        .form(&[("csrf", csrf.as_str()), ("note", "looked"), ("purpose", "learning_journey"), ("here", "page=1")])
        .send()
        .expect("release");
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("/quarantine?page=1#q-{}", &q[..12]));
    let (_, page) = followed(&m, &srv, res);
    assert!(page.contains("Not done: </strong>q.jpg stays in the quarantine"), "{page}");
    assert!(page.contains("stays in the quarantine: a tag names nobody on the register"), "{page}");
    // Tag again, from the card: through the one gate, back to the card.
    let tag = format!("/tag/{q}?back=");
    let at = card.find(&tag).unwrap_or_else(|| panic!("no Tag again on the card: {card}"));
    let link = card[at..].split('"').next().expect("link").replace("&amp;", "&");
    let page = m.get(srv.url(&link)).send().expect("tag page").text().expect("text");
    assert!(page.contains("This photo is held in the quarantine. Saving tags it again"), "{page}");
    let back = value_of(&page, "back");
    assert!(back.starts_with("/quarantine?page=1#q-"), "{back}");
    let res = m
        .post(srv.url(&format!("/tag/{q}")))
        .form(&[("csrf", csrf.as_str()), ("child", "C001"), ("purpose", "learning_journey"), ("back", &back)])
        .send()
        .expect("tag");
    let text = res.text().expect("text");
    assert!(text.contains("Tagged again") && text.contains("Back to the quarantine"), "{text}");
    // Its file still says "Zara": a person's tags and the file disagree,
    // which the manager settles by looking and releasing it.
    let shown = s.json(&["photo", "show", &q]);
    let codes: Vec<&str> =
        shown["reasons"].as_array().expect("reasons").iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(codes, ["tag_sources_disagree"], "{shown}");
    assert_eq!(shown["tags"], serde_json::json!(["C001"]), "{shown}");
    let res = m
        .post(srv.url(&format!("/quarantine/{q}/release")))
        .form(&[("csrf", csrf.as_str()), ("note", "it is Amelia"), ("purpose", "learning_journey")])
        .send()
        .expect("release");
    assert!(res.text().expect("text").contains("released and stored"));
    assert_eq!(s.json(&["photo", "show", &q])["state"], "stored", "Amelia has consent: the gate stores it");
    // An address elsewhere is never where "back" leads.
    let res = m
        .post(srv.url(&format!("/tag/{q2}")))
        .form(&[("csrf", csrf.as_str()), ("child", "C002"), ("back", "https://evil.example/x")])
        .send()
        .expect("tag");
    let text = res.text().expect("text");
    assert!(!text.contains("evil.example") && text.contains("href=\"/tag\""), "{text}");
}

#[test]
fn the_forbidden_purpose_is_a_tick_box_on_its_card_and_unticking_it_releases_the_photo() {
    let s = setup();
    let mut photo = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
    photo.extend_from_slice(b"variant f");
    std::fs::write(s.inbox().join("phone1/f.jpg"), photo).expect("write");
    std::fs::write(
        s.inbox().join("phone1/f.jpg.tags.json"),
        r#"{"children": ["C001"], "purposes": ["learning_journey", "social_media"]}"#,
    )
    .expect("sidecar");
    let v = s.json(&["ingest", "--once"]);
    let f = ingested(&v, "phone1/f.jpg");
    assert_eq!(s.json(&["photo", "show", &f])["state"], "quarantined");
    let srv = App::start(&s);
    let (m, csrf) = login(&srv, "sam", MANAGER_PW);
    let card = m.get(srv.url("/quarantine")).send().expect("get").text().expect("text");
    assert!(card.contains("name=\"purpose\" value=\"social_media\"> social media"), "unticked: {card}");
    assert!(card.contains("name=\"purpose\" value=\"learning_journey\" checked"), "{card}");
    assert!(card.contains("not allowed by the setting"), "{card}");
    let res = m
        .post(srv.url(&format!("/quarantine/{f}/release")))
        .form(&[("csrf", csrf.as_str()), ("note", "not for social media"), ("purpose", "learning_journey")])
        .send()
        .expect("release");
    let text = res.text().expect("text");
    assert!(text.contains("released and stored"), "{text}");
    let shown = s.json(&["photo", "show", &f]);
    assert_eq!(shown["state"], "stored");
    assert_eq!(shown["purposes"], serde_json::json!(["learning_journey"]));
}

#[test]
fn a_stored_photo_opens_large_and_is_deleted_only_after_a_confirmation() {
    let s = setup();
    let (a, q) = photos(&s);
    s.ok(&["tag", &a, "Amelia"]);
    assert_eq!(s.json(&["photo", "show", &a])["state"], "stored");
    let srv = App::start(&s);
    let (m, csrf) = login(&srv, "sam", MANAGER_PW);
    let gallery = m.get(srv.url("/gallery")).send().expect("gallery").text().expect("text");
    assert!(gallery.contains(&format!("href=\"/photos/{a}\"")), "each photo opens: {gallery}");
    let page = m.get(srv.url(&format!("/photos/{a}"))).send().expect("photo").text().expect("text");
    for want in [
        format!("/photo/{a}/view"),
        "Amelia Rose".to_string(),
        "learning journey".to_string(),
        format!("/tag/{a}?back=%2Fphotos%2F{a}"),
        format!("/report/{a}"),
        format!("/photos/{a}/delete"),
        "a photo arrived and waits to be tagged".to_string(),
        "tagged a photo".to_string(),
    ] {
        assert!(page.contains(&want), "missing {want}: {page}");
    }
    // Delete… asks first, showing and naming the photo; nothing goes yet.
    let res = m
        .post(srv.url(&format!("/photos/{a}/delete")))
        .form(&[("csrf", csrf.as_str()), ("note", "blurred")])
        .send()
        .expect("delete");
    let confirm = res.text().expect("text");
    assert!(confirm.contains("Delete this photo?") && confirm.contains("a.jpg"), "{confirm}");
    assert!(confirm.contains(&format!("/photo/{a}/thumb")) && confirm.contains("Delete it for good"), "{confirm}");
    assert_eq!(s.json(&["photo", "show", &a])["state"], "stored", "not before the confirmation");
    let res = m
        .post(srv.url(&format!("/photos/{a}/delete")))
        .form(&[("csrf", csrf.as_str()), ("note", "blurred"), ("confirm", "yes")])
        .send()
        .expect("delete");
    assert!(res.text().expect("text").contains("a.jpg deleted"));
    assert_eq!(s.json(&["photo", "show", &a])["state"], "deleted");
    let log = s.json(&["audit", "list", "--photo", &a]).to_string();
    assert!(log.contains("\"photo.delete\"") && log.contains("blurred"), "{log}");
    // The quarantine's Delete asks first too.
    let res = m
        .post(srv.url(&format!("/quarantine/{q}/delete")))
        .form(&[("csrf", csrf.as_str()), ("note", "not ours"), ("here", "page=1")])
        .send()
        .expect("delete");
    let confirm = res.text().expect("text");
    assert!(confirm.contains("Delete this photo?") && confirm.contains("q.jpg"), "{confirm}");
    assert_eq!(s.json(&["photo", "show", &q])["state"], "quarantined");
    let res = m
        .post(srv.url("/quarantine/bulk"))
        .form(&[("csrf", csrf.as_str()), ("note", "not ours"), ("action", "delete"), ("photo", q.as_str())])
        .send()
        .expect("bulk");
    let confirm = res.text().expect("text");
    assert!(confirm.contains("Delete this photo?") && confirm.contains("q.jpg"), "{confirm}");
    assert_eq!(s.json(&["photo", "show", &q])["state"], "quarantined");
    let res = m
        .post(srv.url("/quarantine/bulk"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("note", "not ours"),
            ("action", "delete"),
            ("photo", q.as_str()),
            ("confirm", "yes"),
        ])
        .send()
        .expect("bulk");
    assert!(res.text().expect("text").contains("1 of 1 done"));
    assert_eq!(s.json(&["photo", "show", &q])["state"], "deleted");
    // The incidents and retention pages link photos by name.
    let page = m.get(srv.url(&format!("/photos/{a}"))).send().expect("photo").text().expect("text");
    assert!(page.contains("This photo was deleted") && !page.contains(&format!("/photo/{a}/view")), "{page}");
}

#[test]
fn blur_is_offered_only_once_the_childs_face_is_marked_and_the_card_says_how() {
    let s = setup();
    s.ok(&["child", "leave", "C002", "--on", "2026-11-01"]);
    let mut photo = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
    photo.extend_from_slice(b"variant b");
    std::fs::write(s.inbox().join("phone1/b.jpg"), photo).expect("write");
    std::fs::write(s.inbox().join("phone1/b.jpg.tags.json"), r#"{"children": ["C001", "C002"]}"#).expect("sidecar");
    let b = ingested(&s.json(&["ingest", "--once"]), "phone1/b.jpg");
    let shown = s.json(&["photo", "show", &b]);
    assert_eq!(shown["state"], "quarantined", "{shown}");
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let card = m.get(srv.url("/quarantine")).send().expect("get").text().expect("text");
    assert!(card.contains("To blur Ben Ade, their face must be marked first"), "{card}");
    assert!(card.contains(&format!("/tag/{b}?back=")), "the way to mark it is on the card: {card}");
    assert!(!card.contains(&format!("/quarantine/{b}/redact")), "no Blur that cannot work: {card}");
}

#[test]
fn a_child_is_erased_from_their_page_after_seeing_what_happens_and_the_receipt_downloads() {
    let s = setup();
    let solo = s.arrive_phone("chloe.jpg", 61, r#"{"children": ["C003"]}"#);
    let srv = App::start(&s);
    let (m, csrf) = login(&srv, "sam", MANAGER_PW);
    let child = m.get(srv.url("/children/C003")).send().expect("child").text().expect("text");
    assert!(child.contains("href=\"/children/C003/erase\""), "{child}");
    let plan = m.get(srv.url("/children/C003/erase")).send().expect("plan").text().expect("text");
    assert!(plan.contains("Erase Chloe Diaz?") && plan.contains("chloe.jpg"), "{plan}");
    assert!(plan.contains("Chloe Diaz is the only child in it: it is deleted."), "{plan}");
    assert!(plan.contains(&format!("/photo/{solo}/thumb")), "{plan}");
    // Not without the tick, nor without a note: nothing changes.
    let res = m
        .post(srv.url("/children/C003/erase"))
        .form(&[("csrf", csrf.as_str()), ("note", "the parent asked")])
        .send()
        .expect("erase");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let res = m
        .post(srv.url("/children/C003/erase"))
        .form(&[("csrf", csrf.as_str()), ("confirm", "yes")])
        .send()
        .expect("erase");
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(s.json(&["photo", "show", &solo])["state"], "stored");
    let res = m
        .post(srv.url("/children/C003/erase"))
        .form(&[("csrf", csrf.as_str()), ("note", "the parent asked"), ("confirm", "yes")])
        .send()
        .expect("erase");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let disposition = res.headers()["content-disposition"].to_str().expect("header").to_string();
    assert!(disposition.contains("filename=\"erasure-C003-"), "{disposition}");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(res.bytes().expect("zip").to_vec())).expect("zip");
    let names: Vec<String> =
        (0..zip.len()).map(|i| zip.by_index(i).expect("e").name().expect("n").to_string()).collect();
    assert!(names.iter().any(|n| n.ends_with(".txt")) && names.iter().any(|n| n.ends_with(".html")), "{names:?}");
    let mut text = String::new();
    let txt = names.iter().find(|n| n.ends_with(".txt")).expect("txt").clone();
    std::io::Read::read_to_string(&mut zip.by_name(&txt).expect("txt"), &mut text).expect("read");
    assert!(text.contains("Erasure of child C003") && text.contains("the parent asked"), "{text}");
    assert!(!text.contains("Chloe") && !text.contains("chloe.jpg"), "no name, no file name: {text}");
    assert_eq!(s.json(&["photo", "show", &solo])["state"], "deleted");
    let register = s.json(&["child", "list"]).to_string();
    assert!(!register.contains("Chloe Diaz"), "{register}");
}

/// What the passes over the inbox could not take is on the manager's
/// overview, in words, with the device it came from; once taken or
/// removed, the card goes.
#[test]
fn files_left_in_the_inbox_are_on_the_overview_until_they_are_gone() {
    let s = setup();
    s.ok(&[
        "device",
        "add",
        "--id",
        "ipad9",
        "--label",
        "Rainbow room iPad",
        "--make",
        "Apple",
        "--model",
        "iPad",
        "--folder",
        "ipad9",
    ]);
    let folder = s.inbox().join("ipad9");
    std::os::unix::fs::symlink(fixture("camera_motorola_moto_g9_small.jpg"), folder.join("linked.jpg")).expect("link");
    std::fs::write(folder.join("lost.jpg.tags.json"), r#"{"children": ["C001"]}"#).expect("sidecar");
    let out = s.cmd().args(["ingest", "--once"]).output().expect("ingest");
    assert!(!out.status.success(), "tags with no photo need attention");
    let srv = App::start(&s);
    let (m, _) = login(&srv, "sam", MANAGER_PW);
    let dash = m.get(srv.url("/dashboard")).send().expect("get").text().expect("text");
    assert!(dash.contains("Files left in the inbox: 2"), "{dash}");
    assert!(dash.contains("none of them has been stored, and none was deleted"), "{dash}");
    assert!(dash.contains("ipad9/linked.jpg") && dash.contains("ipad9/lost.jpg.tags.json"), "{dash}");
    assert!(dash.contains("(from Rainbow room iPad)"), "the device by its label: {dash}");
    assert!(dash.contains("Never taken — a symbolic link"), "{dash}");
    assert!(dash.contains("Tags for a photo that has not arrived — "), "{dash}");
    assert!(dash.contains("Left there since "), "{dash}");
    std::fs::remove_file(folder.join("linked.jpg")).expect("unlink");
    std::fs::remove_file(folder.join("lost.jpg.tags.json")).expect("remove");
    s.ok(&["ingest", "--once"]);
    let dash = m.get(srv.url("/dashboard")).send().expect("get").text().expect("text");
    assert!(!dash.contains("Files left in the inbox"), "{dash}");
}
