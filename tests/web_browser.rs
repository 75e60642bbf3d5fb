//! End-to-end in headless Chromium (Debian's `chromium` and
//! `chromium-driver`, which .ci/run installs), driven over WebDriver:
//! a practitioner tags, a manager redacts and withdraws consent. Each test
//! saves screenshots under `target/tmp/screenshots/`.

mod common;

use common::{fixture, Server, Setup};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::{Client, Locator};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const MANAGER_PW: &str = "manager password 1";
const PRACT_PW: &str = "practitioner password 1";

fn screenshots() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// chromedriver on a free port, killed on drop.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    /// Ends chromedriver and the browsers it started (its process group):
    /// a test that fails leaves no Chromium running to slow the next ones.
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn chromium_present() -> bool {
    let ok = |c: &str| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success());
    if ok("chromedriver") && ok("chromium") {
        return true;
    }
    common::skip("chromium/chromedriver not installed (.ci/run installs them)");
    false
}

async fn browser() -> (Driver, Client) {
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("port").local_addr().expect("addr").port();
    // In a process group of its own, with the browsers it starts: see Driver's drop.
    let child = std::os::unix::process::CommandExt::process_group(
        Command::new("chromedriver").arg(format!("--port={port}")).stdout(Stdio::null()).stderr(Stdio::null()),
        0,
    )
    .spawn()
    .expect("chromedriver");
    let profile = tempfile::tempdir().expect("profile");
    let driver = Driver { child, port, _profile: profile };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", driver.port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     "--disable-quic", "--no-first-run", "--window-size=1280,1100",
                     // The HTTPS test server's certificate is from a test
                     // setting's own authority (tests/cli/setting_https.rs
                     // checks the chain with a client that trusts only it).
                     "--ignore-certificate-errors",
                     format!("--user-data-dir={}", driver._profile.path().display())]
        }),
    );
    let client = fantoccini::ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session");
    (driver, client)
}

