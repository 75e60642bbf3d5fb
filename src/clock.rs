//! The one clock. Today's date is the local date, or the one fixed by
//! `$CONSENTGATE_TODAY` (YYYY-MM-DD) for what-if runs and tests of dates
//! passing; timestamps are the real UTC instant. `clippy.toml` forbids
//! reading the wall clock anywhere else (monotonic `Instant`s for timeouts
//! are not a clock read and stay where they are).
#![allow(clippy::disallowed_methods)]

use chrono::{DateTime, NaiveDate, Utc};
use std::time::SystemTime;

pub const TODAY_ENV: &str = "CONSENTGATE_TODAY";

/// A bad `$CONSENTGATE_TODAY`.
#[derive(Debug, thiserror::Error)]
#[error("${TODAY_ENV}: `{0}` is not a date (YYYY-MM-DD)")]
pub struct BadToday(String);

crate::error::kind_of!(BadInput: BadToday);

/// Today: `$CONSENTGATE_TODAY` if set, else the local date.
pub fn today() -> Result<NaiveDate, BadToday> {
    today_from(std::env::var(TODAY_ENV).ok())
}

fn today_from(var: Option<String>) -> Result<NaiveDate, BadToday> {
    match var {
        Some(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| BadToday(s)),
        None => Ok(local_today()),
    }
}

/// The local date, whatever `$CONSENTGATE_TODAY` says (a fall-back where a
/// bad variable must not stop the service).
pub fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Now, in UTC: for timestamps (audit entries, register rows, key files).
pub fn now() -> DateTime<Utc> {
    Utc::now()
}

/// Now, as the file system counts time: for the age of an inbox file.
pub fn system_now() -> SystemTime {
    SystemTime::now()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn today_follows_the_variable_and_refuses_a_bad_one() {
        assert_eq!(today_from(Some(" 2026-02-03 ".into())).ok(), NaiveDate::from_ymd_opt(2026, 2, 3));
        assert!(today_from(Some("03/02/2026".into())).is_err());
        assert_eq!(today_from(None).ok(), Some(local_today()));
    }
}
