//! Every text field has a limit, through the real binary: a name too long
//! (up to a 3 MB name in a spreadsheet) is refused with the file, line and
//! field, and nothing is written.

use crate::common::Setup;

#[test]
fn a_3_mb_name_in_a_spreadsheet_is_refused_with_its_line_and_field() {
    let s = Setup::new();
    let csv = s.dir.path().join("children.csv");
    let huge = "A".repeat(3 << 20);
    std::fs::write(
        &csv,
        format!("id,name,aliases,room,started,left\nC001,Amelia Rose,Millie,Rainbow,,\nC002,{huge},,,,\n"),
    )
    .expect("write");
    let err = s.fails(2, &["child", "import", csv.to_str().expect("path")]);
    assert!(err.contains("children.csv") && err.contains("line 3, field `name`"), "{}", &err[..err.len().min(500)]);
    assert!(err.contains("at most 200"), "{}", &err[..err.len().min(500)]);
    assert!(err.len() < 4000, "the error does not echo the 3 MB back ({} bytes)", err.len());
    assert_eq!(s.json(&["child", "list"]).as_array().map(Vec::len), Some(0), "nothing written");
}

#[test]
fn each_kind_of_field_has_a_limit_on_the_command_line() {
    let s = Setup::new();
    let long = |n: usize| "x".repeat(n);
    // At the limit: accepted.
    s.ok(&["child", "add", "C001", "--name", &long(200), "--alias", &long(64), "--room", &long(64)]);
    for (args, field) in [
        (vec!["child", "add", "C002", "--name", &long(201)], "the child's name"),
        (vec!["child", "add", "C003", "--name", "Ben", "--alias", &long(65)], "an alias"),
        (vec!["child", "add", "C004", "--name", "Ben\nAde"], "the child's name"),
        (
            vec![
                "guardian",
                "add",
                "--child",
                "C001",
                "--id",
                "G1",
                "--name",
                &long(201),
                "--relationship",
                "mother",
                "--parental-responsibility",
                "yes",
            ],
            "the guardian's name",
        ),
        (
            vec!["device", "add", "--id", "d1", "--label", &long(129), "--make", "Apple", "--model", "iPad"],
            "the device's label",
        ),
    ] {
        let err = s.fails(2, &args);
        assert!(err.contains(field) && err.contains("at most") || err.contains("control character"), "{args:?}: {err}");
    }
    let huge = long(100_000);
    let err = s.fails(2, &["child", "add", "C005", "--name", &huge]);
    assert!(err.contains("at most 200") && err.len() < 4000, "{}", &err[..err.len().min(300)]);
    assert_eq!(s.json(&["child", "list"]).as_array().map(Vec::len), Some(1));
}
