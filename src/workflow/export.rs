//! `export child`: decrypted copies of the photos that may go in one child's
//! learning journey, with every piece of metadata removed (EXIF, XMP, GPS,
//! comments, captions) losslessly where the format allows. A child's name
//! appears alongside a photo only in their own journey, so nothing in the
//! files or their names carries one.

use super::gate::{self, Output, Pixels};
use super::Withheld;
use super::{short, Ctx};
use crate::audit::Action;
use crate::media::{self, Format};
use crate::model::{Child, PhotoId, PhotoState};
use crate::policy::{decide, Tagging, Verdict, LEARNING_JOURNEY};
use crate::register::{Disclosed, Disclosing, DisclosureKind, PhotoRecord};
use crate::vault;
use age::x25519;
use img_parts::Bytes;
use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Serialize)]
pub struct Exported {
    pub files: Vec<Written>,
    /// Photos left out, and why.
    pub skipped: Vec<(PhotoId, String)>,
}

/// One photo written out: which, and where.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    pub photo: PhotoId,
    pub path: PathBuf,
}

/// The photos that may go in `child`'s learning journey today.
pub fn eligible(ctx: &Ctx<'_>, child: &Child) -> crate::error::Result<Vec<PhotoRecord>> {
    let snapshot = ctx.reg.snapshot()?;
    let rules = ctx.config.rules();
    Ok(ctx
        .reg
        .photos(Some(PhotoState::Stored))?
        .into_iter()
        .filter(|p| may_go(p, child, &snapshot, &rules, ctx.today))
        .collect())
}

/// Whether the photo `p` may go in `child`'s learning journey on `today`,
/// by the register as `snapshot` shows it.
fn may_go(
    p: &PhotoRecord,
    child: &Child,
    snapshot: &crate::policy::Snapshot,
    rules: &crate::policy::Rules,
    today: chrono::NaiveDate,
) -> bool {
    if p.state != PhotoState::Stored || !p.shows(&child.id) || !p.purposes.iter().any(|x| x == LEARNING_JOURNEY) {
        return false;
    }
    let mut facts = p.facts();
    facts.purposes = vec![LEARNING_JOURNEY.to_string()];
    decide(&facts, snapshot, rules, today).verdict == Verdict::Store && matches!(facts.tagging, Tagging::Children(_))
}

/// [`may_go`] by the register as it is now: the photo read again (it may
/// have been moved) and consent as it stands.
fn may_still_go(ctx: &Ctx<'_>, id: &str, child: &Child) -> crate::error::Result<Option<PhotoRecord>> {
    let Some(p) = ctx.reg.photo(id)? else { return Ok(None) };
    let snapshot = ctx.reg.snapshot()?;
    Ok(may_go(&p, child, &snapshot, &ctx.config.rules(), ctx.today).then_some(p))
}

/// Minimal EXIF holding only the orientation, so a stripped photo still
/// shows the right way up.
fn orientation_exif(orientation: u16) -> Option<Vec<u8>> {
    let field = exif::Field {
        tag: exif::Tag::Orientation,
        ifd_num: exif::In::PRIMARY,
        value: exif::Value::Short(vec![orientation]),
    };
    let mut w = exif::experimental::Writer::new();
    w.push_field(&field);
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).ok()?;
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend_from_slice(&tiff.into_inner());
    Some(app1)
}

