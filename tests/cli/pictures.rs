//! Children's pictures on their tagging buttons, through the CLI: made only
//! from a stored photo the child is tagged in, with current learning-journey
//! consent; kept encrypted; removed (row, file and audit entry) when the
//! consent ends, the child leaves, the photo leaves the vault or is
//! deleted, and when the child is erased. The source photo is the project's
//! photo of a cat on a chair: no people in it.

use crate::common::Setup;
use std::path::PathBuf;

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s
}

fn pictures(s: &Setup) -> Vec<serde_json::Value> {
    s.json(&["child", "picture", "list"]).as_array().expect("a list").clone()
}

/// The picture's ciphertext, from the register's row.
fn file_of(s: &Setup, child: &str) -> PathBuf {
    let all = pictures(s);
    let p = all.iter().find(|p| p["child"] == child).unwrap_or_else(|| panic!("{child} has a picture: {all:?}"));
    s.data().join("pictures").join(p["file"].as_str().expect("file"))
}

fn picture_files(s: &Setup) -> Vec<PathBuf> {
    crate::common::files_in(&s.data().join("pictures"))
}

fn audit_actions(s: &Setup) -> Vec<String> {
    let conn = rusqlite::Connection::open(s.db()).expect("db");
    let mut stmt = conn.prepare("SELECT action FROM audit WHERE action LIKE 'picture.%' ORDER BY seq").expect("q");
    stmt.query_map([], |r| r.get(0)).expect("rows").map(|r| r.expect("row")).collect()
}

#[test]
fn a_picture_is_cut_from_a_stored_photo_the_child_is_tagged_in_and_kept_encrypted() {
    let s = setup();
    let photo = s.arrive_phone("cat.jpg", 1, r#"{"children": ["C001"], "regions": {"C001": [0.4, 0.3, 0.1, 0.12]}}"#);
    assert_eq!(s.json(&["photo", "show", &photo])["state"], "stored");

    let set = s.json(&["child", "picture", "set", "Millie", "--photo", &photo[..10]]);
    assert_eq!(set["child"], "C001");
    assert_eq!(set["photo"], photo.as_str());
    assert_eq!(set["chosen_by"], "tester");
    // Around the tagged face, padded, made square in the upright photo.
    let r: Vec<f64> = serde_json::from_value(set["region"].clone()).expect("region");
    assert!(r[0] < 0.4 && r[1] < 0.3 && r[0] + r[2] > 0.5 && r[1] + r[3] > 0.42, "{r:?}");

    let file = file_of(&s, "C001");
    let bytes = std::fs::read(&file).expect("the picture's file");
    assert!(bytes.starts_with(b"age-encryption.org/v1"), "encrypted with age");
    assert!(image::load_from_memory(&bytes).is_err(), "never a plaintext image on disk");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).expect("meta").permissions().mode() & 0o777, 0o600);
    }
    let listed = s.ok(&["child", "picture", "list"]);
    assert!(listed.contains("C001") && listed.contains(&photo[..12]), "{listed}");

    // An exact square replaces it: one picture per child, the old file gone.
    s.ok(&["child", "picture", "set", "C001", "--photo", &photo, "--region", "0,0,0.5,0.5"]);
    assert_eq!(picture_files(&s).len(), 1, "the old file went");
    assert_ne!(file_of(&s, "C001"), file);
    assert!(!file.exists());

    s.ok(&["child", "picture", "remove", "C001"]);
    assert!(pictures(&s).is_empty());
    assert!(picture_files(&s).is_empty());
    assert!(s.ok(&["child", "picture", "remove", "C001"]).contains("has no picture"));
    assert_eq!(audit_actions(&s), ["picture.set", "picture.set", "picture.remove"]);
    s.ok(&["audit", "verify"]);
}

