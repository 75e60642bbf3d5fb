//! Devices coming and going. Removing one shows first which photos it
//! would move to the quarantine; adding one (or adding back one removed by
//! mistake) re-checks the photos held because their camera was unknown, so
//! "register this camera" clears them.

use super::{Ctx, Moved};
use crate::audit::Action;
use crate::model::{Device, PhotoState};
use crate::policy::{decide, ReasonCode};
use crate::register::{state_for, Change, PhotoRecord};

/// The stored and waiting photos that would move to the quarantine if
/// device `id` were removed now. Nothing changes.
pub fn removal_preview(ctx: &Ctx<'_>, id: &str) -> crate::error::Result<Vec<PhotoRecord>> {
    let mut snapshot = ctx.reg.snapshot()?;
    let before = snapshot.devices.len();
    snapshot.devices.retain(|d| d.id != id);
    if snapshot.devices.len() == before {
        return Err(crate::register::RegisterError::NotFound { what: "device", id: id.into() }.into());
    }
    let rules = ctx.config.rules();
    let mut out = Vec::new();
    for state in [PhotoState::Stored, PhotoState::AwaitingTags] {
        for photo in ctx.reg.photos(Some(state))? {
            if state_for(decide(&photo.facts(), &snapshot, &rules, ctx.today).verdict) != photo.state {
                out.push(photo);
            }
        }
    }
    Ok(out)
}

/// Removes device `id` (registered by mistake: it was never the
/// setting's) and re-checks every photo: those it took go to the
/// quarantine as from an unregistered device, and are deleted after the
/// quarantine time (announced a week before) unless the manager keeps
/// them. [`add`] with the same id undoes it. A broken or replaced device
/// is [`retire`]d instead.
pub fn remove(ctx: &mut Ctx<'_>, id: &str) -> crate::error::Result<Vec<Moved>> {
    ctx.reg.remove_device(id, ctx.actor)?;
    super::reevaluate(ctx, &format!("device {id} removed"))
}

/// The day the photos a removal would hold would be deleted, if nobody
/// acts: the quarantine time, and the week's notice.
pub fn removal_deletes_on(ctx: &Ctx<'_>) -> chrono::NaiveDate {
    let days = u64::from(ctx.config.retention.quarantine_days.max(crate::retention::NOTICE_DAYS));
    ctx.today.checked_add_days(chrono::Days::new(days)).unwrap_or(ctx.today)
}

/// Retires device `id` from `on` (broken, lost, replaced): the photos it
/// took before then stay stored; anything it takes from then on is held
/// as from a device that is not the setting's. Re-checks every photo.
pub fn retire(ctx: &mut Ctx<'_>, id: &str, on: chrono::NaiveDate, note: &str) -> crate::error::Result<Vec<Moved>> {
    ctx.reg.retire_device(id, on, note, ctx.actor)?;
    super::reevaluate(ctx, &format!("device {id} retired from {on}"))
}

/// Registers a device (or adds back one removed earlier, under its id),
/// then decides again each quarantined photo held only because its camera
/// was not registered: the gate's whole check runs, so a photo still held
/// for another reason stays, with that reason.
pub fn add(ctx: &mut Ctx<'_>, device: &Device) -> crate::error::Result<Vec<Moved>> {
    crate::input::records::ok(crate::input::records::device(device))?;
    ctx.reg.add_device(device, ctx.actor)?;
    let snapshot = ctx.reg.snapshot()?;
    let rules = ctx.config.rules();
    let about_devices =
        |code: ReasonCode| matches!(code, ReasonCode::UnregisteredDevice | ReasonCode::DeviceFolderMismatch);
    let note = format!("device {} registered", device.id);
    let mut moved = Vec::new();
    for photo in ctx.reg.photos(Some(PhotoState::Quarantined))? {
        if !photo.reasons.iter().any(|r| about_devices(r.code)) {
            continue;
        }
        let facts = photo.facts();
        let decision = decide(&facts, &snapshot, &rules, ctx.today);
        if decision.reasons.iter().any(|r| about_devices(r.code)) {
            continue; // another camera
        }
        let change = Change::new(Action::DeviceRecheck, ctx.actor).note(&note);
        let (to, decision) = ctx.redecide(&photo, &facts, change)?;
        if to != photo.state {
            moved.push(Moved::new(&photo, to, decision.reasons, &snapshot));
        }
    }
    Ok(moved)
}

