//! The service's age X25519 identity and the vault's recipients.
//!
//! The identity file is an ordinary age identity file; `init` writes it
//! passphrase-protected (age scrypt, armored: the same as `age -p -a`), so
//! both consentgate and the reference `age` tool can use it. Encrypting needs
//! only the recipients in the config, never the identity: ingestion runs
//! without the passphrase, and only reading the archive needs it.

use age::secrecy::{ExposeSecret, SecretString};
use age::x25519;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Environment variable that supplies the identity's passphrase.
pub const PASSPHRASE_ENV: &str = "CONSENTGATE_PASSPHRASE";

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{0} already exists: refusing to overwrite a key")]
    Exists(PathBuf),
    #[error("the identity {0} is passphrase-protected: set ${PASSPHRASE_ENV} or run from a terminal")]
    NoPassphrase(PathBuf),
    #[error("cannot unlock the identity {path}: {why} (wrong passphrase?)")]
    Unlock { path: PathBuf, why: String },
    #[error("{path} holds no age X25519 identity (AGE-SECRET-KEY-1…)")]
    NotAnIdentity { path: PathBuf },
    #[error("passphrase: {0}")]
    Prompt(String),
    #[error("encrypting the identity: {0}")]
    Encrypt(String),
}

impl crate::error::KindOf for KeyError {
    fn kind(&self) -> crate::error::Kind {
        match self {
            KeyError::Io { source, .. } if source.kind() != std::io::ErrorKind::NotFound => crate::error::Kind::Failed,
            KeyError::Encrypt(_) => crate::error::Kind::Failed,
            _ => crate::error::Kind::BadInput,
        }
    }
}

/// Reads the passphrase from the environment, or asks on the terminal
/// (twice when `confirm`, for a new key).
pub fn passphrase(confirm: bool) -> Result<SecretString, KeyError> {
    if let Ok(p) = std::env::var(PASSPHRASE_ENV) {
        if p.is_empty() {
            return Err(KeyError::Prompt(format!("${PASSPHRASE_ENV} is empty")));
        }
        return Ok(SecretString::from(p));
    }
    let first = rpassword::prompt_password("Passphrase for the consentgate identity: ")
        .map_err(|e| KeyError::Prompt(e.to_string()))?;
    if first.len() < 8 {
        return Err(KeyError::Prompt("use at least 8 characters".into()));
    }
    if confirm {
        let again =
            rpassword::prompt_password("Same passphrase again: ").map_err(|e| KeyError::Prompt(e.to_string()))?;
        if again != first {
            return Err(KeyError::Prompt("the two passphrases differ".into()));
        }
    }
    Ok(SecretString::from(first))
}

/// Writes a new identity to `path` (never overwriting), mode 0600, and
/// returns its public recipient.
pub fn create_identity(path: &Path, passphrase: Option<SecretString>) -> Result<x25519::Recipient, KeyError> {
    let identity = x25519::Identity::generate();
    let recipient = identity.to_public();
    let text = format!(
        "# consentgate service identity, created {}\n# public key: {}\n{}\n",
        crate::clock::now().format("%Y-%m-%dT%H:%M:%SZ"),
        recipient,
        identity.to_string().expose_secret()
    );
    let bytes = match passphrase {
        None => text.into_bytes(),
        Some(p) => age::encrypt_and_armor(&age::scrypt::Recipient::new(p), text.as_bytes())
            .map_err(|e| KeyError::Encrypt(e.to_string()))?
            .into_bytes(),
    };
    let io = |source| KeyError::Io { path: path.to_path_buf(), source };
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            KeyError::Exists(path.to_path_buf())
        } else {
            io(e)
        }
    })?;
    f.write_all(&bytes).map_err(io)?;
    f.sync_all().map_err(io)?;
    Ok(recipient)
}

/// True when the file at `path` is passphrase-protected.
pub fn is_protected(bytes: &[u8]) -> bool {
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(0);
    let rest = &bytes[start..];
    rest.starts_with(b"age-encryption.org/") || rest.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----")
}

