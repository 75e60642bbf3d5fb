//! `quarantine redact`: irreversibly pixelate the faces of every child in a
//! photo who lacks consent (the faces the ledger says are theirs, never a
//! free rectangle), check the result on its own pixels (a face still found
//! where one was hidden refuses it), store it as a new photo linked to the
//! original, and delete the original.

use super::Withheld;
use super::{delete, Ctx};
use crate::audit::Action;
use crate::media::{self, Format};
use crate::model::{ChildId, PhotoId};
use crate::policy::{decide, FaceIs, ReasonCode, Tagging};
use crate::register::{state_for, Change, MediaInfo, NewPhoto, PhotoRecord, StoredFacts};
use crate::vault;
use age::x25519;
use image::{DynamicImage, Rgb, RgbImage};
use std::collections::BTreeSet;

/// Redaction is refused (exit 3): the reason says what to do instead.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CannotRedact(pub String);

crate::error::kind_of!(Refused: CannotRedact);

/// Reasons a child's pixels must not be kept.
fn needs_redaction(code: ReasonCode) -> bool {
    matches!(
        code,
        ReasonCode::NoConsent
            | ReasonCode::ConsentRefused
            | ReasonCode::ConsentWithdrawn
            | ReasonCode::ConsentReviewOverdue
            | ReasonCode::ConsentWithoutParentalResponsibility
            | ReasonCode::ChildLeftSetting
    )
}

/// How far past a face box redaction reaches, as fractions of the box's
/// width and height: a face box covers the face, not the hair, the ears
/// and the outline of the head, which are recognisable too.
pub const HEAD_SIDES: f64 = 0.4;
pub const HEAD_ABOVE: f64 = 0.7;
pub const HEAD_BELOW: f64 = 0.3;

/// The pixels redaction covers for a region `[x, y, w, h]` (fractions) of a
/// `w` x `h` image: the whole head around the face box, clamped to the
/// image. `(x0, y0, x1, y1)`, end exclusive.
pub fn head_box(region: [f64; 4], width: u32, height: u32) -> (u32, u32, u32, u32) {
    let (w, h) = (f64::from(width), f64::from(height));
    let (bw, bh) = (region[2] * w, region[3] * h);
    let x0 = (region[0] * w - bw * HEAD_SIDES).max(0.0) as u32;
    let y0 = (region[1] * h - bh * HEAD_ABOVE).max(0.0) as u32;
    let x1 = ((region[0] * w + bw * (1.0 + HEAD_SIDES)).min(w).ceil()).max(0.0) as u32;
    let y1 = ((region[1] * h + bh * (1.0 + HEAD_BELOW)).min(h).ceil()).max(0.0) as u32;
    (x0, y0, x1, y1)
}

/// How hard a head is pixelated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// Blocks an eighth of the head across (at least 8 px).
    Blocks,
    /// One colour over the whole head.
    Flat,
}

/// Replaces each block of the head around the region with its mean colour:
/// what was there cannot be recovered (each block keeps one colour,
/// whatever it held).
pub fn pixelate(img: &mut RgbImage, region: [f64; 4]) {
    pixelate_with(img, region, Strength::Blocks);
}

/// [`pixelate`] at `strength`.
pub fn pixelate_with(img: &mut RgbImage, region: [f64; 4], strength: Strength) {
    let (x0, y0, x1, y1) = head_box(region, img.width(), img.height());
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let block = match strength {
        Strength::Blocks => ((x1 - x0).max(y1 - y0) / 8).max(8),
        Strength::Flat => (x1 - x0).max(y1 - y0),
    };
    let mut by = y0;
    while by < y1 {
        let mut bx = x0;
        let bh = block.min(y1 - by);
        while bx < x1 {
            let bw = block.min(x1 - bx);
            let mut sum = [0u64; 3];
            for y in by..by + bh {
                for x in bx..bx + bw {
                    let p = img.get_pixel(x, y);
                    for c in 0..3 {
                        sum[c] += u64::from(p[c]);
                    }
                }
            }
            let n = u64::from(bw) * u64::from(bh);
            let mean = Rgb([(sum[0] / n) as u8, (sum[1] / n) as u8, (sum[2] / n) as u8]);
            for y in by..by + bh {
                for x in bx..bx + bw {
                    img.put_pixel(x, y, mean);
                }
            }
            bx += bw;
        }
        by += bh;
    }
}

