//! The setting's own cameras and iPads on the register.

use super::*;
use crate::audit::Action;
use rusqlite::OptionalExtension;

impl Register {
    pub fn add_device(&mut self, d: &Device, actor: &str) -> Result<()> {
        check_text(&[
            (Field::Label, "the device's label", Some(&d.label)),
            (Field::Label, "the make", Some(&d.make)),
            (Field::Label, "the model", Some(&d.model)),
            (Field::Label, "the serial number", d.serial.as_deref()),
        ])?;
        let tx = self.tx()?;
        // None: new; Some(true): removed earlier, and added back.
        let removed: Option<bool> = tx
            .query_row("SELECT removed_at IS NOT NULL FROM devices WHERE id = ?1", [&d.id], |r| r.get(0))
            .optional()?;
        if removed == Some(false) {
            return Err(RegisterError::Duplicate { what: "device", id: d.id.to_string() });
        }
        if let Some(folder) = &d.folder {
            let owner: Option<String> =
                tx.query_row("SELECT id FROM devices WHERE folder = ?1", [folder], |r| r.get(0)).optional()?;
            if let Some(owner) = owner {
                return Err(RegisterError::FolderTaken { folder: folder.clone(), owner });
            }
        }
        if removed.is_some() {
            tx.execute(
                "UPDATE devices SET label = ?2, make = ?3, model = ?4, serial = ?5, folder = ?6,
                 removed_at = NULL, removed_by = NULL WHERE id = ?1",
                params![d.id, d.label, d.make, d.model, d.serial, d.folder],
            )?;
        } else {
            tx.execute(
                "INSERT INTO devices (id, label, make, model, serial, folder, added_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![d.id, d.label, d.make, d.model, d.serial, d.folder, now()],
            )?;
        }
        let action = if removed.is_some() { Action::DeviceRestore } else { Action::DeviceAdd };
        audit::append(
            &tx,
            &audit::Entry::new(actor, action).detail(serde_json::json!({
                "device": d.id, "make": d.make, "model": d.model, "serial": d.serial, "folder": d.folder,
            })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Takes a device out of use (its photos are re-checked by the caller).
    /// Retires device `id` from `on` (broken, replaced): what it took before
    /// stays the setting's; what it takes from then on is not. Audited
    /// `device.retire`.
    pub fn retire_device(&mut self, id: &str, on: NaiveDate, note: &str, actor: &str) -> Result<()> {
        check_field(Field::Note, "the note", note)?;
        let tx = self.tx()?;
        let n = tx.execute(
            "UPDATE devices SET retired_on = ?2, retired_by = ?3, retired_note = ?4 WHERE id = ?1 AND removed_at IS NULL",
            params![id, date_str(on), actor, note],
        )?;
        if n == 0 {
            return Err(RegisterError::NotFound { what: "device", id: id.into() });
        }
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::DeviceRetire)
                .detail(serde_json::json!({ "device": id, "on": date_str(on), "note": note })),
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn remove_device(&mut self, id: &str, actor: &str) -> Result<()> {
        let tx = self.tx()?;
        let n = tx.execute(
            "UPDATE devices SET removed_at = ?2, removed_by = ?3, folder = NULL WHERE id = ?1 AND removed_at IS NULL",
            params![id, now(), actor],
        )?;
        if n == 0 {
            return Err(RegisterError::NotFound { what: "device", id: id.into() });
        }
        audit::append(
            &tx,
            &audit::Entry::new(actor, Action::DeviceRemove).detail(serde_json::json!({ "device": id })),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The registered devices still in use.
    pub fn devices(&self) -> Result<Vec<Device>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, label, make, model, serial, folder, retired_on FROM devices WHERE removed_at IS NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Device {
                id: r.get(0)?,
                label: r.get(1)?,
                make: r.get(2)?,
                model: r.get(3)?,
                serial: r.get(4)?,
                folder: r.get(5)?,
                retired_on: parse_date(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// What people call device `id`: "Rainbow room iPad (ipad2)", its name
    /// with the id it is registered under (also for one removed since); the
    /// id alone for one the register never had.
    pub fn device_label(&self, id: &str) -> Result<String> {
        let label: Option<String> =
            self.conn.query_row("SELECT label FROM devices WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        Ok(match label {
            Some(l) if !l.trim().is_empty() && l != id => format!("{l} ({id})"),
            _ => id.to_string(),
        })
    }
}