/// Loads the identity, asking for the passphrase if it is protected.
pub fn load_identity(path: &Path) -> Result<x25519::Identity, KeyError> {
    if !is_locked(path)? {
        return unlock_identity(path, None);
    }
    let pass = match passphrase(false) {
        Ok(p) => p,
        Err(KeyError::Prompt(_)) if std::env::var(PASSPHRASE_ENV).is_err() => {
            return Err(KeyError::NoPassphrase(path.to_path_buf()))
        }
        Err(e) => return Err(e),
    };
    unlock_identity(path, Some(&pass))
}

/// Whether the identity at `path` is passphrase-protected.
pub fn is_locked(path: &Path) -> Result<bool, KeyError> {
    let bytes = std::fs::read(path).map_err(|source| KeyError::Io { path: path.to_path_buf(), source })?;
    Ok(is_protected(&bytes))
}

/// Reads the identity at `path`, opening it with `passphrase` if it is
/// protected (a protected one without a passphrase: [`KeyError::NoPassphrase`]).
/// Nothing is written: the identity stays in memory.
pub fn unlock_identity(path: &Path, passphrase: Option<&SecretString>) -> Result<x25519::Identity, KeyError> {
    let bytes = std::fs::read(path).map_err(|source| KeyError::Io { path: path.to_path_buf(), source })?;
    let text = if is_protected(&bytes) {
        let Some(pass) = passphrase else { return Err(KeyError::NoPassphrase(path.to_path_buf())) };
        let plain = age::decrypt(&age::scrypt::Identity::new(pass.clone()), &bytes)
            .map_err(|e| KeyError::Unlock { path: path.to_path_buf(), why: e.to_string() })?;
        String::from_utf8(plain).map_err(|_| KeyError::NotAnIdentity { path: path.to_path_buf() })?
    } else {
        String::from_utf8(bytes).map_err(|_| KeyError::NotAnIdentity { path: path.to_path_buf() })?
    };
    text.lines()
        .map(str::trim)
        .find(|l| l.starts_with("AGE-SECRET-KEY-"))
        .and_then(|l| l.parse::<x25519::Identity>().ok())
        .ok_or_else(|| KeyError::NotAnIdentity { path: path.to_path_buf() })
}

/// Parses the configured recipients (validated when the config loaded).
pub fn recipients(configured: &[String]) -> Vec<x25519::Recipient> {
    configured.iter().filter_map(|r| r.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_identity_round_trips_and_never_overwrites() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("id.txt");
        let recipient = create_identity(&path, None).expect("create");
        let id = load_identity(&path).expect("load");
        assert_eq!(id.to_public().to_string(), recipient.to_string());
        assert!(matches!(create_identity(&path, None), Err(KeyError::Exists(_))));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_protected_identity_is_armored_age() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("id.age");
        let mut r = age::scrypt::Recipient::new(SecretString::from("correct horse".to_string()));
        r.set_work_factor(10);
        // what create_identity writes, with a fast work factor for the test
        let id = x25519::Identity::generate();
        let text = format!("{}\n", id.to_string().expose_secret());
        let armored = age::encrypt_and_armor(&r, text.as_bytes()).expect("encrypt");
        std::fs::write(&path, &armored).expect("write");
        assert!(is_protected(armored.as_bytes()));
        assert!(!text.contains("BEGIN") && armored.contains("BEGIN AGE ENCRYPTED FILE"));
        let plain = age::decrypt(
            &age::scrypt::Identity::new(SecretString::from("correct horse".to_string())),
            armored.as_bytes(),
        )
        .expect("decrypt");
        assert_eq!(plain, text.as_bytes());
        assert!(age::decrypt(&age::scrypt::Identity::new(SecretString::from("wrong".to_string())), armored.as_bytes())
            .is_err());
    }

    #[test]
    fn a_file_without_a_key_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("id.txt");
        std::fs::write(&path, "# nothing here\n").expect("write");
        assert!(matches!(load_identity(&path), Err(KeyError::NotAnIdentity { .. })));
    }
}