/// Decodes a photo upright and pixelates `regions`: the pixels only, none
/// of the file's metadata.
pub fn pixelated(
    bytes: &[u8],
    orientation: Option<u16>,
    limits: &media::Limits,
    regions: impl IntoIterator<Item = [f64; 4]>,
) -> Result<RgbImage, Withheld> {
    let mut rgb = media::decode_upright(bytes, orientation, limits)?.into_rgb8();
    for r in regions {
        pixelate(&mut rgb, r);
    }
    Ok(rgb)
}

/// The pixels as a JPEG (quality 90), with no metadata.
pub fn jpeg(rgb: &RgbImage) -> crate::error::Result<Vec<u8>> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(rgb)?;
    Ok(out)
}

/// What a redaction made: the new photo's id and state.
pub type Redaction = (PhotoId, crate::model::PhotoState);

/// Redacts a quarantined photo. Returns the new photo's id and state, or
/// why this photo cannot be redacted (and what to do instead).
pub fn redact(
    ctx: &mut Ctx<'_>,
    photo: &PhotoRecord,
    note: &str,
    identity: &x25519::Identity,
) -> crate::error::Result<Result<Redaction, CannotRedact>> {
    let hide = who_to_hide(ctx, photo)?;
    if hide.is_empty() && unassigned_faces(photo).is_empty() {
        return Ok(Err(CannotRedact(format!(
            "{}: no child in it lacks consent and every face is said whose; release or delete it instead",
            photo.named()
        ))));
    }
    let change = Change::new(Action::QuarantineRedact, ctx.actor).note(note);
    redact_these(ctx, photo, &hide, Blur::AlsoNobodysFaces, change, identity)
}

/// Which faces a redaction hides besides those of the children it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blur {
    /// Only the children's faces (an erasure takes one child out).
    OnlyTheirs,
    /// Every face nobody has said whose as well (the manager's redaction:
    /// the copy keeps only faces a person vouched for).
    AlsoNobodysFaces,
}

/// The boxes of the faces nobody has said whose (that have a box).
fn unassigned_faces(photo: &PhotoRecord) -> Vec<[f64; 4]> {
    photo.faces.iter().flatten().filter(|r| r.is == FaceIs::Unassigned).filter_map(|r| r.rect).collect()
}

/// Whom redaction would hide today: the children in it (register ids)
/// without consent for what it is for.
pub fn who_to_hide(ctx: &Ctx<'_>, photo: &PhotoRecord) -> crate::error::Result<BTreeSet<ChildId>> {
    let decision = decide(&photo.facts(), &ctx.reg.snapshot()?, &ctx.config.rules(), ctx.today);
    Ok(decision.reasons.iter().filter(|r| needs_redaction(r.code)).filter_map(|r| r.child.clone()).collect())
}

/// The face boxes redaction covers to hide `hide` (register ids): each
/// child's face in the ledger. A child whose face is not located cannot be
/// hidden: the error names them (by name) and what to do.
fn boxes_to_hide(
    ctx: &Ctx<'_>,
    photo: &PhotoRecord,
    hide: &BTreeSet<ChildId>,
) -> crate::error::Result<Result<Vec<[f64; 4]>, CannotRedact>> {
    let mut out = Vec::new();
    let mut unlocated = Vec::new();
    for child in hide {
        match photo.face_of(child).and_then(|n| photo.faces.as_ref()?.get(n - 1)?.rect) {
            Some(rect) => out.push(rect),
            None => unlocated.push(ctx.reg.snapshot()?.child_name(child)),
        }
    }
    if !unlocated.is_empty() {
        return Ok(Err(CannotRedact(format!(
            "cannot redact {}: the face of {} is not located in it (say which face is theirs when tagging it, \
             or delete the photo)",
            photo.named(),
            unlocated.join(", ")
        ))));
    }
    Ok(Ok(out))
}

/// What redaction would make of a photo, as a JPEG no bigger than `side`
/// on its longer side, for the manager to look at first. Nothing is
/// written.
pub fn preview(
    ctx: &Ctx<'_>,
    photo: &PhotoRecord,
    identity: &x25519::Identity,
    side: u32,
) -> crate::error::Result<Vec<u8>> {
    let hide = who_to_hide(ctx, photo)?;
    let mut regions: Vec<[f64; 4]> = boxes_to_hide(ctx, photo, &hide).ok().and_then(Result::ok).unwrap_or_default();
    regions.extend(unassigned_faces(photo));
    let Some(blob) = ctx.layout.blob_path(&photo.id, photo.state) else {
        return Err(CannotRedact("the photo was deleted".into()).into());
    };
    let bytes = vault::open(&blob, identity)?;
    let limits = media::Limits::from(&ctx.config.limits);
    let rgb = pixelated(&bytes, photo.stored.media.orientation, &limits, regions)
        .map_err(|e| CannotRedact(format!("cannot show this {} file: {e}", photo.format)))?;
    let (w, h) = media::fit_within(rgb.width(), rgb.height(), side);
    jpeg(&media::resize_rgb(rgb, w, h))
}

