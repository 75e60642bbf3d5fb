//! `user add|list`: accounts for the web UI, argon2id password hashes.

use super::{print_json, table, BadInput, Ctx};
use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;
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
    /// List users and roles
    List {
        #[arg(long)]
        json: bool,
    },
}

pub const MIN_PASSWORD: usize = 10;

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

fn read_password(from_stdin: bool) -> anyhow::Result<String> {
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
    if password.chars().count() < MIN_PASSWORD {
        return Err(BadInput(format!("the password must have at least {MIN_PASSWORD} characters")).into());
    }
    Ok(password)
}

pub fn run(ctx: &Ctx, cmd: UserCmd) -> anyhow::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        UserCmd::Add { name, role, password_stdin } => {
            super::check_id("user", &name).map_err(BadInput)?;
            let password = read_password(password_stdin)?;
            let hash = hash_password(&password)?;
            reg.add_user(&name, role.as_str(), Some(&hash), &ctx.actor)?;
            println!("added {} {name}", role.as_str());
        }
        UserCmd::List { json } => {
            let users = reg.users()?;
            if json {
                let v: Vec<serde_json::Value> = users
                    .iter()
                    .map(|(n, r, p)| serde_json::json!({ "name": n, "role": r, "has_password": p }))
                    .collect();
                return print_json(&v);
            }
            let rows: Vec<Vec<String>> = users.into_iter().map(|(n, r, _)| vec![n, r]).collect();
            table::print(&["NAME", "ROLE"], &rows);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHash, PasswordVerifier};

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct horse battery").expect("hash");
        let b = hash_password("correct horse battery").expect("hash");
        assert!(a.starts_with("$argon2id$"), "{a}");
        assert_ne!(a, b, "salts differ");
        let parsed = PasswordHash::new(&a).expect("phc");
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(Argon2::default().verify_password(b"wrong", &parsed).is_err());
    }
}
