//! Facts about a file: format by magic bytes, size and pixel limits, a decode
//! check, EXIF and XMP facts, and an upright thumbnail.
//!
//! Everything here reads untrusted bytes. No function panics on bad input,
//! and the third-party decoders run under `catch_unwind` so that a decoder
//! bug becomes `corrupt_image`, never a dead service.

#[cfg(all(feature = "heif", not(feature = "heif-embedded")))]
pub mod heif;
#[cfg(feature = "heif-embedded")]
#[path = "heif_embedded.rs"]
pub mod heif;
pub mod video;
pub mod xmp;

use crate::policy::{Camera, MediaProblem};
use chrono::NaiveDateTime;
use exif::{In, Tag, Value};
use image::{DynamicImage, ImageFormat};
use serde::{Deserialize, Serialize};
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The longest side of a thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 384;
/// The longest side of the upright copy kept for the face check: small
/// faces need resolution (a 30 px face in a 12 MP photo is 10 px at 640).
pub const FACE_SIDE: u32 = 1920;

/// A file format, as its first bytes say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jpeg,
    Png,
    Tiff,
    Webp,
    Heic,
    Heif,
    Avif,
    Mp4,
    Mov,
    #[serde(rename = "3gp")]
    ThreeGp,
    Unknown,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Tiff => "tiff",
            Format::Webp => "webp",
            Format::Heic => "heic",
            Format::Heif => "heif",
            Format::Avif => "avif",
            Format::Mp4 => "mp4",
            Format::Mov => "mov",
            Format::ThreeGp => "3gp",
            Format::Unknown => "unknown",
        }
    }

    pub fn is_video(self) -> bool {
        matches!(self, Format::Mp4 | Format::Mov | Format::ThreeGp)
    }

    pub fn is_heif(self) -> bool {
        matches!(self, Format::Heic | Format::Heif | Format::Avif)
    }

    /// Formats the `image` crate decodes (and so can be decode-checked and
    /// thumbnailed here).
    fn image_format(self) -> Option<ImageFormat> {
        match self {
            Format::Jpeg => Some(ImageFormat::Jpeg),
            Format::Png => Some(ImageFormat::Png),
            Format::Tiff => Some(ImageFormat::Tiff),
            Format::Webp => Some(ImageFormat::WebP),
            _ => None,
        }
    }
}

/// How many leading bytes [`sniff`] needs.
pub const SNIFF_LEN: usize = 64;

/// Identifies the format from the first bytes, never from the file name.
pub fn sniff(head: &[u8]) -> Format {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Format::Jpeg;
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Format::Png;
    }
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        return Format::Tiff;
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Format::Webp;
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        if &head[8..12] == b"crx " {
            return Format::Unknown; // Canon CR3 raw
        }
        let brands = brands(head);
        let has = |b: &[u8]| brands.iter().any(|x| x == b);
        if has(b"avif") || has(b"avis") {
            return Format::Avif;
        }
        if has(b"heic") || has(b"heix") || has(b"heim") || has(b"heis") || has(b"hevc") || has(b"hevx") {
            return Format::Heic;
        }
        if has(b"mif1") || has(b"msf1") {
            return Format::Heif;
        }
        if has(b"qt  ") {
            return Format::Mov;
        }
        if brands.iter().any(|b| b.starts_with(b"3g")) {
            return Format::ThreeGp;
        }
        if has(b"isom") || has(b"iso2") || has(b"mp41") || has(b"mp42") || has(b"avc1") || has(b"M4V ") || has(b"dash")
        {
            return Format::Mp4;
        }
        return Format::Unknown;
    }
    // QuickTime files without ftyp start with another top-level atom.
    if head.len() >= 8 && matches!(&head[4..8], b"moov" | b"mdat" | b"wide" | b"free" | b"skip" | b"pnot") {
        return Format::Mov;
    }
    Format::Unknown
}

/// The major and compatible brands of an ISO-BMFF `ftyp` box within `head`.
fn brands(head: &[u8]) -> Vec<[u8; 4]> {
    let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let end = size.min(head.len());
    let mut out = Vec::new();
    let mut i = 8;
    while i + 4 <= end {
        if i != 12 {
            // bytes 12..16 are the minor version, not a brand
            out.push([head[i], head[i + 1], head[i + 2], head[i + 3]]);
        }
        i += 4;
    }
    out
}