/// A redacted copy made and checked: its bytes, size, thumbnail and face
/// ledger.
pub struct Redacted {
    pub jpeg: Vec<u8>,
    pub size: (u32, u32),
    /// At most [`media::THUMB_SIDE`] a side.
    pub thumb: RgbImage,
    /// The faces found on the copy's own pixels, and whose each is (as the
    /// original's ledger says of the same face).
    pub boxes: Vec<[f64; 4]>,
    pub ledger: Vec<FaceIs>,
}

/// Pixelates `boxes` (the faces to hide) on the decoded photo and checks
/// the result on its own pixels: a face found again where one was hidden
/// is pixelated harder (one colour over the whole head), and if it is
/// still found the redaction is refused. Verified, never trusted; needs
/// the face check.
pub fn hide_faces(
    config: &crate::config::Config,
    photo: &PhotoRecord,
    bytes: &[u8],
    boxes: &[[f64; 4]],
) -> Result<Redacted, Withheld> {
    if !config.faces.enabled {
        return Err("a blurred copy is kept only once the face check has looked at it: \
                    the face check is off (faces.enabled)"
            .into());
    }
    let limits = media::Limits::from(&config.limits);
    let before = photo.faces.as_deref().unwrap_or_default();
    for strength in [Strength::Blocks, Strength::Flat] {
        // One full-size image at a time (a 50 MP photo is 150 MB of
        // pixels), gone before the copy's faces are looked for: each try
        // decodes the photo afresh (the harder one is rare).
        let (out, size, thumb) = {
            let mut rgb = media::decode_upright(bytes, photo.stored.media.orientation, &limits)?.into_rgb8();
            for b in boxes {
                pixelate_with(&mut rgb, *b, strength);
            }
            let out = jpeg(&rgb).map_err(|e| e.to_string())?;
            let size = rgb.dimensions();
            let thumb = DynamicImage::ImageRgb8(rgb).thumbnail(media::THUMB_SIDE, media::THUMB_SIDE).into_rgb8();
            (out, size, thumb)
        };
        let found = super::gate::faces_of(config, &out)?.unwrap_or_default();
        let again = crate::faces::regions::match_copy(boxes, &found).iter().any(Option::is_some);
        if !again {
            return Ok(Redacted { ledger: super::gate::carry(before, &found), boxes: found, jpeg: out, size, thumb });
        }
    }
    Err("a hidden face is still found after blurring it: the photo cannot be redacted".into())
}

/// A redacted copy made, checked on its own pixels, and sealed (its
/// ciphertext and thumbnail durable), not yet on the register.
pub struct Prepared {
    pub new: NewPhoto,
    pub decision: crate::policy::Decision,
    /// The files sealed for it: removed again if it is not recorded.
    pub files: Vec<std::path::PathBuf>,
}

impl Prepared {
    /// Removes the files sealed for a copy the register did not take (one
    /// it already had keeps them: they are its own).
    pub fn discard(self, reg: &crate::register::Register) {
        if matches!(reg.photo(&self.new.id), Ok(None)) {
            for f in &self.files {
                if let Err(e) = vault::remove_durable(f) {
                    tracing::error!(photo = %self.new.id, "could not remove an unrecorded file (recovery will): {e}");
                }
            }
        }
    }
}

