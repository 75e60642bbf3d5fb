//! What people type, checked the same way from the CLI, the web UI and CSV
//! imports: dates, yes/no answers, ids, purposes; and the CSV reader.

pub mod csv;
pub mod records;

use crate::model::BadId;
use chrono::NaiveDate;

/// A value a person typed (or a file held) that is not what its field
/// takes. Each says what was given and what would do.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Invalid {
    #[error("`{0}` is not a date (YYYY-MM-DD, or DD/MM/YYYY)")]
    NotADate(String),
    #[error("`{0}`: answer yes or no")]
    NotYesOrNo(String),
    #[error("\"{0}\" is not a place on the photo: it needs four numbers, x,y,w,h")]
    NotAPlace(String),
    #[error("\"{0}\" is not inside the photo: x,y,w,h are fractions between 0 and 1")]
    PlaceOutside(String),
    #[error("unknown purpose `{purpose}` (known: {known})")]
    UnknownPurpose { purpose: String, known: String },
    #[error("review date {review} must be after the signing date {signed}")]
    ReviewNotAfterSigning { review: NaiveDate, signed: NaiveDate },
    #[error("only a grant has a review date")]
    ReviewOnlyOnAGrant,
}

crate::error::kind_of!(BadInput: Invalid);

/// Parses a date as `YYYY-MM-DD` or, as a UK spreadsheet writes it,
/// `DD/MM/YYYY` (day first; `1/9/2026` too). Nothing else: no two-digit
/// years, no month names, no US order.
pub fn parse_date(s: &str) -> Result<NaiveDate, Invalid> {
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
    parsed.ok_or_else(|| Invalid::NotADate(s.to_string()))
}

/// Parses `yes` / `no` (also y/n, true/false).
pub fn parse_yes_no(s: &str) -> Result<bool, Invalid> {
    match s.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Ok(true),
        "no" | "n" | "false" => Ok(false),
        _ => Err(Invalid::NotYesOrNo(s.to_string())),
    }
}

/// Checks an id chosen by the setting (children, guardians, devices).
pub fn check_id(what: &str, id: &str) -> Result<(), BadId> {
    crate::model::chosen(what, id).map(drop)
}

/// Parses a place on a photo, `x,y,w,h` as fractions of the (upright)
/// photo: four numbers between 0 and 1, a box of some size inside it.
pub fn parse_region(s: &str) -> Result<[f64; 4], Invalid> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| Invalid::NotAPlace(s.to_string()))?;
    let ok = v.len() == 4
        && v.iter().all(|x| x.is_finite() && (0.0..=1.0).contains(x))
        && v[2] > 0.0
        && v[3] > 0.0
        && v[0] + v[2] <= 1.0001
        && v[1] + v[3] <= 1.0001;
    if !ok {
        return Err(Invalid::PlaceOutside(s.to_string()));
    }
    Ok([v[0], v[1], v[2], v[3]])
}

/// Checks a purpose against the config's list.
pub fn check_purpose_in(config: &crate::config::Config, purpose: &str) -> Result<(), Invalid> {
    if config.is_known_purpose(purpose) {
        Ok(())
    } else {
        Err(Invalid::UnknownPurpose { purpose: purpose.to_string(), known: config.purposes.known.join(", ") })
    }
}