/// Byte and pixel limits, from the config.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_image_bytes: u64,
    pub max_video_bytes: u64,
    pub max_pixels: u64,
    /// The longer side images are decoded to and kept upright at: the face
    /// check's size when it is on, a thumbnail's when it is off.
    pub decode_side: u32,
}

impl From<&crate::config::Limits> for Limits {
    fn from(l: &crate::config::Limits) -> Self {
        Limits {
            max_image_bytes: l.max_image_bytes,
            max_video_bytes: l.max_video_bytes,
            max_pixels: l.max_pixels,
            decode_side: FACE_SIDE,
        }
    }
}

impl Limits {
    /// The limits with the decode size the face settings need.
    pub fn for_faces(mut self, faces: &crate::config::Faces) -> Self {
        self.decode_side = if faces.enabled { faces.max_side } else { THUMB_SIDE * 2 };
        self
    }
}

/// Whether a file of `format` and `bytes` is over the byte limit.
pub fn over_byte_limit(format: Format, bytes: u64, limits: &Limits) -> Option<String> {
    let max = if format.is_video() { limits.max_video_bytes } else { limits.max_image_bytes };
    (bytes > max).then(|| format!("{bytes} bytes, limit {max}"))
}

/// Everything learnt from a file held in memory.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub format: Option<Format>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub problem: Option<(MediaProblem, String)>,
    pub camera: Option<Camera>,
    pub captured_at: Option<NaiveDateTime>,
    /// The capture time's UTC offset (EXIF OffsetTimeOriginal), e.g. "+01:00".
    pub captured_offset: Option<String>,
    pub orientation: Option<u16>,
    pub gps: bool,
    pub captions: Vec<String>,
    /// Names of people in the image from XMP (PersonInImage, MWG regions).
    pub people: Vec<String>,
    /// Named face regions from XMP, `[x, y, w, h]` as fractions.
    pub regions: Vec<(String, [f64; 4])>,
    /// An upright JPEG thumbnail, when the image decoded.
    pub thumbnail: Option<Vec<u8>>,
    /// The decoded image, upright, at most [`FACE_SIDE`] on its longer
    /// side: for the face check. Never written anywhere.
    pub upright: Option<DynamicImage>,
}

impl Analysis {
    pub fn format(&self) -> Format {
        self.format.unwrap_or(Format::Unknown)
    }
}

/// Reads every fact from a file held in memory. Never panics.
pub fn analyse(bytes: &[u8], limits: &Limits) -> Analysis {
    let format = sniff(&bytes[..bytes.len().min(SNIFF_LEN)]);
    let mut a = Analysis { format: Some(format), ..Analysis::default() };
    if format == Format::Unknown {
        a.problem = Some((MediaProblem::UnsupportedFormat, describe_unknown(bytes)));
        return a;
    }
    if let Some(why) = over_byte_limit(format, bytes.len() as u64, limits) {
        a.problem = Some((MediaProblem::TooLarge, why));
        return a;
    }
    read_exif(bytes, &mut a);
    if format == Format::Tiff && is_camera_raw(bytes) {
        a.problem =
            Some((MediaProblem::UnsupportedFormat, "a camera raw file (DNG/NEF): set the camera to save JPEG".into()));
        return a;
    }
    for c in iptc_captions(bytes) {
        if !a.captions.contains(&c) {
            a.captions.push(c);
        }
    }
    let x = xmp::read(bytes);
    a.people = x.people;
    a.regions = x.regions;
    a.captions.extend(x.captions);
    if a.orientation.is_none() {
        a.orientation = x.orientation;
    }
    if format.image_format().is_some() {
        check_and_thumbnail(bytes, format, limits, &mut a);
    } else if format.is_heif() {
        check_heif(bytes, limits, &mut a);
    }
    a
}

/// HEIC/HEIF/AVIF: the decode check and an upright thumbnail, with libheif.
/// Without libheif (not installed, or a build without the `heif` features)
/// the file cannot be verified: `decoder_unavailable`.
fn check_heif(bytes: &[u8], limits: &Limits, a: &mut Analysis) {
    #[cfg(any(feature = "heif", feature = "heif-embedded"))]
    {
        if let Err(why) = heif::available() {
            a.problem = Some((MediaProblem::DecoderUnavailable, why));
            return;
        }
        if let Some((w, h)) = catch_unwind(AssertUnwindSafe(|| heif::dimensions(bytes))).ok().flatten() {
            a.width = Some(w);
            a.height = Some(h);
            if u64::from(w) * u64::from(h) > limits.max_pixels {
                a.problem = Some((MediaProblem::TooLarge, format!("{w}x{h} pixels, limit {}", limits.max_pixels)));
                return;
            }
        }
        match catch_unwind(AssertUnwindSafe(|| heif::decode(bytes, limits.max_pixels))) {
            // Already upright: the container's rotation is applied by libheif.
            Ok(Ok(img)) => keep_upright(a, img, limits.decode_side),
            Ok(Err(why)) => a.problem = Some((MediaProblem::Corrupt, why)),
            Err(_) => a.problem = Some((MediaProblem::Corrupt, "the decoder failed on this file".into())),
        }
    }
    #[cfg(not(any(feature = "heif", feature = "heif-embedded")))]
    {
        let _ = (bytes, limits);
        a.problem = Some((MediaProblem::DecoderUnavailable, heif_available().err().unwrap_or_default()));
    }
}

