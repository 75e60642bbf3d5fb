//! `consentgate user`: add, list, disable, enable, reset a password,
//! remove; never without a manager who can log in.

use crate::common::Setup;

fn names_and_status(s: &Setup) -> Vec<(String, String, bool)> {
    let v = s.json(&["user", "list"]);
    v.as_array()
        .expect("array")
        .iter()
        .map(|u| {
            (
                u["name"].as_str().expect("name").to_string(),
                u["role"].as_str().expect("role").to_string(),
                u["disabled"].as_bool().expect("disabled"),
            )
        })
        .collect()
}

#[test]
fn a_manager_disables_enables_resets_and_removes_users() {
    let s = Setup::new();
    s.user("sam", "manager", "manager password 1");
    s.user("jess", "practitioner", "practitioner password 1");

    s.ok(&["user", "disable", "jess"]);
    assert_eq!(
        names_and_status(&s),
        [("jess".into(), "practitioner".into(), true), ("sam".into(), "manager".into(), false)]
    );
    assert!(s.ok(&["user", "list"]).contains("disabled"), "the table says who cannot log in");
    s.ok(&["user", "enable", "jess"]);
    assert!(!names_and_status(&s)[0].2);

    // A new password: too short is refused and nothing changes.
    let short = s.cmd().args(["user", "reset-password", "jess", "--password-stdin"]).write_stdin("short\n").output();
    assert_eq!(short.expect("run").status.code(), Some(2));
    s.cmd()
        .args(["user", "reset-password", "jess", "--password-stdin"])
        .write_stdin("a new long password\n")
        .assert()
        .success();

    // Removal asks; without a terminal and without --yes nothing happens.
    let out = s.fails(2, &["user", "remove", "jess"]);
    assert!(out.contains("--yes"), "{out}");
    assert_eq!(names_and_status(&s).len(), 2);
    s.ok(&["user", "remove", "jess", "--yes"]);
    assert_eq!(names_and_status(&s), [("sam".into(), "manager".into(), false)]);
    let unknown = s.fails(2, &["user", "disable", "jess"]);
    assert!(unknown.contains("no user `jess`"), "{unknown}");

    let actions: Vec<String> = s
        .json(&["audit", "list"])
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str().map(str::to_string))
        .filter(|a| a.starts_with("user."))
        .collect();
    assert_eq!(actions, ["user.add", "user.add", "user.disable", "user.enable", "user.password", "user.remove"]);
}

#[test]
fn the_last_manager_cannot_be_disabled_or_removed() {
    let s = Setup::new();
    s.user("sam", "manager", "manager password 1");
    s.user("jess", "practitioner", "practitioner password 1");
    let out = s.fails(3, &["user", "disable", "sam"]);
    assert!(out.contains("last manager"), "{out}");
    let out = s.fails(3, &["user", "remove", "sam", "--yes"]);
    assert!(out.contains("last manager"), "{out}");
    // With a second manager, the first can go.
    s.user("ali", "manager", "another password 1");
    s.ok(&["user", "disable", "sam"]);
    // ...and now ali is the last one who can log in.
    s.fails(3, &["user", "remove", "ali", "--yes"]);
    s.ok(&["user", "enable", "sam"]);
    s.ok(&["user", "remove", "ali", "--yes"]);
}
