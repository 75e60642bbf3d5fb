//! The audit log against someone who can edit the database but does not
//! hold the audit key: cutting its end, rewriting an entry and recomputing
//! the chain, and the entries of a setup from before the key. Through the
//! real binary.

use crate::common::{fixture, Setup};
use serde_json::Value;
use sha2::Digest;

fn db(s: &Setup) -> rusqlite::Connection {
    rusqlite::Connection::open(s.db()).expect("db")
}

fn last_seq(s: &Setup) -> i64 {
    db(s).query_row("SELECT MAX(seq) FROM audit", [], |r| r.get(0)).expect("seq")
}

/// Rewrites entry `from` (its actor) and recomputes the plain SHA-256 chain
/// from there to the end, as the log's own code did before it had a key:
/// every link holds again.
fn rewrite_and_rechain(s: &Setup, from: i64, actor: &str) {
    let conn = db(s);
    let mut prev: String = if from == 1 {
        "0".repeat(64)
    } else {
        conn.query_row("SELECT hash FROM audit WHERE seq = ?1", [from - 1], |r| r.get(0)).expect("prev")
    };
    let mut stmt = conn
        .prepare("SELECT seq, at, actor, action, photo_id, child_id, detail FROM audit WHERE seq >= ?1 ORDER BY seq")
        .expect("select");
    #[allow(clippy::type_complexity)]
    let rows: Vec<(i64, String, String, String, Option<String>, Option<String>, String)> = stmt
        .query_map([from], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    for (seq, at, old_actor, action, photo, child, detail) in rows {
        let who = if seq == from { actor.to_string() } else { old_actor };
        let canonical = serde_json::json!([seq, at, who, action, photo, child, detail, prev]).to_string();
        let hash = hex::encode(sha2::Sha256::digest(canonical.as_bytes()));
        conn.execute(
            "UPDATE audit SET actor = ?2, prev_hash = ?3, hash = ?4 WHERE seq = ?1",
            rusqlite::params![seq, who, prev, hash],
        )
        .expect("rewrite");
        prev = hash;
    }
}

fn verify_json(s: &Setup, code: i32) -> Value {
    let out = s.cmd().args(["audit", "verify", "--json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(code), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

fn withdraw(s: &Setup) -> i64 {
    s.ok(&["consent", "withdraw", "C001", "display", "--by", "G001", "--on", "2026-11-01"]);
    last_seq(s)
}

#[test]
fn cutting_off_a_withdrawal_is_found() {
    let s = Setup::new();
    s.seed();
    let seq = withdraw(&s);
    db(&s).execute("DELETE FROM audit WHERE seq >= ?1", [seq]).expect("cut");
    let err = s.fails(1, &["audit", "verify"]);
    assert!(err.contains(&format!("truncated after entry {}", seq - 1)), "{err}");
    let v = verify_json(&s, 1);
    assert_eq!(v["finding"], "truncated");
    assert_eq!(v["checkpoint"], seq);
    assert_eq!(v["entries"], seq - 1);
}

#[test]
fn an_edited_entry_with_a_recomputed_chain_is_found() {
    let s = Setup::new();
    s.seed();
    let seq = withdraw(&s);
    s.ok(&["child", "list"]);
    rewrite_and_rechain(&s, seq, "someone else");
    let err = s.fails(1, &["audit", "verify"]);
    assert!(err.contains(&format!("entry {seq} altered")), "{err}");
    assert_eq!(verify_json(&s, 1)["finding"], "altered");
}

#[test]
fn a_fresh_setup_is_sealed_from_its_first_entry_with_a_private_key() {
    let s = Setup::new();
    s.seed();
    let v = verify_json(&s, 0);
    assert_eq!(v["finding"], "intact");
    assert_eq!(v["broken"], Value::Null);
    assert_eq!(v["keyed_from"], 1);
    assert_eq!(v["checkpoint"], last_seq(&s));
    assert!(s.ok(&["audit", "verify"]).contains("audit chain intact"));
    #[cfg(unix)]
    for f in ["audit.key", "audit.checkpoints"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(s.data().join(f)).expect(f).permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{f}");
    }
    // The secret is not in the database.
    let key = std::fs::read_to_string(s.data().join("audit.key")).expect("key");
    let secret = key.lines().find_map(|l| l.strip_prefix("key ")).expect("a key line");
    assert_eq!(secret.len(), 64);
    db(&s).execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").expect("checkpoint");
    let bytes = std::fs::read(s.db()).expect("db");
    assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()));
    // Deleting the checkpoint file is not a way out.
    std::fs::remove_file(s.data().join("audit.checkpoints")).expect("rm");
    assert_eq!(verify_json(&s, 1)["finding"], "unanchored");
}

#[test]
fn an_existing_setup_is_re_anchored_and_its_old_entries_still_verify() {
    let s = Setup::new();
    s.seed();
    // A setup from before the key: a plain chain, no key, no checkpoints.
    rewrite_and_rechain(&s, 1, "tester");
    std::fs::remove_file(s.data().join("audit.key")).expect("rm key");
    std::fs::remove_file(s.data().join("audit.checkpoints")).expect("rm checkpoints");
    let old = last_seq(&s);
    let v = verify_json(&s, 0);
    assert_eq!(v["keyed_from"], old + 1, "{v}");
    let log = s.json(&["audit", "list"]);
    let anchor = log.as_array().expect("log").iter().find(|e| e["action"] == "audit.keyed").expect("re-anchored");
    assert_eq!(anchor["seq"], old + 1);
    assert_eq!(anchor["detail"]["from_seq"], old + 1);
    // From here on the chain is sealed: rewriting an old entry and
    // recomputing the chain breaks at the anchor, whose seal covers the
    // head of the old chain.
    withdraw(&s);
    rewrite_and_rechain(&s, 3, "someone else");
    let err = s.fails(1, &["audit", "verify"]);
    assert!(err.contains(&format!("entry {} altered", old + 1)), "{err}");
}

#[test]
fn a_sidecars_tagged_by_is_recorded_as_its_claim_not_as_the_actor() {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    std::fs::copy(fixture("camera_motorola_moto_g9_small.jpg"), s.inbox().join("phone1/a.jpg")).expect("copy");
    let claim = format!("sam{}", "x".repeat(10_000));
    let sidecar = serde_json::json!({ "children": ["C001"], "tagged_by": claim });
    std::fs::write(s.inbox().join("phone1/a.jpg.tags.json"), sidecar.to_string()).expect("sidecar");
    let v = s.json(&["ingest", "--once"]);
    let id = v["files"][0]["photo"].as_str().expect("photo").to_string();
    let log = s.json(&["audit", "list", "--photo", &id]);
    let entries = log.as_array().expect("log");
    assert!(entries.iter().all(|e| e["actor"] == "ingest"), "{log}");
    let claimed = entries.iter().find(|e| e["action"] == "sidecar.tagged_by").expect("the claim is recorded");
    let text = claimed["detail"]["claimed"].as_str().expect("claimed");
    assert!(text.starts_with("samxxx") && text.chars().count() < 100, "bounded: {}", text.len());
    s.ok(&["audit", "verify"]);
}