/// Whether this build and machine decode HEIC/HEIF/AVIF: libheif's version,
/// or a sentence saying why not and what to install.
pub fn heif_available() -> Result<String, String> {
    #[cfg(any(feature = "heif", feature = "heif-embedded"))]
    return heif::available();
    #[cfg(not(any(feature = "heif", feature = "heif-embedded")))]
    Err("this build has no HEIC/HEIF decoder (built without the `heif` feature)".into())
}

/// Decodes any still image this build can decode, upright: EXIF
/// orientation applied for the formats `image` reads, the container's
/// rotation for HEIF (by libheif). For redaction and export.
pub fn decode_upright(bytes: &[u8], orientation: Option<u16>, limits: &Limits) -> Result<DynamicImage, String> {
    let format = sniff(&bytes[..bytes.len().min(SNIFF_LEN)]);
    if format.is_heif() {
        #[cfg(any(feature = "heif", feature = "heif-embedded"))]
        return catch_unwind(AssertUnwindSafe(|| heif::decode(bytes, limits.max_pixels)))
            .unwrap_or_else(|_| Err("the decoder failed on this file".into()));
        #[cfg(not(any(feature = "heif", feature = "heif-embedded")))]
        return Err(heif_available().err().unwrap_or_default());
    }
    let f = format.image_format().ok_or_else(|| format!("cannot decode {} files", format.as_str()))?;
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), f);
    reader.limits(image_limits(limits));
    let mut img = catch_unwind(AssertUnwindSafe(|| reader.decode()))
        .map_err(|_| "the decoder failed on this file".to_string())?
        .map_err(|e| format!("does not decode: {e}"))?;
    if let Some(o) = orientation.and_then(|o| image::metadata::Orientation::from_exif(o as u8)) {
        img.apply_orientation(o);
    }
    Ok(img)
}

/// TIFF-based camera raw: a DNG version tag, or a camera's sub-IFDs
/// holding the raw data (NEF and the like).
fn is_camera_raw(bytes: &[u8]) -> bool {
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        reader.read_from_container(&mut Cursor::new(bytes)).or_else(|e| e.distill_partial_result(|_| {}))
    }));
    let Ok(Ok(exif)) = parsed else { return false };
    let has = |n: u16| exif.fields().any(|f| f.tag.number() == n);
    has(0xC612) || (has(0x014A) && exif.get_field(Tag::Make, In::PRIMARY).is_some())
}

fn describe_unknown(bytes: &[u8]) -> String {
    if bytes.len() >= 12 && &bytes[4..12] == b"ftypcrx " {
        return "a camera raw file (CR3): set the camera to save JPEG".into();
    }
    let head = &bytes[..bytes.len().min(8)];
    if bytes.starts_with(b"GIF8") {
        "GIF is not a camera format".into()
    } else if bytes.is_empty() {
        "empty file".into()
    } else {
        format!("unrecognised file starting {}", hex::encode(head))
    }
}

/// Fallback for containers whose EXIF block the reader refuses (e.g. a WebP
/// `EXIF` chunk that still carries the JPEG-style `Exif\0\0` prefix): the
/// TIFF structure right after an `Exif\0\0` marker.
fn raw_exif(bytes: &[u8]) -> Option<exif::Exif> {
    let at = bytes.windows(6).position(|w| w == b"Exif\0\0")? + 6;
    let tiff = bytes.get(at..)?;
    if !(tiff.starts_with(b"II*\0") || tiff.starts_with(b"MM\0*")) {
        return None;
    }
    let mut reader = exif::Reader::new();
    reader.continue_on_error(true);
    let limit = tiff.len().min(1 << 20);
    reader.read_raw(tiff[..limit].to_vec()).or_else(|e| e.distill_partial_result(|_| {})).ok()
}

