//! The face check through the real binary: more faces than tagged children
//! holds a photo back; boxes become tagging and redaction regions; a box can
//! be confirmed "not a child's face".

mod common;

use common::{fixture, Setup};
use serde_json::Value;

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    s.device("canon", "Canon", "Canon PowerShot S40");
    s
}

/// Drops a copy of `src` (made distinct by `variant`) with an optional sidecar.
fn arrive(s: &Setup, folder: &str, name: &str, src: &str, variant: u32, sidecar: Option<&str>) -> Value {
    let mut bytes = std::fs::read(fixture(src)).expect("read");
    bytes.extend_from_slice(format!("variant {variant}").as_bytes());
    if let Some(sc) = sidecar {
        std::fs::write(s.inbox().join(folder).join(format!("{name}.tags.json")), sc).expect("sidecar");
    }
    std::fs::write(s.inbox().join(folder).join(name), bytes).expect("write");
    let v = s.json(&["ingest", "--once"]);
    let e = v["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|e| e["file"] == format!("{folder}/{name}"))
        .cloned()
        .expect("entry");
    s.json(&["photo", "show", e["photo"].as_str().unwrap_or_else(|| panic!("no photo: {v}"))])
}

fn codes(v: &Value) -> Vec<String> {
    v["reasons"].as_array().expect("reasons").iter().map(|r| r["code"].as_str().unwrap_or("").to_string()).collect()
}

#[test]
fn more_faces_than_tags_holds_the_photo_for_tagging() {
    let s = setup();
    // A face on a photo tagged "no children": held in staging, not stored.
    let p = arrive(&s, "ipad1", "a.jpg", "generated_ipad_face.jpg", 1, Some(r#"{"nobody": true}"#));
    assert_eq!(p["state"], "awaiting_tags", "{p}");
    assert_eq!(codes(&p), vec!["untagged_faces"]);
    // As many children tagged as faces: stored.
    let p = arrive(&s, "ipad1", "b.jpg", "generated_ipad_face.jpg", 2, Some(r#"{"children": ["C001"]}"#));
    assert_eq!(p["state"], "stored", "{p}");
    // Stored sideways with EXIF orientation 6: the check looks at it upright.
    let p = arrive(&s, "ipad1", "c.jpg", "generated_ipad_face_orient6.jpg", 3, Some(r#"{"nobody": true}"#));
    assert_eq!(codes(&p), vec!["untagged_faces"], "{p}");
    // No faces at all: a flower, tagged "no children", is stored.
    let p = arrive(&s, "canon", "d.webp", "camera_canon_s40.webp", 4, Some(r#"{"nobody": true}"#));
    assert_eq!(p["state"], "stored", "{p}");
}

#[test]
fn face_boxes_are_listed_encrypted_and_become_regions() {
    let s = setup();
    let p = arrive(&s, "ipad1", "a.jpg", "generated_ipad_face.jpg", 1, None);
    let id = p["id"].as_str().expect("id").to_string();
    assert_eq!(p["state"], "awaiting_tags");
    // Encrypted on disk, listed by the CLI.
    let enc = std::fs::read(s.data().join(format!("faces/{id}.age"))).expect("faces file");
    assert!(enc.starts_with(b"age-encryption.org/v1\n"));
    let faces = s.json(&["photo", "faces", &id[..10]]);
    let list = faces["faces"].as_array().expect("faces");
    assert_eq!(list.len(), 1, "{faces}");
    let rect = list[0]["rect"].clone();
    let text = s.ok(&["photo", "faces", &id[..10]]);
    assert!(text.contains("SCORE"), "{text}");
    // Tagging a child to the box: stored, with the box as the child's region.
    s.fails(2, &["tag", &id[..10], "--face", "2", "C001"]);
    s.fails(2, &["tag", &id[..10], "--face", "1", "Zara"]);
    s.fails(2, &["tag", &id[..10], "--face", "1"]);
    s.ok(&["tag", &id[..10], "--face", "1", "Millie"]);
    let p = s.json(&["photo", "show", &id]);
    assert_eq!(p["state"], "stored");
    assert_eq!(p["regions"]["C001"], rect);
}

#[test]
fn a_box_confirmed_not_a_childs_face_no_longer_counts() {
    let s = setup();
    let p = arrive(&s, "ipad1", "poster.jpg", "generated_ipad_face.jpg", 5, Some(r#"{"nobody": true}"#));
    let id = p["id"].as_str().expect("id").to_string();
    assert_eq!(codes(&p), vec!["untagged_faces"]);
    s.fails(2, &["tag", &id[..10], "--not-a-face", "1"]); // a note is required
    s.ok(&["tag", &id[..10], "--not-a-face", "1", "--note", "the astronaut poster on the wall"]);
    let p = s.json(&["photo", "show", &id]);
    assert_eq!(p["state"], "stored", "{p}");
    let log = s.json(&["audit", "list", "--photo", &id]);
    let e = log.as_array().expect("log").iter().find(|e| e["action"] == "faces.not_a_face").expect("audited");
    assert_eq!(e["detail"]["note"], "the astronaut poster on the wall");
    assert_eq!(e["actor"], "tester");
}
