use super::*;
use crate::model::ConsentAction;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn kid(id: &str, name: &str) -> Child {
    Child { id: id.into(), name: name.into(), aliases: vec![], room: None, started: None, left: None }
}

fn link(g: &str, c: &str, pr: bool) -> GuardianLink {
    GuardianLink {
        guardian_id: g.into(),
        child_id: c.into(),
        name: format!("Parent {g}"),
        relationship: "mother".into(),
        parental_responsibility: pr,
    }
}

fn grant(c: &str, p: &str, by: &str) -> ConsentEvent {
    ConsentEvent {
        seq: 0,
        child_id: c.into(),
        purpose: p.into(),
        action: ConsentAction::Grant,
        by: by.into(),
        date: d("2026-09-01"),
        review_by: None,
        evidence: Some("form".into()),
    }
}

#[test]
fn migrations_are_valid() {
    assert!(MIGRATIONS.validate().is_ok());
}

#[test]
fn a_new_file_is_migrated_to_the_latest_version_and_reopens() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("r.db");
    {
        let mut r = Register::open(&path).expect("open");
        r.add_child(&kid("C001", "Ava"), "test").expect("add");
    }
    let r = Register::open(&path).expect("reopen");
    let version: i64 = r.conn().query_row("PRAGMA user_version", [], |row| row.get(0)).expect("version");
    assert_eq!(version as usize, schema_versions());
    assert_eq!(r.children().expect("children").len(), 1);
    let mode: String = r.conn().query_row("PRAGMA journal_mode", [], |row| row.get(0)).expect("mode");
    assert_eq!(mode, "wal");
    let fk: i64 = r.conn().query_row("PRAGMA foreign_keys", [], |row| row.get(0)).expect("fk");
    assert_eq!(fk, 1);
}

#[test]
fn every_earlier_version_migrates_to_the_latest() {
    for from in 0..schema_versions() {
        let mut conn = Connection::open_in_memory().expect("memory");
        MIGRATIONS.to_version(&mut conn, from).expect("to earlier version");
        MIGRATIONS.to_latest(&mut conn).expect("to latest");
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0)).expect("version");
        assert_eq!(version as usize, schema_versions(), "from version {from}");
    }
}

#[test]
fn children_round_trip_with_aliases() {
    let mut r = Register::open_in_memory().expect("open");
    let mut c = kid("C001", "Amelia Rose");
    c.aliases = vec!["Millie".into(), "Mils".into()];
    c.room = Some("Rainbow".into());
    c.started = Some(d("2025-09-01"));
    r.add_child(&c, "test").expect("add");
    assert_eq!(r.children().expect("children"), vec![c.clone()]);
    assert_eq!(r.find_child("mils").expect("find").id, "C001");
    assert!(matches!(r.add_child(&kid("c001", "Other"), "t"), Err(RegisterError::Duplicate { .. })));
}

#[test]
fn ambiguous_names_are_an_error_naming_the_candidates() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_children(&[kid("C001", "Sam"), kid("C002", "Sam")], "t").expect("add");
    match r.find_child("sam") {
        Err(RegisterError::Ambiguous { candidates, .. }) => assert_eq!(candidates, "C001, C002"),
        other => panic!("expected ambiguity, got {other:?}"),
    }
}

#[test]
fn add_children_is_all_or_nothing() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_child(&kid("C002", "Ben"), "t").expect("add");
    let err = r.add_children(&[kid("C001", "Ava"), kid("C002", "Ben again")], "t");
    assert!(err.is_err());
    assert_eq!(r.children().expect("children").len(), 1);
}

#[test]
fn leaving_dates_are_recorded() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_child(&kid("C001", "Ava"), "t").expect("add");
    r.set_leaving_date("C001", d("2026-07-20"), "t").expect("leave");
    assert_eq!(r.find_child("C001").expect("find").left, Some(d("2026-07-20")));
    assert!(matches!(r.set_leaving_date("C999", d("2026-07-20"), "t"), Err(RegisterError::NotFound { .. })));
}

