use super::*;
use crate::model::{ConsentAction, PhotoId, PhotoState};

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
    assert!(matches!(r.add_guardian(&other, "t"), Err(RegisterError::GuardianIdTaken { .. })));
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
fn a_consent_or_guardian_change_owes_a_recheck_of_that_childs_photos_only() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_child(&kid("C001", "Ava"), "t").expect("add");
    r.add_child(&kid("C002", "Ben"), "t").expect("add");
    // A child added owes a re-check of everything (a tag may name them now).
    assert_eq!(r.recheck_scope().expect("scope"), None);
    r.rechecks_done(r.newest_recheck_owed().expect("owed").expect("one")).expect("done");
    assert_eq!(r.recheck_scope().expect("scope"), None, "nothing owed: a re-check is of everything");
    r.add_guardian(&link("G1", "C001", true), "t").expect("guardian");
    r.add_consent_events(&[grant("C001", "display", "G1")], "t").expect("grant");
    assert_eq!(r.recheck_scope().expect("scope"), Some(vec!["C001".to_string()]));
    r.add_guardian(&link("G2", "C002", true), "t").expect("guardian");
    assert_eq!(r.recheck_scope().expect("scope"), Some(vec!["C001".to_string(), "C002".to_string()]));
    // Anything else owed as well: everything again.
    r.set_leaving_date("C002", d("2026-12-01"), "t").expect("leave");
    assert_eq!(r.recheck_scope().expect("scope"), None);
}

#[test]
fn consent_from_a_stranger_is_refused_and_nothing_is_written() {
    let mut r = Register::open_in_memory().expect("open");
    r.add_children(&[kid("C001", "Ava"), kid("C002", "Ben")], "t").expect("add");
    r.add_guardian(&link("G1", "C001", true), "t").expect("guardian");
    let err = r.add_consent_events(&[grant("C001", "display", "G1"), grant("C002", "display", "G1")], "t");
    assert!(matches!(err, Err(RegisterError::NotAGuardian { .. })));
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
        retired_on: None,
    };
    r.add_device(&dev, "t").expect("add");
    assert!(matches!(r.add_device(&dev, "t"), Err(RegisterError::Duplicate { .. })));
    let other = Device { id: "ipad2".into(), ..dev.clone() };
    assert!(matches!(r.add_device(&other, "t"), Err(RegisterError::FolderTaken { .. })));
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

// ---- the store's own check ---------------------------------------------------

/// A photo with two faces found (boxes left and right), tagged with
/// `tags` (register ids), its ledger as `faces` says.
fn two_face_photo(tags: &[&str], faces: [FaceIs; 2]) -> NewPhoto {
    let mut facts = crate::policy::Facts::new(d("2026-11-20"));
    facts.tagging = crate::policy::Tagging::Children(tags.iter().map(|t| (*t).into()).collect());
    facts.purposes = vec!["learning_journey".into()];
    facts.faces = Some(faces.to_vec());
    NewPhoto {
        id: "ab".repeat(32).as_str().into(),
        source_name: "a.jpg".into(),
        source_folder: None,
        format: "jpeg".into(),
        bytes: 10,
        width: None,
        height: None,
        captured_at: None,
        stored: StoredFacts { facts, media: MediaInfo::default() },
        regions: vec![],
        face_boxes: vec![[0.1, 0.1, 0.1, 0.1], [0.6, 0.1, 0.1, 0.1]],
        derived_from: None,
    }
}

use crate::policy::FaceIs;

fn c(id: &str) -> FaceIs {
    FaceIs::Child(id.into())
}

/// A decision as a caller might forge it, whatever the policy says.
fn forged(verdict: crate::policy::Verdict) -> crate::policy::Decision {
    crate::policy::Decision { verdict, reasons: vec![], device: None, children: vec!["C001".into()] }
}

fn register_with_millie() -> Register {
    let mut r = Register::open_in_memory().expect("open");
    let mut c = kid("C001", "Amelia Rose");
    c.aliases = vec!["Millie".into()];
    r.add_children(&[c, kid("C002", "Ben Ade")], "t").expect("add");
    r.add_guardian(&link("G1", "C001", true), "t").expect("guardian");
    r.add_consent_events(&[grant("C001", "learning_journey", "G1")], "t").expect("grant");
    r
}

