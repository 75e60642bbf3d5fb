//! The manager's workflow through the real binary: the quarantine queue,
//! register changes reaching stored photos, retention, incidents, the audit
//! chain, export and redaction.

use crate::common::{fixture, Setup};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The phone photo at a quarter of its size, as `arrive` drops it.
const MOTO: &str = "camera_motorola_moto_g9_small.jpg";

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s
}

/// Drops a distinct copy of the phone photo with a sidecar; returns its id.
fn arrive(s: &Setup, name: &str, variant: u32, sidecar: &str) -> String {
    s.arrive_phone(name, variant, sidecar)
}

fn state(s: &Setup, id: &str) -> Value {
    s.json(&["photo", "show", id])
}

fn codes(v: &Value) -> Vec<String> {
    v["reasons"].as_array().expect("reasons").iter().map(|r| r["code"].as_str().unwrap_or("").to_string()).collect()
}

fn vault_blob(s: &Setup, id: &str) -> PathBuf {
    s.data().join(format!("vault/{}/{id}.age", &id[..2]))
}

const GROUP: &str = r#"{"children": ["C001", "C002"], "purposes": ["learning_journey", "display"],
    "regions": {"C001": [0.05, 0.05, 0.2, 0.3], "C002": [0.55, 0.4, 0.25, 0.35]}}"#;

#[test]
fn a_group_photo_is_held_until_consent_is_granted() {
    let s = setup();
    let id = arrive(&s, "group.jpg", 1, GROUP);
    let p = state(&s, &id);
    assert_eq!(p["state"], "quarantined");
    assert_eq!(codes(&p), vec!["no_consent"]);
    let list = s.json(&["quarantine", "list"]);
    assert_eq!(list[0]["id"], id.as_str());
    assert!(list[0]["explained"][0].as_str().unwrap_or("").contains("no consent"));
    let text = s.ok(&["quarantine", "list"]);
    assert!(text.contains("group_in_others_journey") && text.contains("no consent"), "{text}");
    assert!(
        text.contains("what clears it: Record the parent's consent on the register (it comes back by itself)"),
        "{text}"
    );

    // Releasing now is refused: nothing changed, exit 3 with the reasons.
    let out = s.fails(3, &["quarantine", "release", &id[..10], "--note", "checked"]);
    assert!(out.contains("no_consent") && out.contains("C002"), "{out}");
    assert_eq!(state(&s, &id)["state"], "quarantined");

    // The paperwork is done: the photo passes the gate's whole check and
    // comes back to the vault by itself, recorded with its cause.
    let out = s.ok(&["consent", "grant", "C002", "group_in_others_journey", "--by", "G002", "--signed", "2026-11-20"]);
    assert!(out.contains("moved from quarantined to stored"), "{out}");
    assert_eq!(state(&s, &id)["state"], "stored");
    assert!(vault_blob(&s, &id).is_file());
    assert!(!s.quarantine().join(format!("{id}.age")).exists());
    let log = s.json(&["audit", "list", "--photo", &id]);
    let back = log.as_array().expect("log").iter().find(|e| e["action"] == "reevaluate").expect("re-checked");
    assert_eq!(back["detail"]["note"], "consent grant C002 group_in_others_journey");
    assert_eq!((back["detail"]["from"].as_str(), back["detail"]["to"].as_str()), (Some("quarantined"), Some("stored")));
}

#[test]
fn narrowing_the_purposes_can_release_a_photo() {
    let s = setup();
    let id = arrive(&s, "group.jpg", 1, GROUP);
    s.fails(2, &["quarantine", "release", &id[..10], "--note", "x", "--purpose", "website"]);
    s.ok(&["quarantine", "release", &id[..10], "--note", "display board only", "--purpose", "display"]);
    let p = state(&s, &id);
    assert_eq!(p["state"], "stored");
    assert_eq!(p["purposes"], serde_json::json!(["display"]));
}

