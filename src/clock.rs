//! Today's date: the local date, or the one fixed by `$CONSENTGATE_TODAY`
//! (YYYY-MM-DD) for what-if runs and tests of dates passing.

use chrono::NaiveDate;

pub const TODAY_ENV: &str = "CONSENTGATE_TODAY";

/// A bad `$CONSENTGATE_TODAY`.
#[derive(Debug, thiserror::Error)]
#[error("${TODAY_ENV}: `{0}` is not a date (YYYY-MM-DD)")]
pub struct BadToday(String);

pub fn today() -> Result<NaiveDate, BadToday> {
    match std::env::var(TODAY_ENV) {
        Ok(s) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| BadToday(s)),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}
