//! `device add|remove|list`.

use super::{print_json, table, BadInput, Ctx};
use crate::model::Device;
use crate::workflow;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum DeviceCmd {
    /// Register a setting-owned camera or iPad
    Add {
        /// A short id, e.g. ipad1
        #[arg(long = "id", value_name = "DID")]
        did: String,
        /// What staff call it, e.g. "Rainbow room iPad"
        #[arg(long, value_name = "L")]
        label: String,
        /// EXIF Make, exactly as the device writes it (e.g. Apple, Canon)
        #[arg(long, required_unless_present = "from_photo")]
        make: Option<String>,
        /// EXIF Model, exactly as the device writes it (e.g. "iPad (9th generation)")
        #[arg(long, required_unless_present = "from_photo")]
        model: Option<String>,
        /// Read make, model and serial from a photo this device took
        /// (flags given as well take precedence)
        #[arg(long, value_name = "FILE")]
        from_photo: Option<std::path::PathBuf>,
        /// The body serial number, where the camera writes one to EXIF
        #[arg(long, value_name = "S")]
        serial: Option<String>,
        /// The inbox subfolder this device imports into
        #[arg(long, value_name = "SUBDIR")]
        folder: Option<String>,
    },
    /// A device the setting stopped using (broken, lost, replaced): the photos
    /// it took before DATE stay stored; anything it takes from then on is held
    /// as from a device that is not the setting's
    Retire {
        /// The device id
        did: String,
        /// The day it stopped being the setting's [default: today]
        #[arg(long, value_name = "DATE", value_parser = super::parse_date)]
        on: Option<chrono::NaiveDate>,
        /// Why, for the audit log (e.g. "screen broken, replaced by ipad3")
        #[arg(long, default_value = "")]
        note: String,
    },
    /// A device registered by mistake (never the setting's): every photo it took
    /// goes to the quarantine and is deleted after the quarantine time unless the
    /// manager keeps it (adding it back under its id restores them). A broken or
    /// replaced device is retired instead
    Remove {
        /// The device id
        did: String,
        /// Only list the photos that would move to the quarantine
        #[arg(long)]
        dry_run: bool,
        /// Remove without asking
        #[arg(long)]
        yes: bool,
    },
    /// List the registered devices
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: DeviceCmd) -> crate::error::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        DeviceCmd::Add { did, label, make, model, serial, folder, from_photo } => {
            let read =
                from_photo.as_deref().map(|p| workflow::devices::camera_from_photo(&ctx.config, p)).transpose()?;
            if let (Some(c), Some(p)) = (&read, &from_photo) {
                let serial = c.serial.as_deref().map(|s| format!(", serial \"{s}\"")).unwrap_or_default();
                println!("{}: make \"{}\", model \"{}\"{serial}", p.display(), c.make, c.model);
            }
            let device = Device {
                id: crate::model::DeviceId::parse(&did)?,
                label: label.trim().into(),
                make: make.or_else(|| read.as_ref().map(|c| c.make.clone())).unwrap_or_default().trim().into(),
                model: model.or_else(|| read.as_ref().map(|c| c.model.clone())).unwrap_or_default().trim().into(),
                serial: serial
                    .or_else(|| read.as_ref().and_then(|c| c.serial.clone()))
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                folder,
                retired_on: None,
            };
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            let moved = workflow::devices::add(&mut w, &device)?;
            println!("registered device {}", device.id);
            if let Some(f) = &device.folder {
                let path = ctx.config.paths.inbox.join(f);
                super::setup::private_dir(&path)?;
                println!("its photos go into {}", path.display());
            }
            super::manager::print_moved(&moved);
        }
        DeviceCmd::Retire { did, on, note } => {
            let on = on.unwrap_or(ctx.today);
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            let moved = workflow::devices::retire(&mut w, &did, on, &note)?;
            println!(
                "device {did} retired from {on}: the photos it took before then stay stored; \
                 anything it takes from then on is held as not the setting's"
            );
            super::manager::print_moved(&moved);
        }
        DeviceCmd::Remove { did, dry_run, yes } => {
            let w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            let would = workflow::devices::removal_preview(&w, &did)?;
            let deletes_on = workflow::devices::removal_deletes_on(&w);
            println!(
                "removing device {did} holds {} photo(s) it took as from a device that was never the setting's: \
                 they will be DELETED on {deletes_on} unless the manager keeps them. \
                 A broken or replaced device is retired instead (`device retire {did}`): its photos stay.",
                would.len()
            );
            for p in &would {
                println!("  photo {} ({}, {})", crate::model::short(&p.id), p.source_name, p.state);
            }
            if dry_run {
                return Ok(());
            }
            if !yes && !super::confirm(&format!("Remove device {did}?"))? {
                return Err(BadInput(format!("device {did} was not removed (confirm, or pass --yes)")).into());
            }
            let mut w = workflow::Ctx::new(&mut reg, &ctx.config, ctx.today, &ctx.actor);
            let moved = workflow::devices::remove(&mut w, &did)?;
            println!("device {did} removed (`device add --id {did} ...` adds it back and restores its photos)");
            super::manager::print_moved(&moved);
        }
        DeviceCmd::List { json } => {
            let devices = reg.devices()?;
            if json {
                return print_json(&devices);
            }
            let rows: Vec<Vec<String>> = devices
                .iter()
                .map(|d| {
                    vec![
                        d.id.to_string(),
                        d.label.clone(),
                        d.make.clone(),
                        d.model.clone(),
                        table::opt(&d.serial),
                        table::opt(&d.folder),
                        d.retired_on.map_or_else(String::new, |r| format!("retired {r}")),
                    ]
                })
                .collect();
            table::print(&["ID", "LABEL", "MAKE", "MODEL", "SERIAL", "FOLDER", "STATUS"], &rows);
        }
    }
    Ok(())
}
