//! A photo is never deleted by retention the day it arrives: one taken
//! longer ago than `retention.max_age_days` is held in the quarantine as
//! `older_than_retention` (a written rule: its deletion clock starts), the
//! first `serve` leaves it, its deletion is announced a week before its
//! quarantine time runs out, and it goes on that day.

use crate::common::{fixture, Server, Setup};
use serde_json::Value;

const LIMIT: (&str, &str) = ("CONSENTGATE__RETENTION__MAX_AGE_DAYS", "1095");

fn json(s: &Setup, today: &str, args: &[&str]) -> Value {
    let out =
        s.cmd().env(LIMIT.0, LIMIT.1).env("CONSENTGATE_TODAY", today).args(args).arg("--json").output().expect("run");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

#[test]
fn old_photos_are_held_for_the_manager_not_deleted_on_arrival() {
    let s = Setup::new();
    s.seed();
    s.device("phone2", "Xiaomi", "Redmi Note 9S");
    s.device("phone1", "motorola", "moto g(9) plus");
    // Taken 2020-07-27 (more than three years before 2026-11-22), tagged.
    std::fs::copy(fixture("camera_xiaomi_orientation6.jpg"), s.inbox().join("phone2/IMG_2020.jpg")).expect("copy");
    std::fs::write(s.inbox().join("phone2/IMG_2020.jpg.tags.json"), r#"{"children": ["C001"]}"#).expect("sc");
    // Taken 2025-06-01, untagged: waits for tags.
    std::fs::copy(fixture("camera_motorola_moto_g9_small.jpg"), s.inbox().join("phone1/IMG_2025.jpg")).expect("copy");
    let v = json(&s, crate::common::TODAY, &["ingest", "--once"]);
    let files = v["files"].as_array().expect("files");
    let old = files.iter().find(|e| e["file"] == "phone2/IMG_2020.jpg").expect("old");
    assert_eq!(old["outcome"], "quarantined", "{v}");
    assert!(old["reasons"].as_array().expect("reasons").iter().any(|r| r["code"] == "older_than_retention"), "{v}");
    let old_id = old["photo"].as_str().expect("id").to_string();
    let young = files.iter().find(|e| e["file"] == "phone1/IMG_2025.jpg").expect("young");
    assert_eq!(young["outcome"], "awaiting_tags", "{v}");
    let young_id = young["photo"].as_str().expect("id").to_string();

    // Its clock started the day it arrived: nothing due, nothing announced.
    let since = chrono::NaiveDate::parse_from_str(crate::common::TODAY, "%Y-%m-%d").expect("date");
    let plan = json(&s, crate::common::TODAY, &["retention", "run", "--dry-run"]);
    assert_eq!(
        (plan["deletions"].clone(), plan["announced"].clone()),
        (serde_json::json!([]), serde_json::json!([])),
        "{plan}"
    );

    // The first serve runs the daily re-check and retention: both stay.
    {
        let _server = Server::start_with(&s, &[LIMIT]);
        std::thread::sleep(std::time::Duration::from_secs(3));
    }
    for (id, want) in [(&old_id, "quarantined"), (&young_id, "awaiting_tags")] {
        assert_eq!(json(&s, crate::common::TODAY, &["photo", "show", id])["state"], want, "{id}");
    }
    // Even years later, a photo nobody tagged is not deleted by retention.
    let later = json(&s, "2030-01-01", &["retention", "run", "--dry-run"]);
    assert!(!later.to_string().contains(&young_id), "{later}");

    // A week before its quarantine time runs out, its deletion is
    // announced; uncleared on the day, retention deletes it.
    let run = json(&s, &(since + chrono::Days::new(23)).to_string(), &["retention", "run"]);
    assert_eq!(run["newly_announced"], serde_json::json!([old_id]), "{run}");
    assert_eq!(run["announced"][0]["deletes_on"], (since + chrono::Days::new(30)).to_string(), "{run}");
    let day = (since + chrono::Days::new(30)).to_string();
    let run = json(&s, &day, &["retention", "run"]);
    let gone = run["deletions"].as_array().expect("deletions").iter().find(|d| d["photo"] == old_id.as_str()).cloned();
    assert_eq!(gone.map(|d| d["rule"].clone()), Some("quarantine_expired".into()), "{run}");
    assert_eq!(s.json(&["photo", "show", &old_id])["state"], "deleted");
}
