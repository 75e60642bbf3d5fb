//! The register's commands, driven through the real binary.

use crate::common::Setup;
use assert_cmd::Command;

fn unix_mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn init_creates_a_private_setup_and_refuses_to_overwrite_it() {
    let s = Setup::new();
    for sub in ["inbox", "data", "quarantine"] {
        assert_eq!(unix_mode(&s.root().join(sub)), 0o700, "{sub}");
    }
    let identity = s.data().join("identity.txt");
    assert_eq!(unix_mode(&identity), 0o600);
    let key = std::fs::read_to_string(&identity).expect("identity");
    assert!(key.contains("AGE-SECRET-KEY-1"));
    let cfg = s.json(&["config", "show"]);
    let recipient = cfg["keys"]["recipients"][0].as_str().expect("recipient");
    assert!(key.contains(&format!("# public key: {recipient}")));
    assert_eq!(cfg["purposes"]["forbidden"], serde_json::json!(["social_media"]));

    let again = Command::cargo_bin("consentgate")
        .expect("bin")
        .args(["init", "--no-passphrase", "--dir"])
        .arg(s.root())
        .output()
        .expect("run");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&identity).expect("identity"), key, "identity untouched");
}

#[test]
fn init_with_a_passphrase_writes_an_armored_scrypt_identity() {
    let dir = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("consentgate")
        .expect("bin")
        .args(["init", "--dir"])
        .arg(dir.path().join("s"))
        .env("CONSENTGATE_PASSPHRASE", "a long test passphrase")
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("s/data/identity.age")).expect("identity");
    assert!(text.starts_with("-----BEGIN AGE ENCRYPTED FILE-----"), "{text}");
    assert!(!text.contains("AGE-SECRET-KEY"));
    let config = std::fs::read_to_string(dir.path().join("s/consentgate.toml")).expect("config");
    assert!(config.contains("identity = \"data/identity.age\""));
}

