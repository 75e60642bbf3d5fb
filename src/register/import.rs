//! The register's CSV imports (children, guardians, consent events): every
//! row checked, every bad line and field named, all rows or none. A setting
//! keeps its register in a spreadsheet and imports it again after each
//! change: rows already on the register are updated (children, guardians)
//! or recognised (consent events), and the report says what was added,
//! changed and left as it was.

use super::{check_text, date_str, Register, RegisterError, Result as RegResult};
use crate::audit::{self, Action};
use crate::input::csv::{Columns, Problems, Row};
use crate::input::{check_purpose_in, parse_date, parse_yes_no, records};
use crate::limits::Field;
use crate::model::{lookup_child_by_first_name, Child, ChildId, ConsentAction, ConsentEvent, GuardianLink, Lookup};
use rusqlite::params;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

pub const CHILD_COLUMNS: Columns =
    Columns { required: &["id", "name"], optional: &["aliases", "room", "started", "left"] };
pub const GUARDIAN_COLUMNS: Columns =
    Columns { required: &["child", "id", "name", "relationship", "parental_responsibility"], optional: &[] };
pub const CONSENT_COLUMNS: Columns =
    Columns { required: &["child", "purpose", "action", "by", "date"], optional: &["review_by", "evidence"] };

/// What an import did: the ids added and changed, and how many rows were
/// already on the register as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    pub added: Vec<String>,
    pub changed: Vec<String>,
    pub unchanged: usize,
    /// Rows taken that a person should look at: a consent given by someone
    /// without parental responsibility is recorded, and does not count.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Report {
    /// "3 children: 1 added, 1 changed, 1 unchanged": the counts alone.
    pub fn counts(&self, what: &str) -> String {
        format!(
            "{} {what}: {} added, {} changed, {} unchanged",
            self.added.len() + self.changed.len() + self.unchanged,
            self.added.len(),
            self.changed.len(),
            self.unchanged
        )
    }

    /// "3 children: 1 added (C010), 1 changed (C003), 1 unchanged", then
    /// each warning on a line of its own.
    pub fn summary(&self, what: &str) -> String {
        let ids = |v: &[String]| if v.is_empty() { String::new() } else { format!(" ({})", v.join(", ")) };
        format!(
            "{} {what}: {} added{}, {} changed{}, {} unchanged",
            self.added.len() + self.changed.len() + self.unchanged,
            self.added.len(),
            ids(&self.added),
            self.changed.len(),
            ids(&self.changed),
            self.unchanged
        ) + &self.warnings.iter().map(|w| format!("\nwarning: {w}")).collect::<String>()
    }

    /// Whether anything on the register changed (so photos need a re-check).
    pub fn changed_anything(&self) -> bool {
        !self.added.is_empty() || !self.changed.is_empty()
    }
}

/// Checks every row, then adds the new children and updates the known ones
/// (a column the file leaves out keeps what the register has), or changes
/// nothing and names every bad line and field.
pub fn import_children(reg: &mut Register, rows: &[Row], label: &str, actor: &str) -> crate::error::Result<Report> {
    let existing: HashMap<String, Child> = reg.children()?.into_iter().map(|c| (c.id.to_lowercase(), c)).collect();
    let mut seen: HashSet<String> = HashSet::new();
    let mut problems = Problems::default();
    let (mut added, mut changed, mut unchanged) = (Vec::new(), Vec::new(), 0);
    for row in rows {
        let text = row.get("id");
        let id = match ChildId::parse(text) {
            Ok(id) => {
                if !seen.insert(id.to_lowercase()) {
                    problems.add(row.line, "id", format!("`{id}` appears twice in the file"));
                }
                id
            }
            Err(why) => {
                problems.add(row.line, "id", why);
                // Never written: the row has a problem.
                ChildId::from_register(text.to_string())
            }
        };
        let mut date = |field: &str| match row.opt(field).map(parse_date) {
            None => None,
            Some(Ok(d)) => Some(d),
            Some(Err(why)) => {
                problems.add(row.line, field, why);
                None
            }
        };
        let (started, left) = (date("started"), date("left"));
        let before = existing.get(&id.to_lowercase());
        let keep = |column: &str| before.is_some() && !row.has(column);
        let child = Child {
            // The register's spelling of a known id.
            id: before.map_or(id.clone(), |b| b.id.clone()),
            name: row.get("name").to_string(),
            aliases: match before {
                Some(b) if keep("aliases") => b.aliases.clone(),
                _ => {
                    row.get("aliases").split(';').map(str::trim).filter(|a| !a.is_empty()).map(str::to_string).collect()
                }
            },
            room: match before {
                Some(b) if keep("room") => b.room.clone(),
                _ => row.opt("room").map(str::to_string),
            },
            started: match before {
                Some(b) if keep("started") => b.started,
                _ => started,
            },
            left: match before {
                Some(b) if keep("left") => b.left,
                _ => left,
            },
        };
        // The id was checked above, with the file's other rows.
        for (field, why) in records::child(&child).into_iter().filter(|(f, _)| *f != "id") {
            problems.add(row.line, field, why);
        }
        match before {
            None => added.push(child),
            Some(b) if *b == child => unchanged += 1,
            Some(_) => changed.push(child),
        }
    }
    problems.into_result(label)?;
    reg.import_children(&added, &changed, actor)?;
    Ok(Report {
        added: added.into_iter().map(|c| c.id.into()).collect(),
        changed: changed.into_iter().map(|c| c.id.into()).collect(),
        unchanged,
        warnings: Vec::new(),
    })
}

