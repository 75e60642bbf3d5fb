//! `child add|leave|list|import` and `guardian add|list`.

use super::csv_rows::{self, Problems};
use super::{check_id, parse_date, parse_yes_no, print_json, table, BadInput, Ctx};
use crate::model::{Child, GuardianLink};
use crate::register::Register;
use chrono::NaiveDate;
use clap::Subcommand;
use std::collections::HashSet;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ChildCmd {
    /// Add a child to the register
    Add {
        /// A short id chosen by the setting, e.g. C001
        id: String,
        /// The child's display name
        #[arg(long)]
        name: String,
        /// Another name the child may be tagged by (repeatable)
        #[arg(long = "alias", value_name = "A")]
        aliases: Vec<String>,
        /// The room or group
        #[arg(long, value_name = "R")]
        room: Option<String>,
        /// First day at the setting (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        started: Option<NaiveDate>,
    },
    /// Record the child's leaving date (retention counts from it)
    Leave {
        /// The child's id, name or alias
        id: String,
        /// Last day at the setting (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        on: NaiveDate,
    },
    /// List the children on the register
    List {
        #[arg(long)]
        json: bool,
    },
    /// Import children from CSV, all or nothing.
    /// Header: id,name,aliases,room,started,left (aliases separated by ';')
    Import {
        /// The CSV file
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum GuardianCmd {
    /// Tie a guardian to a child (the same --id may be tied to siblings)
    Add {
        /// The child's id, name or alias
        #[arg(long)]
        child: String,
        /// A short id for the guardian, e.g. G001
        #[arg(long = "id", value_name = "GID")]
        gid: String,
        #[arg(long)]
        name: String,
        /// e.g. mother, father, carer, grandparent, childminder
        #[arg(long, value_name = "REL")]
        relationship: String,
        /// Only a person with parental responsibility can give consent
        #[arg(long, value_parser = parse_yes_no, action = clap::ArgAction::Set, value_name = "yes|no")]
        parental_responsibility: bool,
    },
    /// List guardians and their parental responsibility
    List {
        /// Only this child's guardians
        #[arg(long)]
        child: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

fn check_child(child: &Child) -> Result<(), BadInput> {
    check_id("child", &child.id).map_err(BadInput)?;
    if child.name.trim().is_empty() {
        return Err(BadInput("the child's name must not be empty".into()));
    }
    if let (Some(s), Some(l)) = (child.started, child.left) {
        if l < s {
            return Err(BadInput(format!("leaving date {l} is before the start date {s}")));
        }
    }
    Ok(())
}

pub fn run_child(ctx: &Ctx, cmd: ChildCmd) -> anyhow::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        ChildCmd::Add { id, name, aliases, room, started } => {
            let child = Child {
                id,
                name: name.trim().to_string(),
                aliases: aliases.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
                room: room.filter(|r| !r.trim().is_empty()),
                started,
                left: None,
            };
            check_child(&child)?;
            reg.add_child(&child, &ctx.actor)?;
            println!("added child {}", child.id);
        }
        ChildCmd::Leave { id, on } => {
            let child = reg.find_child(&id)?;
            if let Some(s) = child.started {
                if on < s {
                    return Err(BadInput(format!("leaving date {on} is before {}'s start date {s}", child.id)).into());
                }
            }
            reg.set_leaving_date(&child.id, on, &ctx.actor)?;
            super::manager::recheck(ctx, &mut reg, &format!("{} leaves on {on}", child.id))?;
            println!(
                "{} leaves on {on}; photos of them are deleted {} days later (retention.after_leaving_days)",
                child.id, ctx.config.retention.after_leaving_days
            );
        }
        ChildCmd::List { json } => {
            let children = reg.children()?;
            if json {
                return print_json(&children);
            }
            let rows: Vec<Vec<String>> = children
                .iter()
                .map(|c| {
                    vec![
                        c.id.clone(),
                        c.name.clone(),
                        if c.aliases.is_empty() { "-".into() } else { c.aliases.join("; ") },
                        table::opt(&c.room),
                        table::opt(&c.started),
                        table::opt(&c.left),
                    ]
                })
                .collect();
            table::print(&["ID", "NAME", "ALIASES", "ROOM", "STARTED", "LEFT"], &rows);
        }
        ChildCmd::Import { file } => {
            let rows = csv_rows::read(&file, CHILD_COLUMNS)?;
            let n = import_children(&mut reg, &rows, &file.display().to_string(), &ctx.actor)?;
            println!("imported {n} children from {}", file.display());
        }
    }
    Ok(())
}

pub const CHILD_COLUMNS: &[&str] = &["id", "name", "aliases", "room", "started", "left"];

/// Checks every row and adds all the children, or none (naming every bad
/// line and field).
pub fn import_children(reg: &mut Register, rows: &[csv_rows::Row], label: &str, actor: &str) -> anyhow::Result<usize> {
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
        if row.get("name").is_empty() {
            problems.add(row.line, "name", "must not be empty");
        }
        use crate::limits::{check, Field};
        for (field, kind) in [("name", Field::Name), ("room", Field::Short), ("aliases", Field::Note)] {
            if let Err(why) = check(kind, field, row.get(field)) {
                problems.add(row.line, field, why);
            }
        }
        for alias in row.get("aliases").split(';').map(str::trim) {
            if let Err(why) = check(Field::Short, "an alias", alias) {
                problems.add(row.line, "aliases", why);
            }
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
        if let (Some(s), Some(l)) = (started, left) {
            if l < s {
                problems.add(row.line, "left", format!("{l} is before the start date {s}"));
            }
        }
        children.push(Child {
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
        });
    }
    problems.into_result(label)?;
    reg.add_children(&children, actor)?;
    Ok(children.len())
}

pub fn run_guardian(ctx: &Ctx, cmd: GuardianCmd) -> anyhow::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        GuardianCmd::Add { child, gid, name, relationship, parental_responsibility } => {
            check_id("guardian", &gid).map_err(BadInput)?;
            if name.trim().is_empty() || relationship.trim().is_empty() {
                return Err(BadInput("--name and --relationship must not be empty".into()).into());
            }
            let child = reg.find_child(&child)?;
            let link = GuardianLink {
                guardian_id: gid,
                child_id: child.id.clone(),
                name: name.trim().into(),
                relationship: relationship.trim().into(),
                parental_responsibility,
            };
            reg.add_guardian(&link, &ctx.actor)?;
            println!("added guardian {} of {}", link.guardian_id, child.id);
            if !parental_responsibility {
                println!(
                    "note: {} has no parental responsibility for {}: consent they sign is recorded but does not count",
                    link.guardian_id, child.id
                );
            }
        }
        GuardianCmd::List { child, json } => {
            let only = child.map(|c| reg.find_child(&c)).transpose()?;
            let links: Vec<GuardianLink> = reg
                .guardian_links()?
                .into_iter()
                .filter(|l| only.as_ref().is_none_or(|c| c.id == l.child_id))
                .collect();
            if json {
                return print_json(&links);
            }
            let rows: Vec<Vec<String>> = links
                .iter()
                .map(|l| {
                    vec![
                        l.child_id.clone(),
                        l.guardian_id.clone(),
                        l.name.clone(),
                        l.relationship.clone(),
                        if l.parental_responsibility { "yes".into() } else { "no".into() },
                    ]
                })
                .collect();
            table::print(&["CHILD", "GUARDIAN", "NAME", "RELATIONSHIP", "PARENTAL RESPONSIBILITY"], &rows);
        }
    }
    Ok(())
}
