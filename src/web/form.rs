//! What a form's fields are typed as: every `Posted` form is a struct of
//! its fields (the CSRF token is read by the extractor), each text field a
//! [`Text`], trimmed as it is read. Forms whose keys repeat (the children
//! ticked on the tagging form, the photos ticked for a bulk action, the
//! purposes kept on a release) read their pairs instead.

use super::AppError;
use serde::{Deserialize, Deserializer};

/// A form's text field, trimmed; empty when the form left it out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text, or `None` when it is empty (an optional field).
    pub fn given(&self) -> Option<String> {
        Some(self.0.clone()).filter(|s| !s.is_empty())
    }

    /// A date field (`2026-09-01` or `01/09/2026`); `None` when empty.
    pub fn date(&self) -> Result<Option<chrono::NaiveDate>, AppError> {
        match self.as_str() {
            "" => Ok(None),
            s => crate::input::parse_date(s).map(Some).map_err(AppError::from),
        }
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        Ok(Text(String::deserialize(d)?.trim().to_string()))
    }
}

/// A button that asks first (`confirm=yes` once the person has seen what
/// it does), with the note it may carry.
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Confirmed {
    pub confirm: Text,
    pub note: Text,
}

impl Confirmed {
    /// Whether the person has seen what it does and said yes.
    pub fn yes(&self) -> bool {
        self.confirm.as_str() == "yes"
    }
}

/// A form with one note (a take-down done, an incident closed).
#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub struct Note {
    pub note: Text,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Form {
        #[serde(default)]
        note: Text,
        #[serde(default)]
        on: Text,
    }

    #[test]
    fn a_forms_text_is_trimmed_and_a_left_out_field_is_empty() {
        let f: Form = serde_urlencoded::from_str("csrf=x&note=%20a%20note%20").expect("form");
        assert_eq!(f.note.as_str(), "a note");
        assert!(f.on.is_empty() && f.on.given().is_none());
        assert_eq!(f.on.date().expect("no date"), None);
        let f: Form = serde_urlencoded::from_str("on=01/09/2026").expect("form");
        assert_eq!(f.on.date().expect("a date"), chrono::NaiveDate::from_ymd_opt(2026, 9, 1));
        let f: Form = serde_urlencoded::from_str("on=31/02/2026").expect("form");
        assert!(f.on.date().is_err(), "a date that is not one is refused");
        assert!(serde_urlencoded::from_str::<Form>("note=a&note=b").is_err(), "a field given twice is refused");
    }
}