/// Removes every metadata block; returns the clean bytes and a file
/// extension. Lossless for JPEG, PNG and WebP; other decodable formats are
/// re-encoded as JPEG; what cannot be cleaned is refused.
pub fn strip(
    bytes: &[u8],
    format: Format,
    orientation: Option<u16>,
    limits: &media::Limits,
) -> Result<(Vec<u8>, &'static str), Withheld> {
    use img_parts::jpeg::{markers, Jpeg, JpegSegment};
    match format {
        Format::Jpeg => {
            let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|e| e.to_string())?;
            // Keep JFIF (APP0), ICC colour (APP2 "ICC_PROFILE") and Adobe
            // colour transform (APP14); drop every other APPn and comments.
            jpeg.segments_mut().retain(|s| match s.marker() {
                markers::APP0 | markers::APP14 => true,
                markers::APP2 => s.contents().starts_with(b"ICC_PROFILE\0"),
                m => !(markers::APP1..=markers::APP15).contains(&m) && m != markers::COM,
            });
            if let Some(o) = orientation.filter(|o| *o > 1) {
                let app1 = orientation_exif(o).ok_or("cannot write the orientation")?;
                let at = jpeg.segments().iter().position(|s| s.marker() != markers::APP0).unwrap_or(0);
                jpeg.segments_mut().insert(at, JpegSegment::new_with_contents(markers::APP1, Bytes::from(app1)));
            }
            Ok((jpeg.encoder().bytes().to_vec(), "jpg"))
        }
        Format::Png => {
            let mut png = img_parts::png::Png::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|e| e.to_string())?;
            for kind in [*b"tEXt", *b"zTXt", *b"iTXt", *b"eXIf", *b"tIME"] {
                png.remove_chunks_by_type(kind);
            }
            Ok((png.encoder().bytes().to_vec(), "png"))
        }
        Format::Webp => Ok((strip_webp(bytes)?, "webp")),
        // Re-encoded (the pixels only): TIFF, and HEIC/HEIF/AVIF as JPEG.
        Format::Tiff | Format::Heic | Format::Heif | Format::Avif => {
            let img = media::decode_upright(bytes, orientation, limits)?;
            let mut out = Vec::new();
            let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 92);
            img.into_rgb8().write_with_encoder(enc).map_err(|e| e.to_string())?;
            Ok((out, "jpg"))
        }
        other => Err(Withheld(format!("metadata cannot be removed from {} files yet", other.as_str()))),
    }
}

/// Drops a WebP's `EXIF` and `XMP ` chunks, clears their flags in the
/// VP8X header and fixes the RIFF size; every other chunk is kept as is.
fn strip_webp(bytes: &[u8]) -> Result<Vec<u8>, Withheld> {
    if bytes.len() < 12 || &bytes[0..4] != b"RIFF" || &bytes[8..12] != b"WEBP" {
        return Err("not a WebP file".into());
    }
    let mut out = b"RIFF\0\0\0\0WEBP".to_vec();
    let mut i = 12;
    while i + 8 <= bytes.len() {
        let id = &bytes[i..i + 4];
        let len = u32::from_le_bytes([bytes[i + 4], bytes[i + 5], bytes[i + 6], bytes[i + 7]]) as usize;
        let end = i + 8 + len + (len & 1);
        if i + 8 + len > bytes.len() {
            return Err("a WebP chunk runs past the end of the file".into());
        }
        if id != b"EXIF" && id != b"XMP " {
            let start = out.len();
            out.extend_from_slice(&bytes[i..end.min(bytes.len())]);
            if id == b"VP8X" && len >= 1 {
                out[start + 8] &= !(0x08 | 0x04); // EXIF and XMP flags
            }
        }
        i = end;
    }
    let size = u32::try_from(out.len() - 8).map_err(|_| "too large".to_string())?;
    out[4..8].copy_from_slice(&size.to_le_bytes());
    Ok(out)
}

/// Checks the stripped bytes really are clean: no EXIF but the orientation,
/// no XMP packet, no caption text.
pub fn verify_clean(bytes: &[u8]) -> Result<(), Withheld> {
    let has = |needle: &[u8]| media::find_bytes(bytes, needle).is_some();
    if has(b"<x:xmpmeta") || has(b"<?xpacket") {
        return Err("an XMP packet is left".into());
    }
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let parsed =
        reader.read_from_container(&mut std::io::Cursor::new(bytes)).or_else(|e| e.distill_partial_result(|_| {}));
    if let Ok(exif) = parsed {
        if let Some(f) = exif.fields().find(|f| f.tag != exif::Tag::Orientation) {
            return Err(Withheld(format!("EXIF field {} is left", f.tag)));
        }
    }
    Ok(())
}

/// Resolves where `dir` would be, following links in what exists of it.
fn resolved(dir: &Path) -> std::io::Result<PathBuf> {
    let abs = std::path::absolute(dir)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().map(|n| n.to_os_string()).unwrap_or_default());
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut out = existing.canonicalize()?;
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    Ok(out)
}