async fn shot(c: &Client, name: &str) -> PathBuf {
    let png = c.screenshot().await.expect("screenshot");
    let path = screenshots().join(format!("{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
    path
}

async fn login(c: &Client, srv: &Server, name: &str, pw: &str) {
    c.goto(&srv.url("/login")).await.expect("login page");
    c.find(Locator::Css("input[name=name]")).await.expect("name").send_keys(name).await.expect("type");
    c.find(Locator::Css("input[name=password]")).await.expect("pw").send_keys(pw).await.expect("type");
    c.find(Locator::Css("button[type=submit]")).await.expect("submit").click().await.expect("click");
    c.wait().for_element(Locator::Css("header nav")).await.expect("logged in");
}

async fn main_text(c: &Client) -> String {
    c.find(Locator::Css("main")).await.expect("main").text().await.expect("text")
}

async fn click_child(c: &Client, name: &str) {
    let xpath = format!("//label[contains(@class,'child')][.//span[text()='{name}']]");
    c.find(Locator::XPath(&xpath)).await.expect("child button").click().await.expect("click");
}

/// Clicks a button and waits until the browser has left the old page
/// (the form may post to the page's own address).
async fn submit(c: &Client, label: &str) {
    let xpath = format!("//button[normalize-space(text())='{label}']");
    let old = c.find(Locator::Css("html")).await.expect("page");
    c.find(Locator::XPath(&xpath)).await.expect("button").click().await.expect("click");
    wait_gone(old).await;
}

/// Chooses `path` in the file picker `css`, as a person does in the dialog.
async fn choose_file(c: &Client, css: &str, path: &std::path::Path) {
    let picker = c.find(Locator::Css(css)).await.expect("the file picker");
    picker.send_keys(path.to_str().expect("path")).await.expect("choose the file");
}

async fn wait_gone(old: fantoccini::elements::Element) {
    for _ in 0..100 {
        if old.tag_name().await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the page did not change");
}

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s.user("sam", "manager", MANAGER_PW);
    s.user("jess", "practitioner", PRACT_PW);
    s
}

fn drop_photo(s: &Setup, name: &str, variant: u32, sidecar: Option<&str>) -> String {
    if let Some(sc) = sidecar {
        std::fs::write(s.inbox().join(format!("phone1/{name}.tags.json")), sc).expect("sidecar");
    }
    drop_file(s, "phone1", "camera_motorola_moto_g9_small.jpg", name, &format!("variant {variant}"))
}

/// A distinct copy (by `mark`) of a fixture in a device's folder; its id.
fn drop_file(s: &Setup, folder: &str, file: &str, name: &str, mark: &str) -> String {
    use sha2::Digest;
    let mut bytes = std::fs::read(fixture(file)).expect("read");
    bytes.extend_from_slice(mark.as_bytes());
    std::fs::write(s.inbox().join(folder).join(name), &bytes).expect("write");
    hex::encode(sha2::Sha256::digest(&bytes))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_practitioner_tags_and_a_manager_redacts() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    let solo = drop_photo(&s, "solo.jpg", 1, None);
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let group = drop_file(&s, "ipad1", "generated_ipad_two_faces.jpg", "group.jpg", "2");
    s.ok(&["ingest", "--once"]);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;

    c.goto(&srv.url("/login")).await.expect("login");
    axe(&c, "/login").await;
    fits_and_touchable(&c, "/login").await;
    shot(&c, "01-login").await;
    login(&c, &srv, "jess", PRACT_PW).await;
    assert!(main_text(&c).await.contains("Photos to tag"));
    shot(&c, "02-practitioner-queue").await;

    // One child, with consent: stored.
    c.goto(&srv.url(&format!("/tag/{solo}"))).await.expect("tag page");
    shot(&c, "03-tagging").await;
    click_child(&c, "Amelia Rose").await;
    submit(&c, "Save and next").await;
    let text = main_text(&c).await;
    assert!(text.contains("Stored the photo from") && text.contains("in the vault"), "{text}");
    shot(&c, "04-tagged-stored").await;
    assert_eq!(s.json(&["photo", "show", &solo])["state"], "stored");

    // A group with Ben, who has no group consent: drawn around, held back.
    c.goto(&srv.url(&format!("/tag/{group}"))).await.expect("tag page");
    c.find(Locator::Css(".facebox[data-n='1']")).await.expect("face 1").click().await.expect("tap");
    click_child(&c, "Amelia Rose").await;
    click_child(&c, "Ben Ade").await;
    // Scrolled up from under the bar that keeps "Save and next" on screen,
    // as a person scrolls to it.
    c.execute("document.querySelector('details summary').scrollIntoView({block: 'center'});", vec![])
        .await
        .expect("scroll");
    c.find(Locator::Css("details summary")).await.expect("summary").click().await.expect("open");
    c.find(Locator::Css("input[name=draw_for][value=C002]")).await.expect("radio").click().await.expect("choose Ben");
    // A box drawn around the right-hand face (offsets from the canvas's centre).
    let canvas = c.wait().for_element(Locator::Css(".stage canvas")).await.expect("canvas");
    let size = c
        .execute(
            "const r = document.querySelector('.stage canvas').getBoundingClientRect(); return [r.width, r.height];",
            vec![],
        )
        .await
        .expect("size");
    let (w, h) = (size[0].as_f64().unwrap_or(0.0), size[1].as_f64().unwrap_or(0.0));
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: canvas,
            duration: None,
            x: ((0.68 - 0.5) * w).round(),
            y: ((0.05 - 0.5) * h).round(),
        })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(200)),
            x: (0.2 * w).round(),
            y: (0.4 * h).round(),
        })
        .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    c.perform_actions(drag).await.expect("drag a box");
    let region =
        c.find(Locator::Css("input[name=region_C002]")).await.expect("field").prop("value").await.expect("value");
    assert!(region.as_deref().is_some_and(|r| r.split(',').count() == 4), "the box became a region: {region:?}");
    shot(&c, "05-drawing-a-region").await;
    submit(&c, "Save and next").await;
    let text = main_text(&c).await;
    assert!(
        text.contains("Held for the manager") && text.contains("no consent recorded for this use (Ben Ade"),
        "{text}"
    );
    assert!(!text.contains("(C002"), "names, not ids: {text}");
    shot(&c, "06-tagged-held").await;
    assert_eq!(s.json(&["photo", "show", &group])["state"], "quarantined");

    // The manager redacts Ben; the queue empties.
    submit(&c, "Log out").await;
    login(&c, &srv, "sam", MANAGER_PW).await;
    let text = main_text(&c).await;
    // Names, not register ids, on the card.
    assert!(text.contains("Why it is held") && text.contains("Ben Ade"), "{text}");
    shot(&c, "07-quarantine").await;
    let redact_form = format!("form[action='/quarantine/{group}/redact']");
    c.find(Locator::Css(&format!("{redact_form} input[name=note]")))
        .await
        .expect("note")
        .send_keys("Ben blurred")
        .await
        .expect("type");
    let old = c.find(Locator::Css("html")).await.expect("page");
    c.find(Locator::Css(&format!("{redact_form} button"))).await.expect("redact").click().await.expect("click");
    wait_gone(old).await;
    let text = main_text(&c).await;
    assert!(text.contains("redacted") && text.contains("stored"), "{text}");
    c.goto(&srv.url("/quarantine")).await.expect("queue");
    assert!(main_text(&c).await.contains("The quarantine is empty"));
    shot(&c, "08-quarantine-empty").await;
    let original = s.json(&["photo", "show", &group]);
    assert_eq!(original["deleted_rule"], "redacted");
    let stored = s.json(&["photo", "list", "--state", "stored"]);
    assert!(stored
        .as_array()
        .expect("list")
        .iter()
        .any(|p| p["derived_from"] == group.as_str() && p["tags"] == serde_json::json!(["C001"])));
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_withdraws_consent_and_the_photo_returns_to_the_queue() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    let id = drop_photo(&s, "solo.jpg", 3, Some(r#"{"children": ["C001"]}"#));
    s.ok(&["ingest", "--once"]);
    assert_eq!(s.json(&["photo", "show", &id])["state"], "stored");
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;
    login(&c, &srv, "sam", MANAGER_PW).await;
    c.goto(&srv.url("/register")).await.expect("register");
    shot(&c, "09-register").await;
    let form = "form[action='/register/consent']";
    for (field, value) in [("child", "C001"), ("purpose", "learning_journey"), ("action", "withdraw"), ("by", "G001")] {
        let select = c.find(Locator::Css(&format!("{form} select[name={field}]"))).await.expect("select");
        select.select_by_value(value).await.expect("choose");
    }
    // The date widget's typing order depends on the locale: set its value.
    c.execute(&format!("document.querySelector(\"{form} input[name=date]\").value = '2026-11-22';"), vec![])
        .await
        .expect("date");
    c.find(Locator::Css(&format!("{form} input[name=evidence]")))
        .await
        .expect("evidence")
        .send_keys("email")
        .await
        .expect("type");
    submit(&c, "Record").await;
    let text = main_text(&c).await;
    // The photos that moved, by file name and in words (no register ids).
    assert!(text.contains("Photos checked again that moved") && text.contains("held for the manager"), "{text}");
    assert!(text.contains("solo.jpg") && !text.contains(&id[..12]), "{text}");
    shot(&c, "10-withdrawn").await;
    c.goto(&srv.url("/quarantine")).await.expect("queue");
    let text = main_text(&c).await;
    // The card names the file, not the register's id (that is in Details).
    assert!(text.contains("solo.jpg") && text.contains("withdrawn"), "{text}");
    shot(&c, "11-back-in-the-queue").await;
    assert_eq!(s.json(&["photo", "show", &id])["state"], "quarantined");
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_manager_page_renders() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    drop_photo(&s, "q.jpg", 4, Some(r#"{"children": ["Zara"]}"#));
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let mut face = std::fs::read(fixture("generated_ipad_face.jpg")).expect("face");
    face.extend_from_slice(b"browser");
    std::fs::write(s.inbox().join("ipad1/face.jpg"), &face).expect("write");
    let face_id = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&face))
    };
    s.ok(&["ingest", "--once"]);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;
    login(&c, &srv, "sam", MANAGER_PW).await;
    for (path, title, name) in [
        ("/devices", "Devices", "12-devices"),
        ("/retention", "Retention plan", "13-retention"),
        ("/incidents", "Incidents", "14-incidents"),
        ("/audit", "Audit log", "15-audit"),
    ] {
        c.goto(&srv.url(path)).await.expect("page");
        let h1 = c.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
        assert_eq!(h1, title);
        axe(&c, path).await;
        shot(&c, name).await;
    }
    submit(&c, "Verify the chain").await;
    assert!(main_text(&c).await.contains("intact"));
    shot(&c, "16-audit-verified").await;
    for path in
        ["/quarantine", "/register", "/disclosures", "/users", "/dashboard", "/gallery", "/children/C001", "/tag"]
    {
        c.goto(&srv.url(path)).await.expect("page");
        axe(&c, path).await;
    }
    c.goto(&srv.url("/disclosures")).await.expect("page");
    let h1 = c.find(Locator::Css("h1")).await.expect("h1").text().await.expect("text");
    assert_eq!(h1, "Disclosures");
    shot(&c, "16b-disclosures").await;
    // The pages whose words changed, at every width: the devices and the
    // confirmation before one is removed (the photo it would hold by name),
    // and the disclosures.
    for (path, name) in [("/devices", "devices"), ("/disclosures", "disclosures")] {
        c.goto(&srv.url(path)).await.expect("page");
        at_three_widths(&c, name).await;
    }
    c.goto(&srv.url("/devices")).await.expect("page");
    submit(&c, "Remove (registered by mistake)…").await;
    let text = main_text(&c).await;
    assert!(text.contains("Removing ipad1") && text.contains("face.jpg"), "{text}");
    at_three_widths_as_shown(&c, "devices-remove", "main").await;
    // A consent import from a spreadsheet, through the browser's file
    // picker: a grandparent's signature is taken and does not count, and
    // the page says so apart, by file, line and name.
    let csv = s.dir.path().join("consents.csv");
    std::fs::write(&csv, "child,purpose,action,by,date\nC003,website,grant,G004,2026-09-01\n").expect("csv");
    c.goto(&srv.url("/register")).await.expect("register");
    choose_file(&c, "input[type=file][name=file]", &csv).await;
    submit(&c, "Import").await;
    let text = main_text(&c).await;
    assert!(text.contains("Imported 1 consent events"), "{text}");
    let warning = text_of(&c, "#warnings").await;
    assert!(
        warning.contains("consents.csv, line 2")
            && warning.contains("Chloe Diaz")
            && warning.contains("does not count"),
        "{warning}"
    );
    at_three_widths_as_shown(&c, "register-import-warning", "main").await;
    // The tagging page draws the face the detector found, numbered.
    c.goto(&srv.url(&format!("/tag/{face_id}"))).await.expect("tag page");
    assert!(main_text(&c).await.contains("Faces found"));
    c.wait().for_element(Locator::Css(".stage canvas")).await.expect("canvas");
    shot(&c, "17-tagging-with-faces").await;
    // The manager's Disclosures page on a phone.
    c.set_window_size(390, 900).await.expect("resize");
    c.goto(&srv.url("/disclosures")).await.expect("page");
    shot(&c, "18-disclosures-390px").await;
    // The menu wraps inside the screen: no page wider than the phone.
    let wide = c.execute("return document.documentElement.scrollWidth;", vec![]).await.expect("js");
    assert!(wide.as_u64().is_some_and(|w| w <= 390), "page is {wide} px wide at 390");
    c.close().await.expect("close");
}