/// IPTC-IIM captions (2:120) and object names (2:05) from a JPEG's
/// Photoshop APP13 block.
pub fn iptc_captions(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let Some(start) = bytes.windows(14).position(|w| w == b"Photoshop 3.0\0") else { return out };
    let block = &bytes[start + 14..bytes.len().min(start + 14 + (1 << 20))];
    let mut i = 0;
    // 8BIM resources: signature, id, padded Pascal name, size, data (padded).
    while i + 12 <= block.len() && &block[i..i + 4] == b"8BIM" {
        let id = u16::from_be_bytes([block[i + 4], block[i + 5]]);
        let name_len = usize::from(block[i + 6]);
        let mut j = i + 7 + name_len;
        if (name_len + 1) % 2 == 1 {
            j += 1;
        }
        let Some(size) = block.get(j..j + 4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize) else {
            break;
        };
        let Some(data) = block.get(j + 4..j + 4 + size) else { break };
        if id == 0x0404 {
            let mut k = 0;
            while k + 5 <= data.len() && data[k] == 0x1C {
                let (record, dataset) = (data[k + 1], data[k + 2]);
                let len = usize::from(u16::from_be_bytes([data[k + 3], data[k + 4]]));
                let Some(value) = data.get(k + 5..k + 5 + len) else { break };
                if record == 2 && (dataset == 120 || dataset == 5) {
                    let text = String::from_utf8_lossy(value).trim().to_string();
                    if !text.is_empty() && !out.contains(&text) {
                        out.push(text);
                    }
                }
                k += 5 + len;
            }
        }
        i = j + 4 + size + (size % 2);
    }
    out
}

