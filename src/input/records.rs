//! The checks on a record a person enters — a child, a guardian, a consent
//! form — written once and used by the CLI, the web forms and the CSV
//! imports. Each returns every problem, by field, so an import can name the
//! line and field and a form can show the problem beside its field.

use super::{check_id, check_purpose_in, Invalid};
use crate::limits::{check, Field};
use crate::model::{Child, ConsentAction, ConsentEvent, Device, GuardianLink};
use chrono::NaiveDate;

/// Problems with a record: (field, what is wrong), in field order.
pub type Problems = Vec<(&'static str, String)>;

/// A record with problems, for a front-end that shows one message: each
/// problem's words, joined.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", .0.iter().map(|(_, why)| why.as_str()).collect::<Vec<_>>().join("; "))]
pub struct NotValid(pub Problems);

crate::error::kind_of!(BadInput: NotValid);

/// A child's record: id, a name, text limits, and no leaving date before
/// the start date.
pub fn child(c: &Child) -> Problems {
    let mut out = Problems::new();
    if let Err(why) = check_id("child", &c.id) {
        out.push(("id", why.to_string()));
    }
    if c.name.trim().is_empty() {
        out.push(("name", "the child's name must not be empty".into()));
    }
    text(&mut out, ("name", "the child's name"), Field::Name, &c.name);
    text(&mut out, ("room", "the room"), Field::Short, c.room.as_deref().unwrap_or(""));
    for alias in &c.aliases {
        text(&mut out, ("aliases", "an alias"), Field::Short, alias);
    }
    if let (Some(s), Some(l)) = (c.started, c.left) {
        if l < s {
            out.push(("left", format!("leaving date {l} is before the start date {s}")));
        }
    }
    out
}

/// A guardian's link to a child: id, a name and a relationship.
pub fn guardian(g: &GuardianLink) -> Problems {
    let mut out = Problems::new();
    if let Err(why) = check_id("guardian", &g.guardian_id) {
        out.push(("id", why.to_string()));
    }
    for (field, value) in [("name", &g.name), ("relationship", &g.relationship)] {
        if value.trim().is_empty() {
            out.push((field, format!("the guardian's {field} must not be empty")));
        }
    }
    text(&mut out, ("name", "the guardian's name"), Field::Name, &g.name);
    text(&mut out, ("relationship", "the relationship"), Field::Short, &g.relationship);
    out
}

/// A device: id, label, make and model, and an inbox folder that is one
/// plain folder name, never a path.
pub fn device(d: &Device) -> Problems {
    let mut out = Problems::new();
    if let Err(why) = check_id("device", &d.id) {
        out.push(("id", why.to_string()));
    }
    for (field, value) in [("label", &d.label), ("make", &d.make), ("model", &d.model)] {
        if value.trim().is_empty() {
            out.push((field, format!("the device's {field} must not be empty")));
        }
    }
    text(&mut out, ("label", "the device's label"), Field::Label, &d.label);
    text(&mut out, ("make", "the make"), Field::Label, &d.make);
    text(&mut out, ("model", "the model"), Field::Label, &d.model);
    text(&mut out, ("serial", "the serial number"), Field::Label, d.serial.as_deref().unwrap_or(""));
    if let Some(f) = &d.folder {
        let plain = !f.is_empty()
            && f.len() <= 64
            && !f.starts_with('.')
            && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
        if !plain {
            out.push(("folder", format!("folder `{f}`: one plain folder name (letters, digits, - _ .), not a path")));
        }
    }
    out
}

/// A consent form: a known purpose, a review date only on a grant and
/// after the signing date, evidence within its limit. Whether the child and
/// the guardian are on the register is the register's check.
pub fn consent(config: &crate::config::Config, e: &ConsentEvent) -> Problems {
    let mut out = Problems::new();
    if let Err(why) = check_purpose_in(config, &e.purpose) {
        out.push(("purpose", why.to_string()));
    }
    if let Err(why) = review(e.action, e.date, e.review_by) {
        out.push(("review_by", why.to_string()));
    }
    text(&mut out, ("evidence", "the evidence"), Field::Note, e.evidence.as_deref().unwrap_or(""));
    out
}

/// A review date must come after the signing date, and only on a grant.
pub fn review(action: ConsentAction, date: NaiveDate, review_by: Option<NaiveDate>) -> Result<(), Invalid> {
    match (action, review_by) {
        (_, None) => Ok(()),
        (ConsentAction::Grant, Some(r)) if r > date => Ok(()),
        (ConsentAction::Grant, Some(r)) => Err(Invalid::ReviewNotAfterSigning { review: r, signed: date }),
        (_, Some(_)) => Err(Invalid::ReviewOnlyOnAGrant),
    }
}

/// The problems as one error for a front-end that shows one message.
pub fn ok(problems: Problems) -> Result<(), NotValid> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(NotValid(problems))
}

/// A text limit; `(field, label)`: the field's key and its name in words.
fn text(out: &mut Problems, (field, label): (&'static str, &str), kind: Field, value: &str) {
    if let Err(why) = check(kind, label, value) {
        out.push((field, why.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kid() -> Child {
        Child { id: "C001".into(), name: "Amelia".into(), aliases: vec![], room: None, started: None, left: None }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn a_good_child_has_no_problems() {
        assert!(child(&kid()).is_empty());
    }

    #[test]
    fn each_problem_names_its_field() {
        let c = Child {
            // Only a register made before ids were checked holds one like it.
            id: crate::model::ChildId::from_register("C 1".into()),
            name: " ".into(),
            aliases: vec!["x".repeat(65)],
            room: Some("r\u{7}".into()),
            started: Some(d("2026-09-01")),
            left: Some(d("2026-08-01")),
        };
        let fields: Vec<&str> = child(&c).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["id", "name", "room", "aliases", "left"]);
    }

    #[test]
    fn guardians_need_an_id_a_name_and_a_relationship() {
        let g = GuardianLink {
            guardian_id: "".into(),
            child_id: "C001".into(),
            name: "".into(),
            relationship: " ".into(),
            parental_responsibility: true,
        };
        let fields: Vec<&str> = guardian(&g).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["id", "name", "relationship"]);
    }

    #[test]
    fn a_device_folder_is_one_plain_name() {
        let dev = |folder: &str| Device {
            id: "ipad-1".into(),
            label: "iPad".into(),
            make: "Apple".into(),
            model: "iPad".into(),
            serial: None,
            folder: Some(folder.into()),
            retired_on: None,
        };
        assert!(device(&dev("ipad-1")).is_empty());
        for bad in ["../x", "a/b", ".hidden", "a\\b", "", "x y"] {
            assert_eq!(device(&dev(bad)).into_iter().map(|(f, _)| f).collect::<Vec<_>>(), ["folder"], "{bad}");
        }
    }

    #[test]
    fn review_dates_belong_to_grants_after_signing() {
        assert!(review(ConsentAction::Grant, d("2026-01-01"), Some(d("2027-01-01"))).is_ok());
        assert!(review(ConsentAction::Grant, d("2026-01-01"), Some(d("2026-01-01"))).is_err());
        assert!(review(ConsentAction::Refuse, d("2026-01-01"), Some(d("2027-01-01"))).is_err());
        assert!(review(ConsentAction::Withdraw, d("2026-01-01"), None).is_ok());
    }

    #[test]
    fn problems_join_into_one_message() {
        let err = ok(vec![("name", "a".into()), ("left", "b".into())]).expect_err("problems");
        assert_eq!(err.to_string(), "a; b");
        assert!(ok(Vec::new()).is_ok());
    }
}