/// What is in a benchmark photo, and so what the practitioner does.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    /// One face: Amelia.
    OneChild,
    /// Two faces: Amelia and Chloe.
    TwoChildren,
    /// No face, no child (the cat on a chair).
    NoChildren,
    /// A face that is not a child's (a poster): "no children".
    FalseFace,
}

/// Counts what a person would do: taps, and how
/// far the page had to scroll for them (the browser scrolls a control into
/// view before it taps it, as a person would have to).
#[derive(Default)]
struct Actions {
    clicks: u32,
    scrolled: f64,
}

impl Actions {
    async fn click(&mut self, c: &Client, css: &str) {
        self.clicks += 1;
        let el = c.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
        // How far a person must scroll for the control to be on screen
        // and not under the Save bar; scrolled so, as they would.
        let needed = c
            .execute(
                "const r = arguments[0].getBoundingClientRect();
                 const bar = document.querySelector('.savebar');
                 const b = bar && !bar.contains(arguments[0]) ? bar.getBoundingClientRect() : null;
                 const bottom = b && b.top > window.innerHeight / 2 ? b.top : window.innerHeight;
                 let d = 0;
                 if (r.top < 0) d = r.top - 8; else if (r.bottom > bottom) d = r.bottom - bottom + 8;
                 if (d !== 0) window.scrollBy(0, d);
                 return d;",
                vec![serde_json::to_value(&el).expect("element")],
            )
            .await
            .expect("js")
            .as_f64()
            .unwrap_or(0.0);
        self.scrolled += needed.abs();
        el.click().await.expect("click");
    }

    /// Clicks, then waits until the browser has left the page.
    async fn click_away(&mut self, c: &Client, css: &str) {
        let old = c.find(Locator::Css("html")).await.expect("page");
        self.click(c, css).await;
        wait_gone(old).await;
    }

    fn total(&self) -> u32 {
        self.clicks
    }
}

