//! Web UI accounts: password rules and hashing (argon2id), and the changes
//! a manager makes to accounts, shared by the CLI and the web UI.

use crate::register::Register;
use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

/// The roles a user can have.
pub const ROLES: &[&str] = &["manager", "practitioner"];

/// Checks a new password against the rules.
pub fn check_password(password: &str) -> Result<(), AccountError> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(AccountError::PasswordTooShort);
    }
    if password.chars().any(char::is_control) {
        return Err(AccountError::PasswordWithControls);
    }
    Ok(())
}

/// A new user or password the rules refuse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("the password must have at least {MIN_PASSWORD} characters")]
    PasswordTooShort,
    #[error("the password must not contain control characters")]
    PasswordWithControls,
    #[error("unknown role `{0}` (use manager or practitioner)")]
    UnknownRole(String),
}

crate::error::kind_of!(BadInput: AccountError);

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> crate::error::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| crate::error::err!("hashing the password: {e}"))
}

/// Adds a user with a checked name, role and password.
pub fn add(reg: &mut Register, name: &str, role: &str, password: &str, actor: &str) -> crate::error::Result<()> {
    crate::input::check_id("user", name)?;
    if !ROLES.contains(&role) {
        return Err(AccountError::UnknownRole(role.to_string()).into());
    }
    check_password(password)?;
    reg.add_user(name, role, Some(&hash_password(password)?), actor)?;
    Ok(())
}

/// Sets a user's new password.
pub fn reset_password(reg: &mut Register, name: &str, password: &str, actor: &str) -> crate::error::Result<()> {
    check_password(password)?;
    reg.set_password(name, &hash_password(password)?, actor)?;
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

    #[test]
    fn short_or_control_passwords_are_refused() {
        assert!(check_password("short").is_err());
        assert!(check_password("ten chars!").is_ok());
        assert!(check_password("ten chars\u{7}!").is_err());
    }
}