fn ascii(field: &exif::Field) -> Option<String> {
    match &field.value {
        Value::Ascii(parts) => {
            let s: String = parts
                .iter()
                .map(|p| String::from_utf8_lossy(p).trim_matches(char::from(0)).trim().to_string())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            Some(s).filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// EXIF UserComment: 8 bytes naming the character set, then the text.
fn user_comment(field: &exif::Field) -> Option<String> {
    let Value::Undefined(raw, _) = &field.value else { return None };
    if raw.len() <= 8 {
        return None;
    }
    let (code, text) = raw.split_at(8);
    let s = if code.starts_with(b"UNICODE") {
        let units: Vec<u16> = text.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(text).into_owned()
    };
    let s = s.trim_matches(char::from(0)).trim().to_string();
    Some(s).filter(|s| !s.is_empty())
}

/// Windows XP* tags: UCS-2 little endian in BYTE values.
fn xp_text(field: &exif::Field) -> Option<String> {
    let Value::Byte(raw) = &field.value else { return None };
    let units: Vec<u16> = raw.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).collect();
    let s = String::from_utf16_lossy(&units).trim_matches(char::from(0)).trim().to_string();
    Some(s).filter(|s| !s.is_empty())
}

/// Parses an EXIF date ("YYYY:MM:DD HH:MM:SS"); blank or zero dates are none.
pub fn parse_exif_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let main = s.get(..19)?;
    NaiveDateTime::parse_from_str(main, "%Y:%m:%d %H:%M:%S").ok()
}

fn read_exif(bytes: &[u8], a: &mut Analysis) {
    // Broken EXIF is common (a bad thumbnail IFD, a stray offset): keep what
    // parsed rather than losing the camera's make and model.
    let parsed = catch_unwind(AssertUnwindSafe(|| {
        let mut reader = exif::Reader::new();
        reader.continue_on_error(true);
        reader
            .read_from_container(&mut Cursor::new(bytes))
            .or_else(|e| e.distill_partial_result(|_| {}))
            .or_else(|_| raw_exif(bytes).ok_or(exif::Error::NotFound("EXIF")))
    }));
    let Ok(Ok(exif)) = parsed else { return };
    let get = |tag: Tag| exif.get_field(tag, In::PRIMARY).and_then(ascii);
    let make = get(Tag::Make);
    let model = get(Tag::Model);
    let mut serial = None;
    for f in exif.fields() {
        if matches!(f.tag.number(), 0xA431 | 0xC62F) && serial.is_none() {
            serial = ascii(f);
        }
    }
    if make.is_some() || model.is_some() {
        a.camera = Some(Camera { make: make.unwrap_or_default(), model: model.unwrap_or_default(), serial });
    }
    a.captured_at = get(Tag::DateTimeOriginal)
        .and_then(|s| parse_exif_datetime(&s))
        .or_else(|| get(Tag::DateTimeDigitized).and_then(|s| parse_exif_datetime(&s)))
        .or_else(|| get(Tag::DateTime).and_then(|s| parse_exif_datetime(&s)));
    a.captured_offset = get(Tag::OffsetTimeOriginal)
        .or_else(|| get(Tag::OffsetTime))
        .filter(|o| o.len() == 6 && (o.starts_with('+') || o.starts_with('-')));
    a.orientation = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
        .and_then(|o| u16::try_from(o).ok())
        .filter(|o| (1..=8).contains(o));
    a.gps = exif.fields().any(|f| matches!(f.tag, Tag::GPSLatitude | Tag::GPSLongitude));
    for f in exif.fields() {
        let text = match f.tag.number() {
            0x010E => ascii(f),
            0x9286 => user_comment(f),
            0x9C9B | 0x9C9C | 0x9C9F => xp_text(f),
            _ => None,
        };
        if let Some(t) = text {
            if !a.captions.contains(&t) {
                a.captions.push(t);
            }
        }
    }
}

fn image_limits(limits: &Limits) -> image::Limits {
    let mut l = image::Limits::default();
    let side = u32::try_from(limits.max_pixels).unwrap_or(u32::MAX);
    l.max_image_width = Some(side);
    l.max_image_height = Some(side);
    l.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    l
}

/// Header-only dimensions, before any decoding.
fn dimensions(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    if format == Format::Png && bytes.len() >= 24 && &bytes[12..16] == b"IHDR" {
        let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
        let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
        return Some((w, h));
    }
    let f = format.image_format()?;
    catch_unwind(AssertUnwindSafe(|| image::ImageReader::with_format(Cursor::new(bytes), f).into_dimensions()))
        .ok()?
        .ok()
}

fn check_and_thumbnail(bytes: &[u8], format: Format, limits: &Limits, a: &mut Analysis) {
    let Some((w, h)) = dimensions(bytes, format) else {
        a.problem = Some((MediaProblem::Corrupt, "the image header cannot be read".into()));
        return;
    };
    a.width = Some(w);
    a.height = Some(h);
    if w == 0 || h == 0 {
        a.problem = Some((MediaProblem::Corrupt, format!("declares {w}x{h} pixels")));
        return;
    }
    let pixels = u64::from(w) * u64::from(h);
    if pixels > limits.max_pixels {
        a.problem = Some((MediaProblem::TooLarge, format!("{w}x{h} = {pixels} pixels, limit {}", limits.max_pixels)));
        return;
    }
    let decoded = catch_unwind(AssertUnwindSafe(|| decode_small(bytes, format, limits)));
    let img = match decoded {
        Ok(Ok(img)) => img,
        Ok(Err(why)) => {
            a.problem = Some((MediaProblem::Corrupt, why));
            return;
        }
        Err(_) => {
            a.problem = Some((MediaProblem::Corrupt, "the decoder failed on this file".into()));
            return;
        }
    };
    let mut img = img;
    if let Some(o) = a.orientation.and_then(|o| image::metadata::Orientation::from_exif(o as u8)) {
        img.apply_orientation(o);
    }
    keep_upright(a, img, limits.decode_side);
}

/// Keeps an upright copy (at most `side` on its longer side) and makes the
/// thumbnail.
fn keep_upright(a: &mut Analysis, img: DynamicImage, side: u32) {
    let (w, h) = fit_within(img.width(), img.height(), side);
    let img = if (w, h) == (img.width(), img.height()) {
        img
    } else {
        DynamicImage::ImageRgb8(resize_rgb(img.into_rgb8(), w, h))
    };
    a.thumbnail = catch_unwind(AssertUnwindSafe(|| thumbnail(&img))).ok().flatten();
    a.upright = Some(img);
}

/// The size of `w` x `h` scaled down (never up) so its longer side is at
/// most `side`.
pub fn fit_within(w: u32, h: u32, side: u32) -> (u32, u32) {
    let scale = (f64::from(side) / f64::from(w.max(h).max(1))).min(1.0);
    (((f64::from(w) * scale).round() as u32).max(1), ((f64::from(h) * scale).round() as u32).max(1))
}

/// Resizes an RGB image with a triangle (bilinear) filter, with the CPU's
/// vector instructions (the `image` crate's resize took ~10% of a face check).
pub fn resize_rgb(mut img: image::RgbImage, w: u32, h: u32) -> image::RgbImage {
    use fast_image_resize as fr;
    let (sw, sh) = img.dimensions();
    if (sw, sh) == (w, h) {
        return img;
    }
    let mut dst = fr::images::Image::new(w, h, fr::PixelType::U8x3);
    let options = fr::ResizeOptions::new().resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Bilinear));
    let fast = fr::images::Image::from_slice_u8(sw, sh, &mut img, fr::PixelType::U8x3)
        .ok()
        .and_then(|src| fr::Resizer::new().resize(&src, &mut dst, &options).ok())
        .and_then(|()| image::RgbImage::from_raw(w, h, dst.into_vec()));
    // Never a blank image: otherwise the slower resize of the same pixels.
    fast.unwrap_or_else(|| image::imageops::resize(&img, w, h, image::imageops::FilterType::Triangle))
}