/// Pixelates the faces of the children (register ids) in `hide` (and, as
/// `blur` says, the faces nobody has said whose), checks the copy on its
/// own pixels, and seals it: the redacted copy ready to be recorded.
/// Refused (nothing written) for a video, without the face check, or when
/// one of them has no face located.
pub fn prepare(
    ctx: &Ctx<'_>,
    photo: &PhotoRecord,
    hide: &BTreeSet<ChildId>,
    blur: Blur,
    identity: &x25519::Identity,
) -> crate::error::Result<Result<Prepared, CannotRedact>> {
    let format = photo.format.as_str();
    if ["mp4", "mov", "3gp"].contains(&format) {
        return Ok(Err(CannotRedact("cannot redact video: delete it or narrow its purposes".into())));
    }
    let mut boxes = match boxes_to_hide(ctx, photo, hide)? {
        Ok(boxes) => boxes,
        Err(cannot) => return Ok(Err(cannot)),
    };
    if blur == Blur::AlsoNobodysFaces {
        boxes.extend(unassigned_faces(photo));
    }
    let Some(blob) = ctx.layout.blob_path(&photo.id, photo.state) else {
        return Ok(Err(CannotRedact("the photo was deleted".into())));
    };
    let bytes = vault::open(&blob, identity)?;
    let made = match hide_faces(ctx.config, photo, &bytes, &boxes) {
        Ok(made) => made,
        Err(e) => return Ok(Err(CannotRedact(format!("cannot redact {}: {e}", photo.named())))),
    };
    drop(bytes);
    let (new, decision) = redacted_photo(ctx, photo, hide, &made)?;
    let state = state_for(decision.verdict);
    let mut files = Vec::new();
    if ctx.reg.photo(&new.id)?.is_none() {
        let mut thumb_bytes = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut thumb_bytes, 80).encode_image(&made.thumb)?;
        let sealer = vault::Sealer::new(crate::keys::recipients(&ctx.config.keys.recipients))?;
        let thumb_path = ctx.layout.thumb_path(&new.id);
        sealer.seal_bytes(&thumb_bytes, &thumb_path)?;
        files.push(thumb_path);
        if let Some(dest) = ctx.layout.blob_path(&new.id, state) {
            vault::private_dir(dest.parent().unwrap_or(&ctx.layout.data))?;
            sealer.seal_bytes(&made.jpeg, &dest)?;
            files.push(dest);
        }
    }
    Ok(Ok(Prepared { new, decision, files }))
}

/// Redacts `photo` (see [`prepare`]), records the copy decided afresh
/// (the faces found on it carry over from the original's ledger), and
/// deletes the original with `change`. The same redacted picture already
/// on the register (from an identical copy of the original) is not added
/// again: the original goes, the one copy stays.
pub fn redact_these(
    ctx: &mut Ctx<'_>,
    photo: &PhotoRecord,
    hide: &BTreeSet<ChildId>,
    blur: Blur,
    change: Change<'_>,
    identity: &x25519::Identity,
) -> crate::error::Result<Result<Redaction, CannotRedact>> {
    let prepared = match prepare(ctx, photo, hide, blur, identity)? {
        Ok(prepared) => prepared,
        Err(cannot) => return Ok(Err(cannot)),
    };
    let id = prepared.new.id.clone();
    if ctx.reg.photo(&id)?.is_none() {
        let rules = ctx.config.rules();
        if let Err(err) = ctx.reg.insert_photo(
            &prepared.new,
            &prepared.decision,
            &rules,
            ctx.today,
            crate::audit::Origin::Redact,
            ctx.actor,
        ) {
            prepared.discard(ctx.reg);
            return Err(err.into());
        }
    }
    delete(ctx, photo, "redacted", change)?;
    let now = ctx.reg.photo(&id)?.map_or(state_for(prepared.decision.verdict), |p| p.state);
    Ok(Ok((id, now)))
}

/// The register row of a redacted copy and its first decision: the
/// children who remain, by id; the copy's own face ledger; the original's
/// camera and time; no captions (its metadata is gone), and the file's
/// own tags without the hidden children.
pub fn redacted_photo(
    ctx: &Ctx<'_>,
    photo: &PhotoRecord,
    hide: &BTreeSet<ChildId>,
    made: &Redacted,
) -> crate::error::Result<(NewPhoto, crate::policy::Decision)> {
    let id = PhotoId::of_content(&made.jpeg);
    let keep: Vec<ChildId> = photo.child_ids().into_iter().filter(|c| !hide.contains(c)).collect();
    let mut facts = photo.facts();
    // Who is in the copy: the children who remain. A photo nobody has
    // tagged stays untagged (blurring faces says nothing of who else is in
    // it); one whose only children were hidden shows none of them now.
    facts.tagging = match facts.tagging {
        Tagging::Untagged => Tagging::Untagged,
        Tagging::Nobody => Tagging::Nobody,
        Tagging::Children(_) if keep.is_empty() && facts.unknown_tags.is_empty() => Tagging::Nobody,
        Tagging::Children(_) => Tagging::Children(keep.clone()),
    };
    facts.captions.clear();
    facts.media_problem = None;
    facts.reported = false;
    facts.faces = Some(made.ledger.clone());
    for s in &mut facts.sources {
        s.children.retain(|c| !hide.contains(c));
    }
    let decision = decide(&facts, &ctx.reg.snapshot()?, &ctx.config.rules(), ctx.today);
    let regions: Vec<(String, [f64; 4])> =
        photo.regions().into_iter().filter(|(who, _)| keep.iter().any(|k| k == who)).collect();
    let (width, height) = made.size;
    let new = NewPhoto {
        id: id.clone(),
        source_name: blurred_name(&photo.source_name),
        source_folder: photo.source_folder.clone(),
        format: Format::Jpeg.as_str().into(),
        bytes: made.jpeg.len() as u64,
        width: Some(width),
        height: Some(height),
        captured_at: photo.captured_at.clone(),
        stored: StoredFacts {
            facts,
            media: MediaInfo {
                orientation: None,
                gps: false,
                captured_offset: photo.stored.media.captured_offset.clone(),
                thumbnail: true,
            },
        },
        regions,
        face_boxes: made.boxes.clone(),
        derived_from: Some(photo.id.clone()),
    };
    Ok((new, decision))
}