/// The median of `v` (f64).
fn median_f(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// 50 photos waiting for tags: 20 of one child, 10 of two, 10 of nobody, 10
/// of a false face; returns their ids and kinds.
fn bench_photos(s: &Setup) -> Vec<(String, Kind)> {
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let mut out = Vec::new();
    for i in 0..50u32 {
        let kind = match i % 5 {
            0 | 1 => Kind::OneChild,
            2 => Kind::TwoChildren,
            3 => Kind::NoChildren,
            _ => Kind::FalseFace,
        };
        let (file, folder) = match kind {
            Kind::OneChild | Kind::FalseFace => ("generated_ipad_face.jpg", "ipad1"),
            Kind::TwoChildren => ("generated_ipad_two_faces.jpg", "ipad1"),
            Kind::NoChildren => ("camera_motorola_moto_g9_small.jpg", "phone1"),
        };
        out.push((drop_file(s, folder, file, &format!("b{i:02}.jpg"), &format!("bench {i}")), kind));
    }
    s.ok(&["ingest", "--once"]);
    for (id, _) in &out {
        assert_eq!(s.json(&["photo", "show", id])["state"], "awaiting_tags", "{id} waits");
    }
    out
}

fn median(mut v: Vec<u32>) -> f64 {
    v.sort_unstable();
    let n = v.len();
    if n % 2 == 1 {
        f64::from(v[n / 2])
    } else {
        f64::from(v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// The benchmark of issue 15: a practitioner tags 50 queued photos through
/// the web UI in headless Chromium; prints the actions (clicks, key
/// presses) per photo and the wall time. Not a timed assertion:
/// `cargo test --release --test web_browser -- --ignored bench_tagging --nocapture`.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: run with --ignored bench_tagging --nocapture"]
async fn bench_tagging_50_queued_photos() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    let photos = bench_photos(&s);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;
    // An iPad held upright, with no keyboard: every action is a tap.
    c.set_window_size(820, 1180).await.expect("resize");
    login(&c, &srv, "jess", PRACT_PW).await;
    c.goto(&srv.url("/tag")).await.expect("queue");
    let kinds: std::collections::HashMap<&str, Kind> = photos.iter().map(|(id, k)| (id.as_str(), *k)).collect();
    let mut per_photo = Vec::new();
    let mut by_kind: std::collections::BTreeMap<String, (Vec<u32>, Vec<f64>)> = Default::default();
    let start = std::time::Instant::now();
    let mut a = Actions::default();
    // The queue: start with the oldest photo (counted for the first photo).
    a.click_away(&c, "a.button.primary[href^='/tag/']").await;
    for i in 0..photos.len() {
        let url = c.current_url().await.expect("url");
        let id = url.path().rsplit('/').next().expect("id").to_string();
        let kind = kinds[id.as_str()];
        let old = c.find(Locator::Css("html")).await.expect("page");
        match kind {
            Kind::OneChild => {
                a.click(&c, ".facebox[data-n='1']").await;
                a.click(&c, "label.child:has(input[value=C001])").await;
                a.click(&c, "button[value=next]").await;
            }
            Kind::TwoChildren => {
                a.click(&c, ".facebox[data-n='1']").await;
                a.click(&c, "label.child:has(input[value=C001])").await;
                a.click(&c, ".facebox[data-n='2']").await;
                a.click(&c, "label.child:has(input[value=C003])").await;
                a.click(&c, "button[value=next]").await;
            }
            // "No children" / "None of these are children": one tap.
            Kind::NoChildren | Kind::FalseFace => a.click(&c, "button[value=nobody]").await,
        }
        wait_gone(old).await;
        // The outcome, as a short notice on the next photo (or the queue).
        let notice = c.find(Locator::Css(".notice")).await.expect("a notice").text().await.expect("text");
        assert!(notice.starts_with("Stored") || notice.starts_with("Held"), "{kind:?} {id}: {notice}");
        per_photo.push(a.total());
        let entry = by_kind.entry(format!("{kind:?}")).or_default();
        entry.0.push(a.total());
        entry.1.push(a.scrolled);
        a = Actions::default();
        if i + 1 < photos.len() {
            assert!(c.current_url().await.expect("url").path().starts_with("/tag/"), "on to the next photo");
        }
    }
    let wall = start.elapsed().as_secs_f64();
    assert!(main_text(&c).await.contains("Nothing to tag"));
    for (id, _) in &photos {
        assert_ne!(s.json(&["photo", "show", id])["state"], "awaiting_tags", "{id} decided");
    }
    let total: u32 = per_photo.iter().sum();
    println!(
        "bench_tagging: {} photos, {total} actions, median {:.1} actions/photo, wall {wall:.1} s, {:.1} photos/min",
        photos.len(),
        median(per_photo.clone()),
        photos.len() as f64 * 60.0 / wall
    );
    for (kind, (actions, scrolled)) in &by_kind {
        println!(
            "bench_tagging at 820x1180: {kind}: median {:.1} actions, median {:.0} px scrolled, most {:.0} px",
            median(actions.clone()),
            median_f(scrolled.clone()),
            scrolled.iter().copied().fold(0.0, f64::max)
        );
    }
    let one = &by_kind["OneChild"];
    assert!(median(one.0.clone()) <= 3.0, "a photo of one child: at most 3 taps");
    assert_eq!(one.1.iter().copied().fold(0.0, f64::max), 0.0, "a photo of one child: no scrolling at 820 px");
    c.close().await.expect("close");
}

/// axe-core's script (tests/browser, from npm): installed with `npm ci`
/// when missing and npm is on the PATH; `None` (a skip) otherwise.
fn axe_source() -> Option<String> {
    static SOURCE: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
            let script = dir.join("node_modules/axe-core/axe.min.js");
            if !script.is_file() {
                let installed = Command::new("npm")
                    .args(["ci", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&dir)
                    .stdout(Stdio::null())
                    .status()
                    .is_ok_and(|s| s.success());
                if !installed {
                    common::skip(
                        "axe-core not installed and `npm ci --prefix tests/browser` failed (.ci/run installs it)",
                    );
                    return None;
                }
            }
            Some(std::fs::read_to_string(&script).expect("axe.min.js"))
        })
        .clone()
}

/// Runs axe-core on the page; fails on a serious or critical violation.
async fn axe(c: &Client, what: &str) {
    let Some(src) = axe_source() else { return };
    let loaded = c.execute(&format!("{src}\n;return typeof window.axe;"), vec![]).await.expect("inject axe");
    assert_eq!(loaded, "object", "axe-core loaded on {what}");
    let found = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] }).then(r => done(
               r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' +
                      v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | '))));",
            vec![],
        )
        .await
        .expect("axe.run");
    let found: Vec<String> = serde_json::from_value(found).expect("violations");
    assert!(found.is_empty(), "accessibility on {what}:\n{}", found.join("\n"));
}

/// The page fits the window (no sideways scrolling), and every control a
/// finger must hit is at least 44 px each way (a checkbox's target is its
/// label; links inside a sentence are exempt).
async fn fits_and_touchable(c: &Client, what: &str) {
    let r = c
        .execute(
            "const small = [];
             for (const el of document.querySelectorAll('a, button, select, input, summary, textarea')) {
               if (el.type === 'hidden' || el.closest('[hidden]') || el.getClientRects().length === 0) continue;
               if (el.tagName === 'A' && !el.classList.contains('button') && el.closest('p, li, td, .counts')) continue;
               let t = el;
               if (el.tagName === 'INPUT' && (el.type === 'checkbox' || el.type === 'radio')) t = el.closest('label') || el;
               const b = t.getBoundingClientRect();
               if (b.width < 43.5 || b.height < 43.5)
                 small.push(t.tagName + (t.className ? '.' + t.className : '') + ' ' +
                            (t.textContent || t.name || '').trim().slice(0, 30) + ' ' + Math.round(b.width) + 'x' + Math.round(b.height));
             }
             const unlabelled = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
               .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
               .map(el => el.name);
             // What sticks out (outside a scrolling table), to name it.
             const out = [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('table'))
               .slice(-3).map(e => e.tagName + (e.className ? '.' + e.className : '') + (e.name ? '[' + e.name + ']' : '')
                                   + ' ' + Math.round(e.getBoundingClientRect().right));
             return { wide: document.documentElement.scrollWidth, inner: window.innerWidth, small, unlabelled,
                      lang: document.documentElement.lang, out };",
            vec![],
        )
        .await
        .expect("measure");
    let wide = r["wide"].as_u64().expect("wide");
    let inner = r["inner"].as_u64().expect("inner");
    assert!(wide <= inner, "{what}: the page is {wide} px wide in a {inner} px window: {}", r["out"]);
    assert_eq!(r["small"], serde_json::json!([]), "{what}: touch targets under 44 px");
    assert_eq!(r["unlabelled"], serde_json::json!([]), "{what}: controls without a label");
    assert!(r["lang"].as_str().is_some_and(|l| l.starts_with("en")), "{what}: lang is set");
}

