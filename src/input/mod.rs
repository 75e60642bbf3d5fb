//! What people type, checked the same way from the CLI, the web UI and CSV
//! imports: dates, yes/no answers, ids, purposes; and the CSV reader.

pub mod csv;
pub mod records;

use chrono::NaiveDate;

/// Parses a date as `YYYY-MM-DD` or, as a UK spreadsheet writes it,
/// `DD/MM/YYYY` (day first; `1/9/2026` too). Nothing else: no two-digit
/// years, no month names, no US order.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let digits =
        |p: &str, min: usize, max: usize| (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    let parsed = match t.split('/').collect::<Vec<_>>().as_slice() {
        [d, m, y] if digits(d, 1, 2) && digits(m, 1, 2) && digits(y, 4, 4) => {
            NaiveDate::from_ymd_opt(y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0))
        }
        _ => match t.split('-').collect::<Vec<_>>().as_slice() {
            [y, m, d] if digits(y, 4, 4) && digits(m, 2, 2) && digits(d, 2, 2) => {
                NaiveDate::from_ymd_opt(y.parse().unwrap_or(0), m.parse().unwrap_or(0), d.parse().unwrap_or(0))
            }
            _ => None,
        },
    };
    parsed.ok_or_else(|| format!("`{s}` is not a date (YYYY-MM-DD, or DD/MM/YYYY)"))
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
