//! The register's CSV imports (children, consent events): every row
//! checked, every bad line and field named, all rows or none.

use super::Register;
use crate::input::csv::{Problems, Row};
use crate::input::{check_id, check_purpose_in, parse_date, records};
use crate::model::{lookup_child, Child, ConsentAction, ConsentEvent, Lookup};
use std::collections::HashSet;

pub const CHILD_COLUMNS: &[&str] = &["id", "name", "aliases", "room", "started", "left"];

/// Checks every row and adds all the children, or none (naming every bad
/// line and field).
pub fn import_children(reg: &mut Register, rows: &[Row], label: &str, actor: &str) -> anyhow::Result<usize> {
    let existing: HashSet<String> = reg.children()?.into_iter().map(|c| c.id.to_lowercase()).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut problems = Problems::default();
    let mut children = Vec::new();
    for row in rows {
        let id = row.get("id").to_string();
        if let Err(why) = check_id("child", &id) {
            problems.add(row.line, "id", why);
        } else if existing.contains(&id.to_lowercase()) {
            problems.add(row.line, "id", format!("`{id}` is already on the register"));
        } else if !seen.insert(id.to_lowercase()) {
            problems.add(row.line, "id", format!("`{id}` appears twice in the file"));
        }
        let mut date = |field: &str| match row.opt(field).map(parse_date) {
            None => None,
            Some(Ok(d)) => Some(d),
            Some(Err(why)) => {
                problems.add(row.line, field, why);
                None
            }
        };
        let started = date("started");
        let left = date("left");
        let child = Child {
            id,
            name: row.get("name").to_string(),
            aliases: row
                .get("aliases")
                .split(';')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_string)
                .collect(),
            room: row.opt("room").map(str::to_string),
            started,
            left,
        };
        // The id was checked above, with the register's and the file's.
        for (field, why) in records::child(&child).into_iter().filter(|(f, _)| *f != "id") {
            problems.add(row.line, field, why);
        }
        children.push(child);
    }
    problems.into_result(label)?;
    reg.add_children(&children, actor)?;
    Ok(children.len())
}

pub const CONSENT_COLUMNS: &[&str] = &["child", "purpose", "action", "by", "date", "review_by", "evidence"];

/// Checks every row and records all the events, or none (naming every bad
/// line and field). The caller re-checks stored photos afterwards.
pub fn import_consents(
    reg: &mut Register,
    config: &crate::config::Config,
    rows: &[Row],
    label: &str,
    actor: &str,
) -> anyhow::Result<usize> {
    let children = reg.children()?;
    let links = reg.guardian_links()?;
    let mut problems = Problems::default();
    let mut events = Vec::new();
    for row in rows {
        let child = match lookup_child(&children, row.get("child")) {
            Lookup::Found(c) => Some(c.id.clone()),
            Lookup::Unknown if row.get("child").is_empty() => {
                problems.add(row.line, "child", "must not be empty");
                None
            }
            Lookup::Unknown => {
                problems.add(row.line, "child", format!("no child `{}` on the register", row.get("child")));
                None
            }
            Lookup::Ambiguous(ids) => {
                problems.add(row.line, "child", format!("`{}` could be any of {}", row.get("child"), ids.join(", ")));
                None
            }
        };
        let purpose = row.get("purpose");
        if let Err(why) = check_purpose_in(config, purpose) {
            problems.add(row.line, "purpose", why);
        }
        let action = ConsentAction::parse(row.get("action"));
        if action.is_none() {
            problems.add(row.line, "action", format!("`{}`: use grant, refuse or withdraw", row.get("action")));
        }
        let by = row.get("by");
        if let Some(c) = &child {
            if !links.iter().any(|l| l.guardian_id == by && &l.child_id == c) {
                problems.add(row.line, "by", format!("`{by}` is not a guardian of {c}"));
            }
        }
        let date = match parse_date(row.get("date")) {
            Ok(d) => Some(d),
            Err(why) => {
                problems.add(row.line, "date", why);
                None
            }
        };
        let review_by = match row.opt("review_by").map(parse_date) {
            None => None,
            Some(Ok(d)) => Some(d),
            Some(Err(why)) => {
                problems.add(row.line, "review_by", why);
                None
            }
        };
        if let (Some(a), Some(d)) = (action, date) {
            if let Err(why) = records::review(a, d, review_by) {
                problems.add(row.line, "review_by", why);
            }
        }
        if let Err(why) = crate::limits::check(crate::limits::Field::Note, "evidence", row.get("evidence")) {
            problems.add(row.line, "evidence", why);
        }
        if let (Some(child_id), Some(action), Some(date)) = (child, action, date) {
            events.push(ConsentEvent {
                seq: 0,
                child_id,
                purpose: purpose.to_string(),
                action,
                by: by.to_string(),
                date,
                review_by,
                evidence: row.opt("evidence").map(str::to_string),
            });
        }
    }
    problems.into_result(label)?;
    reg.add_consent_events(&events, actor)?;
    Ok(events.len())
}
