//! Web UI accounts: add, list, disable and enable, remove, reset a
//! password. The register never leaves the setting without an active
//! manager who can log in.

use super::check_text;
use super::{now, Register, RegisterError, Result};
use crate::audit::{self, Action};
use crate::limits::Field;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

/// A user as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserInfo {
    pub name: String,
    pub role: String,
    pub has_password: bool,
    pub disabled: bool,
}

impl Register {
    pub fn add_user(&mut self, name: &str, role: &str, password_hash: Option<&str>, actor: &str) -> Result<()> {
        check_text(&[(Field::Short, "the user name", Some(name))])?;
        let tx = self.tx()?;
        let exists: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1)", [name], |r| r.get(0))?;
        if exists {
            return Err(RegisterError::Duplicate { what: "user", id: name.into() });
        }
        tx.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, role, password_hash, now()],
        )?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::UserAdd).detail(serde_json::json!({ "user": name, "role": role })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// An active user's role and password hash (none for a disabled user).
    pub fn user_credentials(&self, name: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT role, password_hash FROM users
                 WHERE name = ?1 AND password_hash IS NOT NULL AND disabled_at IS NULL",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// An active user's role: a session of anyone else ends.
    pub fn active_role(&self, name: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT role FROM users WHERE name = ?1 AND disabled_at IS NULL", [name], |r| r.get(0))
            .optional()?)
    }

    /// Every user, by name.
    pub fn users(&self) -> Result<Vec<UserInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT name, role, password_hash IS NOT NULL, disabled_at IS NOT NULL FROM users ORDER BY name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(UserInfo { name: r.get(0)?, role: r.get(1)?, has_password: r.get(2)?, disabled: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Disables (or enables again) a user; a disabled user cannot log in.
    pub fn set_user_disabled(&mut self, name: &str, disabled: bool, actor: &str) -> Result<()> {
        let tx = self.tx()?;
        let user = user_in(&tx, name)?;
        if disabled {
            last_manager_guard(&tx, &user, "disable")?;
        }
        tx.execute("UPDATE users SET disabled_at = ?2 WHERE name = ?1", params![name, disabled.then(now)])?;
        let action = if disabled { Action::UserDisable } else { Action::UserEnable };
        audit::append(&tx, &audit::Entry::new(actor, action).detail(serde_json::json!({ "user": name })))?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a user for good (the audit log keeps what they did).
    pub fn remove_user(&mut self, name: &str, actor: &str) -> Result<()> {
        let tx = self.tx()?;
        let user = user_in(&tx, name)?;
        last_manager_guard(&tx, &user, "remove")?;
        tx.execute("DELETE FROM users WHERE name = ?1", [name])?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::UserRemove)
                .detail(serde_json::json!({ "user": name, "role": user.role })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Sets a new password hash.
    pub fn set_password(&mut self, name: &str, password_hash: &str, actor: &str) -> Result<()> {
        let tx = self.tx()?;
        user_in(&tx, name)?;
        tx.execute("UPDATE users SET password_hash = ?2 WHERE name = ?1", params![name, password_hash])?;
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::UserPassword).detail(serde_json::json!({ "user": name })),
        )?;
        tx.commit()?;
        Ok(())
    }
}

fn user_in(conn: &rusqlite::Connection, name: &str) -> Result<UserInfo> {
    conn.query_row(
        "SELECT name, role, password_hash IS NOT NULL, disabled_at IS NOT NULL FROM users WHERE name = ?1",
        [name],
        |r| Ok(UserInfo { name: r.get(0)?, role: r.get(1)?, has_password: r.get(2)?, disabled: r.get(3)? }),
    )
    .optional()?
    .ok_or_else(|| RegisterError::NotFound { what: "user", id: name.into() })
}

/// Refuses to disable or remove the last active manager who can log in.
fn last_manager_guard(conn: &rusqlite::Connection, user: &UserInfo, verb: &str) -> Result<()> {
    if user.role != "manager" || user.disabled {
        return Ok(());
    }
    let others: i64 = conn.query_row(
        "SELECT COUNT(*) FROM users WHERE role = 'manager' AND disabled_at IS NULL
         AND password_hash IS NOT NULL AND name <> ?1",
        [&user.name],
        |r| r.get(0),
    )?;
    if others == 0 {
        return Err(RegisterError::LastManager { action: verb.to_string(), user: user.name.clone() });
    }
    Ok(())
}
