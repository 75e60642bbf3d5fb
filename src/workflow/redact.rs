//! `quarantine redact`: irreversibly pixelate the regions of every child in
//! a photo who lacks consent, store the result as a new photo linked to the
//! original, and delete the original.

use super::{delete, short, Ctx};
use crate::media::{self, Format};
use crate::policy::{decide, ReasonCode, Tagging};
use crate::register::{state_for, Change, MediaInfo, NewPhoto, PhotoRecord, StoredFacts};
use crate::vault;
use age::x25519;
use image::{DynamicImage, Rgb, RgbImage};
use std::collections::BTreeSet;

/// Redaction is refused (exit 3): the reason says what to do instead.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CannotRedact(pub String);

/// Reasons a child's pixels must not be kept.
fn needs_redaction(code: ReasonCode) -> bool {
    matches!(
        code,
        ReasonCode::NoConsent
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

/// Replaces each block of the head around the region with its mean colour:
/// what was there cannot be recovered (each block keeps one colour,
/// whatever it held).
pub fn pixelate(img: &mut RgbImage, region: [f64; 4]) {
    let (x0, y0, x1, y1) = head_box(region, img.width(), img.height());
    if x1 <= x0 || y1 <= y0 {
        return;
    }
    let block = ((x1 - x0).max(y1 - y0) / 8).max(8);
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
) -> Result<RgbImage, String> {
    let mut rgb = media::decode_upright(bytes, orientation, limits)?.to_rgb8();
    for r in regions {
        pixelate(&mut rgb, r);
    }
    Ok(rgb)
}

/// The pixels as a JPEG (quality 90), with no metadata.
pub fn jpeg(rgb: &RgbImage) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(rgb)?;
    Ok(out)
}

/// Redacts a quarantined photo. Returns the new photo's id and state.
pub fn redact(
    ctx: &mut Ctx<'_>,
    photo: &PhotoRecord,
    note: &str,
    identity: &x25519::Identity,
) -> anyhow::Result<(String, crate::model::PhotoState)> {
    let hide = who_to_hide(ctx, photo)?;
    if hide.is_empty() {
        return Err(CannotRedact(format!(
            "photo {}: no child in it lacks consent; release or delete it instead",
            short(&photo.id)
        ))
        .into());
    }
    redact_these(ctx, photo, &hide, Change::new("quarantine.redact", ctx.actor).note(note), identity)
}

/// Whom redaction would hide today: children without consent, and tags
/// naming nobody on the register.
pub fn who_to_hide(ctx: &Ctx<'_>, photo: &PhotoRecord) -> anyhow::Result<BTreeSet<String>> {
    let decision = decide(&photo.facts(), &ctx.reg.snapshot()?, &ctx.config.rules(), ctx.today);
    let mut hide: BTreeSet<String> =
        decision.reasons.iter().filter(|r| needs_redaction(r.code)).filter_map(|r| r.child.clone()).collect();
    hide.extend(photo.tags.iter().filter(|t| t.child_id.is_none()).map(|t| t.label.clone()));
    Ok(hide)
}

/// What redaction would make of a photo, as a JPEG no bigger than `side`
/// on its longer side, for the manager to look at first. Nothing is
/// written; a region nobody tagged is drawn over in full as well.
pub fn preview(ctx: &Ctx<'_>, photo: &PhotoRecord, identity: &x25519::Identity, side: u32) -> anyhow::Result<Vec<u8>> {
    let hide = who_to_hide(ctx, photo)?;
    let regions: Vec<[f64; 4]> = photo
        .tags
        .iter()
        .filter(|t| hide.contains(t.child_id.as_deref().unwrap_or(&t.label)))
        .filter_map(|t| t.region)
        .collect();
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

/// Pixelates the tagged regions of the children (ids, or labels naming
/// nobody) in `hide`, stores the result as a new photo linked to the
/// original and decided afresh, and deletes the original with `change`.
/// Refused (leaving everything as it was) for a video, or when one of them
/// has no region.
pub fn redact_these(
    ctx: &mut Ctx<'_>,
    photo: &PhotoRecord,
    hide: &BTreeSet<String>,
    change: Change<'_>,
    identity: &x25519::Identity,
) -> anyhow::Result<(String, crate::model::PhotoState)> {
    let format = photo.format.as_str();
    if ["mp4", "mov", "3gp"].contains(&format) {
        return Err(CannotRedact("cannot redact video: delete it or narrow its purposes".into()).into());
    }
    let snapshot = ctx.reg.snapshot()?;
    let rules = ctx.config.rules();
    let facts = photo.facts();
    let region_of = |who: &str| {
        photo.tags.iter().find(|t| t.child_id.as_deref() == Some(who) || t.label == who).and_then(|t| t.region)
    };
    let missing: Vec<&str> = hide.iter().map(String::as_str).filter(|w| region_of(w).is_none()).collect();
    if !missing.is_empty() {
        return Err(CannotRedact(format!(
            "cannot redact photo {}: no region is tagged for {} (tag the region, or delete the photo)",
            short(&photo.id),
            missing.join(", ")
        ))
        .into());
    }
    let Some(blob) = ctx.layout.blob_path(&photo.id, photo.state) else {
        return Err(CannotRedact("the photo was deleted".into()).into());
    };
    let bytes = vault::open(&blob, identity)?;
    let limits = media::Limits::from(&ctx.config.limits);
    let rgb = pixelated(&bytes, photo.stored.media.orientation, &limits, hide.iter().filter_map(|w| region_of(w)))
        .map_err(|e| CannotRedact(format!("cannot redact this {format} file: {e}")))?;
    drop(bytes);
    let (width, height) = rgb.dimensions();
    let out = jpeg(&rgb)?;
    let id = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&out));

    // The new photo: the children who remain, the original's camera and
    // time, no captions (its metadata is gone).
    let mut keep: Vec<String> =
        photo.tags.iter().filter_map(|t| t.child_id.clone()).filter(|c| !hide.contains(c)).collect();
    let mut seen = BTreeSet::new();
    keep.retain(|c| seen.insert(c.clone()));
    let mut new_facts = facts.clone();
    new_facts.tagging = if keep.is_empty() { Tagging::Nobody } else { Tagging::Children(keep.clone()) };
    new_facts.captions.clear();
    new_facts.media_problem = None;
    new_facts.reported = false;
    // The hidden children's faces are pixelated; every other face the check
    // found is still there and must still be tagged (or confirmed not a
    // child's face) before the redacted photo can be stored.
    // One face for each region pixelated: two tags naming one child (an id
    // and an alias) over one region hide one face, not two.
    let pixelated: BTreeSet<[u64; 4]> = hide.iter().filter_map(|w| region_of(w)).map(|r| r.map(f64::to_bits)).collect();
    let hidden = u32::try_from(pixelated.len()).unwrap_or(u32::MAX);
    new_facts.faces = facts.faces.map(|n| n.saturating_sub(hidden));
    let remaining_faces = new_facts.faces;
    let new_decision = decide(&new_facts, &snapshot, &rules, ctx.today);
    let state = state_for(new_decision.verdict);
    let thumb = DynamicImage::ImageRgb8(rgb).thumbnail(media::THUMB_SIDE, media::THUMB_SIDE).to_rgb8();
    let mut thumb_bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut thumb_bytes, 80).encode_image(&thumb)?;
    let sealer = vault::Sealer::new(crate::keys::recipients(&ctx.config.keys.recipients))?;
    sealer.seal_bytes(&thumb_bytes, &ctx.layout.thumb_path(&id))?;
    if let Some(dest) = ctx.layout.blob_path(&id, state) {
        vault::private_dir(dest.parent().unwrap_or(&ctx.layout.data))?;
        sealer.seal_bytes(&out, &dest)?;
    }
    let regions: Vec<(String, [f64; 4])> = keep.iter().filter_map(|c| region_of(c).map(|r| (c.clone(), r))).collect();
    let new = NewPhoto {
        id: id.clone(),
        source_name: format!("redacted-{}.jpg", short(&photo.id)),
        source_folder: photo.source_folder.clone(),
        format: Format::Jpeg.as_str().into(),
        bytes: out.len() as u64,
        width: Some(width),
        height: Some(height),
        captured_at: photo.captured_at.clone(),
        stored: StoredFacts {
            facts: new_facts,
            media: MediaInfo {
                orientation: None,
                gps: false,
                captured_offset: photo.stored.media.captured_offset.clone(),
                thumbnail: true,
                not_faces: Vec::new(),
                faces_found: remaining_faces,
            },
        },
        regions,
        derived_from: Some(photo.id.clone()),
    };
    if let Err(err) = ctx.reg.insert_photo(&new, &new_decision, &rules, ctx.today, "redact", ctx.actor) {
        crate::ingest::discard_uncommitted(ctx.reg, &ctx.layout, &id, state);
        return Err(err.into());
    }
    delete(ctx, photo, "redacted", change)?;
    Ok((id, state))
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
    fn the_head_box_stays_inside_the_image() {
        for r in [[0.0, 0.0, 0.1, 0.1], [0.9, 0.9, 0.1, 0.1], [0.0, 0.0, 1.0, 1.0], [0.5, 0.5, 0.0, 0.0]] {
            let (x0, y0, x1, y1) = head_box(r, 640, 480);
            assert!(x0 <= x1 && y0 <= y1 && x1 <= 640 && y1 <= 480, "{r:?}");
        }
        assert_eq!(head_box([0.0, 0.0, 1.0, 1.0], 640, 480), (0, 0, 640, 480));
    }
}
