//! The kinds of failure the front-ends tell apart, in one place: the CLI's
//! exit code and the web's HTTP status are both derived from [`Kind`] (as
//! pict-rs derives its codes in `src/error_code.rs`).

use crate::register::RegisterError;

/// A failure that is the caller's to fix: bad input (exit 2, HTTP 400).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// The policy refused what was asked (exit 3, HTTP 409).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// What kind of failure an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The input, the config or the environment is wrong: fix it and retry.
    BadInput,
    /// The gate said no (a policy refusal, a photo that may not be released).
    Refused,
    /// Something failed that the caller cannot fix (I/O, the database).
    Failed,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::BadInput => 2,
            Kind::Refused => 3,
            Kind::Failed => 1,
        }
    }

    pub fn http_status(self) -> u16 {
        match self {
            Kind::BadInput => 400,
            Kind::Refused => 409,
            Kind::Failed => 500,
        }
    }
}

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
    use crate::keys::KeyError;
    if cause.is::<BadInput>()
        || cause.is::<crate::config::ConfigError>()
        || cause.is::<crate::ingest::Busy>()
        || cause.is::<crate::offsite::Busy>()
        || cause.is::<crate::clock::BadToday>()
    {
        return Some(Kind::BadInput);
    }
    if cause.is::<Refused>()
        || cause.is::<crate::workflow::StillRefused>()
        || cause.is::<crate::workflow::redact::CannotRedact>()
    {
        return Some(Kind::Refused);
    }
    if let Some(r) = cause.downcast_ref::<RegisterError>() {
        return Some(match r {
            RegisterError::Refused { .. } | RegisterError::LastManager(_) | RegisterError::PictureRefused(_) => {
                Kind::Refused
            }
            r if r.is_bad_input() => Kind::BadInput,
            _ => Kind::Failed,
        });
    }
    if let Some(k) = cause.downcast_ref::<KeyError>() {
        return Some(match k {
            KeyError::Io { source, .. } if source.kind() != std::io::ErrorKind::NotFound => Kind::Failed,
            KeyError::Encrypt(_) => Kind::Failed,
            _ => Kind::BadInput,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_follow_the_first_cause_that_says_what_it_is() {
        let bad = anyhow::Error::new(BadInput("no such child".into())).context("tagging");
        assert_eq!(classify(&bad), (Kind::BadInput, "no such child".into()));
        let no = anyhow::Error::new(Refused("not allowed".into()));
        assert_eq!(classify(&no).0, Kind::Refused);
        let other = anyhow::anyhow!("disk full");
        assert_eq!(classify(&other).0, Kind::Failed);
        assert_eq!((Kind::BadInput.exit_code(), Kind::Refused.exit_code(), Kind::Failed.exit_code()), (2, 3, 1));
        assert_eq!(
            (Kind::BadInput.http_status(), Kind::Refused.http_status(), Kind::Failed.http_status()),
            (400, 409, 500)
        );
    }
}
