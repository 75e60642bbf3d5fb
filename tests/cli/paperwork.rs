//! Nothing lost to paperwork, a holiday closure or a retired iPad, through
//! the real binary: a lapsed review holds a photo without a deletion clock
//! and the renewal brings it back; a retired iPad's photos stay; a
//! withdrawal still takes a photo out of use, and its deletion is announced
//! a week ahead; an erasure is whole and can be run again; a full disk is
//! a failed run; a closed pipe ends a command quietly.

use crate::common::{fixture, Setup, AROUND_THE_FACE, LEFT_FACE, RIGHT_FACE};
use serde_json::Value;

fn setup() -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("ipad1", "Apple", "iPad (9th generation)");
    s
}

fn on(s: &Setup, day: &str, args: &[&str]) -> Value {
    let mut a = args.to_vec();
    a.push("--json");
    let out = s.cmd().env("CONSENTGATE_TODAY", day).args(&a).output().expect("run");
    assert!(out.status.success(), "{args:?} on {day}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn state(s: &Setup, id: &str) -> Value {
    s.json(&["photo", "show", id])
}

fn millie_alone(s: &Setup, variant: u32) -> String {
    let sidecar = format!(r#"{{"children": ["C001"], "regions": {{"C001": {AROUND_THE_FACE}}}}}"#);
    s.arrive_in("ipad1", "generated_ipad_face.jpg", &format!("m{variant}.jpg"), variant, &sidecar)
}

fn days_after(day: &str, n: i64) -> String {
    (chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("date") + chrono::TimeDelta::days(n)).to_string()
}

#[test]
fn a_lapsed_review_holds_a_photo_120_days_without_a_clock_and_the_renewal_brings_it_back() {
    let s = setup();
    // Millie's learning-journey consent, renewed with a review by the end
    // of the year; a photo of her is stored.
    s.ok(&[
        "consent",
        "grant",
        "C001",
        "learning_journey",
        "--by",
        "G001",
        "--signed",
        "2026-11-01",
        "--review-by",
        "2026-12-31",
    ]);
    let id = millie_alone(&s, 1);
    assert_eq!(state(&s, &id)["state"], "stored");
    // The setting closes over Christmas; the daily run comes back on
    // 2027-01-04 and every week or so for 120 days: held, never announced
    // for deletion, never deleted.
    let mut day = "2027-01-04".to_string();
    for _ in 0..12 {
        let run = on(&s, &day, &["retention", "run"]);
        assert!(run["deletions"].as_array().is_some_and(Vec::is_empty), "{day}: {run}");
        assert!(!run["announced"].to_string().contains(&id), "{day}: never announced: {run}");
        let p = state(&s, &id);
        assert_eq!(p["state"], "quarantined", "{day}: {p}");
        assert_eq!(p["reasons"][0]["code"], "consent_review_overdue", "{day}: {p}");
        day = days_after(&day, 10);
    }
    assert!(day.as_str() >= "2027-05-04", "120 days and more: {day}");
    // The overview says what it waits for, in words.
    let text = s.cmd().env("CONSENTGATE_TODAY", &day).args(["photo", "show", &id[..12]]).output().expect("run");
    assert!(String::from_utf8_lossy(&text.stdout).contains("consent_review_overdue"));
    // The renewed form arrives: the photo comes back by itself.
    let out = s
        .cmd()
        .env("CONSENTGATE_TODAY", &day)
        .args(["consent", "grant", "C001", "learning_journey", "--by", "G001", "--signed", &day])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&out.stdout).contains("moved from quarantined to stored"), "{out:?}");
    assert_eq!(state(&s, &id)["state"], "stored");
}

