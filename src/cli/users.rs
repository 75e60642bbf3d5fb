//! `user add|list|disable|enable|remove|reset-password`: accounts for the
//! web UI (argon2id password hashes; see [`crate::accounts`]).

use super::{print_json, table, BadInput, Ctx};
use crate::accounts;
use clap::{Subcommand, ValueEnum};
use std::io::BufRead;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Role {
    Manager,
    Practitioner,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Manager => "manager",
            Role::Practitioner => "practitioner",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum UserCmd {
    /// Add a user with an individual password
    Add {
        /// The login name
        name: String,
        #[arg(long, value_enum)]
        role: Role,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users, roles and whether they can log in
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop a user from logging in (kept on the register; `enable` undoes it)
    Disable {
        /// The login name
        name: String,
    },
    /// Let a disabled user log in again
    Enable {
        /// The login name
        name: String,
    },
    /// Remove a user for good (the audit log keeps what they did)
    Remove {
        /// The login name
        name: String,
        /// Remove without asking
        #[arg(long)]
        yes: bool,
    },
    /// Set a new password for a user
    ResetPassword {
        /// The login name
        name: String,
        /// Read the password from the first line of standard input
        #[arg(long)]
        password_stdin: bool,
    },
}

fn read_password(from_stdin: bool) -> crate::error::Result<String> {
    let password = if from_stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    } else {
        let first = rpassword::prompt_password("Password: ")
            .map_err(|e| BadInput(format!("cannot ask for a password ({e}): use --password-stdin")))?;
        let again = rpassword::prompt_password("Same password again: ")?;
        if first != again {
            return Err(BadInput("the two passwords differ".into()).into());
        }
        first
    };
    accounts::check_password(&password)?;
    Ok(password)
}

pub fn run(ctx: &Ctx, cmd: UserCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        UserCmd::Add { name, role, password_stdin } => {
            crate::input::check_id("user", &name)?;
            let password = read_password(password_stdin)?;
            accounts::add(&mut reg, &name, role.as_str(), &password, &ctx.actor)?;
            println!("added {} {name}", role.as_str());
        }
        UserCmd::List { json } => {
            let users = reg.users()?;
            if json {
                return print_json(&users);
            }
            let rows: Vec<Vec<String>> = users
                .into_iter()
                .map(|u| {
                    let status = match (u.disabled, u.has_password) {
                        (true, _) => "disabled",
                        (false, false) => "no password",
                        (false, true) => "active",
                    };
                    vec![u.name, u.role, status.into()]
                })
                .collect();
            table::print(&["NAME", "ROLE", "STATUS"], &rows);
        }
        UserCmd::Disable { name } => {
            reg.set_user_disabled(&name, true, &ctx.actor)?;
            println!("{name} can no longer log in (`consentgate user enable {name}` undoes this)");
        }
        UserCmd::Enable { name } => {
            reg.set_user_disabled(&name, false, &ctx.actor)?;
            println!("{name} can log in again");
        }
        UserCmd::Remove { name, yes } => {
            if !yes && !super::confirm(&format!("Remove the user {name} for good?"))? {
                return Err(BadInput(format!("{name} was not removed (confirm, or pass --yes)")).into());
            }
            reg.remove_user(&name, &ctx.actor)?;
            println!("removed {name}");
        }
        UserCmd::ResetPassword { name, password_stdin } => {
            let password = read_password(password_stdin)?;
            accounts::reset_password(&mut reg, &name, &password, &ctx.actor)?;
            println!("new password set for {name}");
        }
    }
    Ok(())
}
