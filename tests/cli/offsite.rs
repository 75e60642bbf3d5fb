//! The off-site copy against a real S3 server on loopback (s3s-fs, started
//! by each test): only ciphertext leaves, deletions follow, a killed push
//! is finished by the next, a restore rebuilds a working setting, and
//! several settings share one bucket without reading each other.

use crate::common::{fixture, S3Server, Setup};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

const STORED: &str = r#"{"children": ["C001"]}"#;

/// A seeded setting with a phone, pointed at `server` under `prefix`.
fn setting(server: &S3Server, prefix: &str) -> Setup {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    s.offsite(server, prefix);
    s
}

/// Drops `n` distinct photos (stored) into the phone's folder and ingests
/// them in one go; returns their ids.
fn arrive_many(s: &Setup, first: u32, n: u32) -> Vec<String> {
    use sha2::Digest;
    let base = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
    let mut ids = Vec::new();
    for v in first..first + n {
        let mut bytes = base.clone();
        bytes.extend_from_slice(format!("variant {v}").as_bytes());
        ids.push(hex::encode(sha2::Sha256::digest(&bytes)));
        let name = format!("IMG_{v:04}.jpg");
        std::fs::write(s.inbox().join("phone1").join(&name), &bytes).expect("write");
        std::fs::write(s.inbox().join("phone1").join(format!("{name}.tags.json")), STORED).expect("sidecar");
    }
    s.ok(&["ingest", "--once"]);
    ids
}

/// A photo from a camera nobody registered: held in the quarantine.
fn arrive_unregistered(s: &Setup) -> String {
    std::fs::create_dir_all(s.inbox().join("loose")).expect("mkdir");
    std::fs::copy(fixture("camera_nikon_d800_serial.jpg"), s.inbox().join("loose/DSC_0001.jpg")).expect("copy");
    let v = s.json(&["ingest", "--once"]);
    let e = &v["files"][0];
    assert_eq!(e["outcome"], "quarantined", "{v}");
    e["photo"].as_str().expect("id").to_string()
}

fn push(s: &Setup) -> Value {
    s.json(&["offsite", "push"])
}

/// Every object of a photo id in the bucket.
fn objects_of(server: &S3Server, prefix: &str, id: &str) -> Vec<String> {
    server.objects(prefix).into_iter().filter(|k| k.contains(id)).collect()
}

/// The ciphertext files of the setting, as object names.
fn local_objects(s: &Setup) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (name, dir) in [
        ("vault", s.data().join("vault")),
        ("staging", s.data().join("staging")),
        ("thumbs", s.data().join("thumbs")),
        ("faces", s.data().join("faces")),
        ("quarantine", s.quarantine()),
    ] {
        let mut files = crate::common::files_in(&dir);
        if name == "vault" {
            files = files.iter().flat_map(|shard| crate::common::files_in(shard)).collect();
        }
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "age")) {
            out.insert(format!("{name}/{}", f.strip_prefix(&dir).expect("under").to_string_lossy()));
        }
    }
    out
}