/// Decodes, as small as the format allows: JPEGs are decoded at 1/2 to 1/8
/// scale in the DCT domain (every entropy-coded byte is still read, so a
/// damaged file is still found).
fn decode_small(bytes: &[u8], format: Format, limits: &Limits) -> Result<DynamicImage, String> {
    if format == Format::Jpeg {
        return decode_jpeg_scaled(bytes, limits.decode_side);
    }
    let mut reader =
        image::ImageReader::with_format(Cursor::new(bytes), format.image_format().unwrap_or(ImageFormat::Png));
    reader.limits(image_limits(limits));
    reader.decode().map_err(|e| format!("does not decode: {e}"))
}

/// True when the JPEG's image data runs to its end-of-image marker. The
/// entropy-coded data after the first start-of-scan cannot contain FF D9
/// (a data FF is always followed by 00), so a missing EOI means the file
/// was cut short. Segments before the scan (EXIF, embedded thumbnails with
/// their own EOI) are skipped by their lengths.
fn jpeg_complete(bytes: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return false;
        }
        let marker = bytes[i + 1];
        if marker == 0xFF {
            i += 1; // fill byte
            continue;
        }
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if marker == 0xDA {
            let scan = &bytes[(i + 2 + len).min(bytes.len())..];
            return scan.windows(2).any(|w| w == [0xFF, 0xD9]);
        }
        i += 2 + len;
    }
    false
}

fn decode_jpeg_scaled(bytes: &[u8], side: u32) -> Result<DynamicImage, String> {
    use jpeg_decoder::PixelFormat;
    if !jpeg_complete(bytes) {
        return Err("the JPEG data is cut short (no end-of-image marker)".into());
    }
    let mut d = jpeg_decoder::Decoder::new(bytes);
    d.read_info().map_err(|e| format!("does not decode: {e}"))?;
    let target = side.clamp(1, u32::from(u16::MAX)) as u16;
    let (w, h) = d.scale(target, target).map_err(|e| format!("does not decode: {e}"))?;
    let pixels = d.decode().map_err(|e| format!("does not decode: {e}"))?;
    let info = d.info().ok_or("no image information")?;
    let (w, h) = (u32::from(w), u32::from(h));
    let bad = || "decoded size does not match".to_string();
    match info.pixel_format {
        PixelFormat::RGB24 => image::RgbImage::from_raw(w, h, pixels).map(DynamicImage::ImageRgb8).ok_or_else(bad),
        PixelFormat::L8 => image::GrayImage::from_raw(w, h, pixels).map(DynamicImage::ImageLuma8).ok_or_else(bad),
        PixelFormat::L16 => {
            let px: Vec<u16> = pixels.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            image::ImageBuffer::from_raw(w, h, px).map(DynamicImage::ImageLuma16).ok_or_else(bad)
        }
        PixelFormat::CMYK32 => {
            let rgb: Vec<u8> = pixels
                .chunks_exact(4)
                .flat_map(|p| {
                    let k = 255 - u16::from(p[3]);
                    [p[0], p[1], p[2]].map(|c| ((255 - u16::from(c)) * k / 255) as u8)
                })
                .collect();
            image::RgbImage::from_raw(w, h, rgb).map(DynamicImage::ImageRgb8).ok_or_else(bad)
        }
    }
}

/// A JPEG thumbnail of an upright image, at most [`THUMB_SIDE`] on its
/// longest side.
fn thumbnail(img: &DynamicImage) -> Option<Vec<u8>> {
    let rgb = img.thumbnail(THUMB_SIDE, THUMB_SIDE).to_rgb8();
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    rgb.write_with_encoder(enc).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests;