#[test]
fn a_missing_or_bad_config_is_bad_input_naming_the_key() {
    let s = Setup::new();
    let out = Command::cargo_bin("consentgate")
        .expect("bin")
        .args(["--config", "/nonexistent/consentgate.toml", "child", "list"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("consentgate init"));

    let text = std::fs::read_to_string(&s.config).expect("config");
    std::fs::write(&s.config, text.replace("quarantine_days = 30", "quarantine_days = -4")).expect("write");
    let err = s.fails(2, &["child", "list"]);
    assert!(err.contains("quarantine_days"), "{err}");
    std::fs::write(&s.config, text.replace("forbidden = [\"social_media\"]", "forbidden = [\"tiktok\"]"))
        .expect("write");
    let err = s.fails(2, &["child", "list"]);
    assert!(err.contains("purposes.forbidden") && err.contains("tiktok"), "{err}");
}

#[test]
fn children_are_added_listed_and_found_by_alias() {
    let s = Setup::new();
    s.seed();
    let list = s.json(&["child", "list"]);
    let kids = list.as_array().expect("array");
    assert_eq!(kids.len(), 3);
    assert_eq!(kids[0]["id"], "C001");
    assert_eq!(kids[0]["aliases"], serde_json::json!(["Millie"]));
    assert_eq!(kids[0]["started"], "2025-09-01");
    let table = s.ok(&["child", "list"]);
    assert!(table.contains("Amelia Rose") && table.contains("Rainbow"), "{table}");

    s.ok(&["child", "leave", "millie", "--on", "2026-07-20"]);
    assert_eq!(s.json(&["child", "list"])[0]["left"], "2026-07-20");
}

#[test]
fn bad_child_input_is_refused_with_exit_2() {
    let s = Setup::new();
    s.seed();
    let err = s.fails(2, &["child", "add", "C001", "--name", "Someone"]);
    assert!(err.contains("C001") && err.contains("already"), "{err}");
    let err = s.fails(2, &["child", "add", "C004", "--name", "X", "--started", "2026-13-01"]);
    assert!(err.contains("2026-13-01"), "{err}");
    s.fails(2, &["child", "add", "C 4", "--name", "X"]);
    s.fails(2, &["child", "add", "C004", "--name", "  "]);
    let err = s.fails(2, &["child", "leave", "Zara", "--on", "2026-07-20"]);
    assert!(err.contains("Zara"), "{err}");
    let err = s.fails(2, &["child", "leave", "C001", "--on", "2020-01-01"]);
    assert!(err.contains("before"), "{err}");
    // nothing was written by the failures
    assert_eq!(s.json(&["child", "list"]).as_array().map(Vec::len), Some(3));
}

#[test]
fn an_ambiguous_name_lists_the_candidates() {
    let s = Setup::new();
    s.ok(&["child", "add", "C001", "--name", "Sam Lee", "--alias", "Sam"]);
    s.ok(&["child", "add", "C002", "--name", "Sam Okafor", "--alias", "sam"]);
    let err = s.fails(2, &["child", "leave", "SAM", "--on", "2026-07-20"]);
    assert!(err.contains("C001") && err.contains("C002"), "{err}");
}

#[test]
fn child_import_is_all_or_nothing_and_names_every_bad_line() {
    let s = Setup::new();
    s.ok(&["child", "add", "C009", "--name", "Already Here"]);
    let bad = s.dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "id,name,aliases,room,started,left\n\
         C010,Good Row,Goody;G,Rainbow,2025-09-01,\n\
         C011,,,,2025-09-01,\n\
         C012,Bad Date,,,2025-02-30,\n\
         C010,Twice,,,,\n\
         C009,Exists,,,,\n\
         C013,Left Early,,,2025-09-01,2025-01-01\n",
    )
    .expect("write");
    let err = s.fails(2, &["child", "import", bad.to_str().expect("path")]);
    for want in [
        "bad.csv",
        "line 3, field `name`",
        "line 4, field `started`",
        "line 5, field `id`",
        "line 7, field `left`",
        "nothing was imported",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    assert!(!err.contains("line 2,"), "the good line is not blamed:\n{err}");
    // A child already on the register is an update, not an error.
    assert!(!err.contains("line 6,"), "an update is not blamed:\n{err}");
    assert_eq!(s.json(&["child", "list"]).as_array().map(Vec::len), Some(1), "nothing written");

    let good = s.dir.path().join("good.csv");
    std::fs::write(
        &good,
        "id,name,aliases,room,started,left\nC010,Good Row,Goody; G ,Rainbow,2025-09-01,\nC011,Other,,,,\n",
    )
    .expect("write");
    s.ok(&["child", "import", good.to_str().expect("path")]);
    let list = s.json(&["child", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    assert_eq!(list[1]["id"], "C010");
    assert_eq!(list[1]["aliases"], serde_json::json!(["Goody", "G"]));

    let header = s.dir.path().join("header.csv");
    std::fs::write(&header, "id,room,colour\nC020,Y,red\n").expect("write");
    let err = s.fails(2, &["child", "import", header.to_str().expect("path")]);
    assert!(err.contains("line 1") && err.contains("missing column(s) name"), "{err}");
    assert!(err.contains("unknown column(s) colour"), "{err}");
}

#[test]
fn a_settings_spreadsheet_imports_again_after_each_change() {
    let s = Setup::new();
    let file = s.dir.path().join("children.csv");
    let path = file.to_str().expect("path");
    // Only the columns the setting keeps; UK dates.
    std::fs::write(&file, "name,id,room,started\nChloe Diaz,C003,Stars,01/09/2025\nFinn Osei,C004,Rainbow,1/9/2025\n")
        .expect("write");
    let v = s.json(&["child", "import", path]);
    assert_eq!(v["added"], serde_json::json!(["C003", "C004"]));
    let list = s.json(&["child", "list"]);
    assert_eq!(list[0]["started"], "2025-09-01");
    assert_eq!(list[0]["aliases"], serde_json::json!([]));

    // The same file again changes nothing; a moved room and a leaving date update one child.
    let again = s.ok(&["child", "import", path]);
    assert!(again.contains("2 children: 0 added, 0 changed, 2 unchanged"), "{again}");
    std::fs::write(
        &file,
        "id,name,room,started,left\nC003,Chloe Diaz,Stars,01/09/2025,\nC004,Finn Osei,Stars,01/09/2025,20/07/2026\nC005,Ava Stone,,,\n",
    )
    .expect("write");
    let v = s.json(&["child", "import", path]);
    assert_eq!(v["added"], serde_json::json!(["C005"]));
    assert_eq!(v["changed"], serde_json::json!(["C004"]));
    assert_eq!(v["unchanged"], 1);
    let finn = &s.json(&["child", "list"])[1];
    assert_eq!((finn["room"].as_str(), finn["left"].as_str()), (Some("Stars"), Some("2026-07-20")));

    // Guardians from the same spreadsheet: by first name where only one child has it.
    let g = s.dir.path().join("guardians.csv");
    let gpath = g.to_str().expect("path");
    std::fs::write(
        &g,
        "child,id,name,relationship,parental_responsibility\nChloe,G003,Dana Diaz,mother,yes\nC004,G004,Sam Osei,father,yes\nAva,G005,Lee Stone,grandparent,no\n",
    )
    .expect("write");
    let v = s.json(&["guardian", "import", gpath]);
    assert_eq!(v["added"], serde_json::json!(["G003 of C003", "G004 of C004", "G005 of C005"]));
    std::fs::write(
        &g,
        "child,id,name,relationship,parental_responsibility\nChloe,G003,Dana Diaz,mother,yes\nC004,G004,Sam Osei,father,yes\nAva,G005,Lee Stone,grandparent,yes\n",
    )
    .expect("write");
    let out = s.ok(&["guardian", "import", gpath]);
    assert!(out.contains("1 changed (G005 of C005), 2 unchanged"), "{out}");
    assert_eq!(s.json(&["guardian", "list", "--child", "Ava"])[0]["parental_responsibility"], true);

    // Consent, twice: recognised the second time, not recorded twice.
    let c = s.dir.path().join("consent.csv");
    let cpath = c.to_str().expect("path");
    std::fs::write(&c, "child,purpose,action,by,date\nChloe,learning_journey,grant,G003,01/09/2026\n").expect("write");
    s.ok(&["consent", "import", cpath]);
    let v = s.json(&["consent", "import", cpath]);
    assert_eq!((v["added"].as_array().map(Vec::len), v["unchanged"].as_u64()), (Some(0), Some(1)));
    let shown = s.json(&["consent", "show", "Chloe"]);
    assert_eq!(shown["history"].as_array().map(Vec::len), Some(1));

    // An ambiguous first name is named, not guessed.
    s.ok(&["child", "add", "C006", "--name", "Chloe Park"]);
    let err = s.fails(2, &["consent", "show", "Chloe"]);
    assert!(err.contains("C003") && err.contains("C006"), "{err}");
}

#[test]
fn guardians_record_parental_responsibility() {
    let s = Setup::new();
    s.seed();
    let links = s.json(&["guardian", "list", "--child", "C003"]);
    assert_eq!(links.as_array().map(Vec::len), Some(2));
    assert_eq!(links[1]["guardian_id"], "G004");
    assert_eq!(links[1]["parental_responsibility"], false);
    s.fails(
        2,
        &[
            "guardian",
            "add",
            "--child",
            "C001",
            "--id",
            "G001",
            "--name",
            "Guardian G001",
            "--relationship",
            "parent",
            "--parental-responsibility",
            "yes",
        ],
    );
    s.fails(
        2,
        &[
            "guardian",
            "add",
            "--child",
            "C404",
            "--id",
            "G009",
            "--name",
            "X",
            "--relationship",
            "parent",
            "--parental-responsibility",
            "yes",
        ],
    );
    s.fails(
        2,
        &[
            "guardian",
            "add",
            "--child",
            "C001",
            "--id",
            "G009",
            "--name",
            "X",
            "--relationship",
            "parent",
            "--parental-responsibility",
            "maybe",
        ],
    );
    // a sibling tie keeps one name per guardian id
    s.ok(&[
        "guardian",
        "add",
        "--child",
        "C002",
        "--id",
        "G001",
        "--name",
        "Guardian G001",
        "--relationship",
        "parent",
        "--parental-responsibility",
        "yes",
    ]);
    s.fails(
        2,
        &[
            "guardian",
            "add",
            "--child",
            "C003",
            "--id",
            "G001",
            "--name",
            "Someone Else",
            "--relationship",
            "parent",
            "--parental-responsibility",
            "yes",
        ],
    );
}

#[test]
fn consent_history_derives_the_current_state() {
    let s = Setup::new();
    s.seed();
    let show = s.json(&["consent", "show", "Millie"]);
    assert_eq!(show["child"], "C001");
    let state = |v: &serde_json::Value, p: &str| {
        v["purposes"].as_array().expect("purposes").iter().find(|x| x["purpose"] == p).cloned().expect("purpose")
    };
    let lj = state(&show, "learning_journey");
    assert_eq!(lj["state"], "granted");
    assert_eq!(lj["review_by"], "2027-09-01", "signed + 365 days");
    assert_eq!(state(&show, "website")["state"], "missing");
    assert_eq!(state(&show, "social_media")["forbidden"], true);

    s.ok(&["consent", "withdraw", "C001", "display", "--by", "G001", "--on", "2026-11-01"]);
    s.ok(&["consent", "refuse", "C001", "website", "--by", "G001", "--signed", "2026-11-02"]);
    s.ok(&[
        "consent",
        "grant",
        "C001",
        "press",
        "--by",
        "G001",
        "--signed",
        "2026-11-02",
        "--review-by",
        "2026-11-20",
        "--evidence",
        "press visit form",
    ]);
    let show = s.json(&["consent", "show", "C001"]);
    assert_eq!(state(&show, "display")["state"], "withdrawn");
    assert_eq!(state(&show, "website")["state"], "refused");
    assert_eq!(state(&show, "press")["state"], "review_overdue");
    let history = show["history"].as_array().expect("history");
    assert_eq!(history.len(), 6, "events are appended, never overwritten");
    assert_eq!(history[5]["evidence"], "press visit form");
    let text = s.ok(&["consent", "show", "C001"]);
    assert!(text.contains("REVIEW OVERDUE"), "{text}");
}

#[test]
fn bad_consent_input_is_refused_with_exit_2() {
    let s = Setup::new();
    s.seed();
    let err = s.fails(2, &["consent", "grant", "C001", "tiktok", "--by", "G001", "--signed", "2026-09-01"]);
    assert!(err.contains("unknown purpose `tiktok`"), "{err}");
    let err = s.fails(2, &["consent", "grant", "C001", "website", "--by", "G002", "--signed", "2026-09-01"]);
    assert!(err.contains("not a guardian of C001"), "{err}");
    s.fails(2, &["consent", "grant", "Zara", "website", "--by", "G001", "--signed", "2026-09-01"]);
    // Day first, as in the UK: a US-order date is no date at all.
    s.fails(2, &["consent", "grant", "C001", "website", "--by", "G001", "--signed", "09/31/2026"]);
    let err = s.fails(
        2,
        &["consent", "grant", "C001", "website", "--by", "G001", "--signed", "2026-09-01", "--review-by", "2026-08-01"],
    );
    assert!(err.contains("review date"), "{err}");
    let history = s.json(&["consent", "show", "C001"])["history"].as_array().map(Vec::len);
    assert_eq!(history, Some(3), "nothing recorded by the failures");
}

#[test]
fn consent_by_a_guardian_without_parental_responsibility_is_recorded_but_does_not_count() {
    let s = Setup::new();
    s.seed();
    let out = s.ok(&["consent", "grant", "C003", "website", "--by", "G004", "--signed", "2026-10-01"]);
    assert!(out.contains("no parental responsibility"), "{out}");
    let show = s.json(&["consent", "show", "C003"]);
    let website =
        show["purposes"].as_array().expect("p").iter().find(|p| p["purpose"] == "website").cloned().expect("w");
    assert_eq!(website["state"], "without_parental_responsibility");
    assert_eq!(website["valid"], false);
    // the policy rejects it
    let out = s.cmd().args(["consent", "check", "C003", "--purpose", "website", "--json"]).output().expect("run");
    assert_eq!(out.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["allowed"], false);
    assert_eq!(
        v["reasons"],
        serde_json::json!([{"code": "consent_without_parental_responsibility", "child": "C003", "purpose": "website"}])
    );
}

#[test]
fn consent_check_applies_the_group_rule_and_forbidden_purposes() {
    let s = Setup::new();
    s.seed();
    s.ok(&["consent", "check", "Millie"]);
    let v = s.cmd().args(["consent", "check", "C001", "Benji", "--json"]).output().expect("run");
    assert_eq!(v.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&v.stdout).expect("json");
    assert_eq!(
        v["reasons"],
        serde_json::json!([{"code": "no_consent", "child": "C002", "purpose": "group_in_others_journey"}])
    );
    let out = s.fails(3, &["consent", "check", "C001", "--purpose", "social_media"]);
    assert!(out.contains("purpose_forbidden"), "{out}");
    let out = s.fails(3, &["consent", "check", "C001", "Zara"]);
    assert!(out.contains("unknown_child"), "{out}");
    s.fails(2, &["consent", "check", "C001", "--purpose", "tiktok"]);
}

#[test]
fn consent_import_is_all_or_nothing() {
    let s = Setup::new();
    s.seed();
    let bad = s.dir.path().join("consent.csv");
    std::fs::write(
        &bad,
        "child,purpose,action,by,date,review_by,evidence\n\
         C001,website,grant,G001,2026-10-01,,form 12\n\
         Zara,website,grant,G001,2026-10-01,,\n\
         C002,tiktok,grant,G002,2026-10-01,,\n\
         C002,website,allow,G002,2026-10-01,,\n\
         C002,website,grant,G001,2026-10-01,,\n\
         C002,website,grant,G002,2026-31-01,,\n\
         C002,website,withdraw,G002,2026-10-01,2027-01-01,\n",
    )
    .expect("write");
    let err = s.fails(2, &["consent", "import", bad.to_str().expect("path")]);
    for want in [
        "line 3, field `child`",
        "line 4, field `purpose`",
        "line 5, field `action`",
        "line 6, field `by`",
        "line 7, field `date`",
        "line 8, field `review_by`",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    assert_eq!(s.json(&["consent", "show", "C001"])["history"].as_array().map(Vec::len), Some(3));

    let good = s.dir.path().join("good.csv");
    std::fs::write(
        &good,
        "child,purpose,action,by,date,review_by,evidence\nMillie,website,grant,G001,2026-10-01,2027-03-01,form 12\nC002,website,refuse,G002,2026-10-01,,\n",
    )
    .expect("write");
    s.ok(&["consent", "import", good.to_str().expect("path")]);
    let show = s.json(&["consent", "show", "C001"]);
    let website =
        show["purposes"].as_array().expect("p").iter().find(|p| p["purpose"] == "website").cloned().expect("w");
    assert_eq!(website["state"], "granted");
    assert_eq!(website["review_by"], "2027-03-01");
}

#[test]
fn devices_are_registered_with_their_inbox_folders() {
    let s = Setup::new();
    s.ok(&[
        "device",
        "add",
        "--id",
        "ipad1",
        "--label",
        "Rainbow iPad",
        "--make",
        "Apple",
        "--model",
        "iPad (9th generation)",
        "--folder",
        "ipad1",
    ]);
    s.ok(&[
        "device",
        "add",
        "--id",
        "cam1",
        "--label",
        "Canon",
        "--make",
        "Canon",
        "--model",
        "Canon EOS 7D",
        "--serial",
        "1070700342",
    ]);
    assert!(s.inbox().join("ipad1").is_dir());
    let list = s.json(&["device", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(2));
    assert_eq!(list[0]["id"], "cam1");
    assert_eq!(list[0]["serial"], "1070700342");
    assert_eq!(list[1]["folder"], "ipad1");
    s.fails(2, &["device", "add", "--id", "ipad1", "--label", "x", "--make", "Apple", "--model", "iPad"]);
    s.fails(
        2,
        &["device", "add", "--id", "ipad2", "--label", "x", "--make", "Apple", "--model", "iPad", "--folder", "ipad1"],
    );
    s.fails(
        2,
        &["device", "add", "--id", "ipad3", "--label", "x", "--make", "Apple", "--model", "iPad", "--folder", "../etc"],
    );
    assert!(s.ok(&["device", "list"]).contains("Rainbow iPad"));
}

#[test]
fn users_get_argon2id_hashes_from_stdin() {
    let s = Setup::new();
    s.cmd()
        .args(["user", "add", "sam", "--role", "manager", "--password-stdin"])
        .write_stdin("a good long password\n")
        .assert()
        .success();
    s.cmd()
        .args(["user", "add", "jess", "--role", "practitioner", "--password-stdin"])
        .write_stdin("another long password\n")
        .assert()
        .success();
    s.cmd()
        .args(["user", "add", "sam", "--role", "manager", "--password-stdin"])
        .write_stdin("a good long password\n")
        .assert()
        .code(2);
    s.cmd()
        .args(["user", "add", "kim", "--role", "manager", "--password-stdin"])
        .write_stdin("short\n")
        .assert()
        .code(2);
    s.cmd()
        .args(["user", "add", "kim", "--role", "owner", "--password-stdin"])
        .write_stdin("a good long password\n")
        .assert()
        .code(2);
    let users = s.json(&["user", "list"]);
    assert_eq!(
        users,
        serde_json::json!([
            {"name": "jess", "role": "practitioner", "has_password": true, "disabled": false},
            {"name": "sam", "role": "manager", "has_password": true, "disabled": false},
        ])
    );
    let conn = rusqlite::Connection::open(s.db()).expect("db");
    let hash: String =
        conn.query_row("SELECT password_hash FROM users WHERE name='sam'", [], |r| r.get(0)).expect("hash");
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("a good long password"));
}

#[test]
fn the_audit_chain_records_who_did_what_and_detects_tampering() {
    let s = Setup::new();
    s.seed();
    let out = s.ok(&["audit", "verify"]);
    assert!(out.contains("intact"), "{out}");
    let log = s.json(&["audit", "list", "--child", "C001"]);
    let actions: Vec<&str> = log.as_array().expect("log").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions[0], "child.add");
    assert!(actions.contains(&"consent.grant"));
    assert!(log.as_array().expect("log").iter().all(|e| e["actor"] == "tester"));

    let conn = rusqlite::Connection::open(s.db()).expect("db");
    conn.execute("UPDATE audit SET actor = 'someone' WHERE seq = 5", []).expect("tamper");
    drop(conn);
    let err = s.fails(1, &["audit", "verify"]);
    assert!(err.contains("entry 5"), "{err}");
}

#[test]
fn usage_errors_exit_2_and_every_command_has_help() {
    let s = Setup::new();
    s.fails(2, &["child"]);
    s.fails(2, &["nosuchcommand"]);
    for cmd in [
        vec!["init"],
        vec!["demo"],
        vec!["config", "show"],
        vec!["child", "add"],
        vec!["child", "import"],
        vec!["guardian", "add"],
        vec!["consent", "grant"],
        vec!["consent", "check"],
        vec!["consent", "import"],
        vec!["device", "add"],
        vec!["user", "add"],
        vec!["audit", "verify"],
    ] {
        let mut args = cmd.clone();
        args.push("--help");
        let out = s.ok(&args);
        assert!(out.contains("Usage:"), "{cmd:?}: {out}");
    }
}

#[test]
fn the_demo_runs_on_a_fresh_machine() {
    let out = Command::cargo_bin("consentgate")
        .expect("bin")
        .arg("demo")
        .env_remove("CONSENTGATE_CONFIG")
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("stored") && text.contains("QUARANTINED"), "{text}");
    assert!(
        text.contains("moved from stored to quarantined: consent_withdrawn"),
        "the demo shows a withdrawal: {text}"
    );
    assert!(
        text.contains("blurs Benji's face")
            && text.contains("checked on its own pixels")
            && text.contains("the original is deleted"),
        "and a redaction, checked on the copy's own pixels: {text}"
    );
    assert!(
        text.lines().any(|l| l.contains("IMG_0102.JPG") && l.contains("stored")),
        "the group photo's faces come with their children: {text}"
    );
    assert!(text.contains("chain intact"), "{text}");
    assert!(text.contains("untagged_faces"), "the demo shows a photo held for an untagged face: {text}");
    assert!(
        text.lines().any(|l| l.contains("ipad1/IMG_0101.HEIC") && l.contains("stored")),
        "the demo decodes, face-checks and stores an iPad HEIC: {text}"
    );
    assert!(text.contains("demo --serve"), "and says how to open the web UI: {text}");
}

/// Another ingester holding the lock is a "try again later" (exit 75),
/// not bad input: nothing is wrong with what was typed.
#[test]
fn another_ingester_running_is_retry_later_not_bad_input() {
    let s = Setup::new();
    std::fs::create_dir_all(s.data()).expect("data folder");
    let lock = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(s.data().join("ingest.lock"))
        .expect("lock file");
    lock.lock().expect("hold the ingest lock as a running `serve` does");
    let err = s.fails(75, &["ingest", "--once"]);
    assert!(err.contains("already ingesting"), "{err}");
    drop(lock);
    s.ok(&["ingest", "--once"]);
}

/// A name a person types resolves the same way everywhere: `tag` takes a
/// first name only one child has, as `child leave` does; a name that
/// matches nobody says who it might have meant; and a photo prefix that
/// matches nothing is an error, not an empty list.
#[test]
fn names_and_prefixes_resolve_the_same_way_everywhere() {
    let s = Setup::new();
    s.seed();
    s.device("phone1", "motorola", "moto g(9) plus");
    let id = s.arrive_phone("cat.jpg", 1, r#"{"children": []}"#);
    let err = s.fails(2, &["tag", &id[..12], "Amela", "--not-a-face", "1", "--note", "a cat"]);
    assert!(err.contains("did you mean Amelia Rose (C001)?"), "{err}");
    let err = s.fails(2, &["tag", &id[..12], "Zebedee"]);
    assert!(err.contains("no child `Zebedee`") && !err.contains("did you mean"), "{err}");
    // "Chloe" is Chloe Diaz's first name and nobody else's: as `child leave Chloe` takes it.
    let out = s.json(&["tag", &id[..12], "Chloe", "--json"]);
    assert!(out["state"].is_string(), "{out}");
    let photo = s.json(&["photo", "show", &id]);
    assert!(photo.to_string().contains("C003"), "tagged with Chloe Diaz's id: {photo}");
    // audit list --photo: a 12-character prefix finds the photo's entries.
    let entries = s.json(&["audit", "list", "--photo", &id[..12]]);
    assert!(entries.as_array().is_some_and(|e| !e.is_empty()), "{entries}");
    let err = s.fails(2, &["audit", "list", "--photo", "0123456789ab"]);
    assert!(err.contains("no photo"), "{err}");
}

/// A consent in a spreadsheet signed by someone without parental
/// responsibility is recorded, and the import says, with its line, that it
/// does not count.
#[test]
fn a_consent_import_warns_of_a_signature_that_does_not_count() {
    let s = Setup::new();
    s.seed();
    let csv = s.dir.path().join("consent.csv");
    std::fs::write(
        &csv,
        "child,purpose,action,by,date\nC003,website,grant,G004,2026-09-01\nC003,press,grant,G003,2026-09-01\n",
    )
    .expect("write");
    let out = s.ok(&["consent", "import", csv.to_str().expect("path")]);
    assert!(
        out.contains("warning: ") && out.contains("consent.csv, line 2") && out.contains("no parental responsibility"),
        "{out}"
    );
    assert!(!out.contains("line 3"), "a parent's grant is not warned about: {out}");
    let refused = s.fails(3, &["consent", "check", "C003", "--purpose", "website"]);
    assert!(refused.contains("not allowed"), "the grandparent's grant does not count: {refused}");
}
