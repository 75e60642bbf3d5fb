//! The gate through the real binary, on real faces (an adult's, public
//! domain): each way a photo was once stored, or sent out, against a
//! parent's wishes, now held. The subject access pack's cases (another
//! child's face unlocated, another child's name or a note in the pack) are
//! in requests.rs; the web form's face both tagged and dismissed in
//! web_http; random sequences of all of it, with crashes, in gate_model.

use crate::common::{fixture, Setup, AROUND_THE_FACE, LEFT_FACE, NO_FACE, RIGHT_FACE};
use serde_json::Value;

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    s
}

fn codes(v: &Value) -> Vec<String> {
    v["reasons"].as_array().expect("reasons").iter().filter_map(|r| r["code"].as_str().map(String::from)).collect()
}

/// Exports `child`'s learning journey into a fresh folder; the files.
fn journey(s: &Setup, child: &str) -> Vec<std::path::PathBuf> {
    let dest = tempfile::tempdir_in(s.dir.path()).expect("folder").keep();
    s.ok(&["export", "child", child, "--to", dest.to_str().expect("path")]);
    crate::common::files_in(&dest)
}

/// Two faces; face 1 both tagged and dismissed is refused, and with face 2
/// nobody's the photo is never stored nor exported.
#[test]
fn a_face_both_tagged_and_dismissed_is_refused_and_an_unassigned_face_holds_the_photo() {
    let s = setup();
    let id = s.arrive_in("ipad1", "generated_ipad_two_faces.jpg", "two.jpg", 1, r#"{"children": ["C001"]}"#);
    let out = s.fails(2, &["tag", &id[..12], "--face", "1", "C001", "--not-a-face", "1", "--note", "poster"]);
    assert!(out.contains("face 1 cannot be both"), "{out}");
    let p = s.json(&["photo", "show", &id]);
    assert_eq!(p["faces"][0]["child"], Value::Null, "nothing was written: {p}");
    s.ok(&["tag", &id[..12], "--face", "1", "C001"]);
    let p = s.json(&["photo", "show", &id]);
    assert_eq!((p["state"].as_str(), codes(&p)), (Some("awaiting_tags"), vec!["untagged_faces".to_string()]), "{p}");
    assert!(journey(&s, "C001").is_empty(), "nothing goes out");
}

/// The no-consent child's region drawn where there is no face: the
/// child is in the photo with the face unlocated, and redaction refuses
/// (there is nothing it could be sure to hide); erasure deletes the photo
/// rather than keep the child's face.
#[test]
fn a_redaction_region_that_misses_the_face_is_refused_and_erasure_deletes_instead() {
    let s = setup();
    // Ben has no consent for others' journeys; his region is around no face.
    let sidecar = format!(r#"{{"children": ["C001", "C002"], "regions": {{"C001": {LEFT_FACE}, "C002": {NO_FACE}}}}}"#);
    let id = s.arrive_in("ipad1", "generated_ipad_two_faces.jpg", "two.jpg", 2, &sidecar);
    let p = s.json(&["photo", "show", &id]);
    assert_eq!(p["state"], "quarantined", "{p}");
    assert_eq!((p["faces"][0]["child"].as_str(), p["faces"][1]["child"].as_str()), (Some("C001"), None), "{p}");
    let out = s.fails(3, &["quarantine", "redact", &id[..12], "--note", "blur Ben"]);
    assert!(out.contains("Ben Ade") && out.contains("not located"), "{out}");
    assert_eq!(s.json(&["photo", "show", &id])["state"], "quarantined", "nothing changed");
    // The same picture with Ben's face where it is: his face is hidden and
    // the copy, looked at again, shows Millie's only.
    let sidecar =
        format!(r#"{{"children": ["C001", "C002"], "regions": {{"C001": {LEFT_FACE}, "C002": {RIGHT_FACE}}}}}"#);
    let located = s.arrive_in("ipad1", "generated_ipad_two_faces.jpg", "two-b.jpg", 3, &sidecar);
    s.ok(&["quarantine", "redact", &located[..12], "--note", "blur Ben"]);
    let files = journey(&s, "C001");
    assert_eq!(files.len(), 1, "{files:?}");
    let img = image::open(&files[0]).expect("decode");
    let found = consentgate::faces::detect(&img, 1920, 0.6).expect("faces");
    assert_eq!(found.len(), 1, "one face on the exported pixels: {found:?}");
    // Erasing Ben: where his face is not located the photo is deleted.
    let receipt = s.dir.path().join("receipt");
    let done = s.json(&["request", "erase", "C002", "--note", "asked", "--receipt", receipt.to_str().expect("p")]);
    let step = done["steps"].as_array().expect("steps").iter().find(|st| st["photo"] == id.as_str()).expect("step");
    assert_eq!(step["action"], "delete_unlocated", "{done}");
    assert_eq!(s.json(&["photo", "show", &id])["state"], "deleted");
}

/// A photo tagged by an alias is that child's: moving the alias to
/// another child (a CSV import) never moves the photo.
#[test]
fn tags_are_children_by_id_and_moving_an_alias_moves_no_photo() {
    let s = setup();
    s.ok(&["child", "add", "C004", "--name", "Dan Eze", "--alias", "Coco", "--room", "Rainbow"]);
    let sidecar = format!(r#"{{"children": ["Coco"], "regions": {{"Coco": {AROUND_THE_FACE}}}}}"#);
    let id = s.arrive_in("ipad1", "generated_ipad_face.jpg", "coco.jpg", 1, &sidecar);
    let p = s.json(&["photo", "show", &id]);
    assert_eq!(p["tags"], serde_json::json!(["C004"]), "bound to the child the alias named: {p}");
    assert_eq!(p["state"], "quarantined", "{p}");
    // The alias moves to Millie, who has every consent.
    let csv = s.dir.path().join("children.csv");
    std::fs::write(
        &csv,
        "id,name,aliases,room,started,left\nC004,Dan Eze,,Rainbow,,\nC001,Amelia Rose,Millie;Coco,Rainbow,2025-09-01,\n",
    )
    .expect("csv");
    s.ok(&["child", "import", csv.to_str().expect("p")]);
    let out = s.fails(3, &["quarantine", "release", &id[..12], "--note", "Coco is Millie now"]);
    assert!(out.contains("C004"), "still held for the child it showed: {out}");
    let p = s.json(&["photo", "show", &id]);
    assert_eq!((p["state"].as_str(), p["tags"].clone()), (Some("quarantined"), serde_json::json!(["C004"])), "{p}");
    let list = s.json(&["quarantine", "list"]);
    assert_eq!(list[0]["reasons"][0]["child"], "C004", "{list}");
    assert!(journey(&s, "C001").is_empty());
}

/// The photo's own XMP names a child without consent; a sidecar names
/// one with consent (her face marked): held, both sources heard.
#[test]
fn a_sidecar_does_not_silence_the_photos_own_xmp() {
    let s = setup();
    s.ok(&["child", "add", "C004", "--name", "Dan Eze", "--room", "Rainbow"]);
    let jpeg = std::fs::read(fixture("generated_ipad_face.jpg")).expect("read");
    let bytes = crate::common::with_person_in_image(&jpeg, &["Dan Eze"]);
    let dir = s.inbox().join("ipad1");
    std::fs::write(
        dir.join("x.jpg.tags.json"),
        format!(r#"{{"children": ["C001"], "regions": {{"C001": {AROUND_THE_FACE}}}}}"#),
    )
    .expect("sidecar");
    std::fs::write(dir.join("x.jpg"), &bytes).expect("photo");
    let v = s.json(&["ingest", "--once"]);
    let id = v["files"][0]["photo"].as_str().expect("photo").to_string();
    let p = s.json(&["photo", "show", &id]);
    assert_eq!(p["state"], "quarantined", "{p}");
    assert_eq!(p["tags"], serde_json::json!(["C001", "C004"]), "a child any source names counts: {p}");
    let c = codes(&p);
    assert!(c.contains(&"no_consent".to_string()) && c.contains(&"tag_sources_disagree".to_string()), "{p}");
    let why = s.ok(&["photo", "show", &id[..12]]);
    assert!(why.contains("its own XMP metadata names a child"), "said in words: {why}");
    assert!(journey(&s, "C001").is_empty());
}

/// A crash between a consent change and its re-check: the re-check is
/// owed in the register with the change, and the next command of any kind
/// (here `ingest --once`) finishes it before anything else.
#[test]
fn a_crash_between_a_withdrawal_and_its_recheck_is_finished_by_the_next_command() {
    let s = setup();
    let sidecar = format!(r#"{{"children": ["C001"], "regions": {{"C001": {AROUND_THE_FACE}}}}}"#);
    let ids: Vec<String> = (0..3)
        .map(|i| s.arrive_in("ipad1", "generated_ipad_face.jpg", &format!("m{i}.jpg"), 10 + i, &sidecar))
        .collect();
    for id in &ids {
        assert_eq!(s.json(&["photo", "show", id])["state"], "stored");
    }
    let crashed = s
        .cmd()
        .env("CONSENTGATE_FAILPOINT", "after_register_change")
        .args(["consent", "withdraw", "C001", "learning_journey", "--by", "G001", "--on", "2026-11-20"])
        .output()
        .expect("run");
    assert!(!crashed.status.success(), "the crash happened");
    // The register as the crash left it: the withdrawal and the re-check it
    // owes, the photos not yet moved.
    let db = rusqlite::Connection::open(s.db()).expect("db");
    let state = |id: &str| -> String {
        db.query_row("SELECT state FROM photos WHERE id = ?1", [id], |r| r.get(0)).expect("state")
    };
    let owed: i64 = db.query_row("SELECT count(*) FROM rechecks", [], |r| r.get(0)).expect("owed");
    assert!(owed >= 1, "a re-check owed");
    assert!(ids.iter().all(|id| state(id) == "stored"));
    s.ok(&["ingest", "--once"]);
    assert!(ids.iter().all(|id| state(id) == "quarantined"), "finished by the next command");
    let owed: i64 = db.query_row("SELECT count(*) FROM rechecks", [], |r| r.get(0)).expect("owed");
    assert_eq!(owed, 0);
    for id in &ids {
        assert!(s.quarantine().join(format!("{id}.age")).is_file(), "the ciphertext moved too");
        assert!(!s.data().join(format!("vault/{}/{id}.age", &id[..2])).exists());
    }
}