/// Why an export (for a purpose, for a parent, a subject access pack)
/// cannot be made as asked: the caller's to put right (bad input);
/// nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{dir}: {error}")]
    Destination { dir: String, error: std::io::Error },
    #[error("{dir} is inside the {folder} folder: export somewhere else")]
    InsideOurs { dir: String, folder: &'static str },
    #[error(transparent)]
    UnknownPurpose(#[from] crate::input::Invalid),
    #[error("the setting's policy forbids `{0}`: nothing may be exported for it")]
    ForbiddenPurpose(String),
}

crate::error::kind_of!(BadInput: ExportError);

/// Refuses a destination inside the inbox, data or quarantine folders.
pub fn check_destination(ctx: &Ctx<'_>, dir: &Path) -> Result<(), ExportError> {
    let dest = resolved(dir).map_err(|error| ExportError::Destination { dir: dir.display().to_string(), error })?;
    for (what, root) in [
        ("inbox", &ctx.config.paths.inbox),
        ("data", &ctx.config.paths.data),
        ("quarantine", &ctx.config.paths.quarantine),
    ] {
        if let Ok(root) = resolved(root) {
            if dest.starts_with(&root) {
                return Err(ExportError::InsideOurs { dir: dir.display().to_string(), folder: what });
            }
        }
    }
    Ok(())
}

/// A video read through its decryption with its location, text and camera
/// boxes neutralised on the way (the whole file is never decrypted to
/// disk), checked before a byte of it is handed on.
fn clean_video(blob: &Path, identity: &x25519::Identity) -> Result<Box<dyn ReadSeek>, Withheld> {
    use std::io::Seek;
    let fail = |e: std::io::Error| e.to_string();
    let mut video = media::video::neutralised(vault::open_seekable(blob, identity).map_err(fail)?).map_err(fail)?;
    let left = media::video::read(&mut video);
    if left.gps || !left.captions.is_empty() || left.make.is_some() || left.model.is_some() {
        return Err("location or text metadata could not be removed".into());
    }
    video.rewind().map_err(fail)?;
    Ok(Box::new(video))
}

/// A video's clean bytes, read as they are needed, of a known length.
pub trait ReadSeek: std::io::Read + std::io::Seek + Send {
    /// How many bytes it reads in all.
    fn size(&self) -> u64;
}
impl<R: std::io::Read + std::io::Seek + Send> ReadSeek for media::video::Neutralised<R> {
    fn size(&self) -> u64 {
        media::video::Neutralised::len(self)
    }
}

/// A photo made ready to leave: named, and cleaned of every piece of
/// metadata.
pub struct Ready {
    pub name: String,
    pub content: Content,
}

/// A clean photo's bytes: in memory, or (a video) read as they are needed.
pub enum Content {
    Bytes(Vec<u8>),
    Stream(Box<dyn ReadSeek>),
}

impl Content {
    /// Writes it whole into `sink` as `name`; returns its path there.
    pub fn put_into(self, sink: &mut dyn super::sink::Sink, name: &str) -> crate::error::Result<PathBuf> {
        match self {
            Content::Bytes(b) => sink.put_bytes(name, &b),
            Content::Stream(mut r) => {
                let size = r.size();
                sink.put(name, &mut r, size)
            }
        }
    }
}

/// `p` decrypted and cleaned, named `{prefix}_{day}_{id}.{ext}` (the
/// prefix must name no child), or why it cannot be. Every copy passes the
/// gate for `output` on the bytes it is ([`gate::check`]): the photo as
/// the register holds it now, the faces on the copy's own pixels.
pub(super) fn clean_one(
    ctx: &Ctx<'_>,
    p: &PhotoRecord,
    prefix: &str,
    identity: &x25519::Identity,
    limits: &media::Limits,
    output: Output<'_>,
) -> crate::error::Result<Option<Result<Ready, Withheld>>> {
    let Some(blob) = ctx.layout.blob_path(&p.id, p.state) else { return Ok(None) };
    let stem = format!("{prefix}_{}_{}", day_of(p), &p.id[..8]);
    if ["mp4", "mov", "3gp"].contains(&p.format.as_str()) {
        if let Err(why) = gate::check(ctx, &p.id, output, Pixels::Video)? {
            return Ok(Some(Err(why)));
        }
        let name = format!("{stem}.{}", p.format);
        return Ok(Some(clean_video(&blob, identity).map(|r| Ready { name, content: Content::Stream(r) })));
    }
    let bytes = vault::open(&blob, identity)?;
    let format = media::sniff(&bytes[..bytes.len().min(media::SNIFF_LEN)]);
    let clean = match strip(&bytes, format, p.stored.media.orientation, limits)
        .and_then(|(b, ext)| verify_clean(&b).map(|_| (b, ext)))
    {
        Ok(c) => c,
        Err(why) => return Ok(Some(Err(Withheld(format!("its metadata could not be removed ({why})"))))),
    };
    let pixels = if media::same_image_data(&bytes, &clean.0, format) { Pixels::Stored } else { Pixels::New(&clean.0) };
    if let Err(why) = gate::check(ctx, &p.id, output, pixels)? {
        return Ok(Some(Err(why)));
    }
    let (b, ext) = clean;
    Ok(Some(Ok(Ready { name: format!("{stem}.{ext}"), content: Content::Bytes(b) })))
}

/// The day a photo was taken (or else received), for its file name.
pub fn day_of(p: &PhotoRecord) -> String {
    p.taken_on().to_string()
}

/// Writes `photos` into `dir`, decrypted and stripped of every piece of
/// metadata, each named `{prefix}_{day}_{id}.{ext}` (the prefix must name
/// no child); a photo that cannot be cleaned is left out with the reason.
/// The caller has checked the destination and that each photo may go.
pub fn write_clean(
    ctx: &Ctx<'_>,
    photos: &[PhotoRecord],
    dir: &Path,
    prefix: &str,
    identity: &x25519::Identity,
    output: Output<'_>,
) -> crate::error::Result<Exported> {
    vault::private_dir(dir)?;
    let limits = media::Limits::from(&ctx.config.limits);
    let mut out = Exported::default();
    ctx.progress.begin("photos exported", photos.len() as u64);
    for p in photos {
        ctx.progress.step(&p.source_name);
        match clean_one(ctx, p, prefix, identity, &limits, output)? {
            None => {}
            Some(Err(why)) => out.skipped.push((p.id.clone(), why.0)),
            Some(Ok(ready)) => {
                let path = match ready.content {
                    Content::Bytes(b) => put(dir, &ready.name, &b)?,
                    Content::Stream(mut r) => put_stream(dir, &ready.name, &mut r)?,
                };
                out.files.push(Written { photo: p.id.clone(), path });
            }
        }
    }
    ctx.progress.end();
    Ok(out)
}

/// Writes what `r` reads as `dir/name`, durably and whole or not at all.
pub(super) fn put_stream(dir: &Path, name: &str, r: &mut dyn std::io::Read) -> crate::error::Result<PathBuf> {
    let dest = dir.join(name);
    let mut tmp = tempfile::Builder::new().prefix(vault::TEMP_PREFIX).tempfile_in(dir)?;
    std::io::copy(r, &mut tmp)?;
    tmp.as_file().sync_all()?;
    vault::persist(tmp, &dest)?;
    Ok(dest)
}

/// Writes `bytes` as `dir/name`, durably and whole or not at all.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) -> crate::error::Result<PathBuf> {
    put_stream(dir, name, &mut &bytes[..])
}