#[test]
fn redaction_pixelates_the_child_without_consent_and_removes_the_original() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    // Two real faces side by side (an adult's, public domain): Millie's on
    // the left, Benji's on the right; Benji has no group consent.
    let bytes = std::fs::read(fixture("generated_ipad_two_faces.jpg")).expect("read");
    std::fs::write(s.inbox().join("ipad1/group.jpg"), &bytes).expect("write");
    s.ok(&["ingest", "--once"]);
    let id = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes));
    s.ok(&["tag", &id[..10], "--face", "1", "Millie", "--face", "2", "Benji", "--purpose", "learning_journey"]);
    assert_eq!(state(&s, &id)["state"], "quarantined");
    let boxes = s.json(&["photo", "faces", &id[..10]])["faces"].clone();
    let rect = |i: usize| -> [f64; 4] { [0, 1, 2, 3].map(|k| boxes[i]["rect"][k].as_f64().expect("number")) };
    let (millie, benji) = (rect(0), rect(1));
    let out = s.ok(&["quarantine", "redact", &id[..10], "--note", "blur Benji"]);
    assert!(out.contains("redacted"), "{out}");
    let original = state(&s, &id);
    assert_eq!(original["state"], "deleted");
    assert_eq!(original["deleted_rule"], "redacted");
    assert!(!s.quarantine().join(format!("{id}.age")).exists(), "the original bytes are gone");
    assert!(!s.data().join(format!("thumbs/{id}.age")).exists());
    let photos = s.json(&["photo", "list", "--state", "stored"]);
    let new =
        photos.as_array().expect("list").iter().find(|p| p["derived_from"] == id.as_str()).expect("redacted photo");
    let new_id = new["id"].as_str().expect("id");
    assert_eq!(new["tags"], serde_json::json!(["C001"]));
    assert_eq!(new["source_name"], "group-blurred.jpg", "named after the original, as people find it");
    assert!(s.json(&["quarantine", "list"]).as_array().is_some_and(Vec::is_empty), "the queue is empty");

    // The redacted pixels are gone: decrypt and look.
    let identity = std::fs::read_to_string(s.data().join("identity.txt")).expect("identity");
    let key: age::x25519::Identity =
        identity.lines().find(|l| l.starts_with("AGE-SECRET-KEY")).expect("key").parse().expect("parse");
    let blob = std::fs::read(vault_blob(&s, new_id)).expect("blob");
    let plain = age::decrypt(&key, &blob).expect("decrypt");
    let img = image::load_from_memory(&plain).expect("decode").to_rgb8();
    let orig = image::load_from_memory(&bytes).expect("decode").to_rgb8();
    // Local detail: the mean difference between neighbouring pixels. In a
    // pixelated region only block edges differ.
    let detail = |im: &image::RgbImage, r: [f64; 4]| {
        let (w, h) = (im.width() as f64, im.height() as f64);
        let (x0, y0, x1, y1) =
            ((r[0] * w) as u32, (r[1] * h) as u32, ((r[0] + r[2]) * w) as u32, ((r[1] + r[3]) * h) as u32);
        let mut sum = 0f64;
        let mut n = 0f64;
        for y in y0..y1 {
            for x in x0..x1 - 1 {
                sum += (f64::from(im.get_pixel(x, y)[1]) - f64::from(im.get_pixel(x + 1, y)[1])).abs();
                n += 1.0;
            }
        }
        sum / n
    };
    let (before, after) = (detail(&orig, benji), detail(&img, benji));
    eprintln!("detail in Benji's face: original {before:.2}, redacted {after:.2}");
    assert!(before > after * 4.0, "original {before:.2} vs redacted {after:.2}");
    // Millie's face keeps its detail, and is still found, hers.
    let (kept_before, kept_after) = (detail(&orig, millie), detail(&img, millie));
    assert!((kept_after - kept_before).abs() < kept_before * 0.5 + 0.5, "{kept_before:.2} vs {kept_after:.2}");
    let faces = state(&s, new_id)["faces"].clone();
    assert_eq!(faces.as_array().map(Vec::len), Some(1), "{faces}");
    assert_eq!(faces[0]["child"], "C001");
    assert!(!plain.windows(5).any(|w| w == b"Apple"), "no metadata in the redacted file");
}