#[test]
fn a_picture_is_refused_unless_the_photo_is_stored_the_child_tagged_and_consent_current() {
    let s = setup();
    let stored = s.arrive_phone("cat.jpg", 1, r#"{"children": ["C001"]}"#);
    let waiting = s.arrive_phone("waiting.jpg", 2, "{}");
    assert_eq!(s.json(&["photo", "show", &waiting])["state"], "awaiting_tags");
    let display = s.arrive_phone("display.jpg", 3, r#"{"children": ["C002"], "purposes": ["display"]}"#);
    assert_eq!(s.json(&["photo", "show", &display])["state"], "stored");

    let err = s.fails(3, &["child", "picture", "set", "C001", "--photo", &waiting]);
    assert!(err.contains("the photo is not stored in the vault"), "{err}");
    let err = s.fails(3, &["child", "picture", "set", "C003", "--photo", &stored]);
    assert!(err.contains("the child is not tagged in the photo"), "{err}");
    assert!(!err.contains("stored in the vault"), "only the problem there is: {err}");
    s.ok(&["consent", "withdraw", "C002", "learning_journey", "--by", "G002", "--on", "2026-11-20"]);
    assert_eq!(s.json(&["photo", "show", &display])["state"], "stored", "a display photo stays");
    let err = s.fails(3, &["child", "picture", "set", "C002", "--photo", &display]);
    assert!(err.contains("no current consent for their learning journey"), "{err}");
    // Bad input is not a refusal.
    s.fails(2, &["child", "picture", "set", "C001", "--photo", &stored, "--region", "0.9,0.9,0.5,0.5"]);
    s.fails(2, &["child", "picture", "set", "Zara", "--photo", &stored]);
    assert!(pictures(&s).is_empty());
    assert!(picture_files(&s).is_empty(), "nothing written for a refusal");
    assert!(audit_actions(&s).is_empty());
}

#[test]
fn withdrawing_learning_journey_consent_removes_the_picture() {
    let s = setup();
    // A display photo: it stays stored when the journey consent goes.
    let photo = s.arrive_phone("display.jpg", 1, r#"{"children": ["C002"], "purposes": ["display"]}"#);
    s.ok(&["child", "picture", "set", "C002", "--photo", &photo]);
    let file = file_of(&s, "C002");
    s.ok(&["consent", "withdraw", "C002", "learning_journey", "--by", "G002", "--on", "2026-11-22"]);
    assert_eq!(s.json(&["photo", "show", &photo])["state"], "stored");
    assert!(pictures(&s).is_empty(), "the row went");
    assert!(!file.exists(), "the file went");
    assert_eq!(audit_actions(&s), ["picture.set", "picture.remove"]);
}

#[test]
fn the_child_leaving_removes_the_picture() {
    let s = setup();
    let photo = s.arrive_phone("cat.jpg", 1, r#"{"children": ["C001"]}"#);
    s.ok(&["child", "picture", "set", "C001", "--photo", &photo]);
    let file = file_of(&s, "C001");
    // A leaving date still ahead keeps it; reaching it takes it off.
    s.ok(&["child", "leave", "C001", "--on", "2026-12-18"]);
    assert!(file.exists());
    s.cmd().env("CONSENTGATE_TODAY", "2026-12-18").args(["retention", "run"]).assert().success();
    assert!(pictures(&s).is_empty(), "the row went");
    assert!(!file.exists(), "the file went");
}

#[test]
fn the_photo_leaving_the_vault_or_being_deleted_removes_the_picture() {
    let s = setup();
    let regions = r#""regions": {"C001": [0.05, 0.05, 0.2, 0.3], "C003": [0.55, 0.4, 0.25, 0.35]}"#;
    let group = s.arrive_phone("group.jpg", 1, &format!(r#"{{"children": ["C001", "C003"], {regions}}}"#));
    let solo = s.arrive_phone("solo.jpg", 2, r#"{"children": ["C002"]}"#);
    assert_eq!(s.json(&["photo", "show", &group])["state"], "stored");
    s.ok(&["child", "picture", "set", "C003", "--photo", &group]);
    s.ok(&["child", "picture", "set", "C002", "--photo", &solo]);
    let (chloe, ben) = (file_of(&s, "C003"), file_of(&s, "C002"));

    // Reported: to the quarantine, out of the vault.
    s.ok(&["report", &solo, "--reason", "a visitor's car registration"]);
    assert!(!ben.exists());
    assert_eq!(pictures(&s).len(), 1);

    // Erasing C001 redacts the group photo into a new one and deletes the
    // original: C003's picture was cut from the original.
    let receipt = s.dir.path().join("receipt");
    s.ok(&["request", "erase", "C001", "--receipt", receipt.to_str().expect("path")]);
    assert_eq!(s.json(&["photo", "show", &group])["state"], "deleted");
    assert!(pictures(&s).is_empty(), "the row went");
    assert!(!chloe.exists(), "the file went");
    assert!(picture_files(&s).is_empty());
    s.ok(&["audit", "verify"]);
}

#[test]
fn an_erased_child_loses_their_picture() {
    let s = setup();
    let photo = s.arrive_phone("cat.jpg", 1, r#"{"children": ["C002"]}"#);
    let other = s.arrive_phone("other.jpg", 2, r#"{"children": ["C001"]}"#);
    s.ok(&["child", "picture", "set", "C002", "--photo", &photo]);
    s.ok(&["child", "picture", "set", "C001", "--photo", &other]);
    let receipt = s.dir.path().join("receipt");
    s.ok(&["request", "erase", "C002", "--receipt", receipt.to_str().expect("path")]);
    let left: Vec<String> = pictures(&s).iter().map(|p| p["child"].as_str().expect("child").to_string()).collect();
    assert_eq!(left, ["C001"], "only the erased child's picture went");
    assert_eq!(picture_files(&s).len(), 1);
}

/// A picture shows the child's face alone, checked on the picture's own
/// pixels: cut around their face it is made; a square that takes in
/// another child's face is refused, naming why.
#[test]
fn a_picture_shows_the_childs_face_alone() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let sidecar = format!(
        r#"{{"children": ["C001", "C003"], "regions": {{"C001": {}, "C003": {}}}}}"#,
        crate::common::LEFT_FACE,
        crate::common::RIGHT_FACE
    );
    let two = s.arrive_in("ipad1", "generated_ipad_two_faces.jpg", "two.jpg", 1, &sidecar);
    assert_eq!(s.json(&["photo", "show", &two])["state"], "stored");

    let err = s.fails(2, &["child", "picture", "set", "C001", "--photo", &two, "--region", "0.5,0,0.5,1"]);
    assert!(err.contains("1 face(s) that are not the child's"), "{err}");
    assert!(pictures(&s).is_empty() && picture_files(&s).is_empty(), "nothing kept");

    s.ok(&["child", "picture", "set", "C001", "--photo", &two]);
    s.ok(&["child", "picture", "set", "C003", "--photo", &two]);
    assert_eq!(pictures(&s).len(), 2);
    assert_eq!(picture_files(&s).len(), 2);
}