#[test]
fn only_ciphertext_leaves_and_a_second_push_sends_nothing() {
    let Some(server) = S3Server::start() else { return };
    let s = setting(&server, "rainbow");
    let stored = arrive_many(&s, 1, 3);
    let held = arrive_unregistered(&s);
    // One waiting for tags (staging).
    std::fs::copy(fixture("camera_motorola_moto_g9_small.jpg"), s.inbox().join("phone1/untagged.jpg")).expect("copy");
    s.ok(&["ingest", "--once"]);

    let first = push(&s);
    let here = local_objects(&s);
    assert!(here.len() >= 5, "{here:?}");
    assert_eq!(first["uploaded"].as_u64(), Some(here.len() as u64), "{first}");
    assert_eq!(first["sealed"].as_array().expect("sealed").len(), 4, "{first}");

    // The bucket holds exactly the files here plus the sealed register objects.
    let there: BTreeSet<String> = server.objects("rainbow").into_iter().collect();
    let mut want = here.clone();
    for k in [
        "register/consentgate.db.age",
        "register/audit.key.age",
        "register/audit.checkpoints.age",
        "register/consentgate.toml.age",
    ] {
        want.insert(k.to_string());
    }
    assert_eq!(there, want);
    for id in &stored {
        assert!(there.contains(&format!("vault/{}/{id}.age", &id[..2])), "{id}");
    }
    assert!(there.contains(&format!("quarantine/{held}.age")));
    assert!(there.iter().any(|k| k.starts_with("staging/")));

    // Every object is age ciphertext; the identity, the audit key and the
    // register never leave in plaintext.
    let identity = std::fs::read_to_string(s.data().join("identity.txt")).expect("identity");
    let secret = identity.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).expect("plain identity");
    let audit_key = std::fs::read_to_string(s.data().join("audit.key")).expect("audit key");
    let audit_secret = audit_key.lines().find_map(|l| l.strip_prefix("key ")).expect("key line");
    for key in &there {
        let bytes = server.object("rainbow", key);
        assert!(bytes.starts_with(b"age-encryption.org/v1\n"), "{key} is not age ciphertext");
        for needle in [secret.as_bytes(), audit_secret.as_bytes(), b"SQLite format", b"Amelia", b"AGE-SECRET-KEY"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{key} leaks {:?}",
                String::from_utf8_lossy(needle)
            );
        }
    }
    assert!(!there.iter().any(|k| k.contains("identity")));

    // Nothing changed: nothing is sent, and the bucket checks out.
    let second = push(&s);
    assert_eq!(second["uploaded"], 0, "{second}");
    assert_eq!(second["sealed"], serde_json::json!([]), "{second}");
    assert_eq!(second["deleted"], serde_json::json!([]), "{second}");
    assert_eq!(second["unchanged"].as_u64(), Some(want.len() as u64), "{second}");
    let v = s.json(&["offsite", "verify"]);
    assert_eq!(v["complete"], true, "{v}");
    assert_eq!(v["photos"], 5, "{v}");

    // A register change re-seals the register (and its checkpoints), nothing else.
    s.ok(&["child", "add", "C009", "--name", "New Child"]);
    let third = push(&s);
    assert_eq!(third["uploaded"], 0, "{third}");
    let sealed: Vec<&str> = third["sealed"].as_array().expect("sealed").iter().filter_map(Value::as_str).collect();
    assert_eq!(sealed, vec!["register/consentgate.db.age", "register/audit.checkpoints.age"], "{third}");
}