#[test]
fn the_store_refuses_a_new_photo_that_breaks_the_gate() {
    use crate::policy::{Rules, Verdict, Violation};
    let mut r = register_with_millie();
    let today = d("2026-11-22");
    let rules = Rules::default();
    // Two faces, one of them nobody's: refused, nothing written.
    let p = two_face_photo(&["C001"], [c("C001"), FaceIs::Unassigned]);
    match r.insert_photo(&p, &forged(Verdict::Store), &rules, today, crate::audit::Origin::Ingest, "t") {
        Err(RegisterError::Refused { violation: Violation::UnassignedFace { face: 2 }, .. }) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(r.photo(&p.id).expect("read"), None);
    assert!(r.audit_list(&audit::Filter::default()).expect("log").iter().all(|e| e.photo.is_none()));
    // Ben has no consent: refused too.
    let p = two_face_photo(&["C001", "C002"], [c("C001"), c("C002")]);
    assert!(matches!(
        r.insert_photo(&p, &forged(Verdict::Store), &rules, today, crate::audit::Origin::Ingest, "t"),
        Err(RegisterError::Refused { violation: Violation::NoConsent { .. }, .. })
    ));
    // The same photo may wait for tags; and with the other face not a
    // child's it is stored, its ledger as written.
    let p = two_face_photo(&["C001"], [c("C001"), FaceIs::Unassigned]);
    let held = r
        .insert_photo(&p, &forged(Verdict::AwaitTags), &rules, today, crate::audit::Origin::Ingest, "t")
        .expect("held");
    assert_eq!(held, PhotoState::AwaitingTags);
    let mut one = two_face_photo(&["C001"], [c("C001"), FaceIs::NotAChild]);
    one.id = "cd".repeat(32).as_str().into();
    let stored = r
        .insert_photo(&one, &forged(Verdict::Store), &rules, today, crate::audit::Origin::Ingest, "t")
        .expect("stored");
    assert_eq!(stored, PhotoState::Stored);
    let back = r.photo(&one.id).expect("read").expect("row");
    assert_eq!(back.facts().faces, Some(vec![c("C001"), FaceIs::NotAChild]));
    assert_eq!(back.faces.as_ref().and_then(|f| f[1].rect), Some([0.6, 0.1, 0.1, 0.1]));
    assert_eq!(back.face_of("C001"), Some(1));
}

#[test]
fn the_schema_refuses_a_stored_photo_whose_ledger_is_not_whole() {
    use crate::policy::{Rules, Verdict};
    let mut r = register_with_millie();
    let today = d("2026-11-22");
    let p = two_face_photo(&["C001"], [c("C001"), FaceIs::Unassigned]);
    r.insert_photo(&p, &forged(Verdict::AwaitTags), &Rules::default(), today, crate::audit::Origin::Ingest, "t")
        .expect("held");
    // Whatever code writes it: a face nobody is said to be.
    let sql = |sql: &str| r.conn().execute(sql, [&p.id]);
    assert!(sql("UPDATE photos SET state = 'stored' WHERE id = ?1").is_err());
    // A line lost: fewer lines than faces found.
    sql("UPDATE faces SET not_child = 1 WHERE photo_id = ?1 AND face_no = 2").expect("dismiss");
    sql("DELETE FROM faces WHERE photo_id = ?1 AND face_no = 2").expect("lose a line");
    assert!(sql("UPDATE photos SET state = 'stored' WHERE id = ?1").is_err());
    sql("INSERT INTO faces (photo_id, face_no, not_child) VALUES (?1, 2, 1)").expect("back");
    // The face of a child who is not tagged.
    sql("UPDATE faces SET not_child = 0, child_id = 'C002' WHERE photo_id = ?1 AND face_no = 2").expect("C002");
    assert!(sql("UPDATE photos SET state = 'stored' WHERE id = ?1").is_err());
    // A face both a child's and not a child's; a child with two faces.
    assert!(sql("UPDATE faces SET not_child = 1 WHERE photo_id = ?1 AND face_no = 2").is_err());
    assert!(sql("UPDATE faces SET child_id = 'C001' WHERE photo_id = ?1 AND face_no = 2").is_err());
    sql("UPDATE faces SET child_id = NULL, not_child = 1 WHERE photo_id = ?1 AND face_no = 2").expect("not a child");
    sql("UPDATE photos SET state = 'stored' WHERE id = ?1").expect("whole: stored");
    // And once stored, no face may become nobody's.
    assert!(sql("UPDATE faces SET not_child = 0 WHERE photo_id = ?1 AND face_no = 2").is_err());
    assert!(sql("INSERT INTO faces (photo_id, face_no) VALUES (?1, 3)").is_err());
}

#[test]
fn a_change_that_can_change_what_is_allowed_owes_a_recheck_in_its_own_transaction() {
    let mut r = register_with_millie();
    let owed = r.rechecks_owed().expect("owed");
    assert!(owed.iter().any(|(_, cause)| cause == "consent grant C001 learning_journey"), "{owed:?}");
    let newest = r.newest_recheck_owed().expect("newest").expect("some");
    r.rechecks_done(newest).expect("done");
    assert!(r.rechecks_owed().expect("owed").is_empty());
    // A change that fails writes nothing, and owes nothing.
    assert!(r.add_consent_events(&[grant("C404", "display", "G1")], "t").is_err());
    assert!(r.rechecks_owed().expect("owed").is_empty());
    r.set_leaving_date("C001", d("2026-12-01"), "t").expect("leave");
    assert_eq!(r.rechecks_owed().expect("owed").len(), 1);
}

#[test]
fn the_store_refuses_a_new_decision_that_breaks_the_gate() {
    use crate::policy::{Rules, Verdict, Violation};
    let mut r = register_with_millie();
    let today = d("2026-11-22");
    let rules = Rules::default();
    let p = two_face_photo(&["C001"], [FaceIs::Unassigned, FaceIs::Unassigned]);
    r.insert_photo(&p, &forged(Verdict::AwaitTags), &rules, today, crate::audit::Origin::Ingest, "t").expect("held");
    let photo = r.photo(&p.id).expect("read").expect("row");
    // The caller claims one face for Millie; the other is still nobody's.
    let mut facts = photo.facts();
    facts.faces = Some(vec![c("C001"), FaceIs::Unassigned]);
    let err =
        r.update_decision(&photo, &facts, &forged(Verdict::Store), &[], &rules, today, Change::new(Action::Tag, "t"));
    assert!(
        matches!(err, Err(RegisterError::Refused { violation: Violation::UnassignedFace { face: 2 }, .. })),
        "{err:?}"
    );
    let after = r.photo(&p.id).expect("read").expect("row");
    assert_eq!((after.state, after.facts().faces), (PhotoState::AwaitingTags, Some(vec![FaceIs::Unassigned; 2])));
    // A ledger of another size than the faces found is refused outright.
    facts.faces = Some(vec![c("C001")]);
    assert!(matches!(
        r.update_decision(&photo, &facts, &forged(Verdict::Store), &[], &rules, today, Change::new(Action::Tag, "t")),
        Err(RegisterError::LedgerSize { .. })
    ));
    // The other face not a child's: stored, and who said so is kept.
    facts.faces = Some(vec![c("C001"), FaceIs::NotAChild]);
    let state = r
        .update_decision(
            &photo,
            &facts,
            &forged(Verdict::Store),
            &[],
            &rules,
            today,
            Change::new(Action::Tag, "jess").note("a poster"),
        )
        .expect("stored");
    assert_eq!(state, PhotoState::Stored);
    let stored = r.photo(&p.id).expect("read").expect("row");
    let line = &stored.faces.as_ref().expect("ledger")[1];
    assert_eq!((line.by.as_deref(), line.note.as_deref()), (Some("jess"), Some("a poster")));
    assert!(stored.stored.facts.was_stored);
    // A withdrawal since: the store refuses to record it as stored again.
    let mut withdraw = grant("C001", "learning_journey", "G1");
    withdraw.action = ConsentAction::Withdraw;
    withdraw.date = d("2026-11-21");
    r.add_consent_events(&[withdraw], "t").expect("withdraw");
    let photo = r.photo(&p.id).expect("read").expect("row");
    assert!(matches!(
        r.update_decision(
            &photo,
            &facts,
            &forged(Verdict::Store),
            &[],
            &rules,
            today,
            Change::new(Action::Reevaluate, "t")
        ),
        Err(RegisterError::Refused { violation: Violation::NoConsent { .. }, .. })
    ));
}

/// A register from before the face ledger: a stored photo with two faces
/// counted (the second dismissed) and a tag written as an alias. After the
/// upgrade: its ledger has a line per face (the dismissed one not a
/// child's, the other nobody's), its tag is the child's id, a re-check is
/// owed, and the hold the re-check makes can start no deletion clock.
#[test]
fn a_register_from_before_the_ledger_upgrades_without_a_deletion_clock() {
    use crate::policy::{decide, on_deletion_clock, Rules};
    let mut conn = Connection::open_in_memory().expect("memory");
    MIGRATIONS.to_version(&mut conn, 7).expect("v7");
    conn.execute_batch(
        r#"INSERT INTO children (id, name, created_at) VALUES ('C001', 'Amelia Rose', '2025-09-01T00:00:00Z');
           INSERT INTO child_aliases (child_id, alias) VALUES ('C001', 'Millie');
           INSERT INTO devices (id, label, make, model, folder, added_at)
           VALUES ('ipad1', 'iPad', 'Apple', 'iPad', 'ipad1', '2025-09-01T00:00:00Z');
           INSERT INTO photos (id, state, source_name, format, bytes, tagged, received_at, updated_at, state_since, purposes, facts)
           VALUES ('p1', 'stored', 'a.jpg', 'jpeg', 10, 1, '2025-10-01T00:00:00Z', '2025-10-01T00:00:00Z',
                   '2025-10-01T00:00:00Z', '["learning_journey"]',
                   '{"facts": {"media_problem": null, "camera": {"make": "Apple", "model": "iPad", "serial": null}, "folder_device": "ipad1", "captured_on": null,
                               "received_on": "2025-10-01", "tagging": {"Children": ["Millie"]}, "purposes": [],
                               "reported": false, "faces": 2, "captions": []},
                     "media": {"orientation": null, "gps": false, "thumbnail": false, "not_faces": [2], "faces_found": 2}}');
           INSERT INTO tags (photo_id, label, child_id, region) VALUES ('p1', 'Millie', 'C001', '[0.1,0.1,0.2,0.2]');"#,
    )
    .expect("a v7 register");
    MIGRATIONS.to_latest(&mut conn).expect("latest");
    let r = Register { conn: db::Db::wrap(conn) };
    let p = r.photo("p1").expect("read").expect("row");
    use crate::policy::FaceIs;
    assert_eq!(p.facts().faces, Some(vec![FaceIs::Unassigned, FaceIs::NotAChild]));
    assert_eq!(p.child_ids(), vec!["C001".to_string()]);
    assert_eq!(p.tags[0].region, Some([0.1, 0.1, 0.2, 0.2]));
    assert!(p.stored.facts.was_stored && p.stored.facts.tagged_by_person);
    assert_eq!(r.rechecks_owed().expect("owed").len(), 1);
    let d = decide(
        &p.facts(),
        &r.snapshot().expect("snapshot"),
        &Rules::default(),
        NaiveDate::MAX.pred_opt().expect("day"),
    );
    assert!(d.codes().contains(&crate::policy::ReasonCode::UntaggedFaces), "{:?}", d.reasons);
    assert!(!on_deletion_clock(&d.reasons), "{:?}", d.reasons);
}

