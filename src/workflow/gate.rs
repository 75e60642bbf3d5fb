//! The one check every path that sends a photo out passes (exports for a
//! purpose, a child's learning journey as files or as a zip, a subject
//! access pack, the redacted copy that replaces an original): over facts,
//! not claims. The photo is read again from the register; its children are
//! register ids with their consent as it stands today; its faces are those
//! found on the exact pixels that go out (a copy whose image data is the
//! stored file's own keeps the stored photo's face ledger; anything else is
//! looked at again and matched to it). The register holds a stored photo
//! to the same invariants ([`check_store_invariants`]).

use super::Ctx;
use super::Withheld;
use crate::config::Config;
use crate::media;
use crate::model::PhotoState;
use crate::policy::{check_store_invariants, FaceIs};
use crate::register::{FaceRow, PhotoRecord};

/// What a copy is for.
#[derive(Debug, Clone, Copy)]
pub enum Output<'a> {
    /// To be used for these purposes (a learning journey, a display, the
    /// website): the store check, for them, today.
    Use(&'a [String]),
    /// A parent's copy of what is held about their child (this register
    /// id): whatever its state, every face in it must be the child's own
    /// or not a child's.
    SubjectAccess(&'a str),
}

/// The pixels of a copy: the very image data of the stored file (a
/// metadata-free copy made without re-encoding), new pixels (a
/// re-encoding, a redaction) as their encoded bytes, or none to look at (a
/// video).
#[derive(Debug, Clone, Copy)]
pub enum Pixels<'a> {
    Stored,
    New(&'a [u8]),
    Video,
}

/// The faces found on an encoded image's own pixels, as the ingest finds
/// them (the same decode, the same detector, the same settings): `None`
/// when the face check is off.
pub fn faces_of(config: &Config, bytes: &[u8]) -> Result<Option<Vec<[f64; 4]>>, Withheld> {
    if !config.faces.enabled {
        return Ok(None);
    }
    let limits = media::Limits::from(&config.limits).for_faces(&config.faces);
    let mut a = media::analyse(bytes, &limits);
    if let Some(why) = &a.not_now {
        return Err(Withheld(format!("its pixels cannot be checked now ({why})")));
    }
    if let Some((_, why)) = &a.problem {
        return Err(Withheld(format!("its pixels cannot be checked ({why})")));
    }
    let img = a.upright.take().ok_or("its pixels cannot be checked (it does not decode)")?;
    let side = a.width.zip(a.height).map_or(img.width().max(img.height()), |(w, h)| w.max(h));
    match crate::faces::check(&config.faces, img, side) {
        None => Ok(None),
        Some(found) => Ok(Some(found?.into_iter().map(|f| f.rect).collect())),
    }
}

/// The face ledger of a copy whose faces were found at `after`: each is
/// the face of the original's ledger (`before`) it is, as that line says;
/// a face the original's ledger has no line for is nobody's.
pub fn carry(before: &[FaceRow], after: &[[f64; 4]]) -> Vec<FaceIs> {
    let boxes: Vec<[f64; 4]> = before.iter().map(|r| r.rect.unwrap_or([0.0; 4])).collect();
    crate::faces::regions::match_copy(&boxes, after)
        .into_iter()
        .map(|m| m.and_then(|i| before.get(i)).map_or(FaceIs::Unassigned, |r| r.is.clone()))
        .collect()
}

/// The face ledger for the pixels of a copy of `photo`: the photo's own
/// for its own pixels, looked at again for new ones, `None` when there is
/// none to hold to (the check is off, or a video).
fn ledger_of(config: &Config, photo: &PhotoRecord, pixels: Pixels<'_>) -> Result<Option<Vec<FaceIs>>, Withheld> {
    match pixels {
        Pixels::Video => Ok(None),
        Pixels::Stored => Ok(photo.facts().faces),
        Pixels::New(bytes) => match faces_of(config, bytes)? {
            None => Ok(photo.facts().faces),
            Some(after) => Ok(Some(carry(photo.faces.as_deref().unwrap_or_default(), &after))),
        },
    }
}

/// Whether photo `id` may go out now as `output` with `pixels`: the photo
/// as the register holds it now, or why not, in words that name no child.
pub fn check(
    ctx: &Ctx<'_>,
    id: &str,
    output: Output<'_>,
    pixels: Pixels<'_>,
) -> crate::error::Result<Result<PhotoRecord, Withheld>> {
    let Some(photo) = ctx.reg.photo(id)? else { return Ok(Err("it is no longer on the register".into())) };
    let faces = match ledger_of(ctx.config, &photo, pixels) {
        Ok(f) => f,
        Err(why) => return Ok(Err(why)),
    };
    match output {
        Output::Use(purposes) => {
            if photo.state != PhotoState::Stored {
                return Ok(Err(Withheld(format!("it is {}, not in the vault", photo.state))));
            }
            let mut facts = photo.facts();
            facts.purposes = purposes.to_vec();
            facts.faces = faces;
            let verdict =
                check_store_invariants(&facts, &ctx.reg.snapshot()?, &ctx.config.rules(), ctx.today).map(|()| photo);
            Ok(verdict.map_err(|v| Withheld(format!("it may not go out: {v}"))))
        }
        Output::SubjectAccess(child) => {
            if photo.state == PhotoState::Deleted {
                return Ok(Err("it was deleted".into()));
            }
            let Some(faces) = faces else {
                // No faces to hold to: only a photo of the child alone.
                return Ok(if photo.child_ids().iter().all(|c| c == child) && matches!(pixels, Pixels::Stored) {
                    Ok(photo)
                } else {
                    Err("it shows other children and its faces could not be checked".into())
                });
            };
            Ok(match faces.iter().filter(|f| f.may_be_other_than(child)).count() {
                0 => Ok(photo),
                _ => Err("it shows a face that may be another child's, which could not be hidden".into()),
            })
        }
    }
}