/// A photo given to register its camera from that names none (or cannot be
/// read); `why` in words.
#[derive(Debug, thiserror::Error)]
#[error("{}: {why}", path.display())]
pub struct NoCamera {
    pub path: std::path::PathBuf,
    pub why: String,
}

crate::error::kind_of!(BadInput: NoCamera);

/// The camera (make, model, serial) a photo says took it: for registering
/// a device from one of its photos, so nobody types EXIF strings.
pub fn camera_from_photo(
    config: &crate::config::Config,
    path: &std::path::Path,
) -> crate::error::Result<crate::policy::Camera> {
    use std::io::Read;
    let bad = |why: String| NoCamera { path: path.to_path_buf(), why };
    let limits = crate::media::Limits::from(&config.limits);
    let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(limits.max_image_bytes + 1).read_to_end(&mut bytes).map_err(|e| bad(e.to_string()))?;
    if bytes.len() as u64 > limits.max_image_bytes {
        return Err(bad(format!("larger than the photo limit of {} bytes", limits.max_image_bytes)).into());
    }
    let analysis = crate::media::analyse(&bytes, &limits);
    match analysis.camera {
        Some(c) if !c.make.is_empty() && !c.model.is_empty() => Ok(c),
        _ if analysis.format() == crate::media::Format::Unknown => {
            Err(bad("not a photo or video consentgate reads: give --make and --model".into()).into())
        }
        _ => Err(bad(format!(
            "a {} file without a camera make and model in its EXIF: give --make and --model",
            analysis.format().as_str().to_uppercase()
        ))
        .into()),
    }
}

/// A manager's word that a quarantined photo without any camera information
/// was taken on setting device `device` (a camera that writes none, an
/// app that strips it). The device's make, model and serial are recorded
/// as the photo's camera, audited with the note as `device.attested`, and
/// the photo is decided again by the gate's whole check: it leaves the
/// quarantine only if nothing else holds it. Returns where it is now.
pub fn attest(ctx: &mut Ctx<'_>, photo: &PhotoRecord, device: &str, note: &str) -> crate::error::Result<PhotoState> {
    super::ensure_quarantined(photo)?;
    if note.trim().is_empty() {
        return Err(super::ActionError::DeviceNoteRequired.into());
    }
    let mut facts = photo.facts();
    if let Some(c) = &facts.camera {
        // A registered camera's photo that came in through another device's
        // folder: the manager says it is this camera's own, copied through
        // the wrong folder. Its folder is recorded as this device's.
        let snapshot = ctx.reg.snapshot()?;
        let now = crate::policy::decide(&facts, &snapshot, &ctx.config.rules(), ctx.today);
        let mismatch = now.reasons.iter().any(|r| r.code == crate::policy::ReasonCode::DeviceFolderMismatch);
        if mismatch && now.device.as_deref() == Some(device) {
            let note = format!("{note} (taken on device {device}, copied through another device's folder)");
            // The register's id of the device the gate matched, not the text given.
            facts.folder_device = now.device.clone();
            let (to, _) = ctx.redecide(photo, &facts, Change::new(Action::DeviceAttested, ctx.actor).note(&note))?;
            return Ok(to);
        }
        return Err(super::ActionError::NamesItsCamera { make: c.make.clone(), model: c.model.clone() }.into());
    }
    let d = ctx
        .reg
        .devices()?
        .into_iter()
        .find(|d| d.id == device)
        .ok_or_else(|| crate::register::RegisterError::NotFound { what: "device", id: device.into() })?;
    let camera = crate::policy::Camera { make: d.make.clone(), model: d.model.clone(), serial: d.serial.clone() };
    let note = format!("{note} (taken on device {})", d.id);
    facts.camera = Some(camera);
    let (to, _) = ctx.redecide(photo, &facts, Change::new(Action::DeviceAttested, ctx.actor).note(&note))?;
    Ok(to)
}
