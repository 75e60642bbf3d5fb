//! Ids as types of their own: a child's register id and a photo's.
//!
//! The gate decides over
//! children by id, never by a name read again later: every list of
//! children the policy reads (a photo's tags, its face ledger, what its
//! own files named, the consent history) holds `ChildId`s, and a `String`
//! (a name, a caption, a tag as typed) cannot be put there by mistake.
//! One is made by [`ChildId::parse`] where a person or a file gives one,
//! or read back from the register, which stored only parsed ones. A photo
//! is named by its `PhotoId` in every record, and a 12-digit prefix a
//! person types is resolved to one before anything acts on it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A child's id on the register: 1 to 32 letters, digits, `-` or `_`,
/// chosen by the setting (`C001`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChildId(String);

/// Whether `id` is a well-formed id chosen by the setting (children,
/// guardians, devices, users).
pub fn well_formed(id: &str) -> bool {
    !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `id` if it is a well-formed id the setting chose for a `what` (child,
/// guardian, device, user); else what is wrong, in words.
pub fn chosen(what: &str, id: &str) -> Result<String, BadId> {
    if well_formed(id) {
        Ok(id.to_string())
    } else {
        Err(BadId { what: what.to_string(), id: id.to_string() })
    }
}

/// An id a person or a file gave that is not one the setting could have
/// chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} id `{id}`: use 1 to 32 letters, digits, - or _")]
pub struct BadId {
    /// What it names: child, guardian, device, user.
    pub what: String,
    pub id: String,
}

crate::error::kind_of!(BadInput: BadId);

impl ChildId {
    /// A child id as a person or a file gave it.
    pub fn parse(id: &str) -> Result<ChildId, BadId> {
        chosen("child", id).map(ChildId)
    }
}

/// A registered device's id (a camera, an iPad): 1 to 32 letters, digits,
/// `-` or `_`, chosen by the setting (`ipad1`). The policy trusts a photo
/// from a device by this id (the inbox folder it came through) only while
/// the device is on the register and not retired.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DeviceId(String);

impl DeviceId {
    /// A device id as a person or a file gave it.
    pub fn parse(id: &str) -> Result<DeviceId, BadId> {
        chosen("device", id).map(DeviceId)
    }
}

/// A photo's id: the SHA-256 of the file as it arrived (or, for a
/// redacted copy, of the copy), 64 lower-case hex digits. People see and
/// type its first 12 ([`crate::model::short`]); a prefix is resolved to
/// one by the register (`Register::find_photo`), never used as an id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhotoId(String);

impl PhotoId {
    /// The id of `content`: its SHA-256.
    pub fn of_content(content: &[u8]) -> PhotoId {
        PhotoId(hex::encode(<sha2::Sha256 as sha2::Digest>::digest(content)))
    }

    /// The id of content whose SHA-256 the vault computed as it encrypted
    /// it (`hex`, lower case).
    pub fn of_sha256_hex(hex: String) -> PhotoId {
        PhotoId(hex)
    }
}

/// What every id type shares: it reads as its text (`Deref<Target =
/// str>`, `Display`, comparisons with text), goes back to a `String`, and
/// is stored in SQLite as text. Only its own constructors make one.
macro_rules! id_type {
    ($t:ident) => {
        impl $t {
            /// An id the register wrote (it stores only ids made by the
            /// type's own constructors; rows of a register made before ids
            /// were checked keep their text).
            pub fn from_register(id: String) -> $t {
                $t(id)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::ops::Deref for $t {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::borrow::Borrow<str> for $t {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $t {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $t {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $t {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl From<&$t> for String {
            fn from(id: &$t) -> String {
                id.0.clone()
            }
        }

        impl From<$t> for String {
            fn from(id: $t) -> String {
                id.0
            }
        }

        impl rusqlite::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                self.0.to_sql()
            }
        }

        impl rusqlite::types::FromSql for $t {
            fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                String::column_result(value).map($t)
            }
        }
    };
}

id_type!(ChildId);
id_type!(PhotoId);
id_type!(DeviceId);

/// Tests write ids as text: `"C001".into()` (never in the product, where
/// an id is parsed or read from the register).
#[cfg(test)]
impl From<&str> for ChildId {
    fn from(id: &str) -> ChildId {
        ChildId::parse(id).expect("a well-formed child id in a test")
    }
}

#[cfg(test)]
impl From<String> for ChildId {
    fn from(id: String) -> ChildId {
        ChildId::from(id.as_str())
    }
}

#[cfg(test)]
impl From<&str> for DeviceId {
    fn from(id: &str) -> DeviceId {
        DeviceId::parse(id).expect("a well-formed device id in a test")
    }
}

/// Tests name their photos as they like (`"p1".into()`).
#[cfg(test)]
impl From<&str> for PhotoId {
    fn from(id: &str) -> PhotoId {
        PhotoId(id.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_id_is_parsed_once_and_compares_with_its_text() {
        let id = ChildId::parse("C001").expect("an id");
        assert_eq!(id, "C001");
        assert_eq!(id.to_string(), "C001");
        assert_eq!(serde_json::to_string(&id).expect("json"), "\"C001\"");
        for bad in ["", "Amelia Rose", "C/1", "x".repeat(33).as_str(), "C001\n"] {
            let err = ChildId::parse(bad).expect_err(bad);
            assert!(err.to_string().contains("child id"), "{err}");
        }
    }

    #[test]
    fn a_photo_id_is_the_sha256_of_its_content() {
        let id = PhotoId::of_content(b"abc");
        assert_eq!(id, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(serde_json::to_string(&id).expect("json"), format!("\"{id}\""));
    }
}
