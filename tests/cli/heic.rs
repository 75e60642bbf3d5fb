//! HEIC through the real binary with the default build: the system's
//! libheif is loaded at run time, an iPad HEIC gets an upright thumbnail and
//! a face check; without the library the photo is held, never stored
//! unverified.
#![cfg(any(feature = "heif", feature = "heif-embedded"))]

use crate::common::{fixture, Setup};
use serde_json::Value;

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    s
}

/// Drops the generated iPad HEIC (stored on its side, turned by the
/// container) into the iPad's folder with `sidecar`; ingests it once with
/// `env`; returns the photo.
fn arrive(s: &Setup, sidecar: &str, env: &[(&str, &str)]) -> Value {
    arrive_file(s, "generated_ipad_face_rotated.heic", sidecar, env)
}

fn arrive_file(s: &Setup, fixture_name: &str, sidecar: &str, env: &[(&str, &str)]) -> Value {
    let dir = s.inbox().join("ipad1");
    std::fs::write(dir.join("IMG_0001.HEIC.tags.json"), sidecar).expect("sidecar");
    std::fs::copy(fixture(fixture_name), dir.join("IMG_0001.HEIC")).expect("copy");
    let out = s.cmd().envs(env.iter().copied()).args(["ingest", "--once", "--json"]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    let id = v["files"][0]["photo"].as_str().unwrap_or_else(|| panic!("no photo: {v}")).to_string();
    assert!(!dir.join("IMG_0001.HEIC").exists(), "taken from the inbox");
    s.json(&["photo", "show", &id])
}

fn codes(v: &Value) -> Vec<&str> {
    v["reasons"].as_array().expect("reasons").iter().filter_map(|r| r["code"].as_str()).collect()
}

#[test]
fn an_ipad_heic_is_decoded_upright_and_face_checked() {
    let s = setup();
    // Tagged "no children": the face check finds the face and holds it.
    let p = arrive(&s, r#"{"nobody": true}"#, &[]);
    assert_eq!(p["format"], "heic", "{p}");
    assert_eq!(codes(&p), vec!["untagged_faces"], "the face check ran and found the face: {p}");
    assert_eq!((p["width"].as_u64(), p["height"].as_u64()), (Some(480), Some(640)), "upright size");
    let id = p["id"].as_str().expect("id");

    // The thumbnail is upright: portrait, with the face in its upper half.
    let key = std::fs::read_to_string(s.data().join("identity.txt")).expect("identity");
    let key: age::x25519::Identity =
        key.lines().find(|l| l.starts_with("AGE-SECRET-KEY")).expect("key").parse().expect("identity");
    let sealed = std::fs::read(s.data().join(format!("thumbs/{id}.age"))).expect("a thumbnail");
    let thumb = image::load_from_memory(&age::decrypt(&key, &sealed).expect("decrypt")).expect("a JPEG").to_rgb8();
    assert!(thumb.height() > thumb.width(), "portrait thumbnail {}x{}", thumb.width(), thumb.height());
    let faces = s.json(&["photo", "faces", &id[..10]]);
    let list = faces["faces"].as_array().expect("faces");
    assert_eq!(list.len(), 1, "{faces}");
    // rect is [x, y, w, h] as fractions of the upright photo: the face sits
    // in the upper part, as drawn (it would be on the left if not turned).
    let rect: Vec<f64> = list[0]["rect"].as_array().expect("rect").iter().filter_map(Value::as_f64).collect();
    let (cx, cy) = (rect[0] + rect[2] / 2.0, rect[1] + rect[3] / 2.0);
    assert!(cy < 0.55 && (0.3..0.7).contains(&cx), "face centre ({cx:.2}, {cy:.2}) in {rect:?}");

    // Tagged with one child who has consent: stored.
    s.ok(&["tag", &id[..10], "--face", "1", "Millie"]);
    assert_eq!(s.json(&["photo", "show", id])["state"], "stored");

    // Her consent is withdrawn: redacted on the HEIC's own pixels (decoded
    // upright), the JPEG copy looked at again: her face is found no more.
    s.ok(&["consent", "withdraw", "C001", "learning_journey", "--by", "G001", "--on", "2026-11-01"]);
    assert_eq!(s.json(&["photo", "show", id])["state"], "quarantined");
    s.ok(&["quarantine", "redact", &id[..10], "--note", "blur"]);
    let all = s.json(&["photo", "list"]);
    let copy = all.as_array().expect("list").iter().find(|p| p["derived_from"] == id).expect("the copy").clone();
    assert_eq!(copy["format"], "jpeg", "{copy}");
    assert_eq!(copy["faces"], serde_json::json!([]), "no face left on the copy's pixels: {copy}");
    assert_eq!((copy["width"].as_u64(), copy["height"].as_u64()), (Some(480), Some(640)), "upright");
}

/// A photo stored as cameras store large ones, a grid of tiles on its
/// side turned back by the container, too large for libheif's whole decode
/// within the working memory (16 MP), is decoded a tile at a time: upright,
/// with the face where it is drawn.
#[test]
fn a_large_grid_heic_is_decoded_tile_by_tile_upright_and_face_checked() {
    let s = setup();
    let p = arrive_file(&s, "generated_grid_16mp_irot1.heic", r#"{"nobody": true}"#, &[]);
    // The grid carries no EXIF: no camera named, too.
    assert_eq!(codes(&p), vec!["no_camera_metadata", "untagged_faces"], "the face check found the face: {p}");
    assert_eq!((p["width"].as_u64(), p["height"].as_u64()), (Some(3456), Some(4608)), "upright size");
    let faces = s.json(&["photo", "faces", &p["id"].as_str().expect("id")[..10]]);
    let list = faces["faces"].as_array().expect("faces");
    assert_eq!(list.len(), 1, "{faces}");
    // Drawn at (400, 700), 1200 px wide, in the 3456x4608 upright photo:
    // its centre at (0.29, 0.28).
    let rect: Vec<f64> = list[0]["rect"].as_array().expect("rect").iter().filter_map(Value::as_f64).collect();
    let (cx, cy) = (rect[0] + rect[2] / 2.0, rect[1] + rect[3] / 2.0);
    assert!((0.15..0.45).contains(&cx) && (0.12..0.42).contains(&cy), "face centre ({cx:.2}, {cy:.2}) in {rect:?}");
}

#[test]
fn without_libheif_a_heic_is_held_as_decoder_unavailable() {
    let s = setup();
    let p = arrive(&s, r#"{"children": ["C001"]}"#, &[("CONSENTGATE_LIBHEIF", "/nonexistent/libheif.so.1")]);
    assert_eq!(p["state"], "quarantined", "{p}");
    assert_eq!(codes(&p), vec!["decoder_unavailable"], "{p}");
    let detail = p["reasons"][0]["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("libheif1"), "says what to install: {detail}");
    // The ciphertext is kept in the quarantine: nothing lost.
    let id = p["id"].as_str().expect("id");
    assert!(s.quarantine().join(format!("{id}.age")).is_file(), "kept, encrypted, in the quarantine");
}

/// A photo stored as some cameras store a large one, one coded HEVC picture
/// (16 MP, on its side turned back by the container), too large for
/// libheif's whole decode within the working memory, is decoded by the
/// built-in libde265 straight into the reduced copy: upright, with the face
/// where it is drawn. The system's libde265 named instead decodes it to
/// the same answer; with none to load, libheif decodes it whole, to the
/// same answer.
#[test]
fn a_large_one_picture_heic_is_decoded_by_libde265_upright_and_face_checked() {
    for (libde265, way) in [
        (None, "decoded by the built-in libde265 into a (1440, 1920) copy"),
        (Some("libde265.so.0"), "decoded by a loaded libde265 into a (1440, 1920) copy"),
        (Some("/nonexistent/libde265.so"), "decoded whole by libheif: libde265 could not be loaded"),
    ] {
        let s = setup();
        let dir = s.inbox().join("ipad1");
        std::fs::write(dir.join("IMG_0001.HEIC.tags.json"), r#"{"nobody": true}"#).expect("sidecar");
        std::fs::copy(fixture("generated_picture_16mp_irot1.heic"), dir.join("IMG_0001.HEIC")).expect("copy");
        let mut cmd = s.cmd();
        cmd.env("CONSENTGATE_LOG", "consentgate=debug");
        if let Some(path) = libde265 {
            cmd.env("CONSENTGATE_LIBDE265", path);
        }
        let out = cmd.args(["ingest", "--once", "--json"]).output().expect("run");
        let log = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{log}");
        assert!(log.contains(way), "{way}: {log}");
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        let id = v["files"][0]["photo"].as_str().unwrap_or_else(|| panic!("no photo: {v}"));
        let p = s.json(&["photo", "show", id]);
        assert_eq!(codes(&p), vec!["no_camera_metadata", "untagged_faces"], "the face check found the face: {p}");
        assert_eq!((p["width"].as_u64(), p["height"].as_u64()), (Some(3456), Some(4608)), "upright size");
        let faces = s.json(&["photo", "faces", &id[..10]]);
        let list = faces["faces"].as_array().expect("faces");
        assert_eq!(list.len(), 1, "{faces}");
        // Drawn at (400, 700), 1200 px wide, in the 3456x4608 upright photo.
        let rect: Vec<f64> = list[0]["rect"].as_array().expect("rect").iter().filter_map(Value::as_f64).collect();
        let (cx, cy) = (rect[0] + rect[2] / 2.0, rect[1] + rect[3] / 2.0);
        assert!((0.15..0.45).contains(&cx) && (0.12..0.42).contains(&cy), "face centre ({cx:.2}, {cy:.2}) in {rect:?}");
    }
}
