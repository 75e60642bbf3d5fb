//! How a front-end tells a failure to a person: the kind of an error chain
//! (from which the exit code and the HTTP status derive) and the message of
//! the cause that says what it is. Above the library's modules, below the
//! front-ends: each error type says its own kind ([`KindOf`]); this only
//! lists the types a chain may carry.

use crate::error::{Kind, KindOf};

/// Classifies an error by the first cause in its chain that says what it
/// is; returns the kind and that cause's message (for the people who must
/// act on it). Anything unrecognised is a failure.
pub fn classify(err: &anyhow::Error) -> (Kind, String) {
    for cause in err.chain() {
        if let Some(kind) = kind_of(cause) {
            return (kind, cause.to_string());
        }
    }
    (Kind::Failed, format!("{err:#}"))
}

fn kind_of(cause: &(dyn std::error::Error + 'static)) -> Option<Kind> {
    fn as_kind<T: KindOf + std::error::Error + 'static>(cause: &(dyn std::error::Error + 'static)) -> Option<Kind> {
        cause.downcast_ref::<T>().map(KindOf::kind)
    }
    use crate::error::{BadInput, Refused, RetryLater};
    as_kind::<BadInput>(cause)
        .or_else(|| as_kind::<Refused>(cause))
        .or_else(|| as_kind::<RetryLater>(cause))
        .or_else(|| as_kind::<crate::config::ConfigError>(cause))
        .or_else(|| as_kind::<crate::clock::BadToday>(cause))
        .or_else(|| as_kind::<crate::keys::KeyError>(cause))
        .or_else(|| as_kind::<crate::register::RegisterError>(cause))
        .or_else(|| as_kind::<crate::ingest::Busy>(cause))
        .or_else(|| as_kind::<crate::offsite::Busy>(cause))
        .or_else(|| as_kind::<crate::workflow::StillRefused>(cause))
        .or_else(|| as_kind::<crate::workflow::redact::CannotRedact>(cause))
        .or_else(|| as_kind::<crate::workflow::tag::UndoError>(cause))
        .or_else(|| as_kind::<crate::workflow::Withheld>(cause))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{BadInput, Refused, RetryLater};

    #[test]
    fn kinds_follow_the_first_cause_that_says_what_it_is() {
        let bad = anyhow::Error::new(BadInput("no such child".into())).context("tagging");
        assert_eq!(classify(&bad), (Kind::BadInput, "no such child".into()));
        let no = anyhow::Error::new(Refused("not allowed".into()));
        assert_eq!(classify(&no).0, Kind::Refused);
        let busy = anyhow::Error::new(crate::ingest::Busy).context("ingest --once");
        assert_eq!(classify(&busy).0, Kind::RetryLater);
        let changing = anyhow::Error::new(crate::register::RegisterError::KeptChanging);
        assert_eq!(classify(&changing).0, Kind::RetryLater);
        let later = anyhow::Error::new(RetryLater("soon".into()));
        assert_eq!(classify(&later).0, Kind::RetryLater);
        let missing = anyhow::Error::new(crate::register::RegisterError::NotFound { what: "child", id: "C9".into() });
        assert_eq!(classify(&missing).0, Kind::NotFound);
        let other = anyhow::anyhow!("disk full");
        assert_eq!(classify(&other).0, Kind::Failed);
    }

    /// Every error type that says its kind is one `kind_of` looks for: a
    /// new one left out would be told to people as "something went wrong".
    #[test]
    fn every_type_that_says_its_kind_is_recognised() {
        let listed = include_str!("failure.rs");
        let listed = listed.split("#[cfg(test)]").next().unwrap_or_default();
        let mut missing = Vec::new();
        let mut seen = 0;
        for (path, text) in crate::source_files() {
            for (at, _) in text.match_indices("KindOf for ") {
                let name: String = text[at + 11..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name.is_empty() {
                    continue;
                }
                seen += 1;
                if !listed.contains(&format!("{name}>(cause)")) {
                    missing.push(format!("{}: {name}", path.display()));
                }
            }
        }
        assert!(seen >= 10, "found only {seen} error types");
        assert!(missing.is_empty(), "error types that say their kind but are not in kind_of: {missing:?}");
    }
}
