//! Subject access requests through the real binary: every photo held of the
//! child in any state, other children blurred by their regions or the photo
//! withheld, the consent history, the audit entries with the chain's
//! verification, an index, and the request's deadline.

use crate::common::{files_in, Setup, AROUND_THE_FACE, LEFT_BOX, LEFT_FACE, NO_FACE, RIGHT_BOX, RIGHT_FACE};
use serde_json::Value;

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s
}

/// Mean absolute difference of the red channel inside a region.
fn diff_in(a: &image::RgbImage, b: &image::RgbImage, r: [f64; 4]) -> f64 {
    let (w, h) = (f64::from(a.width()), f64::from(a.height()));
    let (x0, y0) = ((r[0] * w) as u32, (r[1] * h) as u32);
    let (x1, y1) = (((r[0] + r[2]) * w) as u32, ((r[1] + r[3]) * h) as u32);
    let mut sum = 0.0;
    let mut n = 0.0;
    for y in y0..y1 {
        for x in x0..x1 {
            sum += (f64::from(a.get_pixel(x, y)[0]) - f64::from(b.get_pixel(x, y)[0])).abs();
            n += 1.0;
        }
    }
    sum / n
}

fn sidecar(children: &[(&str, &str)]) -> String {
    let names: Vec<String> = children.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    let regions: Vec<String> = children.iter().map(|(c, r)| format!("\"{c}\": {r}")).collect();
    format!(r#"{{"children": [{}], "regions": {{{}}}}}"#, names.join(", "), regions.join(", "))
}

#[test]
fn a_subject_access_request_gives_every_photo_with_other_children_blurred_or_withheld() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let arrive = |fixture: &str, name: &str, variant: u32, children: &[(&str, &str)]| {
        s.arrive_in("ipad1", fixture, name, variant, &sidecar(children))
    };
    let solo = arrive("generated_ipad_face.jpg", "solo.jpg", 1, &[("C001", AROUND_THE_FACE)]);
    // C002 has no consent to be in others' journeys: held in the quarantine,
    // still the child's data; C002's face is blurred in the copy.
    let group = arrive("generated_ipad_two_faces.jpg", "group.jpg", 2, &[("C001", LEFT_FACE), ("C002", RIGHT_FACE)]);
    // C003's region is around no face: C003 cannot be located (and the
    // face on the right is nobody's), so the photo is withheld.
    let unlocated =
        arrive("generated_ipad_two_faces.jpg", "unlocated.jpg", 3, &[("C001", LEFT_FACE), ("C003", NO_FACE)]);
    let not_theirs = arrive("generated_ipad_face.jpg", "other.jpg", 4, &[("C003", AROUND_THE_FACE)]);
    assert_eq!(s.json(&["photo", "show", &solo])["state"], "stored");
    assert_eq!(s.json(&["photo", "show", &group])["state"], "quarantined");
    // A note a manager writes about another child never reaches the pack.
    s.ok(&["report", &group[..12], "--reason", "Ben Ade must not be seen (note 4411)"]);

    let dest = s.dir.path().join("sar");
    let err = s.fails(2, &["request", "sar", "C001", "--to", s.data().join("x").to_str().expect("p")]);
    assert!(err.contains("inside the data folder"), "{err}");
    let answer = s.json(&["request", "sar", "Millie", "--received", "2026-11-20", "--to", dest.to_str().expect("p")]);
    assert_eq!(answer["request"]["received_on"], "2026-11-20");
    assert_eq!(answer["request"]["due_on"], "2026-12-20");
    assert!(answer["request"]["fulfilled_at"].is_string());
    let given: Vec<&str> =
        answer["photos"].as_array().expect("photos").iter().map(|p| p["photo"].as_str().expect("id")).collect();
    assert_eq!(given.len(), 2, "{answer}");
    assert!(given.contains(&solo.as_str()) && given.contains(&group.as_str()));
    assert!(!given.contains(&not_theirs.as_str()));
    assert_eq!(answer["redacted"], serde_json::json!([group]));
    let withheld = answer["withheld"].as_array().expect("withheld");
    assert_eq!(withheld.len(), 1);
    assert_eq!(withheld[0]["photo"], unlocated.as_str());
    assert!(withheld[0]["why"].as_str().expect("why").contains("cannot be located"));
    assert!(!withheld[0]["why"].as_str().expect("why").contains("C003"), "never names the other child");
    assert_eq!(answer["chain"]["finding"], "intact");

    // The group photo: C002's face pixelated, C001's as it was; and the
    // pack's own pixels show one face, C001's.
    let photos = files_in(&dest.join("photos"));
    assert_eq!(photos.len(), 2, "{photos:?}");
    for f in &photos {
        crate::common::assert_no_metadata(f);
    }
    let copy = photos.iter().find(|f| f.to_str().expect("p").contains(&group[..8])).expect("group copy");
    let original =
        image::load_from_memory(&std::fs::read(crate::common::fixture("generated_ipad_two_faces.jpg")).expect("r"))
            .expect("decode")
            .to_rgb8();
    let out = image::open(copy).expect("decode");
    let found = consentgate::faces::detect(&out, 1920, 0.6).expect("faces");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(consentgate::faces::overlap(found[0].rect, LEFT_BOX) > 0.5, "{found:?}");
    let out = out.to_rgb8();
    assert_eq!(out.dimensions(), original.dimensions());
    let (blurred, kept) = (diff_in(&original, &out, RIGHT_BOX), diff_in(&original, &out, LEFT_BOX));
    assert!(blurred > 3.0 * kept && blurred > 5.0, "C002 blurred ({blurred}), C001 kept ({kept})");

    // Every file of the pack is the owner's only, and none names another
    // child, gives their id, or carries a note a member of staff wrote.
    let pack: Vec<_> = files_in(&dest).into_iter().chain(files_in(&dest.join("photos"))).collect();
    for f in pack.into_iter().filter(|f| f.is_file()) {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&f).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", f.display());
        let text = String::from_utf8_lossy(&std::fs::read(&f).expect("read")).to_string();
        // (In a JPEG's compressed bytes three letters turn up by chance.)
        let words: &[&str] = if f.extension().is_some_and(|e| e == "jpg") {
            &["Ben Ade", "Benji", "Chloe Diaz", "4411"]
        } else {
            &["Ben", "Benji", "Chloe", "C002", "C003", "4411"]
        };
        for other in words {
            assert!(!text.contains(other), "{} names {other}", f.display());
        }
    }

    // The index, consent history and audit entries with their proof.
    let index = std::fs::read_to_string(dest.join("index.html")).expect("index");
    assert!(index.contains("Amelia Rose") && index.contains("2026-12-20"), "{index}");
    assert!(index.contains("other children blurred") && index.contains("cannot be located"), "{index}");
    assert!(index.contains("found intact"), "{index}");
    for other in ["Ben", "Chloe", "C002", "C003"] {
        assert!(!index.contains(other), "the index names {other}");
    }
    let consent: Value = serde_json::from_slice(&std::fs::read(dest.join("consent.json")).expect("c")).expect("json");
    let consent = consent.as_array().expect("events");
    assert!(!consent.is_empty() && consent.iter().all(|e| e["purpose"].is_string() && e["child_id"].is_null()));
    let audit: Value = serde_json::from_slice(&std::fs::read(dest.join("audit.json")).expect("a")).expect("json");
    assert_eq!(audit["verification"]["finding"], "intact");
    let entries = audit["entries"].as_array().expect("entries");
    assert!(entries.iter().any(|e| e["action"] == "child.add" && e["child"] == "C001"));
    assert!(entries
        .iter()
        .any(|e| e["action"].as_str().is_some_and(|a| a.starts_with("ingest")) && e["photo"] == group.as_str()));
    assert!(!entries.iter().any(|e| e["photo"] == not_theirs.as_str()), "not another child's photo");
    assert!(entries.iter().all(|e| e["hash"].is_string() && e["prev_hash"].is_string()));

    // Recorded: the request, its answer, and each photo given.
    let log = s.json(&["audit", "list", "--child", "C001"]);
    let actions: Vec<&str> = log.as_array().expect("log").iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"request.sar") && actions.contains(&"request.sar.answered"), "{actions:?}");
    let disclosed = s.json(&["disclosures", "--child", "C001"]);
    let kinds: Vec<&str> = disclosed.as_array().expect("d").iter().filter_map(|d| d["kind"].as_str()).collect();
    assert_eq!(kinds, vec!["subject_access", "subject_access"]);

    // A request recorded before it is answered shows as due.
    let r = s.json(&["request", "sar", "C002", "--received", "2026-10-01"]);
    assert_eq!(r["due_on"], "2026-11-01");
    let list = s.ok(&["request", "list"]);
    assert!(list.contains("OVERDUE") && list.contains("answered"), "{list}");
    let list = s.json(&["request", "list"]);
    assert_eq!(list[0]["child"], "C002", "open ones first");
    assert!(list[0]["fulfilled_at"].is_null());
    s.fails(2, &["request", "sar", "C002", "--received", "2026-12-01"]);
    s.ok(&["audit", "verify"]);
}

