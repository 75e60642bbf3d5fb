//! `child add|leave|list|import|picture` and `guardian add|list`.

use super::{parse_date, parse_yes_no, print_json, table, Ctx};
use crate::input::csv as csv_rows;
use crate::input::records;
use crate::model::{Child, GuardianLink};
use crate::register::import::{import_children, import_guardians, Report, CHILD_COLUMNS, GUARDIAN_COLUMNS};
use chrono::NaiveDate;
use clap::Subcommand;
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
    /// The small picture on a child's tagging button: cut from a stored photo
    /// they are tagged in, kept encrypted, shown only to staff
    #[command(subcommand)]
    Picture(PictureCmd),
    /// Import children from CSV, all or nothing; known ids are updated.
    /// Columns: id,name and optionally aliases,room,started,left (aliases
    /// separated by ';'; dates YYYY-MM-DD or DD/MM/YYYY). A column left out
    /// keeps what the register has.
    Import {
        /// The CSV file
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PictureCmd {
    /// Cut the child's picture from a stored photo they are tagged in
    /// (refused, with exit code 3, unless the photo is in the vault, the
    /// child is tagged in it and has current learning-journey consent)
    Set {
        /// The child's id, name or alias
        child: String,
        /// The photo id, or a unique prefix of at least 8 hex characters
        #[arg(long)]
        photo: String,
        /// The square to cut around, x,y,w,h as fractions of the upright
        /// photo [default: the child's tagged face, else the middle]
        #[arg(long, value_name = "X,Y,W,H", value_parser = crate::input::parse_region)]
        region: Option<[f64; 4]>,
        /// The age identity that reads the vault [default: paths.identity]
        #[arg(long, value_name = "FILE")]
        identity: Option<PathBuf>,
        /// Print the picture's record as JSON
        #[arg(long)]
        json: bool,
    },
    /// Take the child's picture off (its encrypted file is removed)
    Remove {
        /// The child's id, name or alias
        child: String,
        /// Why, for the audit log
        #[arg(long, default_value = "removed by the manager")]
        note: String,
    },
    /// List the children's pictures: which photo, which square, who chose it
    List {
        #[arg(long)]
        json: bool,
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
    /// Import guardians from CSV, all or nothing; known ones are updated.
    /// Columns: child,id,name,relationship,parental_responsibility (child:
    /// an id, name, alias or a first name only one child has; yes or no)
    Import {
        /// The CSV file
        file: PathBuf,
        #[arg(long)]
        json: bool,
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

pub fn run_child(ctx: &Ctx, cmd: ChildCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        ChildCmd::Add { id, name, aliases, room, started } => {
            let child = Child {
                id: crate::model::ChildId::parse(&id)?,
                name: name.trim().to_string(),
                aliases: aliases.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
                room: room.filter(|r| !r.trim().is_empty()),
                started,
                left: None,
            };
            records::ok(records::child(&child))?;
            reg.add_child(&child, &ctx.actor)?;
            println!("added child {}", child.id);
        }
        ChildCmd::Leave { id, on } => {
            let child = reg.find_child_by_first_name(&id)?;
            let bar = super::progress::Bar::new(false);
            let mut w = crate::workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor).with_progress(&bar);
            let moved = crate::workflow::leave(&mut w, &child, on)?;
            super::manager::print_moved(&moved);
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
                        c.id.to_string(),
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
        ChildCmd::Picture(cmd) => return run_picture(ctx, &mut reg, cmd),
        ChildCmd::Import { file, json } => {
            let rows = csv_rows::read(&file, &CHILD_COLUMNS)?;
            let report = import_children(&mut reg, &rows, &file.display().to_string(), &ctx.actor)?;
            // New children have no photos yet; a changed leaving date matters.
            let cause = (!report.changed.is_empty()).then(|| format!("children import from {}", file.display()));
            imported(ctx, &mut reg, &report, "children", &file, cause, json)?;
        }
    }
    Ok(())
}

fn run_picture(ctx: &Ctx, reg: &mut crate::register::Register, cmd: PictureCmd) -> crate::error::Result<()> {
    use crate::workflow::{self, picture};
    match cmd {
        PictureCmd::Set { child, photo, region, identity, json } => {
            let child = reg.find_child_by_first_name(&child)?;
            let photo = reg.find_photo(&photo)?;
            let identity = super::manager::identity(ctx, identity)?;
            let cut = region.map_or(picture::Cut::Face, picture::Cut::Region);
            let mut w = workflow::Ctx::new(reg, &ctx.config, ctx.today, &ctx.actor);
            let set = picture::set(&mut w, &child, &photo, cut, &identity)?;
            if json {
                return print_json(&set);
            }
            println!("{} has a picture from photo {}", child.id, crate::model::short(&photo.id));
        }
        PictureCmd::Remove { child, note } => {
            let child = reg.find_child_by_first_name(&child)?;
            let mut w = workflow::Ctx::new(reg, &ctx.config, ctx.today, &ctx.actor);
            match picture::remove(&mut w, &child.id, &note)? {
                Some(_) => println!("{}'s picture is removed", child.id),
                None => println!("{} has no picture", child.id),
            }
        }
        PictureCmd::List { json } => {
            let pictures = reg.child_pictures()?;
            if json {
                return print_json(&pictures);
            }
            let rows: Vec<Vec<String>> = pictures
                .iter()
                .map(|p| {
                    vec![
                        p.child.clone(),
                        crate::model::short(&p.photo).to_string(),
                        p.region.iter().map(|v| format!("{v:.3}")).collect::<Vec<_>>().join(","),
                        p.chosen_by.clone(),
                        p.chosen_at.to_string(),
                    ]
                })
                .collect();
            table::print(&["CHILD", "PHOTO", "SQUARE", "CHOSEN BY", "CHOSEN AT"], &rows);
        }
    }
    Ok(())
}

pub fn run_guardian(ctx: &Ctx, cmd: GuardianCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        GuardianCmd::Add { child, gid, name, relationship, parental_responsibility } => {
            let child = reg.find_child_by_first_name(&child)?;
            let link = GuardianLink {
                guardian_id: gid,
                child_id: child.id.clone(),
                name: name.trim().into(),
                relationship: relationship.trim().into(),
                parental_responsibility,
            };
            records::ok(records::guardian(&link))?;
            reg.add_guardian(&link, &ctx.actor)?;
            println!("added guardian {} of {}", link.guardian_id, child.id);
            if !parental_responsibility {
                println!(
                    "note: {} has no parental responsibility for {}: consent they sign is recorded but does not count",
                    link.guardian_id, child.id
                );
            }
        }
        GuardianCmd::Import { file, json } => {
            let rows = csv_rows::read(&file, &GUARDIAN_COLUMNS)?;
            let report = import_guardians(&mut reg, &rows, &file.display().to_string(), &ctx.actor)?;
            let cause = report.changed_anything().then(|| format!("guardians import from {}", file.display()));
            imported(ctx, &mut reg, &report, "guardians", &file, cause, json)?;
        }
        GuardianCmd::List { child, json } => {
            let only = child.map(|c| reg.find_child_by_first_name(&c)).transpose()?;
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
                        l.child_id.to_string(),
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

/// After an import: re-checks the photos when the register changed (for
/// `cause`), then prints the report (with the photos that moved) as JSON,
/// or one line and the moves.
pub fn imported(
    ctx: &Ctx,
    reg: &mut crate::register::Register,
    report: &Report,
    what: &str,
    file: &std::path::Path,
    cause: Option<String>,
    json: bool,
) -> crate::error::Result<()> {
    let moved = match &cause {
        Some(cause) => super::manager::recheck_quietly(ctx, reg, cause)?,
        None => Vec::new(),
    };
    if json {
        return print_json(&serde_json::json!({
            "added": report.added,
            "changed": report.changed,
            "unchanged": report.unchanged,
            "warnings": report.warnings,
            "moved": moved,
        }));
    }
    println!("{} from {}", report.summary(what), file.display());
    super::manager::print_moved(&moved);
    Ok(())
}
