//! Photos leaving the setting, through the real binary: `export purpose`
//! (re-checked at export time, metadata stripped, no names in file names,
//! forbidden purposes refused), the disclosure log every export writes, and
//! the take-down list a withdrawal of consent opens.

use crate::common::{files_in, Setup};
use serde_json::Value;

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s
}

fn arr(v: &Value) -> &Vec<Value> {
    v.as_array().expect("array")
}

/// Photo ids (their first 12 characters) as a sorted list.
fn shorts<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = ids.map(|i| i.chars().take(12).collect()).collect();
    v.sort();
    v
}

fn short(id: &str) -> String {
    id.chars().take(12).collect()
}

fn photo_state(s: &Setup, id: &str) -> String {
    s.json(&["photo", "show", id])["state"].as_str().expect("state").to_string()
}

/// No child's name or id in the file's name; no metadata in it.
fn assert_clean(file: &std::path::Path, prefix: &str) {
    let name = file.file_name().and_then(|n| n.to_str()).expect("name");
    assert!(name.starts_with(prefix), "{name}");
    for n in ["Amelia", "Millie", "Rose", "Ben", "Chloe", "Diaz", "C001", "C002", "C003"] {
        assert!(!name.contains(n), "{name} names a child");
    }
    crate::common::assert_no_metadata(file);
}

