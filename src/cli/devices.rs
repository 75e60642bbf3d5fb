//! `device add|list`.

use super::{print_json, table, Ctx};
use crate::model::Device;
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
        #[arg(long)]
        make: String,
        /// EXIF Model, exactly as the device writes it (e.g. "iPad (9th generation)")
        #[arg(long)]
        model: String,
        /// The body serial number, where the camera writes one to EXIF
        #[arg(long, value_name = "S")]
        serial: Option<String>,
        /// The inbox subfolder this device imports into
        #[arg(long, value_name = "SUBDIR")]
        folder: Option<String>,
    },
    /// Take a device out of use: its photos are checked again
    Remove {
        /// The device id
        did: String,
    },
    /// List the registered devices
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Ctx, cmd: DeviceCmd) -> anyhow::Result<()> {
    let mut reg = ctx.register()?;
    match cmd {
        DeviceCmd::Add { did, label, make, model, serial, folder } => {
            let device = Device {
                id: did,
                label: label.trim().into(),
                make: make.trim().into(),
                model: model.trim().into(),
                serial: serial.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
                folder,
            };
            crate::input::records::ok(crate::input::records::device(&device))?;
            reg.add_device(&device, &ctx.actor)?;
            println!("registered device {}", device.id);
            if let Some(f) = &device.folder {
                let path = ctx.config.paths.inbox.join(f);
                super::setup::private_dir(&path)?;
                println!("its photos go into {}", path.display());
            }
        }
        DeviceCmd::Remove { did } => {
            reg.remove_device(&did, &ctx.actor)?;
            println!("device {did} removed");
            super::manager::recheck(ctx, &mut reg, &format!("device {did} removed"))?;
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
                        d.id.clone(),
                        d.label.clone(),
                        d.make.clone(),
                        d.model.clone(),
                        table::opt(&d.serial),
                        table::opt(&d.folder),
                    ]
                })
                .collect();
            table::print(&["ID", "LABEL", "MAKE", "MODEL", "SERIAL", "FOLDER"], &rows);
        }
    }
    Ok(())
}