#[test]
fn deletions_follow_retention_the_manager_and_moves() {
    let Some(server) = S3Server::start() else { return };
    let s = setting(&server, "rainbow");
    let held = arrive_unregistered(&s);
    let doomed = arrive_unregistered_second(&s);
    std::fs::copy(fixture("camera_motorola_moto_g9_small.jpg"), s.inbox().join("phone1/untagged.jpg")).expect("copy");
    let waiting = s.json(&["ingest", "--once"])["files"][0]["photo"].as_str().expect("id").to_string();
    push(&s);
    assert!(objects_of(&server, "rainbow", &held).contains(&format!("quarantine/{held}.age")));
    assert!(objects_of(&server, "rainbow", &held).contains(&format!("thumbs/{held}.age")));
    assert!(!objects_of(&server, "rainbow", &doomed).is_empty());

    // The manager deletes one; the tagged one moves from staging to the vault.
    s.ok(&["quarantine", "delete", &doomed, "--reason", "not ours"]);
    s.ok(&["tag", &waiting, "C001"]);
    // Before the next push, verify says what is still off-site.
    let out = s.cmd().args(["offsite", "verify", "--json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert!(
        v["kept_after_deletion"].as_array().expect("list").iter().all(|k| k.as_str().expect("k").contains(&doomed)),
        "{v}"
    );
    assert!(!v["kept_after_deletion"].as_array().expect("list").is_empty(), "{v}");

    let r = push(&s);
    assert!(objects_of(&server, "rainbow", &doomed).is_empty(), "the manager's deletion follows: {r}");
    let moved = objects_of(&server, "rainbow", &waiting);
    assert!(moved.contains(&format!("vault/{}/{waiting}.age", &waiting[..2])), "{moved:?}");
    assert!(!moved.iter().any(|k| k.starts_with("staging/")), "the old place goes: {moved:?}");
    let reasons: BTreeSet<&str> =
        r["deleted"].as_array().expect("deleted").iter().filter_map(|d| d["reason"].as_str()).collect();
    assert_eq!(reasons, BTreeSet::from(["deleted", "moved"]), "{r}");

    // Retention: the quarantined photo is uncleared after quarantine_days.
    let since = s.json(&["photo", "show", &held])["state_since"].as_str().expect("since")[..10].to_string();
    let since = chrono::NaiveDate::parse_from_str(&since, "%Y-%m-%d").expect("date");
    // Announced first (a week ahead), then deleted.
    for days in [31, 38] {
        let later = (since + chrono::Days::new(days)).to_string();
        let run = s.cmd().env("CONSENTGATE_TODAY", &later).args(["retention", "run", "--json"]).output().expect("run");
        assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
        assert!(String::from_utf8_lossy(&run.stdout).contains(&held), "retention announced and deleted it");
    }
    assert_eq!(s.json(&["photo", "show", &held])["state"], "deleted");
    assert!(!objects_of(&server, "rainbow", &held).is_empty(), "still off-site until the next push");
    push(&s);
    assert!(objects_of(&server, "rainbow", &held).is_empty(), "a photo deleted by retention is gone from the bucket");
    let v = s.json(&["offsite", "verify"]);
    assert_eq!(v["complete"], true, "{v}");
}

/// A second photo from an unregistered camera.
fn arrive_unregistered_second(s: &Setup) -> String {
    std::fs::create_dir_all(s.inbox().join("loose")).expect("mkdir");
    std::fs::copy(fixture("camera_xiaomi_orientation6.jpg"), s.inbox().join("loose/IMG_x.jpg")).expect("copy");
    let v = s.json(&["ingest", "--once"]);
    v["files"][0]["photo"].as_str().expect("id").to_string()
}

#[test]
fn a_push_killed_mid_way_is_finished_by_the_next() {
    use std::io::BufRead;
    let Some(server) = S3Server::start() else { return };
    let s = setting(&server, "rainbow");
    arrive_many(&s, 1, 12);
    let total = local_objects(&s).len();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("consentgate"))
        .env("CONSENTGATE_CONFIG", &s.config)
        .env("CONSENTGATE_TODAY", crate::common::TODAY)
        .env("CONSENTGATE_FAILPOINT", "offsite_stall_after_5")
        .args(["offsite", "push", "--json"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("push");
    let stderr = child.stderr.take().expect("stderr");
    let stalled = std::io::BufReader::new(stderr).lines().map_while(Result::ok).any(|l| l.contains("stalled"));
    assert!(stalled, "the push reached its failpoint");
    child.kill().expect("SIGKILL"); // kill -9: no clean-up of any kind
    child.wait().expect("wait");

    let partial = server.objects("rainbow");
    assert!(partial.len() >= 5 && partial.len() < total, "{} of {total}", partial.len());
    assert!(!partial.iter().any(|k| k.starts_with("register/")), "the register goes up after the files");
    assert_eq!(s.cmd().args(["offsite", "verify"]).output().expect("run").status.code(), Some(1));

    let r = push(&s);
    let uploaded = r["uploaded"].as_u64().expect("n") as usize;
    assert!(uploaded < total, "what the killed push finished is not sent again: {r}");
    assert_eq!(uploaded + r["unchanged"].as_u64().expect("n") as usize, total, "{r}");
    let v = s.json(&["offsite", "verify"]);
    assert_eq!(v["complete"], true, "{v}");
    assert_eq!(server.objects("rainbow").len(), total + 4);
}

/// The decrypted bytes of every ciphertext under `root`, by file name.
fn plaintexts(root: &Path, identity: &age::x25519::Identity) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for dir in ["data/vault", "data/staging", "quarantine", "data/thumbs", "data/faces"] {
        let d = root.join(dir);
        let mut files = crate::common::files_in(&d);
        if dir == "data/vault" {
            files = files.iter().flat_map(|shard| crate::common::files_in(shard)).collect();
        }
        for f in files.into_iter().filter(|f| f.extension().is_some_and(|e| e == "age")) {
            let ct = std::fs::read(&f).expect("read");
            let plain = age::decrypt(identity, &ct).expect("decrypts");
            out.insert(format!("{dir}/{}", f.file_name().expect("name").to_string_lossy()), plain);
        }
    }
    out
}

fn identity_of(root: &Path) -> age::x25519::Identity {
    let text = std::fs::read_to_string(root.join("data/identity.txt")).expect("identity");
    text.lines().find(|l| l.starts_with("AGE-SECRET-KEY-")).expect("key").parse().expect("identity")
}

#[test]
fn restore_rebuilds_a_working_setting_on_a_fresh_machine() {
    use sha2::Digest;
    let Some(server) = S3Server::start() else { return };
    let s = setting(&server, "group/rainbow");
    let stored = arrive_many(&s, 1, 4);
    arrive_unregistered(&s);
    s.ok(&["consent", "withdraw", "C003", "display", "--by", "G003", "--on", "2026-11-01"]);
    push(&s);

    // A fresh machine: a config with only [offsite], the access key, the identity.
    let fresh = tempfile::tempdir().expect("tempdir");
    let config = fresh.path().join("restore.toml");
    crate::common::write_credentials(&fresh.path().join("creds.toml"));
    std::fs::write(
        &config,
        crate::common::offsite_section(
            consentgate::config::DEFAULT_TOML,
            &server.endpoint,
            "group/rainbow",
            "creds.toml",
        ),
    )
    .expect("config");
    let identity_copy = fresh.path().join("identity.txt");
    std::fs::copy(s.data().join("identity.txt"), &identity_copy).expect("identity");
    let to = fresh.path().join("setting");
    let out = assert_cmd::Command::cargo_bin("consentgate")
        .expect("bin")
        .env("CONSENTGATE_CONFIG", &config)
        .env("CONSENTGATE_TODAY", crate::common::TODAY)
        .args(["offsite", "restore", "--to"])
        .arg(&to)
        .arg("--identity")
        .arg(&identity_copy)
        .arg("--json")
        .output()
        .expect("restore");
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(r["complete"], true, "{r}");
    assert_eq!(r["photos"], 5, "{r}");
    assert_eq!(r["photos_checked"], 5, "{r}");

    // Every ciphertext decrypts to the same bytes as the original's, and
    // every photo to bytes whose SHA-256 is its id.
    let identity = identity_of(&s.root());
    let before = plaintexts(&s.root(), &identity);
    let after = plaintexts(&to, &identity);
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    assert!(before == after, "a restored file decrypts to other bytes");
    for id in &stored {
        let plain = &after[&format!("data/vault/{id}.age")];
        assert_eq!(hex::encode(sha2::Sha256::digest(plain)), *id);
    }

    // The register is the same, the audit chain verifies against the
    // checkpoints, and the restored setting works.
    let restored = Setup { dir: fresh, config: to.join("consentgate.toml") };
    for args in [
        &["child", "list"][..],
        &["photo", "list"],
        &["consent", "show", "C003"],
        &["device", "list"],
        &["audit", "list"],
    ] {
        assert_eq!(restored.json(args), s.json(args), "{args:?}");
    }
    let audit = restored.ok(&["audit", "verify"]);
    assert!(audit.contains("intact") && audit.contains("checkpoint"), "{audit}");
    let cfg: Value = restored.json(&["config", "show"]);
    assert_eq!(cfg["retention"]["max_age_days"], 36500, "the setting's own rules came back: {cfg}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for f in ["data/consentgate.db", "data/audit.key", "data/identity.txt", "consentgate.toml"] {
            let mode = std::fs::metadata(to.join(f)).expect("meta").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{f}");
        }
    }
    let more = arrive_many(&restored, 50, 1);
    assert_eq!(restored.json(&["photo", "show", &more[0]])["state"], "stored");

    // Into a folder that is not empty: refused.
    let again = assert_cmd::Command::cargo_bin("consentgate")
        .expect("bin")
        .env("CONSENTGATE_CONFIG", &config)
        .args(["offsite", "restore", "--to"])
        .arg(&to)
        .arg("--identity")
        .arg(&identity_copy)
        .output()
        .expect("restore");
    assert_eq!(again.status.code(), Some(2), "{}", String::from_utf8_lossy(&again.stderr));
}

