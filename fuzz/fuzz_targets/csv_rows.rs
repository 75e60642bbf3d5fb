//! The register's CSV imports: the reader and every row check, for the
//! children's, guardians' and consent files' columns.
#![no_main]

use consentgate::input::{csv, parse_date, parse_yes_no, records};
use consentgate::model::{Child, ChildId, GuardianLink};
use consentgate::register::import::{CHILD_COLUMNS, CONSENT_COLUMNS, GUARDIAN_COLUMNS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = csv::read_from(data, "fuzz.csv", &CHILD_COLUMNS) {
        for row in rows {
            let Ok(id) = ChildId::parse(row.get("id")) else { continue };
            let child = Child {
                id,
                name: row.get("name").to_string(),
                aliases: row.get("aliases").split(';').map(|a| a.trim().to_string()).collect(),
                room: row.opt("room").map(str::to_string),
                started: row.opt("started").and_then(|d| parse_date(d).ok()),
                left: row.opt("left").and_then(|d| parse_date(d).ok()),
            };
            let _ = records::child(&child);
        }
    }
    if let Ok(rows) = csv::read_from(data, "fuzz.csv", &GUARDIAN_COLUMNS) {
        for row in rows {
            let Ok(child_id) = ChildId::parse(row.get("child")) else { continue };
            let link = GuardianLink {
                guardian_id: row.get("id").to_string(),
                child_id,
                name: row.get("name").to_string(),
                relationship: row.get("relationship").to_string(),
                parental_responsibility: parse_yes_no(row.get("parental_responsibility")).unwrap_or(false),
            };
            let _ = records::guardian(&link);
        }
    }
    if let Ok(rows) = csv::read_from(data, "fuzz.csv", &CONSENT_COLUMNS) {
        for row in rows {
            for field in CONSENT_COLUMNS.required.iter().chain(CONSENT_COLUMNS.optional) {
                let _ = (row.get(field), row.opt(field), row.has(field));
            }
            if let Ok(d) = parse_date(row.get("date")) {
                // A date that parses prints back as a real day.
                assert!(d.to_string().len() == 10);
            }
        }
    }
});
