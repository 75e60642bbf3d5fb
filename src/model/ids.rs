//! A child's register id as a type of its own. The gate decides over
//! children by id, never by a name read again later: every list of
//! children the policy reads (a photo's tags, its face ledger, what its
//! own files named, the consent history) holds `ChildId`s, and a `String`
//! (a name, a caption, a tag as typed) cannot be put there by mistake.
//! One is made by [`ChildId::parse`] where a person or a file gives one,
//! or read back from the register, which stored only parsed ones.

use crate::error::BadInput;
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

impl ChildId {
    /// A child id as a person or a file gave it.
    pub fn parse(id: &str) -> Result<ChildId, BadInput> {
        if well_formed(id) {
            Ok(ChildId(id.to_string()))
        } else {
            Err(BadInput(format!("child id `{id}`: use 1 to 32 letters, digits, - or _")))
        }
    }

    /// An id the register wrote: it stored only parsed ones (and rows of
    /// a register made before ids were checked keep their text).
    pub fn from_register(id: String) -> ChildId {
        ChildId(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for ChildId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for ChildId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for ChildId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ChildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for ChildId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ChildId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for ChildId {
    fn eq(&self, other: &String) -> bool {
        &self.0 == other
    }
}

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

impl From<&ChildId> for String {
    fn from(id: &ChildId) -> String {
        id.0.clone()
    }
}

impl From<ChildId> for String {
    fn from(id: ChildId) -> String {
        id.0
    }
}

impl rusqlite::ToSql for ChildId {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        self.0.to_sql()
    }
}

impl rusqlite::types::FromSql for ChildId {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        String::column_result(value).map(ChildId)
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
            assert!(err.0.contains("child id"), "{err}");
        }
    }
}