#[test]
fn export_for_a_purpose_writes_what_every_child_allows_today_and_lists_the_rest() {
    let s = setup();
    // C002's consent for the display must be reviewed by 2026-11-30.
    s.ok(&[
        "consent",
        "grant",
        "C002",
        "display",
        "--by",
        "G002",
        "--signed",
        "2026-11-01",
        "--review-by",
        "2026-11-30",
    ]);
    let solo = s.arrive_phone("solo.jpg", 1, r#"{"children": ["C001"], "purposes": ["display"]}"#);
    let group = s.arrive_phone(
        "group.jpg",
        2,
        r#"{"children": ["C001", "C003"], "purposes": ["display", "learning_journey"]}"#,
    );
    let journey_only = s.arrive_phone("journey.jpg", 3, r#"{"children": ["C003"]}"#);
    let lapsing = s.arrive_phone("lapsing.jpg", 4, r#"{"children": ["C002"], "purposes": ["display"]}"#);
    for id in [&solo, &group, &journey_only, &lapsing] {
        assert_eq!(photo_state(&s, id), "stored");
    }

    // On 2026-12-05 C002's review is overdue: that photo is re-checked,
    // listed with its reason, and not written. Nothing re-checked it in
    // between: it is still stored.
    let dest = s.dir.path().join("display");
    let out = s
        .cmd()
        .env("CONSENTGATE_TODAY", "2026-12-05")
        .args(["export", "purpose", "display", "--json", "--to"])
        .arg(&dest)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["purpose"], "display");
    let written = shorts(arr(&report["files"]).iter().map(|f| f["photo"].as_str().expect("photo")));
    assert_eq!(written, shorts([solo.as_str(), group.as_str()].into_iter()), "{report}");
    let withheld = arr(&report["withheld"]);
    assert_eq!(withheld.len(), 1, "{report}");
    assert_eq!(withheld[0]["photo"], lapsing.as_str());
    assert_eq!(withheld[0]["reasons"][0]["code"], "consent_review_overdue");
    assert_eq!(withheld[0]["reasons"][0]["child"], "C002");
    assert_eq!(arr(&report["disclosures"]).len(), 2);

    let files = files_in(&dest);
    assert_eq!(files.len(), 2, "{files:?}");
    for f in &files {
        assert_clean(f, "display_2025-06-01_");
    }
    assert_eq!(photo_state(&s, &lapsing), "stored", "an export lists, it does not move photos");

    // The disclosure log: which photo, purpose, when, by whom, to where, who is in it.
    let log = s.json(&["disclosures"]);
    assert_eq!(arr(&log).len(), 2, "{log}");
    let g = arr(&log).iter().find(|d| d["photo"] == group.as_str()).expect("the group photo is logged");
    assert_eq!(g["purpose"], "display");
    assert_eq!(g["kind"], "purpose");
    assert_eq!(g["actor"], "tester");
    assert_eq!(g["children"], serde_json::json!(["C001", "C003"]));
    let to = std::path::Path::new(g["destination"].as_str().expect("destination")).join(g["file"].as_str().expect("f"));
    assert!(to.is_file(), "the log says where the copy went: {}", to.display());
    let text = s.ok(&["disclosures", "--photo", &group[..10]]);
    assert!(text.contains(&short(&group)) && text.contains("display") && !text.contains(&short(&solo)), "{text}");

    // The audit: one entry for the export, one per photo disclosed.
    let audit = s.json(&["audit", "list"]);
    let e = arr(&audit).iter().find(|e| e["action"] == "export.purpose").expect("export audited");
    assert_eq!(e["detail"]["purpose"], "display");
    assert_eq!(e["detail"]["photos"], 2);
    assert_eq!(e["detail"]["withheld"][0]["photo"], short(&lapsing));
    let per_photo = s.json(&["audit", "list", "--photo", &solo]);
    assert!(arr(&per_photo).iter().any(|e| e["action"] == "disclosure" && e["detail"]["purpose"] == "display"));

    // --room: only photos showing a child of that room (C003 is in Stars).
    let stars = s.dir.path().join("stars");
    let out = s.ok(&["export", "purpose", "display", "--room", "stars", "--to", stars.to_str().expect("p")]);
    assert!(out.contains("exported 1 photo(s) for display"), "{out}");
    assert_eq!(files_in(&stars).len(), 1);
    assert!(files_in(&stars)[0].to_str().expect("p").contains(&group[..8]));
    // --since: the photos were taken on 2025-06-01.
    let later = s.dir.path().join("later");
    let out = s.ok(&["export", "purpose", "display", "--since", "2025-06-02", "--to", later.to_str().expect("p")]);
    assert!(out.contains("exported 0 photo(s)"), "{out}");
    let out = s.ok(&["export", "purpose", "display", "--since", "2025-06-01", "--to", later.to_str().expect("p")]);
    assert!(out.contains("exported 3 photo(s)"), "today (2026-11-22) C002's review is not due yet: {out}");
    assert_eq!(arr(&s.json(&["disclosures"])).len(), 2 + 1 + 3);
}

#[test]
fn forbidden_unknown_and_misplaced_exports_are_refused() {
    let s = setup();
    s.arrive_phone("solo.jpg", 1, r#"{"children": ["C001"], "purposes": ["display"]}"#);
    let dest = s.dir.path().join("out");
    let d = dest.to_str().expect("p");
    let err = s.fails(2, &["export", "purpose", "social_media", "--to", d]);
    assert!(err.contains("forbids"), "{err}");
    let err = s.fails(2, &["export", "purpose", "billboard", "--to", d]);
    assert!(err.contains("unknown purpose"), "{err}");
    let err = s.fails(2, &["export", "purpose", "display", "--to", s.data().join("x").to_str().expect("p")]);
    assert!(err.contains("inside the data folder"), "{err}");
    s.fails(2, &["export", "purpose", "display", "--since", "last week", "--to", d]);
    assert!(!dest.exists(), "nothing written");
    assert!(arr(&s.json(&["disclosures"])).is_empty());
    assert!(!arr(&s.json(&["audit", "list"])).iter().any(|e| e["action"] == "export.purpose"));
}

#[test]
fn a_withdrawal_after_an_export_lists_the_copies_to_take_down_until_marked_done() {
    let s = setup();
    let solo = s.arrive_phone("solo.jpg", 1, r#"{"children": ["C001"], "purposes": ["display"]}"#);
    let group = s.arrive_phone(
        "group.jpg",
        2,
        r#"{"children": ["C001", "C003"], "purposes": ["display", "learning_journey"]}"#,
    );
    let display = s.dir.path().join("display");
    s.ok(&["export", "purpose", "display", "--to", display.to_str().expect("p")]);
    let journey = s.dir.path().join("journey");
    s.ok(&["export", "child", "C001", "--to", journey.to_str().expect("p")]);
    // The learning-journey export is in the log too, for C001's journey.
    let c003 = s.json(&["disclosures", "--child", "Chloe Diaz"]);
    assert_eq!(arr(&c003).len(), 2, "the group photo, on the display and in C001's journey: {c003}");
    let lj = arr(&c003).iter().find(|d| d["kind"] == "learning_journey").expect("journey logged");
    assert_eq!(lj["subject"], "C001");
    assert_eq!(lj["purpose"], "learning_journey");
    assert!(s.json(&["disclosures", "takedowns"]).as_array().expect("list").is_empty());

    // C003's parent withdraws the display: the group photo's display copy
    // must come down; C001's solo photo and the journey copy stay.
    let out = s.ok(&["consent", "withdraw", "C003", "display", "--by", "G003", "--on", "2026-11-22"]);
    assert!(out.contains("must now be taken down (1)"), "{out}");
    assert!(out.contains(&short(&group)) && out.contains(display.to_str().expect("p")), "{out}");
    assert!(!out.contains(&short(&solo)), "{out}");
    let open = s.json(&["disclosures", "takedowns"]);
    assert_eq!(arr(&open).len(), 1, "{open}");
    let t = &open[0];
    assert_eq!(t["photo"], group.as_str());
    assert_eq!(t["child"], "C003");
    assert_eq!(t["purpose"], "display");
    assert_eq!(t["disclosed_for"], "display");
    assert!(t["done_at"].is_null());
    let id = t["id"].as_i64().expect("id").to_string();
    let listed = s.ok(&["disclosures"]);
    assert!(listed.contains("TAKE DOWN (1 open)"), "{listed}");

    // Withdrawing the group consent reaches the journey copy (the group rule).
    let out = s.ok(&["consent", "withdraw", "C003", "group_in_others_journey", "--by", "G003", "--on", "2026-11-22"]);
    assert!(out.contains(journey.to_str().expect("p")), "{out}");
    assert_eq!(arr(&s.json(&["disclosures", "takedowns"])).len(), 2);

    // Marked done with a note, audited; then it leaves the list.
    s.fails(2, &["disclosures", "done", &id, "--note", " "]);
    let done = s.json(&["disclosures", "done", &id, "--note", "taken off the Stars room display board"]);
    assert_eq!(done["done_by"], "tester");
    assert_eq!(done["note"], "taken off the Stars room display board");
    let err = s.fails(2, &["disclosures", "done", &id, "--note", "again"]);
    assert!(err.contains("already"), "{err}");
    s.fails(2, &["disclosures", "done", "999", "--note", "no such"]);
    let open = s.json(&["disclosures", "takedowns"]);
    assert_eq!(arr(&open).len(), 1);
    assert_eq!(open[0]["purpose"], "group_in_others_journey");
    assert_eq!(arr(&s.json(&["disclosures", "takedowns", "--all"])).len(), 2);
    // A second withdrawal of the same consent does not reopen it.
    s.ok(&["consent", "refuse", "C003", "display", "--by", "G003", "--signed", "2026-11-22"]);
    assert_eq!(arr(&s.json(&["disclosures", "takedowns"])).len(), 1);

    let audit = s.json(&["audit", "list", "--photo", &group]);
    let opened: Vec<&Value> = arr(&audit).iter().filter(|e| e["action"] == "takedown.open").collect();
    assert_eq!(opened.len(), 2);
    assert_eq!(opened[0]["child"], "C003");
    let closed = arr(&audit).iter().find(|e| e["action"] == "takedown.done").expect("done audited");
    assert_eq!(closed["detail"]["note"], "taken off the Stars room display board");
    s.ok(&["audit", "verify"]);
}

#[test]
fn an_incident_marked_a_possible_breach_has_a_72_hour_clock_and_one_decision() {
    let s = setup();
    let solo = s.arrive_phone("solo.jpg", 1, r#"{"children": ["C001"], "purposes": ["display"]}"#);
    let display = s.dir.path().join("display");
    s.ok(&["export", "purpose", "display", "--to", display.to_str().expect("p")]);
    let out = s.ok(&["report", &solo[..10], "--reason", "shown on the wrong board"]);
    assert!(out.contains("incident 1 opened"), "{out}");
    let err = s.fails(2, &["incident", "breach", "decide", "1", "--reported", "no", "--why", "early"]);
    assert!(err.contains("not marked"), "{err}");
    s.fails(2, &["incident", "breach", "mark", "99", "--note", "no such incident"]);

    let b = s.json(&["incident", "breach", "mark", "1", "--note", "seen by visitors to the Stars room"]);
    assert_eq!(b["marked_by"], "tester");
    let at = |k: &str| chrono::DateTime::parse_from_rfc3339(b[k].as_str().expect(k)).expect("time");
    assert_eq!(at("decide_by") - at("marked_at"), chrono::Duration::hours(72));
    assert_eq!(b["disclosures"].as_array().expect("disclosures").len(), 1, "where the photo went: {b}");
    assert_eq!(b["disclosures"][0]["purpose"], "display");
    let list = s.ok(&["incident", "breach", "list"]);
    assert!(list.contains("UNDECIDED") && list.contains("hour(s) left"), "{list}");
    assert!(list.contains(display.to_str().expect("p")), "{list}");
    s.fails(2, &["incident", "breach", "mark", "1", "--note", "again"]);

    s.fails(2, &["incident", "breach", "decide", "1", "--reported", "maybe", "--why", "x"]);
    let d = s.json(&[
        "incident",
        "breach",
        "decide",
        "1",
        "--reported",
        "no",
        "--why",
        "taken down within the hour; no risk to the child",
    ]);
    assert_eq!(d["reported"], false);
    assert_eq!(d["decided_by"], "tester");
    let err = s.fails(2, &["incident", "breach", "decide", "1", "--reported", "yes", "--why", "changed mind"]);
    assert!(err.contains("decided already"), "{err}");
    assert!(s.ok(&["incident", "breach", "list"]).contains("not reported (taken down within the hour"));
    let log = s.json(&["audit", "list", "--photo", &solo]);
    let actions: Vec<&str> = arr(&log).iter().filter_map(|e| e["action"].as_str()).collect();
    assert!(actions.contains(&"incident.breach") && actions.contains(&"incident.breach_decision"), "{actions:?}");
}

#[test]
fn a_withdrawal_by_csv_import_opens_take_downs_too() {
    let s = setup();
    let solo = s.arrive_phone("solo.jpg", 1, r#"{"children": ["C001"], "purposes": ["display"]}"#);
    let display = s.dir.path().join("display");
    s.ok(&["export", "purpose", "display", "--to", display.to_str().expect("p")]);
    let csv = s.dir.path().join("consent.csv");
    std::fs::write(
        &csv,
        "child,purpose,action,by,date,review_by,evidence\nC001,display,withdraw,G001,2026-11-22,,letter\n",
    )
    .expect("csv");
    s.ok(&["consent", "import", csv.to_str().expect("p")]);
    let open = s.json(&["disclosures", "takedowns"]);
    assert_eq!(arr(&open).len(), 1, "{open}");
    assert_eq!(open[0]["photo"], solo.as_str());
    assert_eq!(open[0]["purpose"], "display");
}
