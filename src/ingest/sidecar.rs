//! Tag sidecars: `<photo name>.tags.json`, which may arrive before or after
//! the photo.
//!
//! ```json
//! {"children": ["C001", "Amelia"], "purposes": ["learning_journey"],
//!  "nobody": false, "regions": {"C001": [0.1, 0.2, 0.3, 0.4]}, "tagged_by": "jess"}
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The largest sidecar read.
const MAX_SIDECAR: u64 = 64 * 1024;

/// Why a sidecar cannot be used. It is the tagging app's (or a person's)
/// to mend: the photo waits for tags as if it had come alone.
#[derive(Debug, thiserror::Error)]
pub enum SidecarError {
    #[error("cannot be read: {0}")]
    Unreadable(#[from] std::io::Error),
    #[error("larger than {MAX_SIDECAR} bytes")]
    TooLarge,
    #[error("not valid JSON of the sidecar shape: {0}")]
    NotTheShape(#[from] serde_json::Error),
    #[error("`nobody` is true but `children` names children")]
    NobodyAndChildren,
    #[error("`children` is empty: name the children, or set `nobody` to true")]
    NoChildren,
    #[error("`purposes`: unknown purpose `{0}`")]
    UnknownPurpose(String),
    #[error("`regions.{0}`: [x, y, w, h] must be fractions of the image")]
    RegionOutside(String),
    #[error("`regions.{0}`: not one of `children`")]
    RegionOfNobodyNamed(String),
}

crate::error::kind_of!(BadInput: SidecarError);

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    #[serde(default)]
    pub children: Vec<String>,
    #[serde(default)]
    pub purposes: Vec<String>,
    #[serde(default)]
    pub nobody: bool,
    #[serde(default)]
    pub regions: BTreeMap<String, [f64; 4]>,
    #[serde(default)]
    pub tagged_by: Option<String>,
}

impl Sidecar {
    /// Checks the shape; `known` are the configured purposes.
    pub fn check(&self, known: &[String]) -> Result<(), SidecarError> {
        if self.nobody && !self.children.is_empty() {
            return Err(SidecarError::NobodyAndChildren);
        }
        if !self.nobody && self.children.iter().all(|c| c.trim().is_empty()) {
            return Err(SidecarError::NoChildren);
        }
        if let Some(p) = self.purposes.iter().find(|p| !known.contains(p)) {
            return Err(SidecarError::UnknownPurpose(p.clone()));
        }
        for (who, r) in &self.regions {
            let ok = r.iter().all(|v| v.is_finite() && (0.0..=1.0).contains(v))
                && r[0] + r[2] <= 1.0 + 1e-9
                && r[1] + r[3] <= 1.0 + 1e-9
                && r[2] > 0.0
                && r[3] > 0.0;
            if !ok {
                return Err(SidecarError::RegionOutside(who.clone()));
            }
            if !self.children.iter().any(|c| c == who) {
                return Err(SidecarError::RegionOfNobodyNamed(who.clone()));
            }
        }
        Ok(())
    }
}

/// Reads the sidecar at `path`: `Ok(None)` when there is none, `Err(why)`
/// when it is there but unusable.
pub fn read(path: &Path, known: &[String]) -> Result<Option<Sidecar>, SidecarError> {
    let Some(file) = super::open_regular(path)? else { return Ok(None) };
    let mut text = String::new();
    file.take(MAX_SIDECAR + 1).read_to_string(&mut text)?;
    if text.len() as u64 > MAX_SIDECAR {
        return Err(SidecarError::TooLarge);
    }
    parse(&text, known).map(Some)
}

/// Parses and checks a sidecar's text.
pub fn parse(text: &str, known: &[String]) -> Result<Sidecar, SidecarError> {
    let s: Sidecar = serde_json::from_str(text)?;
    s.check(known)?;
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        vec!["learning_journey".into(), "display".into()]
    }

    fn parse(s: &str) -> Result<Sidecar, String> {
        super::parse(s, &known()).map_err(|e| e.to_string())
    }

    #[test]
    fn the_documented_shape_parses() {
        let s = parse(
            r#"{"children": ["C001", "Amelia"], "purposes": ["learning_journey"],
            "nobody": false, "regions": {"C001": [0.1, 0.2, 0.3, 0.4]}, "tagged_by": "jess"}"#,
        )
        .expect("parses");
        assert_eq!(s.children, ["C001", "Amelia"]);
        assert!(!s.nobody);
        assert_eq!(s.tagged_by.as_deref(), Some("jess"));
        assert!(parse(r#"{"nobody": true}"#).expect("nobody").nobody);
    }

    #[test]
    fn bad_sidecars_say_why() {
        for (text, want) in [
            (r#"{"children": []}"#, "empty"),
            (r#"{"children": ["C001"], "nobody": true}"#, "nobody"),
            (r#"{"children": ["C001"], "purposes": ["tiktok"]}"#, "tiktok"),
            (r#"{"children": ["C001"], "regions": {"C001": [0.9, 0.2, 0.3, 0.4]}}"#, "regions.C001"),
            (r#"{"children": ["C001"], "regions": {"C002": [0.1, 0.2, 0.3, 0.4]}}"#, "not one of"),
            (r#"{"children": ["C001"], "colour": "red"}"#, "colour"),
            (r#"{"children": "C001"}"#, "invalid type"),
        ] {
            let err = parse(text).expect_err(text);
            assert!(err.contains(want), "{text}: {err}");
        }
    }
}
