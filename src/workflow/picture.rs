//! A child's picture on their tagging button: a small square cut from a
//! photo in the vault in which the child is tagged, chosen by the manager,
//! age-encrypted like every other photo artefact and shown only to staff.
//!
//! Whether a picture may be made, and whether it may still be kept, is one
//! pure rule ([`crate::policy::picture`]). This is the shell around it:
//! [`set`] cuts and seals the picture and records it; [`remove`] is the
//! manager taking it off; [`sweep`] takes off every picture the rule no
//! longer allows, and is called wherever a fact it reads may change (a
//! re-check after a register change, a photo leaving the vault, a tag
//! changing, retention, an erasure). The row goes first, then the file; a
//! file left behind by a crash in between is removed by the next full
//! sweep.

use super::Ctx;
use crate::model::{Child, PhotoState};
use crate::policy::picture::PictureProblem;
use crate::register::{ChildPicture, PhotoRecord, RegisterError, RemovedPicture};
use crate::vault::{self, remove_durable, Sealer, TEMP_PREFIX};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use std::time::Duration;

/// How much of the photo around a tagged face the picture shows, as a
/// multiple of the face box's longer side: the head, not just the face.
pub const FACE_PAD: f64 = 1.8;

/// A file in the pictures folder that the register does not name is
/// removed by a full sweep once it is this old (younger, it may be a
/// picture whose row is being written at this moment).
const ORPHAN_AGE: Duration = Duration::from_secs(10 * 60);

/// The still formats a picture can be cut from (no video).
const STILLS: &[&str] = &["jpeg", "png", "tiff", "webp", "heic", "heif", "avif"];

/// Where to cut the picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cut {
    /// Around the child's tagged face region (padded by [`FACE_PAD`]);
    /// the middle of the photo when the tag has no region.
    Face,
    /// The square around this region, `[x, y, w, h]` as fractions of the
    /// upright photo.
    Region([f64; 4]),
}

/// Why a picture cannot be cut as the manager asked: theirs to put right
/// (bad input); nothing was changed. (What the rule refuses is
/// [`RegisterError::PictureRefused`].)
#[derive(Debug, thiserror::Error)]
pub enum PictureError {
    #[error("photo {photo} is a {format} file: a picture is cut from a still photo")]
    NotAStill { photo: String, format: String },
    #[error("{child}'s face is not located in photo {photo}: say which face is theirs, or choose the square by hand")]
    FaceNotLocated { child: String, photo: String },
    #[error("photo {photo} gives no picture: {why}")]
    NoPicture { photo: String, why: String },
    #[error("the picture: {0}")]
    NotChecked(String),
    #[error("the picture would show {0} face(s) that are not the child's: choose a square around their face alone")]
    OtherFaces(usize),
}

crate::error::kind_of!(BadInput: PictureError);

/// The refusal for a picture the rule does not allow, every problem named.
pub fn refused(child: &str, photo: &str, problems: &[PictureProblem]) -> crate::error::Error {
    RegisterError::PictureRefused { child: child.to_string(), photo: photo.to_string(), problems: problems.to_vec() }
        .into()
}

/// A fresh name for a picture's ciphertext: random, so that it says
/// nothing about the child, and never a photo id.
fn fresh_name() -> String {
    let mut b = [0u8; 16];
    OsRng.fill_bytes(&mut b);
    format!("{}.age", hex::encode(b))
}

/// Makes `child`'s picture from `photo` and records it (replacing the one
/// they had). Refused, naming every problem, unless the photo is in the
/// vault, the child is tagged in it, the child is on the register and has
/// not left, and their learning-journey consent is current. Audited
/// `picture.set`.
pub fn set(
    ctx: &mut Ctx<'_>,
    child: &Child,
    photo: &PhotoRecord,
    cut: Cut,
    identity: &age::x25519::Identity,
) -> crate::error::Result<ChildPicture> {
    let rules = ctx.config.rules();
    let problems = ctx.reg.picture_problems(&child.id, &photo.id, &rules, ctx.today)?;
    if !problems.is_empty() {
        return Err(refused(&child.id, &photo.id, &problems));
    }
    if !STILLS.contains(&photo.format.as_str()) {
        return Err(PictureError::NotAStill {
            photo: super::short(&photo.id).to_string(),
            format: photo.format.to_string(),
        }
        .into());
    }
    let (region, pad) = match cut {
        Cut::Region(r) => (r, 1.0),
        // Their face in the ledger; else the box drawn for them; else, in a
        // photo where no face was found, the whole photo. Whatever the
        // square, the picture's own pixels are checked below.
        Cut::Face => match photo.face_of(&child.id).and_then(|n| photo.faces.as_ref()?.get(n - 1)?.rect) {
            Some(r) => (r, FACE_PAD),
            None => match photo.regions().into_iter().find(|(who, _)| child.id == *who) {
                Some((_, r)) => (r, FACE_PAD),
                None if photo.faces.as_ref().is_none_or(Vec::is_empty) => ([0.0, 0.0, 1.0, 1.0], 1.0),
                None => {
                    return Err(PictureError::FaceNotLocated {
                        child: child.name.clone(),
                        photo: super::short(&photo.id).to_string(),
                    }
                    .into())
                }
            },
        },
    };
    let blob = ctx
        .layout
        .blob_path(&photo.id, PhotoState::Stored)
        .ok_or_else(|| crate::error::err!("a stored photo has a place in the vault"))?;
    let original = vault::open(&blob, identity)?;
    let limits = crate::media::Limits::from(&ctx.config.limits);
    let crate::media::Picture { jpeg, full, square } =
        crate::media::picture(&original, photo.stored.media.orientation, &limits, region, pad)
            .map_err(|e| PictureError::NoPicture { photo: super::short(&photo.id).to_string(), why: e.to_string() })?;
    drop(original);
    only_their_face(ctx, photo, &child.id, &full, square)?;
    let dir = ctx.layout.pictures_dir();
    vault::private_dir(&dir)?;
    let file = fresh_name();
    let path = ctx.layout.picture_path(&file);
    Sealer::new(crate::keys::recipients(&ctx.config.keys.recipients))?.seal_bytes(&jpeg, &path)?;
    let picture = ChildPicture {
        child: child.id.to_string(),
        photo: photo.id.clone(),
        file,
        region: square,
        chosen_by: ctx.actor.to_string(),
        chosen_at: crate::model::At::now(),
    };
    match ctx.reg.set_child_picture(&picture, &rules, ctx.today) {
        Ok(old) => {
            if let Some(old) = old.filter(|o| o.file != picture.file) {
                remove_durable(&ctx.layout.picture_path(&old.file))?;
            }
            Ok(picture)
        }
        Err(e) => {
            remove_durable(&path)?;
            Err(e.into())
        }
    }
}