/// Screenshots at the iPad-landscape, iPad-portrait and phone widths,
/// checking each fits and is accessible; kept under target/tmp/screenshots
/// (the README's are copies in docs/screenshots).
async fn at_three_widths(c: &Client, name: &str) {
    at_three_widths_showing(c, name, None).await;
}

/// [`at_three_widths`], with the element `css` scrolled into view on the
/// narrower screens (where it is below the fold) before each screenshot.
async fn at_three_widths_showing(c: &Client, name: &str, css: Option<&str>) {
    three_widths(c, name, css, true).await;
}

/// [`at_three_widths_showing`] without reloading: for a page that shows
/// something once (a refusal on a card) and is not the same when loaded again.
async fn at_three_widths_as_shown(c: &Client, name: &str, css: &str) {
    three_widths(c, name, Some(css), false).await;
}

async fn three_widths(c: &Client, name: &str, css: Option<&str>, reload: bool) {
    for (w, h) in [(1280, 900), (820, 1000), (390, 844)] {
        c.set_window_size(w, h).await.expect("resize");
        if reload {
            c.refresh().await.expect("reload");
        }
        let what = format!("{name} at {w} px");
        fits_and_touchable(c, &what).await;
        axe(c, &what).await;
        if let Some(css) = css {
            let script = format!("document.querySelector('{css}').scrollIntoView({{block: 'start'}});");
            c.execute(&script, vec![]).await.expect("scroll");
        }
        shot(c, &format!("{name}-{w}")).await;
    }
    c.set_window_size(1280, 1100).await.expect("resize");
}

