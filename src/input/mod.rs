//! What people type, checked the same way from the CLI, the web UI and CSV
//! imports: dates, yes/no answers, ids, purposes; and the CSV reader.

pub mod csv;
pub mod records;

use chrono::NaiveDate;

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        Ok(d) if shaped => Ok(d),
        _ => Err(format!("`{s}` is not a date (YYYY-MM-DD)")),
    }
}

/// Parses `yes` / `no` (also y/n, true/false).
pub fn parse_yes_no(s: &str) -> Result<bool, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(format!("`{s}`: answer yes or no")),
    }
}

/// Checks an id chosen by the setting (children, guardians, devices).
pub fn check_id(what: &str, id: &str) -> Result<(), String> {
    let ok = !id.is_empty() && id.len() <= 32 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!("{what} id `{id}`: use 1 to 32 letters, digits, - or _"))
    }
}

/// Checks a purpose against the config's list.
pub fn check_purpose_in(config: &crate::config::Config, purpose: &str) -> Result<(), String> {
    if config.is_known_purpose(purpose) {
        Ok(())
    } else {
        Err(format!("unknown purpose `{purpose}` (known: {})", config.purposes.known.join(", ")))
    }
}
