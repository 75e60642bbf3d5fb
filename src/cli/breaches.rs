//! `incident breach mark|decide|list`: incidents as a breach register.

use super::{parse_yes_no, print_json, Ctx};
use crate::model::short;
use crate::register::{Breach, REPORT_WITHIN_HOURS};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum BreachCmd {
    /// Mark an incident a possible personal data breach: the 72 hours to decide
    /// whether to report it to the regulator start now
    Mark {
        /// The incident's number (`incident list`)
        incident: i64,
        /// What may have been breached, and how
        #[arg(long)]
        note: String,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// Record the decision: reported to the regulator or not, and why (once)
    Decide {
        /// The incident's number
        incident: i64,
        /// Was it reported to the regulator? yes or no
        #[arg(long, value_parser = parse_yes_no, value_name = "YES|NO", action = clap::ArgAction::Set)]
        reported: bool,
        /// Why it was, or was not, reported
        #[arg(long)]
        why: String,
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
    /// The breach register: the undecided first, with the hours left to decide,
    /// and the copies of each photo that had left the setting
    List {
        /// Print the result as JSON
        #[arg(long)]
        json: bool,
    },
}

fn print(b: &Breach) {
    let state = match (b.hours_left(crate::clock::now()), b.reported) {
        (Some(h), _) if h < 0 => format!("UNDECIDED, {} hour(s) past the {REPORT_WITHIN_HOURS}-hour limit", -h),
        (Some(h), _) => format!("UNDECIDED, {h} hour(s) left (decide by {})", b.decide_by),
        (None, Some(true)) => format!("reported ({})", b.why.as_deref().unwrap_or("")),
        (None, _) => format!("not reported ({})", b.why.as_deref().unwrap_or("")),
    };
    println!("incident {} (photo {}): {} — {state}", b.incident, short(&b.photo), b.note);
    for d in &b.disclosures {
        println!("    disclosed for {} on {} to {}/{}", d.purpose, d.at.day(), d.destination, d.file);
    }
}

pub fn run(ctx: &Ctx, cmd: BreachCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    let (b, json) = match cmd {
        BreachCmd::Mark { incident, note, json } => (reg.mark_breach(incident, &note, &ctx.actor)?, json),
        BreachCmd::Decide { incident, reported, why, json } => {
            (reg.decide_breach(incident, reported, &why, &ctx.actor)?, json)
        }
        BreachCmd::List { json } => {
            let list = reg.breaches()?;
            if json {
                return print_json(&list);
            }
            if list.is_empty() {
                println!("no incident is marked a possible breach");
            }
            list.iter().for_each(print);
            return Ok(());
        }
    };
    if json {
        return print_json(&b);
    }
    print(&b);
    Ok(())
}