/// Where an export went, as the disclosure log records it: the folder's
/// absolute path.
pub fn destination(dir: &Path) -> String {
    resolved(dir).unwrap_or_else(|_| dir.to_path_buf()).display().to_string()
}

/// What an export left out and why, for its audit entry.
pub fn skipped_json(out: &Exported) -> serde_json::Value {
    out.skipped.iter().map(|(id, why)| serde_json::json!({"photo": short(id), "why": why})).collect()
}

/// Records what an export wrote in the disclosure log (each photo with the
/// children it shows), with the export's own audit entry if any, in one
/// transaction.
pub fn disclose(
    ctx: &mut Ctx<'_>,
    how: &Disclosing<'_>,
    photos: &[PhotoRecord],
    out: &Exported,
    summary: Option<&crate::audit::Entry<'_>>,
) -> crate::error::Result<Vec<i64>> {
    let items: Vec<Disclosed> = out
        .files
        .iter()
        .map(|w| Disclosed {
            photo: w.photo.clone(),
            file: w.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            children: photos.iter().find(|p| p.id == w.photo).map(PhotoRecord::child_ids).unwrap_or_default(),
        })
        .collect();
    Ok(ctx.reg.record_disclosures(how, &items, summary)?)
}

/// Writes the child's eligible photos, decrypted and stripped, into `dir`,
/// and records each in the disclosure log.
pub fn export_child(
    ctx: &mut Ctx<'_>,
    child: &Child,
    dir: &Path,
    identity: &x25519::Identity,
) -> crate::error::Result<Exported> {
    check_destination(ctx, dir)?;
    let to = destination(dir);
    let photos = eligible(ctx, child)?;
    let journey_only = [LEARNING_JOURNEY.to_string()];
    let out = write_clean(ctx, &photos, dir, &child.id, identity, Output::Use(&journey_only))?;
    let summary =
        crate::audit::Entry::new(ctx.actor, Action::ExportChild).child(&child.id).detail(export_detail(&out, &to));
    disclose(ctx, &journey(child, &to, ctx.actor), &photos, &out, Some(&summary))?;
    Ok(out)
}