#[test]
fn a_large_photo_goes_up_in_parts_and_comes_back_whole() {
    let Some(server) = S3Server::start() else { return };
    let s = setting(&server, "rainbow");
    // A photo of 17 MiB (trailing bytes after the JPEG's end): its
    // ciphertext goes up in two parts and carries a multipart ETag.
    let mut bytes = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
    bytes.resize(17 << 20, 7);
    std::fs::write(s.inbox().join("phone1/BIG.jpg"), &bytes).expect("write");
    std::fs::write(s.inbox().join("phone1/BIG.jpg.tags.json"), STORED).expect("sidecar");
    let v = s.json(&["ingest", "--once"]);
    let id = v["files"][0]["photo"].as_str().expect("id").to_string();
    assert_eq!(v["files"][0]["outcome"], "stored", "{v}");
    let r = push(&s);
    assert!(r["uploaded_bytes"].as_u64().expect("bytes") > 17 << 20, "{r}");
    let key = format!("vault/{}/{id}.age", &id[..2]);
    assert_eq!(server.object("rainbow", &key), std::fs::read(s.data().join(&key)).expect("local"));
    assert_eq!(s.json(&["offsite", "verify"])["complete"], true);
    assert_eq!(push(&s)["uploaded"], 0, "the multipart checksum is recognised");

    let to = tempfile::tempdir().expect("tempdir");
    let out = s.cmd().args(["offsite", "restore", "--json", "--to"]).arg(to.path().join("s")).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!((r["complete"].clone(), r["photos_checked"].clone()), (Value::Bool(true), Value::from(1)), "{r}");
}