/// Checks every row, then adds new guardians and ties, and updates the
/// known ones (a guardian's name, a relationship, parental responsibility),
/// or changes nothing and names every bad line and field. The caller
/// re-checks photos afterwards: parental responsibility decides whether a
/// signature counts.
pub fn import_guardians(reg: &mut Register, rows: &[Row], label: &str, actor: &str) -> crate::error::Result<Report> {
    let children = reg.children()?;
    let existing: HashMap<(String, ChildId), GuardianLink> =
        reg.guardian_links()?.into_iter().map(|l| ((l.guardian_id.clone(), l.child_id.clone()), l)).collect();
    let mut names: HashMap<String, (String, u64)> = HashMap::new();
    let mut seen = HashSet::new();
    let mut problems = Problems::default();
    let (mut added, mut changed, mut unchanged) = (Vec::new(), Vec::new(), 0);
    for row in rows {
        let child = child_of(&children, row, &mut problems);
        let responsibility = match parse_yes_no(row.get("parental_responsibility")) {
            Ok(b) => b,
            Err(why) => {
                problems.add(row.line, "parental_responsibility", why);
                false
            }
        };
        let link = GuardianLink {
            guardian_id: row.get("id").to_string(),
            // Without a child the row has a problem already: never written.
            child_id: child.clone().unwrap_or_else(|| ChildId::from_register(String::new())),
            name: row.get("name").to_string(),
            relationship: row.get("relationship").to_string(),
            parental_responsibility: responsibility,
        };
        for (field, why) in records::guardian(&link) {
            problems.add(row.line, field, why);
        }
        match names.get(&link.guardian_id) {
            Some((name, line)) if *name != link.name => problems.add(
                row.line,
                "name",
                format!("guardian `{}` is `{name}` on line {line}: one id is one person", link.guardian_id),
            ),
            Some(_) => {}
            None => {
                names.insert(link.guardian_id.clone(), (link.name.clone(), row.line));
            }
        }
        let Some(child) = child else { continue };
        if !seen.insert((link.guardian_id.clone(), child.clone())) {
            problems.add(row.line, "id", format!("`{}` is tied to {child} twice in the file", link.guardian_id));
        }
        match existing.get(&(link.guardian_id.clone(), child)) {
            None => added.push(link),
            Some(b) if *b == link => unchanged += 1,
            Some(_) => changed.push(link),
        }
    }
    problems.into_result(label)?;
    reg.import_guardians(&added, &changed, actor)?;
    let id = |l: GuardianLink| format!("{} of {}", l.guardian_id, l.child_id);
    Ok(Report {
        added: added.into_iter().map(id).collect(),
        changed: changed.into_iter().map(id).collect(),
        unchanged,
        warnings: Vec::new(),
    })
}