/// The picture, like every copy that leaves the vault, is checked on its
/// own pixels (the square at the photo's resolution, which the picture
/// only scales down): every face found in it must be the child's own (or one a
/// person said is not a child's), never another child's, nor one nobody
/// has said whose.
fn only_their_face(
    ctx: &Ctx<'_>,
    photo: &PhotoRecord,
    child: &str,
    jpeg: &[u8],
    square: [f64; 4],
) -> crate::error::Result<()> {
    let found = super::gate::faces_of(ctx.config, jpeg).map_err(|e| PictureError::NotChecked(e.to_string()))?;
    let Some(found) = found else { return Ok(()) };
    // The photo's ledger, in the picture's own fractions.
    let rows: Vec<crate::register::FaceRow> = photo
        .faces
        .iter()
        .flatten()
        .map(|r| crate::register::FaceRow {
            rect: r.rect.map(|b| {
                [(b[0] - square[0]) / square[2], (b[1] - square[1]) / square[3], b[2] / square[2], b[3] / square[3]]
            }),
            ..r.clone()
        })
        .collect();
    let others = super::gate::carry(&rows, &found).into_iter().filter(|f| f.may_be_other_than(child)).count();
    if others > 0 {
        return Err(PictureError::OtherFaces(others).into());
    }
    Ok(())
}

/// The manager takes a child's picture off (audited `picture.remove`);
/// `None` when the child had none.
pub fn remove(ctx: &mut Ctx<'_>, child: &str, note: &str) -> crate::error::Result<Option<ChildPicture>> {
    let old = ctx.reg.remove_child_picture(child, ctx.actor, note)?;
    if let Some(old) = &old {
        remove_durable(&ctx.layout.picture_path(&old.file))?;
    }
    Ok(old)
}

/// Takes off every picture the rule no longer allows today (only those cut
/// from `photo`, when given): row and audit entry first, then the file.
/// A full sweep (no `photo`) also removes files in the pictures folder the
/// register does not name (left by a crash between the two).
pub fn sweep(ctx: &mut Ctx<'_>, photo: Option<&str>, cause: &str) -> crate::error::Result<Vec<RemovedPicture>> {
    let rules = ctx.config.rules();
    let removed = ctx.reg.sweep_child_pictures(photo, &rules, ctx.today, ctx.actor, cause)?;
    for r in &removed {
        remove_durable(&ctx.layout.picture_path(&r.picture.file))?;
    }
    if photo.is_none() {
        remove_orphans(ctx)?;
    }
    Ok(removed)
}

fn remove_orphans(ctx: &Ctx<'_>) -> crate::error::Result<()> {
    let Ok(entries) = std::fs::read_dir(ctx.layout.pictures_dir()) else { return Ok(()) };
    let known: std::collections::HashSet<String> = ctx.reg.picture_files()?.into_iter().collect();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(meta) = e.metadata() else { continue };
        let old = meta.modified().ok().and_then(|m| m.elapsed().ok()).is_some_and(|age| age >= ORPHAN_AGE);
        let ours = name.ends_with(".age") || name.starts_with(TEMP_PREFIX);
        if meta.is_file() && ours && old && !known.contains(&name) {
            remove_durable(&e.path())?;
        }
    }
    Ok(())
}

/// The pictures the rule allows today, by child id: what the pages show
/// (a picture a date has just ruled out is not shown while it waits for
/// the next sweep).
pub fn current(
    reg: &crate::register::Register,
    rules: &crate::policy::Rules,
    today: chrono::NaiveDate,
) -> crate::error::Result<Vec<ChildPicture>> {
    let mut out = Vec::new();
    for p in reg.child_pictures()? {
        if reg.picture_problems(&p.child, &p.photo, rules, today)?.is_empty() {
            out.push(p);
        }
    }
    Ok(out)
}

/// A child's picture, decrypted in memory; `None` when they have none, or
/// the rule no longer allows it (it is then swept at once).
pub fn open(ctx: &mut Ctx<'_>, child: &str, identity: &age::x25519::Identity) -> crate::error::Result<Option<Vec<u8>>> {
    let Some(p) = ctx.reg.child_picture(child)? else { return Ok(None) };
    let rules = ctx.config.rules();
    if !ctx.reg.picture_problems(&p.child, &p.photo, &rules, ctx.today)?.is_empty() {
        sweep(ctx, Some(&p.photo), "checked when the picture was asked for")?;
        return Ok(None);
    }
    let path = ctx.layout.picture_path(&p.file);
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(vault::open(&path, identity)?))
}