/// How a learning-journey export to `to` goes on the disclosure log.
fn journey<'a>(child: &'a Child, to: &'a str, actor: &'a str) -> Disclosing<'a> {
    Disclosing {
        kind: DisclosureKind::LearningJourney,
        purpose: LEARNING_JOURNEY,
        subject: Some(&child.id),
        destination: to,
        actor,
    }
}

/// What the `export.child` audit entry says of an export to `to`.
fn export_detail(out: &Exported, to: &str) -> serde_json::Value {
    serde_json::json!({ "photos": out.files.len(), "to": to, "skipped": skipped_json(out) })
}

/// `child`'s learning journey as one zip (entries stored: JPEGs and videos
/// do not shrink) written to `out` as it is made: nothing is written to
/// disk. Each photo is recorded in the disclosure log before a byte of it
/// is handed on, so a download cut short still has every photo it
/// carried on the log; the export's own audit entry follows at the end
/// (saying whether the zip was finished). `photos` are the candidates
/// ([`eligible`] a moment before); each is checked again just before it
/// goes. `to` is the destination the log records.
pub fn zip_child(
    ctx: &mut Ctx<'_>,
    child: &Child,
    photos: &[PhotoRecord],
    identity: &x25519::Identity,
    to: &str,
    out: impl std::io::Write,
) -> crate::error::Result<Exported> {
    let journey_only = [LEARNING_JOURNEY.to_string()];
    let how = journey(child, to, ctx.actor);
    let (done, result) =
        zip_photos(ctx, photos, &child.id, Output::Use(&journey_only), identity, &how, out, |ctx, p| {
            // The download goes at the client's pace: consent withdrawn or the
            // photo moved meanwhile takes it out of the rest.
            Ok(may_still_go(ctx, &p.id, child)?.ok_or("no longer may go in the learning journey"))
        });
    let mut detail = export_detail(&done, to);
    detail["complete"] = result.is_ok().into();
    ctx.reg.audit(&crate::audit::Entry::new(ctx.actor, Action::ExportChild).child(&child.id).detail(detail))?;
    result.map(|()| done)
}

