//! How the manager's lists behave on a big register: 100,000 photos (10,000
//! of them held), 10,000 audit entries. A measurement, not a test of speed:
//! it prints the figures and asserts only that each page is right.
//!
//! `cargo test --release --test scale -- --ignored --nocapture` (with
//! `SCALE_KEEP=<folder>`, the big setting is copied there to profile again).

mod common;

use common::{Server, Setup};
use reqwest::blocking::Client;
use std::time::{Duration, Instant};

const PW: &str = "manager password 1";
const STORED: u32 = 90_000;
const HELD: u32 = 10_000;
const AUDIT: u32 = 10_000;

/// Copies the photo `from` (and its tags) `n` times under made-up ids that
/// start with `prefix` (a hex digit).
fn clone_photo(db: &rusqlite::Connection, from: &str, prefix: char, n: u32) {
    let cols = "state, source_name, source_folder, format, bytes, width, height, captured_at, device_id, \
                purposes, tagged, nobody, reported, reasons, facts, received_at, updated_at, state_since";
    db.execute(
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
             INSERT INTO photos (id, {cols})
             SELECT '{prefix}' || printf('%063d', i), {cols} FROM n, photos WHERE photos.id = ?1"
        ),
        rusqlite::params![from, n],
    )
    .expect("clone photos");
    db.execute(
        &format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
             INSERT INTO tags (photo_id, label, child_id, region)
             SELECT '{prefix}' || printf('%063d', i), label, child_id, region FROM n, tags WHERE tags.photo_id = ?1"
        ),
        rusqlite::params![from, n],
    )
    .expect("clone tags");
}

/// Gives each clone of `from` its ciphertext: a hard link to `from`'s file
/// (in `dir`, sharded by the id's first two characters when `sharded`), so
/// the service starts on a whole register, not one missing 100,000 files.
fn link_files(dir: &std::path::Path, sharded: bool, from: &str, prefix: char, n: u32) {
    let at =
        |id: &str| if sharded { dir.join(&id[..2]).join(format!("{id}.age")) } else { dir.join(format!("{id}.age")) };
    let mut original = at(from);
    assert!(original.is_file(), "{} is there", original.display());
    for i in 1..=n {
        let id = format!("{prefix}{i:063}");
        let to = at(&id);
        std::fs::create_dir_all(to.parent().expect("folder")).expect("shard");
        // A file system allows so many links to one file (ext4: 65,000):
        // a fresh copy every 50,000.
        if i % 50_000 == 0 {
            std::fs::copy(&original, &to).expect("copy");
            original = to;
        } else {
            std::fs::hard_link(&original, &to).expect("link");
        }
    }
}

/// Best and median of three.
fn timed(mut f: impl FnMut()) -> (Duration, Duration) {
    let mut t: Vec<Duration> = (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    t.sort();
    (t[0], t[1])
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

#[test]
#[ignore = "measurement: cargo test --release --test scale -- --ignored --nocapture"]
fn the_managers_lists_on_a_big_register() {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s.user("sam", "manager", PW);
    let stored = s.arrive_phone("kept.jpg", 1, r#"{"children": ["C001"]}"#);
    let held = s.arrive_phone("held.jpg", 2, r#"{"children": ["Zara"]}"#);
    assert_eq!(s.json(&["photo", "show", &stored])["state"], "stored");
    assert_eq!(s.json(&["photo", "show", &held])["state"], "quarantined");

    let start = Instant::now();
    {
        let db = rusqlite::Connection::open(s.db()).expect("db");
        db.execute_batch("BEGIN").expect("begin");
        clone_photo(&db, &stored, 'a', STORED);
        clone_photo(&db, &held, 'b', HELD);
        db.execute_batch("COMMIT").expect("commit");
    }
    link_files(&s.data().join("vault"), true, &stored, 'a', STORED);
    link_files(&s.quarantine(), false, &held, 'b', HELD);
    {
        let mut reg = consentgate::register::Register::open(&s.db()).expect("register");
        for i in 0..AUDIT {
            let entry = consentgate::audit::Entry::new("sam", consentgate::audit::Action::Report)
                .photo(&held)
                .detail(serde_json::json!({ "n": i }));
            reg.audit(&entry).expect("audit");
        }
    }
    println!("made {} photos and {AUDIT} audit entries in {:.1} s", STORED + HELD + 2, start.elapsed().as_secs_f64());
    // SCALE_KEEP=<folder>: a copy of the big setting, to profile one page or
    // query again without making it anew.
    if let Some(to) = std::env::var_os("SCALE_KEEP") {
        let ok = std::process::Command::new("cp").arg("-a").arg(s.dir.path()).arg(&to).status().expect("cp");
        assert!(ok.success(), "copy to {to:?}");
        println!("kept a copy in {to:?} (config: {})", s.config.display());
    }

    let (best, median) = timed(|| {
        let v = s.json(&["quarantine", "list"]);
        assert_eq!(v.as_array().expect("list").len(), HELD as usize + 1);
    });
    println!("| `quarantine list --json` ({} held) | {} | {} |", HELD + 1, ms(best), ms(median));

    // A consent change, and the re-check it owes, through the binary: for a
    // child in no photo, and for the child in 90,000.
    for (child, guardian, photos) in [("C002", "G002", 0), ("C001", "G001", STORED + 1)] {
        let (best, median) = timed(|| {
            s.ok(&["consent", "grant", child, "website", "--by", guardian, "--signed", "2026-09-01"]);
        });
        println!("| `consent grant` + re-check ({child}, tagged in {photos}) | {} | {} |", ms(best), ms(median));
    }

    let srv = Server::start(&s);
    // The start-up pass (the day's re-check of every photo, retention) runs
    // on the blocking pool; the pages are timed after it, as a manager
    // would meet them most of the day.
    let began = Instant::now();
    let line = srv.wait_for("consentgate: daily re-check and retention done", Duration::from_secs(1800));
    println!("| start-up re-check and retention | {} | ({line}) |", ms(began.elapsed()));
    let c = Client::builder().cookie_store(true).build().expect("client");
    let page = c.get(srv.url("/login")).send().expect("login").text().expect("text");
    let key = "name=\"csrf\" value=\"";
    let at = page.find(key).expect("csrf") + key.len();
    let token = page[at..].split('"').next().expect("token").to_string();
    c.post(srv.url("/login")).form(&[("name", "sam"), ("password", PW), ("csrf", &token)]).send().expect("login");
    for (path, expect) in [
        ("/quarantine", "10001 photo(s) held"),
        ("/quarantine?page=400", "page 400 of 501"),
        ("/quarantine?reason=unknown_child&page=2", "page 2 of 501"),
        ("/gallery", "Gallery"),
        ("/gallery?page=1000", "Gallery"),
        ("/audit", "entries, newest first"),
        ("/audit?page=50", "entries, newest first"),
        ("/dashboard", "Overview"),
        ("/retention", "Retention plan"),
        ("/children/C001", "Amelia Rose"),
    ] {
        let (best, median) = timed(|| {
            let res = c.get(srv.url(path)).send().expect("get");
            assert!(res.status().is_success(), "{path}: {}", res.status());
            let text = res.text().expect("text");
            assert!(text.contains(expect), "{path} shows {expect:?}");
        });
        println!("| `GET {path}` | {} | {} |", ms(best), ms(median));
    }
}