/// The retention pages read only the photos that may fall due
/// ([`Register::photo_ages_due_by`]); over any register, rules and day, the
/// look-ahead from those is the look-ahead from every photo.
mod due_by {
    use super::*;
    use proptest::prelude::*;

    /// A day as the register writes it, `offset` days from 2026-11-22;
    /// `None` leaves the column empty and `Some(None)` writes a date nobody
    /// can read.
    fn day(offset: Option<Option<i64>>, time: bool) -> Option<String> {
        let base = d("2026-11-22");
        offset.map(|o| match o {
            Some(o) => {
                let day = base + chrono::Duration::days(o);
                if time {
                    format!("{day}T08:30:00Z")
                } else {
                    day.to_string()
                }
            }
            None => "not a date".to_string(),
        })
    }

    fn some_day() -> impl Strategy<Value = Option<Option<i64>>> {
        prop_oneof![
            1 => Just(None),
            1 => Just(Some(None)),
            8 => (-120i64..40).prop_map(|o| Some(Some(o))),
        ]
    }

    #[derive(Debug, Clone)]
    struct Row {
        state: &'static str,
        captured: Option<Option<i64>>,
        received: Option<i64>,
        since: i64,
        clock: Option<Option<i64>>,
        kept: bool,
        announced: Option<i64>,
        children: Vec<usize>,
    }