#[test]
fn a_retired_ipad_keeps_its_photos_and_what_it_takes_afterwards_is_held() {
    let s = setup();
    let before = millie_alone(&s, 1); // taken 2026-10-02
    s.ok(&["device", "retire", "ipad1", "--on", "2026-11-01", "--note", "screen broken, replaced"]);
    assert_eq!(state(&s, &before)["state"], "stored");
    let list = s.ok(&["device", "list"]);
    assert!(list.contains("retired 2026-11-01"), "{list}");
    // Ninety days of daily runs later: still stored.
    for n in [30, 60, 90] {
        let run = on(&s, &days_after("2026-11-22", n), &["retention", "run"]);
        assert!(run["deletions"].as_array().is_some_and(Vec::is_empty), "{run}");
    }
    assert_eq!(state(&s, &before)["state"], "stored");
    // A photo the old iPad takes after it was retired (someone's pocket):
    // held as from a device that is not the setting's.
    let mut bytes = std::fs::read(fixture("generated_ipad_face.jpg")).expect("read");
    let at = bytes.windows(10).position(|w| w == b"2026:10:02").expect("the capture date");
    bytes[at..at + 10].copy_from_slice(b"2026:11:15");
    std::fs::write(s.inbox().join("ipad1/later.jpg"), &bytes).expect("write");
    std::fs::write(
        s.inbox().join("ipad1/later.jpg.tags.json"),
        format!(r#"{{"children": ["C001"], "regions": {{"C001": {AROUND_THE_FACE}}}}}"#),
    )
    .expect("sidecar");
    let v = s.json(&["ingest", "--once"]);
    let later = v["files"][0]["photo"].as_str().expect("photo");
    let p = state(&s, later);
    assert_eq!(p["state"], "quarantined", "{p}");
    assert_eq!(p["reasons"][0]["code"], "unregistered_device");
    assert!(p["reasons"][0]["detail"].as_str().unwrap_or_default().contains("retired on 2026-11-01"), "{p}");
}

#[test]
fn removing_a_device_says_what_it_holds_and_when_it_would_be_deleted() {
    let s = setup();
    let id = millie_alone(&s, 1);
    let out = s.ok(&["device", "remove", "ipad1", "--dry-run"]);
    assert!(out.contains("DELETED on") && out.contains("device retire ipad1"), "{out}");
    assert_eq!(state(&s, &id)["state"], "stored", "a dry run changes nothing");
}

#[test]
fn a_withdrawal_takes_a_photo_out_of_use_and_its_deletion_is_announced_a_week_ahead() {
    let s = setup();
    let id = millie_alone(&s, 1);
    s.ok(&["consent", "withdraw", "C001", "learning_journey", "--by", "G001", "--on", "2026-11-22"]);
    let p = state(&s, &id);
    assert_eq!(
        (p["state"].as_str(), p["reasons"][0]["code"].as_str()),
        (Some("quarantined"), Some("consent_withdrawn"))
    );
    // Out of every use: no export.
    let dest = s.dir.path().join("out");
    s.ok(&["export", "child", "C001", "--to", dest.to_str().expect("p")]);
    assert!(crate::common::files_in(&dest).is_empty());
    // Its clock runs from the withdrawal: due 30 days on (2026-12-22),
    // announced from a week before, deleted on its day.
    let run = on(&s, "2026-12-14", &["retention", "run"]);
    assert!(!run.to_string().contains(&id), "not yet in the week ahead: {run}");
    let run = on(&s, "2026-12-15", &["retention", "run"]);
    assert_eq!(run["newly_announced"], serde_json::json!([id]), "{run}");
    assert_eq!(run["announced"][0]["deletes_on"], "2026-12-22", "{run}");
    let run = on(&s, "2026-12-21", &["retention", "run"]);
    assert!(run["deletions"].as_array().is_some_and(Vec::is_empty), "{run}");
    let run = on(&s, "2026-12-22", &["retention", "run"]);
    assert_eq!(run["deletions"][0]["photo"], id.as_str(), "{run}");
    let p = state(&s, &id);
    assert_eq!((p["state"].as_str(), p["deleted_rule"].as_str()), (Some("deleted"), Some("quarantine_days")));
}

#[test]
fn after_a_closure_a_deletion_is_announced_first_and_made_a_week_later_and_a_manager_can_keep_a_photo() {
    let s = setup();
    let a = millie_alone(&s, 1);
    let b = millie_alone(&s, 2);
    s.ok(&["consent", "withdraw", "C001", "learning_journey", "--by", "G001", "--on", "2026-11-22"]);
    // Nobody ran anything for two months: both long due, but only
    // announced now, deleted no sooner than a week on.
    let run = on(&s, "2027-01-25", &["retention", "run"]);
    assert!(run["deletions"].as_array().is_some_and(Vec::is_empty), "{run}");
    assert_eq!(run["announced"].as_array().map(Vec::len), Some(2), "{run}");
    assert_eq!(run["announced"][0]["deletes_on"], "2027-02-01");
    // The manager keeps one, saying why.
    s.fails(2, &["retention", "keep", &b[..12], "--note", ""]);
    s.ok(&["retention", "keep", &b[..12], "--note", "evidence for the incident of 20 November"]);
    let run = on(&s, "2027-02-01", &["retention", "run"]);
    let deleted: Vec<&str> =
        run["deletions"].as_array().expect("d").iter().filter_map(|d| d["photo"].as_str()).collect();
    assert_eq!(deleted, [a.as_str()], "{run}");
    assert_eq!(state(&s, &b)["state"], "quarantined", "kept");
    assert_eq!(state(&s, &b)["kept"]["note"], "evidence for the incident of 20 November");
    let log = s.json(&["audit", "list", "--photo", &b]);
    assert!(log.as_array().expect("log").iter().any(|e| e["action"] == "retention.keep"));
}

/// Two copies of one picture differing only in metadata, the child in
/// both: their redacted copies are the same bytes.
#[test]
fn an_erasure_is_whole_and_run_again_finds_nothing_more_to_do() {
    let s = setup();
    let sidecar =
        format!(r#"{{"children": ["C001", "C003"], "regions": {{"C001": {LEFT_FACE}, "C003": {RIGHT_FACE}}}}}"#);
    let first = s.arrive_in("ipad1", "generated_ipad_two_faces.jpg", "a.jpg", 0, &sidecar);
    // The same picture with a comment added (another copy tool's).
    let mut other = std::fs::read(fixture("generated_ipad_two_faces.jpg")).expect("read");
    let comment = b"\xFF\xFE\x00\x0Bcopied in";
    other.splice(2..2, comment.iter().copied());
    std::fs::write(s.inbox().join("ipad1/b.jpg"), &other).expect("write");
    std::fs::write(s.inbox().join("ipad1/b.jpg.tags.json"), &sidecar).expect("sidecar");
    s.ok(&["ingest", "--once"]);
    let second = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&other));
    assert_ne!(first, second);
    for id in [&first, &second] {
        assert_eq!(state(&s, id)["state"], "stored");
    }
    let receipt = s.dir.path().join("receipt");
    let done = s.json(&["request", "erase", "C003", "--note", "asked", "--receipt", receipt.to_str().expect("p")]);
    let intos: Vec<&str> =
        done["steps"].as_array().expect("steps").iter().filter_map(|st| st["into"].as_str()).collect();
    assert_eq!(intos.len(), 2, "{done}");
    assert_eq!(intos[0], intos[1], "the same redacted picture: {done}");
    for id in [&first, &second] {
        assert_eq!(state(&s, id)["state"], "deleted");
    }
    assert_eq!(state(&s, intos[0])["state"], "stored");
    let children = s.json(&["child", "list"]);
    assert!(!children.to_string().contains("Chloe"), "the name is gone");
    // Again: nothing more to do, no error.
    let again =
        s.json(&["request", "erase", "C003", "--note", "asked again", "--receipt", receipt.to_str().expect("p")]);
    assert_eq!(again["steps"], serde_json::json!([]), "{again}");
    assert_eq!(state(&s, intos[0])["state"], "stored");
}