/// One zip of `photos` (entries stored: JPEGs and videos do not shrink),
/// written to `out` as it is made: nothing is written to disk. Each photo
/// is asked `still` (the photo as the register holds it now, or why not),
/// then cleaned and passed through the gate for `output` on its own bytes,
/// and recorded on the disclosure log as `how` before a byte of it is
/// handed on, so a download cut short still has every photo it carried on
/// the log. Returns what went, and whether the zip was finished.
#[allow(clippy::too_many_arguments)]
pub(super) fn zip_photos(
    ctx: &mut Ctx<'_>,
    photos: &[PhotoRecord],
    prefix: &str,
    output: Output<'_>,
    identity: &x25519::Identity,
    how: &Disclosing<'_>,
    out: impl std::io::Write,
    mut still: impl FnMut(&Ctx<'_>, &PhotoRecord) -> crate::error::Result<Result<PhotoRecord, &'static str>>,
) -> (Exported, crate::error::Result<()>) {
    let limits = media::Limits::from(&ctx.config.limits);
    let mut done = Exported::default();
    let mut zip = super::sink::ZipOut::new(out, how.destination);
    let mut each = || -> crate::error::Result<()> {
        for p in photos {
            let p = match still(ctx, p)? {
                Ok(p) => p,
                Err(why) => {
                    done.skipped.push((p.id.clone(), why.into()));
                    continue;
                }
            };
            let p = &p;
            let ready = match clean_one(ctx, p, prefix, identity, &limits, output)? {
                None => continue,
                Some(Err(why)) => {
                    done.skipped.push((p.id.clone(), why.0));
                    continue;
                }
                Some(Ok(ready)) => ready,
            };
            let item = Disclosed { photo: p.id.clone(), file: ready.name.clone(), children: p.child_ids() };
            ctx.reg.record_disclosures(how, &[item], None)?;
            let path = ready.content.put_into(&mut zip, &ready.name)?;
            done.files.push(Written { photo: p.id.clone(), path });
            vault::gate("zip_child_between_photos");
            crate::error::ensure!(!vault::fault_injected("zip_child_fails"), "the download failed (injected fault)");
        }
        super::sink::Sink::finish(&mut zip)
    };
    let result = each();
    (done, result)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: media::Limits = media::Limits {
        max_image_bytes: 100 << 20,
        max_video_bytes: 1 << 30,
        max_pixels: 120_000_000,
        decode_side: media::FACE_SIDE,
        decode_fraction: 0.0,
    };

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).expect("fixture")
    }

    #[test]
    fn a_jpeg_loses_every_metadata_block_but_keeps_its_pixels_and_orientation() {
        let original = fixture("no_camera_orientation6.jpg");
        let (clean, ext) = strip(&original, Format::Jpeg, Some(6), &LIMITS).expect("strip");
        assert_eq!(ext, "jpg");
        verify_clean(&clean).expect("clean");
        let exif =
            exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&clean)).expect("orientation kept");
        assert_eq!(
            exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY).and_then(|f| f.value.get_uint(0)),
            Some(6)
        );
        let a = image::load_from_memory(&original).expect("decode").to_rgb8();
        let b = image::load_from_memory(&clean).expect("decode").to_rgb8();
        assert_eq!(a.as_raw(), b.as_raw(), "lossless: the same pixels");
    }

    #[test]
    fn a_phone_photo_loses_camera_and_gps() {
        let original = fixture("camera_motorola_moto_g9.jpg");
        let (clean, _) = strip(&original, Format::Jpeg, None, &LIMITS).expect("strip");
        verify_clean(&clean).expect("clean");
        assert!(!clean.windows(8).any(|w| w == b"motorola"));
        assert!(media::find_bytes(&original, b"MMIMETA").is_some(), "the phone's own APP6 blocks are there");
        assert!(media::find_bytes(&clean, b"MMIMETA").is_none(), "and gone from the copy");
        assert!(exif::Reader::new().read_from_container(&mut std::io::Cursor::new(&clean)).is_err());
        assert!(clean.len() < original.len());
    }

    #[test]
    fn webp_exif_goes_too() {
        let (clean, ext) =
            strip(&fixture("camera_canon_eos7d_serial.webp"), Format::Webp, None, &LIMITS).expect("strip");
        assert_eq!(ext, "webp");
        verify_clean(&clean).expect("clean");
        assert!(!clean.windows(5).any(|w| w == b"Canon"));
        image::load_from_memory(&clean).expect("still a valid WebP");
    }

    #[test]
    fn formats_that_cannot_be_cleaned_are_refused() {
        assert!(strip(b"\0\0\0\x18ftypheic", Format::Heic, None, &LIMITS).is_err(), "a broken HEIC");
        assert!(strip(b"\0\0\0\x18ftypisom", Format::Mp4, None, &LIMITS).is_err(), "video goes another way");
    }

    #[test]
    fn verify_finds_leftovers() {
        assert!(verify_clean(&fixture("camera_motorola_moto_g9.jpg")).is_err());
        assert!(verify_clean(b"junk <x:xmpmeta> junk").is_err());
    }
}