#[tokio::test(flavor = "multi_thread")]
async fn tagging_is_a_tap_per_face_then_save_and_next() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let two = drop_file(&s, "ipad1", "generated_ipad_two_faces.jpg", "two.jpg", "1");
    let poster = drop_file(&s, "ipad1", "generated_ipad_face.jpg", "poster.jpg", "2");
    let cat = drop_photo(&s, "cat.jpg", 3, None);
    s.ok(&["ingest", "--once"]);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;
    login(&c, &srv, "jess", PRACT_PW).await;
    c.goto(&srv.url("/tag")).await.expect("queue");
    let text = main_text(&c).await;
    assert!(text.contains("3 waiting") && text.contains("oldest first"), "{text}");
    at_three_widths(&c, "queue").await;

    // Two faces: tap a face, then the child, twice; S saves and goes on.
    c.goto(&srv.url(&format!("/tag/{two}"))).await.expect("tag page");
    at_three_widths(&c, "tagging").await;
    c.find(Locator::Css(".facebox[data-n='1']")).await.expect("face 1").click().await.expect("tap");
    click_child(&c, "Amelia Rose").await;
    c.find(Locator::Css(".facebox[data-n='2']")).await.expect("face 2").click().await.expect("tap");
    click_child(&c, "Chloe Diaz").await;
    let label = c.find(Locator::Css(".facebox[data-n='1'] .n")).await.expect("label").text().await.expect("text");
    assert_eq!(label, "1 · Amelia Rose");
    let face2 = c.find(Locator::Css("select[name=face_2]")).await.expect("select").prop("value").await.expect("value");
    assert_eq!(face2.as_deref(), Some("C003"), "the tap set the face's drop-down");
    shot(&c, "tagging-faces-chosen").await;
    let old = c.find(Locator::Css("html")).await.expect("page");
    c.find(Locator::Css("body")).await.expect("body").send_keys("s").await.expect("key");
    wait_gone(old).await;
    let notice = c.find(Locator::Css(".notice")).await.expect("notice").text().await.expect("text");
    assert!(notice.starts_with("Stored"), "{notice}");
    assert!(c.current_url().await.expect("url").path().starts_with("/tag/"), "on to the next photo");
    let photo = s.json(&["photo", "show", &two]);
    assert_eq!(photo["state"], "stored", "{photo}");
    let said: Vec<(u64, &str)> = photo["faces"]
        .as_array()
        .map(|f| f.iter().map(|f| (f["face"].as_u64().unwrap_or(0), f["child"].as_str().unwrap_or(""))).collect())
        .unwrap_or_default();
    assert_eq!(said, [(1, "C001"), (2, "C003")], "each tapped face is that child's in the ledger: {photo}");

    // A poster: "None of these are children" in one tap, remembered.
    c.goto(&srv.url(&format!("/tag/{poster}"))).await.expect("tag page");
    let old = c.find(Locator::Css("html")).await.expect("page");
    c.find(Locator::Css("button[value=nobody]")).await.expect("button").click().await.expect("tap");
    wait_gone(old).await;
    assert!(c.find(Locator::Css(".notice")).await.expect("notice").text().await.expect("text").starts_with("Stored"));
    let photo = s.json(&["photo", "show", &poster]);
    assert_eq!((photo["state"].as_str(), photo["nobody"].as_bool()), (Some("stored"), Some(true)), "{photo}");

    // Search as you type; a save with nothing chosen comes back with the
    // purposes kept and the problem beside the children.
    c.goto(&srv.url(&format!("/tag/{cat}"))).await.expect("tag page");
    c.find(Locator::Css("input.findchild")).await.expect("search").send_keys("benji").await.expect("type");
    let shown = c
        .execute("return [...document.querySelectorAll('#tagform label.child')].filter(l => !l.hidden).map(l => l.dataset.name);", vec![])
        .await
        .expect("js");
    assert_eq!(shown, serde_json::json!(["Ben Ade"]));
    c.find(Locator::Css("input[name=purpose][value=display]")).await.expect("display").click().await.expect("tick");
    submit(&c, "Save and next").await;
    let error = c.find(Locator::Css("#error-children")).await.expect("error by the field").text().await.expect("text");
    assert!(error.contains("Choose the children"), "{error}");
    let display = c.find(Locator::Css("input[name=purpose][value=display]")).await.expect("display");
    assert_eq!(display.prop("checked").await.expect("checked").as_deref(), Some("true"), "the choice is kept");
    fits_and_touchable(&c, "tagging with an error").await;
    axe(&c, "tagging with an error").await;
    shot(&c, "tagging-error").await;
    assert_eq!(s.json(&["photo", "show", &cat])["state"], "awaiting_tags");
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_managers_overview_pages_fit_every_screen() {
    if !chromium_present() {
        return;
    }
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
    // First in the quarantine: a photo with two faces, one marked as a
    // child's, reported; its card draws both boxes.
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let faces = drop_file(&s, "ipad1", "generated_ipad_two_faces.jpg", "faces.jpg", "27");
    s.ok(&["ingest", "--once"]);
    s.ok(&["tag", &faces[..10], "--face", "1", "Millie"]);
    s.ok(&["report", &faces, "--reason", "a visitor's child is in the background"]);
    drop_photo(&s, "garden.jpg", 21, Some(r#"{"children": ["C001"]}"#));
    drop_photo(&s, "stars.jpg", 22, Some(r#"{"children": ["C003"]}"#));
    drop_photo(&s, "group.jpg", 23, Some(r#"{"children": ["C001", "C002"]}"#));
    drop_photo(&s, "visitor.jpg", 24, Some(r#"{"children": ["Zara"]}"#));
    let reported = drop_photo(&s, "reported.jpg", 25, Some(r#"{"children": ["C003"]}"#));
    drop_photo(&s, "waiting.jpg", 26, None);
    // A link in the inbox is never followed: the overview says so.
    let linked = s.inbox().join("ipad1/IMG_0042 sent from the staff room printer.jpg");
    std::os::unix::fs::symlink(fixture("camera_motorola_moto_g9_small.jpg"), linked).expect("link");
    s.ok(&["ingest", "--once"]);
    s.ok(&["report", &reported, "--reason", "a car registration is visible"]);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;
    login(&c, &srv, "sam", MANAGER_PW).await;
    for (path, name, want) in [
        ("/dashboard", "dashboard", "Files left in the inbox: 1"),
        ("/children/C003", "child", "Consent history"),
        ("/gallery", "gallery", "stored photo(s)"),
        ("/quarantine", "quarantine", "Why it is held"),
        ("/users", "users", "Add a user"),
    ] {
        c.goto(&srv.url(path)).await.expect("page");
        let text = main_text(&c).await;
        assert!(text.contains(want), "{path}: {text}");
        if name == "quarantine" {
            assert!(text.contains("Amelia Rose's face") && text.contains("1 face(s) nobody has said whose"), "{text}");
            // Drawn means on screen, with a size: a box or label nested in
            // another SVG element by mistake is in the page but not drawn.
            let drawn = c
                .execute(
                    "return [...document.querySelectorAll('.boxed svg > rect, .boxed svg > text')]
                        .map(e => e.getBoundingClientRect()).filter(r => r.width > 2 && r.height > 2).length;",
                    vec![],
                )
                .await
                .expect("measure");
            assert_eq!(drawn, serde_json::json!(4), "both face boxes and their labels are drawn over the photo");
        }
        at_three_widths(&c, name).await;
        if name == "child" {
            // The child's photos: counts that open their lists, the newest
            // with "Tag again".
            let text = main_text(&c).await;
            assert!(text.contains("1 stored") && text.contains("Tag again"), "{text}");
            at_three_widths_as_shown(&c, "child-photos", "#photos").await;
        }
    }
    // A device's count on the overview opens the quarantine narrowed to it.
    c.goto(&srv.url("/dashboard")).await.expect("dashboard");
    let old = c.find(Locator::Css("html")).await.expect("page");
    c.find(Locator::Css("a[href^='/quarantine?device=']"))
        .await
        .expect("a device's count, as a link")
        .click()
        .await
        .expect("click");
    wait_gone(old).await;
    let text = main_text(&c).await;
    assert!(text.contains("Only the photos from") && text.contains("Show every held photo"), "{text}");
    at_three_widths(&c, "quarantine-from-device").await;
    c.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
async fn each_childs_button_shows_their_picture_on_every_screen() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    // Pictures cut from the photo of a cat on a chair (no people), one
    // square each: the cat's face, its paws, its back.
    for (i, (child, region)) in
        [("C001", "0.72,0.38,0.16,0.24"), ("C002", "0.36,0.17,0.16,0.2"), ("C003", "0.3,0.4,0.22,0.26")]
            .into_iter()
            .enumerate()
    {
        let photo = s.arrive_phone(&format!("chair{i}.jpg"), 40 + i as u32, &format!(r#"{{"children": ["{child}"]}}"#));
        s.ok(&["child", "picture", "set", child, "--photo", &photo, "--region", region]);
    }
    s.ok(&["child", "add", "C004", "--name", "Dara Quinn", "--room", "Stars"]);
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let two = drop_file(&s, "ipad1", "generated_ipad_two_faces.jpg", "two.jpg", "1");
    s.ok(&["ingest", "--once"]);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;
    login(&c, &srv, "jess", PRACT_PW).await;
    c.goto(&srv.url(&format!("/tag/{two}"))).await.expect("tag page");
    images_settled(&c, "#tagform img.avatar").await;
    let loaded = c
        .execute(
            "return [...document.querySelectorAll('#tagform label.child')].map(l => {
               const img = l.querySelector('img.avatar');
               return [l.dataset.name, img ? img.complete && img.naturalWidth : null, img ? img.alt : null,
                       Math.round(img ? img.getBoundingClientRect().width : 0)];
             });",
            vec![],
        )
        .await
        .expect("js");
    assert_eq!(
        loaded,
        serde_json::json!([
            ["Amelia Rose", 160, "", 40],
            ["Ben Ade", 160, "", 40],
            ["Chloe Diaz", 160, "", 40],
            ["Dara Quinn", null, null, 0]
        ]),
        "a picture beside each name that has one, decorative (the name is the label); name only for Dara"
    );
    // The button's accessible name is still the child's name alone.
    let name = c
        .execute("return document.querySelector('#tagform input[value=C001]').labels[0].innerText.trim();", vec![])
        .await
        .expect("js");
    assert_eq!(name, "Amelia Rose");
    // Search as you type keeps the pictures.
    c.find(Locator::Css("input.findchild")).await.expect("search").send_keys("mil").await.expect("type");
    let shown = c
        .execute(
            "return [...document.querySelectorAll('#tagform label.child')].filter(l => !l.hidden)
               .map(l => [l.dataset.name, !!l.querySelector('img.avatar')]);",
            vec![],
        )
        .await
        .expect("js");
    assert_eq!(shown, serde_json::json!([["Amelia Rose", true]]));
    // Tapping a child with a picture still ticks them.
    c.find(Locator::Css(".facebox[data-n='1']")).await.expect("face 1").click().await.expect("tap");
    click_child(&c, "Amelia Rose").await;
    let face1 = c.find(Locator::Css("select[name=face_1]")).await.expect("select").prop("value").await.expect("v");
    assert_eq!(face1.as_deref(), Some("C001"));
    at_three_widths_showing(&c, "tagging-pictures", Some("fieldset.whom")).await;

    // The manager's side: the child's page shows the picture and the choice.
    submit(&c, "Log out").await;
    login(&c, &srv, "sam", MANAGER_PW).await;
    c.goto(&srv.url("/children/C001")).await.expect("child page");
    let text = main_text(&c).await;
    assert!(text.contains("Picture on the tagging button") && text.contains("Use this picture"), "{text}");
    at_three_widths_showing(&c, "child-picture", Some("#picture")).await;
    c.close().await.expect("close");
}

/// The iPad's way in, in a real browser over HTTPS: the setup page (QR code,
/// steps, fingerprint) and the upload page, at the three widths; then a
/// practitioner picks a real Apple JPEG and lands on the queue with the
/// progress line, and the gate decides the photo.
#[tokio::test(flavor = "multi_thread")]
async fn an_ipad_is_set_up_and_uploads_through_the_browser() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    s.device("ipad1", "Apple", "iPhone 7");
    s.ok(&[
        "device",
        "add",
        "--id",
        "cam2",
        "--label",
        "Stars room camera",
        "--make",
        "Canon",
        "--model",
        "EOS",
        "--folder",
        "cam2",
    ]);
    let srv = Server::start_on(&s, &[], "0.0.0.0:0");
    assert!(srv.base.starts_with("https://"), "{}", srv.base);
    let (_driver, c) = browser().await;
    c.goto(&srv.url("/setup")).await.expect("setup page");
    let text = main_text(&c).await;
    assert!(text.contains("Certificate Trust Settings") && text.contains("SHA-256 fingerprint"), "{text}");
    c.find(Locator::Css(".qr svg")).await.expect("the QR code is drawn");
    at_three_widths(&c, "setup").await;

    login(&c, &srv, "jess", PRACT_PW).await;
    c.goto(&srv.url("/tag")).await.expect("queue");
    c.find(Locator::LinkText("Upload photos from this iPad")).await.expect("link").click().await.expect("tap");
    c.wait().for_element(Locator::Css("input[type=file]")).await.expect("upload page");
    at_three_widths(&c, "upload").await;
    let options = c
        .execute("return [...document.querySelectorAll('#device option')].map(o => o.textContent);", vec![])
        .await
        .expect("js");
    let mut options: Vec<String> = serde_json::from_value(options).expect("labels");
    options.sort();
    assert_eq!(options, ["Stars room camera", "ipad1", "phone1"], "every device with a folder, by its label");
    c.find(Locator::Css("#device")).await.expect("device").select_by_value("ipad1").await.expect("choose");
    let photo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/real_apple_iphone7.jpg");
    choose_file(&c, "input[type=file]", &photo).await;
    submit(&c, "Upload").await;
    assert_eq!(c.current_url().await.expect("url").path(), "/tag");
    let notice = c.find(Locator::Css(".notice")).await.expect("notice").text().await.expect("text");
    assert!(notice.contains("1 file from ipad1 is in: real_apple_iphone7.jpg"), "{notice}");
    shot(&c, "upload-done").await;
    let mut state = serde_json::Value::Null;
    for _ in 0..150 {
        let list = s.json(&["photo", "list"]);
        if let Some(p) = list.as_array().and_then(|l| l.iter().find(|p| p["device"] == "ipad1")) {
            state = p["state"].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(state, "awaiting_tags", "the gate decided the uploaded photo");
    c.close().await.expect("close");
}

/// The photo, the first children and "Save and next" on one screen, with
/// no scrolling, at 390, 820 and 1280 px, for a portrait and a landscape
/// photo: measured in the browser (the bounding boxes against the window).
#[tokio::test(flavor = "multi_thread")]
async fn save_and_the_photo_are_on_screen_at_every_size() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let landscape = drop_file(&s, "ipad1", "generated_ipad_two_faces.jpg", "two.jpg", "1");
    let portrait = drop_file(&s, "ipad1", "generated_ipad_face_orient6.jpg", "portrait.jpg", "2");
    s.ok(&["ingest", "--once"]);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;
    login(&c, &srv, "jess", PRACT_PW).await;
    let measure = r#"
        const r = (el) => el ? el.getBoundingClientRect() : null;
        const save = r(document.querySelector("button[value=next]"));
        const img = r(document.querySelector("img.photo"));
        const child = r(document.querySelector("label.child"));
        const box = r(document.querySelector(".facebox"));
        const frame = r(document.querySelector(".stage .frame"));
        return { h: window.innerHeight, w: window.innerWidth, scroll: window.scrollY,
                 save: [save.top, save.bottom], img: [img.top, img.bottom, img.left, img.right],
                 child: [child.top, child.bottom], box: box ? [box.left, box.right] : null,
                 frame: [frame.left, frame.right] };"#;
    for (name, id) in [("landscape", &landscape), ("portrait", &portrait)] {
        for (w, h) in [(1280, 900), (820, 1180), (390, 844)] {
            c.set_window_size(w, h).await.expect("resize");
            c.goto(&srv.url(&format!("/tag/{id}"))).await.expect("tag page");
            images_settled(&c, "img.photo").await;
            let m = c.execute(measure, vec![]).await.expect("js");
            shot(&c, &format!("tagging-{name}-{w}")).await;
            let what = format!("{name} photo at {w} px: {m}");
            let n = |k: &str, i: usize| m[k][i].as_f64().unwrap_or(f64::NAN);
            let height = m["h"].as_f64().expect("h");
            assert_eq!(m["scroll"].as_f64(), Some(0.0), "{what}");
            assert!(n("save", 0) >= 0.0 && n("save", 1) <= height, "Save and next on screen: {what}");
            assert!(n("img", 0) >= 0.0 && n("img", 1) <= height, "the whole photo on screen: {what}");
            assert!(
                n("child", 1) <= height && n("child", 1) <= n("save", 0) + 1.0,
                "a child's button on screen, above the bar: {what}"
            );
            // The frame is the photo's own size, so the face boxes sit on the faces.
            assert!((n("frame", 0) - n("img", 2)).abs() < 1.0 && (n("frame", 1) - n("img", 3)).abs() < 1.0, "{what}");
            if m["box"].is_array() {
                assert!(
                    n("box", 0) >= n("img", 2) - 1.0 && n("box", 1) <= n("img", 3) + 1.0,
                    "the face box within the photo: {what}"
                );
            }
        }
    }
    c.set_window_size(1280, 1100).await.expect("resize");
    c.close().await.expect("close");
}

/// The text of the first element matching `css`, or "" when there is none.
async fn text_of(c: &Client, css: &str) -> String {
    match c.find(Locator::Css(css)).await {
        Ok(e) => e.text().await.unwrap_or_default(),
        Err(_) => String::new(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_tag_is_put_right_on_the_web_by_who_made_it_and_by_the_manager() {
    if !chromium_present() {
        return;
    }
    let s = setup();
    let garden = drop_photo(&s, "garden.jpg", 51, None);
    let visitor = drop_photo(&s, "visitor.jpg", 52, Some(r#"{"children": ["Zara"]}"#));
    s.ok(&["ingest", "--once"]);
    let srv = Server::start(&s);
    let (_driver, c) = browser().await;

    // The practitioner taps Ben by mistake, saves, and takes it back.
    login(&c, &srv, "jess", PRACT_PW).await;
    c.goto(&srv.url(&format!("/tag/{garden}"))).await.expect("tag page");
    click_child(&c, "Ben Ade").await;
    submit(&c, "Save and next").await;
    assert_eq!(s.json(&["photo", "show", &garden])["tags"], serde_json::json!(["C002"]));
    let notice = text_of(&c, ".notice").await;
    assert!(notice.contains("Stored") && notice.contains("Undo"), "{notice}");
    c.goto(&srv.url("/tag")).await.expect("queue");
    assert!(main_text(&c).await.contains("Your saves in the last 30 minutes"));
    at_three_widths_showing(&c, "undo-recent", Some("section.recent")).await;
    submit(&c, "Undo").await;
    assert_eq!(c.current_url().await.expect("url").path(), format!("/tag/{garden}"));
    assert!(text_of(&c, ".notice").await.contains("Taken back"));
    assert_eq!(s.json(&["photo", "show", &garden])["state"], "awaiting_tags");
    click_child(&c, "Ben Ade").await; // untick
    click_child(&c, "Amelia Rose").await;
    submit(&c, "Save and next").await;
    let shown = s.json(&["photo", "show", &garden]);
    assert_eq!((&shown["state"], &shown["tags"]), (&serde_json::json!("stored"), &serde_json::json!(["C001"])));
    c.delete_all_cookies().await.expect("cookies");

    // The manager: a refused Release comes back to the card with why, in
    // words ("Zara" is nobody on the register).
    login(&c, &srv, "sam", MANAGER_PW).await;
    c.goto(&srv.url("/quarantine")).await.expect("quarantine");
    let card = format!("#q-{}", &visitor[..12]);
    c.find(Locator::Css(&format!("{card} form[action$='/release'] input[name=note]")))
        .await
        .expect("note")
        .send_keys("looked")
        .await
        .expect("type");
    let old = c.find(Locator::Css("html")).await.expect("page");
    c.find(Locator::Css(&format!("{card} form[action$='/release'] button")))
        .await
        .expect("Release")
        .click()
        .await
        .expect("click");
    wait_gone(old).await;
    let why = text_of(&c, &format!("{card} .error")).await;
    assert!(why.starts_with("Not done:") && why.contains("a tag names nobody on the register"), "{why}");
    assert_eq!(s.json(&["photo", "show", &visitor])["state"], "quarantined");
    at_three_widths_as_shown(&c, "quarantine-refused", &format!("{card} .error")).await;

    // Tag again, from the card: the gate decides, and the way back is there.
    c.goto(&srv.url("/quarantine")).await.expect("quarantine");
    c.find(Locator::Css(&format!("{card} a[href^='/tag/']"))).await.expect("Tag again").click().await.expect("click");
    c.wait().for_element(Locator::Css("#tagform")).await.expect("tag page");
    assert!(main_text(&c).await.contains("This photo is held in the quarantine"));
    at_three_widths(&c, "retag").await;
    click_child(&c, "Amelia Rose").await;
    submit(&c, "Save and next").await;
    let text = main_text(&c).await;
    assert!(text.contains("Tagged again"), "{text}");
    assert_eq!(s.json(&["photo", "show", &visitor])["tags"], serde_json::json!(["C001"]));
    c.find(Locator::LinkText("Back to the quarantine")).await.expect("back").click().await.expect("click");
    c.wait().for_element(Locator::Css(&card)).await.expect("the card again");
    let held = text_of(&c, &card).await;
    assert!(held.contains("Amelia Rose") && !held.contains("a tag names nobody"), "{held}");

    // A stored photo opens large, and is deleted only after a confirmation.
    c.goto(&srv.url("/gallery")).await.expect("gallery");
    c.find(Locator::Css(&format!("a[href='/photos/{garden}']"))).await.expect("open").click().await.expect("click");
    c.wait().for_element(Locator::Css("img.large")).await.expect("the photo");
    assert!(main_text(&c).await.contains("What happened to it"));
    at_three_widths(&c, "photo-page").await;
    c.find(Locator::Css("form[action$='/delete'] input[name=note]"))
        .await
        .expect("why")
        .send_keys("a duplicate")
        .await
        .expect("type");
    submit(&c, "Delete…").await;
    assert!(main_text(&c).await.contains("Delete this photo?"));
    at_three_widths(&c, "photo-delete-confirm").await;
    assert_eq!(s.json(&["photo", "show", &garden])["state"], "stored", "not yet");
    submit(&c, "Delete it for good").await;
    assert_eq!(s.json(&["photo", "show", &garden])["state"], "deleted");

    // The audit log in words, photos by file name.
    c.goto(&srv.url("/audit")).await.expect("audit");
    let text = main_text(&c).await;
    assert!(text.contains("took back their own tagging of a photo") && text.contains("garden.jpg"), "{text}");
    assert!(!text.contains("tag.undo"), "the codes only under Details: {text}");
    at_three_widths(&c, "audit").await;
    s.ok(&["report", &visitor, "--reason", "a visitor's child in the background"]);
    c.goto(&srv.url("/incidents")).await.expect("incidents");
    assert!(c.find(Locator::Css(&format!("a[href='/photos/{visitor}'] img.mini"))).await.is_ok(), "a thumbnail");
    for (path, name) in [
        ("/retention", "retention"),
        ("/incidents", "incidents"),
        ("/register", "register"),
        ("/disclosures", "disclosures"),
        ("/children/C003", "child-erasure"),
        ("/children/C003/erase", "erase-plan"),
    ] {
        c.goto(&srv.url(path)).await.expect("page");
        at_three_widths(&c, name).await;
    }
    // The register's forms: every field has a label a person can see.
    c.goto(&srv.url("/register")).await.expect("register");
    let unlabelled = c
        .execute(
            "return [...document.querySelectorAll('main select, main input:not([type=hidden]):not([type=file])')]
               .filter(e => !e.closest('label')).map(e => e.name);",
            vec![],
        )
        .await
        .expect("js");
    assert_eq!(unlabelled, serde_json::json!([]), "fields without a visible label");
    c.close().await.expect("close");
}

/// Waits (up to 5 s) until every image `selector` matches has loaded or
/// failed, so what is measured next is what a person would see.
async fn images_settled(c: &Client, selector: &str) {
    let settled = format!("return [...document.querySelectorAll('{selector}')].every(i => i.complete);");
    for _ in 0..100 {
        if c.execute(&settled, vec![]).await.expect("js") == serde_json::json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