#[test]
fn guardians_tie_to_siblings_under_one_name() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_children(&[kid("C001", "Ava"), kid("C002", "Ben")], "t").expect("add");
    r.add_guardian(&link("G1", "C001", true), "t").expect("first child");
    r.add_guardian(&link("G1", "C002", true), "t").expect("sibling");
    assert!(matches!(r.add_guardian(&link("G1", "C002", true), "t"), Err(RegisterError::Duplicate { .. })));
    let mut other = link("G1", "C002", true);
    other.name = "Someone Else".into();
    assert!(matches!(r.add_guardian(&other, "t"), Err(RegisterError::Invalid(_))));
    // a guardian of an unknown child fails on the foreign key
    assert!(r.add_guardian(&link("G2", "C404", true), "t").is_err());
    assert_eq!(r.guardian_links().expect("links").len(), 2);
}

#[test]
fn consent_events_are_append_only() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_child(&kid("C001", "Ava"), "t").expect("add");
    r.add_guardian(&link("G1", "C001", true), "t").expect("guardian");
    r.add_consent_events(&[grant("C001", "display", "G1")], "t").expect("grant");
    let evs = r.consent_events(Some("C001")).expect("events");
    assert_eq!(evs.len(), 1);
    assert_eq!(evs[0].evidence.as_deref(), Some("form"));
    assert!(r.conn().execute("UPDATE consent_events SET action = 'refuse'", []).is_err());
    assert!(r.conn().execute("DELETE FROM consent_events", []).is_err());
}

#[test]
fn consent_from_a_stranger_is_refused_and_nothing_is_written() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_children(&[kid("C001", "Ava"), kid("C002", "Ben")], "t").expect("add");
    r.add_guardian(&link("G1", "C001", true), "t").expect("guardian");
    let err = r.add_consent_events(&[grant("C001", "display", "G1"), grant("C002", "display", "G1")], "t");
    assert!(matches!(err, Err(RegisterError::Invalid(_))));
    assert!(r.consent_events(None).expect("events").is_empty());
}

#[test]
fn devices_keep_their_folders_unique() {
    let mut r = Register::open_in_memory().expect("open");
    let dev = Device {
        id: "ipad1".into(),
        label: "iPad".into(),
        make: "Apple".into(),
        model: "iPad".into(),
        serial: None,
        folder: Some("ipad1".into()),
    };
    r.add_device(&dev, "t").expect("add");
    assert!(matches!(r.add_device(&dev, "t"), Err(RegisterError::Duplicate { .. })));
    let other = Device { id: "ipad2".into(), ..dev.clone() };
    assert!(matches!(r.add_device(&other, "t"), Err(RegisterError::Invalid(_))));
    assert_eq!(r.devices().expect("devices"), vec![dev]);
}

#[test]
fn every_change_is_audited_and_the_chain_verifies() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_child(&kid("C001", "Ava"), "jess").expect("add");
    r.add_guardian(&link("G1", "C001", true), "jess").expect("guardian");
    r.add_consent_events(&[grant("C001", "display", "G1")], "jess").expect("grant");
    r.add_user("sam", "manager", None, "jess").expect("user");
    let log = r.audit_list(&audit::Filter::default()).expect("list");
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["child.add", "guardian.add", "consent.grant", "user.add"]);
    assert!(log.iter().all(|e| e.actor == "jess"));
    // no child's name in the log
    assert!(log.iter().all(|e| !e.detail.to_string().contains("Ava")));
    assert_eq!(r.audit_verify().expect("verify").broken, None);
}

#[test]
fn photos_written_at_version_1_survive_the_upgrade() {
    let mut conn = Connection::open_in_memory().expect("memory");
    MIGRATIONS.to_version(&mut conn, 1).expect("v1");
    conn.execute(
        "INSERT INTO photos (id, state, source_name, format, bytes, received_at, updated_at)
         VALUES ('abcd', 'quarantined', 'a.jpg', 'jpeg', 10, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')",
        [],
    )
    .expect("v1 row");
    MIGRATIONS.to_latest(&mut conn).expect("latest");
    let since: String =
        conn.query_row("SELECT state_since FROM photos WHERE id = 'abcd'", [], |r| r.get(0)).expect("row");
    assert_eq!(since, "2026-02-01T00:00:00Z", "the state's start is taken from the last update");
    let incidents: i64 = conn.query_row("SELECT COUNT(*) FROM incidents", [], |r| r.get(0)).expect("incidents table");
    assert_eq!(incidents, 0);
}