/// The inbox on the disk, the data on a small file system that fills up.
#[test]
fn a_full_disk_is_a_failed_run_and_loses_nothing() {
    let s = setup();
    let data = s.data();
    let saved = s.dir.path().join("data-saved");
    std::fs::rename(&data, &saved).expect("move data");
    std::fs::create_dir(&data).expect("mount point");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs"])
        .arg(&data)
        .status()
        .is_ok_and(|st| st.success());
    if !mounted {
        crate::common::skip("cannot mount a small tmpfs (needs root; CI runs as root)");
        return;
    }
    struct Unmount(std::path::PathBuf);
    impl Drop for Unmount {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(&self.0).status();
        }
    }
    let _guard = Unmount(data.clone());
    let copy = std::process::Command::new("cp").arg("-a").arg(format!("{}/.", saved.display())).arg(&data).status();
    assert!(copy.is_ok_and(|st| st.success()));
    // Fill it, leaving room for the register to grow a little but not for
    // the photos' ciphertexts.
    let free = nix_free(&data);
    let fill = usize::try_from(free.saturating_sub(120 << 10)).unwrap_or(0);
    std::fs::write(data.join("filler"), vec![1u8; fill]).expect("fill");
    let names: Vec<String> = (0..3).map(|i| format!("p{i}.jpg")).collect();
    for (i, n) in names.iter().enumerate() {
        let mut b = std::fs::read(fixture("generated_ipad_face.jpg")).expect("read");
        b.extend_from_slice(format!("variant {i}").as_bytes());
        std::fs::write(s.inbox().join("ipad1").join(n), b).expect("write");
    }
    let out = s.cmd().args(["ingest", "--once"]).output().expect("run");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success(), "a full disk is a failed run: {text}");
    assert!(text.contains("No space left on device") || text.contains("disk is full"), "{text}");
    assert!(text.contains("were not taken"), "says which: {text}");
    for n in &names {
        assert!(s.inbox().join("ipad1").join(n).is_file(), "{n} is still in the inbox");
    }
}

/// Free bytes on the file system of `path` (df, in 1K blocks).
fn nix_free(path: &std::path::Path) -> u64 {
    let out = std::process::Command::new("df").arg("-B1").arg("--output=avail").arg(path).output().expect("df");
    String::from_utf8_lossy(&out.stdout).lines().nth(1).and_then(|l| l.trim().parse().ok()).unwrap_or(0)
}

#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let s = setup();
    // A long history, far more than a pipe holds.
    let mut csv = String::from("child,purpose,action,by,date,review_by,evidence\n");
    for i in 0..600 {
        let (y, m) = (2020 + i / 100, 1 + (i / 10) % 10);
        csv.push_str(&format!(
            "C001,display,grant,G001,{y}-{m:02}-{:02},,paper form number {i} in the office\n",
            1 + i % 10
        ));
    }
    let file = s.dir.path().join("history.csv");
    std::fs::write(&file, csv).expect("csv");
    s.ok(&["consent", "import", file.to_str().expect("p")]);
    let bin = assert_cmd::cargo::cargo_bin("consentgate");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' --as tester consent show C001 --json | head -c 100 >/dev/null; exit 0", bin.display()))
        .env("CONSENTGATE_CONFIG", &s.config)
        .env("CONSENTGATE_TODAY", crate::common::TODAY)
        .output()
        .expect("sh");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
}