#[test]
fn redaction_refuses_a_child_without_a_region_and_video() {
    let s = setup();
    let id = arrive(&s, "group.jpg", 1, r#"{"children": ["C001", "C002"]}"#);
    let out = s.fails(3, &["quarantine", "redact", &id[..10], "--note", "x"]);
    assert!(out.contains("Ben Ade") && out.contains("not located"), "{out}");
    assert_eq!(state(&s, &id)["state"], "quarantined", "nothing changed");
    let err = s.fails(2, &["quarantine", "redact", &id[..10], "--note", "x", "--identity", "/nonexistent"]);
    assert!(err.contains("/nonexistent"), "{err}");
}

#[test]
fn a_withdrawal_moves_a_stored_photo_to_the_quarantine_at_once() {
    let s = setup();
    let id = arrive(&s, "solo.jpg", 1, r#"{"children": ["Millie"]}"#);
    assert_eq!(state(&s, &id)["state"], "stored");
    let out = s.ok(&["consent", "withdraw", "C001", "learning_journey", "--by", "G001", "--on", "2026-11-22"]);
    assert!(out.contains("moved from stored to quarantined"), "{out}");
    let p = state(&s, &id);
    assert_eq!(p["state"], "quarantined");
    assert_eq!(
        p["reasons"],
        serde_json::json!([{"code": "consent_withdrawn", "child": "C001", "purpose": "learning_journey"}])
    );
    assert!(!vault_blob(&s, &id).exists());
    assert!(s.quarantine().join(format!("{id}.age")).is_file());
}

#[test]
fn a_passing_review_date_is_found_by_the_recheck() {
    let s = setup();
    let id = arrive(&s, "solo.jpg", 1, r#"{"children": ["C001"]}"#);
    assert_eq!(state(&s, &id)["state"], "stored");
    // Consents were signed 2026-09-01: due for review 2027-09-01.
    let out =
        s.cmd().env("CONSENTGATE_TODAY", "2027-09-01").args(["photo", "recheck", "--json"]).output().expect("run");
    assert!(out.status.success());
    assert_eq!(serde_json::from_slice::<Value>(&out.stdout).expect("json"), serde_json::json!([]));
    let out =
        s.cmd().env("CONSENTGATE_TODAY", "2027-09-02").args(["photo", "recheck", "--json"]).output().expect("run");
    let moved: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(moved[0]["photo"], id.as_str());
    assert_eq!(moved[0]["to"], "quarantined");
    assert_eq!(codes(&state(&s, &id)), vec!["consent_review_overdue"]);
}

#[test]
fn a_child_leaving_then_retention_deletes_their_photos() {
    let s = setup();
    let id = arrive(&s, "solo.jpg", 1, r#"{"children": ["C001"]}"#);
    // Photo taken 2025-06-01 (EXIF); the child leaves after it.
    s.ok(&["child", "leave", "C001", "--on", "2026-11-30"]);
    assert_eq!(state(&s, &id)["state"], "stored", "taken before leaving: still fine");
    let dry = s
        .cmd()
        .env("CONSENTGATE_TODAY", "2026-12-29")
        .args(["retention", "run", "--dry-run", "--json"])
        .output()
        .expect("run");
    let plan: Value = serde_json::from_slice(&dry.stdout).expect("json");
    assert_eq!(plan["deletions"], serde_json::json!([]), "29 days after leaving");
    // Announced a week before it is due (the daily run on 2026-12-23)...
    let run = s.cmd().env("CONSENTGATE_TODAY", "2026-12-23").args(["retention", "run"]).output().expect("run");
    assert!(String::from_utf8_lossy(&run.stdout).contains("on 2026-12-30"), "{run:?}");
    let dry = s
        .cmd()
        .env("CONSENTGATE_TODAY", "2026-12-30")
        .args(["retention", "run", "--dry-run", "--json"])
        .output()
        .expect("run");
    let plan: Value = serde_json::from_slice(&dry.stdout).expect("json");
    assert_eq!(plan["deletions"][0]["photo"], id.as_str());
    assert_eq!(plan["deletions"][0]["rule"], "after_leaving");
    assert_eq!(plan["deletions"][0]["child"], "C001");
    assert_eq!(plan["deletions"][0]["announced_on"], "2026-12-23");
    assert_eq!(state(&s, &id)["state"], "stored", "a dry run deletes nothing");
    assert!(vault_blob(&s, &id).is_file());
    // ... and made on its day.
    let run = s.cmd().env("CONSENTGATE_TODAY", "2026-12-30").args(["retention", "run"]).output().expect("run");
    assert!(run.status.success());
    let p = state(&s, &id);
    assert_eq!(p["state"], "deleted");
    assert_eq!(p["deleted_rule"], "after_leaving_days");
    assert!(!vault_blob(&s, &id).exists(), "the ciphertext is gone");
    assert!(!s.data().join(format!("thumbs/{id}.age")).exists(), "and its thumbnail");
    let log = s.json(&["audit", "list", "--photo", &id]);
    assert!(log.as_array().expect("log").iter().any(|e| e["action"] == "retention.delete"));
    // It comes back from a camera: recognised, not stored.
    std::fs::copy(fixture(MOTO), s.inbox().join("phone1/again.jpg")).expect("copy");
    let mut bytes = std::fs::read(s.inbox().join("phone1/again.jpg")).expect("read");
    bytes.extend_from_slice(b"variant 1");
    std::fs::write(s.inbox().join("phone1/again.jpg"), bytes).expect("write");
    let v = s.json(&["ingest", "--once"]);
    assert_eq!(v["files"][0]["outcome"], "duplicate");
    assert_eq!(state(&s, &id)["state"], "deleted");
}

#[test]
fn an_uncleared_quarantine_entry_on_a_deletion_clock_expires() {
    let s = setup();
    // A photo from a camera that is not the setting's (the phone folder,
    // another camera's EXIF): it must go, once its time runs out.
    let mut bytes = std::fs::read(fixture("camera_canon_s40.webp")).expect("read");
    bytes.extend_from_slice(b"variant 1");
    std::fs::write(s.inbox().join("phone1/stranger.webp"), &bytes).expect("write");
    let v = s.json(&["ingest", "--once"]);
    let id = v["files"][0]["photo"].as_str().expect("photo").to_string();
    assert_eq!(state(&s, &id)["state"], "quarantined");
    assert!(codes(&state(&s, &id)).contains(&"unregistered_device".to_string()));
    let day = |d: &str| {
        let out = s.cmd().env("CONSENTGATE_TODAY", d).args(["retention", "run", "--json"]).output().expect("run");
        assert!(out.status.success());
        serde_json::from_slice::<Value>(&out.stdout).expect("json")
    };
    // Its clock started the day it was held (the tests' today); 30 days
    // on it is due, announced a week before.
    let since = chrono::NaiveDate::parse_from_str(crate::common::TODAY, "%Y-%m-%d").expect("date");
    let on = |n: u64| (since + chrono::Days::new(n)).to_string();
    assert_eq!(day(&on(22))["announced"], serde_json::json!([]), "not yet in the week ahead");
    assert_eq!(day(&on(23))["newly_announced"], serde_json::json!([id]));
    assert_eq!(day(&on(29))["deletions"], serde_json::json!([]));
    let v = day(&on(30));
    assert_eq!(v["deletions"][0]["rule"], "quarantine_expired");
    assert_eq!(state(&s, &id)["state"], "deleted");
    assert!(!s.quarantine().join(format!("{id}.age")).exists());
}

#[test]
fn a_photo_held_only_for_paperwork_is_never_deleted_for_it() {
    let s = setup();
    // A tag naming nobody on the register: fixable, no deletion clock.
    let id = arrive(&s, "stranger.jpg", 1, r#"{"children": ["Zara"]}"#);
    assert_eq!(state(&s, &id)["state"], "quarantined");
    let since = chrono::NaiveDate::parse_from_str(crate::common::TODAY, "%Y-%m-%d").expect("date");
    for n in [30u64, 60, 200, 400] {
        let d = (since + chrono::Days::new(n)).to_string();
        let out = s.cmd().env("CONSENTGATE_TODAY", &d).args(["retention", "run", "--json"]).output().expect("run");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(
            (v["deletions"].clone(), v["announced"].clone()),
            (serde_json::json!([]), serde_json::json!([])),
            "{d}"
        );
    }
    assert_eq!(state(&s, &id)["state"], "quarantined");
}

#[test]
fn a_reported_concern_opens_an_incident_and_release_closes_it() {
    let s = setup();
    let id = arrive(&s, "solo.jpg", 1, r#"{"children": ["C001"]}"#);
    let out = s.ok(&["report", &id[..10], "--reason", "child upset in this photo"]);
    assert!(out.contains("incident 1") && out.contains("quarantined"), "{out}");
    assert_eq!(codes(&state(&s, &id)), vec!["reported_concern"]);
    let incidents = s.json(&["incident", "list"]);
    assert_eq!(incidents[0]["reason"], "child upset in this photo");
    assert_eq!(incidents[0]["opened_by"], "tester");
    assert!(incidents[0]["closed_at"].is_null());
    s.fails(2, &["report", &id[..10], "--reason", "  "]);
    s.ok(&["quarantine", "release", &id[..10], "--note", "reviewed with the key person: fine"]);
    assert_eq!(state(&s, &id)["state"], "stored");
    let incidents = s.json(&["incident", "list"]);
    assert!(incidents[0]["resolution"].as_str().unwrap_or("").contains("reviewed"));
}

#[test]
fn quarantine_delete_keeps_a_tombstone() {
    let s = setup();
    let id = arrive(&s, "stranger.jpg", 1, r#"{"children": ["Zara"]}"#);
    s.ok(&["--as", "manager1", "quarantine", "delete", &id[..10], "--reason", "not one of ours"]);
    let p = state(&s, &id);
    assert_eq!(p["state"], "deleted");
    assert_eq!(p["deleted_rule"], "manager");
    assert_eq!(p["source_name"], "stranger.jpg", "the tombstone keeps the id, name and dates");
    assert!(!s.quarantine().join(format!("{id}.age")).exists());
    let log = s.json(&["audit", "list", "--photo", &id]);
    let del = log.as_array().expect("log").iter().find(|e| e["action"] == "quarantine.delete").expect("delete");
    assert_eq!(del["actor"], "manager1");
    s.fails(2, &["quarantine", "delete", &id[..10], "--reason", "again"]);
}

#[test]
fn removing_a_device_quarantines_its_photos() {
    let s = setup();
    let id = arrive(&s, "solo.jpg", 1, r#"{"children": ["C001"]}"#);
    let out = s.ok(&["device", "remove", "phone1", "--yes"]);
    assert!(out.contains("moved"), "{out}");
    assert_eq!(codes(&state(&s, &id)), vec!["unregistered_device"]);
    s.fails(2, &["device", "remove", "phone1", "--yes"]);
    assert!(s.json(&["device", "list"]).as_array().is_some_and(Vec::is_empty));
}

#[test]
fn a_device_removal_shows_what_it_moves_first_and_adding_it_back_restores_its_photos() {
    let s = setup();
    let stored = arrive(&s, "solo.jpg", 1, r#"{"children": ["C001"]}"#);
    let waiting = arrive(&s, "untagged.jpg", 2, "{}");
    assert_eq!(state(&s, &waiting)["state"], "awaiting_tags");

    // --dry-run names the photos and changes nothing.
    let out = s.ok(&["device", "remove", "phone1", "--dry-run"]);
    assert!(out.contains("holds 2 photo(s)") && out.contains("solo.jpg") && out.contains("untagged.jpg"), "{out}");
    assert!(
        out.contains("DELETED on") && out.contains("device retire phone1"),
        "says when, and what to do instead: {out}"
    );
    assert_eq!(state(&s, &stored)["state"], "stored");
    // Without a terminal to ask on, and without --yes, nothing is removed.
    let out = s.fails(2, &["device", "remove", "phone1"]);
    assert!(out.contains("--yes"), "{out}");
    assert_eq!(s.json(&["device", "list"]).as_array().map(Vec::len), Some(1));

    s.ok(&["device", "remove", "phone1", "--yes"]);
    assert_eq!(state(&s, &stored)["state"], "quarantined");
    assert_eq!(state(&s, &waiting)["state"], "quarantined");

    // Added back under its id, from one of its photos: both go back where they were.
    let out = s.ok(&[
        "device",
        "add",
        "--id",
        "phone1",
        "--label",
        "phone1",
        "--folder",
        "phone1",
        "--from-photo",
        fixture(MOTO).to_str().expect("path"),
    ]);
    assert!(out.contains("make \"motorola\", model \"moto g(9) plus\""), "{out}");
    assert_eq!(state(&s, &stored)["state"], "stored");
    assert_eq!(state(&s, &waiting)["state"], "awaiting_tags");
    let actions: Vec<String> = s
        .json(&["audit", "list"])
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_string))
        .collect();
    assert!(actions.contains(&"device.restore".to_string()), "{actions:?}");
    // A photo without camera data cannot register a device.
    let out = s.fails(
        2,
        &[
            "device",
            "add",
            "--id",
            "cam2",
            "--label",
            "cam2",
            "--from-photo",
            fixture("no_camera_orientation6.jpg").to_str().expect("path"),
        ],
    );
    assert!(out.contains("no_camera_orientation6.jpg") && out.contains("--make"), "{out}");
    assert!(out.contains("a JPEG file without a camera make and model"), "{out}");
    // Nor can a file that is no photo at all, and it is told so.
    let not_a_photo = s.root().join("notes.txt");
    std::fs::write(&not_a_photo, "a shopping list").expect("write");
    let path = not_a_photo.to_str().expect("path");
    let out = s.fails(2, &["device", "add", "--id", "cam2", "--label", "cam2", "--from-photo", path]);
    assert!(out.contains("notes.txt: not a photo or video consentgate reads: give --make and --model"), "{out}");
}

#[test]
fn tampering_with_photo_history_is_detected() {
    let s = setup();
    let id = arrive(&s, "solo.jpg", 1, r#"{"children": ["C001"]}"#);
    s.ok(&["audit", "verify"]);
    let conn = rusqlite::Connection::open(s.db()).expect("db");
    let seq: i64 = conn.query_row("SELECT seq FROM audit WHERE photo_id = ?1", [&id], |r| r.get(0)).expect("entry");
    conn.execute("DELETE FROM audit WHERE seq = ?1", [seq]).expect("remove the ingest record");
    drop(conn);
    // The last entry: no link breaks, but the photo lost its arrival record.
    let err = s.fails(1, &["audit", "verify"]);
    assert!(err.contains(&id) && err.contains("removed"), "{err}");
    // An entry in the middle breaks the next link.
    let conn = rusqlite::Connection::open(s.db()).expect("db");
    conn.execute("DELETE FROM audit WHERE seq = 3", []).expect("remove a middle entry");
    drop(conn);
    let err = s.fails(1, &["audit", "verify"]);
    assert!(err.contains("entry 4"), "{err}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    crate::common::files_in(dir)
}

#[test]
fn export_writes_clean_copies_of_the_childs_journey_only() {
    let s = setup();
    let solo = arrive(&s, "solo.jpg", 1, r#"{"children": ["C001"]}"#);
    let group = arrive(&s, "group.jpg", 2, r#"{"children": ["C001", "C003"]}"#);
    let other = arrive(&s, "other.jpg", 3, r#"{"children": ["C003"]}"#);
    let held = arrive(&s, "held.jpg", 4, r#"{"children": ["C001", "C002"]}"#);
    for id in [&solo, &group, &other] {
        assert_eq!(state(&s, id)["state"], "stored");
    }
    assert_eq!(state(&s, &held)["state"], "quarantined");
    let dest = s.dir.path().join("journey");
    let out = s.cmd().args(["export", "child", "Millie", "--to"]).arg(&dest).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Not a terminal: no progress bar in the output a script reads.
    assert!(!String::from_utf8_lossy(&out.stderr).contains("photos exported"), "no bar without a terminal");
    let files = walk(&dest);
    assert_eq!(files.len(), 2, "solo and group, not C003's alone nor the held one: {files:?}");
    for f in &files {
        let name = f.file_name().and_then(|n| n.to_str()).expect("name");
        assert!(name.starts_with("C001_2025-06-01_"), "{name}");
        for n in ["Amelia", "Millie", "Rose"] {
            assert!(!name.contains(n), "{name}");
        }
        crate::common::assert_no_metadata(f);
    }
    let log = s.json(&["audit", "list", "--child", "C001"]);
    let e = log.as_array().expect("log").iter().find(|e| e["action"] == "export.child").expect("export audited");
    assert_eq!(e["detail"]["photos"], 2);
    // never into the setup's own folders
    let err = s.fails(2, &["export", "child", "C001", "--to", s.data().join("x").to_str().expect("p")]);
    assert!(err.contains("inside the data folder"), "{err}");
    s.fails(2, &["export", "child", "C001", "--to", s.inbox().to_str().expect("p")]);
}

#[test]
fn serve_runs_the_daily_recheck_and_retention() {
    let s = setup();
    let kept = arrive(&s, "kept.jpg", 1, r#"{"children": ["C003"]}"#);
    let gone = arrive(&s, "gone.jpg", 2, r#"{"children": ["C001"]}"#);
    s.ok(&["child", "leave", "C001", "--on", "2026-11-30"]);
    // The deletion was announced a week before (an earlier daily run).
    let run = s.cmd().env("CONSENTGATE_TODAY", "2026-12-23").args(["retention", "run"]).output().expect("run");
    assert!(run.status.success());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("consentgate"))
        .env("CONSENTGATE_CONFIG", &s.config)
        .env("CONSENTGATE_TODAY", "2026-12-30")
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while std::time::Instant::now() < deadline && state(&s, &gone)["state"] != "deleted" {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().expect("kill");
    assert!(child.wait().expect("wait").success());
    assert_eq!(state(&s, &gone)["deleted_rule"], "after_leaving_days");
    assert_eq!(state(&s, &kept)["state"], "stored");
}

#[test]
fn long_work_shows_a_progress_bar_on_a_terminal_and_none_otherwise() {
    let s = setup();
    for (i, name) in ["a.jpg", "b.jpg", "c.jpg"].iter().enumerate() {
        let mut bytes = std::fs::read(fixture(MOTO)).expect("read");
        bytes.extend_from_slice(format!("variant {i}").as_bytes());
        std::fs::write(s.inbox().join("phone1").join(name), bytes).expect("write");
    }
    let shown = s.on_terminal(&["ingest", "--once"]);
    assert!(shown.contains("files [") && shown.contains("/3"), "a bar on the terminal:\n{shown}");
    let shown = s.on_terminal(&["photo", "recheck"]);
    assert!(shown.contains("photos re-checked ["), "a bar on the terminal:\n{shown}");
    // --json, even on a terminal, and a pipe: results only.
    let shown = s.on_terminal(&["photo", "recheck", "--json"]);
    assert!(!shown.contains("re-checked ["), "{shown}");
    let out = s.cmd().args(["retention", "run"]).output().expect("run");
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains('['), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_manager_vouches_for_a_camera_less_photo_from_a_setting_device() {
    let s = setup();
    let plain = |name: &str, variant: &str| {
        let mut bytes = std::fs::read(fixture("no_camera_orientation6.jpg")).expect("read");
        bytes.extend_from_slice(variant.as_bytes());
        std::fs::write(s.inbox().join("phone1").join(format!("{name}.tags.json")), r#"{"children": ["C001"]}"#)
            .expect("sidecar");
        std::fs::write(s.inbox().join("phone1").join(name), &bytes).expect("write");
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    let id = plain("app.jpg", "a");
    s.ok(&["ingest", "--once"]);
    assert_eq!(codes(&state(&s, &id)), vec!["no_camera_metadata"]);
    // Releasing cannot clear it: there is no camera to check.
    s.fails(3, &["quarantine", "release", &id[..10], "--note", "ours"]);
    // A note is required, the device must exist, and a photo naming its camera is refused.
    s.fails(2, &["quarantine", "attest", &id[..10], "--device", "phone1", "--note", " "]);
    s.fails(2, &["quarantine", "attest", &id[..10], "--device", "nosuch", "--note", "ours"]);
    let named = arrive(&s, "named.jpg", 5, r#"{"children": ["Zara"]}"#);
    let out = s.fails(2, &["quarantine", "attest", &named[..10], "--device", "phone1", "--note", "ours"]);
    assert!(out.contains("register that camera"), "{out}");

    let out =
        s.ok(&["quarantine", "attest", &id[..10], "--device", "phone1", "--note", "Sam's phone, the app strips EXIF"]);
    assert!(out.contains("now stored"), "{out}");
    let p = state(&s, &id);
    assert_eq!(p["state"], "stored");
    let log = s.json(&["audit", "list", "--photo", &id]).to_string();
    assert!(log.contains("device.attested") && log.contains("the app strips EXIF"), "{log}");
}

#[test]
fn a_photo_whose_tagging_time_ran_out_can_be_sent_back_for_tagging() {
    let s = setup();
    // An untagged photo, its tagging time run out: held as overdue.
    std::fs::write(s.inbox().join("phone1/late.jpg"), std::fs::read(fixture(MOTO)).expect("fixture")).expect("write");
    s.ok(&["ingest", "--once"]);
    let id = s.json(&["photo", "list"]).as_array().expect("list")[0]["id"].as_str().expect("id").to_string();
    let received = state(&s, &id)["received_at"].as_str().expect("received")[..10].to_string();
    let received = chrono::NaiveDate::parse_from_str(&received, "%Y-%m-%d").expect("date");
    let on = |days: u64| (received + chrono::Days::new(days)).to_string();
    let at = |days: u64, args: &[&str]| s.cmd().env("CONSENTGATE_TODAY", on(days)).args(args).output().expect("run");
    assert!(at(8, &["photo", "recheck"]).status.success());
    assert_eq!(state(&s, &id)["state"], "quarantined");
    assert_eq!(codes(&state(&s, &id)), ["tagging_overdue"]);

    // Release cannot clear it: nobody has tagged it.
    assert_eq!(at(8, &["quarantine", "release", &id[..10], "--note", "try"]).status.code(), Some(3));
    // Sending it back does, with a fresh week from that day.
    let out = at(8, &["quarantine", "send-back", &id[..10], "--note", "Sam was off sick"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("back in the tagging queue, with 7 day(s)"));
    assert_eq!(state(&s, &id)["state"], "awaiting_tags");
    assert!(at(14, &["photo", "recheck"]).status.success());
    assert_eq!(state(&s, &id)["state"], "awaiting_tags", "six days after the send-back it still waits");
    assert!(at(15, &["photo", "recheck"]).status.success());
    assert_eq!(codes(&state(&s, &id)), ["tagging_overdue"], "the fresh week has run out too");
    assert!(at(15, &["quarantine", "send-back", &id[..10], "--note", "again"]).status.success());
    let out = at(15, &["tag", &id[..10], "C001"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(state(&s, &id)["state"], "stored");

    // The audit log says who sent it back and why.
    let log = s.ok(&["audit", "list", "--json"]);
    assert!(log.contains("quarantine.send_back") && log.contains("Sam was off sick"), "{log}");
}

#[test]
fn send_back_names_what_tagging_cannot_clear() {
    let s = setup();
    // Held for an unknown camera, not for its tagging: nothing to send back.
    let id = arrive(&s, "tagged.jpg", 1, r#"{"children": ["C001"]}"#);
    s.ok(&["device", "remove", "phone1", "--yes"]);
    assert_eq!(state(&s, &id)["state"], "quarantined");
    let text = s.fails(2, &["quarantine", "send-back", &id[..10], "--note", "n"]);
    assert!(text.contains("not held for its tagging"), "{text}");
    // Held for a name not on the register and the unknown camera: tagging
    // would clear the one but not the other, so it stays, and says why.
    let id = arrive(&s, "stranger.jpg", 2, r#"{"children": ["Zara"]}"#);
    assert_eq!(state(&s, &id)["state"], "quarantined");
    let text = s.fails(3, &["quarantine", "send-back", &id[..10], "--note", "n"]);
    assert!(text.contains("unregistered_device") && !text.contains("unknown_child"), "{text}");
    assert_eq!(state(&s, &id)["state"], "quarantined");
}