    fn row() -> impl Strategy<Value = Row> {
        (
            prop::sample::select(vec!["stored", "quarantined", "awaiting_tags", "deleted"]),
            some_day(),
            prop::option::weighted(0.95, -120i64..10),
            -400i64..10,
            some_day(),
            prop::bool::weighted(0.1),
            prop::option::of(-20i64..5),
            prop::collection::btree_set(0usize..3, 0..3).prop_map(|s| s.into_iter().collect::<Vec<_>>()),
        )
            .prop_map(|(state, captured, received, since, clock, kept, announced, children)| Row {
                state,
                captured,
                received,
                since,
                clock,
                kept,
                announced,
                children,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn due_by_is_the_plan_of_every_photo(
            rows in prop::collection::vec(row(), 0..30),
            left in prop::collection::vec(prop::option::of(-90i64..40), 3),
            // Often an age rule nothing reaches, so the other rules decide.
            rules in (0u32..60, prop_oneof![0u32..120, Just(36_500u32)], 0u32..60),
            days in prop::sample::select(vec![0u32, 7, 30]),
        ) {
            let today = d("2026-11-22");
            let r = Register::open_in_memory().expect("open");
            let ids = ["C1", "C2", "C3"];
            for (i, id) in ids.iter().enumerate() {
                r.conn().execute(
                    "INSERT INTO children (id, name, left_on, created_at) VALUES (?1, ?1, ?2, '2025-01-01T00:00:00Z')",
                    rusqlite::params![id, day(left[i].map(Some), false)],
                ).expect("child");
            }
            for (n, p) in rows.iter().enumerate() {
                let id = format!("p{n}");
                let received = day(Some(p.received), true).unwrap_or_else(|| "not a date".into());
                r.conn().execute(
                    "INSERT INTO photos (id, state, source_name, format, bytes, tagged, received_at, updated_at,
                                         state_since, purposes, facts, captured_at, clock_since, kept_at)
                     VALUES (?1, ?2, 'a.jpg', 'jpeg', 1, 1, ?3, ?3, ?4, '[]', '{}', ?5, ?6, ?7)",
                    rusqlite::params![
                        id, p.state, received, day(Some(Some(p.since)), true),
                        day(p.captured, true), day(p.clock, false),
                        p.kept.then_some("2026-01-01T00:00:00Z"),
                    ],
                ).expect("photo");
                for c in &p.children {
                    r.conn().execute(
                        "INSERT INTO tags (photo_id, label, child_id) VALUES (?1, ?2, ?2)",
                        rusqlite::params![id, ids[*c]],
                    ).expect("tag");
                }
                if let Some(a) = p.announced {
                    r.conn().execute(
                        "INSERT INTO deletion_notices (photo_id, rule, due_on, announced_on) VALUES (?1, 'max_age_days', ?2, ?2)",
                        rusqlite::params![id, day(Some(Some(a)), false)],
                    ).expect("notice");
                }
            }
            let rules = crate::retention::Rules { after_leaving_days: rules.0, max_age_days: rules.1, quarantine_days: rules.2 };
            let children = r.children().expect("children");
            let every = crate::retention::ahead(&r.photo_ages().expect("all"), &children, &rules, today, days);
            let some = r.photo_ages_due_by(&rules, crate::retention::horizon(today, days)).expect("due by");
            prop_assert!(some.len() <= rows.len());
            prop_assert_eq!(crate::retention::ahead(&some, &children, &rules, today, days), every);
        }
    }
}

/// A re-check reads the register a batch at a time: every photo not
/// deleted (or every photo of the children asked for) exactly once, across
/// the batches' edges, and never one deleted since the scan began.
#[test]
fn a_recheck_scan_reads_each_photo_once_a_batch_at_a_time() {
    let r = Register::open_in_memory().expect("open");
    for id in ["C1", "C2"] {
        r.conn()
            .execute("INSERT INTO children (id, name, created_at) VALUES (?1, ?1, '2025-01-01T00:00:00Z')", [id])
            .expect("child");
    }
    let facts = serde_json::json!({
        "facts": crate::policy::Facts::new(d("2026-01-01")),
        "media": MediaInfo::default(),
    })
    .to_string();
    for n in 0..2500 {
        let id = format!("{:064x}", n * 7919 % 2503);
        let state = if n % 10 == 0 { "deleted" } else { "stored" };
        r.conn()
            .execute(
                "INSERT INTO photos (id, state, source_name, format, bytes, tagged, received_at, updated_at,
                                     state_since, purposes, facts)
                 VALUES (?1, ?2, 'a.jpg', 'jpeg', 1, 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z',
                         '2026-01-01T00:00:00Z', '[]', ?3)",
                rusqlite::params![id, state, facts],
            )
            .expect("photo");
        let child = if n % 3 == 0 { "C1" } else { "C2" };
        r.conn()
            .execute("INSERT INTO tags (photo_id, label, child_id) VALUES (?1, ?2, ?2)", rusqlite::params![id, child])
            .expect("tag");
    }
    let scan = |children: Option<&[String]>, delete_after_first: bool| {
        let total = r.begin_recheck(children).expect("begin");
        let (mut seen, mut after, mut batches) = (Vec::new(), String::new(), 0);
        loop {
            let batch = r.next_to_recheck(&after, 1000).expect("next");
            let Some(last) = batch.last() else { break };
            after = last.id.to_string();
            batches += 1;
            if delete_after_first && batches == 1 {
                r.conn().execute("UPDATE photos SET state = 'deleted' WHERE id > ?1", [&after]).expect("delete");
            }
            assert!(batch.iter().all(|p| p.state != PhotoState::Deleted && p.tags.len() == 1));
            seen.extend(batch.into_iter().map(|p| p.id));
        }
        (total, seen)
    };
    let (total, seen) = scan(None, false);
    assert_eq!(total, 2250);
    let unique: std::collections::BTreeSet<&PhotoId> = seen.iter().collect();
    assert_eq!((seen.len(), unique.len()), (2250, 2250), "each once");
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "in the order of their ids");
    let (total, seen) = scan(Some(&["C1".to_string()]), false);
    assert_eq!((total, seen.len()), (750, 750), "C1's photos not deleted: n % 3 == 0 and n % 10 != 0");
    let (total, seen) = scan(None, true);
    assert_eq!(total, 2250);
    assert_eq!(seen.len(), 1000, "the photos deleted after the first batch are not read");
}

/// A photo's day: its camera's, or else the day it arrived (which is a
/// register time, so always one).
#[test]
fn a_photos_day_is_the_cameras_or_else_its_arrival() {
    let mut p = super::tests_support::photo("p1");
    p.received_at = "2026-03-04T10:00:00Z".into();
    assert_eq!(p.taken_on(), d("2026-03-04"));
    p.captured_at = Some("2025-12-31T23:59:00".into());
    assert_eq!(p.taken_on(), d("2025-12-31"));
    p.captured_at = Some("0000:00:00 00:00:00".into());
    assert_eq!(p.taken_on(), d("2026-03-04"), "a camera date nobody can read");
}