/// Checks every row and records the new events, or none (naming every bad
/// line and field). An event already on the register (the same child,
/// purpose, action, guardian and date) is recognised, not recorded twice.
/// The caller re-checks stored photos afterwards.
pub fn import_consents(
    reg: &mut Register,
    config: &crate::config::Config,
    rows: &[Row],
    label: &str,
    actor: &str,
) -> crate::error::Result<Report> {
    let children = reg.children()?;
    let links = reg.guardian_links()?;
    let known: HashSet<(ChildId, String, ConsentAction, String, chrono::NaiveDate)> =
        reg.consent_events(None)?.into_iter().map(|e| (e.child_id, e.purpose, e.action, e.by, e.date)).collect();
    let mut problems = Problems::default();
    let mut events = Vec::new();
    let mut unchanged = 0;
    let mut warnings = Vec::new();
    for row in rows {
        let child = child_of(&children, row, &mut problems);
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
            match links.iter().find(|l| l.guardian_id == by && &l.child_id == c) {
                None => problems.add(row.line, "by", format!("`{by}` is not a guardian of {c}")),
                Some(l) if !l.parental_responsibility && action == Some(ConsentAction::Grant) => {
                    warnings.push(format!(
                        "{label}, line {}: {} ({}, {by}) has no parental responsibility for {} ({c}): the grant is \
                         recorded but does not count until someone with parental responsibility gives it",
                        row.line,
                        l.name,
                        l.relationship,
                        crate::policy::child_name(&children, c)
                    ))
                }
                Some(_) => {}
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
        if let Err(why) = crate::limits::check(Field::Note, "evidence", row.get("evidence")) {
            problems.add(row.line, "evidence", why);
        }
        if let (Some(child_id), Some(action), Some(date)) = (child, action, date) {
            if known.contains(&(child_id.clone(), purpose.to_string(), action, by.to_string(), date)) {
                unchanged += 1;
                continue;
            }
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
    let added = events.iter().map(|e| format!("{} {} {}", e.child_id, e.action, e.purpose)).collect();
    Ok(Report { added, changed: Vec::new(), unchanged, warnings })
}

/// The row's `child` column: an id, a name, an alias, or a first name only
/// one child has.
fn child_of(children: &[Child], row: &Row, problems: &mut Problems) -> Option<ChildId> {
    match lookup_child_by_first_name(children, row.get("child")) {
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
    }
}

impl Register {
    /// Adds and updates children in one transaction: all or none.
    pub fn import_children(&mut self, added: &[Child], changed: &[Child], actor: &str) -> RegResult<()> {
        let tx = self.tx()?;
        for c in added {
            super::insert_child(&tx, c, actor)?;
        }
        for c in changed {
            check_text(&[
                (Field::Name, "the child's name", Some(&c.name)),
                (Field::Short, "the room", c.room.as_deref()),
            ])?;
            let n = tx.execute(
                "UPDATE children SET name = ?2, room = ?3, started = ?4, left_on = ?5 WHERE id = ?1",
                params![c.id, c.name, c.room, c.started.map(date_str), c.left.map(date_str)],
            )?;
            if n == 0 {
                return Err(RegisterError::NotFound { what: "child", id: c.id.to_string() });
            }
            tx.execute("DELETE FROM child_aliases WHERE child_id = ?1", [&c.id])?;
            for a in &c.aliases {
                check_text(&[(Field::Short, "an alias", Some(a))])?;
                tx.execute("INSERT OR IGNORE INTO child_aliases (child_id, alias) VALUES (?1, ?2)", params![c.id, a])?;
            }
            // Ids and dates only: children's names stay out of the audit log.
            audit::append(
                &tx,
                &audit::Entry::new(actor, Action::ChildUpdate).child(&c.id).detail(serde_json::json!({
                    "room": c.room,
                    "started": c.started.map(date_str),
                    "left": c.left.map(date_str),
                })),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds and updates guardians and their ties in one transaction.
    pub fn import_guardians(&mut self, added: &[GuardianLink], changed: &[GuardianLink], actor: &str) -> RegResult<()> {
        let tx = self.tx()?;
        for l in added.iter().chain(changed) {
            check_text(&[
                (Field::Name, "the guardian's name", Some(&l.name)),
                (Field::Short, "the relationship", Some(&l.relationship)),
            ])?;
            tx.execute(
                "INSERT INTO guardians (id, name) VALUES (?1, ?2) ON CONFLICT(id) DO UPDATE SET name = excluded.name",
                params![l.guardian_id, l.name],
            )?;
            tx.execute(
                "INSERT INTO guardian_links (guardian_id, child_id, relationship, parental_responsibility)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(guardian_id, child_id) DO UPDATE
                 SET relationship = excluded.relationship, parental_responsibility = excluded.parental_responsibility",
                params![l.guardian_id, l.child_id, l.relationship, l.parental_responsibility],
            )?;
        }
        for (list, action) in [(added, Action::GuardianAdd), (changed, Action::GuardianUpdate)] {
            for l in list {
                audit::append(
                    &tx,
                    &audit::Entry::new(actor, action).child(&l.child_id).detail(serde_json::json!({
                        "guardian": l.guardian_id,
                        "relationship": l.relationship,
                        "parental_responsibility": l.parental_responsibility,
                    })),
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