/// A blurred copy's file name, as people find it: the original's, with
/// "-blurred" before a `.jpg` (`IMG_0412.HEIC` → `IMG_0412-blurred.jpg`).
fn blurred_name(original: &str) -> String {
    let stem = match original.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() && ext.len() <= 5 => stem,
        _ => original,
    };
    format!("{stem}-blurred.jpg")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variance(img: &RgbImage, x0: u32, y0: u32, x1: u32, y1: u32) -> f64 {
        let px: Vec<f64> = (y0..y1)
            .flat_map(|y| (x0..x1).map(move |x| (x, y)))
            .map(|(x, y)| f64::from(img.get_pixel(x, y)[0]))
            .collect();
        let mean = px.iter().sum::<f64>() / px.len() as f64;
        px.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / px.len() as f64
    }

    #[test]
    fn pixelation_leaves_one_colour_per_block_and_nothing_outside() {
        let mut img =
            RgbImage::from_fn(200, 100, |x, y| Rgb([((x * 7 + y * 13) % 256) as u8, (x % 256) as u8, (y % 256) as u8]));
        let before = img.clone();
        pixelate(&mut img, [0.25, 0.2, 0.25, 0.5]);
        // region 50..100 x 20..70, and the head around it: 20 px each side,
        // 35 above (clamped to 0), 15 below
        assert_eq!(head_box([0.25, 0.2, 0.25, 0.5], 200, 100), (30, 0, 120, 85));
        let block = 11;
        let (x0, y0) = (30, 0);
        for by in 0..4 {
            for bx in 0..4 {
                let (x, y) = (x0 + bx * block, y0 + by * block);
                assert_eq!(variance(&img, x, y, x + block, y + block), 0.0, "block at {x},{y}");
            }
        }
        assert!(variance(&before, 50, 20, 100, 70) > 100.0);
        assert_eq!(img.get_pixel(0, 0), before.get_pixel(0, 0), "outside is untouched");
        assert_eq!(img.get_pixel(199, 99), before.get_pixel(199, 99));
        assert_eq!(img.get_pixel(29, 50), before.get_pixel(29, 50), "left of the head is untouched");
        assert_ne!(img.get_pixel(31, 2), before.get_pixel(31, 2), "the hair above the face box is covered");
    }

    #[test]
    fn a_blurred_copy_is_named_after_its_original() {
        assert_eq!(blurred_name("IMG_0412.HEIC"), "IMG_0412-blurred.jpg");
        assert_eq!(blurred_name("garden.jpg"), "garden-blurred.jpg");
        assert_eq!(blurred_name("garden-blurred.jpg"), "garden-blurred-blurred.jpg");
        assert_eq!(blurred_name("no extension"), "no extension-blurred.jpg");
        assert_eq!(blurred_name(".hidden"), ".hidden-blurred.jpg");
    }

    #[test]
    fn the_head_box_stays_inside_the_image() {
        for r in [[0.0, 0.0, 0.1, 0.1], [0.9, 0.9, 0.1, 0.1], [0.0, 0.0, 1.0, 1.0], [0.5, 0.5, 0.0, 0.0]] {
            let (x0, y0, x1, y1) = head_box(r, 640, 480);
            assert!(x0 <= x1 && y0 <= y1 && x1 <= 640 && y1 <= 480, "{r:?}");
        }
        assert_eq!(head_box([0.0, 0.0, 1.0, 1.0], 640, 480), (0, 0, 640, 480));
    }
}
