//! A moment the register records (a photo arrived, a concern was opened, a
//! take-down done) as a type of its own, not text.
//!
//! The register writes each as RFC 3339 in UTC to the second
//! (`2026-12-07T04:10:18Z`, the text SQLite orders and compares); an `At`
//! reads back only such a time, and writes and serialises the same text,
//! so the JSON and the database are as they were. Its day is the UTC day,
//! as the register's day filters take it. What a camera wrote
//! (`captured_at`) is a claim of the file, not the register's, and stays
//! the text it was.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A moment on the register, in UTC, to the second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct At(DateTime<Utc>);

impl At {
    /// Now, by the one clock (`clock::now`), to the second.
    pub fn now() -> At {
        At::from_time(crate::clock::now())
    }

    /// `t` to the second (what the register keeps of it).
    pub fn from_time(t: DateTime<Utc>) -> At {
        let whole = t.timestamp();
        At(DateTime::from_timestamp(whole, 0).unwrap_or(t))
    }

    /// A register time read back: RFC 3339 with any offset (turned to
    /// UTC); `None` for anything else.
    pub fn parse(text: &str) -> Option<At> {
        DateTime::parse_from_rfc3339(text).ok().map(|t| At::from_time(t.with_timezone(&Utc)))
    }

    /// The moment as chrono has it.
    pub fn time(self) -> DateTime<Utc> {
        self.0
    }

    /// Its day in UTC: the first ten characters of its text.
    pub fn day(self) -> NaiveDate {
        self.0.date_naive()
    }

    /// As the register writes it: `2026-12-07T04:10:18Z`.
    pub fn text(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// `hours` later.
    pub fn plus_hours(self, hours: i64) -> At {
        At(self.0 + chrono::Duration::hours(hours))
    }
}

/// Tests write times as text.
#[cfg(test)]
impl From<&str> for At {
    fn from(text: &str) -> At {
        At::parse(text).unwrap_or_else(|| panic!("`{text}` is not an RFC 3339 time"))
    }
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text())
    }
}

impl Serialize for At {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<At, D::Error> {
        let text = String::deserialize(d)?;
        At::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not an RFC 3339 time")))
    }
}

impl rusqlite::ToSql for At {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(rusqlite::types::ToSqlOutput::from(self.text()))
    }
}

impl rusqlite::types::FromSql for At {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let text = value.as_str()?;
        At::parse(text).ok_or_else(|| {
            rusqlite::types::FromSqlError::Other(format!("`{text}` is not a register time (RFC 3339)").into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_register_time_reads_back_as_the_same_text_and_orders_as_time() {
        let t = At::parse("2026-12-07T04:10:18Z").expect("a time");
        assert_eq!(t.text(), "2026-12-07T04:10:18Z");
        assert_eq!(serde_json::to_string(&t).expect("json"), "\"2026-12-07T04:10:18Z\"");
        assert_eq!(serde_json::from_str::<At>("\"2026-12-07T04:10:18Z\"").expect("back"), t);
        assert_eq!(t.day(), NaiveDate::from_ymd_opt(2026, 12, 7).expect("day"));
        // Another offset is the same moment, written in UTC.
        let late = At::parse("2026-12-07T01:30:00-05:00").expect("a time");
        assert_eq!(late.text(), "2026-12-07T06:30:00Z");
        assert!(t < late);
        // Fractions of a second are not kept.
        assert_eq!(At::parse("2026-12-07T04:10:18.999Z").map(At::text).as_deref(), Some("2026-12-07T04:10:18Z"));
        assert_eq!(t.plus_hours(72).text(), "2026-12-10T04:10:18Z");
        for bad in ["", "soon", "2026-12-07", "2026-12-07 04:10:18", "0000:00:00 00:00:00"] {
            assert_eq!(At::parse(bad), None, "{bad}");
        }
        assert!(serde_json::from_str::<At>("\"soon\"").is_err());
    }

    #[test]
    fn the_database_holds_its_text() {
        let db = rusqlite::Connection::open_in_memory().expect("db");
        let t = At::parse("2026-01-02T03:04:05Z").expect("a time");
        let text: String = db.query_row("SELECT ?1", [t], |r| r.get(0)).expect("text");
        assert_eq!(text, "2026-01-02T03:04:05Z");
        let back: At = db.query_row("SELECT ?1", ["2026-01-02T03:04:05Z"], |r| r.get(0)).expect("back");
        assert_eq!(back, t);
        let bad: rusqlite::Result<At> = db.query_row("SELECT 'soon'", [], |r| r.get(0));
        assert!(bad.is_err(), "text nobody can read is an error, not a time");
    }
}