#[test]
fn settings_share_a_bucket_without_reading_or_touching_each_other() {
    let Some(server) = S3Server::start() else { return };
    // "site-1" is a prefix of "site-10" as a string, never as a folder.
    let a = setting(&server, "site-1");
    let b = setting(&server, "site-10");
    arrive_many(&a, 1, 2);
    let b_ids = arrive_many(&b, 100, 2);
    let doomed = arrive_unregistered(&a);
    push(&a);
    push(&b);
    let b_before = server.objects("site-10");
    assert_eq!(b_before.len(), 2 * 3 + 4, "{b_before:?}"); // photo, thumbnail, faces each, and the register

    // A's deletion and A's pushes leave B's objects alone.
    a.ok(&["quarantine", "delete", &doomed, "--reason", "not ours"]);
    let r = push(&a);
    assert!(
        r["deleted"].as_array().expect("deleted").iter().all(|d| d["key"].as_str().expect("k").contains(&doomed)),
        "{r}"
    );
    assert_eq!(server.objects("site-10"), b_before);
    assert_eq!(a.json(&["offsite", "verify"])["complete"], true);
    assert_eq!(b.json(&["offsite", "verify"])["complete"], true);

    // A's identity opens none of B's objects.
    let a_id = identity_of(&a.root());
    let b_id = identity_of(&b.root());
    for key in server.objects("site-10") {
        let ct = server.object("site-10", &key);
        assert!(age::decrypt(&a_id, &ct).is_err(), "site-1 can read {key} of site-10");
        assert!(age::decrypt(&b_id, &ct).is_ok(), "{key}");
    }
    assert!(b_ids.iter().all(|id| server.objects("site-10").iter().any(|k| k.contains(id))));

    // Restoring B with A's identity says so.
    let to = tempfile::tempdir().expect("tempdir");
    let out = b
        .cmd()
        .args(["offsite", "restore", "--to"])
        .arg(to.path().join("b"))
        .arg("--identity")
        .arg(a.data().join("identity.txt"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot decrypt") && err.contains("identity"), "{err}");
}

#[test]
fn serve_pushes_on_a_schedule() {
    let Some(server) = S3Server::start() else { return };
    let s = setting(&server, "rainbow");
    let ids = arrive_many(&s, 1, 1);
    let _serve = crate::common::Server::start_with(&s, &[("CONSENTGATE__OFFSITE__PUSH_EVERY_MINUTES", "1")]);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !server.objects("rainbow").iter().any(|k| k == "register/audit.checkpoints.age") {
        assert!(std::time::Instant::now() < deadline, "serve pushed nothing: {:?}", server.objects("rainbow"));
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(server.objects("rainbow").iter().any(|k| k.contains(&ids[0])));
}

#[test]
fn credentials_others_can_read_are_refused_and_missing_ones_named() {
    // No server needed: both fail before any request.
    let s = Setup::new();
    let text = std::fs::read_to_string(&s.config).expect("config");
    std::fs::write(&s.config, crate::common::offsite_section(&text, "http://127.0.0.1:9", "rainbow", "creds.toml"))
        .expect("config");
    let creds = s.root().join("creds.toml");
    crate::common::write_credentials(&creds);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&creds, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let err = s.fails(2, &["offsite", "push"]);
        assert!(err.contains("0644") && err.contains("chmod 600"), "{err}");
    }
    std::fs::write(&s.config, crate::common::offsite_section(&text, "http://127.0.0.1:9", "rainbow", ""))
        .expect("config");
    let err = s.fails(2, &["offsite", "push"]);
    assert!(err.contains("AWS_ACCESS_KEY_ID"), "{err}");
    // Not configured at all.
    std::fs::write(&s.config, &text).expect("config");
    let err = s.fails(2, &["offsite", "verify"]);
    assert!(err.contains("[offsite]"), "{err}");
}

/// `cargo test --release --test cli -- --ignored --nocapture`:
/// ingests and then pushes 1,000 photos of about 3 MB to a local s3s-fs, then pushes again
/// with nothing changed, and prints both times (a measurement, not a
/// pass/fail threshold).
#[test]
#[ignore]
fn benchmark_push_1000_photos() {
    let Some(server) = S3Server::start() else { return };
    let s = setting(&server, "bench");
    let base = std::fs::read(fixture("camera_motorola_moto_g9_small.jpg")).expect("read");
    let mut pad = vec![0u8; 3 << 20];
    let mut x = 0x2545F4914F6CDD1Du64;
    for b in pad.iter_mut() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    // CONSENTGATE_BENCH_PHOTOS=N for a shorter run.
    let n: u32 = std::env::var("CONSENTGATE_BENCH_PHOTOS").ok().and_then(|v| v.parse().ok()).unwrap_or(1000);
    for v in 0..n {
        // Trailing bytes after the JPEG's end: a distinct photo of ~3 MB.
        let mut bytes = base.clone();
        bytes.extend_from_slice(&pad);
        bytes.extend_from_slice(format!("variant {v}").as_bytes());
        let name = format!("IMG_{v:04}.jpg");
        std::fs::write(s.inbox().join("phone1").join(&name), &bytes).expect("write");
        std::fs::write(s.inbox().join("phone1").join(format!("{name}.tags.json")), STORED).expect("sidecar");
    }
    let t = std::time::Instant::now();
    let mut stored = 0;
    // Files written in the last settle time wait for the next pass.
    for _ in 0..5 {
        s.cmd().env("CONSENTGATE__FACES__ENABLED", "false").args(["ingest", "--once"]).assert().success();
        stored = s.json(&["photo", "list", "--state", "stored"]).as_array().expect("list").len();
        if stored == n as usize {
            break;
        }
    }
    assert_eq!(stored, n as usize);
    eprintln!("ingested {n} photos in {:.1} s", t.elapsed().as_secs_f64());

    let t = std::time::Instant::now();
    let first = push(&s);
    let first_s = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    let second = push(&s);
    let second_s = t.elapsed().as_secs_f64();
    assert_eq!(second["uploaded"], 0);
    eprintln!(
        "push of {n} photos: {} files, {:.0} MB in {first_s:.1} s; push with nothing changed: {second_s:.2} s",
        first["uploaded"],
        first["uploaded_bytes"].as_f64().unwrap_or(0.0) / 1e6
    );
}