#[test]
fn erasure_deletes_or_redacts_every_photo_of_the_child_and_leaves_a_receipt() {
    let s = setup();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    let arrive = |fixture: &str, name: &str, variant: u32, children: &[(&str, &str)]| {
        s.arrive_in("ipad1", fixture, name, variant, &sidecar(children))
    };
    let solo = arrive("generated_ipad_face.jpg", "solo.jpg", 1, &[("C003", AROUND_THE_FACE)]);
    let group = arrive("generated_ipad_two_faces.jpg", "group.jpg", 2, &[("C001", LEFT_FACE), ("C003", RIGHT_FACE)]);
    // C003 is in it, her face not located (the face on the right nobody's):
    // it waits for tagging, and is her data all the same.
    let unlocated =
        arrive("generated_ipad_two_faces.jpg", "unlocated.jpg", 3, &[("C001", LEFT_FACE), ("C003", NO_FACE)]);
    let other = arrive("generated_ipad_face.jpg", "other.jpg", 4, &[("C001", AROUND_THE_FACE)]);
    for id in [&solo, &group, &other] {
        assert_eq!(s.json(&["photo", "show", id])["state"], "stored");
    }
    assert_eq!(s.json(&["photo", "show", &unlocated])["state"], "awaiting_tags");
    let journey = s.dir.path().join("journey");
    s.ok(&["export", "child", "C003", "--to", journey.to_str().expect("p")]);

    let plan = s.json(&["request", "erase", "C003", "--dry-run"]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["steps"].as_array().expect("steps").len(), 3, "{plan}");
    assert_eq!(s.json(&["photo", "show", &solo])["state"], "stored", "a dry run changes nothing");
    assert_eq!(s.json(&["child", "list"]).to_string().matches("Chloe").count(), 1);

    s.fails(2, &["request", "erase", "C003"]);
    let err = s.fails(2, &["request", "erase", "C003", "--receipt", s.data().join("r").to_str().expect("p")]);
    assert!(err.contains("inside the data folder"), "{err}");
    assert_eq!(s.json(&["photo", "show", &solo])["state"], "stored", "refused before anything was done");
    let receipt = s.dir.path().join("receipts");
    let done = s.json(&[
        "request",
        "erase",
        "Chloe Diaz",
        "--note",
        "parent's request of 2026-11-20",
        "--receipt",
        receipt.to_str().expect("p"),
    ]);
    let steps = done["steps"].as_array().expect("steps");
    let step = |id: &str| steps.iter().find(|st| st["photo"] == id).unwrap_or_else(|| panic!("{id} in {done}"));
    assert_eq!(step(&solo)["action"], "delete");
    assert_eq!(step(&unlocated)["action"], "delete_unlocated");
    assert_eq!(step(&group)["action"], "redact");
    assert!(!steps.iter().any(|st| st["photo"] == other.as_str()));
    for id in [&solo, &unlocated, &group] {
        let p = s.json(&["photo", "show", id]);
        assert_eq!(p["state"], "deleted", "{id}");
        assert!(!s.data().join(format!("vault/{}/{id}.age", &id[..2])).exists(), "ciphertext gone");
        assert!(!s.data().join(format!("thumbs/{id}.age")).exists(), "thumbnail gone");
    }
    // The group photo lives on without the child: her face found no more.
    let into = step(&group)["into"].as_str().expect("redacted into").to_string();
    let redacted = s.json(&["photo", "show", &into]);
    assert_eq!(redacted["derived_from"], group.as_str());
    assert_eq!(redacted["tags"], serde_json::json!(["C001"]), "{redacted}");
    assert_eq!(redacted["faces"].as_array().map(Vec::len), Some(1), "{redacted}");
    assert_eq!(redacted["faces"][0]["child"], "C001", "{redacted}");
    assert_eq!(s.json(&["photo", "show", &other])["state"], "stored", "other children's photos stay");

    // Copies given out before are listed for take-down.
    let takedowns = done["takedowns"].as_array().expect("takedowns");
    assert_eq!(takedowns.len(), 2, "the two journey copies: {done}");
    assert!(takedowns.iter().all(|t| t["purpose"] == "erasure" && t["child"] == "C003"));
    assert_eq!(s.json(&["disclosures", "takedowns"]).as_array().expect("open").len(), 2);

    // The register keeps the id, not the name; the receipt says what was done.
    let children = s.json(&["child", "list"]);
    let c = children.as_array().expect("children").iter().find(|c| c["id"] == "C003").expect("id kept");
    assert_eq!(c["name"], "[erased]");
    assert!(!children.to_string().contains("Chloe"));
    let receipts: Vec<String> =
        done["receipt"].as_array().expect("receipt").iter().map(|r| r.as_str().expect("p").to_string()).collect();
    assert_eq!(receipts.len(), 2);
    assert!(receipts[0].ends_with(".txt") && receipts[1].ends_with(".html"));
    assert!(receipts.iter().all(|r| std::path::Path::new(r).parent() == Some(receipt.as_path())));
    for r in &receipts {
        let text = std::fs::read_to_string(r).expect("receipt");
        assert!(text.contains(&solo[..12]) && text.contains(&into[..12]) && text.contains("take-down"), "{text}");
        assert!(!text.contains("Chloe") && !text.contains("Diaz"), "{text}");
    }
    let log = s.json(&["audit", "list", "--child", "C003"]);
    assert!(log.as_array().expect("log").iter().any(|e| e["action"] == "erase.child"));
    s.ok(&["audit", "verify"]);

    // The deleted photo comes back from the camera: kept out by its tombstone.
    assert_eq!(arrive("generated_ipad_face.jpg", "again.jpg", 1, &[("C001", AROUND_THE_FACE)]), solo);
    assert_eq!(s.json(&["photo", "show", &solo])["state"], "deleted");
    assert_eq!(s.json(&["photo", "list", "--state", "stored"]).as_array().expect("list").len(), 2);
}
