//! The register's CSV imports: the reader and every row check, for the
//! children's and the consent files' columns.
#![no_main]

use consentgate::input::{csv, parse_date, records};
use consentgate::model::Child;
use consentgate::register::import::{CHILD_COLUMNS, CONSENT_COLUMNS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = csv::read_from(data, "fuzz.csv", CHILD_COLUMNS) {
        for row in rows {
            let child = Child {
                id: row.get("id").to_string(),
                name: row.get("name").to_string(),
                aliases: row.get("aliases").split(';').map(|a| a.trim().to_string()).collect(),
                room: row.opt("room").map(str::to_string),
                started: row.opt("started").and_then(|d| parse_date(d).ok()),
                left: row.opt("left").and_then(|d| parse_date(d).ok()),
            };
            let _ = records::child(&child);
        }
    }
    if let Ok(rows) = csv::read_from(data, "fuzz.csv", CONSENT_COLUMNS) {
        for row in rows {
            for field in CONSENT_COLUMNS {
                let _ = (row.get(field), row.opt(field));
            }
            let _ = parse_date(row.get("date"));
        }
    }
});
