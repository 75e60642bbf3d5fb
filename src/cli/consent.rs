//! `consent grant|refuse|withdraw|show|import`.

use super::{parse_date, print_json, table, Ctx, Refused};
use crate::input::check_purpose_in;
use crate::input::csv as csv_rows;
use crate::input::records;
use crate::model::{ConsentAction, ConsentEvent};
use crate::policy::{check_children, consent_status, ConsentStatus};
use crate::register::import::{import_consents, CONSENT_COLUMNS};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ConsentCmd {
    /// Record a guardian's signed consent for one purpose
    Grant(Signed),
    /// Record a guardian's refusal for one purpose
    Refuse(Signed),
    /// Record a withdrawal: stored photos that relied on it are re-checked
    Withdraw {
        /// The child's id, name or alias
        child: String,
        /// The purpose, e.g. learning_journey, display, website
        purpose: String,
        /// The guardian's id
        #[arg(long, value_name = "GID")]
        by: String,
        /// The date the withdrawal takes effect (YYYY-MM-DD)
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        on: NaiveDate,
    },
    /// The child's consent for every purpose, and its history
    Show {
        /// The child's id, name or alias
        child: String,
        #[arg(long)]
        json: bool,
    },
    /// May a photo of these children be used for these purposes today?
    /// Exit 0 when yes, 3 (with the reasons) when not
    Check {
        /// The children in the photo (ids, names or aliases)
        #[arg(required = true)]
        children: Vec<String>,
        /// What the photo is for (repeatable) [default: purposes.default]
        #[arg(long = "purpose", value_name = "P")]
        purposes: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Import consent events from CSV, all or nothing; events already on
    /// the register are recognised, not recorded twice.
    /// Columns: child,purpose,action,by,date and optionally review_by,evidence
    Import {
        /// The CSV file
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct Signed {
    /// The child's id, name or alias
    child: String,
    /// The purpose, e.g. learning_journey, display, website
    purpose: String,
    /// The guardian's id
    #[arg(long, value_name = "GID")]
    by: String,
    /// The date the form was signed (YYYY-MM-DD)
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    signed: NaiveDate,
    /// When the consent must be reviewed [default: signed + purposes.consent_review_days]
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    review_by: Option<NaiveDate>,
    /// Where the signed form is, e.g. "admission form, office file 3"
    #[arg(long, value_name = "TEXT")]
    evidence: Option<String>,
}

pub fn run(ctx: &Ctx, cmd: ConsentCmd) -> crate::error::Result<()> {
    match cmd {
        ConsentCmd::Grant(s) => record(ctx, ConsentAction::Grant, s),
        ConsentCmd::Refuse(s) => record(ctx, ConsentAction::Refuse, s),
        ConsentCmd::Withdraw { child, purpose, by, on } => record(
            ctx,
            ConsentAction::Withdraw,
            Signed { child, purpose, by, signed: on, review_by: None, evidence: None },
        ),
        ConsentCmd::Show { child, json } => show(ctx, &child, json),
        ConsentCmd::Check { children, purposes, json } => check(ctx, &children, purposes, json),
        ConsentCmd::Import { file, json } => import(ctx, &file, json),
    }
}

fn record(ctx: &Ctx, action: ConsentAction, s: Signed) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    let child = reg.find_child_by_first_name(&s.child)?;
    let event = ConsentEvent {
        seq: 0,
        child_id: child.id.clone(),
        purpose: s.purpose.clone(),
        action,
        by: s.by,
        date: s.signed,
        review_by: s.review_by,
        evidence: s.evidence.filter(|e| !e.trim().is_empty()),
    };
    records::ok(records::consent(&ctx.config, &event))?;
    reg.add_consent_events(std::slice::from_ref(&event), &ctx.actor)?;
    // The re-check it owes is journalled with it: a crash here leaves it
    // owed, and the next command that opens the register finishes it.
    crate::vault::failpoint("after_register_change");
    let snapshot = reg.snapshot()?;
    let status = consent_status(&snapshot, &child.id, &s.purpose, &ctx.config.rules(), ctx.today);
    println!("recorded: {} {} {} (by {}, {})", child.id, action, s.purpose, event.by, event.date);
    println!("{} {} is now: {}", child.id, s.purpose, describe(&status));
    if ctx.config.purposes.forbidden.contains(&s.purpose) {
        println!("note: the setting's policy forbids `{}` whatever is signed", s.purpose);
    }
    super::manager::recheck(ctx, &mut reg, &format!("consent {action} {} {}", child.id, s.purpose))?;
    if matches!(action, ConsentAction::Withdraw | ConsentAction::Refuse) {
        super::publish::after_withdrawal(&reg, &child.id, &s.purpose)?;
    }
    Ok(())
}

fn describe(status: &ConsentStatus) -> String {
    match status {
        ConsentStatus::Granted { review_by, .. } => format!("granted, review by {review_by}"),
        ConsentStatus::ReviewOverdue { review_by, .. } => format!("REVIEW OVERDUE since {review_by}"),
        ConsentStatus::WithoutParentalResponsibility { by, .. } => {
            format!("not valid: {by} has no parental responsibility")
        }
        ConsentStatus::Refused { on, .. } => format!("refused on {on}"),
        ConsentStatus::Withdrawn { on, .. } => format!("withdrawn on {on}"),
        ConsentStatus::Missing => "no consent".into(),
    }
}

#[derive(Serialize)]
struct PurposeState {
    purpose: String,
    forbidden: bool,
    #[serde(flatten)]
    status: ConsentStatus,
    valid: bool,
}

#[derive(Serialize)]
struct ConsentReport {
    child: String,
    name: String,
    today: NaiveDate,
    purposes: Vec<PurposeState>,
    history: Vec<ConsentEvent>,
}

fn show(ctx: &Ctx, label: &str, json: bool) -> crate::error::Result<()> {
    let reg = ctx.register()?;
    let child = reg.find_child_by_first_name(label)?;
    let snapshot = reg.snapshot()?;
    let rules = ctx.config.rules();
    let purposes: Vec<PurposeState> = ctx
        .config
        .purposes
        .known
        .iter()
        .map(|p| {
            let status = consent_status(&snapshot, &child.id, p, &rules, ctx.today);
            let forbidden = rules.forbidden_purposes.contains(p);
            PurposeState { purpose: p.clone(), forbidden, valid: status.is_valid() && !forbidden, status }
        })
        .collect();
    let history: Vec<ConsentEvent> = snapshot.consents.iter().filter(|e| e.child_id == child.id).cloned().collect();
    if json {
        return print_json(&ConsentReport {
            child: child.id.into(),
            name: child.name,
            today: ctx.today,
            purposes,
            history,
        });
    }
    println!("{} {} — consent on {}", child.id, child.name, ctx.today);
    let rows: Vec<Vec<String>> = purposes
        .iter()
        .map(|p| {
            let state = if p.forbidden { "forbidden by policy".to_string() } else { describe(&p.status) };
            vec![p.purpose.clone(), state]
        })
        .collect();
    table::print(&["PURPOSE", "STATE"], &rows);
    if !history.is_empty() {
        println!("\nhistory:");
        let rows: Vec<Vec<String>> = history
            .iter()
            .map(|e| {
                vec![
                    e.date.to_string(),
                    e.action.to_string(),
                    e.purpose.clone(),
                    e.by.clone(),
                    table::opt(&e.review_by),
                    table::opt(&e.evidence),
                ]
            })
            .collect();
        table::print(&["DATE", "ACTION", "PURPOSE", "BY", "REVIEW BY", "EVIDENCE"], &rows);
    }
    Ok(())
}

fn check(ctx: &Ctx, labels: &[String], purposes: Vec<String>, json: bool) -> crate::error::Result<()> {
    let purposes = if purposes.is_empty() { ctx.config.purposes.default.clone() } else { purposes };
    for p in &purposes {
        check_purpose_in(&ctx.config, p)?;
    }
    let reg = ctx.register()?;
    let snapshot = reg.snapshot()?;
    let (ids, unknown) = crate::policy::bind_tags(&snapshot.children, labels);
    let mut result = check_children(&snapshot, &ctx.config.rules(), ctx.today, &ids, &purposes, ctx.today);
    for label in unknown {
        result.reasons.push(crate::policy::Reason::new(crate::policy::ReasonCode::UnknownChild).detail(label));
    }
    result.reasons.sort();
    let children: Vec<&str> = result.children.iter().map(|c| c.id.as_str()).collect();
    if json {
        print_json(&serde_json::json!({
            "allowed": result.reasons.is_empty(),
            "children": children,
            "purposes": purposes,
            "reasons": result.reasons,
        }))?;
    } else if result.reasons.is_empty() {
        println!("allowed: {} for {}", children.join(", "), purposes.join(", "));
    } else {
        for r in &result.reasons {
            println!("{r}: {}", r.code.describe());
        }
    }
    if result.reasons.is_empty() {
        Ok(())
    } else {
        Err(Refused(format!("not allowed: {} reason(s)", result.reasons.len())).into())
    }
}

fn import(ctx: &Ctx, file: &std::path::Path, json: bool) -> crate::error::Result<()> {
    let rows = csv_rows::read(file, &CONSENT_COLUMNS)?;
    let mut reg = ctx.register()?;
    let report = import_consents(&mut reg, &ctx.config, &rows, &file.display().to_string(), &ctx.actor)?;
    let cause = report.changed_anything().then(|| "consent import".to_string());
    super::children::imported(ctx, &mut reg, &report, "consent events", file, cause, json)
}
