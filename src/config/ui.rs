//! How dates and times are shown to people (the web UI): the setting's
//! date format and time zone.

use serde::{Deserialize, Serialize};

/// How dates and times are shown to people (the web UI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Ui {
    /// A strftime pattern for dates, e.g. `%d/%m/%Y` (UK) or `%Y-%m-%d`.
    pub date_format: String,
    /// `local` (the machine's time zone, as set by its TZ or
    /// /etc/localtime) or `UTC`.
    pub time_zone: String,
}

impl Default for Ui {
    fn default() -> Self {
        Ui { date_format: "%d/%m/%Y".into(), time_zone: "local".into() }
    }
}

impl Ui {
    /// A date as people here write it.
    pub fn date(&self, d: chrono::NaiveDate) -> String {
        d.format(&self.date_format).to_string()
    }

    /// The day of a register time in the setting's time zone, as people
    /// here write dates.
    pub fn day(&self, t: crate::model::At) -> String {
        self.date(self.local(t.time()).date())
    }

    /// A register time as a date and a time to the minute in the
    /// setting's time zone.
    pub fn at(&self, t: crate::model::At) -> String {
        self.local(t.time()).format(&self.minute_pattern()).to_string()
    }

    /// A register timestamp (RFC 3339, UTC) as a date and a time to the
    /// minute in the setting's time zone; anything else as it is.
    pub fn when(&self, ts: &str) -> String {
        let Ok(t) = chrono::DateTime::parse_from_rfc3339(ts) else {
            // A camera's own local time (EXIF has no zone): as it is, in
            // the setting's date format.
            return match chrono::NaiveDateTime::parse_from_str(ts.get(..19).unwrap_or(ts), "%Y-%m-%dT%H:%M:%S") {
                Ok(t) => t.format(&self.minute_pattern()).to_string(),
                Err(_) => ts.to_string(),
            };
        };
        self.local(t.with_timezone(&chrono::Utc)).format(&self.minute_pattern()).to_string()
    }

    /// `t` as a clock in the setting's time zone shows it.
    fn local(&self, t: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
        if self.time_zone.eq_ignore_ascii_case("utc") {
            t.naive_utc()
        } else {
            t.with_timezone(&chrono::Local).naive_local()
        }
    }

    /// A date and a time to the minute.
    fn minute_pattern(&self) -> String {
        format!("{} %H:%M", self.date_format)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::At;

    #[test]
    fn a_register_time_is_shown_in_the_settings_zone_and_date_format() {
        let ui = Ui { date_format: "%d/%m/%Y".into(), time_zone: "UTC".into() };
        let t = At::parse("2026-06-30T23:30:00Z").expect("a time");
        assert_eq!(ui.day(t), "30/06/2026");
        assert_eq!(ui.at(t), "30/06/2026 23:30");
        assert_eq!(ui.when("2026-06-30T23:30:00Z"), "30/06/2026 23:30");
        // A camera's own time has no zone: as it is, in the date format.
        assert_eq!(ui.when("2026-06-30T09:12:44"), "30/06/2026 09:12");
        assert_eq!(ui.when("0000:00:00 00:00:00"), "0000:00:00 00:00:00");
        // The day and the time of one moment agree in the machine's zone too.
        let local = Ui { time_zone: "local".into(), ..ui };
        assert!(local.at(t).starts_with(&local.day(t)), "{} {}", local.at(t), local.day(t));
    }
}
