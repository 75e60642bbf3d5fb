//! The kinds of failure the front-ends tell apart. The CLI's exit code and
//! the web's HTTP status are both derived from [`Kind`] (as pict-rs derives
//! its codes in `src/error_code.rs`); each error type of the library says
//! its own kind ([`KindOf`]), next to where it is defined. This module is at
//! the bottom of the house: it knows no other module. The front-ends find
//! the kind of an error chain with [`crate::failure::classify`].

/// A failure that is the caller's to fix: bad input (exit 2, HTTP 400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// The policy refused what was asked (exit 3, HTTP 409).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// Something else was busy with the same thing: the same request a little
/// later will do (exit 75, HTTP 503).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RetryLater(pub String);

/// What kind of failure an error is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The input, the config or the environment is wrong: fix it and retry.
    BadInput,
    /// What was named does not exist (a photo, a child, a user).
    NotFound,
    /// The gate said no (a policy refusal, a photo that may not be released).
    Refused,
    /// The change clashes with what is there (a duplicate id).
    Conflict,
    /// Another writer or process was busy: the same request later will do.
    RetryLater,
    /// Something failed that the caller cannot fix (I/O, the database).
    Failed,
}

impl Kind {
    /// The CLI's exit code: 0 success, 1 failed, 2 bad input (a name that
    /// matches nothing, a duplicate), 3 refused by policy, 75 try again
    /// later (`EX_TEMPFAIL` in sysexits.h).
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::BadInput | Kind::NotFound | Kind::Conflict => 2,
            Kind::Refused => 3,
            Kind::RetryLater => 75,
            Kind::Failed => 1,
        }
    }

    pub fn http_status(self) -> u16 {
        match self {
            Kind::BadInput => 400,
            Kind::NotFound => 404,
            Kind::Refused | Kind::Conflict => 409,
            Kind::RetryLater => 503,
            Kind::Failed => 500,
        }
    }
}

/// An error that knows its own kind.
pub trait KindOf {
    fn kind(&self) -> Kind;
}

impl KindOf for BadInput {
    fn kind(&self) -> Kind {
        Kind::BadInput
    }
}

impl KindOf for Refused {
    fn kind(&self) -> Kind {
        Kind::Refused
    }
}

impl KindOf for RetryLater {
    fn kind(&self) -> Kind {
        Kind::RetryLater
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_and_statuses_derive_from_the_kind() {
        let all = [Kind::BadInput, Kind::NotFound, Kind::Refused, Kind::Conflict, Kind::RetryLater, Kind::Failed];
        let codes: Vec<u8> = all.iter().map(|k| k.exit_code()).collect();
        assert_eq!(codes, [2, 2, 3, 2, 75, 1]);
        let statuses: Vec<u16> = all.iter().map(|k| k.http_status()).collect();
        assert_eq!(statuses, [400, 404, 409, 409, 503, 500]);
    }
}
